"""问题清单: every finding, one row each, linked to the cell it is about.

The order is :func:`tables.ordered_findings`' (the exports share it); a link
jumps to the unit sheet's copy of the cell, up to the links Excel keeps on a
sheet, after which the cell is only named and a note says so.
"""

from __future__ import annotations

from typing import Any

from excel_eval.collection import Collection
from excel_eval.findings import Finding, Severity
from excel_eval.write import tables
from excel_eval.write.summary.kit import Styles, fit_row
from excel_eval.write.summary.paper import MAX_LINKS_PER_SHEET


PROBLEM_COLUMNS = (("序号", 5), ("级别", 5), ("单位", 11), ("文件", 20), ("工作表", 9), ("单元格", 7),
                   ("问题类型", 14), ("说明", 56), ("应为", 14), ("实为", 14))


def write_problems(sheet: Any, collection: Collection, styles: Styles,
                    anchors: dict[tuple[str, str, str], tuple[str, str]]) -> None:
    """Every finding in :func:`tables.ordered_findings` order, each linked to the cell it is about."""
    for col, (title, width) in enumerate(PROBLEM_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, styles["header"])
    problems = tables.ordered_findings(collection)
    level = {severity: styles.flagged("centre", severity) for severity in Severity}
    number, wrap = styles["integer"], styles["wrap"]
    widths = [width for _, width in PROBLEM_COLUMNS]
    links = 0
    for row, finding in enumerate(problems, start=1):
        expected, found = _shown_difference(finding)
        sheet.write_number(row, 0, row, number)
        sheet.write_string(row, 1, finding.severity.label, level[finding.severity])
        texts = [finding.unit, finding.file, finding.sheet]
        for col, text in enumerate(texts, start=2):
            sheet.write_string(row, col, text, wrap)
        target = anchors and (anchors.get((finding.file, finding.sheet, finding.cell))
                              or anchors.get((finding.file, "", "")))
        if target and finding.cell and links < MAX_LINKS_PER_SHEET:
            links += 1
            sheet.write_url(row, 5, f"internal:'{target[0]}'!{target[1]}", styles["link"], finding.cell)
        else:
            sheet.write_string(row, 5, finding.cell, wrap)
        for col, text in ((6, finding.title), (7, finding.message), (8, expected), (9, found)):
            sheet.write_string(row, col, text, wrap)
        fit_row(sheet, row, zip([finding.unit, finding.file, finding.sheet, "", finding.title, finding.message,
                                 expected, found], widths[2:]))
    if links == MAX_LINKS_PER_SHEET and len(problems) > links:
        sheet.write_string(len(problems) + 2, 0, f"注：Excel 每张工作表最多保留 {MAX_LINKS_PER_SHEET:,} 个链接，"
                                                 f"本表前 {links:,} 个问题的单元格可点击跳转，其余的只写出单元格地址。",
                           styles["note"])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(problems), 1), len(PROBLEM_COLUMNS) - 1)
    sheet.repeat_rows(0)


def _shown_difference(finding: Finding) -> tuple[str, str]:
    """应为 and 实为 as the list shows them; when they read the same the difference is
    that the cell holds text where a number belongs, and the two say so."""
    if finding.expected and finding.expected == finding.found:
        return f"数字 {finding.expected}", f"文本“{finding.found}”"
    return finding.expected, finding.found
