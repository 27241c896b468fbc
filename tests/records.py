"""Submissions built from plain data, as the reader builds them from a workbook.

Every field gets the cell the template gives it in ``excel_eval.fields``;
indicator ``i`` stands on row header_row + 1 + i of 绩效指标 and each column
keeps its letter from the column order; values are converted with the same
``excel_eval.values`` functions the reader uses.  A test can therefore assert
the exact cell of a finding, and the same data written into a workbook and
read back must give the same record.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple

from excel_eval import fields
from excel_eval.model import CellRef, FieldValue, Indicator, Payment, SourceFile, Submission
from excel_eval.read.reader import implied_direction, qualitative_result, split_level
from excel_eval.rules import load_rules
from excel_eval.values import measure, read_as, read_choice, read_date, read_number, read_text


def submission_from_data(data: dict[str, Any], file_name: str) -> Submission:
    """The record the reader would make of a template filled with ``data``."""
    values = {spec.name: _field_value(spec, data.get(spec.name)) for spec in fields.FIELDS}
    for spec in fields.FIELDS:  # the template's sums, as the reader recomputes them
        parts = [values[name].value for name in spec.sum_of]
        if spec.name not in data and any(part is not None for part in parts):
            values[spec.name] = FieldValue(sum(part or 0.0 for part in parts), None, values[spec.name].ref)
    payments = [_payment(i, row, values) for i, row in enumerate(data.get("payments", []))]
    source = SourceFile(Path(file_name), file_name, "xlsx", 0, dt.datetime(2024, 1, 1))
    indicators = [_indicator(i, row) for i, row in enumerate(data.get("indicators", []))]
    return Submission(source, read_text(data.get("template_version")), values, indicators, payments)


def _row_refs(table: fields.Table, index: int) -> tuple[int, dict[str, CellRef]]:
    header_row, first_column = coordinate_to_tuple(table.header_cell)
    row = header_row + 1 + index
    refs = {column.key: CellRef(table.sheet, f"{get_column_letter(first_column + i)}{row}")
            for i, column in enumerate(table.written)}
    return row, refs


def _field_value(spec: fields.Field, raw: Any) -> FieldValue:
    return FieldValue(read_as(raw, spec.kind, spec.choices).value, raw,
                      CellRef(spec.sheet, spec.cell))


def _indicator(index: int, data: dict[str, Any]) -> Indicator:
    row, refs = _row_refs(fields.INDICATORS, index)
    letters = {key: ref.cell.rstrip("0123456789") for key, ref in refs.items()}
    target, actual = measure(data.get("target")), measure(data.get("actual"))
    words = load_rules().reading
    level1, points = split_level(read_text(data.get("level1")))
    level2, _ = split_level(read_text(data.get("level2")))
    name = read_text(data.get("name"))
    direction = read_choice(data.get("direction"), fields.DIRECTIONS).value
    direction = direction or implied_direction(target, actual, level2, name, words)
    chosen = read_choice(data.get("qualitative_result"), fields.QUALITATIVE_RESULTS).value
    if chosen:  # a template 1.0 row: its 定性完成情况 column, right of the others
        letters["qualitative_result"] = get_column_letter(
            coordinate_to_tuple(f"{letters['evidence']}1")[1] + 1)
    result = chosen or qualitative_result(target, actual, direction, words) or ""
    return Indicator(
        row=row,
        level1=level1,
        level2=level2,
        name=name,
        direction=direction,
        unit=read_text(data.get("unit")) or target.unit or actual.unit,
        target=target,
        actual=actual,
        weight=read_number(data.get("weight")).value,
        reported_rate=read_number(data.get("reported_rate"), rate=True).value,
        self_score=read_number(data.get("self_score")).value,
        deviation_reason=read_text(data.get("deviation_reason")),
        qualitative_result=result,
        evidence=read_text(data.get("evidence")),
        sheet=fields.INDICATORS.sheet,
        columns=letters,
        level1_points=points,
        result_column="qualitative_result" if chosen else "actual",
    )


def _payment(index: int, data: dict[str, Any], values: dict[str, FieldValue]) -> Payment:
    _, refs = _row_refs(fields.PAYMENTS, index)
    stage = data.get("stage") or fields.PAYMENTS.fixed_rows[index]
    eval_field = fields.PAYMENT_EVALUATIONS[stage]
    if eval_field:
        # As in the template, the evaluation result cell is the field's own cell.
        refs["eval_result"] = values[eval_field].ref
    return Payment(
        stage=stage,
        agreed_ratio=read_number(data.get("agreed_ratio"), rate=True).value,
        agreed_amount=read_number(data.get("agreed_amount")).value,
        paid_amount=read_number(data.get("paid_amount")).value,
        paid_date=read_date(data.get("paid_date")).value,
        eval_result=values[eval_field].value or "" if eval_field else "",
        eval_field=eval_field,
        cells=refs,
    )
