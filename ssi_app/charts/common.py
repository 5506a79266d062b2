"""What every chart builder shares: words, Vega expressions, daily data, axes and hover parts.

Conventions of every builder (a DataFrame in, an unconfigured Altair chart out):
- Words come from `labels` (the page passes its translated catalogue; DEFAULT_LABELS fills gaps,
  pillar names fall back to PILLARS' short names in `lang`).
- Charts are returned unconfigured (no `.configure_*`) so the page may still layer them and
  Streamlit's theme applies. Numbers and dates are formatted by Vega expressions inside the chart,
  from the language's CLDR data (decimal separator, month abbreviations), so every language gets
  its own numbers and month names without a Vega locale.
- Dates travel as "YYYY-MM-DD" strings on a UTC time scale: such a string parses as UTC midnight
  both in `to_dict()` and in Streamlit's Arrow path, so a day never shifts with the viewer's
  time zone.
- Each dataset has one row per day (series are folded inside Vega, not melted here), and a
  history longer than MAX_ROWS days is thinned to one row per week, so Altair's 5,000-row guard
  never bites and nothing switches it off for the whole process.
- Lines and areas never cross a hole in the measurements (ssi_core.history.holes): a series with
  holes gets a `segment_<column>` field numbering its pieces, and its marks are drawn per piece
  (`detail`). Unknown values inside a piece are skipped (`invalid="filter"` joins the known
  days around them; Vega-Lite's null-breaking modes would break at every unknown day instead).
  A day measured alone between two holes gets a dot, as a line through one point draws nothing.
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

from ssi_app.charts.palette import AXIS_GREY, GRID_GREY, RULE_GREY, TEXT_DARK, TEXT_MUTED
from ssi_core.history import by_day, hole_segments
from ssi_core.i18n import month_abbreviations, number_symbols
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS, SSI_MAX

CHART_HEIGHT = 320
# Below this many days every snapshot also gets a dot; above it the dots would blur into the line.
POINTS_BELOW_DAYS = 60
# Altair refuses inline datasets above 5,000 rows; longer histories are thinned to weekly rows.
MAX_ROWS = 5000
SSI_TICKS = (0, 25, 50, 75, 100)
PILLAR_TICKS = (0, 5, 10, 15, 20, 25)
# A series' own values are solid lines; the industry and network averages are dashed.
SOLID: list[int] = [1, 0]
DASHED: list[int] = [6, 4]
# The field numbering the pieces of a series between its holes is this prefix + its column.
SEGMENT = "segment_"

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
    "axis_pillar": "Points (of 25)",
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

# What Vega's `%b` writes: its built-in locale is US English.
VEGA_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- words and Vega expressions ----------------------------------------------------------------


def words(labels: Mapping[str, str] | None, lang: str) -> dict[str, str]:
    """DEFAULT_LABELS, pillar short names in `lang`, then the caller's labels on top."""
    merged = dict(DEFAULT_LABELS)
    merged.update({pid: PILLAR_BY_ID[pid].short(lang) for pid in PILLAR_IDS})
    merged.update({k: v for k, v in (labels or {}).items() if isinstance(v, str) and v})
    return merged


def js(text: str) -> str:
    """A string literal for a Vega expression."""
    return json.dumps(text, ensure_ascii=False)


def js_list(items: Sequence) -> str:
    """An array literal of strings for a Vega expression."""
    return "[" + ", ".join(js(item) for item in items) + "]"


def js_object(pairs: Mapping[str, object]) -> str:
    """A Vega object literal, for looking up a series' name, order or band by its folded key."""
    entries = (f"{js(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in pairs.items())
    return "{" + ", ".join(entries) + "}"


def number_text(field: str, lang: str, spec: str = ".2~f", record: str = "datum") -> str:
    """Vega expression: the number with the language's decimal separator, '–' when unknown.

    Args:
        spec: a d3 format without digit grouping (no value charted reaches a thousand), so
            the decimal point is the only symbol to translate.
    """
    value = f"{record}[{js(field)}]"
    text = f"format({value}, {js(spec)})"
    decimal, _group = number_symbols(lang)
    if decimal != ".":
        quoted = "'" + decimal.replace("\\", "\\\\").replace("'", "\\'") + "'"
        text = f"replace({text}, '.', {quoted})"
    return f"(isValid({value}) ? {text} : '–')"


def _vega_speaks(lang: str) -> bool:
    """Whether Vega's own month names are the language's (US English): then Vega formats dates.

    Every other language reads day, month, year, with its CLDR month abbreviations.
    """
    return month_abbreviations(lang) == VEGA_MONTHS


def _month_name(day: str, lang: str) -> str:
    """Vega expression: the language's abbreviated month of the date expression `day`."""
    return f"{js_list(month_abbreviations(lang))}[utcmonth({day})]"


def date_text(field: str, lang: str, record: str = "datum") -> str:
    """Vega expression: 'Jan 05, 2024' in English, '05 ene 2024' in Spanish, and so on."""
    day = f"toDate({record}[{js(field)}])"
    if _vega_speaks(lang):
        return f"utcFormat({day}, '%b %d, %Y')"
    month = _month_name(day, lang)
    return f"(utcFormat({day}, '%d') + ' ' + {month} + ' ' + utcFormat({day}, '%Y'))"


def tooltip(rows: Sequence[tuple[str, str]]) -> alt.ExprRef:
    """One tooltip expression: an object of title -> text, shown as a table by Vega.

    Args:
        rows: (title, Vega expression) in display order; titles must be distinct, and the
            title TITLE makes that row the tooltip's heading.
    """
    return alt.ExprRef(expr="{" + ", ".join(f"{js(t)}: {e}" for t, e in rows) + "}")


def forecast_tooltip(title: str, text: Mapping[str, str], lang: str) -> alt.ExprRef:
    """A forecast's tooltip: `title` (a Vega expression), the week, the value and the 80% band."""
    label = text.get("forecast", "forecast")
    return tooltip(
        [
            (TITLE, title),
            (text["date"], date_text("date", lang)),
            (label, number_text("value", lang, spec=".1~f")),
            (text.get("forecast_band", "80%"), f"{number_text('low', lang, spec='.0f')} + '–' + "
             f"{number_text('high', lang, spec='.0f')}"),
        ]
    )  # fmt: skip


# --- data ---------------------------------------------------------------------------------------


def forecast_records(forecast: pd.DataFrame) -> list[dict]:
    """forecast.forecast_frame() rows as chart records: date ('YYYY-MM-DD'), value, low, high."""
    return [
        {"date": pd.Timestamp(day).date().isoformat(), "value": value, "low": low, "high": high}
        for day, value, low, high in forecast[["date", "value", "low", "high"]].itertuples(
            index=False
        )
    ]


def iso(stamps: pd.Series) -> np.ndarray:
    """datetime64 -> 'YYYY-MM-DD' strings (parsed by Vega as UTC midnight)."""
    return stamps.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(str)


def dates_of(frame: pd.DataFrame, field: str = "date") -> pd.Series:
    return pd.to_datetime(frame[field]).dt.normalize()


def thin(frame: pd.DataFrame) -> pd.DataFrame:
    """At most MAX_ROWS rows: past that, the last day of each week stands for its week."""
    if len(frame) <= MAX_ROWS:
        return frame
    week = frame["ts"] - pd.to_timedelta(frame["ts"].dt.day_of_week, unit="D")
    return frame.groupby(week, sort=True).tail(1).reset_index(drop=True)


def daily(snapshots: pd.DataFrame | None, columns: Sequence[str]) -> pd.DataFrame:
    """One row per day: date as ISO string plus the given numeric columns (NaN = unknown).

    A column whose series has holes also gets its `segment_<column>` field (see segment_of),
    numbered on every measured day before a long history is thinned to weeks.
    """
    days = by_day(snapshots)
    frame = pd.DataFrame({"ts": days["ts"]})
    for column in columns:
        frame[column] = days[column].to_numpy(dtype="float64")
    for column in columns:
        pieces = _pieces(frame["ts"], frame[column].to_numpy())
        if pieces is not None:
            frame[SEGMENT + column] = pieces
    frame = thin(frame)
    frame.insert(0, "date", iso(frame.pop("ts")))
    return frame


def _pieces(stamps: pd.Series, values: np.ndarray) -> np.ndarray | None:
    """The piece of its series each day is in (unknown days take the piece before them), or
    None when the series has no hole."""
    measured = ~np.isnan(values)
    if measured.sum() < 2:
        return None
    pieces = hole_segments(stamps.to_numpy()[measured])
    if not pieces[-1]:
        return None
    spread = np.zeros(len(values), dtype="int64")
    spread[measured] = pieces
    return np.maximum.accumulate(spread)


def segment_of(frame: pd.DataFrame, column: str) -> str | None:
    """The field numbering the pieces of `column` between its holes, when it has any."""
    field = SEGMENT + column
    return field if field in frame.columns else None


def drop_segments(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The frame without the segment fields of these columns (series not drawn as lines)."""
    fields = [SEGMENT + column for column in columns if segment_of(frame, column)]
    return frame.drop(columns=fields) if fields else frame


def broken(frame: pd.DataFrame, columns: Sequence[str]) -> bool:
    """Whether any of these series has a hole (then folded marks need FOLDED_SEGMENT)."""
    return any(segment_of(frame, column) for column in columns)


# After transform_fold(..., as_=["key", "value"]): the piece of the folded row's own series
# (undefined, one piece, for a series without holes).
FOLDED_SEGMENT = f"datum[{js(SEGMENT)} + datum.key]"


def lone_days(frame: pd.DataFrame, columns: Mapping[str, str]) -> list[dict]:
    """The days each series was measured alone between two holes, as records (date, series,
    value), `columns` mapping each column to its series name."""
    records: list[dict] = []
    for column, name in columns.items():
        field = segment_of(frame, column)
        if field is None:
            continue
        measured = frame[frame[column].notna()]
        pieces = measured[field].to_numpy()
        alone = measured[np.bincount(pieces)[pieces] == 1]
        records += [
            {"date": day, "series": name, "value": float(value)}
            for day, value in zip(alone["date"], alone[column], strict=True)
        ]
    return records


def known(frame: pd.DataFrame, column: str) -> pd.Series:
    """The known values of a column (none when the column is missing)."""
    if column not in frame.columns:
        return pd.Series(dtype="float64")
    return frame[column].dropna()


def number_or_none(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


# --- chart parts --------------------------------------------------------------------------------


def fast(builder: Callable[..., alt.LayerChart]) -> Callable[..., alt.LayerChart]:
    """Build without Altair validating every channel object as it is made (halves the time).

    The whole spec is still validated once, when Streamlit (or a test) calls `to_dict()`.
    """

    @functools.wraps(builder)
    def build(*args, **kwargs) -> alt.LayerChart:
        with debug_mode(False):
            return builder(*args, **kwargs)

    return build


def layer(*charts: alt.Chart, **options) -> alt.LayerChart:
    return alt.LayerChart(layer=list(charts), **options)


def utc(day: pd.Timestamp) -> alt.DateTime:
    """A day at UTC midnight, as Vega reads 'YYYY-MM-DD'."""
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)


def _date_labels(span: int, lang: str) -> str:
    """Axis labels without weekdays: the year on 1 January, the month on the 1st, else the day.

    "2024", "Feb", "Feb 05" in English; "2024", "feb", "5 feb" in Spanish. Ranges up to a
    month label every tick with its day.
    """
    value = "datum.value"
    if _vega_speaks(lang):
        month, day = f"utcFormat({value}, '%b')", f"utcFormat({value}, '%b %d')"
    else:
        month = _month_name(value, lang)
        day = f"utcdate({value}) + ' ' + {month}"
    if span <= 31:
        return day
    return (
        f"utcdate({value}) == 1 && utcmonth({value}) == 0 ? utcFormat({value}, '%Y') : "
        f"utcdate({value}) == 1 ? {month} : {day}"
    )


def date_x(first: pd.Timestamp, last: pd.Timestamp, lang: str, fixed: bool = False) -> alt.X:
    """The `date` channel on a UTC scale from `first` to `last` exactly (never rounded out to
    padding weeks), labelled per language; one day gets a day of room either side.

    Args:
        fixed: bars, which get a few pixels of room so they do not touch the ends.
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
        "labelExpr": _date_labels(span, lang),
    }
    scale = alt.Scale(type="utc", domain=[utc(first), utc(last)], nice=False)
    if fixed:
        scale = alt.Scale(type="utc", domain=[utc(first), utc(last)], nice=False, padding=6)
    elif span < 2:
        pad = pd.Timedelta(days=1)
        scale = alt.Scale(type="utc", domain=[utc(first - pad), utc(last + pad)], nice=False)
        options["values"] = [utc(day) for day in pd.date_range(first, last, freq="D")]
    if span <= 14 and not span < 2:
        options["tickCount"] = alt.TimeIntervalStep(interval="day", step=1)
    return alt.X("date:T", scale=scale, axis=alt.Axis(**options))


def y_axis(title: str | None, values: Sequence[float] | None = None, **extra) -> alt.Axis:
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


def ssi_scale() -> alt.Scale:
    """0 to 100, exactly."""
    return alt.Scale(domain=[0, SSI_MAX], nice=False)


def legend(**extra) -> alt.Legend:
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


def series_legend(dashed: Sequence[str], diamond: str | None = None) -> alt.Legend:
    """One legend, on colour, whose symbols also show each series' dash (and a diamond).

    Vega-Lite would draw separate legends for colour and dash, so the dashes (and the diamond
    of the series named `diamond`) are drawn into the colour legend's symbols instead (Vega
    evaluates these per entry, with the entry as `datum`).
    """
    symbol = "'stroke'"
    if diamond is not None:
        symbol = f"datum.value == {js(diamond)} ? 'diamond' : 'stroke'"
    return legend(
        symbolSize=200,
        symbolType=alt.ExprRef(expr=symbol),
        symbolDash=alt.ExprRef(
            expr=f"indexof({js_list(dashed)}, datum.value) >= 0 ? {DASHED} : {SOLID}"
        ),
        symbolFillColor="transparent",
    )


def no_data(text: dict[str, str], height: int, key: str = "no_data") -> alt.LayerChart:
    """A chart that only says there is nothing to draw (the message `text[key]`)."""
    message = alt.Chart(alt.InlineData(values=[{"message": text[key]}])).mark_text(
        fontSize=14, color=TEXT_MUTED
    )
    return layer(message.encode(text=alt.Text("message:N")), height=height)


def hover(name: str, x: alt.X, tip: alt.ExprRef) -> tuple[alt.Chart, alt.Chart]:
    """A vertical rule that follows the pointer, and the invisible layer that carries the tooltip.

    Returns:
        (selectors, rule): put `selectors` below the marks that have tooltips of their own.
    """
    nearest = alt.selection_point(
        name=name, nearest=True, on="pointerover", clear="pointerout", fields=["date"], empty=False
    )
    selectors = (
        alt.Chart().mark_point(opacity=0, size=10, tooltip=tip).encode(x=x).add_params(nearest)
    )
    rule = (
        alt.Chart().mark_rule(color=RULE_GREY, strokeWidth=1).encode(x=x).transform_filter(nearest)
    )
    return selectors, rule


def daily_tooltip(
    frame: pd.DataFrame, fields: Sequence[tuple[str, str]], text: dict[str, str], lang: str
) -> alt.ExprRef:
    """The date, then each (field, title) that has any known value."""
    rows = [(text["date"], date_text("date", lang, RECORD))]
    rows += [
        (title, number_text(f, lang, record=RECORD)) for f, title in fields if len(known(frame, f))
    ]
    return tooltip(rows)
