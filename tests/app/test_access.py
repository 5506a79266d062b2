"""The hosted app fails closed: broken or incomplete secrets, or a shared database without a
login, serve no page at all, and say what is wrong without showing any secret."""

import pytest
import streamlit as st
from streamlit import config
from streamlit.testing.v1 import AppTest

from ssi_core.store import Store
from tests.app.conftest import APP
from tests.app.test_login import AUTH


@pytest.fixture
def secrets_file(tmp_path):
    """Point the app at a secrets file of the test's own (the way a deployment has one)."""
    path = tmp_path / "secrets.toml"
    saved = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(path)])
    st.secrets._reset()
    yield path
    config.set_option("secrets.files", saved)
    st.secrets._reset()


def run_app(**secrets) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["language"] = "en"
    at.secrets.update(secrets)
    return at.run()


def assert_closed(at: AppTest, *words: str) -> str:
    """No page, no sidebar, no navigation: only the one error."""
    assert not at.exception
    assert not at.selectbox and not at.button and not at.get("metric")
    (error,) = at.error
    for word in words:
        assert word in error.value
    return error.value


def test_a_secrets_file_that_cannot_be_read_closes_the_app(app_db, secrets_file):
    secrets_file.write_text(
        '[auth]\nredirect_uri = "http://x/oauth2callback\ncookie_secret = "s3cr3t'
    )
    message = assert_closed(run_app(), "cannot be read")
    assert "s3cr3t" not in message


def test_a_secrets_file_that_breaks_while_the_app_runs_closes_it(app_db, secrets_file):
    secrets_file.write_text("")
    assert run_app().selectbox  # no [auth], a local file: the single-user app
    secrets_file.write_text("[auth\n")
    st.secrets._reset()  # what Streamlit does when it sees the file change
    assert_closed(run_app(), "cannot be read")


def test_an_empty_auth_section_closes_the_app(app_db, secrets_file):
    secrets_file.write_text("[auth]\n")
    assert_closed(run_app(), "[auth] redirect_uri", "[auth] client_id", "[auth] client_secret")


def test_a_provider_without_its_client_secret_closes_the_app(app_db):
    incomplete = {k: v for k, v in AUTH.items() if k != "client_secret"}
    message = assert_closed(run_app(auth=incomplete), "[auth] client_secret")
    assert AUTH["cookie_secret"] not in message and AUTH["client_id"] not in message


def test_a_named_provider_missing_a_setting_is_named(app_db):
    named = {k: AUTH[k] for k in ("redirect_uri", "cookie_secret")}
    named["google"] = {"client_id": "x", "client_secret": "y"}
    assert_closed(run_app(auth=named), "[auth.google] server_metadata_url")


def test_a_server_database_without_a_login_closes_the_app(app_db, monkeypatch):
    url = "postgresql://ssi:pa55word@db.example.com/ssi"
    message = assert_closed(run_app(connections={"ssi": {"url": url}}), "server database")
    assert "pa55word" not in message and "db.example.com" not in message
    monkeypatch.setenv("SSI_DATABASE_URL", url)
    assert_closed(run_app(), "server database")


def test_sharing_a_server_database_without_a_login_is_an_explicit_choice(app_db, pg_url):
    at = run_app(connections={"ssi": {"url": pg_url}}, ssi={"shared_without_login": True})
    assert not at.exception and not at.error and at.selectbox


def test_a_database_error_names_no_host_user_or_password(app_db, monkeypatch):
    monkeypatch.setattr(Store, "RETRY_SECONDS", 0.2)
    url = "postgresql://ssi_admin:pa55word@127.0.0.1:9/ssi"  # nothing listens on port 9
    at = run_app(connections={"ssi": {"url": url}}, ssi={"shared_without_login": True})
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "cannot be reached" in shown
    for secret in ("ssi_admin", "pa55word", "127.0.0.1", ":9", "postgresql"):
        assert secret not in shown
