"""history.py: the numbers a user reads on My SSI and History, on small hand-made histories."""

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from ssi_core import history
from ssi_core.errors import SSIError
from ssi_core.pillars import PILLAR_IDS, SNAPSHOT_COLUMNS

BRAND, PEOPLE, INSIGHTS, RELATIONS = PILLAR_IDS


def snapshots(rows: list[dict]) -> pd.DataFrame:
    """A frame shaped like Store.snapshots(): every column, date objects, NaN when not given."""
    records = []
    for row in rows:
        record = {column: np.nan for column in SNAPSHOT_COLUMNS}
        record.update(industry=None, source="test")
        pillars = row.get("pillars")
        if pillars is not None:
            record.update(dict(zip(PILLAR_IDS, pillars, strict=True)))
            record["ssi"] = round(sum(pillars), 4)
        record.update({k: v for k, v in row.items() if k != "pillars"})
        records.append(record)
    frame = pd.DataFrame(records, columns=list(SNAPSHOT_COLUMNS))
    for column in SNAPSHOT_COLUMNS:
        if column not in ("date", "industry", "source"):
            frame[column] = frame[column].astype("float64")
    return frame


def weekly_ssi(values: list[float | None], start: date = date(2024, 1, 1)) -> pd.DataFrame:
    """One snapshot per week (Mondays); None leaves that week out."""
    return snapshots(
        [
            {"date": start + timedelta(weeks=i), "ssi": value}
            for i, value in enumerate(values)
            if value is not None
        ]
    )


def daily(values: list[float], start: date = date(2024, 1, 1)) -> pd.DataFrame:
    return snapshots([{"date": start + timedelta(days=i), "ssi": v} for i, v in enumerate(values)])


@pytest.fixture
def four_days() -> pd.DataFrame:
    # Mon 1 Jan, Mon 8 Jan, Wed 10 Jan (the peak), Mon 15 Jan.
    return snapshots(
        [
            {
                "date": date(2024, 1, 1),
                "pillars": (12.5, 12.5, 12.5, 12.5),
                "industry_ssi": 20.0,
                "industry_top_pct": 10.0,
            },
            {"date": date(2024, 1, 8), "pillars": (13, 13, 13, 13)},
            {"date": date(2024, 1, 10), "pillars": (14, 14, 14, 14)},
            {"date": date(2024, 1, 15), "pillars": (20, 10, 11, 13), "network_ssi": 37.0},
        ]
    )


# --- summarise --------------------------------------------------------------------------------


def test_summary_reads_the_latest_day_and_the_change_since_last_week(four_days):
    summary = history.summarise(four_days)
    assert summary.latest_date == date(2024, 1, 15)
    assert summary.latest_ssi == 54
    assert summary.latest_pillars == {BRAND: 20, PEOPLE: 10, INSIGHTS: 11, RELATIONS: 13}
    # The reference is the latest snapshot at or before 8 Jan, not the closer 10 Jan.
    assert summary.weekly_delta == 2
    assert summary.pillar_weekly_deltas == {BRAND: 7, PEOPLE: -3, INSIGHTS: -2, RELATIONS: 0}
    assert summary.count == 4
    assert summary.first_date == date(2024, 1, 1)


def test_summary_peak_strongest_and_weakest(four_days):
    summary = history.summarise(four_days)
    assert (summary.peak_ssi, summary.peak_date) == (56, date(2024, 1, 10))
    assert summary.strongest_pillar == BRAND
    assert summary.weakest_pillar == PEOPLE


def test_summary_groups_take_the_most_recent_known_value_and_never_invent_one(four_days):
    summary = history.summarise(four_days)
    assert summary.industry_ssi == 20  # known on 1 Jan only, still the latest known
    assert summary.industry_top_pct == 10
    assert summary.network_ssi == 37
    assert summary.network_top_pct is None  # never given: unknown, not 0


def test_summary_groups_pillars_come_from_the_last_day_that_shows_them(four_days):
    frame = four_days.copy()
    industry = ["industry_" + pid for pid in PILLAR_IDS]
    frame.loc[0, industry] = [4.0, 3.0, 2.0, 11.0]
    frame.loc[2, industry] = [4.2, 3.1, 2.1, 12.6]
    frame.loc[2, "network_insight_engagement"] = 2.4  # the network showed one pillar only
    summary = history.summarise(frame)
    assert summary.latest_group_pillars == {
        "industry": {BRAND: 4.2, PEOPLE: 3.1, INSIGHTS: 2.1, RELATIONS: 12.6},
        "network": {BRAND: None, PEOPLE: None, INSIGHTS: 2.4, RELATIONS: None},
    }
    assert summary.group_pillars_date == dict.fromkeys(("industry", "network"), date(2024, 1, 10))
    # The member's latest pillars (15 Jan: 20 / 10 / 11 / 13) against them.
    assert history.lead_over_groups(summary) == {
        "industry": {BRAND: 15.8, PEOPLE: 6.9, INSIGHTS: 8.9, RELATIONS: 0.4},
        "network": {BRAND: None, PEOPLE: None, INSIGHTS: 8.6, RELATIONS: None},
    }


def test_summary_without_group_pillars_knows_none_of_them(four_days):
    summary = history.summarise(four_days)
    for group in ("industry", "network"):
        assert summary.latest_group_pillars[group] == dict.fromkeys(PILLAR_IDS)
        assert summary.group_pillars_date[group] is None
    assert history.lead_over_groups(summary)["network"] == dict.fromkeys(PILLAR_IDS)


def test_trend_is_the_least_squares_slope_per_week_and_projects_30_days(four_days):
    summary = history.summarise(four_days)
    # Days 0, 7, 9, 14 against 50, 52, 56, 54: slope = 34 / 101 points a day.
    per_day = 34 / 101
    assert summary.trend_per_week == pytest.approx(per_day * 7, abs=1e-4)
    assert summary.projection_30d == pytest.approx(54 + per_day * 30, abs=1e-4)


def test_trend_needs_three_points_in_the_last_90_days():
    two = daily([40, 41])
    assert history.summarise(two).trend_per_week is None
    assert history.summarise(two).projection_30d is None
    old_and_two_recent = snapshots(
        [
            {"date": date(2024, 1, 1), "ssi": 10.0},
            {"date": date(2024, 6, 1), "ssi": 40.0},
            {"date": date(2024, 6, 2), "ssi": 41.0},
        ]
    )
    assert history.summarise(old_and_two_recent).trend_per_week is None


def test_projection_is_clipped_to_the_ssi_range():
    climbing = daily([90, 95, 99.5])
    assert history.summarise(climbing).projection_30d == 100
    falling = daily([20, 10, 0.5])
    assert history.summarise(falling).projection_30d == 0


def test_no_weekly_delta_without_a_snapshot_a_week_earlier():
    summary = history.summarise(daily([40, 41, 42, 43, 44, 45, 46]))
    assert summary.weekly_delta is None
    assert all(v is None for v in summary.pillar_weekly_deltas.values())


def test_unknown_pillars_stay_unknown_and_are_not_ranked():
    frame = snapshots([{"date": date(2024, 3, 1), "ssi": 30.0, BRAND: 12.0, PEOPLE: 8.0}])
    summary = history.summarise(frame)
    assert summary.latest_pillars[INSIGHTS] is None
    assert summary.latest_pillars[RELATIONS] is None
    assert (summary.strongest_pillar, summary.weakest_pillar) == (BRAND, PEOPLE)
    assert summary.industry_ssi is None and summary.network_ssi is None


def test_a_single_day_and_an_empty_history():
    summary = history.summarise(daily([33.3]))
    assert summary.count == 1
    assert summary.latest_ssi == summary.peak_ssi == 33.3
    assert summary.streak_weeks_up == 0
    assert history.summarise(daily([]).iloc[0:0]) is None


def test_unsorted_input_and_a_repeated_day_use_the_last_value():
    frame = daily([10, 20, 30]).iloc[::-1]
    again = snapshots([{"date": date(2024, 1, 3), "ssi": 35.0}])
    summary = history.summarise(pd.concat([frame, again], ignore_index=True))
    assert summary.latest_ssi == 35
    assert summary.count == 3


# --- weeks and streaks ------------------------------------------------------------------------


def test_weekly_changes_take_the_last_value_of_each_monday_week(four_days):
    weekly = history.weekly_changes(four_days)
    assert list(weekly.columns) == ["week_start", "ssi", "change"]
    assert list(weekly["week_start"]) == [date(2024, 1, 1), date(2024, 1, 8), date(2024, 1, 15)]
    assert list(weekly["ssi"]) == [50, 56, 54]
    assert math.isnan(weekly["change"].iat[0])
    assert list(weekly["change"].iloc[1:]) == [6, -2]


def test_a_missing_week_has_no_change_to_compare():
    weekly = history.weekly_changes(weekly_ssi([40, 41, None, 43]))
    assert list(weekly["ssi"]) == [40, 41, 43]
    assert weekly["change"].iloc[1] == 1
    assert math.isnan(weekly["change"].iloc[2])


def test_streak_counts_consecutive_weekly_gains_ending_now():
    assert history.summarise(weekly_ssi([40, 39, 41, 42, 45])).streak_weeks_up == 3
    assert history.summarise(weekly_ssi([40, 41, 42, 41])).streak_weeks_up == 0
    # A week without data breaks the streak: the latest week has nothing to compare with.
    assert history.summarise(weekly_ssi([40, 41, 42, None, 44])).streak_weeks_up == 0
    assert history.summarise(weekly_ssi([40, 41, None, 42, 44])).streak_weeks_up == 1


# --- rolling average, events, range, long form --------------------------------------------------


def test_rolling_average_is_over_calendar_days_not_rows():
    rolling = history.rolling_average(daily([10, 20, 30]), 2)
    assert list(rolling.columns) == ["date", "ssi_avg"]
    assert list(rolling["ssi_avg"]) == [10, 15, 25]
    gap = snapshots(
        [{"date": date(2024, 1, 1), "ssi": 10.0}, {"date": date(2024, 1, 3), "ssi": 30.0}]
    )
    assert list(history.rolling_average(gap, 2)["ssi_avg"]) == [10, 30]
    assert history.rolling_average(gap, 3)["ssi_avg"].iat[-1] == 20


@pytest.mark.parametrize("days", [0, -3, 2.5, "7", True])
def test_rolling_average_rejects_a_bad_window(days):
    with pytest.raises(SSIError):
        history.rolling_average(daily([10, 20]), days)


def test_events_mark_the_peak_and_the_drops_of_at_least_the_threshold():
    events = history.annotate_events(daily([50, 60, 55, 58, 50, 49]), drop_threshold=3)
    assert list(events.columns) == ["date", "ssi", "kind", "change"]
    assert list(events["kind"]) == ["peak", "drop", "drop"]
    assert list(events["date"]) == [date(2024, 1, 2), date(2024, 1, 3), date(2024, 1, 5)]
    assert list(events["change"]) == [10, -5, -8]


def test_events_keep_the_five_largest_drops():
    values = [90, 80, 90, 79, 90, 78, 90, 77, 90, 76, 90, 75, 90]  # six drops of 10..15
    events = history.annotate_events(daily(values))
    drops = events[events["kind"] == "drop"]
    assert len(drops) == 5
    assert sorted(drops["change"]) == [-15, -14, -13, -12, -11]
    assert (events["kind"] == "peak").sum() == 1


def test_events_of_an_empty_history_are_an_empty_frame():
    events = history.annotate_events(daily([]))
    assert events.empty and list(events.columns) == ["date", "ssi", "kind", "change"]


def test_filter_range_includes_both_ends_and_none_is_open():
    frame = daily([1, 2, 3, 4, 5])
    kept = history.filter_range(frame, date(2024, 1, 2), date(2024, 1, 4))
    assert list(kept["ssi"]) == [2, 3, 4]
    assert list(kept.columns) == list(SNAPSHOT_COLUMNS)
    assert list(history.filter_range(frame, None, date(2024, 1, 2))["ssi"]) == [1, 2]
    assert list(history.filter_range(frame, date(2024, 1, 4), None)["ssi"]) == [4, 5]
    assert len(history.filter_range(frame, None, None)) == 5
    with pytest.raises(SSIError):
        history.filter_range(frame, date(2024, 1, 4), date(2024, 1, 2))


def test_long_pillars_drops_unknown_values(four_days):
    frame = pd.concat(
        [four_days, snapshots([{"date": date(2024, 1, 16), BRAND: 21.0}])], ignore_index=True
    )
    long = history.long_pillars(frame)
    assert list(long.columns) == ["date", "pillar", "value"]
    assert len(long) == 4 * 4 + 1
    assert list(long["pillar"].iloc[:4]) == list(PILLAR_IDS)
    assert long.iloc[-1].to_dict() == {"date": date(2024, 1, 16), "pillar": BRAND, "value": 21}


def test_compare_estimate_is_estimate_minus_measured():
    measured = {BRAND: 21.4, PEOPLE: 17.66, INSIGHTS: None, RELATIONS: 19.4}
    estimated = {BRAND: 20.0, PEOPLE: 17.66, INSIGHTS: 12.0, RELATIONS: float("nan")}
    assert history.compare_estimate(measured, estimated) == {
        BRAND: -1.4,
        PEOPLE: 0,
        INSIGHTS: None,
        RELATIONS: None,
    }


def test_latest_is_the_last_day_with_a_known_total():
    frame = pd.DataFrame(
        {
            "date": [date(2026, 4, 13), date(2026, 4, 14), date(2026, 4, 15)],
            "ssi": [46.4, 47.0, float("nan")],
            "professional_brand": [12.6, 12.7, 12.8],
        }
    )
    summary = history.summarise(frame)
    assert summary.latest_ssi == 47.0 and summary.latest_date == date(2026, 4, 14)
    assert summary.latest_pillars["professional_brand"] == 12.7
    assert summary.count == 3


# --- holes --------------------------------------------------------------------------------------


def days_measured(offsets: list[int], start: date = date(2024, 1, 1), column: str = "ssi"):
    """A snapshot on each of these days after `start`, with a known `column`."""
    return snapshots([{"date": start + timedelta(days=d), column: 50.0} for d in offsets])


def test_usual_spacing_is_the_median_gap_between_measured_days():
    assert history.usual_spacing(days_measured(list(range(30)))) == 1.0
    assert history.usual_spacing(days_measured([0, 7, 14, 22, 28, 35])) == 7.0
    # Days without a known SSI do not count as measured.
    unknown = daily([np.nan] * 14, start=date(2024, 1, 16))
    frame = pd.concat([days_measured([0, 7, 14]), unknown], ignore_index=True)
    assert history.usual_spacing(frame) == 7.0
    assert history.usual_spacing(days_measured([3])) is None
    assert history.usual_spacing(days_measured([])) is None
    assert history.usual_spacing(None) is None


def test_a_daily_series_has_a_hole_from_three_missing_days():
    # A weekend (two days) is no hole; three missing days (a gap of four) are.
    frame = days_measured([0, 1, 2, 5, 6, 7, 11, 12, 13, 14])
    found = history.holes(frame)
    assert found.to_dict("records") == [
        {"after": date(2024, 1, 8), "before": date(2024, 1, 12), "days": 3}
    ]


def test_a_weekly_series_has_no_hole_between_its_weeks_nor_for_two_missed_weeks():
    weekly = weekly_ssi([50, 51, None, 52, None, None, 53, 54, 55, 56])
    assert history.holes(weekly).empty
    assert history.missing(weekly) == history.Missing(holes=0, days=0, spacing=7.0)
    # Three missed weeks in a row (28 days between measurements) are one.
    gone = weekly_ssi([50, 51, 52, None, None, None, 53, 54, 55, 56])
    assert history.holes(gone).to_dict("records") == [
        {"after": date(2024, 1, 15), "before": date(2024, 2, 12), "days": 27}
    ]


def test_every_other_day_is_a_rhythm_not_a_series_of_holes():
    assert history.holes(days_measured(list(range(0, 60, 2)))).empty
    assert history.missing(days_measured([0, 2, 4, 6, 8, 10, 12])).holes == 0


def test_a_history_that_went_from_weekly_to_daily_keeps_its_weekly_part_whole():
    weeks = [7 * i for i in range(40)]  # 40 weeks, then a year of days with a fortnight gone
    days = [weeks[-1] + d for d in range(1, 366) if not 100 <= d < 114]
    found = history.holes(days_measured(weeks + days))
    assert len(found) == 1 and found["days"].iat[0] == 14


def test_hole_segments_number_the_pieces_between_the_holes():
    start = date(2024, 1, 1)
    days = [start + timedelta(days=d) for d in (0, 1, 2, 3, 10, 11, 12, 13, 14, 30, 31, 32, 33)]
    assert list(history.hole_segments(days)) == [0] * 4 + [1] * 5 + [2] * 4
    assert list(history.hole_segments(pd.to_datetime(pd.Series(days[:4])))) == [0] * 4
    assert list(history.hole_segments([start])) == [0]
    assert len(history.hole_segments([])) == 0


def test_missing_counts_the_holes_and_their_days_within_a_range():
    # Measured 1–10 Jan, 21–31 Jan, 16–29 Feb: holes of 10 and 15 days.
    offsets = [*range(10), *range(20, 31), *range(46, 60)]
    frame = days_measured(offsets)
    assert history.missing(frame) == history.Missing(holes=2, days=25, spacing=1.0)
    # Only the holes between the range's own measured days count.
    assert history.missing(frame, date(2024, 1, 5), date(2024, 1, 31)).days == 10
    assert history.missing(frame, date(2024, 1, 15), None) == history.Missing(1, 15, 1.0)
    assert history.missing(frame, date(2024, 1, 21), date(2024, 1, 31)).holes == 0
    assert history.missing(frame, date(2025, 1, 1), None) == history.Missing(0, 0, None)
    assert history.missing(None) == history.Missing(0, 0, None)


def test_holes_of_another_series_than_the_ssi():
    frame = days_measured([0, 1, 2, 3, 4, 5, 6], column="industry_ssi")
    frame = pd.concat([frame, days_measured([20, 21], column="industry_ssi")])
    assert history.holes(frame, "industry_ssi")["days"].tolist() == [13]
    assert history.holes(frame).empty  # the SSI itself is never known here
    with pytest.raises(SSIError):
        history.holes(frame, "industry")


def test_the_holes_of_ten_years_of_days_are_each_found():
    offsets = [d for d in range(3650) if d % 400 not in range(10)]
    assert history.missing(days_measured(offsets)).holes == 9
