"""Turn the cells a reader found into checked snapshots, with a reason for every rejected row.

Every reader (JSON, HTML, page text, CSV, workbook, long layout) hands over a RawTable: canonical
fields with the cells as written, and the row number the user sees for each record. The checks
below are vectorised over whole columns; RowIssue objects are built only for the rows that need one.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from ssi_core.importers.dates import ParsedDates, parse_dates
from ssi_core.importers.limits import MAX_LISTED_ISSUES
from ssi_core.importers.messages import fill, issue, number_text, rejected, shown, template
from ssi_core.importers.model import ImportResult, RowIssue
from ssi_core.importers.values import as_text, blank_mask, to_numbers
from ssi_core.pillars import NUMERIC_COLUMNS, PILLAR_IDS, RANGES, SNAPSHOT_COLUMNS, SUM_TOLERANCE

# Reasons, in the order they are checked: a row gets the first that applies.
_MISSING_DATE, _BAD_DATE, _FUTURE, _NOT_NUMBER, _OUT_OF_RANGE, _NO_VALUES, _FAILED = range(1, 8)
_REASON_CODES = {
    _MISSING_DATE: "reason.missing_date",
    _BAD_DATE: "reason.bad_date",
    _FUTURE: "reason.future_date",
    _NOT_NUMBER: "reason.not_a_number",
    _OUT_OF_RANGE: "reason.out_of_range",
    _NO_VALUES: "reason.no_values",
    _FAILED: "reason.failed_capture",
}
MAX_LISTED_REASONS = 3


@contextmanager
def _bulk():
    """Pause the cyclic garbage collector while building many small objects (2x faster)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class RawTable:
    """What a reader found, before any check."""

    fields: dict[str, pd.Series]
    rows: np.ndarray
    labels: dict[str, str] = field(default_factory=dict)
    dates: pd.Series | None = None
    times: pd.Series | None = None
    # Long layout: the line each cell came from, so a message points at the right line.
    cell_rows: dict[str, np.ndarray] | None = None
    ignored_columns: list[str] = field(default_factory=list)
    skipped: list[RowIssue] = field(default_factory=list)
    # Records the reader skipped past the listed ones (it lists at most MAX_LISTED_ISSUES).
    skipped_unlisted: int = 0
    warnings: list[RowIssue] = field(default_factory=list)
    warnings_unlisted: int = 0
    day_first_hint: bool = False
    # When the input has no dates of its own: "warning.no_date_column" or "warning.dated_default".
    undated_warning: str = "warning.dated_default"


def finalize(
    table: RawTable,
    fmt: str,
    *,
    file_label: str,
    default_date: date | None,
    today: date,
    encoding: str | None,
) -> ImportResult:
    """Check every record and build the ImportResult; raise when no row is accepted."""
    n = len(table.rows)
    rows = np.asarray(table.rows, dtype="int64")
    numbers: dict[str, np.ndarray] = {}
    not_number: dict[str, np.ndarray] = {}
    empty = np.ones(n, bool)
    for name in NUMERIC_COLUMNS:
        if name in table.fields:
            values, bad = to_numbers(table.fields[name].reset_index(drop=True))
            numbers[name], not_number[name] = np.array(values, dtype="float64"), bad
            empty &= np.isnan(values) & ~bad
    industry = None
    if "industry" in table.fields:
        industry = _industry(table.fields["industry"].reset_index(drop=True))
        empty &= industry.isna().to_numpy()

    warnings = list(table.warnings)
    date_order = None
    if table.dates is not None:
        parsed = parse_dates(table.dates, day_first_hint=table.day_first_hint, today=today)
        stamps = parsed.stamps
        if table.times is not None:
            stamps = _with_times(parsed, table.times, table.day_first_hint, today)
            parsed.missing = parsed.missing & stamps.isna().to_numpy()
        empty &= parsed.missing
        missing, bad_date = parsed.missing, stamps.isna().to_numpy() & ~parsed.missing
        date_order = parsed.date_order
        if parsed.warning is not None:
            warnings.append(parsed.warning)
    else:
        day = default_date or today
        stamps = pd.Series(np.full(n, np.datetime64(day, "s")))
        missing = bad_date = np.zeros(n, bool)
        if n:
            warnings.append(issue(table.undated_warning, date=day.isoformat()))
    days = stamps.to_numpy(dtype="datetime64[s]").astype("datetime64[D]")

    reason = np.zeros(n, "int8")
    field_of = np.full(n, -1, "int8")
    names = list(numbers)
    _set(reason, missing, _MISSING_DATE)
    _set(reason, bad_date, _BAD_DATE)
    with np.errstate(invalid="ignore"):
        _set(reason, days > np.datetime64(today, "D"), _FUTURE)
        for position, name in enumerate(names):
            _set(reason, not_number[name], _NOT_NUMBER, field_of, position)
        for position, name in enumerate(names):
            low, high = RANGES[name]
            outside = (numbers[name] < low) | (numbers[name] > high)
            _set(reason, outside, _OUT_OF_RANGE, field_of, position)
    present = [~np.isnan(numbers[name]) for name in names]
    any_value = np.logical_or.reduce(present) if present else np.zeros(n, bool)
    _set(reason, ~any_value, _NO_VALUES)
    if names:
        zero = np.logical_and.reduce([(numbers[m] == 0) | np.isnan(numbers[m]) for m in names])
        _set(reason, zero & any_value, _FAILED)

    content = ~empty
    rejected_rows = np.flatnonzero(content & (reason > 0))
    # Reasons are written for the first rejected rows only; the others are counted.
    skipped = list(table.skipped)[:MAX_LISTED_ISSUES]
    listed = rejected_rows[: max(0, MAX_LISTED_ISSUES - len(skipped))]
    with _bulk():
        skipped += _reason_issues(listed, reason, field_of, names, table, rows, days, numbers)
    rows_skipped = len(table.skipped) + table.skipped_unlisted + rejected_rows.size
    rows_read = int(content.sum()) + len(table.skipped) + table.skipped_unlisted
    accepted = np.flatnonzero(content & (reason == 0))
    if accepted.size == 0:
        raise _nothing_accepted(file_label, skipped, rows_skipped)

    kept, same_day, same_day_unlisted = _last_per_day(accepted, days, stamps, rows, table)
    warnings += same_day
    # From here on only the kept rows count: every array below is as long as they are.
    ssi = numbers["ssi"][kept] if "ssi" in numbers else np.full(kept.size, np.nan)
    pillars = [numbers[p][kept] if p in numbers else np.full(kept.size, np.nan) for p in PILLAR_IDS]
    pillar_sum = np.sum(pillars, axis=0)
    with np.errstate(invalid="ignore"):
        mismatch = np.abs(ssi - pillar_sum) > SUM_TOLERANCE
    # The kept rows are in date order; sum warnings go in row order.
    mismatched = np.flatnonzero(mismatch)
    mismatched = mismatched[np.argsort(kept[mismatched], kind="stable")]
    unlisted = max(0, mismatched.size - MAX_LISTED_ISSUES)
    with _bulk():
        warnings += [
            issue(
                "warning.sum_mismatch",
                _row_of(table, rows, int(kept[k]), "ssi"),
                ssi=number_text(ssi[k]),
                sum=number_text(round(float(pillar_sum[k]), 4)),
            )
            for k in mismatched[:MAX_LISTED_ISSUES]
        ]
    unlisted += max(0, len(warnings) - MAX_LISTED_ISSUES) + same_day_unlisted
    unlisted += table.warnings_unlisted
    warnings = warnings[:MAX_LISTED_ISSUES]
    ssi = np.where(np.isnan(ssi), np.round(pillar_sum, 4), ssi)
    frame = {"date": days[kept].astype(object)}
    for name in NUMERIC_COLUMNS:
        source = ssi if name == "ssi" else numbers.get(name)
        if source is None:
            frame[name] = np.full(kept.size, np.nan)
        else:
            frame[name] = source if name == "ssi" else source[kept]
    if industry is not None:
        frame["industry"] = industry.iloc[kept].astype(object).to_numpy()
    else:
        frame["industry"] = [None] * kept.size
    frame["source"] = [fmt] * kept.size
    snapshots = pd.DataFrame(frame, columns=list(SNAPSHOT_COLUMNS))
    snapshots["source"] = snapshots["source"].astype(object)
    snapshots["industry"] = snapshots["industry"].astype(object)
    snapshots["industry"] = snapshots["industry"].where(snapshots["industry"].notna(), None)
    return ImportResult(
        format=fmt,
        snapshots=snapshots,
        rows_read=rows_read,
        skipped=skipped,
        warnings=warnings,
        ignored_columns=list(table.ignored_columns),
        date_order=date_order,
        encoding=encoding,
        rows_skipped=rows_skipped,
        warnings_unlisted=unlisted,
    )


def _set(
    reason: np.ndarray,
    mask: np.ndarray,
    code: int,
    field_of: np.ndarray | None = None,
    position: int = -1,
) -> None:
    """Give `code` to the rows in `mask` that have no reason yet."""
    todo = mask & (reason == 0)
    reason[todo] = code
    if field_of is not None:
        field_of[todo] = position


CONTROL_CHARACTERS = r"[\x00-\x1f\x7f-\x9f]+"


def _industry(series: pd.Series) -> pd.Series:
    """The industry names, stripped; each distinct cell is cleaned once."""
    codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype=object)
    blank = blank_mask(distinct)
    # Control characters (a bare carriage return, a tab, an escape) are never part of a name:
    # each run of them becomes one space, so no export or screen can be steered by them.
    text = as_text(distinct).str.replace(CONTROL_CHARACTERS, " ", regex=True).str.strip()
    # Undo the spreadsheet-safety quote that our own CSV export puts before = + - @.
    quoted = text.str.match(r"'[=+\-@\t\r]").to_numpy(dtype=bool, na_value=False)
    if quoted.any():
        text = text.where(~quoted, text.str.slice(1))
    cleaned = text.astype(object).where(~blank, None).to_numpy(dtype=object)
    if cleaned.size == 0:
        return pd.Series([None] * len(series), dtype=object)
    values = cleaned[np.where(codes >= 0, codes, 0)]
    values[codes < 0] = None
    return pd.Series(values, dtype=object)


def _with_times(parsed: ParsedDates, times: pd.Series, hint: bool, today: date) -> pd.Series:
    """A date column plus a time (or a full timestamp) column: the capture moment of each row."""
    stamps = parsed.stamps.copy()
    clock = parse_dates(times, day_first_hint=hint, today=today)
    if clock.stamps.notna().any():
        # A full timestamp: it dates the rows that have no date, and orders captures of a day.
        no_date = stamps.isna().to_numpy() & parsed.missing
        stamps[no_date] = clock.stamps[no_date]
        same_day = stamps.dt.floor("D") == clock.stamps.dt.floor("D")
        stamps = stamps.where(~same_day.to_numpy(), clock.stamps)
        return stamps
    text = times.astype(object).where(times.notna(), "").astype(str).str.strip()
    text = text.where(~text.str.fullmatch(r"\d{1,2}:\d{2}"), text + ":00")
    offsets = pd.to_timedelta(text.where(text != "", None), errors="coerce").fillna(pd.Timedelta(0))
    offsets = offsets.where((offsets >= pd.Timedelta(0)) & (offsets < pd.Timedelta(days=1)))
    return stamps.dt.floor("D") + offsets.fillna(pd.Timedelta(0)).to_numpy()


def _row_of(table: RawTable, rows: np.ndarray, i: int, name: str | None) -> int:
    if name is not None and table.cell_rows is not None and name in table.cell_rows:
        line = int(table.cell_rows[name][i])
        if line > 0:
            return line
    return int(rows[i])


def _reason_issues(rejected, reason, field_of, names, table, rows, days, numbers) -> list:
    """The RowIssue of every rejected row, in row order, built one reason (and field) at a time."""
    codes, positions = reason[rejected], field_of[rejected]
    out = np.empty(len(rejected), dtype=object)
    for code in np.unique(codes):
        per_field = code in (_NOT_NUMBER, _OUT_OF_RANGE)
        for position in np.unique(positions[codes == code]) if per_field else [-1]:
            selected = np.flatnonzero((codes == code) & ((positions == position) | (not per_field)))
            index = rejected[selected]
            name = names[position] if per_field else None
            out[selected] = _issues_for(int(code), index, name, table, rows, days, numbers)
    return out.tolist()


def _issues_for(code, index, name, table, rows, days, numbers) -> list[RowIssue]:
    key = _REASON_CODES[code]
    pattern = template(key)
    row_numbers = _rows_of(table, rows, index, name).tolist()
    extra: dict = {}
    values: list | None = None
    if code in (_NOT_NUMBER, _OUT_OF_RANGE):
        extra = {"field": table.labels.get(name, name), "column": name}
        cells = table.fields[name].iloc[index].tolist()
        if code == _NOT_NUMBER:
            values = [shown(cell) for cell in cells]
        else:
            low, high = RANGES[name]
            extra.update(low=f"{low:g}", high=f"{high:g}")
            parsed = numbers[name][index].tolist()
            values = [
                shown(cell) if isinstance(cell, str) else number_text(number)
                for cell, number in zip(cells, parsed, strict=True)
            ]
    elif code == _BAD_DATE:
        values = [shown(cell) for cell in table.dates.iloc[index].tolist()]
    elif code == _FUTURE:
        values = days[index].astype(str).tolist()
    if values is None:
        params = [{"row": row, **extra} for row in row_numbers]
    else:
        params = [
            {"row": row, "value": value, **extra}
            for row, value in zip(row_numbers, values, strict=True)
        ]
    return [RowIssue(p["row"], key, p, fill(pattern, p)) for p in params]


def _rows_of(table: RawTable, rows: np.ndarray, index: np.ndarray, name: str | None) -> np.ndarray:
    """Row numbers to show; in the long layout, the line of the offending cell."""
    shown_rows = rows[index]
    if name is not None and table.cell_rows is not None and name in table.cell_rows:
        lines = table.cell_rows[name][index]
        shown_rows = np.where(lines > 0, lines, shown_rows)
    return shown_rows


def _last_per_day(accepted, days, stamps, rows, table) -> tuple[np.ndarray, list[RowIssue], int]:
    """Keep the last capture of each day (latest time, then latest in the file).

    Returns the rows kept, a warning for each of the first days with several captures, and how
    many more days had several."""
    moment = stamps.to_numpy(dtype="datetime64[s]")[accepted]
    day = days[accepted]
    order = np.lexsort((accepted, moment, day))
    ordered, ordered_day = accepted[order], day[order]
    last = np.ones(ordered.size, bool)
    last[:-1] = ordered_day[:-1] != ordered_day[1:]
    kept = ordered[last]
    if kept.size == ordered.size:
        return kept, [], 0
    unique_days, counts = np.unique(ordered_day, return_counts=True)
    repeated = counts > 1
    kept_of_day = kept[repeated][:MAX_LISTED_ISSUES]
    warnings = [
        issue("warning.same_day", int(rows[i]), date=str(d), count=int(c))
        for d, c, i in zip(unique_days[repeated], counts[repeated], kept_of_day, strict=False)
    ]
    return kept, warnings, int(repeated.sum()) - len(warnings)


def _nothing_accepted(file_label: str, skipped: list[RowIssue], total: int):
    listed = " ".join(item.message + "." for item in skipped[:MAX_LISTED_REASONS])
    if total > MAX_LISTED_REASONS:
        from ssi_core.importers.messages import text

        listed += " " + text("error.more", count=total - min(len(skipped), MAX_LISTED_REASONS))
    return rejected("no_rows_accepted", file=file_label, reasons=listed.strip())
