"""Recognise what an input is from its content (never its name) and hand it to the right reader."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ssi_core.errors import SSIError
from ssi_core.importers import (
    html_page,
    linkedin_json,
    long_layout,
    page_text,
    tabular,
    workbook,
)
from ssi_core.importers.decode import decode
from ssi_core.importers.limits import MAX_JSON_CONTAINERS, MAX_JSON_VALUES, MAX_LISTED_ISSUES
from ssi_core.importers.messages import issue, rejected
from ssi_core.importers.model import ImportResult
from ssi_core.importers.validate import RawTable, finalize

_HEAD_CHARS = 64 * 1024
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\x1f\x8b", b"GIF8", b"\xff\xd8\xff", b"7z\xbc\xaf", b"Rar!")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LISTED = MAX_LISTED_ISSUES


@dataclass
class Context:
    """What every reader needs besides the content."""

    file_label: str
    default_date: date | None
    today: date
    progress: Callable[[float], None] | None = None
    encoding: str | None = None

    def finish(self, table: RawTable, fmt: str) -> ImportResult:
        result = finalize(
            table,
            fmt,
            file_label=self.file_label,
            default_date=self.default_date,
            today=self.today,
            encoding=self.encoding,
        )
        if self.progress is not None:
            self.progress(1.0)
        return result


def parse_data(data: bytes, context: Context) -> ImportResult:
    """Bytes of any supported kind: workbook, or text in any supported encoding."""
    head = data[:16]
    if head.startswith(_ZIP_MAGIC):
        return parse_workbook(data, context)
    if head.startswith(_OLE_MAGIC):
        raise rejected("xls_legacy", file=context.file_label)
    if head.startswith(_BINARY_MAGIC):
        raise rejected("binary", file=context.file_label)
    text, encoding = decode(data, context.file_label)
    context.encoding = encoding
    if encoding == "utf-8":
        payload = data
    elif encoding == "utf-8-sig":
        payload = data[3:]
    else:
        payload = text.encode("utf-8")
    if context.progress is not None:
        context.progress(0.05)
    return parse_content(text, payload, context)


def parse_content(text: str, payload: bytes, context: Context) -> ImportResult:
    """Text: JSON (one response, a history, a list of daily values), HTML, CSV, or page text."""
    start = text[:_HEAD_CHARS].lstrip()  # not text.strip(): that copies a big file
    if not start and (not text or text.isspace()):
        raise rejected("empty", file=context.file_label)
    if start[:1] in ("{", "["):
        return _parse_json(text.strip(), context)
    if html_page.looks_like_html(start):
        return _parse_html(text.strip(), context)
    head = text[:_HEAD_CHARS]
    header, sep = tabular.delimited_header(head)
    if header is not None:
        if b"\n" not in payload[:_HEAD_CHARS] and b"\r" in payload[:_HEAD_CHARS]:
            payload = payload.replace(b"\r", b"\n")  # classic Mac line ends
        frame, rows, skipped, unlisted = tabular.read_delimited(
            payload, head, header, sep, context.progress, context.file_label
        )
        if header.kind == "long":
            table = long_layout.long_table(frame, header, rows)
            table.skipped = skipped + table.skipped
        else:
            table = tabular.table_from_frame(frame, header, rows, skipped)
        table.skipped_unlisted += unlisted
        if header.kind == "long":
            return context.finish(table, "csv_long")
        return context.finish(table, "ssi_export" if header.exact_export else "csv_wide")
    try:
        table = page_text.page_table(text, context.file_label)
    except page_text.LongLines as long:
        raise rejected(
            "line_too_long",
            file=context.file_label,
            line=long.first,
            limit=f"{page_text.MAX_TEXT_LINE_CHARS:,}",
        ) from None
    if table is not None:
        return context.finish(table, "page_text")
    raise rejected("no_columns", file=context.file_label)


# --- JSON ------------------------------------------------------------------------------------


def _parse_json(text: str, context: Context) -> ImportResult:
    # Each object or array costs some hundred bytes once parsed, far more than its text: count
    # them (an upper bound: braces inside strings count too) before parsing anything.
    containers = text.count("{") + text.count("[")
    if containers > MAX_JSON_CONTAINERS:
        raise rejected(
            "json_too_big",
            file=context.file_label,
            count=f"{containers:,}",
            limit=f"{MAX_JSON_CONTAINERS:,}",
        )
    # Every value and key after the first of its object or array follows a comma.
    values = text.count(",") + 1
    if values > MAX_JSON_VALUES:
        raise rejected(
            "json_too_many_values",
            file=context.file_label,
            count=f"{values:,}",
            limit=f"{MAX_JSON_VALUES:,}",
        )
    try:
        value = json.loads(text)
    except RecursionError:
        raise rejected("bad_json", file=context.file_label, detail="nested too deeply") from None
    except ValueError as error:
        lines = _json_lines(text)
        if lines is None:
            detail = getattr(error, "msg", str(error))
            where = f"line {getattr(error, 'lineno', '?')}"
            detail = f"{detail} ({where})"
            raise rejected("bad_json", file=context.file_label, detail=detail) from None
        items, rows, skipped, unlisted = lines
        table = linkedin_json.history_table(items, rows)
        table.skipped_unlisted += unlisted + max(0, len(skipped) + len(table.skipped) - _LISTED)
        table.skipped = (skipped + table.skipped)[:_LISTED]
        return context.finish(table, "linkedin_json_history")
    return _parse_json_value(value, context)


def _json_lines(text: str) -> tuple[list, list[int], list, int] | None:
    """JSON Lines: one object per line. None when the text is not that.

    Returns the values, their line numbers, the first lines that are not JSON (at most
    MAX_LISTED_ISSUES) and how many more there were.
    """
    items, rows, skipped = [], [], []
    bad = 0
    for number, line in enumerate(re.split(r"\r\n|\n|\r", text), 1):
        line = line.strip()
        if not line:
            continue
        try:
            items.append(json.loads(line))
            rows.append(number)
        except (ValueError, RecursionError):
            bad += 1
            if len(skipped) < _LISTED:
                skipped.append(issue("reason.not_a_record", number))
    if not items or bad > len(items):
        return None
    return items, rows, skipped, bad - len(skipped)


def _parse_json_value(value: Any, context: Context, wrapper: Any = None) -> ImportResult:
    history = _find_history(value)
    if history is not None:
        return context.finish(linkedin_json.history_table(history), "linkedin_json_history")
    response = linkedin_json.find_response(value)
    if response is not None:
        return context.finish(linkedin_json.single_table(response, value), "linkedin_json")
    records = _find_records(value)
    if records is not None:
        header, frame, rows = tabular.records_table(records, context.file_label)
        if header is not None:
            table = tabular.table_from_frame(frame, header, rows)
            return context.finish(table, "ssi_export" if header.exact_export else "json_list")
    raise rejected("not_ssi_json", file=context.file_label)


def _find_history(value: Any, depth: int = 0) -> list | None:
    if depth > 3:
        return None
    if isinstance(value, list):
        return value if linkedin_json.is_history(value) else None
    if isinstance(value, dict):
        for item in value.values():
            if isinstance(item, list | dict):
                found = _find_history(item, depth + 1)
                if found is not None:
                    return found
    return None


def _find_records(value: Any, depth: int = 0) -> list[dict] | None:
    """A list of flat objects naming SSI fields (or a single such object)."""
    if depth > 3:
        return None
    if isinstance(value, list):
        objects = [item for item in value if isinstance(item, dict)]
        if objects and any(linkedin_json.looks_like_keys(item) for item in objects[:50]):
            return [item if isinstance(item, dict) else {} for item in value]
        return None
    if isinstance(value, dict):
        for item in value.values():
            if isinstance(item, list):
                found = _find_records(item, depth + 1)
                if found is not None:
                    return found
        if linkedin_json.looks_like_keys(value):
            return [value]
    return None


# --- HTML and workbooks -------------------------------------------------------------------------


def _parse_html(text: str, context: Context) -> ImportResult:
    page = html_page.read(text, context.file_label)
    for block in page.json_values():
        history = _find_history(block)
        if history is not None:
            return context.finish(linkedin_json.history_table(history), "html_page")
        response = linkedin_json.find_response(block)
        if response is not None:
            return context.finish(linkedin_json.single_table(response, block), "html_page")
    try:
        table = page_text.page_table(page.text, context.file_label)
    except page_text.LongLines:
        table = None  # text but no SSI label: the page holds no SSI data
    if table is not None:
        return context.finish(table, "html_page")
    raise rejected("no_ssi_in_page", file=context.file_label)


def parse_workbook(data: bytes, context: Context) -> ImportResult:
    """An .xlsx workbook: the first sheet with a recognisable header row (see workbook.py for
    the bounds it is read within)."""
    label = context.file_label
    try:
        book = workbook.open_book(data, label)
    except SSIError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise rejected("bad_xlsx", file=label) from error
    try:
        for sheet in book.sheets:
            try:
                header, frame, row_numbers = tabular.sheet_table(book.rows(sheet), label)
            except SSIError:
                raise
            except Exception as error:  # damaged sheet XML surfaces only while reading
                raise rejected("bad_xlsx", file=label) from error
            if header is None:
                continue
            if header.kind == "long":
                table = long_layout.long_table(frame, header, row_numbers)
            else:
                table = tabular.table_from_frame(frame, header, row_numbers)
            if book.columns_dropped:
                table.warnings.insert(
                    0, issue("warning.columns_not_read", limit=f"{workbook.MAX_COLUMNS:,}")
                )
            return context.finish(table, "xlsx")
    finally:
        book.close()
    raise rejected("no_columns", file=label)
