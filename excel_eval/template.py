"""The standard self-evaluation template, written with xlsxwriter from the field table.

Every input cell, its label, validation, input message and defined name comes
from ``excel_eval.fields``; this module only adds what a person filling the
form needs around them: titles, headers, reference formulas, the 填报说明
sheet, protection and print setup.  Files are written to a temporary file in
the target folder and moved into place, so a failed run never leaves a
half-written workbook behind.
"""

from __future__ import annotations

import math
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from excel_eval.fields import (
    FIELDS,
    INDICATOR_LEVELS,
    INDICATORS,
    PAYMENT_CONDITIONS,
    PAYMENTS,
    SHEET_BASIC,
    SHEET_CONCLUSION,
    SHEET_FUNDS,
    SHEET_GUIDE,
    SHEET_INDICATORS,
    SHEETS,
    TABLES,
    TEMPLATE_VERSION,
    Field,
    Table,
    field,
)
from excel_eval.findings import UserError
from excel_eval.roster import os_error_reason, read_roster
from excel_eval.rules import Rules, load_rules

DEFAULT_PROJECT_NAME = "社工服务站（家庭综合服务中心）运营经费"
BLANK_TEMPLATE_NAME = "绩效自评模板.xlsx"
MIN_YEAR, MAX_YEAR = 2000, 2100

BUDGET_WEIGHT_LABEL = "预算执行率"

INPUT_FILL = "#FFF2CC"
LOCKED_FILL = "#EDEDED"
HEADER_FILL = "#DDEBF7"
FONT_NAME = "宋体"
MONEY_SUFFIX = "（万元）"
NO_RESULT = "—"

_SHEET_TITLES = {
    SHEET_BASIC: "项目基本信息",
    SHEET_FUNDS: "项目资金情况",
    SHEET_INDICATORS: "绩效指标完成情况",
    SHEET_CONCLUSION: "自评结论",
}
_HINT = "黄色单元格为填报项，灰色单元格为自动计算或已预先填好；选中单元格可看到填写提示，详见“填报说明”。"
_SHEET_HINTS = {
    SHEET_FUNDS: "金额单位：万元，只填数字。",
    SHEET_INDICATORS: "每个三级指标填一行；完成率按百分数填写，如 115%。",
}
#: Column widths for the form columns (label | input) around the tables, whose widths
#: come from the field table.
_COLUMN_WIDTHS = {
    SHEET_GUIDE: {"A": 72},
    SHEET_BASIC: {"A": 18, "B": 50},
    SHEET_FUNDS: {"A": 18, "B": 24},
    SHEET_INDICATORS: {"N": 3, "O": 14, "P": 10, "Q": 10},
    SHEET_CONCLUSION: {"A": 16, "B": 70, "C": 10, "D": 44},
}
_LANDSCAPE = {SHEET_FUNDS, SHEET_INDICATORS, SHEET_CONCLUSION}
_LONGTEXT_ROW_HEIGHT = {SHEET_FUNDS: 48, SHEET_CONCLUSION: 110}
_DEFAULT_LONGTEXT_ROW_HEIGHT = 60
#: Form layout: a single-cell input in column B is labelled in column A of its row.
_LABEL_COL, _INPUT_COL = 0, 1
_HEADER_ROW_HEIGHT = 30
#: Data sheets get rows a little taller than Excel's 15 points, so inputs are easy to hit.
_DATA_ROW_HEIGHT = 19
_LINE_HEIGHT = 15

_KIND_FORMATS: dict[str, dict[str, object]] = {
    "money": {"num_format": "#,##0.00"},
    "rate": {"num_format": "0.00%"},
    "year": {"num_format": "0"},
    "date": {"num_format": "yyyy-mm-dd"},
    "text": {"num_format": "@"},
    "choice": {"num_format": "@"},
    "version": {"num_format": "@"},
    "longtext": {"num_format": "@", "text_wrap": True, "valign": "top"},
}
_ROLE_FORMATS: dict[str, dict[str, object]] = {
    "title": {"bold": True, "font_size": 14},
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


class TemplateError(UserError):
    """A template that cannot be written; the message is Chinese and names the path."""


@dataclass(frozen=True)
class Prefill:
    """What the district fills in for a town before handing out its copy."""

    unit_name: str
    eval_year: int
    project_name: str = DEFAULT_PROJECT_NAME

    def __post_init__(self) -> None:
        check_year(self.eval_year)

    def values(self) -> dict[str, object]:
        """The prefilled values by field name."""
        return {"unit_name": self.unit_name, "project_name": self.project_name,
                "eval_year": self.eval_year}


def check_year(year: int) -> int:
    """``year`` if it is a plausible evaluation year, else a ``TemplateError``."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise TemplateError(f"评价年度应为 {MIN_YEAR}–{MAX_YEAR} 之间的四位年份，收到：{year}")
    return year


def template_file_name(unit_name: str, year: int) -> str:
    """``<单位>_<年度>_绩效自评.xlsx``, with characters Windows forbids in names replaced by ``_``."""
    safe = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in unit_name)
    return f"{safe}_{year}_绩效自评.xlsx"


def write_template(path: str | os.PathLike[str], prefill: Prefill | None = None,
                   rules: Rules | None = None, overwrite: bool = False) -> Path:
    """Write the template to ``path`` (blank, or pre-filled for one unit) and return the path.

    An existing directory gets ``绩效自评模板.xlsx`` inside it; any other path must end in .xlsx.
    Default weights, payment ratios and the numbers quoted in 填报说明 come from ``rules``
    (the default rules when None), so the form tells towns what the district checks.
    An existing file is replaced only with ``overwrite``: it may be a copy someone has filled in.
    """
    target = Path(path)
    if target.is_dir():
        target = target / BLANK_TEMPLATE_NAME
    if target.suffix.lower() != ".xlsx":
        raise TemplateError(f"输出文件名应以 .xlsx 结尾：{target}")
    _check_folder(target.parent)
    if target.exists() and not overwrite:
        raise TemplateError(f"文件已存在：{target}。如确需覆盖，请加 --force。")
    with _os_errors_as(target):
        os.replace(_render_to_temp(target.parent, prefill, rules or load_rules()), target)
    return target


def write_templates_for_roster(
    roster_path: str | os.PathLike[str], year: int, out_dir: str | os.PathLike[str],
    rules: Rules | None = None, overwrite: bool = False,
) -> list[Path]:
    """Write one pre-filled copy per roster unit into ``out_dir``; return the paths.

    All files are rendered before any is moved into place, so a bad roster or a
    failure while rendering leaves the folder as it was (a folder created here is removed).
    Copies already there are replaced only with ``overwrite``: a clerk may
    have started filling one in, and nothing says so from outside.
    """
    check_year(year)
    rules = rules or load_rules()
    units = read_roster(roster_path)
    folder = Path(out_dir)
    if folder.suffix.lower() == ".xlsx":
        raise TemplateError(f"按名册生成时 -o 应为文件夹，而不是 .xlsx 文件：{folder}")
    targets = [folder / template_file_name(unit.name, year) for unit in units]
    existing = [target.name for target in targets if target.exists()]
    if existing and not overwrite:
        shown = "、".join(existing[:5]) + ("等" if len(existing) > 5 else "")
        raise TemplateError(f"文件夹 {folder} 中已有 {len(existing)} 个单位的填报文件：{shown}。"
                            f"重新生成会清除其中已填写的内容；如确需覆盖，请加 --force。")
    created = _ensure_folder(folder)
    temps: list[Path] = []
    try:
        for unit in units:
            prefill = Prefill(unit.name, year, unit.project_name or DEFAULT_PROJECT_NAME)
            temps.append(_render_to_temp(folder, prefill, rules))
        with _os_errors_as(folder):
            for temp, target in zip(temps, targets):
                os.replace(temp, target)
    except BaseException:
        for temp in temps:
            temp.unlink(missing_ok=True)
        if created:
            folder.rmdir()
        raise
    return targets


# --- files and folders -------------------------------------------------------------------


@contextmanager
def _os_errors_as(path: Path) -> Iterator[None]:
    """Turn a file-system error into a ``TemplateError`` that names ``path``."""
    try:
        yield
    except OSError as exc:
        raise TemplateError(f"无法写入 {path}：{os_error_reason(exc)}。") from exc


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        reason = "这是一个文件，不是文件夹" if folder.exists() else "文件夹不存在"
        raise TemplateError(f"无法写入输出文件夹 {folder}：{reason}。")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise TemplateError(f"无法写入输出文件夹 {folder}：没有写入权限。")


def _ensure_folder(folder: Path) -> bool:
    """Create ``folder`` if needed (its parent must exist); True if it was created here."""
    if folder.is_dir():
        _check_folder(folder)
        return False
    _check_folder(folder.parent)
    with _os_errors_as(folder):
        folder.mkdir()
    return True


def _render_to_temp(folder: Path, prefill: Prefill | None, rules: Rules) -> Path:
    """Write the workbook to a new hidden temporary file in ``folder``."""
    with _os_errors_as(folder):
        handle, name = tempfile.mkstemp(prefix=".excel-eval-", suffix=".xlsx.tmp", dir=folder)
        os.close(handle)
    temp = Path(name)
    try:
        with _os_errors_as(temp):
            workbook = xlsxwriter.Workbook(str(temp), {
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_format_properties": {"font_name": FONT_NAME, "font_size": 11},
            })
            _build(workbook, prefill, rules)
            workbook.close()
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


# --- the workbook --------------------------------------------------------------------------


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


def _build(workbook: Workbook, prefill: Prefill | None, rules: Rules) -> None:
    """The field table laid out first, then what each sheet adds around it."""
    styles = _Styles(workbook)
    sheets = {name: workbook.add_worksheet(name) for name in SHEETS}
    _write_guide(sheets[SHEET_GUIDE], styles, rules)
    for name in SHEETS[1:]:
        _write_sheet_head(sheets[name], name, styles)
    for table in TABLES:
        _write_table(sheets[table.sheet], table, styles)
    values = prefill.values() if prefill else {}
    defaults = {"budget_weight": rules.weights.budget}
    for item in FIELDS:
        _write_field(sheets[item.sheet], item, values.get(item.name), defaults.get(item.name),
                     styles)
    _write_funds_extras(sheets[SHEET_FUNDS], styles, rules)
    _write_indicator_extras(sheets[SHEET_INDICATORS], styles, rules)
    _write_conclusion_extras(sheets[SHEET_CONCLUSION], styles)
    _define_names(workbook)
    for name, sheet in sheets.items():
        _finish_sheet(sheet, name)


def _write_sheet_head(sheet: Worksheet, name: str, styles: _Styles) -> None:
    """Title and the one-line hint every data sheet opens with."""
    sheet.write_string(0, 0, _SHEET_TITLES[name], styles.get("title"))
    hint = _HINT + _SHEET_HINTS.get(name, "")
    sheet.write_string(1, 0, hint, styles.get("hint"))
    sheet.set_default_row(_DATA_ROW_HEIGHT)
    sheet.set_row(0, 24)


def _write_field(sheet: Worksheet, item: Field, prefilled: object, default: object,
                 styles: _Styles) -> None:
    """The input cell of ``item`` with its label, validation and input message.

    A prefilled value and the template version are written locked; every other
    field is an unlocked input, starting from its default when it has one.
    """
    row, col = xl_cell_to_rowcol(item.cell)
    labelled = col == _INPUT_COL and not _in_table(item) and not _shares_row(item)
    if item.kind == "version":
        sheet.write_string(row, col, TEMPLATE_VERSION, styles.get("locked", item.kind))
        sheet.set_row(row, None, None, {"hidden": True})
    elif prefilled is not None:
        _write_value(sheet, row, col, prefilled, styles.get("locked", item.kind, labelled))
    else:
        style = styles.get("input", item.kind, labelled)
        if default is not None:
            _write_value(sheet, row, col, default, style)
        else:
            sheet.write_blank(row, col, None, style)
    if labelled:
        sheet.write_string(row, _LABEL_COL, _label(item.label, item.kind), styles.get("label"))
    elif not _in_table(item):
        sheet.write_string(row - 1, col, item.aliases[0] if item.aliases else item.label,
                           styles.get("header"))
    if item.kind == "longtext":
        sheet.set_row(row, _LONGTEXT_ROW_HEIGHT.get(item.sheet, _DEFAULT_LONGTEXT_ROW_HEIGHT))
    if item.kind != "version":
        sheet.data_validation(row, col, row, col,
                              _validation(item.kind, item.label, item.help, item.choices,
                                          item.required))


def _write_value(sheet: Worksheet, row: int, col: int, value: object, style: Format) -> None:
    """Strings are always written as strings, so a value starting with ``=`` stays text."""
    if isinstance(value, str):
        sheet.write_string(row, col, value, style)
    else:
        sheet.write_number(row, col, value, style)


def _label(text: str, kind: str) -> str:
    return text + MONEY_SUFFIX if kind == "money" else text


def _shares_row(item: Field) -> bool:
    """Whether other fields sit in the same row, like the 项目资金 row, headed from above."""
    row = xl_cell_to_rowcol(item.cell)[0]
    return any(other is not item and other.sheet == item.sheet
               and xl_cell_to_rowcol(other.cell)[0] == row for other in FIELDS)


def _in_table(item: Field) -> bool:
    """Whether ``item`` sits inside a table, whose header row labels it."""
    row, col = xl_cell_to_rowcol(item.cell)
    for table in TABLES:
        if table.sheet == item.sheet:
            top, left, bottom, right = _table_box(table)
            if top <= row <= bottom and left <= col <= right:
                return True
    return False


def _table_box(table: Table) -> tuple[int, int, int, int]:
    """(first row, first col, last row, last col) of header plus data rows, 0-based."""
    row, col = xl_cell_to_rowcol(table.header_cell)
    return row, col, row + table.data_rows, col + len(table.columns) - 1


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


def _write_table(sheet: Worksheet, table: Table, styles: _Styles) -> None:
    """Header row plus blank, validated input cells for every input column."""
    top, left, bottom, _ = _table_box(table)
    sheet.set_row(top, _HEADER_ROW_HEIGHT)
    for offset, column in enumerate(table.columns):
        col = left + offset
        sheet.write_string(top, col, _label(column.label, column.kind), styles.get("header"))
        if not column.input:
            continue
        for row in range(top + 1, bottom + 1):
            sheet.write_blank(row, col, None, styles.get("input", column.kind))
        sheet.data_validation(top + 1, col, bottom, col,
                              _validation(column.kind, column.label, column.help,
                                          column.choices))


def _ref(name: str, absolute: bool = False) -> str:
    """The cell of field ``name`` for a formula on the field's own sheet."""
    row, col = xl_cell_to_rowcol(field(name).cell)
    return xl_rowcol_to_cell(row, col, absolute, absolute)


def _sheet_ref(name: str) -> str:
    """The cell of field ``name`` for a formula on another sheet."""
    return f"'{field(name).sheet}'!{_ref(name, absolute=True)}"


def _column_range(table: Table, key: str) -> tuple[int, str]:
    """The 0-based column of ``key`` and its data-row range, e.g. ``$H$4:$H$43``."""
    top, left, bottom, _ = _table_box(table)
    col = left + [column.key for column in table.columns].index(key)
    letters = xl_col_to_name(col)
    return col, f"${letters}${top + 2}:${letters}${bottom + 1}"


def _write_funds_extras(sheet: Worksheet, styles: _Styles, rules: Rules) -> None:
    """The 项目资金 row labels, reference formulas, source totals and payment rows."""
    budget_row, _ = xl_cell_to_rowcol(field("budget_total").cell)
    sheet.write_string(budget_row - 1, 0, "项目资金" + MONEY_SUFFIX, styles.get("header"))
    sheet.write_string(budget_row, 0, "年度资金总额", styles.get("label"))
    sheet.set_row(budget_row - 1, _HEADER_ROW_HEIGHT)
    _write_funds_reference_row(sheet, budget_row + 1, styles)
    _write_fund_sources(sheet, styles)
    _write_payment_rows(sheet, styles, _payment_ratios(rules))


def _write_funds_reference_row(sheet: Worksheet, row: int, styles: _Styles) -> None:
    """执行率 and 得分 recomputed under the reported ones, as a check for the filler."""
    total, spent, weight = _ref("budget_total"), _ref("spent_total"), _ref("budget_weight")
    rate_col = xl_cell_to_rowcol(field("exec_rate_reported").cell)[1]
    score_col = xl_cell_to_rowcol(field("budget_score_reported").cell)[1]
    sheet.write_string(row, 0, "系统计算（参考）", styles.get("label"))
    for col in range(1, rate_col):
        sheet.write_blank(row, col, None, styles.get("locked"))
    sheet.write_formula(row, rate_col, f'=IF({total}>0,{spent}/{total},"")',
                        styles.get("locked", "rate"), "")
    sheet.write_formula(row, score_col, f'=IF({total}>0,{weight}*MIN(1,{spent}/{total}),"")',
                        styles.get("locked"), "")


def _write_fund_sources(sheet: Worksheet, styles: _Styles) -> None:
    """Header above the fund_* fields and their total, checked against 全年预算数."""
    rows = [xl_cell_to_rowcol(f.cell)[0] for f in FIELDS if f.name.startswith("fund_")]
    first, last = min(rows), max(rows)
    sheet.write_string(first - 1, 0, "资金来源（全年预算数的构成）", styles.get("header"))
    sheet.write_string(first - 1, 1, "金额" + MONEY_SUFFIX, styles.get("header"))
    sheet.set_row(first - 1, _HEADER_ROW_HEIGHT)
    total_row = last + 1
    sources = f"B{first + 1}:B{last + 1}"
    sheet.write_string(total_row, 0, "合计", styles.get("label"))
    sheet.write_formula(total_row, 1, f"=SUM({sources})", styles.get("locked", "money", True), 0)
    budget = _ref("budget_total", absolute=True)
    sheet.write_formula(
        total_row, 2,
        f'=IF(COUNT({sources})=0,"",IF(ABS(B{total_row + 1}-{budget})<0.005,'
        f'"与全年预算数一致","与全年预算数不一致，请核对"))',
        styles.get("note"), "",
    )


def _payment_ratios(rules: Rules) -> list[float]:
    """The agreed share of 全年预算数 for each stage of PAYMENT_CONDITIONS."""
    return [rules.tranche(stage).ratio for stage, _, _ in PAYMENT_CONDITIONS]


def _write_payment_rows(sheet: Worksheet, styles: _Styles, ratios: list[float]) -> None:
    """Stage, condition, default ratio and agreed amount of each payment, and the totals."""
    top, left, bottom, right = _table_box(PAYMENTS)
    ratio_col, _ = _column_range(PAYMENTS, "agreed_ratio")
    amount_col, _ = _column_range(PAYMENTS, "agreed_amount")
    paid_col, _ = _column_range(PAYMENTS, "paid_amount")
    result_col, _ = _column_range(PAYMENTS, "eval_result")
    budget = _ref("budget_total", absolute=True)
    for row, (stage, condition, result_field), ratio in zip(
        range(top + 1, bottom + 1), PAYMENT_CONDITIONS, ratios
    ):
        sheet.write_string(row, left, stage, styles.get("fixed"))
        sheet.write_string(row, left + 1, condition, styles.get("fixed"))
        sheet.write_number(row, ratio_col, ratio, styles.get("input", "rate"))
        ratio_cell = xl_rowcol_to_cell(row, ratio_col)
        sheet.write_formula(row, amount_col, f"={ratio_cell}*{budget}",
                            styles.get("locked", "money"), 0)
        if result_field is None:
            sheet.write_string(row, result_col, NO_RESULT, styles.get("placeholder"))
    total_row = bottom + 1
    sheet.write_string(total_row, left, "合计", styles.get("label"))
    totals = {ratio_col: ("rate", round(sum(ratios), 10)),
              amount_col: ("money", 0), paid_col: ("money", 0)}
    for col in range(left + 1, right + 1):
        if col in totals:
            kind, cached = totals[col]
            letters = xl_col_to_name(col)
            sheet.write_formula(total_row, col, f"=SUM({letters}{top + 2}:{letters}{bottom + 1})",
                                styles.get("locked", kind), cached)
        else:
            sheet.write_blank(total_row, col, None, styles.get("locked"))


def _write_indicator_extras(sheet: Worksheet, styles: _Styles, rules: Rules) -> None:
    """Totals under the indicators and the weight summary beside them; frozen header."""
    top, left, bottom, right = _table_box(INDICATORS)
    total_row = bottom + 1
    sheet.write_string(total_row, left, "合计", styles.get("label"))
    sum_cols = dict(_column_range(INDICATORS, key) for key in ("weight", "self_score"))
    for col in range(left + 1, right + 1):
        if col in sum_cols:
            sheet.write_formula(total_row, col, f"=SUM({sum_cols[col]})", styles.get("locked"), 0)
        else:
            sheet.write_blank(total_row, col, None, styles.get("locked"))
    _write_weight_summary(sheet, top, right + 2, styles, rules)
    sheet.freeze_panes(top + 1, 0)


def _write_weight_summary(sheet: Worksheet, top: int, col: int, styles: _Styles,
                          rules: Rules) -> None:
    """分值合计 per 一级指标 next to the default from the rules, and whether the total is 100."""
    _, level_cells = _column_range(INDICATORS, "level1")
    _, weight_cells = _column_range(INDICATORS, "weight")
    for offset, heading in enumerate(("分值汇总", "分值合计", "默认分值")):
        sheet.write_string(top, col + offset, heading, styles.get("header"))
    budget = rules.weights.budget
    rows = [(BUDGET_WEIGHT_LABEL, f"={_sheet_ref('budget_weight')}", budget, budget)]
    for row, level in enumerate(INDICATOR_LEVELS, start=top + 2):
        label_cell = xl_rowcol_to_cell(row, col)
        rows.append((level, f"=SUMIF({level_cells},{label_cell},{weight_cells})", 0,
                     rules.weights.level1[level]))
    for row, (label, formula, cached, default) in enumerate(rows, start=top + 1):
        sheet.write_string(row, col, label, styles.get("label"))
        sheet.write_formula(row, col + 1, formula, styles.get("locked"), cached)
        sheet.write_number(row, col + 2, default, styles.get("fixed"))
    total_row = top + 1 + len(rows)
    first, last = xl_rowcol_to_cell(top + 1, col + 1), xl_rowcol_to_cell(total_row - 1, col + 1)
    total_cell = xl_rowcol_to_cell(total_row, col + 1)
    sheet.write_string(total_row, col, "总分值", styles.get("label"))
    sheet.write_formula(total_row, col + 1, f"=SUM({first}:{last})", styles.get("locked"), budget)
    sheet.write_number(total_row, col + 2, rules.weights.total, styles.get("fixed"))
    sheet.write_formula(
        total_row + 1, col,
        f'=IF({total_cell}=100,"总分值为 100","总分值应为 100，目前为 "&{total_cell})',
        styles.get("note"), f"总分值应为 100，目前为 {_number(budget)}",
    )


def _write_conclusion_extras(sheet: Worksheet, styles: _Styles) -> None:
    """A reference total beside the reported one: budget score plus indicator self-scores."""
    row, col = xl_cell_to_rowcol(field("self_total_score").cell)
    _, scores = _column_range(INDICATORS, "self_score")
    budget_score = _sheet_ref("budget_score_reported")
    indicator_scores = f"'{INDICATORS.sheet}'!{scores}"
    sheet.write_formula(
        row, col + 1,
        f'=IF(COUNT({budget_score},{indicator_scores})=0,"",'
        f"{budget_score}+SUM({indicator_scores}))",
        styles.get("locked"), "",
    )
    sheet.write_string(row, col + 2, "← 系统计算（参考）= 预算执行得分 + 各指标自评得分",
                       styles.get("note"))


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
            for offset, column in enumerate(table.columns):
                letters = xl_col_to_name(left + offset)
                widths[letters] = max(widths.get(letters, 0), column.width)
    for letters, width in widths.items():
        sheet.set_column(f"{letters}:{letters}", width)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    sheet.set_paper(9)
    if name in _LANDSCAPE:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.set_footer("&C第 &P 页，共 &N 页")
    if name == SHEET_INDICATORS:
        top, _, bottom, right = _table_box(INDICATORS)
        sheet.print_area(0, 0, bottom + 1, right)
        sheet.repeat_rows(top)


# --- the 填报说明 sheet ----------------------------------------------------------------------


def _write_guide(sheet: Worksheet, styles: _Styles, rules: Rules) -> None:
    """One paragraph per row, each row tall enough for its wrapped text."""
    width = _COLUMN_WIDTHS[SHEET_GUIDE]["A"]
    sheet.write_string(0, 0, "绩效自评表填报说明", styles.get("title"))
    sheet.set_row(0, 28)
    row = 1
    for heading, paragraphs in _guide_sections(rules):
        row += 1
        sheet.write_string(row, 0, heading, styles.get("heading"))
        sheet.set_row(row, 22)
        for text in paragraphs:
            row += 1
            sheet.write_string(row, 0, text, styles.get("paragraph"))
            sheet.set_row(row, _LINE_HEIGHT * _lines_needed(text, width))
    sheet.write_string(row + 2, 0, f"模板版本：{TEMPLATE_VERSION}", styles.get("note"))


def _number(value: float) -> str:
    """A weight as people write it: 10, not 10.0."""
    return f"{value:g}"


def _grade_text(rules: Rules) -> str:
    """优 90（含）–100 分，… 差 60 分以下, from the grade minimums (highest first)."""
    parts = []
    for grade, low, high in rules.grade_ranges():
        if high is None:
            parts.append(f"{grade} {_number(low)}（含）–100 分")
        elif low > 0:
            parts.append(f"{grade} {_number(low)}（含）–{_number(high)} 分")
        else:
            parts.append(f"{grade} {_number(high)} 分以下")
    return "，".join(parts)


def _lines_needed(text: str, width: float) -> int:
    """Wrapped lines of ``text`` in a column ``width`` characters wide (CJK count double)."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return max(1, math.ceil(columns / (width * 0.95)))


def _guide_sections(rules: Rules) -> list[tuple[str, list[str]]]:
    """The 填报说明 text; fields, stages, weights and bands come from the field table and rules."""
    sheet_contents = []
    for name in SHEETS[1:]:
        labels = [f.label for f in FIELDS if f.sheet == name and f.kind != "version"]
        labels += [t.label for t in TABLES if t.sheet == name]
        sheet_contents.append(f"· {name}：{'、'.join(labels)}。")
    ratios = [f"{stage}{ratio:.0%}（{condition}）" for (stage, condition, _), ratio
              in zip(PAYMENT_CONDITIONS, _payment_ratios(rules))]
    weights = "，".join(f"{label} {_number(weight)} 分" for label, weight
                       in [(BUDGET_WEIGHT_LABEL, rules.weights.budget),
                           *rules.weights.level1.items()])
    bands = "；".join(f"{band.result}：得分值的 {band.text}" for band in rules.qualitative)
    methods = "；".join(f"“{direction}”类{rules.methods.describe(direction)}" for direction in ("≥", "≤", "="))
    over = f"{rules.over_completion.threshold:.0%}"
    return [
        ("一、本表用途", [
            "本表用于各镇（街道）填报项目支出绩效自评，格式依据财政部《项目支出绩效评价管理办法》"
            "（财预〔2020〕10号）的自评表。填好后发回区里，区里统一核对、计分和汇总。",
        ]),
        ("二、在哪里填写", [
            "1. 只在黄色单元格中填写。灰色单元格为自动计算，或已由区里预先填好（如单位名称、年度），"
            "不能修改；其余单元格已锁定。",
            "2. 选中黄色单元格时会显示填写提示；带下拉箭头的单元格请从列表中选择，不要自己输入。",
            "3. 依次填写以下四张表：",
            *sheet_contents,
        ]),
        ("三、单位和数字的写法", [
            "1. 金额一律以“万元”为单位，只填数字，如 198.45；不要写“万元”“元”等文字，"
            "也不要填成以元为单位的 1984500。",
            "2. 执行率、完成率、拨付比例直接输入百分数，如 115%（输入“115%”即可）。",
            "3. 年度指标值、实际完成值只填数字；计量单位写在“计量单位”列，方向写在“指标方向”列。"
            "例如“≥50个”应填为：指标方向 ≥，计量单位 个，年度指标值 50。",
            "4. 年份填四位数字，如 2024；日期填成 2025-01-15 的形式。",
            "5. 数字前后不要加“约”“左右”等文字，不要使用全角数字。",
        ]),
        ("四、指标方向", [
            "≥：越多越好，完成率 = 实际完成值 ÷ 年度指标值。",
            "≤：越少越好（如成本、投诉次数、办理时长），实际完成值不超过年度指标值即为完成。",
            "=：应恰好等于年度指标值，有任何偏差都要说明原因。",
            "定性：无法用数字衡量的指标（如“第三方评估结果为良好”）。年度指标值和实际完成值填文字，"
            "并在“定性完成情况”列选择达成、部分达成或未达成。",
        ]),
        ("五、分值和得分", [
            f"1. 全部分值合计为 100 分。默认分值：{weights}。可按项目实际调整，但合计必须为 100；"
            "“绩效指标”表右侧的“分值汇总”会自动合计。",
            "2. 预算执行得分 = 预算执行率分值 × 执行率（执行率超过 100% 的按 100% 计）。",
            "3. 定量指标：完成年度指标值的得满分；未完成的按完成值与指标值的比例计分（财预〔2020〕10号），"
            f"区里复核按本区复核规则：{methods}。",
            f"4. 定性指标按完成情况在以下范围内打分——{bands}。",
            f"5. 自评总分 = 预算执行得分 + 各指标自评得分。等级：{_grade_text(rules)}。",
        ]),
        ("六、什么时候必须写偏差原因", [
            f"完成率低于 100%，或达到 {over} 及以上（说明年度指标值可能定得过低）时，必须在"
            "“偏差原因分析及改进措施”列说明原因和改进措施；“=”方向的指标有任何偏差也要说明。",
        ]),
        ("七、资金拨付", [
            f"按合同分三期拨付：{'；'.join(ratios)}。在“资金情况”表填写每期的实际拨付金额和日期，"
            "以及中期、末期评估结果。评估未达到合格的，不应拨付下一期资金。",
        ]),
        ("八、发送前检查", [
            "1. 保存为 .xlsx 格式（WPS 请选择“Excel 文件（*.xlsx）”），保留原文件名。",
            "2. 已安装 excel-eval 的，可在命令行运行“excel-eval check 文件.xlsx”，按提示改正后再发送。",
            "3. 也可以对照本说明自查：黄色单元格是否都已填写；资金来源合计是否等于全年预算数；"
            "分值合计是否为 100；灰色“系统计算（参考）”与自己填写的执行率、得分是否一致。",
        ]),
        ("九、请不要", [
            "不要重命名、删除或移动工作表，不要插入或删除行、列，不要合并单元格；"
            "从其他文件复制内容时，请用“选择性粘贴 → 数值”，以免破坏格式和下拉列表。"
            f"“绩效指标”表最多可填 {INDICATORS.data_rows} 个指标。",
        ]),
    ]
