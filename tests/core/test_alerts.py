"""Alerts: each fires on what a member would call a problem, and not on an ordinary week."""

from datetime import date, timedelta

import pandas as pd

from ssi_core.alerts import alerts
from ssi_core.demo import demo_history
from ssi_core.goals import check_goal
from ssi_core.history import summarise

TODAY = date(2026, 6, 1)


def _weekly(ssi: list[float], end: date = TODAY, **columns) -> pd.DataFrame:
    days = [end - timedelta(days=7 * (len(ssi) - 1 - i)) for i in range(len(ssi))]
    return pd.DataFrame({"date": days, "ssi": ssi, **columns})


def _kinds(history, goal=None, today=TODAY):
    return [(a.kind, a.subject) for a in alerts(history, summarise(history), goal, today)]


def test_a_rising_demo_needs_no_attention():
    assert _kinds(demo_history(end=TODAY)) == []


def test_three_weeks_of_falls_are_an_alert_two_are_not():
    assert _kinds(_weekly([50, 52, 51, 50])) == []
    history = _weekly([50, 52, 51, 50, 49])
    found = alerts(history, summarise(history), None, TODAY)
    assert [(a.kind, a.subject) for a in found] == [("falling", "ssi")]
    assert found[0].values == {"weeks": 3, "change": -3.0}


def test_a_rank_drop_names_both_ranks():
    history = _weekly([50, 51, 52], network_top_pct=[1.0, 1.0, 8.0])
    found = alerts(history, summarise(history), None, TODAY)
    assert [(a.kind, a.subject) for a in found] == [("rank_drop", "network")]
    assert found[0].values["before"] == 1.0 and found[0].values["now"] == 8.0
    assert _kinds(_weekly([50, 51, 52], network_top_pct=[2.0, 2.0, 3.0])) == []


def test_no_measured_day_in_14_days_is_an_alert():
    history = _weekly([50, 51, 52])
    assert _kinds(history, today=TODAY + timedelta(days=13)) == []
    assert _kinds(history, today=TODAY + timedelta(days=14)) == [("stale", None)]


def test_a_goal_that_slipped_from_on_track_to_behind():
    goal = check_goal(62, TODAY + timedelta(weeks=10), today=TODAY)
    steady = _weekly([50 + 0.5 * i for i in range(16)])
    assert _kinds(steady, goal) == []
    slipped = steady.copy()
    slipped.loc[slipped.index[-1], "ssi"] = 50.0
    assert ("goal_slipped", None) in _kinds(slipped, goal)
