"""A small SSI line for the import preview."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from ssi_app.charts.common import (
    POINTS_BELOW_DAYS,
    daily,
    daily_tooltip,
    date_x,
    fast,
    hover,
    layer,
    lone_days,
    no_data,
    segment_of,
    ssi_scale,
    words,
    y_axis,
)
from ssi_app.charts.palette import BRAND_BLUE

PREVIEW_HEIGHT = 160


@fast
def preview_chart(
    snapshots: pd.DataFrame, labels: Mapping[str, str] | None = None, lang: str = "en"
) -> alt.LayerChart:
    """A small SSI line for the import preview, 160 px high."""
    text = words(labels, lang)
    wide = daily(snapshots, ["ssi"])
    wide = wide[wide["ssi"].notna()].reset_index(drop=True)
    if wide.empty:
        return no_data(text, PREVIEW_HEIGHT)
    x = date_x(pd.Timestamp(wide["date"].iat[0]), pd.Timestamp(wide["date"].iat[-1]), lang)
    y = alt.Y("ssi:Q", scale=ssi_scale(), axis=y_axis(None, [0, 50, 100]))
    tip = daily_tooltip(wide, [("ssi", text["ssi"])], text, lang)
    selectors, rule = hover("preview_hover", x, tip)
    layers: list[alt.Chart] = [selectors]
    if len(wide) > 1:
        line = alt.Chart().mark_line(color=BRAND_BLUE, strokeWidth=2, invalid="filter")
        if segment := segment_of(wide, "ssi"):  # broken at the holes
            layers.append(line.encode(x=x, y=y, detail=alt.Detail(f"{segment}:N")))
        else:
            layers.append(line.encode(x=x, y=y))
    if len(wide) < POINTS_BELOW_DAYS:
        dots = alt.Chart().mark_circle(color=BRAND_BLUE, size=30, opacity=1, tooltip=tip)
        layers.append(dots.encode(x=x, y=y))
    elif alone := lone_days(wide, {"ssi": text["ssi"]}):
        dots = alt.Chart(alt.InlineData(values=alone)).mark_circle(
            color=BRAND_BLUE, size=30, opacity=1
        )
        layers.append(dots.encode(x=x, y=alt.Y("value:Q", scale=ssi_scale())))
    layers.append(rule)
    return layer(*layers, data=wide, height=PREVIEW_HEIGHT)
