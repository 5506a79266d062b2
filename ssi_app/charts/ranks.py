"""Where the user ranks: "Top N%" in the industry and the network over time."""

from __future__ import annotations

import math
from collections.abc import Mapping

import altair as alt
import pandas as pd

from ssi_app.charts.common import (
    CHART_HEIGHT,
    FOLDED_SEGMENT,
    POINTS_BELOW_DAYS,
    RECORD,
    broken,
    daily,
    date_text,
    date_x,
    fast,
    hover,
    js,
    js_object,
    known,
    layer,
    legend,
    lone_days,
    no_data,
    number_text,
    tooltip,
    words,
    y_axis,
)
from ssi_app.charts.palette import SERIES_COLORS
from ssi_core.pillars import SSI_MAX

RANKS = ("industry_top_pct", "network_top_pct")


@fast
def rank_chart(
    snapshots: pd.DataFrame, labels: Mapping[str, str] | None = None, lang: str = "en"
) -> alt.LayerChart:
    """ "Top N%" in the industry and the network over time, on a reversed axis (1% on top)."""
    text = words(labels, lang)
    wide = daily(snapshots, list(RANKS))
    present = [key for key in RANKS if len(known(wide, key))]
    if not present:
        return no_data(text, CHART_HEIGHT)
    wide = wide[wide[present].notna().any(axis=1)].reset_index(drop=True)
    names = {"industry_top_pct": text["industry_rank"], "network_top_pct": text["network_rank"]}
    # A tighter domain when every rank is good, so "Top 3%" against "Top 5%" is visible.
    worst = float(wide[present].max().max())
    upper = min(SSI_MAX, max(5.0, math.ceil(worst * 1.25 / 5) * 5))
    x = date_x(pd.Timestamp(wide["date"].iat[0]), pd.Timestamp(wide["date"].iat[-1]), lang)
    template = js(text["top_pct"])
    y = alt.Y(
        "value:Q",
        scale=alt.Scale(domain=[0, upper], reverse=True, nice=False),
        axis=y_axis(
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
        legend=legend(symbolType="stroke" if several_days else "circle"),
    )
    rows = [(text["date"], date_text("date", lang, RECORD))]
    for key in present:
        top = number_text(key, lang, spec=".1~f", record=RECORD)
        is_known = f"isValid({RECORD}[{js(key)}])"
        rows.append((names[key], f"({is_known} ? replace({template}, '{{n}}', {top}) : '–')"))
    selectors, rule = hover("rank_hover", x, tooltip(rows))
    calculate = {"series": f"{js_object(names)}[datum.key]"}
    line = {"x": x, "y": y, "color": color}
    if broken(wide, present):  # each rank's line breaks at its holes
        calculate["segment"] = FOLDED_SEGMENT
        line["detail"] = alt.Detail("segment:N")
    folded = (
        alt.Chart().transform_fold(present, as_=["key", "value"]).transform_calculate(**calculate)
    )
    layers: list[alt.Chart] = [selectors]
    if several_days:
        layers.append(folded.mark_line(strokeWidth=2, invalid="filter").encode(**line))
    if len(wide) < POINTS_BELOW_DAYS:
        layers.append(folded.mark_circle(size=40, opacity=1).encode(x=x, y=y, color=color))
    elif alone := lone_days(wide, {key: names[key] for key in present}):
        dots = alt.Chart(alt.InlineData(values=alone)).mark_circle(size=40, opacity=1)
        layers.append(dots.encode(x=x, y=y, color=color))
    layers.append(rule)
    return layer(*layers, data=wide, height=CHART_HEIGHT)
