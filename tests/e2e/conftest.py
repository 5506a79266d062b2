"""Real-browser fixtures and the moves every journey makes: the real server on a free port,
Debian's chromium through Playwright.

Each server gets its own database file. The local journeys share one server (`server`), each in a
profile of its own (`?profile=NAME`, never the default one), so none depends on another having
run or not: a server's start costs seconds of CPU, and the suite runs on two cores.

Widgets are found by their role and label, as a user or a screen reader finds them (Streamlit's
`.st-key-<key>` classes only narrow a search), and every wait is a retrying `expect(...)` on what
the page shows, never a sleep or a fixed wait.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support import ROOT, free_port
from tests.support.live_server import CHROMIUM, CHROMIUM_ARGS, Server, running

ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT_MS = 30_000
# The browser may reach 127.0.0.1 only (the provider's pages link a stylesheet on a CDN).
ONLY_THIS_MACHINE = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")
# A first script run on a busy two-core machine can take seconds: every expect waits this long.
expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def own_server(tmp_path):
    """A local app of the test's own, for a journey that must meet no other profile: once, under
    load, a new session's first page switch on the shared server landed on another profile (see
    the new-user journey)."""
    with running(tmp_path / "e2e.duckdb") as srv:
        yield srv


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The local app (no login), shared by the local journeys; each uses a profile of its own."""
    with running(tmp_path_factory.mktemp("local") / "e2e.duckdb") as srv:
        yield srv


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
    tab.set_default_timeout(TIMEOUT_MS)
    yield tab
    context.close()


# --- the hosted app: a local OpenID Connect provider and [auth] ---------------------------------


@contextmanager
def oidc_provider(names: list[str]) -> Iterator[str]:
    """oidc-provider-mock in a thread on 127.0.0.1, knowing `names` (NAME@example.com); yields its
    URL (the issuer). Callers set AUTHLIB_INSECURE_TRANSPORT=1 (plain http on 127.0.0.1)."""
    import werkzeug.serving

    with warnings.catch_warnings():  # it imports Authlib's older modules, which warn
        from authlib.deprecate import AuthlibDeprecationWarning

        warnings.simplefilter("ignore", AuthlibDeprecationWarning)
        from oidc_provider_mock import User, app

    users = [
        User(sub=name, claims={"email": f"{name}@example.com", "name": name.title()})
        for name in names
    ]
    server = werkzeug.serving.make_server(
        "127.0.0.1", free_port(), app(user_claims=users), threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@contextmanager
def hosted_server(folder: Path, provider: str) -> Iterator[Server]:
    """The app with [auth] in its own secrets file (none of the developer's secrets apply),
    started and healthy, stopped when the block ends; its database is folder/hosted.duckdb."""
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "e2e-cookie-secret-that-is-long-enough-0123456789"
client_id = "ssi-coach"
client_secret = "e2e-only"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""",
        encoding="utf-8",
    )
    env = {"STREAMLIT_SECRETS_FILES": str(secrets), "AUTHLIB_INSECURE_TRANSPORT": "1"}
    with running(folder / "hosted.duckdb", env=env, port=port) as server:
        yield server


class Hosted(NamedTuple):
    server: Server
    provider: str  # the provider's URL, its issuer: a user's store owner is f"{provider}#{name}"

    def owner(self, name: str) -> str:
        return f"{self.provider}#{name}"


# The hosted journeys' users; each journey has users of its own.
HOSTED_USERS = ["alice", "bob", "carol", "dave", "erin"]


@pytest.fixture(scope="session")
def hosted(tmp_path_factory) -> Iterator[Hosted]:
    """The hosted app and a local OpenID provider that knows HOSTED_USERS, shared by the hosted
    journeys (a server's start costs seconds of CPU). Both, and AUTHLIB_INSECURE_TRANSPORT in
    this process (plain http to the provider on 127.0.0.1), last until the worker's tests end."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on 127.0.0.1
        with oidc_provider(HOSTED_USERS) as provider:
            with hosted_server(tmp_path_factory.mktemp("hosted"), provider) as server:
                yield Hosted(server, provider)


def log_in(tab: Page, user: str) -> None:
    """From the app's login screen, through the provider, back into the app."""
    tab.get_by_role("button", name="Log in").click()
    tab.get_by_role("button", name=user, exact=True).click()  # the provider's one-click user
    expect(tab.get_by_text(f"Logged in as {user}@example.com")).to_be_visible()
    settled(tab)


# --- where things are ----------------------------------------------------------------------------


def sidebar(tab: Page) -> Locator:
    return tab.get_by_test_id("stSidebar")


def pages_nav(tab: Page) -> Locator:
    """The sidebar's list of pages (st.navigation)."""
    return tab.get_by_test_id("stSidebarNav")


def metric_value(scope: Page | Locator, label: str) -> Locator:
    """The value of the st.metric whose label is `label`."""
    return scope.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


# --- what a user does ----------------------------------------------------------------------------


def settled(tab: Page) -> None:
    """Wait until Streamlit has finished running the script (its status says not running).

    Only meaningful once something the run draws is on screen: right after a click the status
    still says "not running" from the run before, until the server answers.
    """
    expect(tab.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def open_app(tab: Page, url: str) -> None:
    """Load the app at `url` and wait for its first script run to end."""
    tab.goto(url)
    expect(pages_nav(tab)).to_be_visible()  # drawn by the first run, which has started
    settled(tab)


def open_page(tab: Page, link: str, title: str) -> None:
    """Click the page's link in the sidebar; wait until the page's own title is drawn and the
    run is over."""
    pages_nav(tab).get_by_role("link", name=link, exact=True).click()
    expect(tab.get_by_role("heading", level=1, name=title, exact=True)).to_be_visible()
    settled(tab)


def tick(checkbox: Locator) -> None:
    """Tick an unticked checkbox from the keyboard (Streamlit's input sits under its label, which
    takes the pointer's clicks)."""
    expect(checkbox).not_to_be_checked()
    checkbox.press("Space")
    expect(checkbox).to_be_checked()


def upload(tab: Page, uploader: str, path: Path) -> None:
    """Choose `path` in the file uploader labelled `uploader`, through its Upload button."""
    area = tab.get_by_role("region", name=uploader)
    with tab.expect_file_chooser() as chooser:
        area.get_by_role("button", name="Upload", exact=True).click()
    chooser.value.set_files(str(path))
    expect(area.get_by_text(path.name)).to_be_visible()


def shot(tab: Page, name: str) -> Path | None:
    """With SSI_E2E_SHOTS=1, keep a full-page screenshot as a test artefact
    (test-artifacts/NAME.png). Off by default: a full-page screenshot costs the suite about a
    second of CPU on two cores, and nothing reads them unless someone asked for them."""
    if os.environ.get("SSI_E2E_SHOTS") != "1":
        return None
    settled(tab)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
