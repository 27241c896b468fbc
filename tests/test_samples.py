"""The bundled samples are what the seed data and the shipped template make today."""

from __future__ import annotations

from pathlib import Path

from tests.samples import SAMPLE_FILES, SAMPLES, build_samples
from tests.xlsx_compare import assert_same_workbook


def test_shipped_samples_are_current(tmp_path: Path) -> None:
    for built in build_samples(tmp_path):
        assert_same_workbook(built, SAMPLES / built.name)
    assert sorted(path.name for path in SAMPLES.iterdir()) == sorted(SAMPLE_FILES)
