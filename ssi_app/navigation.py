"""The app's frame: page config, session, login, the shared sidebar, and routing to a page.

app.py runs `run()`. Each file in pages/ hands its view to `show()`: in a routed run it draws
the view; when Streamlit runs the file on its own (a fresh server answers a deep link such as
/history with pages/history.py alone, without app.py) it runs the whole app instead, which
routes to the same URL.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import streamlit as st

from ssi_app import auth, data, session
from ssi_app.session import tr
from ssi_core.errors import SSIError
from ssi_core.store import DEFAULT_PROFILE

log = logging.getLogger("ssi_coach")

# Set while run() draws the selected page, so a page file can tell it was routed.
_ROUTING = threading.local()

# (file, message key of the title, icon, URL path); the first page is the default one.
PAGES = (
    ("pages/overview.py", "nav.overview", ":material/speed:", None),
    ("pages/about.py", "nav.about", ":material/menu_book:", "about"),
    ("pages/assessment.py", "nav.assessment", ":material/checklist:", "assessment"),
    ("pages/what-if.py", "nav.what_if", ":material/tune:", "what-if"),
    ("pages/history.py", "nav.history", ":material/show_chart:", "history"),
    ("pages/import.py", "nav.import", ":material/upload_file:", "import"),
    ("pages/plan.py", "nav.plan", ":material/task_alt:", "plan"),
    ("pages/team.py", "nav.team", ":material/groups:", "team"),
    ("pages/settings.py", "nav.settings", ":material/settings:", "settings"),
)


def run() -> None:
    """One run of the whole app."""
    st.set_page_config(
        page_title="SSI Coach",
        page_icon=":material/trending_up:",
        layout="wide",
        initial_sidebar_state="expanded",
    )
    session.start_run()
    session.init_session()
    auth.require_login()  # only when [auth] is configured: no page before login
    page = st.navigation(
        [
            st.Page(path, title=tr(title), icon=icon, url_path=url, default=url is None)
            for path, title, icon, url in PAGES
        ]
    )
    with st.sidebar:
        _sidebar()
    draw_page(page)


def draw_page(page: st.Page) -> None:
    """Draw the selected page, turning errors into one sentence instead of a traceback."""
    _ROUTING.active = True
    try:
        page.run()
    except SSIError as error:
        st.error(data.user_message(error), icon=":material/error:")
    except Exception:  # a bug must not show a traceback to a user
        log.exception("page failed")
        st.error(tr("common.unexpected_error"), icon=":material/error:")
    finally:
        _ROUTING.active = False


def show(render: Callable[[], None]) -> None:
    """Draw a page's view: in the routed run, the view; run on its own, the whole app."""
    if getattr(_ROUTING, "active", False):
        render()
    else:
        run()


# --- the sidebar: language, profile, account -------------------------------------------------


def _sidebar() -> None:
    session.language_picker()
    try:
        names = [p.name for p in data.profiles()]
    except SSIError as error:  # e.g. the database is busy: say so, keep the app usable
        st.error(data.user_message(error), icon=":material/error:")
        names = []
    if session.profile() not in names:
        names.append(session.profile())
    st.session_state[session.PROFILE_PICKER] = session.profile()
    st.selectbox(
        tr("sidebar.profile"), options=names, key=session.PROFILE_PICKER,
        on_change=session.picked_profile,
    )  # fmt: skip
    if session.profile() == DEFAULT_PROFILE:
        st.query_params.pop("profile", None)
    else:
        st.query_params["profile"] = session.profile()
    with st.popover(tr("sidebar.new_profile"), icon=":material/person_add:", width="stretch"):
        with st.form("new_profile_form", clear_on_submit=True, border=False):
            new_name = st.text_input(tr("sidebar.new_profile_name"), max_chars=80)
            if st.form_submit_button(tr("sidebar.create"), type="primary"):
                try:
                    created = data.create_profile(new_name)
                except SSIError as error:
                    st.error(data.user_message(error))
                else:
                    session.switch_profile(created)
    auth.account_menu()
    st.caption(tr("sidebar.privacy"))
    session.mark_document_language()
