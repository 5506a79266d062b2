"""The coach's reading of pillars and of a plan: what is strong, what is weak, what is left.

Pure decisions the pages show in words: which pillar is strongest and whether it is well
established, which is weakest and how far it is from full, how many points the open actions of a
plan are worth, and where a questionnaire starts from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ssi_core.advice import Action
from ssi_core.pillars import PILLAR_IDS, PILLAR_MAX, WELL_ESTABLISHED
from ssi_core.questionnaire import Answer, Questionnaire, validate_answers


@dataclass(frozen=True)
class PillarReading:
    """The strongest and the weakest of the known pillars."""

    strongest: str
    strongest_points: float
    # From 70 % of a pillar's points a coach calls it well established.
    well_established: bool
    # None when only one pillar is known, or all known pillars score the same.
    weakest: str | None
    weakest_points: float | None
    # The points the weakest pillar still lacks to its 25.
    weakest_gap: float | None


def read_pillars(pillars: Mapping[str, float | None]) -> PillarReading | None:
    """The strongest and the weakest pillar; None when no pillar is known.

    Args:
        pillars: canonical pillar id -> points (0..25), None or NaN for unknown.
    Returns:
        The reading; ties go to the pillar that comes first in the canonical order.
    """
    known = {
        pid: float(pillars[pid])
        for pid in PILLAR_IDS
        if pillars.get(pid) is not None and pillars[pid] == pillars[pid]  # NaN is unknown
    }
    if not known:
        return None
    strongest = max(known, key=known.get)
    weakest = min(known, key=known.get)
    if known[weakest] == known[strongest]:
        weakest = None
    return PillarReading(
        strongest=strongest,
        strongest_points=known[strongest],
        well_established=known[strongest] >= WELL_ESTABLISHED,
        weakest=weakest,
        weakest_points=None if weakest is None else known[weakest],
        weakest_gap=None if weakest is None else PILLAR_MAX - known[weakest],
    )


def points_available(actions: Iterable[Action], done: Iterable[str] = ()) -> float:
    """The points the open actions would add together.

    Several actions can close the same gap (one question): each question counts once, with
    its best open action.
    """
    finished = set(done)
    best: dict[str, float] = {}
    for action in actions:
        if action.id not in finished:
            best[action.question] = max(best.get(action.question, 0.0), action.points)
    return sum(best.values())


def starting_answers(
    saved: Mapping[str, Any] | None, questionnaire: Questionnaire
) -> dict[str, Answer]:
    """Every question's answer to start a questionnaire from: the saved ones, the lowest for
    the rest. Answers to questions a newer questionnaire dropped are left out, not rejected."""
    kept = {qid: value for qid, value in (saved or {}).items() if qid in questionnaire.by_id}
    return validate_answers(kept, questionnaire)


@dataclass(frozen=True)
class Standing:
    """One pillar of the member's against the industry's and the network's average of it."""

    pillar: str
    points: float
    # Group ("industry", "network") -> its average of this pillar, None where unknown.
    averages: dict[str, float | None]

    def lead(self, group: str) -> float | None:
        """The member's points minus the group's average; None when the average is unknown."""
        average = self.averages.get(group)
        return None if average is None else self.points - average

    def verdict(self) -> str:
        """Ahead of or behind each group whose average is known, as one word-key:
        'ahead_both', 'behind_both', 'ahead_of_industry' (and behind the network),
        'ahead_of_network', or '<ahead|behind>_<group>_only' when one average is known."""
        industry, network = self.lead("industry"), self.lead("network")
        if industry is not None and network is not None:
            if (industry >= 0) == (network >= 0):
                return "ahead_both" if industry >= 0 else "behind_both"
            return "ahead_of_industry" if industry >= 0 else "ahead_of_network"
        group, lead = ("industry", industry) if industry is not None else ("network", network)
        return f"{'ahead' if lead >= 0 else 'behind'}_{group}_only"

    @property
    def behind_by(self) -> float:
        """How far the member is behind the group furthest ahead of them (0 when behind none)."""
        leads = [lead for group in self.averages if (lead := self.lead(group)) is not None]
        return max([0.0, *(-lead for lead in leads)])


def group_standings(
    pillars: Mapping[str, float | None], group_pillars: Mapping[str, Mapping[str, float | None]]
) -> list[Standing]:
    """The pillars whose points and at least one group average are known, in pillar order.

    Args:
        pillars: canonical pillar id -> the member's points.
        group_pillars: "industry"/"network" -> pillar id -> that group's average.
    """
    standings = []
    for pid in PILLAR_IDS:
        points = pillars.get(pid)
        if points is None or points != points:
            continue
        averages = {group: _known(values.get(pid)) for group, values in group_pillars.items()}
        if any(value is not None for value in averages.values()):
            standings.append(Standing(pid, float(points), averages))
    return standings


def behind_groups_first(pillar_order: Iterable[str], standings: Iterable[Standing]) -> list[str]:
    """`pillar_order` with the pillars where the member is behind a group moved to the front,
    the furthest behind first; the rest keep their order.

    A plan works first where the member trails the people they are compared with.
    """
    behind = {s.pillar: s.behind_by for s in standings if s.behind_by > 0}
    order = list(pillar_order)
    return sorted(
        order, key=lambda pid: (pid not in behind, -behind.get(pid, 0.0), order.index(pid))
    )


def _known(value: float | None) -> float | None:
    return None if value is None or value != value else float(value)
