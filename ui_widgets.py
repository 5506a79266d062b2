"""Streamlit widgets shared by pages: questionnaire inputs that keep their answers across pages."""

from __future__ import annotations

import streamlit as st

import app_state
from ssi_core.estimate import Estimate
from ssi_core.i18n import fmt_number
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS
from ssi_core.questionnaire import Question


def answer_input(question: Question, prefix: str, value) -> object:
    """One question as its widget; the widget's state is seeded from `value` on first draw.

    Streamlit forgets the state of widgets that a page switch does not draw, so the caller keeps
    the answers elsewhere and seeds the widget each time it appears.
    """
    lang = app_state.lang()
    key = f"{prefix}_{question.id}"
    if key not in st.session_state:
        st.session_state[key] = value
    label = question.label(lang)
    help_text = question.help(lang)
    if question.kind == "bool":
        return st.checkbox(label, key=key, help=help_text)
    if question.kind == "choice":
        options = question.option_values()
        return st.select_slider(
            label,
            options=options,
            format_func=lambda v: question.option(v).label(lang),
            key=key,
            help=help_text,
        )
    unit = question.unit(lang).replace("%", "%%")
    return st.slider(
        label,
        min_value=question.min,
        max_value=question.max,
        step=question.step or 1,
        format=("%d" + ("" if unit.startswith("%") else " ") + unit) if unit else "%d",
        key=key,
        help=help_text,
    )


def estimate_metrics(estimate: Estimate, compare: Estimate | None = None) -> None:
    """The total and the four pillars as metrics, with deltas against `compare` when given."""
    lang, tr = app_state.lang(), app_state.tr
    columns = st.columns(5)
    delta = None if compare is None else estimate.ssi - compare.ssi
    columns[0].metric(
        f"{tr('assessment.estimated_ssi')}",
        f"{fmt_number(estimate.ssi, lang, 1)}",
        delta=None if delta is None or abs(delta) < 0.05 else fmt_number(delta, lang, 1),
    )
    for column, pid in zip(columns[1:], PILLAR_IDS, strict=True):
        delta = None if compare is None else estimate.pillars[pid] - compare.pillars[pid]
        column.metric(
            PILLAR_BY_ID[pid].short(lang),
            f"{fmt_number(estimate.pillars[pid], lang, 1)} / 25",
            delta=None if delta is None or abs(delta) < 0.05 else fmt_number(delta, lang, 1),
        )
