"""Real-browser fixtures: the real server on a free port, Debian's chromium through Playwright.

Each server gets its own database file; tests wait on what the user sees, never on sleeps.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support import ROOT
from tests.support.live_server import CHROMIUM, CHROMIUM_ARGS, Server, free_port

ARTIFACTS = ROOT / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def server(tmp_path):
    srv = Server(tmp_path / "e2e.duckdb")
    srv.wait_healthy()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def shot(tab, name: str) -> Path:
    """Keep a full-page screenshot as a test artefact (test-artifacts/NAME.png)."""
    wait_idle(tab)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


def wait_idle(tab) -> None:
    """Wait until Streamlit has finished running the script (the status widget is gone)."""
    tab.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000
    )


__all__ = ["Server", "free_port", "shot", "wait_idle"]
