"""The bundled samples are what the seed data and the shipped template make today."""

from __future__ import annotations

from pathlib import Path

from tests.samples import SAMPLE_FILES, SAMPLES, build_samples
from tests.xlsx_compare import assert_same_workbook


def test_shipped_samples_are_current(tmp_path: Path) -> None:
    for built in build_samples(tmp_path):
        assert_same_workbook(built, SAMPLES / built.name)
    assert sorted(path.name for path in SAMPLES.iterdir()) == sorted(SAMPLE_FILES)


def test_records_built_from_data_are_what_the_reader_makes_of_the_sample_files() -> None:
    """The fast in-memory records of the scoring tests stand for real files."""
    from excel_eval.fields import TEMPLATE_VERSION
    from excel_eval.judge.checks import check
    from excel_eval.judge.scoring import evaluate
    from excel_eval.read.reader import read_submission
    from excel_eval.rules import load_rules
    from tests.records import submission_from_data

    rules = load_rules()
    for name, data in SAMPLE_FILES.items():
        read = read_submission(SAMPLES / name).submission
        built = submission_from_data({"template_version": TEMPLATE_VERSION, "budget_weight": rules.weights.budget,
                                      **data}, name)  # what the template holds before a town types
        assert {key: value.value for key, value in read.fields.items()} == \
               {key: value.value for key, value in built.fields.items()}
        assert [(i.name, i.direction, i.unit, i.target, i.actual, i.weight, i.reported_rate, i.self_score, i.cells)
                for i in read.indicators] == \
               [(i.name, i.direction, i.unit, i.target, i.actual, i.weight, i.reported_rate, i.self_score, i.cells)
                for i in built.indicators]
        read_eval, built_eval = evaluate(read, rules), evaluate(built, rules)
        assert read_eval.total_score.value == built_eval.total_score.value
        assert [(f.code, f.cell) for f in check(read, read_eval, rules)] == \
               [(f.code, f.cell) for f in check(built, built_eval, rules)]
