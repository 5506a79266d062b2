"""My SSI: the latest score, its pillars, the comparison with industry and network, the peak."""

import app_state

app_state.guard()

import streamlit as st  # noqa: E402

import ui_widgets  # noqa: E402
from ssi_core.demo import DEMO_PROFILE, demo_history  # noqa: E402
from ssi_core.i18n import (  # noqa: E402
    fmt_date,
    fmt_number,
    fmt_points,
    fmt_signed,
    fmt_top_pct,
)
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS, PILLAR_MAX, WELL_ESTABLISHED  # noqa: E402
from ssi_core.questionnaire import load_questionnaire  # noqa: E402

tr, lang = app_state.tr, app_state.lang()
latest = app_state.latest_assessment()
summary = app_state.summary()

st.title(tr("overview.title"))

# --- first visit: two ways in, and a demo ---------------------------------------------------

if summary is None and latest is None:
    st.markdown(tr("overview.welcome"))
    start, upload, demo = st.columns(3, border=True)
    with start:
        st.subheader(tr("overview.way_questionnaire"), anchor=False)
        st.write(tr("overview.way_questionnaire_help", count=len(load_questionnaire().questions)))
        st.page_link(
            "pages/assessment.py",
            label=tr("overview.start_questionnaire"),
            icon=":material/checklist:",
        )
    with upload:
        st.subheader(tr("overview.way_import"), anchor=False)
        st.write(tr("overview.way_import_help"))
        st.page_link(
            "pages/import.py", label=tr("overview.start_import"), icon=":material/upload_file:"
        )
    with demo:
        st.subheader(tr("overview.way_demo"), anchor=False)
        st.write(tr("overview.way_demo_help"))
        if st.button(tr("overview.open_demo"), icon=":material/play_circle:", key="open_demo"):
            store = app_state.get_store()
            store.ensure_profile(DEMO_PROFILE, is_demo=True)
            store.import_snapshots(DEMO_PROFILE, demo_history())
            app_state.written()
            app_state.switch_profile(DEMO_PROFILE)
    st.stop()

# --- the headline: measured if there is a measurement, else the latest estimate -------------

if summary is not None:
    ssi, pillars, when = summary.latest_ssi, summary.latest_pillars, summary.latest_date
    kind = tr("overview.measured")
else:
    ssi, when = float(latest["ssi"]), latest["date"]
    pillars = {pid: float(latest[pid]) for pid in PILLAR_IDS}
    kind = tr("overview.estimated")

current = app_state.current_profile()
if current is not None and current.is_demo:
    st.info(tr("overview.demo_notice"), icon=":material/science:")

headline, groups = st.columns([1, 2], gap="large")
with headline, st.container(key="overview_ssi", border=True):
    delta = summary.weekly_delta if summary is not None else None
    st.metric(
        f"{tr('overview.ssi')} · {kind}",
        f"{fmt_number(ssi, lang, 0)} / 100",
        delta=None if delta is None else f"{fmt_signed(delta, lang)} {tr('overview.vs_last_week')}",
        help=tr("overview.ssi_help"),
    )
    st.caption(tr("overview.as_of", date=fmt_date(when, lang)))

with groups:
    industry_col, network_col = st.columns(2)
    industry_avg = summary.industry_ssi if summary else None
    network_avg = summary.network_ssi if summary else None
    if current is not None:
        industry_avg = industry_avg if industry_avg is not None else current.industry_ssi
        network_avg = network_avg if network_avg is not None else current.network_ssi
    with industry_col, st.container(border=True):
        st.metric(
            tr("overview.industry_avg"),
            fmt_number(industry_avg, lang, 0),
            delta=None if None in (industry_avg, ssi) else fmt_signed(ssi - industry_avg, lang, 0),
            delta_description=tr("overview.you_vs_avg")
            if None not in (industry_avg, ssi)
            else None,
        )
        st.caption(
            tr(
                "overview.rank",
                rank=fmt_top_pct(summary.industry_top_pct if summary else None, lang),
            )
        )
    with network_col, st.container(border=True):
        st.metric(
            tr("overview.network_avg"),
            fmt_number(network_avg, lang, 0),
            delta=None if None in (network_avg, ssi) else fmt_signed(ssi - network_avg, lang, 0),
            delta_description=tr("overview.you_vs_avg") if None not in (network_avg, ssi) else None,
        )
        st.caption(
            tr(
                "overview.rank",
                rank=fmt_top_pct(summary.network_top_pct if summary else None, lang),
            )
        )
    if industry_avg is None and network_avg is None:
        st.caption(tr("overview.no_averages"))

# --- the four pillars, read as a coach would ------------------------------------------------

st.subheader(tr("overview.pillars"), anchor=False)
bars, reading = st.columns([3, 2], gap="large")
with bars:
    ui_widgets.pillar_meters(pillars, lang)
with reading:
    known = {pid: v for pid, v in pillars.items() if v is not None}
    if known:
        strongest = max(known, key=known.get)
        weakest = min(known, key=known.get)
        if known[strongest] >= WELL_ESTABLISHED:
            st.markdown(
                tr(
                    "overview.strongest",
                    phrase=tr(f"coach.strong.{strongest}"),
                    value=fmt_points(known[strongest], lang),
                )
            )
        else:
            st.markdown(
                tr(
                    "overview.strongest_plain",
                    pillar=PILLAR_BY_ID[strongest].label(lang),
                    value=fmt_points(known[strongest], lang),
                )
            )
        if weakest != strongest:
            st.markdown(
                tr(
                    "overview.weakest",
                    phrase=tr(f"coach.weak.{weakest}"),
                    value=fmt_points(known[weakest], lang),
                    gap=fmt_points(PILLAR_MAX - known[weakest], lang),
                )
            )
    if summary is not None and summary.peak_ssi is not None:
        st.markdown(
            tr(
                "overview.peak",
                value=fmt_number(summary.peak_ssi, lang, 1),
                date=fmt_date(summary.peak_date, lang),
            )
        )
    if summary is not None and summary.trend_per_week is not None:
        st.markdown(
            tr(
                "overview.trend",
                trend=fmt_signed(summary.trend_per_week, lang, 2),
                projection=fmt_number(summary.projection_30d, lang, 0),
            )
        )
    st.page_link("pages/plan.py", label=tr("overview.to_plan"), icon=":material/task_alt:")
