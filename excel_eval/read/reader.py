"""Reading one submission into a typed record and the findings about it.

Where each input stands is :mod:`excel_eval.read.locate`'s to find (by defined
name, at the template's cell, or by label); this module interprets what it
finds — the single fields, the indicator rows, the payment rows, the
national form's 项目资金 block — and says, as findings, where a value was
found other than by its name and what was odd about it.  Only input cells
are read; every derived figure is recomputed later, because a formula's
cached value cannot be trusted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from excel_eval import fields as contract
from excel_eval import findings
from excel_eval.findings import Finding
from excel_eval.keys import label_key
from excel_eval.model import CellRef, FieldValue, Indicator, Payment, SourceFile, Submission
from excel_eval.read.locate import TITLE_YEAR, Located, Locator, a1, parse_a1
from excel_eval.read.workbook import RawWorkbook, Sheet, UnreadableFile, column_letters, display_name, open_workbook
from excel_eval.rules import Reading as WordRules
from excel_eval.rules import Rules, load_rules
from excel_eval.values import (Measure, Reading, as_read, is_percent_unit, measure, normalize_text, read_as,
                               read_choice, read_date, read_number, read_text)

#: Sheets that hold no input: the guide, and the review a district adds to a copy it sends back.
_NOT_READ = frozenset({contract.SHEET_GUIDE, contract.SHEET_REVIEW})

#: Files that are not submissions at all: listed as skipped, not as failures.
SKIPPED = frozenset({"file_lock", "file_hidden", "file_not_regular", "file_is_summary"})

#: A row this many empty rows below the rest of the indicator table is suspicious.
FAR_ROW_GAP = 5
#: An indicator row counts as filled when one of these columns is (the empty template rows are skipped).
_ROW_FILLED_BY = frozenset({"name", "target", "actual", "weight", "self_score"})

#: How the national form's money block says its amounts are in 元 rather than 万元.
_IN_YUAN = re.compile(r"[（(]\s*元\s*[)）]")
_YUAN_PER_WAN = 10000



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


def read_submission(path: Path, name: str | None = None, rules: Rules | None = None) -> ReadResult:
    """Read ``path``; ``name`` is how the file is called in messages (default: its name).

    ``rules`` say how the national form's words are read (qualitative
    results, rating scales, directions) and how near a typed total must be
    to its parts (the money tolerance); the default rules when None.
    """
    name = name or display_name(path.name)
    rules = rules or load_rules()
    try:
        book = open_workbook(path, skip=_NOT_READ, size_limit=rules.file_size_limit)
    except UnreadableFile as problem:
        status = "skipped" if problem.code in SKIPPED else "failed"
        return ReadResult(path, name, status, findings=[findings.make(problem.code, file=name,
                                                                      **problem.params)])
    if is_summary(book):
        return ReadResult(path, name, "skipped", findings=[findings.make("file_is_summary", file=name)])
    stat = path.stat()
    source = SourceFile(path, name, book.format, stat.st_size,
                        dt.datetime.fromtimestamp(stat.st_mtime))
    return _Reader(book, source, rules).read()


def credible_fill_date(filled: dt.date | None) -> dt.date | None:
    """The 填报日期 when it could be true: not after tomorrow (a day's grace for time zones)."""
    if filled is None or filled > dt.date.today() + dt.timedelta(days=1):
        return None
    return filled


def is_summary(book: RawWorkbook) -> bool:
    """Whether a workbook is a summary this tool wrote (its data sheet carries the marker)."""
    data = book.sheets.get(contract.SUMMARY_DATA_SHEET)
    return data is not None and data.value(0, 0) == contract.SUMMARY_MARKER


class _Reader:
    """Turns one opened workbook into a Submission; collects findings on the way."""

    def __init__(self, book: RawWorkbook, source: SourceFile, rules: Rules) -> None:
        self.book = book
        self.source = source
        self.words = rules.reading
        #: A typed 年度资金总额 this close to the sum of its parts (万元) agrees with them.
        self.money_tolerance = rules.tolerance.money
        self.findings: list[Finding] = []
        self.locator = Locator(book)
        #: Whether any name of the contract is defined: a file without one was not made from our template.
        self.named = bool(book.names) and any(name in book.names for name in contract.defined_names())
        #: Required district additions a national form without them lacks, reported once.
        self.absent: list[str] = []
        #: The file's template version, and whether it is a national form made without our template.
        self.version = ""
        self.national = False

    def read(self) -> ReadResult:
        version_field = contract.field("template_version")
        version = self._read_field(version_field)
        self.version = read_text(version.value)
        self.national = not self.version and not self.named
        in_payments = {name for name in contract.PAYMENT_EVALUATIONS.values() if name}
        in_payments |= {contract.EVAL_DATE_FIELDS[name] for name in in_payments}
        values = {f.name: self._read_field(f) for f in contract.FIELDS
                  if f.name not in in_payments and f is not version_field and self._asked(f)}
        values["template_version"] = version
        indicators = self._read_indicators()
        payments = self._read_payments(values)
        for name in in_payments - values.keys():
            if self._asked(contract.field(name)):
                values[name] = self._read_field(contract.field(name))
        beyond = [findings.make("cells_beyond_area", file=self.source.name, sheet=far.sheet, cell=far.cell,
                                where=f"的单元格 {far.first} " if far.count == 1 else
                                f" {far.first} 等 {far.count} 个单元格", last=self.book.area.last_cell)
                  for far in self.book.beyond]
        found_any = any(v.ref for v in values.values()) or indicators
        if not found_any:
            order = self.book.order or list(self.book.sheets)
            sheets = "、".join(f"“{name}”" for name in order[:5]) + (f"等 {len(order)} 张" if len(order) > 5 else "")
            return ReadResult(self.source.path, self.source.name, "failed", findings=[findings.make(
                "workbook_not_a_form", file=self.source.name, sheets=sheets or "无"), *beyond])
        self.findings.extend(beyond)
        if not self.national:
            self._check_version(version)
            self._report_missing_sheets(values)
        if self.national:
            self._money_in_yuan(values)
        self._sum_sources(values)
        self._unit_from_implementing(values)
        self._check_fill_date(values.get("fill_date"))
        if self.national:
            self._note_national_form()
        self._note_overwritten_formulas(payments)
        submission = Submission(self.source, self.version, values, indicators, payments)
        labelled = [replace(finding, unit=submission.unit_name) for finding in self.findings]
        return ReadResult(self.source.path, self.source.name, "read", submission, labelled)

    def _asked(self, spec: contract.Field) -> bool:
        """Whether the file's template version has ``spec`` (a file of no known version is asked everything)."""
        return self.version not in contract.SUPPORTED_VERSIONS or spec.since <= self.version

    def _note_location(self, name: str, label: str, located: Located) -> None:
        if located.how == "name" or self.national or self.book.names is None and located.how == "layout":
            return
        self._add("name_missing", located.ref, name=name, label=label)

    def _read_field(self, spec: contract.Field, in_table: CellRef | None = None) -> FieldValue:
        """Read one input; ``in_table`` is its cell in a table found by its header."""
        located = self.locator.field(spec)
        if located is None and in_table is not None:
            row, col = parse_a1(in_table.cell)
            located = Located(self.book.sheets[in_table.sheet], row, col, "layout")
        if located is None:
            if spec.required and self.national and spec.sheet == contract.SHEET_EXTRA:
                self.absent.append(spec.label)
            elif spec.required:
                self.findings.append(findings.make("field_not_found", file=self.source.name,
                                                   sheet=spec.sheet, field=spec.name,
                                                   name=spec.name, label=spec.label))
            return FieldValue(None, None, None)
        self._note_location(spec.name, spec.label, located)
        self._check_merged(located, spec.name)
        raw = located.sheet.value(located.row, located.col)
        if spec.kind == "year" and isinstance(raw, str):
            match = TITLE_YEAR.search(normalize_text(raw))
            raw = int(match.group(1)) if match else raw
        ref = located.ref
        if not spec.sum_of and self._formula_in_input(located, raw, spec):
            return FieldValue(None, None, ref)
        reading = read_as(raw, spec.kind, spec.choices, self._rate_cell(ref))
        self._report_reading(reading, raw, ref, spec.name, spec.label)
        if spec.required and reading.value in (None, "") and reading.issue is None and not spec.sum_of:
            self._add("required_missing", ref, field=spec.name, label=spec.label, found=_shown(raw))
        return FieldValue(reading.value, raw, ref)

    def _check_fill_date(self, fill_date: FieldValue | None) -> None:
        """A 填报日期 still to come cannot be the day the form was filled (9999-12-31)."""
        if fill_date is None or not isinstance(fill_date.value, dt.date):
            return
        if credible_fill_date(fill_date.value) is None:
            self._add("fill_date_in_future", fill_date.ref, field="fill_date", label="填报日期",
                      found=fill_date.value.isoformat(), expected=dt.date.today().isoformat())

    def _formula_in_input(self, located: Located, raw: Any, spec: contract.Field) -> bool:
        """Say what an input cell holds when it is not a typed value; True when nothing can be read from it.

        An error value (#DIV/0!, #REF!, #N/A) reads as empty and a formula
        saved without its result has none: each is told as what it is, not as
        a blank.  A formula with a saved result is read, and noted: the result
        is only what the formula gave when the file was last saved, perhaps
        from another workbook.
        """
        ref = located.ref
        error = located.sheet.errors.get(ref.cell)
        if error is not None:
            self._add("input_error_value", ref, field=spec.name, label=spec.label, found=error)
            return True
        if not located.sheet.formulas or ref.cell not in located.sheet.formulas:
            return False
        if raw is None:
            self._add("input_formula_without_result", ref, field=spec.name, label=spec.label)
            return True
        self._add("input_formula", ref, field=spec.name, label=spec.label, found=_shown(raw))
        return False

    # The national form's money block and its unit.

    def _sum_sources(self, values: dict[str, FieldValue]) -> None:
        """年度资金总额 from its 其中 rows: the template's formulas recomputed, a typed total reconciled.

        Cached formula values are not trusted, so a total our template computes
        is the sum of its parts.  A typed total left 0 or blank while its parts
        hold money (common on real forms) is taken from the parts; a typed total
        that differs from them is kept and reported.  When the whole row was
        left blank its 执行率 and 得分 are the same unfilled zeros, not figures
        the unit states.
        """
        from_parts = []
        for spec in contract.FIELDS:
            if not spec.sum_of or not all(name in values for name in spec.sum_of):
                continue
            parts = [values[name].value for name in spec.sum_of]
            if all(part is None for part in parts):
                continue
            total = sum(part or 0.0 for part in parts)
            entry = values[spec.name]
            ref = entry.ref
            sheet = self.book.sheets.get(ref.sheet) if ref else None
            formulas = sheet.formulas if sheet is not None else None
            if ref is not None and formulas is not None and ref.cell in formulas:
                values[spec.name] = FieldValue(total, entry.raw, ref)
            elif not entry.value:
                if total:
                    self._add("fund_total_from_parts", ref, field=spec.name, label=spec.label,
                              found=_shown(entry.raw) or "空白", expected=f"{total:g}")
                values[spec.name] = FieldValue(total, entry.raw, ref)
                from_parts.append(bool(total))
            elif abs(entry.value - total) > self.money_tolerance:
                listed = " + ".join(f"{contract.field(name).label} {part:g}"
                                    for name, part in zip(spec.sum_of, parts) if part is not None)
                self._add("fund_total_mismatch", ref, field=spec.name, label=spec.label,
                          found=f"{entry.value:g}", expected=f"{total:g}", parts=listed)
            else:
                from_parts.append(False)
        if from_parts and all(from_parts):
            self._drop_zero_figures(values)

    def _drop_zero_figures(self, values: dict[str, FieldValue]) -> None:
        """The 执行率 and 得分 of a 年度资金总额 row left blank: zeros of the row, not the unit's figures."""
        zeros = [name for name in ("exec_rate_reported", "budget_score_reported")
                 if name in values and values[name].value == 0]
        for name in zeros:
            values[name] = FieldValue(None, values[name].raw, values[name].ref)
        if zeros:
            shown = "、".join(contract.field(name).header for name in zeros)
            self._add("fund_row_zero_figures", values[zeros[0]].ref, field=zeros[0], found=shown)

    def _money_in_yuan(self, values: dict[str, FieldValue]) -> None:
        """A form headed 项目资金（元） states its amounts in 元: they are read in 万元, as every figure here is."""
        for sheet, row, col in self.locator.labels.hits((contract.FUNDS_LABEL,)):
            if not _IN_YUAN.search(normalize_text(sheet.value(row, col))):
                continue
            for spec in contract.FIELDS:
                entry = values.get(spec.name)
                if spec.kind == "money" and spec.in_grid and entry is not None and entry.value is not None:
                    values[spec.name] = FieldValue(entry.value / _YUAN_PER_WAN, entry.raw, entry.ref)
            self._add("fund_in_yuan", CellRef(sheet.name, a1(row, col)), found=normalize_text(sheet.value(row, col)))
            return

    def _unit_from_implementing(self, values: dict[str, FieldValue]) -> None:
        """A national form has no 填报单位: its unit is the 实施单位, and says so."""
        unit, implementing = values.get("unit_name"), values.get("implementing_unit")
        if unit is None or implementing is None or unit.value or not implementing.value:
            return
        values["unit_name"] = FieldValue(implementing.value, implementing.raw, implementing.ref)
        self.findings = [f for f in self.findings if f.field != "unit_name"]
        self.absent = [label for label in self.absent if label != contract.field("unit_name").label]
        self._add("unit_from_implementing", implementing.ref, field="unit_name",
                  found=implementing.value)

    def _note_national_form(self) -> None:
        missing = "、".join(self.absent) if self.absent else "无"
        self.findings.append(findings.make("national_form", file=self.source.name, missing=missing))

    def _check_merged(self, located: Located, name: str) -> None:
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
        """The sheet, header row, column positions and last named row of ``table``; where it was found is noted."""
        found = self.locator.table(table)
        if found is None:
            return None
        self._note_location(table.name, table.label, found.located)
        return found.located.sheet, found.header_row, found.columns, found.named_end

    def _read_indicators(self) -> list[Indicator]:
        """The rows of the indicator table, as the national form writes them.

        A merged 一级 or 二级 cell applies to every row it spans; placeholder
        rows (“指标2”, “……”, a name with nothing else) are skipped; the table
        ends at its 总分 or 合计 row.
        """
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
        spans = _merged_values(sheet, [columns[key] for key in ("level1", "level2") if key in columns])
        last_col = max(columns.values(), default=0)
        for row in range(header_row + 1, len(sheet.rows)):
            line = sheet.rows[row]
            if _ends_table(line, last_col):
                break
            if not any(col < len(line) and line[col] not in (None, "") for col in telling):
                continue
            cells = {key: spans.get((row, col), sheet.value(row, col)) for key, col in columns.items()}
            if _placeholder_row(cells):
                last_row = row  # the form's own empty rows are part of the table, not a gap in it
                continue
            gap = row - last_row - 1
            refs = {key: CellRef(sheet.name, f"{letter}{row + 1}") for key, letter in letters.items()}
            if indicators and gap >= FAR_ROW_GAP or named_end is not None and row > named_end:
                self._add("table_row_far", refs.get("name"), row=row + 1, gap=gap)
            last_row = row
            indicators.append(self._indicator(row, cells, refs, (sheet.name, letters)))
        self._report_merged_rows(sheet, header_row, last_row, columns)
        return indicators

    def _report_merged_rows(self, sheet: Sheet, header_row: int, last_row: int, columns: dict[str, int]) -> None:
        """Say where a range merged over several indicator rows lost the rows below its first.

        Merging keeps only the first cell's value, so rows merged into one are
        read as one (or vanish, their names gone) and their points with them.
        Only the columns a row is made of count (名称, 指标值, 实际完成值, 分值,
        得分): the 一级 and 二级 columns are merged by design and spread to each
        row, and one 偏差原因 merged over several rows loses nothing.
        """
        labels = {col: contract.INDICATORS.column(key).label for key, col in columns.items() if key in _ROW_FILLED_BY}
        for first_row, first_col, end_row, _ in sheet.merged:
            if end_row > first_row and header_row < first_row <= last_row and first_col in labels:
                self._add("indicator_rows_merged", CellRef(sheet.name, a1(first_row, first_col)),
                          field=next(key for key, col in columns.items() if col == first_col),
                          label=labels[first_col], first=first_row + 1, last=end_row + 1)

    def _indicator(self, row: int, cells: dict[str, Any], refs: dict[str, CellRef],
                   columns: tuple[str, dict[str, str]]) -> Indicator:
        """One filled row; ``columns`` is the table's sheet and the letter of each field's column."""
        table = contract.INDICATORS
        unit = read_text(cells.get("unit"))
        target, actual = (self._measure(cells.get(key), refs.get(key), key, unit) for key in ("target", "actual"))
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
            reading = read_number(cells.get(key), rate=column.kind == "rate",
                                  percent_cell=self._rate_cell(refs.get(key)))
            if key in refs:
                self._report_reading(reading, cells.get(key), refs[key], key, column.label)
            numbers[key] = reading.value
        level1, points = split_level(read_text(cells.get("level1")))
        level2, _ = split_level(read_text(cells.get("level2")))
        for key, read in (("level1", level1), ("level2", level2)):
            written = normalize_text(read_text(cells.get(key)))
            if read.endswith("指标") and read not in written and read.removesuffix("指标") in written:
                self._add("level_name_short", refs.get(key), field=key, label=table.column(key).label,
                          found=written, expected=read)
        name = _NUMBERED_NAME.sub("", read_text(cells.get("name"))) or read_text(cells.get("name"))
        direction = self._direction(cells.get("direction"), target, actual, level2, name,
                                    refs.get("direction"))
        result, result_column = self._result(cells, target, actual, direction)
        return Indicator(
            row=row + 1,
            level1=level1,
            level2=level2,
            name=name,
            direction=direction,
            unit=unit or target.unit or actual.unit,
            target=target,
            actual=actual,
            weight=numbers["weight"],
            reported_rate=numbers["reported_rate"],
            self_score=numbers["self_score"],
            deviation_reason=read_text(cells.get("deviation_reason")),
            qualitative_result=result,
            evidence=read_text(cells.get("evidence")),
            sheet=columns[0],
            columns=columns[1],
            level1_points=points,
            result_column=result_column,
        )

    def _percent(self, ref: CellRef | None) -> bool | None:
        """Whether the file formats the cell at ``ref`` as a percentage; ``None`` when it keeps no formats."""
        sheet = self.book.sheets.get(ref.sheet) if ref is not None else None
        return None if sheet is None else sheet.percent(ref.cell)

    def _rate_cell(self, ref: CellRef | None) -> bool | None:
        """Whether a rate cell is a percentage: as its format says, or, where the file keeps no
        formats (.xls), as the template formats it; a national form's then is not known."""
        known = self._percent(ref)
        if known is None and not self.national:
            return True
        return known

    def _measure(self, raw: Any, ref: CellRef | None, key: str, unit: str) -> Measure:
        """A target or actual as its cell shows it: a number formatted as a percentage is one.

        A number in a row whose unit is % in a cell the file says is not a
        percentage is read by :data:`values.PERCENT_POINTS_ABOVE` and noted.
        """
        cell = measure(raw)
        if not cell.is_number or cell.from_text:
            return cell
        shown = self._percent(ref)
        if shown:
            points = round(cell.number * 100, 9)
            return Measure(raw, f"{points:g}%", number=points, unit="%")
        if shown is False and is_percent_unit(normalize_text(unit)):
            self._add("percent_sign_missing", ref, field=key, label=contract.INDICATORS.column(key).label,
                      found=cell.text, expected=as_read(cell, unit))
        return cell

    def _direction(self, raw: Any, target: Measure, actual: Measure, level2: str, name: str,
                   ref: CellRef | None) -> str:
        """The 指标方向 column, or else what the row itself says (:func:`implied_direction`)."""
        written = contract.DIRECTION_SPELLINGS.get(normalize_text(raw or "").replace(" ", ""), None)
        implied = implied_direction(target, actual, level2, name, self.words)
        if not written:
            if raw not in (None, "") and ref is not None and written is None:
                self._add("choice_invalid", ref, field="direction", label="指标方向",
                          found=raw, expected=" ".join(contract.DIRECTIONS))
            return implied
        if target.operator and implied in ("≥", "≤") and written in ("≥", "≤") and implied != written:
            self._add("direction_conflict", ref, field="direction", found=written, expected=target.text)
        return written

    def _result(self, cells: dict[str, Any], target: Measure, actual: Measure, direction: str) -> tuple[str, str]:
        """The qualitative result and the column it was read from.

        A template 1.0 file's 定性完成情况 column comes first (its form asked
        for it there); otherwise 实际完成值 says it: a result word, the
        target's own words, or a rating on a known scale.  A word the rules
        do not know is kept as written: the row is 待核实, and the check says so
        with the words the rules know.
        """
        chosen = read_choice(cells.get("qualitative_result"), contract.QUALITATIVE_RESULTS).value
        if chosen in contract.QUALITATIVE_RESULTS:
            return chosen, "qualitative_result"
        result = qualitative_result(target, actual, direction, self.words)
        if result is not None:
            return result, "actual"
        return normalize_text(actual.text), "actual"

    def _read_payments(self, values: dict[str, FieldValue]) -> list[Payment]:
        table = contract.PAYMENTS
        found = self._locate_table(table)
        if found is None:
            return []
        sheet, header_row, columns, _ = found
        payments = []
        for offset, (stage, eval_field) in enumerate(contract.PAYMENT_EVALUATIONS.items(), start=1):
            row = self._stage_row(sheet, header_row, columns.get("stage", 0), stage, offset)
            refs = {key: CellRef(sheet.name, a1(row, col)) for key, col in columns.items()}
            amounts = {}
            for key in ("agreed_ratio", "agreed_amount", "paid_amount"):
                raw = sheet.value(row, columns[key]) if key in columns else None
                reading = read_number(raw, rate=key == "agreed_ratio", percent_cell=self._rate_cell(refs.get(key)))
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
                date_field = contract.field(contract.EVAL_DATE_FIELDS[eval_field])
                if self._asked(date_field):
                    values[date_field.name] = self._read_field(date_field, refs.get("eval_date"))
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
        for sheet_name in contract.DATA_SHEETS.get(self.version, contract.DATA_SHEETS[contract.TEMPLATE_VERSION]):
            if sheet_name in self.book.sheets:
                continue
            self.findings = [f for f in self.findings
                             if not (f.code == "field_not_found" and f.sheet == sheet_name)]
            if not any(v.ref and v.ref.sheet != sheet_name for n, v in values.items()
                       if contract.field(n).sheet == sheet_name):
                self.findings.append(findings.make("sheet_missing", file=self.source.name, sheet=sheet_name))


def _merged_values(sheet: Sheet, columns: list[int]) -> dict[tuple[int, int], Any]:
    """The value of each cell inside a merged range of ``columns``: its first cell's."""
    spread = {}
    for first_row, first_col, last_row, last_col in sheet.merged:
        if first_col in columns and last_row > first_row:
            value = sheet.value(first_row, first_col)
            for row in range(first_row + 1, last_row + 1):
                spread[(row, first_col)] = value
    return spread


#: Names the national form's blank rows carry: “指标1”, “……”.
_PLACEHOLDER_NAME = re.compile(r"指标\s*\d+|[.。…·—\-]+")
#: The national form's numbering before a name it was typed after: “指标1工程完工率”, “指标2：验收合格率”.
_NUMBERED_NAME = re.compile(r"^指标\s*\d+\s*[:：、.．]?\s*")
#: “产出指标(50分)”, “一、产出指标（50分）”: the level's name and its points.
_LEVEL = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]\s*)?(.*?)\s*(?:[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）])?$")
#: A rating target written as a floor: “合格以上”, “良好及以上”.
_RATING_FLOOR = re.compile(r"(?:及|或)?以上$")


def implied_direction(target: Measure, actual: Measure, level2: str, name: str, words: WordRules) -> str:
    """The direction a row states without its 指标方向 column.

    The target's operator; a number without one is ≤ for 成本指标 and names of
    things to keep low (rules.toml), ≥ otherwise.  A target in words is
    qualitative, and so is a row with no target whose 实际完成值 is a result word.
    """
    if target.operator:
        return contract.DIRECTION_SPELLINGS.get(target.operator, "")
    if target.number is not None:
        low = level2 in words.lower_is_better_levels or any(word in name for word in words.lower_is_better_words)
        return "≤" if low else "≥"
    if target.text and not target.blank or target.blank and _result_word(actual, words) is not None:
        return "定性"
    return ""


def qualitative_result(target: Measure, actual: Measure, direction: str, words: WordRules) -> str | None:
    """The result 实际完成值 states: “” when there is nothing to read, ``None`` for a word the rules lack.

    A result word (达成预期指标 → 达成) in any row; in a qualitative row also
    the target's own words (达成) or a rating on a known scale: at least as
    good as the target's → 达成, below it → 部分达成, the scale's lowest → 未达成.
    """
    word = _result_word(actual, words)
    if word is not None:
        return word
    if direction != "定性" or actual.blank:
        return ""
    wanted, got = normalize_text(target.text), normalize_text(actual.text).strip("。.")
    met, partly, missed = contract.QUALITATIVE_RESULTS
    if got and got == wanted:
        return met
    wanted = _RATING_FLOOR.sub("", wanted)
    for scale in words.scales:
        if wanted in scale and got in scale:
            if scale.index(got) <= scale.index(wanted):
                return met
            return missed if got == scale[-1] else partly
    return None


def _result_word(actual: Measure, words: WordRules) -> str | None:
    return words.result_of(normalize_text(actual.text).strip("。.")) if actual.text else None


def _ends_table(line: list[Any], last_col: int) -> bool:
    """Whether a row is the 总分 or 合计 row that closes the indicator table."""
    return any(isinstance(value, str) and label_key(value) in contract.TABLE_END_LABELS for value in line[:last_col + 1])


def _placeholder_row(cells: dict[str, Any]) -> bool:
    """A blank row of the national form: a placeholder name, or a name with no values."""
    measured = [read_text(cells.get(key)) for key in ("target", "actual")]
    scored = [read_text(cells.get(key)) for key in ("weight", "self_score")]
    if any(measured):
        return False
    name = normalize_text(read_text(cells.get("name")))
    return not any(scored) or bool(_PLACEHOLDER_NAME.fullmatch(name))


def split_level(text: str) -> tuple[str, float | None]:
    """“产出指标(50分)” → (产出指标, 50); a name without “指标” gets it when that makes a known level."""
    match = _LEVEL.match(normalize_text(text))
    name, points = (match.group(1), match.group(2)) if match else (normalize_text(text), None)
    known = set(contract.INDICATOR_LEVELS) | {n for names in contract.INDICATOR_LEVELS.values() for n in names}
    if name and name not in known and f"{name}指标" in known:
        name = f"{name}指标"
    return (name if name else text), (float(points) if points else None)


def _choices_for(name: str) -> tuple[str, ...]:
    spec = contract.FIELDS_BY_NAME.get(name)
    return spec.choices if spec else ()


def _shown(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return str(int(raw))
    return "" if raw is None else str(raw)
