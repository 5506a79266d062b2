"""The hosted app in a real browser: login through a local OpenID Connect provider, two users.

The provider is oidc-provider-mock in a thread on 127.0.0.1; everything (provider, app, the
redirect URI) uses 127.0.0.1, so the login cookie is set for the host the browser opens. The
browser may reach 127.0.0.1 only: the provider's pages link a stylesheet on a CDN. Dave imports
a history, logs out; Erin logs in and sees none of it; Dave logs back in and sees his.
"""

import pytest
from playwright.sync_api import expect

from ssi_core.i18n import t
from tests.e2e.conftest import (
    ONLY_THIS_MACHINE,
    log_in,
    open_page,
    pages_nav,
    shot,
    sidebar,
    upload,
)
from tests.support import ROOT

TRACKER_CSV = ROOT / "tests" / "fixtures" / "e2e" / "tracker.csv"

# The provider (oidc-provider-mock) still uses Authlib's older APIs.
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated")


def log_out(tab) -> None:
    sidebar(tab).get_by_role("button", name="Log out").click()
    tab.get_by_role("button", name="End session").click()  # the provider's logout page
    expect(tab.get_by_role("button", name="Log in")).to_be_visible()


def test_each_user_logs_in_and_sees_only_their_own_history(hosted, page):
    page.route(ONLY_THIS_MACHINE, lambda route: route.abort())
    page.goto(hosted.server.url)
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    expect(pages_nav(page)).to_have_count(0)
    shot(page, "20-login")

    # Dave imports his history.
    log_in(page, "dave")
    open_page(page, "Import", "Import your SSI history")
    upload(page, "SSI file", TRACKER_CSV)
    page.get_by_role("button", name="Save to profile").click()
    expect(page.get_by_text("Saved: 11 new days")).to_be_visible()
    open_page(page, "My SSI", "My SSI")
    expect(page.locator(".st-key-overview_ssi").get_by_text("72")).to_be_visible()
    shot(page, "21-dave-overview")
    log_out(page)

    # Erin sees none of it: the welcome, an empty history, no past imports.
    log_in(page, "erin")
    expect(page.get_by_text("Welcome to SSI Coach")).to_be_visible()
    expect(page.locator(".st-key-overview_ssi")).to_have_count(0)
    open_page(page, "History", "History")
    expect(page.get_by_text("No measured SSI yet")).to_be_visible()  # History, drawn for Erin
    expect(page.locator(".st-key-history_chart")).to_have_count(0)
    open_page(page, "Import", "Import your SSI history")
    # Past imports are a canvas table: the file name is not page text, the empty caption is.
    expect(page.get_by_text("No imports yet.")).to_be_visible()
    shot(page, "22-erin-import")
    log_out(page)

    # Dave, back again, picks Spanish on the login screen: the app he returns to is in Spanish
    # (the browser remembers the choice across the provider's redirect), with his history.
    page.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="Español", exact=True).click()
    # The page's script that sets the language (and the cookie) has run.
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("button", name=t("auth.login", "es")).click()
    page.get_by_role("button", name="dave", exact=True).click()
    expect(page.get_by_text(t("auth.logged_in_as", "es", user="dave@example.com"))).to_be_visible()
    expect(page.locator(".st-key-overview_ssi").get_by_text("72")).to_be_visible()
