"""Read LinkedIn's data archive (a ZIP of CSV files) into facts and weekly activity.

The ZIP is read in memory, within bounds checked on its directory before anything is unpacked.
Files sit at the root or in one folder, their names in any case and sometimes with a copy
suffix (`Connections (1).csv`). A file the archive lacks (the smaller archive lacks several)
gives unknown facts (None), never 0. Only counts come out: no name, e-mail or message text.

The member's own messages are the rows of messages.csv whose FROM is the member's name as
Profile.csv gives it (first and last name, compared without case or extra spaces): FROM is in
every archive, while a member's own profile URL is not. Drafts are left out.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from ssi_core.archive.dates import parse_day, week_of
from ssi_core.errors import SSIError
from ssi_core.i18n import t
from ssi_core.zip_record import declared_entries

MB = 1024 * 1024
# A complete archive holds about a hundred files and unpacks to a few MB (tens for a member of
# many years' messages): these bounds are far above any real one, and refuse a zip bomb.
MAX_ARCHIVE_FILES = 2_000
MAX_ARCHIVE_UNPACKED_BYTES = 128 * MB
MAX_ARCHIVE_FILE_BYTES = 64 * MB
# A file bigger than 1 MB may not pack tighter than this (CSV text packs 5-20 times).
MAX_ARCHIVE_RATIO = 100
_RATIO_FROM_BYTES = MB
# Rows read per file: a member with this many messages is far beyond any real archive.
MAX_FILE_ROWS = 500_000

# "In 90 days" means as_of - 90 days < date <= as_of.
WINDOW_DAYS = 90

# The files read, by their name without case or extension.
FILES = (
    "connections",
    "invitations",
    "shares",
    "comments",
    "reactions",
    "messages",
    "profile",
    "skills",
    "positions",
    "education",
    "certifications",
    "recommendations_received",
    "recommendations_given",
    "endorsement_received_info",
)
# A copy's suffix: "Connections (1).csv", "Connections_2.csv", "messages-3.csv".
_SUFFIX = re.compile(r"^[\s_\-().\d]*$")

FACT_NAMES = (
    "connections",
    "connections_90d",
    "invitations_sent_90d",
    "invitations_received_90d",
    "posts_90d",
    "comments_90d",
    "reactions_90d",
    "messages_sent_90d",
    "skills",
    "endorsements_received",
    "recommendations_received",
    "recommendations_given",
    "positions",
    "positions_described",
    "education",
    "certifications",
    "has_headline",
    "has_summary",
)
ACTIVITIES = ("posts", "comments", "reactions", "invitations_sent", "connections", "messages_sent")

Fact = int | bool | None


class ArchiveRejected(SSIError):
    """The upload is no archive this reader takes; `code` and `params` give the message
    `archive.error.<code>` in any language (the exception's text is the English one)."""

    def __init__(self, code: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(t(f"archive.error.{code}", **params))

    def message(self, lang: str, escape: Callable[[str], str] | None = None) -> str:
        """The sentence in `lang`; `escape` is applied to the text parameters (the file's name
        and its members' names come from the upload)."""
        params = self.params
        if escape is not None:
            params = {k: escape(v) if isinstance(v, str) else v for k, v in params.items()}
        return t(f"archive.error.{self.code}", lang, **params)


@dataclass(frozen=True)
class ArchiveReading:
    """What an archive says, in counts only.

    `weekly` holds one row per Monday from the first week of any activity to the week of
    `as_of`: {"week": date, activity: count, ...}, an activity None when its file is missing.
    """

    as_of: date
    facts: dict[str, Fact]
    weekly: list[dict] = field(default_factory=list)

    def weekly_json(self) -> list[dict]:
        return [{**row, "week": row["week"].isoformat()} for row in self.weekly]


# --- the ZIP ---------------------------------------------------------------------------------


def _open_zip(data: bytes, label: str) -> zipfile.ZipFile:
    declared = declared_entries(data)
    if declared is None:
        raise ArchiveRejected("not_zip", file=label)
    if declared > MAX_ARCHIVE_FILES:
        raise ArchiveRejected(
            "too_many_files", file=label, count=f"{declared:,}", limit=f"{MAX_ARCHIVE_FILES:,}"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ArchiveRejected("not_zip", file=label) from None
    if len(infos) > MAX_ARCHIVE_FILES:
        raise ArchiveRejected(
            "too_many_files", file=label, count=f"{len(infos):,}", limit=f"{MAX_ARCHIVE_FILES:,}"
        )
    total = 0
    for info in infos:
        total += info.file_size
        packed_tight = info.file_size > MAX_ARCHIVE_RATIO * max(1, info.compress_size)
        if info.file_size > MAX_ARCHIVE_FILE_BYTES or (
            info.file_size > _RATIO_FROM_BYTES and packed_tight
        ):
            raise ArchiveRejected(
                "bomb", file=label, part=info.filename[:80], size=f"{info.file_size / MB:,.0f}"
            )
    if total > MAX_ARCHIVE_UNPACKED_BYTES:
        raise ArchiveRejected(
            "too_big",
            file=label,
            size=f"{total / MB:,.0f}",
            limit=f"{MAX_ARCHIVE_UNPACKED_BYTES / MB:,.0f}",
        )
    return archive


def _find_files(archive: zipfile.ZipFile) -> dict[str, list[zipfile.ZipInfo]]:
    """The archive's CSV files this reader knows, by name; at the root or in one folder."""
    infos = [
        info
        for info in archive.infolist()
        if not info.is_dir() and not info.filename.startswith("__MACOSX/")
    ]
    parts = [info.filename.replace("\\", "/").strip("/").split("/") for info in infos]
    tops = {p[0] for p in parts if len(p) > 1}
    nested = len(tops) == 1 and all(len(p) > 1 for p in parts)
    found: dict[str, list[zipfile.ZipInfo]] = {}
    for info, path in zip(infos, parts, strict=True):
        if len(path) != (2 if nested else 1):
            continue
        name = path[-1].lower()
        if not name.endswith(".csv"):
            continue
        stem = name[:-4].replace(" ", "_")
        for known in FILES:
            if stem.startswith(known) and _SUFFIX.match(stem[len(known) :]):
                found.setdefault(known, []).append(info)
                break
    return found


# --- CSV -------------------------------------------------------------------------------------


def _decode(raw: bytes, label: str) -> str:
    """LinkedIn writes UTF-8 (often with a byte-order mark); a file saved again by a spreadsheet
    may be UTF-16 or Windows-1252. Binary data is no CSV."""
    for mark, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(mark):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                raise ArchiveRejected("unreadable", file=label[:80]) from None
    if b"\x00" in raw[:4096]:
        raise ArchiveRejected("unreadable", file=label[:80])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


# The columns read of each file (upper case); the rest (names, e-mails, texts) is never kept.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "connections": ("CONNECTED ON",),
    "invitations": ("SENT AT", "DIRECTION"),
    "shares": ("DATE",),
    "comments": ("DATE",),
    "reactions": ("DATE",),
    "messages": ("FROM", "DATE", "IS MESSAGE DRAFT"),
    "profile": ("FIRST NAME", "LAST NAME", "HEADLINE", "SUMMARY"),
    "positions": ("DESCRIPTION",),
    "recommendations_received": ("STATUS",),
}


def _rows(
    text: str, columns: tuple[str, ...], header_starts: str = "", label: str = ""
) -> Iterator[dict[str, str]]:
    """The rows of a CSV text as {upper-case column: cell}, `columns` only (an empty dict per
    row to count). The header is the first line, or the first of the opening lines that begins
    with `header_starts` (Connections.csv opens with a `Notes:` paragraph and a blank line)."""
    start = 0
    if header_starts:
        wanted, at = header_starts.lower(), 0
        for _ in range(20):
            line_end = text.find("\n", at)
            line = text[at : line_end if line_end >= 0 else len(text)]
            if line.lstrip('\ufeff"').lower().startswith(wanted):
                start = at
                break
            if line_end < 0:
                break
            at = line_end + 1
    reader = csv.reader(_lines(text, start))
    header = [name.strip().upper() for name in next(reader, [])]
    kept = [(column, header.index(column)) for column in columns if column in header]
    for count, cells in enumerate(reader):
        if count >= MAX_FILE_ROWS:
            raise ArchiveRejected("too_many_rows", file=label[:80], limit=f"{MAX_FILE_ROWS:,}")
        if len(cells) < 2 and not "".join(cells).strip():
            continue  # a blank line
        yield {column: cells[at] for column, at in kept if at < len(cells)}


def _lines(text: str, start: int) -> Iterator[str]:
    """The text's lines from `start`, one at a time (io.StringIO would hold a copy of the whole
    text at four bytes a character)."""
    end = len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError):
        # A damaged or encrypted member, or one that unpacks to more than it declares.
        raise ArchiveRejected("damaged", file=info.filename[:80]) from None
    except NotImplementedError:  # a compression method zipfile does not read
        raise ArchiveRejected("damaged", file=info.filename[:80]) from None


def _table(archive: zipfile.ZipFile, found: dict, name: str) -> list[dict[str, str]] | None:
    """Every row of the named file (of all its copies), or None when the archive lacks it."""
    if name not in found:
        return None
    rows: list[dict[str, str]] = []
    for info in found[name]:
        text = _decode(_read(archive, info), info.filename)  # the bytes are let go at once
        try:
            columns = _COLUMNS.get(name, ())
            header = "First Name" if name == "connections" else ""
            rows.extend(_rows(text, columns, header, info.filename))
        except csv.Error:  # a field over the csv module's 128 KB, a NUL: no file LinkedIn writes
            raise ArchiveRejected("unreadable", file=info.filename[:80]) from None
    return rows


# --- facts -----------------------------------------------------------------------------------


def _filled(cell: str | None) -> bool:
    return bool(cell and cell.strip())


def _member_name(profile: list[dict[str, str]] | None) -> str | None:
    if not profile:
        return None
    first = profile[0].get("FIRST NAME", "")
    last = profile[0].get("LAST NAME", "")
    name = " ".join(f"{first} {last}".split()).casefold()
    return name or None


def read_archive(data: bytes, as_of: date | None = None, label: str = "archive") -> ArchiveReading:
    """Read a LinkedIn data archive.

    Args:
        data: the ZIP's bytes (read in memory; nothing is written anywhere).
        as_of: the last day of every window; None takes the newest date in the archive (today
            when it holds none).
        label: names the archive in messages.
    Returns:
        The facts and the weekly activity, counts only.
    Raises:
        SSIError: not a ZIP, beyond the archive bounds, or no LinkedIn archive.
    """
    archive = _open_zip(data, label)
    found = _find_files(archive)
    if not found:
        raise ArchiveRejected("no_data", file=label)
    tables = {name: _table(archive, found, name) for name in FILES}
    member = _member_name(tables["profile"])

    # Each activity as the days it happened; None when its file is missing.
    def days(name: str, column: str, keep=None) -> list[date] | None:
        rows = tables[name]
        if rows is None:
            return None
        return [
            day
            for row in rows
            if (keep is None or keep(row)) and (day := parse_day(row.get(column))) is not None
        ]

    def direction(value: str):
        return lambda row: row.get("DIRECTION", "").strip().upper() == value

    def sent_by_member(row: dict[str, str]) -> bool:
        if row.get("IS MESSAGE DRAFT", "").strip().lower() in {"yes", "true", "1"}:
            return False
        return " ".join(row.get("FROM", "").split()).casefold() == member

    activity = {
        "posts": days("shares", "DATE"),
        "comments": days("comments", "DATE"),
        "reactions": days("reactions", "DATE"),
        "invitations_sent": days("invitations", "SENT AT", direction("OUTGOING")),
        "connections": days("connections", "CONNECTED ON"),
        "messages_sent": days("messages", "DATE", sent_by_member) if member else None,
    }
    received = days("invitations", "SENT AT", direction("INCOMING"))
    if as_of is None:
        dated = (*activity.values(), received, days("messages", "DATE"))
        newest = [max(day_list) for day_list in dated if day_list]
        as_of = max(newest) if newest else date.today()
    start = as_of - timedelta(days=WINDOW_DAYS)

    def in_window(day_list: list[date] | None) -> int | None:
        if day_list is None:
            return None
        return sum(1 for day in day_list if start < day <= as_of)

    def count(name: str, keep=None) -> int | None:
        rows = tables[name]
        if rows is None:
            return None
        return sum(1 for row in rows if keep is None or keep(row))

    profile = tables["profile"]
    first = profile[0] if profile else None
    facts: dict[str, Fact] = {
        "connections": count("connections"),
        "connections_90d": in_window(activity["connections"]),
        "invitations_sent_90d": in_window(activity["invitations_sent"]),
        "invitations_received_90d": in_window(received),
        "posts_90d": in_window(activity["posts"]),
        "comments_90d": in_window(activity["comments"]),
        "reactions_90d": in_window(activity["reactions"]),
        "messages_sent_90d": in_window(activity["messages_sent"]),
        "skills": count("skills"),
        "endorsements_received": count("endorsement_received_info"),
        "recommendations_received": count(
            "recommendations_received",
            lambda row: row.get("STATUS", "VISIBLE").strip().upper() in {"VISIBLE", ""},
        ),
        "recommendations_given": count("recommendations_given"),
        "positions": count("positions"),
        "positions_described": count("positions", lambda row: _filled(row.get("DESCRIPTION"))),
        "education": count("education"),
        "certifications": count("certifications"),
        "has_headline": _filled(first.get("HEADLINE")) if first else None,
        "has_summary": _filled(first.get("SUMMARY")) if first else None,
    }
    return ArchiveReading(as_of=as_of, facts=facts, weekly=weekly_activity(activity, as_of))


def weekly_activity(activity: dict[str, list[date] | None], as_of: date) -> list[dict]:
    """One row per Monday from the first week of any activity up to the week of `as_of`."""
    counters = {}
    for name, days in activity.items():
        if days is None:
            continue
        counter: Counter = Counter()
        for day, count in Counter(days).items():  # few distinct days: weeks counted per day
            if day <= as_of:
                counter[week_of(day)] += count
        counters[name] = counter
    weeks = [week for counter in counters.values() for week in counter]
    if not weeks:
        return []
    week, last = min(weeks), week_of(as_of)
    rows = []
    while week <= last:
        rows.append(
            {
                "week": week,
                **{
                    name: (counters[name][week] if name in counters else None)
                    for name in ACTIVITIES
                },
            }
        )
        week += timedelta(days=7)
    return rows
