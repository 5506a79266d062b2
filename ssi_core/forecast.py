"""The next weeks of a measured history: a damped trend fitted to weekly values, with a band.

Each series (the SSI and every pillar) is reduced to one value per Monday-based week (the week's
last measured day), and a damped additive trend (Holt's method with a damping factor; in the
terms of exponential smoothing, ETS(A,Ad,N)) is fitted by the least squares of its one-step
errors over a small grid of its three parameters. The band is the model's own h-step
prediction interval, from the spread of those one-step errors. A damped trend is the honest
choice for an SSI: the scale is bounded and growth slows, so a straight line drawn from a good
month overshoots. The SSI is forecast as its own series, not as the sum of the pillars' forecasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from ssi_core.history import by_day
from ssi_core.pillars import PILLAR_IDS, PILLAR_MAX, SSI_MAX

HORIZON_WEEKS = 12
# Below this many measured weeks there is too little history to say anything about the trend.
MIN_WEEKS = 6
BACKTEST_WEEKS = 4
# The band is an 80% prediction interval: wide enough to be honest, narrow enough to be useful.
COVERAGE = 0.80
_Z = 1.2815515655446004  # the standard normal's 90th percentile: 80% between -z and +z
# The grid the parameters are fitted on (level, trend, damping). A damping of 1 would be an
# undamped trend; it is left out so a forecast always levels off.
_ALPHAS = np.linspace(0.05, 1.0, 20)
_BETAS = np.array([0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3])
_PHIS = np.array([0.8, 0.85, 0.9, 0.94, 0.98])
SERIES = ("ssi", *PILLAR_IDS)


def series_max(column: str) -> float:
    return SSI_MAX if column == "ssi" else PILLAR_MAX


@dataclass(frozen=True)
class Forecast:
    """One series' next weeks: `dates` (datetime.date, one per week after `last_date`), the
    central value and the band's low and high edges (clamped to the series' scale)."""

    column: str
    last_date: date
    last_value: float
    dates: tuple[date, ...]
    value: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]
    alpha: float
    beta: float
    phi: float
    sigma: float

    def at_week(self, weeks: int) -> float:
        """The central value `weeks` weeks after the last measured day (1..horizon)."""
        return self.value[weeks - 1]


@dataclass(frozen=True)
class Backtest:
    """How the forecast did on the weeks it was not shown: mean absolute error (points) and the
    share of those weeks whose measured value fell inside the band."""

    column: str
    weeks: int
    mae: float
    coverage: float


# --- weekly values -------------------------------------------------------------------------


def weekly_values(snapshots: pd.DataFrame | None, column: str = "ssi") -> pd.DataFrame:
    """The last measured value of `column` in each Monday-based week with one, oldest first.

    Returns:
        Columns week_start (datetime.date, a Monday), day (the measured day, datetime.date) and
        value (float).
    """
    return weekly_of_days(by_day(snapshots), column)


def weekly_of_days(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """weekly_values() of a by_day() frame (plain numpy: the app draws it on every visit)."""
    values = frame[column].to_numpy(dtype="float64")
    known = ~np.isnan(values)
    days = frame["ts"].to_numpy(dtype="datetime64[D]")[known].astype("int64")
    values = values[known]
    # Day 0 (1970-01-01) was a Thursday: (day + 3) % 7 is 0 on Mondays.
    week = days - (days + 3) % 7
    last = np.flatnonzero(np.append(week[1:] != week[:-1], True)) if len(week) else week
    as_dates = lambda numbers: [  # noqa: E731
        date.fromordinal(_EPOCH_ORDINAL + int(n)) for n in numbers
    ]
    return pd.DataFrame(
        {
            "week_start": as_dates(week[last]),
            "day": as_dates(days[last]),
            "value": values[last],
        }
    )


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _evenly_weekly(weekly: pd.DataFrame) -> np.ndarray:
    """The weekly values on an unbroken run of weeks: a missing week is drawn straight between
    its neighbours (the smoothing needs even steps; measured weeks keep their values)."""
    starts = pd.to_datetime(pd.Series(weekly["week_start"]))
    index = ((starts - starts.iat[0]).dt.days // 7).to_numpy()
    values = weekly["value"].to_numpy(dtype="float64")
    return np.interp(np.arange(index[-1] + 1), index, values)


# --- the model -----------------------------------------------------------------------------


def _fit(values: np.ndarray) -> tuple[float, float, float, float, float, float]:
    """The (alpha, beta, phi) of the grid with the least squared one-step error, and the final
    level, trend and one-step error spread. All grid points run at once, week by week."""
    alpha, beta, phi = (a.ravel() for a in np.meshgrid(_ALPHAS, _BETAS, _PHIS, indexing="ij"))
    beta = np.minimum(beta, alpha)  # the trend never moves faster than the level
    level = np.full(alpha.shape, values[0])
    trend = np.full(
        alpha.shape, (values[min(3, len(values) - 1)] - values[0]) / min(3, len(values) - 1)
    )
    squared = np.zeros(alpha.shape)
    for value in values[1:]:
        predicted = level + phi * trend
        error = value - predicted
        squared += error * error
        level = predicted + alpha * error
        trend = phi * trend + beta * error
    best = int(np.argmin(squared))
    steps = len(values) - 1
    # Three fitted parameters (two more for the start): the spread is corrected for them.
    sigma = float(np.sqrt(squared[best] / max(steps - 3, 1)))
    return (
        float(alpha[best]), float(beta[best]), float(phi[best]),
        float(level[best]), float(trend[best]), sigma,
    )  # fmt: skip


def _project(
    level: float, trend: float, alpha: float, beta: float, phi: float, sigma: float, weeks: int
) -> tuple[np.ndarray, np.ndarray]:
    """The central values and the band's half-widths 1..weeks steps ahead.

    The h-step variance of ETS(A,Ad,N) is sigma² (1 + Σ_{j<h} c_j²), c_j = alpha + beta·phi·
    (1 − phi^j) / (1 − phi).
    """
    steps = np.arange(1, weeks + 1)
    damped = np.cumsum(phi**steps)  # phi + phi² + ... + phi^h
    central = level + damped * trend
    j = np.arange(1, weeks)
    c = alpha + beta * phi * (1 - phi**j) / (1 - phi)
    variance = sigma**2 * (1 + np.concatenate(([0.0], np.cumsum(c**2))))
    return central, _Z * np.sqrt(variance)


def forecast_series(
    snapshots: pd.DataFrame | None, column: str = "ssi", weeks: int = HORIZON_WEEKS
) -> Forecast | None:
    """The next `weeks` weeks of `column`, or None with fewer than MIN_WEEKS measured weeks."""
    weekly = weekly_values(snapshots, column)
    if len(weekly) < MIN_WEEKS:
        return None
    return _forecast_weekly(weekly, column, weeks)


def _forecast_weekly(weekly: pd.DataFrame, column: str, weeks: int) -> Forecast:
    values = _evenly_weekly(weekly)
    alpha, beta, phi, level, trend, sigma = _fit(values)
    central, half = _project(level, trend, alpha, beta, phi, sigma, weeks)
    top = series_max(column)
    last_day = weekly["day"].iat[-1]
    return Forecast(
        column=column,
        last_date=last_day,
        last_value=float(weekly["value"].iat[-1]),
        dates=tuple(last_day + timedelta(days=7 * step) for step in range(1, weeks + 1)),
        value=tuple(np.clip(central, 0.0, top).round(2).tolist()),
        low=tuple(np.clip(central - half, 0.0, top).round(2).tolist()),
        high=tuple(np.clip(central + half, 0.0, top).round(2).tolist()),
        alpha=alpha,
        beta=beta,
        phi=phi,
        sigma=sigma,
    )


def forecast_all(
    snapshots: pd.DataFrame | None, weeks: int = HORIZON_WEEKS
) -> dict[str, Forecast | None]:
    """The SSI's and every pillar's forecast (None for a series with too little history)."""
    frame = by_day(snapshots)
    results: dict[str, Forecast | None] = {}
    for column in SERIES:
        weekly = weekly_of_days(frame, column)
        results[column] = (
            _forecast_weekly(weekly, column, weeks) if len(weekly) >= MIN_WEEKS else None
        )
    return results


def forecast_frame(result: Forecast | None) -> pd.DataFrame:
    """A forecast as rows for a chart: date, value, low, high (empty for None)."""
    if result is None:
        return pd.DataFrame({"date": [], "value": [], "low": [], "high": []})
    return pd.DataFrame(
        {"date": list(result.dates), "value": result.value, "low": result.low, "high": result.high}
    )


# --- the backtest --------------------------------------------------------------------------


def backtest(
    snapshots: pd.DataFrame | None, column: str = "ssi", hold_out: int = BACKTEST_WEEKS
) -> Backtest | None:
    """Fit on all weeks but the last `hold_out`, forecast those, and compare with what was
    measured; None when the weeks left to fit on are fewer than MIN_WEEKS."""
    weekly = weekly_values(snapshots, column)
    if len(weekly) - hold_out < MIN_WEEKS:
        return None
    shown, hidden = weekly.iloc[:-hold_out], weekly.iloc[-hold_out:]
    result = _forecast_weekly(shown.reset_index(drop=True), column, HORIZON_WEEKS + hold_out)
    # A hidden week sits a whole number of weeks after the last shown one (missing weeks skip).
    start = pd.Timestamp(shown["week_start"].iat[-1])
    steps = ((pd.to_datetime(pd.Series(hidden["week_start"])) - start).dt.days // 7).to_numpy()
    truth = hidden["value"].to_numpy(dtype="float64")
    central = np.array(result.value)[steps - 1]
    low, high = np.array(result.low)[steps - 1], np.array(result.high)[steps - 1]
    return Backtest(
        column=column,
        weeks=len(truth),
        mae=round(float(np.abs(truth - central).mean()), 3),
        coverage=round(float(((truth >= low) & (truth <= high)).mean()), 3),
    )
