"""CSV and JSON export: canonical columns, oldest first, unknown empty/null, spreadsheet-safe."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from ssi_core.export import neutralise, to_csv, to_json
from ssi_core.importers import parse_bytes
from ssi_core.importers.report import format_report, groups_read
from ssi_core.pillars import EXPORT_COLUMNS, GROUP_PILLAR_IDS, SNAPSHOT_COLUMNS

TODAY = date(2026, 6, 1)


def history() -> pd.DataFrame:
    rows = [
        {
            "date": date(2026, 5, 2),
            "ssi": 19.705751,
            "professional_brand": 13.118002,
            "find_right_people": 3.68,
            "insight_engagement": 0.29999998,
            "strong_relationship": 2.6077502,
            "industry_ssi": 30.99,
            "industry_top_pct": 75.0,
            "network_ssi": 32.72,
            "network_top_pct": 81.0,
            "industry": '=HYPERLINK("x")',
            "industry_professional_brand": 9.61,
            "industry_find_right_people": 9.05,
            "industry_insight_engagement": 2.1,
            "industry_strong_relationship": 15.2,
            "network_professional_brand": 13.22,
            "network_insight_engagement": 2.4,
            "network_strong_relationship": 16.3,
            "source": "linkedin_json",
        },
        {
            "date": date(2026, 5, 1),
            "ssi": 64.0,
            "industry": '-Sales; Marketing, "Ops"',
            "source": "csv_wide",
        },
        {
            "date": date(2026, 5, 3),
            "ssi": None,
            "professional_brand": 0.0,
            "insight_engagement": 4.5,
            "industry": None,
            "source": "page_text",
        },
    ]
    frame = pd.DataFrame(rows)
    return frame.reindex(columns=list(SNAPSHOT_COLUMNS))


def test_json_is_a_list_of_snapshots_oldest_first_with_null_for_unknown():
    records = json.loads(to_json(history()))
    assert [r["date"] for r in records] == ["2026-05-01", "2026-05-02", "2026-05-03"]
    assert all(list(r) == list(EXPORT_COLUMNS) for r in records)
    assert records[0]["professional_brand"] is None and records[0]["ssi"] == 64.0
    assert records[1]["ssi"] == 19.705751 and records[1]["industry_top_pct"] == 75.0
    assert records[2]["ssi"] is None and records[2]["professional_brand"] == 0.0
    assert records[1]["industry"] == '=HYPERLINK("x")'  # JSON is data, not a spreadsheet


def test_the_export_columns_are_the_canonical_order_with_the_group_pillars_after_industry():
    assert EXPORT_COLUMNS == (
        "date",
        "ssi",
        "professional_brand",
        "find_right_people",
        "insight_engagement",
        "strong_relationship",
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
    )
    assert SNAPSHOT_COLUMNS == (*EXPORT_COLUMNS, "source")


def test_csv_has_the_header_dot_decimals_and_empty_unknowns():
    lines = to_csv(history()).splitlines()
    assert lines[0] == ",".join(EXPORT_COLUMNS)
    assert lines[1] == '2026-05-01,64.0,,,,,,,,,"\'-Sales; Marketing, ""Ops""",,,,,,,,'
    assert lines[2] == (
        "2026-05-02,19.705751,13.118002,3.68,0.29999998,2.6077502,30.99,75.0,32.72,81.0,"
        '"\'=HYPERLINK(""x"")",9.61,9.05,2.1,15.2,13.22,,2.4,16.3'
    )
    assert lines[3] == "2026-05-03,,0.0,,4.5,,,,,,,,,,,,,,"


def test_json_carries_the_group_pillars_with_null_where_unknown():
    records = json.loads(to_json(history()))
    assert [records[1][c] for c in GROUP_PILLAR_IDS] == [
        9.61,
        9.05,
        2.1,
        15.2,
        13.22,
        None,
        2.4,
        16.3,
    ]
    assert all(records[i][c] is None for i in (0, 2) for c in GROUP_PILLAR_IDS)


def test_csv_neutralises_text_that_a_spreadsheet_would_run():
    text = to_csv(history())
    assert "'=HYPERLINK" in text and '"\'-Sales; Marketing, ""Ops"""' in text
    assert neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise("+1") == "'+1"
    assert neutralise("Software") == "Software" and neutralise(None) is None


def test_empty_history_exports_a_header_and_an_empty_list():
    empty = history().iloc[0:0]
    assert to_csv(empty) == ",".join(EXPORT_COLUMNS) + "\n"
    assert json.loads(to_json(empty)) == []


def test_export_then_import_gives_back_the_same_history():
    original = history().sort_values("date").reset_index(drop=True)
    for text in (to_csv(original), to_json(original)):
        result = parse_bytes(text.encode(), "export", today=TODAY)
        assert result.format == "ssi_export" and result.skipped == []
        back = result.snapshots.drop(columns="source")
        pd.testing.assert_frame_equal(
            back, original.drop(columns="source"), check_dtype=False, check_exact=True
        )


def test_every_text_cell_is_quoted_and_a_bare_carriage_return_cannot_start_a_formula():
    frame = history().iloc[[2]].copy()
    frame["industry"] = "Sales\r=cmd|' /C calc'!A0"
    (line,) = to_csv(frame).splitlines()[1:]
    assert line.endswith(",\"Sales =cmd|' /C calc'!A0\"" + "," * len(GROUP_PILLAR_IDS))
    assert "\r" not in to_csv(frame)
    assert neutralise("\x1b[31mred\tcell") == " [31mred cell"


def test_an_export_written_before_the_group_pillars_still_reads_back_as_an_export():
    earlier = [c for c in EXPORT_COLUMNS if c not in GROUP_PILLAR_IDS]
    row = '2026-05-01,64.0,16.0,16.0,16.0,16.0,22.0,3.0,37.0,3.0,"Software"'
    text = ",".join(earlier) + "\n" + row + "\n"
    result = parse_bytes(text.encode(), "old export.csv", today=TODAY)
    assert result.format == "ssi_export" and result.ignored_columns == []
    row = result.snapshots.iloc[0]
    assert (row["ssi"], row["industry"], row["network_top_pct"]) == (64.0, "Software", 3.0)
    assert row[list(GROUP_PILLAR_IDS)].isna().all()  # unknown, never 0


def test_control_characters_in_text_are_dropped_on_import():
    text = 'date,ssi,industry\n2026-05-01,64,"Sales\t\rOps"\n'
    result = parse_bytes(text.encode(), "tracker.csv", today=TODAY)
    assert result.snapshots["industry"].tolist() == ["Sales Ops"]


def test_the_import_report_says_on_how_many_days_each_group_was_read():
    frame = history().sort_values("date").reset_index(drop=True)
    frame.loc[0, "network_strong_relationship"] = 16.31
    result = parse_bytes(to_csv(frame).encode(), "export.csv", today=TODAY)
    # 1 May: a network pillar only; 2 May: both averages and both groups' pillars.
    assert groups_read(result) == {
        "industry": {"average": 1, "pillars": 1},
        "network": {"average": 1, "pillars": 2},
    }
    assert "Days with the network's average SSI: 1, with its pillar averages: 2." in (
        format_report(result)
    )
