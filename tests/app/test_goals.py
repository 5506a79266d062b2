"""My SSI's goal, alerts and report in AppTest, and the forecasts on History's charts."""

import json
from datetime import date, timedelta

from ssi_app.charts.common import words
from ssi_app.charts.history import ssi_history_chart
from ssi_app.charts.pillars import pillars_chart
from ssi_core.demo import demo_history
from ssi_core.forecast import forecast_all, forecast_frame, forecast_series
from ssi_core.goals import goal_from_dict
from ssi_core.pillars import PILLAR_IDS, PILLAR_MAX
from ssi_core.store import Store
from tests.app.conftest import open_page


def _texts(at) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption, *at.warning])


def test_a_goal_is_set_read_in_spanish_and_removed(app, app_db):
    Store(app_db).import_snapshots("default", demo_history())
    app.run()
    assert "No goal yet" in _texts(app)
    assert "goal_target" not in [n.key for n in app.number_input]  # drawn only once opened
    app.session_state["goal_section"] = True
    app.run()
    app.number_input(key="goal_target").set_value(80.0)
    app.date_input(key="goal_date").set_value(date.today() + timedelta(days=120))
    app.number_input(key="goal_pillar_insight_engagement").set_value(16.0)
    app.button(key="goal_save").click().run()
    assert not app.exception, [e.value for e in app.exception]
    stored = goal_from_dict(Store(app_db).goal("default"))
    assert stored.target_ssi == 80 and stored.pillar_targets == {"insight_engagement": 16.0}
    texts = _texts(app)
    assert "**On track** for 80" in texts and "points a week" in texts
    assert "Engage with insights: 2.2 points to go to 16.0." in texts
    assert "close the gap" in texts

    open_page(app, "settings")  # the goal is exported with the profile
    assert "Goal (JSON)" in [b.proto.label for b in app.get("download_button")]
    open_page(app, "overview")

    app.session_state["language"] = "es"
    app.run()
    assert "**Vas bien** para llegar a 80" in _texts(app)
    app.session_state["report_section"] = True
    app.run()
    assert app.get("download_button")[-1].proto.label == "Descargar el informe"

    app.session_state["goal_section"] = True
    app.run()
    app.button(key="goal_remove").click().run()
    assert Store(app_db).goal("default") is None


def test_alerts_name_their_reason_and_link_to_import(app, app_db):
    old = demo_history(end=date.today() - timedelta(days=20))
    old.loc[old.index[-1], "network_top_pct"] = 9.0  # from Top 3% a week before
    Store(app_db).import_snapshots("default", old)
    app.run()
    warnings = [w.value for w in app.warning]
    assert any("No measured SSI since" in w and "(20 days)" in w for w in warnings), warnings
    assert any("network rank dropped from Top 3% to Top 9%" in w for w in warnings), warnings
    links = [(link.proto.label, link.proto.page) for link in app.get("page_link")]
    assert any(label == "Import your latest SSI" and "import" in page for label, page in links), (
        links
    )


def test_the_report_button_is_offered_for_an_estimate_only_profile(app, app_db):
    app.run()
    open_page(app, "assessment")
    app.button(key="assessment_save").click().run()
    open_page(app, "overview")
    assert app.get("download_button") == []  # the report's section is closed
    app.session_state["report_section"] = True
    app.run()
    assert [b.proto.label for b in app.get("download_button")] == ["Download the report"]


def test_the_history_chart_draws_the_forecast_apart_from_the_measured_line():
    history = demo_history(end=date(2026, 6, 1))
    frame = forecast_frame(forecast_series(history))
    spec = ssi_history_chart(history, {"forecast": "previsión"}, "es", forecast=frame).to_dict()
    layers = spec["layer"]
    band = next(layer for layer in layers if layer["mark"]["type"] == "area")
    rows = band["data"].get("values") or spec["datasets"][band["data"]["name"]]
    assert rows[0]["date"] == "2026-06-08" and len(rows) == 12  # after the last measured day
    assert all(row["low"] <= row["value"] <= row["high"] for row in rows)
    assert "previsión" in json.dumps(spec, ensure_ascii=False)
    without = ssi_history_chart(history, lang="es").to_dict()
    assert not any(layer["mark"]["type"] == "area" for layer in without["layer"])


def test_each_pillars_forecast_is_drawn_in_its_own_band_after_the_measured_days():
    history = demo_history(end=date(2026, 6, 1))
    found = forecast_all(history)
    ahead = {pid: forecast_frame(found[pid]) for pid in PILLAR_IDS}
    spec = pillars_chart(history, None, "en", mode="small_multiples", forecasts=ahead).to_dict()
    bands = [layer for layer in spec["layer"] if "y_low" in json.dumps(layer.get("encoding"))]
    assert len(bands) == 1
    rows = spec["datasets"][bands[0]["data"]["name"]]
    assert len(rows) == 4 * 12 and min(row["date"] for row in rows) == "2026-06-08"
    names = words(None, "en")
    for index, pid in enumerate(PILLAR_IDS):  # the first pillar's band is the top one
        floor = (len(PILLAR_IDS) - 1 - index) * PILLAR_MAX
        mine = [row for row in rows if row["pillar"] == names[pid]]
        assert len(mine) == 12, pid
        for row in mine:
            assert round(row["y_low"] - row["low"], 9) == round(row["y_value"] - row["value"], 9)
            assert round(row["y_value"] - row["value"], 9) == floor
            assert floor <= row["y_low"] <= row["y_value"] <= row["y_high"] <= floor + PILLAR_MAX
    # The time axis runs to the last forecast week; a stack draws no forecast.
    domain = bands[0]["encoding"]["x"]["scale"]["domain"]
    assert (domain[-1]["year"], domain[-1]["month"], domain[-1]["date"]) == (2026, 8, 24)
    stacked = json.dumps(pillars_chart(history, None, "en", forecasts=ahead).to_dict())
    assert "y_low" not in stacked


def test_history_says_each_pillars_forecast_in_words(app, app_db):
    Store(app_db).import_snapshots("default", demo_history())
    app.run()
    open_page(app, "history")
    assert "“One chart each”" in _texts(app)  # stacked: where the forecasts are
    app.session_state["history_pillars_mode"] = "small_multiples"
    app.run()
    words = _texts(app)
    assert "Each pillar in 12 weeks" in words and "Relationships " in words
    assert "“One chart each”" not in words
    # One day shown (the last): the chart draws it as dots and no forecast, and says none.
    last = Store(app_db).snapshots("default")["date"].iloc[-1]
    app.date_input(key="history_range").set_value((last, last)).run()
    assert not app.exception, [e.value for e in app.exception]
    assert "Each pillar in 12 weeks" not in _texts(app)


def test_a_goal_whose_date_has_passed_still_opens(app, app_db):
    store = Store(app_db)
    store.import_snapshots("default", demo_history())
    store.set_goal("default", {"target_ssi": 95.0, "target_date": "2020-01-31"})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert "**Behind**: the date of your goal of 95" in _texts(app)
