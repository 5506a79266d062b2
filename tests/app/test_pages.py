"""Every page through the real app.py router: no exception, the widgets tests rely on exist."""

from datetime import date, timedelta

import pandas as pd
import pytest

from ssi_core.store import Store
from tests.app.conftest import open_page
from tests.support import run_python

PAGES = ["overview", "assessment", "what-if", "history", "import", "plan", "team", "settings"]


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption]
    parts += [m.value for m in at.title] + [m.value for m in at.header]
    parts += (
        [m.value for m in at.info] + [m.value for m in at.success] + [m.value for m in at.error]
    )
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_an_empty_profile(app, page):
    app.run()
    open_page(app, page)
    assert app.selectbox(key="language_picker").value == "en"
    assert not app.error, [e.value for e in app.error]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_with_a_history_and_an_assessment(app, app_db, page):
    store = Store(app_db)
    days = [date.today() - timedelta(days=n) for n in range(30, -1, -1)]
    store.import_snapshots(
        "default",
        pd.DataFrame(
            {
                "date": days,
                "professional_brand": [15 + n * 0.2 for n in range(31)],
                "find_right_people": 12.0,
                "insight_engagement": 9.5,
                "strong_relationship": 14.0,
                "industry_ssi": 22.0,
                "industry_top_pct": 5.0,
                "network_ssi": 37.0,
                "network_top_pct": 4.0,
            }
        ),
    )
    store.save_assessment(
        "default",
        {"connections": 800, "profile_photo": True},
        {
            "professional_brand": 10,
            "find_right_people": 8,
            "insight_engagement": 5,
            "strong_relationship": 7,
        },
        "2026.11.1",
    )
    app.run()
    open_page(app, page)
    assert not app.error, [e.value for e in app.error]


def test_first_visit_offers_the_questionnaire_the_import_and_a_demo(app):
    app.run()
    shown = texts(app)
    assert "Take the questionnaire" in str([p.proto for p in app.get("page_link")])
    assert "Explore a demo" in shown
    app.button(key="open_demo").click().run()
    assert app.session_state["profile"] == "Demo"
    assert "sample data" in texts(app)
    assert "72 / 100" in app.get("metric")[0].value


def test_the_sidebar_picker_opens_a_profile_for_every_page_and_follows_a_button(app, app_db):
    store = Store(app_db)
    for name in ("Ana", "Bea"):
        store.ensure_profile(name)
    app.query_params["profile"] = "Bea"
    app.run()
    picker = app.selectbox(key="profile_picker")
    assert picker.options == ["Ana", "Bea"] and picker.value == "Bea"
    picker.set_value("Ana").run()
    assert app.session_state["profile"] == "Ana" and app.query_params["profile"] == "Ana"
    open_page(app, "history")
    assert app.session_state["profile"] == "Ana"
    assert app.selectbox(key="profile_picker").value == "Ana"
    # A button that opens a profile (the demo here) moves the picker with it.
    open_page(app, "overview")
    app.button(key="open_demo").click().run()
    assert app.session_state["profile"] == "Demo"
    assert app.selectbox(key="profile_picker").value == "Demo"


def test_my_ssi_draws_the_pillars_as_meters_without_loading_altair(tmp_path):
    """My SSI opens every visit: its pillar bars are HTML, so neither the server imports Altair
    nor the browser loads Vega before the first page is drawn (the start-up target)."""
    code = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from ssi_core.demo import demo_history\n"
        "from ssi_core.store import Store\n"
        "Store.open().import_snapshots('default', demo_history())\n"
        "at = AppTest.from_file('app.py', default_timeout=60)\n"
        "at.session_state['language'] = 'es'\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "print([h.proto.body for h in at.get('html')])\n"
        "print('altair' in sys.modules)\n"
    )
    meters, altair_loaded = run_python(code, SSI_DB=str(tmp_path / "ssi.duckdb"))[-2:]
    # The demo ends on a real page's numbers: 21.4 / 17.66 / 13.78 / 19.4, in Spanish.
    for shown in ("21,4 / 25", "17,66 / 25", "13,78 / 25", "19,4 / 25"):
        assert shown in meters
    assert 'aria-label="Establece tu marca profesional"' in meters
    assert "width:85.6%" in meters and "#0E7C86" in meters
    assert altair_loaded == "False"
