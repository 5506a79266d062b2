"""Trends over a profile's measured history: weekly deltas, peaks, streaks and projections.

Every function takes the frame `Store.snapshots()` returns (SNAPSHOT_COLUMNS, `date` as
datetime.date, NaN for unknown) and gives back plain results; unknown stays unknown (None/NaN),
never 0. The work is vectorised so a ten-year daily history costs a few milliseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from ssi_core.errors import SSIError
from ssi_core.pillars import GROUP_PILLAR_COLUMNS, NUMERIC_COLUMNS, PILLAR_IDS, SSI_MAX

WEEK_DAYS = 7
# The trend is the least-squares slope over this many calendar days ending at the latest day.
TREND_WINDOW_DAYS = 90
TREND_MIN_POINTS = 3
PROJECTION_DAYS = 30
DEFAULT_DROP_THRESHOLD = 3.0
MAX_DROPS = 5
# Results are rounded to this many decimals so float noise (2.1399999999) never reaches a user.
DECIMALS = 4


@dataclass(frozen=True)
class Summary:
    """The headline numbers of a measured history; None wherever the data does not say."""

    latest_date: date
    latest_ssi: float | None
    latest_pillars: dict[str, float | None]
    weekly_delta: float | None
    pillar_weekly_deltas: dict[str, float | None]
    peak_ssi: float | None
    peak_date: date | None
    strongest_pillar: str | None
    weakest_pillar: str | None
    industry_ssi: float | None
    industry_top_pct: float | None
    network_ssi: float | None
    network_top_pct: float | None
    # The industry's and the network's average of each pillar, keyed "industry" / "network"
    # then by pillar id, from the last day on which that group's pillars are known (None for
    # a pillar that day did not show); group_pillars_date says which day, None when never.
    latest_group_pillars: dict[str, dict[str, float | None]]
    group_pillars_date: dict[str, date | None]
    count: int
    first_date: date
    streak_weeks_up: int
    trend_per_week: float | None
    projection_30d: float | None


# --- helpers -----------------------------------------------------------------------------------


def _known(value) -> float | None:
    """A plain float, or None for missing/NaN."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else round(number, DECIMALS)


def _to_timestamp(value: date | datetime | str | None, name: str) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise SSIError(f"{name}: {value!r} is not a date") from None
    return None if pd.isna(stamp) else stamp.normalize()


def _dates(stamps: pd.Series) -> pd.Series:
    return pd.Series(stamps.dt.date, index=stamps.index, dtype="object")


def _last_known(series: pd.Series) -> float | None:
    known = series.dropna()
    return _known(known.iat[-1]) if len(known) else None


def _latest_group_pillars(
    frame: pd.DataFrame,
) -> tuple[dict[str, dict[str, float | None]], dict[str, date | None]]:
    """Each group's pillars on the last day any of them is known, and that day."""
    pillars: dict[str, dict[str, float | None]] = {}
    days: dict[str, date | None] = {}
    for group, columns in GROUP_PILLAR_COLUMNS.items():
        known = np.flatnonzero(frame[list(columns.values())].notna().any(axis=1).to_numpy())
        row = int(known[-1]) if len(known) else None
        pillars[group] = {
            pid: None if row is None else _known(frame[column].iat[row])
            for pid, column in columns.items()
        }
        days[group] = None if row is None else frame["ts"].iat[row].date()
    return pillars, days


def _weekly(frame: pd.DataFrame) -> pd.DataFrame:
    """Last known SSI per Monday-based week, and the change against the previous calendar week."""
    known = frame.loc[frame["ssi"].notna(), ["ts", "ssi"]]
    week_start = known["ts"] - pd.to_timedelta(known["ts"].dt.day_of_week, unit="D")
    weekly = known["ssi"].groupby(week_start.to_numpy(), sort=True).last()
    starts = pd.Series(weekly.index, dtype="datetime64[ns]")
    values = pd.Series(weekly.to_numpy(), dtype="float64")
    follows = starts.diff() == pd.Timedelta(days=WEEK_DAYS)
    change = values.diff().where(follows).round(DECIMALS)
    return pd.DataFrame({"week_start": starts, "ssi": values, "change": change})


def _trend_per_day(frame: pd.DataFrame) -> float | None:
    if frame.empty:
        return None
    start = frame["ts"].iat[-1] - pd.Timedelta(days=TREND_WINDOW_DAYS)
    window = frame[(frame["ts"] > start) & frame["ssi"].notna()]
    if len(window) < TREND_MIN_POINTS:
        return None
    days = (window["ts"] - window["ts"].iat[0]).dt.days.to_numpy(dtype="float64")
    values = window["ssi"].to_numpy(dtype="float64")
    spread = days - days.mean()
    denominator = float((spread**2).sum())
    if denominator == 0:
        return None
    return float((spread * (values - values.mean())).sum()) / denominator


# --- public API --------------------------------------------------------------------------------


def by_day(snapshots: pd.DataFrame | None) -> pd.DataFrame:
    """The history cleaned for computing: one row per day (the last wins), oldest first.

    Returns:
        Columns ts (datetime64 at midnight) and every numeric snapshot column as float64, NaN
        where unknown (a column missing from the input is all NaN).
    """
    if snapshots is None or len(snapshots) == 0:
        empty = {column: pd.Series(dtype="float64") for column in NUMERIC_COLUMNS}
        return pd.DataFrame({"ts": pd.Series(dtype="datetime64[s]"), **empty})
    if "date" not in snapshots.columns:
        raise SSIError("snapshots: the history has no 'date' column")
    try:
        stamps = pd.to_datetime(snapshots["date"]).dt.normalize()
    except (TypeError, ValueError) as error:
        raise SSIError(f"snapshots: a date could not be read ({error})") from None
    columns: dict[str, pd.Series] = {"ts": stamps}
    for column in NUMERIC_COLUMNS:
        if column not in snapshots.columns:
            columns[column] = pd.Series(np.nan, index=snapshots.index)
        elif snapshots[column].dtype == "float64":
            columns[column] = snapshots[column]
        else:
            columns[column] = pd.to_numeric(snapshots[column], errors="coerce").astype("float64")
    frame = pd.DataFrame(columns)
    frame = frame[frame["ts"].notna()]
    frame = frame.sort_values("ts", kind="stable").drop_duplicates("ts", keep="last")
    return frame.reset_index(drop=True)


def summarise(snapshots: pd.DataFrame) -> Summary | None:
    """The headline numbers of a history (see Summary), or None when there is no snapshot.

    Args:
        snapshots: the frame of Store.snapshots(), oldest first (order is not relied on).
    Returns:
        A Summary, or None for an empty history.
    """
    frame = by_day(snapshots)
    if frame.empty:
        return None
    # "Latest" is the last day with a known SSI: a later capture that lost its total (a pillar
    # missing) must not blank the headline.
    with_total = np.flatnonzero(frame["ssi"].notna().to_numpy())
    latest = int(with_total[-1]) if len(with_total) else len(frame) - 1
    latest_ts = frame["ts"].iat[latest]
    latest_ssi = _known(frame["ssi"].iat[latest])
    latest_pillars = {pid: _known(frame[pid].iat[latest]) for pid in PILLAR_IDS}

    week_ago = frame[frame["ts"] <= latest_ts - pd.Timedelta(days=WEEK_DAYS)]

    def weekly_delta(column: str) -> float | None:
        now = _known(frame[column].iat[latest])
        before = _last_known(week_ago[column])
        return None if now is None or before is None else round(now - before, DECIMALS)

    known_ssi = frame["ssi"].dropna()
    peak_ssi = peak_date = None
    if len(known_ssi):
        peak_row = known_ssi.idxmax()  # the first day the peak was reached
        peak_ssi = _known(known_ssi[peak_row])
        peak_date = frame["ts"][peak_row].date()

    known_pillars = {pid: v for pid, v in latest_pillars.items() if v is not None}
    strongest = max(known_pillars, key=known_pillars.__getitem__) if known_pillars else None
    weakest = min(known_pillars, key=known_pillars.__getitem__) if known_pillars else None

    weekly = _weekly(frame)
    streak = 0
    for change in weekly["change"].to_numpy()[::-1]:
        if not change > 0:  # NaN (no previous week) ends the streak too
            break
        streak += 1

    slope = _trend_per_day(frame)
    trend_per_week = projection = None
    if slope is not None:
        trend_per_week = round(slope * WEEK_DAYS, DECIMALS)
        base = latest_ssi if latest_ssi is not None else _last_known(frame["ssi"])
        if base is not None:
            projection = round(min(max(base + slope * PROJECTION_DAYS, 0.0), SSI_MAX), DECIMALS)
    group_pillars, group_days = _latest_group_pillars(frame)

    return Summary(
        latest_date=latest_ts.date(),
        latest_ssi=latest_ssi,
        latest_pillars=latest_pillars,
        weekly_delta=weekly_delta("ssi"),
        pillar_weekly_deltas={pid: weekly_delta(pid) for pid in PILLAR_IDS},
        peak_ssi=peak_ssi,
        peak_date=peak_date,
        strongest_pillar=strongest,
        weakest_pillar=weakest,
        industry_ssi=_last_known(frame["industry_ssi"]),
        industry_top_pct=_last_known(frame["industry_top_pct"]),
        network_ssi=_last_known(frame["network_ssi"]),
        network_top_pct=_last_known(frame["network_top_pct"]),
        latest_group_pillars=group_pillars,
        group_pillars_date=group_days,
        count=len(frame),
        first_date=frame["ts"].iat[0].date(),
        streak_weeks_up=streak,
        trend_per_week=trend_per_week,
        projection_30d=projection,
    )


def weekly_changes(snapshots: pd.DataFrame) -> pd.DataFrame:
    """SSI per week and its change since the week before.

    Returns:
        Columns week_start (the Monday, datetime.date), ssi (the week's last known value) and
        change (against the previous calendar week's last value; NaN for the first week and after
        a week without data). Weeks without any known SSI are left out.
    """
    weekly = _weekly(by_day(snapshots))
    weekly["week_start"] = _dates(weekly["week_start"])
    return weekly


def rolling_average(snapshots: pd.DataFrame, days: int) -> pd.DataFrame:
    """The SSI averaged over a window of `days` calendar days ending at each snapshot.

    Missing days do not count as zeros: each average is over the known values in the window.

    Returns:
        Columns date (datetime.date) and ssi_avg, one row per day with a known SSI.
    """
    if isinstance(days, bool) or not isinstance(days, int | np.integer) or days < 1:
        raise SSIError(
            f"rolling average: the window must be a whole number of days ≥ 1, not {days!r}"
        )
    frame = by_day(snapshots)
    known = frame.loc[frame["ssi"].notna(), ["ts", "ssi"]]
    averages = known.set_index("ts")["ssi"].rolling(f"{int(days)}D").mean().round(DECIMALS)
    return pd.DataFrame(
        {"date": _dates(known["ts"]).to_numpy(), "ssi_avg": averages.to_numpy(dtype="float64")}
    )


def annotate_events(
    snapshots: pd.DataFrame, drop_threshold: float = DEFAULT_DROP_THRESHOLD
) -> pd.DataFrame:
    """The moments worth pointing at on a chart: the all-time peak and the largest drops.

    Args:
        snapshots: the history.
        drop_threshold: a fall of at least this many SSI points since the previous known day is
            a drop; at most the MAX_DROPS largest are kept.
    Returns:
        Columns date, ssi, kind ("peak" | "drop") and change (against the previous known day;
        NaN for the first day), oldest first.
    """
    if drop_threshold is None or not drop_threshold >= 0:
        raise SSIError(f"drop threshold must be a number ≥ 0, not {drop_threshold!r}")
    frame = by_day(snapshots)
    known = frame.loc[frame["ssi"].notna(), ["ts", "ssi"]].reset_index(drop=True)
    if known.empty:
        return pd.DataFrame(
            {
                "date": pd.Series(dtype="object"),
                "ssi": pd.Series(dtype="float64"),
                "kind": pd.Series(dtype="object"),
                "change": pd.Series(dtype="float64"),
            }
        )
    known["change"] = known["ssi"].diff().round(DECIMALS)
    peak = known.loc[[known["ssi"].idxmax()]].assign(kind="peak")
    drops = known[known["change"] <= -float(drop_threshold)]
    drops = drops.nsmallest(MAX_DROPS, "change", keep="first").assign(kind="drop")
    events = pd.concat([peak, drops]).sort_values(["ts", "kind"], kind="stable")
    return pd.DataFrame(
        {
            "date": _dates(events["ts"]).to_numpy(),
            "ssi": events["ssi"].to_numpy(dtype="float64"),
            "kind": events["kind"].to_numpy(dtype="object"),
            "change": events["change"].to_numpy(dtype="float64"),
        }
    )


def filter_range(snapshots: pd.DataFrame, start: date | None, end: date | None) -> pd.DataFrame:
    """The snapshots from `start` to `end`, both included; None leaves that side open.

    Returns:
        The same columns as the input, in the same order.
    """
    start_ts, end_ts = _to_timestamp(start, "start"), _to_timestamp(end, "end")
    if start_ts is not None and end_ts is not None and start_ts > end_ts:
        raise SSIError(f"date range: the start {start} is after the end {end}")
    if snapshots is None or len(snapshots) == 0:
        return snapshots.copy() if snapshots is not None else pd.DataFrame()
    stamps = pd.to_datetime(snapshots["date"])
    mask = pd.Series(True, index=snapshots.index)
    if start_ts is not None:
        mask &= stamps >= start_ts
    if end_ts is not None:
        mask &= stamps <= end_ts
    return snapshots[mask].reset_index(drop=True)


def long_pillars(snapshots: pd.DataFrame) -> pd.DataFrame:
    """The four pillars in long form: date, pillar (id), value; unknown values are dropped."""
    frame = by_day(snapshots)
    if frame.empty:
        return pd.DataFrame(
            {
                "date": pd.Series(dtype="object"),
                "pillar": pd.Series(dtype="object"),
                "value": pd.Series(dtype="float64"),
            }
        )
    # Row-major ravel keeps the days in order and the pillars in PILLARS order within a day.
    values = frame[list(PILLAR_IDS)].to_numpy(dtype="float64").ravel()
    dates = np.repeat(_dates(frame["ts"]).to_numpy(), len(PILLAR_IDS))
    pillars = np.tile(np.array(PILLAR_IDS, dtype="object"), len(frame))
    known = ~np.isnan(values)
    return pd.DataFrame({"date": dates[known], "pillar": pillars[known], "value": values[known]})


def lead_over_groups(summary: Summary) -> dict[str, dict[str, float | None]]:
    """The member's latest pillars minus each group's latest average of them.

    Returns:
        {"industry": {pillar id: points}, "network": {...}}: positive where the member is
        ahead of the group, None where either side is unknown.
    """
    leads: dict[str, dict[str, float | None]] = {}
    for group, averages in summary.latest_group_pillars.items():
        leads[group] = {}
        for pid in PILLAR_IDS:
            mine, theirs = summary.latest_pillars.get(pid), averages.get(pid)
            leads[group][pid] = (
                None if mine is None or theirs is None else round(mine - theirs, DECIMALS)
            )
    return leads


def compare_estimate(
    measured_pillars: dict[str, float | None], estimated_pillars: dict[str, float | None]
) -> dict[str, float | None]:
    """Estimate minus measured, per pillar; None where either side is unknown.

    A positive number means the questionnaire credits more than LinkedIn measured.
    """
    differences: dict[str, float | None] = {}
    for pid in PILLAR_IDS:
        measured = _known(measured_pillars.get(pid))
        estimated = _known(estimated_pillars.get(pid))
        differences[pid] = (
            None if measured is None or estimated is None else round(estimated - measured, DECIMALS)
        )
    return differences


# --- holes: stretches where measurements are missing ---------------------------------------------

# A stretch between two measured days is a hole when it is longer than HOLE_SPACINGS times the
# usual spacing around it and longer than HOLE_MIN_DAYS days: a daily series has a hole from
# three days without a measurement (a quiet weekend is not one), a weekly series from three
# weeks without one (a missed week is not one).
HOLE_SPACINGS = 3
HOLE_MIN_DAYS = 2
# The usual spacing around a stretch is the median of the stretches up to this many either
# side of it (itself included), so a history that went from weekly to daily measurements keeps
# its weekly years whole and still shows the holes of its daily ones. A series of one steady
# rhythm gets its usual_spacing().
SPACING_NEIGHBOURS = 10


@dataclass(frozen=True)
class Missing:
    """How much of a measured series is missing: its holes and the days inside them.

    holes: the number of holes; days: the days without a measurement inside them (the days
    strictly between the last measured day before each hole and the first one after it);
    spacing: the usual number of days between two measured days (None below two of them).
    """

    holes: int
    days: int
    spacing: float | None


def _measured_days(snapshots: pd.DataFrame | None, column: str) -> np.ndarray:
    """The days (datetime64[ns], oldest first) on which `column` is known."""
    frame = by_day(snapshots)
    if column not in frame.columns:
        raise SSIError(f"history: {column!r} is not a numeric snapshot column")
    return frame.loc[frame[column].notna(), "ts"].to_numpy(dtype="datetime64[ns]")


def _gaps(days: np.ndarray) -> np.ndarray:
    """The whole days between each measured day and the next (float64)."""
    return np.diff(np.asarray(days, dtype="datetime64[D]")).astype("float64")


def _hole_mask(gaps: np.ndarray) -> np.ndarray:
    """Which of these stretches between measured days are holes (see HOLE_SPACINGS)."""
    mask = np.zeros(len(gaps), dtype=bool)
    # Only a stretch longer than HOLE_MIN_DAYS can be one: a daily history has none to judge.
    candidates = np.flatnonzero(gaps > HOLE_MIN_DAYS)
    if len(candidates):
        width = SPACING_NEIGHBOURS
        padded = np.pad(gaps, width, constant_values=np.nan)  # fewer neighbours at the ends
        windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * width + 1)[candidates]
        usual = np.nanmedian(windows, axis=1)
        mask[candidates] = gaps[candidates] > HOLE_SPACINGS * usual
    return mask


def usual_spacing(snapshots: pd.DataFrame | None, column: str = "ssi") -> float | None:
    """The median number of days between two consecutive days on which `column` is measured.

    1.0 for a daily series, 7.0 for a weekly one; None with fewer than two measured days.
    """
    gaps = _gaps(_measured_days(snapshots, column))
    return float(np.median(gaps)) if len(gaps) else None


def hole_segments(days) -> np.ndarray:
    """For measured days in order (dates or datetimes), the piece of the series each is in.

    The first piece is 0, and each hole starts the next: a chart draws one line per piece, so
    no line crosses a hole as if the value had been measured flat.
    """
    if isinstance(days, np.ndarray) and np.issubdtype(days.dtype, np.datetime64):
        stamps = days
    else:
        stamps = pd.to_datetime(pd.Series(days)).to_numpy(dtype="datetime64[ns]")
    holes = _hole_mask(_gaps(stamps))
    return np.concatenate(([0], np.cumsum(holes))).astype("int64")[: len(stamps)]


def holes(snapshots: pd.DataFrame | None, column: str = "ssi") -> pd.DataFrame:
    """The holes of a measured series, oldest first.

    Args:
        snapshots: the history (Store.snapshots(), possibly filter_range()-d).
        column: the series, a numeric snapshot column ("ssi", a pillar, an average...).
    Returns:
        Columns after (the last measured day before the hole), before (the first measured day
        after it), both datetime.date, and days (the days without a measurement between them).
    """
    days = _measured_days(snapshots, column)
    gaps = _gaps(days)
    mask = _hole_mask(gaps)
    after = pd.Series(days[:-1][mask], dtype="datetime64[ns]")
    before = pd.Series(days[1:][mask], dtype="datetime64[ns]")
    return pd.DataFrame(
        {
            "after": _dates(after).to_numpy(),
            "before": _dates(before).to_numpy(),
            "days": (gaps[mask] - 1).astype("int64"),
        }
    )


def missing(
    snapshots: pd.DataFrame | None,
    start: date | None = None,
    end: date | None = None,
    column: str = "ssi",
) -> Missing:
    """How much of `column` is missing from `start` to `end` (both included, None = open).

    The range is judged as a chart of it draws it: the holes between the measured days inside
    the range, against the range's own usual spacing. Days before the first or after the last
    measured day of the range are not counted.
    """
    shown = filter_range(snapshots, start, end) if snapshots is not None else None
    days = _measured_days(shown, column)
    gaps = _gaps(days)
    mask = _hole_mask(gaps)
    return Missing(
        holes=int(mask.sum()),
        days=int((gaps[mask] - 1).sum()),
        spacing=float(np.median(gaps)) if len(gaps) else None,
    )
