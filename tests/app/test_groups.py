"""The member's pillars against the industry's and the network's, where a user compares."""

from datetime import date, timedelta

import pandas as pd

from ssi_core.store import Store
from tests.app.conftest import open_page

# A real sample: far ahead on insights, just behind both groups on relationships.
DAY = {
    "ssi": 45.0,
    "professional_brand": 12.0,
    "find_right_people": 7.75,
    "insight_engagement": 10.25,
    "strong_relationship": 15.0,
    "industry_insight_engagement": 2.09,
    "industry_strong_relationship": 15.16,
    "network_insight_engagement": 2.38,
    "network_strong_relationship": 16.31,
}


def seed(app_db) -> None:
    days = [date.today() - timedelta(days=n) for n in (1, 0)]
    Store(app_db).import_snapshots("default", pd.DataFrame([{"date": d, **DAY} for d in days]))


def texts(at) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption])


def test_my_ssi_marks_the_group_averages_and_says_where_the_member_stands(app, app_db):
    seed(app_db)
    app.run()
    shown = texts(app)
    assert "**Engage with insights** (10.25): ahead of your industry (2.09)" in shown
    assert (
        "**Build relationships** (15): behind your industry (15.16) and your network (16.31)"
        in shown
    )
    meters = app.get("html")[0].proto.body
    assert meters.count("ssi-group-mark") == 4  # two pillars, two groups each
    assert "Network average: 16.31" in meters


def test_the_plan_starts_with_the_pillar_that_trails_the_groups_and_says_why(app, app_db):
    seed(app_db)
    app.run()
    open_page(app, "plan")
    assert any("trail your industry or your network" in c.value for c in app.caption)
    first = app.expander[0]
    assert first.label.startswith("Build relationships")
    assert any("1.31 points behind" in c.value for c in first.caption)


def test_self_assessment_puts_the_estimate_beside_the_measured_pillars_and_averages(app, app_db):
    seed(app_db)
    app.run()
    open_page(app, "assessment")
    table = next(m.value for m in app.markdown if "Industry average" in m.value)
    row = next(line for line in table.splitlines() if line.startswith("| Build relationships"))
    assert row.endswith("| 0 | 15 | -15 | 15.16 | 16.31 |") and "Network average" in table


def test_history_breaks_at_a_hole_says_how_much_is_missing_and_charts_a_pillar_by_group(
    app, app_db
):
    days = [date(2026, 9, 1) + timedelta(days=n) for n in range(30) if not 10 <= n < 24]
    Store(app_db).import_snapshots("default", pd.DataFrame([{"date": d, **DAY} for d in days]))
    app.run()
    open_page(app, "history")
    assert any("14 days without a capture, in one gap" in c.value for c in app.caption)
    assert [tab.label for tab in app.tabs] == [
        "Pillars",
        "Week by week",
        "Against your groups",
        "Ranks",
        "Activity",
    ]
    app.session_state["history_view"] = "Against your groups"  # only the open tab is drawn
    app.run()
    assert any(c.value == "A pillar against your industry and network" for c in app.caption)
    app.session_state["history_group_pillar"] = "strong_relationship"
    app.run()
    assert not app.exception
    specs = [chart.proto.spec for chart in app.get("vega_lite_chart")]
    assert any("Relationships" in spec and "Network average" in spec for spec in specs)


def test_my_ssi_leads_to_the_plan_with_or_without_group_averages(app, app_db):
    days = [date.today() - timedelta(days=n) for n in (1, 0)]
    plain = {k: v for k, v in DAY.items() if not k.startswith(("industry_", "network_"))}
    Store(app_db).import_snapshots("default", pd.DataFrame([{"date": d, **plain} for d in days]))
    app.run()
    # Besides the pillar notes' links to the explainer, one link: to the plan.
    assert [p.proto.page for p in app.get("page_link") if p.proto.page != "about"] == ["plan"]
    assert not app.get("html")[0].proto.body.count("ssi-group-mark")
