"""Accessibility in the real browser: axe-core on every page in every language, with data and
empty, and the main journey done with the keyboard alone.

On the browser suite's shared local server: one profile with six months of days and an
assessment (with data), one with nothing (empty). One browser page walks the pages through the
sidebar's links, so each language is chosen once per profile and axe is loaded once per document.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, FileChooser, Locator, Page, expect

from ssi_app.navigation import PAGES
from ssi_core.demo import demo_history
from ssi_core.estimate import estimate
from ssi_core.i18n import LANGUAGES, t
from ssi_core.questionnaire import load_questionnaire
from ssi_core.store import Store
from tests.e2e.conftest import TIMEOUT_MS, metric_value, pages_nav, settled, sidebar
from tests.support import PAGE_TITLES, ROOT
from tests.support.live_server import Server

TRACKER_CSV = ROOT / "tests" / "fixtures" / "e2e" / "tracker.csv"
FILLED = "Filled"  # the profile with data
EMPTY = "Empty"  # a profile with nothing

# axe's WCAG 2.2 A and AA rules (its best practices, such as heading order, cost a third more time
# and none of them is serious). The colours of a page do not depend on its language: contrast,
# the slowest rule by far, is checked in English and left out in the other languages.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FIRST_LANGUAGE = "en"
# What fails the test: WCAG failures that hurt (axe's "serious" and "critical").
FAILING = {"serious", "critical"}
# Violations that come from Streamlit's own components, which the app cannot change: rule ->
# (the component, as a CSS selector around the failing element, and why). They do not fail the
# test, and each one met is reported as a warning in the test output.
STREAMLIT_OWNED: dict[str, tuple[str, str]] = {
    "target-size": (
        "[data-testid=stDateInput]",
        "st.date_input's day, month and year fields are 18 px wide, under WCAG 2.2's 24 px",
    ),
}
# The page is drawn: the script run is over, no widget waits for its code (Streamlit loads it on
# first use and shows a placeholder), and Vega has drawn every chart (it labels the container).
READY = (
    "[data-testid=stApp][data-test-script-state=notRunning]"
    ":not(:has([data-testid=stSkeleton])):not(:has(.stVegaLiteChart:not([role])))"
)
# Runs axe, then marks each failing element that sits inside a component of STREAMLIT_OWNED.
AXE_RUN = """async ([context, options, owned]) => {
    const result = await axe.run(context, options);
    for (const violation of result.violations) {
        for (const node of violation.nodes) {
            const element = document.querySelector(node.target[0]);
            const around = owned[violation.id];
            node.streamlit = Boolean(around && element && element.closest(around));
        }
    }
    return result.violations;
}"""


@pytest.fixture(scope="module")
def app_server(server: Server) -> Server:
    """The shared local server, with a profile of six months of days and an assessment (FILLED);
    EMPTY has nothing."""
    store = Store.open(server.db)
    store.import_snapshots(FILLED, demo_history())
    questionnaire = load_questionnaire()
    answers = {
        q.id: q.option_values()[0] if q.kind == "choice" else q.min
        for q in questionnaire.questions
        if q.kind != "bool"
    }
    answers |= {q.id: True for q in questionnaire.questions if q.kind == "bool"}
    store.save_assessment(
        FILLED, answers, estimate(answers, questionnaire).pillars, questionnaire.version
    )
    store.close()
    return server


@pytest.fixture(scope="module")
def browser_tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def tab(browser_tab: Page) -> Page:
    """The module's browser page (axe is loaded once per document), without the language an
    earlier test picked: the browser remembers a picked language in a cookie."""
    browser_tab.context.clear_cookies()
    return browser_tab


# --- axe ----------------------------------------------------------------------------------------


def audit(page: Page, lang: str, sidebar_too: bool) -> list[dict]:
    """axe's violations on the page as it is (axe is loaded into the document once). The sidebar
    is the same on every page: `sidebar_too` once per language."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(Axe().axe_script)
    context = {"exclude": []} if sidebar_too else {"exclude": [["[data-testid=stSidebar]"]]}
    options: dict = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": WCAG}}
    if lang != FIRST_LANGUAGE:
        options["rules"] = {"color-contrast": {"enabled": False}}
    owned = {rule: around for rule, (around, _why) in STREAMLIT_OWNED.items()}
    return page.evaluate(AXE_RUN, [context, options, owned])


def choose_language(page: Page, lang: str) -> None:
    """Pick the language in the sidebar (labelled in the language being left)."""
    picker = sidebar(page).get_by_role("combobox").first
    picker.click()
    page.get_by_role("option", name=LANGUAGES[lang], exact=True).click()
    expect(pages_nav(page).get_by_role("link", name=t("nav.overview", lang))).to_be_visible()
    settled(page)


def open_by_link(page: Page, index: int, lang: str) -> None:
    """Follow the sidebar's link to the page, and wait for its heading, then for the end of its
    run, its widgets and its charts in one expect (each expect polls at growing intervals).

    The page already open is not clicked again: that click starts a new run while the heading and
    the "not running" state of the last one are still there, so the waits would pass at once and
    axe would measure the page while Streamlit fades it (a third of its opacity, half a second into
    a run), reporting contrast failures that no user sees on a page at rest."""
    _path, nav, _icon, url = PAGES[index]
    if urlsplit(page.url).path.strip("/") != (url or ""):
        pages_nav(page).get_by_role("link", name=t(nav, lang), exact=True).click()
    expect(page.get_by_role("heading", level=1, name=t(PAGE_TITLES[url], lang))).to_be_visible()
    expect(page.locator(READY)).to_be_attached()


def check_every_page(page: Page, url: str, state: str) -> None:
    page.goto(url)
    expect(pages_nav(page)).to_be_visible()
    settled(page)
    failures, noted = [], {}
    for lang in LANGUAGES:
        choose_language(page, lang)
        for index in range(len(PAGES)):
            open_by_link(page, index, lang)
            where = f"{state}, {lang}, {PAGES[index][3] or 'overview'}"
            for violation in audit(page, lang, sidebar_too=index == 0):
                rule, impact = violation["id"], violation["impact"]
                ours = [node for node in violation["nodes"] if not node["streamlit"]]
                if len(ours) < len(violation["nodes"]):
                    noted.setdefault(f"{rule}: {STREAMLIT_OWNED[rule][1]}", set()).add(where)
                if ours and impact in FAILING:
                    targets = [node["target"] for node in ours][:3]
                    failures.append(f"{where}: {rule} ({impact}) {violation['help']} at {targets}")
                elif ours:
                    noted.setdefault(f"{rule} ({impact}): {violation['help']}", set()).add(where)
    for what, views in noted.items():
        warnings.warn(f"axe, not failing: {what} [{len(views)} page views]", stacklevel=2)
    assert not failures, "\n".join(failures)


def test_no_serious_violation_on_any_page_in_any_language_with_data(app_server, tab):
    check_every_page(tab, f"{app_server.url}/?profile={FILLED}", "with data")


def test_no_serious_violation_on_any_page_in_any_language_when_empty(app_server, tab):
    check_every_page(tab, f"{app_server.url}/?profile={EMPTY}", "empty")


# --- the keyboard alone -------------------------------------------------------------------------


def tab_to(page: Page, target: Locator, limit: int = 120) -> None:
    """Press Tab until `target` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} never got the focus in {limit} presses of Tab")


def skip_to_main(page: Page) -> None:
    """Once the page is drawn: Tab to Streamlit's "Skip to main content" link (the page's first
    stop) and follow it."""
    expect(page.locator(READY)).to_be_attached()
    tab_to(page, page.get_by_role("link", name="Skip to main content"))
    page.keyboard.press("Enter")


def intercept_file_choosers(page: Page) -> None:
    """Keep Playwright's file-chooser interception on for the whole test. Playwright turns it on
    with a page's first "filechooser" listener, in a message it does not wait for; a listener added
    only around the Enter can lose that race, and then the browser's own dialog opens instead,
    stays open in a headless browser and blocks every later chooser. One listener kept from the
    start, and a round trip to the page after it, make the interception certain long before."""
    page.on("filechooser", lambda chooser: None)
    page.evaluate("1")


def open_file_chooser_with_enter(page: Page, button: Locator) -> FileChooser:
    """Tab to the uploader's button and press Enter, as a user would."""
    tab_to(page, button)
    expect(button).to_be_focused()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    return chooser.value


def test_the_questionnaire_and_an_import_with_the_keyboard_alone(app_server, tab):
    profile = "Keyboard"
    intercept_file_choosers(tab)
    tab.goto(f"{app_server.url}/assessment?profile={profile}")
    expect(tab.get_by_role("heading", level=1, name="Self-assessment")).to_be_visible()
    settled(tab)
    skip_to_main(tab)

    # Answer two questions: Tab to each, Space to tick it; the estimate follows each answer.
    estimated = metric_value(tab, "Estimated SSI")
    for label in ("recent, professional photo", "headline says who I help"):
        box = tab.get_by_role("checkbox", name=label)
        tab_to(tab, box)
        shown = estimated.inner_text()
        tab.keyboard.press("Space")
        expect(box).to_be_checked()
        expect(estimated).not_to_have_text(shown)
        expect(tab.locator(READY)).to_be_attached()
    save = tab.get_by_role("button", name="Save this assessment")
    tab_to(tab, save)
    tab.keyboard.press("Enter")
    expect(tab.get_by_text("Assessment saved")).to_be_visible()

    # Import a file: Tab to Import's link in the sidebar, Enter; the uploader's button opens the
    # file chooser from the keyboard.
    to_import = pages_nav(tab).get_by_role("link", name="Import", exact=True)
    tab_to(tab, to_import)
    tab.keyboard.press("Enter")
    expect(tab.get_by_role("heading", level=1, name="Import your SSI history")).to_be_visible()
    settled(tab)
    skip_to_main(tab)
    upload = tab.get_by_role("region", name="SSI file").get_by_role(
        "button", name="Upload", exact=True
    )
    chooser = open_file_chooser_with_enter(tab, upload)
    chooser.set_files(str(TRACKER_CSV))
    confirm = tab.get_by_role("button", name="Save to profile")
    expect(confirm).to_be_visible()
    expect(tab.locator(READY)).to_be_attached()
    tab_to(tab, confirm)
    tab.keyboard.press("Enter")
    expect(tab.get_by_text("Saved: 11 new days")).to_be_visible()
