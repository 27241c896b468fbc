"""Real submission files for tests: a clean one, and the ways towns break them."""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Iterable

from excel_eval.write.template import write_template
from tests.filling import Percent, fill

#: A small, correct submission: every figure adds up, nothing to report.
CLEAN_FIELDS: dict[str, Any] = {
    "unit_name": "江高镇",
    "project_name": "社工服务站（家庭综合服务中心）运营经费",
    "eval_year": 2024,
    "competent_dept": "广州市白云区民政局",
    "implementing_unit": "广州市白云区江高镇人民政府",
    "operator": "广州市某社会工作服务中心",
    "contact_person": "张三",
    "contact_phone": "020-12345678",
    "fill_date": dt.datetime(2025, 1, 15),
    "fund_current_initial": 200,
    "fund_current": 200,
    "fund_current_spent": 200,
    "budget_weight": 10,
    "exec_rate_reported": 1,
    "budget_score_reported": 10,
    "fund_city": 100,
    "fund_district": 100,
    "fund_town": 0,
    "mid_eval_result": "良好",
    "final_eval_result": "优秀",
    "mid_eval_date": dt.datetime(2024, 7, 20),
    "final_eval_date": dt.datetime(2024, 12, 20),
    "goal_expected": "全年开展家庭探访 1000 户、个案服务 80 个，服务对象满意度不低于 90%。",
    "goal_actual": "完成家庭探访 1000 户、个案服务 88 个，服务对象满意度 95%。",
    "survey_note": "委托第三方随机抽取服务对象 120 人电话回访，有效问卷 112 份。",
    "self_total_score": 100,
    "self_grade": "优",
    "achievements": "建立了一社区一社工机制。",
    "problems": "服务范围大，人手有限。",
    "suggestions": "加强社工继续教育。",
}

CLEAN_INDICATORS: list[dict[str, Any]] = [
    {"level1": "产出指标", "level2": "数量指标", "name": "家庭探访户数", "direction": "≥", "unit": "户",
     "target": 1000, "actual": 1000, "weight": 30, "reported_rate": 1, "self_score": 30,
     "evidence": "探访台账"},
    {"level1": "产出指标", "level2": "质量指标", "name": "个案服务数", "direction": "≥", "unit": "个",
     "target": 80, "actual": 88, "weight": 20, "reported_rate": 1.1, "self_score": 20,
     "evidence": "个案档案"},
    {"level1": "效益指标", "level2": "社会效益指标", "name": "困境群体服务覆盖", "direction": "定性",
     "target": "全面覆盖", "actual": "全面覆盖", "weight": 30,
     "self_score": 30, "evidence": "服务名册"},
    {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "服务对象满意度", "direction": "≥",
     "unit": "%", "target": Percent(0.9), "actual": Percent(0.95), "weight": 10, "reported_rate": 95 / 90,
     "self_score": 10, "evidence": "满意度问卷"},
]

CLEAN_PAYMENTS: list[dict[str, Any]] = [
    {"agreed_ratio": 0.55, "paid_amount": 110, "paid_date": dt.datetime(2024, 3, 1)},
    {"agreed_ratio": 0.40, "paid_amount": 80, "paid_date": dt.datetime(2024, 8, 1)},
    {"agreed_ratio": 0.05, "paid_amount": 10, "paid_date": dt.datetime(2025, 1, 10)},
]


@functools.cache
def blank_template() -> Path:
    """The blank template, written once per test run outside every test's folder."""
    return write_template(Path(tempfile.mkdtemp(prefix="excel-eval-template-")) / "模板.xlsx")


def clean_submission(folder: Path, name: str = "江高镇_2024_绩效自评.xlsx",
                     indicators: list[dict[str, Any]] | None = None,
                     payments: list[dict[str, Any]] | None = None, **changes: Any) -> Path:
    """The clean submission, with ``changes`` to single fields (``None`` clears one)
    and, when given, ``indicators`` and ``payments`` in place of the clean ones."""
    folder.mkdir(parents=True, exist_ok=True)
    fields = {**CLEAN_FIELDS, **changes}
    rows = CLEAN_INDICATORS if indicators is None else indicators
    return fill(blank_template(), folder / name, fields, rows, CLEAN_PAYMENTS if payments is None else payments)


def zip_with(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def replace_member(source: Path, target: Path, member: str, data: bytes | Iterable[bytes]) -> Path:
    """A copy of the workbook ``source`` with one zip member replaced.

    ``data`` may be an iterable of chunks, so a test can build a zip bomb
    without holding it in memory.
    """
    chunks = [data] if isinstance(data, bytes) else data
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            if info.filename != member:
                copy.writestr(info.filename, original.read(info))
                continue
            with copy.open(info.filename, "w", force_zip64=True) as stream:
                for chunk in chunks:
                    stream.write(chunk)
    return target
