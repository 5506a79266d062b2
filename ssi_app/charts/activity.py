"""Weekly activity from the LinkedIn data archive, under the pillars week by week."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from ssi_app.charts.common import date_x, iso, legend, y_axis
from ssi_app.charts.palette import PILLAR_COLORS
from ssi_core.archive.influence import weekly_pillars
from ssi_core.archive.reader import ACTIVITIES
from ssi_core.pillars import PILLAR_IDS, PILLAR_MAX

ACTIVITY_COLORS: dict[str, str] = {
    "posts": "#0A66C2",
    "comments": "#7FB2E5",
    "reactions": "#C3D9F0",
    "invitations_sent": "#E07B00",
    "connections": "#F3B15F",
    "messages_sent": "#2E7D32",
}
PILLAR_HEIGHT = 180
ACTIVITY_HEIGHT = 200


def activity_chart(
    snapshots: pd.DataFrame,
    activity: pd.DataFrame,
    names: Mapping[str, str],
    lang: str = "en",
) -> alt.VConcatChart:
    """The four pillars per week (the last measured value of each week) above stacked bars of
    the activity per week, on one time axis.

    Args:
        snapshots: the measured days (Store.snapshots()).
        activity: weekly activity (Store.activity()).
        names: the words: each pillar id and activity id, "week", "count", "points".
    """
    weeks = pd.to_datetime(pd.Series(activity["week"]))
    first = min(weeks.min(), pd.to_datetime(pd.Series(snapshots["date"])).min())
    last = max(weeks.max(), pd.to_datetime(pd.Series(snapshots["date"])).max())
    last += pd.Timedelta(days=7)
    x = date_x(first, last, lang, fixed=True)

    pillars = weekly_pillars(snapshots).reset_index()
    pillar_rows = pillars.melt("week", var_name="pillar", value_name="points").dropna()
    # Drawn mid-week, over the middle of the week's bar below.
    pillar_rows["date"] = iso(pd.to_datetime(pillar_rows["week"]) + pd.Timedelta(days=3))
    pillar_rows["name"] = [names[p] for p in pillar_rows["pillar"]]
    pillar_rows = pillar_rows[["date", "name", "points"]]
    pillar_domain = [names[p] for p in PILLAR_IDS]
    top = (
        alt.Chart(pillar_rows, height=PILLAR_HEIGHT)
        .mark_line(point=alt.OverlayMarkDef(size=18), strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y(
                "points:Q",
                scale=alt.Scale(domain=[0, PILLAR_MAX], nice=False),
                axis=y_axis(names["points"], tickCount=5),
            ),
            color=alt.Color(
                "name:N",
                scale=alt.Scale(domain=pillar_domain, range=[PILLAR_COLORS[p] for p in PILLAR_IDS]),
                legend=legend(),
            ),
            tooltip=[
                alt.Tooltip("date:T", title=names["week"], format="%Y-%m-%d"),
                alt.Tooltip("name:N", title=" "),
                alt.Tooltip("points:Q", title=names["points"], format=".2f"),
            ],
        )
    )
    known = [a for a in ACTIVITIES if a in activity.columns and activity[a].notna().any()]
    rows = activity[["week", *known]].melt("week", var_name="activity", value_name="count")
    rows = rows.dropna()
    rows = rows[rows["count"] > 0]
    rows["date"] = iso(pd.to_datetime(rows["week"]))
    rows["week_end"] = iso(pd.to_datetime(rows["week"]) + pd.Timedelta(days=6))
    rows["name"] = [names[a] for a in rows["activity"]]
    rows["count"] = rows["count"].astype("int64")
    rows = rows[["date", "week_end", "name", "count"]]
    bottom = (
        alt.Chart(rows, height=ACTIVITY_HEIGHT)
        .mark_bar()
        .encode(
            x=x,
            x2="week_end:T",
            y=alt.Y("sum(count):Q", axis=y_axis(names["count"], tickCount=5)),
            color=alt.Color(
                "name:N",
                scale=alt.Scale(
                    domain=[names[a] for a in ACTIVITIES],
                    range=[ACTIVITY_COLORS[a] for a in ACTIVITIES],
                ),
                legend=legend(),
            ),
            order=alt.Order("name:N"),
            tooltip=[
                alt.Tooltip("date:T", title=names["week"], format="%Y-%m-%d"),
                alt.Tooltip("name:N", title=" "),
                alt.Tooltip("count:Q", title=names["count"]),
            ],
        )
    )
    return alt.vconcat(top, bottom, spacing=12).resolve_scale(color="independent")
