"""Goals: checked on the way in, stored on both backends, read as reached, on track, behind."""

import json
from datetime import date, timedelta

import pandas as pd
import pytest

from ssi_core.advice import Action
from ssi_core.errors import SSIError
from ssi_core.goals import (
    check_goal,
    closing_actions,
    goal_from_dict,
    goal_json,
    goal_status,
    status_a_week_ago,
)
from ssi_core.history import summarise
from ssi_core.i18n import Localized

TODAY = date(2026, 6, 1)


def _history(slope_per_week: float, weeks: int = 16, end: date = TODAY) -> pd.DataFrame:
    days = [end - timedelta(days=7 * (weeks - 1 - i)) for i in range(weeks)]
    ssi = [50 + slope_per_week * i for i in range(weeks)]
    return pd.DataFrame({"date": days, "ssi": ssi})


def test_a_goal_is_checked_on_the_way_in():
    goal = check_goal(70, date(2026, 9, 30), {"professional_brand": 22}, "network", 1, today=TODAY)
    assert goal.pillar_targets == {"professional_brand": 22.0}
    for bad in (
        lambda: check_goal(120, date(2026, 9, 30), today=TODAY),
        lambda: check_goal(70, TODAY, today=TODAY),
        lambda: check_goal(70, date(2026, 9, 30), {"professional_brand": 30}, today=TODAY),
        lambda: check_goal(70, date(2026, 9, 30), rank_group="network", today=TODAY),
        lambda: check_goal(70, date(2026, 9, 30), rank_group="team", rank_top_pct=5, today=TODAY),
    ):
        with pytest.raises(SSIError, match="goal"):
            bad()


def test_on_track_behind_and_reached():
    goal = check_goal(62, TODAY + timedelta(weeks=10), today=TODAY)
    rising = goal_status(goal, summarise(_history(0.5)), TODAY)  # at 57.5, needs 0.45 a week
    assert rising.state == "on_track" and rising.gap == 4.5 and rising.pace_needed == 0.45
    assert rising.pace_recent == pytest.approx(0.5, abs=0.01)
    flat = goal_status(goal, summarise(_history(0.1)), TODAY)
    assert flat.state == "behind"
    reached = goal_status(check_goal(55, TODAY + timedelta(weeks=4), today=TODAY),
                          summarise(_history(0.5)), TODAY)  # fmt: skip
    assert reached.state == "reached" and reached.gap == 0


def test_a_rank_or_a_pillar_left_to_reach_keeps_the_goal_open():
    history = _history(0.5).assign(network_top_pct=8.0, professional_brand=20.0)
    goal = check_goal(55, TODAY + timedelta(weeks=4), {"professional_brand": 22}, "network", 1,
                      today=TODAY)  # fmt: skip
    status = goal_status(goal, summarise(history), TODAY)
    assert status.state != "reached"
    assert status.pillar_gaps == {"professional_brand": 2.0} and status.rank_now == 8.0


def test_the_status_a_week_ago_reads_only_the_days_measured_by_then():
    goal = check_goal(62, TODAY + timedelta(weeks=10), today=TODAY)
    history = _history(0.5)
    history.loc[history.index[-1], "ssi"] = 40.0  # a fall this week
    assert status_a_week_ago(goal, history, TODAY).state == "on_track"
    assert goal_status(goal, summarise(history), TODAY).state == "behind"


def _action(ident, question, pillar, points):
    return Action(ident, pillar, question, Localized.of({"en": ident}), points)


def test_closing_actions_cover_the_gap_with_the_most_points_first():
    actions = [
        _action("a", "q1", "professional_brand", 1.0),
        _action("b", "q2", "find_right_people", 3.0),
        _action("c", "q2", "find_right_people", 2.5),  # the same question: counted once
        _action("d", "q3", "strong_relationship", 2.0),
    ]
    assert [a.id for a in closing_actions(actions, 4.0)] == ["b", "d"]
    assert [a.id for a in closing_actions(actions, 4.0, done={"b"})] == ["c", "d"]
    assert [a.id for a in closing_actions(actions, 1.0, pillars={"professional_brand"})] == ["a"]
    assert closing_actions(actions, 0) == []
    assert [a.id for a in closing_actions(actions, 100, limit=2)] == ["b", "d"]


def test_the_goal_round_trips_through_the_store_and_the_export(store):
    goal = check_goal(70, date(2030, 1, 31), {"insight_engagement": 15}, "industry", 2)
    store.ensure_profile("ana")
    assert store.goal("ana") is None
    store.set_goal("ana", goal.to_dict())
    assert goal_from_dict(store.goal("ana")) == goal
    changed = check_goal(75, date(2030, 3, 31))
    store.set_goal("ana", changed.to_dict())
    assert goal_from_dict(store.goal("ana")) == changed
    assert json.loads(goal_json(changed))["target_date"] == "2030-03-31"
    store.set_goal("ana", None)
    assert store.goal("ana") is None
    store.set_goal("ana", goal.to_dict())
    store.delete_profile("ana")
    store.ensure_profile("ana")
    assert store.goal("ana") is None
