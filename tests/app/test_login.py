"""Login and privacy through the real app: [auth] in the secrets, two users on one database.

AppTest plays the identity provider's part: `at.user` is what st.user says after a login.
"""

import tomllib
from datetime import date, timedelta

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ssi_core.store import Store
from tests.app.conftest import APP, open_page
from tests.support import ROOT

TRACKER_CSV = ROOT / "tests" / "fixtures" / "e2e" / "tracker.csv"
ISSUER = "https://id.example.com"
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-long-random-test-secret-of-48-characters-00000",
    "client_id": "ssi-coach",
    "client_secret": "test-only",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
ALICE = {"is_logged_in": True, "iss": ISSUER, "sub": "alice-1", "email": "alice@example.com"}
BOB = {"is_logged_in": True, "iss": ISSUER, "sub": "bob-2", "email": "bob@example.com"}


def owner_of(user: dict) -> str:
    return f"{user['iss']}#{user['sub']}"


def session(user: dict | None, **secrets) -> AppTest:
    """A new browser session of the hosted app, logged in as `user` (None: logged out)."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["language"] = "en"
    at.secrets["auth"] = AUTH
    at.secrets.update(secrets)
    at.user = dict(user) if user else {"is_logged_in": False}
    return at


def seventy_two(store: Store, profile: str = "default") -> None:
    days = [date.today() - timedelta(days=n) for n in range(14, -1, -1)]
    store.import_snapshots(
        profile,
        pd.DataFrame({"date": days, "ssi": [58.0 + n for n in range(15)], "industry_ssi": 22.0}),
        file_name="alice.csv",
        sha256="alice",
    )


def texts(at: AppTest) -> str:
    parts = [*at.markdown, *at.caption, *at.title, *at.error, *at.info, *at.get("metric")]
    return "\n".join(str(getattr(p, "value", "")) for p in parts)


def shown(at: AppTest) -> str:
    """The page's words, metrics and tables."""
    return texts(at) + "\n".join(d.value.to_string() for d in at.dataframe)


def test_a_logged_out_visitor_sees_only_the_login_button(app_db):
    at = session(None).run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Log in"]
    # No profile picker: the only choice before login is the language.
    assert [s.key for s in at.selectbox] == ["language_picker"] and "Logged in" not in texts(at)
    # A deep link runs the page file first: it too shows nothing but the login.
    deep = AppTest.from_file(str(ROOT / "pages" / "history.py"), default_timeout=30)
    deep.secrets["auth"], deep.user = AUTH, {"is_logged_in": False}
    deep.run()
    assert [b.label for b in deep.button] == ["Log in"]
    assert [s.key for s in deep.selectbox] == ["language_picker"]


def test_named_providers_get_a_button_each(app_db):
    named = {k: AUTH[k] for k in ("redirect_uri", "cookie_secret")}
    named["google"] = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    named["okta"] = dict(named["google"])
    at = session(None)
    at.secrets["auth"] = named
    at.run()
    assert [b.label for b in at.button] == ["Log in with Google", "Log in with Okta"]


@pytest.mark.parametrize("secret", [None, "short"])
def test_a_missing_or_weak_cookie_secret_stops_the_app(app_db, secret):
    at = session(ALICE)
    at.secrets["auth"] = {k: v for k, v in AUTH.items() if k != "cookie_secret"}
    if secret:
        at.secrets["auth"]["cookie_secret"] = secret
    at.run()
    assert not at.exception and not at.button and not at.selectbox
    assert "cookie_secret" in at.error[0].value and "32 characters" in at.error[0].value


def test_each_user_sees_only_their_own_profiles_on_every_page(app_db):
    seventy_two(Store(app_db, owner=owner_of(ALICE)))
    Store(app_db, owner=owner_of(ALICE)).ensure_profile("Ana")

    alice = session(ALICE).run()
    assert "72 / 100" in alice.get("metric")[0].value
    assert "Logged in as alice@example.com" in texts(alice)
    assert alice.selectbox(key="profile_picker").options == ["default", "Ana"]
    assert "alice.csv" in shown(open_page(alice, "import"))

    bob = session(BOB).run()
    assert "Logged in as bob@example.com" in texts(bob)
    assert bob.selectbox(key="profile_picker").options == ["default"]
    assert not bob.get("metric") and "Welcome" in texts(bob)
    for page in ("history", "import", "settings"):
        open_page(bob, page)
        assert "alice.csv" not in shown(bob) and "72.0" not in shown(bob)
    # Alice's other profile named in the URL opens an empty profile of Bob's, nothing of hers.
    bob = session(BOB)
    bob.query_params["profile"] = "Ana"
    bob.run()
    assert bob.session_state["profile"] == "Ana" and not bob.get("metric")

    # Bob's writes land in his own profiles.
    bob = session(BOB).run()
    bob.button(key="open_demo").click().run()
    assert [p.name for p in Store(app_db, owner=owner_of(BOB)).profiles()] == ["Demo"]
    assert [p.name for p in Store(app_db, owner=owner_of(ALICE)).profiles()] == ["default", "Ana"]


def test_logging_out_shows_the_login_screen_again(app_db):
    at = session(ALICE).run()
    at.button(key="logout").click().run()
    assert at.user == {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Log in"]
    assert [s.key for s in at.selectbox] == ["language_picker"]


def test_without_auth_the_app_is_the_local_single_user_app(app, app_db):
    seventy_two(Store(app_db))  # the owner "local"
    app.run()
    assert "72 / 100" in app.get("metric")[0].value
    assert not any(b.key == "logout" for b in app.button)


def test_the_hosted_app_takes_its_database_from_the_secrets(app_db, pg_url):
    seventy_two(Store(pg_url, owner=owner_of(ALICE)))
    alice = session(ALICE, connections={"ssi": {"url": pg_url}}).run()
    assert "72 / 100" in alice.get("metric")[0].value
    assert Store(app_db, owner=owner_of(ALICE)).profiles() == []  # nothing in the local file


def test_the_secrets_example_documents_every_setting_and_needs_a_real_cookie_secret(app_db):
    example = tomllib.loads((ROOT / ".streamlit" / "secrets.toml.example").read_text("utf-8"))
    assert set(example["auth"]) >= {*AUTH} and example["connections"]["ssi"]["url"]
    at = session(ALICE)
    at.secrets["auth"] = example["auth"]  # copied unchanged: no cookie secret yet
    at.run()
    assert "cookie_secret" in at.error[0].value and not at.selectbox


def test_the_chosen_language_stays_through_a_screen_without_the_picker(app_db):
    """The language is the session's, not the picker's: a run that draws no picker (here the
    screen for a login without an identity) keeps it."""
    at = session(ALICE).run()
    at.selectbox(key="language_picker").set_value("es").run()
    assert at.title[0].value == "Mi SSI"
    at.user = {"is_logged_in": True, "email": "alice@example.com"}  # no issuer, no subject
    at.run()
    assert not at.selectbox and not at.get("metric")
    at.user = dict(ALICE)
    at.run()
    assert at.title[0].value == "Mi SSI"
    assert at.selectbox(key="language_picker").value == "es"


def test_an_upload_under_a_login_is_stored_for_that_user_only(app_db):
    alice = open_page(session(ALICE).run(), "import")
    alice.file_uploader(key="import_file").set_value(
        ("tracker.csv", TRACKER_CSV.read_bytes(), "text/csv")
    ).run()
    alice.button(key="import_confirm").click().run()
    assert any("Saved: 11 new days" in s.value for s in alice.success)
    assert len(Store(app_db, owner=owner_of(ALICE)).snapshots("default")) == 11
    assert Store(app_db, owner=owner_of(BOB)).profiles() == []
    assert Store(app_db).profiles() == []  # nor the local app's owner
