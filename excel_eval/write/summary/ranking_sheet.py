"""排名: the page a district prints and signs.

One A4 portrait page for a district of ~25 units, fitted to it up to
:data:`RANKING_ONE_PAGE` units; the units in the order the standings give
(ranked first, the unranked last with their reason).  Its columns are the
ones the 总览 bar charts draw from, so the charts follow the ranking.
"""

from __future__ import annotations

from typing import Any

from excel_eval.collection import Collection
from excel_eval.findings import Severity
from excel_eval.judge.ranking import Standing
from excel_eval.write.summary.kit import DEFAULT_ROW_HEIGHT, Styles, title_of, write_value
from excel_eval.write.summary.paper import row_height


RANKING_COLUMNS = (("排名", 6), ("单位", 16), ("复核得分", 9), ("等级", 6), ("执行率", 9),
                   ("待核实\n分值", 8), ("错误数", 7), ("说明", 28))
#: The ranking's header row (0-based); the title and a note are above it.
RANKING_HEADER = 2


def write_ranking(sheet: Any, collection: Collection, standings: list[Standing], styles: Styles) -> None:
    """The page a district prints and signs: one A4 portrait page for a district of ~25 units."""
    last = len(RANKING_COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last, title_of(collection, "绩效自评复核排名"), styles["title_centre"])
    sheet.set_row(0, 28)
    unranked = sum(1 for standing in standings if standing.rank is None)
    note = f"共 {len(standings)} 个单位，按复核得分从高到低排列，同分同名次"
    if len(collection.years) > 1:
        note += "；各年度分别排名"
    if unranked:
        note += f"；{unranked} 个单位未排名，列在最后并说明原因"
    sheet.merge_range(1, 0, 1, last, note + "。", styles["note"])
    for col, (title, width) in enumerate(RANKING_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(RANKING_HEADER, col, title, styles["header"])
    sheet.set_row(RANKING_HEADER, row_height(RANKING_COLUMNS) or DEFAULT_ROW_HEIGHT)
    several_years = len(collection.years) > 1
    for row, standing in enumerate(standings, start=RANKING_HEADER + 1):
        entry = standing.entry
        evaluation = entry.review.evaluation
        found = collection.findings_of(entry.review)
        name = f"{entry.unit}（{entry.year}）" if several_years and entry.year else entry.unit
        values = [
            (standing.rank if standing.rank is not None else "—", "integer"),
            (name, "text"),
            (evaluation.total_score.value, "score"),
            (evaluation.grade, "centre"),
            (evaluation.exec_rate.value, "percent"),
            (evaluation.unverified_points or None, "score"),
            (sum(1 for f in found if f.severity is Severity.ERROR), "integer"),
            (standing.reason, "wrap"),
        ]
        for col, (value, kind) in enumerate(values):
            write_value(sheet, row, col, value, styles[kind] if value != "—" else styles["centre"])
        sheet.set_row(row, row_height([(standing.reason, RANKING_COLUMNS[-1][1])]) or _RANKING_ROW_HEIGHT)
    sheet.set_portrait()
    sheet.fit_to_pages(1, 1 if len(standings) <= RANKING_ONE_PAGE else 0)
    sheet.center_horizontally()
    sheet.repeat_rows(RANKING_HEADER)
    sheet.freeze_panes(RANKING_HEADER + 1, 0)


#: Up to this many units the ranking is squeezed onto one page; beyond, it runs on, header repeated.
RANKING_ONE_PAGE = 50
#: A ranking row's height (points): a little air between the lines of the printed page.
_RANKING_ROW_HEIGHT = 18
