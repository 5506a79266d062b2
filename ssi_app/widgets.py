"""Widgets shared by pages: questionnaire answers that survive page switches, estimate metrics,
and My SSI's pillar meters."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping

import streamlit as st

from ssi_app.charts.palette import (
    INDUSTRY_GREY,
    NETWORK_ORANGE,
    PILLAR_COLORS,
    TEXT_DARK,
    TRACK_GREY,
)
from ssi_app.explain import pillar_help
from ssi_app.session import lang, profile, tr
from ssi_core.estimate import Estimate
from ssi_core.i18n import fmt_number, fmt_points
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS, PILLAR_MAX, PILLARS
from ssi_core.questionnaire import Answer, Question, Questionnaire

# The characters that make Markdown (and Streamlit's :colour[...] and :icon:) out of text.
_MARKUP = re.compile(r"[\\`*_\[\]<>!|#~$]")

# The look of the pillar bars chart: a grey track, the pillar's colour, "21.4 / 25" after it.
_METERS = (
    "display:grid;grid-template-columns:max-content minmax(6rem,1fr) max-content;"
    f"gap:0.95rem 0.6rem;align-items:center;font-size:0.8rem;color:{TEXT_DARK};padding:0.4rem 0"
)
_TRACK = (
    f"position:relative;height:1.25rem;background:{TRACK_GREY};border-radius:3px;overflow:hidden"
)
# A group's average of the pillar: a thin upright mark across the bar. Its white edge keeps it
# apart from any pillar's colour under it (the mark's colour alone reaches 3:1 only on white
# and on the track).
_MARK = (
    "position:absolute;top:0;bottom:0;width:3px;margin-left:-1px;"
    "box-shadow:0 0 0 1.5px #FFFFFF;left:{left:.1f}%;background:{color}"
)
_GROUP_COLORS = {"industry": INDUSTRY_GREY, "network": NETWORK_ORANGE}
_FILL = "height:100%;border-radius:3px;width:{width:.1f}%;background:{color}"


# --- answers being edited ----------------------------------------------------------------------


def answer_draft(
    prefix: str, questionnaire: Questionnaire, seed: Callable[[], dict[str, Answer]]
) -> dict[str, Answer]:
    """The answers the session is editing under `prefix` for its profile, widgets' latest included.

    Streamlit forgets the state of widgets a page switch does not draw, so the answers are kept
    here, per profile, and each widget is seeded from them when it appears (`answer_input`).
    `seed()` gives a profile's first draft. When the profile changes, the widgets still hold
    the other profile's answers: they are reseeded from this one's draft.
    """
    drafts = st.session_state.setdefault(f"{prefix}_drafts", {})
    name = profile()
    if name not in drafts:
        drafts[name] = seed()
    if st.session_state.get(f"{prefix}_profile") != name:
        for question in questionnaire.questions:
            st.session_state.pop(f"{prefix}_{question.id}", None)
        st.session_state[f"{prefix}_profile"] = name
    draft = drafts[name]
    # A widget's latest value is in the session state before it is drawn: what the page
    # computes from the draft already reflects the answer just changed. (One copy of the state:
    # 32 look-ups through st.session_state cost four times as much.)
    state = st.session_state.to_dict()
    for question in questionnaire.questions:
        draft[question.id] = state.get(f"{prefix}_{question.id}", draft[question.id])
    return draft


def drop_draft(prefix: str) -> None:
    """Forget the session's draft under `prefix` for its profile: the next run seeds it anew."""
    st.session_state.get(f"{prefix}_drafts", {}).pop(profile(), None)
    st.session_state.pop(f"{prefix}_profile", None)


def saved_draft(prefix: str) -> dict[str, Answer] | None:
    """The draft under `prefix` for the session's profile, if the session has one."""
    return st.session_state.get(f"{prefix}_drafts", {}).get(profile())


def reseed(prefix: str, answers: Mapping[str, Answer]) -> None:
    """Put new answers into the widgets under `prefix`, drawn or not, as if the member gave them.

    A widget on screen keeps the value its browser holds unless the session state sets it in the
    run that draws it: the answers go into the session state, and a slider among them is drawn
    once without a value of its own so that it takes the state's (answer_input).
    """
    reseeded = st.session_state.setdefault(f"{prefix}_reseeded", set())
    for qid, value in answers.items():
        st.session_state[f"{prefix}_{qid}"] = value
        reseeded.add(f"{prefix}_{qid}")


def answer_input(question: Question, prefix: str, value: Answer) -> Answer:
    """One question as its widget; the widget's state is seeded from `value` on first draw."""
    language = lang()
    key = f"{prefix}_{question.id}"
    label = question.label(language)
    help_text = question.help(language)
    if question.kind == "number":
        # A slider is given its value rather than seeded through the session state: without a
        # value it reads the whole session state to tell a range from a single value (0.2 ms a
        # slider, on every rerun). Its identity is its key, so the value given (the answer it
        # showed last time) never resets it.
        unit = question.unit(language).replace("%", "%%")
        reseeded = st.session_state.get(f"{prefix}_reseeded")
        if reseeded and key in reseeded:
            reseeded.discard(key)
            value = None  # the session state holds the new answer (reseed)
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
        return st.select_slider(
            label,
            options=question.option_values(),
            format_func=lambda v: question.option(v).label(language),
            key=key,
            help=help_text,
        )
    raise ValueError(f"unknown question kind {question.kind!r}")


# --- numbers -----------------------------------------------------------------------------------


def estimate_metrics(estimate: Estimate, compare: Estimate | None = None) -> None:
    """The total and the four pillars as metrics, with deltas against `compare` when given."""
    language = lang()
    columns = st.columns(5)
    delta = None if compare is None else estimate.ssi - compare.ssi
    columns[0].metric(
        tr("assessment.estimated_ssi"),
        fmt_number(estimate.ssi, language, 1),
        delta=None if delta is None or abs(delta) < 0.05 else fmt_number(delta, language, 1),
    )
    for column, pid in zip(columns[1:], PILLAR_IDS, strict=True):
        delta = None if compare is None else estimate.pillars[pid] - compare.pillars[pid]
        column.metric(
            PILLAR_BY_ID[pid].short(language),
            f"{fmt_number(estimate.pillars[pid], language, 1)} / {PILLAR_MAX:g}",
            delta=None if delta is None or abs(delta) < 0.05 else fmt_number(delta, language, 1),
            help=pillar_help(pid),
        )


def pillar_meters(
    pillars: Mapping[str, float | None],
    groups: Mapping[str, Mapping[str, float | None]] | None = None,
) -> None:
    """The four pillars as bars against their 25 points, drawn as the pillar bars chart is,
    each with a mark at the industry's and the network's average of it where known (`groups`:
    "industry"/"network" -> pillar id -> average).

    Plain HTML, not a chart: My SSI is the first page of every visit, and without a chart on it
    the server does not import Altair (0.25 s) nor the browser load Vega before it is drawn.
    """
    language = lang()
    cells = []
    for pillar in PILLARS:
        value = pillars.get(pillar.id)
        known = value is not None and not math.isnan(value)
        shown = f"{fmt_points(value, language) if known else '–'} / {PILLAR_MAX:g}"
        name = html.escape(pillar.label(language), quote=True)
        width = min(max(value / PILLAR_MAX, 0.0), 1.0) * 100 if known else 0.0
        now = f' aria-valuenow="{value:g}"' if known else ""
        fill = _FILL.format(width=width, color=PILLAR_COLORS[pillar.id])
        marks = "".join(
            _group_mark(group, averages.get(pillar.id), language)
            for group, averages in (groups or {}).items()
        )
        short = html.escape(pillar.short(language))
        cells += [
            f'<span style="text-align:right" title="{name}">{short}</span>',
            f'<div role="meter" aria-label="{name}" aria-valuemin="0" '
            f'aria-valuemax="{PILLAR_MAX:g}"{now} title="{name}: {shown}" style="{_TRACK}">'
            f'<div style="{fill}"></div>{marks}</div>',
            f'<span style="font-variant-numeric:tabular-nums">{shown}</span>',
        ]
    st.html(f'<div class="ssi-pillar-meters" style="{_METERS}">{"".join(cells)}</div>')


def _group_mark(group: str, average: float | None, language: str) -> str:
    if average is None or math.isnan(average):
        return ""
    left = min(max(average / PILLAR_MAX, 0.0), 1.0) * 100
    title = html.escape(tr(f"groups.{group}_mark", value=fmt_points(average, language)))
    style = _MARK.format(left=left, color=_GROUP_COLORS[group])
    return f'<div class="ssi-group-mark" title="{title}" style="{style}"></div>'


def markdown_table(header: list[str], rows: list[list[str]], align: str) -> None:
    """A small table as Markdown (no data grid's cost on every rerun); `align` is the divider
    row's cells, e.g. ':--|--:'. Cells are escaped: they never become markup."""

    def cell(text: str) -> str:
        return escape_markdown(text).replace("|", "\\|")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", f"|{align}|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    st.markdown("\n".join(lines))


def escape_markdown(text: object) -> str:
    """`text` as literal characters in Markdown: no link, image, emphasis, code, colour or HTML
    can come from it (Streamlit shows HTML tags as text already; a backslash keeps the rest).
    A bare address ("https://…", "www.…") would become a link by itself: it is broken up too."""
    escaped = _MARKUP.sub(r"\\\g<0>", str(text))
    return escaped.replace("://", ":\\/\\/").replace("www.", "www\\.")
