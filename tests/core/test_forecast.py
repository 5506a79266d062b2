"""The forecast: its band holds the truth about as often as it says, and the backtest figures."""

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ssi_core import forecast
from ssi_core.demo import demo_history
from ssi_core.importers import parse_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _damped_series(seed: int, weeks: int = 40) -> pd.DataFrame:
    """A weekly SSI drawn from the damped-trend model itself: the truth the band claims."""
    rng = np.random.default_rng(seed)
    level, trend, values = 40.0, rng.uniform(-0.3, 0.8), []
    for _ in range(weeks):
        error = rng.normal(0, 1.0)
        values.append(level + 0.95 * trend + error)
        level, trend = level + 0.95 * trend + 0.5 * error, 0.95 * trend + 0.05 * error
    days = pd.date_range("2024-01-01", periods=weeks, freq="7D")
    return pd.DataFrame({"date": days, "ssi": values})


def test_the_band_holds_the_truth_about_as_often_as_it_says():
    covered = [forecast.backtest(_damped_series(seed)).coverage for seed in range(120)]
    # 480 held-out weeks: 80% ± about 4 points (two standard errors and the fitting's cost).
    assert abs(np.mean(covered) - forecast.COVERAGE) < 0.06


def test_too_little_history_gives_no_forecast():
    five_weeks = _damped_series(1, weeks=forecast.MIN_WEEKS - 1)
    assert forecast.forecast_series(five_weeks) is None
    assert forecast.forecast_series(_damped_series(1, weeks=forecast.MIN_WEEKS)) is not None
    # The real imports in the fixtures are a few days long: too little to forecast.
    snapshots = parse_path(FIXTURES / "imports" / "ssi_export.csv").snapshots
    assert forecast.forecast_series(snapshots) is None


def test_forecast_starts_after_the_last_measured_day_and_stays_on_the_scale():
    history = demo_history(end=date(2026, 6, 1))
    results = forecast.forecast_all(history)
    ssi = results["ssi"]
    assert ssi.last_date == date(2026, 6, 1)
    assert ssi.dates[0] == date(2026, 6, 8) and len(ssi.dates) == forecast.HORIZON_WEEKS
    for column, result in results.items():
        top = forecast.series_max(column)
        assert all(
            0 <= lo <= v <= hi <= top
            for lo, v, hi in zip(result.low, result.value, result.high, strict=True)
        )
        widths = np.array(result.high) - np.array(result.low)
        assert widths[-1] >= widths[0]  # further ahead, less sure


def test_a_rising_pillar_near_the_top_is_clamped_to_25():
    days = pd.date_range("2025-01-06", periods=20, freq="7D")
    history = pd.DataFrame({"date": days, "professional_brand": np.linspace(20, 24.9, 20)})
    result = forecast.forecast_series(history, "professional_brand")
    assert max(result.high) == 25.0 and max(result.value) <= 25.0


@pytest.mark.parametrize(
    ("name", "history", "max_mae"),
    [
        ("demo", demo_history(end=date(2026, 6, 1)), 1.5),
        ("weekly tracker", parse_path(FIXTURES / "forecast" / "weekly_tracker.csv").snapshots, 3.0),
    ],
)
def test_backtest_on_the_demo_and_a_tracker(name, history, max_mae):
    results = [forecast.backtest(history, column) for column in forecast.SERIES]
    assert all(result is not None and result.weeks == 4 for result in results), name
    assert results[0].mae < max_mae
    # Over the five series, most held-out weeks fall inside the band.
    assert np.mean([result.coverage for result in results]) >= 0.5


def test_weekly_values_keep_the_last_measured_day_of_each_week():
    history = pd.DataFrame(
        {
            "date": [date(2026, 1, 5), date(2026, 1, 9), date(2026, 1, 12), date(2026, 1, 26)],
            "ssi": [40.0, 41.0, np.nan, 43.0],
        }
    )
    weekly = forecast.weekly_values(history)
    assert weekly["week_start"].tolist() == [date(2026, 1, 5), date(2026, 1, 26)]
    assert weekly["day"].tolist() == [date(2026, 1, 9), date(2026, 1, 26)]
    assert weekly["value"].tolist() == [41.0, 43.0]
