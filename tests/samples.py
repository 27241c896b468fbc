"""The bundled sample submissions, built from the seed reports' data.

``samples/submissions/`` holds what ``build_samples`` writes: the two seed
reports filled into the shipped template through its defined names, as a
town's own system would.  A test proves the shipped files are current;
regenerate them with ``python -m tests.samples``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from excel_eval import fields as contract
from tests.filling import fill
from tests.seed_data import SHIMEN_2023, ZHONGLUOTAN_2022

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbook_templates" / "绩效自评模板.xlsx"
SAMPLES = ROOT / "samples" / "submissions"
ROSTER = ROOT / "samples" / "白云区名册.csv"

#: File name → seed data, as a district would receive them.
SAMPLE_FILES = {
    "钟落潭镇_2022_绩效自评.xlsx": ZHONGLUOTAN_2022,
    "石门街道_2023_绩效自评.xlsx": SHIMEN_2023,
}

_PAYMENT_INPUTS = {column.key for column in contract.PAYMENTS.columns if column.input}


def build_sample(data: dict, output: Path) -> Path:
    """Fill the shipped template with one seed's data; formula cells are left to the template."""
    single = {name: value for name, value in data.items() if name not in ("indicators", "payments")}
    payments = [{key: value for key, value in row.items() if key in _PAYMENT_INPUTS}
                for row in data.get("payments", [])]
    return fill(TEMPLATE, output, single, data.get("indicators", []), payments)


def build_samples(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [build_sample(data, folder / name) for name, data in SAMPLE_FILES.items()]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES
    with tempfile.TemporaryDirectory():
        for path in build_samples(target):
            print(path)
