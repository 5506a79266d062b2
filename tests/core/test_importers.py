"""Every real format of the issue, read from a fixture file, with the values a user would check."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from ssi_core.errors import SSIError
from ssi_core.importers import ImportResult, parse_bytes, parse_path, parse_text
from ssi_core.pillars import GROUP_PILLAR_COLUMNS, GROUP_PILLAR_IDS, PILLAR_IDS, SNAPSHOT_COLUMNS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
TODAY = date(2026, 6, 1)
DEFAULT_DAY = date(2026, 5, 30)


def read(name: str, **kw) -> ImportResult:
    return parse_path(FIXTURES / name, today=TODAY, default_date=DEFAULT_DAY, **kw)


def day(result: ImportResult, when: str) -> dict:
    rows = result.snapshots[result.snapshots["date"] == date.fromisoformat(when)]
    assert len(rows) == 1, f"{when} not in {list(result.snapshots['date'])}"
    return rows.iloc[0].to_dict()


def unknown(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def every_value(result: ImportResult, when: str) -> dict:
    """The whole imported day, None for unknown (so a comparison names every column)."""
    return {k: None if unknown(v) else v for k, v in day(result, when).items()}


def groups(industry: tuple | None, network: tuple | None) -> dict:
    """The eight group pillar columns from the four values of each group (None: unknown)."""
    values = {}
    for group, four in (("industry", industry), ("network", network)):
        for pid, value in zip(PILLAR_IDS, four or (None,) * 4, strict=True):
            values[GROUP_PILLAR_COLUMNS[group][pid]] = value
    return values


def reasons(result: ImportResult) -> list[tuple[int | None, str]]:
    return [(item.row, item.code) for item in result.skipped]


def check_shape(result: ImportResult) -> None:
    frame = result.snapshots
    assert tuple(frame.columns) == SNAPSHOT_COLUMNS
    assert all(type(d) is date for d in frame["date"])
    assert list(frame["date"]) == sorted(set(frame["date"]))
    assert set(frame["source"]) == {result.format}
    assert result.rows_read == result.rows_accepted + len(result.skipped)


# --- 1. LinkedIn's SSI JSON ------------------------------------------------------------------


def test_linkedin_json_from_the_issue():
    result = read("linkedin_ssi.json")
    check_shape(result)
    assert result.format == "linkedin_json"
    assert result.rows_read == 1 and result.skipped == []
    row = day(result, "2026-05-30")
    assert row["ssi"] == pytest.approx(19.705751)
    assert row["professional_brand"] == pytest.approx(13.118002)
    assert row["find_right_people"] == pytest.approx(3.68)
    assert row["insight_engagement"] == pytest.approx(0.29999998)
    assert row["strong_relationship"] == pytest.approx(2.6077502)
    assert row["industry_ssi"] == pytest.approx(30.99)
    assert row["industry_top_pct"] == 75
    assert row["network_ssi"] == pytest.approx(32.72)
    assert row["network_top_pct"] == 81
    assert row["industry"] is None
    assert [w.code for w in result.warnings] == ["warning.dated_default"]


def test_linkedin_json_with_empty_group_sub_scores_leaves_the_group_pillars_unknown():
    row = day(read("linkedin_ssi.json"), "2026-05-30")
    assert all(unknown(row[column]) for column in GROUP_PILLAR_IDS)  # NULL, never 0


def test_linkedin_json_without_default_date_is_dated_today():
    data = (FIXTURES / "linkedin_ssi.json").read_bytes()
    result = parse_bytes(data, "ssi.json", today=TODAY)
    assert list(result.snapshots["date"]) == [TODAY]


def test_wrapped_response_uses_only_the_members_pillars():
    """A TEAM group and group sub-scores (per-pillar averages) never leak into the pillars."""
    result = read("linkedin_ssi_wrapped.json")
    row = day(result, "2026-05-30")
    assert result.format == "linkedin_json"
    assert (row["ssi"], row["professional_brand"], row["find_right_people"]) == (72.24, 21.4, 17.66)
    assert (row["insight_engagement"], row["strong_relationship"]) == (13.78, 19.4)
    assert (row["industry_ssi"], row["industry_top_pct"]) == (22.0, 3.0)
    assert (row["network_ssi"], row["network_top_pct"]) == (37.0, 3.0)
    assert row["industry"] == "Computer Software"
    # The groups' sub-scores are the groups' pillars, each in its own column; TEAM has none.
    assert {c: row[c] for c in GROUP_PILLAR_IDS} == groups(
        (6.2, 5.1, 4.7, 6.0), (9.4, 8.3, 7.4, 11.9)
    )


def test_linkedin_history_array_with_dates_timestamps_and_a_failed_capture():
    result = read("linkedin_history.json")
    check_shape(result)
    assert result.format == "linkedin_json_history"
    assert result.rows_read == 5
    assert reasons(result) == [(2, "reason.failed_capture"), (5, "reason.future_date")]
    assert list(result.snapshots["date"]) == [date(2026, 5, 1), date(2026, 5, 3)]
    # Two captures on 2026-05-03 (epoch ms at 08:00 UTC, ISO at 21:40): the later one wins.
    later = day(result, "2026-05-03")
    assert later["ssi"] == 61.4 and later["industry_top_pct"] == 4
    assert unknown(later["network_ssi"])  # that capture had no NETWORK group: unknown, not 0
    assert [(w.code, w.params["date"]) for w in result.warnings] == [
        ("warning.same_day", "2026-05-03")
    ]


def test_linkedin_json_lines_with_fecha_and_a_broken_line():
    result = read("linkedin_history.jsonl")
    assert result.format == "linkedin_json_history"
    assert reasons(result) == [(3, "reason.not_a_record")]
    assert list(result.snapshots["date"]) == [date(2026, 4, d) for d in (10, 11, 13)]
    assert day(result, "2026-04-13")["network_top_pct"] == 11
    assert unknown(day(result, "2026-04-10")["industry_ssi"])


def test_a_pasted_linkedin_response_is_read_like_a_file():
    text = (FIXTURES / "linkedin_ssi.json").read_text()
    result = parse_text(text, default_date=date(2026, 5, 2), today=TODAY)
    assert result.format == "linkedin_json" and result.encoding is None
    assert day(result, "2026-05-02")["network_ssi"] == pytest.approx(32.72)


# --- 2. A saved SSI page ----------------------------------------------------------------------


def test_saved_page_finds_the_ssi_json_among_other_code_elements():
    result = read("ssi_page.html")
    check_shape(result)
    assert result.format == "html_page"
    row = day(result, "2026-05-30")
    assert row["ssi"] == 72.24
    assert [row[p] for p in SNAPSHOT_COLUMNS[2:6]] == [21.4, 17.66, 13.78, 19.4]
    assert (row["industry_ssi"], row["industry_top_pct"]) == (22.0, 3.0)
    assert (row["network_ssi"], row["network_top_pct"]) == (37.0, 3.0)
    assert row["industry"] == "Research & Development"  # &amp; unescaped once
    assert all(unknown(row[column]) for column in GROUP_PILLAR_IDS)  # subScores were empty


def test_saved_page_without_json_falls_back_to_its_visible_text():
    page = (
        "<html><body><div><span>Establish your professional brand</span><span>21.4</span></div>"
        "<div>Find the right people</div><div>17.66</div>"
        "<table><tr><td>Engage with insights</td><td>13.78</td></tr>"
        "<tr><td>Build relationships</td><td>19.4</td></tr></table></body></html>"
    )
    result = parse_bytes(page.encode(), "page.html", today=TODAY, default_date=DEFAULT_DAY)
    row = day(result, "2026-05-30")
    assert result.format == "html_page"
    assert [row[p] for p in SNAPSHOT_COLUMNS[2:6]] == [21.4, 17.66, 13.78, 19.4]
    assert row["ssi"] == pytest.approx(72.24)  # no total on the page: the pillar sum


def test_saved_page_text_reads_the_group_blocks_by_their_headings():
    page = (
        "<html><body><section><h2>Os quatro componentes da sua pontuação</h2>"
        "<div>20,99</div><div>Estabelecer sua marca profissional</div>"
        "<div>5,2</div><div>Localizar as pessoas certas</div>"
        "<div>3,95</div><div>Interagir oferecendo insights</div>"
        "<div>7,85</div><div>Criar relacionamentos</div></section>"
        "<section><h3>Pessoas na sua rede</h3><p>SSI médio</p><p>40 de 100</p>"
        "<div>13,22</div><div>Estabelecer sua marca profissional</div>"
        "<div>8,1</div><div>Localizar as pessoas certas</div>"
        "<div>2,4</div><div>Interagir oferecendo insights</div>"
        "<div>16,3</div><div>Criar relacionamentos</div></section></body></html>"
    )
    result = parse_bytes(page.encode(), "ssi.html", today=TODAY, default_date=DEFAULT_DAY)
    assert result.format == "html_page"
    assert every_value(result, "2026-05-30") == {
        "date": DEFAULT_DAY,
        "ssi": pytest.approx(37.99),
        "professional_brand": 20.99,
        "find_right_people": 5.2,
        "insight_engagement": 3.95,
        "strong_relationship": 7.85,
        "industry_ssi": None,
        "industry_top_pct": None,
        "network_ssi": 40,
        "network_top_pct": None,
        "industry": None,
        **groups(None, (13.22, 8.1, 2.4, 16.3)),
        "source": "html_page",
    }


# --- 3. Copied page text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "page_text_en_old.txt",
            dict(ssi=72, pillars=[21.4, 17.66, 13.78, 19.4], industry=(22, 3), network=(37, 3)),
        ),
        (
            "page_text_es_new.txt",
            dict(ssi=58, pillars=[16.2, 12.85, 11.5, 17.45], industry=(27, 4), network=(33, 9)),
        ),
        (
            "page_text_pt_new.txt",
            dict(ssi=38, pillars=[8.38, 9.1, 4.75, 15.77], industry=(34, 83), network=(40, 41)),
        ),
    ],
)
def test_page_text_in_three_languages_and_two_layouts(name, expected):
    result = read(name)
    check_shape(result)
    assert result.format == "page_text"
    row = day(result, "2026-05-30")
    assert row["ssi"] == expected["ssi"]
    assert [row[p] for p in SNAPSHOT_COLUMNS[2:6]] == expected["pillars"]
    assert (row["industry_ssi"], row["industry_top_pct"]) == expected["industry"]
    assert (row["network_ssi"], row["network_top_pct"]) == expected["network"]


def test_portuguese_page_text_with_the_averages_under_group_headings():
    """'Pessoas no seu setor / SSI médio / 36 de 100': the heading says whose average it is."""
    result = read("page_text_pt_groups.txt")
    check_shape(result)
    assert result.format == "page_text" and result.skipped == []
    assert every_value(result, "2026-05-30") == {
        "date": DEFAULT_DAY,
        "ssi": 38,
        "professional_brand": 20.99,
        "find_right_people": 5.2,
        "insight_engagement": 3.95,
        "strong_relationship": 7.85,
        "industry_ssi": 36,
        "industry_top_pct": 9,
        "network_ssi": 40,
        "network_top_pct": 83,
        "industry": None,
        **groups(None, None),  # the page did not show the groups' pillars
        "source": "page_text",
    }
    assert [w.code for w in result.warnings] == ["warning.dated_default"]


def test_portuguese_page_text_with_the_groups_pillars_under_their_headings():
    result = read("page_text_pt_group_pillars.txt")
    check_shape(result)
    assert every_value(result, "2026-05-30") == {
        "date": DEFAULT_DAY,
        "ssi": 38,
        "professional_brand": 20.99,
        "find_right_people": 5.2,
        "insight_engagement": 3.95,
        "strong_relationship": 7.85,
        "industry_ssi": 36,
        "industry_top_pct": 9,
        "network_ssi": 40,
        "network_top_pct": 83,
        "industry": None,
        **groups((9.61, 9.05, 2.1, 15.2), (13.22, 8.1, 2.4, 16.3)),
        "source": "page_text",
    }
    assert [w.code for w in result.warnings] == ["warning.dated_default"]


def test_page_text_pasted_into_the_text_box():
    text = (FIXTURES / "page_text_pt_new.txt").read_text(encoding="utf-8")
    result = parse_text(text, default_date=date(2026, 5, 19), today=TODAY)
    row = day(result, "2026-05-19")
    assert row["professional_brand"] == 8.38 and row["industry_top_pct"] == 83


def test_page_text_value_out_of_range_rejects_with_line_and_reason():
    text = "Establish your professional brand\t27.5\nFind the right people\t12"
    with pytest.raises(SSIError) as error:
        parse_text(text, today=TODAY, default_date=DEFAULT_DAY)
    message = str(error.value)
    assert message.startswith("The pasted text: no row could be imported.")
    assert "Row 1: Establish your professional brand = 27.5 is outside 0–25" in message


# --- 4. Wide CSV / spreadsheets ---------------------------------------------------------------


def test_tracker_with_bom_crlf_integers_and_two_captures_a_day():
    result = read("tracker_bom_crlf.csv")
    check_shape(result)
    assert result.format == "csv_wide" and result.encoding == "utf-8-sig"
    assert list(result.snapshots["ssi"]) == [52, 53, 54]
    assert day(result, "2026-03-11")["insight_engagement"] == 11  # the 19:02 capture wins
    assert [(w.code, w.row) for w in result.warnings] == [("warning.same_day", 4)]
    assert result.ignored_columns == []


def test_tracker_with_zero_rows_and_top_percent_ranks():
    result = read("tracker_zero_rows.csv")
    check_shape(result)
    assert reasons(result) == [(3, "reason.failed_capture"), (6, "reason.failed_capture")]
    assert result.ignored_columns == ["Total_Connections", "Profile_Views"]
    row = day(result, "2026-03-04")
    assert (row["ssi"], row["industry_top_pct"], row["network_top_pct"]) == (49.2, 8, 11)
    assert unknown(row["industry_ssi"]) and unknown(row["network_ssi"])
    assert [w.code for w in result.warnings] == ["warning.same_day"]


def test_the_projects_own_export_reads_back_exactly():
    result = read("ssi_export.csv")
    check_shape(result)
    assert result.format == "ssi_export" and result.ignored_columns == []
    assert day(result, "2026-02-04")["industry"] == "=Research + Development"  # quote undone
    only_groups = day(result, "2026-02-03")
    assert unknown(only_groups["ssi"]) and unknown(only_groups["professional_brand"])
    assert only_groups["industry_top_pct"] == 3
    assert unknown(day(result, "2026-02-02")["industry_ssi"])


def test_overall_score_export_with_date_created_timestamps():
    result = read("ssi_overall.csv")
    assert result.format == "csv_wide"
    assert list(result.snapshots["ssi"]) == [33.41, 33.9, 34.6]
    assert day(result, "2026-03-03")["strong_relationship"] == 10.7  # 18:01 beats 09:15


def test_json_list_of_daily_values():
    result = read("daily_values.json")
    check_shape(result)
    assert result.format == "json_list"
    assert reasons(result) == [(4, "reason.not_a_number")]
    assert result.skipped[0].params["field"] == "total"
    assert day(result, "2026-01-11")["ssi"] == pytest.approx(50.1)  # no total: the pillar sum
    third = day(result, "2026-01-12")
    assert third["professional_brand"] == 15.7 and unknown(third["find_right_people"])
    assert third["ssi"] == 52.9


def test_spanish_sheet_cp1252_semicolons_decimal_commas_day_first():
    result = read("hoja_es_cp1252.csv")
    check_shape(result)
    assert result.encoding == "cp1252"
    assert result.date_order == "day_first"
    assert list(result.snapshots["date"]) == [date(2026, 4, d) for d in (3, 4, 13, 15)]
    row = day(result, "2026-04-03")
    assert (row["ssi"], row["professional_brand"], row["insight_engagement"]) == (45.5, 12.25, 9.75)
    assert (row["industry_ssi"], row["network_ssi"]) == (24, 31)
    # "n/d" (no disponible) is unknown: NULL, and so is the total it would need.
    last = day(result, "2026-04-15")
    assert unknown(last["find_right_people"]) and unknown(last["ssi"])
    assert last["professional_brand"] == 12.8 and unknown(last["industry_ssi"])
    assert reasons(result) == [(5, "reason.out_of_range")]
    assert result.skipped[0].message == "Row 5: Marca = 27.5 is outside 0–25"
    assert result.ignored_columns == ["Notas"]


def test_excel_unicode_text_utf16_tabs_month_first():
    result = read("excel_unicode.txt")
    check_shape(result)
    assert result.encoding == "utf-16" and result.date_order == "month_first"
    assert list(result.snapshots["date"]) == [
        date(2026, 4, 10),
        date(2026, 4, 13),
        date(2026, 4, 14),
    ]
    assert day(result, "2026-04-14")["industry_top_pct"] == 4  # "Top 4 %"
    assert day(result, "2026-04-10")["network_top_pct"] == 7


def test_xlsx_workbook_second_sheet_title_row_and_date_cells():
    result = read("workbook.xlsx")
    check_shape(result)
    assert result.format == "xlsx" and result.encoding is None
    assert list(result.snapshots["date"]) == [date(2026, 1, d) for d in (5, 12, 19, 26)]
    assert day(result, "2026-01-19")["ssi"] == 32.0  # a text cell "32,0"
    last = day(result, "2026-01-26")
    assert unknown(last["ssi"]) and unknown(last["find_right_people"])
    assert last["industry"] == "Tecnologia"


# --- 5. The Portuguese long layout ------------------------------------------------------------


def test_long_layout_sections_say_whose_each_value_is():
    """The same field under the member's, the industry's and the network's section: each lands
    in its owner's column, whatever the order of the sections in the capture."""
    result = read("rastreador_longo_secoes.csv")
    check_shape(result)
    assert result.format == "csv_long"
    assert result.rows_read == 2 and result.skipped == []
    assert list(result.snapshots["date"]) == [date(2026, 5, 26), date(2026, 5, 27)]
    assert every_value(result, "2026-05-26") == {
        "date": date(2026, 5, 26),
        "ssi": 38,
        "professional_brand": 20.998,  # the member's own, not the network's 13.22
        "find_right_people": 5.2,
        "insight_engagement": 3.95,
        "strong_relationship": 7.85,
        "industry_ssi": 36,
        "industry_top_pct": 9,
        "network_ssi": 40,
        "network_top_pct": 83,
        "industry": None,
        **groups((9.61, 9.05, 2.1, 15.2), (13.22, 8.1, 2.4, 16.3)),
        "source": "csv_long",
    }
    # Here the network's section comes first and the industry shows its average only; the
    # team's section says nothing about whose its values are, so none of them is read.
    assert every_value(result, "2026-05-27") == {
        "date": date(2026, 5, 27),
        "ssi": 38,
        "professional_brand": 21.05,
        "find_right_people": 5.3,
        "insight_engagement": 4.1,
        "strong_relationship": 7.9,
        "industry_ssi": 36,
        "industry_top_pct": 9,
        "network_ssi": 40,
        "network_top_pct": 82,
        "industry": None,
        **groups(None, (13.3, 8.1, 2.5, 16.3)),
        "source": "csv_long",
    }
    (warning,) = result.warnings
    assert warning.code == "warning.unplaced_section" and warning.row == 26
    assert warning.params["section"] == "Média da sua equipe"
    assert warning.message == (
        "Row 26: SSI médio, Estabelecer sua marca profissional, Localizar as pessoas certas, "
        "Interagir oferecendo insights, … under 'Média da sua equipe' not read: that section "
        "does not say whose values they are (yours, your industry's or your network's)"
    )
    assert result.ignored_columns == ["Conexões"]


def test_portuguese_long_layout():
    result = read("rastreador_longo.csv")
    check_shape(result)
    assert result.format == "csv_long"
    first = day(result, "2026-05-19")
    assert first["professional_brand"] == pytest.approx(20.998)
    assert (first["ssi"], first["industry_top_pct"], first["network_top_pct"]) == (38, 9, 83)
    assert (first["industry_ssi"], first["network_ssi"]) == (34, 40)
    second = day(result, "2026-05-20")
    assert second["professional_brand"] == 21.1  # valor_numerico empty: "21,1" as written
    assert second["industry_top_pct"] == 9  # "Primeiros 9%"
    assert second["ssi"] == pytest.approx(38.2)
    assert unknown(second["network_ssi"])
    # The bad value is reported on its own line, and its whole capture is left out.
    assert reasons(result) == [(17, "reason.out_of_range")]
    assert "Estabelecer sua marca profissional = 29.5" in result.skipped[0].message
    assert result.ignored_columns == ["Conexões"]
    assert result.warnings == []  # "Benchmark" holds only values that name their group
    assert all(unknown(first[column]) for column in GROUP_PILLAR_IDS)


@pytest.mark.parametrize(
    "text",
    [
        "Establece tu marca profesional\t16,2\nEncuentra a las personas adecuadas\t12,85\n"
        "Interactúa ofreciendo información\t11,5\nCrea relaciones\t17,45\n",
        "Estabelecer sua marca profissional: 16,2\nLocalizar as pessoas certas: 12,85\n"
        "Interagir oferecendo insights: 11,5\nCriar relacionamentos: 17,45\n",
    ],
)
def test_page_text_old_layout_in_spanish_and_portuguese(text):
    result = parse_text(text, today=TODAY, default_date=DEFAULT_DAY)
    row = day(result, "2026-05-30")
    assert [row[p] for p in SNAPSHOT_COLUMNS[2:6]] == [16.2, 12.85, 11.5, 17.45]
    assert row["ssi"] == pytest.approx(58.0)
