"""SSI Coach: page config, session defaults, the shared sidebar and the navigation."""

import streamlit as st

import app_state
from ssi_core.errors import SSIError
from ssi_core.i18n import LANGUAGES
from ssi_core.store import DEFAULT_PROFILE, check_profile_name

st.set_page_config(
    page_title="SSI Coach",
    page_icon=":material/trending_up:",
    layout="wide",
    initial_sidebar_state="expanded",
)
app_state.init_session()
app_state.require_login()  # only when [auth] is configured: no page before login
tr = app_state.tr

# --- navigation ------------------------------------------------------------------------------

PAGES = [
    st.Page("pages/overview.py", title=tr("nav.overview"), icon=":material/speed:", default=True),
    st.Page(
        "pages/assessment.py",
        title=tr("nav.assessment"),
        icon=":material/checklist:",
        url_path="assessment",
    ),
    st.Page(
        "pages/what-if.py", title=tr("nav.what_if"), icon=":material/tune:", url_path="what-if"
    ),
    st.Page(
        "pages/history.py",
        title=tr("nav.history"),
        icon=":material/show_chart:",
        url_path="history",
    ),
    st.Page(
        "pages/import.py",
        title=tr("nav.import"),
        icon=":material/upload_file:",
        url_path="import",
    ),
    st.Page("pages/plan.py", title=tr("nav.plan"), icon=":material/task_alt:", url_path="plan"),
    st.Page(
        "pages/settings.py",
        title=tr("nav.settings"),
        icon=":material/settings:",
        url_path="settings",
    ),
]
page = st.navigation(PAGES)

# --- sidebar: language and profile -----------------------------------------------------------

with st.sidebar:
    st.selectbox(
        tr("sidebar.language"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="language",
    )
    try:
        names = [p.name for p in app_state.profiles()]
    except SSIError as error:  # e.g. the database is busy: say so, keep the app usable
        st.error(str(error), icon=":material/error:")
        names = []
    if app_state.profile() not in names:
        names.append(app_state.profile())
    st.selectbox(tr("sidebar.profile"), options=names, key="profile")
    if app_state.profile() == DEFAULT_PROFILE:
        st.query_params.pop("profile", None)
    else:
        st.query_params["profile"] = app_state.profile()
    with st.popover(tr("sidebar.new_profile"), icon=":material/person_add:", width="stretch"):
        with st.form("new_profile_form", clear_on_submit=True, border=False):
            new_name = st.text_input(tr("sidebar.new_profile_name"), max_chars=80)
            if st.form_submit_button(tr("sidebar.create"), type="primary"):
                try:
                    created = app_state.get_store().ensure_profile(check_profile_name(new_name))
                except Exception as error:  # shown to the user, never a traceback
                    st.error(str(error))
                else:
                    app_state.written()
                    st.session_state["pending_profile"] = created
                    st.rerun()
    app_state.account_menu()
    st.caption(tr("sidebar.privacy"))

app_state.run_routed(page)
