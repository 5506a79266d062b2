"""What-if: start from the latest answers, move them, and see what each pillar would become."""

from __future__ import annotations

import streamlit as st

from ssi_app import charts, data, explain, widgets
from ssi_app.charts.pillars import pillar_bars_spec
from ssi_app.session import lang, tr
from ssi_app.views.assessment import PREFIX as ASSESSMENT
from ssi_core.advice import top_actions
from ssi_core.coaching import starting_answers
from ssi_core.estimate import estimate
from ssi_core.i18n import fmt_number
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS
from ssi_core.questionnaire import load_questionnaire

PREFIX = "wi"


def render() -> None:
    language = lang()
    questionnaire = load_questionnaire()
    # The starting point: the latest saved assessment, else the questionnaire's draft.
    saved = data.latest_answers()
    base_answers = starting_answers(saved or widgets.saved_draft(ASSESSMENT), questionnaire)
    # The starting point's estimate and its three best changes: the same on every slider move.
    base, best = data.computed(
        ("what_if_base", questionnaire.version, tuple(sorted(base_answers.items()))),
        lambda: (
            estimate(base_answers, questionnaire),
            top_actions(base_answers, n=3, questionnaire=questionnaire),
        ),
    )
    scenario = widgets.answer_draft(PREFIX, questionnaire, lambda: dict(base_answers))

    st.title(tr("what_if.title"))
    if saved is None:
        st.info(tr("what_if.no_assessment"), icon=":material/info:")
        st.page_link(
            "pages/assessment.py", label=tr("what_if.to_assessment"), icon=":material/checklist:"
        )
    else:
        st.caption(tr("what_if.intro"))

    if best:
        st.header(tr("what_if.top_three"), anchor=False)
        for column, action in zip(st.columns(len(best), border=True), best, strict=True):
            with column:
                st.markdown(
                    f"**+{fmt_number(action.points, language, 1)}** · "
                    f"{PILLAR_BY_ID[action.pillar].short(language)}\n\n{action.text(language)}",
                    help=explain.pillar_help(action.pillar),
                )

    controls, result = st.columns([3, 2], gap="large")
    with controls:
        # Only the open tab's sliders are drawn (a slider move reruns the page: 8 widgets, not
        # 32); a tab's widgets are seeded from the scenario again when it opens.
        pillar_tabs = st.tabs(
            [PILLAR_BY_ID[pid].short(language) for pid in PILLAR_IDS],
            key="what_if_pillar",
            on_change="rerun",
        )
        for tab, pid in zip(pillar_tabs, PILLAR_IDS, strict=True):
            if tab.open:
                with tab:
                    for question in questionnaire.for_pillar(pid):
                        scenario[question.id] = widgets.answer_input(
                            question, PREFIX, scenario[question.id]
                        )
        if st.button(tr("what_if.reset"), icon=":material/restart_alt:", key="what_if_reset"):
            widgets.drop_draft(PREFIX)
            st.rerun()

    changed = estimate(scenario, questionnaire)
    with result, st.container(key="what_if_result"):
        st.metric(
            tr("what_if.would_be"),
            f"{fmt_number(changed.ssi, language, 1)} / 100",
            delta=fmt_number(changed.ssi - base.ssi, language, 1)
            if abs(changed.ssi - base.ssi) >= 0.05
            else None,
            help=tr("what_if.help"),
        )
        words = {**charts.labels(), "current": tr("chart.what_if"), "compare": tr("chart.now")}
        charts.draw(
            "what_if_bars",
            lambda: pillar_bars_spec(changed.pillars, words, language, compare=base.pillars),
            tuple(changed.pillars.items()),
            tuple(base.pillars.items()),
            words=words,
            width="stretch",
        )
        st.caption(tr("what_if.legend"))
        explain.pillar_notes("what_if_pillar_note")
