"""My SSI's goal, its alerts and the one-page report: drawn by the My SSI view."""

from __future__ import annotations

import html
from datetime import date, timedelta

import streamlit as st

from ssi_app import data
from ssi_app.charts.palette import GAIN_GREEN, LOSS_RED, TEXT_MUTED
from ssi_app.session import lang, tr
from ssi_core.advice import rank_actions, rank_actions_for_snapshot
from ssi_core.alerts import Alert
from ssi_core.errors import SSIError
from ssi_core.goals import Goal, check_goal, closing_actions, goal_status
from ssi_core.history import Summary
from ssi_core.i18n import date_input_format, fmt_date, fmt_number, fmt_signed, fmt_top_pct
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS, SSI_MAX
from ssi_core.report import FORMATS, PAPERS, file_name, render_report

# A new goal starts this many points above the SSI, this many days ahead.
NEW_GOAL_POINTS = 10
NEW_GOAL_DAYS = 90


# --- alerts ----------------------------------------------------------------------------------


def alerts_panel() -> None:
    """The few things that need attention now, each with its reason (nothing when all is well)."""
    found = data.alerts(date.today())
    if not found:
        return
    with st.container(key="overview_alerts", border=True):
        st.markdown(f"**{tr('alerts.title')}**")
        for alert in found:
            st.warning(_alert_text(alert), icon=":material/priority_high:")
            if alert.kind == "stale":
                st.page_link(
                    "pages/import.py", label=tr("alerts.stale_link"), icon=":material/upload_file:"
                )


def _alert_text(alert: Alert) -> str:
    language, values = lang(), alert.values
    if alert.kind == "stale":
        return tr("alerts.stale", since=fmt_date(values["since"], language), days=values["days"])
    if alert.kind == "goal_slipped":
        return tr(
            "alerts.goal_slipped",
            needed=fmt_signed(values["needed"], language, 2),
            recent=fmt_signed(values["recent"], language, 2),
        )
    if alert.kind == "rank_drop":
        group = alert.subject
        return tr(
            "alerts.rank_drop",
            group=tr(f"alerts.rank_{group}"),
            before=fmt_top_pct(values["before"], language),
            now=fmt_top_pct(values["now"], language),
            since=fmt_date(values["since"], language),
        )
    series = (
        tr("overview.ssi")
        if alert.subject == "ssi"
        else PILLAR_BY_ID[alert.subject].label(language)
    )
    return tr(
        "alerts.falling",
        series=series,
        weeks=values["weeks"],
        change=fmt_signed(values["change"], language, 1),
    )


# --- the goal --------------------------------------------------------------------------------


def goal_panel(summary: Summary | None, ssi: float) -> None:
    """The goal's status in one line, the two paces, the actions that close the gap, the form."""
    goal = data.goal()
    st.header(tr("goal.title"), anchor=False)
    with st.container(key="goal_status"):
        if goal is None:
            st.caption(tr("goal.none"))
        else:
            _status(goal, summary)
    # The form's nine widgets are drawn only while the section is open: My SSI reruns often.
    section = st.expander(
        tr("goal.change" if goal else "goal.set"),
        icon=":material/flag:",
        key="goal_section",
        on_change="rerun",
    )
    if section.open:
        with section:
            _form(goal, ssi)


def _status(goal: Goal, summary: Summary | None) -> None:
    language = lang()
    target, when = fmt_number(goal.target_ssi, language, 0), fmt_date(goal.target_date, language)
    if summary is None:
        st.markdown(tr("goal.no_measurement", target=target, date=when))
        return
    status = goal_status(goal, summary, date.today())
    current = fmt_number(status.current_ssi, language, 0)
    if status.state == "reached":
        st.markdown(tr("goal.reached", current=current, target=target, date=when))
        return
    if status.pace_needed is None:
        st.markdown(tr("goal.behind_passed", target=target, date=when, current=current))
    else:
        st.markdown(
            tr(
                f"goal.{status.state}",
                target=target,
                date=when,
                needed=fmt_signed(status.pace_needed, language, 2),
                recent=fmt_signed(status.pace_recent, language, 2),
            )
        )
        _paces(status.pace_needed, status.pace_recent)
    for pid, gap in status.pillar_gaps.items():
        if gap > 0:
            st.caption(
                tr(
                    "goal.pillar_gap",
                    pillar=PILLAR_BY_ID[pid].label(language),
                    gap=fmt_number(gap, language, 1),
                    target=fmt_number(goal.pillar_targets[pid], language, 1),
                )
            )
    if (group := goal.rank_group) is not None:
        st.caption(
            tr(
                "goal.rank_gap",
                group=tr(f"alerts.rank_{group}"),
                now=fmt_top_pct(status.rank_now, language),
                target=fmt_top_pct(goal.rank_top_pct, language),
            )
        )
    _closing(status.gap, summary, [pid for pid, gap in status.pillar_gaps.items() if gap > 0])


def _paces(needed: float, recent: float | None) -> None:
    """The pace needed against the pace of the last 90 days, as two bars of plain HTML (My SSI
    loads no chart library, as its pillar meters do)."""
    language = lang()
    keeps_up = recent is not None and recent >= needed
    top = max(abs(needed), abs(recent or 0.0), 0.01)
    rows = []
    for label, value, color in (
        (tr("goal.pace_needed"), needed, TEXT_MUTED),
        (tr("goal.pace_recent"), recent, GAIN_GREEN if keeps_up else LOSS_RED),
    ):
        width = 0.0 if value is None else max(value, 0.0) / top * 100
        shown = html.escape(f"{fmt_signed(value, language, 2)} {tr('goal.pace_unit')}")
        rows += [
            f"<span>{html.escape(label)}</span>",
            f'<div role="img" aria-label="{html.escape(label)}: {shown}" '
            f'style="background:#E9EDF1;border-radius:3px;height:12px">'
            f'<div style="width:{width:.1f}%;height:12px;border-radius:3px;background:{color}">'
            "</div></div>",
            f'<span style="font-variant-numeric:tabular-nums">{shown}</span>',
        ]
    st.html(
        '<div style="display:grid;grid-template-columns:max-content minmax(80px,1fr) '
        'max-content;gap:6px 10px;align-items:center;max-width:560px;font-size:0.9rem">'
        f"{''.join(rows)}</div>"
    )


def _closing(gap: float, summary: Summary, pillars: list[str]) -> None:
    language = lang()
    answers = data.latest_answers()
    actions = (
        rank_actions(answers) if answers else rank_actions_for_snapshot(summary.latest_pillars)
    )
    chosen = closing_actions(actions, gap, data.done_actions(), pillars)
    if gap <= 0 and not pillars:
        return
    if not chosen:
        st.caption(tr("goal.close_gap_none"))
        return
    st.markdown(tr("goal.close_gap", gap=fmt_number(gap, language, 1)))
    total = sum(action.points for action in chosen)
    for action in chosen:
        st.markdown(
            "- "
            + tr(
                "goal.action_line",
                points=fmt_number(action.points, language, 1),
                text=action.text(language),
                pillar=PILLAR_BY_ID[action.pillar].label(language),
            )
        )
    if total < gap:  # the few biggest do not cover it: say so, and where the rest is
        st.caption(tr("goal.close_gap_partial", points=fmt_number(total, language, 1)))
        st.page_link("pages/plan.py", label=tr("overview.to_plan"), icon=":material/task_alt:")


def _form(goal: Goal | None, ssi: float) -> None:
    language = lang()
    today = date.today()
    with st.form("goal_form", border=False):
        left, right = st.columns(2)
        target = left.number_input(
            tr("goal.target"),
            min_value=1.0,
            max_value=SSI_MAX,
            step=1.0,
            value=goal.target_ssi if goal else float(min(round(ssi) + NEW_GOAL_POINTS, SSI_MAX)),
            format="%.0f",
            help=tr("goal.target_help"),
            key="goal_target",
        )
        when = right.date_input(
            tr("goal.date"),
            # A goal whose date has passed opens on tomorrow: the field takes no past day.
            value=max(goal.target_date, today + timedelta(days=1))
            if goal
            else today + timedelta(days=NEW_GOAL_DAYS),
            min_value=today + timedelta(days=1),
            format=date_input_format(language),
            key="goal_date",
        )
        st.caption(tr("goal.pillars"))
        columns = st.columns(4)
        pillar_targets = {
            pid: column.number_input(
                PILLAR_BY_ID[pid].label(language),
                min_value=0.0,
                max_value=25.0,
                step=0.5,
                value=(goal.pillar_targets.get(pid) if goal else None),
                format="%.1f",
                key=f"goal_pillar_{pid}",
            )
            for pid, column in zip(PILLAR_IDS, columns, strict=True)
        }
        group_col, pct_col = st.columns(2)
        groups = [None, "industry", "network"]
        rank_group = group_col.selectbox(
            tr("goal.rank_group"),
            groups,
            index=groups.index(goal.rank_group) if goal else 0,
            format_func=lambda g: tr(f"goal.rank_{g or 'none'}"),
            key="goal_rank_group",
        )
        rank_pct = pct_col.number_input(
            tr("goal.rank_pct"),
            min_value=0.1,
            max_value=100.0,
            step=1.0,
            value=goal.rank_top_pct if goal else None,
            format="%.1f",
            key="goal_rank_pct",
        )
        if st.form_submit_button(tr("goal.save"), icon=":material/flag:", key="goal_save"):
            try:
                new_goal = check_goal(
                    target,
                    when,
                    {pid: v or None for pid, v in pillar_targets.items()},
                    rank_group,
                    rank_pct if rank_group else None,
                    today=today,
                )
            except SSIError as error:
                st.error(data.user_message(error))
            else:
                data.set_goal(new_goal)
                st.toast(tr("goal.saved"), icon=":material/check:")
                st.rerun()
    if goal is not None and st.button(
        tr("goal.remove"), icon=":material/delete:", key="goal_remove"
    ):
        data.set_goal(None)
        st.toast(tr("goal.removed"), icon=":material/check:")
        st.rerun()


# --- the report ------------------------------------------------------------------------------


def report_panel() -> None:
    """The one-page report, made on the server when the button is clicked. Its options and
    button are drawn only while the section is open (they cost 3 ms of every My SSI rerun)."""
    section = st.expander(
        tr("report_ui.title"),
        icon=":material/picture_as_pdf:",
        key="report_section",
        on_change="rerun",
    )
    if not section.open:
        return
    with section:
        _report_options()


def _report_options() -> None:
    language = lang()
    st.caption(tr("report_ui.help"))
    fmt_col, paper_col, button_col = st.columns([1, 1, 2], vertical_alignment="bottom")
    fmt = fmt_col.selectbox(
        tr("report_ui.format"), FORMATS, format_func=str.upper, key="report_format"
    )
    paper = paper_col.selectbox(
        tr("report_ui.paper"),
        list(PAPERS),
        format_func=lambda p: tr(f"report_ui.paper_{p}"),
        key="report_paper",
    )
    inputs = data.report_inputs()
    today = date.today()
    button_col.download_button(
        tr("report_ui.download"),
        # A callable runs only on the click: a page of charts takes about a second to render.
        lambda: render_report(inputs, fmt, language, paper, today),
        file_name=file_name(inputs.profile, fmt, today),
        mime="application/pdf" if fmt == "pdf" else "image/png",
        icon=":material/picture_as_pdf:",
        key="report_download",
        on_click="ignore",
    )
