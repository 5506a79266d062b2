"""The days written in LinkedIn's archive files, whatever the file's style.

`15 Mar 2024` (Connections), `1/29/26, 2:37 PM` (Invitations: US order, two-digit year),
`2026-05-07 16:41:18` (Shares, Comments, Reactions), `2026-06-05 09:00:00 UTC` (messages) and
`2026/07/28 13:20:49 UTC` (endorsements). Only the day counts; the time of day is dropped.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[\sT,])")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:$|[\s,])")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[\s-]+([A-Za-z]{3,})\.?[\s-]+(\d{4})$")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def _parse_any(text: str | None) -> date | None:
    """The day a cell names, or None when it names none (an empty or unreadable cell)."""
    if not text:
        return None
    text = text.strip()
    # A file's stamps share few days: the day part is parsed once (a million reactions in
    # seconds less).
    if len(text) >= 10 and text[4:5] in ("-", "/", "."):
        return _parse(text[:10])
    if "," in text:
        return _parse(text.split(",", 1)[0])
    return _parse(text)


# LinkedIn opened in 2003, and no archive holds a day past next year: a cell naming a day outside
# these is no day (it would otherwise make the default end of every window, or a week run of
# thousands of years).
FIRST_DAY = date(2003, 1, 1)
LAST_DAY = date(date.today().year + 1, 12, 31)


def parse_day(text: str | None) -> date | None:
    """The day a cell names, or None when it names none (an empty or unreadable cell, or a day
    LinkedIn could not have written)."""
    day = _parse_any(text)
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


@lru_cache(maxsize=65_536)
def _parse(text: str) -> date | None:
    try:
        match = _ISO.match(text)
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        match = _US.match(text)
        if match:
            year = int(match[3])
            return date(year + 2000 if year < 100 else year, int(match[1]), int(match[2]))
        match = _DAY_MONTH_YEAR.match(text)
        if match:
            month = _MONTHS.get(match[2][:3].lower())
            if month is not None:
                return date(int(match[3]), month, int(match[1]))
    except ValueError:  # 31 Feb, month 13: no day
        return None
    return None


def week_of(day: date) -> date:
    """The Monday that starts the week of `day`."""
    return day - timedelta(days=day.weekday())
