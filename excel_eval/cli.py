"""The ``excel-eval`` command line: parses options and calls plain functions.

Heavy libraries (openpyxl, xlsxwriter, python-docx) are imported inside the
commands, so ``excel-eval --help`` starts fast.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from excel_eval import __version__
from excel_eval.catalogue import REASONS, user_text
from excel_eval.cli_frame import ChineseGroup, install
from excel_eval.fields import MAX_YEAR, MIN_YEAR
from excel_eval.rules import RulesError, load_rules

install()


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="excel-eval", message="%(prog)s %(version)s",
                      help="显示版本号并退出。")
@click.help_option("-h", "--help", help="显示本帮助并退出。")
def main() -> None:
    """绩效自评表的模板生成、检查与汇总工具。

    \b
    工作顺序：
      1. template  区里生成模板，按名册为每个单位预填一份
      2. check     镇街填写后报送前自查
      3. collect   区里汇总收回的全部报送
      4. feedback  为每个单位生成审核意见副本，退回修改
         report    为每个单位起草绩效评价报告

    每个命令的用法：excel-eval 命令 -h，例如 excel-eval collect -h
    """


class UsageProblem(click.UsageError):
    """A usage error shown as one Chinese line on stderr, without click's usage line.

    Raised with a code of :data:`~excel_eval.catalogue.USER_ERRORS` and its values;
    ``told`` passes on another user error's message as it was told.
    """

    exit_code = 2

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(user_text(code, **values))

    def show(self, file: object = None) -> None:
        click.echo(f"错误：{self.message}", err=True)


def describe_path(path: Path) -> str:
    """What is at ``path``, for a message about it: a file, a folder, or nothing and what is near.

    "找不到文件" alone leaves a clerk guessing between a typo, the wrong
    folder and a file that is really a folder; this names which it is.
    """
    if path.is_dir():
        return f"{path} 是一个文件夹"
    if path.exists():
        return f"{path} 是一个文件"
    parent = path.parent
    if not parent.is_dir():
        missing = parent
        while not missing.parent.is_dir():
            missing = missing.parent
        return f"{path} 不存在（文件夹 {missing} 也不存在）"
    inside = "当前文件夹中" if parent == Path(".") else f"文件夹 {parent} 中"
    names = sorted(entry.name for entry in parent.iterdir() if not entry.name.startswith((".", "~$")))
    stems = {Path(name).stem: name for name in reversed(names)}  # by stem: a shared ".xlsx" is no likeness
    close = difflib.get_close_matches(path.stem, list(stems), n=1, cutoff=0.6)
    if close:
        return f"{path} 不存在（是否为 {parent / stems[close[0]]}？）"
    if not names:
        return f"{path} 不存在，{inside}没有任何文件"
    shown = "、".join(names[:6]) + ("等" if len(names) > 6 else "")
    return f"{path} 不存在；{inside}有：{shown}"


class YearType(click.ParamType):
    """An evaluation year, between the field table's bounds (2000–2100)."""

    name = "年份"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        option = param.opts[0] if param else "年份"
        text = str(value).strip()
        if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
            raise UsageProblem("year_option", option=option, low=MIN_YEAR, high=MAX_YEAR, value=value)
        return int(text)


@main.command(short_help="生成模板：空白模板，或按名册为每个单位预填一份。")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), metavar="路径",
              help="空白模板：输出的 .xlsx 文件；按名册生成：输出文件夹。")
@click.option("--roster", type=click.Path(path_type=Path), metavar="名册",
              help="单位名册（.xlsx/.csv 含“单位名称”列，或每行一个单位的 .txt）。")
@click.option("--year", type=YearType(), help="评价年度，与 --roster 一起使用，如 2024。")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path), metavar="规则文件",
              help="规则文件（TOML）：默认分值、拨付比例和填报说明中的标准取自此文件。")
@click.option("--force", is_flag=True, help="文件已存在时覆盖（会清除其中已填写的内容）。")
@click.help_option("-h", "--help", help="显示本帮助并退出。")
def template(output: Path | None, roster: Path | None, year: int | None,
             rules_path: Path | None, force: bool) -> None:
    """生成绩效自评模板：空白模板，或按名册为每个单位生成预填好的填报文件。

    \b
    示例：
      excel-eval template -o 绩效自评模板.xlsx
      excel-eval template --roster 名册.csv --year 2024 -o 2024年填报文件
    """
    from excel_eval.read.roster import RosterError
    from excel_eval.write.template import TemplateError, write_template, write_templates_for_roster

    if output is None:
        raise UsageProblem("template_output_missing")
    if (roster is None) != (year is None):
        raise UsageProblem("roster_without_year")
    try:
        rules = load_rules(rules_path)
    except RulesError as exc:
        raise UsageProblem("told", message=str(exc)) from exc
    try:
        if roster is None:
            path = write_template(output, rules=rules, overwrite=force)
            click.echo(f"已生成空白模板：{path}")
        else:
            paths = write_templates_for_roster(roster, year, output, rules, overwrite=force)
            click.echo(f"已为 {len(paths)} 个单位生成 {year} 年度填报文件，保存在：{output}")
    except (RosterError, TemplateError) as exc:
        raise UsageProblem("told", message=exc.message) from exc


class DateType(click.ParamType):
    """A date written 2025-03-31 (also 2025/3/31 or 2025年3月31日)."""

    name = "日期"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None):
        import datetime as dt
        import re

        option = param.opts[0] if param else "日期"
        parts = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", str(value))
        try:
            return dt.date(*(int(part) for part in parts.groups()))
        except (AttributeError, ValueError):
            raise UsageProblem("date_option", option=option, value=value) from None


class RulesFile(click.ParamType):
    """A rules file (TOML), loaded and validated when the option is parsed."""

    name = "规则文件"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None):
        try:
            return load_rules(Path(str(value)))
        except RulesError as exc:
            raise UsageProblem("told", message=str(exc)) from exc


def _rules(rules):
    return rules if rules is not None else load_rules()


@main.command(short_help="检查填报文件，列出问题和复核得分。")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="文件或文件夹...")
@click.option("--rules", type=RulesFile(), metavar="规则文件", help="评分与检查规则（TOML），默认为内置规则。")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="输出格式：table 为中文表格，json 供程序读取。")
@click.help_option("-h", "--help", help="显示本帮助并退出。")
def check(files: tuple[Path, ...], rules, output_format: str) -> None:
    """检查一个或多个填报文件（或文件夹中的全部文件），列出发现的问题，并给出复核得分。

    一起检查的文件也像汇总时一样相互比对，例如同一单位同一年度的重复报送。

    没有“错误”时退出码为 0，有“错误”或文件无法读取时为 1，用法错误为 2。

    \b
    示例：
      excel-eval check 钟落潭镇_2024_绩效自评.xlsx
      excel-eval check 报送文件
      excel-eval check --format json *.xlsx
    """
    from excel_eval.collect import FolderUnreadable, find_files
    from excel_eval.pipeline import run_check
    from excel_eval.write.export import check_document, to_json
    from excel_eval.write.terminal import format_review, format_totals

    if not files:
        raise UsageProblem("check_nothing_given")
    missing = [describe_path(path) for path in files if not path.exists()]
    if missing:
        raise UsageProblem("check_missing", paths="；".join(missing))
    try:
        paths = [found for path in files for found in (find_files(path) if path.is_dir() else [path])]
    except FolderUnreadable as exc:
        raise UsageProblem("told", message=exc.message) from exc
    if not paths:
        raise UsageProblem("folders_empty", folders="、".join(str(path) for path in files))
    rules = _rules(rules)
    reviews = run_check(paths, rules)
    if output_format == "json":
        click.echo(to_json(check_document(reviews)))
    else:
        for review in reviews:
            click.echo(format_review(review) + "\n")
        click.echo(format_totals(reviews))
    raise SystemExit(1 if any(review.has_errors or review.status != "read" for review in reviews) else 0)


@main.command(short_help="汇总文件夹中的全部报送，生成对比和问题清单。")
@click.argument("folder", type=click.Path(path_type=Path), metavar="文件夹")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="汇总.xlsx",
              help="输出的汇总工作簿（必填）。")
@click.option("--roster", type=click.Path(path_type=Path), metavar="名册",
              help="单位名册，用于列出未报送的单位（.xlsx/.csv/.txt）。")
@click.option("--rules", type=RulesFile(), metavar="规则文件", help="评分与检查规则（TOML），默认为内置规则。")
@click.option("--year", type=YearType(),
              help="只汇总该评价年度的报送；不指定则汇总文件最多的年度（数量相同取最近的），往年报送用于与上年对比。")
@click.option("--unit-sheets", type=click.Choice(["auto", "all", "none"]), default="auto", show_default=True,
              help="是否为每个单位生成一张复核工作表；auto 表示单位不多于规则所设数量"
                   f"（默认 {load_rules().comparison.unit_sheets_limit} 个）时生成。")
@click.option("--previous", type=click.Path(path_type=Path), metavar="上年汇总.xlsx",
              help="上年用本工具生成的汇总工作簿，用于与上年对比（预算、得分、等级、指标值）。")
@click.option("--feedback", "feedback_dir", type=click.Path(path_type=Path), metavar="文件夹",
              help="同时为每个单位生成带审核意见的原文件副本，保存到该文件夹（不能在报送文件夹之内）。")
@click.option("--reports", "reports_dir", type=click.Path(path_type=Path), metavar="文件夹",
              help="同时为每个单位生成绩效评价报告初稿（.docx），保存到该文件夹（不能在报送文件夹之内）。")
@click.option("--json", "json_path", type=click.Path(path_type=Path), metavar="文件.json",
              help="同时把全部数据（单位、指标、问题、未纳入的文件）写成 JSON，供其他系统导入。")
@click.option("--csv", "csv_dir", type=click.Path(path_type=Path), metavar="文件夹",
              help="同时写出 units.csv、indicators.csv、findings.csv（UTF-8 带 BOM，可直接用 Excel 或 WPS 打开）。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度条和汇总信息。")
@click.help_option("-h", "--help", help="显示本帮助并退出。")
def collect(folder: Path, output: Path | None, roster: Path | None, rules, year: int | None, unit_sheets: str,
            previous: Path | None, force: bool, quiet: bool, feedback_dir: Path | None,
            reports_dir: Path | None, json_path: Path | None, csv_dir: Path | None) -> None:
    """汇总文件夹（含子文件夹）中的所有填报文件，生成对比、问题清单和逐单位复核表。

    退出码：0 全部读取且没有“错误”；1 已生成汇总，但有文件无法读取或存在“错误”；2 用法错误或未生成汇总。

    \b
    示例：
      excel-eval collect 报送文件 -o 汇总.xlsx --roster 名册.csv --year 2024
      excel-eval collect 报送文件 -o 汇总.xlsx --feedback 审核意见
      excel-eval collect 报送文件 -o 汇总.xlsx --reports 评价报告
      excel-eval collect 报送文件 -o 2024汇总.xlsx --previous 2023汇总.xlsx
      excel-eval collect 报送文件 -o 汇总.xlsx --json 汇总.json --csv 汇总数据
    """
    from excel_eval.findings import Severity
    from excel_eval.saving import os_error_reason
    from excel_eval.write.summary import write_summary
    from excel_eval.write.terminal import format_collection

    _need_folder(folder, "collect_given_a_file")
    if output is None:
        raise UsageProblem("summary_output_missing")
    _check_output_file(output, ".xlsx", force)
    _refuse_overwriting_an_input(folder, output)
    if feedback_dir is not None:
        _check_outside(folder, feedback_dir, "审核意见")
    if reports_dir is not None:
        _check_outside(folder, reports_dir, "评价报告")
    if json_path is not None:
        _check_output_file(json_path, ".json", force)
    if csv_dir is not None:
        _check_outside(folder, csv_dir, "CSV 文件")
    rules = _rules(rules)
    outputs = [output] + ([json_path] if json_path is not None else [])
    collection = _collect_with_progress(folder, rules, roster, year, quiet, previous, exclude=outputs)
    if collection.previous_problem:
        click.echo(f"警告：{collection.previous_problem}", err=True)
    try:
        write_summary(collection, output, unit_sheets)
    except OSError as exc:
        kept = REASONS["summary_kept"] if output.exists() else REASONS["nothing_left"]
        raise UsageProblem("summary_write_failed", path=output, reason=os_error_reason(exc), kept=kept) from exc
    copies_failed = _write_machine_files(collection, json_path, csv_dir, quiet)
    copies_failed |= feedback_dir is not None and _write_feedback(collection, feedback_dir, quiet)
    if reports_dir is not None:
        copies_failed |= _write_reports(collection.unit_reviews(), reports_dir, rules, quiet)
    if not quiet:
        click.echo(format_collection(collection, output), err=True)
    failed = collection.failed or any(finding.severity is Severity.ERROR for finding in collection.all_findings)
    raise SystemExit(1 if failed or copies_failed else 0)


@main.command(short_help="为每个单位生成带审核意见的原文件副本。")
@click.argument("folder", type=click.Path(path_type=Path), metavar="文件夹")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="文件夹",
              help="审核意见文件的输出文件夹（不能在报送文件夹之内）。")
@click.option("--roster", type=click.Path(path_type=Path), metavar="名册",
              help="单位名册（.xlsx/.csv/.txt），文件名按名册中的单位名称。")
@click.option("--rules", type=RulesFile(), metavar="规则文件",
              help="评分与检查规则（TOML），退回截止日期和联系人也取自此文件。")
@click.option("--year", type=YearType(),
              help="只处理该评价年度的报送；不指定则处理文件最多的年度（数量相同取最近的）。")
@click.option("--return-date", type=DateType(), metavar="日期",
              help="请镇街重新报送的截止日期，如 2025-03-31（不指定则取规则文件中的设置）。")
@click.option("--contact", metavar="联系人", help="审核意见中写明的联系人（不指定则取规则文件中的设置）。")
@click.option("--phone", metavar="电话", help="联系人的电话（不指定则取规则文件中的设置）。")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度条和完成信息。")
@click.help_option("-h", "--help", help="显示本帮助并退出。")
def feedback(folder: Path, output: Path | None, roster: Path | None, rules, year: int | None,
             return_date, contact: str | None, phone: str | None, quiet: bool) -> None:
    """为每个单位生成带审核意见的原文件副本（<单位>_<年度>_审核意见.xlsx），退回镇街修改。

    副本保留原表格和数据：有问题的单元格按级别着色并加批注，第一张工作表“审核意见”列出全部问题、复核得分和下一步要求。原文件不会被修改。

    退出码：0 全部生成；1 有文件无法读取或无法生成副本；2 用法错误。

    \b
    示例：
      excel-eval feedback 报送文件 -o 审核意见 --year 2024
      excel-eval feedback 报送文件 -o 审核意见 --return-date 2025-03-31
    """
    from dataclasses import replace

    from excel_eval.write.terminal import format_years

    _need_folder(folder, "feedback_given_a_file")
    if output is None:
        raise UsageProblem("feedback_output_missing")
    _check_outside(folder, output, "审核意见")
    rules = _rules(rules)
    asked = {"return_date": return_date, "contact": contact, "phone": phone}
    rules = replace(rules, review=replace(rules.review, **{key: value for key, value in asked.items()
                                                           if value is not None}))
    collection = _collect_with_progress(folder, rules, roster, year, quiet)
    if not quiet and format_years(collection.year_choice):
        click.echo(format_years(collection.year_choice), err=True)
    for review in collection.failed:
        click.echo(f"无法读取：{review.name}：{review.result.reason}", err=True)
    copies_failed = _write_feedback(collection, output, quiet)
    raise SystemExit(1 if collection.failed or copies_failed else 0)


def _need_folder(folder: Path, given_a_file: str) -> None:
    """Stop with a message naming what is at ``folder``; for a file, ``given_a_file`` names the command that takes one."""
    if folder.is_dir():
        return
    if folder.exists():
        raise UsageProblem(given_a_file, folder=folder)
    raise UsageProblem("submissions_folder_missing", path=describe_path(folder))


def _collect_with_progress(folder: Path, rules, roster: Path | None, year: int | None, quiet: bool,
                           previous: Path | None = None, exclude: list[Path] | None = None,
                           files: list[Path] | None = None):
    """Read the roster, then run the collection with a progress bar on stderr for long runs.

    ``files`` narrows the run to those files of ``folder`` (``report`` given one file).
    """
    from excel_eval.collect import FolderUnreadable, find_files
    from excel_eval.pipeline import YearNotFound, run_collection
    from excel_eval.read.roster import RosterError, read_roster

    try:
        units = read_roster(roster) if roster is not None else None
        if files is None:
            files = find_files(folder, exclude or [])
    except (RosterError, FolderUnreadable) as exc:
        raise UsageProblem("told", message=exc.message) from exc
    if not files:
        raise UsageProblem("folder_empty", folder=folder)
    with click.progressbar(length=len(files), label="正在读取", file=sys.stderr,
                           show_pos=True, hidden=quiet or len(files) < 20) as bar:
        try:
            return run_collection(folder, rules, units, year, previous, files=files,
                                  on_review=lambda _: bar.update(1))
        except YearNotFound as exc:
            raise UsageProblem("told", message=exc.message) from exc


def _check_output_file(path: Path, suffix: str, force: bool) -> None:
    if path.suffix.lower() != suffix:
        raise UsageProblem("output_suffix", suffix=suffix, path=path)
    if path.exists() and not force:
        raise UsageProblem("output_exists", path=path)
    if not path.parent.is_dir():
        raise UsageProblem("output_place_unusable", path=describe_path(path.parent))


def _refuse_overwriting_an_input(folder: Path, output: Path) -> None:
    """An output naming a file of the submissions folder may replace only an earlier summary of ours.

    With ``--force``, ``-o 报送/石门街道.xlsx`` would destroy a submission and
    leave it out of the very summary written over it.
    """
    from excel_eval.read.reader import is_summary
    from excel_eval.read.workbook import UnreadableFile, open_workbook

    if not output.exists() or not output.resolve().is_relative_to(folder.resolve()):
        return
    try:
        if is_summary(open_workbook(output)):
            return
    except UnreadableFile:
        pass
    raise UsageProblem("output_is_a_submission", path=output, instead=folder.resolve().parent / "汇总.xlsx")


def _check_outside(source: Path, out_dir: Path, what: str) -> None:
    """An output folder that is a folder and lies outside the submissions folder ``source``
    (for one file: the file's own folder).

    Files written inside the submissions folder would be read as submissions
    by the next collect: refuse, and name a folder beside it instead.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageProblem("output_folder_is_a_file", what=what, path=out_dir)
    folder = (source if source.is_dir() else source.parent).resolve()
    if out_dir.resolve().is_relative_to(folder):
        kind = REASONS["submissions_folder"] if source.is_dir() else REASONS["submission_folder"]
        raise UsageProblem("output_inside_submissions", what=what, path=out_dir, kind=kind, folder=folder,
                           instead=folder.parent / what.replace(" ", ""))


def _write_machine_files(collection, json_path: Path | None, csv_dir: Path | None, quiet: bool) -> bool:
    """The JSON document and the CSV files asked for; a line for each that could not be written."""
    from excel_eval.read.roster import os_error_reason
    from excel_eval.write.export import collection_document, write_csv, write_json

    failed = False
    for path, write in ((json_path, lambda: [write_json(collection_document(collection), json_path)]),
                        (csv_dir, lambda: write_csv(collection, csv_dir))):
        if path is None:
            continue
        try:
            written = write()
        except OSError as exc:
            click.echo(f"无法写入 {exc.filename or path}：{os_error_reason(exc)}。", err=True)
            failed = True
            continue
        if not quiet:
            click.echo(f"已写出：{'、'.join(str(item) for item in written)}", err=True)
    return failed


def _write_feedback(collection, out_dir: Path, quiet: bool) -> bool:
    """Write every unit's annotated copy; report each one that failed. True if any did."""
    from excel_eval.write.feedback import write_collection_feedback

    run = write_collection_feedback(collection, out_dir)
    for _, message in run.failed:
        click.echo(f"未能生成审核意见：{message}", err=True)
    if not quiet:
        click.echo(f"已为 {len(run.written)} 个单位生成审核意见，保存在：{out_dir}")
    return bool(run.failed)


@main.command(short_help="为每个单位起草绩效评价报告（.docx）。")
@click.argument("source", type=click.Path(path_type=Path), metavar="文件夹或文件")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), metavar="文件夹",
              help="评价报告的输出文件夹，不存在时自动创建（不能在报送文件所在的文件夹之内）。")
@click.option("--rules", type=RulesFile(), metavar="规则文件", help="评分与检查规则（TOML），默认为内置规则。")
@click.option("--year", type=YearType(),
              help="只为该评价年度的报送生成报告；不指定则取文件最多的年度（数量相同取最近的）。")
@click.help_option("-h", "--help", help="显示本帮助并退出。")
def report(source: Path, out_dir: Path | None, rules, year: int | None) -> None:
    """为每个填报文件生成一份绩效评价报告初稿（<单位>_<年度>_绩效评价报告.docx）。

    报告按评价报告的体例写出项目概述、资金来源及使用、绩效目标、复核得分和等级、各项指标完成情况、指标评分表和复核发现的问题；数字均取自填报文件和复核结果，未填写的内容写作“未填报”。

    退出码：0 全部生成；1 有文件无法读取或报告无法写入；2 用法错误。

    \b
    示例：
      excel-eval report 报送文件 -o 评价报告
      excel-eval report 报送文件/钟落潭镇_2024_绩效自评.xlsx -o 评价报告
    """
    from excel_eval.write.terminal import format_years

    if out_dir is None:
        raise UsageProblem("report_output_missing")
    if not source.exists():
        raise UsageProblem("submissions_missing", path=describe_path(source))
    _check_outside(source, out_dir, "评价报告")
    rules = _rules(rules)
    folder, files = (source, None) if source.is_dir() else (source.parent, [source])
    collection = _collect_with_progress(folder, rules, None, year, quiet=False, files=files)
    if format_years(collection.year_choice):
        click.echo(format_years(collection.year_choice), err=True)
    reviews = collection.unit_reviews() + collection.failed + collection.skipped
    write_failed = _write_reports(reviews, out_dir, rules, quiet=False)
    raise SystemExit(1 if write_failed or collection.failed else 0)


def _write_reports(reviews, out_dir: Path, rules, quiet: bool) -> bool:
    """A report per readable review; one line for each file that got none. True if writing failed."""
    from excel_eval.read.roster import os_error_reason
    from excel_eval.write.report import unread_message, write_reports

    failed: list[str] = []

    def tell_failed(message: str) -> None:
        failed.append(message)
        click.echo(message, err=True)

    try:
        written = write_reports(reviews, out_dir, rules,
                                on_unread=lambda review: click.echo(unread_message(review), err=True),
                                on_failed=tell_failed)
    except OSError as exc:
        click.echo(f"无法写入评价报告 {exc.filename or out_dir}：{os_error_reason(exc)}。", err=True)
        return True
    if not quiet:
        click.echo(f"已生成 {len(written)} 份评价报告，保存在：{out_dir}")
    return bool(failed)
