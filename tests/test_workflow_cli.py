"""The everyday workflow through the command line: commands point at each other, paths are named
for what is there, and nothing a clerk typed is overwritten."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from excel_eval.cli import main
from tests.builders import clean_submission


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "报送"
    clean_submission(folder, name="江高镇_2024_绩效自评.xlsx")
    clean_submission(folder, name="人和镇_2024_绩效自评.xlsx", unit_name="人和镇", spent_total=500)
    return folder


def test_check_takes_a_folder(inbox):
    result = run("check", str(inbox))
    assert result.exit_code == 1  # 人和镇 spent more than its budget
    assert "江高镇_2024_绩效自评.xlsx（江高镇 2024 年度）" in result.stdout
    assert "人和镇_2024_绩效自评.xlsx（人和镇 2024 年度）" in result.stdout
    assert "共 2 个文件" in result.stdout


def test_check_names_what_is_near_a_mistyped_file(inbox, monkeypatch):
    monkeypatch.chdir(inbox)
    result = run("check", "江高镇_2024_绩效自评.xls")
    assert result.exit_code == 2
    assert result.stderr == ("错误：找不到要检查的文件：江高镇_2024_绩效自评.xls 不存在"
                             "（是否为 江高镇_2024_绩效自评.xlsx？）。\n")


def test_a_shared_extension_is_no_likeness(inbox, monkeypatch):
    monkeypatch.chdir(inbox)
    result = run("check", "不存在.xlsx")
    assert result.stderr == ("错误：找不到要检查的文件：不存在.xlsx 不存在；当前文件夹中有："
                             "人和镇_2024_绩效自评.xlsx、江高镇_2024_绩效自评.xlsx。\n")


def test_check_on_an_empty_folder_says_so(tmp_path):
    (tmp_path / "空").mkdir()
    result = run("check", str(tmp_path / "空"))
    assert result.exit_code == 2 and "中没有任何文件" in result.stderr


@pytest.mark.parametrize("command, hint", [
    (["collect", "-o", "汇总.xlsx"], "excel-eval check"),
    (["feedback", "-o", "审核意见"], "excel-eval check"),
])
def test_a_command_for_a_folder_given_a_file_names_the_one_for_a_file(inbox, tmp_path, monkeypatch,
                                                                        command, hint):
    monkeypatch.chdir(tmp_path)
    one = Path("报送") / "江高镇_2024_绩效自评.xlsx"
    result = run(command[0], str(one), *command[1:])
    assert result.exit_code == 2
    assert f"而 {one} 是一个文件" in result.stderr and f"{hint} {one}" in result.stderr
    if command[0] == "collect":
        assert f"excel-eval report {one} -o 评价报告" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["报送"]


def test_a_missing_folder_is_named_with_what_the_folder_above_holds(tmp_path, monkeypatch):
    (tmp_path / "2024报送").mkdir()
    (tmp_path / "名册.csv").write_text("单位名称\n江高镇\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    typo = run("collect", "2024报达", "-o", "汇总.xlsx")
    assert typo.stderr == "错误：找不到报送文件夹：2024报达 不存在（是否为 2024报送？）。\n"
    elsewhere = run("collect", "其他", "-o", "汇总.xlsx")
    assert elsewhere.stderr == "错误：找不到报送文件夹：其他 不存在；当前文件夹中有：2024报送、名册.csv。\n"
    deeper = run("feedback", "甲/乙", "-o", "审核意见")
    assert deeper.stderr == "错误：找不到报送文件夹：甲/乙 不存在（文件夹 甲 也不存在）。\n"


def test_collect_names_a_missing_output_folder(inbox, tmp_path):
    result = run("collect", str(inbox), "-o", str(tmp_path / "没有" / "汇总.xlsx"))
    assert result.exit_code == 2
    assert f"输出文件的位置不可用：{tmp_path / '没有'} 不存在；文件夹 {tmp_path} 中有：报送。" in result.stderr


def test_report_of_one_file_is_not_written_beside_it(inbox, tmp_path):
    one = inbox / "江高镇_2024_绩效自评.xlsx"
    result = run("report", str(one), "-o", str(inbox / "评价报告"))
    assert result.exit_code == 2
    assert f"不能在报送文件所在的文件夹之内（{inbox.resolve()}）" in result.stderr
    assert f"请换一个文件夹，例如 {tmp_path.resolve() / '评价报告'}" in result.stderr
    assert not (inbox / "评价报告").exists()
    beside = run("report", str(one), "-o", str(tmp_path / "评价报告"))
    assert beside.exit_code == 0, beside.output
    assert [path.name for path in (tmp_path / "评价报告").iterdir()] == ["江高镇_2024_绩效评价报告.docx"]


def test_reports_and_templates_get_the_same_mode_as_the_summary(inbox, tmp_path):
    previous = os.umask(0o022)
    try:
        assert run("collect", str(inbox), "-o", str(tmp_path / "汇总.xlsx"), "--reports", str(tmp_path / "报告"),
                   "-q").exit_code == 1
        assert run("template", "-o", str(tmp_path / "模板.xlsx")).exit_code == 0
    finally:
        os.umask(previous)
    modes = {path.name: stat.S_IMODE(path.stat().st_mode)
             for path in (tmp_path / "汇总.xlsx", tmp_path / "模板.xlsx", *(tmp_path / "报告").iterdir())}
    assert set(modes.values()) == {0o644}, modes
    assert len(modes) == 4


def test_a_template_that_cannot_be_written_is_named_and_nothing_is_left(tmp_path):
    from excel_eval.write.template import TemplateError, write_template

    (tmp_path / f".模板.{os.getpid()}.tmp.xlsx").mkdir()  # the temporary name is taken by a folder
    with pytest.raises(TemplateError, match=f"无法写入 {re.escape(str(tmp_path))}"):
        write_template(tmp_path / "模板.xlsx")
    assert not (tmp_path / "模板.xlsx").exists()


def test_python_dash_m_runs_the_same_command_line(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "excel_eval", "-h"], capture_output=True, text=True,
                            encoding="utf-8", cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：excel-eval [选项] 命令 [参数]...")
    wrong = subprocess.run([sys.executable, "-m", "excel_eval", "colect"], capture_output=True, text=True,
                           encoding="utf-8", cwd=tmp_path, check=False)
    assert wrong.returncode == 2 and "是否为 collect？" in wrong.stderr


def test_readme_gives_windows_the_same_commands_after_the_unix_ones():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(\w+)\n(.*?)```", readme, re.S)
    (unix_lang, unix_run), (_, unix_test) = blocks[:2]
    assert unix_lang == "bash" and unix_run.startswith("python3 -m venv .venv && . .venv/bin/activate")
    windows = [body.strip().splitlines() for lang, body in blocks if lang == "bat"]
    assert [lines[:2] for lines in windows] == [["py -m venv .venv", ".venv\\Scripts\\activate"]] * 2
    unix_steps = [step.strip() for step in unix_run.split("&&")[2:]]
    assert [line.replace("\\", "/") for line in windows[0][2:]] == unix_steps
    assert windows[1][2:] == [step.strip().replace("'", '"') for step in unix_test.split("&&")[2:]]
