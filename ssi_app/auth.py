"""Login, when [auth] is configured in the secrets: who the user is, and nothing before login.

Without [auth] the app is the single local user's. With it, every page needs a login and the
owner of the data is the user's OIDC issuer and subject.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from typing import NoReturn

import streamlit as st
from streamlit import config

from ssi_app.session import language_picker, mark_document_language, once_per_run, tr
from ssi_core.errors import SSIError
from ssi_core.store import LOCAL_OWNER, is_database_url, resolve_db

log = logging.getLogger("ssi_coach")

# Streamlit signs the identity cookie with it; a short one can be guessed.
COOKIE_SECRET_MIN_LENGTH = 32
# What Streamlit's login needs of a provider, and of [auth] itself.
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
AUTH_KEYS = ("redirect_uri",)  # cookie_secret: checked for its length below


class BrokenSecrets(Exception):
    """A secrets file exists but cannot be read: the app must not guess what it said."""


def _all_secrets() -> dict:
    """Every secret, or {} when no secrets file exists; BrokenSecrets when one cannot be read.

    Streamlit answers a missing file and an unreadable one with the same error; telling them
    apart matters: an unreadable file may be the one that turns the login on.
    """
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:
        paths = config.get_option("secrets.files") or []
        if any(os.path.exists(path) for path in paths):
            log.exception("the secrets file cannot be read")
            raise BrokenSecrets from None
        return {}


def secrets(section: str) -> dict:
    """A section of the secrets (.streamlit/secrets.toml), or {} without it; read once a run."""
    value = once_per_run("secrets", _all_secrets).get(section)
    return dict(value) if isinstance(value, Mapping) else {}


def access_problem() -> tuple[str, dict] | None:
    """Why no page may be served, as a message key and its values, or None when all is well.

    The app fails closed: secrets that cannot be read, an [auth] section that Streamlit's login
    cannot use, or a server database shared without a login all stop it, with a message that
    names the problem and never a secret's value.
    """
    try:
        once_per_run("secrets", _all_secrets)
    except BrokenSecrets:
        return "access.broken_secrets", {}
    if "auth" in once_per_run("secrets", _all_secrets):
        missing = _missing_auth_settings(secrets("auth"))
        if missing:
            return "access.incomplete_auth", {"missing": ", ".join(missing)}
        return None
    if is_database_url(database_url() or resolve_db()) and not _shared_without_login():
        return "access.server_database_without_login", {}
    return None


def _missing_auth_settings(settings: dict) -> list[str]:
    """The [auth] settings Streamlit's login needs that are missing or empty."""
    missing = [f"[auth] {key}" for key in AUTH_KEYS if not str(settings.get(key) or "").strip()]
    # A sub-table is a provider of its own ([auth.google]), but for the provider's options.
    named = {n: v for n, v in settings.items() if isinstance(v, Mapping) and n != "client_kwargs"}
    providers = dict(named)
    if any(key in settings for key in PROVIDER_KEYS) or not named:
        providers[""] = settings
    for name, provider in providers.items():
        section = f"[auth.{name}]" if name else "[auth]"
        missing += [
            f"{section} {key}" for key in PROVIDER_KEYS if not str(provider.get(key) or "").strip()
        ]
    return missing


def _shared_without_login() -> bool:
    """[ssi] shared_without_login = true: everyone who reaches the app shares one set of data."""
    return secrets("ssi").get("shared_without_login") is True


def database_url() -> str | None:
    """[connections.ssi] url; without it Store.open uses $SSI_DATABASE_URL, $SSI_DB or the file."""
    ssi = secrets("connections").get("ssi")
    url = ssi.get("url") if isinstance(ssi, Mapping) else None
    return str(url) if url else None


def login_configured() -> bool:
    """True when [auth] is in the secrets (and, then, every page needs a login)."""
    try:
        return "auth" in once_per_run("secrets", _all_secrets)
    except BrokenSecrets:
        return True  # unreadable secrets may have said so: never fall back to the local user


def owner() -> str:
    """Whose data this session sees: the OIDC issuer and subject, or "local" without [auth]."""
    if not login_configured():
        return LOCAL_OWNER
    issuer, subject = st.user.get("iss"), st.user.get("sub")
    if not (st.user.get("is_logged_in") and issuer and subject):
        raise SSIError("Not logged in.")  # require_login() runs first; this is a safety net
    # An OIDC issuer is a URL without a fragment, so '#' cannot occur in it.
    return f"{issuer}#{subject}"


def display_name() -> str:
    """How the user is named to a team at first (they may change it): their name or e-mail."""
    if not login_configured() or not st.user.get("is_logged_in"):
        return ""
    return str(st.user.get("name") or st.user.get("email") or "")


def require_login() -> None:
    """With [auth] in the secrets, show only the login screen until the user has logged in.

    The app calls it before the navigation, so no page, URL or query parameter gets past it.
    """
    problem = access_problem()
    if problem is not None:
        _only(lambda: _closed_screen(*problem))
    settings = secrets("auth")
    if not settings:
        return
    if len(str(settings.get("cookie_secret") or "")) < COOKIE_SECRET_MIN_LENGTH:
        _only(_weak_cookie_secret_screen)
    if not st.user.get("is_logged_in"):
        _only(_login_screen)
    if not (st.user.get("iss") and st.user.get("sub")):
        _only(_no_identity_screen)


def account_menu() -> None:
    """In the sidebar: who is logged in, and the way out (nothing without [auth])."""
    if not login_configured() or not st.user.get("is_logged_in"):
        return
    who = st.user.get("email") or st.user.get("name") or st.user.get("sub")
    st.caption(tr("auth.logged_in_as", user=who))
    if st.button(tr("auth.logout"), key="logout", icon=":material/logout:", width="stretch"):
        st.logout()


def _only(screen: Callable[[], None]) -> NoReturn:
    """Show `screen` as the whole app, without navigation or sidebar, and end this run."""
    st.navigation([st.Page(screen, title="SSI Coach", default=True)], position="hidden").run()
    mark_document_language()
    st.stop()


def _providers(settings: dict) -> list[tuple[str | None, str]]:
    """(provider for st.login, button label): the [auth] provider and any [auth.NAME] ones."""
    named = [n for n, v in settings.items() if isinstance(v, Mapping) and "client_id" in v]
    buttons: list[tuple[str | None, str]] = []
    if "client_id" in settings or not named:
        buttons.append((None, tr("auth.login")))
    buttons += [(n, tr("auth.login_with", provider=n.capitalize())) for n in named]
    return buttons


def _login_screen() -> None:
    # The same switch as the sidebar's (which the login screen does not have).
    _, switch = st.columns([3, 1])
    with switch:
        language_picker()
    st.title(tr("auth.title"))
    st.write(tr("auth.intro"))
    for provider, label in _providers(secrets("auth")):
        key = f"login_{provider or 'default'}"
        if st.button(label, key=key, type="primary", icon=":material/login:"):
            st.login(provider)


def _closed_screen(key: str, values: dict) -> None:
    st.title("SSI Coach")
    st.error(tr(key, **values), icon=":material/lock:")


def _weak_cookie_secret_screen() -> None:
    st.error(tr("auth.weak_cookie_secret", length=COOKIE_SECRET_MIN_LENGTH), icon=":material/key:")


def _no_identity_screen() -> None:
    st.error(tr("auth.no_identity"), icon=":material/error:")
    if st.button(tr("auth.logout"), key="logout", icon=":material/logout:"):
        st.logout()
