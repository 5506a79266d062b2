"""Time charts span exactly the days of their data: no axis rounded out to padding weeks."""

from datetime import date, timedelta

import pytest

from ssi_app.charts.groups import pillar_vs_groups_chart
from ssi_app.charts.history import ssi_history_chart
from ssi_app.charts.pillars import pillars_chart
from ssi_app.charts.preview import preview_chart
from ssi_app.charts.ranks import rank_chart
from ssi_app.charts.weekly import weekly_change_chart
from ssi_core import history
from ssi_core.pillars import PILLAR_IDS
from tests.app.test_charts import layers, make_history, with_groups

# The days of the report: measured from Monday 30 November to Friday 25 December 2026.
FIRST, LAST = date(2026, 11, 30), date(2026, 12, 25)


def x_domains(spec: dict) -> list[list[dict]]:
    """Every explicit x domain of a chart's layers, checked to be exact (not rounded out)."""
    domains = []
    for unit in layers(spec):
        scale = unit.get("encoding", {}).get("x", {}).get("scale", {})
        if scale.get("type") == "utc":
            assert scale.get("nice") is False, scale
            domains.append(scale["domain"])
    return domains


def day(value: date) -> dict:
    return {"year": value.year, "month": value.month, "date": value.day, "utc": True}


def test_weekly_changes_span_the_days_of_the_data_not_padding_weeks():
    frame = make_history((LAST - FIRST).days + 1, start=FIRST)
    spec = weekly_change_chart(
        history.weekly_changes(frame), None, "en", span=(FIRST, LAST)
    ).to_dict()
    assert x_domains(spec) == [[day(FIRST), day(LAST)]]
    rows = spec["datasets"][spec["data"]["name"]]
    # The last week's bar ends on the last day measured, inside the axis.
    assert rows[-1]["week_end"] == LAST.isoformat() and rows[-1]["monday"] == "2026-12-21"
    assert min(row["date"] for row in rows) >= FIRST.isoformat()


def test_weekly_changes_without_a_span_run_from_the_first_monday_to_the_last_sunday():
    frame = make_history(26, start=FIRST)  # to Friday 25 December
    spec = weekly_change_chart(history.weekly_changes(frame)).to_dict()
    assert x_domains(spec) == [[day(FIRST), day(date(2026, 12, 27))]]


@pytest.mark.parametrize("days", [3, 26, 400])
def test_every_time_chart_spans_the_first_to_the_last_day_of_its_data(days):
    frame = make_history(days, start=FIRST)
    last = FIRST + timedelta(days=days - 1)
    charts = {
        "history": ssi_history_chart(frame, events=history.annotate_events(frame)),
        "stacked": pillars_chart(frame),
        "small_multiples": pillars_chart(frame, mode="small_multiples"),
        "ranks": rank_chart(frame),
        "preview": preview_chart(frame),
        "groups": pillar_vs_groups_chart(with_groups(frame), PILLAR_IDS[0]),
    }
    for name, chart in charts.items():
        domains = x_domains(chart.to_dict())
        assert domains, name
        assert all(domain == [day(FIRST), day(last)] for domain in domains), (name, domains)
