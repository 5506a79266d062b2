"""The SSI change per week, as green and red bars around zero."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import altair as alt
import numpy as np
import pandas as pd

from ssi_app.charts.common import (
    CHART_HEIGHT,
    TITLE,
    date_text,
    date_x,
    dates_of,
    fast,
    iso,
    js,
    layer,
    no_data,
    number_text,
    tooltip,
    words,
    y_axis,
)
from ssi_app.charts.palette import GAIN_GREEN, LOSS_RED, RULE_GREY

# The weekly-change axis always shows at least ±1 point, so a flat week does not look dramatic.
WEEKLY_MIN_RANGE = 1.0


@fast
def weekly_change_chart(
    weekly: pd.DataFrame,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
    span: tuple[date, date] | None = None,
) -> alt.LayerChart:
    """Bars of the SSI change per week (history.weekly_changes()): green up, red down.

    Args:
        span: the first and the last day of the data the weeks come from; the axis spans
            exactly these days, and the first and last weeks' bars are cut to them. Without
            it, the axis spans the weeks, Monday to Sunday.
    """
    text = words(labels, lang)
    if weekly is None or len(weekly) == 0 or "change" not in weekly.columns:
        return no_data(text, CHART_HEIGHT)
    frame = _weeks(weekly)
    if frame.empty:
        return no_data(text, CHART_HEIGHT, key="not_enough_weeks")
    if span is None:
        starts = dates_of(weekly, "week_start")
        first, last = starts.min(), starts.max() + pd.Timedelta(days=6)
    else:
        first, last = pd.Timestamp(span[0]), pd.Timestamp(span[1])
    # ISO days compare as text; the tooltip keeps naming the week by its Monday.
    start, end = iso(pd.Series([first]))[0], iso(pd.Series([last]))[0]
    frame["date"] = frame["date"].where(frame["date"] >= start, start)
    frame["week_end"] = frame["week_end"].where(frame["week_end"] <= end, end)
    low = min(float(frame["change"].min()), -WEEKLY_MIN_RANGE)
    high = max(float(frame["change"].max()), WEEKLY_MIN_RANGE)
    tip = tooltip(
        [
            (TITLE, f"{js(text['week_of'] + ' ')} + {date_text('monday', lang)}"),
            (text["change"], number_text("change", lang, spec="+.2~f")),
            (text["ssi"], number_text("ssi", lang)),
        ]
    )
    bars = (
        alt.Chart()
        .mark_bar(cornerRadius=1.5, tooltip=tip)
        .encode(
            x=date_x(first, last, lang, fixed=True),
            x2=alt.X2("week_end:T"),
            y=alt.Y(
                "change:Q",
                scale=alt.Scale(domain=[low, high], nice=True),
                axis=y_axis(text["weekly_change"], tickCount=5),
            ),
            y2=alt.Y2Datum(0),
            color=alt.Color("colour:N", scale=None),
        )
    )
    zero = alt.Chart().mark_rule(color=RULE_GREY, strokeWidth=1).encode(y=alt.YDatum(0))
    return layer(bars, zero, data=frame, height=CHART_HEIGHT)


def _weeks(weekly: pd.DataFrame) -> pd.DataFrame:
    """The weeks that have a change: start and end day, SSI, change and its bar's colour."""
    starts = dates_of(weekly, "week_start")
    frame = pd.DataFrame(
        {
            "date": iso(starts),
            "monday": iso(starts),
            "week_end": iso(starts + pd.Timedelta(days=6)),
            "ssi": pd.to_numeric(weekly.get("ssi", np.nan), errors="coerce"),
            "change": pd.to_numeric(weekly["change"], errors="coerce"),
        }
    )
    frame = frame[frame["change"].notna()].reset_index(drop=True)
    frame["colour"] = np.where(frame["change"] >= 0, GAIN_GREEN, LOSS_RED)
    return frame
