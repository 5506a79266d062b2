"""Facts from the archive -> questionnaire answers, by the rules the questionnaire file holds."""

from __future__ import annotations

from dataclasses import dataclass

from ssi_core.questionnaire import Answer, Question, Questionnaire, load_questionnaire


@dataclass(frozen=True)
class ArchiveAnswer:
    """One answer the archive gave: the value, the fact(s) behind it and their count."""

    question: str
    value: Answer
    source: str
    fact_value: int | bool


def answer_from_facts(question: Question, facts: dict) -> ArchiveAnswer | None:
    """The question's answer from the facts, or None when it has no rule or a fact is unknown."""
    rule = question.from_archive
    if rule is None:
        return None
    values = [facts.get(fact) for fact in rule.facts]
    if any(value is None for value in values):
        return None  # unknown is never 0
    if len(values) == 1 and isinstance(values[0], bool):
        total: int | bool = values[0]
    else:
        total = sum(int(value) for value in values)
    if question.kind == "bool":
        value: Answer = bool(total) if rule.at_least is None else total >= rule.at_least
    else:
        value = _on_scale(question, total / rule.divide_by)
    return ArchiveAnswer(question.id, value, rule.source, total)


def _on_scale(question: Question, number: float) -> int | float:
    """Rounded to the question's step and kept within its range."""
    step = question.step or 1
    value = question.min + round((number - question.min) / step) * step
    value = min(max(value, question.min), question.max)
    whole = all(isinstance(n, int) for n in (question.min, question.max, step))
    return int(value) if whole else round(value, 6)


def answers_from_facts(
    facts: dict, questionnaire: Questionnaire | None = None
) -> dict[str, ArchiveAnswer]:
    """Every answer the facts give, by question id, in questionnaire order."""
    questionnaire = questionnaire or load_questionnaire()
    found = (answer_from_facts(question, facts) for question in questionnaire.questions)
    return {answer.question: answer for answer in found if answer is not None}
