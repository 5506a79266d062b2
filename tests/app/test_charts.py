"""ssi_app.charts: every builder gives a valid Vega-Lite spec for empty, one-day and ten-year
histories, with the look the History page relies on (colours, reversed rank axis, unknown stays
unknown), in the numbers and month names of every language."""

import ast
import functools
import json
from datetime import date, timedelta
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest

from ssi_app.charts import palette
from ssi_app.charts.common import (
    FOLDED_SEGMENT,
    MAX_ROWS,
    POINTS_BELOW_DAYS,
    VEGA_MONTHS,
)
from ssi_app.charts.groups import pillar_vs_groups_chart
from ssi_app.charts.history import DASHED, SOLID, ssi_history_chart
from ssi_app.charts.palette import (
    ESTIMATE_PURPLE,
    GAIN_GREEN,
    INDUSTRY_GREY,
    LOSS_RED,
    NETWORK_ORANGE,
    PILLAR_COLORS,
)
from ssi_app.charts.pillars import pillar_bars, pillar_bars_spec, pillars_chart
from ssi_app.charts.preview import preview_chart
from ssi_app.charts.ranks import rank_chart
from ssi_app.charts.weekly import weekly_change_chart
from ssi_core import history
from ssi_core.i18n import LANGUAGES, catalogue, month_abbreviations, number_symbols
from ssi_core.pillars import GROUP_PILLAR_COLUMNS, PILLAR_IDS, PILLARS, SNAPSHOT_COLUMNS


def make_history(days: int, start: date = date(2015, 1, 1), groups: bool = True) -> pd.DataFrame:
    """A frame shaped like Store.snapshots(): a slow random walk per pillar."""
    rng = np.random.default_rng(3)
    walk = np.clip(12 + np.cumsum(rng.normal(0.01, 0.3, (days, 4)), axis=0) / 3, 0, 25).round(2)
    frame = pd.DataFrame({"date": [start + timedelta(days=i) for i in range(days)]})
    for i, pid in enumerate(PILLAR_IDS):
        frame[pid] = walk[:, i]
    frame["ssi"] = frame[list(PILLAR_IDS)].sum(axis=1).round(2)
    nan = np.full(days, np.nan)
    frame["industry_ssi"] = np.where(np.arange(days) % 2 == 0, 22.0 + np.arange(days) / 1000, nan)
    frame["network_ssi"] = 37.0 if groups else nan
    frame["industry_top_pct"] = 3.0 if groups else nan
    frame["network_top_pct"] = np.linspace(9, 2, days).round() if groups else nan
    if not groups:
        frame["industry_ssi"] = nan
    frame["industry"] = "Software"
    frame["source"] = "csv"
    return frame.reindex(columns=list(SNAPSHOT_COLUMNS))  # columns it does not set are unknown


def with_groups(frame: pd.DataFrame, pillar_id: str = PILLAR_IDS[0]) -> pd.DataFrame:
    """The frame with the industry's and the network's average of one pillar: the industry's
    known every other day and changing, the network's a constant."""
    frame = frame.copy()
    days = np.arange(len(frame))
    frame[GROUP_PILLAR_COLUMNS["industry"][pillar_id]] = np.where(
        days % 2 == 0, 10 + days / 1000, np.nan
    )
    frame[GROUP_PILLAR_COLUMNS["network"][pillar_id]] = 14.0
    return frame


def without_days(frame: pd.DataFrame, *spans: tuple[int, int]) -> pd.DataFrame:
    """The frame without the rows of these [first, last) spans of days: holes."""
    gone = [day for first, last in spans for day in range(first, last)]
    return frame.drop(index=gone).reset_index(drop=True)


def make_assessments(days: list[date], ssi: float = 48.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": range(len(days)),
            "created_at": [pd.Timestamp(d) for d in days],
            "date": days,
            "questionnaire_version": "1",
            "ssi": ssi,
            **{pid: ssi / 4 for pid in PILLAR_IDS},
            "answers": [{} for _ in days],
        }
    )


HISTORIES = {
    "empty": make_history(0),
    "one_day": make_history(1),
    "ten_years": make_history(3650),
}


def build_all(frame: pd.DataFrame, lang: str = "en") -> dict[str, alt.TopLevelMixin]:
    summary = history.summarise(frame)
    return {
        "history": ssi_history_chart(
            frame,
            None,
            lang,
            rolling=history.rolling_average(frame, 7),
            events=history.annotate_events(frame),
            assessments=make_assessments(list(frame["date"].iloc[-1:])),
        ),
        "stacked": pillars_chart(frame, None, lang),
        "small_multiples": pillars_chart(frame, None, lang, mode="small_multiples"),
        "weekly": weekly_change_chart(history.weekly_changes(frame), None, lang),
        "rank": rank_chart(frame, None, lang),
        "bars": pillar_bars(
            summary.latest_pillars if summary else {},
            None,
            lang,
            compare={PILLAR_IDS[0]: 20.0} if summary else None,
        ),
        "preview": preview_chart(frame, None, lang),
        "groups": pillar_vs_groups_chart(with_groups(frame), PILLAR_IDS[0], None, lang),
    }


@functools.cache
def built(size: str) -> dict[str, tuple[alt.TopLevelMixin, dict]]:
    """Each builder's chart and its validated spec, made once per size for the whole module."""
    return {name: (chart, chart.to_dict()) for name, chart in build_all(HISTORIES[size]).items()}


def spec_of(name: str, size: str = "ten_years") -> dict:
    return built(size)[name][1]


def layers(spec: dict) -> list[dict]:
    """Every unit spec inside a (possibly nested) layered spec."""
    if "layer" in spec:
        return [unit for child in spec["layer"] for unit in layers(child)]
    return [spec]


def mark_type(unit: dict) -> str:
    mark = unit["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def encoded(spec: dict, channel: str) -> list[dict]:
    return [u["encoding"][channel] for u in layers(spec) if channel in u.get("encoding", {})]


def color_pairs(spec: dict) -> dict[str, str]:
    """Name -> colour from every colour scale with an explicit domain."""
    pairs = {}
    for color in encoded(spec, "color"):
        scale = color.get("scale") or {}
        if "domain" in scale and "range" in scale:
            pairs.update(zip(scale["domain"], scale["range"], strict=True))
    return pairs


# --- every builder, every size ------------------------------------------------------------------


@pytest.mark.parametrize("size", HISTORIES)
def test_every_builder_gives_a_valid_spec(size):
    for name, (chart, spec) in built(size).items():  # to_dict() validated against the schema
        assert chart.config is alt.Undefined, f"{name} must stay unconfigured so pages can layer it"
        assert spec["height"] > 0, name


def test_charts_can_still_be_layered_by_the_page():
    rule = alt.Chart().mark_rule()
    for name, (chart, _) in built("one_day").items():
        assert alt.layer(chart, rule).to_dict(validate=False)["layer"], name


def test_empty_input_says_no_data_instead_of_raising():
    for name, (_, spec) in built("empty").items():
        assert "No data yet" in json.dumps(spec), name
    spanish = ssi_history_chart(HISTORIES["empty"], {"no_data": "Aún no hay datos"}, "es")
    assert "Aún no hay datos" in json.dumps(spanish.to_dict(), ensure_ascii=False)


def test_a_single_week_has_no_weekly_change_to_draw():
    chart = weekly_change_chart(history.weekly_changes(make_history(3)))
    assert "Not enough weeks yet" in json.dumps(chart.to_dict())


def test_more_days_than_altairs_row_limit_are_thinned_to_weeks():
    long = make_history(6000)
    for name, chart in build_all(long).items():
        spec = chart.to_dict(validate=False)  # the data transformer refuses > 5,000 rows
        assert all(len(rows) <= MAX_ROWS for rows in spec["datasets"].values()), name


# --- what the History page promises -------------------------------------------------------------


def test_history_chart_series_colours_dashes_and_range():
    spec = spec_of("history")
    colors = color_pairs(spec)
    assert colors["Your SSI"] == "#0A66C2"
    assert colors["Industry average"] == INDUSTRY_GREY
    assert colors["Network average"] == NETWORK_ORANGE
    assert colors["Estimate"] == ESTIMATE_PURPLE
    assert "Rolling average" in colors
    dashes = {}
    for dash in encoded(spec, "strokeDash"):
        dashes.update(zip(dash["scale"]["domain"], dash["scale"]["range"], strict=True))
    assert dashes["Industry average"] == dashes["Network average"] == DASHED
    assert dashes["Your SSI"] == SOLID
    for y in encoded(spec, "y"):
        if "scale" in y:
            assert y["scale"]["domain"] == [0, 100]
    estimates = [u for u in layers(spec) if mark_type(u) == "point" and "diamond" in str(u)]
    assert estimates and estimates[0]["mark"]["filled"] is False


def test_a_constant_average_is_a_rule_across_the_whole_range():
    spec = spec_of("history")
    rules = [u for u in layers(spec) if mark_type(u) == "rule" and "x" not in u["encoding"]]
    assert len(rules) == 1  # network 37 every day; the industry average changes, so a line
    rows = spec["datasets"][rules[0]["data"]["name"]]
    assert rows == [{"series": "Network average", "value": 37.0}]


def test_unknown_averages_are_not_drawn_or_invented():
    frame = make_history(40, groups=False)
    spec = ssi_history_chart(frame).to_dict()
    names = set(color_pairs(spec))
    assert "Industry average" not in names and "Network average" not in names
    rows = spec["datasets"][spec["data"]["name"]]
    assert all(row["industry_ssi"] is None for row in rows)  # null in the data, never 0
    assert json.dumps(rank_chart(frame).to_dict()).count("No data yet") == 1


def test_peak_and_drops_are_annotated_within_the_range_shown():
    frame = make_history(30)
    frame.loc[10, "ssi"] -= 8  # a drop on day 10, and a recovery the day after
    events = history.annotate_events(frame)
    spec = ssi_history_chart(frame, events=events).to_dict()
    text_layers = [u for u in layers(spec) if mark_type(u) == "text"]
    assert text_layers
    rows = spec["datasets"][text_layers[0]["data"]["name"]]
    assert {row["kind"] for row in rows} == {"peak", "drop"}
    # The peak (9 Jan) falls before the range shown, the drop (11 Jan) inside it.
    assert [(str(d), kind) for d, kind in zip(events["date"], events["kind"], strict=True)] == [
        ("2015-01-09", "peak"),
        ("2015-01-11", "drop"),
    ]
    shown = history.filter_range(frame, date(2015, 1, 10), None)
    later = ssi_history_chart(shown, events=events).to_dict()  # events from the full range
    (kept,) = [u for u in layers(later) if mark_type(u) == "text"]
    kept_rows = later["datasets"][kept["data"]["name"]]
    assert [(row["date"], row["kind"]) for row in kept_rows] == [("2015-01-11", "drop")]


def test_estimates_from_before_the_range_shown_are_left_out():
    frame = make_history(10, start=date(2024, 5, 1))
    old_and_new = make_assessments([date(2024, 1, 1), date(2024, 5, 5)])
    spec = ssi_history_chart(frame, assessments=old_and_new).to_dict()
    diamonds = [u for u in layers(spec) if mark_type(u) == "point" and "diamond" in str(u)]
    assert [row["date"] for row in spec["datasets"][diamonds[0]["data"]["name"]]] == ["2024-05-05"]
    only_estimates = ssi_history_chart(make_history(0), assessments=old_and_new).to_dict()
    assert "No data yet" not in json.dumps(only_estimates)


def test_rank_axis_is_reversed_so_top_1_percent_is_on_top():
    spec = spec_of("rank")
    scales = [y["scale"] for y in encoded(spec, "y") if y.get("field") == "value"]
    assert scales and all(s["reverse"] is True and s["domain"][0] == 0 for s in scales)
    assert all(s["domain"][1] <= 100 for s in scales)
    assert "Top {n}%" in json.dumps(spec)


def test_pillar_colours_are_the_same_in_every_chart():
    expected = {p.short("en"): PILLAR_COLORS[p.id] for p in PILLARS}
    for name in ("stacked", "small_multiples", "bars"):
        assert color_pairs(spec_of(name)) == expected, name
    assert len(set(PILLAR_COLORS.values())) == 4


def test_the_palette_imports_nothing_so_my_ssi_can_colour_its_meters_without_altair():
    tree = ast.parse(Path(palette.__file__).read_text(encoding="utf-8"))
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    assert [ast.unparse(node) for node in imports] == ["from __future__ import annotations"]


def test_small_multiples_give_each_pillar_a_band_up_to_its_25_maximum():
    spec = spec_of("small_multiples")
    maxima = [u for u in layers(spec) if mark_type(u) == "rule" and "y" in u["encoding"]]
    rows = spec["datasets"][maxima[0]["data"]["name"]]
    assert sorted(row["max"] for row in rows) == [25, 50, 75, 100]


def test_pillar_bars_label_each_value_against_25_and_show_the_comparison():
    bars = pillar_bars(
        {"professional_brand": 21.4, "find_right_people": 17.66, "insight_engagement": None},
        {"current": "Now", "compare": "What-if"},
        compare={"professional_brand": 23.0},
    ).to_dict()
    rows = bars["datasets"][bars["data"]["name"]]
    assert [row["value"] for row in rows] == [21.4, 17.66, None, None]
    assert rows[0]["difference"] == pytest.approx(1.6)
    text = json.dumps(bars)
    assert "' / ' + \\\"25\\\"" in text or "' / ' + \"25\"" in text
    assert "What-if" in text and "Now" in text
    assert any(mark_type(u) == "tick" for u in layers(bars))


def test_weekly_bars_are_green_for_gains_and_red_for_losses():
    frame = pd.DataFrame(
        {
            "week_start": [date(2024, 1, 1), date(2024, 1, 8), date(2024, 1, 15)],
            "ssi": [50.0, 53.0, 51.0],
            "change": [np.nan, 3.0, -2.0],
        }
    )
    spec = weekly_change_chart(frame).to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert [(row["change"], row["colour"]) for row in rows] == [
        (3.0, GAIN_GREEN),
        (-2.0, LOSS_RED),
    ]
    zero = [u for u in layers(spec) if mark_type(u) == "rule"]
    assert zero and zero[0]["encoding"]["y"] == {"datum": 0}


# --- language -----------------------------------------------------------------------------------


def test_spanish_uses_decimal_commas_spanish_months_and_translated_names():
    labels = {"ssi": "Tu SSI", "professional_brand": "Marca personal"}
    spec = ssi_history_chart(make_history(90), labels, "es").to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "Tu SSI" in color_pairs(spec)
    assert "replace(format(" in text and "'.', ','" in text  # 21,4
    assert '"ene", "feb"' in text.replace('\\"', '"')  # Spanish months: axis and tooltips
    stacked = pillars_chart(make_history(5), labels, "es").to_dict()
    assert set(color_pairs(stacked)) == {"Marca personal", "Personas", "Información", "Relaciones"}


def test_english_dates_read_month_day_year():
    text = json.dumps(preview_chart(make_history(90)).to_dict())
    assert "%b %d, %Y" in text and "replace(format(" not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_gets_its_own_months_and_decimal_separator(lang):
    text = json.dumps(ssi_history_chart(make_history(90), None, lang).to_dict(), ensure_ascii=False)
    text = text.replace('\\"', '"')
    months = month_abbreviations(lang)
    if months == VEGA_MONTHS:
        assert "%b %d, %Y" in text  # Vega's own US English months
    else:
        assert json.dumps(list(months), ensure_ascii=False) in text
    decimal, _ = number_symbols(lang)
    assert (f"'.', '{decimal}'" in text) == (decimal != ".")


def test_tooltips_everywhere():
    for name, (_, spec) in built("ten_years").items():
        assert '"tooltip"' in json.dumps(spec), name


# --- holes in the measurements ------------------------------------------------------------------

# Every line or area the History page draws, by builder, on a frame that has group pillars.
LINE_BUILDERS = {
    "history": lambda f: ssi_history_chart(f, rolling=history.rolling_average(f, 7)),
    "stacked": lambda f: pillars_chart(f),
    "small_multiples": lambda f: pillars_chart(f, mode="small_multiples"),
    "rank": lambda f: rank_chart(f),
    "preview": lambda f: preview_chart(f),
    "groups": lambda f: pillar_vs_groups_chart(f, PILLAR_IDS[0]),
}


def rows_of(spec: dict) -> list[dict]:
    """The chart's own daily rows (the dataset its layers share)."""
    return spec["datasets"][spec["data"]["name"]]


def path_units(spec: dict) -> list[dict]:
    return [u for u in layers(spec) if mark_type(u) in ("line", "area")]


def piece_fields(unit: dict) -> set[str]:
    """The fields a line or area is split by (one path per value) that number pieces."""
    detail = unit["encoding"].get("detail", [])
    fields = {d["field"] for d in (detail if isinstance(detail, list) else [detail])}
    return {f for f in fields if f.startswith("segment")}


@pytest.mark.parametrize("name", LINE_BUILDERS)
def test_every_line_and_area_breaks_at_a_hole(name):
    # 200 days measured, then 20 missing (one row dropped per day), then 100 more.
    frame = without_days(with_groups(make_history(320)), (200, 220))
    spec = LINE_BUILDERS[name](frame).to_dict()  # validated
    units = path_units(spec)
    assert units and all(piece_fields(u) for u in units), name
    rows = rows_of(spec)
    pieces = [key for key in rows[0] if key.startswith("segment_")]
    assert pieces, name
    last_before = next(i for i, row in enumerate(rows) if row["date"] == "2015-07-19")
    for key in pieces:  # each drawn series: piece 0 up to the hole, piece 1 after it
        assert {row[key] for row in rows[: last_before + 1]} == {0}, (name, key)
        assert {row[key] for row in rows[last_before + 1 :]} == {1}, (name, key)
    # A folded series finds its own piece field by its key.
    for unit in units:
        if any("fold" in t for t in unit.get("transform", [])):
            assert {"calculate": FOLDED_SEGMENT, "as": "segment"} in unit["transform"], name


@pytest.mark.parametrize("name", LINE_BUILDERS)
def test_a_weekly_series_and_a_quiet_weekend_are_not_broken(name):
    weekly = with_groups(make_history(700)).iloc[::7].reset_index(drop=True)
    weekends = without_days(with_groups(make_history(40)), (5, 7), (12, 14), (19, 21))
    for frame in (weekly, weekends):
        spec = LINE_BUILDERS[name](frame).to_dict()
        assert not any(piece_fields(u) for u in path_units(spec)), name
        assert not any(key.startswith("segment_") for key in rows_of(spec)[0]), name
        assert "segment" not in json.dumps(spec), name


def test_a_series_breaks_at_its_own_holes_only():
    # The SSI is measured every day; the industry average stops for a month in the middle.
    frame = make_history(120)
    frame.loc[40:70, "industry_ssi"] = np.nan
    spec = ssi_history_chart(frame).to_dict()
    row = rows_of(spec)[0]
    assert "segment_industry_ssi" in row and "segment_ssi" not in row
    # A constant average is a rule across the range: no pieces to number.
    assert "segment_network_ssi" not in row


def test_the_stacked_areas_are_stacked_explicitly_so_no_piece_spans_a_hole():
    # Vega-Lite's stacking of areas fills the days a piece lacks with zeros, which draws the
    # pieces across the hole; the explicit stack transform does not.
    spec = LINE_BUILDERS["stacked"](without_days(make_history(90), (30, 50)))
    spec = spec.to_dict()
    (area,) = path_units(spec)
    assert area["encoding"]["y"]["field"] == "top" and area["encoding"]["y2"]["field"] == "floor"
    assert "stack" not in area["encoding"]["y"]
    (stack,) = [t for t in area["transform"] if "stack" in t]
    assert stack["groupby"] == ["date"] and stack["sort"] == [{"field": "order"}]


def test_a_day_measured_alone_between_two_holes_gets_a_dot():
    frame = without_days(make_history(150), (50, 70), (71, 90))  # 12 Mar alone
    assert len(frame) >= POINTS_BELOW_DAYS  # too many days for a dot on every day
    for name in ("history", "rank", "preview"):
        spec = LINE_BUILDERS[name](frame).to_dict()
        dots = [u for u in layers(spec) if mark_type(u) == "circle" and "data" in u]
        rows = [row for u in dots for row in spec["datasets"][u["data"]["name"]]]
        assert "2015-03-12" in {row["date"] for row in rows}, name


def test_the_pieces_survive_the_thinning_of_a_long_history():
    frame = without_days(make_history(6000), (3000, 3030))
    rows = rows_of(ssi_history_chart(frame).to_dict(validate=False))
    assert len(rows) <= MAX_ROWS
    assert [row["segment_ssi"] for row in rows] == sorted(row["segment_ssi"] for row in rows)
    assert {row["segment_ssi"] for row in rows} == {0, 1}


# --- a pillar against its groups ----------------------------------------------------------------


def chart_labels(lang: str) -> dict[str, str]:
    """The [chart] messages of a language, as ssi_app.charts.labels() gives them to a page."""
    return {
        key.removeprefix("chart."): value
        for key, value in catalogue(lang).items()
        if key.startswith("chart.")
    }


def test_a_pillar_against_both_group_averages():
    pid = "insight_engagement"
    spec = pillar_vs_groups_chart(with_groups(make_history(90), pid), pid).to_dict()
    name = PILLARS[2].short("en")
    assert color_pairs(spec) == {
        name: PILLAR_COLORS[pid],
        "Industry average": INDUSTRY_GREY,
        "Network average": NETWORK_ORANGE,
    }
    dashes = {}
    for dash in encoded(spec, "strokeDash"):
        dashes.update(zip(dash["scale"]["domain"], dash["scale"]["range"], strict=True))
    assert dashes == {name: SOLID, "Industry average": DASHED, "Network average": DASHED}
    for y in encoded(spec, "y"):
        if "scale" in y:
            assert y["scale"]["domain"] == [0, 25]
    # The changing industry average is a line, the constant network one a rule.
    (line,) = [u for u in layers(spec) if mark_type(u) == "line"]
    assert line["transform"][0]["fold"] == [pid, GROUP_PILLAR_COLUMNS["industry"][pid]]
    (rule,) = [u for u in layers(spec) if mark_type(u) == "rule" and "x" not in u["encoding"]]
    assert spec["datasets"][rule["data"]["name"]] == [{"series": "Network average", "value": 14.0}]
    text = json.dumps(spec)
    assert '"tooltip"' in text and "Points (of 25)" in text


@pytest.mark.parametrize("columns", ["missing", "unknown"])
def test_without_group_columns_only_the_member_is_drawn(columns):
    frame = make_history(90)
    if columns == "missing":  # a frame from before the group pillars
        frame = frame.drop(columns=[c for g in GROUP_PILLAR_COLUMNS.values() for c in g.values()])
    else:
        frame[[GROUP_PILLAR_COLUMNS[g][PILLAR_IDS[0]] for g in ("industry", "network")]] = None
    spec = pillar_vs_groups_chart(frame, PILLAR_IDS[0]).to_dict()
    assert color_pairs(spec) == {PILLARS[0].short("en"): PILLAR_COLORS[PILLAR_IDS[0]]}
    (line,) = [u for u in layers(spec) if mark_type(u) == "line"]
    assert line["transform"][0]["fold"] == [PILLAR_IDS[0]]
    assert "Industry average" not in json.dumps(spec)


def test_the_group_chart_with_only_group_averages_short_or_empty():
    only_groups = with_groups(make_history(30))
    only_groups[PILLAR_IDS[0]] = np.nan
    spec = pillar_vs_groups_chart(only_groups, PILLAR_IDS[0]).to_dict()
    assert set(color_pairs(spec)) == {"Industry average", "Network average"}
    one_day = pillar_vs_groups_chart(with_groups(make_history(1)), PILLAR_IDS[0]).to_dict()
    assert any(mark_type(u) == "circle" for u in layers(one_day))
    empty = pillar_vs_groups_chart(make_history(0), PILLAR_IDS[1]).to_dict()
    assert "No data yet" in json.dumps(empty)
    with pytest.raises(ValueError, match="pillar"):
        pillar_vs_groups_chart(make_history(5), "ssi")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("pid", PILLAR_IDS)
def test_the_group_chart_speaks_every_language(lang, pid):
    labels = chart_labels(lang)
    frame = without_days(with_groups(make_history(120), pid), (60, 80))
    spec = pillar_vs_groups_chart(frame, pid, labels, lang).to_dict()
    names = set(color_pairs(spec))
    pillar = next(p for p in PILLARS if p.id == pid)
    assert names == {pillar.short(lang), labels["industry_ssi"], labels["network_ssi"]}
    text = json.dumps(spec, ensure_ascii=False)
    assert labels["axis_pillar"] in text
    decimal, _ = number_symbols(lang)
    assert (f"'.', '{decimal}'" in text) == (decimal != ".")
    assert all(piece_fields(u) for u in path_units(spec))


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_what_if_bars_spec_is_altairs_spec_with_this_calls_records(lang):
    """What-if's bars are Altair's chart built once per shape, with each answer's records put in:
    the same spec as building the chart anew, every shape (a compared series or not, unknown
    pillars, no bar at all), whatever came before."""

    def unnamed(spec: dict) -> dict:
        spec = json.loads(json.dumps(spec))
        rows = spec.pop("datasets", {}).get((spec.pop("data", None) or {}).get("name"))
        return {**spec, "rows": rows}

    words = {"current": "What-if", "compare": "Now"}
    now = {"professional_brand": 12.5, "find_right_people": 8.0, "insight_engagement": None}
    cases = [
        ({"professional_brand": 21.4, "find_right_people": 9.25}, now),
        ({"professional_brand": 3.0, "strong_relationship": 24.9}, None),
        ({}, now),
        (None, None),
        ({"professional_brand": 18.0, "find_right_people": 11.0}, now),
    ]
    with alt.theme.enable("none"):
        for pillars, compare in cases:
            made = pillar_bars_spec(pillars, words, lang, compare=compare)
            built = pillar_bars(pillars, words, lang, compare=compare).to_dict()
            assert unnamed(made) == unnamed(built)
            made["layer"].clear()  # the caller may change its copy
        first, compare = cases[0]
        assert unnamed(pillar_bars_spec(first, words, lang, compare=compare)) != unnamed(made)
