"""An .xlsx workbook, read within bounds whatever it declares.

An .xlsx is a zip archive of XML parts. Before anything is unpacked, the archive's own
directory is checked: how many parts, what they unpack to in all and each against its packed
size (a decompression bomb packs gigabytes of blanks into a few megabytes; zipfile never
unpacks more than a part declares). openpyxl then reads the workbook's structure (its sheets,
date styles and epoch); the shared strings and the sheets are streamed with expat, cell by cell,
keeping at most MAX_COLUMNS cells per row and MAX_CELL_CHARS characters per cell. The sheet's
declared dimension is never used: a 5 KB file may declare A1:XFD1048576.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from xml.parsers import expat

from ssi_core.importers.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_XLSX_OTHER_PART_BYTES,
    MAX_XLSX_PARTS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNPACKED_BYTES,
)
from ssi_core.importers.messages import rejected
from ssi_core.zip_record import declared_entries

MB = 1024 * 1024
# A part smaller than this may pack as tightly as it likes (a sheet of one repeated style).
_RATIO_FROM_BYTES = MB
_CHUNK = MB
_STREAMED = re.compile(r"^xl/(?:worksheets/[^/]+\.xml|sharedStrings\.xml)$", re.IGNORECASE)
_CELL_REF = re.compile(r"[A-Za-z]{1,3}")

Row = tuple[int, dict[int, object]]


def check_archive(data: bytes, file_label: str) -> zipfile.ZipFile:
    """The archive, once its directory says it unpacks within bounds.

    Raises:
        ImportRejected: not a zip archive, or too many parts, a part packed too tightly, too
            much in all, or a part other than the sheets and strings too big.
    """
    entries = declared_entries(data)
    if entries is not None and entries > MAX_XLSX_PARTS:
        raise rejected("xlsx_parts", file=file_label, limit=f"{MAX_XLSX_PARTS:,}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise rejected("binary", file=file_label) from None
    if len(infos) > MAX_XLSX_PARTS:
        raise rejected("xlsx_parts", file=file_label, limit=f"{MAX_XLSX_PARTS:,}")
    for info in infos:
        if info.file_size > _RATIO_FROM_BYTES and info.file_size > MAX_XLSX_RATIO * max(
            1, info.compress_size
        ):
            raise rejected(
                "xlsx_ratio",
                file=file_label,
                part=info.filename[:80],
                ratio=f"{info.file_size // max(1, info.compress_size):,}",
                limit=f"{MAX_XLSX_RATIO:,}",
            )
    total = sum(info.file_size for info in infos)
    if total > MAX_XLSX_UNPACKED_BYTES:
        raise rejected(
            "xlsx_too_big",
            file=file_label,
            size=f"{total / MB:,.0f}",
            limit=f"{MAX_XLSX_UNPACKED_BYTES / MB:g}",
        )
    for info in infos:
        if info.file_size > MAX_XLSX_OTHER_PART_BYTES and not _STREAMED.match(info.filename):
            raise rejected(
                "xlsx_part_too_big",
                file=file_label,
                part=info.filename[:80],
                size=f"{info.file_size / MB:,.1f}",
                limit=f"{MAX_XLSX_OTHER_PART_BYTES / MB:g}",
            )
    return archive


@dataclass
class Book:
    """A checked workbook: its worksheets in order, shared strings and date styles."""

    archive: zipfile.ZipFile
    sheets: list[str]
    strings: list[str]
    date_styles: frozenset[int]
    timedelta_styles: frozenset[int]
    epoch: datetime
    # Set while reading: a cell with a value was past MAX_COLUMNS and not read.
    columns_dropped: bool = field(default=False)

    def rows(self, path: str) -> Iterator[Row]:
        """The sheet's rows that hold a value: (row number, {column number: value})."""
        reader = _SheetReader(self)
        with self.archive.open(path) as stream:
            yield from reader.rows(stream)
        self.columns_dropped |= reader.dropped

    def close(self) -> None:
        self.archive.close()


def open_book(data: bytes, file_label: str) -> Book:
    """Check the archive, then read the workbook's structure with openpyxl (read-only).

    Raises ImportRejected (binary, or one of the archive's limits); openpyxl's own errors on a
    damaged workbook pass through for the caller to report.
    """
    from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    archive = check_archive(data, file_label)
    if not any(name.startswith("xl/") for name in archive.namelist()):
        raise rejected("binary", file=file_label)
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    sheets = []
    for _, rel in reader.parser.find_sheets():
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
            sheets.append(rel.target)
    strings: list[str] = []
    part = reader.package.find(SHARED_STRINGS)
    if part is not None:
        with reader.archive.open(part.PartName[1:]) as stream:
            strings = _read_strings(stream)
    wb = reader.wb
    return Book(
        archive=reader.archive,
        sheets=sheets,
        strings=strings,
        date_styles=frozenset(wb._date_formats),
        timedelta_styles=frozenset(wb._timedelta_formats),
        epoch=wb.epoch,
    )


def _local(name: str) -> str:
    """'x:si' -> 'si' (a part may prefix its elements)."""
    return name[name.rfind(":") + 1 :]


def _parse(stream, parser) -> Iterator[None]:
    """Feed `stream` to an expat parser a chunk at a time, yielding after each chunk."""
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        parser.Parse(chunk, False)
        yield None
    parser.Parse(b"", True)
    yield None


def _read_strings(stream) -> list[str]:
    """The shared-string table: the text of each <si>, phonetic runs left out."""
    strings: list[str] = []
    parts: list[str] = []
    state = [False, 0, 0]  # collecting text, phonetic depth, characters collected

    def start(name: str, _attrs: dict) -> None:
        if ":" in name:
            name = _local(name)
        if name == "t":
            state[0] = not state[1]
        elif name == "si":
            parts.clear()
            state[2] = 0
        elif name == "rPh":
            state[1] += 1

    def end(name: str) -> None:
        if ":" in name:
            name = _local(name)
        if name == "t":
            state[0] = False
        elif name == "si":
            strings.append("".join(parts).replace("x005F_", ""))
        elif name == "rPh":
            state[1] -= 1

    def data(text: str) -> None:
        if state[0] and state[2] < MAX_CELL_CHARS:
            parts.append(text[: MAX_CELL_CHARS - state[2]])
            state[2] += len(text)

    parser = _parser(start, end, data)
    for _ in _parse(stream, parser):
        pass
    return strings


def _parser(start, end, data):
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    return parser


class _SheetReader:
    """One worksheet's cells, converted as openpyxl converts them (data only).

    The expat handlers are closures over local state: they run for every element of the sheet,
    and an attribute look-up each time would double the reading time.
    """

    def __init__(self, book: Book) -> None:
        self.book = book
        self.dropped = False

    def rows(self, stream) -> Iterator[Row]:
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        book = self.book
        strings, epoch = book.strings, book.epoch
        date_styles, timedelta_styles = book.date_styles, book.timedelta_styles
        ready: list[Row] = []
        columns: dict[str, int] = {}
        parts: list[str] = []
        # row number, cells of the row, column, type, style, in a cell, collecting text,
        # characters collected, phonetic depth, a cell past MAX_COLUMNS had a value
        state = [0, {}, 0, "n", 0, False, False, 0, 0, False]

        def column_of(reference: str) -> int:
            key = reference.rstrip("0123456789")
            column = columns.get(key)
            if column is None:
                if not _CELL_REF.fullmatch(key):
                    return state[2] + 1
                column = 0
                for letter in key.upper():
                    column = column * 26 + ord(letter) - 64
                if len(columns) < 20_000:
                    columns[key] = column
            return column

        def value_of(text: str, kind: str, style: int) -> object:
            try:
                if kind == "n":
                    number = int(text) if text.isdigit() else float(text)
                    if style in date_styles:
                        return from_excel(number, epoch, timedelta=style in timedelta_styles)
                    return number
                if kind == "s":
                    return strings[int(text)]
                if kind == "b":
                    return bool(int(text))
                if kind == "d":
                    return from_ISO8601(text)
            except (ValueError, IndexError, OverflowError, TypeError):
                return text if kind in ("n", "d") else None
            return text  # inline strings, formula strings and errors, as written

        def start(name: str, attrs: dict) -> None:
            if ":" in name:
                name = name[name.rfind(":") + 1 :]
            if name == "c":
                reference = attrs.get("r")
                state[2] = column_of(reference) if reference else state[2] + 1
                state[3] = attrs.get("t", "n")
                style = attrs.get("s")
                state[4] = int(style) if style and style.isdigit() else 0
                state[5] = True
                state[7] = 0
                parts.clear()
            elif not state[5]:
                if name == "row":
                    number = attrs.get("r", "")
                    state[0] = int(number) if number.isdigit() else state[0] + 1
                    state[1] = {}
                    state[2] = 0
            elif name == "v" or (name == "t" and state[3] == "inlineStr" and not state[8]):
                state[6] = True
            elif name == "rPh":
                state[8] += 1

        def end(name: str) -> None:
            if ":" in name:
                name = name[name.rfind(":") + 1 :]
            if name == "c":
                state[5] = state[6] = False
                if parts:
                    if state[2] <= MAX_COLUMNS:
                        value = value_of("".join(parts), state[3], state[4])
                        if value is not None:
                            state[1][state[2]] = value
                    else:
                        state[9] = True
            elif name == "v" or name == "t":
                state[6] = False
            elif name == "row":
                if not state[5] and state[1]:
                    ready.append((state[0], state[1]))
                    state[1] = {}
            elif name == "rPh":
                state[8] -= 1

        def data(text: str) -> None:
            if state[6] and state[7] < MAX_CELL_CHARS:
                parts.append(text[: MAX_CELL_CHARS - state[7]])
                state[7] += len(text)

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = data
        for _ in _parse(stream, parser):
            yield from ready
            ready.clear()
        self.dropped = state[9]
