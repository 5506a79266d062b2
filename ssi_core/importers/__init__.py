"""Read the SSI history people really have, from any of the formats they have it in.

parse_bytes / parse_text / parse_path return an ImportResult: the snapshots that passed every check,
the rows that did not (with row number and reason), warnings, and what was recognised. Nothing is
written here; the store does that once the user confirms.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from ssi_core.errors import SSIError
from ssi_core.importers.detect import Context, parse_content, parse_data
from ssi_core.importers.messages import rejected
from ssi_core.importers.model import (
    FORMATS,
    MAX_UPLOAD_BYTES,
    ImportRejected,
    ImportResult,
    RowIssue,
)

__all__ = [
    "FORMATS",
    "MAX_UPLOAD_BYTES",
    "ImportRejected",
    "ImportResult",
    "RowIssue",
    "parse_bytes",
    "parse_path",
    "parse_text",
]

PASTED_TEXT_LABEL = "The pasted text"
# Library errors that only mean "this content is not what it looked like".
_UNREADABLE = (
    pd.errors.ParserError,
    pd.errors.EmptyDataError,
    zipfile.BadZipFile,
    UnicodeError,
    RecursionError,
    OverflowError,
)


def parse_bytes(
    data: bytes,
    filename: str | None = None,
    *,
    default_date: date | None = None,
    today: date | None = None,
    max_bytes: int | None = MAX_UPLOAD_BYTES,
    progress: Callable[[float], None] | None = None,
) -> ImportResult:
    """Read a file's bytes.

    Args:
        data: the file content.
        filename: used in messages only; the format is judged from the content.
        default_date: the day for inputs without dates of their own (else `today`).
        today: rows dated after it are rejected (default: date.today()).
        max_bytes: reject larger inputs; None for no limit (the command line).
        progress: called with a fraction 0..1 while reading.
    Returns:
        The ImportResult. Raises SSIError (ImportRejected) when nothing can be imported.
    """
    label = filename or "The file"
    if max_bytes is not None and len(data) > max_bytes:
        raise rejected(
            "too_large",
            file=label,
            size=f"{len(data) / 1048576:.1f}",
            limit=f"{max_bytes / 1048576:g}",
        )
    if not data or data.isspace():
        raise rejected("empty", file=label)
    context = Context(label, default_date, today or date.today(), progress)
    return _guarded(lambda: parse_data(bytes(data), context), label)


def parse_text(
    text: str, *, default_date: date | None = None, today: date | None = None
) -> ImportResult:
    """Read pasted text: page text, JSON or CSV."""
    context = Context(PASTED_TEXT_LABEL, default_date, today or date.today())
    if not text.strip():
        raise rejected("empty", file=PASTED_TEXT_LABEL)
    text = text.lstrip("\ufeff")
    return _guarded(lambda: parse_content(text, text.encode("utf-8", "replace"), context), None)


def parse_path(path: Path | str, **kw) -> ImportResult:
    """Read a file from disk (keyword arguments as for parse_bytes).

    A file on disk comes from the command line or a script, not an upload: no size limit
    unless `max_bytes` is given.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SSIError(f"{path}: cannot read the file ({error.strerror or error}).") from None
    kw.setdefault("filename", path.name)
    kw.setdefault("max_bytes", None)
    return parse_bytes(data, **kw)


def _guarded(read: Callable[[], ImportResult], label: str | None) -> ImportResult:
    try:
        return read()
    except SSIError:
        raise
    except _UNREADABLE as error:
        raise rejected(
            "unreadable", file=label or PASTED_TEXT_LABEL, detail=type(error).__name__
        ) from error
