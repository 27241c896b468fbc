"""Opening a submitted file safely, whatever it turns out to be.

This module knows file formats, not the template: it sniffs what a file
really is (a workbook saved by Excel, WPS or LibreOffice as .xlsx/.xlsm,
.xls or .ods — or a renamed Word document, a PDF, a lock file, an encrypted
or truncated file), refuses zip and XML entity bombs before any parser sees
them, and returns every sheet as a grid of values with the workbook's
defined names, merged ranges and formula cells.

Nothing is allocated by what a file claims.  Calamine builds a dense grid
from the first to the last cell of a sheet, so one stray cell at XFD1048576
would cost gigabytes: every .xlsx sheet part is checked first, and a sheet with a
cell outside the :class:`Area` read is rewritten without it, the cell named
in :attr:`RawWorkbook.beyond` for the reader to report.

Values are read with python-calamine (measured fastest on small workbooks
and the only one reading all three formats).  Calamine exposes no defined
names, so those are read from ``xl/workbook.xml`` (.xlsx) with the standard
library's expat, refusing any DTD (so no entity can be declared, let alone
expanded), or from ``content.xml`` (.ods) with a pattern.  Legacy .xls keeps
its names in binary records the reader does without: it finds the cells by
the template's layout instead.
"""

from __future__ import annotations

import functools
import io
import os
import re
import stat
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Container, Iterator
from xml.parsers import expat

from excel_eval.read.biff import XlsProblem, bounded_xls
from excel_eval.saving import os_error_reason

#: The largest file read when no rules say otherwise (rules.toml ``files.size_limit_mb``).
FILE_LIMIT = 100 * 2**20
#: Largest uncompressed size of one XML part, and of all parts together.
PART_LIMIT = 50 * 1024 * 1024
TOTAL_LIMIT = 200 * 1024 * 1024
_CHUNK = 1024 * 1024
#: How many times a part can grow when inflated, by compression method (others: checked by inflating).
_MAX_RATIO = {zipfile.ZIP_STORED: 1, zipfile.ZIP_DEFLATED: 1032}
#: The parts parsed here to find the defined names and each sheet's part.
_WORKBOOK_PARTS = frozenset({"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"})
#: The built-in number formats that show a percentage (0% and 0.00%).
_PERCENT_FORMAT_IDS = frozenset({9, 10})
_NUM_FMT_TAG = "http://schemas.openxmlformats.org/spreadsheetml/2006/main numFmt"
_CELL_XFS_TAG = "http://schemas.openxmlformats.org/spreadsheetml/2006/main cellXfs"
_XF_TAG = "http://schemas.openxmlformats.org/spreadsheetml/2006/main xf"
#: A format code's literal parts (quoted text, escaped characters, [colours and conditions]).
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
#: A cell's opening tag and its attributes.
_CELL_REFERENCE = re.compile(rb'\br="([A-Z]+[0-9]+)"')

#: Parts no parser here reads (document properties, the colour theme): not inflated.
_UNPARSED_PARTS = ("docProps/", "xl/theme/")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
#: Element and attribute names as expat reports them (namespace, a space, local name).
_SHEET_TAG = "http://schemas.openxmlformats.org/spreadsheetml/2006/main sheet"
_DEFINED_NAME_TAG = "http://schemas.openxmlformats.org/spreadsheetml/2006/main definedName"
_RELATIONSHIP_TAG = "http://schemas.openxmlformats.org/package/2006/relationships Relationship"
_RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
_ODS_NAMED_RANGE = re.compile(
    rb'<table:named-range\b[^>]*?table:name="([^"]+)"[^>]*?table:cell-range-address="([^"]+)"'
    rb'|<table:named-range\b[^>]*?table:cell-range-address="([^"]+)"[^>]*?table:name="([^"]+)"')
#: The opening tag of a cell, up to where its first child starts.
_CELL_OPENING = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*(?<!/)>\s*')
_CELL_TAG_LIMIT = 512
#: A cell showing an error value, its formula (if any) before the value.
_ERROR_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*?\st="e"[^>]*>\s*(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?\s*<v>([^<]{1,16})</v>')
_CELL_RANGE = re.compile(r"[A-Z]+[0-9]+(:[A-Z]+[0-9]+)?")
#: Characters XML 1.0 cannot carry: text holding one would make every workbook written from it malformed.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CELL_POSITION = re.compile(r"\$?([A-Za-z]+)\$?([0-9]+)")
#: Past Excel's last cell (XFD1048576): a position no area reaches.
_NOWHERE = (2**31, 2**31)
#: A cell not plainly inside A1:AZ9999, and a cell with a namespace prefix (see :func:`_plainly_within`).
_UNPLAIN_CELL = re.compile(rb'<c(?=[\s>/])(?! r="A?[A-Z][1-9][0-9]{0,3}")')
_PREFIXED_CELL = re.compile(rb":c[\s>/]")
_SHARED_STRINGS_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sst\b[^>]*>")
_SHARED_STRINGS_COUNT = re.compile(rb'\s(?:uniqueCount|count)\s*=\s*["\']\s*([0-9]+)\s*["\']')
_SHARED_STRINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
#: Strict Open XML's namespaces, and the transitional ones Excel usually writes for the same elements.
_STRICT_NAMESPACES = (
    (b"http://purl.oclc.org/ooxml/spreadsheetml/main", b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"))
_ODS_MANIFEST = "META-INF/manifest.xml"
#: The manifest calamine needs to take a zip for a spreadsheet: the content and nothing else.
_ODS_MINIMAL_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    b'<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
#: What makes a left-out ODF cell worth reporting: a paragraph of text, or an annotation.
_ODS_CONTENT = frozenset({"p", "annotation"})


@dataclass(frozen=True)
class Area:
    """How much of each sheet is read: rows and columns from A1."""

    rows: int
    columns: int

    def holds(self, other: Area) -> bool:
        return self.rows >= other.rows and self.columns >= other.columns

    @property
    def last_cell(self) -> str:
        return f"{column_letters(self.columns - 1)}{self.rows}"


#: The area read from a submission: many times what any form needs, and a sheet filled to its
#: edge still costs only some tens of MB.  A cell outside it is reported and left unread.
SUBMISSION_AREA = Area(rows=9999, columns=52)
#: A summary's data sheet holds one row per unit.
SUMMARY_AREA = Area(rows=200_000, columns=52)
#: Excel's whole sheet: A1 to XFD1048576.
EXCEL_GRID = Area(rows=1_048_576, columns=16_384)
#: The area whose cells :func:`_plainly_within` recognises without parsing (A1:AZ9999).
_PLAIN_AREA = Area(rows=9999, columns=52)


@dataclass(frozen=True)
class Beyond:
    """Cells of one sheet left unread because they stand outside the area read."""

    sheet: str
    first: str  # the first one, as A1, or as written when it names no cell Excel has
    count: int

    @property
    def cell(self) -> str:
        """The first cell as A1, or empty when the file names a position past XFD1048576."""
        return "" if self.first.startswith("“") else self.first


class UnreadableFile(Exception):
    """The file cannot be read; ``code`` is a finding code, ``params`` fill its message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Sheet:
    """One sheet as a grid of values (0-based rows and columns, from A1)."""

    name: str
    rows: list[list[Any]]
    #: Merged ranges as (first_row, first_col, last_row, last_col), 0-based.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: Finds the A1 references of cells holding a formula; ``None`` when the format hides them.
    find_formulas: Callable[[], frozenset[str] | None] | None = None

    #: Finds the A1 references of cells shown as a percentage; ``None`` when the format hides formats.
    find_percent_cells: Callable[[], frozenset[str]] | None = None
    #: Finds the cells showing an error value (A1 → ``#DIV/0!``); calamine reads them as empty.
    find_errors: Callable[[], dict[str, str]] | None = None

    @functools.cached_property
    def errors(self) -> dict[str, str]:
        """Cells showing an error value such as ``#REF!``, looked for on first use (none known for .xls, .ods)."""
        return {} if self.find_errors is None else self.find_errors()

    @functools.cached_property
    def formulas(self) -> frozenset[str] | None:
        """Cells holding a formula, looked for on first use; ``None`` when the format hides them."""
        return None if self.find_formulas is None else self.find_formulas()

    @functools.cached_property
    def percent_cells(self) -> frozenset[str] | None:
        """Cells whose number format shows a percentage (0.95 shown as 95%); ``None`` when unknown."""
        return None if self.find_percent_cells is None else self.find_percent_cells()

    def percent(self, cell: str) -> bool | None:
        """Whether ``cell`` (A1) is formatted as a percentage: ``None`` when the file does not say (.xls)."""
        cells = self.percent_cells
        return None if cells is None else cell in cells

    def value(self, row: int, col: int) -> Any:
        """The cell's value; text without the characters no XML part may hold (a typed BEL, ``_x0007_``)."""
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            value = self.rows[row][col]
            if value == "":
                return None
            if type(value) is str and not value.isprintable():
                return _NOT_IN_XML.sub("", value) or None
            return value
        return None


@dataclass
class RawWorkbook:
    format: str
    sheets: dict[str, Sheet]
    #: Defined name → (sheet, A1 range); ``None`` when the format keeps none we read.
    names: dict[str, tuple[str, str]] | None
    #: Cells outside the area read, per sheet.
    beyond: list[Beyond] = field(default_factory=list)
    area: Area = SUBMISSION_AREA
    #: Every sheet's name in the workbook's order, those not loaded included.
    order: list[str] = field(default_factory=list)


def open_workbook(path: Path, skip: frozenset[str] = frozenset(), area: Area = SUBMISSION_AREA,
                  size_limit: int = FILE_LIMIT, only: frozenset[str] | None = None) -> RawWorkbook:
    """Read ``path`` into a :class:`RawWorkbook` or raise :class:`UnreadableFile`.

    Sheets named in ``skip``, or not named in ``only`` when it is given, are
    not loaded: the caller never looks at them, and a far cell in one costs
    nothing.  Only the cells inside ``area`` are read, and no file over
    ``size_limit`` bytes.
    """
    if only is not None:
        skip = _AllBut(only - skip)
    if path.name.startswith(("~$", ".~lock.")):
        raise UnreadableFile("file_lock")
    if path.name.startswith("."):
        raise UnreadableFile("file_hidden")
    data = read_bounded(path, size_limit)
    if not data:
        raise UnreadableFile("file_empty")
    if data.startswith(_ZIP_MAGIC):
        return _open_zip(data, skip, area)
    if data.startswith(_OLE_MAGIC):
        return _open_xls(data, skip, area)
    raise UnreadableFile("file_not_spreadsheet", detail=_describe(data, path))


@dataclass(frozen=True)
class _AllBut:
    """Every sheet name except ``kept``: the sheets ``open_workbook(only=...)`` skips."""

    kept: frozenset[str]

    def __contains__(self, name: object) -> bool:
        return name not in self.kept


def read_bounded(path: Path, size_limit: int) -> bytes:
    """The bytes of the regular file at ``path``, looked at before anything is read.

    A folder, a named pipe or a device named like a workbook is never opened
    (opening a pipe waits for a writer that never comes), a broken link is
    told apart from a missing file, and a file over ``size_limit`` bytes is
    refused by its size alone — read, it could cost gigabytes.
    """
    try:
        status = os.stat(path)
    except FileNotFoundError as error:
        if os.path.lexists(path):
            raise UnreadableFile("file_link_broken") from error
        raise UnreadableFile("file_unreadable", detail="文件已不存在（读取前被移走或删除）") from error
    except OSError as error:
        raise UnreadableFile("file_unreadable", detail=os_error_reason(error)) from error
    if stat.S_ISDIR(status.st_mode):
        try:
            os.listdir(path)
        except OSError as error:
            raise UnreadableFile("folder_unreadable", detail=os_error_reason(error)) from error
        raise UnreadableFile("file_not_regular", kind="文件夹")
    if not stat.S_ISREG(status.st_mode):
        raise UnreadableFile("file_not_regular", kind=_special_kind(status.st_mode))
    if status.st_size > size_limit:
        raise UnreadableFile("file_over_limit", size=_megabytes(status.st_size), limit=_megabytes(size_limit))
    try:
        with open(path, "rb") as stream:
            data = stream.read(size_limit + 1)
    except OSError as error:
        raise UnreadableFile("file_unreadable", detail=os_error_reason(error)) from error
    if len(data) > size_limit:  # it grew while being read
        raise UnreadableFile("file_over_limit", size=f"超过 {_megabytes(size_limit)}", limit=_megabytes(size_limit))
    return data


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "命名管道"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f}".removesuffix(".0")


def display_name(name: str | Path) -> str:
    """A file name as its sender saw it, always encodable.

    Unzipping an archive made on Chinese Windows leaves names in GBK bytes,
    which Python keeps as lone surrogates that no workbook or terminal can
    write: each part of the path is decoded as GB18030 when it is that, replaced
    otherwise.
    """
    text = str(name)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.sep.join(_decoded(part) for part in os.fsencode(text).split(os.fsencode(os.sep)))


def _decoded(raw: bytes) -> str:
    """One part of a path: UTF-8 as this system writes names, else GB18030, else with replacements."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def check_every_part(path: Path) -> None:
    """Raise :class:`UnreadableFile` unless every member of the workbook at ``path`` stays within the limits.

    For a library that reads (and copies) more parts than the reader does —
    openpyxl also inflates the theme and the document properties.  As in
    :func:`_read_parts`, a part whose compressed size bounds it is not inflated.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            _members(archive)
            _read_parts(archive, parsed=lambda name: False, checked=lambda name: True)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UnreadableFile("file_corrupt", detail="压缩包结构不完整") from error


def _members(archive: zipfile.ZipFile) -> set[str]:
    """The member names; a name stored twice is damage (readers disagree on which copy counts)."""
    names = archive.namelist()
    members = set(names)
    if len(members) != len(names):
        raise UnreadableFile("file_corrupt", detail="压缩包中有重名的部件")
    return members


def _describe(data: bytes, path: Path) -> str:
    if data.startswith(b"%PDF"):
        return "这是一个 PDF 文件"
    if data[:5].lower() in (b"<html", b"<!doc"):
        return "这是一个网页文件"
    if data.startswith(b"PK"):
        return "文件不完整，可能只复制了一部分"
    return f"无法识别的文件内容，扩展名为“{path.suffix or '无'}”"


def _open_xls(data: bytes, skip: Container[str], area: Area) -> RawWorkbook:
    """A legacy .xls, given to calamine only once nothing in it claims more than ``area`` (see :mod:`biff`)."""
    if _ENCRYPTED_STREAM in data:
        raise UnreadableFile("file_encrypted")
    try:
        bounded = bounded_xls(data, area.rows, area.columns)
    except XlsProblem as problem:
        raise UnreadableFile(problem.code, detail=problem.detail) from problem
    book = _with_calamine(bounded.data, "xls", names=None, formulas={}, skip=skip)
    book.beyond = [Beyond(book.order[far.sheet_index], f"{column_letters(far.first[1])}{far.first[0] + 1}", far.count)
                   for far in bounded.far if far.sheet_index < len(book.order) and book.order[far.sheet_index] not in skip]
    book.area = area
    return book


def _open_zip(data: bytes, skip: Container[str], area: Area) -> RawWorkbook:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = _members(archive)
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise UnreadableFile("file_corrupt", detail="压缩包结构不完整") from error
    if "xl/workbook.xml" in members:
        parts = _read_parts(archive, parsed=_WORKBOOK_PARTS.__contains__, checked=_calamine_reads)
        names, sheet_files, shared_strings = _ooxml_names(parts)
        sheets = {sheet: target for sheet, target in sheet_files.items() if sheet not in skip}
        bounded = _BoundedSheets(archive, data, sheets, area)
        replaced = _shared_strings_without_claims(archive, shared_strings)
        if replaced or bounded.rewritten:
            replaced.update(bounded.parts)
        fmt = "xlsm" if "xl/vbaProject.bin" in members else "xlsx"
        formulas = {sheet: functools.partial(_formula_cells, xml) for sheet, xml in bounded.xml.items()}
        styles = _percent_styles(_transitional(parts.get("xl/styles.xml", b"")))
        with _diagnosed(archive, _calamine_reads):
            book = _with_calamine(_rezipped(archive, replaced) if replaced else data, fmt, names=names,
                                  formulas=formulas, skip=skip)
        for sheet_name, xml in bounded.xml.items():
            if sheet_name in book.sheets:
                book.sheets[sheet_name].find_percent_cells = functools.partial(_styled_cells, xml, styles)
                book.sheets[sheet_name].find_errors = functools.partial(_error_cells, xml)
        book.beyond, book.area = bounded.beyond, area
        return book
    if "content.xml" in members and _is_ods(archive, members):
        return _open_ods(archive, members, skip, area)
    if "xl/workbook.bin" in members:
        raise UnreadableFile("file_xlsb")
    if "word/document.xml" in members:
        raise UnreadableFile("file_not_spreadsheet", detail="这是一个 Word 文档")
    if "ppt/presentation.xml" in members:
        raise UnreadableFile("file_not_spreadsheet", detail="这是一个 PowerPoint 演示文稿")
    raise UnreadableFile("file_not_spreadsheet", detail="这是一个普通压缩包")


def _open_ods(archive: zipfile.ZipFile, members: set[str], skip: Container[str], area: Area) -> RawWorkbook:
    """An OpenDocument spreadsheet, its ``content.xml`` rewritten within ``area`` before calamine reads it.

    A cell's position in ODF is where the cells and rows before it end, and a
    repeat count lets a few bytes claim a million rows: calamine is given only
    what :func:`_ods_within` keeps, never the file's own content.
    """
    parts = _read_parts(archive, parsed=("content.xml", _ODS_MANIFEST).__contains__)
    if b"encryption-data" in parts.get(_ODS_MANIFEST, b""):
        raise UnreadableFile("file_encrypted")
    content, far = _ods_within(parts["content.xml"], area)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        copy.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        copy.writestr(_ODS_MANIFEST, _ODS_MINIMAL_MANIFEST)
        copy.writestr("content.xml", content)
    with _diagnosed(archive, "content.xml".__eq__):
        book = _with_calamine(buffer.getvalue(), "ods", names=_ods_names(parts["content.xml"]), formulas={},
                              skip=skip)
    book.beyond = [Beyond(sheet, first, count) for sheet, first, count in far if sheet not in skip]
    book.area = area
    percent = functools.cache(functools.partial(_ods_percent_cells, content))
    for name, sheet in book.sheets.items():
        sheet.find_percent_cells = functools.partial(lambda sheet_name: percent().get(sheet_name, frozenset()), name)
    return book


def _ods_percent_cells(content: bytes) -> dict[str, frozenset[str]]:
    """Each table's cells whose value type is a percentage (ODF keeps 95% as 0.95 of type percentage).

    Read from the content already cut to the area, so no repeat count reaches past it.
    """
    found: dict[str, set[str]] = {}
    place = {"table": "", "row": 0, "col": 0, "rows": 1}

    def on_start(tag: str, attributes: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "table":
            place.update(table=attributes.get("table:name", ""), row=0)
        elif local == "table-row":
            place.update(col=0, rows=_repeat(("", attributes.get("table:number-rows-repeated", ""))))
        elif local in ("table-cell", "covered-table-cell"):
            columns = _repeat(("", attributes.get("table:number-columns-repeated", "")))
            if attributes.get("office:value-type") == "percentage":
                cells = found.setdefault(place["table"], set())
                for row in range(place["row"], place["row"] + place["rows"]):
                    cells.update(f"{column_letters(col)}{row + 1}" for col in range(place["col"], place["col"] + columns))
            place["col"] += columns

    def on_end(tag: str) -> None:
        if tag.rpartition(":")[2] == "table-row":
            place["row"] += place["rows"]

    _parse_with(expat.ParserCreate(), content, "content.xml", on_start, on_end, None)
    return {table: frozenset(cells) for table, cells in found.items()}


def _ods_within(content: bytes, area: Area) -> tuple[bytes, list[tuple[str, str, int]]]:
    """``content.xml`` with no row or cell past ``area``, repeat counts cut to it; the filled cells
    left out as (sheet, first cell, count).

    Rows and cells are counted as ODF places them: each row or cell stands
    after the previous one, repeated as many times as it says; a covered cell
    (under a merge) takes its place like any other.
    """
    out: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>']
    far: dict[str, list[Any]] = {}
    tables: list[dict[str, Any]] = []  # per open table: its name, the next row and column
    skip: dict[str, Any] = {"depth": 0, "filled": False, "where": (0, 0)}

    def leave_out(table: dict[str, Any], row: int, col: int, filled: bool) -> None:
        if filled:
            entry = far.setdefault(table["name"], [f"{column_letters(col)}{row + 1}", 0])
            entry[1] += 1

    def on_start(tag: str, attributes: list[str]) -> None:
        local = tag.rpartition(":")[2]
        if skip["depth"]:
            skip["depth"] += 1
            skip["filled"] = skip["filled"] or local in _ODS_CONTENT
            return
        pairs = list(zip(attributes[::2], attributes[1::2]))
        named = {key.rpartition(":")[2]: (key, value) for key, value in pairs}
        if local == "table":
            tables.append({"name": named.get("name", ("", ""))[1], "row": 0, "col": 0, "muted": False})
        elif tables and local == "table-row":
            table = tables[-1]
            repeat = _repeat(named.get("number-rows-repeated"))
            kept = max(0, min(repeat, area.rows - table["row"]))
            table.update(col=0, first_row=table["row"], muted=not kept, cut=kept < repeat)
            table["row"] += repeat
            if not kept:
                return
            pairs = _with_repeat(pairs, named.get("number-rows-repeated"), kept)
        elif tables and local in ("table-cell", "covered-table-cell"):
            table = tables[-1]
            repeat = _repeat(named.get("number-columns-repeated"))
            filled = any(name in named for name in ("value-type", "formula"))
            row, col = table["first_row"], table["col"]
            table["col"] += repeat
            if table["muted"] or col >= area.columns:
                skip.update(depth=1, filled=filled, where=(row, col))
                return
            kept = min(repeat, area.columns - col)
            if filled and kept < repeat:
                leave_out(table, row, col + kept, True)
            if filled and table["cut"]:
                leave_out(table, area.rows, col, True)
            pairs = _with_repeat(pairs, named.get("number-columns-repeated"), kept)
        out.append("<" + tag + "".join(f' {key}="{_escape(value, True)}"' for key, value in pairs) + ">")

    def on_end(tag: str) -> None:
        if skip["depth"]:
            skip["depth"] -= 1
            if not skip["depth"] and tables:
                leave_out(tables[-1], *skip["where"], skip["filled"])
            return
        local = tag.rpartition(":")[2]
        if local == "table" and tables:
            tables.pop()
        elif local == "table-row" and tables and tables[-1]["muted"]:
            tables[-1]["muted"] = False
            return
        out.append(f"</{tag}>")

    def on_text(text: str) -> None:
        if skip["depth"]:
            skip["filled"] = skip["filled"] or bool(text.strip())
            return
        out.append(_escape(text, False))

    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    parser.buffer_text = True
    _parse_with(parser, content, "content.xml", on_start, on_end, on_text)
    return "".join(out).encode(), [(sheet, first, count) for sheet, (first, count) in far.items()]


def _repeat(attribute: tuple[str, str] | None) -> int:
    """A repeat count as written, 1 when absent or unreadable (ODF allows up to 2³¹)."""
    text = attribute[1].strip() if attribute else ""
    return min(int(text), 2**31) if text.isdigit() and len(text) <= 10 and int(text) > 0 else 1


def _with_repeat(pairs: list[tuple[str, str]], attribute: tuple[str, str] | None,
                 kept: int) -> list[tuple[str, str]]:
    """The attributes with the repeat count cut to ``kept`` (dropped when it is 1)."""
    if attribute is None:
        return pairs
    rest = [(key, value) for key, value in pairs if key != attribute[0]]
    return rest + [(attribute[0], str(kept))] if kept > 1 else rest


@contextmanager
def _diagnosed(archive: zipfile.ZipFile, parts: Callable[[str], bool]) -> Iterator[None]:
    """When calamine cannot read a file, say so plainly if a part declares entities.

    Calamine expands no entity, so an entity bomb only stops it with a vague
    error; looking for the declaration after a failure costs good files nothing.
    """
    try:
        yield
    except UnreadableFile as problem:
        if problem.code == "file_corrupt":
            for info in archive.infolist():
                if parts(info.filename) and _declares_entities(_inflated_or_empty(archive, info)):
                    raise UnreadableFile("file_unsafe_xml", part=info.filename) from problem
        raise


def _inflated_or_empty(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        return _inflate(archive, info, TOTAL_LIMIT)
    except UnreadableFile:
        return b""


def _declares_entities(part: bytes) -> bool:
    return b"<!DOCTYPE" in part or b"<!ENTITY" in part


def _calamine_reads(name: str) -> bool:
    return name.endswith((".xml", ".rels")) and not name.startswith(_UNPARSED_PARTS)


class _BoundedSheets:
    """Each sheet's XML, checked (and where needed rewritten) so calamine allocates only ``area``.

    A sheet written the usual way (every cell and row with its ``r`` first,
    no prefixes, no line breaks) inside A1:AZ9999 is recognised by a few
    byte counts and two searches; any other sheet is parsed here and written
    back with only the cells inside the area, each with its position spelled
    out — so calamine never sees a cell beyond it, whatever the file claims.
    """

    def __init__(self, archive: zipfile.ZipFile, data: bytes, sheets: dict[str, str], area: Area) -> None:
        self.xml: dict[str, bytes] = {}  # by sheet
        self.parts: dict[str, bytes] = {}  # the same, by part
        self.rewritten = False
        self.beyond: list[Beyond] = []
        members = {info.filename: info for info in archive.infolist()}
        room = TOTAL_LIMIT
        for sheet, part in sheets.items():
            if part not in members:
                continue
            xml = _member(archive, data, members[part], room)
            room -= len(xml)
            if not (area.holds(_PLAIN_AREA) and _plainly_within(xml)):
                xml, far = _sheet_within(xml, part, area)
                self.rewritten = True
                if far:
                    self.beyond.append(Beyond(sheet, far[0], len(far)))
            self.xml[sheet] = self.parts[part] = xml


def _plainly_within(xml: bytes) -> bool:
    """Whether a sheet is plainly inside A1:AZ9999: every cell spelled ``<c r="B3"`` and none farther.

    Excel, WPS, LibreOffice and the common libraries all write cells this
    way; a cell without ``r`` (placed after the one before it), spelled
    otherwise, or with a namespace prefix sends the sheet to be parsed.
    Two searches cost a fraction of what calamine spends on the same bytes.
    """
    return _UNPLAIN_CELL.search(xml) is None and _PREFIXED_CELL.search(xml) is None


def _sheet_within(xml: bytes, part: str, area: Area) -> tuple[bytes, list[str]]:
    """The sheet without the cells outside ``area``, and those cells (that hold something) as A1."""
    out: list[str] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>']
    far: list[str] = []
    state: dict[str, Any] = {"data": False, "row": 0, "col": 0, "skip": 0, "filled": False, "far": ""}

    def on_start(tag: str, attributes: list[str]) -> None:
        local = tag.rpartition(":")[2]
        if state["skip"]:
            state["skip"] += 1
            state["filled"] = state["filled"] or local in ("v", "f", "is")
            return
        pairs = list(zip(attributes[::2], attributes[1::2]))
        if local == "sheetData":
            state["data"] = True
        elif state["data"] and local == "row":
            given = dict(pairs).get("r")
            given = (given or "").strip()
            state["row"] = int(given) if given.isdigit() and len(given) <= 7 else state["row"] + 1
            state["col"] = 0
            pairs = [(key, value) for key, value in pairs if key != "r"]
        elif state["data"] and local == "c":
            given = dict(pairs).get("r")
            row, col = _position(given, part) if given else (state["row"], state["col"] + 1)
            state["row"], state["col"] = row, col
            if row > area.rows or col > area.columns:
                state["skip"], state["filled"] = 1, False
                state["far"] = f"{column_letters(col - 1)}{row}" if (row, col) != _NOWHERE else f"“{given[:20]}”"
                return
            pairs = [("r", f"{column_letters(col - 1)}{row}")] + [(key, value) for key, value in pairs if key != "r"]
        out.append("<" + tag + "".join(f' {key}="{_escape(value, True)}"' for key, value in pairs) + ">")

    def on_end(tag: str) -> None:
        if state["skip"]:
            state["skip"] -= 1
            if not state["skip"] and state["filled"]:
                far.append(state["far"])
            return
        if tag.rpartition(":")[2] == "sheetData":
            state["data"] = False
        out.append(f"</{tag}>")

    def on_text(text: str) -> None:
        if state["skip"]:
            return
        out.append(_escape(text, False))

    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    parser.buffer_text = True
    _parse_with(parser, xml, part, on_start, on_end, on_text)
    return "".join(out).encode(), far


def _position(reference: str, part: str) -> tuple[int, int]:
    """``B3`` → (3, 2), 1-based, as calamine reads it (letters in either case, ``$`` ignored)."""
    match = _CELL_POSITION.fullmatch(reference.strip())
    if match is None:
        raise UnreadableFile("file_corrupt", detail=f"{part} 中的单元格位置“{reference[:20]}”无法识别")
    if len(match.group(1)) > 3 or len(match.group(2)) > 7:
        return _NOWHERE
    col = 0
    for letter in match.group(1).upper():
        col = col * 26 + ord(letter) - 64
    return int(match.group(2)), col


def _escape(text: str, attribute: bool) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") if attribute else text


def column_letters(col: int) -> str:
    """0 → ``A``, 27 → ``AB`` (0-based)."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _shared_strings_without_claims(archive: zipfile.ZipFile, parts: set[str]) -> dict[str, bytes]:
    """The shared strings, rewritten when their declared count exceeds what the part can hold.

    Calamine reserves room for the declared ``uniqueCount`` before reading a
    string: four billion claimed in a few bytes aborts the process.
    """
    rewritten = {}
    for info in archive.infolist():
        if info.filename not in parts:
            continue
        tag = _SHARED_STRINGS_TAG.search(_inflate(archive, info, TOTAL_LIMIT, stop=4096))
        possible = info.compress_size * _MAX_RATIO.get(info.compress_type, PART_LIMIT) // len(b"<si/>")
        if tag and any(int(count) > possible for count in _SHARED_STRINGS_COUNT.findall(tag.group())):
            xml = _inflate(archive, info, TOTAL_LIMIT)
            tag = _SHARED_STRINGS_TAG.search(xml)
            rewritten[info.filename] = xml[:tag.start()] + _SHARED_STRINGS_COUNT.sub(b"", tag.group()) + xml[tag.end():]
    return rewritten


def _rezipped(archive: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    """The workbook with the ``replaced`` parts, and of the others only those calamine reads."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for info in archive.infolist():
            if info.filename in replaced:
                copy.writestr(info.filename, replaced[info.filename])
            elif _calamine_reads(info.filename):
                copy.writestr(info.filename, _inflate(archive, info, TOTAL_LIMIT))
    return buffer.getvalue()


def _is_ods(archive: zipfile.ZipFile, members: set[str]) -> bool:
    return "mimetype" not in members or archive.read("mimetype").startswith(
        b"application/vnd.oasis.opendocument.spreadsheet")


def _read_parts(archive: zipfile.ZipFile, parsed: Callable[[str], bool],
                checked: Callable[[str], bool] = lambda name: False) -> dict[str, bytes]:
    """Inflate the parts ``parsed`` here; make sure the parts another parser reads are no bombs.

    Declared sizes can lie, but deflate cannot expand data more than about
    1,032 times: ``checked`` parts whose compressed sizes keep them within the
    limits even so are safe without inflating them here — when their bounds
    together take at most half the total, the other half left for the parts
    measured.  Otherwise (a workbook of hundreds of small sheets) every part
    is measured by inflating it chunk by chunk, abandoned as soon as it passes
    a limit.  Measured on template-sized files, inflating every part only to
    check it cost more than calamine's reading of the values.
    """
    chosen = [info for info in archive.infolist() if parsed(info.filename) or checked(info.filename)]
    for info in chosen:
        if info.file_size > PART_LIMIT:
            raise UnreadableFile("file_too_large", part=info.filename, limit=PART_LIMIT // 2**20)
    bounds = {info.filename: info.compress_size * _MAX_RATIO.get(info.compress_type, PART_LIMIT) for info in chosen}
    unmeasured = [info.filename for info in chosen if not parsed(info.filename) and bounds[info.filename] <= PART_LIMIT]
    trusted = set(unmeasured) if sum(bounds[name] for name in unmeasured) <= TOTAL_LIMIT // 2 else set()
    parts: dict[str, bytes] = {}
    total = sum(bounds[name] for name in trusted)
    for info in chosen:
        if info.filename in trusted:
            continue
        part = _inflate(archive, info, TOTAL_LIMIT - total)
        total += len(part)
        if parsed(info.filename):
            parts[info.filename] = part
    return parts


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, room: int, stop: int | None = None) -> bytes:
    """One part, abandoned as soon as it passes the part limit or the ``room`` left in the total.

    With ``stop``, only (about) the first ``stop`` bytes.
    """
    chunks = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(stop or _CHUNK):
                size += len(chunk)
                if size > PART_LIMIT:
                    raise UnreadableFile("file_too_large", part=info.filename, limit=PART_LIMIT // 2**20)
                if size > room:
                    raise UnreadableFile("file_too_large", part="各部件合计", limit=TOTAL_LIMIT // 2**20)
                chunks.append(chunk)
                if stop is not None:
                    break
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise UnreadableFile("file_corrupt", detail=f"{info.filename} 无法解压") from error
    except NotImplementedError as error:
        raise UnreadableFile("file_corrupt", detail=f"{info.filename} 的压缩方式不受支持") from error
    except RuntimeError as error:
        raise UnreadableFile("file_encrypted") from error
    return b"".join(chunks)


def _member(archive: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, room: int) -> bytes:
    """One part, inflated straight from the file's bytes when it is plainly deflated or stored.

    Opening a member through :mod:`zipfile` costs more than inflating a
    sheet; its checksum is left to calamine, which reads the part again.
    """
    header = info.header_offset
    if (info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED) or info.flag_bits & 1
            or data[header:header + 4] != _ZIP_MAGIC):
        return _inflate(archive, info, room)
    start = header + 30 + int.from_bytes(data[header + 26:header + 28], "little") + int.from_bytes(
        data[header + 28:header + 30], "little")
    raw = data[start:start + info.compress_size]
    limit = min(PART_LIMIT, room)
    if info.compress_type == zipfile.ZIP_STORED:
        part = raw
    else:
        try:
            part = zlib.decompressobj(-15).decompress(raw, limit + 1)
        except zlib.error as error:
            raise UnreadableFile("file_corrupt", detail=f"{info.filename} 无法解压") from error
    if len(part) > limit:
        raise UnreadableFile("file_too_large", part=info.filename, limit=PART_LIMIT // 2**20)
    return part


def _ooxml_names(parts: dict[str, bytes]) -> tuple[dict[str, tuple[str, str]], dict[str, str], set[str]]:
    """Workbook-level defined names, each sheet's XML part, and the shared strings' parts."""
    targets: dict[str, str] = {}
    shared_strings = {"xl/sharedStrings.xml"}
    sheets: dict[str, str] = {}
    names: dict[str, tuple[str, str]] = {}
    defining: list[str] = []  # the defined name being read, then its text

    def on_relation(tag: str, attributes: dict[str, str]) -> None:
        if tag == _RELATIONSHIP_TAG:
            targets[attributes.get("Id", "")] = attributes.get("Target", "")
            if attributes.get("Type") == _SHARED_STRINGS:
                shared_strings.add(_part_name(attributes.get("Target", "")))

    def on_start(tag: str, attributes: dict[str, str]) -> None:
        if tag == _SHEET_TAG:
            sheets[attributes.get("name", "")] = attributes.get(_RELATIONSHIP_ID, "")
        elif tag == _DEFINED_NAME_TAG and "localSheetId" not in attributes:
            defining[:] = [attributes.get("name", "")]

    def on_text(text: str) -> None:
        if defining:
            defining.append(text)

    def on_end(tag: str) -> None:
        if tag == _DEFINED_NAME_TAG and defining:
            reference = _split_reference("".join(defining[1:]).strip().lstrip("="))
            if reference:
                names[defining[0]] = reference
            defining.clear()

    _parse_xml(_transitional(parts.get("xl/_rels/workbook.xml.rels", b"<Relationships/>")),
               "xl/_rels/workbook.xml.rels", on_relation)
    _parse_xml(_transitional(parts["xl/workbook.xml"]), "xl/workbook.xml", on_start, on_end, on_text)
    sheet_files = {sheet: _part_name(targets.get(relation, "")) for sheet, relation in sheets.items()}
    return names, sheet_files, shared_strings


def _transitional(xml: bytes) -> bytes:
    """A part of a Strict Open XML workbook in the transitional namespaces (the same elements, other URIs)."""
    for strict, transitional in _STRICT_NAMESPACES:
        xml = xml.replace(strict, transitional)
    return xml


def _part_name(target: str) -> str:
    """A relationship's target as a zip member name (targets are relative to ``xl/``)."""
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _parse_xml(xml: bytes, part: str, on_start: Callable[[str, dict[str, str]], None],
               on_end: Callable[[str], None] | None = None, on_text: Callable[[str], None] | None = None) -> None:
    """Run expat over one part; a DTD is refused before it can declare an entity.

    Without a DTD no entity can be declared, so none can be expanded and an
    undeclared one is a parse error: the entity bombs defusedxml guards
    against cannot happen, at a third of the cost of building a tree.
    """
    _parse_with(expat.ParserCreate(namespace_separator=" "), xml, part, on_start, on_end, on_text)


def _parse_with(parser: Any, xml: bytes, part: str, on_start: Callable[..., None],
                on_end: Callable[[str], None] | None, on_text: Callable[[str], None] | None) -> None:
    def refuse(*_: Any) -> None:
        raise UnreadableFile("file_unsafe_xml", part=part)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = on_start
    if on_end is not None:
        parser.EndElementHandler = on_end
    if on_text is not None:
        parser.CharacterDataHandler = on_text
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as error:
        raise UnreadableFile("file_corrupt", detail=f"工作簿结构 ({part}) 无法解析") from error


@functools.lru_cache(maxsize=4096)
def _split_reference(text: str) -> tuple[str, str] | None:
    """``'资金情况'!$C$4`` → (资金情况, C4); anything else (formulas, #REF!) → None."""
    sheet, bang, cells = text.rpartition("!")
    if not bang or "#REF" in cells:
        return None
    sheet = sheet.strip("'").replace("''", "'")
    cells = cells.replace("$", "")
    return (sheet, cells) if _CELL_RANGE.fullmatch(cells) and _on_the_grid(cells) else None


def _on_the_grid(cells: str) -> bool:
    """Whether each corner of ``B3`` or ``B3:C9`` is a cell Excel has (A1 to XFD1048576).

    A name pointing at row 0 or past the last cell points nowhere: taken for
    a cell it would send a copy's comment to a cell no sheet has.
    """
    return all(1 <= row <= EXCEL_GRID.rows and 1 <= col <= EXCEL_GRID.columns
               for row, col in (_position(corner, "xl/workbook.xml") for corner in cells.split(":")))


def _ods_names(content: bytes) -> dict[str, tuple[str, str]]:
    names = {}
    for match in _ODS_NAMED_RANGE.finditer(content):
        name = (match.group(1) or match.group(4)).decode()
        address = (match.group(2) or match.group(3)).decode()
        parts = [part.rsplit(".", 1) for part in address.replace("$", "").split(":")]
        if all(len(part) == 2 for part in parts):
            cells = ":".join(part[1] for part in parts)
            if _CELL_RANGE.fullmatch(cells) and _on_the_grid(cells):
                names[name] = (parts[0][0].strip("'"), cells)
    return names


def _error_cells(sheet_xml: bytes) -> dict[str, str]:
    """Cells of type ``e`` and the error each shows (``#DIV/0!``, ``#REF!``, ``#N/A``); few files have any."""
    if b't="e"' not in sheet_xml:
        return {}
    return {match.group(1).decode(): match.group(2).decode(errors="replace")
            for match in _ERROR_CELL.finditer(sheet_xml)}


def _formula_cells(sheet_xml: bytes) -> frozenset[str]:
    """Cells whose first child is ``<f>`` (the schema puts it before ``<v>`` and ``<is>``).

    Formulas are few and cells many, so each ``<f`` is found with a plain
    search and its cell's opening tag checked just before it; scanning every
    cell with one pattern cost more than reading the values.
    """
    cells = set()
    end = sheet_xml.find(b"</sheetData>")
    end = len(sheet_xml) if end == -1 else end
    start = sheet_xml.find(b"<f", 0, end)
    while start != -1:
        opening = sheet_xml.rfind(b"<c ", max(0, start - _CELL_TAG_LIMIT), start)
        cell = _CELL_OPENING.fullmatch(sheet_xml, opening, start) if opening != -1 else None
        if cell is not None and sheet_xml[start + 2:start + 3] in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
            cells.add(cell.group(1).decode())
        start = sheet_xml.find(b"<f", start + 2, end)
    return frozenset(cells)


def _percent_styles(styles_xml: bytes) -> frozenset[int]:
    """The cell style indexes (``s`` of a cell) whose number format shows a percentage.

    Excel keeps 95% as 0.95 with a % format: only the format says the cell is
    a percentage.  A format code is a percentage when a ``%`` stands outside
    its quoted text and [conditions].
    """
    if not styles_xml:
        return frozenset()
    custom: dict[int, str] = {}
    formats: list[int] = []
    depth = {"cellXfs": False}

    def on_start(tag: str, attributes: dict[str, str]) -> None:
        if tag == _NUM_FMT_TAG:
            number = attributes.get("numFmtId", "")
            if number.isdigit():
                custom[int(number)] = attributes.get("formatCode", "")
        elif tag == _CELL_XFS_TAG:
            depth["cellXfs"] = True
        elif tag == _XF_TAG and depth["cellXfs"]:
            number = attributes.get("numFmtId", "0")
            formats.append(int(number) if number.isdigit() else 0)

    def on_end(tag: str) -> None:
        if tag == _CELL_XFS_TAG:
            depth["cellXfs"] = False

    _parse_xml(styles_xml, "xl/styles.xml", on_start, on_end)
    return frozenset(index for index, number in enumerate(formats)
                     if number in _PERCENT_FORMAT_IDS
                     or number in custom and "%" in _FORMAT_LITERALS.sub("", custom[number]))


def _styled_cells(sheet_xml: bytes, styles: frozenset[int]) -> frozenset[str]:
    """The cells of a sheet whose style is one of ``styles``.

    Percent styles are few and cells many, so each style's attribute is
    found with a plain search and kept when it stands in a cell's opening
    tag (a row's ``s`` is not a cell's), as :func:`_formula_cells` does.
    """
    cells = set()
    for style in styles:
        token = b's="%d"' % style
        found = sheet_xml.find(token)
        while found != -1:
            opening = sheet_xml.rfind(b"<c", max(0, found - _CELL_TAG_LIMIT), found)
            closing = sheet_xml.find(b">", found)
            in_a_cell = (opening != -1 and sheet_xml[opening + 2:opening + 3].isspace()
                         and sheet_xml[found - 1:found].isspace() and b">" not in sheet_xml[opening:found])
            if in_a_cell:
                reference = _CELL_REFERENCE.search(sheet_xml, opening, closing)
                if reference is not None:
                    cells.add(reference.group(1).decode())
            found = sheet_xml.find(token, found + len(token))
    return frozenset(cells)


#: Why a file calamine could not read is unreadable, by format (calamine's own messages are English).
_CALAMINE_FAILED = {"xlsx": "工作表内容无法解析", "xlsm": "工作表内容无法解析",
                    "xls": "Excel 97-2003 工作簿的内容无法解析", "ods": "OpenDocument 表格的内容无法解析"}


def _with_calamine(data: bytes, fmt: str, names: dict[str, tuple[str, str]] | None,
                   formulas: dict[str, Callable[[], frozenset[str] | None]], skip: Container[str]) -> RawWorkbook:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = {}
        order = [meta.name for meta in book.sheets_metadata]
        for meta in book.sheets_metadata:
            if meta.name in skip:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
            sheets[meta.name] = Sheet(meta.name, sheet.to_python(skip_empty_area=False), merged,
                                      formulas.get(meta.name) if fmt in ("xlsx", "xlsm") else None)
    except Exception as error:  # calamine raises plain exceptions for every damage
        message = str(error).lower()
        if "password" in message or "encrypt" in message:
            raise UnreadableFile("file_encrypted") from error
        raise UnreadableFile("file_corrupt", detail=_CALAMINE_FAILED[fmt]) from error
    return RawWorkbook(fmt, sheets, names, order=order)
