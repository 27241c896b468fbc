"""What the speed work must not change: order, completeness, progress, startup.

Timings are the benchmark's job (``benchmarks/bench_collect.py``); these tests
pin the behaviour the faster paths have to keep.
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import subprocess
import sys
import zipfile
from dataclasses import FrozenInstanceError, field
from pathlib import Path

import pytest

from excel_eval import collect as collecting
from excel_eval.collect import collect, find_files, review_all, usable_cpus
from excel_eval.record import paused_gc
from excel_eval.judge.review import review_file
from excel_eval.read.workbook import _formula_cells, open_workbook
from excel_eval.record import record
from excel_eval.rules import load_rules
from tests.samples import TEMPLATE, seed_folder

#: Files in the folder below; worker processes are forced on for fewer than this.
PARALLEL_FOR_TESTS = 4


@pytest.fixture()
def many(tmp_path: Path) -> Path:
    """Copies of the two samples under several units' names, with broken files among them."""
    inbox = tmp_path / "报送"
    for index in range(10):
        for sample in sorted(seed_folder().glob("*.xlsx")):
            target = inbox / f"区{index % 3}" / f"{index:02d}_{sample.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(sample, target)
    (inbox / "区0" / "05_损坏.xlsx").write_bytes(next(seed_folder().glob("*.xlsx")).read_bytes()[:4000])
    (inbox / "区1" / "06_说明.pdf").write_bytes(b"%PDF-1.4\n")
    (inbox / "区2" / "~$07_锁定.xlsx").write_bytes(b"\x06zhang ")
    return inbox


@pytest.fixture()
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes even for a small folder."""
    monkeypatch.setattr(collecting, "PARALLEL_FROM", PARALLEL_FOR_TESTS)


def summary_of(reviews) -> list[tuple]:
    return [(review.name, review.status, [(f.code, f.sheet, f.cell, f.message) for f in review.findings],
             review.evaluation.total_score.value if review.evaluation else None) for review in reviews]


def test_parallel_and_serial_reading_give_the_same_reviews_in_the_same_order(many, parallel):
    rules = load_rules()
    paths = find_files(many)
    serial = review_all(paths, many, rules, workers=1)
    in_workers = review_all(paths, many, rules, workers=2)
    assert summary_of(in_workers) == summary_of(serial)
    assert [review.name for review in serial] == [str(path.relative_to(many)) for path in paths]
    assert in_workers == serial


def test_a_record_with_a_field_its_constructor_does_not_take_is_refused():
    with pytest.raises(TypeError, match="every field must be one of its arguments"):
        @record
        class Computed:
            total: float = field(init=False, default=0.0)


def test_a_record_sent_between_processes_comes_back_equal_and_still_frozen():
    review = review_file(next(seed_folder().glob("*.xlsx")), load_rules())
    copy = pickle.loads(pickle.dumps(review, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == review and copy is not review
    assert copy.evaluation.indicators[0].indicator.cells == review.evaluation.indicators[0].indicator.cells
    with pytest.raises(FrozenInstanceError):
        copy.evaluation.total_score.value = 0


def test_parallel_collection_matches_serial_collection(many, parallel):
    serial = collect(many, load_rules(), workers=1)
    in_workers = collect(many, load_rules(), workers=2)
    assert [(entry.unit, entry.review.name) for entry in in_workers.units] == \
        [(entry.unit, entry.review.name) for entry in serial.units]
    assert [(f.code, f.file, f.cell) for f in in_workers.all_findings] == \
        [(f.code, f.file, f.cell) for f in serial.all_findings]


def test_bad_files_among_many_are_reported_and_the_rest_are_read(many, parallel):
    collection = collect(many, load_rules(), workers=2)
    statuses = {review.name: review.status for review in collection.reviews}
    assert len(statuses) == len(find_files(many)) == 23
    assert statuses[str(Path("区0", "05_损坏.xlsx"))] == "failed"
    assert statuses[str(Path("区1", "06_说明.pdf"))] == "failed"
    assert statuses[str(Path("区2", "~$07_锁定.xlsx"))] == "skipped"
    assert sum(status == "read" for status in statuses.values()) == 20


@pytest.mark.parametrize("workers", [1, 2])
def test_an_unexpected_error_costs_one_file_not_the_run(many, parallel, monkeypatch, workers):
    real = collecting.review_file

    def failing(path, rules, name=None):
        if path.name.startswith("03_"):
            raise RuntimeError("意外")
        return real(path, rules, name)

    monkeypatch.setattr(collecting, "review_file", failing)
    collection = collect(many, load_rules(), workers=workers)
    broken = [review for review in collection.reviews if Path(review.name).name.startswith("03_")]
    assert len(broken) == 2
    for review in broken:
        assert review.status == "failed"
        assert review.findings[0].code == "file_unreadable"
        assert "程序错误（错误类型 RuntimeError）" in review.result.reason
    assert sum(review.status == "read" for review in collection.reviews) == 18


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_is_reported_once_per_file_in_folder_order(many, parallel, workers):
    seen = []
    collection = collect(many, load_rules(), on_review=lambda review: seen.append(review.name), workers=workers)
    assert seen == [review.name for review in collection.reviews]
    assert seen == [str(path.relative_to(many)) for path in find_files(many)]


def test_help_starts_without_the_heavy_libraries():
    code = ("import sys\n"
            "from excel_eval.cli import main\n"
            "for arguments in (['--help'], ['collect', '--help'], ['check', '--help'], ['template', '--help']):\n"
            "    try:\n"
            "        main(arguments, prog_name='excel-eval')\n"
            "    except SystemExit:\n"
            "        pass\n"
            "heavy = ('pandas', 'numpy', 'openpyxl', 'xlsxwriter', 'python_calamine')\n"
            "print(sorted(name for name in sys.modules if name.split('.')[0] in heavy))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_garbage_collection_is_restored_after_collecting(many):
    assert gc.isenabled()
    collect(many, load_rules())
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_usable_cpus_counts_the_cpus_this_process_may_run_on(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5}, raising=False)
    assert usable_cpus() == 3
    monkeypatch.delattr(os, "sched_getaffinity")
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert usable_cpus() == 1


def test_formula_cells_are_the_cells_whose_first_child_is_a_formula():
    xml = (b'<worksheet><sheetData><row r="1"><c r="A1" s="1"/><c r="B1" s="2"><f>SUM(1)</f><v>1</v></c>'
           b'<c r="C1" t="str">\n  <f t="shared" ref="C1:C3" si="0">A1</f></c><c r="D1"><v>3</v></c>'
           b'<c r="E1" s="3"/><c r="F1"><f/></c><c r="G1" t="inlineStr"><is><t>&lt;f&gt;</t></is></c></row>'
           b'</sheetData><dataValidations><dataValidation><formula1>1</formula1></dataValidation>'
           b'</dataValidations></worksheet>')
    assert _formula_cells(xml) == {"B1", "C1", "F1"}
    assert _formula_cells(xml.replace(b"</sheetData>", b"")) == {"B1", "C1", "F1"}
    assert _formula_cells(b"<worksheet><sheetData/></worksheet>") == frozenset()


def test_the_templates_formula_cells_are_found(tmp_path):
    with zipfile.ZipFile(TEMPLATE) as archive:
        form = archive.read("xl/worksheets/sheet1.xml")
    found = _formula_cells(form)
    assert {"D6", "E6", "F6", "G33"} <= found
    assert "G6" not in found and "E7" not in found
    assert found == open_workbook(TEMPLATE).sheets["绩效自评表"].formulas
