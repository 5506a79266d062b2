"""The real server in Debian's chromium: start-up to the first rendered page, and peak memory."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from pathlib import Path

from tests.support.live_server import CHROMIUM, CHROMIUM_ARGS, Server

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "server.py"  # what `make run` starts
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"
# Streamlit marks the app element while a script runs; the page is drawn once it is not running
# and its title is on screen.
RENDERED = "[data-testid='stApp'][data-test-script-state='notRunning'] h1"
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
