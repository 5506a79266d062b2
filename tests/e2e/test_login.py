"""The hosted app in a real browser: login through a local OpenID Connect provider, two users.

The provider is oidc-provider-mock in a thread on 127.0.0.1; everything (provider, app, the
redirect URI) uses 127.0.0.1, so the login cookie is set for the host the browser opens. The
browser may reach 127.0.0.1 only: the provider's pages link a stylesheet on a CDN.
"""

import re
import threading
import warnings

import pytest
import werkzeug.serving
from playwright.sync_api import expect

from tests.e2e.conftest import open_page, pages_nav, settled, shot, sidebar, upload
from tests.support import ROOT, free_port
from tests.support.live_server import Server

TRACKER_CSV = ROOT / "tests" / "fixtures" / "e2e" / "tracker.csv"
ONLY_THIS_MACHINE = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")
# The provider (oidc-provider-mock) still uses Authlib's older APIs.
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated")


@pytest.fixture
def oidc_provider(monkeypatch):
    """A local OIDC provider that knows alice and bob; its URL (the issuer)."""
    with warnings.catch_warnings():  # it imports Authlib's older modules, which warn
        from authlib.deprecate import AuthlibDeprecationWarning

        warnings.simplefilter("ignore", AuthlibDeprecationWarning)
        from oidc_provider_mock import User, app

    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on 127.0.0.1
    users = [
        User(sub="alice", claims={"email": "alice@example.com", "name": "Alice"}),
        User(sub="bob", claims={"email": "bob@example.com", "name": "Bob"}),
    ]
    server = werkzeug.serving.make_server(
        "127.0.0.1", free_port(), app(user_claims=users), threaded=True
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def hosted(tmp_path, oidc_provider):
    """The app with [auth] in its own secrets file (none of the developer's secrets apply)."""
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "e2e-cookie-secret-that-is-long-enough-0123456789"
client_id = "ssi-coach"
client_secret = "e2e-only"
server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"
""",
        encoding="utf-8",
    )
    env = {"STREAMLIT_SECRETS_FILES": str(secrets), "AUTHLIB_INSECURE_TRANSPORT": "1"}
    server = Server(tmp_path / "hosted.duckdb", env=env, port=port)
    server.wait_healthy()
    yield server
    server.stop()


def log_in(tab, user: str) -> None:
    """From the app's login screen, through the provider, back into the app."""
    tab.get_by_role("button", name="Log in").click()
    tab.get_by_role("button", name=user, exact=True).click()  # the provider's one-click user
    expect(tab.get_by_text(f"Logged in as {user}@example.com")).to_be_visible()
    settled(tab)


def log_out(tab) -> None:
    sidebar(tab).get_by_role("button", name="Log out").click()
    tab.get_by_role("button", name="End session").click()  # the provider's logout page
    expect(tab.get_by_role("button", name="Log in")).to_be_visible()


def test_each_user_logs_in_and_sees_only_their_own_history(hosted, page):
    page.route(ONLY_THIS_MACHINE, lambda route: route.abort())
    page.goto(hosted.url)
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    expect(pages_nav(page)).to_have_count(0)
    shot(page, "20-login")

    # Alice imports her history.
    log_in(page, "alice")
    open_page(page, "Import", "Import your SSI history")
    upload(page, "SSI file", TRACKER_CSV)
    page.get_by_role("button", name="Save to profile").click()
    expect(page.get_by_text("Saved: 11 new days")).to_be_visible()
    open_page(page, "My SSI", "My SSI")
    expect(page.locator(".st-key-overview_ssi").get_by_text("72")).to_be_visible()
    shot(page, "21-alice-overview")
    log_out(page)

    # Bob sees none of it: the welcome, an empty history, no past imports.
    log_in(page, "bob")
    expect(page.get_by_text("Welcome to SSI Coach")).to_be_visible()
    expect(page.locator(".st-key-overview_ssi")).to_have_count(0)
    open_page(page, "History", "History")
    expect(page.get_by_text("No measured SSI yet")).to_be_visible()  # History, drawn for Bob
    expect(page.locator(".st-key-history_chart")).to_have_count(0)
    open_page(page, "Import", "Import your SSI history")
    # Past imports are a canvas table: the file name is not page text, the empty caption is.
    expect(page.get_by_text("No imports yet.")).to_be_visible()
    shot(page, "22-bob-import")
    log_out(page)

    # Alice, back again, finds her history.
    log_in(page, "alice")
    expect(page.locator(".st-key-overview_ssi").get_by_text("72")).to_be_visible()
