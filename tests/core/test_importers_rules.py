"""The rules every format shares: rejected rows and their reasons, NULL never 0, dates, numbers,
encodings, whole-file rejections, the plan and the report."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from ssi_core.errors import SSIError
from ssi_core.importers import ImportRejected, parse_bytes, parse_path, parse_text
from ssi_core.importers.model import upload_limit_bytes
from ssi_core.importers.report import format_report, plan_against
from ssi_core.importers.synonyms import normalise, synonym_tables
from ssi_core.importers.values import parse_number
from ssi_core.pillars import GROUP_PILLAR_IDS, PILLAR_IDS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
TODAY = date(2026, 6, 1)


def csv(text: str, name: str = "sheet.csv", **kw):
    kw.setdefault("today", TODAY)
    return parse_bytes(text.encode("utf-8"), name, **kw)


def unknown(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# --- rows rejected with their reason --------------------------------------------------------


def test_every_bad_row_is_skipped_with_its_row_number_and_reason():
    result = parse_path(FIXTURES / "bad_rows.csv", today=TODAY)
    assert [(item.row, item.message) for item in result.skipped] == [
        (3, "Row 3: brand = 26.5 is outside 0–25"),
        (4, "Row 4: people = 'lots' is not a number"),
        (5, "Row 5: the date 2027-01-01 is in the future"),
        (6, "Row 6: no date"),
        (8, "Row 8: '2026-04-31' is not a date"),
    ]
    assert result.rows_read == 8 and result.rows_accepted == 3
    assert result.ignored_columns == ["notes"]
    mismatch = [w for w in result.warnings if w.code == "warning.sum_mismatch"]
    assert [(w.row, w.params["ssi"], w.params["sum"]) for w in mismatch] == [(7, "60", "56.1")]


def test_unknown_values_stay_null_never_zero():
    result = parse_path(FIXTURES / "bad_rows.csv", today=TODAY)
    last = result.snapshots.iloc[-1]
    assert last["date"] == date(2026, 4, 5)
    assert unknown(last["ssi"])  # a pillar is unknown, so the total is too
    assert unknown(last["find_right_people"]) and unknown(last["industry_ssi"])
    assert last["professional_brand"] == 15.8


def test_total_without_pillars_is_fine_and_pillars_without_total_give_the_sum():
    result = csv(
        "Date,SSI,Brand,People,Insights,Relationships\n2026-05-01,64,,,,\n"
        "2026-05-02,,16.5,15.25,14,19.1\n"
    )
    first, second = result.snapshots.iloc[0], result.snapshots.iloc[1]
    assert first["ssi"] == 64 and unknown(first["professional_brand"])
    assert second["ssi"] == pytest.approx(64.85)
    assert result.warnings == []


def test_a_row_of_zeros_is_a_failed_capture_but_a_zero_pillar_is_not():
    result = csv(
        "date,ssi,brand,people,insights,relationships\n2026-05-01,0,0,0,0,0\n"
        "2026-05-02,10,10,0,0,0\n"
    )
    assert [(i.row, i.code) for i in result.skipped] == [(2, "reason.failed_capture")]
    assert result.snapshots.iloc[0]["find_right_people"] == 0


def test_a_row_with_a_date_but_no_value_is_reported():
    result = csv("date,ssi\n2026-05-01,50\n2026-05-02,\n")
    assert [(i.row, i.code) for i in result.skipped] == [(3, "reason.no_values")]


def test_blank_lines_keep_row_numbers_as_in_the_file():
    result = csv("date,ssi\n\n2026-05-01,50\n\n2026-05-02,500\n")
    assert result.rows_read == 2
    assert [(i.row, i.code) for i in result.skipped] == [(5, "reason.out_of_range")]


def test_rows_with_extra_fields_are_skipped_not_shifted():
    result = csv("date,ssi,brand\n2026-05-01,50,12\n2026-05-02,51,12,oops,more\n2026-05-03,52,13\n")
    assert [(i.row, i.code) for i in result.skipped] == [(3, "reason.extra_fields")]
    assert list(result.snapshots["ssi"]) == [50, 52]


def test_future_dates_use_today():
    text = "date,ssi\n2026-06-01,50\n2026-06-02,51\n"
    result = csv(text, today=date(2026, 6, 1))
    assert [i.code for i in result.skipped] == ["reason.future_date"]


def test_a_file_without_a_date_column_uses_the_default_date():
    result = csv("SSI,Brand\n55,14\n", default_date=date(2026, 5, 20))
    assert list(result.snapshots["date"]) == [date(2026, 5, 20)]
    assert [w.code for w in result.warnings] == ["warning.no_date_column"]


# --- dates -------------------------------------------------------------------------------------


def test_ambiguous_dates_are_settled_over_the_file_and_explained():
    result = parse_path(FIXTURES / "ambiguous_dates.csv", today=TODAY)
    assert result.date_order == "month_first"
    assert list(result.snapshots["date"]) == [date(2026, 5, d) for d in range(1, 6)]
    (warning,) = result.warnings
    assert warning.code == "warning.date_order"
    assert warning.params["example"] == "05/01/2026" and warning.params["why_id"] == "regular"


def test_spanish_headers_settle_an_ambiguous_order_day_first():
    result = csv("fecha;ssi\n01/02/2026;50\n03/04/2026;51\n")
    assert result.date_order == "day_first"
    assert list(result.snapshots["date"]) == [date(2026, 2, 1), date(2026, 4, 3)]
    assert result.warnings[0].params["why_id"] == "language"


def test_one_unambiguous_date_settles_the_whole_file_without_a_warning():
    result = csv("date,ssi\n02/03/2026,50\n02/13/2026,51\n")
    assert result.date_order == "month_first" and result.warnings == []
    assert list(result.snapshots["date"]) == [date(2026, 2, 3), date(2026, 2, 13)]


def test_the_order_that_avoids_future_dates_wins():
    result = csv("date,ssi\n05/12/2026,50\n", today=date(2026, 6, 1))
    assert result.date_order == "month_first"  # 5 December would be in the future
    assert list(result.snapshots["date"]) == [date(2026, 5, 12)]
    assert result.warnings[0].params["why_id"] == "fewer_future"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-05-19", date(2026, 5, 19)),
        ("2026-05-19 09:27", date(2026, 5, 19)),
        ("2026-05-19T23:30:00Z", date(2026, 5, 19)),
        ("2026-05-19T23:30:00+02:00", date(2026, 5, 19)),
        ("2026/5/9", date(2026, 5, 9)),
        ("1779183000000", date(2026, 5, 19)),
        ("19.05.2026", date(2026, 5, 19)),
        ("19/05/26", date(2026, 5, 19)),
        ('"May 19, 2026"', date(2026, 5, 19)),
    ],
)
def test_date_spellings(cell, expected):
    result = csv(f"date,ssi\n{cell},50\n")
    assert list(result.snapshots["date"]) == [expected]


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Top 3%", 3.0),
        ("Top 3 %", 3.0),
        ("Primeiros 83%", 83.0),
        ("Los primeros 5 %", 5.0),
        ("34 de 100", 34.0),
        ("34 of 100", 34.0),
        ("20,998", 20.998),
        ("7.50 pts", 7.5),
        ("abc", None),
        ("", None),
        ("1,234.5", None),
    ],
)
def test_numbers_as_people_write_them(text, expected):
    assert parse_number(text) == expected


def test_semicolon_file_with_decimal_commas():
    result = csv("data;SSI;marca\n2026-05-19;38,5;20,998\n")
    row = result.snapshots.iloc[0]
    assert (row["ssi"], row["professional_brand"]) == (38.5, 20.998)


def test_quoted_decimal_comma_in_a_comma_separated_file():
    result = csv('date,ssi,brand\n2026-05-19,"38,5","20,998"\n')
    assert result.snapshots.iloc[0]["professional_brand"] == 20.998


# --- columns -----------------------------------------------------------------------------------


def test_column_names_match_by_meaning_ignoring_case_accents_and_punctuation():
    header = "FECHA;Interacción (0-25);RELACIONES;Media de la red;Clasificación SSI del sector;Foo"
    result = csv(header + "\n2026-05-01;10;12;30;Top 5 %;x\n")
    row = result.snapshots.iloc[0]
    assert (row["insight_engagement"], row["strong_relationship"]) == (10, 12)
    assert (row["network_ssi"], row["industry_top_pct"]) == (30, 5)
    assert result.ignored_columns == ["Foo"]


def test_no_synonym_points_at_two_fields():
    tables = ("columns", "long_columns", "long_fields", "long_sections", "page_labels")
    for table in (*tables, "page_sections", "record_owners"):
        seen: dict[str, str] = {}
        for role, names in synonym_tables()[table].items():
            for name in names:
                key = normalise(name)
                assert seen.setdefault(key, role) == role, (table, name)


def test_wide_columns_of_the_groups_pillars():
    header = "date,ssi,brand,network brand,Marca do setor,industry_strong_relationship"
    row = csv(header + "\n2026-05-01,38,20.998,13.22,9.61,15.2\n").snapshots.iloc[0]
    assert (row["professional_brand"], row["network_professional_brand"]) == (20.998, 13.22)
    assert (row["industry_professional_brand"], row["industry_strong_relationship"]) == (9.61, 15.2)
    assert unknown(row["network_insight_engagement"])


# --- whose number: the member's, the industry's or the network's ------------------------------

LONG_HEADER = "data_referencia;hora_referencia;secao;campo;valor_original;valor_numerico\n"


def test_a_long_section_nobody_recognises_is_never_the_members():
    text = LONG_HEADER + (
        "2026-05-26;10:14;Seu Social Selling Index;Social Selling Index atual;38 de 100;38\n"
        "2026-05-26;10:14;Comparação;Estabelecer sua marca profissional;13,22;13.22\n"
        "2026-05-26;10:14;Comparação;Criar relacionamentos;16,3;16.3\n"
    )
    result = csv(text, "longo.csv")
    row = result.snapshots.iloc[0]
    assert row["ssi"] == 38
    assert all(unknown(row[c]) for c in (*PILLAR_IDS, *GROUP_PILLAR_IDS))
    (warning,) = result.warnings
    assert (warning.code, warning.row, warning.params["section"]) == (
        "warning.unplaced_section",
        3,
        "Comparação",
    )
    assert warning.params["fields"] == "Estabelecer sua marca profissional, Criar relacionamentos"
    assert "Row 3" in format_report(result) and "'Comparação'" in format_report(result)
    assert "Linha 3: Estabelecer sua marca profissional, Criar relacionamentos em 'Comparação'" in (
        format_report(result, lang="pt")
    )


def test_a_long_layout_without_sections_is_the_members_and_an_average_needs_a_group():
    without = "data;campo;valor\n2026-05-26;Estabelecer sua marca profissional;20,998\n"
    assert csv(without, "longo.csv").snapshots.iloc[0]["professional_brand"] == 20.998
    text = LONG_HEADER + (
        "2026-05-26;10:14;Os quatro componentes da sua pontuação;SSI médio;36 de 100;36\n"
        "2026-05-26;10:14;Os quatro componentes da sua pontuação;Criar relacionamentos;7,85;7.85\n"
        "2026-05-26;10:14;People in your network;Social Selling Index;40 de 100;40\n"
    )
    result = csv(text, "longo.csv")
    row = result.snapshots.iloc[0]
    assert row["strong_relationship"] == 7.85 and row["network_ssi"] == 40
    assert unknown(row["ssi"]) and unknown(row["industry_ssi"])  # 40 is the network's
    assert [(w.code, w.params["fields"]) for w in result.warnings] == [
        ("warning.unplaced_section", "SSI médio")
    ]


def test_a_bad_group_value_names_its_section():
    text = LONG_HEADER + "2026-05-26;10:14;Pessoas na sua rede;Criar relacionamentos;26,3;26.3\n"
    with pytest.raises(SSIError, match=r"Criar relacionamentos \(Pessoas na sua rede\) = 26.3"):
        csv(text, "longo.csv")


MEMBER_PT = (
    "Os quatro componentes da sua pontuação\n20,99\nEstabelecer sua marca profissional\n"
    "5,2\nLocalizar as pessoas certas\n3,95\nInteragir oferecendo insights\n"
    "7,85\nCriar relacionamentos\n"
)


def test_page_text_groups_before_the_members_own_block():
    text = (
        "Pessoas na sua rede\nSSI médio\n40 de 100\n13,22\nEstabelecer sua marca profissional\n"
        + MEMBER_PT
    )
    row = parse_text(text, today=TODAY).snapshots.iloc[0]
    assert (row["professional_brand"], row["network_professional_brand"]) == (20.99, 13.22)
    assert row["network_ssi"] == 40 and unknown(row["industry_ssi"])


def test_page_text_under_two_group_headings_in_a_row_is_nobodys():
    """Two headings with nothing between are tabs: the text does not say which one is open."""
    text = MEMBER_PT + (
        "Pessoas no seu setor\nPessoas na sua rede\nSSI médio\n40 de 100\n"
        "13,22\nEstabelecer sua marca profissional\n"
    )
    result = parse_text(text, today=TODAY)
    row = result.snapshots.iloc[0]
    assert row["professional_brand"] == 20.99
    assert unknown(row["network_ssi"]) and unknown(row["industry_ssi"])
    assert all(unknown(row[c]) for c in GROUP_PILLAR_IDS)
    assert [(w.code, w.row, w.params.get("field")) for w in result.warnings] == [
        ("warning.unplaced_label", 12, "SSI médio"),
        ("warning.unplaced_label", 15, "Estabelecer sua marca profissional"),
        ("warning.dated_default", None, None),
    ]


def test_page_text_a_label_again_with_another_value_is_not_read():
    text = MEMBER_PT + "Média da equipe\n14,2\nEstabelecer sua marca profissional\n"
    result = parse_text(text, today=TODAY)
    assert result.snapshots.iloc[0]["professional_brand"] == 20.99
    assert [w.code for w in result.warnings] == ["warning.unplaced_label", "warning.dated_default"]
    assert result.warnings[0].message.startswith(
        "Row 12: Estabelecer sua marca profissional not read"
    )
    # The same text pasted twice says the same thing twice: nothing to warn about.
    twice = parse_text(MEMBER_PT + MEMBER_PT, today=TODAY)
    assert [w.code for w in twice.warnings] == ["warning.dated_default"]


def test_page_text_an_average_without_a_group_heading_is_not_read():
    result = parse_text(MEMBER_PT + "SSI médio\n36 de 100\n", today=TODAY)
    row = result.snapshots.iloc[0]
    assert unknown(row["industry_ssi"]) and unknown(row["network_ssi"])
    assert result.warnings[0].params["field"] == "SSI médio"


def test_english_page_text_with_group_headings():
    text = (
        "Current Social Selling Index\n72\nout of 100\n"
        "Establish your professional brand\t21.4\nBuild relationships\t19.4\n"
        "People in your industry\nAverage SSI\t22\nEstablish your professional brand\t4.2\n"
        "People in your network\nAverage SSI\t37\nBuild relationships\t17.1\n"
    )
    row = parse_text(text, today=TODAY).snapshots.iloc[0]
    assert (row["ssi"], row["professional_brand"], row["strong_relationship"]) == (72, 21.4, 19.4)
    assert (row["industry_ssi"], row["industry_professional_brand"]) == (22, 4.2)
    assert (row["network_ssi"], row["network_strong_relationship"]) == (37, 17.1)


def test_nested_json_keys_say_whose_number_it_is():
    records = (
        '[{"date": "2026-05-26", "member": {"brand": 20.998}, "industry": {"brand": 9.61},'
        ' "network": {"brand": 13.22, "ssi": 40}}]'
    )
    row = parse_text(records, today=TODAY).snapshots.iloc[0]
    assert row["professional_brand"] == 20.998
    assert (row["industry_professional_brand"], row["network_professional_brand"]) == (9.61, 13.22)
    assert row["network_ssi"] == 40 and unknown(row["ssi"])
    # Two objects that say nothing of whose they are: neither is taken as the member's.
    result = parse_text(
        '[{"date": "2026-05-26", "ssi": 38, "a": {"brand": 13.22}, "b": {"brand": 20.998}}]',
        today=TODAY,
    )
    assert unknown(result.snapshots.iloc[0]["professional_brand"])
    assert result.ignored_columns == ["a.brand", "b.brand"]
    # One such object alone is the member's, as before.
    alone = parse_text(
        '[{"date": "2026-05-26", "ssi": 38, "scores": {"brand": 20.998}}]', today=TODAY
    )
    assert alone.snapshots.iloc[0]["professional_brand"] == 20.998


def test_the_format_comes_from_the_content_not_the_name():
    result = csv("date,ssi\n2026-05-01,50\n", name="history.json")
    assert result.format == "csv_wide"
    data = (FIXTURES / "linkedin_ssi.json").read_bytes()
    assert parse_bytes(data, "ssi.csv", today=TODAY).format == "linkedin_json"


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]
)
def test_encodings(encoding):
    text = "Fecha;Interacción;Relaciones;Sector\r\n01/05/2026;10,5;12;Educación\r\n"
    result = parse_bytes(text.encode(encoding), "x.csv", today=TODAY)
    row = result.snapshots.iloc[0]
    assert (row["insight_engagement"], row["industry"]) == (10.5, "Educación")


# --- whole files rejected ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "error.empty"),
        (b"  \r\n\t ", "error.empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "error.binary"),
        (bytes(range(256)) * 4, "error.binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "error.xls_legacy"),
        (b"PK\x03\x04garbage", "error.binary"),
        (b"name,age\nAna,34\n", "error.no_columns"),
        (b'{"hello": "world"}', "error.not_ssi_json"),
        (b'{"memberScore": ', "error.bad_json"),
        (b"date,ssi\n2026-05-01,500\n", "error.no_rows_accepted"),
        (b"date,ssi\n", "error.no_rows_accepted"),
    ],
)
def test_unreadable_files_are_rejected_with_one_sentence_naming_the_file(data, code):
    with pytest.raises(ImportRejected) as error:
        parse_bytes(data, "my-ssi.csv", today=TODAY)
    assert error.value.code == code
    assert str(error.value).startswith("my-ssi.csv")
    assert isinstance(error.value, SSIError)


def test_no_row_accepted_names_the_rows_and_reasons():
    with pytest.raises(SSIError) as error:
        csv("date,ssi\n2026-05-01,500\n2030-01-01,50\n", name="h.csv")
    assert str(error.value) == (
        "h.csv: no row could be imported. Row 2: ssi = 500 is outside 0–100. "
        "Row 3: the date 2030-01-01 is in the future."
    )


def test_size_limit_for_uploads_and_none_for_the_command_line(monkeypatch):
    data = b"date,ssi\n" + b"2026-05-01,50\n" * 100
    with pytest.raises(ImportRejected) as error:
        parse_bytes(data, "big.csv", max_bytes=1000, today=TODAY)
    assert error.value.code == "error.too_large" and "big.csv" in str(error.value)
    assert parse_bytes(data, "big.csv", max_bytes=None, today=TODAY).rows_read == 100
    monkeypatch.setenv("SSI_MAX_UPLOAD_MB", "2")
    assert upload_limit_bytes() == 2 * 1024 * 1024
    monkeypatch.delenv("SSI_MAX_UPLOAD_MB")
    assert upload_limit_bytes() == 20 * 1024 * 1024


def test_progress_is_reported_up_to_done():
    seen: list[float] = []
    parse_bytes(b"date,ssi\n2026-05-01,50\n", "p.csv", today=TODAY, progress=seen.append)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def test_pasted_text_that_is_nothing_is_rejected():
    with pytest.raises(ImportRejected) as error:
        parse_text("   ")
    assert error.value.code == "error.empty"
    with pytest.raises(ImportRejected) as error:
        parse_text("hello there, this is my SSI", today=TODAY)
    assert error.value.code == "error.no_columns"


# --- plan and report -----------------------------------------------------------------------------


def _stored(rows: list[dict]) -> pd.DataFrame:
    result = csv("date,ssi,brand\n2026-05-01,50,\n")
    frame = pd.DataFrame(rows)
    for column in result.snapshots.columns:
        if column not in frame:
            frame[column] = None
    return frame[list(result.snapshots.columns)]


def test_plan_tells_new_replaced_and_unchanged_days_with_null_equal_to_null():
    result = csv("date,ssi,brand\n2026-05-01,50,\n2026-05-02,51,12\n2026-05-03,52,13\n")
    stored = _stored(
        [
            {"date": date(2026, 5, 1), "ssi": 50.0, "professional_brand": float("nan")},
            {"date": date(2026, 5, 2), "ssi": 51.0, "professional_brand": 11.0},
            {"date": date(2026, 4, 30), "ssi": 40.0},
        ]
    )
    plan = plan_against(result, stored)
    assert plan.new_dates == [date(2026, 5, 3)]
    assert plan.replaced_dates == [date(2026, 5, 2)]
    assert plan.unchanged_dates == [date(2026, 5, 1)]
    assert plan_against(result, stored.iloc[0:0]).new_dates == list(result.snapshots["date"])


def test_a_changed_group_pillar_makes_a_replaced_day():
    header = "date,ssi,network brand,industry insights\n"
    result = csv(header + "2026-05-01,38,13.22,2.1\n2026-05-02,38,13.22,2.1\n")
    stored = result.snapshots.copy()
    stored.loc[1, "industry_insight_engagement"] = float("nan")
    plan = plan_against(result, stored)
    assert plan.unchanged_dates == [date(2026, 5, 1)]
    assert plan.replaced_dates == [date(2026, 5, 2)]
    # A stored frame without the group columns at all: they count as unknown there.
    older = stored.drop(columns=list(GROUP_PILLAR_IDS))
    assert plan_against(result, older).replaced_dates == [date(2026, 5, 1), date(2026, 5, 2)]


def test_report_in_english_and_spanish():
    result = parse_path(FIXTURES / "hoja_es_cp1252.csv", today=TODAY)
    plan = plan_against(result, None)
    english = format_report(result, plan)
    assert "Format: csv_wide" in english and "Encoding: cp1252" in english
    assert "Rows read: 5, accepted: 4, skipped: 1" in english
    assert "  - Row 5: Marca = 27.5 is outside 0–25" in english
    assert "Ignored columns: Notas" in english
    assert "Days: 4, from 2026-04-03 to 2026-04-15" in english
    assert "New days: 4, replaced days: 0, unchanged days: 0" in english
    spanish = format_report(result, plan, lang="es")
    assert "Filas leídas: 5, aceptadas: 4, omitidas: 1" in spanish
    assert "Fila 5: Marca = 27.5 está fuera de 0–25" in spanish
    assert "Orden de las fechas: día/mes/año" in spanish


def test_report_says_nothing_changed_when_every_day_is_stored_already():
    result = csv("date,ssi\n2026-05-01,50\n")
    plan = plan_against(result, result.snapshots)
    assert plan.unchanged_dates == [date(2026, 5, 1)] and not plan.changes_anything
    assert "Nothing changed" in format_report(result, plan)


def test_ambiguous_order_warning_is_translated():
    result = parse_path(FIXTURES / "ambiguous_dates.csv", today=TODAY)
    spanish = format_report(result, None, lang="es")
    assert "se leyeron como mes/día/año porque ese orden da una secuencia regular" in spanish


def test_a_quote_that_never_closes_is_rejected_not_silently_truncated():
    # The open quote swallows 140,000 characters over 20 lines (no line over the line limit).
    text = 'date,ssi\n2026-05-01,50\n2026-05-02,"51\n' + ("x" * 7_000 + "\n") * 20
    text += "2026-05-03,52\n"
    with pytest.raises(ImportRejected) as error:
        csv(text, name="q.csv")
    assert error.value.code == "error.unreadable" and str(error.value).startswith("q.csv")


def test_excel_sep_line_and_serial_day_numbers():
    result = csv("sep=;\nFecha;Marca;Personas\n46027;12,5;10\n46028;x;10\n")
    assert list(result.snapshots["date"]) == [date(2026, 1, 5)]
    assert result.snapshots.iloc[0]["professional_brand"] == 12.5
    assert [(i.row, i.code) for i in result.skipped] == [(4, "reason.not_a_number")]


def test_a_damaged_workbook_is_rejected(tmp_path):
    import zipfile

    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("xl/workbook.xml", "<workbook>not really</workbook>")
    with pytest.raises(ImportRejected) as error:
        parse_path(path, today=TODAY)
    assert error.value.code == "error.bad_xlsx" and "broken.xlsx" in str(error.value)


def test_a_date_before_the_first_calendar_day_is_not_a_date():
    # pandas reads '-1' beside ISO dates as the year 1 before Christ.
    result = csv("Date,Total\n-1,50\n2026-05-01,51\n")
    assert list(result.snapshots["date"]) == [date(2026, 5, 1)]
    assert [(i.row, i.code) for i in result.skipped] == [(2, "reason.bad_date")]
