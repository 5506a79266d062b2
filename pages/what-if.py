"""What-if: start from the latest answers, move them, and see what each pillar would become."""

import app_state

app_state.guard()

import streamlit as st  # noqa: E402

import ui_widgets  # noqa: E402
from ssi_core import charts  # noqa: E402
from ssi_core.advice import top_actions  # noqa: E402
from ssi_core.estimate import estimate  # noqa: E402
from ssi_core.i18n import fmt_number  # noqa: E402
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS  # noqa: E402
from ssi_core.questionnaire import load_questionnaire, validate_answers  # noqa: E402

tr, lang, profile = app_state.tr, app_state.lang(), app_state.profile()
questionnaire = load_questionnaire()

# The starting point: the latest saved assessment, else the questionnaire draft, else nothing.
saved = app_state.latest_answers()
draft = st.session_state.get("assessment_drafts", {}).get(profile)
base_answers = validate_answers(
    {k: v for k, v in (saved or draft or {}).items() if k in questionnaire.by_id}, questionnaire
)
# The starting point's estimate and its three best changes: the same on every slider move.
base, best = app_state.computed(
    ("what_if_base", questionnaire.version, tuple(sorted(base_answers.items()))),
    lambda: (
        estimate(base_answers, questionnaire),
        top_actions(base_answers, n=3, questionnaire=questionnaire),
    ),
)

scenarios = st.session_state.setdefault("what_if", {})
if st.session_state.get("what_if_profile") != profile or profile not in scenarios:
    scenarios[profile] = dict(base_answers)
    for question in questionnaire.questions:
        st.session_state.pop(f"wi_{question.id}", None)
    st.session_state["what_if_profile"] = profile
scenario = scenarios[profile]

st.title(tr("what_if.title"))
if saved is None:
    st.info(tr("what_if.no_assessment"), icon=":material/info:")
    st.page_link(
        "pages/assessment.py", label=tr("what_if.to_assessment"), icon=":material/checklist:"
    )
else:
    st.caption(tr("what_if.intro"))

# --- the three changes worth most -------------------------------------------------------------

if best:
    st.subheader(tr("what_if.top_three"), anchor=False)
    for column, action in zip(st.columns(len(best), border=True), best, strict=True):
        with column:
            st.markdown(
                f"**+{fmt_number(action.points, lang, 1)}** · "
                f"{PILLAR_BY_ID[action.pillar].short(lang)}\n\n{action.text(lang)}"
            )

# --- sliders and the result side by side ------------------------------------------------------

controls, result = st.columns([3, 2], gap="large")
with controls:
    # Only the open tab's sliders are drawn (a slider move reruns the page: 8 widgets, not 32);
    # a tab's widgets are seeded from the scenario again when it opens.
    pillar_tabs = st.tabs(
        [PILLAR_BY_ID[pid].short(lang) for pid in PILLAR_IDS],
        key="what_if_pillar",
        on_change="rerun",
    )
    for tab, pid in zip(pillar_tabs, PILLAR_IDS, strict=True):
        if tab.open:
            with tab:
                for question in questionnaire.for_pillar(pid):
                    scenario[question.id] = ui_widgets.answer_input(
                        question, "wi", scenario[question.id]
                    )
    if st.button(tr("what_if.reset"), icon=":material/restart_alt:", key="what_if_reset"):
        scenarios.pop(profile, None)
        st.session_state.pop("what_if_profile", None)
        st.rerun()

changed = estimate(scenario, questionnaire)
with result, st.container(key="what_if_result"):
    st.metric(
        tr("what_if.would_be"),
        f"{fmt_number(changed.ssi, lang, 1)} / 100",
        delta=fmt_number(changed.ssi - base.ssi, lang, 1)
        if abs(changed.ssi - base.ssi) >= 0.05
        else None,
        help=tr("what_if.help"),
    )
    app_state.chart(
        "what_if_bars",
        lambda: charts.pillar_bars(
            changed.pillars,
            {
                **app_state.chart_labels(),
                "current": tr("chart.what_if"),
                "compare": tr("chart.now"),
            },
            lang,
            compare=base.pillars,
        ),
        tuple(changed.pillars.items()),
        tuple(base.pillars.items()),
        width="stretch",
    )
    st.caption(tr("what_if.legend"))
