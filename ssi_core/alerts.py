"""The few things on a profile that need attention now, each with the numbers behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from ssi_core.forecast import SERIES, weekly_of_days
from ssi_core.goals import Goal, goal_status, status_a_week_ago
from ssi_core.history import Summary, by_day

# A series falling this many weeks in a row (week on week, with no week missing) is a warning.
FALLING_WEEKS = 3
# A rank is compared with the one shown at least this many days before the latest.
RANK_DAYS = 7
# A rank this many percentage points worse (Top 1% -> Top 3%) is a drop worth saying.
RANK_DROP_POINTS = 2.0
# Without a measured day in this many days, the numbers on screen are getting old.
STALE_DAYS = 14


@dataclass(frozen=True)
class Alert:
    """kind: "falling" (subject: "ssi" or a pillar id), "rank_drop" (subject: "industry" or
    "network"), "stale" or "goal_slipped"; values: the numbers its sentence shows."""

    kind: str
    subject: str | None = None
    values: dict = field(default_factory=dict)


def falling_weeks(weekly: pd.DataFrame) -> tuple[int, float]:
    """How many weeks in a row, up to the last, the value fell (each week right after the one
    before), and by how many points in all."""
    values = weekly["value"].to_numpy(dtype="float64")
    starts = np.array([d.toordinal() for d in weekly["week_start"]], dtype="int64")
    weeks = 0
    for i in range(len(values) - 1, 0, -1):
        if starts[i] - starts[i - 1] != 7 or not values[i] < values[i - 1]:
            break
        weeks += 1
    return weeks, round(float(values[-1] - values[-1 - weeks]), 2) if weeks else 0.0


def _rank_drop(frame: pd.DataFrame, group: str) -> Alert | None:
    column = f"{group}_top_pct"
    known = frame.loc[frame[column].notna(), ["ts", column]]
    if len(known) < 2:
        return None
    latest_day, latest = known["ts"].iat[-1], float(known[column].iat[-1])
    earlier = known[known["ts"] <= latest_day - pd.Timedelta(days=RANK_DAYS)]
    if earlier.empty:
        return None
    before = float(earlier[column].iat[-1])
    if latest - before < RANK_DROP_POINTS:
        return None
    return Alert(
        "rank_drop", group, {"before": before, "now": latest, "since": earlier["ts"].iat[-1].date()}
    )


def alerts(
    snapshots: pd.DataFrame,
    summary: Summary | None,
    goal: Goal | None,
    today: date | None = None,
) -> list[Alert]:
    """What needs attention now, most pressing first: no recent data, a goal that slipped from on
    track to behind, a rank that dropped, the SSI or a pillar falling FALLING_WEEKS+ weeks."""
    today = today or date.today()
    found: list[Alert] = []
    if summary is None:
        return found
    age = (today - summary.latest_date).days
    if age >= STALE_DAYS:
        found.append(Alert("stale", None, {"days": age, "since": summary.latest_date}))
    if goal is not None:
        now = goal_status(goal, summary, today)
        before = status_a_week_ago(goal, snapshots, today)
        if now.state == "behind" and before is not None and before.state == "on_track":
            found.append(
                Alert("goal_slipped", None, {"needed": now.pace_needed, "recent": now.pace_recent})
            )
    frame = by_day(snapshots)
    for group in ("industry", "network"):
        drop = _rank_drop(frame, group)
        if drop is not None:
            found.append(drop)
    for column in SERIES:
        weeks, change = falling_weeks(weekly_of_days(frame, column))
        if weeks >= FALLING_WEEKS:
            found.append(Alert("falling", column, {"weeks": weeks, "change": change}))
    return found
