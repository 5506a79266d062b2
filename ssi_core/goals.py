"""A profile's goal (a target SSI by a date, optionally per pillar or a rank) and how it is going.

The status compares two paces in points per week: the pace still needed to reach the target by
its date, and the pace of the last 90 days (the history's least-squares trend). A goal is
"reached" once the latest measured day meets every target, "on track" while the recent pace is
at least the pace needed, and "behind" otherwise (also when its date has passed unreached).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

import pandas as pd

from ssi_core.advice import Action
from ssi_core.errors import SSIError
from ssi_core.history import Summary, filter_range, summarise
from ssi_core.pillars import PILLAR_IDS, PILLAR_MAX, SSI_MAX

RANK_GROUPS = ("industry", "network")
STATUSES = ("reached", "on_track", "behind")
# A goal's date is at most this far ahead: a target years away says nothing about this week.
MAX_WEEKS_AHEAD = 5 * 52


@dataclass(frozen=True)
class Goal:
    """What a member aims at. pillar_targets holds only the pillars with a target; rank_group
    ("industry" | "network") and rank_top_pct (the "Top N%" to reach) go together or not at all."""

    target_ssi: float
    target_date: date
    pillar_targets: dict[str, float] = field(default_factory=dict)
    rank_group: str | None = None
    rank_top_pct: float | None = None

    def to_dict(self) -> dict:
        """The goal as plain JSON values (the export's shape)."""
        values = asdict(self)
        values["target_date"] = self.target_date.isoformat()
        return values


@dataclass(frozen=True)
class GoalStatus:
    """How a goal stands on a day: state is one of STATUSES; None wherever the data is silent."""

    state: str
    current_ssi: float | None
    gap: float  # SSI points still to gain (0 once reached)
    weeks_left: float
    pace_needed: float | None  # points per week from now to the target date
    pace_recent: float | None  # points per week over the last 90 days
    pillar_gaps: dict[str, float]  # pillar id -> points still to gain, for pillars with a target
    rank_now: float | None  # the group's latest "Top N%", when the goal has a rank
    as_of: date | None


def check_goal(
    target_ssi: float,
    target_date: date,
    pillar_targets: Mapping[str, float | None] | None = None,
    rank_group: str | None = None,
    rank_top_pct: float | None = None,
    today: date | None = None,
) -> Goal:
    """A valid Goal, or SSIError naming what is wrong (a value off the scale, a date passed)."""
    today = today or date.today()
    try:
        target = float(target_ssi)
    except (TypeError, ValueError):
        raise SSIError(f"goal: the target SSI must be a number, not {target_ssi!r}") from None
    if not 0 < target <= SSI_MAX:
        raise SSIError(f"goal: the target SSI must be above 0 and at most 100, not {target:g}")
    if not isinstance(target_date, date):
        raise SSIError(f"goal: {target_date!r} is not a date")
    if target_date <= today:
        raise SSIError(f"goal: the date {target_date.isoformat()} must be after today")
    if (target_date - today).days > MAX_WEEKS_AHEAD * 7:
        raise SSIError("goal: the date must be within five years")
    pillars: dict[str, float] = {}
    for pid, value in (pillar_targets or {}).items():
        if pid not in PILLAR_IDS:
            raise SSIError(f"goal: {pid!r} is not a pillar")
        if value is None:
            continue
        if not 0 < float(value) <= PILLAR_MAX:
            raise SSIError(f"goal: a pillar's target must be above 0 and at most 25 ({pid})")
        pillars[pid] = float(value)
    if (rank_group is None) != (rank_top_pct is None):
        raise SSIError("goal: a target rank needs both its group and its Top N%")
    if rank_group is not None:
        if rank_group not in RANK_GROUPS:
            raise SSIError(
                f"goal: the rank's group must be industry or network, not {rank_group!r}"
            )
        if not 0 < float(rank_top_pct) <= 100:
            raise SSIError("goal: the target rank must be a Top N% between 0 and 100")
        rank_top_pct = float(rank_top_pct)
    return Goal(target, target_date, pillars, rank_group, rank_top_pct)


def goal_from_dict(values: Mapping) -> Goal:
    """A Goal from its to_dict() shape (the store's row, an export), checked only for shape: a
    stored goal whose date has passed is still that member's goal."""
    return Goal(
        target_ssi=float(values["target_ssi"]),
        target_date=pd.Timestamp(values["target_date"]).date(),
        pillar_targets={
            pid: float(v)
            for pid, v in (values.get("pillar_targets") or {}).items()
            if v is not None
        },
        rank_group=values.get("rank_group"),
        rank_top_pct=None if values.get("rank_top_pct") is None else float(values["rank_top_pct"]),
    )


def goal_json(goal: Goal | None) -> str:
    """The goal as a JSON object (null without one), for the profile's export."""
    return json.dumps(None if goal is None else goal.to_dict(), ensure_ascii=False, indent=2) + "\n"


# --- status --------------------------------------------------------------------------------


def goal_status(goal: Goal, summary: Summary | None, today: date | None = None) -> GoalStatus:
    """How `goal` stands given the measured history's summary, on `today`."""
    today = today or (summary.latest_date if summary is not None else date.today())
    weeks_left = max((goal.target_date - today).days, 0) / 7
    current = summary.latest_ssi if summary is not None else None
    pillar_gaps = {
        pid: round(
            max(target - ((summary.latest_pillars.get(pid) if summary else None) or 0), 0), 2
        )
        for pid, target in goal.pillar_targets.items()
    }
    rank_now = (
        getattr(summary, f"{goal.rank_group}_top_pct") if summary and goal.rank_group else None
    )
    gap = round(max(goal.target_ssi - (current or 0.0), 0.0), 2)
    rank_met = goal.rank_group is None or (rank_now is not None and rank_now <= goal.rank_top_pct)
    pace_recent = summary.trend_per_week if summary is not None else None
    if current is not None and gap == 0 and not any(pillar_gaps.values()) and rank_met:
        state, pace_needed = "reached", 0.0
    else:
        pace_needed = round(gap / weeks_left, 2) if weeks_left > 0 else None
        on_pace = pace_needed is not None and pace_recent is not None and pace_recent >= pace_needed
        state = "on_track" if on_pace else "behind"
    return GoalStatus(
        state=state,
        current_ssi=current,
        gap=gap,
        weeks_left=round(weeks_left, 1),
        pace_needed=pace_needed,
        pace_recent=pace_recent,
        pillar_gaps=pillar_gaps,
        rank_now=rank_now,
        as_of=summary.latest_date if summary is not None else None,
    )


def status_a_week_ago(goal: Goal, snapshots: pd.DataFrame, today: date) -> GoalStatus | None:
    """The goal's status as it read seven days before `today`, from the days measured by then
    (None when nothing was measured yet)."""
    before = today - pd.Timedelta(days=7).to_pytimedelta()
    earlier = summarise(filter_range(snapshots, None, before))
    return None if earlier is None else goal_status(goal, earlier, before)


def closing_actions(
    actions: Iterable[Action],
    gap: float,
    done: Iterable[str] = (),
    pillars: Iterable[str] = (),
    limit: int = 5,
) -> list[Action]:
    """The open actions, most points first (each question once), until their points cover the
    gap or `limit` are chosen; actions of the pillars named in `pillars` (those with a target
    not met) come first."""
    if gap <= 0:
        return []
    finished, seen, chosen = set(done), set(), []
    wanted = set(pillars)
    ranked = sorted(
        (a for a in actions if a.id not in finished),
        key=lambda a: (a.pillar not in wanted, -a.points),
    )
    total = 0.0
    for action in ranked:
        if (total >= gap and chosen) or len(chosen) == limit:
            break
        if action.question in seen:
            continue
        seen.add(action.question)
        chosen.append(action)
        total += action.points
    return chosen
