"""The real server in Debian's chromium: start-up to the first rendered page, and peak memory."""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

from tests.live_server import CHROMIUM, CHROMIUM_ARGS, Server

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"
# Streamlit marks the app element while a script runs; the page is drawn once it is not running
# and its title is on screen.
RENDERED = "[data-testid='stApp'][data-test-script-state='notRunning'] h1"
TIMEOUT_S = 120


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
    """Seconds from `streamlit run` to healthy, and to the first page drawn in the browser."""
    server = Server(db, app, log=log)
    context = None
    try:
        healthy = server.wait_healthy()
        context, tab = _new_tab(browser)
        tab.goto(server.url)
        tab.wait_for_selector(RENDERED)
        rendered = time.perf_counter() - server.started
    finally:
        if context is not None:
            context.close()
        server.stop()
    return {"healthy_s": healthy, "rendered_s": rendered}


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
