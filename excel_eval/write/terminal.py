"""Reviews as a town clerk reads them in a terminal (``export`` has the JSON for programs)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from excel_eval.cli_frame import display_width
from excel_eval.collection import Collection, YearChoice
from excel_eval.findings import Severity
from excel_eval.judge.review import Review
from excel_eval.keys import unit_key

_COLUMNS = (("级别", 4), ("位置", 16), ("问题", 0))


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def format_review(review: Review) -> str:
    """A readable Chinese block for one file: scores, then one line per finding."""
    lines = [_heading(review)]
    if review.evaluation is not None:
        lines.append("  " + _scores(review))
    if not review.findings:
        lines.append("  未发现问题。")
        return "\n".join(lines)
    header = "  " + "  ".join(pad(title, width) for title, width in _COLUMNS).rstrip()
    lines.append(header)
    for finding in review.findings:
        where = f"{finding.sheet}!{finding.cell}" if finding.cell else finding.sheet or "（整个文件）"
        width = max(_COLUMNS[1][1], display_width(where))
        lines.append(f"  {pad(finding.severity.label, _COLUMNS[0][1])}  {pad(where, width)}  {finding.message}")
    return "\n".join(lines)


def _heading(review: Review) -> str:
    submission = review.submission
    if submission is None:
        state = "已跳过" if review.status == "skipped" else "无法读取"
        return f"{review.name}（{state}）"
    year = submission.eval_year
    unit = unit_key(submission.unit_name) if submission.unit_name else "未填单位"
    return f"{review.name}（{unit}{f' {year} 年度' if year else ''}）"


def _scores(review: Review) -> str:
    evaluation = review.evaluation
    submission = review.submission
    unverified = (f"，含待核实 {evaluation.unverified_points:g} 分（{evaluation.unverified_count} 项）"
                  if evaluation.unverified_count else "")
    return (f"复核得分 {evaluation.total_score.value:.2f}（{evaluation.grade or '未评级'}{unverified}）"
            f" · {self_assessment(submission)}")


def self_assessment(submission) -> str:
    """What the unit itself states, and plainly which of its two figures it left out."""
    score, grade = submission.number("self_total_score"), submission.text("self_grade")
    if score is not None and grade:
        return f"单位自评 {score:g} 分（{grade}）"
    if score is not None:
        return f"单位自评 {score:g} 分，未填自评等级"
    if grade:
        return f"单位自评等级 {grade}，未填自评总分"
    return "单位未填自评总分和自评等级"


def format_totals(reviews: Iterable[Review]) -> str:
    reviews = list(reviews)
    counts = {severity: sum(r.count(severity) for r in reviews) for severity in Severity}
    unread = sum(1 for r in reviews if r.status != "read")
    text = (f"共 {len(reviews)} 个文件：{counts[Severity.ERROR]} 个错误，"
            f"{counts[Severity.WARNING]} 个警告，{counts[Severity.INFO]} 个提示")
    return text + (f"；{unread} 个文件未能读取。" if unread else "。")


def year_counts(choice: YearChoice) -> str:
    """The years found and their files: "2022 年 1 个、2023 年 2 个文件"."""
    return "、".join(f"{year} 年 {count} 个" for year, count in choice.counts.items()) + "文件"


def format_years(choice: YearChoice) -> str:
    """Which years the folder holds and which one this run covers; '' when no file gives a year."""
    if choice.year is None:
        return ""
    if list(choice.counts) == [choice.year]:
        return f"评价年度：{choice.year} 年（{choice.counts[choice.year]} 个文件）。"
    if choice.asked:
        why = "按 --year 指定"
    elif sum(count == choice.counts[choice.year] for count in choice.counts.values()) > 1:
        why = "文件最多的年度中最近的一个；可用 --year 指定其他年度"
    else:
        why = "文件最多的年度；可用 --year 指定其他年度"
    return (f"找到 {len(choice.counts)} 个评价年度的报送：{year_counts(choice)}。"
            f"本次只处理 {choice.year} 年度（{why}），其他年度的文件不纳入。")


#: Units not on the roster named one by one at the end of ``collect``; the rest are counted.
OFF_ROSTER_SHOWN = 10


def format_collection(collection: Collection, output: Path) -> str:
    """The one-screen summary at the end of ``collect``."""
    units = collection.units
    errors = sum(1 for finding in collection.all_findings if finding.severity is Severity.ERROR)
    lines = [line for line in (format_years(collection.year_choice),) if line] + [
        f"共找到 {len(collection.reviews)} 个文件，纳入汇总 {len(units)} 个单位"
        + (f"，名册中 {len(collection.missing)} 个单位未报送" if collection.roster is not None else "") + "。",
    ]
    if collection.failed:
        lines.append(f"{len(collection.failed)} 个文件无法读取：" + "、".join(r.name for r in collection.failed[:5])
                     + ("等" if len(collection.failed) > 5 else ""))
    off_roster = [finding for finding in collection.cross_findings if finding.code == "unit_not_on_roster"]
    lines += [f"{finding.file}：{finding.message}" for finding in off_roster[:OFF_ROSTER_SHOWN]]
    if len(off_roster) > OFF_ROSTER_SHOWN:
        lines.append(f"另有 {len(off_roster) - OFF_ROSTER_SHOWN} 个填报单位不在名册中，见汇总的“问题清单”。")
    if collection.previous is not None:
        matched = sum(collection.previous.match(entry.unit, entry.year) is not None for entry in units)
        lines.append(f"已与{collection.previous.source}对比：{matched} 个单位有上年数据，见“年度对比”工作表。"
                     if matched else f"{collection.previous.source}里没有本次汇总单位的上年数据。")
    lines.append(f"发现问题 {len(collection.all_findings)} 个，其中错误 {errors} 个。")
    lines.append(f"汇总已保存：{output}")
    return "\n".join(lines)
