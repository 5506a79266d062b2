"""Action plan: the ranked actions grouped by pillar, ticked off as done (stored per profile)."""

import app_state

app_state.guard()

import streamlit as st  # noqa: E402

from ssi_core.advice import rank_actions, rank_actions_for_snapshot  # noqa: E402
from ssi_core.i18n import fmt_date, fmt_number  # noqa: E402
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS  # noqa: E402

tr, lang, profile = app_state.tr, app_state.lang(), app_state.profile()
store = app_state.get_store()

st.title(tr("plan.title"))

answers = app_state.latest_answers()
summary = app_state.summary()
if answers is not None:
    actions = rank_actions(answers)
    st.caption(tr("plan.from_assessment"))
elif summary is not None:
    actions = rank_actions_for_snapshot(summary.latest_pillars)
    st.caption(tr("plan.from_measured"))
else:
    st.info(tr("plan.empty"), icon=":material/info:")
    st.page_link("pages/assessment.py", label=tr("plan.to_assessment"), icon=":material/checklist:")
    st.stop()

done = app_state.done_actions()


def toggle(action_id: str) -> None:
    store.set_action_done(profile, action_id, st.session_state[f"done_{action_id}"])
    app_state.written()


open_actions = [a for a in actions if a.id not in done]
left, middle, right = st.columns(3)
left.metric(tr("plan.open_actions"), len(open_actions))
middle.metric(tr("plan.done_actions"), len([a for a in actions if a.id in done]))
# Several actions can close the same gap: count each question's best action once.
best_per_question: dict[str, float] = {}
for action in open_actions:
    best_per_question[action.question] = max(
        best_per_question.get(action.question, 0), action.points
    )
right.metric(
    tr("plan.points_available"), f"+{fmt_number(sum(best_per_question.values()), lang, 1)}"
)

# --- this week: the three open actions that add the most -------------------------------------

st.subheader(tr("plan.this_week"), anchor=False)
for action in sorted(open_actions, key=lambda a: -a.points)[:3]:
    with st.container(border=True):
        st.markdown(
            f"**+{fmt_number(action.points, lang, 1)}** · {PILLAR_BY_ID[action.pillar].label(lang)}"
        )
        st.write(action.text(lang))

# --- every action, weakest pillar first --------------------------------------------------------

st.subheader(tr("plan.all_actions"), anchor=False)
for pid in dict.fromkeys(a.pillar for a in actions):
    pillar_actions = [a for a in actions if a.pillar == pid]
    gain = sum(a.points for a in pillar_actions if a.id not in done)
    # A pillar's checkboxes are drawn only while its section is open.
    section = st.expander(
        f"{PILLAR_BY_ID[pid].label(lang)} · +{fmt_number(gain, lang, 1)}",
        expanded=pid == actions[0].pillar,
        key=f"plan_section_{pid}",
        on_change="rerun",
    )
    if not section.open:
        continue
    with section:
        for action in pillar_actions:
            key = f"done_{action.id}"
            st.session_state[key] = action.id in done
            label = f"{action.text(lang)} **(+{fmt_number(action.points, lang, 1)})**"
            if action.id in done:
                label += f" · {tr('plan.done_on', date=fmt_date(done[action.id], lang))}"
            st.checkbox(label, key=key, on_change=toggle, args=(action.id,))

missing = [pid for pid in PILLAR_IDS if pid not in {a.pillar for a in actions}]
for pid in missing:
    st.caption(tr("plan.pillar_maxed", pillar=PILLAR_BY_ID[pid].label(lang)))
