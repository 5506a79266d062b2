from datetime import date

import pytest

from ssi_core.errors import SSIError
from ssi_core.i18n import LANGUAGES
from ssi_core.pillars import (
    GROUP_PILLAR_COLUMNS,
    GROUP_PILLAR_IDS,
    NUMERIC_COLUMNS,
    PILLAR_IDS,
    PILLARS,
    RANGES,
    SNAPSHOT_COLUMNS,
    Snapshot,
    check_value,
)


def test_four_pillars_with_canonical_ids_and_names():
    assert PILLAR_IDS == (
        "professional_brand",
        "find_right_people",
        "insight_engagement",
        "strong_relationship",
    )
    assert [p.api_id for p in PILLARS] == [
        "PROFESSIONAL_BRAND",
        "FIND_RIGHT_PEOPLE",
        "INSIGHT_ENGAGEMENT",
        "STRONG_RELATIONSHIP",
    ]
    assert PILLARS[0].label("es") == "Establece tu marca profesional"
    assert PILLARS[3].label("en") == "Build relationships"


def test_pillar_names_come_from_the_catalogues():
    assert PILLARS[3].short("en") == "Relationships" and PILLARS[0].short("es") == "Marca"
    assert PILLARS[1].label() == "Find the right people"  # English by default
    assert PILLARS[2].label("xx") == "Engage with insights"  # an unknown language: English
    for lang in LANGUAGES:
        labels = {p.label(lang) for p in PILLARS}
        shorts = {p.short(lang) for p in PILLARS}
        assert len(labels) == len(shorts) == 4, lang
        assert not any(name.startswith("pillar.") for name in labels | shorts), lang


def test_snapshot_total_is_the_pillar_sum_when_missing():
    snap = Snapshot(date(2026, 5, 1), None, 21.4, 17.66, 13.78, 19.4)
    assert snap.ssi == pytest.approx(72.24)
    assert snap.industry_ssi is None  # unknown stays unknown, never 0


def test_snapshot_keeps_a_total_without_pillars():
    snap = Snapshot(date(2026, 5, 1), ssi=72)
    assert snap.ssi == 72 and snap.professional_brand is None
    assert snap.pillar_sum() is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("professional_brand", 25.5), ("ssi", -1), ("network_top_pct", 101), ("ssi", "high")],
)
def test_out_of_range_or_non_numbers_are_rejected_naming_field_and_value(field, value):
    with pytest.raises(SSIError) as error:
        Snapshot(date(2026, 5, 1), **{field: value})
    assert field in str(error.value) and str(value) in str(error.value)


def test_check_value_accepts_bounds_and_none():
    assert check_value("find_right_people", 25) == 25.0
    assert check_value("find_right_people", 0) == 0.0
    assert check_value("industry_ssi", None) is None


def test_snapshot_columns_match_design():
    assert SNAPSHOT_COLUMNS == (
        "date",
        "ssi",
        *PILLAR_IDS,
        "industry_ssi",
        "industry_top_pct",
        "network_ssi",
        "network_top_pct",
        "industry",
        "industry_professional_brand",
        "industry_find_right_people",
        "industry_insight_engagement",
        "industry_strong_relationship",
        "network_professional_brand",
        "network_find_right_people",
        "network_insight_engagement",
        "network_strong_relationship",
        "source",
    )


def test_group_pillar_columns_name_each_groups_average_of_each_pillar():
    assert GROUP_PILLAR_COLUMNS["industry"]["professional_brand"] == "industry_professional_brand"
    assert list(GROUP_PILLAR_COLUMNS["network"]) == list(PILLAR_IDS)
    assert GROUP_PILLAR_IDS == tuple(
        c for group in ("industry", "network") for c in GROUP_PILLAR_COLUMNS[group].values()
    )
    assert set(GROUP_PILLAR_IDS) <= set(NUMERIC_COLUMNS)
    assert all(RANGES[c] == (0.0, 25.0) for c in GROUP_PILLAR_IDS)


def test_a_snapshots_group_pillars_are_unknown_unless_given_and_checked_like_pillars():
    snap = Snapshot(date(2026, 5, 1), 38, 20.998, 5.2, 3.95, 7.85, network_professional_brand=13.22)
    assert snap.group_pillars("network")["professional_brand"] == 13.22
    assert snap.group_pillars("industry") == dict.fromkeys(PILLAR_IDS)
    assert snap.professional_brand == 20.998  # the member's own
    with pytest.raises(SSIError, match="industry_strong_relationship"):
        Snapshot(date(2026, 5, 1), industry_strong_relationship=25.5)
