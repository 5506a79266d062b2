"""Action plan: the ranked actions grouped by pillar, ticked off as done (stored per profile)."""

from __future__ import annotations

import streamlit as st

from ssi_app import data, explain
from ssi_app.session import lang, tr
from ssi_core.advice import Action, rank_actions, rank_actions_for_snapshot
from ssi_core.coaching import Standing, behind_groups_first, group_standings, points_available
from ssi_core.i18n import fmt_date, fmt_number, fmt_points
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS

# The plan's first section: this many open actions that add the most.
THIS_WEEK = 3


def render() -> None:
    st.title(tr("plan.title"))
    answers = data.latest_answers()
    summary = data.summary()
    if answers is not None:
        actions = rank_actions(answers)
        st.caption(tr("plan.from_assessment"))
    elif summary is not None:
        actions = rank_actions_for_snapshot(summary.latest_pillars)
        st.caption(tr("plan.from_measured"))
    else:
        st.info(tr("plan.empty"), icon=":material/info:")
        st.page_link(
            "pages/assessment.py", label=tr("plan.to_assessment"), icon=":material/checklist:"
        )
        st.page_link(
            "pages/import.py", label=tr("empty.plan_or_import"), icon=":material/upload_file:"
        )
        return
    # Where the measured pillars trail the industry's or the network's, those pillars lead.
    standings = (
        group_standings(summary.latest_pillars, summary.latest_group_pillars) if summary else []
    )
    if any(s.behind_by > 0 for s in standings):
        order = behind_groups_first(dict.fromkeys(a.pillar for a in actions), standings)
        actions = sorted(actions, key=lambda a: order.index(a.pillar))
        st.caption(tr("groups.plan_order"))
    done = data.done_actions()
    open_actions = [a for a in actions if a.id not in done]
    left, middle, right = st.columns(3)
    left.metric(tr("plan.open_actions"), len(open_actions))
    middle.metric(tr("plan.done_actions"), len(actions) - len(open_actions))
    right.metric(
        tr("plan.points_available"),
        f"+{fmt_number(points_available(actions, done), lang(), 1)}",
    )
    _this_week(open_actions)
    _every_action(actions, done, {s.pillar: s for s in standings})


def _this_week(open_actions: list[Action]) -> None:
    language = lang()
    st.header(tr("plan.this_week"), anchor=False)
    for action in sorted(open_actions, key=lambda a: -a.points)[:THIS_WEEK]:
        with st.container(border=True):
            st.markdown(
                f"**+{fmt_number(action.points, language, 1)}** · "
                f"{PILLAR_BY_ID[action.pillar].label(language)}",
                help=explain.pillar_help(action.pillar),
            )
            st.write(action.text(language))


def _toggle(action_id: str) -> None:
    data.set_action_done(action_id, st.session_state[f"done_{action_id}"])


def _every_action(actions: list[Action], done: dict, standings: dict[str, Standing]) -> None:
    """Every action, weakest pillar first; a pillar's checkboxes only while its section is open."""
    language = lang()
    st.header(tr("plan.all_actions"), anchor=False)
    for pid in dict.fromkeys(a.pillar for a in actions):
        pillar_actions = [a for a in actions if a.pillar == pid]
        gain = sum(a.points for a in pillar_actions if a.id not in done)
        section = st.expander(
            f"{PILLAR_BY_ID[pid].label(language)} · +{fmt_number(gain, language, 1)}",
            expanded=pid == actions[0].pillar,
            key=f"plan_section_{pid}",
            on_change="rerun",
        )
        if not section.open:
            continue
        with section:
            st.caption(explain.pillar_summary(pid), help=explain.pillar_help(pid))
            if pid in standings:
                behind = standings[pid].behind_by
                st.caption(
                    tr("groups.plan_behind", gap=fmt_points(behind, language))
                    if behind > 0
                    else tr("groups.plan_ahead")
                )
            for action in pillar_actions:
                key = f"done_{action.id}"
                st.session_state[key] = action.id in done
                label = f"{action.text(language)} **(+{fmt_number(action.points, language, 1)})**"
                if action.id in done:
                    label += f" · {tr('plan.done_on', date=fmt_date(done[action.id], language))}"
                st.checkbox(label, key=key, on_change=_toggle, args=(action.id,))
    planned = {a.pillar for a in actions}
    for pid in PILLAR_IDS:
        if pid not in planned:
            st.caption(tr("plan.pillar_maxed", pillar=PILLAR_BY_ID[pid].label(language)))
