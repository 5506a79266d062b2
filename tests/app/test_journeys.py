"""What a user does across pages, through the real router: save, import, switch language."""

import pytest
from streamlit.testing.v1 import AppTest

from ssi_core.i18n import t
from ssi_core.store import Store
from tests.app.conftest import APP, open_page
from tests.support import ROOT

TRACKER_CSV = ROOT / "tests" / "fixtures" / "e2e" / "tracker.csv"


def metric_values(at) -> list[str]:
    return [m.value for m in at.get("metric")]


def test_a_saved_assessment_shows_in_my_ssi_and_history(app, app_db):
    app.run()
    open_page(app, "assessment")
    app.checkbox(key="q_profile_photo").check().run()
    app.checkbox(key="q_profile_headline").check().run()
    # Only the open tab's questions are drawn; the People tab holds the connections.
    assert "q_connections" not in [s.key for s in app.slider]
    app.session_state["assessment_pillar"] = "People"
    app.run()
    assert "q_profile_photo" not in [c.key for c in app.checkbox]
    app.slider(key="q_connections").set_value(500).run()
    estimated = app.get("metric")[0].value
    app.button(key="assessment_save").click().run()
    assert not app.exception

    saved = Store(app_db).assessments("default")
    answers = saved.iloc[0]["answers"]
    # The answers given in the Brand tab, no longer drawn, are saved with the People one.
    assert len(saved) == 1 and answers["connections"] == 500
    assert answers["profile_photo"] is True and answers["profile_headline"] is True
    assert f"{saved.iloc[0]['ssi']:.1f}" == estimated

    open_page(app, "overview")
    headline = metric_values(app)[0]
    assert headline.startswith(f"{round(saved.iloc[0]['ssi'])} / 100")
    assert "estimated" in app.get("metric")[0].label

    open_page(app, "history")
    assert any("hollow diamonds" in c.value for c in app.caption)


def test_an_upload_confirmed_changes_the_stored_history(app, app_db):
    app.run()
    open_page(app, "import")
    app.file_uploader(key="import_file").set_value(
        ("tracker.csv", TRACKER_CSV.read_bytes(), "text/csv")
    ).run()
    assert not app.exception
    assert Store(app_db).snapshots("default").empty  # nothing written before confirming
    report = "\n".join(m.value for m in app.markdown)
    assert "Row 4" in report  # the failed capture is named
    app.button(key="import_confirm").click().run()
    stored = Store(app_db).snapshots("default")
    assert len(stored) == 11 and stored["ssi"].iloc[-1] == 72.2
    assert any("Saved: 11 new days" in s.value for s in app.success)

    open_page(app, "overview")
    assert metric_values(app)[0].startswith("72 / 100")

    # The same file again, in a new session: nothing to change, so nothing to confirm.
    again = AppTest.from_file(APP, default_timeout=30)
    again.session_state["language"] = "en"
    again.run()
    open_page(again, "import")
    again.file_uploader(key="import_file").set_value(
        ("tracker.csv", TRACKER_CSV.read_bytes(), "text/csv")
    ).run()
    assert any("already stored" in i.value for i in again.info)
    assert again.button(key="import_confirm").disabled


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_an_import_speaks_the_sessions_language(app, app_db, lang):
    app.session_state["language"] = lang
    app.run()
    open_page(app, "import")
    app.file_uploader(key="import_file").set_value(
        ("tracker.csv", TRACKER_CSV.read_bytes(), "text/csv")
    ).run()
    assert t("import_page.skipped_rows", lang, count=1) in [e.label for e in app.expander]
    confirm = app.button(key="import_confirm")
    assert confirm.label == t("import_page.confirm", lang, profile="default")
    confirm.click().run()
    done = t("import_page.done", lang, new=11, replaced=0, unchanged=0)
    assert [s.value for s in app.success] == [done]
    assert len(Store(app_db).snapshots("default")) == 11


def test_a_rejected_file_gets_a_clear_message_and_writes_nothing(app, app_db):
    app.run()
    open_page(app, "import")
    app.file_uploader(key="import_file").set_value(
        ("photo.png", b"\x89PNG\r\n\x1a\n\0\0", "")
    ).run()
    assert not app.exception
    assert app.error and "photo.png" in app.error[0].value
    assert Store(app_db).snapshots("default").empty


def test_switching_to_spanish_changes_the_labels(app):
    app.run()
    assert app.title[0].value == "My SSI"
    app.selectbox(key="language_picker").set_value("es").run()
    assert app.title[0].value == "Mi SSI"
    assert app.selectbox(key="language_picker").label == "Idioma"
    open_page(app, "history")
    assert app.title[0].value == "Historial"


def test_spanish_numbers_use_a_decimal_comma(app, app_db):
    app.session_state["language"] = "es"
    app.run()
    app.button(key="open_demo").click().run()
    assert app.get("metric")[0].value == "72 / 100"
    assert "21,4" in "\n".join(m.value for m in app.markdown)


def test_the_page_says_its_language_for_screen_readers(app):
    """Streamlit's page says lang="en"; the app's own script in the sidebar sets the language
    the session shows, and once the user picks one, has the browser remember it."""

    def marks(at) -> list[str]:
        return [h.proto.body for h in at.sidebar.get("html")]

    app.run()
    assert marks(app) == ['<script>document.documentElement.lang = "en";</script>']
    app.session_state["language"] = "pt"
    app.run()
    assert marks(app) == ['<script>document.documentElement.lang = "pt";</script>']
    assert all(h.proto.unsafe_allow_javascript for h in app.sidebar.get("html"))
    app.selectbox(key="language_picker").set_value("es").run()
    assert marks(app) == [
        '<script>document.documentElement.lang = "es";'
        ' document.cookie = "ssi_lang=es; path=/; max-age=31536000; SameSite=Lax";</script>'
    ]


def test_deleting_a_profile_needs_its_name_and_removes_everything(app, app_db):
    app.run()
    app.button(key="open_demo").click().run()
    open_page(app, "settings")
    assert app.button(key="delete_profile").disabled
    app.text_input(key="delete_confirm_text").input("Demo").run()
    app.button(key="delete_profile").click().run()
    assert not app.exception
    assert [p.name for p in Store(app_db).profiles()] == []
    assert Store(app_db).snapshots("Demo").empty
