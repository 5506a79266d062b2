"""Dates as people write them, parsed a whole column at a time.

ISO dates (with or without a time), dd/mm/yyyy and mm/dd/yyyy (any of / - . as separator, two- or
four-digit years, an optional time), epoch seconds or milliseconds, Excel serial days, and
spreadsheet date cells. An ambiguous day/month order is settled over the whole column and explained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from ssi_core.importers.messages import issue, text
from ssi_core.importers.model import RowIssue
from ssi_core.importers.values import blank_mask

_ISO_START = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_DMY_START = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?:$|[\sT,])")
_DMY_PARTS = (
    r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})"
    r"(?:(?:[\sT,]+|$)(?:(\d{1,2}):(\d{2})(?::(\d{2}))?)?)"
)
_TZ_SUFFIX = r"(?:Z|[+-]\d{2}:?\d{2})$"
_EXCEL_EPOCH = np.datetime64("1899-12-30", "s")
# A calendar day (pandas reads '-1' as the year 1 before Christ, which no day can be).
_FIRST_DAY, _LAST_DAY = np.datetime64("0001-01-01", "s"), np.datetime64("9999-12-31", "s")
_SAMPLE = 500


@dataclass
class ParsedDates:
    """Timestamps (naive, NaT where missing or unreadable) and how they were read."""

    stamps: pd.Series
    missing: np.ndarray
    bad: np.ndarray
    date_order: str | None = None
    warning: RowIssue | None = None
    has_time: bool = False


def parse_dates(raw: pd.Series, *, day_first_hint: bool = False, today: date) -> ParsedDates:
    """Parse a column of dates.

    Big files repeat their dates (several captures a day), so each distinct cell is parsed once.

    Args:
        raw: the cells, in file order.
        day_first_hint: the headers are Spanish or Portuguese.
        today: for settling an ambiguous order (the wrong order may put dates in the future).
    """
    raw = raw.reset_index(drop=True)
    if raw.dtype.kind in "Mfiu" or _mostly_distinct(raw):
        return _parse_distinct(raw, day_first_hint, today)
    codes, uniques = pd.factorize(raw.astype(object), use_na_sentinel=True)
    distinct = _parse_distinct(pd.Series(uniques, dtype=object), day_first_hint, today)
    known = codes >= 0
    safe = np.where(known, codes, 0)
    values = distinct.stamps.to_numpy(dtype="datetime64[s]")
    if values.size:
        stamps = np.where(known, values[safe], np.datetime64("NaT"))
        missing = ~known | distinct.missing[safe]
        bad = known & distinct.bad[safe]
    else:
        stamps = np.full(len(raw), np.datetime64("NaT"), dtype="datetime64[s]")
        missing, bad = np.ones(len(raw), bool), np.zeros(len(raw), bool)
    distinct.stamps = pd.Series(stamps.astype("datetime64[s]"))
    distinct.missing, distinct.bad = missing, bad
    return distinct


def _mostly_distinct(raw: pd.Series) -> bool:
    """Timestamps are all different: factorizing them would only cost time."""
    if len(raw) < 20_000:
        return False
    head = raw.iloc[:4096]
    return head.nunique(dropna=True) > 0.5 * len(head)


def _parse_distinct(raw: pd.Series, day_first_hint: bool, today: date) -> ParsedDates:
    # Parse first; only cells that fail are checked for "no value" tokens ('-', 'n/a', '  ').
    missing = raw.isna().to_numpy()
    stamps = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[s]")
    result = ParsedDates(stamps, missing, np.zeros(len(raw), bool))
    if raw.dtype.kind == "M":
        _assign(stamps, ~missing, _naive(raw[~missing]))
    elif raw.dtype.kind in "fiu":
        _assign(stamps, ~missing, _from_numbers(raw[~missing].astype("float64")))
    elif len(raw):
        _parse_objects(raw, missing, stamps, result, day_first_hint, today)
    stamps = stamps.where((stamps >= _FIRST_DAY) & (stamps <= _LAST_DAY))
    failed = stamps.isna().to_numpy() & ~missing
    if failed.any():
        missing = missing.copy()
        missing[failed] = blank_mask(raw[failed])
    result.missing = missing
    result.bad = failed & ~missing
    result.stamps = stamps
    present = stamps.dropna()
    result.has_time = bool(len(present)) and bool((present != present.dt.floor("D")).any())
    return result


def _assign(target: pd.Series, mask: np.ndarray, values: pd.Series) -> None:
    if mask.any():
        target[mask] = values.astype("datetime64[s]").to_numpy()


def _naive(values: pd.Series) -> pd.Series:
    values = pd.to_datetime(values, errors="coerce")
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    return values


def _from_numbers(values: pd.Series) -> pd.Series:
    """Epoch milliseconds, epoch seconds or Excel serial days, judged by their size."""
    numbers = values.to_numpy(dtype="float64")
    out = np.full(len(numbers), np.datetime64("NaT"), dtype="datetime64[s]")
    with np.errstate(invalid="ignore"):
        millis = (numbers > 1e11) & (numbers < 1e14)
        seconds = (numbers > 1e8) & (numbers <= 1e11)
        serial = (numbers > 10_000) & (numbers < 100_000)
    out[millis] = (numbers[millis] // 1000).astype("int64").astype("datetime64[s]")
    out[seconds] = numbers[seconds].astype("int64").astype("datetime64[s]")
    out[serial] = _EXCEL_EPOCH + (numbers[serial] * 86400).astype("int64").astype("timedelta64[s]")
    return pd.Series(out, index=values.index)


def _parse_objects(raw, missing, stamps, result, day_first_hint, today) -> None:
    present = raw[~missing]
    if raw.dtype == object:
        inferred = pd.api.types.infer_dtype(present, skipna=True)
        if inferred not in ("string", "empty"):
            kinds = present.map(_kind)
            native = kinds == "datetime"
            if native.any():
                values = present[native].map(_to_datetime)
                _assign(stamps, _mask(raw, values.index), pd.Series(pd.to_datetime(values)))
            numeric = kinds == "number"
            if numeric.any():
                numbers = present[numeric].astype("float64")
                _assign(stamps, _mask(raw, numbers.index), _from_numbers(numbers))
            present = present[kinds == "text"].astype(str)
    elif not isinstance(raw.dtype, pd.StringDtype):
        present = present.astype(str)
    if present.empty:
        return
    sample = present.iloc[:_SAMPLE].str.strip()
    # Epoch seconds / milliseconds, or Excel serial days written out as numbers.
    if sample.str.fullmatch(r"\d{9,14}(?:\.0+)?|\d{5}(?:[.,]\d+)?").all():
        numbers = pd.to_numeric(present.str.strip().str.replace(",", "."), errors="coerce")
        _assign(stamps, _mask(raw, present.index), _from_numbers(numbers))
        return
    left = present
    if sample.str.match(_ISO_START.pattern).any():
        # Whole column at once, as written; what fails is stripped and tried again below.
        parsed = _iso(present, slashes=bool(sample.str.match(r"^\d{4}[/.]").any()))
        ok = parsed.notna().to_numpy()
        _assign(stamps, _mask(raw, parsed.index[ok]), parsed[ok])
        left = present[~ok]
    if left.empty:
        return
    left = left.str.strip()
    iso = left.str.match(_ISO_START.pattern).to_numpy(dtype=bool, na_value=False)
    if iso.any():
        parsed = _iso(left[iso], slashes=True)
        ok = parsed.notna().to_numpy()
        _assign(stamps, _mask(raw, parsed.index[ok]), parsed[ok])
        left = left[~iso]
    dmy = left.str.match(_DMY_START.pattern).to_numpy(dtype=bool, na_value=False)
    if dmy.any():
        parsed, order, warning = _day_month(left[dmy], day_first_hint, today)
        ok = parsed.notna().to_numpy()
        _assign(stamps, _mask(raw, parsed.index[ok]), parsed[ok])
        result.date_order, result.warning = order, warning
        left = left[~dmy]
    if not left.empty:
        parsed = _loose(left, day_first_hint)
        ok = parsed.notna().to_numpy()
        _assign(stamps, _mask(raw, parsed.index[ok]), parsed[ok])


def _mask(raw: pd.Series, index: pd.Index) -> np.ndarray:
    mask = np.zeros(len(raw), bool)
    mask[np.asarray(index, dtype="int64")] = True
    return mask


def _kind(value: object) -> str:
    if isinstance(value, datetime | date | pd.Timestamp | np.datetime64):
        return "datetime"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "number"
    if isinstance(value, str):
        return "text"
    return "other"


def _to_datetime(value: object) -> datetime:
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).to_pydatetime()
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime(value.year, value.month, value.day)


def _iso(values: pd.Series, slashes: bool) -> pd.Series:
    text_values = values
    if slashes:
        text_values = values.str.replace(
            r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})", r"\1-\2-\3", regex=True
        )
    try:
        parsed = pd.to_datetime(text_values, format="ISO8601", errors="coerce")
    except (ValueError, TypeError, OverflowError):
        # Timestamps with and without an offset in one column: keep the wall time as written.
        bare = text_values.str.replace(_TZ_SUFFIX, "", regex=True)
        try:
            parsed = pd.to_datetime(bare, format="ISO8601", errors="coerce")
        except (ValueError, TypeError, OverflowError):
            parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    parsed = _naive(parsed).astype("datetime64[s]")
    failed = parsed.isna().to_numpy()
    if failed.any():
        # ISO8601 wants two-digit months and days; '2024-1-5' is still a date.
        short = text_values[failed].str.extract(r"^(\d{4}-\d{1,2}-\d{1,2})(?![\d])", expand=False)
        retry = pd.to_datetime(short, format="%Y-%m-%d", errors="coerce").astype("datetime64[s]")
        parsed[failed] = retry.to_numpy()
    return parsed


def _day_month(
    values: pd.Series, day_first_hint: bool, today: date
) -> tuple[pd.Series, str | None, RowIssue | None]:
    parts = values.str.extract(_DMY_PARTS)
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    year = pd.to_numeric(parts[2], errors="coerce")
    short = parts[2].str.len() == 2
    century = np.where(year <= today.year % 100, 2000, 1900)
    year = year.where(~short, year + century)
    clock = (
        pd.to_numeric(parts[3], errors="coerce").fillna(0) * 3600
        + pd.to_numeric(parts[4], errors="coerce").fillna(0) * 60
        + pd.to_numeric(parts[5], errors="coerce").fillna(0)
    )
    clock = pd.to_timedelta(clock.clip(0, 86399), unit="s")
    day_first = _compose(year, second, first) + clock
    month_first = _compose(year, first, second) + clock
    ok_day, ok_month = day_first.notna().sum(), month_first.notna().sum()
    if ok_day != ok_month:
        order = "day_first" if ok_day > ok_month else "month_first"
        return (day_first if order == "day_first" else month_first), order, None
    differs = (day_first != month_first) & day_first.notna()
    if not differs.any():
        order = "day_first" if day_first_hint else None
        return day_first, order, None
    order, why = _settle(day_first, month_first, day_first_hint, today)
    example = values[differs].iloc[0]
    order_text = text(f"order.{order}")
    warning = issue(
        "warning.date_order",
        example=example,
        order=order_text,
        order_id=order,
        why=text(f"why.{why}"),
        why_id=why,
    )
    return (day_first if order == "day_first" else month_first), order, warning


def _compose(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    valid = month.between(1, 12) & day.between(1, 31) & year.between(1, 9999)
    frame = pd.DataFrame(
        {
            "year": year.where(valid, 2000),
            "month": month.where(valid, 1),
            "day": day.where(valid, 1),
        }
    )
    stamps = pd.to_datetime(frame, errors="coerce").astype("datetime64[s]")
    return stamps.where(valid)


def _settle(day_first, month_first, day_first_hint, today) -> tuple[str, str]:
    """Choose the order for a column where every value fits both readings."""
    if day_first_hint:
        return "day_first", "language"
    limit = pd.Timestamp(today) + pd.Timedelta(days=1)
    future_day, future_month = (day_first >= limit).sum(), (month_first >= limit).sum()
    if future_day != future_month:
        return ("day_first" if future_day < future_month else "month_first"), "fewer_future"
    regular_day, regular_month = _regularity(day_first), _regularity(month_first)
    if regular_day != regular_month:
        return ("day_first" if regular_day > regular_month else "month_first"), "regular"
    return "day_first", "default"


def _regularity(stamps: pd.Series) -> int:
    """How many neighbouring rows are at most a week apart (trackers log daily or weekly)."""
    steps = stamps.dropna().diff().abs().dropna()
    return int((steps <= pd.Timedelta(days=7)).sum())


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}
# "May 19, 2026", "19 May 2026", each with an optional time ("09:30", "9:30:15 PM"), matched
# by Arrow's regular expressions (RE2: linear time, a whole column at once).
_TIME = (
    r"(?:(?:[\sT,]+|\s+at\s+)(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?\s*"
    r"(?P<ap>[AaPp])?\.?[Mm]?\.?)?\s*$"
)
_MONTH_FIRST = (
    r"(?i)^(?P<mon>[a-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME
)
_DAY_FIRST = (
    r"(?i)^(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[a-z]{3,9})\.?,?\s+(?P<year>\d{4})" + _TIME
)
# Other spellings go to pandas' own guessing, which reads one value at a time (some 50 us
# each): only so many distinct ones are tried.
MAX_GUESSED_DATES = 2_000


_LOOSE_CHUNK = 131_072


def _loose(values: pd.Series, day_first_hint: bool) -> pd.Series:
    """Dates with month names ('May 19, 2026', '19 May 2026 09:30'); needs a day, month and year.

    The two usual shapes are read a whole column at a time (a slice of it at a time, so the
    work's memory stays small); other spellings are guessed one by one, the first
    MAX_GUESSED_DATES distinct ones only (the rest are not dates).
    """
    if len(values) <= _LOOSE_CHUNK:
        return _loose_part(values, day_first_hint, [MAX_GUESSED_DATES])
    budget = [MAX_GUESSED_DATES]
    parts = [
        _loose_part(values.iloc[start : start + _LOOSE_CHUNK], day_first_hint, budget)
        for start in range(0, len(values), _LOOSE_CHUNK)
    ]
    return pd.concat(parts)


def _loose_part(values: pd.Series, day_first_hint: bool, budget: list[int]) -> pd.Series:
    """_loose on a slice; `budget` holds how many more values may be guessed."""
    import pyarrow as pa
    import pyarrow.compute as pc

    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    text = pa.array(values.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    wanted = pc.and_(
        pc.and_(
            pc.match_substring_regex(text, r"\d{4}"),
            pc.match_substring_regex(text, r"[A-Za-z]{3,}"),
        ),
        pc.and_(
            pc.match_substring_regex(text, r"(?:^|\D)\d{1,2}(?:\D|$)"),
            pc.less_equal(pc.utf8_length(text), 40),
        ),
    )
    keep = wanted.fill_null(False).to_numpy(zero_copy_only=False)
    positions, left = np.flatnonzero(keep), text.filter(pa.array(keep))
    stamps = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[s]")
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        if not len(left):
            break
        parts = pc.extract_regex(left, pattern)
        matched = parts.is_valid().to_numpy(zero_copy_only=False)
        if not matched.any():
            continue
        found = pa.array(matched)

        def number(name: str, parts=parts, found=found) -> pd.Series:
            field = parts.field(name).filter(found)  # digits only, "" when absent
            field = pc.if_else(pc.equal(field, ""), pa.scalar(None, pa.string()), field)
            values = pc.cast(field, pa.int64()).to_numpy(zero_copy_only=False)
            return pd.Series(values, dtype="float64")

        months = parts.field("mon").filter(found)
        months = pc.utf8_lower(months).to_numpy(zero_copy_only=False)
        month = pd.Series(months, dtype=object).map(_MONTHS).astype("float64")
        day_stamps = _compose(number("year"), month, number("day"))
        hours = number("h").fillna(0)
        meridian = parts.field("ap").filter(found)
        meridian = pc.utf8_lower(meridian).to_numpy(zero_copy_only=False)
        pm, am = meridian == "p", meridian == "a"
        hours = hours.where(~((pm & (hours < 12)) | (am & (hours == 12))), (hours + 12) % 24)
        clock = hours * 3600 + number("m").fillna(0) * 60 + number("s").fillna(0)
        day_stamps = day_stamps + pd.to_timedelta(clock.clip(0, 86399), unit="s")
        stamps[positions[matched]] = day_stamps.to_numpy(dtype="datetime64[s]")
        positions, left = positions[~matched], left.filter(pa.array(~matched))
    out[:] = stamps
    if len(left):
        rest = pd.Series(left.to_numpy(zero_copy_only=False), dtype=object)
        guessed = rest.drop_duplicates().iloc[: budget[0]]
        budget[0] -= len(guessed)
        parsed = pd.to_datetime(guessed, format="mixed", dayfirst=day_first_hint, errors="coerce")
        parsed = pd.Series(_naive(parsed).astype("datetime64[s]").to_numpy(), index=guessed)
        out.iloc[positions] = rest.map(parsed).astype("datetime64[s]").to_numpy()
    return out
