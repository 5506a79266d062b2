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

from tests.e2e.conftest import Server, free_port, shot, wait_idle
from tests.support import ROOT

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
    tab.get_by_text(f"Logged in as {user}@example.com").wait_for()
    wait_idle(tab)


def log_out(tab) -> None:
    tab.locator(".st-key-logout button").click()
    tab.get_by_role("button", name="End session").click()  # the provider's logout page
    tab.get_by_role("button", name="Log in").wait_for()


def nav(tab, label: str) -> None:
    tab.locator("[data-testid='stSidebarNav'] a", has_text=label).first.click()
    wait_idle(tab)


def test_each_user_logs_in_and_sees_only_their_own_history(hosted, page):
    page.route(ONLY_THIS_MACHINE, lambda route: route.abort())
    page.goto(hosted.url)
    page.get_by_role("button", name="Log in").wait_for()
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    shot(page, "20-login")

    # Alice imports her history.
    log_in(page, "alice")
    nav(page, "Import")
    page.locator(".st-key-import_file input[type='file']").set_input_files(str(TRACKER_CSV))
    page.locator(".st-key-import_confirm button").click()
    page.get_by_text("Saved: 11 new days").wait_for()
    nav(page, "My SSI")
    page.locator(".st-key-overview_ssi").get_by_text("72").wait_for()
    shot(page, "21-alice-overview")
    log_out(page)

    # Bob sees none of it: the welcome, an empty history, no past imports.
    log_in(page, "bob")
    page.get_by_text("Welcome to SSI Coach").wait_for()
    assert page.locator(".st-key-overview_ssi").count() == 0
    nav(page, "History")
    page.get_by_text("No measured SSI yet").wait_for()  # the History page, drawn for Bob
    assert page.locator(".st-key-history_chart").count() == 0
    nav(page, "Import")
    # Past imports are a canvas table: the file name is not page text, the empty caption is.
    page.get_by_text("No imports yet.").wait_for()
    shot(page, "22-bob-import")
    log_out(page)

    # Alice, back again, finds her history.
    log_in(page, "alice")
    page.locator(".st-key-overview_ssi").get_by_text("72").wait_for()
