"""Findings: every problem the tool can report, as plain records.

A finding is a value, not an exception: a bad file or a wrong figure is an
expected part of the job.  Each finding has a code from one catalogue below,
which gives its severity and a Chinese message template; the record carries
where it is (file, sheet, cell) so that the terminal table, the JSON output,
the 问题清单 sheet and the cell comments all come from the same list.
Adding a check means adding one line here and one function in ``checks``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

from excel_eval.record import record


class UserError(Exception):
    """A problem that stops one operation, told as one Chinese sentence naming the file.

    Findings are about what a submission holds; these are about what the tool
    was asked to do (a roster it cannot read, a copy it cannot write), and the
    command shows ``message`` as it is.
    """

    @property
    def message(self) -> str:
        return str(self)


class Severity(str, Enum):
    """How serious a finding is: a stable code for programs, a Chinese label for people.

    Nothing may depend on the label's wording: the exit code and the JSON use
    the code, and only what a person reads uses ``label``.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]

    @property
    def rank(self) -> int:
        return _SEVERITY_RANKS[self]


_SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
_SEVERITY_RANKS = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class FindingType:
    code: str
    severity: Severity
    title: str
    template: str


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

_CATALOGUE = (
    # Files that cannot be read at all.
    FindingType("file_empty", E, "空文件", "文件是空的（0 字节），请重新保存后再报送。"),
    FindingType("file_not_spreadsheet", E, "不是表格文件", "不是 Excel 表格文件（{detail}），请用区里下发的模板填报后另存为 .xlsx。"),
    FindingType("file_corrupt", E, "文件已损坏", "文件已损坏或不完整，无法打开（{detail}），请重新保存后再报送。"),
    FindingType("file_encrypted", E, "文件已加密", "文件设置了打开密码，无法读取，请取消密码后再报送。"),
    FindingType("file_lock", I, "临时锁定文件", "这是 Excel、WPS 或 LibreOffice 打开文件时生成的临时锁定文件，不是报送文件，已跳过。"),
    FindingType("file_hidden", I, "隐藏文件", "这是隐藏文件（名称以“.”开头），通常由系统或软件自动生成，不是报送文件，已跳过。"),
    FindingType("file_too_large", E, "文件内容过大", "文件中的 {part} 解压后超过 {limit} MB，疑似异常文件（压缩炸弹），已拒绝读取。"),
    FindingType("file_unsafe_xml", E, "不安全的文件内容", "文件中的 {part} 含有不允许的 XML 实体定义，疑似恶意构造，已拒绝读取。"),
    FindingType("cells_beyond_area", I, "读取范围外的单元格", "工作表“{sheet}”中{where}在读取范围 A1:{last} 之外，未读取；通常是误按键留下的内容，请确认后删除。"),
    FindingType("file_unreadable", E, "无法读取", "无法读取该文件：{detail}"),
    FindingType("file_is_summary", I, "本工具生成的汇总", "这是本工具生成的汇总工作簿（含数据表“_数据”），不是报送文件，已跳过；汇总文件请保存在报送文件夹之外。"),
    FindingType("file_not_regular", I, "不是普通文件", "这是一个{kind}，不是报送文件，未打开读取。"),
    FindingType("file_link_broken", E, "快捷方式失效", "这是一个快捷方式（链接），它指向的文件已不存在，无法读取；请放入文件本身。"),
    FindingType("folder_unreadable", E, "子文件夹无法打开", "无法打开这个子文件夹（{detail}），其中的文件都未读取；请检查文件夹权限后重新汇总。"),
    FindingType("file_over_limit", E, "文件过大", "文件大小为 {size} MB，超过读取上限 {limit} MB，未读取；自评表通常不到 1 MB，请确认是否放错了文件（上限可在规则文件的 files.size_limit_mb 中调整）。"),
    # Template structure.
    FindingType("template_version_unknown", E, "模板版本不符", "模板版本为“{found}”，本工具支持的版本为 {expected}，请使用区里下发的最新模板重新填报。"),
    FindingType("template_version_missing", W, "缺少模板版本", "未找到模板版本号，文件可能不是用区里下发的模板填报的，已按标签尽量读取。"),
    FindingType("sheet_missing", E, "缺少工作表", "缺少工作表“{sheet}”，其中的内容无法读取。"),
    FindingType("name_missing", W, "定义名称缺失", "未找到定义名称 {name}（{label}），已按标签在 {sheet}!{cell} 读取到该项。"),
    FindingType("field_not_found", E, "找不到填报项", "既没有定义名称 {name}，也没有找到标签“{label}”，该项无法读取。"),
    FindingType("field_merged", W, "输入单元格被合并", "填报单元格 {cell} 被合并到区域 {merged} 中，值可能丢失或错位，请取消合并。"),
    FindingType("table_row_far", W, "指标行位置异常", "第 {row} 行在指标表中间隔了 {gap} 个空行，请确认该行属于指标表。"),
    FindingType("formula_overwritten", I, "公式被改为数值", "该单元格原为自动计算公式，现被填入了数值 {found}，已按填入值读取并重新计算核对。"),
    # Values as typed.
    FindingType("required_missing", E, "必填项为空", "“{label}”为必填项，未填写。"),
    FindingType("text_in_number", I, "数字写成了文本", "“{label}”应为数字，填写的是文本“{found}”，已按 {expected} 读取，请改为纯数字。"),
    FindingType("measure_as_text", I, "指标值写成了文本", "“{label}”填写的是文本“{found}”，已按数值 {expected} 读取。"),
    FindingType("number_out_of_range", E, "数值超出范围", "“{label}”填写的 {found} 不是可用的数值（无穷大、非数字或绝对值超过 10 的 15 次方），已按未填写处理。"),
    FindingType("number_unreadable", E, "无法识别的数字", "“{label}”应为数字，填写的“{found}”无法识别为数字。"),
    FindingType("percent_sign_missing", I, "百分数未带 % 号", "“{label}”填写的是不带 % 号的数字 {found}，已按 {expected} 读取（大于 1 的按百分点，不大于 1 的按比率）；请填写为 {expected}，或把单元格设为百分比格式。"),
    FindingType("value_approximate", W, "数值为约数", "“{label}”填写为约数“{found}”，已按 {expected} 读取，请填写准确数值。"),
    FindingType("choice_invalid", W, "选项不在下拉列表中", "“{label}”填写的“{found}”不在可选项中（{expected}）。"),
    FindingType("date_unreadable", W, "无法识别的日期", "“{label}”填写的“{found}”无法识别为日期，请按 2025-01-15 的格式填写。"),
    FindingType("year_invalid", E, "评价年度不正确", "评价年度“{found}”不是有效的四位年份。"),
    FindingType("direction_conflict", W, "指标方向与指标值矛盾", "指标方向为“{found}”，但年度指标值写的是“{expected}”，已按指标方向计算。"),
    FindingType("unit_mismatch", W, "计量单位不一致", "年度指标值的单位“{expected}”与实际完成值的单位“{found}”不一致，完成率可能不准确。"),
    # Across files.
    FindingType("duplicate_submission", W, "重复报送", "{unit} {year} 年度有多份报送：本文件与“{expected}”重复，汇总采用“{used}”（{reason}）。"),
    FindingType("unit_not_on_roster", W, "单位不在名册中", "填报单位“{found}”不在名册中，{suggestion}"),
    FindingType("unit_name_differs", I, "单位名称与名册不一致", "填报单位写作“{found}”，名册中为“{expected}”，已按名册名称汇总。"),
)

CATALOGUE: dict[str, FindingType] = {entry.code: entry for entry in _CATALOGUE}


def register(*entries: FindingType) -> None:
    """Add finding types defined next to the rules that raise them."""
    for entry in entries:
        if entry.code in CATALOGUE:
            raise ValueError(f"duplicate finding code {entry.code}")
        CATALOGUE[entry.code] = entry


@record(frozen=True)
class Finding:
    """One problem, where it is, and what was expected and found."""

    code: str
    severity: Severity
    message: str
    file: str = ""
    unit: str = ""
    sheet: str = ""
    cell: str = ""
    field: str = ""
    expected: str = ""
    found: str = ""
    #: Every cell the finding is about, as 工作表!A1, when it is about more than ``cell`` alone
    #: (a format slip folded into one finding per kind per file); see :attr:`places`.
    cells: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return CATALOGUE[self.code].title

    @property
    def places(self) -> tuple[str, ...]:
        """Every cell the finding is about, as 工作表!A1: its ``cells``, or its one cell."""
        if self.cells:
            return self.cells
        return (f"{self.sheet}!{self.cell}",) if self.cell else ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["cells"] = list(self.places)
        data["severity"] = self.severity.value
        data["severity_label"] = self.severity.label
        data["title"] = self.title
        return data


def make(code: str, *, file: str = "", unit: str = "", sheet: str = "", cell: str = "",
         field: str = "", expected: Any = "", found: Any = "", **params: Any) -> Finding:
    """Build a finding of type ``code`` with its message filled in."""
    entry = CATALOGUE[code]
    values = {"file": file, "unit": unit, "sheet": sheet, "cell": cell, "field": field,
              "expected": _text(expected), "found": _text(found), **params}
    return Finding(code=code, severity=entry.severity, message=entry.template.format(**values),
                   file=file, unit=unit, sheet=sheet, cell=cell, field=field,
                   expected=_text(expected), found=_text(found))


#: Findings about how a value was typed, not what it says: each kind is told once per file,
#: at its first cell, naming every cell (a clerk fixes them all at once or not at all).
FORMAT_ONLY = frozenset({"text_in_number", "measure_as_text", "percent_sign_missing",
                         "level_name_short"})
#: How many cells a folded finding's message names before “等”.
_PLACES_NAMED = 12


def folded(found: list[Finding]) -> list[Finding]:
    """``found`` with each format-only kind of one file made one finding listing every cell."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in found:
        if finding.code in FORMAT_ONLY:
            groups.setdefault((finding.file, finding.code), []).append(finding)
    result = []
    for finding in found:
        group = groups.get((finding.file, finding.code))
        if group is None or len(group) == 1:
            result.append(finding)
        elif finding is group[0]:
            result.append(_fold(group))
    return result


def _fold(group: list[Finding]) -> Finding:
    first = group[0]
    places = tuple(dict.fromkeys(place for finding in group for place in finding.places))
    named = "、".join(place.split("!", 1)[-1] if place.startswith(f"{first.sheet}!") else place
                     for place in places[:_PLACES_NAMED]) + ("等" if len(places) > _PLACES_NAMED else "")
    message = f"{first.message}同类情况共 {len(places)} 处（{named}），请一并修改。"
    return Finding(code=first.code, severity=first.severity, message=message, file=first.file,
                   unit=first.unit, sheet=first.sheet, cell=first.cell, field=first.field,
                   expected=first.expected, found=first.found, cells=places)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if abs(value) >= 1e-4 or value == 0 else f"{value:.6f}"
    return str(value)


def worst(findings: list[Finding]) -> Severity | None:
    """The most serious severity among ``findings``, or ``None`` when there are none."""
    return min((f.severity for f in findings), key=lambda s: s.rank, default=None)


def comment_text(found: list[Finding]) -> str:
    """One cell comment for every finding about a cell, worst first, with expected and found."""
    parts = []
    for finding in sorted(found, key=lambda f: f.severity.rank):
        text = f"【{finding.severity.label}】{finding.message}"
        if finding.expected or finding.found:
            text += f"\n应为：{finding.expected or '—'}；实为：{finding.found or '—'}"
        parts.append(text)
    return "\n".join(parts)
