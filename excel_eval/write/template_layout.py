"""What goes where in the standard template: every sheet laid out from the field table.

Every input cell, its label, validation, input message and defined name comes
from ``excel_eval.fields``; this module only adds what a person filling the
form needs around them: titles, headers, reference formulas, the 填报说明
sheet, protection and print setup.  It writes into a workbook it is given
and never touches a path: which file that is, and how it is put in place,
is :mod:`excel_eval.write.template`'s part.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from excel_eval.fields import (
    FIELDS,
    FULL_MARKS_MARK,
    FUND_ROWS,
    INDICATORS,
    LEVEL_FUNDS,
    MAX_YEAR,
    MIN_YEAR,
    OVER_COMPLETION_MARK,
    PAYMENT_EVALUATIONS,
    PAYMENTS,
    SHEET_EXTRA,
    SHEET_FORM,
    SHEET_GUIDE,
    SHEETS,
    TABLES,
    TEMPLATE_VERSION,
    Field,
    Table,
    field,
)
from excel_eval.rules import Rules
from excel_eval.write.guide import GUIDE_TITLE, guide_sections, schedule_guidance
from excel_eval.write.summary.kit import write_value
from excel_eval.write.summary.paper import display_lines

INPUT_FILL = "#FFF2CC"
LOCKED_FILL = "#EDEDED"
HEADER_FILL = "#DDEBF7"
#: The district's columns beside the national table.
ADDED_FILL = "#E2EFDA"
FONT_NAME = "宋体"
MONEY_SUFFIX = "（万元）"
NO_RESULT = "—"

FORM_TITLE = "项目支出绩效自评表"
EXTRA_TITLE = "补充信息（区里汇总所需，不属于国家自评表）"
_HINT = "黄色单元格为填报项，灰色单元格为自动计算或已预先填好；选中单元格可看到填写提示，详见“填报说明”。"
#: Column widths of the form columns around the tables, whose widths come from the field table.
_COLUMN_WIDTHS = {
    SHEET_GUIDE: {"A": 72},
    # H is the indicators' 得分 and, above them, the 项目资金 block's 执行率: wide enough for “100.00%”.
    SHEET_FORM: {"A": 7, "H": 9},
    SHEET_EXTRA: {"A": 18, "B": 16},
}
_LONGTEXT_ROW_HEIGHT = {SHEET_EXTRA: 60, SHEET_FORM: 66}
_DEFAULT_LONGTEXT_ROW_HEIGHT = 60
#: Form layout: a single-cell input in column B is labelled in column A of its row.
_LABEL_COL, _INPUT_COL = 0, 1
_HEADER_ROW_HEIGHT = 30
#: Data sheets get rows a little taller than Excel's 15 points, so inputs are easy to hit.
_DATA_ROW_HEIGHT = 19
_LINE_HEIGHT = 15
#: Display columns of the guide's text a column of width 1 holds (11 pt 宋体, CJK counting two).
_GUIDE_COLUMNS_PER_WIDTH = 0.95

_KIND_FORMATS: dict[str, dict[str, object]] = {
    "money": {"num_format": "#,##0.00"},
    "rate": {"num_format": "0.00%"},
    "year": {"num_format": "0"},
    "date": {"num_format": "yyyy-mm-dd"},
    "text": {"num_format": "@"},
    "choice": {"num_format": "@"},
    "version": {"num_format": "@"},
    "form_year": {"num_format": '"（"0"年度）"', "align": "center", "border": 0, "font_size": 12},
    "longtext": {"num_format": "@", "text_wrap": True, "valign": "top"},
}
_ROLE_FORMATS: dict[str, dict[str, object]] = {
    "title": {"bold": True, "font_size": 14},
    "form_title": {"bold": True, "font_size": 18, "align": "center", "valign": "vcenter"},
    "label_center": {"border": 1, "align": "center", "valign": "vcenter", "text_wrap": True},
    "added_header": {"bold": True, "border": 1, "bg_color": ADDED_FILL, "align": "center",
                     "valign": "vcenter", "text_wrap": True},
    "added_note": {"font_color": "#7F7F7F", "font_size": 9, "align": "center", "valign": "bottom"},
    "note_wrap": {"font_color": "#7F7F7F", "font_size": 10, "valign": "top", "text_wrap": True},
    "hint": {"font_color": "#7F7F7F", "font_size": 10},
    "label": {"border": 1, "valign": "vcenter", "text_wrap": True},
    "header": {"bold": True, "border": 1, "bg_color": HEADER_FILL, "align": "center",
               "valign": "vcenter", "text_wrap": True},
    "input": {"border": 1, "bg_color": INPUT_FILL, "locked": False, "valign": "vcenter"},
    "locked": {"border": 1, "bg_color": LOCKED_FILL, "valign": "vcenter"},
    "fixed": {"border": 1, "valign": "vcenter"},
    "placeholder": {"border": 1, "bg_color": LOCKED_FILL, "align": "center", "valign": "vcenter"},
    "note": {"font_color": "#7F7F7F", "font_size": 10, "valign": "vcenter"},
    "heading": {"bold": True, "font_size": 12, "valign": "bottom"},
    "paragraph": {"text_wrap": True, "valign": "top"},
}

#: How the template's workbook is opened: text stays text, in the form's font.
WORKBOOK_OPTIONS: dict[str, Any] = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "default_format_properties": {"font_name": FONT_NAME, "font_size": 11},
}




class _Styles:
    """The workbook's formats, each created once: xlsxwriter keeps every Format object."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[str, str, bool], Format] = {}

    def get(self, role: str, kind: str = "", left: bool = False) -> Format:
        key = (role, kind, left)
        if key not in self._cache:
            properties = {**_ROLE_FORMATS[role], **_KIND_FORMATS.get(kind, {})}
            if left:
                properties["align"] = "left"
            self._cache[key] = self._workbook.add_format(properties)
        return self._cache[key]


def build(workbook: Workbook, values: dict[str, object], rules: Rules) -> None:
    """The national form, the district's additions and the guide, each from the field table.

    ``values`` are the district's prefilled fields by name (none for the blank template).
    """
    styles = _Styles(workbook)
    sheets = {name: workbook.add_worksheet(name) for name in SHEETS}
    defaults = {"budget_weight": rules.weights.budget}
    merges = {**_form_merges(), **_extra_merges()}
    for item in FIELDS:
        _write_field(sheets[item.sheet], item, values.get(item.name), defaults.get(item.name),
                     merges.get(item.name), styles, rules)
    _write_form(sheets[SHEET_FORM], styles, rules)
    _write_extra(sheets[SHEET_EXTRA], styles, rules)
    _write_guide(sheets[SHEET_GUIDE], styles, rules)
    _define_names(workbook)
    for name, sheet in sheets.items():
        _finish_sheet(sheet, name)


def _write_field(sheet: Worksheet, item: Field, prefilled: object, default: object,
                 merge_to: int | None, styles: _Styles, rules: Rules) -> None:
    """The cell of ``item`` with its validation and input message; labels are the layout's.

    A prefilled value and the template version are written locked; a sum is a
    formula over its parts; every other field is an unlocked input, starting
    from its default when it has one.  ``merge_to`` is the last column of a
    merged input.
    """
    row, col = xl_cell_to_rowcol(item.cell)
    kind = "form_year" if item.name == "eval_year" else item.kind
    if merge_to is not None:
        sheet.merge_range(row, col, row, merge_to, "", styles.get("input", kind))
    if item.kind == "version":
        sheet.write_string(row, col, TEMPLATE_VERSION, styles.get("locked", item.kind))
        sheet.set_row(row, None, None, {"hidden": True})
        return
    if item.sum_of:
        parts = [xl_cell_to_rowcol(field(name).cell) for name in item.sum_of]
        first, last = xl_rowcol_to_cell(*min(parts)), xl_rowcol_to_cell(*max(parts))
        sheet.write_formula(row, col, f"=SUM({first}:{last})", styles.get("locked", item.kind), 0)
        return
    if prefilled is not None:
        write_value(sheet, row, col, prefilled, styles.get("locked", kind))
    elif default is not None:
        write_value(sheet, row, col, default, styles.get("input", kind))
    else:
        sheet.write_blank(row, col, None, styles.get("input", kind))
    if item.kind == "longtext":
        sheet.set_row(row, _LONGTEXT_ROW_HEIGHT.get(item.sheet, _DEFAULT_LONGTEXT_ROW_HEIGHT))
    sheet.data_validation(row, col, row, col,
                          _validation(item.kind, item.label, _with_rules(item.help, rules), item.choices,
                                      item.required))


def _label(text: str, kind: str) -> str:
    return text + MONEY_SUFFIX if kind == "money" else text


def _table_box(table: Table) -> tuple[int, int, int, int]:
    """(first row, first col, last row, last col) of header plus data rows, 0-based."""
    row, col = xl_cell_to_rowcol(table.header_cell)
    return row, col, row + table.data_rows, col + len(table.written) - 1


def _validation(kind: str, title: str, help_text: str, choices: tuple[str, ...],
                required: bool = False) -> dict[str, object]:
    """The data validation of one input: a rule for its kind plus its input message.

    Excel rejects an input title over 32 characters and a message over 255.
    """
    prompt = help_text or f"请填写{title}。"
    rule: dict[str, object] = {
        "input_title": (title + ("（必填）" if required else ""))[:32],
        "input_message": prompt[:255],
        "ignore_blank": True,
    }
    if kind == "choice":
        rule.update(validate="list", source=list(choices), error_title="请从下拉列表中选择",
                    error_message=f"{title}只能填写：{'、'.join(choices)}。")
    elif kind == "money":
        rule.update(validate="decimal", criteria=">=", value=0, error_title="金额有误",
                    error_message="请填写不小于 0 的数字，单位为万元；不要加“万元”等文字。")
    elif kind == "year":
        rule.update(validate="integer", criteria="between", minimum=MIN_YEAR, maximum=MAX_YEAR,
                    error_title="年份有误",
                    error_message=f"请填写 {MIN_YEAR}–{MAX_YEAR} 之间的四位年份，如 2024。")
    elif kind == "date":
        rule.update(validate="date", criteria="between", minimum=date(MIN_YEAR, 1, 1),
                    maximum=date(MAX_YEAR, 12, 31), error_title="日期有误",
                    error_message="请填写日期，如 2025-01-15。")
    elif kind == "score":
        rule.update(validate="decimal", criteria="between", minimum=0, maximum=100,
                    error_title="分值有误", error_message="请填写 0–100 之间的数字。")
    elif kind == "rate":
        rule.update(validate="decimal", criteria=">=", value=0, error_title="比率有误",
                    error_message="请填写百分数，如 115%；不要加“约”等文字。")
    else:
        rule.update(validate="any")
    return rule


def _write_table(sheet: Worksheet, table: Table, styles: _Styles, rules: Rules) -> None:
    """Header row plus blank, validated input cells for every input column.

    The district's columns right of the national ones get their own header colour.
    """
    top, left, bottom, _ = _table_box(table)
    sheet.set_row(top, _HEADER_ROW_HEIGHT)
    for offset, column in enumerate(table.written):
        col = left + offset
        added = bool(table.national) and offset >= table.national
        sheet.write_string(top, col, _label(column.label, column.kind),
                           styles.get("added_header" if added else "header"))
        if not column.input:
            continue
        for row in range(top + 1, bottom + 1):
            sheet.write_blank(row, col, None, styles.get("input", column.kind))
        sheet.data_validation(top + 1, col, bottom, col,
                              _validation(column.kind, column.label, _with_rules(column.help, rules),
                                          column.choices))


def _with_rules(help_text: str, rules: Rules) -> str:
    """A help text with the rule values it names filled in, so the prompt says what the district checks."""
    return (help_text.replace(OVER_COMPLETION_MARK, f"{rules.over_completion.threshold:.0%}")
            .replace(FULL_MARKS_MARK, f"{rules.weights.full_marks:g}"))


def _ref(name: str, absolute: bool = False) -> str:
    """The cell of field ``name`` for a formula on the field's own sheet."""
    row, col = xl_cell_to_rowcol(field(name).cell)
    return xl_rowcol_to_cell(row, col, absolute, absolute)


def _sheet_ref(name: str) -> str:
    """The cell of field ``name`` for a formula on another sheet."""
    return f"'{field(name).sheet}'!{_ref(name, absolute=True)}"


def _column_range(table: Table, key: str) -> tuple[int, str]:
    """The 0-based column of ``key`` and its data-row range, e.g. ``$G$13:$G$32``."""
    top, left, bottom, _ = _table_box(table)
    col = left + [column.key for column in table.written].index(key)
    letters = xl_col_to_name(col)
    return col, f"${letters}${top + 2}:${letters}${bottom + 1}"


# --- the national form ----------------------------------------------------------------------

#: The national form is nine columns wide: a block label in A, then the indicator table's columns.
_FORM_LAST_COL = 8
_BLOCK_COL = 0
_GOAL_ROW_HEIGHT = 66
#: Rows of the national form: tall enough to write in by hand once printed.
_FORM_ROW_HEIGHT = 22


def _form_merges() -> dict[str, int]:
    """The last column of each merged input of the national form (0-based)."""
    goal_split = xl_cell_to_rowcol(field("goal_actual").cell)[1]
    implementing = xl_cell_to_rowcol(field("implementing_unit").cell)[1]
    return {"eval_year": _FORM_LAST_COL, "project_name": _FORM_LAST_COL,
            "competent_dept": implementing - 3, "implementing_unit": _FORM_LAST_COL,
            "goal_expected": goal_split - 1, "goal_actual": _FORM_LAST_COL}


def _write_form(sheet: Worksheet, styles: _Styles, rules: Rules) -> None:
    """The national 项目支出绩效自评表 around its inputs, on one A4 page."""
    label = styles.get("label_center")
    sheet.set_default_row(_FORM_ROW_HEIGHT)
    sheet.merge_range(0, 0, 0, _FORM_LAST_COL, FORM_TITLE, styles.get("form_title"))
    sheet.set_row(0, 30)
    sheet.set_row(1, 22)
    project_row, project_col = xl_cell_to_rowcol(field("project_name").cell)
    sheet.merge_range(project_row, 0, project_row, project_col - 1, "项目名称", label)
    dept_row, dept_col = xl_cell_to_rowcol(field("competent_dept").cell)
    implementing_col = xl_cell_to_rowcol(field("implementing_unit").cell)[1]
    sheet.merge_range(dept_row, 0, dept_row, dept_col - 1, "主管部门", label)
    sheet.merge_range(dept_row, implementing_col - 2, dept_row, implementing_col - 1, "实施单位", label)
    sheet.set_row(project_row, 24)
    sheet.set_row(dept_row, 30)
    _write_form_funds(sheet, styles)
    _write_form_goal(sheet, styles)
    _write_table(sheet, INDICATORS, styles, rules)
    _write_form_total(sheet, styles, rules)
    top, left, bottom, right = _table_box(INDICATORS)
    sheet.merge_range(top, _BLOCK_COL, bottom, _BLOCK_COL, "绩效指标", label)
    first_added = left + INDICATORS.national
    sheet.merge_range(top - 1, first_added, top - 1, right, "区里补充（不打印）", styles.get("added_note"))
    sheet.freeze_panes(top + 1, 0)


def _write_form_funds(sheet: Worksheet, styles: _Styles) -> None:
    """项目资金（万元）: the header, the 年度资金总额 row and the three 其中 rows."""
    label, header = styles.get("label_center"), styles.get("header")
    total_row = xl_cell_to_rowcol(field("budget_total").cell)[0]
    header_row, last_row = total_row - 1, total_row + len(FUND_ROWS)
    sheet.merge_range(header_row, _BLOCK_COL, last_row, _BLOCK_COL, "项目资金" + MONEY_SUFFIX, label)
    sheet.merge_range(header_row, 1, header_row, 2, "", header)
    totals = [f for f in FIELDS if f.row_labels == field("budget_total").row_labels]
    for item in totals:
        sheet.write_string(header_row, xl_cell_to_rowcol(item.cell)[1], item.header, header)
    sheet.set_row(header_row, _HEADER_ROW_HEIGHT)
    sheet.merge_range(total_row, 1, total_row, 2, field("budget_total").row_labels[0], label)
    placeholder_cols = [xl_cell_to_rowcol(f.cell)[1] for f in totals if not f.sum_of]
    for row, (prefix, printed, _) in enumerate(FUND_ROWS, start=total_row + 1):
        sheet.merge_range(row, 1, row, 2, printed, styles.get("label"))
        for col in placeholder_cols:
            sheet.write_string(row, col, NO_RESULT, styles.get("placeholder"))


def _write_form_goal(sheet: Worksheet, styles: _Styles) -> None:
    """年度总体目标: 预期目标 | 实际完成情况 over one tall row of text."""
    expected_row, expected_col = xl_cell_to_rowcol(field("goal_expected").cell)
    actual_col = xl_cell_to_rowcol(field("goal_actual").cell)[1]
    header = styles.get("header")
    sheet.merge_range(expected_row - 1, _BLOCK_COL, expected_row, _BLOCK_COL, "年度总体目标",
                      styles.get("label_center"))
    sheet.merge_range(expected_row - 1, expected_col, expected_row - 1, actual_col - 1,
                      field("goal_expected").header, header)
    sheet.merge_range(expected_row - 1, actual_col, expected_row - 1, _FORM_LAST_COL,
                      field("goal_actual").header, header)
    sheet.set_row(expected_row, _GOAL_ROW_HEIGHT)


def _write_form_total(sheet: Worksheet, styles: _Styles, rules: Rules) -> None:
    """The 总分 row: total points (budget plus every indicator) and the self total score."""
    row, score_col = xl_cell_to_rowcol(field("self_total_score").cell)
    weight_col, weights = _column_range(INDICATORS, "weight")
    sheet.merge_range(row, 0, row, weight_col - 1, "总分", styles.get("label_center"))
    sheet.write_formula(row, weight_col, f"={_ref('budget_weight')}+SUM({weights})",
                        styles.get("locked"), rules.weights.budget)
    for col in range(score_col + 1, _FORM_LAST_COL + 1):
        sheet.write_blank(row, col, None, styles.get("locked"))
    sheet.set_row(row, 24)


# --- the district's additions ---------------------------------------------------------------

#: The additions sheet: labels in A, inputs from B; text spans B to the payments table's last column.
_EXTRA_LAST_COL = len(PAYMENTS.written) - 1
_MERGED_KINDS = ("text", "longtext")


def _extra_merges() -> dict[str, int]:
    return {item.name: _EXTRA_LAST_COL for item in FIELDS
            if item.sheet == SHEET_EXTRA and item.kind in _MERGED_KINDS
            and xl_cell_to_rowcol(item.cell)[1] == _INPUT_COL}


def _write_extra(sheet: Worksheet, styles: _Styles, rules: Rules) -> None:
    """Labels beside the district's fields, the by-level sources and the payments table."""
    sheet.write_string(0, 0, EXTRA_TITLE, styles.get("title"))
    sheet.write_string(1, 0, _HINT, styles.get("hint"))
    sheet.set_row(0, 24)
    sheet.set_default_row(_DATA_ROW_HEIGHT)
    for item in FIELDS:
        row, col = xl_cell_to_rowcol(item.cell)
        if item.sheet == SHEET_EXTRA and col == _INPUT_COL:
            sheet.write_string(row, _LABEL_COL, _label(item.label, item.kind), styles.get("label"))
    _write_level_sources(sheet, styles, rules)
    _write_table(sheet, PAYMENTS, styles, rules)
    _write_payment_rows(sheet, styles, rules)


def _write_level_sources(sheet: Worksheet, styles: _Styles, rules: Rules) -> None:
    """Header above fund_city … fund_town and their total, checked against 当年财政拨款.

    The sheet's own check allows the rules' money tolerance, as ``check`` does, so that
    the form and the review never disagree about the same figures.
    """
    rows = [xl_cell_to_rowcol(field(name).cell)[0] for name in LEVEL_FUNDS]
    first, last = min(rows), max(rows)
    sheet.merge_range(first - 1, 0, first - 1, 1, "当年财政拨款按财政层级（选填，万元）", styles.get("header"))
    sheet.set_row(first - 1, _HEADER_ROW_HEIGHT)
    total_row = last + 1
    sources = f"B{first + 1}:B{last + 1}"
    sheet.write_string(total_row, 0, "合计", styles.get("label"))
    sheet.write_formula(total_row, 1, f"=SUM({sources})", styles.get("locked", "money", True), 0)
    current = _sheet_ref("fund_current")
    sheet.write_formula(
        total_row, 2,
        f'=IF(COUNT({sources})=0,"",IF(ABS(B{total_row + 1}-{current})<={rules.tolerance.money:g},'
        f'"与当年财政拨款一致","与当年财政拨款不一致，请核对"))',
        styles.get("note"), "",
    )


def _write_payment_rows(sheet: Worksheet, styles: _Styles, rules: Rules) -> None:
    """Stage, condition and the agreed amount of each payment, the totals, and the schedule as guidance.

    The agreed ratios are the town's to state from its contract: none is pre-filled.
    """
    top, left, bottom, right = _table_box(PAYMENTS)
    ratio_col, _ = _column_range(PAYMENTS, "agreed_ratio")
    amount_col, _ = _column_range(PAYMENTS, "agreed_amount")
    paid_col, _ = _column_range(PAYMENTS, "paid_amount")
    result_col, _ = _column_range(PAYMENTS, "eval_result")
    date_col, _ = _column_range(PAYMENTS, "eval_date")
    budget = _sheet_ref("budget_total")
    sheet.write_string(top - 1, 0, "资金拨付与评估", styles.get("heading"))
    for row, (stage, result_field) in zip(range(top + 1, bottom + 1), PAYMENT_EVALUATIONS.items()):
        sheet.write_string(row, left, stage, styles.get("fixed"))
        sheet.write_string(row, left + 1, rules.due_when(rules.tranche(stage)), styles.get("fixed"))
        ratio_cell = xl_rowcol_to_cell(row, ratio_col)
        sheet.write_formula(row, amount_col, f'=IF({ratio_cell}="","",{ratio_cell}*{budget})',
                            styles.get("locked", "money"), "")
        if result_field is None:
            sheet.write_string(row, result_col, NO_RESULT, styles.get("placeholder"))
            sheet.write_string(row, date_col, NO_RESULT, styles.get("placeholder"))
    total_row = bottom + 1
    sheet.write_string(total_row, left, "合计", styles.get("label"))
    totals = {ratio_col: "rate", amount_col: "money", paid_col: "money"}
    for col in range(left + 1, right + 1):
        if col in totals:
            letters = xl_col_to_name(col)
            sheet.write_formula(total_row, col, f"=SUM({letters}{top + 2}:{letters}{bottom + 1})",
                                styles.get("locked", totals[col]), 0)
        else:
            sheet.write_blank(total_row, col, None, styles.get("locked"))
    sheet.merge_range(total_row + 1, 0, total_row + 1, right, schedule_guidance(rules),
                      styles.get("note_wrap"))
    sheet.set_row(total_row + 1, 30)


def _define_names(workbook: Workbook) -> None:
    """A workbook-level name for every field and every table (header row included)."""
    for item in FIELDS:
        workbook.define_name(item.name, f"={_sheet_ref(item.name)}")
    for table in TABLES:
        top, left, bottom, right = _table_box(table)
        area = (f"{xl_rowcol_to_cell(top, left, True, True)}:"
                f"{xl_rowcol_to_cell(bottom, right, True, True)}")
        workbook.define_name(table.name, f"='{table.sheet}'!{area}")


def _finish_sheet(sheet: Worksheet, name: str) -> None:
    """Column widths, protection without a password, and A4 printing one page wide."""
    widths = dict(_COLUMN_WIDTHS.get(name, {}))
    for table in TABLES:
        if table.sheet == name:
            _, left, _, _ = _table_box(table)
            for offset, column in enumerate(table.written):
                letters = xl_col_to_name(left + offset)
                widths[letters] = max(widths.get(letters, 0), column.width)
    for letters, width in widths.items():
        sheet.set_column(f"{letters}:{letters}", width)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if name == SHEET_FORM:
        total_row = xl_cell_to_rowcol(field("self_total_score").cell)[0]
        sheet.print_area(0, 0, total_row, _FORM_LAST_COL)
        sheet.center_horizontally()
        sheet.repeat_rows(_table_box(INDICATORS)[0])
    else:
        sheet.set_footer("&C第 &P 页，共 &N 页")


# --- the 填报说明 sheet ----------------------------------------------------------------------


def _write_guide(sheet: Worksheet, styles: _Styles, rules: Rules) -> None:
    """One paragraph per row, each row tall enough for its wrapped text."""
    width = _COLUMN_WIDTHS[SHEET_GUIDE]["A"]
    sheet.write_string(0, 0, GUIDE_TITLE, styles.get("title"))
    sheet.set_row(0, 28)
    row = 1
    for heading, paragraphs in guide_sections(rules):
        row += 1
        sheet.write_string(row, 0, heading, styles.get("heading"))
        sheet.set_row(row, 22)
        for text in paragraphs:
            row += 1
            sheet.write_string(row, 0, text, styles.get("paragraph"))
            sheet.set_row(row, _LINE_HEIGHT * display_lines(text, width * _GUIDE_COLUMNS_PER_WIDTH))
    sheet.write_string(row + 2, 0, f"模板版本：{TEMPLATE_VERSION}", styles.get("note"))

