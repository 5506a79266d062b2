"""The demo profile: plausible days, the member's pillars beside their groups' averages."""

from datetime import date

import pytest

from ssi_core import history
from ssi_core.demo import DEMO_DAYS, demo_history
from ssi_core.pillars import (
    GROUP_PILLAR_COLUMNS,
    GROUP_PILLAR_IDS,
    PILLAR_IDS,
    SNAPSHOT_COLUMNS,
    Snapshot,
)

END = date(2026, 6, 1)


def test_the_demo_has_every_column_and_every_day_passes_the_snapshot_checks():
    frame = demo_history(END)
    assert list(frame.columns) == list(SNAPSHOT_COLUMNS) and len(frame) == DEMO_DAYS
    for record in frame.to_dict(orient="records"):
        Snapshot(**record)  # in range, or it raises
    assert frame[list(GROUP_PILLAR_IDS)].notna().all().all()


def test_each_groups_pillars_add_up_to_that_groups_average_every_day():
    frame = demo_history(END)
    for group, columns in GROUP_PILLAR_COLUMNS.items():
        total = frame[list(columns.values())].sum(axis=1)
        assert (total - frame[f"{group}_ssi"]).abs().max() < 0.05


def test_a_first_visit_shows_the_member_beside_the_groups():
    summary = history.summarise(demo_history(END))
    assert summary.latest_pillars == dict(zip(PILLAR_IDS, (21.4, 17.66, 13.78, 19.4), strict=True))
    assert summary.latest_group_pillars == {
        "industry": dict(zip(PILLAR_IDS, (4.2, 3.1, 2.1, 12.6), strict=True)),
        "network": dict(zip(PILLAR_IDS, (7.0, 7.5, 2.4, 20.1), strict=True)),
    }
    assert summary.group_pillars_date == {"industry": END, "network": END}
    leads = history.lead_over_groups(summary)
    assert leads["network"]["insight_engagement"] == pytest.approx(11.38)
    assert leads["network"]["strong_relationship"] == pytest.approx(-0.7)  # one to work on
