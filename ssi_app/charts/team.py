"""The team page's charts: the members' SSI over time, and each pillar across the team."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from ssi_app.charts.common import CHART_HEIGHT, date_x, ssi_scale, y_axis
from ssi_app.charts.palette import BRAND_BLUE, PILLAR_COLORS, ROLLING_BLUE, TEXT_MUTED
from ssi_core.i18n import fmt_date
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS, PILLAR_MAX


def _weeks(frame: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, alt.X]:
    """The frame with `date` (ISO, as Vega reads it) and `day` (written in `lang`), and the x
    channel over its weeks."""
    weeks = pd.to_datetime(frame["week"])
    data = frame.assign(
        date=weeks.dt.strftime("%Y-%m-%d"), day=[fmt_date(d, lang) for d in frame["week"]]
    ).drop(columns="week")
    return data, date_x(weeks.min(), weeks.max(), lang)


def members_history_chart(
    kind: str, frame: pd.DataFrame, lang: str, text: Mapping[str, str]
) -> alt.Chart:
    """Weekly mean SSI: one line per member ("lines"), or the team's median with its middle
    half ("band", for many members)."""
    data, x = _weeks(frame, lang)
    y_title = text["ssi"]
    if kind == "lines":
        return (
            alt.Chart(data)
            .mark_line(point=True, strokeWidth=2)
            .encode(
                x=x,
                y=alt.Y("ssi:Q", scale=ssi_scale(), axis=y_axis(y_title)),
                color=alt.Color(
                    "label:N", title=text["member"], legend=alt.Legend(orient="bottom", columns=3)
                ),
                tooltip=[
                    alt.Tooltip("label:N", title=text["member"]),
                    alt.Tooltip("day:N", title=text["week_of"]),
                    alt.Tooltip("ssi:Q", title=y_title, format=".1f"),
                ],
            )
            .properties(height=CHART_HEIGHT)
        )
    base = alt.Chart(data).encode(x=x)
    band = base.mark_area(color=ROLLING_BLUE, opacity=0.5).encode(
        y=alt.Y("low:Q", scale=ssi_scale(), axis=y_axis(y_title)), y2="high:Q"
    )
    line = base.mark_line(color=BRAND_BLUE, strokeWidth=2.5, point=True).encode(
        y="median:Q",
        tooltip=[
            alt.Tooltip("day:N", title=text["week_of"]),
            alt.Tooltip("median:Q", title=text["median"], format=".1f"),
            alt.Tooltip("low:Q", title=text["low"], format=".1f"),
            alt.Tooltip("high:Q", title=text["high"], format=".1f"),
            alt.Tooltip("members:Q", title=text["members"]),
        ],
    )
    return (band + line).properties(height=CHART_HEIGHT)


def pillar_distribution_chart(rows: pd.DataFrame, lang: str, text: Mapping[str, str]) -> alt.Chart:
    """Each pillar's spread across the members who share it: a box and every member's mark."""
    labels = {pid: PILLAR_BY_ID[pid].short(lang) for pid in PILLAR_IDS}
    long = (
        rows[list(PILLAR_IDS)]
        .melt(var_name="pillar", value_name="value")
        .dropna(subset=["value"])
        .assign(pillar=lambda f: f["pillar"].map(labels))
    )
    order = [labels[pid] for pid in PILLAR_IDS]
    color = alt.Color(
        "pillar:N",
        scale=alt.Scale(domain=order, range=[PILLAR_COLORS[pid] for pid in PILLAR_IDS]),
        legend=None,
    )
    y = alt.Y("pillar:N", title=None, sort=order)
    x = alt.X(
        "value:Q",
        title=text["points"],
        # A little room past 25, so that a box or mark at the maximum is not cut at the edge.
        scale=alt.Scale(domain=[0, PILLAR_MAX + 0.6], nice=False),
        axis=alt.Axis(values=list(range(0, int(PILLAR_MAX) + 1, 5))),
    )
    base = alt.Chart(long)
    boxes = base.mark_boxplot(extent="min-max", size=26, opacity=0.35).encode(x=x, y=y, color=color)
    ticks = base.mark_tick(color=TEXT_MUTED, thickness=1.5, size=22, opacity=0.7).encode(
        x=x, y=y, tooltip=[alt.Tooltip("value:Q", title=text["points"], format=".1f")]
    )
    return (boxes + ticks).properties(height=48 * len(PILLAR_IDS) + 40)
