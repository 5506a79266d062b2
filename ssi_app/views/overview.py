"""My SSI: the latest score, its pillars, the comparison with industry and network, the peak."""

from __future__ import annotations

import streamlit as st

from ssi_app import data, explain, widgets
from ssi_app.session import lang, switch_profile, tr
from ssi_app.views import goal_panel
from ssi_core.coaching import group_standings, read_pillars
from ssi_core.history import Summary
from ssi_core.i18n import fmt_date, fmt_number, fmt_points, fmt_signed, fmt_top_pct
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS
from ssi_core.questionnaire import load_questionnaire


def render() -> None:
    latest = data.latest_assessment()
    summary = data.summary()
    st.title(tr("overview.title"))
    if summary is None and latest is None:
        _first_visit()
        return
    # The headline: measured if there is a measurement, else the latest estimate.
    if summary is not None:
        ssi, pillars, when = summary.latest_ssi, summary.latest_pillars, summary.latest_date
        kind = tr("overview.measured")
    else:
        ssi, when = float(latest["ssi"]), latest["date"]
        pillars = {pid: float(latest[pid]) for pid in PILLAR_IDS}
        kind = tr("overview.estimated")

    current = data.current_profile()
    if current is not None and current.is_demo:
        st.info(tr("overview.demo_notice"), icon=":material/science:")
    goal_panel.alerts_panel()
    headline, groups = st.columns([1, 2], gap="large")
    with headline, st.container(key="overview_ssi", border=True):
        _headline(ssi, kind, when, summary)
    with groups:
        industry_avg = summary.industry_ssi if summary else None
        network_avg = summary.network_ssi if summary else None
        if current is not None:  # averages typed in Settings, when no import brought them
            industry_avg = industry_avg if industry_avg is not None else current.industry_ssi
            network_avg = network_avg if network_avg is not None else current.network_ssi
        industry_col, network_col = st.columns(2)
        with industry_col, st.container(border=True):
            _group("overview.industry_avg", industry_avg, ssi, summary, "industry_top_pct")
        with network_col, st.container(border=True):
            _group("overview.network_avg", network_avg, ssi, summary, "network_top_pct")
        if industry_avg is None and network_avg is None:
            st.caption(tr("overview.no_averages"))

    st.header(tr("overview.pillars"), anchor=False)
    bars, reading = st.columns([3, 2], gap="large")
    groups = summary.latest_group_pillars if summary is not None else {}
    standings = group_standings(pillars, groups)
    with bars:
        widgets.pillar_meters(pillars, groups if standings else None)
        if standings:
            st.caption(tr("groups.marks"))
        explain.pillar_notes("overview_pillar_note")
    with reading:
        _reading(pillars, summary)
        st.page_link("pages/plan.py", label=tr("overview.to_plan"), icon=":material/task_alt:")
        explain.about_link()
    if standings:
        _against_groups(standings)
    goal_panel.goal_panel(summary, ssi)
    goal_panel.report_panel()


# --- first visit: two ways in, and a demo ---------------------------------------------------


def _first_visit() -> None:
    st.markdown(tr("overview.welcome"))
    st.page_link(explain.ABOUT_PAGE, label=tr("empty.about"), icon=":material/menu_book:")
    start, upload, demo = st.columns(3, border=True)
    with start:
        st.header(tr("overview.way_questionnaire"), anchor=False)
        st.write(tr("overview.way_questionnaire_help", count=len(load_questionnaire().questions)))
        st.page_link(
            "pages/assessment.py",
            label=tr("overview.start_questionnaire"),
            icon=":material/checklist:",
        )
    with upload:
        st.header(tr("overview.way_import"), anchor=False)
        st.write(tr("overview.way_import_help"))
        st.page_link(
            "pages/import.py", label=tr("overview.start_import"), icon=":material/upload_file:"
        )
    with demo:
        st.header(tr("overview.way_demo"), anchor=False)
        st.write(tr("overview.way_demo_help"))
        if st.button(tr("overview.open_demo"), icon=":material/play_circle:", key="open_demo"):
            switch_profile(data.open_demo())


# --- the numbers -------------------------------------------------------------------------------


def _headline(ssi: float, kind: str, when, summary: Summary | None) -> None:
    language = lang()
    delta = summary.weekly_delta if summary is not None else None
    st.metric(
        f"{tr('overview.ssi')} · {kind}",
        f"{fmt_number(ssi, language, 0)} / 100",
        delta=None
        if delta is None
        else f"{fmt_signed(delta, language)} {tr('overview.vs_last_week')}",
        help=tr("overview.ssi_help"),
    )
    st.caption(tr("overview.as_of", date=fmt_date(when, language)))


def _group(
    title: str, average: float | None, ssi: float | None, summary: Summary | None, rank: str
) -> None:
    """One group's average SSI, how far the member is from it, and the member's rank in it."""
    language = lang()
    compared = None not in (average, ssi)
    st.metric(
        tr(title),
        fmt_number(average, language, 0),
        delta=fmt_signed(ssi - average, language, 0) if compared else None,
        delta_description=tr("overview.you_vs_avg") if compared else None,
    )
    top_pct = getattr(summary, rank) if summary is not None else None
    st.caption(tr("overview.rank", rank=fmt_top_pct(top_pct, language)))


def _against_groups(standings) -> None:
    """Per pillar, where the member is ahead of or behind the industry and the network."""
    language = lang()
    with st.container(key="overview_groups"):
        for standing in standings:
            averages = {
                group: fmt_points(standing.averages.get(group), language)
                for group in ("industry", "network")
            }
            st.markdown(
                tr(
                    f"groups.{standing.verdict()}",
                    pillar=PILLAR_BY_ID[standing.pillar].label(language),
                    value=fmt_points(standing.points, language),
                    **averages,
                )
            )


def _reading(pillars: dict, summary: Summary | None) -> None:
    """The four pillars read as a coach would, then the peak and the trend."""
    language = lang()
    reading = read_pillars(pillars)
    if reading is not None:
        if reading.well_established:
            text = tr(
                "overview.strongest",
                phrase=tr(f"coach.strong.{reading.strongest}"),
                value=fmt_points(reading.strongest_points, language),
            )
        else:
            text = tr(
                "overview.strongest_plain",
                pillar=PILLAR_BY_ID[reading.strongest].label(language),
                value=fmt_points(reading.strongest_points, language),
            )
        st.markdown(text)
        if reading.weakest is not None:
            st.markdown(
                tr(
                    "overview.weakest",
                    phrase=tr(f"coach.weak.{reading.weakest}"),
                    value=fmt_points(reading.weakest_points, language),
                    gap=fmt_points(reading.weakest_gap, language),
                )
            )
    if summary is not None and summary.peak_ssi is not None:
        st.markdown(
            tr(
                "overview.peak",
                value=fmt_number(summary.peak_ssi, language, 1),
                date=fmt_date(summary.peak_date, language),
            )
        )
    if summary is not None and summary.trend_per_week is not None:
        st.markdown(
            tr(
                "overview.trend",
                trend=fmt_signed(summary.trend_per_week, language, 2),
                projection=fmt_number(summary.projection_30d, language, 0),
            )
        )
