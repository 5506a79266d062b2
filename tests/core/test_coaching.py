"""The coach's reading: strongest and weakest pillar, points left in a plan, starting answers."""

import math

from ssi_core.advice import Action
from ssi_core.coaching import (
    behind_groups_first,
    group_standings,
    points_available,
    read_pillars,
    starting_answers,
)
from ssi_core.i18n import Localized
from ssi_core.questionnaire import load_questionnaire


def action(action_id: str, question: str, points: float) -> Action:
    return Action(action_id, "professional_brand", question, Localized.of({"en": ""}), points)


def test_the_reading_names_the_strongest_and_the_weakest_pillar():
    reading = read_pillars(
        {
            "professional_brand": 21.4,
            "find_right_people": 17.66,
            "insight_engagement": 13.78,
            "strong_relationship": 19.4,
        }
    )
    assert reading.strongest == "professional_brand" and reading.well_established
    assert reading.weakest == "insight_engagement"
    assert math.isclose(reading.weakest_gap, 25 - 13.78)


def test_well_established_starts_at_seventy_percent_of_a_pillar():
    assert read_pillars({"professional_brand": 17.5}).well_established
    assert not read_pillars({"professional_brand": 17.49}).well_established


def test_unknown_pillars_are_left_out_and_nothing_known_reads_nothing():
    reading = read_pillars({"professional_brand": 10.0, "find_right_people": float("nan")})
    assert reading.strongest == "professional_brand" and reading.weakest is None
    assert read_pillars({"professional_brand": None}) is None
    assert read_pillars({}) is None


def test_equal_pillars_have_no_weakest():
    reading = read_pillars({"professional_brand": 12.0, "strong_relationship": 12.0})
    assert reading.strongest == "professional_brand" and reading.weakest is None


def test_points_available_count_each_question_once_with_its_best_open_action():
    actions = [
        action("a", "profile_photo", 1.5),
        action("b", "profile_photo", 1.0),
        action("c", "connections", 2.0),
        action("d", "posts", 3.0),
    ]
    assert points_available(actions) == 1.5 + 2.0 + 3.0
    assert points_available(actions, done={"a", "d"}) == 1.0 + 2.0
    assert points_available([]) == 0


def test_starting_answers_keep_known_answers_and_drop_questions_no_longer_asked():
    questionnaire = load_questionnaire()
    answers = starting_answers({"profile_photo": True, "a_retired_question": 3}, questionnaire)
    assert answers["profile_photo"] is True
    assert "a_retired_question" not in answers
    assert set(answers) == set(questionnaire.by_id)
    assert starting_answers(None, questionnaire) == starting_answers({}, questionnaire)


def test_a_pillar_stands_ahead_of_or_behind_each_group_whose_average_is_known():
    pillars = {"insight_engagement": 10.25, "strong_relationship": 15.0, "professional_brand": 9}
    groups = {
        "industry": {"insight_engagement": 2.09, "strong_relationship": 15.16},
        "network": {"insight_engagement": 2.38, "strong_relationship": 16.31},
    }
    standings = {s.pillar: s for s in group_standings(pillars, groups)}
    assert set(standings) == {"insight_engagement", "strong_relationship"}  # brand: no average
    assert standings["insight_engagement"].verdict() == "ahead_both"
    relationships = standings["strong_relationship"]
    assert relationships.verdict() == "behind_both"
    assert math.isclose(relationships.behind_by, 16.31 - 15.0)
    assert standings["insight_engagement"].behind_by == 0
    mixed = group_standings(
        {"find_right_people": 8},
        {"industry": {"find_right_people": 6}, "network": {"find_right_people": 9}},
    )
    assert mixed[0].verdict() == "ahead_of_industry"
    only = group_standings({"find_right_people": 5}, {"network": {"find_right_people": 6}})
    assert only[0].verdict() == "behind_network_only"


def test_a_plan_starts_where_the_member_trails_the_groups_furthest():
    standings = group_standings(
        {"professional_brand": 20, "find_right_people": 5, "strong_relationship": 15},
        {"network": {"professional_brand": 22, "find_right_people": 4, "strong_relationship": 18}},
    )
    order = ["find_right_people", "strong_relationship", "professional_brand"]
    assert behind_groups_first(order, standings) == [
        "strong_relationship",  # 3 behind
        "professional_brand",  # 2 behind
        "find_right_people",  # ahead: keeps its place after them
    ]
