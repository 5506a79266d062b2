"""Wide files, one row per day: CSV/TSV (any separator, decimal comma or dot), .xlsx, JSON lists.

The CSV path is pandas' C parser over the whole file, then the vectorised checks of validate.py:
no Python loop runs per row.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ssi_core.importers.limits import (
    MAX_COLUMNS,
    MAX_LINE_CHARS,
    MAX_LISTED_ISSUES,
    MAX_LONG_ROWS,
    MAX_ROWS,
)
from ssi_core.importers.messages import issue, rejected
from ssi_core.importers.owners import is_relative, owned_field
from ssi_core.importers.synonyms import (
    column_role,
    headers_suggest_day_first,
    long_column_roles,
    normalise,
    null_tokens,
    record_owners,
)
from ssi_core.importers.validate import RawTable
from ssi_core.pillars import EXPORT_COLUMNS, GROUP_PILLAR_IDS, SNAPSHOT_COLUMNS

HEADER_SEARCH_LINES = 30
_SEPARATORS = ("\t", ";", ",")
_DECIMAL_COMMA = re.compile(r"(?:^|[;\t])\s*\"?[-+]?\d+,\d+\"?\s*(?=[;\t]|$)", re.MULTILINE)
_TEXT_ROLES = ("date", "time", "industry")
_BLANK_LINE = re.compile(rb"\n[ \t]*\r?\n")
_CHUNK_ROWS = 200_000
_CHUNK_MIN_BYTES = 8 * 1024 * 1024
# The headers the project's own export writes (with `source` or without), and the ones it wrote
# before the groups' pillars were added: an older export still reads back as an export.
_EARLIER_EXPORT = [column for column in EXPORT_COLUMNS if column not in GROUP_PILLAR_IDS]
EXPORT_HEADERS: tuple[list[str], ...] = (
    list(EXPORT_COLUMNS),
    list(SNAPSHOT_COLUMNS),
    _EARLIER_EXPORT,
    [*_EARLIER_EXPORT, "source"],
)


@dataclass
class Header:
    """The header row of a file: where it is and what its columns mean."""

    line: int  # 0-based physical line (or sheet row) of the header
    names: list[str]
    roles: list[str | None]  # canonical field, 'date' or 'time' per column; None when unknown
    kind: str  # "wide" | "long"
    exact_export: bool = False


def split_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\n|\r", text)


def sniff_separator(lines: list[str]) -> str:
    """The separator that splits the first lines into the same number (>1) of fields."""
    sample = [line for line in lines[:HEADER_SEARCH_LINES] if line.strip()][:20]
    if sample and re.fullmatch(r"sep=(.)", sample[0].strip()):
        return sample[0].strip()[4]
    best, best_score = ",", (0, 0)
    for sep in _SEPARATORS:
        counts = [len(_split(line, sep)) for line in sample]
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        steady = sum(1 for count in counts if count == widest)
        score = (steady, widest)
        if score > best_score:
            best, best_score = sep, score
    return best


def _split(line: str, sep: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=sep), [])
    except csv.Error:
        return line.split(sep)


def roles_of(names: list[str]) -> tuple[list[str | None], str]:
    """Map header cells to roles; the first column of a role wins. Returns (roles, kind)."""
    long_roles = [long_column_roles().get(normalise(name)) for name in names]
    if "field" in long_roles and ("value" in long_roles or "value_text" in long_roles):
        return _first_of_each(long_roles), "long"
    return _first_of_each([column_role(name) if str(name).strip() else None for name in names]), (
        "wide"
    )


def _first_of_each(roles: list[str | None]) -> list[str | None]:
    seen: set[str] = set()
    out: list[str | None] = []
    for role in roles:
        out.append(role if role is not None and role not in seen else None)
        if role is not None:
            seen.add(role)
    return out


def find_header(rows: list[list[str]]) -> Header | None:
    """The first row that names at least two SSI columns (or a value column and a date)."""
    for index, cells in enumerate(rows[:HEADER_SEARCH_LINES]):
        names = ["" if cell is None else str(cell).strip() for cell in cells]
        if sum(1 for name in names if name) < 1:
            continue
        roles, kind = roles_of(names)
        known = [role for role in roles if role is not None]
        values = [role for role in known if role not in _TEXT_ROLES]
        if kind == "long" or (len(known) >= 2 and values):
            exact = [name.strip().lstrip("\ufeff") for name in names if name.strip()]
            export = exact in EXPORT_HEADERS
            return Header(index, names, roles, kind, export)
    return None


def delimited_header(text_head: str) -> tuple[Header | None, str]:
    """(header, separator) of a delimited text, judged from its first lines."""
    lines = split_lines(text_head)[: HEADER_SEARCH_LINES + 1]
    sep = sniff_separator(lines)
    rows = [_split(line, sep) for line in lines[:HEADER_SEARCH_LINES]]
    return find_header(rows), sep


def decimal_mark(text_head: str, sep: str) -> str:
    """A ';' or tab separated file with cells like 20,998 writes decimal commas."""
    if sep == ",":
        return "."
    return "," if _DECIMAL_COMMA.search(text_head) else "."


def read_delimited(
    payload: bytes,
    text_head: str,
    header: Header,
    sep: str,
    progress: Callable[[float], None] | None = None,
    file_label: str = "The file",
) -> tuple[pd.DataFrame, np.ndarray, list]:
    """Read the data rows below the header with pandas' C parser.

    Args:
        payload: the file as UTF-8 bytes, without a byte-order mark, lines ending in \\n or \\r\\n.
        text_head: the start of the text, to judge the decimal mark.
        header: where the header is and which columns matter.
    Returns:
        (frame with the used columns by position, the row number of each record, the first
        rows skipped with their reason, how many more were skipped)
    Raises:
        ImportRejected: more than MAX_COLUMNS columns, a line longer than MAX_LINE_CHARS, or
            more than MAX_ROWS rows.
    """
    check_shape(payload, header, file_label)
    start = _offset_after_line(payload, header.line)
    body = payload[start:]
    used = [i for i, role in enumerate(header.roles) if role is not None]
    text_columns = [i for i in used if header.kind == "long" or header.roles[i] in _TEXT_ROLES]
    options = dict(
        sep=sep,
        header=None,
        # All columns, no usecols: with usecols pandas would silently drop the extra fields of a
        # row that has more than the header; without it such a file goes to _read_leniently.
        names=list(range(len(header.names))),
        dtype={i: object for i in text_columns},
        decimal=decimal_mark(text_head, sep),
        skip_blank_lines=False,
        na_values=sorted(null_tokens() - {""}),
        keep_default_na=True,
        index_col=False,
        encoding="utf-8",
        engine="c",
        quotechar='"',
    )
    first_row = header.line + 2
    if not body or body.isspace():
        return pd.DataFrame(columns=used), np.zeros(0, "int64"), [], 0
    frame = _read_arrow(body, header, used, sep, options["decimal"])
    if frame is not None:
        if progress is not None:
            progress(0.8)
        return frame, np.arange(first_row, first_row + len(frame), dtype="int64"), [], 0
    try:
        with warnings.catch_warnings():
            # "Length of header or names does not match length of data": pandas would drop data.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = _read(body, options, progress)
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, UnicodeDecodeError):
        return _read_leniently(body, header, used, sep, first_row, file_label)
    rows = np.arange(first_row, first_row + len(frame), dtype="int64")
    return frame[used].reset_index(drop=True), rows, [], 0


def row_limit(header: Header) -> int:
    """The most data rows read below `header`."""
    return MAX_LONG_ROWS if header.kind == "long" else MAX_ROWS


def check_shape(payload: bytes, header: Header, file_label: str) -> None:
    """Refuse a delimited file too wide or too long to be an SSI history, before reading it.

    The longest line is found with numpy over the bytes (no line is copied); a line longer
    than MAX_LINE_CHARS bytes holds far more than MAX_COLUMNS fields of a history.
    """
    if len(header.names) > MAX_COLUMNS:
        raise rejected("too_many_columns", file=file_label, limit=f"{MAX_COLUMNS:,}")
    newlines = np.flatnonzero(np.frombuffer(payload, dtype=np.uint8) == 10)
    limit = row_limit(header)
    if newlines.size > limit + header.line + 1:
        raise rejected("too_many_rows", file=file_label, limit=f"{limit:,}")
    if len(payload) <= MAX_LINE_CHARS:
        return
    ends = np.concatenate((newlines, [len(payload)]))
    lengths = np.diff(ends, prepend=-1) - 1
    too_long = np.flatnonzero(lengths > MAX_LINE_CHARS)
    if too_long.size:
        raise rejected(
            "line_too_long",
            file=file_label,
            line=int(too_long[0]) + 1,
            limit=f"{MAX_LINE_CHARS:,}",
        )


def _read_arrow(
    body: bytes, header: Header, used: list[int], sep: str, decimal: str
) -> pd.DataFrame | None:
    """The fast path: Arrow's multi-threaded CSV reader, dates parsed natively when ISO.

    Returns None (and the caller uses pandas) when row numbers could shift (blank lines) or
    Arrow refuses the file (a row with another number of fields, a type that changes later).
    """
    if _BLANK_LINE.search(body) or body.startswith((b"\n", b"\r\n")):
        return None
    try:  # pyarrow comes with streamlit; without it pandas reads the file
        import pyarrow as pa
        import pyarrow.csv as arrow_csv
    except ImportError:
        return None

    names = [f"c{i}" for i in range(len(header.names))]
    as_text = [i for i in used if header.kind == "long" or header.roles[i] == "industry"]
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(body),
            read_options=arrow_csv.ReadOptions(column_names=names),
            parse_options=arrow_csv.ParseOptions(delimiter=sep),
            convert_options=arrow_csv.ConvertOptions(
                include_columns=[names[i] for i in used],
                column_types={names[i]: pa.string() for i in as_text},
                null_values=_arrow_nulls(),
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                true_values=[],
                false_values=[],
                decimal_point=decimal,
            ),
        )
        # A quoted value that spans lines (or a quote that never closes) would shift row
        # numbers: leave such files to pandas and the lenient reader.
        lines = body.count(b"\n") + (0 if body.endswith(b"\n") else 1)
        if table.num_rows != lines:
            return None
        # Arrow frees each column once converted: the file is not held twice.
        frame = table.to_pandas(date_as_object=False, split_blocks=True, self_destruct=True)
        del table
        pa.default_memory_pool().release_unused()  # hand the reader's buffers back now
    except (pa.ArrowException, ValueError, OverflowError):
        return None
    frame.columns = used
    return frame


@lru_cache(maxsize=1)
def _arrow_nulls() -> list[str]:
    """Arrow compares null tokens case-sensitively: every spelling people use."""
    tokens = null_tokens()
    return sorted(tokens | {t.upper() for t in tokens} | {t.capitalize() for t in tokens})


def _read(body: bytes, options: dict, progress: Callable[[float], None] | None) -> pd.DataFrame:
    if progress is None or len(body) < _CHUNK_MIN_BYTES:
        return pd.read_csv(io.BytesIO(body), **options)
    total_lines = max(1, body.count(b"\n"))
    parts = []
    done = 0
    with pd.read_csv(io.BytesIO(body), chunksize=_CHUNK_ROWS, **options) as reader:
        for part in reader:
            parts.append(part)
            done += len(part)
            progress(min(0.8, 0.1 + 0.7 * done / total_lines))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _read_leniently(
    body: bytes, header: Header, used: list[int], sep: str, first_row: int, file_label: str
):
    """Rows whose number of fields does not match the header: read with the csv module.

    The cells of the used columns are gathered column by column; a row with extra fields is
    skipped, with its reason for the first MAX_LISTED_ISSUES of them.
    """
    width = len(header.names)
    columns: list[list[str]] = [[] for _ in used]
    rows, skipped = [], []
    unlisted = 0
    reader = csv.reader(io.StringIO(body.decode("utf-8", errors="replace")), delimiter=sep)
    row = first_row
    try:
        for cells in reader:
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                if len(skipped) < MAX_LISTED_ISSUES:
                    count = len(cells)
                    skipped.append(issue("reason.extra_fields", row, count=count, expected=width))
                else:
                    unlisted += 1
            else:
                for column, position in zip(columns, used, strict=True):
                    column.append(cells[position] if position < len(cells) else "")
                rows.append(row)
            row += 1
    except csv.Error as error:
        # A quote that never closes swallows the rest of the file: say so, drop nothing silently.
        raise rejected("unreadable", file=file_label, detail=f"row {row}: {error}") from None
    frame = pd.DataFrame(
        {
            position: pd.Series(column, dtype=object)
            for position, column in zip(used, columns, strict=True)
        },
        columns=used,
    )
    frame = frame.replace("", None)
    return frame, np.asarray(rows, dtype="int64"), skipped, unlisted


def _offset_after_line(payload: bytes, line: int) -> int:
    """Byte offset of the start of line `line + 1` (0-based)."""
    offset = 0
    for _ in range(line + 1):
        newline = payload.find(b"\n", offset)
        if newline < 0:
            return len(payload)
        offset = newline + 1
    return offset


def table_from_frame(
    frame: pd.DataFrame,
    header: Header,
    rows: np.ndarray,
    skipped: list | None = None,
) -> RawTable:
    """The wide layout: a column per field. `frame` columns are positions in the header."""
    fields, labels = {}, {}
    dates = times = None
    for position, role in enumerate(header.roles):
        if role is None or position not in frame.columns:
            continue
        column = frame[position]
        if role == "date":
            dates = column
        elif role == "time":
            times = column
        else:
            fields[role] = column
            labels[role] = header.names[position]
    if dates is None and times is not None:
        dates, times = times, None
    ignored = [
        name
        for name, role in zip(header.names, header.roles, strict=True)
        if role is None and name and not (header.exact_export and name == "source")
    ]
    return RawTable(
        fields=fields,
        rows=rows,
        labels=labels,
        dates=dates,
        times=times,
        ignored_columns=ignored,
        skipped=list(skipped or []),
        day_first_hint=headers_suggest_day_first(header.names),
        undated_warning="warning.no_date_column",
    )


def sheet_table(
    rows: Iterator[tuple[int, dict[int, object]]], file_label: str = "The file"
) -> tuple[Header | None, pd.DataFrame, np.ndarray]:
    """A worksheet's rows that hold a value, as (row number, {column number: value}): its
    header (among the first HEADER_SEARCH_LINES of them) and the data below it, only the
    columns that are read, as an object frame whose columns are positions in the header.

    Raises ImportRejected past MAX_ROWS rows (MAX_LONG_ROWS in the long layout).
    """
    rows = iter(rows)
    first = list(itertools.islice(rows, HEADER_SEARCH_LINES))
    cells = [
        ["" if row.get(n) is None else str(row.get(n)) for n in range(1, max(row) + 1)]
        for _, row in first
    ]
    header = find_header(cells)
    if header is None:
        return None, pd.DataFrame(), np.zeros(0, "int64")
    used = [position for position, role in enumerate(header.roles) if role is not None]
    columns: dict[int, list] = {position: [] for position in used}
    numbers: list[int] = []
    limit = row_limit(header)
    for number, row in itertools.chain(first[header.line + 1 :], rows):
        for position, column in columns.items():
            column.append(row.get(position + 1))
        numbers.append(number)
        if len(numbers) > limit:
            raise rejected("too_many_rows", file=file_label, limit=f"{limit:,}")
    frame = pd.DataFrame(
        {position: pd.Series(column, dtype=object) for position, column in columns.items()},
        index=pd.RangeIndex(len(numbers)),
    )
    return header, frame, np.asarray(numbers, dtype="int64")


def scalar_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """JSON values that are lists or objects become their JSON text (reported as not a number)."""
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(_scalar)
    return frame


def _scalar(value: object) -> object:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)[:80]
    return value


def records_table(
    records: list[dict], file_label: str = "The file"
) -> tuple[Header | None, pd.DataFrame, np.ndarray]:
    """A JSON list of flat objects, e.g. {date, establish_brand, ..., total}.

    Nested objects become dotted names ('scores.brand'), MAX_NESTING deep at most (deeper ones
    are cells of JSON text). The records may name at most MAX_COLUMNS keys in all: a table of
    records by keys is never built, only the columns that are read.
    """
    flat = []
    names_seen: dict[str, None] = {}
    for record in records:
        flat.append(_flatten(record))
        names_seen.update(dict.fromkeys(flat[-1]))
        if len(names_seen) > MAX_COLUMNS:
            raise rejected("too_many_keys", file=file_label, limit=f"{MAX_COLUMNS:,}")
    names = list(names_seen)
    roles, _ = roles_of(names)
    roles = _first_of_each(_nested_roles(names, roles))
    known = [role for role in roles if role is not None]
    if not [role for role in known if role not in _TEXT_ROLES]:
        return None, pd.DataFrame(), np.zeros(0, "int64")
    exact = names in EXPORT_HEADERS
    header = Header(0, names, roles, "wide", exact)
    columns = {
        position: pd.Series([record.get(names[position]) for record in flat], dtype=object)
        for position, role in enumerate(roles)
        if role is not None
    }
    frame = scalar_cells(pd.DataFrame(columns, index=pd.RangeIndex(len(flat))))
    return header, frame, np.arange(1, len(flat) + 1, dtype="int64")


MAX_NESTING = 4


def _flatten(record: dict, prefix: str = "", depth: int = 0, out: dict | None = None) -> dict:
    """{'a': {'b': 1}} -> {'a.b': 1}, as pandas' json_normalize names nested keys."""
    out = {} if out is None else out
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and depth < MAX_NESTING:
            _flatten(value, name + ".", depth + 1, out)
        else:
            out[name] = value
    return out


def _nested_roles(names: list[str], roles: list[str | None]) -> list[str | None]:
    """Nested keys ('scores.brand') fall back to the last part of their name, and the parts
    before it say whose number it is: 'industry.brand' is the industry's average, never the
    member's. A pillar under parts that say nothing ('a.brand' and 'b.brand') is the member's
    only when no other key holds the same pillar; otherwise none of them is read.
    """
    placed: list[str | None] = list(roles)
    unowned: dict[str, list[int]] = {}
    for position, (name, role) in enumerate(zip(names, roles, strict=True)):
        if role is not None or "." not in name:
            continue
        *parents, last = name.split(".")
        base = column_role(last)
        if base is None or not is_relative(base):
            placed[position] = base
            continue
        owners = [record_owners().get(normalise(part)) for part in reversed(parents)]
        owner = next((found for found in owners if found is not None), None)
        if owner is None:
            unowned.setdefault(base, []).append(position)
        else:
            placed[position] = owned_field(base, owner)
    taken = {role for role in roles if role is not None}
    for base, positions in unowned.items():
        if len(positions) == 1 and base not in taken:
            placed[positions[0]] = base
    return placed
