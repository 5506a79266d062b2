"""The real server in Debian's chromium: start-up to the first rendered page, switching pages
through the sidebar, and peak memory."""

from __future__ import annotations

import json
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

from tests.support import PAGE_TITLES
from tests.support.live_server import CHROMIUM, CHROMIUM_ARGS, Server

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "server.py"  # what `make run` starts
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"
FRAME_APP = Path(__file__).resolve().parent / "frame_app.py"  # the app with title-only pages
# Streamlit marks the app element while a script runs; the page is drawn once it is not running
# and its title is on screen.
NOT_RUNNING = "[data-testid='stApp'][data-test-script-state='notRunning']"
RENDERED = f"{NOT_RUNNING} h1"
TIMEOUT_S = 120
# The page itself notes the moment it is drawn. Playwright's wait_for_selector polls with a
# growing interval (0, 20, 50, 100, 100, then every 500 ms), so the time it returns is up to half
# a second late, and later for a slow page than for a fast one: it would skew the ratio.
MARK_RENDERED = (
    "(() => { const mark = () => { if (!window.__renderedAt && document.querySelector("
    + json.dumps(RENDERED)
    + ")) window.__renderedAt = Date.now(); };"
    " new MutationObserver(mark).observe(document,"
    " {subtree: true, childList: true, attributes: true}); })();"
)


# A page switch: from the click on a sidebar link (a capturing listener notes it before the
# link's own handler runs) until the page is drawn as above, with the target page's own title
# (the page switched from has another). Both moments are taken by the page, on its own clock.
_HAS_TITLE = (
    "title => !!document.querySelector(" + json.dumps(NOT_RUNNING) + ")"
    " && [...document.querySelectorAll('h1')].some(h => h.textContent.trim() === title)"
)
MARK_SWITCHES = (
    "(() => { window.__switch = null; const hasTitle = " + _HAS_TITLE + ";"
    " const drawn = () => { const s = window.__switch;"
    " if (s && s.clickedAt !== null && s.drawnAt === null && hasTitle(s.title))"
    " s.drawnAt = performance.now(); };"
    " new MutationObserver(drawn).observe(document,"
    " {subtree: true, childList: true, attributes: true, characterData: true});"
    " document.addEventListener('click', () => { const s = window.__switch;"
    " if (s && s.clickedAt === null) s.clickedAt = performance.now(); }, true); })();"
)
# The app's pages in the order the switch visits them (from My SSI, where a session lands): the
# page's URL path (None: My SSI) and the message key of its sidebar link.
_SWITCHED = [
    ("assessment", "nav.assessment"),
    ("what-if", "nav.what_if"),
    ("history", "nav.history"),
    ("import", "nav.import"),
    ("plan", "nav.plan"),
    ("settings", "nav.settings"),
    (None, "nav.overview"),
]
# name, message key of the sidebar link, message key of the page's title.
SWITCH_PAGES = [(url or "overview", link, PAGE_TITLES[url]) for url, link in _SWITCHED]
# The yardstick: two pages with a title each, routed by st.navigation as the app's are.
BARE_PAGES = {"one": "Bare page one", "two": "Bare page two"}
BARE_NAVIGATION = """import streamlit as st

st.navigation(
    [
        st.Page("one.py", title="One", default=True),
        st.Page("two.py", title="Two", url_path="two"),
    ]
).run()
"""


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _new_tab(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_S * 1000)
    return context, tab


def startup(browser, app: Path, db: Path, log: Path) -> dict:
    """Seconds from `streamlit run` to healthy, and to the first page drawn in the browser.

    `waited_s` is when Playwright saw it (what this benchmark reported before it read the page's
    own mark: up to 0.5 s later).
    """
    server = Server(db, app, log=log)
    context = None
    try:
        healthy = server.wait_healthy()
        context, tab = _new_tab(browser)
        tab.add_init_script(MARK_RENDERED)
        tab.goto(server.url)
        tab.wait_for_selector(RENDERED)
        waited = time.perf_counter() - server.started
        rendered = tab.evaluate("window.__renderedAt") / 1000 - server.started_at
    finally:
        if context is not None:
            context.close()
        server.stop()
    return {"healthy_s": healthy, "rendered_s": rendered, "waited_s": waited}


def sessions_memory(browser, db: Path, log: Path, sessions: int = 10) -> dict:
    """Peak resident memory of the server after `sessions` tabs opened My SSI, then History."""
    server = Server(db, APP, log=log)
    contexts = []
    try:
        server.wait_healthy()
        after_start = server.peak_rss_mb()
        for _ in range(sessions):
            context, tab = _new_tab(browser)
            contexts.append(context)
            tab.goto(server.url)
            tab.wait_for_selector(".st-key-overview_ssi")
            tab.wait_for_selector(RENDERED)
            tab.locator("[data-testid='stSidebarNav'] a", has_text="History").first.click()
            tab.locator(".st-key-history_chart").locator("canvas, svg").first.wait_for()
            tab.wait_for_selector(RENDERED)
        memory = server.peak_rss_mb()
    finally:
        for context in contexts:
            context.close()
        server.stop()
    return {
        "sessions": sessions,
        "peak_mb": memory["VmHWM"],
        "rss_mb": memory["VmRSS"],
        "after_start_mb": after_start["VmRSS"],
    }


def write_bare_two_pages(folder: Path) -> Path:
    """The bare two-page app (app.py, one.py, two.py) in `folder`; the path of its app.py."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, title in BARE_PAGES.items():
        (folder / f"{name}.py").write_text(f"import streamlit as st\n\nst.title({title!r})\n")
    (folder / "app.py").write_text(BARE_NAVIGATION)
    return folder / "app.py"


def _open_for_switching(browser, server: Server, title: str):
    """A tab on the server's first page, drawn with `title`, ready to time switches."""
    context, tab = _new_tab(browser)
    tab.add_init_script(MARK_SWITCHES)
    tab.goto(server.url)
    tab.wait_for_function(_HAS_TITLE, arg=title)
    return context, tab


def _switch(tab, link: str, title: str) -> float:
    """Click the sidebar link `link`; milliseconds until the page titled `title` is drawn."""
    tab.evaluate("title => { window.__switch = {title, clickedAt: null, drawnAt: null}; }", title)
    tab.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
    tab.wait_for_function("() => window.__switch.drawnAt !== null", polling=50)
    elapsed = tab.evaluate("() => window.__switch.drawnAt - window.__switch.clickedAt")
    # What the browser still does after the run (a chart drawn, say) must not spill into the
    # next switch's time.
    tab.evaluate("() => new Promise(done => requestIdleCallback(done, {timeout: 2000}))")
    return elapsed


def page_switches(browser, db: Path, workdir: Path, rounds: int) -> dict:
    """Each page of the app reached through its sidebar link, against a bare two-page app.

    One tab on `server.py` (the app on `db`), one on the app's frame with title-only pages
    (bench/frame_app.py, on the same file) and one on the bare app, each server on its own port,
    all running throughout. A round visits every page once, starting from My SSI; after each of
    the app's switches the frame's tab switches to the same page and the bare tab to its other
    page, so the three see the same machine load. The first round is each page's first visit in
    the session; `rounds` more follow, whose median is the page's time. The ratio is the median,
    over those rounds, of each switch against the bare switch of the same step; the frame's
    ratio, worked out the same way, is what a switch costs before the page's own content.
    """
    from ssi_core.i18n import catalogue

    text = catalogue("en")
    app = Server(db, APP, log=workdir / "switch-app.log")
    frame = Server(db, FRAME_APP, log=workdir / "switch-frame.log")
    bare = Server(db, write_bare_two_pages(workdir / "bare-two-pages"), log=workdir / "bare.log")
    servers, contexts = (app, frame, bare), []
    try:
        for server in servers:
            server.wait_healthy()
        tabs = []
        for server, title in (
            (app, text[PAGE_TITLES[None]]),
            (frame, text[PAGE_TITLES[None]]),
            (bare, BARE_PAGES["one"]),
        ):
            context, tab = _open_for_switching(browser, server, title)
            contexts.append(context)
            tabs.append(tab)
        app_tab, frame_tab, bare_tab = tabs
        runs = {name: {"app_ms": [], "frame_ms": [], "bare_ms": []} for name, _, _ in SWITCH_PAGES}
        bare_next = "two"
        for _ in range(rounds + 1):
            for name, link, title in SWITCH_PAGES:
                runs[name]["app_ms"].append(_switch(app_tab, text[link], text[title]))
                runs[name]["frame_ms"].append(_switch(frame_tab, text[link], text[title]))
                runs[name]["bare_ms"].append(
                    _switch(bare_tab, bare_next.capitalize(), BARE_PAGES[bare_next])
                )
                bare_next = "one" if bare_next == "two" else "two"
    finally:
        for context in contexts:
            context.close()
        for server in servers:
            server.stop()
    results = {}
    for name, run in runs.items():
        app_ms, frame_ms, bare_ms = run["app_ms"][1:], run["frame_ms"][1:], run["bare_ms"][1:]
        results[name] = {
            "ms": statistics.median(app_ms),
            "bare_ms": statistics.median(bare_ms),
            "ratio": statistics.median([a / b for a, b in zip(app_ms, bare_ms, strict=True)]),
            "frame_ms": statistics.median(frame_ms),
            "frame_ratio": statistics.median(
                [f / b for f, b in zip(frame_ms, bare_ms, strict=True)]
            ),
            "first_ms": run["app_ms"][0],
            "first_bare_ms": run["bare_ms"][0],
            "app_runs_ms": app_ms,
            "frame_runs_ms": frame_ms,
            "bare_runs_ms": bare_ms,
        }
    return results
