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
