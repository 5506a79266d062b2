"""Altair chart builders for the SSI history: a DataFrame in, an unconfigured alt chart out.

Conventions shared by every builder:
- Words come from `labels` (the page passes its translated catalogue; DEFAULT_LABELS fills gaps,
  pillar names fall back to PILLARS' short names in `lang`).
- Charts are returned unconfigured (no `.configure_*`) so the page may still layer them and
  Streamlit's theme applies. Numbers and dates are formatted by Vega expressions inside the chart,
  so Spanish gets decimal commas and Spanish month names without a Vega locale.
- Dates travel as "YYYY-MM-DD" strings on a UTC time scale: such a string parses as UTC midnight
  both in `to_dict()` and in Streamlit's Arrow path, so a day never shifts with the viewer's
  time zone.
- Each dataset has one row per day (series are folded inside Vega, not melted here), and a
  history longer than MAX_ROWS days is thinned to one row per week, so Altair's 5,000-row guard
  never bites and nothing switches it off for the whole process.
- Speed: Altair validates the spec against the Vega-Lite schema whenever it is turned into JSON
  (Streamlit does that on every rerun), and that cost grows with the number of layers and
  transforms. So tooltips are one expression per mark (no calculate transform per field) and
  layers are kept few; the 3,650-day history chart builds in about 20 ms.
- Empty input gives a chart with a "no data" text, never an exception.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd
from altair.utils.schemapi import debug_mode

from ssi_core.history import by_day
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_COLORS, PILLAR_IDS, PILLAR_MAX, SSI_MAX

# --- look -------------------------------------------------------------------------------------

BRAND_BLUE = "#0A66C2"  # LinkedIn blue: the user's own SSI
ROLLING_BLUE = "#8DBBEA"  # drawn wider and under the SSI line, like a halo
PEAK_NAVY = "#004182"
INDUSTRY_GREY = "#8A8D91"
NETWORK_ORANGE = "#E07B00"
ESTIMATE_PURPLE = "#8344CC"
GAIN_GREEN = "#2E7D32"
LOSS_RED = "#C62828"
TRACK_GREY = "#E9EDF1"
RULE_GREY = "#9AA4AF"
GRID_GREY = "#EEF1F4"
MAX_RULE_GREY = "#C3CAD2"
AXIS_GREY = "#D0D5DB"
TEXT_DARK = "#1F2937"
TEXT_MUTED = "#6B7280"

SERIES_COLORS: dict[str, str] = {
    "ssi": BRAND_BLUE,
    "ssi_avg": ROLLING_BLUE,
    "industry_ssi": INDUSTRY_GREY,
    "network_ssi": NETWORK_ORANGE,
    "estimate": ESTIMATE_PURPLE,
    "industry_top_pct": INDUSTRY_GREY,
    "network_top_pct": NETWORK_ORANGE,
}
SOLID: list[int] = [1, 0]
DASHED: list[int] = [6, 4]

CHART_HEIGHT = 320
PREVIEW_HEIGHT = 160
BAR_ROW_HEIGHT = 44
# Below this many days every snapshot also gets a dot; above it the dots would blur into the line.
POINTS_BELOW_DAYS = 60
# Altair refuses inline datasets above 5,000 rows; longer histories are thinned to weekly rows.
MAX_ROWS = 5000
MAX_DROP_LABELS = 5
MIN_WEEKS_SHOWN = 8
# The weekly-change axis always shows at least ±1 point, so a flat week does not look dramatic.
WEEKLY_MIN_RANGE = 1.0
# How far (in SSI points, about 14 px) an event's label sits from its dot.
LABEL_OFFSET_POINTS = 4.5

MONTHS_ES = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")

DEFAULT_LABELS: dict[str, str] = {
    "ssi": "Your SSI",
    "industry_ssi": "Industry average",
    "network_ssi": "Network average",
    "rolling": "Rolling average",
    "estimate": "Estimate",
    "peak": "Peak",
    "drop": "Drop",
    "date": "Date",
    "week_of": "Week of",
    "change": "Change",
    "weekly_change": "Change vs previous week",
    "axis_ssi": "SSI",
    "total": "SSI",
    "industry_rank": "Industry",
    "network_rank": "Network",
    "rank_axis": "Rank (lower is better)",
    "top_pct": "Top {n}%",
    "current": "Measured",
    "compare": "Estimate",
    "difference": "Difference",
    "no_data": "No data yet",
    "not_enough_weeks": "Not enough weeks yet to compare",
}

# In a tooltip the record is `datum`, except on the invisible Voronoi cells of a `nearest`
# selection, where `datum` is the scene item and the record is `datum.datum`.
RECORD = "(datum.datum || datum)"
# A tooltip object's "title" entry is shown as its heading (Vega's tooltip handler).
TITLE = "title"


# --- helpers: words, numbers, dates ------------------------------------------------------------


def _labels(labels: Mapping[str, str] | None, lang: str) -> dict[str, str]:
    """DEFAULT_LABELS, pillar short names in `lang`, then the caller's labels on top."""
    merged = dict(DEFAULT_LABELS)
    merged.update({pid: PILLAR_BY_ID[pid].short(lang) for pid in PILLAR_IDS})
    merged.update({k: v for k, v in (labels or {}).items() if isinstance(v, str) and v})
    return merged


def _js(text: str) -> str:
    """A string literal for a Vega expression."""
    return json.dumps(text, ensure_ascii=False)


def _js_list(items: Sequence) -> str:
    return "[" + ", ".join(_js(item) for item in items) + "]"


def _number(field: str, lang: str, spec: str = ".2~f", record: str = "datum") -> str:
    """Vega expression: the number formatted for the language (21.4 / 21,4), '–' when unknown."""
    value = f"{record}[{_js(field)}]"
    text = f"format({value}, {_js(spec)})"
    if lang == "es":
        text = f"replace({text}, '.', ',')"
    return f"(isValid({value}) ? {text} : '–')"


def _date(field: str, lang: str, record: str = "datum") -> str:
    """Vega expression: '05 ene 2024' in Spanish, 'Jan 05, 2024' in English."""
    day = f"toDate({record}[{_js(field)}])"
    if lang == "es":
        month = f"{_js_list(MONTHS_ES)}[utcmonth({day})]"
        return f"(utcFormat({day}, '%d') + ' ' + {month} + ' ' + utcFormat({day}, '%Y'))"
    return f"utcFormat({day}, '%b %d, %Y')"


def _tooltip(rows: Sequence[tuple[str, str]]) -> alt.ExprRef:
    """One tooltip expression: an object of title -> text, shown as a table by Vega.

    Args:
        rows: (title, Vega expression) in display order; titles must be distinct, and the
            title TITLE makes that row the tooltip's heading.
    """
    return alt.ExprRef(expr="{" + ", ".join(f"{_js(t)}: {e}" for t, e in rows) + "}")


def _mapping(pairs: Mapping[str, object]) -> str:
    """A Vega object literal, for looking up a series name by its folded column."""
    return (
        "{"
        + ", ".join(f"{_js(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in pairs.items())
        + "}"
    )


# --- helpers: data ----------------------------------------------------------------------------


def _iso(stamps: pd.Series) -> np.ndarray:
    """datetime64 -> 'YYYY-MM-DD' strings (parsed by Vega as UTC midnight)."""
    return stamps.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(str)


def _dates_of(frame: pd.DataFrame, field: str = "date") -> pd.Series:
    return pd.to_datetime(frame[field]).dt.normalize()


def _thin(frame: pd.DataFrame) -> pd.DataFrame:
    """At most MAX_ROWS rows: past that, the last day of each week stands for its week."""
    if len(frame) <= MAX_ROWS:
        return frame
    week = frame["ts"] - pd.to_timedelta(frame["ts"].dt.day_of_week, unit="D")
    return frame.groupby(week, sort=True).tail(1).reset_index(drop=True)


def _wide(snapshots: pd.DataFrame | None, columns: Sequence[str]) -> pd.DataFrame:
    """One row per day: date as ISO string plus the given numeric columns (NaN = unknown)."""
    daily = _thin(by_day(snapshots))
    frame = pd.DataFrame({"date": _iso(daily["ts"])})
    for column in columns:
        frame[column] = daily[column].to_numpy(dtype="float64")
    return frame


def _known(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(dtype="float64")
    return frame[column].dropna()


def _number_or_none(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


# --- helpers: chart parts ---------------------------------------------------------------------


def _fast(builder: Callable[..., alt.LayerChart]) -> Callable[..., alt.LayerChart]:
    """Build without Altair validating every channel object as it is made (halves the time).

    The whole spec is still validated once, when Streamlit (or a test) calls `to_dict()`.
    """

    @functools.wraps(builder)
    def build(*args, **kwargs) -> alt.LayerChart:
        with debug_mode(False):
            return builder(*args, **kwargs)

    return build


def _layer(*charts: alt.Chart, **options) -> alt.LayerChart:
    return alt.LayerChart(layer=list(charts), **options)


def _utc(day: pd.Timestamp) -> alt.DateTime:
    """A day at UTC midnight, as Vega reads 'YYYY-MM-DD'."""
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)


def _x(first: pd.Timestamp, last: pd.Timestamp, lang: str, fixed: bool = False) -> alt.X:
    """The `date` channel on a UTC scale, labelled per language; one day gets room around it.

    Args:
        fixed: the scale spans exactly first..last (for bars that must not touch the ends).
    """
    span = int((last - first) / pd.Timedelta(days=1))
    options: dict = {
        "title": None,
        "grid": False,
        "labelColor": TEXT_MUTED,
        "domainColor": AXIS_GREY,
        "tickColor": AXIS_GREY,
        "labelOverlap": True,
        "labelPadding": 6,
    }
    scale = alt.Scale(type="utc")
    if fixed:
        scale = alt.Scale(type="utc", domain=[_utc(first), _utc(last)], padding=6)
    elif span < 2:
        pad = pd.Timedelta(days=1)
        scale = alt.Scale(type="utc", domain=[_utc(first - pad), _utc(last + pad)])
        options["values"] = [_utc(day) for day in pd.date_range(first, last, freq="D")]
    elif span <= 14:
        options["tickCount"] = alt.TimeIntervalStep(interval="day", step=1)
    # Labels without weekdays: "2024" on 1 Jan, "Feb" on the 1st, "Feb 05" on other days (the
    # last form only for ranges up to a month), in Spanish "2024", "feb", "5 feb".
    value = "datum.value"
    if lang == "es":
        month = f"{_js_list(MONTHS_ES)}[utcmonth({value})]"
        day = f"utcdate({value}) + ' ' + {month}"
    else:
        month, day = f"utcFormat({value}, '%b')", f"utcFormat({value}, '%b %d')"
    if span <= 31:
        options["labelExpr"] = day
    else:
        options["labelExpr"] = (
            f"utcdate({value}) == 1 && utcmonth({value}) == 0 ? utcFormat({value}, '%Y') : "
            f"utcdate({value}) == 1 ? {month} : {day}"
        )
    return alt.X("date:T", scale=scale, axis=alt.Axis(**options))


def _y_axis(title: str | None, values: Sequence[float] | None = None, **extra) -> alt.Axis:
    options: dict = {
        "title": title,
        "grid": True,
        "gridColor": GRID_GREY,
        "domain": False,
        "ticks": False,
        "labelColor": TEXT_MUTED,
        "titleColor": TEXT_MUTED,
        "titleFontWeight": "normal",
        "labelPadding": 6,
    }
    if values is not None:
        options["values"] = list(values)
    options.update(extra)
    return alt.Axis(**options)


def _ssi_scale() -> alt.Scale:
    return alt.Scale(domain=[0, SSI_MAX], nice=False)


def _legend(**extra) -> alt.Legend:
    options: dict = {
        "orient": "top",
        "title": None,
        "labelColor": TEXT_DARK,
        "labelFontSize": 12,
        "symbolStrokeWidth": 2.5,
        "columnPadding": 16,
    }
    options.update(extra)
    return alt.Legend(**options)


def _no_data(text: dict[str, str], height: int, key: str = "no_data") -> alt.LayerChart:
    message = alt.Chart(alt.InlineData(values=[{"message": text[key]}])).mark_text(
        fontSize=14, color=TEXT_MUTED
    )
    return _layer(message.encode(text=alt.Text("message:N")), height=height)


def _hover(name: str, x: alt.X, tooltip: alt.ExprRef) -> tuple[alt.Chart, alt.Chart]:
    """A vertical rule that follows the pointer, and the invisible layer that carries the tooltip.

    Returns:
        (selectors, rule): put `selectors` below the marks that have tooltips of their own.
    """
    nearest = alt.selection_point(
        name=name, nearest=True, on="pointerover", clear="pointerout", fields=["date"], empty=False
    )
    selectors = (
        alt.Chart().mark_point(opacity=0, size=10, tooltip=tooltip).encode(x=x).add_params(nearest)
    )
    rule = (
        alt.Chart().mark_rule(color=RULE_GREY, strokeWidth=1).encode(x=x).transform_filter(nearest)
    )
    return selectors, rule


def _daily_tooltip(
    frame: pd.DataFrame, fields: Sequence[tuple[str, str]], text: dict[str, str], lang: str
) -> alt.ExprRef:
    """The date, then each field that has any known value."""
    rows = [(text["date"], _date("date", lang, RECORD))]
    rows += [
        (title, _number(f, lang, record=RECORD)) for f, title in fields if len(_known(frame, f))
    ]
    return _tooltip(rows)


# --- the SSI over time ------------------------------------------------------------------------


@_fast
def ssi_history_chart(
    snapshots: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    rolling: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    assessments: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """The SSI over time with the industry and network averages, annotations and estimates.

    Args:
        snapshots: the measured history (Store.snapshots(), possibly filter_range()-d).
        labels: translated words; see DEFAULT_LABELS for the keys.
        lang: "en" or "es", for number and date formats.
        rolling: history.rolling_average() output (date, ssi_avg), drawn as its own line.
        events: history.annotate_events() output; the peak and drops get a dot and a label.
            Events outside the days shown are left out.
        assessments: Store.assessments(); each estimate is a hollow diamond. Estimates dated
            before the first snapshot shown are left out (they belong to an earlier range).
    Returns:
        A layered chart, 320 px high, y from 0 to 100. An average known as a single value (one
        import, or typed in Settings) is drawn as a dashed rule across the whole range.
    """
    text = _labels(labels, lang)
    wide = _wide(snapshots, ["ssi", "industry_ssi", "network_ssi"])
    wide["ssi_avg"] = _rolling_values(rolling, wide)
    estimates = _estimates(assessments, first=wide["date"].iat[0] if len(wide) else None)
    if wide.empty and not estimates:
        return _no_data(text, CHART_HEIGHT)

    days = [e["date"] for e in estimates]
    if len(wide):
        days += [wide["date"].iat[0], wide["date"].iat[-1]]
    x = _x(pd.Timestamp(min(days)), pd.Timestamp(max(days)), lang)
    y = alt.Y("value:Q", scale=_ssi_scale(), axis=_y_axis(text["axis_ssi"], [0, 25, 50, 75, 100]))
    names = {
        "ssi": text["ssi"],
        "ssi_avg": text["rolling"],
        "industry_ssi": text["industry_ssi"],
        "network_ssi": text["network_ssi"],
    }
    dashes = {"ssi": SOLID, "ssi_avg": SOLID, "industry_ssi": DASHED, "network_ssi": DASHED}

    # Which series exist, and whether each is a line or a rule across the whole range.
    series_keys = [key for key in names if len(_known(wide, key))]
    rule_keys = [
        key
        for key in ("industry_ssi", "network_ssi")
        if key in series_keys and _known(wide, key).nunique() == 1
    ]
    line_keys = [key for key in ("ssi", "industry_ssi", "network_ssi") if key in series_keys]
    line_keys = [key for key in line_keys if key not in rule_keys]

    domain = [names[k] for k in series_keys]
    colors = [SERIES_COLORS[k] for k in series_keys]
    dash_range = [dashes[k] for k in series_keys]
    if estimates:
        domain.append(text["estimate"])
        colors.append(ESTIMATE_PURPLE)
        dash_range.append(SOLID)
    # One legend, on colour. Vega-Lite would draw separate legends for colour and dash, so the
    # dashes and the estimate's diamond are drawn into the colour legend's symbols instead
    # (Vega evaluates these per entry, with the entry as `datum`).
    dashed = _js_list([names[k] for k in series_keys if dashes[k] == DASHED])
    legend = _legend(
        symbolSize=200,
        symbolType=alt.ExprRef(
            expr=f"datum.value == {_js(text['estimate'])} ? 'diamond' : 'stroke'"
        ),
        symbolDash=alt.ExprRef(expr=f"indexof({dashed}, datum.value) >= 0 ? {DASHED} : {SOLID}"),
        symbolFillColor="transparent",
    )
    color = alt.Color("series:N", scale=alt.Scale(domain=domain, range=colors), legend=legend)
    stroke_dash = alt.StrokeDash(
        "series:N", scale=alt.Scale(domain=domain, range=dash_range), legend=None
    )

    layers: list[alt.Chart] = []
    hover_rule = None
    if len(wide):
        tooltip = _daily_tooltip(wide, [(k, names[k]) for k in names], text, lang)
        selectors, hover_rule = _hover("ssi_hover", x, tooltip)
        layers.append(selectors)
    if rule_keys:
        constants = alt.InlineData(
            values=[{"series": names[k], "value": float(_known(wide, k).iat[0])} for k in rule_keys]
        )
        rule_tooltip = _tooltip(
            [(TITLE, "datum.series"), (text["axis_ssi"], _number("value", lang))]
        )
        layers.append(
            alt.Chart(constants)
            .mark_rule(strokeWidth=1.5, tooltip=rule_tooltip)
            .encode(y=alt.Y("value:Q", scale=_ssi_scale()), color=color, strokeDash=stroke_dash)
        )
    if "ssi_avg" in series_keys:
        # The rolling average goes first, wide and light, so the daily SSI stays on top of it.
        layers.append(
            alt.Chart()
            .transform_calculate(series=_js(names["ssi_avg"]), value="datum.ssi_avg")
            .mark_line(strokeWidth=4.5, strokeCap="round", strokeJoin="round", invalid="filter")
            .encode(x=x, y=y, color=color)
        )
    if line_keys:
        layers.append(
            alt.Chart()
            .transform_fold(line_keys, as_=["key", "value"])
            .transform_calculate(series=f"{_mapping(names)}[datum.key]")
            .mark_line(strokeWidth=2, strokeCap="round", strokeJoin="round", invalid="filter")
            .encode(x=x, y=y, color=color, strokeDash=stroke_dash, detail=alt.Detail("series:N"))
        )
        if len(wide) < POINTS_BELOW_DAYS and "ssi" in line_keys:
            layers.append(
                alt.Chart()
                .mark_circle(size=36, color=BRAND_BLUE, opacity=1, tooltip=tooltip)
                .encode(x=x, y=alt.Y("ssi:Q", scale=_ssi_scale()))
            )
    if hover_rule is not None:
        layers.append(hover_rule)
    annotations = _events(events, wide)
    if annotations:
        layers.extend(_event_layers(annotations, x, text, lang))
    if estimates:
        rows = [(text["date"], _date("date", lang)), (text["estimate"], _number("value", lang))]
        rows += [
            (text[pid], _number(pid, lang))
            for pid in PILLAR_IDS
            if any(e[pid] is not None for e in estimates)
        ]
        records = [{**e, "series": text["estimate"]} for e in estimates]
        layers.append(
            alt.Chart(alt.InlineData(values=records))
            .mark_point(
                shape="diamond",
                filled=False,
                size=110,
                strokeWidth=2,
                opacity=1,
                tooltip=_tooltip(rows),
            )
            .encode(x=x, y=y, color=color)
        )
    return _layer(*layers, data=wide, height=CHART_HEIGHT)


def _rolling_values(rolling: pd.DataFrame | None, wide: pd.DataFrame) -> np.ndarray:
    """The rolling average aligned to the chart's days (NaN where it has none)."""
    if rolling is None or len(rolling) == 0 or not {"date", "ssi_avg"} <= set(rolling.columns):
        return np.full(len(wide), np.nan)
    averages = pd.Series(
        pd.to_numeric(rolling["ssi_avg"], errors="coerce").to_numpy(dtype="float64"),
        index=_iso(_dates_of(rolling)),
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
    return [_number_or_none(v) for v in frame[name].tolist()]


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


def _event_layers(events: list[dict], x: alt.X, text: dict[str, str], lang: str) -> list[alt.Chart]:
    """A dot per event and a label: "Peak 74.2" above the peak, "−5.3" under each drop."""
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
    tooltip = _tooltip(
        [
            (TITLE, "datum.kind_label"),
            (text["date"], _date("date", lang)),
            (text["ssi"], _number("ssi", lang)),
            (text["change"], _number("change", lang, spec="+.2~f")),
        ]
    )
    peak_label = f"{_js(text['peak'] + ' ')} + {_number('ssi', lang, spec='.1~f')}"
    label = f"datum.kind == 'peak' ? {peak_label} : {_number('change', lang, spec='+.1~f')}"
    base = alt.Chart(alt.InlineData(values=records))
    dots = base.mark_point(
        filled=True, size=90, stroke="white", strokeWidth=1.5, opacity=1, tooltip=tooltip
    ).encode(
        x=x,
        y=alt.Y("ssi:Q", scale=_ssi_scale()),
        color=alt.Color("colour:N", scale=None),
        shape=alt.Shape("symbol:N", scale=None),
    )
    labels = base.mark_text(
        fontSize=11, fontWeight="bold", text=alt.ExprRef(expr=label), tooltip=tooltip
    ).encode(
        x=x,
        y=alt.Y("label_y:Q", scale=_ssi_scale()),
        color=alt.Color("colour:N", scale=None),
    )
    return [dots, labels]


# --- the four pillars -------------------------------------------------------------------------


@_fast
def pillars_chart(
    snapshots: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    mode: str = "stacked",
) -> alt.LayerChart:
    """The four pillars over time.

    Args:
        mode: "stacked" (areas summing to the SSI, y 0–100) or "small_multiples" (one 0–25 band
            per pillar with its 25-point maximum as a faint dashed rule). The bands share one
            layered view rather than a facet/concat: Streamlit stretches only a single view to
            the container width, and four 0–25 bands tile the 0–100 axis exactly.
    """
    if mode not in ("stacked", "small_multiples"):
        raise ValueError(f"pillars_chart: mode is 'stacked' or 'small_multiples', not {mode!r}")
    text = _labels(labels, lang)
    wide = _wide(snapshots, ["ssi", *PILLAR_IDS])
    present = [pid for pid in PILLAR_IDS if len(_known(wide, pid))]
    if not present:
        return _no_data(text, CHART_HEIGHT)

    x = _x(pd.Timestamp(wide["date"].iat[0]), pd.Timestamp(wide["date"].iat[-1]), lang)
    names = {pid: text[pid] for pid in PILLAR_IDS}
    stacked = mode == "stacked"
    color = alt.Color(
        "pillar:N",
        scale=alt.Scale(
            domain=[names[pid] for pid in PILLAR_IDS],
            range=[PILLAR_COLORS[pid] for pid in PILLAR_IDS],
        ),
        # Two columns: the page may put this chart in half the width, where four would clip.
        legend=_legend(symbolType="square", symbolSize=120, columns=2) if stacked else None,
    )
    fields = [(pid, names[pid]) for pid in PILLAR_IDS]
    if stacked:
        fields.append(("ssi", text["total"]))
    selectors, rule = _hover("pillar_hover", x, _daily_tooltip(wide, fields, text, lang))
    single_day = len(wide) == 1

    if stacked:
        order = {pid: i for i, pid in enumerate(PILLAR_IDS)}
        folded = (
            alt.Chart()
            .transform_fold(present, as_=["key", "value"])
            .transform_calculate(
                pillar=f"{_mapping(names)}[datum.key]", order=f"{_mapping(order)}[datum.key]"
            )
        )
        encoding = {
            "x": x,
            "y": alt.Y(
                "value:Q",
                stack="zero",
                scale=_ssi_scale(),
                axis=_y_axis(text["axis_ssi"], [0, 25, 50, 75, 100]),
            ),
            "color": color,
            "order": alt.Order("order:Q", sort="ascending"),
        }
        marks = (
            folded.mark_bar(size=28, opacity=0.9)
            if single_day
            else folded.mark_area(
                opacity=0.88, line={"strokeWidth": 1, "opacity": 0.6}, invalid="filter"
            )
        )
        return _layer(selectors, marks.encode(**encoding), rule, data=wide, height=CHART_HEIGHT)

    # Small multiples: pillar i is drawn in the band [offset, offset + 25], the first on top.
    offsets = {pid: (len(PILLAR_IDS) - 1 - i) * PILLAR_MAX for i, pid in enumerate(PILLAR_IDS)}
    centres = {pid: offsets[pid] + PILLAR_MAX / 2 for pid in PILLAR_IDS}
    band_names = " : ".join(f"datum.value == {centres[p]:g} ? {_js(names[p])}" for p in PILLAR_IDS)
    banded = (
        alt.Chart()
        .transform_fold(present, as_=["key", "value"])
        .transform_calculate(
            pillar=f"{_mapping(names)}[datum.key]",
            floor=f"{_mapping(offsets)}[datum.key]",
            top=f"{_mapping(offsets)}[datum.key] + datum.value",
        )
    )
    y_top = alt.Y(
        "top:Q",
        scale=_ssi_scale(),
        axis=_y_axis(
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
        .encode(y=alt.Y("max:Q", scale=_ssi_scale()))
    )
    if single_day:
        marks = banded.mark_circle(size=70, opacity=1).encode(x=x, y=y_top, color=color)
    else:
        marks = banded.mark_area(
            opacity=0.22, line={"strokeWidth": 1.8, "opacity": 1}, invalid="filter"
        ).encode(x=x, y=y_top, y2=alt.Y2("floor:Q"), color=color)
    return _layer(selectors, max_rules, marks, rule, data=wide, height=CHART_HEIGHT)


# --- weekly change ----------------------------------------------------------------------------


@_fast
def weekly_change_chart(
    weekly: pd.DataFrame, labels: Mapping[str, str] | None = None, lang: str = "en"
) -> alt.LayerChart:
    """Bars of the SSI change per week (history.weekly_changes()): green up, red down."""
    text = _labels(labels, lang)
    if weekly is None or len(weekly) == 0 or "change" not in weekly.columns:
        return _no_data(text, CHART_HEIGHT)
    starts = _dates_of(weekly, "week_start")
    frame = pd.DataFrame(
        {
            "date": _iso(starts),
            "week_end": _iso(starts + pd.Timedelta(days=6)),
            "ssi": pd.to_numeric(weekly.get("ssi", np.nan), errors="coerce"),
            "change": pd.to_numeric(weekly["change"], errors="coerce"),
        }
    )
    frame = frame[frame["change"].notna()].reset_index(drop=True)
    if frame.empty:
        return _no_data(text, CHART_HEIGHT, key="not_enough_weeks")
    frame["colour"] = np.where(frame["change"] >= 0, GAIN_GREEN, LOSS_RED)
    first = pd.Timestamp(frame["date"].iat[0])
    last = pd.Timestamp(frame["date"].iat[-1]) + pd.Timedelta(days=7)
    # A few weeks are centred in a range of MIN_WEEKS_SHOWN so one bar does not fill the chart.
    weeks = (last - first) / pd.Timedelta(weeks=1)
    pad = pd.Timedelta(weeks=max(MIN_WEEKS_SHOWN - weeks, 0) / 2)
    first, last = (first - pad).normalize(), (last + pad).normalize()
    x = _x(first, last, lang, fixed=True)
    low = min(float(frame["change"].min()), -WEEKLY_MIN_RANGE)
    high = max(float(frame["change"].max()), WEEKLY_MIN_RANGE)
    tooltip = _tooltip(
        [
            (TITLE, f"{_js(text['week_of'] + ' ')} + {_date('date', lang)}"),
            (text["change"], _number("change", lang, spec="+.2~f")),
            (text["ssi"], _number("ssi", lang)),
        ]
    )
    bars = (
        alt.Chart()
        .mark_bar(cornerRadius=1.5, tooltip=tooltip)
        .encode(
            x=x,
            x2=alt.X2("week_end:T"),
            y=alt.Y(
                "change:Q",
                scale=alt.Scale(domain=[low, high], nice=True),
                axis=_y_axis(text["weekly_change"], tickCount=5),
            ),
            y2=alt.Y2Datum(0),
            color=alt.Color("colour:N", scale=None),
        )
    )
    zero = alt.Chart().mark_rule(color=RULE_GREY, strokeWidth=1).encode(y=alt.YDatum(0))
    return _layer(bars, zero, data=frame, height=CHART_HEIGHT)


# --- ranks ------------------------------------------------------------------------------------


@_fast
def rank_chart(
    snapshots: pd.DataFrame, labels: Mapping[str, str] | None = None, lang: str = "en"
) -> alt.LayerChart:
    """ "Top N%" in the industry and the network over time, on a reversed axis (1% on top)."""
    text = _labels(labels, lang)
    keys = ("industry_top_pct", "network_top_pct")
    wide = _wide(snapshots, list(keys))
    present = [key for key in keys if len(_known(wide, key))]
    if not present:
        return _no_data(text, CHART_HEIGHT)
    wide = wide[wide[present].notna().any(axis=1)].reset_index(drop=True)
    names = {"industry_top_pct": text["industry_rank"], "network_top_pct": text["network_rank"]}
    # A tighter domain when every rank is good, so "Top 3%" against "Top 5%" is visible.
    worst = float(wide[present].max().max())
    upper = min(SSI_MAX, max(5.0, math.ceil(worst * 1.25 / 5) * 5))
    x = _x(pd.Timestamp(wide["date"].iat[0]), pd.Timestamp(wide["date"].iat[-1]), lang)
    template = _js(text["top_pct"])
    y = alt.Y(
        "value:Q",
        scale=alt.Scale(domain=[0, upper], reverse=True, nice=False),
        axis=_y_axis(
            text["rank_axis"],
            labelExpr=f"datum.value == 0 ? '' : replace({template}, '{{n}}', datum.label)",
            tickCount=5,
        ),
    )
    several_days = len(wide) > 1
    color = alt.Color(
        "series:N",
        scale=alt.Scale(
            domain=[names[k] for k in present], range=[SERIES_COLORS[k] for k in present]
        ),
        legend=_legend(symbolType="stroke" if several_days else "circle"),
    )
    rows = [(text["date"], _date("date", lang, RECORD))]
    for key in present:
        top = _number(key, lang, spec=".1~f", record=RECORD)
        known = f"isValid({RECORD}[{_js(key)}])"
        rows.append((names[key], f"({known} ? replace({template}, '{{n}}', {top}) : '–')"))
    selectors, rule = _hover("rank_hover", x, _tooltip(rows))
    folded = (
        alt.Chart()
        .transform_fold(present, as_=["key", "value"])
        .transform_calculate(series=f"{_mapping(names)}[datum.key]")
    )
    layers: list[alt.Chart] = [selectors]
    if several_days:
        layers.append(
            folded.mark_line(strokeWidth=2, invalid="filter").encode(x=x, y=y, color=color)
        )
    if len(wide) < POINTS_BELOW_DAYS:
        layers.append(folded.mark_circle(size=40, opacity=1).encode(x=x, y=y, color=color))
    layers.append(rule)
    return _layer(*layers, data=wide, height=CHART_HEIGHT)


# --- pillars against their maximum ------------------------------------------------------------


@_fast
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
    text = _labels(labels, lang)
    pillars, compare = pillars or {}, compare or {}
    records = []
    for pid in PILLAR_IDS:
        value, other = _number_or_none(pillars.get(pid)), _number_or_none(compare.get(pid))
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
    height = BAR_ROW_HEIGHT * len(PILLAR_IDS)
    if all(r["value"] is None and r["compare"] is None for r in records):
        return _no_data(text, height)
    order = [text[pid] for pid in PILLAR_IDS]
    y = alt.Y(
        "pillar:N",
        sort=order,
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
    rows = [(TITLE, "datum.pillar"), (text["current"], _number("value", lang))]
    has_compare = any(r["compare"] is not None for r in records)
    if has_compare:
        rows += [
            (text["compare"], _number("compare", lang)),
            (text["difference"], _number("difference", lang, spec="+.2~f")),
        ]
    tooltip = _tooltip(rows)
    bar_x = alt.X("zero:Q", scale=x_scale, axis=None)
    track = (
        alt.Chart()
        .mark_bar(color=TRACK_GREY, cornerRadius=3, tooltip=tooltip)
        .encode(x=bar_x, x2=alt.X2("max:Q"), y=y)
    )
    value_bar = (
        alt.Chart()
        .transform_filter("isValid(datum.value)")
        .mark_bar(cornerRadius=3, tooltip=tooltip)
        .encode(
            x=bar_x,
            x2=alt.X2("value:Q"),
            y=y,
            color=alt.Color(
                "pillar:N",
                scale=alt.Scale(domain=order, range=[PILLAR_COLORS[pid] for pid in PILLAR_IDS]),
                legend=None,
            ),
        )
    )
    label = alt.Chart().mark_text(
        align="left",
        dx=8,
        fontSize=12,
        color=TEXT_DARK,
        text=alt.ExprRef(expr=f"{_number('value', lang)} + ' / ' + {_js(f'{PILLAR_MAX:g}')}"),
        tooltip=tooltip,
    )
    layers = [track, value_bar, label.encode(x=alt.X("max:Q", scale=x_scale), y=y)]
    if has_compare:
        layers.append(
            alt.Chart()
            .transform_filter("isValid(datum.compare)")
            .transform_calculate(series=_js(text["compare"]))
            .mark_tick(thickness=3, size=26, opacity=1, color=TEXT_DARK, tooltip=tooltip)
            .encode(
                x=alt.X("compare:Q", scale=x_scale),
                y=y,
                stroke=alt.Stroke(
                    "series:N",
                    scale=alt.Scale(domain=[text["compare"]], range=[TEXT_DARK]),
                    legend=_legend(symbolType="stroke"),
                ),
            )
        )
    return _layer(*layers, data=alt.InlineData(values=records), height=height)


# --- import preview ---------------------------------------------------------------------------


@_fast
def preview_chart(
    snapshots: pd.DataFrame, labels: Mapping[str, str] | None = None, lang: str = "en"
) -> alt.LayerChart:
    """A small SSI line for the import preview, 160 px high."""
    text = _labels(labels, lang)
    wide = _wide(snapshots, ["ssi"])
    wide = wide[wide["ssi"].notna()].reset_index(drop=True)
    if wide.empty:
        return _no_data(text, PREVIEW_HEIGHT)
    x = _x(pd.Timestamp(wide["date"].iat[0]), pd.Timestamp(wide["date"].iat[-1]), lang)
    y = alt.Y("ssi:Q", scale=_ssi_scale(), axis=_y_axis(None, [0, 50, 100]))
    tooltip = _daily_tooltip(wide, [("ssi", text["ssi"])], text, lang)
    selectors, rule = _hover("preview_hover", x, tooltip)
    layers: list[alt.Chart] = [selectors]
    if len(wide) > 1:
        line = alt.Chart().mark_line(color=BRAND_BLUE, strokeWidth=2, invalid="filter")
        layers.append(line.encode(x=x, y=y))
    if len(wide) < POINTS_BELOW_DAYS:
        dots = alt.Chart().mark_circle(color=BRAND_BLUE, size=30, opacity=1, tooltip=tooltip)
        layers.append(dots.encode(x=x, y=y))
    layers.append(rule)
    return _layer(*layers, data=wide, height=PREVIEW_HEIGHT)
