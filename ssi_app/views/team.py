"""Team: profiles side by side. Locally every profile (a coach's clients); when hosted, a team
whose members each choose what it sees. The store decides who sees what; this page only draws."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ssi_app import auth, charts, data, session
from ssi_app.charts.team import members_history_chart, pillar_distribution_chart
from ssi_app.session import lang, tr
from ssi_app.widgets import escape_markdown
from ssi_core.errors import SSIError
from ssi_core.goals import STATUSES
from ssi_core.i18n import fmt_date, fmt_number, fmt_signed
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS
from ssi_core.store.teams import (
    MIN_SHARING,
    SHARE_CHOICES,
    STALE_DAYS,
    Membership,
    TeamSummary,
)

MY_SSI = "pages/overview.py"
DASH = "—"
# Numbers in the table are right-aligned text of this width (sorting pads them with spaces).
PAD = 6


def render() -> None:
    st.title(tr("team.title"))
    if auth.login_configured():
        _hosted()
    else:
        _local()


# --- the local app: every profile --------------------------------------------------------------


def _local() -> None:
    st.caption(tr("team.local_intro"))
    rows = data.local_team_rows()
    if rows.empty:
        st.info(tr("team.no_profiles"), icon=":material/info:")
        return
    _averages(data.local_team_summary(), len(rows))
    st.header(tr("team.members_title"), anchor=False)
    st.caption(tr("team.open_hint"))
    _table(rows, opens_profiles=True, team_id=None)
    _stale(rows)
    _charts(None, data.local_team_history(), rows, len(rows))


# --- the hosted app: a team with consent -------------------------------------------------------


def _hosted() -> None:
    teams = data.my_teams()
    if not teams:
        st.caption(tr("team.hosted_intro", min=MIN_SHARING))
        _create_or_join(expanded=True)
        return
    team = teams[0]
    if len(teams) > 1:
        names = {m.team_id: m.team_name for m in teams}
        chosen = st.selectbox(
            tr("team.choose_team"), list(names), format_func=names.get, key="team_choice"
        )
        team = next(m for m in teams if m.team_id == chosen)
    st.header(escape_markdown(team.team_name), anchor=False)
    st.caption(tr("team.role_coach" if team.is_coach else "team.role_member"))
    summary = data.team_summary(team.team_id)
    if summary is None:  # left or deleted since the list was read
        st.info(tr("team.gone"), icon=":material/info:")
        return
    _averages(summary, summary.members)
    if team.is_coach:
        rows = data.team_rows(team.team_id)
        st.header(tr("team.members_title"), anchor=False)
        _table(rows, opens_profiles=False, team_id=team.team_id)
        _stale(rows)
        # The coach's own numbers are in the table, but in the charts only as they are shared.
        kind, history = data.team_history(team.team_id)
        if kind == "lines" and not (team.share != "nothing" and team.share_history):
            history = history[history["member_id"] != team.member_id]
        shown = rows if team.share == "pillars" else rows[~rows["is_me"]]
        _charts(team.team_id, (kind, history), shown, summary.sharing_pillars)
    else:
        _my_place(team.team_id, summary)
    _my_sharing(team)
    if team.is_coach:
        _coach_tools(team)
    _create_or_join(expanded=False)


def _my_place(team_id: int, summary: TeamSummary) -> None:
    """A member's own latest SSI and their place among the members who share."""
    mine = data.team_rows(team_id)
    mine = mine[mine["is_me"]]
    language = lang()
    with st.container(key="team_place", border=True):
        left, right = st.columns(2)
        ssi = mine["ssi"].iloc[0] if len(mine) else None
        left.metric(tr("team.my_ssi"), fmt_number(ssi, language, 1) if pd.notna(ssi) else "—")
        if summary.place is not None:
            right.metric(
                tr("team.my_place"), tr("team.place", place=summary.place, count=summary.sharing)
            )
        elif summary.place_withheld == "not_sharing":
            right.info(tr("team.place_needs_sharing"), icon=":material/visibility_off:")
        else:
            right.info(tr("team.place_withheld", min=MIN_SHARING), icon=":material/group_off:")


def _share_label(choice: str) -> str:
    return tr(f"team.share_{choice}")


def _my_sharing(team: Membership) -> None:
    st.header(tr("team.my_sharing"), anchor=False)
    profiles = [p.name for p in data.profiles()] or [session.profile()]
    if team.profile and team.profile not in profiles:
        profiles.append(team.profile)
    with st.form(f"team_sharing_{team.team_id}", border=True):
        share = st.radio(
            tr("team.share_what"),
            SHARE_CHOICES,
            format_func=_share_label,
            index=SHARE_CHOICES.index(team.share),
            key="team_share",
        )
        history = st.checkbox(
            tr("team.share_history"), value=team.share_history, key="team_share_history"
        )
        profile = st.selectbox(
            tr("team.share_profile"),
            profiles,
            index=profiles.index(team.profile) if team.profile in profiles else 0,
            key="team_share_profile",
        )
        if st.form_submit_button(tr("team.save_sharing"), type="primary"):
            _act(
                lambda: data.set_team_sharing(team.team_id, share, history, profile),
                tr("team.sharing_saved"),
            )
    if st.button(tr("team.leave"), key="team_leave", icon=":material/logout:"):
        _act(lambda: data.leave_team(team.team_id), tr("team.left"))


def _coach_tools(team: Membership) -> None:
    st.header(tr("team.coach_tools"), anchor=False)
    # A new code is shown in this session only (the store keeps its hash), until revoked.
    shown_code = f"team_new_code_{team.team_id}"
    with st.container(border=True):
        st.markdown(f"**{tr('team.invitations')}**")
        if st.button(
            tr("team.new_invitation"), key="team_new_invitation", icon=":material/add_link:"
        ):
            try:
                st.session_state[shown_code] = data.new_team_invitation(team.team_id)
            except SSIError as error:
                st.error(data.user_message(error))
        code = st.session_state.get(shown_code)
        if code:
            st.caption(tr("team.code_once"))
            st.code(code, language=None)
        for invitation in data.team_invitations(team.team_id):
            if invitation.revoked:
                continue
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.write(
                tr("team.invitation_made", when=invitation.created_at.strftime("%Y-%m-%d %H:%M"))
            )
            if right.button(tr("team.revoke"), key=f"team_revoke_{invitation.id}"):
                st.session_state.pop(shown_code, None)
                _act(
                    lambda i=invitation.id: data.revoke_team_invitation(team.team_id, i),
                    tr("team.revoked"),
                )
    rows = data.team_rows(team.team_id)
    others = rows[(rows["role"] != "coach") & ~rows["is_me"]]
    if len(others):
        with st.form(f"team_coach_{team.team_id}", border=True):
            labels = dict(zip(others["member_id"].astype(int), others["label"], strict=True))
            chosen = st.selectbox(
                tr("team.name_coach"), list(labels), format_func=labels.get, key="team_coach_choice"
            )
            if st.form_submit_button(tr("team.make_coach")):
                _act(
                    lambda: data.name_team_coach(team.team_id, int(chosen)), tr("team.coach_named")
                )
    with st.expander(tr("team.delete_title"), icon=":material/delete:"):
        st.caption(tr("team.delete_help"))
        sure = st.checkbox(tr("team.delete_confirm"), key="team_delete_confirm")
        if st.button(tr("team.delete"), key="team_delete", disabled=not sure):
            _act(lambda: data.delete_team(team.team_id), tr("team.deleted"))


def _create_or_join(expanded: bool) -> None:
    who = auth.display_name()
    left, right = st.columns(2, gap="large")
    with left, st.expander(tr("team.create_title"), expanded=expanded, icon=":material/group_add:"):
        with st.form("team_create", border=False):
            name = st.text_input(tr("team.team_name"), max_chars=80, key="team_create_name")
            shown = st.text_input(
                tr("team.your_name"), value=who, max_chars=80, key="team_create_display"
            )
            if st.form_submit_button(tr("team.create"), type="primary"):
                _act(lambda: data.create_team(name, shown), tr("team.created"))
    with right, st.expander(tr("team.join_title"), expanded=expanded, icon=":material/login:"):
        with st.form("team_join", border=False):
            code = st.text_input(tr("team.code"), key="team_join_code")
            shown = st.text_input(
                tr("team.your_name"), value=who, max_chars=80, key="team_join_display"
            )
            share = st.radio(
                tr("team.share_what"),
                SHARE_CHOICES,
                format_func=_share_label,
                key="team_join_share",
            )
            history = st.checkbox(tr("team.share_history"), key="team_join_history")
            st.caption(tr("team.join_profile", profile=escape_markdown(session.profile())))
            if st.form_submit_button(tr("team.join"), type="primary"):
                _act(lambda: data.join_team(code, shown, share, history), tr("team.joined"))


def _act(change, done: str) -> None:
    """Run one team change; on success say so on the next run, on refusal say why now."""
    try:
        change()
    except SSIError as error:
        st.error(data.user_message(error), icon=":material/error:")
        return
    st.toast(done, icon=":material/check:")
    st.rerun()


# --- what both draw ------------------------------------------------------------------------------


def _averages(summary: TeamSummary | None, members: int) -> None:
    """The team's averages of the members' latest measured values, or why they are withheld."""
    st.header(tr("team.averages_title"), anchor=False)
    if summary is None or summary.averages is None:
        count = summary.sharing if summary is not None else 0
        st.info(tr("team.withheld", min=MIN_SHARING, count=count), icon=":material/group_off:")
        return
    language = lang()
    averages = summary.averages
    with st.container(key="team_averages"):
        columns = st.columns(len(PILLAR_IDS) + 2)
        columns[0].metric(tr("team.avg_ssi"), fmt_number(averages["ssi"], language, 1))
        for column, pid in zip(columns[1:], PILLAR_IDS, strict=False):
            value = averages.get(pid)
            column.metric(
                PILLAR_BY_ID[pid].short(language),
                fmt_number(value, language, 1) if value is not None else "—",
            )
        change = averages.get("change_4w")
        columns[-1].metric(
            tr("team.change_4w"),
            fmt_signed(round(change, 1), language, 1) if change is not None else "—",
        )
    help_key = "team.averages_help" if auth.login_configured() else "team.averages_help_local"
    st.caption(tr(help_key, sharing=summary.sharing, members=members))


def _table(rows: pd.DataFrame, opens_profiles: bool, team_id: int | None) -> None:
    """One row per member: latest measured SSI and pillars, change over 4 weeks, the goal's
    status (as the store gives it: only where the member shares their history), days since."""
    language = lang()
    key = (*data.cache_prefix(), *data.team_cache_key(team_id), language, "team_table")
    shown = data.computed(key, lambda: _display(rows, language))
    text = st.column_config.TextColumn
    config = {
        "label": text(tr("team.col_member")),
        "ssi": text(tr("team.col_ssi"), alignment="right"),
        **{pid: text(PILLAR_BY_ID[pid].short(language), alignment="right") for pid in PILLAR_IDS},
        "change_4w": text(tr("team.col_change"), alignment="right"),
        "goal_status": text(
            tr("team.col_goal"),
            help=tr("team.col_goal_help" if team_id is not None else "team.col_goal_help_local"),
        ),
        "last_date": text(tr("team.col_last")),
        "days_since": text(tr("team.col_days"), alignment="right", help=tr("team.col_days_help")),
        "note": text(tr("team.col_note")),  # as wide as its longest note
    }
    options: dict = {}
    if opens_profiles:
        options = {"on_select": "rerun", "selection_mode": "single-row"}
    with st.container(key="team_table_box"):
        event = st.dataframe(
            # One key per language: the grid keeps a column's width while its key lasts, so
            # the widths fitted to one language's words would cut another's.
            shown, column_config=config, hide_index=True, key=f"team_table_{language}",
            width="stretch",
            **options,
        )  # fmt: skip
    if opens_profiles:
        selected = event.selection.rows if event is not None else []
        if selected:
            # The row's profile opens in the rest of the app, on My SSI.
            st.session_state["profile"] = str(rows["label"].iloc[selected[0]])
            st.switch_page(MY_SSI)


def _display(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    """The table as text in the session's language, a dash where a value is unknown or not
    shared. Numbers are padded on the left so that sorting a column sorts them by value.

    Text, not number columns: the grid writes a missing number as "None", and a styled frame
    (pandas' Styler) costs 150-250 ms a rerun for 1,000 members.
    """

    def column(values: pd.Series, write) -> list[str]:
        return [DASH if pd.isna(v) else write(v).rjust(PAD) for v in values]

    def number(v) -> str:
        return fmt_number(v, language, 1)

    def signed(v) -> str:
        return fmt_signed(round(v, 1), language, 1)  # rounded first: never "−0.0"

    goals = {state: tr(f"team.goal_{state}") for state in STATUSES}

    return pd.DataFrame(
        {
            "label": rows["label"].astype(str),
            "ssi": column(rows["ssi"], number),
            **{pid: column(rows[pid], number) for pid in PILLAR_IDS},
            "change_4w": column(rows["change_4w"], signed),
            "goal_status": [DASH if pd.isna(g) else goals[g] for g in rows["goal_status"]],
            "last_date": [DASH if pd.isna(d) else fmt_date(d, language) for d in rows["last_date"]],
            "days_since": column(rows["days_since"], lambda v: str(int(v))),
            "note": [_note(row) for row in rows.itertuples()],
        }
    )


def _note(row) -> str:
    if row.is_me and row.share == "nothing":
        return tr("team.note_me_private")
    if row.share == "nothing" and not row.is_me:
        return tr("team.note_nothing")
    if pd.isna(row.last_date):
        return tr("team.note_no_data")
    if row.days_since >= STALE_DAYS:
        return tr("team.note_stale", days=int(row.days_since))
    if row.share == "total" and not row.is_me:
        return tr("team.note_total")
    return ""


def _stale(rows: pd.DataFrame) -> None:
    stale = rows[rows["days_since"] >= STALE_DAYS]
    if len(stale):
        names = ", ".join(escape_markdown(name) for name in stale["label"].head(10))
        more = len(stale) - min(len(stale), 10)
        st.warning(
            tr("team.stale", count=len(stale), days=STALE_DAYS, names=names)
            + (f" (+{more})" if more else ""),
            icon=":material/schedule:",
        )


def _charts(
    team_id: int | None, history: tuple[str, pd.DataFrame], rows: pd.DataFrame, sharing: int
) -> None:
    text = {
        key: tr(f"team.chart_{key}")
        for key in ("ssi", "member", "week_of", "median", "low", "high", "members", "points")
    }
    language = lang()
    # What the charts' text alternatives call their numbers (the band's median and quartiles,
    # a member's SSI, a pillar's points), beside the usual chart words.
    words = {
        **charts.labels(),
        **{key: text[key] for key in ("ssi", "median", "low", "high", "members")},
        "current": text["points"],
    }
    kind, frame = history
    left, right = st.columns(2, gap="large")
    with left:
        st.header(tr("team.history_title"), anchor=False)
        if frame.empty:
            st.caption(tr("team.history_none"))
        else:
            st.caption(tr(f"team.history_{kind}", min=MIN_SHARING))
            with st.container(key="team_history_chart"):
                charts.draw(
                    "team_history",
                    lambda: members_history_chart(kind, frame, language, text),
                    *data.team_cache_key(team_id),
                    words=words,
                )
    with right:
        st.header(tr("team.pillars_title"), anchor=False)
        pillars = rows.dropna(subset=list(PILLAR_IDS), how="all")
        if pillars.empty:
            st.caption(tr("team.pillars_none"))
        elif team_id is not None and sharing < MIN_SHARING:
            st.caption(tr("team.pillars_withheld", min=MIN_SHARING))
        else:
            with st.container(key="team_pillars_chart"):
                charts.draw(
                    "team_pillars",
                    lambda: pillar_distribution_chart(pillars, language, text),
                    *data.team_cache_key(team_id),
                    words=words,
                )
