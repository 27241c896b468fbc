"""指标对比: the indicators several units share, unit by unit.

Units go down (a province's thousands fit in rows, not in columns), each
shared indicator takes three columns across; on paper a few indicators a
page with the unit names repeated.  What Excel cannot hold (more than its
columns) is cut and said in the sheet.
"""

from __future__ import annotations

from typing import Any

from excel_eval.collection import Collection, UnitEntry
from excel_eval.findings import Severity
from excel_eval.judge.compare import shared_indicators
from excel_eval.judge.scoring import in_base_units
from excel_eval.values import Measure, as_read
from excel_eval.write.summary.kit import Styles, write_value
from excel_eval.write.summary.paper import MAX_COLUMNS, row_height


#: Shared indicators printed side by side on one landscape page; the unit column repeats on each.
INDICATORS_PER_PAGE = 4
_MATRIX_UNIT_WIDTH = 14
_MATRIX_VALUE_WIDTH = 9


def write_indicator_matrix(sheet: Any, collection: Collection, styles: Styles) -> None:
    """A row per unit, three columns per shared indicator: target, actual, completion.

    Units go down the sheet so that a province's thousands fit (a sheet has
    16,384 columns but a million rows) and can be sorted and filtered.  Above
    the header, each indicator's median completion for each year; a
    completion rate the outlier rule flagged is coloured.  Targets and
    actuals are numbers in the row's unit (a percentage as a percentage);
    only a value with no number in it stays text.  On paper each page holds
    :data:`INDICATORS_PER_PAGE` indicators, the unit names repeated.
    """
    shared = shared_indicators(collection.units)
    years = sorted({entry.year for entry in collection.units}, key=lambda year: (year is None, year or 0))
    fixed = ("单位", "年度") if len(years) > 1 else ("单位",)
    fitting = (MAX_COLUMNS - len(fixed)) // 3
    cut = (f"共有指标 {len(shared)} 个，超出 Excel 每张工作表 {MAX_COLUMNS:,} 列的上限，只列出报送单位最多的前 "
           f"{fitting:,} 个；全部指标见 --json 或 --csv 导出的数据。" if len(shared) > fitting else "")
    shared = shared[:fitting]
    sheet.write_string(0, 0, "多个单位共有的指标：每个单位的年度指标值、实际完成值和复核完成率；"
                             "完成率偏离全区中位数较大的已标色（中位数在 "
                             f"{collection.rules.outliers.min_units} 个及以上单位报送时计算，不足的显示“—”）。" + cut,
                       styles["note"])
    if not shared:
        sheet.write_string(2, 0, "没有两个及以上单位共有的指标。", styles["note"])
        return
    flagged = {(f.file, f.cell) for f in collection.cross_findings if f.code == "completion_outlier"}
    first = len(fixed)
    sheet.set_column(0, 0, _MATRIX_UNIT_WIDTH)
    sheet.set_column(1, first + 3 * len(shared) - 1, _MATRIX_VALUE_WIDTH)
    for row, texts in ((1, [group.name for group in shared]),
                       (2, [f"{group.level1}｜{group.unit or '无计量单位'}｜{len(group.results)} 个单位报送"
                            for group in shared])):
        sheet.write_row(row, 0, [""] * first, styles["header"])
        for index, text in enumerate(texts):
            sheet.merge_range(row, first + 3 * index, row, first + 3 * index + 2, text, styles["header"])
        sheet.set_row(row, row_height([(text, 3 * _MATRIX_VALUE_WIDTH) for text in texts]))
    header = 3 + len(years)
    for offset, year in enumerate(years, start=3):
        label = "完成率中位数" if len(fixed) == 1 else f"{year} 年中位数" if year else "未填年度中位数"
        sheet.write_row(offset, 0, [label, *[""] * (first - 1)], styles["label"])
        for index, group in enumerate(shared):
            sheet.write_row(offset, first + 3 * index, ["", ""], styles["label"])
            median_rate = group.median_completion(year, collection.rules.outliers.min_units)
            if median_rate is None:  # too few units for a median: said, not left blank
                sheet.write_string(offset, first + 3 * index + 2, "—", styles["centre"])
            else:
                write_value(sheet, offset, first + 3 * index + 2, median_rate, styles["percent"])
    sheet.write_row(header, 0, fixed, styles["header"])
    for index in range(len(shared)):
        sheet.write_row(header, first + 3 * index, ["指标值", "实际值", "完成率"], styles["header"])
    for row, entry in enumerate(collection.units, start=header + 1):
        sheet.write_string(row, 0, entry.unit, styles["text"])
        if len(fixed) > 1:
            write_value(sheet, row, 1, entry.year, styles["integer"])
        for index, group in enumerate(shared):
            _write_shared_result(sheet, row, first + 3 * index, entry, group.result(entry), flagged, styles)
    sheet.freeze_panes(header + 1, first)
    sheet.autofilter(header, 0, header + len(collection.units), first + 3 * len(shared) - 1)
    sheet.repeat_rows(1, header)
    sheet.repeat_columns(0, first - 1)
    sheet.set_v_pagebreaks([first + 3 * index for index in range(INDICATORS_PER_PAGE, len(shared),
                                                                  INDICATORS_PER_PAGE)])
    sheet.set_print_scale(80)


def _write_shared_result(sheet: Any, row: int, col: int, entry: UnitEntry, result: Any,
                         flagged: set[tuple[str, str]], styles: Styles) -> None:
    """A unit's target, actual and completion for one shared indicator; nothing when it does not report it."""
    if result is None:
        return
    indicator = result.indicator
    ref = indicator.ref("actual")
    far = ref is not None and (entry.review.name, ref.cell) in flagged
    for offset, value in enumerate((indicator.target, indicator.actual)):
        number, kind = _measure_cell(value, indicator.unit)
        write_value(sheet, row, col + offset, number, styles[kind])
    write_value(sheet, row, col + 2, result.completion.value,
                 styles.flagged("percent", Severity.WARNING if far else None))


def _measure_cell(value: Measure, unit: str) -> tuple[Any, str]:
    """A target or actual as a cell: the number in the row's unit and its format, or the text."""
    number, base_unit = in_base_units(value, unit)
    if number is None:
        return as_read(value, unit), "text"
    return number, "percent" if base_unit == "%" else "number"
