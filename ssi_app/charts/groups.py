"""One pillar over time against the industry's and the network's average of that pillar."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from ssi_app.charts.common import (
    CHART_HEIGHT,
    DASHED,
    FOLDED_SEGMENT,
    PILLAR_TICKS,
    POINTS_BELOW_DAYS,
    SOLID,
    TITLE,
    broken,
    daily,
    daily_tooltip,
    date_x,
    drop_segments,
    fast,
    hover,
    js_object,
    known,
    layer,
    lone_days,
    no_data,
    number_text,
    series_legend,
    tooltip,
    words,
    y_axis,
)
from ssi_app.charts.palette import INDUSTRY_GREY, NETWORK_ORANGE, PILLAR_COLORS
from ssi_core.pillars import GROUP_PILLAR_COLUMNS, PILLAR_IDS, PILLAR_MAX

# Each group LinkedIn compares a member with: its colour, and the label that names its average.
_GROUPS: dict[str, tuple[str, str]] = {
    "industry": (INDUSTRY_GREY, "industry_ssi"),
    "network": (NETWORK_ORANGE, "network_ssi"),
}


@fast
def pillar_vs_groups_chart(
    snapshots: pd.DataFrame,
    pillar_id: str,
    labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> alt.LayerChart:
    """A pillar of the member over time against its industry's and its network's average.

    Args:
        snapshots: the measured history (Store.snapshots(), possibly filter_range()-d). The
            group columns (GROUP_PILLAR_COLUMNS) may be missing or unknown: a group whose
            average is never known is not drawn.
        pillar_id: one of PILLAR_IDS.
        labels: translated words; the pillar's short name names the member's line,
            "industry_ssi" and "network_ssi" the averages, "axis_pillar" the axis.
        lang: the language code, for number and date formats.
    Returns:
        A layered chart, 320 px high, y from 0 to 25: the member's line in the pillar's colour,
        the averages dashed in the industry's grey and the network's orange (an average known
        as a single value is a dashed rule across the range). Every line breaks at its holes.
    """
    if pillar_id not in PILLAR_IDS:
        raise ValueError(
            f"pillar_vs_groups_chart: the pillar is one of {PILLAR_IDS}, not {pillar_id!r}"
        )
    text = words(labels, lang)
    names = {pillar_id: text[pillar_id]}
    colors = {pillar_id: PILLAR_COLORS[pillar_id]}
    for group, (color, label) in _GROUPS.items():
        column = GROUP_PILLAR_COLUMNS[group][pillar_id]
        names[column] = text[label]
        colors[column] = color
    wide = daily(snapshots, list(names))
    present = [key for key in names if len(known(wide, key))]
    if not present:
        return no_data(text, CHART_HEIGHT)

    averages = [key for key in present if key != pillar_id]
    rules = [key for key in averages if known(wide, key).nunique() == 1]
    lines = [key for key in present if key not in rules]
    wide = drop_segments(wide, rules)  # rules span the whole range, holes or not
    domain = [names[key] for key in present]
    dashed = [names[key] for key in averages]
    color = alt.Color(
        "series:N",
        scale=alt.Scale(domain=domain, range=[colors[key] for key in present]),
        legend=series_legend(dashed),
    )
    stroke_dash = alt.StrokeDash(
        "series:N",
        scale=alt.Scale(
            domain=domain, range=[DASHED if key in averages else SOLID for key in present]
        ),
        legend=None,
    )
    scale = alt.Scale(domain=[0, PILLAR_MAX], nice=False)
    x = date_x(pd.Timestamp(wide["date"].iat[0]), pd.Timestamp(wide["date"].iat[-1]), lang)
    y = alt.Y("value:Q", scale=scale, axis=y_axis(text["axis_pillar"], PILLAR_TICKS))
    tip = daily_tooltip(wide, list(names.items()), text, lang)
    selectors, rule = hover("group_hover", x, tip)

    layers: list[alt.Chart] = [selectors]
    if rules:
        constants = [{"series": names[k], "value": float(known(wide, k).iat[0])} for k in rules]
        rule_tip = tooltip([(TITLE, "datum.series"), (text[pillar_id], number_text("value", lang))])
        layers.append(
            alt.Chart(alt.InlineData(values=constants))
            .mark_rule(strokeWidth=1.5, tooltip=rule_tip)
            .encode(y=alt.Y("value:Q", scale=scale), color=color, strokeDash=stroke_dash)
        )
    if lines:
        calculate = {"series": f"{js_object({k: names[k] for k in lines})}[datum.key]"}
        detail = [alt.Detail("series:N")]
        if broken(wide, lines):
            calculate["segment"] = FOLDED_SEGMENT
            detail.append(alt.Detail("segment:N"))
        layers.append(
            alt.Chart()
            .transform_fold(lines, as_=["key", "value"])
            .transform_calculate(**calculate)
            .mark_line(strokeWidth=2, strokeCap="round", strokeJoin="round", invalid="filter")
            .encode(x=x, y=y, color=color, strokeDash=stroke_dash, detail=detail)
        )
    dotted = len(wide) < POINTS_BELOW_DAYS and pillar_id in lines
    if dotted:
        layers.append(
            alt.Chart()
            .mark_circle(size=36, color=colors[pillar_id], opacity=1, tooltip=tip)
            .encode(x=x, y=alt.Y(f"{pillar_id}:Q", scale=scale))
        )
    alone = lone_days(wide, {k: names[k] for k in lines if not (dotted and k == pillar_id)})
    if alone:
        layers.append(
            alt.Chart(alt.InlineData(values=alone))
            .mark_circle(size=36, opacity=1)
            .encode(x=x, y=y, color=color)
        )
    layers.append(rule)
    return layer(*layers, data=wide, height=CHART_HEIGHT)
