"""The ``excel-eval`` command line: parses options and calls plain functions.

Heavy libraries (pandas, openpyxl, xlsxwriter) are imported inside the
commands, so ``excel-eval --help`` starts fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from excel_eval import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="excel-eval", message="%(prog)s %(version)s")
def main() -> None:
    """绩效自评表的模板生成、检查与汇总工具。"""


class UsageProblem(click.UsageError):
    """A usage error shown as one Chinese line on stderr (click's own wording is English)."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"错误：{self.message}", err=True)


class YearType(click.ParamType):
    """An evaluation year, 2000–2100."""

    name = "年份"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        from excel_eval.template import MAX_YEAR, MIN_YEAR

        option = param.opts[0] if param else "年份"
        text = str(value).strip()
        if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
            raise UsageProblem(f"{option} 应为 {MIN_YEAR}–{MAX_YEAR} 之间的四位年份，收到：{value}")
        return int(text)


@main.command()
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), metavar="路径",
              help="空白模板：输出的 .xlsx 文件；按名册生成：输出文件夹。")
@click.option("--roster", type=click.Path(path_type=Path), metavar="名册",
              help="单位名册（.xlsx/.csv 含“单位名称”列，或每行一个单位的 .txt）。")
@click.option("--year", type=YearType(), help="评价年度，与 --roster 一起使用，如 2024。")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path), metavar="规则文件",
              help="规则文件（TOML）：默认分值、拨付比例和填报说明中的标准取自此文件。")
@click.help_option("-h", "--help", help="显示本帮助并退出。")
def template(output: Path | None, roster: Path | None, year: int | None,
             rules_path: Path | None) -> None:
    """生成绩效自评模板：空白模板，或按名册为每个单位生成预填好的填报文件。

    \b
    示例：
      excel-eval template -o 绩效自评模板.xlsx
      excel-eval template --roster 名册.csv --year 2024 -o 2024年填报文件
    """
    from excel_eval.roster import RosterError
    from excel_eval.rules import RulesError, load_rules
    from excel_eval.template import TemplateError, write_template, write_templates_for_roster

    if output is None:
        raise UsageProblem("请用 -o 指定输出位置：空白模板为 .xlsx 文件，按名册生成时为文件夹。")
    if (roster is None) != (year is None):
        raise UsageProblem("--roster 和 --year 需要一起使用，例如：--roster 名册.csv --year 2024")
    try:
        rules = load_rules(rules_path)
    except RulesError as exc:
        raise UsageProblem(str(exc)) from exc
    try:
        if roster is None:
            path = write_template(output, rules=rules)
            click.echo(f"已生成空白模板：{path}")
        else:
            paths = write_templates_for_roster(roster, year, output, rules)
            click.echo(f"已为 {len(paths)} 个单位生成 {year} 年度填报文件，保存在：{output}")
    except (RosterError, TemplateError) as exc:
        raise UsageProblem(exc.message) from exc
