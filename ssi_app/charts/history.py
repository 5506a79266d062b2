"""The SSI over time: the measured line, its rolling average, the industry and network averages,
the peak and largest drops, and the questionnaire's estimates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from ssi_app.charts.common import (
    CHART_HEIGHT,
    DASHED,
    FOLDED_SEGMENT,
    POINTS_BELOW_DAYS,
    SOLID,
    SSI_TICKS,
    TITLE,
    broken,
    daily,
    daily_tooltip,
    date_text,
    date_x,
    dates_of,
    drop_segments,
    fast,
    forecast_records,
    forecast_tooltip,
    hover,
    iso,
    js,
    js_object,
    known,
    layer,
    lone_days,
    no_data,
    number_or_none,
    number_text,
    segment_of,
    series_legend,
    ssi_scale,
    tooltip,
    words,
    y_axis,
)
from ssi_app.charts.palette import BRAND_BLUE, ESTIMATE_PURPLE, LOSS_RED, PEAK_NAVY, SERIES_COLORS
from ssi_core.pillars import PILLAR_IDS

MAX_DROP_LABELS = 5
# How far (in SSI points, about 14 px) an event's label sits from its dot.
LABEL_OFFSET_POINTS = 4.5

_AVERAGES = ("industry_ssi", "network_ssi")
_DASHES = {"ssi": SOLID, "ssi_avg": SOLID, "industry_ssi": DASHED, "network_ssi": DASHED}


@fast
def ssi_history_chart(
    snapshots: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    rolling: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    assessments: pd.DataFrame | None = None,
    forecast: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """The SSI over time with the industry and network averages, annotations and estimates.

    Args:
        snapshots: the measured history (Store.snapshots(), possibly filter_range()-d).
        labels: translated words; see DEFAULT_LABELS for the keys.
        lang: the language code, for number and date formats.
        rolling: history.rolling_average() output (date, ssi_avg), drawn as its own line.
        events: history.annotate_events() output; the peak and drops get a dot and a label.
            Events outside the days shown are left out.
        assessments: Store.assessments(); each estimate is a hollow diamond. Estimates dated
            before the first snapshot shown are left out (they belong to an earlier range).
        forecast: forecast.forecast_frame() output (date, value, low, high), the weeks after
            the last measured day: a band and a dashed line labelled "forecast", never joined
            to the measured line.
    Returns:
        A layered chart, 320 px high, y from 0 to 100. An average known as a single value (one
        import, or typed in Settings) is drawn as a dashed rule across the whole range.
    """
    text = words(labels, lang)
    wide = daily(snapshots, ["ssi", *_AVERAGES])
    wide["ssi_avg"] = _rolling_values(rolling, wide)
    estimates = _estimates(assessments, first=wide["date"].iat[0] if len(wide) else None)
    if wide.empty and not estimates:
        return no_data(text, CHART_HEIGHT)

    days = [e["date"] for e in estimates]
    if len(wide):
        days += [wide["date"].iat[0], wide["date"].iat[-1]]
    ahead = forecast is not None and len(forecast) > 0 and len(wide) > 0
    if ahead:
        days.append(pd.Timestamp(forecast["date"].iloc[-1]).date().isoformat())
    x = date_x(pd.Timestamp(min(days)), pd.Timestamp(max(days)), lang)
    y = alt.Y("value:Q", scale=ssi_scale(), axis=y_axis(text["axis_ssi"], SSI_TICKS))
    series = _Series.of(wide, text, with_estimates=bool(estimates))
    wide = drop_segments(wide, series.rules)  # rules span the whole range, holes or not

    layers: list[alt.Chart] = []
    if len(wide):
        tip = daily_tooltip(wide, list(series.names.items()), text, lang)
        selectors, hover_rule = hover("ssi_hover", x, tip)
        layers.append(selectors)
        layers += _average_rules(wide, series, text, lang)
        layers += _measured_lines(wide, series, x, y, tip)
        layers.append(hover_rule)
    layers += _event_layers(_events(events, wide), x, text, lang)
    if estimates:
        layers.append(_estimate_points(estimates, series, x, y, text, lang))
    if ahead:
        layers += _forecast_layers(forecast, x, text, lang)
    return layer(*layers, data=wide, height=CHART_HEIGHT)


def _forecast_layers(forecast: pd.DataFrame, x: alt.X, text: dict[str, str], lang: str) -> list:
    """The forecast's band and its central line, dashed, with "forecast" written at its end."""
    label = text.get("forecast", "forecast")
    records = forecast_records(forecast)
    tip = forecast_tooltip(js(label), text, lang)
    base = alt.Chart(alt.InlineData(values=records))
    scale = ssi_scale()
    band = base.mark_area(color=ESTIMATE_PURPLE, opacity=0.15, tooltip=tip).encode(
        x=x, y=alt.Y("low:Q", scale=scale), y2="high:Q"
    )
    line = base.mark_line(color=ESTIMATE_PURPLE, strokeDash=DASHED, strokeWidth=2).encode(
        x=x, y=alt.Y("value:Q", scale=scale)
    )
    end = (
        alt.Chart(alt.InlineData(values=records[-1:]))
        .mark_text(align="right", dy=-12, color=ESTIMATE_PURPLE, fontWeight="bold", text=label)
        .encode(x=x, y=alt.Y("high:Q", scale=scale))
    )
    return [band, line, end]


# --- series: which are drawn, and how ---------------------------------------------------------


@dataclass(frozen=True)
class _Series:
    """The series the chart draws and the one colour legend that names them all.

    names: series key -> its name in the legend and tooltips.
    lines: the measured series drawn as lines; rules: the averages known as a single value,
    drawn as a rule across the whole range.
    """

    names: dict[str, str]
    present: list[str]
    lines: list[str]
    rules: list[str]
    color: alt.Color
    stroke_dash: alt.StrokeDash

    @classmethod
    def of(cls, wide: pd.DataFrame, text: dict[str, str], with_estimates: bool) -> _Series:
        names = {
            "ssi": text["ssi"],
            "ssi_avg": text["rolling"],
            "industry_ssi": text["industry_ssi"],
            "network_ssi": text["network_ssi"],
        }
        present = [key for key in names if len(known(wide, key))]
        rules = [key for key in _AVERAGES if key in present and known(wide, key).nunique() == 1]
        lines = [key for key in ("ssi", *_AVERAGES) if key in present and key not in rules]
        domain = [names[k] for k in present]
        colors = [SERIES_COLORS[k] for k in present]
        dashes = [_DASHES[k] for k in present]
        if with_estimates:
            domain.append(text["estimate"])
            colors.append(ESTIMATE_PURPLE)
            dashes.append(SOLID)
        dashed = [names[k] for k in present if _DASHES[k] == DASHED]
        color = alt.Color(
            "series:N",
            scale=alt.Scale(domain=domain, range=colors),
            legend=series_legend(dashed, text["estimate"] if with_estimates else None),
        )
        stroke_dash = alt.StrokeDash(
            "series:N", scale=alt.Scale(domain=domain, range=dashes), legend=None
        )
        return cls(names, present, lines, rules, color, stroke_dash)


# --- layers -------------------------------------------------------------------------------------


def _average_rules(
    wide: pd.DataFrame, series: _Series, text: dict[str, str], lang: str
) -> list[alt.Chart]:
    """A dashed rule across the whole range for each average known as a single value."""
    if not series.rules:
        return []
    constants = alt.InlineData(
        values=[
            {"series": series.names[k], "value": float(known(wide, k).iat[0])} for k in series.rules
        ]
    )
    tip = tooltip([(TITLE, "datum.series"), (text["axis_ssi"], number_text("value", lang))])
    rules = (
        alt.Chart(constants)
        .mark_rule(strokeWidth=1.5, tooltip=tip)
        .encode(
            y=alt.Y("value:Q", scale=ssi_scale()),
            color=series.color,
            strokeDash=series.stroke_dash,
        )
    )
    return [rules]


def _measured_lines(
    wide: pd.DataFrame, series: _Series, x: alt.X, y: alt.Y, tip: alt.ExprRef
) -> list[alt.Chart]:
    """The rolling average, the SSI and the changing averages as lines, each broken at its
    holes; dots on short ranges, and on days measured alone between two holes."""
    layers: list[alt.Chart] = []
    if "ssi_avg" in series.present:
        # The rolling average goes first, wide and light, so the daily SSI stays on top of it.
        # It is known on the SSI's days, so it breaks at the SSI's holes.
        rolling = {"x": x, "y": y, "color": series.color}
        if segment := segment_of(wide, "ssi"):
            rolling["detail"] = alt.Detail(f"{segment}:N")
        layers.append(
            alt.Chart()
            .transform_calculate(series=js(series.names["ssi_avg"]), value="datum.ssi_avg")
            .mark_line(strokeWidth=4.5, strokeCap="round", strokeJoin="round", invalid="filter")
            .encode(**rolling)
        )
    if not series.lines:
        return layers
    calculate = {"series": f"{js_object(series.names)}[datum.key]"}
    detail = [alt.Detail("series:N")]
    if broken(wide, series.lines):
        calculate["segment"] = FOLDED_SEGMENT
        detail.append(alt.Detail("segment:N"))
    layers.append(
        alt.Chart()
        .transform_fold(series.lines, as_=["key", "value"])
        .transform_calculate(**calculate)
        .mark_line(strokeWidth=2, strokeCap="round", strokeJoin="round", invalid="filter")
        .encode(x=x, y=y, color=series.color, strokeDash=series.stroke_dash, detail=detail)
    )
    dotted = len(wide) < POINTS_BELOW_DAYS and "ssi" in series.lines
    if dotted:
        layers.append(
            alt.Chart()
            .mark_circle(size=36, color=BRAND_BLUE, opacity=1, tooltip=tip)
            .encode(x=x, y=alt.Y("ssi:Q", scale=ssi_scale()))
        )
    lines = {key: series.names[key] for key in series.lines if not (dotted and key == "ssi")}
    if alone := lone_days(wide, lines):
        layers.append(
            alt.Chart(alt.InlineData(values=alone))
            .mark_circle(size=36, opacity=1)
            .encode(x=x, y=y, color=series.color)
        )
    return layers


def _estimate_points(
    estimates: list[dict], series: _Series, x: alt.X, y: alt.Y, text: dict[str, str], lang: str
) -> alt.Chart:
    """A hollow diamond per estimate, its tooltip with the pillars the estimates know."""
    rows = [(text["date"], date_text("date", lang)), (text["estimate"], number_text("value", lang))]
    rows += [
        (text[pid], number_text(pid, lang))
        for pid in PILLAR_IDS
        if any(e[pid] is not None for e in estimates)
    ]
    records = [{**e, "series": text["estimate"]} for e in estimates]
    return (
        alt.Chart(alt.InlineData(values=records))
        .mark_point(
            shape="diamond", filled=False, size=110, strokeWidth=2, opacity=1, tooltip=tooltip(rows)
        )
        .encode(x=x, y=y, color=series.color)
    )


def _event_layers(events: list[dict], x: alt.X, text: dict[str, str], lang: str) -> list[alt.Chart]:
    """A dot per event and a label: "Peak 74.2" above the peak, "−5.3" under each drop."""
    if not events:
        return []
    # Colour, shape and label position ride in the data (scale=None) rather than in
    # conditional encodings, which would each cost Altair a schema validation.
    records = []
    for event in events:
        peak = event["kind"] == "peak"
        offset = LABEL_OFFSET_POINTS if peak else -LABEL_OFFSET_POINTS
        records.append(
            {
                **event,
                "colour": PEAK_NAVY if peak else LOSS_RED,
                "symbol": "circle" if peak else "triangle-down",
                "kind_label": text["peak"] if peak else text["drop"],
                "label_y": event["ssi"] + offset,
            }
        )
    tip = tooltip(
        [
            (TITLE, "datum.kind_label"),
            (text["date"], date_text("date", lang)),
            (text["ssi"], number_text("ssi", lang)),
            (text["change"], number_text("change", lang, spec="+.2~f")),
        ]
    )
    peak_label = f"{js(text['peak'] + ' ')} + {number_text('ssi', lang, spec='.1~f')}"
    label = f"datum.kind == 'peak' ? {peak_label} : {number_text('change', lang, spec='+.1~f')}"
    base = alt.Chart(alt.InlineData(values=records))
    colour = alt.Color("colour:N", scale=None)
    dots = base.mark_point(
        filled=True, size=90, stroke="white", strokeWidth=1.5, opacity=1, tooltip=tip
    ).encode(
        x=x,
        y=alt.Y("ssi:Q", scale=ssi_scale()),
        color=colour,
        shape=alt.Shape("symbol:N", scale=None),
    )
    labels = base.mark_text(
        fontSize=11, fontWeight="bold", text=alt.ExprRef(expr=label), tooltip=tip
    ).encode(x=x, y=alt.Y("label_y:Q", scale=ssi_scale()), color=colour)
    return [dots, labels]


# --- data: rolling average, estimates, events ---------------------------------------------------


def _rolling_values(rolling: pd.DataFrame | None, wide: pd.DataFrame) -> np.ndarray:
    """The rolling average aligned to the chart's days (NaN where it has none)."""
    if rolling is None or len(rolling) == 0 or not {"date", "ssi_avg"} <= set(rolling.columns):
        return np.full(len(wide), np.nan)
    averages = pd.Series(
        pd.to_numeric(rolling["ssi_avg"], errors="coerce").to_numpy(dtype="float64"),
        index=iso(dates_of(rolling)),
    )
    averages = averages[~averages.index.duplicated(keep="last")]
    return averages.reindex(wide["date"].to_numpy()).to_numpy(dtype="float64")


def _day(value) -> str | None:
    """One date-like value as 'YYYY-MM-DD', or None."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp.strftime("%Y-%m-%d")


def _column(frame: pd.DataFrame, name: str) -> list[float | None]:
    if name not in frame.columns:
        return [None] * len(frame)
    return [number_or_none(v) for v in frame[name].tolist()]


def _estimates(assessments: pd.DataFrame | None, first: str | None) -> list[dict]:
    """Estimated SSI per assessment as records (date, value, pillars), oldest first.

    Small data travels as inline records: a DataFrame costs pandas and Arrow overhead per layer.
    """
    if assessments is None or len(assessments) == 0 or "ssi" not in assessments.columns:
        return []
    dates = [_day(v) for v in assessments["date"].tolist()]
    columns = {"value": _column(assessments, "ssi")}
    columns |= {pid: _column(assessments, pid) for pid in PILLAR_IDS}
    records = [
        {"date": day, **{name: values[i] for name, values in columns.items()}}
        for i, day in enumerate(dates)
        if day is not None and columns["value"][i] is not None and (first is None or day >= first)
    ]
    return sorted(records, key=lambda record: record["date"])


def _events(events: pd.DataFrame | None, wide: pd.DataFrame) -> list[dict]:
    """The peak and the largest drops that fall within the days the chart shows, as records."""
    if events is None or len(events) == 0 or wide.empty or "kind" not in events.columns:
        return []
    first, last = str(wide["date"].iat[0]), str(wide["date"].iat[-1])
    records = [
        {"date": day, "ssi": ssi, "kind": kind, "change": change}
        for day, ssi, kind, change in zip(
            (_day(v) for v in events["date"].tolist()),
            _column(events, "ssi"),
            events["kind"].tolist(),
            _column(events, "change"),
            strict=True,
        )
        if day is not None and first <= day <= last and ssi is not None
    ]
    peaks = [r for r in records if r["kind"] == "peak"]
    drops = sorted(
        (r for r in records if r["kind"] == "drop" and r["change"] is not None),
        key=lambda r: r["change"],
    )
    return peaks + drops[:MAX_DROP_LABELS]
