"""未报送与无法读取: every file and roster unit that is not a row of 区域对比.

With the units' rows it accounts for every file found: one line says how
many there were and where each went, then one section per reason
(unreadable, duplicate, other year, not sent, ...), each line with its reason.
"""

from __future__ import annotations

from typing import Any

from excel_eval.collection import Collection
from excel_eval.write import tables
from excel_eval.write.summary.kit import Styles, fit_row


_NOT_INCLUDED_WIDTHS = (36, 12, 70)


def write_not_included(sheet: Any, collection: Collection, styles: Styles) -> None:
    for col, width in enumerate(_NOT_INCLUDED_WIDTHS):
        sheet.set_column(col, col, width)
    row = 0
    sheet.write_string(row, 0, _accounting_line(collection), styles["subtitle"])
    rows = tables.not_included_rows(collection)
    sections = [(title, [(item["file"] or item["unit"], item["unit"] if item["file"] else item["kind"],
                          item["reason"]) for item in rows if item["status"] == status])
                for status, title in tables.NOT_INCLUDED_LABELS.items()]
    row += 2
    for title, lines in sections:
        sheet.write_string(row, 0, f"{title}（{len(lines)}）", styles["subtitle"])
        row += 1
        if not lines:
            sheet.write_string(row, 0, "无", styles["note"])
            row += 2
            continue
        sheet.write_row(row, 0, ["文件或单位", "单位/类型", "原因"], styles["header"])
        for line in lines:
            row += 1
            for col, value in enumerate(line):
                sheet.write_string(row, col, value, styles["wrap"])
            fit_row(sheet, row, zip(line, _NOT_INCLUDED_WIDTHS))
        row += 2


def _accounting_line(collection: Collection) -> str:
    superseded = sum(len(entry.superseded) for entry in collection.units)
    return (f"共找到 {len(collection.reviews)} 个文件：纳入汇总 {len(collection.units)} 个，"
            f"重复未采用 {superseded} 个，其他年度 {len(collection.excluded)} 个，"
            f"无法读取 {len(collection.failed)} 个，跳过 {len(collection.skipped)} 个。")
