"""A legacy .xls workbook, checked record by record before calamine builds its grids.

Calamine reserves room for what an .xls claims: a sheet's DIMENSIONS record
(up to 65,536 × 256 cells, or four billion rows in its long form), a shared
string table's declared count, and a dense grid from the first to the last
cell it finds — one stray cell at IV65536 costs about a gigabyte.  So the
``Workbook`` stream is read here first (through olefile, which checks the
container's chains against the file's size), every record that would make
calamine allocate beyond the area read is
renamed to a record type no reader knows (its length unchanged, so every
offset in the stream still holds), the cells left out are named for the
reader to report, and calamine is given the stream in a fresh container of
our own making, whose sizes are true.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field

#: Record types (MS-XLS 2.3): the ones that place or size something, or stop the reading.
_BOF, _EOF, _BOUNDSHEET, _FILEPASS, _SST, _DIMENSIONS = 0x0809, 0x000A, 0x0085, 0x002F, 0x00FC, 0x0200
_FORMULA, _STRING, _MULRK = 0x0006, 0x0207, 0x00BD
#: Records holding one cell, its row and column first: NUMBER, LABEL, BOOLERR, RK, LABELSST, FORMULA.
_CELL_RECORDS = frozenset({0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, _FORMULA})
#: The type a left-out record is renamed to: none is defined, so every reader skips it.
_IGNORED = 0x0000
#: The shortest string a shared string table can hold (a length, a flag byte and no characters).
_SHORTEST_STRING = 3
#: The container written for calamine: version 4, 4,096-byte sectors, one directory sector.
_SECTOR = 4096
_ENTRIES_PER_FAT_SECTOR = _SECTOR // 4
_END_OF_CHAIN, _FAT_SECTOR, _FREE, _NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF
_HEADER_FAT_SLOTS = 109


class XlsProblem(Exception):
    """Why the .xls cannot be read: ``code`` is a finding code, ``detail`` its reason."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass
class FarCells:
    """Cells of one sheet (by its position in the workbook) left out for standing beyond the area."""

    sheet_index: int
    #: The first one, as (row, column), 0-based.
    first: tuple[int, int] | None = None
    count: int = 0


@dataclass
class BoundedXls:
    """The file calamine is given, and the cells left out of it per sheet."""

    data: bytes
    far: list[FarCells] = field(default_factory=list)


def bounded_xls(data: bytes, rows: int, columns: int) -> BoundedXls:
    """``data`` as calamine may read it within ``rows`` and ``columns`` from A1, or :class:`XlsProblem`
    saying why it cannot be."""
    stream = _workbook_stream(data)
    edits = _Edits(stream, rows, columns)
    patched = bytearray(stream)
    for offset in edits.renamed:
        struct.pack_into("<H", patched, offset, _IGNORED)
    return BoundedXls(workbook_container(bytes(patched)), edits.far)


def _workbook_stream(data: bytes) -> bytes:
    import olefile

    try:
        with olefile.OleFileIO(data) as container:
            name = next((name for name in ("Workbook", "Book", "WORKBOOK", "BOOK") if container.exists(name)), None)
            if name is None:
                if container.exists("EncryptedPackage"):
                    raise XlsProblem("file_encrypted")
                raise XlsProblem("file_not_spreadsheet", "这是一个 Office 复合文档（例如 Word 97-2003 文档），其中没有工作簿")
            return container.openstream(name).read()
    except XlsProblem:
        raise
    except Exception as error:  # olefile raises OSError, ValueError and others for a damaged container
        raise XlsProblem("file_corrupt", "Excel 97-2003 文件的结构不完整") from error


class _Edits:
    """One pass over the stream: the records to rename and the cells they hold, per sheet."""

    def __init__(self, stream: bytes, rows: int, columns: int) -> None:
        self.rows, self.columns = rows, columns
        self.renamed: list[int] = []
        self.far: list[FarCells] = []
        starts = []
        for offset, kind, body in _records(stream, 0):
            if kind == _FILEPASS:
                raise XlsProblem("file_encrypted")
            if kind == _BOUNDSHEET and len(body) >= 4:
                starts.append(struct.unpack_from("<I", body)[0])
            elif kind == _SST and len(body) >= 8:
                claimed = struct.unpack_from("<i", body, 4)[0]
                if not 0 <= claimed <= len(stream) // _SHORTEST_STRING:
                    raise XlsProblem("file_corrupt", f"共享字符串表声明了 {claimed} 个字符串，文件容不下这么多")
            elif kind == _EOF:
                break
        for index, start in enumerate(starts):
            if start < len(stream):
                self._sheet(stream, start, index)

    def _sheet(self, stream: bytes, start: int, index: int) -> None:
        far = FarCells(index)
        formula_left_out = False
        for offset, kind, body in _records(stream, start):
            if kind == _EOF:
                break
            beyond: tuple[int, int] | None = None
            if kind == _DIMENSIONS and self._dimensions_beyond(body):
                self.renamed.append(offset)
            elif kind in _CELL_RECORDS and len(body) >= 4:
                row, col = struct.unpack_from("<HH", body)
                beyond = (row, col) if row >= self.rows or col >= self.columns else None
            elif kind == _MULRK and len(body) >= 6:
                row, first_col = struct.unpack_from("<HH", body)
                last_col = struct.unpack_from("<H", body, len(body) - 2)[0]
                if row >= self.rows or last_col >= self.columns:
                    beyond = (row, first_col if row >= self.rows else max(first_col, self.columns))
            elif kind == _STRING and formula_left_out:
                self.renamed.append(offset)
            if kind == _FORMULA:
                formula_left_out = beyond is not None
            if beyond is not None:
                self.renamed.append(offset)
                far.first = far.first or beyond
                far.count += 1
        if far.count:
            self.far.append(far)

    def _dimensions_beyond(self, body: bytes) -> bool:
        """Whether a DIMENSIONS record claims rows or columns past the area (its last ones are exclusive)."""
        if len(body) == 14:
            _, last_row, _, last_col = struct.unpack_from("<IIHH", body)
        elif len(body) == 10:
            _, last_row, _, last_col = struct.unpack_from("<HHHH", body)
        else:
            return True
        return last_row > self.rows or last_col > self.columns


def _records(stream: bytes, start: int):
    """(offset, type, body) of each record from ``start`` on; a record cut short ends the stream."""
    offset = start
    while offset + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, offset)
        body = stream[offset + 4:offset + 4 + size]
        if len(body) < size:
            return
        yield offset, kind, body
        offset += 4 + size


def workbook_container(stream: bytes) -> bytes:
    """A compound file holding only ``stream`` as ``Workbook`` — all calamine reads of an .xls.

    Calamine is never given the sender's container: it reserves memory by the
    sizes the directory claims.  A stream under 4,096 bytes would belong in
    the mini stream; it is padded instead (a reader stops at the last EOF
    record).  The root entry points at one empty sector, as calamine wants of
    a version 4 file.  The header's 109 FAT slots address streams up to
    450 MB, past any file the reader accepts.
    """
    stream = stream.ljust(_SECTOR, b"\0")
    stream_sectors = -(-len(stream) // _SECTOR)
    fat_sectors = 1
    while fat_sectors * _ENTRIES_PER_FAT_SECTOR < fat_sectors + 2 + stream_sectors:
        fat_sectors += 1
    directory, root = fat_sectors, fat_sectors + 1
    first_stream = root + 1
    fat = [_FAT_SECTOR] * fat_sectors + [_END_OF_CHAIN, _END_OF_CHAIN]
    fat += [first_stream + number + 1 for number in range(stream_sectors - 1)] + [_END_OF_CHAIN]
    fat += [_FREE] * (fat_sectors * _ENTRIES_PER_FAT_SECTOR - len(fat))
    header = bytearray(_SECTOR)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 4, 0xFFFE, 12, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 1, fat_sectors, directory, 0, 4096, _END_OF_CHAIN, 0,
                     _END_OF_CHAIN, 0)
    slots = list(range(fat_sectors)) + [_FREE] * (_HEADER_FAT_SLOTS - fat_sectors)
    struct.pack_into(f"<{_HEADER_FAT_SLOTS}I", header, 76, *slots)
    entries = _entry("Root Entry", 5, child=1, start=root, size=0)
    entries += _entry("Workbook", 2, child=_NO_STREAM, start=first_stream, size=len(stream))
    out = io.BytesIO()
    out.write(header)
    out.write(struct.pack(f"<{len(fat)}I", *fat))
    out.write(entries.ljust(_SECTOR, b"\0"))
    out.write(bytes(_SECTOR))
    out.write(stream.ljust(stream_sectors * _SECTOR, b"\0"))
    return out.getvalue()


def _entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    """One 128-byte directory entry (MS-CFB 2.6), black, without siblings."""
    encoded = (name + "\0").encode("utf-16-le")
    entry = bytearray(128)
    entry[:len(encoded)] = encoded
    struct.pack_into("<HBBIII", entry, 64, len(encoded), kind, 1, _NO_STREAM, _NO_STREAM, child)
    struct.pack_into("<IQ", entry, 116, start, size)
    return bytes(entry)
