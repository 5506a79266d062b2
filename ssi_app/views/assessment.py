"""Self-assessment: the questionnaire per pillar, the live estimate and the points behind it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ssi_app import archive_fill, data, explain, widgets
from ssi_app.session import lang, tr
from ssi_core import history
from ssi_core.coaching import starting_answers
from ssi_core.estimate import Estimate, estimate
from ssi_core.i18n import fmt_date, fmt_points
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS, PILLAR_MAX
from ssi_core.questionnaire import Questionnaire, load_questionnaire

PREFIX = "q"


def render() -> None:
    questionnaire = load_questionnaire()
    draft = widgets.answer_draft(
        PREFIX, questionnaire, lambda: starting_answers(data.latest_answers(), questionnaire)
    )

    st.title(tr("assessment.title"))
    st.caption(tr("assessment.intro", count=len(questionnaire.questions)))
    with st.container(border=True, key="assessment_archive"):
        # Before the estimate: a new archive changes the draft it is made from.
        archive_fill.panel(questionnaire, PREFIX, draft)
    current = estimate(draft, questionnaire)
    with st.container(border=True, key="assessment_estimate"):
        widgets.estimate_metrics(current)
        _save(draft, current)
    explain.archive_guide()
    _questions(questionnaire, draft, current)
    _beside_measured(current)


def _save(draft: dict, current: Estimate) -> None:
    language = lang()
    save_col, note_col = st.columns([1, 3], vertical_alignment="center")
    if save_col.button(
        tr("assessment.save"), type="primary", key="assessment_save", icon=":material/save:"
    ):
        data.save_assessment(draft, current, archive_fill.sources(draft))
        st.session_state["assessment_just_saved"] = current.ssi
    last_saved = data.latest_assessment()
    if "assessment_just_saved" in st.session_state:
        saved_ssi = st.session_state.pop("assessment_just_saved")
        note_col.success(
            tr("assessment.saved", ssi=fmt_points(saved_ssi, language)),
            icon=":material/check_circle:",
        )
    elif last_saved is not None:
        note_col.caption(
            tr(
                "assessment.last_saved",
                count=data.assessment_count(),
                date=fmt_date(last_saved["date"], language),
            )
        )


# --- the questions, a tab per pillar, each with its points ------------------------------------


def _questions(questionnaire: Questionnaire, draft: dict, current: Estimate) -> None:
    language = lang()
    # Only the open tab is drawn (every answer reruns the page: 8 widgets, not 32), and its
    # breakdown only when expanded. Tab labels stay fixed so the open tab survives a new answer;
    # each pillar's points are in the metrics above.
    tabs = st.tabs(
        [PILLAR_BY_ID[pid].short(language) for pid in PILLAR_IDS],
        key="assessment_pillar",
        on_change="rerun",
    )
    for tab, pid in zip(tabs, PILLAR_IDS, strict=True):
        if not tab.open:
            continue
        with tab:
            st.markdown(
                f"**{PILLAR_BY_ID[pid].label(language)}** · "
                f"{fmt_points(current.pillars[pid], language)} / {PILLAR_MAX:g}",
                help=explain.pillar_help(pid),
            )
            for question in questionnaire.for_pillar(pid):
                draft[question.id] = widgets.answer_input(question, PREFIX, draft[question.id])
                archive_fill.note(question, draft[question.id])
            breakdown = st.expander(
                tr("assessment.breakdown"), key=f"assessment_breakdown_{pid}", on_change="rerun"
            )
            if breakdown.open:
                factors = current.factors_for(pid)
                breakdown.dataframe(
                    pd.DataFrame(
                        {
                            tr("assessment.question"): [
                                questionnaire.by_id[f.question].label(language) for f in factors
                            ],
                            tr("assessment.points"): [round(f.points, 2) for f in factors],
                            tr("assessment.max_points"): [round(f.max_points, 2) for f in factors],
                            tr("assessment.to_gain"): [round(f.remaining, 2) for f in factors],
                        }
                    ),
                    hide_index=True,
                    width="stretch",
                )


# --- beside the measured SSI ----------------------------------------------------------------


def _beside_measured(current: Estimate) -> None:
    language = lang()
    measured = data.summary()
    if measured is None or any(measured.latest_pillars.get(p) is None for p in PILLAR_IDS):
        return
    st.header(tr("assessment.compare_title"), anchor=False)
    st.caption(tr("assessment.compare_intro", date=fmt_date(measured.latest_date, language)))
    differences = history.compare_estimate(measured.latest_pillars, current.pillars)
    # The groups' averages of each pillar, where an import brought them.
    groups = {
        group: averages
        for group, averages in measured.latest_group_pillars.items()
        if any(value is not None for value in averages.values())
    }
    widgets.markdown_table(
        [
            tr("assessment.pillar"),
            tr("assessment.estimated"),
            tr("assessment.measured"),
            tr("assessment.difference"),
            *(tr(f"chart.{group}_ssi") for group in groups),
        ],
        [
            [
                PILLAR_BY_ID[p].label(language),
                fmt_points(current.pillars[p], language),
                fmt_points(measured.latest_pillars[p], language),
                fmt_points(differences[p], language),
                *(fmt_points(averages.get(p), language) for averages in groups.values()),
            ]
            for p in PILLAR_IDS
        ],
        align=":--|--:|--:|--:" + "|--:" * len(groups),
    )
