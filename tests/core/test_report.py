"""The one-page report: what the page says, its paper size, its fonts, and the command line."""

import json
import re
from datetime import date

import pytest

from ssi_core import report, report_render
from ssi_core.__main__ import main
from ssi_core.demo import demo_history
from ssi_core.errors import SSIError
from ssi_core.goals import check_goal
from ssi_core.store import Store

TODAY = date(2026, 11, 30)


def _inputs(**changes) -> report.ReportInputs:
    values = {
        "profile": "Ana Núñez",
        "snapshots": demo_history(end=TODAY),
        "assessment": None,
        "goal": check_goal(80, date(2027, 3, 31), today=TODAY),
        "done": frozenset(),
    }
    return report.ReportInputs(**{**values, **changes})


def _texts(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False)


def test_the_page_says_what_a_coach_needs_in_the_readers_language():
    spanish = _texts(report.report_spec(_inputs(), "es", "a4", TODAY))
    for words in (
        "Ana Núñez",
        "informe del 30 nov 2026",
        "72 / 100",
        "+1,2 desde la semana pasada",
        "Interactúa ofreciendo información",
        "Media del sector",
        "Previsión (banda del 80 %)",
        "Objetivo 80 para el 31 mar 2027: vas bien",
        "Las tres acciones que más puntos suman",
        "Tú (medido)",
    ):
        assert words in spanish, words
    english = report.report_spec(_inputs(), "en", "letter", TODAY)
    assert "You (measured)" in _texts(english)
    details = english["vconcat"][-1]["data"]["values"]
    assert sum(line["text"].startswith("+") for line in details) == report.TOP_ACTIONS


def test_an_estimate_only_profile_is_labelled_estimated():
    assessment = {
        "ssi": 40.0,
        "date": TODAY,
        "answers": {},
        "professional_brand": 10.0,
        "find_right_people": 10.0,
        "insight_engagement": 10.0,
        "strong_relationship": 10.0,
    }
    spec = _texts(report.report_spec(_inputs(snapshots=demo_history(days=0), assessment=assessment,
                                             goal=None), "en", "a4", TODAY))  # fmt: skip
    assert "SSI, estimated on Nov 30, 2026" in spec and "You (estimated)" in spec
    assert "Too little measured history to forecast" in spec


def test_no_data_is_a_clear_refusal():
    with pytest.raises(SSIError, match="no measured day and no self-assessment"):
        report.report_spec(_inputs(snapshots=demo_history(days=0)), "en", "a4", TODAY)


def test_the_pdf_is_one_page_of_the_paper_with_its_fonts_embedded():
    pdf = report.render_report(_inputs(), "pdf", "pt", "letter", TODAY)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page") <= 1
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+612\s+792\s*\]", pdf)
    assert b"/FontFile2" in pdf and b"LiberationSans" in pdf  # subsets: accents print


def test_the_command_line_writes_a_png_and_refuses_an_empty_profile(tmp_path, capsys, monkeypatch):
    # The rendering itself is tested above (a second one would add seconds to the suite). The
    # page is made in a child process while this one starts the engine (not started here).
    made = []
    monkeypatch.setattr(report_render, "start_engine", lambda: None)
    monkeypatch.setattr(report_render, "render_spec", lambda *args: made.append(args) or b"\x89PNG")
    db, out = tmp_path / "r.duckdb", tmp_path / "r.png"
    store = Store(db)
    store.ensure_profile("empty")
    store.import_snapshots("default", demo_history(end=TODAY))
    assert main(["report", "--db", str(db), "--profile", "empty", "--format", "png",
                 "--out", str(out)]) == 2  # fmt: skip
    assert "no measured day" in capsys.readouterr().err and not out.exists()
    assert main(["report", "--db", str(db), "--format", "png", "--out", str(out),
                 "--lang", "es", "--paper", "letter"]) == 0  # fmt: skip
    assert out.read_bytes().startswith(b"\x89PNG")
    spec, fmt, lang, paper = made[0]
    assert (fmt, lang, paper) == ("png", "es", "letter")
    header = spec["vconcat"][0]["data"]["values"]
    assert any(line["text"].startswith("default · informe del") for line in header), header
    # The history's last year, one value a week per series (the SSI and the two averages).
    assert 3 * 25 <= len(spec["vconcat"][2]["layer"][0]["data"]["values"]) <= 3 * 27
    # A place it cannot write to is the user's to fix: one sentence, exit 2.
    nowhere = tmp_path / "no-such-folder" / "r.png"
    capsys.readouterr()
    assert main(["report", "--db", str(db), "--format", "png", "--out", str(nowhere)]) == 2
    assert "cannot write the report there" in capsys.readouterr().err
    # Anything else going wrong in the child is an unexpected error (exit 1), told on stderr.
    monkeypatch.setattr(report, "inputs_from_store", lambda *args: 1 / 0)
    assert main(["report", "--db", str(db), "--format", "pdf", "--out", str(out)]) == 1
    assert "ZeroDivisionError" in capsys.readouterr().err
