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


# The session's profile is kept under "profile", a key of its own, and the sidebar's picker only
# shows it and changes it (picked_profile). A widget's state is Streamlit's: a run that ends
# before the sidebar is drawn drops it, and the session would then go back to the profile its
# link names. Kept apart, the profile changes only when someone picks or opens another.
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


def init_session() -> None:
    """Session defaults: the language from the browser's locale, the profile from the URL."""
    if "language" not in st.session_state:
        st.session_state["language"] = normalise_language(st.context.locale)
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
    language. The script is the app's own, with a code from LANGUAGES only; Streamlit runs it
    again only when the code changes. Its element is empty: it goes last in the sidebar, or last
    on a screen without one."""
    st.html(
        f"<script>document.documentElement.lang = {json.dumps(lang())};</script>",
        unsafe_allow_javascript=True,
    )
