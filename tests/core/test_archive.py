"""LinkedIn's data archive: the reader (facts, windows, weekly activity), facts -> answers, and
the `archive` command. Archives are built in the test, in the formats LinkedIn writes."""

import io
import json
import zipfile
from datetime import date

import pytest

from ssi_core.__main__ import main
from ssi_core.archive.answers import answers_from_facts
from ssi_core.archive.dates import parse_day
from ssi_core.archive.reader import ACTIVITIES, FACT_NAMES, MAX_ARCHIVE_FILES, read_archive
from ssi_core.errors import SSIError
from ssi_core.questionnaire import load_questionnaire
from ssi_core.store import Store
from tests.support.archive import CONNECTIONS_NOTES, archive_bytes, build_zip, csv_text, files_for

AS_OF = date(2026, 6, 30)
COMPLETE_FACTS = {
    "connections": 40,
    "connections_90d": 40,
    "invitations_sent_90d": 20,
    "invitations_received_90d": 10,
    "posts_90d": 26,
    "comments_90d": 45,
    "reactions_90d": 90,
    "messages_sent_90d": 12,  # 15 from the member, 3 of them drafts
    "skills": 12,
    "endorsements_received": 7,
    "recommendations_received": 2,  # the hidden one is left out
    "recommendations_given": 1,
    "positions": 2,
    "positions_described": 1,
    "education": 1,
    "certifications": 1,
    "has_headline": True,
    "has_summary": False,
}


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("15 Mar 2024", date(2024, 3, 15)),
        ("1/29/26, 2:37 PM", date(2026, 1, 29)),
        ("12/31/2025, 11:59 PM", date(2025, 12, 31)),
        ("2026-05-07 16:41:18", date(2026, 5, 7)),
        ("2026-06-05 09:00:00 UTC", date(2026, 6, 5)),
        ("2026/07/28 13:20:49 UTC", date(2026, 7, 28)),
        ("", None),
        ("31 Feb 2024", None),
        ("soon", None),
    ],
)
def test_every_date_style_of_the_archive_is_read(text, day):
    assert parse_day(text) == day


# --- the reader ------------------------------------------------------------------------------


def test_a_complete_archive_in_one_folder_gives_every_fact():
    reading = read_archive(archive_bytes())
    assert reading.as_of == AS_OF  # the newest date in the archive
    assert reading.facts == COMPLETE_FACTS
    assert list(reading.facts) == list(FACT_NAMES)


def test_a_flat_archive_reads_the_same():
    flat = build_zip(files_for(), folder="")
    assert read_archive(flat).facts == COMPLETE_FACTS


def test_the_smaller_archive_leaves_what_it_lacks_unknown_never_zero():
    reading = read_archive(
        archive_bytes(folder="Basic_LinkedInDataExport_07-01-2026", complete=False)
    )
    facts = reading.facts
    assert facts["connections"] == 40 and facts["skills"] == 12
    for name in (
        "posts_90d",
        "comments_90d",
        "reactions_90d",
        "messages_sent_90d",
        "invitations_sent_90d",
        "endorsements_received",
        "positions",
        "education",
    ):
        assert facts[name] is None, name
    week = reading.weekly[-1]
    assert week["connections"] is not None
    assert week["posts"] is None and week["messages_sent"] is None


def test_windows_end_on_as_of_and_start_after_ninety_days_before():
    files = files_for()
    stamps = [
        "2026-03-31 10:00:00",
        "2026-04-01 10:00:00",
        "2026-06-30 23:00:00",
        "2026-07-01 08:00:00",
    ]
    files["Shares.csv"] = csv_text(
        ["Date", "ShareLink", "ShareCommentary"], [[s, "", ""] for s in stamps]
    )
    # 2026-03-31 is as_of - 91 days; 2026-04-01 is as_of - 90 days, out as well (the window
    # is as_of - 90 < date <= as_of); 2026-07-01 is after as_of.
    reading = read_archive(build_zip(files), as_of=AS_OF)
    assert reading.facts["posts_90d"] == 1  # only 2026-06-30
    files["Shares.csv"] = csv_text(["Date"], [["2026-04-02 00:00:01"]])
    assert read_archive(build_zip(files), as_of=AS_OF).facts["posts_90d"] == 1


def test_names_in_any_case_with_a_copy_suffix_are_found():
    files = {
        (
            "CONNECTIONS (1).csv"
            if name == "Connections.csv"
            else "Messages_2.CSV"
            if name == "messages.csv"
            else name.lower()
        ): text
        for name, text in files_for().items()
    }
    files["Profile Summary.csv"] = csv_text(["Profile Summary"], [["not the profile"]])
    assert read_archive(
        build_zip(files, folder="Complete_LinkedInDataExport_07-01-2026")
    ).facts == (COMPLETE_FACTS)


def test_bom_notes_preamble_quotes_and_multi_line_fields():
    files = files_for(connections=3)
    text = files["Connections.csv"]
    assert text.startswith(CONNECTIONS_NOTES)
    files["Connections.csv"] = text.replace("Acme", '"Acme, Inc.\nSão Paulo"', 1)
    files["Shares.csv"] = csv_text(
        ["Date", "ShareLink", "ShareCommentary"],
        [["2026-06-01 09:00:00", "x", 'one\n"two",\nDate,three'], ["2026-06-02 09:00:00", "", ""]],
    )
    facts = read_archive(build_zip(files)).facts
    assert facts["connections"] == 3
    assert facts["posts_90d"] == 2


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_encodings(encoding):
    files = files_for(connections=5)
    files["Profile.csv"] = files["Profile.csv"].replace("Ana", "Ána").replace("Souza", "Sõuza")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            text = text.replace("Ana Souza", "Ána Sõuza")
            archive.writestr(name, text.encode(encoding))
    facts = read_archive(out.getvalue()).facts
    assert facts["connections"] == 5
    assert facts["messages_sent_90d"] == 12  # the member recognised in every encoding


def test_without_profile_the_member_is_unknown_so_are_their_messages():
    files = files_for()
    del files["Profile.csv"]
    facts = read_archive(build_zip(files)).facts
    assert facts["messages_sent_90d"] is None
    assert facts["has_headline"] is None and facts["has_summary"] is None
    assert facts["posts_90d"] == 26


def test_weekly_activity_runs_monday_to_monday_up_to_as_of():
    reading = read_archive(archive_bytes(weeks=4, connections=10, messages=10))
    weeks = [row["week"] for row in reading.weekly]
    assert all(week.weekday() == 0 for week in weeks)
    assert weeks[-1] == date(2026, 6, 29)
    assert [w2 - w1 for w1, w2 in zip(weeks, weeks[1:], strict=False)] == [weeks[1] - weeks[0]] * (
        len(weeks) - 1
    )
    assert set(reading.weekly[0]) == {"week", *ACTIVITIES}
    assert sum(row["posts"] for row in reading.weekly) == 4 * 2
    assert sum(row["messages_sent"] for row in reading.weekly) == 4  # 5 sent, 1 a draft


def test_only_counts_leave_the_reader():
    reading = read_archive(archive_bytes())
    printed = json.dumps({"facts": reading.facts, "weekly": reading.weekly_json()})
    for private in ("Ana", "Souza", "Contact", "Hello", "Great point", "linkedin.com", "Acme"):
        assert private not in printed


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "not a ZIP"),
        (b"First Name,Last Name\nAna,Souza\n", "not a ZIP"),
        (b"PK\x03\x04 broken", "not a ZIP"),
        (build_zip({"notes.txt": "hello", "photo.csv": "a,b\n1,2\n"}), "no LinkedIn data"),
    ],
)
def test_what_is_not_an_archive_is_refused_with_a_clear_message(data, says):
    with pytest.raises(SSIError, match=says):
        read_archive(data, label="upload.zip")


def test_a_zip_bomb_and_too_many_files_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", b"0" * (4 * 1024 * 1024))
    with pytest.raises(SSIError, match="would unpack"):
        read_archive(out.getvalue(), label="bomb.zip")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for index in range(MAX_ARCHIVE_FILES + 1):
            archive.writestr(f"f{index}.csv", b"")
    with pytest.raises(SSIError, match="files, more than"):
        read_archive(out.getvalue(), label="many.zip")


def test_a_damaged_or_lying_member_is_refused_with_a_message():
    files = {"Connections.csv": "First Name,Connected On\n" + "Ana,15 Mar 2024\n" * 2000}
    data = bytearray(build_zip(files, bom=False))
    start = data.index(b"Connections.csv") + len("Connections.csv")
    data[start + 40 : start + 60] = b"\x00" * 20  # the packed bytes damaged
    with pytest.raises(SSIError, match="damaged"):
        read_archive(bytes(data), label="broken.zip")
    # A member that declares fewer bytes than it unpacks to.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", files["Connections.csv"])
    lying = out.getvalue()
    size = len(files["Connections.csv"]).to_bytes(4, "little")
    lying = lying.replace(size, (10).to_bytes(4, "little"))
    with pytest.raises(SSIError):
        read_archive(lying, label="lying.zip")


def test_a_file_of_more_rows_than_any_archive_is_refused(monkeypatch):
    from ssi_core.archive import reader

    monkeypatch.setattr(reader, "MAX_FILE_ROWS", 10)
    with pytest.raises(SSIError, match=r"\.csv: more than 10 rows"):
        read_archive(archive_bytes(weeks=2, folder=""))


def test_a_field_beyond_what_csv_reads_is_refused_with_a_message():
    files = files_for()
    files["Shares.csv"] = csv_text(["Date", "ShareCommentary"], [["2026-06-01", "x" * 200_000]])
    with pytest.raises(SSIError, match="Shares.csv: not a CSV file as LinkedIn writes it"):
        read_archive(build_zip(files))


# --- facts -> answers ------------------------------------------------------------------------


def test_answers_follow_the_rules_in_the_questionnaire_file():
    answers = answers_from_facts(COMPLETE_FACTS)
    values = {qid: answer.value for qid, answer in answers.items()}
    assert values == {
        "profile_headline": True,
        "profile_about": False,
        "profile_experience": True,
        "profile_education": True,
        "profile_skills": True,  # 12 skills, at least 10
        "skill_endorsements": 7,
        "recommendations_received": 2,
        "connections": 40,
        "posts_per_week": 2,  # 26 posts in 90 days / 13
        "comments_reactions_per_week": 10,  # (45 + 90) / 13 = 10.4
    }
    assert answers["comments_reactions_per_week"].source == "comments_90d + reactions_90d"
    assert answers["comments_reactions_per_week"].fact_value == 135
    rules = {q.id: q.from_archive for q in load_questionnaire().questions if q.from_archive}
    assert set(rules) == set(values)


def test_answers_are_clamped_rounded_to_the_step_and_unknown_facts_give_none():
    facts = dict.fromkeys(FACT_NAMES)
    facts |= {"connections": 12_345, "posts_90d": 1000, "skills": 9, "comments_90d": 4}
    answers = answers_from_facts(facts)
    assert answers["connections"].value == 3000 and answers["connections"].fact_value == 12_345
    assert answers["posts_per_week"].value == 10
    assert answers["profile_skills"].value is False
    assert "comments_reactions_per_week" not in answers  # reactions unknown
    assert "profile_headline" not in answers
    facts["connections"] = 1234
    assert answers_from_facts(facts)["connections"].value == 1230  # the slider's step of 10


def test_a_rule_naming_an_unknown_fact_is_refused(tmp_path):
    text = (load_questionnaire.__globals__["QUESTIONNAIRE_PATH"]).read_text(encoding="utf-8")
    bad = tmp_path / "q.toml"
    bad.write_text(text.replace('fact = "skills"', 'fact = "skils"'), encoding="utf-8")
    with pytest.raises(SSIError, match="unknown facts"):
        load_questionnaire(bad)


# --- the command line ------------------------------------------------------------------------


def test_the_command_prints_facts_answers_sources_and_weeks(tmp_path, capsys):
    path = tmp_path / "Complete_LinkedInDataExport_07-01-2026.zip"
    path.write_bytes(archive_bytes())
    assert main(["archive", str(path), "--as-of", "2026-06-30"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"as_of", "facts", "answers", "sources", "weekly"}
    assert printed["as_of"] == "2026-06-30"
    assert printed["facts"] == COMPLETE_FACTS
    assert printed["sources"]["posts_per_week"] == "posts_90d"
    assert printed["answers"]["posts_per_week"] == 2
    assert printed["weekly"][-1]["week"] == "2026-06-29"


def test_save_stores_the_weekly_counts(tmp_path, capsys):
    path, db = tmp_path / "a.zip", tmp_path / "ssi.duckdb"
    path.write_bytes(archive_bytes(weeks=3))
    assert main(["archive", str(path), "--db", str(db), "--profile", "ana", "--save"]) == 0
    stored = Store(db).activity("ana")
    assert len(stored) == len(json.loads(capsys.readouterr().out)["weekly"])
    assert int(stored["posts"].sum()) == 6


@pytest.mark.parametrize("content", [b"not a zip", None])
def test_a_non_archive_exits_2_and_writes_nothing(tmp_path, capsys, content):
    path, db = tmp_path / "a.zip", tmp_path / "ssi.duckdb"
    if content is not None:
        path.write_bytes(content)
    assert main(["archive", str(path), "--db", str(db), "--save"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "a.zip" in err
    assert not db.exists()


def test_a_bad_as_of_exits_2(tmp_path, capsys):
    path = tmp_path / "a.zip"
    path.write_bytes(archive_bytes(weeks=1))
    assert main(["archive", str(path), "--as-of", "30/06/2026"]) == 2
    assert "--as-of" in capsys.readouterr().err


def test_every_refusal_has_its_sentence_in_every_language():
    import re
    from pathlib import Path

    from ssi_core.archive import reader
    from ssi_core.i18n import LANGUAGES, catalogue

    codes = set(re.findall(r'ArchiveRejected\(\s*"(\w+)"', Path(reader.__file__).read_text()))
    assert {"not_zip", "no_data", "too_many_files", "too_big", "bomb"} <= codes
    for lang in LANGUAGES:
        for code in codes:
            assert f"archive.error.{code}" in catalogue(lang), (lang, code)
    with pytest.raises(reader.ArchiveRejected) as refused:
        read_archive(b"nope", label="datos.zip")
    assert refused.value.message("pt").startswith("datos.zip: não é um arquivo ZIP")


def test_a_day_linkedin_could_not_have_written_is_no_day():
    files = files_for()
    stamps = ["9999-12-31 10:00:00", "1200-01-01 10:00:00", "2026-06-30 23:00:00"]
    files["Shares.csv"] = csv_text(
        ["Date", "ShareLink", "ShareCommentary"], [[s, "", ""] for s in stamps]
    )
    reading = read_archive(build_zip(files))
    # Neither the year 9999 nor 1200 ends the windows or stretches the weeks.
    assert reading.as_of < date(2100, 1, 1)
    assert reading.weekly[0]["week"] >= date(2003, 1, 1)
    assert read_archive(build_zip(files), as_of=AS_OF).facts["posts_90d"] == 1
    assert parse_day("31/12/9999") is None and parse_day("2026-06-30") == date(2026, 6, 30)
