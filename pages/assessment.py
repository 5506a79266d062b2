"""Self-assessment: the questionnaire per pillar, the live estimate and the points behind it."""

import app_state

app_state.guard()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import ui_widgets  # noqa: E402
from ssi_core import history  # noqa: E402
from ssi_core.estimate import estimate  # noqa: E402
from ssi_core.i18n import fmt_date, fmt_points  # noqa: E402
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS, PILLAR_MAX  # noqa: E402
from ssi_core.questionnaire import load_questionnaire, validate_answers  # noqa: E402

tr, lang, profile = app_state.tr, app_state.lang(), app_state.profile()
questionnaire = load_questionnaire()
store = app_state.get_store()

# The draft survives page switches: widgets are seeded from it and write back to it.
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
# The widgets' latest values are in session state before they are drawn: the estimate at the
# top of the page already reflects the answer just changed. (One copy of the state: 32 look-ups
# through st.session_state cost four times as much.)
state = st.session_state.to_dict()
for question in questionnaire.questions:
    draft[question.id] = state.get(f"q_{question.id}", draft[question.id])
current = estimate(draft, questionnaire)

st.title(tr("assessment.title"))
st.caption(tr("assessment.intro", count=len(questionnaire.questions)))

# --- the live estimate and saving -------------------------------------------------------------

with st.container(border=True, key="assessment_estimate"):
    ui_widgets.estimate_metrics(current)
    save_col, note_col = st.columns([1, 3], vertical_alignment="center")
    if save_col.button(
        tr("assessment.save"), type="primary", key="assessment_save", icon=":material/save:"
    ):
        store.save_assessment(profile, dict(draft), current.pillars, current.questionnaire_version)
        app_state.written()
        st.session_state["assessment_just_saved"] = current.ssi
    last_saved = app_state.latest_assessment()
    if "assessment_just_saved" in st.session_state:
        note_col.success(
            tr(
                "assessment.saved",
                ssi=fmt_points(st.session_state.pop("assessment_just_saved"), lang),
            ),
            icon=":material/check_circle:",
        )
    elif last_saved is not None:
        note_col.caption(
            tr(
                "assessment.last_saved",
                count=app_state.assessment_count(),
                date=fmt_date(last_saved["date"], lang),
            )
        )

# --- the questions, a tab per pillar, each with its points ------------------------------------

# Only the open tab is drawn (every answer reruns the page: 8 widgets, not 32), and its
# breakdown only when expanded. Tab labels stay fixed so the open tab survives a new answer;
# each pillar's points are in the metrics above.
tabs = st.tabs(
    [PILLAR_BY_ID[pid].short(lang) for pid in PILLAR_IDS],
    key="assessment_pillar",
    on_change="rerun",
)
for tab, pid in zip(tabs, PILLAR_IDS, strict=True):
    if not tab.open:
        continue
    with tab:
        st.markdown(
            f"**{PILLAR_BY_ID[pid].label(lang)}** · "
            f"{fmt_points(current.pillars[pid], lang)} / {PILLAR_MAX:g}"
        )
        for question in questionnaire.for_pillar(pid):
            draft[question.id] = ui_widgets.answer_input(question, "q", draft[question.id])
        breakdown = st.expander(
            tr("assessment.breakdown"), key=f"assessment_breakdown_{pid}", on_change="rerun"
        )
        if breakdown.open:
            breakdown.dataframe(
                pd.DataFrame(
                    {
                        tr("assessment.question"): [
                            questionnaire.by_id[f.question].label(lang)
                            for f in current.factors_for(pid)
                        ],
                        tr("assessment.points"): [
                            round(f.points, 2) for f in current.factors_for(pid)
                        ],
                        tr("assessment.max_points"): [
                            round(f.max_points, 2) for f in current.factors_for(pid)
                        ],
                        tr("assessment.to_gain"): [
                            round(f.remaining, 2) for f in current.factors_for(pid)
                        ],
                    }
                ),
                hide_index=True,
                width="stretch",
            )

# --- beside the measured SSI ----------------------------------------------------------------

measured = app_state.summary()
if measured is not None and all(measured.latest_pillars.get(p) is not None for p in PILLAR_IDS):
    st.subheader(tr("assessment.compare_title"), anchor=False)
    st.caption(tr("assessment.compare_intro", date=fmt_date(measured.latest_date, lang)))
    differences = history.compare_estimate(measured.latest_pillars, current.pillars)
    # Four rows: a Markdown table, drawn without the cost of a data grid on every answer.
    header = [
        tr("assessment.pillar"),
        tr("assessment.measured"),
        tr("assessment.estimated"),
        tr("assessment.difference"),
    ]
    rows = [
        [
            PILLAR_BY_ID[p].label(lang),
            fmt_points(measured.latest_pillars[p], lang),
            fmt_points(current.pillars[p], lang),
            fmt_points(differences[p], lang),
        ]
        for p in PILLAR_IDS
    ]
    st.markdown(
        "\n".join(
            [
                "| " + " | ".join(header) + " |",
                "|:--|--:|--:|--:|",
                *("| " + " | ".join(row) + " |" for row in rows),
            ]
        )
    )
