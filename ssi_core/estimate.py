"""Turn questionnaire answers into an estimated SSI, with the points of every factor."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ssi_core.pillars import PILLAR_IDS, PILLAR_MAX
from ssi_core.questionnaire import (
    Answer,
    Question,
    Questionnaire,
    load_questionnaire,
    validate_answers,
)

# Float noise from adding decimal weights must not turn 25 into 24.999999999999996.
_NOISE_DIGITS = 9


@dataclass(frozen=True)
class Factor:
    """What one question contributes to its pillar."""

    question: str
    pillar: str
    points: float
    max_points: float

    @property
    def remaining(self) -> float:
        """Points still to gain on this question."""
        return self.max_points - self.points


@dataclass(frozen=True)
class Estimate:
    """An estimated SSI (never a measured one): the pillars and the factors behind them."""

    ssi: float
    pillars: dict[str, float]
    questionnaire_version: str
    factors: tuple[Factor, ...]

    def to_dict(self) -> dict:
        """The JSON the `estimate` command prints, rounded to 2 decimals.

        The total is the sum of the rounded pillars, so the printed numbers always add up.
        """
        pillars = {pillar: round(points, 2) for pillar, points in self.pillars.items()}
        return {
            "ssi": round(sum(pillars.values()), 2),
            "pillars": pillars,
            "questionnaire_version": self.questionnaire_version,
            "factors": [
                {
                    "question": factor.question,
                    "pillar": factor.pillar,
                    "points": round(factor.points, 2),
                    "max_points": round(factor.max_points, 2),
                }
                for factor in self.factors
            ],
        }

    def factors_for(self, pillar_id: str) -> tuple[Factor, ...]:
        return tuple(factor for factor in self.factors if factor.pillar == pillar_id)


def score_question(question: Question, value: Answer) -> float:
    """Points (0..weight) a single, already validated answer earns.

    Numbers: "linear" grows evenly from min to max; "saturating" earns half the weight at
    `half` and flattens after it, rescaled so max earns exactly the weight.
    """
    if question.kind == "bool":
        return question.weight if value else 0.0
    if question.kind == "choice":
        return question.weight * question.option(value).score
    span = question.max - question.min
    x = min(max(value - question.min, 0), span)
    if question.curve == "saturating":
        fraction = _saturation(x, question.half) / _saturation(span, question.half)
    else:
        fraction = x / span
    return question.weight * fraction


def _saturation(x: float, half: float) -> float:
    return 1.0 - math.exp(-math.log(2) * x / half)


def estimate(answers: dict[str, Any], questionnaire: Questionnaire | None = None) -> Estimate:
    """Estimate the SSI from answers.

    Args:
        answers: question id -> answer; unanswered questions count as their lowest value.
        questionnaire: defaults to the bundled one.
    Returns:
        The estimate: every pillar 0..25, ssi their sum (0..100).
    Raises:
        SSIError: an answer is invalid (the message names the question).
    """
    questionnaire = questionnaire or load_questionnaire()
    complete = validate_answers(answers, questionnaire)
    factors = tuple(
        Factor(q.id, q.pillar, score_question(q, complete[q.id]), q.weight)
        for q in questionnaire.questions
    )
    pillars = {
        pillar: min(
            PILLAR_MAX,
            round(sum(f.points for f in factors if f.pillar == pillar), _NOISE_DIGITS),
        )
        for pillar in PILLAR_IDS
    }
    ssi = round(sum(pillars.values()), _NOISE_DIGITS)
    return Estimate(ssi, pillars, questionnaire.version, factors)
