"""The one Streamlit-aware door to the data: the cached store, cached reads, session defaults.

Reads are cached per (owner, profile, database version): the version is the file's modification
stamp (a counter per owner on PostgreSQL), so a command-line import shows up on the next rerun
without the app holding the file open, and a write from the app clears the caches at once. When
[auth] is configured in the secrets, every page needs a login and the owner is the user's OIDC
issuer and subject; otherwise the owner is the single local user.
"""

from __future__ import annotations

import functools
import logging
import runpy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from ssi_core.errors import SSIError
from ssi_core.history import Summary, filter_range, summarise
from ssi_core.i18n import LANGUAGES, normalise_language, t
from ssi_core.store import DEFAULT_PROFILE, LOCAL_OWNER, Store

if TYPE_CHECKING:
    import altair as alt

T = TypeVar("T")
APP_FILE = Path(__file__).resolve().parent / "app.py"
log = logging.getLogger("ssi_coach")

# Set while app.py runs the selected page, so a page file can tell it was not routed (see guard).
_ROUTING = threading.local()


# --- routing ---------------------------------------------------------------------------------


def guard() -> None:
    """Run the whole app when a page file was started on its own.

    On a fresh server, Streamlit answers a deep link such as /history by running
    pages/history.py by itself, without app.py: no navigation, no sidebar. Each page calls this
    first; outside a routed run it runs app.py (which routes to the same URL) and stops.
    """
    if getattr(_ROUTING, "active", False):
        return
    runpy.run_path(str(APP_FILE), run_name="__main__")
    st.stop()


def run_routed(page) -> None:
    """Run the selected page, turning errors into messages instead of tracebacks."""
    _ROUTING.active = True
    try:
        page.run()
    except SSIError as error:
        st.error(str(error), icon=":material/error:")
    except Exception:  # a bug must not show a traceback to a user
        log.exception("page failed")
        st.error(t("common.unexpected_error", lang()), icon=":material/error:")
    finally:
        _ROUTING.active = False


# --- session ---------------------------------------------------------------------------------


def init_session() -> None:
    """Session defaults: the language from the browser's locale, the default profile."""
    if "language" not in st.session_state:
        st.session_state["language"] = normalise_language(st.context.locale)
    if "profile" not in st.session_state:
        # A bookmark or a reload keeps the profile through the URL (?profile=NAME).
        st.session_state["profile"] = st.query_params.get("profile") or DEFAULT_PROFILE
    # A profile chosen by a button is applied here, before the sidebar's picker exists.
    if "pending_profile" in st.session_state:
        st.session_state["profile"] = st.session_state.pop("pending_profile")


def switch_profile(name: str) -> None:
    """Open another profile on the next run (the picker cannot be changed once drawn)."""
    st.session_state["pending_profile"] = name
    st.rerun()


def lang() -> str:
    """The session's language; looked up once per run (tr() asks for it some 50 times)."""

    def look_up() -> str:
        value = st.session_state.get("language", "en")
        return value if value in LANGUAGES else "en"

    return _once_per_run("lang", look_up)


def profile() -> str:
    return st.session_state.get("profile", DEFAULT_PROFILE)


def tr(key: str, **params: object) -> str:
    """The message for `key` in the session's language."""
    return t(key, lang(), **params)


# --- login (only when [auth] is configured in the secrets) ----------------------------------

# Streamlit signs the identity cookie with it; a short one can be guessed.
COOKIE_SECRET_MIN_LENGTH = 32


# What one run of app.py has already looked up: the secrets sections, the store and the data
# version. require_login(), first in every run, starts it afresh. Without a secrets file,
# st.secrets looks for one on every access (0.1-0.2 ms), and a rerun asks for the store and the
# version some 20 times (every read and chart): 2-5 ms a rerun. A changed secrets file or a
# command-line import shows from the next run on; a write in this run (written()) at once.
_RUN = threading.local()


def _run_memo() -> dict | None:
    """This run's memo, or None outside a run of app.py (require_login not called here)."""
    return getattr(_RUN, "memo", None)


def _once_per_run(name: str, look_up: Callable[[], T]) -> T:
    """`look_up()`, kept as `name` for the rest of this run (every time outside a run)."""
    memo = _run_memo()
    if memo is None:
        return look_up()
    if name not in memo:
        memo[name] = look_up()
    return memo[name]


def _read_secrets(section: str) -> dict:
    try:
        value = st.secrets.get(section)
    except FileNotFoundError:
        return {}
    return dict(value) if isinstance(value, Mapping) else {}


def _secrets(section: str) -> dict:
    """A section of .streamlit/secrets.toml, or {} (also when there is no secrets file)."""
    memo = _run_memo()
    if memo is None:
        return _read_secrets(section)
    sections = memo.setdefault("secrets", {})
    if section not in sections:
        sections[section] = _read_secrets(section)
    return dict(sections[section])


def database_url() -> str | None:
    """[connections.ssi] url; without it Store.open uses $SSI_DATABASE_URL, $SSI_DB or the file."""
    ssi = _secrets("connections").get("ssi")
    url = ssi.get("url") if isinstance(ssi, Mapping) else None
    return str(url) if url else None


def login_configured() -> bool:
    return bool(_secrets("auth"))


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

    app.py calls it before the navigation, so no page, URL or query parameter gets past it.
    It is the first to read the secrets in every run: it makes the run read them anew.
    """
    _RUN.memo = {}
    settings = _secrets("auth")
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
    for provider, label in _providers(_secrets("auth")):
        key = f"login_{provider or 'default'}"
        if st.button(label, key=key, type="primary", icon=":material/login:"):
            st.login(provider)


def _weak_cookie_secret_screen() -> None:
    st.error(tr("auth.weak_cookie_secret", length=COOKIE_SECRET_MIN_LENGTH), icon=":material/key:")


def _no_identity_screen() -> None:
    st.error(tr("auth.no_identity"), icon=":material/error:")
    if st.button(tr("auth.logout"), key="logout", icon=":material/logout:"):
        st.logout()


# --- store -----------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=1000)
def _store(database: str | None, owner_id: str) -> Store:
    """One Store per user: it holds no connection (PostgreSQL's pool is shared by all)."""
    return Store.open(database, owner=owner_id)


def get_store() -> Store:
    """The signed-in user's store; the single local user's when login is not configured."""
    return _once_per_run("store", lambda: _store(database_url(), owner()))


def _version() -> tuple[float, int]:
    return _once_per_run("version", lambda: get_store().version())


class _Shared:
    """Values by key, the least recently used dropped first; one for every session.

    The reads and chart specs: every rerun gets the very object, where st.cache_data unpickles a
    copy (1-3 ms a read for ten years of days), and a dict lookup hashes the key once, where
    st.cache_* walk every item of it on each call (0.5-1 ms a read or chart). The frames handed
    to the pages are copies; the rest (a frozen Summary, the specs Streamlit copies before
    changing them) is only read.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()  # outside the lock: other reads go on meanwhile
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


# Keyed by database, owner, data version, what and for which profile: a write anywhere (another
# process included) changes the version, so a stale entry is never found again.
_READS = _Shared(512)


def _read(what: str, profile_name: str | None, fetch: Callable[[Store], T], *extra: Hashable) -> T:
    store = get_store()
    key = (store.identity, store.owner, _version(), what, profile_name, *extra)
    return _READS.get(key, lambda: fetch(store))


def _snapshots(profile_name: str) -> pd.DataFrame:
    return _read("snapshots", profile_name, lambda store: store.snapshots(profile_name))


def _assessments(profile_name: str) -> pd.DataFrame:
    return _read("assessments", profile_name, lambda store: store.assessments(profile_name))


def snapshots(profile_name: str | None = None) -> pd.DataFrame:
    return _snapshots(profile_name or profile()).copy()


def date_span() -> tuple[date, date] | None:
    """The first and the last day of the profile's measured history, or None without one."""
    frame = _snapshots(profile())
    return (frame["date"].iloc[0], frame["date"].iloc[-1]) if len(frame) else None


def _in_range(profile_name: str, start: date | None, end: date | None) -> pd.DataFrame:
    """The shared frame of the days from `start` to `end`; an open range is the whole history."""
    if start is None and end is None:
        return _snapshots(profile_name)
    return _read(
        "in_range", profile_name, lambda _: filter_range(_snapshots(profile_name), start, end),
        start, end,
    )  # fmt: skip


def snapshots_between(start: date | None, end: date | None) -> pd.DataFrame:
    """The profile's days from `start` to `end` (filtered once per data version and range)."""
    return _in_range(profile(), start, end).copy()


def summary(
    start: date | None = None, end: date | None = None, profile_name: str | None = None
) -> Summary | None:
    """The headline numbers of the profile's measured history from `start` to `end`, or None.

    Cached: summing up ten years of days takes 10 ms, on every rerun of four pages.
    """
    name = profile_name or profile()
    return _read("summary", name, lambda _: summarise(_in_range(name, start, end)), start, end)


def assessments(profile_name: str | None = None) -> pd.DataFrame:
    return _assessments(profile_name or profile()).copy()


def assessment_count(profile_name: str | None = None) -> int:
    return len(_assessments(profile_name or profile()))


def latest_assessment(profile_name: str | None = None) -> dict | None:
    """The latest saved assessment as a dict of its columns (answers included), or None."""
    frame = _assessments(profile_name or profile())
    return frame.iloc[-1].to_dict() if len(frame) else None


def latest_answers(profile_name: str | None = None) -> dict | None:
    frame = _assessments(profile_name or profile())
    return dict(frame["answers"].iloc[-1]) if len(frame) else None


def profiles() -> list:
    return list(_read("profiles", None, lambda store: store.profiles()))


def imports(profile_name: str | None = None) -> pd.DataFrame:
    name = profile_name or profile()
    return _read("imports", name, lambda store: store.imports(name)).copy()


def done_actions(profile_name: str | None = None) -> dict:
    name = profile_name or profile()
    return dict(_read("done_actions", name, lambda store: store.done_actions(name)))


def preload() -> None:
    """Open the store and read what My SSI shows first (server.py calls it at start-up).

    Only for the single local user (no [auth]): with a login, whose store to open is known only
    once someone has logged in. The app opens on the default profile.
    """
    if login_configured():
        return
    profiles()
    summary(profile_name=DEFAULT_PROFILE)
    assessments(DEFAULT_PROFILE)


def computed(key: Hashable, make: Callable[[], T]) -> T:
    """`make()`, kept with the reads and shared by every session: for work that depends only on
    what `key` holds (the key must hold everything it is computed from)."""
    return _READS.get(("computed", key), make)


def current_profile():
    return next((p for p in profiles() if p.name == profile()), None)


def written() -> None:
    """Call after every write: the cached reads are stale."""
    memo = _run_memo()
    if memo is not None:
        memo.pop("version", None)
    _READS.clear()
    _SPECS.clear()


# --- charts ----------------------------------------------------------------------------------


@functools.cache
def _altair() -> None:
    """Import Altair when the first chart is drawn (My SSI, the first page, draws none).

    Streamlit draws every Altair chart without Altair's default theme (a 300 px view). Switched
    off once for the process, the cached specs below equal what st.altair_chart would send, and
    no thread has to toggle this global while another one turns a chart into JSON.
    """
    import altair as alt

    alt.theme.enable("none")


# A ten-year chart's spec is about 300 KB: this bounds the cache to some 40 MB.
_SPECS = _Shared(128)


def _chart_spec(build: Callable[[], alt.TopLevelMixin]) -> dict:
    _altair()
    # Not validated here: tests/core/test_charts.py validates every builder's spec at every
    # size, and validating again at run time made each new What-if answer 20 ms slower.
    spec = build().to_dict(validate=False)
    # Streamlit sends a chart's datasets as Arrow, and turns rows into Arrow on every rerun
    # (through a DataFrame: 4 ms for ten years of days). Turned once here by the same function,
    # the bytes go out as they are, as st.altair_chart's own datasets do.
    datasets = spec.get("datasets", {})
    for dataset, rows in datasets.items():
        datasets[dataset] = dataframe_util.convert_anything_to_arrow_bytes(rows)
    return spec


def chart(name: str, build: Callable[[], alt.TopLevelMixin], *inputs: Hashable, **options) -> None:
    """Draw the Altair chart `build()` makes, building it only when its inputs change.

    Turning a chart into Vega-Lite JSON validates it against the schema, which costs more than
    the rest of a page (60 ms for the history chart), and st.altair_chart does it on every rerun.
    The spec is kept per database, chart `name`, owner, profile, data version, language and
    `inputs`: everything else the chart shows must be in `inputs`.
    """
    store = get_store()
    key = (store.identity, name, store.owner, profile(), _version(), lang(), *inputs)
    st.vega_lite_chart(_SPECS.get(key, lambda: _chart_spec(build)), **options)


def chart_labels() -> dict[str, str]:
    """The chart builders' labels in the session's language (data/locales: [chart])."""
    from ssi_core.i18n import catalogue

    return {
        k.removeprefix("chart."): v for k, v in catalogue(lang()).items() if k.startswith("chart.")
    }
