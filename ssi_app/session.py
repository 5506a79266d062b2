"""The session: its language and profile, and what one run of the app looks up only once."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from ssi_core.errors import SSIError
from ssi_core.i18n import LANGUAGES, normalise_language, t
from ssi_core.store import DEFAULT_PROFILE, check_profile_name

T = TypeVar("T")

# What one run of the app has already looked up: the secrets, the store, the data version, the
# caches' key prefix and the language. start_run(), first in every run, starts it afresh.
# Without a secrets file, st.secrets looks for one on every access (0.1-0.2 ms), and a rerun
# asks for the store and the version some 20 times (every read and chart): 2-5 ms a rerun. A
# changed secrets file or a command-line import shows from the next run on; a write in this
# run at once (data.py).
_RUN = threading.local()


def start_run() -> None:
    """Forget what the previous run looked up (the app calls it first in every run)."""
    _RUN.memo = {}


def once_per_run(name: str, look_up: Callable[[], T]) -> T:
    """`look_up()`, kept as `name` for the rest of this run (every time outside a run)."""
    memo = getattr(_RUN, "memo", None)
    if memo is None:
        return look_up()
    if name not in memo:
        memo[name] = look_up()
    return memo[name]


def forget(name: str) -> None:
    """Look `name` up again on its next use in this run."""
    memo = getattr(_RUN, "memo", None)
    if memo is not None:
        memo.pop(name, None)


# The session's language and profile are kept under "language" and "profile", keys of their
# own, and the pickers only show them and change them (picked_language, picked_profile). A
# widget's state is Streamlit's: a run that ends, or reruns, without drawing the widget drops it
# (one stopped by st.stop() or an error keeps it), and the session would then go back to the
# browser's language or to the profile its link names. Kept apart, each changes only when
# someone picks another.
LANGUAGE_PICKER = "language_picker"
PROFILE_PICKER = "profile_picker"


def _profile_from_url() -> str:
    """?profile=NAME keeps the profile through a bookmark or a reload; a name that a new profile
    could not have is ignored (the link may come from anyone)."""
    asked = st.query_params.get("profile")
    if not asked:
        return DEFAULT_PROFILE
    try:
        return check_profile_name(asked)
    except SSIError:  # the same rule as a created profile's name
        return DEFAULT_PROFILE


# The language a user picked is remembered in this browser for a year (a cookie the page sets,
# holding a code from LANGUAGES and nothing else): a new session, a login's redirect included,
# opens in it.
LANGUAGE_COOKIE = "ssi_lang"
LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600


def _remembered_language() -> str | None:
    """The language this browser's cookie names, if it names one of LANGUAGES exactly."""
    try:
        value = st.context.cookies.get(LANGUAGE_COOKIE)
    except Exception:  # no browser behind the session (a script run without a server)
        return None
    return value if value in LANGUAGES else None


def init_session() -> None:
    """Session defaults: the language the browser last picked, else the browser's locale; the
    profile from the URL."""
    if "language" not in st.session_state:
        st.session_state["language"] = _remembered_language() or normalise_language(
            st.context.locale
        )
    if "profile" not in st.session_state:
        st.session_state["profile"] = _profile_from_url()


def switch_profile(name: str) -> None:
    """Open another profile: from this run's next line on, and in the sidebar from the next run,
    which this starts."""
    st.session_state["profile"] = name
    st.rerun()


def picked_profile() -> None:
    """The sidebar's picker changed: its choice becomes the session's profile."""
    st.session_state["profile"] = st.session_state[PROFILE_PICKER]


def picked_language() -> None:
    """A language picker changed: its choice becomes the session's language, remembered by the
    browser (mark_document_language)."""
    st.session_state["language"] = st.session_state[LANGUAGE_PICKER]
    st.session_state["language_picked"] = True


def language_picker() -> None:
    """The language switch of the sidebar and of the login screen, labelled in the language it
    shows."""
    st.session_state[LANGUAGE_PICKER] = lang()
    st.selectbox(
        tr("sidebar.language"), options=list(LANGUAGES), format_func=LANGUAGES.get,
        key=LANGUAGE_PICKER, on_change=picked_language,
    )  # fmt: skip


def lang() -> str:
    """The session's language; looked up once per run (tr() asks for it some 50 times)."""

    def look_up() -> str:
        value = st.session_state.get("language", "en")
        return value if value in LANGUAGES else "en"

    return once_per_run("lang", look_up)


def profile() -> str:
    """The profile the session is looking at."""
    return st.session_state.get("profile", DEFAULT_PROFILE)


def tr(key: str, **params: object) -> str:
    """The message for `key` in the session's language."""
    return t(key, lang(), **params)


def mark_document_language() -> None:
    """Say the page's language on the page itself (WCAG 3.1.1), so that a screen reader reads
    Spanish and Portuguese in their own voice: Streamlit's page says lang="en" whatever the
    language. Once the user has picked a language, the same script has the browser remember it
    (LANGUAGE_COOKIE). The script is the app's own, with a code from LANGUAGES only; Streamlit
    runs it again only when it changes. Its element is empty: it goes last in the sidebar, or
    last on a screen without one."""
    language = lang()
    script = f"document.documentElement.lang = {json.dumps(language)};"
    if st.session_state.get("language_picked"):
        cookie = f"{LANGUAGE_COOKIE}={language}; path=/; max-age={LANGUAGE_COOKIE_SECONDS}"
        script += f" document.cookie = {json.dumps(cookie + '; SameSite=Lax')};"
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)
