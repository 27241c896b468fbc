"""The standard self-evaluation template as files: blank, or one pre-filled copy per roster unit.

What goes where in the workbook is :mod:`excel_eval.write.template_layout`'s;
this module decides which files are written and how.  Files are written to
a temporary file in the target folder and moved into place, so a failed run
never leaves a half-written workbook behind, and a copy a clerk may have
filled in is replaced only when asked.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from excel_eval.catalogue import REASONS
from excel_eval.fields import MAX_YEAR, MIN_YEAR
from excel_eval.findings import UserError
from excel_eval.read.roster import read_roster
from excel_eval.rules import Rules, load_rules
from excel_eval.saving import os_error_reason, replaced_atomically
from excel_eval.write.template_layout import INPUT_FILL, LOCKED_FILL, WORKBOOK_OPTIONS, build

#: The template's fills are the layout's; a reviewed copy is coloured with them, so they are named here too.
__all__ = ["BLANK_TEMPLATE_NAME", "DEFAULT_PROJECT_NAME", "INPUT_FILL", "LOCKED_FILL", "Prefill", "TemplateError",
           "check_year", "template_file_name", "write_template", "write_templates_for_roster"]

DEFAULT_PROJECT_NAME = "社工服务站（家庭综合服务中心）运营经费"
BLANK_TEMPLATE_NAME = "绩效自评模板.xlsx"


class TemplateError(UserError):
    """A template that cannot be written; the message is Chinese and names the path."""


@dataclass(frozen=True)
class Prefill:
    """What the district fills in for a town before handing out its copy."""

    unit_name: str
    eval_year: int
    project_name: str = DEFAULT_PROJECT_NAME

    def __post_init__(self) -> None:
        check_year(self.eval_year)

    def values(self) -> dict[str, object]:
        """The prefilled values by field name."""
        return {"unit_name": self.unit_name, "project_name": self.project_name,
                "eval_year": self.eval_year}


def check_year(year: int) -> int:
    """``year`` if it is a plausible evaluation year, else a ``TemplateError``."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise TemplateError("year_out_of_range", low=MIN_YEAR, high=MAX_YEAR, year=year)
    return year


def template_file_name(unit_name: str, year: int) -> str:
    """``<单位>_<年度>_绩效自评.xlsx``, with characters Windows forbids in names replaced by ``_``."""
    safe = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in unit_name)
    return f"{safe}_{year}_绩效自评.xlsx"


def write_template(path: str | os.PathLike[str], prefill: Prefill | None = None,
                   rules: Rules | None = None, overwrite: bool = False) -> Path:
    """Write the template to ``path`` (blank, or pre-filled for one unit) and return the path.

    An existing directory gets ``绩效自评模板.xlsx`` inside it; any other path must end in .xlsx.
    Default weights, payment ratios and the numbers quoted in 填报说明 come from ``rules``
    (the default rules when None), so the form tells towns what the district checks.
    An existing file is replaced only with ``overwrite``: it may be a copy someone has filled in.
    """
    target = Path(path)
    if target.is_dir():
        target = target / BLANK_TEMPLATE_NAME
    if target.suffix.lower() != ".xlsx":
        raise TemplateError("template_suffix", path=target)
    _check_folder(target.parent)
    if target.exists() and not overwrite:
        raise TemplateError("template_exists", path=target)
    with _os_errors_as(target), replaced_atomically(target) as temporary:
        _render(temporary, prefill, rules or load_rules())
    return target


def write_templates_for_roster(
    roster_path: str | os.PathLike[str], year: int, out_dir: str | os.PathLike[str],
    rules: Rules | None = None, overwrite: bool = False,
) -> list[Path]:
    """Write one pre-filled copy per roster unit into ``out_dir``; return the paths.

    All files are rendered before any is moved into place, so a bad roster or a
    failure while rendering leaves the folder as it was (a folder created here is removed).
    Copies already there are replaced only with ``overwrite``: a clerk may
    have started filling one in, and nothing says so from outside.
    """
    check_year(year)
    rules = rules or load_rules()
    units = read_roster(roster_path)
    folder = Path(out_dir)
    if folder.suffix.lower() == ".xlsx":
        raise TemplateError("templates_need_folder", folder=folder)
    targets = [folder / template_file_name(unit.name, year) for unit in units]
    existing = [target.name for target in targets if target.exists()]
    if existing and not overwrite:
        shown = "、".join(existing[:5]) + ("等" if len(existing) > 5 else "")
        raise TemplateError("templates_exist", folder=folder, count=len(existing), shown=shown)
    created = _ensure_folder(folder)
    try:
        with _os_errors_as(folder), ExitStack() as renamed_at_the_end:
            for unit, target in zip(units, targets):
                prefill = Prefill(unit.name, year, unit.project_name or DEFAULT_PROJECT_NAME)
                _render(renamed_at_the_end.enter_context(replaced_atomically(target)), prefill, rules)
    except BaseException:
        if created:
            folder.rmdir()
        raise
    return targets


# --- files and folders -------------------------------------------------------------------


@contextmanager
def _os_errors_as(path: Path) -> Iterator[None]:
    """Turn a file-system error into a ``TemplateError`` that names ``path``."""
    try:
        yield
    except OSError as exc:  # XlsxWriter's own error on closing arrives as the OSError it met (``saving``)
        raise TemplateError("write_failed", path=path, reason=os_error_reason(exc)) from exc


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        reason = REASONS["is_a_file"] if folder.exists() else REASONS["no_such_folder"]
        raise TemplateError("output_folder_unusable", folder=folder, reason=reason)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise TemplateError("output_folder_unusable", folder=folder, reason=REASONS["not_writable"])


def _ensure_folder(folder: Path) -> bool:
    """Create ``folder`` if needed (its parent must exist); True if it was created here."""
    if folder.is_dir():
        _check_folder(folder)
        return False
    _check_folder(folder.parent)
    with _os_errors_as(folder):
        folder.mkdir()
    return True


def _render(path: Path, prefill: Prefill | None, rules: Rules) -> None:
    """Write the workbook to ``path`` (a temporary file of ``saving``'s, renamed onto the target when done)."""
    workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    build(workbook, prefill.values() if prefill else {}, rules)
    workbook.close()
