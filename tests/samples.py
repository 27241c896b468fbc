"""The bundled sample submissions, and the seed submissions the tests score.

``samples/submissions/`` holds what ``build_samples`` writes: the two seed
reports filled into the shipped template through its defined names with only
what each report states (``tests.sample_data``), and one plainly invented
street for the quick start.  A test proves the shipped files are current;
regenerate them with ``python -m tests.samples``.

``seed_folder`` writes the seeds completed with chosen figures
(``tests.seed_data``) into a folder of its own, once per test run: the tests
that need full records score those.
"""

from __future__ import annotations

import functools
import sys
import tempfile
from pathlib import Path

from excel_eval import fields as contract
from tests.filling import fill
from tests.sample_data import EXAMPLE_2023, SHIMEN_REPORT, ZHONGLUOTAN_REPORT
from tests.seed_data import SHIMEN_2023, ZHONGLUOTAN_2022

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbook_templates" / "绩效自评模板.xlsx"
SAMPLES = ROOT / "samples" / "submissions"
ROSTER = ROOT / "samples" / "白云区名册.csv"

#: File name → data, as a district would receive them.
SAMPLE_FILES = {
    "钟落潭镇_2022_绩效自评.xlsx": ZHONGLUOTAN_REPORT,
    "石门街道_2023_绩效自评.xlsx": SHIMEN_REPORT,
    "示例街道_2023_绩效自评（虚构示例）.xlsx": EXAMPLE_2023,
}
#: File name → the seeds completed with chosen figures.
SEED_FILES = {
    "钟落潭镇_2022_绩效自评.xlsx": ZHONGLUOTAN_2022,
    "石门街道_2023_绩效自评.xlsx": SHIMEN_2023,
}

_PAYMENT_INPUTS = {column.key for column in contract.PAYMENTS.columns if column.input}


def build_sample(data: dict, output: Path) -> Path:
    """Fill the shipped template with one submission's data; formula cells are left to the template."""
    single = {name: value for name, value in data.items() if name not in ("indicators", "payments")}
    payments = [{key: value for key, value in row.items() if key in _PAYMENT_INPUTS}
                for row in data.get("payments", [])]
    return fill(TEMPLATE, output, single, data.get("indicators", []), payments)


def build_samples(folder: Path, files: dict[str, dict] = SAMPLE_FILES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [build_sample(data, folder / name) for name, data in files.items()]


@functools.cache
def seed_folder() -> Path:
    """The seeds with chosen figures as submissions, written once per test run outside every test's folder."""
    folder = Path(tempfile.mkdtemp(prefix="excel-eval-seeds-"))
    build_samples(folder, SEED_FILES)
    return folder


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES
    for path in build_samples(target):
        print(path)
