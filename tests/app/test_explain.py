"""What is the SSI, how to get it, the login's language switch, and every empty page's next step."""

from datetime import date, timedelta

import pandas as pd
from streamlit.testing.v1 import AppTest

from ssi_core.i18n import t
from ssi_core.pillars import PILLAR_IDS, PILLARS
from ssi_core.store import Store
from tests.app.conftest import APP, open_page
from tests.app.test_login import AUTH

SECTIONS = ("about.score", "about.groups", "about.changes", "about.why", "about.formula")


def words(at: AppTest) -> str:
    """Everything the page writes, tooltips and links included."""
    parts = [*at.title, *at.header, *at.markdown, *at.caption, *at.info, *at.get("metric")]
    text = [str(getattr(p, "value", "")) for p in parts]
    text += [str(getattr(p.proto, "help", "")) for p in parts if hasattr(p, "proto")]
    text += [str(p.proto) for p in at.get("page_link")]
    return "\n".join(text)


def links(at: AppTest) -> list[str]:
    """The URL paths of the pages the page's links lead to ("" for My SSI)."""
    return [p.proto.page for p in at.get("page_link")]


def measured(app_db) -> None:
    days = [date.today() - timedelta(days=n) for n in range(20, -1, -1)]
    Store(app_db).import_snapshots(
        "default",
        pd.DataFrame(
            {
                "date": days,
                "professional_brand": 20.0,
                "find_right_people": 15.0,
                "insight_engagement": 12.0,
                "strong_relationship": 18.0,
            }
        ),
    )


def test_what_is_the_ssi_in_every_language_and_how_to_get_it(app):
    """Everything the page must cover: the score and its pillars, what LinkedIn looks at per
    pillar, the groups and "Top N%", how often it changes, why it matters, the formula."""
    assert "Top 3% means you are ahead of 97% of the group" in t("about.groups", "en")
    app.run()
    open_page(app, "about")
    for language in ("en", "es", "pt"):
        app.selectbox(key="language_picker").set_value(language).run()
        shown = words(app)
        assert app.title[0].value == t("about.title", language)
        for needed in SECTIONS:
            assert t(needed, language) in shown, needed
        for pillar in PILLARS:
            assert pillar.label(language) in shown
            assert t(f"explain.{pillar.id}.looks_at", language) in shown
        assert "97" in t("about.groups", language) and t("about.score_title", language) in shown
        assert "import" in links(app)  # on to "How to get your SSI"
    # ...which is open on Import while the profile has no measured day.
    app.selectbox(key="language_picker").set_value("en").run()
    open_page(app, "import")
    guide = [e for e in app.expander if e.label == "How to get your SSI"]
    assert guide and guide[0].proto.expanded
    shown = words(app)
    for needed in ("linkedin.com/sales/ssi", "Ctrl+S", "Webpage, complete", "HTML only"):
        assert needed in shown, needed
    for needed in ("Ctrl+A", "salesApiSsi", ".xlsx", "Spanish or Portuguese", "Pontuação"):
        assert needed in shown, needed


def test_the_explainer_is_in_the_navigation_and_linked_from_my_ssi(app, app_db):
    measured(app_db)
    app.run()
    assert "about" in links(app)
    # Each pillar's note is one click away on My SSI (drawn once opened), and the pillars'
    # metrics carry it elsewhere.
    for pillar_id in PILLAR_IDS:
        assert t(f"explain.{pillar_id}.looks_at", "en") not in words(app)
    for pillar_id in PILLAR_IDS:
        app.session_state[f"overview_pillar_note_{pillar_id}"] = True  # the note's button
        app.run()
        assert t(f"explain.{pillar_id}.looks_at", "en") in words(app)
        app.session_state[f"overview_pillar_note_{pillar_id}"] = False
    open_page(app, "assessment")
    helps = [m.proto.help for m in app.get("metric")]
    assert all(any(t(f"explain.{p}.summary", "en") in h for h in helps) for p in PILLAR_IDS)
    # The data archive's guide sits on Self-assessment, drawn once opened.
    guide = "Settings & Privacy → Data privacy → Get a copy of your data"
    assert guide not in words(app)
    app.session_state["archive_guide_open"] = True  # the expander, opened
    app.run()
    assert guide in words(app)


def test_the_login_screen_switches_the_language():
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["language"] = "en"
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False}
    at.run()
    assert at.title[0].value == t("auth.title", "en")
    switch = at.selectbox(key="language_picker")
    assert switch.options == ["English", "Español", "Português"]
    switch.set_value("es").run()
    assert at.title[0].value == t("auth.title", "es")
    assert at.button(key="login_default").label == t("auth.login", "es")


def test_every_empty_page_says_what_to_do_next_and_links_there(app):
    app.run()
    assert {"import", "assessment", "about"} <= set(links(app)), links(app)  # My SSI
    for page, leads_to in (
        ("history", {"import", "assessment"}),
        ("plan", {"import", "assessment"}),
        ("what-if", {"assessment"}),
        ("settings", {"import"}),
    ):
        open_page(app, page)
        assert leads_to <= set(links(app)), (page, links(app))
