"""Advice: concrete actions, in every language, ranked by the points they would really add."""

import subprocess
import sys
from pathlib import Path

import pytest

from ssi_core.advice import (
    Action,
    load_actions,
    plan,
    rank_actions,
    rank_actions_for_snapshot,
    top_actions,
)
from ssi_core.errors import SSIError
from ssi_core.estimate import estimate
from ssi_core.i18n import LANGUAGES, Localized
from ssi_core.pillars import PILLAR_IDS
from ssi_core.questionnaire import load_questionnaire

REPO_ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = load_questionnaire()
SPECS = load_actions()

# Strong brand and people pillars, weak insights: a typical "profile done, never posts" user.
SOME_ANSWERS = {
    "profile_photo": True,
    "profile_headline": True,
    "profile_about": True,
    "profile_experience": True,
    "recommendations_received": 6,
    "followers": 2000,
    "connections": 1500,
    "invitation_acceptance_rate": 70,
    "targeted_searches_per_week": 5,
    "connect_with_profile_viewers": "sometimes",
    "prospecting_days_per_week": 4,
    "comments_reactions_per_week": 2,
    "senior_connections_share": 20,
    "profile_views_per_week": 40,
    "relationship_days_per_week": 3,
}


# --- the catalogue ---------------------------------------------------------------------------


def test_every_action_is_unique_and_written_in_every_language():
    ids = [spec.id for spec in SPECS]
    assert len(ids) == len(set(ids))
    assert set(LANGUAGES) >= {"en", "es", "pt"}
    for spec in SPECS:
        assert set(spec.texts.languages) == set(LANGUAGES), spec.id
        written = [spec.texts.get(lang) for lang in LANGUAGES]
        assert len(set(written)) == len(written), spec.id  # translated, not copied
        assert spec.pillar == QUESTIONNAIRE.by_id[spec.question].pillar, spec.id


def test_every_question_has_an_action_that_moves_it_from_the_bottom():
    blank_actions = rank_actions({})
    covered = {action.question for action in blank_actions}
    assert covered == {q.id for q in QUESTIONNAIRE.questions}


def test_a_broken_action_is_named(tmp_path):
    path = tmp_path / "actions.toml"
    path.write_text(
        '[[actions]]\nid = "bad_one"\nquestion = "connections"\npillar = "professional_brand"\n'
        'step_by = 5\ntext.en = "Do it."\ntext.es = "Hazlo."\n',
        encoding="utf-8",
    )
    with pytest.raises(SSIError, match="bad_one"):
        load_actions(path)


def test_action_text_follows_the_language():
    texts = Localized.of({"en": "Do it.", "es": "Hazlo."})
    action = Action("a", "find_right_people", "connections", texts, 1.0)
    assert (action.text("en"), action.text("es")) == ("Do it.", "Hazlo.")
    assert action.text("xx") == action.text() == "Do it."  # English when the language is missing


def test_an_action_without_english_is_named(tmp_path):
    path = tmp_path / "actions.toml"
    path.write_text(
        '[[actions]]\nid = "spanish_only"\nquestion = "connections"\n'
        'pillar = "find_right_people"\nstep_by = 5\ntext.es = "Hazlo."\n',
        encoding="utf-8",
    )
    with pytest.raises(SSIError, match="spanish_only.*'text.en' is missing"):
        load_actions(path)


# --- ranking ---------------------------------------------------------------------------------


def test_weakest_pillar_comes_first_then_points():
    pillars = estimate(SOME_ANSWERS).pillars
    ranked = rank_actions(SOME_ANSWERS)
    assert ranked and all(action.points > 0 for action in ranked)
    weakest = min(PILLAR_IDS, key=lambda pillar: pillars[pillar])
    assert ranked[0].pillar == weakest == "insight_engagement"
    # Pillars appear in blocks, from the lowest estimate up.
    blocks = [
        p for i, p in enumerate(a.pillar for a in ranked) if i == 0 or ranked[i - 1].pillar != p
    ]
    assert len(blocks) == len(set(blocks))
    assert [pillars[p] for p in blocks] == sorted(pillars[p] for p in blocks)
    for pillar in blocks:
        points = [action.points for action in ranked if action.pillar == pillar]
        assert points == sorted(points, reverse=True)


def test_points_are_the_estimated_gain():
    ranked = rank_actions(SOME_ANSWERS)
    by_id = {spec.id: spec for spec in SPECS}
    before = estimate(SOME_ANSWERS).ssi
    for action in ranked:
        question = QUESTIONNAIRE.by_id[action.question]
        current = {**{q.id: q.lowest_value() for q in QUESTIONNAIRE.questions}, **SOME_ANSWERS}
        after = by_id[action.id].answer_after(question, current[question.id])
        gained = estimate({**SOME_ANSWERS, question.id: after}).ssi - before
        assert action.points == pytest.approx(gained)


def test_no_action_for_a_maxed_out_question():
    maxed = {**SOME_ANSWERS, "posts_per_week": 10, "profile_photo": True}
    questions = {action.question for action in rank_actions(maxed)}
    assert "posts_per_week" not in questions
    assert "profile_photo" not in questions
    everything = {q.id: q.highest_value() for q in QUESTIONNAIRE.questions}
    assert rank_actions(everything) == []


def test_a_choice_already_at_the_target_gets_no_action():
    ranked = rank_actions({"contacts_organised": "lists"})
    ids = {action.id for action in ranked}
    assert "organise_notes" not in ids  # would move "lists" down to "notes"
    assert "organise_sales_navigator" in ids


def test_limit():
    assert len(rank_actions({}, limit=5)) == 5
    assert rank_actions({}, limit=0) == []
    with pytest.raises(SSIError):
        rank_actions({}, limit=-1)


def test_top_actions_are_the_biggest_gains_on_different_questions():
    top = top_actions(SOME_ANSWERS, n=3)
    assert len(top) == 3
    assert len({action.question for action in top}) == 3
    all_points = sorted((a.points for a in rank_actions(SOME_ANSWERS)), reverse=True)
    assert top[0].points == all_points[0]
    assert [a.points for a in top] == sorted((a.points for a in top), reverse=True)


def test_invalid_answers_are_rejected():
    with pytest.raises(SSIError, match="connections"):
        rank_actions({"connections": -5})


# --- the plan --------------------------------------------------------------------------------


def test_plan_spreads_the_ranked_actions_over_the_weeks():
    weeks = plan(SOME_ANSWERS, weeks=4)
    assert len(weeks) == 4
    assert all(1 <= len(week) <= 3 for week in weeks)
    flat = [action for week in weeks for action in week]
    assert flat == rank_actions(SOME_ANSWERS, limit=12)
    assert weeks[0][0].pillar == "insight_engagement"


def test_plan_with_few_actions_fills_the_first_weeks():
    almost = {q.id: q.highest_value() for q in QUESTIONNAIRE.questions}
    almost["profile_photo"] = False
    weeks = plan(almost, weeks=4)
    assert [len(week) for week in weeks] == [1, 0, 0, 0]
    with pytest.raises(SSIError):
        plan({}, weeks=0)


# --- measured SSI only -----------------------------------------------------------------------


def test_snapshot_actions_follow_the_pillar_gap():
    measured = {
        "professional_brand": 21.4,
        "find_right_people": 17.66,
        "insight_engagement": 13.78,
        "strong_relationship": 19.4,
        "ssi": 72.24,  # other snapshot keys are ignored
    }
    ranked = rank_actions_for_snapshot(measured)
    order = [
        p for i, p in enumerate(a.pillar for a in ranked) if i == 0 or ranked[i - 1].pillar != p
    ]
    assert order == [
        "insight_engagement",
        "find_right_people",
        "strong_relationship",
        "professional_brand",
    ]
    assert all(action.points > 0 for action in ranked)
    assert len(rank_actions_for_snapshot(measured, limit=4)) == 4


def test_snapshot_full_pillar_gets_no_actions_and_unknown_comes_last():
    ranked = rank_actions_for_snapshot(
        {"professional_brand": 25, "find_right_people": 10, "insight_engagement": None}
    )
    pillars = [action.pillar for action in ranked]
    assert "professional_brand" not in pillars
    assert pillars[0] == "find_right_people"
    assert pillars[-1] == "strong_relationship"


def test_snapshot_values_are_checked():
    with pytest.raises(SSIError, match="insight_engagement"):
        rank_actions_for_snapshot({"insight_engagement": 40})


# --- the core stays free of streamlit --------------------------------------------------------


def test_core_modules_do_not_import_streamlit():
    code = (
        "import sys, ssi_core.questionnaire, ssi_core.estimate, ssi_core.advice;"
        "assert 'streamlit' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT)
