"""Login, when [auth] is configured in the secrets: who the user is, and nothing before login.

Without [auth] the app is the single local user's. With it, every page needs a login and the
owner of the data is the user's OIDC issuer and subject.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NoReturn

import streamlit as st

from ssi_app.session import once_per_run, tr
from ssi_core.errors import SSIError
from ssi_core.store import LOCAL_OWNER

# Streamlit signs the identity cookie with it; a short one can be guessed.
COOKIE_SECRET_MIN_LENGTH = 32


def _read_secrets(section: str) -> dict:
    try:
        value = st.secrets.get(section)
    except FileNotFoundError:
        return {}
    return dict(value) if isinstance(value, Mapping) else {}


def secrets(section: str) -> dict:
    """A section of .streamlit/secrets.toml, or {} (also when there is no secrets file); read
    once per run."""
    return dict(once_per_run(f"secrets.{section}", lambda: _read_secrets(section)))


def database_url() -> str | None:
    """[connections.ssi] url; without it Store.open uses $SSI_DATABASE_URL, $SSI_DB or the file."""
    ssi = secrets("connections").get("ssi")
    url = ssi.get("url") if isinstance(ssi, Mapping) else None
    return str(url) if url else None


def login_configured() -> bool:
    return bool(secrets("auth"))


def owner() -> str:
    """Whose data this session sees: the OIDC issuer and subject, or "local" without [auth]."""
    if not login_configured():
        return LOCAL_OWNER
    issuer, subject = st.user.get("iss"), st.user.get("sub")
    if not (st.user.get("is_logged_in") and issuer and subject):
        raise SSIError("Not logged in.")  # require_login() runs first; this is a safety net
    # An OIDC issuer is a URL without a fragment, so '#' cannot occur in it.
    return f"{issuer}#{subject}"


def require_login() -> None:
    """With [auth] in the secrets, show only the login screen until the user has logged in.

    The app calls it before the navigation, so no page, URL or query parameter gets past it.
    """
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
    st.title(tr("auth.title"))
    st.write(tr("auth.intro"))
    for provider, label in _providers(secrets("auth")):
        key = f"login_{provider or 'default'}"
        if st.button(label, key=key, type="primary", icon=":material/login:"):
            st.login(provider)


def _weak_cookie_secret_screen() -> None:
    st.error(tr("auth.weak_cookie_secret", length=COOKIE_SECRET_MIN_LENGTH), icon=":material/key:")


def _no_identity_screen() -> None:
    st.error(tr("auth.no_identity"), icon=":material/error:")
    if st.button(tr("auth.logout"), key="logout", icon=":material/logout:"):
        st.logout()
