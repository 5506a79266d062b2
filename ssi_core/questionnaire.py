"""Load the questionnaire from data/questionnaire.toml and validate a person's answers."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ssi_core.errors import SSIError
from ssi_core.i18n import DEFAULT_LANGUAGE, Localized
from ssi_core.pillars import PILLAR_IDS, PILLAR_MAX

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
QUESTIONNAIRE_PATH = DATA_DIR / "questionnaire.toml"

KINDS = ("bool", "number", "choice")
CURVES = ("linear", "saturating")
# The widget each kind is drawn with; the file may only repeat it.
WIDGET_FOR_KIND = {"bool": "checkbox", "number": "slider", "choice": "select"}
# Weights are written as decimals in TOML; tolerate float noise when checking the sum.
WEIGHT_TOLERANCE = 1e-9
_SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")

Answer = bool | int | float | str


@dataclass(frozen=True)
class Option:
    """One answer of a choice question; `score` is the fraction (0..1) of the weight it earns."""

    value: str
    labels: Localized
    score: float

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang)


@dataclass(frozen=True)
class ArchiveRule:
    """How a question is answered from LinkedIn's data archive: the facts added up, divided by
    `divide_by` (a count into a rate), or for a yes/no question, yes from `at_least` on."""

    facts: tuple[str, ...]
    divide_by: float = 1
    at_least: float | None = None

    @property
    def source(self) -> str:
        """The fact behind the answer, as the command line prints it ("a + b" for a sum)."""
        return " + ".join(self.facts)


@dataclass(frozen=True)
class Question:
    """One question: what it asks, the pillar it feeds and how its answer turns into points.

    `labels`, `helps` and `units` hold the words in every language the file gives.
    """

    id: str
    pillar: str
    kind: str
    labels: Localized
    helps: Localized
    weight: float
    curve: str = "linear"
    half: float | None = None
    min: int | float | None = None
    max: int | float | None = None
    step: int | float | None = None
    options: tuple[Option, ...] = ()
    units: Localized = Localized()
    widget: str = ""
    from_archive: ArchiveRule | None = None

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang)

    def help(self, lang: str = "en") -> str:
        return self.helps.get(lang)

    def unit(self, lang: str = "en") -> str:
        """'per week', 'items'; "" for a question without a unit."""
        return self.units.get(lang)

    def lowest_value(self) -> Answer:
        """The answer that scores nothing: what an unanswered question counts as."""
        if self.kind == "bool":
            return False
        if self.kind == "number":
            return self.min
        return self.options[0].value

    def highest_value(self) -> Answer:
        """The answer that earns the full weight."""
        if self.kind == "bool":
            return True
        if self.kind == "number":
            return self.max
        return self.options[-1].value

    def option(self, value: str) -> Option:
        for option in self.options:
            if option.value == value:
                return option
        raise SSIError(f"Question '{self.id}': {value!r} is not one of {self.option_values()}")

    def option_values(self) -> list[str]:
        return [option.value for option in self.options]


@dataclass(frozen=True)
class Questionnaire:
    version: str
    questions: tuple[Question, ...]

    @property
    def by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}

    def for_pillar(self, pillar_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.pillar == pillar_id)


# --- loading --------------------------------------------------------------------------------


def load_questionnaire(path: Path | None = None) -> Questionnaire:
    """Read and check a questionnaire file.

    Args:
        path: a TOML file; None reads data/questionnaire.toml (parsed once per process).
    Returns:
        The questionnaire.
    Raises:
        SSIError: the file is unreadable or a question is malformed (the message names it).
    """
    if path is None:
        return _load_default()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _load_default() -> Questionnaire:
    return _load(QUESTIONNAIRE_PATH)


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """A data file as a dict, or SSIError naming the file (`what` says what it should hold)."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise SSIError(f"{path}: cannot read the {what} ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise SSIError(f"{path}: not valid TOML ({error})") from None


def read_texts(entry: dict[str, Any], name: str, where: str, required: bool = True) -> Localized:
    """`name` of a data file entry, written per language (`label.en = "..."`, `label.es = ...`).

    Args:
        entry: the question, option or action as TOML gave it.
        name: the field, such as "label".
        where: names the entry in an error.
        required: False for an optional field, read as "" when absent.
    Raises:
        SSIError: the field is missing, is not a table of language -> text, lacks English or
            holds an empty text.
    """
    table = entry.get(name)
    if table is None:
        if not required:
            return Localized()
        raise SSIError(f"{where}: '{name}.{DEFAULT_LANGUAGE}' is missing")
    if not isinstance(table, dict):
        example = f'{name}.{DEFAULT_LANGUAGE} = "..."'
        raise SSIError(f"{where}: '{name}' must be one text per language ({example})")
    if DEFAULT_LANGUAGE not in table:
        raise SSIError(f"{where}: '{name}.{DEFAULT_LANGUAGE}' is missing")
    for lang, text in table.items():
        if not isinstance(text, str) or not text.strip():
            raise SSIError(f"{where}: '{name}.{lang}' must be a non-empty text")
    return Localized.of({lang: text.strip() for lang, text in table.items()})


def _load(path: Path) -> Questionnaire:
    raw = read_toml(path, "questionnaire")
    version = raw.get("version")
    if not isinstance(version, str) or not version.strip():
        raise SSIError(f"{path}: 'version' must be a non-empty string")
    entries = raw.get("questions")
    if not isinstance(entries, list) or not entries:
        raise SSIError(f"{path}: no [[questions]] found")
    questions = tuple(_parse_question(entry, index) for index, entry in enumerate(entries, 1))
    _check_questionnaire(questions)
    return Questionnaire(version=version, questions=questions)


def _parse_question(entry: dict[str, Any], index: int) -> Question:
    qid = entry.get("id")
    if not isinstance(qid, str) or not _SNAKE_CASE.match(qid):
        raise SSIError(f"Question #{index}: id {qid!r} must be snake_case")
    where = f"Question '{qid}'"
    kind = entry.get("kind")
    if kind not in KINDS:
        raise SSIError(f"{where}: kind {kind!r} must be one of {', '.join(KINDS)}")
    pillar = entry.get("pillar")
    if pillar not in PILLAR_IDS:
        raise SSIError(f"{where}: unknown pillar {pillar!r}")
    labels, helps = read_texts(entry, "label", where), read_texts(entry, "help", where)
    weight = entry.get("weight")
    if not _is_number(weight) or weight <= 0:
        raise SSIError(f"{where}: weight {weight!r} must be a positive number")
    curve = entry.get("curve", "linear")
    if curve not in CURVES:
        raise SSIError(f"{where}: curve {curve!r} must be one of {', '.join(CURVES)}")
    widget = entry.get("widget", WIDGET_FOR_KIND[kind])
    if widget != WIDGET_FOR_KIND[kind]:
        raise SSIError(f"{where}: a {kind} question is drawn as {WIDGET_FOR_KIND[kind]!r}")
    fields: dict[str, Any] = {}
    if kind == "number":
        fields = _parse_number(entry, where, curve)
    elif kind == "choice":
        fields = {"options": _parse_options(entry.get("options"), where)}
    if curve == "saturating" and kind != "number":
        raise SSIError(f"{where}: only number questions can have a saturating curve")
    return Question(
        id=qid,
        pillar=pillar,
        kind=kind,
        weight=float(weight),
        curve=curve,
        labels=labels,
        helps=helps,
        units=read_texts(entry, "unit", where, required=False),
        widget=widget,
        from_archive=_parse_archive_rule(entry.get("from_archive"), where, kind),
        **fields,
    )


def _parse_archive_rule(raw: Any, where: str, kind: str) -> ArchiveRule | None:
    if raw is None:
        return None
    from ssi_core.archive.reader import FACT_NAMES

    if not isinstance(raw, dict):
        raise SSIError(f"{where}: 'from_archive' must be a table such as {{ fact = \"skills\" }}")
    facts = raw.get("fact")
    facts = (facts,) if isinstance(facts, str) else tuple(facts or ())
    unknown = [fact for fact in facts if fact not in FACT_NAMES]
    if not facts or unknown:
        raise SSIError(f"{where}: 'from_archive' names unknown facts {unknown or facts!r}")
    extra = set(raw) - {"fact", "divide_by", "at_least"}
    if extra:
        raise SSIError(f"{where}: 'from_archive' has unknown keys {sorted(extra)}")
    divide_by, at_least = raw.get("divide_by", 1), raw.get("at_least")
    if not _is_number(divide_by) or divide_by <= 0:
        raise SSIError(f"{where}: 'from_archive' divide_by must be a positive number")
    if at_least is not None and (kind != "bool" or not _is_number(at_least)):
        raise SSIError(f"{where}: 'from_archive' at_least is a number, for a yes/no question")
    if kind == "choice":
        raise SSIError(f"{where}: a choice question cannot be answered from the archive")
    return ArchiveRule(facts, float(divide_by), at_least)


def _parse_number(entry: dict[str, Any], where: str, curve: str) -> dict[str, Any]:
    low, high, step = entry.get("min"), entry.get("max"), entry.get("step", 1)
    if not (_is_number(low) and _is_number(high)) or low >= high:
        raise SSIError(f"{where}: needs numbers min < max (got {low!r}, {high!r})")
    if not _is_number(step) or step <= 0:
        raise SSIError(f"{where}: step {step!r} must be a positive number")
    half = entry.get("half")
    if curve == "saturating" and (not _is_number(half) or not 0 < half <= high - low):
        raise SSIError(f"{where}: a saturating curve needs 'half' between min and max")
    return {"min": low, "max": high, "step": step, "half": half}


def _parse_options(raw: Any, where: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise SSIError(f"{where}: a choice needs at least two options")
    options = []
    for index, item in enumerate(raw):
        value = item.get("value") if isinstance(item, dict) else None
        if not isinstance(value, str) or not value:
            raise SSIError(f"{where}: option #{index + 1} has no value")
        labels = read_texts(item, "label", f"{where}, option {value!r}")
        # By default the options share the weight evenly by position.
        score = item.get("score", index / (len(raw) - 1))
        if not _is_number(score) or not 0 <= score <= 1:
            raise SSIError(f"{where}: option {value!r} score must be between 0 and 1")
        options.append(Option(value, labels, float(score)))
    values = [option.value for option in options]
    if len(set(values)) != len(values):
        raise SSIError(f"{where}: option values must be unique")
    scores = [option.score for option in options]
    if any(a >= b for a, b in zip(scores, scores[1:], strict=False)) or scores[-1] != 1:
        raise SSIError(f"{where}: option scores must increase and the last must be 1")
    return tuple(options)


def _check_questionnaire(questions: tuple[Question, ...]) -> None:
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise SSIError(f"Question '{question.id}' appears twice")
        seen.add(question.id)
    for pillar in PILLAR_IDS:
        members = [q for q in questions if q.pillar == pillar]
        total = sum(q.weight for q in members)
        if abs(total - PILLAR_MAX) > WEIGHT_TOLERANCE:
            ids = ", ".join(q.id for q in members) or "no questions"
            raise SSIError(
                f"Pillar '{pillar}': weights add up to {total:g}, not {PILLAR_MAX:g} ({ids})"
            )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# --- answers --------------------------------------------------------------------------------


def validate_answers(
    answers: dict[str, Any], questionnaire: Questionnaire | None = None
) -> dict[str, Answer]:
    """Check answers and complete them.

    Args:
        answers: question id -> answer (true/false, a number, or a choice's value). None or a
            missing question means unanswered.
        questionnaire: defaults to the bundled one.
    Returns:
        Every question id, in questionnaire order, with its answer; unanswered ones hold the
        lowest value. Whole numbers on whole-number questions come back as int.
    Raises:
        SSIError: naming the question and the reason.
    """
    questionnaire = questionnaire or load_questionnaire()
    if not isinstance(answers, dict):
        raise SSIError(f"Answers must be an object of question id -> answer, not {answers!r}")
    by_id = questionnaire.by_id
    for qid in answers:
        if qid not in by_id:
            raise SSIError(f"Question {qid!r} is not in questionnaire {questionnaire.version}")
    return {
        question.id: _check_answer(question, answers.get(question.id))
        for question in questionnaire.questions
    }


def _check_answer(question: Question, value: Any) -> Answer:
    where = f"Question '{question.id}'"
    if value is None:
        return question.lowest_value()
    if question.kind == "bool":
        if not isinstance(value, bool):
            raise SSIError(f"{where}: {value!r} must be true or false")
        return value
    if question.kind == "choice":
        if not isinstance(value, str) or value not in question.option_values():
            choices = ", ".join(question.option_values())
            raise SSIError(f"{where}: {value!r} is not one of {choices}")
        return value
    if not _is_number(value):
        raise SSIError(f"{where}: {value!r} must be a number")
    if not question.min <= value <= question.max:
        raise SSIError(f"{where}: {value:g} is outside {question.min:g}–{question.max:g}")
    whole = all(isinstance(n, int) for n in (question.min, question.max, question.step))
    if whole and float(value).is_integer():
        return int(value)
    return value


def questions_json(lang: str = "en", questionnaire: Questionnaire | None = None) -> list[dict]:
    """The questions as the command line prints them (the `questions` command's JSON).

    Args:
        lang: a language of LANGUAGES; a text missing in it is given in English.
        questionnaire: defaults to the bundled one.
    Returns:
        One dict per question: id, pillar, kind, min, max, options, label. min/max are null
        except for numbers; options is null except for choices, lowest-scoring first.
    """
    questionnaire = questionnaire or load_questionnaire()
    return [
        {
            "id": q.id,
            "pillar": q.pillar,
            "kind": q.kind,
            "min": q.min if q.kind == "number" else None,
            "max": q.max if q.kind == "number" else None,
            "options": (
                [{"value": o.value, "label": o.label(lang)} for o in q.options]
                if q.kind == "choice"
                else None
            ),
            "label": q.label(lang),
        }
        for q in questionnaire.questions
    ]
