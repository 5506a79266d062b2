"""History: the SSI over time against industry and network, pillars, weekly changes, ranks."""

import app_state

app_state.guard()

from datetime import timedelta  # noqa: E402

import streamlit as st  # noqa: E402

from ssi_core import charts, history  # noqa: E402
from ssi_core.i18n import fmt_date, fmt_number, fmt_signed  # noqa: E402
from ssi_core.pillars import EXPORT_COLUMNS, PILLAR_BY_ID, PILLAR_IDS  # noqa: E402

tr, lang = app_state.tr, app_state.lang()
labels = app_state.chart_labels()
span = app_state.date_span()
estimates = app_state.assessment_count()

st.title(tr("history.title"))

if span is None:
    st.info(tr("history.empty"), icon=":material/info:")
    st.page_link("pages/import.py", label=tr("history.to_import"), icon=":material/upload_file:")
    if not estimates:
        st.stop()

# --- the range and the smoothing ---------------------------------------------------------------

if span is not None:
    first, last = span
    range_col, rolling_col = st.columns([3, 2])
    with range_col:
        default_start = max(first, last - timedelta(days=365))
        picked = st.date_input(
            tr("history.range"),
            value=(default_start, last),
            min_value=first,
            max_value=last,
            format="DD/MM/YYYY" if lang == "es" else "YYYY-MM-DD",
            key="history_range",
        )
    start, end = (picked[0], picked[-1]) if isinstance(picked, tuple) and picked else (first, last)
    with rolling_col:
        rolling_days = (
            st.segmented_control(
                tr("history.rolling"),
                options=[0, 7, 30],
                format_func=lambda d: (
                    tr("history.rolling_off") if d == 0 else tr("history.rolling_days", days=d)
                ),
                default=0,
                key="history_rolling",
            )
            or 0
        )
    shown = app_state.snapshots_between(start, end)
else:
    shown, start, end, rolling_days = app_state.snapshots(), None, None, 0
summary = app_state.summary(start, end)

# --- headline numbers for the range ---------------------------------------------------------

if summary is not None:
    latest, peak, week = st.columns(3)
    latest.metric(
        tr("history.latest"),
        fmt_number(summary.latest_ssi, lang, 1),
        help=fmt_date(summary.latest_date, lang),
    )
    peak.metric(
        tr("history.peak"),
        fmt_number(summary.peak_ssi, lang, 1),
        help=fmt_date(summary.peak_date, lang),
    )
    week.metric(tr("history.weekly_change"), fmt_signed(summary.weekly_delta, lang, 1))
    st.caption(
        tr(
            "history.days",
            count=summary.count,
            start=fmt_date(summary.first_date, lang),
            end=fmt_date(summary.latest_date, lang),
        )
    )

# --- the SSI against the averages ------------------------------------------------------------

st.subheader(tr("history.ssi_over_time"), anchor=False)
with st.container(key="history_chart"):
    app_state.chart(
        "ssi_history",
        lambda: charts.ssi_history_chart(
            shown,
            labels,
            lang,
            rolling=history.rolling_average(shown, rolling_days)
            if not shown.empty and rolling_days
            else None,
            events=history.annotate_events(shown),
            assessments=app_state.assessments(),
        ),
        start,
        end,
        rolling_days,
        width="stretch",
    )
if estimates:
    st.caption(tr("history.estimates_note", count=estimates))

if not shown.empty:
    pillars_col, weekly_col = st.columns(2, gap="large")
    with pillars_col:
        st.subheader(tr("history.pillars"), anchor=False)
        mode = (
            st.segmented_control(
                tr("history.pillars"),
                options=["stacked", "small_multiples"],
                format_func=lambda m: tr(
                    f"history.pillars_{'stacked' if m == 'stacked' else 'multiples'}"
                ),
                default="stacked",
                key="history_pillars_mode",
                label_visibility="collapsed",
            )
            or "stacked"
        )
        app_state.chart(
            "pillars",
            lambda: charts.pillars_chart(shown, labels, lang, mode=mode),
            start,
            end,
            mode,
            width="stretch",
        )
    with weekly_col:
        st.subheader(tr("history.weekly"), anchor=False)
        app_state.chart(
            "weekly_change",
            lambda: charts.weekly_change_chart(history.weekly_changes(shown), labels, lang),
            start,
            end,
            width="stretch",
        )

    st.subheader(tr("history.ranks"), anchor=False)
    if shown["industry_top_pct"].notna().any() or shown["network_top_pct"].notna().any():
        app_state.chart(
            "ranks",
            lambda: charts.rank_chart(shown, labels, lang),
            start,
            end,
            width="stretch",
        )
    else:
        st.caption(tr("history.no_ranks"))

    # Drawn only when opened: a year of days is the page's biggest element.
    table = st.expander(tr("history.table"), key="history_table", on_change="rerun")
    if table.open:
        numbers = {
            "ssi": labels["total"],
            **{pid: PILLAR_BY_ID[pid].short(lang) for pid in PILLAR_IDS},
            "industry_ssi": labels["industry_ssi"],
            "industry_top_pct": f"{labels['industry_rank']} (Top %)",
            "network_ssi": labels["network_ssi"],
            "network_top_pct": f"{labels['network_rank']} (Top %)",
        }
        table.dataframe(
            shown[list(EXPORT_COLUMNS)].iloc[::-1],
            hide_index=True,
            width="stretch",
            placeholder="—",  # an unknown value, in any language (Streamlit writes "None")
            column_config={
                "date": st.column_config.DateColumn(
                    tr("chart.date"), format="DD/MM/YYYY" if lang == "es" else "YYYY-MM-DD"
                ),
                **{
                    column: st.column_config.NumberColumn(title, format="localized")
                    for column, title in numbers.items()
                },
                "industry": st.column_config.TextColumn(tr("history.industry")),
            },
        )
