"""Self-assessment: the questionnaire per pillar, the live estimate and the points behind it."""

import app_state

app_state.guard()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import ui_widgets  # noqa: E402
from ssi_core import charts, history  # noqa: E402
from ssi_core.estimate import estimate  # noqa: E402
from ssi_core.i18n import fmt_date, fmt_number  # noqa: E402
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS  # noqa: E402
from ssi_core.questionnaire import load_questionnaire, validate_answers  # noqa: E402

tr, lang, profile = app_state.tr, app_state.lang(), app_state.profile()
questionnaire = load_questionnaire()
store = app_state.get_store()

# The draft survives page switches: widgets are seeded from it, and write back to it on change.
drafts = st.session_state.setdefault("assessment_drafts", {})
if profile not in drafts:
    saved = app_state.latest_answers() or {}
    # Answers to questions a newer questionnaire dropped are left out, not rejected.
    drafts[profile] = validate_answers(
        {k: v for k, v in saved.items() if k in questionnaire.by_id}, questionnaire
    )
if st.session_state.get("assessment_profile") != profile:
    # The widgets still hold another profile's answers: reseed them from this profile's draft.
    for question in questionnaire.questions:
        st.session_state.pop(f"q_{question.id}", None)
    st.session_state["assessment_profile"] = profile
draft = drafts[profile]


st.title(tr("assessment.title"))
st.caption(tr("assessment.intro", count=len(questionnaire.questions)))

# --- the questions, a tab per pillar ----------------------------------------------------------

tabs = st.tabs([PILLAR_BY_ID[pid].label(lang) for pid in PILLAR_IDS])
for tab, pid in zip(tabs, PILLAR_IDS, strict=True):
    with tab:
        for question in questionnaire.for_pillar(pid):
            draft[question.id] = ui_widgets.answer_input(question, "q", draft[question.id])

current = estimate(draft, questionnaire)

# --- the live estimate --------------------------------------------------------------------------

st.divider()
st.subheader(tr("assessment.your_estimate"), anchor=False)
ui_widgets.estimate_metrics(current)

measured = history.summarise(app_state.snapshots())
if measured is not None and all(measured.latest_pillars.get(pid) is not None for pid in PILLAR_IDS):
    st.markdown(tr("assessment.compare_intro", date=fmt_date(measured.latest_date, lang)))
    differences = history.compare_estimate(measured.latest_pillars, current.pillars)
    st.dataframe(
        pd.DataFrame(
            {
                tr("assessment.pillar"): [PILLAR_BY_ID[p].label(lang) for p in PILLAR_IDS],
                tr("assessment.measured"): [
                    fmt_number(measured.latest_pillars[p], lang, 2) for p in PILLAR_IDS
                ],
                tr("assessment.estimated"): [
                    fmt_number(current.pillars[p], lang, 2) for p in PILLAR_IDS
                ],
                tr("assessment.difference"): [
                    fmt_number(differences[p], lang, 2) for p in PILLAR_IDS
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.altair_chart(
        charts.pillar_bars(current.pillars, app_state.chart_labels(), lang), width="stretch"
    )

# --- where the points come from ---------------------------------------------------------------

with st.expander(tr("assessment.breakdown"), expanded=False):
    rows = [
        {
            tr("assessment.pillar"): PILLAR_BY_ID[f.pillar].short(lang),
            tr("assessment.question"): questionnaire.by_id[f.question].label(lang),
            tr("assessment.points"): round(f.points, 2),
            tr("assessment.max_points"): round(f.max_points, 2),
            tr("assessment.to_gain"): round(f.remaining, 2),
        }
        for f in current.factors
    ]
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            tr("assessment.points"): st.column_config.ProgressColumn(
                tr("assessment.points"), min_value=0, max_value=6, format="%.2f"
            ),
        },
    )

# --- save ---------------------------------------------------------------------------------------

if st.button(tr("assessment.save"), type="primary", key="assessment_save", icon=":material/save:"):
    store.save_assessment(profile, dict(draft), current.pillars, current.questionnaire_version)
    app_state.written()
    st.success(
        tr("assessment.saved", ssi=fmt_number(current.ssi, lang, 1)), icon=":material/check_circle:"
    )
    st.page_link("pages/plan.py", label=tr("assessment.to_plan"), icon=":material/task_alt:")
