"""Reference outputs: the summary, one review copy and one report, checked in.

``tests/reference/`` holds what ``collect`` writes for a small district built
here (three towns on a roster of four, one unreadable file), as XlsxWriter's
comparison tests keep their reference files: any change to the summary, the
审核意见 copy or the report shows as a failing test that names the first
difference.  The inputs are built from the test data, not read from
``samples/``, and the clock is fixed, so only a change in what the tool
writes moves them.

After an intended change, regenerate them and review the change with the
test that names it:

    python -m tests.reference_outputs
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import tempfile
from pathlib import Path

from excel_eval.pipeline import run_collection
from excel_eval.read.roster import read_roster
from excel_eval.rules import load_rules
from excel_eval.write.feedback import write_collection_feedback
from excel_eval.write.report import write_reports
from excel_eval.write.summary import write_summary
from tests import docx_compare, xlsx_compare
from tests.builders import clean_submission
from tests.samples import build_sample
from tests.seed_data import ZHONGLUOTAN_2022

REFERENCE = Path(__file__).resolve().parent / "reference"
YEAR = 2024
#: The moment every reference run pretends to start at.
CLOCK_TIME = dt.datetime(2025, 3, 3, 9, 30)
SUMMARY = "汇总.xlsx"
#: The unit whose review copy and report are kept: the one with the most to say.
UNIT = "钟落潭镇"
FEEDBACK = f"{UNIT}_{YEAR}_审核意见.xlsx"
REPORT = f"{UNIT}_{YEAR}_绩效评价报告.docx"
FILES = (SUMMARY, FEEDBACK, REPORT)
ROSTER = "单位名称,单位类型\n江高镇,镇\n人和镇,镇\n钟落潭镇,镇\n太和镇,镇\n"


def fixed_clock() -> dt.datetime:
    return CLOCK_TIME


def build_submissions(folder: Path) -> Path:
    """The district's folder: a clean town, a town with mistakes, the 钟落潭镇 seed, a stray file."""
    folder.mkdir(parents=True, exist_ok=True)
    clean_submission(folder, name="江高镇_2024_绩效自评.xlsx")
    clean_submission(folder, name="人和镇_2024_绩效自评.xlsx", unit_name="人和镇", budget_total=210,
                     spent_total="198.45万元", fund_city=90, self_total_score=98)
    seed = {**ZHONGLUOTAN_2022, "eval_year": YEAR, "fill_date": dt.date(YEAR + 1, 1, 20)}
    build_sample(seed, folder / f"{UNIT}_{YEAR}_绩效自评.xlsx")
    (folder / "说明.docx").write_bytes(b"not a workbook")
    return folder


def write_outputs(out_dir: Path) -> list[Path]:
    """Build the inputs in a scratch folder and write the three reference files into ``out_dir``.

    The run works on relative paths from inside the scratch folder, so the
    folder the summary names is the same wherever it is written.
    """
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    rules = load_rules()
    with tempfile.TemporaryDirectory() as scratch, contextlib.chdir(scratch):
        build_submissions(Path("报送"))
        Path("名册.csv").write_text(ROSTER, encoding="utf-8")
        collection = run_collection(Path("报送"), rules, read_roster(Path("名册.csv")), YEAR, clock=fixed_clock)
        write_summary(collection, out_dir / SUMMARY)
        write_collection_feedback(collection, Path("审核意见"))
        write_reports(collection.unit_reviews(), Path("评价报告"), rules, clock=fixed_clock)
        (out_dir / FEEDBACK).write_bytes(Path("审核意见", FEEDBACK).read_bytes())
        (out_dir / REPORT).write_bytes(Path("评价报告", REPORT).read_bytes())
    return [out_dir / name for name in FILES]


def first_difference(actual: Path, expected: Path) -> str | None:
    """The first content difference between two outputs of the same kind, or None."""
    compare = docx_compare if Path(expected).suffix == ".docx" else xlsx_compare
    return compare.first_difference(actual, expected)


def regenerate(target: Path = REFERENCE) -> list[tuple[str, str | None]]:
    """Write the outputs afresh and replace each reference whose content changed.

    A file whose content is the same is left as it is (its bytes would differ,
    as every save's do), so a commit shows only the references that really
    moved.  Returns each file with its first difference (None: unchanged).
    """
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    changes = []
    with tempfile.TemporaryDirectory() as scratch:
        for path in write_outputs(Path(scratch)):
            kept = target / path.name
            difference = first_difference(path, kept) if kept.exists() else "new file"
            if difference is not None:
                kept.write_bytes(path.read_bytes())
            changes.append((path.name, difference))
    return changes


if __name__ == "__main__":
    for name, difference in regenerate(Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE):
        print(f"{name}: {'unchanged' if difference is None else 'updated, first difference: ' + difference}")
