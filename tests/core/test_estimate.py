"""The estimator: bounded, monotonic, exact at the extremes, explained by its factors."""

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssi_core.errors import SSIError
from ssi_core.estimate import estimate, score_question
from ssi_core.pillars import PILLAR_IDS, PILLAR_MAX
from ssi_core.questionnaire import Question, load_questionnaire

QUESTIONNAIRE = load_questionnaire()
QUESTIONS = QUESTIONNAIRE.questions
BY_ID = QUESTIONNAIRE.by_id


def lowest() -> dict:
    return {q.id: q.lowest_value() for q in QUESTIONS}


def highest() -> dict:
    return {q.id: q.highest_value() for q in QUESTIONS}


def values_of(question: Question) -> list:
    """A question's possible answers, lowest-scoring first (numbers: every few steps)."""
    if question.kind == "bool":
        return [False, True]
    if question.kind == "choice":
        return question.option_values()
    count = 40
    span = question.max - question.min
    return [question.min + span * i / count for i in range(count + 1)]


def random_answers(rng: random.Random) -> dict:
    return {q.id: rng.choice(values_of(q)) for q in QUESTIONS}


def answer_strategy(question: Question):
    if question.kind == "bool":
        return st.booleans()
    if question.kind == "choice":
        return st.sampled_from(question.option_values())
    return st.integers(question.min, question.max)


ANSWERS = st.fixed_dictionaries({q.id: answer_strategy(q) for q in QUESTIONS})


def test_all_lowest_is_zero():
    result = estimate(lowest())
    assert result.ssi == pytest.approx(0, abs=1e-9)
    assert estimate({}).ssi == result.ssi


def test_all_highest_is_exactly_100():
    result = estimate(highest())
    assert result.ssi == 100
    assert all(points == PILLAR_MAX for points in result.pillars.values())
    assert result.to_dict()["ssi"] == 100


@pytest.mark.parametrize("pillar", PILLAR_IDS)
def test_each_pillar_reaches_25_on_its_own(pillar):
    answers = {q.id: q.highest_value() for q in QUESTIONNAIRE.for_pillar(pillar)}
    result = estimate(answers)
    assert result.pillars[pillar] == PILLAR_MAX
    assert result.ssi == PILLAR_MAX


@settings(max_examples=200, deadline=None)
@given(ANSWERS)
def test_bounds_and_sum(answers):
    result = estimate(answers)
    assert list(result.pillars) == list(PILLAR_IDS)
    assert all(0 <= points <= PILLAR_MAX for points in result.pillars.values())
    assert 0 <= result.ssi <= 100
    assert result.ssi == pytest.approx(sum(result.pillars.values()))
    for pillar in PILLAR_IDS:
        in_pillar = sum(f.points for f in result.factors if f.pillar == pillar)
        assert result.pillars[pillar] == pytest.approx(in_pillar)
    for factor in result.factors:
        assert 0 <= factor.points <= factor.max_points
        assert factor.remaining == pytest.approx(factor.max_points - factor.points)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_monotonic_per_question(question):
    rng = random.Random(question.id)
    for base in [lowest(), highest(), *(random_answers(rng) for _ in range(3))]:
        previous = None
        for value in values_of(question):
            total = estimate({**base, question.id: value}).ssi
            if previous is not None:
                assert total >= previous - 1e-9, (question.id, value)
            previous = total
        top = estimate({**base, question.id: question.highest_value()}).ssi
        bottom = estimate({**base, question.id: question.lowest_value()}).ssi
        assert top - bottom == pytest.approx(question.weight)


def test_saturating_connections_value_the_first_ones_most():
    connections = BY_ID["connections"]
    early = score_question(connections, 50) - score_question(connections, 0)
    late = score_question(connections, 500) - score_question(connections, 450)
    assert early > late > 0
    assert score_question(connections, 3000) == connections.weight


def test_saturating_half_is_about_half_the_weight():
    followers = BY_ID["followers"]
    # Rescaled so max earns the full weight: `half` earns a little more than half.
    assert (
        followers.weight / 2 <= score_question(followers, followers.half) < followers.weight * 0.6
    )


def test_choice_options_score_in_order():
    viewers = BY_ID["connect_with_profile_viewers"]
    scores = [score_question(viewers, value) for value in viewers.option_values()]
    assert scores == sorted(scores)
    assert scores[0] == 0 and scores[-1] == viewers.weight


def test_to_dict_has_the_design_shape():
    result = estimate({"connections": 500, "profile_photo": True, "posts_per_week": 3}).to_dict()
    json.dumps(result)
    assert list(result) == ["ssi", "pillars", "questionnaire_version", "factors"]
    assert list(result["pillars"]) == list(PILLAR_IDS)
    assert result["questionnaire_version"] == QUESTIONNAIRE.version
    assert result["ssi"] == round(sum(result["pillars"].values()), 2)
    assert [f["question"] for f in result["factors"]] == [q.id for q in QUESTIONS]
    photo = next(f for f in result["factors"] if f["question"] == "profile_photo")
    assert photo == {
        "question": "profile_photo",
        "pillar": "professional_brand",
        "points": BY_ID["profile_photo"].weight,
        "max_points": BY_ID["profile_photo"].weight,
    }
    for factor in result["factors"]:
        assert factor["points"] == round(factor["points"], 2)


def test_invalid_answers_are_rejected_before_estimating():
    with pytest.raises(SSIError, match="connections"):
        estimate({"connections": "lots"})
