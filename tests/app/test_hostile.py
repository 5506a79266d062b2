"""What a hostile link, file or race cannot do to the app: markup from user text, a silent
overwrite, a demo written into someone's profile, an upload over the limit."""

import contextlib
import threading

import pandas as pd
from streamlit.testing.v1 import AppTest

from ssi_core.demo import demo_history
from ssi_core.importers import MAX_UPLOAD_BYTES, ImportRejected
from ssi_core.importers.isolated import parse_isolated
from ssi_core.store import Store
from tests.app.conftest import APP, open_page
from tests.app.test_journeys import TRACKER_CSV

# A read that takes seconds, stopped by its time limit: the other session must not notice it.
HUGE = b"date,ssi\n" + b"2026-01-01,50\n" * 2_000_000
SLOW = {"max_bytes": None, "seconds": 3.0}
HOSTILE = "[text](https://evil.example) ![](https://evil.example/pixel.png)"


def app_at(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["language"] = "en"
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


def words(at: AppTest) -> list[str]:
    return [m.value for m in [*at.markdown, *at.caption, *at.warning, *at.error]]


def test_a_profile_name_from_a_link_never_becomes_a_link_or_an_image(app_db):
    at = app_at({"profile": HOSTILE})
    at.run()
    assert at.session_state["profile"] == HOSTILE  # a name a user could have typed
    open_page(at, "settings")
    delete_text = next(w for w in words(at) if "Deletes the profile" in w)
    assert "](https://" not in delete_text and "\\[text\\]" in delete_text
    assert "](https://" not in at.text_input(key="delete_confirm_text").label
    open_page(at, "import")
    at.file_uploader(key="import_file").set_value(
        ("tracker.csv", TRACKER_CSV.read_bytes(), "text/csv")
    ).run()
    label = at.button(key="import_confirm").label
    assert "](https://" not in label and "\\!\\[\\]" in label


def test_a_profile_name_no_new_profile_could_have_opens_the_default_one(app_db):
    at = app_at({"profile": "x" * 500})
    at.run()
    assert not at.exception and at.session_state["profile"] == "default"


def test_cell_values_and_column_names_reach_the_report_as_plain_text(app, app_db):
    app.run()
    open_page(app, "import")
    hostile = (
        "Date,Total SSI,[col](https://evil.example)\n"
        "2026-09-01,61.2,x\n"
        "2026-09-02,![](https://evil.example/p.png),x\n"
    )
    app.text_area(key="import_text").set_value(hostile).run()
    shown = "\n".join(words(app))
    assert "](https://" not in shown
    assert "Row 3" in shown


def test_the_demo_never_writes_into_a_real_profile_called_demo(app, app_db):
    Store(app_db).ensure_profile("Demo")
    Store(app_db).import_snapshots(
        "Demo", pd.DataFrame({"date": [pd.Timestamp("2026-01-05").date()], "ssi": [40.0]})
    )
    app.run()  # the default profile is empty: the first visit offers the demo
    app.button(key="open_demo").click().run()
    assert app.session_state["profile"] == "Demo 2"
    assert Store(app_db).snapshots("Demo")["ssi"].tolist() == [40.0]
    assert len(Store(app_db).snapshots("Demo 2")) > 100


def test_a_confirmation_after_another_tab_saved_shows_the_new_plan_instead(app, app_db):
    app.run()
    open_page(app, "import")
    app.file_uploader(key="import_file").set_value(
        ("tracker.csv", TRACKER_CSV.read_bytes(), "text/csv")
    ).run()
    assert "**11** new days" in "\n".join(words(app))
    # Meanwhile the command line stores two of the file's days, with other values.
    days = pd.to_datetime(["2026-09-01", "2026-09-08"]).date
    Store(app_db).import_snapshots("default", pd.DataFrame({"date": days, "ssi": [50.0, 51.0]}))
    app.button(key="import_confirm").click().run()
    assert not app.exception
    assert any("changed since this report" in w.value for w in app.warning)
    assert Store(app_db).snapshots("default")["ssi"].tolist() == [50.0, 51.0]  # not overwritten
    assert "**9** new days, replace **2**" in "\n".join(words(app))
    app.button(key="import_confirm").click().run()  # confirmed again, on the new plan
    assert len(Store(app_db).snapshots("default")) == 11


def test_an_input_over_the_upload_limit_is_refused_with_its_size(app, app_db):
    app.run()
    open_page(app, "import")
    big = b"date,ssi\n" + b"2026-01-01,50\n" * (MAX_UPLOAD_BYTES // 14 + 10)
    app.file_uploader(key="import_file").set_value(("big.csv", big, "text/csv")).run()
    assert not app.exception
    assert any("SSI_MAX_UPLOAD_MB" in e.value for e in app.error)
    assert "import_confirm" not in [b.key for b in app.button]


def test_another_session_keeps_working_while_a_hostile_file_is_read(app, app_db):
    Store(app_db).import_snapshots("default", demo_history())
    app.run()  # the other session is on My SSI

    def read_hostile_file() -> None:
        with contextlib.suppress(ImportRejected):  # read or stopped: either way, its own
            parse_isolated(HUGE, "huge.csv", **SLOW)

    reading = threading.Thread(target=read_hostile_file)
    reading.start()
    try:
        app.run()  # a rerun while the read is going on
        assert not app.exception and app.get("metric")[0].value.startswith("72 / 100")
        assert reading.is_alive()  # the rerun finished first: it did not wait for the read
    finally:
        reading.join()
