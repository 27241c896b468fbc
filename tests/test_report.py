"""The evaluation report, written from real submission files and read back as Word would."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from excel_eval.cli import main
from excel_eval.judge.review import review_file
from excel_eval.rules import load_rules
from excel_eval.write.report import MISSING, report_file_name, write_report, write_reports
from tests.builders import clean_submission
from tests.filling import where
from tests.samples import seed_folder

ZHONGLUOTAN = seed_folder() / "钟落潭镇_2022_绩效自评.xlsx"
SHIMEN = seed_folder() / "石门街道_2023_绩效自评.xlsx"
SECTIONS = ("一、评价项目概述", "二、绩效评价概述", "三、评价结论与绩效分析", "四、主要经验做法",
            "五、存在问题", "六、相关建议", "七、绩效评价结果应用")


def report_of(path: Path, out_dir: Path) -> Path:
    review = review_file(path, load_rules())
    out_dir.mkdir(parents=True, exist_ok=True)
    return write_report(review, load_rules(), out_dir)


def paragraphs(path: Path) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]


def table_rows(path: Path) -> list[list[str]]:
    (table,) = docx.Document(str(path)).tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def text_of(path: Path) -> str:
    return "\n".join(paragraphs(path) + ["\t".join(row) for row in table_rows(path)])


def section(path: Path, heading: str) -> list[str]:
    """The paragraphs under one numbered section, up to the next."""
    lines = paragraphs(path)
    start = lines.index(heading) + 1
    following = [i for i, line in enumerate(lines[start:], start) if line in SECTIONS]
    return lines[start:following[0] if following else len(lines)]


@pytest.fixture(scope="module")
def zhongluotan(tmp_path_factory) -> Path:
    return report_of(ZHONGLUOTAN, tmp_path_factory.mktemp("zhongluotan"))


@pytest.fixture(scope="module")
def shimen(tmp_path_factory) -> Path:
    return report_of(SHIMEN, tmp_path_factory.mktemp("shimen"))


def test_file_name_title_and_sections_follow_the_seeds(zhongluotan):
    assert zhongluotan.name == "钟落潭镇_2022_绩效评价报告.docx"
    lines = paragraphs(zhongluotan)
    # The project name already starts with the unit: it is not repeated.
    assert lines[0] == "2022年度钟落潭镇社工服务站（家庭综合服务中心）运营经费绩效评价报告"
    assert [line for line in lines if line in SECTIONS] == list(SECTIONS)
    for heading in ("（一）项目背景", "（二）项目立项依据", "（三）项目绩效目标", "（四）项目资金来源及使用情况",
                    "（五）项目实施情况", "（一）评价目的", "（二）评价组织实施", "（三）评价方法",
                    "（四）绩效评价指标体系和评分标准", "（一）总体结论"):
        assert heading in lines
    for missing in ("立项依据", "项目实施情况", "评价组织实施"):
        assert f"【请补充：{missing}】" in lines


def test_headings_are_words_heading_styles(zhongluotan):
    document = docx.Document(str(zhongluotan))
    styles = {paragraph.text: paragraph.style.name for paragraph in document.paragraphs}
    assert all(styles[heading] == "Heading 1" for heading in SECTIONS)
    assert styles["（一）项目背景"] == styles["（三）评价方法"] == "Heading 2"
    assert {styles[text] for text in styles if not re.match(r"^([一二三四五六七]、|（[一二三四五]）)", text)} \
        <= {"Normal"}
    heading = document.styles["Heading 1"]
    assert heading.font.color.rgb == docx.shared.RGBColor(0, 0, 0)
    assert heading.element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia")) == "黑体"


@pytest.mark.parametrize("figure", [
    # Background and money: 198.45 万元 = 市 100 + 区 98.45, paid 55% / 40% / 5%.
    "主管部门为广州市白云区钟落潭镇人民政府", "承接机构为广州市心明爱社会工作服务中心",
    "本年度项目经费为 198.45 万元，其中市级财政 100 万元，区级财政 98.45 万元",
    "全年执行 198.45 万元，预算执行率为 100%",
    "签订合同后拨付年度经费总额的 55%（109.15 万元）",
    "中期评估合格以上，拨付年度经费总额的 40%（79.38 万元）",
    "末期评估合格以上，拨付年度经费总额的 5%（9.92 万元）",
    # Targets, as the seed's 评价目的 lists them.
    "家庭探访 1600 户；个案 90 个；小组 44 个；大型社区活动 12 个；中小型社区活动 28 个；"
    "招募注册义工 150 人；组织参与志愿服务 400 人次；社区调研 16 份",
    # Actuals and completion rates: the rules' figure, and the town's truncated one beside it.
    "完成家庭探访 1600 户，完成率为 100%",
    "完成个案 104 个，完成率为 115.56%（自报 115%）",
    "完成小组 44 个，完成率为 100%",
    "完成大型社区活动 12 个，完成率为 100%",
    "完成中小型社区活动 45 个，完成率为 160.71%（自报 160%）",
    "完成招募注册义工 314 人，完成率为 209.33%（自报 209%）",
    "完成组织参与志愿服务 2147 人次，完成率为 536.75%（自报 536%）",
    "完成社区调研 16 份，完成率为 100%",
])
def test_zhongluotan_report_states_every_seed_figure(zhongluotan, figure):
    assert figure in text_of(zhongluotan)


def test_zhongluotan_figures_stand_alone_in_the_text(zhongluotan):
    text = text_of(zhongluotan)
    for figure in ("1600", "104", "44", "12", "45", "314", "2147", "16", "198.45", "100", "98.45"):
        assert f" {figure} " in text or f"\t{figure}\t" in text, figure


@pytest.mark.parametrize("figure", [
    "本年度项目经费为 120 万元", "全年执行 120 万元，预算执行率为 100%",
    "本项目填报的分值为：预算执行率 20 分，产出指标 40 分，效益指标 30 分，满意度指标 10 分，合计 100 分",
    "经复核，本项目绩效评价得分为 100 分，其中预算执行 20 分，产出指标 40 分，效益指标 30 分，"
    "满意度指标 10 分，评价等级为“优”",
    "单位自评得分为 100 分，自评等级为“优”，与复核结果一致",
    "社工服务人次完成率 100%",
    "社工服务人次完成率：年度指标值为 100%，实际完成大于 10 万人次，以完成率作为目标，没有写明要完成的数量，无法核算完成率，待核实",
])
def test_shimen_report_states_every_seed_figure(shimen, figure):
    assert figure in text_of(shimen)


def test_shimen_unverifiable_scores_are_said_to_be_unverified(shimen):
    conclusion = "".join(paragraphs(shimen))
    assert "共 3 项指标无法核实完成情况，复核暂按自评得分计入，合计 30 分，为待核实分值" in conclusion


def test_grade_bands_and_method_come_from_the_rules(zhongluotan):
    text = text_of(zhongluotan)
    assert "90 分（含）以上为“优”，80 分（含）至 90 分为“良”，60 分（含）至 80 分为“中”，60 分以下为“差”" in text
    assert "财预〔2020〕10号" in text
    assert "“达成”按分值的 80%（含）–100%（含）" in text
    assert "“部分达成”按分值的 60%（含）–80%（不含）" in text
    assert "具体算法为本区复核规则：“≥”类实际完成值 ÷ 年度指标值 × 分值" in text
    assert "财预〔2020〕10号文件规定的项目支出绩效自评方法" not in text
    assert "本次复核采用的评分规则为本区复核规则。" in text
    assert load_rules().fingerprint not in text


def test_a_rules_file_changes_what_the_report_says(tmp_path):
    rules_file = tmp_path / "规则.toml"
    rules_file.write_text("[grades]\n\"优\" = 95\n[over_completion]\nthreshold = 1.5\n", encoding="utf-8")
    rules = load_rules(rules_file)
    output = write_report(review_file(ZHONGLUOTAN, rules), rules, tmp_path)
    text = text_of(output)
    assert "95 分（含）以上为“优”，80 分（含）至 95 分为“良”" in text
    assert "完成率达到或超过 150% 的" in text
    assert "本次复核采用的评分规则为本区复核规则（规则文件“规则.toml”）。" in text


def test_indicator_table_is_the_self_evaluation_form(zhongluotan):
    rows = table_rows(zhongluotan)
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "自评得分",
                       "复核得分", "偏差原因分析及改进措施"]
    assert rows[1][3:8] == ["198.45", "198.45", "10", "10", "10"]
    by_name = {row[2]: row for row in rows[2:-1]}
    assert by_name["个案数"][:8] == ["产出指标", "数量指标", "个案数", "90 个", "104 个", "8", "8", "8"]
    assert by_name["组织参与志愿服务人次"][3:5] == ["400 人次", "2147 人次"]
    # Far above target with no reason given: the form says so instead of leaving it blank.
    assert by_name["组织参与志愿服务人次"][8] == MISSING
    assert by_name["家庭探访户数"][8] == "—"
    assert by_name["第三方中期、末期评估结果"][3:8] == ["合格以上", "良好", "15", "14", "14"]
    assert rows[-1][0] == "合计" and rows[-1][5:8] == ["100", "99", "99"]


def test_checks_findings_are_rephrased_for_a_report(shimen, zhongluotan):
    found = section(shimen, "五、存在问题")
    own = found[found.index("（一）单位自评反映的问题") + 1]
    assert own.startswith("需求调研工作有待加强")
    review_lines = found[found.index("（二）复核发现的问题") + 1:]
    assert review_lines and all(line.split(". ", 1)[1].startswith("经复核，") for line in review_lines)
    joined = "".join(review_lines)
    assert "指标“社工服务人次完成率”的年度指标值为“100%”" in joined
    assert "绩效自评表" not in joined and not re.search(r"[A-Z]+\d+", joined)  # no cell addresses
    assert "高分自评缺少佐证" in joined
    assert "请" not in joined.replace("请核对", "")
    overshoot = "".join(section(zhongluotan, "五、存在问题"))
    assert "经复核，超额完成且未说明原因（共 3 处）" in overshoot
    assert "截尾" not in overshoot  # notes (提示) stay in the review workbook


def test_missing_data_is_said_to_be_missing(tmp_path):
    path = clean_submission(tmp_path, operator=None, achievements=None, fund_current_spent=None,
                            fund_city=None, fund_district=None, budget_weight=None)
    text = text_of(report_of(path, tmp_path / "out"))
    assert "承接机构未填报" in text
    assert "预算执行率分值未填报（按评分规则默认 10 分计）" in text
    assert table_rows(report_of(path, tmp_path / "out"))[1][3:6] == ["200", MISSING, MISSING]
    assert "资金来源未填报" in text
    assert "全年执行数未填报，无法计算预算执行率" in text
    assert section(report_of(path, tmp_path / "out"), "四、主要经验做法") == ["未填报。"]


def test_text_from_the_submission_goes_in_as_plain_text(tmp_path):
    # Text that looks like a formula or markup stays text; Excel stores a control
    # character as _x0007_, the reader hands it back as one, and a .docx may not hold it.
    path = clean_submission(tmp_path, problems="第一条\n第二条")
    book = openpyxl.load_workbook(path)
    sheet, cell = where("achievements")
    cell = book[sheet][cell]
    cell.value = "=HYPERLINK(\"http://x\") <w:t>&amp;_x0007_第二行"
    cell.data_type = "s"
    book.save(path)
    output = report_of(path, tmp_path / "out")
    assert section(output, "四、主要经验做法") == ["=HYPERLINK(\"http://x\") <w:t>&amp;第二行"]
    problems = section(output, "五、存在问题")
    assert problems[1:3] == ["第一条", "第二条"]


def test_every_run_names_its_east_asian_font_and_the_page_is_a4(zhongluotan):
    document = docx.Document(str(zhongluotan))
    section_ = document.sections[0]
    assert (round(section_.page_width.mm), round(section_.page_height.mm)) == (210, 297)
    assert [round(getattr(section_, f"{side}_margin").mm) for side in ("top", "bottom", "left", "right")] \
        == [37, 35, 28, 26]
    runs = [*document.element.body.iter(qn("w:r")), *section_.footer._element.iter(qn("w:r"))]
    assert runs
    fonts = {run.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) for run in runs}
    assert fonts == {"宋体", "黑体", "楷体", "仿宋"}
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋"
    first_run = document.paragraphs[0].runs[0]
    assert first_run.font.name == "宋体" and first_run.font.bold and first_run.font.size.pt == 22


def test_footer_has_a_page_number_field(zhongluotan):
    footer = docx.Document(str(zhongluotan)).sections[0].footer._element
    instructions = [node.text.strip() for node in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    kinds = [node.get(qn("w:fldCharType")) for node in footer.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]


def test_write_reports_skips_unreadable_files_and_keeps_duplicates_apart(tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"this is not a workbook")
    first = clean_submission(tmp_path, name="江高镇_一.xlsx")
    second = clean_submission(tmp_path, name="江高镇_二.xlsx")
    unread = []
    written = write_reports([first, bad, second], tmp_path / "报告", on_unread=unread.append)
    assert [path.name for path in written] == ["江高镇_2024_绩效评价报告.docx", "江高镇_2024_2_绩效评价报告.docx"]
    assert [review.name for review in unread] == ["坏文件.xlsx"]
    assert sorted(path.name for path in (tmp_path / "报告").iterdir()) == sorted(p.name for p in written)


def test_write_report_refuses_a_file_that_was_not_read(tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ValueError):
        write_report(review_file(bad, load_rules()), load_rules(), tmp_path / "x.docx")


def test_report_file_name_is_safe(tmp_path):
    review = review_file(clean_submission(tmp_path, unit_name="江高镇/太和镇:*"), load_rules())
    assert report_file_name(review.submission) == "江高镇_太和镇___2024_绩效评价报告.docx"
    unnamed = review_file(clean_submission(tmp_path, name="无名.xlsx", unit_name=None, implementing_unit=None,
                                           eval_year=None), load_rules())
    assert report_file_name(unnamed.submission) == "未填报单位_未填报年度_绩效评价报告.docx"


# --- the command line ----------------------------------------------------------------------


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "报送"
    folder.mkdir()
    for sample in (ZHONGLUOTAN, SHIMEN):
        shutil.copy(sample, folder / sample.name)
    return folder


def test_cli_writes_one_report_per_submission(inbox, tmp_path):
    out = tmp_path / "报告"
    result = CliRunner().invoke(main, ["report", str(inbox), "-o", str(out), "--year", "2022"])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == ["钟落潭镇_2022_绩效评价报告.docx"]
    assert "已生成 1 份评价报告" in result.stdout
    assert result.stderr == "找到 2 个评价年度的报送：2022 年 1 个、2023 年 1 个文件。本次只处理 2022 年度（按 --year 指定），其他年度的文件不纳入。\n"


def test_cli_reports_the_latest_of_two_equally_sent_years(inbox, tmp_path):
    result = CliRunner().invoke(main, ["report", str(inbox), "-o", str(tmp_path / "报告")])
    assert result.exit_code == 0, result.output
    assert [path.name for path in (tmp_path / "报告").iterdir()] == ["石门街道_2023_绩效评价报告.docx"]
    assert "本次只处理 2023 年度（文件最多的年度中最近的一个" in result.stderr


def test_cli_report_for_a_year_no_file_carries_exits_2(inbox, tmp_path):
    result = CliRunner().invoke(main, ["report", str(inbox), "-o", str(tmp_path / "报告"), "--year", "2025"])
    assert result.exit_code == 2
    assert "没有评价年度为 2025 年的报送文件。找到的评价年度：2022 年 1 个、2023 年 1 个文件" in result.stderr
    assert not (tmp_path / "报告").exists()


def test_cli_goes_on_past_a_bad_file_and_exits_1(inbox, tmp_path):
    (inbox / "坏文件.xlsx").write_bytes(b"this is not a workbook")
    (inbox / "~$钟落潭镇_2022_绩效自评.xlsx").write_bytes(b"\x06zhang ")
    out = tmp_path / "报告"
    result = CliRunner().invoke(main, ["report", str(inbox), "-o", str(out)])
    assert result.exit_code == 1
    assert len(list(out.glob("*.docx"))) == 1
    lines = sorted(line for line in result.stderr.splitlines() if line and not line.startswith("找到"))
    assert len(lines) == 2
    assert lines[0].startswith("已跳过 ~$钟落潭镇_2022_绩效自评.xlsx：")
    assert lines[1].startswith("无法读取 坏文件.xlsx：")


def test_cli_reports_a_single_file_with_rules(tmp_path):
    rules_file = tmp_path / "规则.toml"
    rules_file.write_text("[over_completion]\nthreshold = 1.5\n", encoding="utf-8")
    out = tmp_path / "报告"
    result = CliRunner().invoke(main, ["report", str(SHIMEN), "-o", str(out), "--rules", str(rules_file)])
    assert result.exit_code == 0, result.output
    assert "完成率达到或超过 150% 的" in text_of(out / "石门街道_2023_绩效评价报告.docx")


def test_cli_reports_every_file_under_a_folder_or_just_the_file_given(tmp_path):
    inbox = tmp_path / "报送"
    clean_submission(inbox, name="江高镇.xlsx")
    clean_submission(inbox / "补报", name="太和镇.xlsx", unit_name="太和镇")
    result = CliRunner().invoke(main, ["report", str(inbox), "-o", str(tmp_path / "全部")])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (tmp_path / "全部").iterdir()) == [
        "太和镇_2024_绩效评价报告.docx", "江高镇_2024_绩效评价报告.docx"]
    result = CliRunner().invoke(main, ["report", str(inbox / "补报" / "太和镇.xlsx"), "-o", str(tmp_path / "一份")])
    assert result.exit_code == 0, result.output
    assert [path.name for path in (tmp_path / "一份").iterdir()] == ["太和镇_2024_绩效评价报告.docx"]


@pytest.mark.parametrize("arguments, message", [
    (["report", "报送"], "-o"),
    (["report", "不存在", "-o", "报告"], "找不到"),
    (["report", "报送", "-o", "文件.txt"], "应为文件夹"),
    (["report", "报送", "-o", "报告", "--rules", "没有.toml"], "规则文件"),
    (["report", "报送", "-o", "报送/报告"], "不能在报送文件夹"),
])
def test_cli_usage_errors_exit_2(arguments, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    clean_submission(tmp_path / "报送", name="江高镇.xlsx")
    (tmp_path / "文件.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "报告").exists() and not (tmp_path / "报送" / "报告").exists()


def test_collect_writes_reports_for_the_collected_units(inbox, tmp_path):
    out = tmp_path / "报告"
    result = CliRunner().invoke(main, ["collect", str(inbox), "-o", str(tmp_path / "汇总.xlsx"),
                                       "--reports", str(out)])
    assert result.exit_code in (0, 1), result.output
    assert (tmp_path / "汇总.xlsx").exists()
    assert sorted(path.name for path in out.iterdir()) == ["石门街道_2023_绩效评价报告.docx"]
    assert f"已生成 1 份评价报告，保存在：{out}" in result.stdout


# --- LibreOffice -------------------------------------------------------------------------


def test_report_renders_in_libreoffice(zhongluotan, tmp_path, soffice):
    program = Path(soffice.executable).resolve().parent
    if not any(program.glob("*swlo*")) and not any(program.glob("swriter*")):
        pytest.skip("LibreOffice Writer is not installed")
    pdf = soffice.convert(zhongluotan, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "绩效评价报告" in text and "536.75%" in text
    pages = re.findall(r"—\s*(\d+)\s*—", text)  # the PAGE field, counted by LibreOffice
    assert pages == [str(number) for number in range(1, len(pages) + 1)] and len(pages) > 1


def test_collect_reports_carry_findings_that_need_several_files(tmp_path):
    from excel_eval.collect import collect
    from excel_eval.rules import load_rules
    from tests.builders import clean_submission

    inbox = tmp_path / "报送"
    clean_submission(inbox, "人和镇_第一版.xlsx", unit_name="人和镇")
    clean_submission(inbox, "人和镇_第二版.xlsx", unit_name="人和镇")
    collection = collect(inbox, load_rules())
    (review,) = collection.unit_reviews()
    assert "duplicate_submission" in {finding.code for finding in review.findings}
    assert "duplicate_submission" not in {finding.code for finding in collection.units[0].review.findings}


def test_a_report_says_nothing_of_how_the_file_was_read(tmp_path):
    path = clean_submission(tmp_path, spent_total="约200万元", exec_rate_reported="100%")
    text = text_of(report_of(path, tmp_path / "out"))
    for wording in ("已按", "读取", "约数", "校验码", "单元格"):
        assert wording not in text, wording


def test_no_payment_schedule_is_claimed_when_the_unit_filled_none(shimen):
    text = text_of(shimen)
    assert "合同" not in text and "分期拨付" not in text
    assert "【请补充：资金拨付情况】" in text


def test_result_use_is_drafted_in_the_units_voice_with_a_place_for_its_commitments(shimen, zhongluotan):
    shimen_use = section(shimen, "七、绩效评价结果应用")
    assert shimen_use[0].startswith("我街将把本次绩效评价结果及时反馈")
    assert any(line.startswith("针对复核发现的问题（") and "高分自评缺少佐证" in line for line in shimen_use)
    assert any(line.startswith("结合自评提出的改进建议，我街将强化社工站需求调研工作") for line in shimen_use)
    assert shimen_use[-1].startswith("【请补充：")
    assert section(zhongluotan, "七、绩效评价结果应用")[0].startswith("我镇将")
    text = "".join(shimen_use)
    for promise in ("予以纠正", "下一年度绩效目标审核"):
        assert promise not in text

