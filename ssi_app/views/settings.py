"""Settings and data: profile name and industry, averages, export, delete the profile (and,
when hosted, the account)."""

from __future__ import annotations

import streamlit as st

from ssi_app import auth, data
from ssi_app.session import profile, switch_profile, tr
from ssi_app.widgets import escape_markdown
from ssi_core import export
from ssi_core.errors import SSIError
from ssi_core.goals import goal_json


def render() -> None:
    st.title(tr("settings.title"))
    _profile_form()
    _export()
    _delete()
    if auth.login_configured():
        _delete_account()


def _profile_form() -> None:
    name, current = profile(), data.current_profile()
    st.header(tr("settings.profile"), anchor=False)
    with st.form("profile_form", border=True):
        new_name = st.text_input(tr("settings.name"), value=name, max_chars=80)
        industry = st.text_input(
            tr("settings.industry"),
            value=(current.industry if current else None) or "",
            placeholder=tr("settings.industry_placeholder"),
        )
        st.markdown(tr("settings.averages_help"))
        left, right = st.columns(2)
        industry_ssi = left.number_input(
            tr("settings.industry_ssi"),
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            value=current.industry_ssi if current else None,
            placeholder="—",
        )
        network_ssi = right.number_input(
            tr("settings.network_ssi"),
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            value=current.network_ssi if current else None,
            placeholder="—",
        )
        if st.form_submit_button(tr("settings.save"), type="primary", key="settings_save"):
            try:
                renamed = data.update_profile(
                    new_name=new_name,
                    industry=industry,
                    industry_ssi=industry_ssi,
                    network_ssi=network_ssi,
                )
            except SSIError as error:
                st.error(data.user_message(error))
            else:
                st.toast(tr("settings.saved"), icon=":material/check:")
                if renamed != name:
                    switch_profile(renamed)


def _export() -> None:
    name = profile()
    st.header(tr("settings.export"), anchor=False)
    snapshots = data.snapshots()
    if snapshots.empty:
        st.caption(tr("settings.export_empty"))
        st.page_link("pages/import.py", label=tr("empty.to_import"), icon=":material/upload_file:")
        return
    st.caption(tr("settings.export_help", count=len(snapshots)))
    csv_col, json_col, goal_col, _ = st.columns([1, 1, 1, 2])
    safe_name = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    csv_col.download_button(
        tr("settings.download_csv"),
        # A callable is run only when the button is clicked: building both files for ten
        # years of history took 150 ms of every rerun of this page.
        lambda: export.to_csv(snapshots),
        file_name=f"ssi-{safe_name}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="export_csv",
        on_click="ignore",
    )
    json_col.download_button(
        tr("settings.download_json"),
        lambda: export.to_json(snapshots),
        file_name=f"ssi-{safe_name}.json",
        mime="application/json",
        icon=":material/download:",
        key="export_json",
        on_click="ignore",
    )
    goal = data.goal()
    if goal is not None:  # the profile's goal travels with its history
        goal_col.download_button(
            tr("settings.download_goal"),
            goal_json(goal),
            file_name=f"ssi-{safe_name}-goal.json",
            mime="application/json",
            icon=":material/flag:",
            key="export_goal",
            on_click="ignore",
        )


def _delete() -> None:
    name = profile()
    st.header(tr("settings.danger"), anchor=False)
    with st.container(border=True):
        st.write(tr("settings.delete_help", name=escape_markdown(name)))
        confirm = st.text_input(
            tr("settings.delete_confirm", name=escape_markdown(name)), key="delete_confirm_text"
        )
        if st.button(
            tr("settings.delete"),
            type="primary",
            icon=":material/delete_forever:",
            disabled=confirm.strip() != name,
            key="delete_profile",
        ):
            switch_profile(data.delete_profile())


def _delete_account() -> None:
    """Every profile of the signed-in user and their place in every team (a team they alone
    coach goes too, and the section says so first), then the way out."""
    st.header(tr("account.title"), anchor=False)
    word = tr("account.word")
    with st.container(border=True):
        st.write(tr("account.help"))
        going = data.sole_coach_teams()
        if going:
            names = ", ".join(f"“{escape_markdown(name)}”" for name in going)
            key = "account.sole_coach_one" if len(going) == 1 else "account.sole_coach"
            st.warning(tr(key, teams=names), icon=":material/warning:")
        confirm = st.text_input(tr("account.confirm", word=word), key="delete_account_text")
        if st.button(
            tr("account.delete"),
            type="primary",
            icon=":material/person_remove:",
            disabled=confirm.strip().casefold() != word.casefold(),
            key="delete_account",
        ):
            try:
                data.delete_account()
            except SSIError as error:
                st.error(data.user_message(error))
                return
            st.logout()  # nothing of the account is left to show
            st.stop()
