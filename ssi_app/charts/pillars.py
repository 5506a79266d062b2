"""The four pillars: over time (stacked or one band each), and as bars against their maximum."""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping

import altair as alt
import pandas as pd

from ssi_app.charts.common import (
    CHART_HEIGHT,
    DASHED,
    FOLDED_SEGMENT,
    SSI_TICKS,
    TITLE,
    broken,
    daily,
    daily_tooltip,
    date_x,
    fast,
    forecast_records,
    forecast_tooltip,
    hover,
    js,
    js_object,
    known,
    layer,
    legend,
    no_data,
    number_or_none,
    number_text,
    ssi_scale,
    tooltip,
    words,
    y_axis,
)
from ssi_app.charts.palette import MAX_RULE_GREY, PILLAR_COLORS, TEXT_DARK, TRACK_GREY
from ssi_core.pillars import PILLAR_IDS, PILLAR_MAX

BAR_ROW_HEIGHT = 44
MODES = ("stacked", "small_multiples")


# --- the four pillars over time -----------------------------------------------------------------


@fast
def pillars_chart(
    snapshots: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    mode: str = "stacked",
    forecasts: Mapping[str, pd.DataFrame | None] | None = None,
) -> alt.LayerChart:
    """The four pillars over time.

    Args:
        mode: "stacked" (areas summing to the SSI, y 0–100) or "small_multiples" (one 0–25 band
            per pillar with its 25-point maximum as a faint dashed rule). The bands share one
            layered view rather than a facet/concat: Streamlit stretches only a single view to
            the container width, and four 0–25 bands tile the 0–100 axis exactly.
        forecasts: pillar -> forecast.forecast_frame() output (date, value, low, high), the
            weeks after the last measured day. Drawn in "small_multiples" only, each in its own
            band as a light band and a dashed line, never joined to the measured line; a stack
            has no place for four bands of uncertainty.
    """
    if mode not in MODES:
        raise ValueError(f"pillars_chart: mode is 'stacked' or 'small_multiples', not {mode!r}")
    text = words(labels, lang)
    wide = daily(snapshots, ["ssi", *PILLAR_IDS])
    present = [pid for pid in PILLAR_IDS if len(known(wide, pid))]
    if not present:
        return no_data(text, CHART_HEIGHT)

    names = {pid: text[pid] for pid in PILLAR_IDS}
    stacked = mode == "stacked"
    single_day = len(wide) == 1
    ahead = {
        pid: frame
        for pid, frame in (forecasts or {}).items()
        if pid in present and frame is not None and len(frame) and not stacked and not single_day
    }
    last = pd.Timestamp(wide["date"].iat[-1])
    if ahead:
        last = max(last, *(pd.Timestamp(frame["date"].iloc[-1]) for frame in ahead.values()))
    x = date_x(pd.Timestamp(wide["date"].iat[0]), last, lang)
    color = alt.Color(
        "pillar:N",
        scale=_pillar_scale(names),
        # Two columns: the page may put this chart in half the width, where four would clip.
        legend=legend(symbolType="square", symbolSize=120, columns=2) if stacked else None,
    )
    fields = list(names.items())
    if stacked:
        fields.append(("ssi", text["total"]))
    selectors, rule = hover("pillar_hover", x, daily_tooltip(wide, fields, text, lang))
    pieces = broken(wide, present)
    if stacked:
        marks = [_stacked_areas(present, names, x, color, text["axis_ssi"], single_day, pieces)]
    else:
        marks = _pillar_bands(present, names, x, color, single_day, pieces)
        if ahead:
            marks += _pillar_forecasts(ahead, names, x, color, text, lang)
    return layer(selectors, *marks, rule, data=wide, height=CHART_HEIGHT)


def _band_offsets() -> dict[str, float]:
    """Where each pillar's 0–25 band starts on the 0–100 axis: the first pillar on top."""
    return {pid: (len(PILLAR_IDS) - 1 - i) * PILLAR_MAX for i, pid in enumerate(PILLAR_IDS)}


def _pillar_scale(names: Mapping[str, str]) -> alt.Scale:
    """Each pillar's name to its colour, in the pillars' order."""
    return alt.Scale(
        domain=[names[pid] for pid in PILLAR_IDS],
        range=[PILLAR_COLORS[pid] for pid in PILLAR_IDS],
    )


def _stacked_areas(
    present: list[str],
    names: Mapping[str, str],
    x: alt.X,
    color: alt.Color,
    axis_title: str,
    single_day: bool,
    pieces: bool,
) -> alt.Chart:
    """The pillars as areas stacked up to the SSI, the first at the bottom; one day is a bar.

    With `pieces`, each pillar's area is drawn per piece between its holes. The stack is an
    explicit transform: Vega-Lite's own stacking of areas fills every day a piece does not
    have with zero, which would draw each piece across the holes at zero height.
    """
    order = {pid: i for i, pid in enumerate(PILLAR_IDS)}
    calculate = {
        "pillar": f"{js_object(names)}[datum.key]",
        "order": f"{js_object(order)}[datum.key]",
    }
    if pieces:
        calculate["segment"] = FOLDED_SEGMENT
    folded = (
        alt.Chart()
        .transform_fold(present, as_=["key", "value"])
        .transform_calculate(**calculate)
        .transform_stack(
            as_=["floor", "top"], stack="value", groupby=["date"], sort=[alt.SortField("order")]
        )
    )
    if single_day:
        marks = folded.mark_bar(size=28, opacity=0.9)
    else:
        marks = folded.mark_area(
            opacity=0.88, line={"strokeWidth": 1, "opacity": 0.6}, invalid="filter"
        )
    encoding = {
        "x": x,
        "y": alt.Y("top:Q", scale=ssi_scale(), axis=y_axis(axis_title, SSI_TICKS)),
        "y2": alt.Y2("floor:Q"),
        "color": color,
        "order": alt.Order("order:Q", sort="ascending"),
    }
    if pieces:
        encoding["detail"] = alt.Detail("segment:N")
    return marks.encode(**encoding)


def _pillar_bands(
    present: list[str],
    names: Mapping[str, str],
    x: alt.X,
    color: alt.Color,
    single_day: bool,
    pieces: bool,
) -> list[alt.Chart]:
    """Pillar i drawn in the band [offset, offset + 25], the first on top, under its maximum.

    With `pieces`, each pillar's band is drawn per piece between its holes.
    """
    offsets = _band_offsets()
    centres = {pid: offsets[pid] + PILLAR_MAX / 2 for pid in PILLAR_IDS}
    band_names = " : ".join(f"datum.value == {centres[p]:g} ? {js(names[p])}" for p in PILLAR_IDS)
    calculate = {
        "pillar": f"{js_object(names)}[datum.key]",
        "floor": f"{js_object(offsets)}[datum.key]",
        "top": f"{js_object(offsets)}[datum.key] + datum.value",
    }
    if pieces:
        calculate["segment"] = FOLDED_SEGMENT
    banded = (
        alt.Chart().transform_fold(present, as_=["key", "value"]).transform_calculate(**calculate)
    )
    y_top = alt.Y(
        "top:Q",
        scale=ssi_scale(),
        axis=y_axis(
            None,
            list(centres.values()),
            grid=False,
            labelExpr=f"{band_names} : ''",
            labelFontSize=12,
            labelColor=TEXT_DARK,
        ),
    )
    maxima = alt.InlineData(values=[{"max": offsets[pid] + PILLAR_MAX} for pid in PILLAR_IDS])
    max_rules = (
        alt.Chart(maxima)
        .mark_rule(color=MAX_RULE_GREY, strokeDash=[3, 3], strokeWidth=1)
        .encode(y=alt.Y("max:Q", scale=ssi_scale()))
    )
    if single_day:
        marks = banded.mark_circle(size=70, opacity=1).encode(x=x, y=y_top, color=color)
    else:
        encoding = {"x": x, "y": y_top, "y2": alt.Y2("floor:Q"), "color": color}
        if pieces:
            encoding["detail"] = alt.Detail("segment:N")
        marks = banded.mark_area(
            opacity=0.22, line={"strokeWidth": 1.8, "opacity": 1}, invalid="filter"
        ).encode(**encoding)
    return [max_rules, marks]


def _pillar_forecasts(
    ahead: Mapping[str, pd.DataFrame],
    names: Mapping[str, str],
    x: alt.X,
    color: alt.Color,
    text: Mapping[str, str],
    lang: str,
) -> list[alt.Chart]:
    """Each pillar's forecast in its band: the 80% band, light, and the central line, dashed."""
    offsets = _band_offsets()
    records = [
        {
            **row,
            "pillar": names[pid],
            "y_value": offsets[pid] + row["value"],
            "y_low": offsets[pid] + row["low"],
            "y_high": offsets[pid] + row["high"],
        }
        for pid, frame in ahead.items()
        for row in forecast_records(frame)
    ]
    tip = forecast_tooltip("datum.pillar", text, lang)
    base = alt.Chart(alt.InlineData(values=records))
    scale = ssi_scale()
    band = base.mark_area(opacity=0.15, tooltip=tip).encode(
        x=x, y=alt.Y("y_low:Q", scale=scale), y2="y_high:Q", color=color, detail="pillar:N"
    )
    line = base.mark_line(strokeDash=DASHED, strokeWidth=1.8).encode(
        x=x, y=alt.Y("y_value:Q", scale=scale), color=color, detail="pillar:N"
    )
    return [band, line]


# --- the pillars against their maximum ----------------------------------------------------------


@fast
def pillar_bars(
    pillars: Mapping[str, float | None] | None,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    compare: Mapping[str, float | None] | None = None,
) -> alt.LayerChart:
    """Each pillar as a bar against its 25-point maximum, labelled "21.4 / 25".

    Args:
        pillars: pillar id -> points (None = unknown: no bar, "– / 25").
        labels: DEFAULT_LABELS keys; "current" and "compare" name the two series in tooltips
            and the legend (for example "Measured"/"Estimate" or "Now"/"What-if").
        compare: a second set of points, drawn as a dark tick across each bar.
    Returns:
        A layered chart, 44 px per pillar.
    """
    text = words(labels, lang)
    records = _bar_records(pillars or {}, compare or {}, text)
    height = BAR_ROW_HEIGHT * len(PILLAR_IDS)
    if all(r["value"] is None and r["compare"] is None for r in records):
        return no_data(text, height)
    names = {pid: text[pid] for pid in PILLAR_IDS}
    y = alt.Y(
        "pillar:N",
        sort=list(names.values()),
        scale=alt.Scale(paddingInner=0.38, paddingOuter=0.2),
        axis=alt.Axis(
            title=None,
            domain=False,
            ticks=False,
            labelFontSize=12,
            labelColor=TEXT_DARK,
            labelPadding=8,
            labelLimit=220,
        ),
    )
    # The x range runs past 25 to leave room for the "21.4 / 25" text after each track.
    x_scale = alt.Scale(domain=[0, PILLAR_MAX * 1.32], nice=False)
    has_compare = any(r["compare"] is not None for r in records)
    rows = [(TITLE, "datum.pillar"), (text["current"], number_text("value", lang))]
    if has_compare:
        rows += [
            (text["compare"], number_text("compare", lang)),
            (text["difference"], number_text("difference", lang, spec="+.2~f")),
        ]
    tip = tooltip(rows)
    layers = _bars(names, x_scale, y, tip, lang)
    if has_compare:
        layers.append(_compare_ticks(text["compare"], x_scale, y, tip))
    return layer(*layers, data=alt.InlineData(values=records), height=height)


def pillar_bars_spec(
    pillars: Mapping[str, float | None] | None,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    compare: Mapping[str, float | None] | None = None,
) -> dict:
    """`pillar_bars(...)`'s Vega-Lite spec, with this call's four records in the chart Altair
    built once per labels, language and shape (a compared series or not, any bar or none).

    What-if redraws this chart on every answer, and Altair took some 30 ms a time to build and
    write out the same structure around four new rows. The spec is a fresh copy: the caller may
    change it.
    """
    text = words(labels, lang)
    records = _bar_records(pillars or {}, compare or {}, text)
    has_compare = any(r["compare"] is not None for r in records)
    none = all(r["value"] is None and r["compare"] is None for r in records)
    spec = copy.deepcopy(_bars_template(tuple(sorted(text.items())), lang, has_compare, none))
    name = (spec.get("data") or {}).get("name")
    if not none and name in spec.get("datasets", {}):  # no bar: the template says so itself
        spec["datasets"][name] = records
    return spec


@functools.lru_cache(maxsize=32)
def _bars_template(text: tuple, lang: str, has_compare: bool, none: bool) -> dict:
    """The spec of pillar_bars for one shape, from placeholder points of that shape, without
    Altair's default theme (as the app draws every chart, whichever caller comes first)."""
    points = None if none else {pid: 1.0 for pid in PILLAR_IDS}
    compare = {pid: 1.0 for pid in PILLAR_IDS} if has_compare and not none else None
    with alt.theme.enable("none"):
        return pillar_bars(points, dict(text), lang, compare=compare).to_dict(validate=False)


def _bar_records(
    pillars: Mapping[str, float | None], compare: Mapping[str, float | None], text: dict[str, str]
) -> list[dict]:
    """One record per pillar: its name, value, compared value and their difference."""
    records = []
    for pid in PILLAR_IDS:
        value, other = number_or_none(pillars.get(pid)), number_or_none(compare.get(pid))
        records.append(
            {
                "pillar": text[pid],
                "value": value,
                "compare": other,
                "difference": None if value is None or other is None else other - value,
                "zero": 0.0,
                "max": PILLAR_MAX,
            }
        )
    return records


def _bars(
    names: Mapping[str, str], x_scale: alt.Scale, y: alt.Y, tip: alt.ExprRef, lang: str
) -> list[alt.Chart]:
    """The grey 25-point track, the pillar's bar over it, and "21.4 / 25" after it."""
    bar_x = alt.X("zero:Q", scale=x_scale, axis=None)
    track = (
        alt.Chart()
        .mark_bar(color=TRACK_GREY, cornerRadius=3, tooltip=tip)
        .encode(x=bar_x, x2=alt.X2("max:Q"), y=y)
    )
    value_bar = (
        alt.Chart()
        .transform_filter("isValid(datum.value)")
        .mark_bar(cornerRadius=3, tooltip=tip)
        .encode(
            x=bar_x,
            x2=alt.X2("value:Q"),
            y=y,
            color=alt.Color("pillar:N", scale=_pillar_scale(names), legend=None),
        )
    )
    label = alt.Chart().mark_text(
        align="left",
        dx=8,
        fontSize=12,
        color=TEXT_DARK,
        text=alt.ExprRef(expr=f"{number_text('value', lang)} + ' / ' + {js(f'{PILLAR_MAX:g}')}"),
        tooltip=tip,
    )
    return [track, value_bar, label.encode(x=alt.X("max:Q", scale=x_scale), y=y)]


def _compare_ticks(name: str, x_scale: alt.Scale, y: alt.Y, tip: alt.ExprRef) -> alt.Chart:
    """A dark tick across each bar at the compared value, named `name` in a legend."""
    return (
        alt.Chart()
        .transform_filter("isValid(datum.compare)")
        .transform_calculate(series=js(name))
        .mark_tick(thickness=3, size=26, opacity=1, color=TEXT_DARK, tooltip=tip)
        .encode(
            x=alt.X("compare:Q", scale=x_scale),
            y=y,
            stroke=alt.Stroke(
                "series:N",
                scale=alt.Scale(domain=[name], range=[TEXT_DARK]),
                legend=legend(symbolType="stroke"),
            ),
        )
    )
