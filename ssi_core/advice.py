"""Concrete actions for this week, ranked by the estimated points they would add."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ssi_core.errors import SSIError
from ssi_core.estimate import estimate, score_question
from ssi_core.i18n import Localized
from ssi_core.pillars import PILLAR_IDS, PILLAR_MAX, check_value
from ssi_core.questionnaire import (
    DATA_DIR,
    Answer,
    Question,
    Questionnaire,
    load_questionnaire,
    read_texts,
    read_toml,
    validate_answers,
)

ACTIONS_PATH = DATA_DIR / "actions.toml"
# Gains below this are float noise, not points worth suggesting.
MIN_POINTS = 1e-9
# A week's plan stays short enough to do alongside a job.
ACTIONS_PER_WEEK = 3


@dataclass(frozen=True)
class ActionSpec:
    """An action as written in data/actions.toml: what to do and how it moves one answer."""

    id: str
    question: str
    pillar: str
    texts: Localized
    step_by: int | float | None = None
    target: Answer | None = None

    def answer_after(self, question: Question, current: Answer) -> Answer:
        """The answer once this week's action is done (never beyond the question's range)."""
        if self.target is not None:
            return self.target
        if question.kind == "choice":
            values = question.option_values()
            index = min(values.index(current) + int(self.step_by), len(values) - 1)
            return values[index]
        return min(current + self.step_by, question.max)


@dataclass(frozen=True)
class Action:
    """A suggested action and the estimated points it would add for this person."""

    id: str
    pillar: str
    question: str
    texts: Localized
    points: float

    def text(self, lang: str = "en") -> str:
        """What to do, in `lang` (in English when the catalogue lacks the language)."""
        return self.texts.get(lang)


# --- loading --------------------------------------------------------------------------------


def load_actions(
    path: Path | None = None, questionnaire: Questionnaire | None = None
) -> tuple[ActionSpec, ...]:
    """Read and check the action catalogue.

    Args:
        path: a TOML file; None reads data/actions.toml.
        questionnaire: the questions the actions refer to; defaults to the bundled one.
            The bundled pair is parsed once per process.
    Raises:
        SSIError: naming the action and what is wrong with it.
    """
    if path is None and questionnaire is None:
        return _load_default()
    return _load(Path(path or ACTIONS_PATH), questionnaire or load_questionnaire())


@lru_cache(maxsize=1)
def _load_default() -> tuple[ActionSpec, ...]:
    return _load(ACTIONS_PATH, load_questionnaire())


def _load(path: Path, questionnaire: Questionnaire) -> tuple[ActionSpec, ...]:
    raw = read_toml(path, "actions")
    entries = raw.get("actions")
    if not isinstance(entries, list) or not entries:
        raise SSIError(f"{path}: no [[actions]] found")
    specs = tuple(_parse_action(entry, index, questionnaire) for index, entry in enumerate(entries))
    ids = [spec.id for spec in specs]
    duplicates = sorted({aid for aid in ids if ids.count(aid) > 1})
    if duplicates:
        raise SSIError(f"{path}: action ids appear twice: {', '.join(duplicates)}")
    return specs


def _parse_action(entry: dict[str, Any], index: int, questionnaire: Questionnaire) -> ActionSpec:
    aid = entry.get("id")
    if not isinstance(aid, str) or not aid:
        raise SSIError(f"Action #{index + 1}: missing id")
    where = f"Action '{aid}'"
    question = questionnaire.by_id.get(entry.get("question"))
    if question is None:
        raise SSIError(f"{where}: unknown question {entry.get('question')!r}")
    if entry.get("pillar") != question.pillar:
        raise SSIError(f"{where}: pillar must be {question.pillar!r}, the question's pillar")
    texts = read_texts(entry, "text", where)
    step_by, target = entry.get("step_by"), entry.get("target")
    if (step_by is None) == (target is None):
        raise SSIError(f"{where}: give exactly one of step_by or target")
    if step_by is not None:
        if question.kind == "bool":
            raise SSIError(f"{where}: a yes/no question needs target = true")
        if isinstance(step_by, bool) or not isinstance(step_by, int | float) or step_by <= 0:
            raise SSIError(f"{where}: step_by {step_by!r} must be a positive number")
    else:
        try:
            validate_answers({question.id: target}, questionnaire)
        except SSIError as error:
            raise SSIError(f"{where}: target is not a valid answer ({error})") from None
    return ActionSpec(
        id=aid,
        question=question.id,
        pillar=question.pillar,
        texts=texts,
        step_by=step_by,
        target=target,
    )


# --- ranking --------------------------------------------------------------------------------


def _scored(
    complete: dict[str, Answer], questionnaire: Questionnaire, specs: tuple[ActionSpec, ...]
) -> list[Action]:
    """Every action worth points for these (validated) answers, in catalogue order."""
    by_id = questionnaire.by_id
    actions = []
    for spec in specs:
        question = by_id[spec.question]
        current = complete[question.id]
        gain = score_question(question, spec.answer_after(question, current)) - score_question(
            question, current
        )
        if gain > MIN_POINTS:
            actions.append(Action(spec.id, spec.pillar, spec.question, spec.texts, gain))
    return actions


def _order_by_pillar(actions: list[Action], pillar_order: list[str]) -> list[Action]:
    """Group by pillar in the given order, most points first within a pillar."""
    rank = {pillar: position for position, pillar in enumerate(pillar_order)}
    kept = [action for action in actions if action.pillar in rank]
    return sorted(kept, key=lambda action: (rank[action.pillar], -action.points))


def _limit(actions: list[Action], limit: int | None) -> list[Action]:
    if limit is None:
        return actions
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise SSIError(f"limit {limit!r} must be a whole number of actions, 0 or more")
    return actions[:limit]


def rank_actions(
    answers: dict[str, Any],
    questionnaire: Questionnaire | None = None,
    limit: int | None = None,
    actions: tuple[ActionSpec, ...] | None = None,
) -> list[Action]:
    """Actions that would raise the estimate, weakest pillar first.

    Args:
        answers: question id -> answer, as for `estimate`.
        questionnaire: defaults to the bundled one.
        limit: keep only the first `limit` actions.
        actions: the catalogue; defaults to data/actions.toml.
    Returns:
        Actions with points > 0: pillars from the lowest estimate up (ties in pillar order),
        and within a pillar by points, most first.
    Raises:
        SSIError: an answer is invalid.
    """
    questionnaire = questionnaire or load_questionnaire()
    specs = actions if actions is not None else load_actions(questionnaire=_custom(questionnaire))
    complete = validate_answers(answers, questionnaire)
    pillars = estimate(complete, questionnaire).pillars
    weakest_first = sorted(PILLAR_IDS, key=lambda pillar: round(pillars[pillar], 6))
    ranked = _order_by_pillar(_scored(complete, questionnaire, specs), weakest_first)
    return _limit(ranked, limit)


def top_actions(
    answers: dict[str, Any],
    n: int = 3,
    questionnaire: Questionnaire | None = None,
    actions: tuple[ActionSpec, ...] | None = None,
) -> list[Action]:
    """The `n` changes that add the most points, whatever their pillar.

    At most one action per question, so the list names `n` different changes.
    """
    ranked = rank_actions(answers, questionnaire, actions=actions)
    best: list[Action] = []
    seen: set[str] = set()
    for action in sorted(ranked, key=lambda action: -action.points):
        if action.question not in seen:
            seen.add(action.question)
            best.append(action)
    return _limit(best, n)


def plan(
    answers: dict[str, Any],
    weeks: int = 4,
    per_week: int = ACTIONS_PER_WEEK,
    questionnaire: Questionnaire | None = None,
    actions: tuple[ActionSpec, ...] | None = None,
) -> list[list[Action]]:
    """Spread the ranked actions over `weeks`, weakest pillar first, a few per week.

    Returns:
        Exactly `weeks` lists, in order; together they hold the first `weeks * per_week`
        ranked actions (weeks at the end may be empty when there are fewer).
    """
    for name, value in (("weeks", weeks), ("per_week", per_week)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SSIError(f"{name} {value!r} must be a whole number, 1 or more")
    ranked = rank_actions(answers, questionnaire, limit=weeks * per_week, actions=actions)
    size = max(1, math.ceil(len(ranked) / weeks))
    return [ranked[week * size : (week + 1) * size] for week in range(weeks)]


def rank_actions_for_snapshot(
    pillars: dict[str, float | None],
    limit: int | None = None,
    questionnaire: Questionnaire | None = None,
    actions: tuple[ActionSpec, ...] | None = None,
) -> list[Action]:
    """Generic actions for someone with a measured SSI but no answers.

    Args:
        pillars: canonical pillar id -> measured points (0..25); other keys, such as the rest
            of a snapshot, are ignored. A missing or None pillar is unknown.
        limit: keep only the first `limit` actions.
    Returns:
        Actions ordered by the pillar's gap (25 - value), largest first, then unknown pillars
        in pillar order; a pillar at 25 gets none. Points are what each action adds from a
        blank questionnaire: a rough guide to size, not a promise.
    Raises:
        SSIError: a pillar value is not a number in 0..25.
    """
    questionnaire = questionnaire or load_questionnaire()
    specs = actions if actions is not None else load_actions(questionnaire=_custom(questionnaire))
    if not isinstance(pillars, dict):
        raise SSIError(f"Pillars must be an object of pillar id -> points, not {pillars!r}")
    values = {pillar: check_value(pillar, pillars.get(pillar)) for pillar in PILLAR_IDS}
    known = sorted(
        (pillar for pillar in PILLAR_IDS if values[pillar] is not None),
        key=lambda pillar: -(PILLAR_MAX - values[pillar]),
    )
    order = [pillar for pillar in known if values[pillar] < PILLAR_MAX]
    order += [pillar for pillar in PILLAR_IDS if values[pillar] is None]
    blank = validate_answers({}, questionnaire)
    return _limit(_order_by_pillar(_scored(blank, questionnaire, specs), order), limit)


def _custom(questionnaire: Questionnaire) -> Questionnaire | None:
    """None for the bundled questionnaire, so the bundled catalogue comes from the cache."""
    return None if questionnaire is load_questionnaire() else questionnaire
