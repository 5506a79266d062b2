"""What is the SSI: the score, what LinkedIn looks at per pillar, the groups and "Top N%", how
often it changes, why it matters, and why the app's estimates are guides."""

from __future__ import annotations

import streamlit as st

from ssi_app.explain import IMPORT_PAGE, pillar_looks_at, pillar_summary
from ssi_app.session import lang, tr
from ssi_core.pillars import PILLARS

# After the pillars: the groups and ranks, how often it changes, why it matters, the formula.
SECTIONS = ("groups", "changes", "why", "formula")


def render() -> None:
    language = lang()
    st.title(tr("about.title"))
    st.markdown(tr("about.intro"))

    st.header(tr("about.score_title"), anchor="score")
    st.markdown(tr("about.score"))

    st.header(tr("about.pillars_title"), anchor="pillars")
    for row in (PILLARS[:2], PILLARS[2:]):
        for column, pillar in zip(st.columns(2, border=True), row, strict=True):
            with column, st.container(key=f"about_{pillar.id}"):
                st.markdown(f"### {pillar.label(language)}")
                st.markdown(f"*{pillar_summary(pillar.id)}*")
                st.markdown(f"**{tr('about.looks_at')}**")
                st.markdown(pillar_looks_at(pillar.id))

    for section in SECTIONS:
        st.header(tr(f"about.{section}_title"), anchor=section)
        st.markdown(tr(f"about.{section}"))

    st.header(tr("about.start_title"), anchor="start")
    st.markdown(tr("about.start"))
    guide, questionnaire = st.columns(2)
    guide.page_link(IMPORT_PAGE, label=tr("about.to_guide"), icon=":material/upload_file:")
    questionnaire.page_link(
        "pages/assessment.py", label=tr("about.to_assessment"), icon=":material/checklist:"
    )
