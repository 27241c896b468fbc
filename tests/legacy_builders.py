"""Small .xls and .ods files written byte by byte, claiming whatever a test needs.

Neither format has a writer among the project's libraries, and a hostile
file is exactly what a writer refuses to make: these build the few records
and elements a reader needs, so a test can put a cell at IV65536 or repeat a
row a million times in a file of a few kilobytes.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import Any

from excel_eval.read.biff import workbook_container

#: A cell as (0-based row, 0-based column) → a number or a text.
Cells = dict[tuple[int, int], Any]


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(substream: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, substream, 0x0DBB, 0x07CC, 0, 6))


def _cell(row: int, col: int, value: Any) -> bytes:
    if isinstance(value, str):
        encoded = value.encode("utf-16-le")
        return _record(0x0204, struct.pack("<HHHHB", row, col, 0, len(value), 1) + encoded)
    return _record(0x0203, struct.pack("<HHHd", row, col, 0, float(value)))


def xls_stream(sheets: dict[str, Cells], dimensions: tuple[int, int] | None = None,
               extra_globals: bytes = b"") -> bytes:
    """A BIFF8 ``Workbook`` stream; ``dimensions`` (rows, columns) is what each sheet claims to span."""
    names = list(sheets)
    bound_sheets_size = sum(4 + 8 + 2 * len(name) for name in names)
    offset = len(_bof(0x0005)) + len(extra_globals) + bound_sheets_size + 4
    substreams, bound_sheets = [], b""
    for name, cells in sheets.items():
        rows = max((row for row, _ in cells), default=0) + 1
        cols = max((col for _, col in cells), default=0) + 1
        claimed_rows, claimed_cols = dimensions or (rows, cols)
        body = _bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, claimed_rows, 0, claimed_cols, 0))
        body += b"".join(_cell(row, col, value) for (row, col), value in sorted(cells.items()))
        body += _record(0x000A, b"")
        bound_sheets += _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 1) + name.encode("utf-16-le"))
        substreams.append(body)
        offset += len(body)
    return _bof(0x0005) + extra_globals + bound_sheets + _record(0x000A, b"") + b"".join(substreams)


def write_xls(path: Path, sheets: dict[str, Cells], **claims: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_container(xls_stream(sheets, **claims)))
    return path


def write_ods(path: Path, rows_xml: str, sheet: str = "绩效指标", manifest_extra: str = "") -> Path:
    """An .ods whose one table holds ``rows_xml`` (``<table:table-row>`` elements as written)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{rows_xml}</table:table>'
        '</office:spreadsheet></office:body></office:document-content>')
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest_extra}'
        '</manifest:file-entry></manifest:manifest>')
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def ods_cell(value: Any, repeat: int = 1) -> str:
    """One ``<table:table-cell>``; ``None`` for an empty one."""
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if value is None:
        return f"<table:table-cell{repeated}/>"
    if isinstance(value, str):
        return f'<table:table-cell office:value-type="string"{repeated}><text:p>{value}</text:p></table:table-cell>'
    return (f'<table:table-cell office:value-type="float" office:value="{value}"{repeated}>'
            f"<text:p>{value}</text:p></table:table-cell>")


def ods_row(cells: str, repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{cells}</table:table-row>"
