"""The questionnaire file is complete and consistent, and answers are checked strictly."""

import json
import re

import pytest

from ssi_core.errors import SSIError
from ssi_core.i18n import LANGUAGES
from ssi_core.pillars import PILLAR_IDS, PILLAR_MAX
from ssi_core.questionnaire import (
    Questionnaire,
    load_questionnaire,
    questions_json,
    validate_answers,
)


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire()


# --- the bundled file -----------------------------------------------------------------------


def test_loads_with_a_version(questionnaire):
    assert questionnaire.version == "2026.11.1"
    assert len(questionnaire.questions) >= 20


def test_default_load_is_cached(questionnaire):
    assert load_questionnaire() is questionnaire


@pytest.mark.parametrize("pillar", PILLAR_IDS)
def test_every_pillar_weights_add_up_to_25(questionnaire, pillar):
    questions = questionnaire.for_pillar(pillar)
    assert questions, f"{pillar} has no questions"
    assert sum(q.weight for q in questions) == pytest.approx(PILLAR_MAX, abs=1e-9)


def test_ids_are_unique_and_snake_case(questionnaire):
    ids = [q.id for q in questionnaire.questions]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", qid) for qid in ids)


def test_every_question_and_option_is_written_in_every_language(questionnaire):
    assert set(LANGUAGES) >= {"en", "es", "pt"}
    for q in questionnaire.questions:
        texts = {"label": q.labels, "help": q.helps}
        if q.units.languages:
            texts["unit"] = q.units
        texts |= {f"option {o.value}": o.labels for o in q.options}
        for name, text in texts.items():
            assert set(text.languages) == set(LANGUAGES), (q.id, name)
        # Translated, not copied from English (a unit such as '%' may read the same).
        for lang in set(LANGUAGES) - {"en"}:
            assert q.label(lang) != q.label("en"), (q.id, lang)
            assert q.help(lang) != q.help("en"), (q.id, lang)


def test_widgets_match_kinds(questionnaire):
    widget = {"bool": "checkbox", "number": "slider", "choice": "select"}
    for q in questionnaire.questions:
        assert q.widget == widget[q.kind], q.id
        if q.kind == "number":
            assert q.min < q.max and q.step > 0, q.id
        if q.kind == "choice":
            scores = [o.score for o in q.options]
            assert scores == sorted(scores) and scores[-1] == 1, q.id


def test_the_brief_topics_are_covered(questionnaire):
    by_id = questionnaire.by_id
    expected = {
        "connections": "find_right_people",
        "recommendations_received": "professional_brand",
        "followers": "professional_brand",
        "posts_per_week": "insight_engagement",
        "message_response_rate": "insight_engagement",
        "senior_connections_share": "strong_relationship",
        "connect_with_profile_viewers": "find_right_people",
    }
    for qid, pillar in expected.items():
        assert by_id[qid].pillar == pillar
    assert by_id["connections"].curve == "saturating"


def test_lowest_and_highest_values(questionnaire):
    by_id = questionnaire.by_id
    assert by_id["profile_photo"].lowest_value() is False
    assert by_id["profile_photo"].highest_value() is True
    assert by_id["connections"].lowest_value() == 0
    assert by_id["connections"].highest_value() == 3000
    assert by_id["connect_with_profile_viewers"].lowest_value() == "never"
    assert by_id["connect_with_profile_viewers"].highest_value() == "always"


# --- broken files are rejected, naming the question ------------------------------------------


def _write(tmp_path, questions: list[str], version: str = '"x"') -> object:
    path = tmp_path / "q.toml"
    path.write_text(f"version = {version}\n" + "\n".join(questions), encoding="utf-8")
    return path


def _bool(qid: str, pillar: str, weight: float = 25, kind: str = "bool") -> str:
    return (
        f'[[questions]]\nid = "{qid}"\npillar = "{pillar}"\nkind = "{kind}"\n'
        f"weight = {weight}\n"
        'label.en = "L"\nlabel.es = "E"\nhelp.en = "H"\nhelp.es = "A"\n'
    )


def _valid() -> list[str]:
    return [_bool(f"q_{pillar}", pillar) for pillar in PILLAR_IDS]


def test_a_minimal_file_loads(tmp_path):
    loaded = load_questionnaire(_write(tmp_path, _valid()))
    assert [q.id for q in loaded.questions] == [f"q_{p}" for p in PILLAR_IDS]


def test_texts_are_read_in_any_language_and_fall_back_to_english(tmp_path):
    questions = _valid()
    questions[0] = (
        '[[questions]]\nid = "scale"\npillar = "professional_brand"\nkind = "choice"\n'
        'weight = 25\nlabel.en = "L"\nlabel.pt = "P"\nhelp.en = "H"\n'
        '[[questions.options]]\nvalue = "low"\nlabel = { en = "Low", es = "Bajo" }\n'
        '[[questions.options]]\nvalue = "high"\nlabel.en = "High"\n'
    )
    scale = load_questionnaire(_write(tmp_path, questions)).by_id["scale"]
    assert (scale.label("pt"), scale.label("es"), scale.label("xx")) == ("P", "L", "L")
    assert scale.help("pt") == "H" and scale.unit("pt") == ""
    assert [o.label("es") for o in scale.options] == ["Bajo", "High"]


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        ('label.es = "E"\nhelp.en = "H"\n', "'label.en' is missing"),
        ('label = "L"\nhelp.en = "H"\n', "'label' must be one text per language"),
        ('label_en = "L"\nhelp.en = "H"\n', "'label.en' is missing"),  # the old layout
        ('label.en = "L"\nlabel.pt = " "\nhelp.en = "H"\n', "'label.pt' must be a non-empty"),
        ('label.en = "L"\nhelp.en = "H"\nunit.es = "u"\n', "'unit.en' is missing"),
    ],
)
def test_texts_without_english_or_not_per_language_are_rejected(tmp_path, texts, message):
    questions = _valid()
    questions[0] = (
        '[[questions]]\nid = "worded"\npillar = "professional_brand"\nkind = "bool"\n'
        f"weight = 25\n{texts}"
    )
    with pytest.raises(SSIError, match=f"worded.*{re.escape(message)}"):
        load_questionnaire(_write(tmp_path, questions))


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (_bool("odd_pillar", "charisma"), "odd_pillar"),
        (_bool("odd_kind", "find_right_people", kind="text"), "odd_kind"),
        (_bool("extra_weight", "find_right_people", weight=1), "find_right_people"),
    ],
)
def test_a_broken_question_is_named(tmp_path, broken, message):
    questions = _valid()
    if "extra_weight" not in broken:
        questions[1] = broken
    else:
        questions.append(broken)
    with pytest.raises(SSIError, match=message):
        load_questionnaire(_write(tmp_path, questions))


def test_weights_not_summing_to_25_are_rejected(tmp_path):
    questions = _valid()
    questions[0] = _bool("half_brand", "professional_brand", weight=12.5)
    with pytest.raises(SSIError, match="professional_brand.*12.5"):
        load_questionnaire(_write(tmp_path, questions))


def test_duplicate_ids_and_missing_version_are_rejected(tmp_path):
    questions = _valid() + [_bool("q_find_right_people", "find_right_people", weight=0.5)]
    with pytest.raises(SSIError, match="q_find_right_people"):
        load_questionnaire(_write(tmp_path, questions))
    with pytest.raises(SSIError, match="version"):
        load_questionnaire(_write(tmp_path, _valid(), version="3"))


# --- answers ---------------------------------------------------------------------------------


def test_empty_answers_become_the_lowest_values(questionnaire):
    complete = validate_answers({})
    assert list(complete) == [q.id for q in questionnaire.questions]
    for q in questionnaire.questions:
        assert complete[q.id] == q.lowest_value()


def test_valid_answers_are_kept_and_normalized():
    complete = validate_answers(
        {
            "profile_photo": True,
            "connections": 500.0,
            "posts_per_week": 2.5,
            "connect_with_profile_viewers": "sometimes",
            "followers": None,
        }
    )
    assert complete["profile_photo"] is True
    assert complete["connections"] == 500 and isinstance(complete["connections"], int)
    assert complete["posts_per_week"] == 2.5
    assert complete["connect_with_profile_viewers"] == "sometimes"
    assert complete["followers"] == 0


@pytest.mark.parametrize(
    ("answers", "qid"),
    [
        ({"shoe_size": 42}, "shoe_size"),
        ({"connections": 99999}, "connections"),
        ({"connections": -1}, "connections"),
        ({"connections": "500"}, "connections"),
        ({"connections": True}, "connections"),
        ({"connections": float("nan")}, "connections"),
        ({"profile_photo": "yes"}, "profile_photo"),
        ({"profile_photo": "maybe"}, "profile_photo"),
        ({"profile_photo": 1}, "profile_photo"),
        ({"connect_with_profile_viewers": "often"}, "connect_with_profile_viewers"),
        ({"connect_with_profile_viewers": 2}, "connect_with_profile_viewers"),
    ],
)
def test_invalid_answers_name_the_question(answers, qid):
    with pytest.raises(SSIError, match=qid):
        validate_answers(answers)


def test_out_of_range_message_gives_the_range():
    with pytest.raises(SSIError) as caught:
        validate_answers({"connections": 99999})
    assert str(caught.value) == "Question 'connections': 99999 is outside 0–3000"


def test_answers_must_be_an_object():
    with pytest.raises(SSIError):
        validate_answers([("connections", 5)])


# --- the command line shape ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_questions_json_has_the_design_shape(questionnaire, lang):
    listed = questions_json(lang)
    json.dumps(listed)  # printable as is
    assert [item["id"] for item in listed] == [q.id for q in questionnaire.questions]
    for item, q in zip(listed, questionnaire.questions, strict=True):
        assert list(item) == ["id", "pillar", "kind", "min", "max", "options", "label"]
        assert item["label"] == q.label(lang)
        if q.kind == "number":
            assert (item["min"], item["max"], item["options"]) == (q.min, q.max, None)
        else:
            assert item["min"] is None and item["max"] is None
        if q.kind == "choice":
            assert item["options"] == [
                {"value": o.value, "label": o.label(lang)} for o in q.options
            ]
        elif q.kind == "bool":
            assert item["options"] is None


def test_questions_json_in_spanish_is_spanish():
    viewers = next(i for i in questions_json("es") if i["id"] == "connect_with_profile_viewers")
    assert viewers["options"][0] == {"value": "never", "label": "Nunca"}


def test_questions_json_in_portuguese_is_portuguese():
    listed = {item["id"]: item for item in questions_json("pt")}
    assert listed["profile_photo"]["label"] == "Meu perfil tem uma foto recente e profissional"
    assert listed["connect_with_profile_viewers"]["options"][1] == {
        "value": "sometimes",
        "label": "Às vezes",
    }
