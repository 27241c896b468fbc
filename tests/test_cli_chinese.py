"""Every word the command line prints is Chinese: help pages, click's own frame and its errors.

Command and option names, choice values, file extensions and product names
stay as they are; anything else Latin that reaches the user fails here.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from excel_eval.cli import main
from excel_eval.cli_frame import display_width, wrap

COMMANDS = ("template", "check", "collect", "feedback", "report")
#: Latin words a user may see: the product, the commands, choice values, formats and programs.
ALLOWED = {"excel", "eval", *COMMANDS, "table", "json", "auto", "all", "none",
           "TOML", "JSON", "CSV", "UTF", "BOM", "Excel", "WPS", "LibreOffice"}
#: Things typed as they are: options, file names and extensions, globs.
_VERBATIM = re.compile(r"--?[a-z][a-z-]*|[\w*<>\-\u4e00-\u9fff]*\.(?:xlsx|xls|ods|csv|txt|docx|json|toml)\b")


def english_words(text: str, typed: tuple[str, ...] = ()) -> set[str]:
    """Latin words in ``text`` that are neither allowed nor something the user typed."""
    for word in typed:
        text = text.replace(word, " ")
    return set(re.findall(r"[A-Za-z]{2,}", _VERBATIM.sub(" ", text))) - ALLOWED


#: The terminal width the help pages are laid out for in these tests.
WIDTH = 78


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="excel-eval", terminal_width=WIDTH)


@pytest.mark.parametrize("args", [[], ["-h"], ["--help"], *([command, "-h"] for command in COMMANDS)])
def test_help_pages_are_chinese(args):
    result = run(*args)
    assert result.exit_code in (0, 2)
    text = result.output
    assert text.startswith("用法：excel-eval")
    assert english_words(text) == set(), text


def test_top_level_help_shows_the_order_of_work():
    text = run("-h").output
    order = [text.index(f"  {number}. {command}") for number, command in
             ((1, "template"), (2, "check"), (3, "collect"), (4, "feedback"))]
    assert order == sorted(order) and text.index("report    为每个单位起草") > order[-1]
    listed = [line.split()[0] for line in text.split("命令：\n")[1].splitlines() if line.strip()]
    assert listed == list(COMMANDS)


@pytest.mark.parametrize("args, expected", [
    (["colect"], "错误：没有“colect”这个命令。是否为 collect？"),
    (["chek"], "错误：没有“chek”这个命令。是否为 check？"),
    (["汇总"], "错误：没有“汇总”这个命令。可用的命令：template、check、collect、feedback、report。"),
    (["collect", "--roaster", "名册.csv"], "错误：没有“--roaster”这个选项。"),
    (["collect"], "错误：缺少参数 '文件夹'"),
    (["--versio"], "错误：没有“--versio”这个选项。"),
    (["check", "--format", "xml", "a.xlsx"], "错误：'--format' 的取值无效：“xml”不是可选的值之一：'table', 'json'。"),
    (["collect", "报送", "--unit-sheets", "some"], "'--unit-sheets' 的取值无效"),
    (["collect", "报送", "-o"], "错误：选项 -o 后面需要一个值。"),
    (["collect", "报送", "其他"], "错误：多出了参数（其他）"),
    (["collect", "报送", "--force=yes"], "错误：选项 --force 后面不能带值。"),
    (["template", "--year", "abc", "-o", "x"], "错误：--year 应为"),
])
def test_common_mistakes_are_answered_in_chinese(args, expected, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    assert expected in result.stderr, result.stderr
    assert english_words(result.stderr, tuple(args)) == set(), result.stderr


@pytest.mark.parametrize("args, suggestion", [(["collect", "--roaster", "名册.csv"], "--roster"),
                                              (["--versio"], "--version")])
def test_a_mistyped_option_gets_the_closest_one(args, suggestion):
    result = run(*args)
    assert result.exit_code == 2 and "是否为" in result.stderr and suggestion in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_option_help_is_aligned_in_display_columns(command):
    text = run(command, "-h").output
    rows = [line for line in text.split("选项：\n")[1].splitlines() if line.startswith("  -")]
    starts = set()
    for line in rows:
        term = re.match(r"  (\S+(?:,? \S+)*?)  +", line)
        starts.add(display_width(line[:term.end()]))
    assert len(starts) == 1, rows
    assert max(display_width(line) for line in text.splitlines()) <= WIDTH


@pytest.mark.parametrize("width", range(24, 60))
def test_wrapping_keeps_punctuation_with_its_text(width):
    text = "单位名册（.xlsx/.csv 含“单位名称”列，或每行一个单位的 .txt）。不指定则汇总文件最多的年度（数量相同取最近的）。"
    lines = wrap(text, width, "  ", "  ")
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")
    assert all(display_width(line) <= width for line in lines), lines
    assert not any(line.strip()[0] in "，。、；：）”" for line in lines), lines
    assert not any(line[-1] in "（“" for line in lines), lines


def test_click_is_bounded_above_and_the_installed_one_is_inside():
    from configparser import ConfigParser
    from importlib.metadata import version
    from pathlib import Path

    config = ConfigParser()
    config.read(Path(__file__).resolve().parent.parent / "setup.cfg", encoding="utf-8")
    requirement = next(line for line in config["options"]["install_requires"].splitlines()
                       if line.startswith("click"))
    lower, upper = re.fullmatch(r"click>=([\d.]+),<([\d.]+)", requirement).groups()
    installed = tuple(int(part) for part in version("click").split(".")[:2])
    assert tuple(map(int, lower.split("."))) <= installed < tuple(map(int, upper.split(".")))
