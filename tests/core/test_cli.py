"""The `questions` and `estimate` commands, as the command-line contract says, in a real process."""

import json
import subprocess
import sys

import pytest

from ssi_core.__main__ import main
from ssi_core.questionnaire import load_questionnaire
from tests.support import ROOT


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ssi_core", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_questions_print_the_contract_shape_in_spanish():
    result = run("questions", "--lang", "es")
    assert result.returncode == 0, result.stderr
    questions = json.loads(result.stdout)
    assert len(questions) == len(load_questionnaire().questions)
    for question in questions:
        assert set(question) == {"id", "pillar", "kind", "min", "max", "options", "label"}
    by_id = {q["id"]: q for q in questions}
    assert by_id["profile_photo"]["label"].startswith("Mi perfil")
    assert by_id["connections"]["kind"] == "number" and by_id["connections"]["max"] > 0
    choice = by_id["connect_with_profile_viewers"]
    assert [o["value"] for o in choice["options"]] == ["never", "sometimes", "always"]


def test_questions_in_portuguese():
    result = run("questions", "--lang", "pt")
    assert result.returncode == 0, result.stderr
    by_id = {q["id"]: q for q in json.loads(result.stdout)}
    assert by_id["profile_photo"]["label"].startswith("Meu perfil")
    labels = [o["label"] for o in by_id["contacts_organised"]["options"]]
    assert labels[0] == "Sem organização" and labels[-1].endswith("Sales Navigator")


def test_the_languages_offered_are_the_apps(capsys):
    with pytest.raises(SystemExit):
        main(["questions", "--help"])
    assert "{en,es,pt}" in capsys.readouterr().out


def test_estimate_answers_with_the_points_of_every_factor(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"connections": 500, "profile_photo": True}))
    result = run("estimate", str(answers))
    assert result.returncode == 0, result.stderr
    estimate = json.loads(result.stdout)
    assert set(estimate) == {"ssi", "pillars", "questionnaire_version", "factors"}
    assert estimate["ssi"] == pytest.approx(sum(estimate["pillars"].values()), abs=0.011)
    photo = next(f for f in estimate["factors"] if f["question"] == "profile_photo")
    assert photo["points"] == photo["max_points"] > 0
    unanswered = next(f for f in estimate["factors"] if f["question"] == "followers")
    assert unanswered["points"] == 0  # unanswered counts as the lowest value


def test_all_highest_answers_estimate_100_from_stdin():
    best = {q.id: q.highest_value() for q in load_questionnaire().questions}
    result = run("estimate", "-", stdin=json.dumps(best))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ssi"] == 100


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        ({"connections": 999999}, "connections"),
        ({"profile_photo": "maybe"}, "profile_photo"),
        ({"no_such_question": 1}, "no_such_question"),
        ({"connect_with_profile_viewers": "daily"}, "connect_with_profile_viewers"),
    ],
)
def test_bad_answers_exit_2_naming_the_question(tmp_path, capsys, answers, named):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    assert main(["estimate", str(path)]) == 2  # in process: the real process is tested above
    out, err = capsys.readouterr()
    assert named in err and out == ""


def test_a_file_that_is_not_json_exits_2_naming_the_file(tmp_path, capsys):
    path = tmp_path / "answers.json"
    path.write_text("connections: 500")
    assert main(["estimate", str(path)]) == 2
    assert "answers.json" in capsys.readouterr().err


def test_the_command_line_default_profile_is_the_apps():
    from ssi_core import cli_import, store

    assert cli_import.DEFAULT_PROFILE == store.DEFAULT_PROFILE == "default"
