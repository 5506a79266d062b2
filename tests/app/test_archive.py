"""Self-assessment from the LinkedIn data archive, and the activity on History (AppTest)."""

from datetime import date, timedelta

import pandas as pd

from ssi_core.store import Store
from tests.app.conftest import open_page
from tests.support.archive import archive_bytes

ZIP = "Complete_LinkedInDataExport_07-01-2026.zip"


def upload(app, content: bytes, name: str = ZIP):
    app.file_uploader(key="archive_file").set_value((name, content, "application/zip")).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def captions(app) -> str:
    return "\n".join(c.value for c in app.caption)


def test_an_archive_fills_answers_marks_them_and_a_change_overrides(app, app_db):
    app.run()
    open_page(app, "assessment")
    assert "never stored" in app.caption[1].value  # the privacy sentence, before the uploader
    upload(app, archive_bytes())
    assert any("Filled 10 answers" in s.value for s in app.success)
    assert app.checkbox(key="q_profile_headline").value is True
    assert app.slider(key="q_skill_endorsements").value == 7
    assert "From your LinkedIn data: endorsements received: 7" in captions(app)
    # The member changes one answer: theirs wins, and the mark says so.
    app.slider(key="q_skill_endorsements").set_value(20).run()
    assert app.slider(key="q_skill_endorsements").value == 20
    assert "You changed this answer; your LinkedIn data said 7." in captions(app)
    app.button(key="assessment_save").click().run()
    saved = Store(app_db).assessments("default").iloc[-1]
    assert saved["answers"]["skill_endorsements"] == 20
    assert saved["answers"]["connections"] == 40
    assert "skill_endorsements" not in saved["sources"]
    assert saved["sources"]["posts_per_week"] == {"fact": "posts_90d", "value": 26}
    # The weekly activity, saved from the page.
    app.button(key="archive_save_activity").click().run()
    assert len(Store(app_db).activity("default")) == 21


def test_a_file_that_is_no_archive_gets_one_sentence_in_the_language(app, app_db):
    app.session_state["language"] = "es"
    app.run()
    open_page(app, "assessment")
    upload(app, b"no soy un zip", name="datos.zip")
    assert app.error[0].value.startswith("datos.zip: no es un archivo ZIP")
    assert Store(app_db).assessments("default").empty


def test_a_refused_archives_name_is_shown_as_text_never_as_a_link(app):
    app.run()
    open_page(app, "assessment")
    upload(app, b"not a zip", name="[prize](https://example.com).zip")
    message = app.error[0].value
    assert message.startswith(r"\[prize\](https:\/\/example.com).zip: not a ZIP")
    assert "](https://" not in message


def test_history_shows_activity_and_what_moved_the_ssi(app, app_db):
    store = Store(app_db)
    mondays = [date(2026, 1, 5) + timedelta(weeks=w) for w in range(16)]
    posts = [w % 4 for w in range(16)]
    store.save_activity(
        "default",
        [{"week": m, "posts": p, "comments": 1} for m, p in zip(mondays, posts, strict=True)],
    )
    brand = pd.Series(posts).diff().fillna(0).cumsum().shift(1).fillna(0) + 10
    store.import_snapshots(
        "default",
        pd.DataFrame(
            {
                "date": [m + timedelta(days=2) for m in mondays],
                "professional_brand": brand,
                "find_right_people": 10.0,
                "insight_engagement": [10 + (w * 7 % 5) / 10 for w in range(16)],
                "strong_relationship": 10.0,
            }
        ),
    )
    app.run()
    open_page(app, "history")
    app.session_state["history_view"] = "Activity"  # only the open tab is drawn
    app.run()
    text = "\n".join(m.value for m in app.markdown)
    assert (
        "**Establish your professional brand**: its changes followed changes in **Posts** "
        "one week later" in text
    )
    assert "not proof of a cause" in captions(app)


def test_the_activity_chart_is_valid_vega_lite_with_unknown_columns():
    from ssi_app.charts.activity import activity_chart
    from ssi_core.archive.reader import ACTIVITIES
    from ssi_core.pillars import PILLAR_IDS

    mondays = [date(2026, 1, 5) + timedelta(weeks=w) for w in range(3)]
    activity = pd.DataFrame({"week": mondays, **{a: [1, 0, 2] for a in ACTIVITIES}})
    activity["messages_sent"] = pd.array([None] * 3, dtype="Int64")  # a smaller archive
    snapshots = pd.DataFrame(
        {"date": [m + timedelta(days=1) for m in mondays], **dict.fromkeys(PILLAR_IDS, 12.5)}
    )
    names = {k: k for k in (*PILLAR_IDS, *ACTIVITIES, "week", "count", "points")}
    spec = activity_chart(snapshots, activity, names).to_dict(validate=True)
    bars = spec["vconcat"][1]
    assert "messages_sent" not in str(spec["datasets"])  # unknown is not drawn as 0
    assert bars["mark"]["type"] == "bar"
