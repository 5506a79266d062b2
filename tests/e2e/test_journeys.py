"""Real-browser journeys: what a new user does, in Debian's chromium, with screenshots kept."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import (
    metric_value,
    open_app,
    open_page,
    pages_nav,
    settled,
    shot,
    sidebar,
    tick,
    upload,
)
from tests.support import ROOT
from tests.support.live_server import Server

TRACKER_CSV = ROOT / "tests" / "fixtures" / "e2e" / "tracker.csv"


def test_new_user_journey_questionnaire_import_history(own_server, page):
    # A server of its own: on the shared one, once in six runs under load, the first page switch
    # of this new session (opened with ?profile=Newcomer) landed on another profile's
    # Self-assessment (/assessment?profile=Archive); not reproduced on a quiet machine.
    open_app(page, f"{own_server.url}/?profile=Newcomer")
    expect(page.get_by_text("Welcome to SSI Coach")).to_be_visible()
    shot(page, "01-overview-first-visit")

    # The questionnaire: tick the profile basics, save.
    open_page(page, "Self-assessment", "Self-assessment")
    estimated = metric_value(page, "Estimated SSI")
    for label in ("recent, professional photo", "headline says who I help"):
        shown = estimated.inner_text()
        tick(page.get_by_role("checkbox", name=label))
        expect(estimated).not_to_have_text(shown)  # the estimate follows each answer
        settled(page)
    before_save = estimated.inner_text()
    assert float(before_save.replace(",", ".")) > 0
    # Only the open tab's questions are drawn; the answers of a closed tab are kept.
    people_question = page.locator(".st-key-q_connections")
    expect(people_question).to_have_count(0)
    page.get_by_role("tab", name="People", exact=True).click()
    expect(people_question).to_be_visible()
    settled(page)
    estimate = estimated.inner_text()
    page.get_by_role("tab", name="Brand", exact=True).click()
    for key in ("q_profile_photo", "q_profile_headline"):
        expect(page.locator(f".st-key-{key}").get_by_role("checkbox"), key).to_be_checked()
    expect(people_question).to_have_count(0)
    expect(estimated).to_have_text(estimate)
    page.get_by_role("button", name="Save this assessment").click()
    expect(page.get_by_text("Assessment saved")).to_be_visible()
    shot(page, "02-assessment-saved")

    # Import a tracker's CSV with a failed capture row.
    open_page(page, "Import", "Import your SSI history")
    upload(page, "SSI file", TRACKER_CSV)
    report = page.locator(".st-key-import_report")
    expect(report.get_by_text("Skipped rows and why (1)")).to_be_visible()
    expect(metric_value(report, "Accepted")).to_have_text("11")
    # The failed capture, named.
    expect(report).to_contain_text(re.compile(r"Row 4\b.*0"), use_inner_text=True)
    shot(page, "03-import-report")
    page.get_by_role("button", name="Save to profile").click()
    expect(page.get_by_text("Saved: 11 new days")).to_be_visible()

    # History shows the chart with the averages.
    open_page(page, "History", "History")
    chart = page.locator(".st-key-history_chart")
    for series in ("Your SSI", "Industry average", "Network average"):
        expect(chart.get_by_text(series, exact=True)).to_be_visible()  # the chart's legend
    shot(page, "04-history")

    open_page(page, "My SSI", "My SSI")
    expect(page.locator(".st-key-overview_ssi").get_by_text("72")).to_be_visible()
    shot(page, "05-overview-measured")


def test_switching_to_spanish_changes_the_labels(server, page):
    open_app(page, f"{server.url}/?profile=Hola")
    sidebar(page).get_by_role("combobox", name="Language").click()
    spanish = page.get_by_role("option", name="Español", exact=True)
    expect(spanish).to_be_visible()
    spanish.click()
    expect(page.get_by_text("Te damos la bienvenida")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")  # for screen readers
    expect(pages_nav(page).get_by_text("Historial")).to_have_count(1)
    shot(page, "09-overview-spanish")
    # The browser remembers the choice: a new session (a new tab, or a login's redirect back)
    # opens in Spanish whatever the browser's own language.
    again = page.context.new_page()
    open_app(again, f"{server.url}/?profile=Hola")
    expect(again.get_by_text("Te damos la bienvenida")).to_be_visible()
    expect(sidebar(again).get_by_role("combobox", name="Idioma")).to_be_visible()


def test_a_deep_link_on_a_fresh_server_shows_the_whole_app(tmp_path, browser):
    fresh = Server(tmp_path / "deep.duckdb")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh.wait_healthy()
        tab = context.new_page()
        # The very first request this server gets is a deep link; then the deep links of a page
        # with charts and of the page added last, and the root, each loaded anew (a new
        # Streamlit session). Every page's URL goes through the same router (st.navigation's
        # url_path), and a full load is seconds of CPU on two cores: tests/app runs every page
        # through that router, tests/e2e/test_accessibility.py opens each in the browser.
        for path, title in [
            ("what-if", "What if"),
            ("history", "History"),
            ("team", "Team"),
            ("", "My SSI"),
        ]:
            tab.goto(f"{fresh.url}/{path}")
            expect(tab.get_by_role("heading", level=1, name=title)).to_be_visible()
            settled(tab)
            expect(pages_nav(tab).get_by_text("My SSI"), path).to_have_count(1)
            expect(sidebar(tab).get_by_role("combobox", name="Language"), path).to_have_count(1)
            expect(tab.get_by_text("Page not found"), path).to_have_count(0)
            if path == "what-if":
                shot(tab, "10-deep-link-what-if")
    finally:
        context.close()
        fresh.stop()
