"""Real-browser journeys: what a new user does, in Debian's chromium, with screenshots kept."""

import re

from tests.e2e.conftest import Server, shot, wait_idle
from tests.support import ROOT

TRACKER_CSV = ROOT / "tests" / "fixtures" / "e2e" / "tracker.csv"


def go(tab, server, path: str = "") -> None:
    tab.goto(f"{server.url}/{path}")
    tab.wait_for_selector("[data-testid='stSidebar']")
    wait_idle(tab)


def nav(tab, label: str) -> None:
    tab.locator("[data-testid='stSidebarNav'] a", has_text=label).first.click()
    wait_idle(tab)


def test_new_user_journey_questionnaire_import_history(server, page):
    go(page, server)
    page.get_by_text("Welcome to SSI Coach").wait_for()
    shot(page, "01-overview-first-visit")

    # The questionnaire: tick the profile basics, save.
    nav(page, "Self-assessment")
    page.get_by_text("Estimated SSI").first.wait_for()
    for label in ("recent, professional photo", "headline says who I help"):
        page.get_by_text(label).first.click()
        wait_idle(page)
    before_save = page.locator("[data-testid='stMetricValue']").first.inner_text()
    assert float(before_save.replace(",", ".")) > 0
    # Only the open tab's questions are drawn; the answers of a closed tab are kept.
    assert page.locator(".st-key-q_connections").count() == 0
    page.get_by_role("tab", name="People").click()
    page.locator(".st-key-q_connections").wait_for()
    wait_idle(page)
    estimate = page.locator("[data-testid='stMetricValue']").first.inner_text()
    page.get_by_role("tab", name="Brand").click()
    for key in ("q_profile_photo", "q_profile_headline"):
        ticked = page.locator(f".st-key-{key} input[type='checkbox']")
        ticked.wait_for(state="attached")
        wait_idle(page)
        assert ticked.is_checked(), key
    assert page.locator("[data-testid='stMetricValue']").first.inner_text() == estimate
    page.locator(".st-key-assessment_save button").click()
    page.get_by_text("Assessment saved").wait_for()
    shot(page, "02-assessment-saved")

    # Import a tracker's CSV with a failed capture row.
    nav(page, "Import")
    page.locator(".st-key-import_file input[type='file']").set_input_files(str(TRACKER_CSV))
    report = page.locator(".st-key-import_report")
    report.get_by_text("Skipped rows and why (1)").wait_for()
    wait_idle(page)
    accepted = report.locator("[data-testid='stMetric']", has_text="Accepted")
    assert accepted.locator("[data-testid='stMetricValue']").inner_text() == "11"
    assert re.search(r"Row 4\b.*0", report.inner_text())  # the failed capture, named
    shot(page, "03-import-report")
    page.locator(".st-key-import_confirm button").click()
    page.get_by_text("Saved: 11 new days").wait_for()

    # History shows the chart with the averages.
    nav(page, "History")
    chart = page.locator(".st-key-history_chart")
    for series in ("Your SSI", "Industry average", "Network average"):
        chart.get_by_text(series, exact=True).wait_for()  # the chart's legend
    shot(page, "04-history")

    nav(page, "My SSI")
    page.locator(".st-key-overview_ssi").get_by_text("72").wait_for()
    shot(page, "05-overview-measured")
    for label, name in (
        ("What-if", "06-what-if"),
        ("Action plan", "07-plan"),
        ("Settings and data", "08-settings"),
    ):
        nav(page, label)
        page.locator("h1").first.wait_for()
        shot(page, name)


def test_switching_to_spanish_changes_the_labels(server, page):
    go(page, server)
    page.locator(".st-key-language").click()
    page.get_by_role("option", name="Español").click()
    wait_idle(page)
    page.get_by_text("Te damos la bienvenida").wait_for()
    assert page.locator("[data-testid='stSidebarNav']").get_by_text("Historial").count() == 1
    shot(page, "09-overview-spanish")


def test_a_deep_link_on_a_fresh_server_shows_the_whole_app(tmp_path, browser):
    fresh = Server(tmp_path / "deep.duckdb")
    try:
        fresh.wait_healthy()
        # The very first request this server gets is a deep link; then every other page's URL,
        # each in a new browser session.
        for path, title in [
            ("what-if", "What if"),
            ("history", "History"),
            ("import", "Import your SSI history"),
            ("assessment", "Self-assessment"),
            ("plan", "Action plan"),
            ("settings", "Settings and data"),
            ("", "My SSI"),
        ]:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            tab = context.new_page()
            tab.goto(f"{fresh.url}/{path}")
            tab.locator("h1", has_text=title).wait_for()
            wait_idle(tab)
            navigation = tab.locator("[data-testid='stSidebarNav']")
            assert navigation.get_by_text("My SSI").count() == 1, path
            assert tab.locator(".st-key-language").count() == 1, path
            assert tab.get_by_text("Page not found").count() == 0, path
            if path == "what-if":
                shot(tab, "10-deep-link-what-if")
            context.close()
    finally:
        fresh.stop()
