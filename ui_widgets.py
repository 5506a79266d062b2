"""Streamlit widgets shared by pages: questionnaire inputs that keep their answers across pages."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import streamlit as st

import app_state
from ssi_core.estimate import Estimate
from ssi_core.i18n import fmt_number, fmt_points
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_COLORS, PILLAR_IDS, PILLAR_MAX, PILLARS
from ssi_core.questionnaire import Question

# The look of charts.pillar_bars: a grey track, the pillar's colour, "21.4 / 25" after it.
_METERS = (
    "display:grid;grid-template-columns:max-content minmax(6rem,1fr) max-content;"
    "gap:0.95rem 0.6rem;align-items:center;font-size:0.8rem;color:#1F2937;padding:0.4rem 0"
)
_TRACK = "height:1.25rem;background:#E9EDF1;border-radius:3px;overflow:hidden"
_FILL = "height:100%;border-radius:3px;width:{width:.1f}%;background:{color}"


def answer_input(question: Question, prefix: str, value) -> object:
    """One question as its widget; the widget's state is seeded from `value` on first draw.

    Streamlit forgets the state of widgets that a page switch does not draw, so the caller keeps
    the answers elsewhere and seeds the widget each time it appears.
    """
    lang = app_state.lang()
    key = f"{prefix}_{question.id}"
    label = question.label(lang)
    help_text = question.help(lang)
    if question.kind == "number":
        # A slider is given its value rather than seeded through the session state: without a
        # value it reads the whole session state to tell a range from a single value (0.2 ms a
        # slider, on every rerun). Its identity is its key, so the value given (the answer it
        # showed last time) never resets it.
        unit = question.unit(lang).replace("%", "%%")
        return st.slider(
            label,
            min_value=question.min,
            max_value=question.max,
            value=value,
            step=question.step or 1,
            format=("%d" + ("" if unit.startswith("%") else " ") + unit) if unit else "%d",
            key=key,
            help=help_text,
        )
    if key not in st.session_state:
        st.session_state[key] = value
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
    raise ValueError(f"unknown question kind {question.kind!r}")


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


def pillar_meters(pillars: Mapping[str, float | None], lang: str) -> None:
    """The four pillars as bars against their 25 points, drawn as charts.pillar_bars draws them.

    Plain HTML, not a chart: My SSI is the first page of every visit, and without a chart on it
    the server does not import Altair (0.25 s) nor the browser load Vega before it is drawn.
    """
    cells = []
    for pillar in PILLARS:
        value = pillars.get(pillar.id)
        known = value is not None and not math.isnan(value)
        shown = f"{fmt_points(value, lang) if known else '–'} / {PILLAR_MAX:g}"
        name = html.escape(pillar.label(lang), quote=True)
        width = min(max(value / PILLAR_MAX, 0.0), 1.0) * 100 if known else 0.0
        now = f' aria-valuenow="{value:g}"' if known else ""
        fill = _FILL.format(width=width, color=PILLAR_COLORS[pillar.id])
        short = html.escape(pillar.short(lang))
        cells += [
            f'<span style="text-align:right" title="{name}">{short}</span>',
            f'<div role="meter" aria-label="{name}" aria-valuemin="0" '
            f'aria-valuemax="{PILLAR_MAX:g}"{now} title="{name}: {shown}" style="{_TRACK}">'
            f'<div style="{fill}"></div></div>',
            f'<span style="font-variant-numeric:tabular-nums">{shown}</span>',
        ]
    st.html(f'<div class="ssi-pillar-meters" style="{_METERS}">{"".join(cells)}</div>')
