"""The summary, a review copy and a report, compared with the checked-in reference files.

A failure names the first difference.  When the change is intended,
regenerate the references with ``python -m tests.reference_outputs`` and
commit them with the change.
"""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from tests.reference_outputs import FEEDBACK, FILES, REFERENCE, REPORT, SUMMARY, first_difference, write_outputs

REGENERATE = "if the change is intended, run: python -m tests.reference_outputs"


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("outputs")
    write_outputs(out)
    return out


@pytest.mark.parametrize("name", FILES)
def test_the_output_matches_its_reference(written: Path, name: str) -> None:
    difference = first_difference(written / name, REFERENCE / name)
    assert difference is None, f"{name}: {difference} ({REGENERATE})"


def _change_workbook_cell(path: Path, sheet: str, cell: str) -> None:
    workbook = openpyxl.load_workbook(path)
    workbook[sheet][cell].value = "改动"
    workbook.save(path)


@pytest.mark.parametrize("name, sheet, cell", [(SUMMARY, "区域对比", "B3"), (FEEDBACK, "审核意见", "C3")])
def test_a_one_cell_change_is_named(written: Path, tmp_path: Path, name: str, sheet: str, cell: str) -> None:
    changed = tmp_path / name
    changed.write_bytes((written / name).read_bytes())
    _change_workbook_cell(changed, sheet, cell)
    difference = first_difference(changed, written / name)
    assert difference is not None and difference.startswith(f"sheet {sheet!r} cell {cell} value")


def test_a_one_word_change_in_the_report_is_named(written: Path, tmp_path: Path) -> None:
    document = docx.Document(str(written / REPORT))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("二、"))
    paragraph.runs[0].text = "二、评价概述"
    document.save(str(tmp_path / REPORT))
    difference = first_difference(tmp_path / REPORT, written / REPORT)
    assert difference is not None and "二、评价概述" in difference and difference.startswith("paragraph ")
