"""Shared fixtures.

LibreOffice is the real client the tests open our workbooks with: a workbook
that it cannot convert, or that loses its defined names when it re-saves it,
would fail a town using LibreOffice or WPS.  Tests that need it skip when
``soffice`` is not installed; CI installs it.  They are marked ``libreoffice``
so that a quick local run can leave them out (``pytest -m "not libreoffice"``);
CI runs everything.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CONVERT_TIMEOUT_SECONDS = 180


class LibreOffice:
    """Headless ``soffice`` with a private profile, so runs never share user settings."""

    def __init__(self, executable: str, profile: Path) -> None:
        self.executable = executable
        self.profile = profile

    def convert(self, path: str | Path, fmt: str, outdir: str | Path) -> Path:
        """Convert ``path`` to ``fmt`` (pdf, xlsx, ods…) into ``outdir``; return the new file.

        ``soffice`` can exit 0 without writing anything, so the output file is checked.
        """
        path, outdir = Path(path), Path(outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        command = [
            self.executable,
            f"-env:UserInstallation={self.profile.as_uri()}",
            "--headless",
            "--convert-to", fmt,
            "--outdir", str(outdir),
            str(path),
        ]
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=CONVERT_TIMEOUT_SECONDS)
        output = outdir / f"{path.stem}.{fmt.split(':')[0]}"
        assert output.exists(), (
            f"soffice wrote no {output} (exit {result.returncode}): "
            f"{result.stdout.strip()} {result.stderr.strip()}"
        )
        return output


@pytest.fixture(scope="session")
def soffice(tmp_path_factory: pytest.TempPathFactory) -> LibreOffice:
    """LibreOffice for converting files; skips the test when it is not installed."""
    executable = shutil.which("soffice")
    if executable is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return LibreOffice(executable, tmp_path_factory.mktemp("libreoffice-profile"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that opens files in LibreOffice, so a local run can deselect them."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.libreoffice)
