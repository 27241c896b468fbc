"""Reading one submission into a typed record and the findings about it.

Every input is located by its workbook-level defined name first.  Where the
name is gone (a retyped form, or an .xls, which keeps names where we do not
read them) the template's own cell is used when its label is still beside
it, and otherwise the label is searched for anywhere in the workbook — so a
re-laid-out form is still read, with a warning saying where each value was
found.  Only input cells are read; every derived figure is recomputed later,
because a formula's cached value cannot be trusted.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from excel_eval import fields as contract
from excel_eval import findings
from excel_eval.findings import Finding
from excel_eval.keys import label_key
from excel_eval.model import CellRef, FieldValue, Indicator, Payment, SourceFile, Submission
from excel_eval.values import Reading, measure, normalize_text, read_as, read_choice, read_date, read_number, read_text
from excel_eval.workbook import RawWorkbook, Sheet, UnreadableFile, open_workbook

#: Sheets that hold no input: the guide, and the review a district adds to a copy it sends back.
_NOT_READ = frozenset({contract.SHEET_GUIDE, contract.SHEET_REVIEW})

#: Files that are not submissions at all: listed as skipped, not as failures.
SKIPPED = frozenset({"file_lock", "file_hidden"})

#: A row this many empty rows below the rest of the indicator table is suspicious.
FAR_ROW_GAP = 5
#: An indicator row counts as filled when one of these columns is (the empty template rows are skipped).
_ROW_FILLED_BY = frozenset({"name", "target", "actual", "weight", "self_score"})

_DIRECTION_SPELLINGS = {"≥": "≥", ">=": "≥", ">": "≥", "≤": "≤", "<=": "≤", "<": "≤", "=": "=",
                        "==": "=", "定性": "定性", "定量": ""}


@dataclass
class ReadResult:
    """What became of one file: a record (when it could be read) and findings."""

    path: Path
    name: str
    status: str  # "read", "failed" or "skipped"
    submission: Submission | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """Why a file was not read, for the list of files that could not be."""
        return "" if self.status == "read" else "；".join(f.message for f in self.findings)


def read_submission(path: Path, name: str | None = None) -> ReadResult:
    """Read ``path``; ``name`` is how the file is called in messages (default: its name)."""
    name = name or path.name
    try:
        book = open_workbook(path, skip=_NOT_READ)
    except UnreadableFile as problem:
        status = "skipped" if problem.code in SKIPPED else "failed"
        return ReadResult(path, name, status, findings=[findings.make(problem.code, file=name,
                                                                      **problem.params)])
    stat = path.stat()
    source = SourceFile(path, name, book.format, stat.st_size,
                        dt.datetime.fromtimestamp(stat.st_mtime))
    return _Reader(book, source).read()


@dataclass
class _Located:
    sheet: Sheet
    row: int
    col: int
    how: str  # "name", "layout" or "label"

    @property
    def ref(self) -> CellRef:
        return CellRef(self.sheet.name, a1(self.row, self.col))


class _Reader:
    """Turns one opened workbook into a Submission; collects findings on the way."""

    def __init__(self, book: RawWorkbook, source: SourceFile) -> None:
        self.book = book
        self.source = source
        self.findings: list[Finding] = []
        self.labels = _LabelIndex(book)

    def read(self) -> ReadResult:
        in_payments = {name for _, _, name in contract.PAYMENT_CONDITIONS if name}
        values = {f.name: self._read_field(f) for f in contract.FIELDS if f.name not in in_payments}
        indicators = self._read_indicators()
        payments = self._read_payments(values)
        for name in in_payments - values.keys():
            values[name] = self._read_field(contract.field(name))
        beyond = [findings.make("cells_beyond_area", file=self.source.name, sheet=far.sheet, cell=far.cell,
                                where=f"的单元格 {far.first} " if far.count == 1 else
                                f" {far.first} 等 {far.count} 个单元格", last=self.book.area.last_cell)
                  for far in self.book.beyond]
        found_any = any(v.ref for v in values.values()) or indicators
        if not found_any:
            return ReadResult(self.source.path, self.source.name, "failed", findings=[findings.make(
                "file_not_spreadsheet", file=self.source.name,
                detail="文件中找不到绩效自评表的任何内容"), *beyond])
        self.findings.extend(beyond)
        self._check_version(values["template_version"])
        self._report_missing_sheets(values)
        self._note_overwritten_formulas(payments)
        submission = Submission(self.source, read_text(values["template_version"].value), values,
                                indicators, payments)
        labelled = [replace(finding, unit=submission.unit_name) for finding in self.findings]
        return ReadResult(self.source.path, self.source.name, "read", submission, labelled)

    # Locating cells.

    def _locate(self, name: str, sheet_name: str, cell: str, labels: tuple[str, ...],
                offset: tuple[int, int] = (0, 1)) -> _Located | None:
        """Find the cell of ``name``: by defined name, by the template's layout, by label.

        ``offset`` is where the cell stands from its label, in (rows, columns):
        right of it for most inputs, below it under a header, the label itself
        for a table's first header cell.
        """
        if self.book.names is not None and name in self.book.names:
            target_sheet, target = self.book.names[name]
            if target_sheet in self.book.sheets:
                row, col = parse_a1(target.split(":")[0])
                return _Located(self.book.sheets[target_sheet], row, col, "name")
        sheet = self.book.sheets.get(sheet_name)
        row, col = parse_a1(cell)
        if sheet is not None and _label_matches(sheet.value(row - offset[0], col - offset[1]), labels):
            return _Located(sheet, row, col, "layout")
        found = self.labels.find(labels, offset, prefer=sheet_name)
        if found:
            label_sheet, label_row, label_col = found
            return _Located(label_sheet, label_row + offset[0], label_col + offset[1], "label")
        return None

    def _note_location(self, name: str, label: str, located: _Located) -> None:
        if located.how == "name" or self.book.names is None and located.how == "layout":
            return
        self._add("name_missing", located.ref, name=name, label=label)

    def _read_field(self, spec: contract.Field, in_table: CellRef | None = None) -> FieldValue:
        """Read one input; ``in_table`` is its cell in a table found by its header."""
        labels = (spec.label, *spec.aliases)
        located = self._locate(spec.name, spec.sheet, spec.cell, labels,
                               offset=(1, 0) if spec.label_above else (0, 1))
        if located is None and in_table is not None:
            row, col = parse_a1(in_table.cell)
            located = _Located(self.book.sheets[in_table.sheet], row, col, "layout")
        if located is None:
            if spec.required:
                self.findings.append(findings.make("field_not_found", file=self.source.name,
                                                   sheet=spec.sheet, field=spec.name,
                                                   name=spec.name, label=spec.label))
            return FieldValue(None, None, None)
        self._note_location(spec.name, spec.label, located)
        self._check_merged(located, spec.name)
        raw = located.sheet.value(located.row, located.col)
        reading = read_as(raw, spec.kind, spec.choices)
        ref = located.ref
        self._report_reading(reading, raw, ref, spec.name, spec.label)
        if spec.required and reading.value in (None, "") and reading.issue is None:
            self._add("required_missing", ref, field=spec.name, label=spec.label)
        return FieldValue(reading.value, raw, ref)

    def _check_merged(self, located: _Located, name: str) -> None:
        for first_row, first_col, last_row, last_col in located.sheet.merged:
            inside = first_row <= located.row <= last_row and first_col <= located.col <= last_col
            if inside and (first_row, first_col) != (located.row, located.col):
                merged = f"{a1(first_row, first_col)}:{a1(last_row, last_col)}"
                self._add("field_merged", located.ref, field=name, merged=merged)

    def _report_reading(self, reading: Reading, raw: Any, ref: CellRef, name: str, label: str) -> None:
        if reading.issue:
            self._add(reading.issue, ref, field=name, label=label, found=_shown(raw),
                      expected=reading.shown or ", ".join(_choices_for(name)))

    def _add(self, code: str, ref: CellRef | None, **params: Any) -> None:
        params.setdefault("label", "")
        self.findings.append(findings.make(code, file=self.source.name,
                                           sheet=ref.sheet if ref else "",
                                           cell=ref.cell if ref else "", **params))

    # Tables.

    def _locate_table(self, table: contract.Table) -> tuple[Sheet, int, dict[str, int], int | None] | None:
        """The sheet, header row, column positions and last named row of ``table``."""
        first = table.columns[0]
        located = self._locate(table.name, table.sheet, table.header_cell,
                               (first.label, *first.aliases), offset=(0, 0))
        if located is None:
            return None
        self._note_location(table.name, table.label, located)
        named_end = None
        if located.how == "name":
            _, target = self.book.names[table.name]
            named_end = parse_a1(target.split(":")[-1])[0]
        columns = _map_columns(located.sheet, located.row, located.col, table.columns)
        return located.sheet, located.row, columns, named_end

    def _read_indicators(self) -> list[Indicator]:
        table = contract.INDICATORS
        found = self._locate_table(table)
        if found is None:
            self.findings.append(findings.make("field_not_found", file=self.source.name,
                                               sheet=table.sheet, field=table.name,
                                               name=table.name, label=table.label))
            return []
        sheet, header_row, columns, named_end = found
        indicators: list[Indicator] = []
        last_row = header_row
        telling = [col for key, col in columns.items() if key in _ROW_FILLED_BY]
        letters = {key: column_letters(col) for key, col in columns.items()}
        for row in range(header_row + 1, len(sheet.rows)):
            line = sheet.rows[row]
            if not any(col < len(line) and line[col] not in (None, "") for col in telling):
                continue
            cells = {key: sheet.value(row, col) for key, col in columns.items()}
            if normalize_text(cells.get("level1") or cells.get("name") or "").replace(" ", "") in ("合计", "总计"):
                continue
            gap = row - last_row - 1
            refs = {key: CellRef(sheet.name, f"{letter}{row + 1}") for key, letter in letters.items()}
            if indicators and gap >= FAR_ROW_GAP or named_end is not None and row > named_end:
                self._add("table_row_far", refs.get("name"), row=row + 1, gap=gap)
            last_row = row
            indicators.append(self._indicator(row, cells, refs, (sheet.name, letters)))
        return indicators

    def _indicator(self, row: int, cells: dict[str, Any], refs: dict[str, CellRef],
                   columns: tuple[str, dict[str, str]]) -> Indicator:
        """One filled row; ``columns`` is the table's sheet and the letter of each field's column."""
        table = contract.INDICATORS
        target, actual = measure(cells.get("target")), measure(cells.get("actual"))
        for key, cell in (("target", target), ("actual", actual)):
            if cell.from_text and not cell.operator and cell.number is not None:
                code = "value_approximate" if cell.approximate else "measure_as_text"
                self._add(code, refs[key], field=key, label=table.column(key).label,
                          found=cell.text, expected=f"{cell.number:g}{cell.unit}")
        (target_number, target_unit), (actual_number, actual_unit) = target.base, actual.base
        if target_number is not None and actual_number is not None and target_unit and actual_unit \
                and target_unit != actual_unit and "%" not in (target_unit, actual_unit):
            self._add("unit_mismatch", refs.get("actual"), field="actual", expected=target_unit, found=actual_unit)
        numbers = {}
        for key in ("weight", "reported_rate", "self_score"):
            column = table.column(key)
            reading = read_number(cells.get(key), rate=column.kind == "rate")
            if key in refs:
                self._report_reading(reading, cells.get(key), refs[key], key, column.label)
            numbers[key] = reading.value
        direction = self._direction(cells.get("direction"), target, refs.get("direction"))
        return Indicator(
            row=row + 1,
            level1=read_text(cells.get("level1")),
            level2=read_text(cells.get("level2")),
            name=read_text(cells.get("name")),
            direction=direction,
            unit=read_text(cells.get("unit")) or target.unit or actual.unit,
            target=target,
            actual=actual,
            weight=numbers["weight"],
            reported_rate=numbers["reported_rate"],
            self_score=numbers["self_score"],
            deviation_reason=read_text(cells.get("deviation_reason")),
            qualitative_result=read_choice(cells.get("qualitative_result"), contract.QUALITATIVE_RESULTS).value,
            evidence=read_text(cells.get("evidence")),
            sheet=columns[0],
            columns=columns[1],
        )

    def _direction(self, raw: Any, target: Any, ref: CellRef | None) -> str:
        """The column's direction, or the target's operator when the column is blank."""
        written = _DIRECTION_SPELLINGS.get(normalize_text(raw or "").replace(" ", ""), None)
        implied = _DIRECTION_SPELLINGS.get(target.operator, "") if target.operator else ""
        if not implied:
            implied = "≥" if target.number is not None else ("定性" if target.text else "")
        if not written:
            if raw not in (None, "") and ref is not None and written is None:
                self._add("choice_invalid", ref, field="direction", label="指标方向",
                          found=raw, expected=" ".join(contract.DIRECTIONS))
            return implied
        if target.operator and implied in ("≥", "≤") and written in ("≥", "≤") and implied != written:
            self._add("direction_conflict", ref, field="direction", found=written, expected=target.text)
        return written

    def _read_payments(self, values: dict[str, FieldValue]) -> list[Payment]:
        table = contract.PAYMENTS
        found = self._locate_table(table)
        if found is None:
            return []
        sheet, header_row, columns, _ = found
        payments = []
        for offset, (stage, _condition, eval_field) in enumerate(contract.PAYMENT_CONDITIONS, start=1):
            row = self._stage_row(sheet, header_row, columns.get("stage", 0), stage, offset)
            refs = {key: CellRef(sheet.name, a1(row, col)) for key, col in columns.items()}
            amounts = {}
            for key in ("agreed_ratio", "agreed_amount", "paid_amount"):
                raw = sheet.value(row, columns[key]) if key in columns else None
                reading = read_number(raw, rate=key == "agreed_ratio")
                if key in refs:
                    self._report_reading(reading, raw, refs[key], key, table.column(key).label)
                amounts[key] = reading.value
            paid_date = read_date(sheet.value(row, columns["paid_date"])) if "paid_date" in columns else Reading(None)
            if paid_date.issue:
                self._report_reading(paid_date, sheet.value(row, columns["paid_date"]),
                                     refs["paid_date"], "paid_date", "拨付日期")
            if eval_field is not None:
                values[eval_field] = self._read_field(contract.field(eval_field), refs.get("eval_result"))
                refs["eval_result"] = values[eval_field].ref
            payments.append(Payment(stage, amounts["agreed_ratio"], amounts["agreed_amount"],
                                    amounts["paid_amount"], paid_date.value,
                                    values[eval_field].value or "" if eval_field else "", eval_field, refs))
        return payments

    @staticmethod
    def _stage_row(sheet: Sheet, header_row: int, stage_col: int, stage: str, offset: int) -> int:
        for row in range(header_row + 1, min(header_row + 8, len(sheet.rows))):
            if normalize_text(sheet.value(row, stage_col) or "").startswith(stage):
                return row
        return header_row + offset

    def _note_overwritten_formulas(self, payments: list[Payment]) -> None:
        """Say where a town typed a number over a template formula (only .xlsx shows this)."""
        for payment in payments:
            ref = payment.ref("agreed_amount")
            sheet = self.book.sheets.get(ref.sheet) if ref else None
            if ref is None or sheet is None or sheet.formulas is None or payment.agreed_amount is None:
                continue
            if ref.cell not in sheet.formulas:
                self._add("formula_overwritten", ref, field="agreed_amount", found=payment.agreed_amount)

    # Whole-workbook checks.

    def _check_version(self, version: FieldValue) -> None:
        text = read_text(version.value)
        if not text:
            self._add("template_version_missing", version.ref)
        elif text not in contract.SUPPORTED_VERSIONS:
            self._add("template_version_unknown", version.ref, field="template_version",
                      found=text, expected="、".join(contract.SUPPORTED_VERSIONS))

    def _report_missing_sheets(self, values: dict[str, FieldValue]) -> None:
        for sheet_name in contract.SHEETS[1:]:
            if sheet_name in self.book.sheets:
                continue
            self.findings = [f for f in self.findings
                             if not (f.code == "field_not_found" and f.sheet == sheet_name)]
            if not any(v.ref and v.ref.sheet != sheet_name for n, v in values.items()
                       if contract.field(n).sheet == sheet_name):
                self.findings.append(findings.make("sheet_missing", file=self.source.name, sheet=sheet_name))


class _LabelIndex:
    """Where each label-like text stands in the workbook, built once per file."""

    def __init__(self, book: RawWorkbook) -> None:
        self.book = book
        self._index: dict[str, list[tuple[Sheet, int, int]]] | None = None

    def find(self, labels: tuple[str, ...], offset: tuple[int, int],
             prefer: str) -> tuple[Sheet, int, int] | None:
        """Where one of ``labels`` stands, skipping hits whose value cell is itself a label.

        A header like 自评得分 in the indicator table must not be taken for the
        自评总分 label with the next header as its value.
        """
        if self._index is None:
            self._index = {}
            for sheet in self.book.sheets.values():
                for row_number, row in enumerate(sheet.rows):
                    for col, value in enumerate(row):
                        if isinstance(value, str) and value and len(value) < 40:
                            self._index.setdefault(label_key(value), []).append((sheet, row_number, col))
        hits = [hit for label in labels for hit in self._index.get(label_key(label), [])
                if label_key(str(hit[0].value(hit[1] + offset[0], hit[2] + offset[1]) or "")) not in _ALL_LABELS
                or offset == (0, 0)]
        hits.sort(key=lambda hit: hit[0].name != prefer)
        return hits[0] if hits else None


_ALL_LABELS = frozenset(label_key(label) for item in (*contract.FIELDS, *(
    column for table in contract.TABLES for column in table.columns)) for label in (item.label, *item.aliases))


def _label_matches(value: Any, labels: tuple[str, ...]) -> bool:
    return isinstance(value, str) and label_key(value) in {label_key(label) for label in labels}


def _map_columns(sheet: Sheet, header_row: int, start_col: int,
                 columns: tuple[contract.Column, ...]) -> dict[str, int]:
    """Column positions by header text, so swapped or inserted columns still read."""
    header = sheet.rows[header_row] if header_row < len(sheet.rows) else []
    keys = {}
    for column in columns:
        wanted = _header_keys(column)
        for col in range(start_col, len(header)):
            if isinstance(header[col], str) and label_key(header[col]) in wanted and col not in keys.values():
                keys[column.key] = col
                break
    return keys


@functools.lru_cache(maxsize=None)
def _header_keys(column: contract.Column) -> frozenset[str]:
    return frozenset(label_key(label) for label in (column.label, *column.aliases))


def _choices_for(name: str) -> tuple[str, ...]:
    spec = contract.FIELDS_BY_NAME.get(name)
    return spec.choices if spec else ()


def _shown(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return "" if raw is None else str(raw)


@functools.lru_cache(maxsize=4096)
def parse_a1(cell: str) -> tuple[int, int]:
    """``B3`` → (2, 1), 0-based."""
    match = re.fullmatch(r"\$?([A-Z]+)\$?([0-9]+)", cell)
    if not match:
        raise ValueError(f"not a cell reference: {cell}")
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, col - 1


@functools.lru_cache(maxsize=16384)
def a1(row: int, col: int) -> str:
    """(2, 1) → ``B3``."""
    return f"{column_letters(col)}{row + 1}"


def column_letters(col: int) -> str:
    """1 → ``B``, 27 → ``AB`` (0-based)."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
