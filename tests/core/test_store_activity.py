"""Weekly activity and the sources of an assessment's answers, on both backends."""

from datetime import date

import pandas as pd

from ssi_core.archive.reader import ACTIVITIES

PILLARS = dict.fromkeys(
    ("professional_brand", "find_right_people", "insight_engagement", "strong_relationship"), 5.0
)


def week(day: date, **counts) -> dict:
    return {"week": day, **dict.fromkeys(ACTIVITIES), **counts}


def test_weekly_activity_is_saved_read_back_and_updated(store):
    assert store.activity("ana").empty
    written = store.save_activity(
        "ana",
        [week(date(2026, 6, 22), posts=2, comments=3, connections=1), week(date(2026, 6, 29))],
    )
    assert written == 2
    stored = store.activity("ana")
    assert list(stored.columns) == ["week", *ACTIVITIES]
    assert list(stored["week"]) == [date(2026, 6, 22), date(2026, 6, 29)]
    assert stored.iloc[0]["posts"] == 2 and pd.isna(stored.iloc[0]["messages_sent"])
    # A smaller archive later: what it knows replaces, what it lacks keeps the known count.
    store.save_activity("ana", [week(date(2026, 6, 24), posts=None, connections=4)])
    first = store.activity("ana").iloc[0]
    assert (first["posts"], first["connections"]) == (2, 4)
    assert len(store.activity("ana")) == 2  # a Wednesday is stored as its Monday


def test_activity_is_per_profile_and_goes_with_it(store):
    store.save_activity("ana", [week(date(2026, 6, 22), posts=1)])
    store.save_activity("bo", [week(date(2026, 6, 22), posts=7)])
    assert store.activity("ana").iloc[0]["posts"] == 1
    assert store.delete_profile("ana")
    assert store.activity("ana").empty
    assert store.activity("bo").iloc[0]["posts"] == 7


def test_an_assessment_remembers_which_answers_came_from_data(store):
    sources = {"connections": {"fact": "connections", "value": 812}}
    store.save_assessment("ana", {"connections": 810}, PILLARS, "v1", sources=sources)
    store.save_assessment("ana", {"connections": 100}, PILLARS, "v1")
    saved = store.assessments("ana")
    assert saved.iloc[0]["sources"] == sources
    assert saved.iloc[1]["sources"] is None
