"""History: the SSI over time against industry and network, pillars, weekly changes, ranks."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from ssi_app import charts, data, explain
from ssi_app.charts.activity import activity_chart
from ssi_app.charts.groups import pillar_vs_groups_chart
from ssi_app.charts.history import ssi_history_chart
from ssi_app.charts.pillars import pillars_chart
from ssi_app.charts.ranks import rank_chart
from ssi_app.charts.weekly import weekly_change_chart
from ssi_app.session import lang, tr
from ssi_core import history
from ssi_core.archive.influence import MIN_OVERLAP_WEEKS, what_moved
from ssi_core.archive.reader import ACTIVITIES
from ssi_core.forecast import Forecast, forecast_frame
from ssi_core.history import Summary
from ssi_core.i18n import date_input_format, fmt_date, fmt_number, fmt_signed
from ssi_core.pillars import EXPORT_COLUMNS, GROUP_PILLAR_IDS, PILLAR_BY_ID, PILLAR_IDS

# The range a first visit shows: the last year.
DEFAULT_RANGE = timedelta(days=365)


def render() -> None:
    span = data.date_span()
    estimates = data.assessment_count()
    st.title(tr("history.title"))
    if span is None:
        st.info(tr("history.empty"), icon=":material/info:")
        st.page_link(
            "pages/import.py", label=tr("history.to_import"), icon=":material/upload_file:"
        )
        st.page_link(
            "pages/assessment.py",
            label=tr("empty.history_or_assessment"),
            icon=":material/checklist:",
        )
        if not estimates:
            return
        shown, start, end, rolling_days = data.snapshots(), None, None, 0
    else:
        start, end, rolling_days = _range_and_smoothing(*span)
        shown = data.snapshots_between(start, end)
    summary = data.summary(start, end)
    if summary is not None:
        _headline(summary, start, end)

    st.header(tr("history.ssi_over_time"), anchor=False)
    with st.container(key="history_chart"):
        charts.draw(
            "ssi_history",
            lambda: ssi_history_chart(
                shown,
                charts.labels(),
                lang(),
                rolling=history.rolling_average(shown, rolling_days)
                if not shown.empty and rolling_days
                else None,
                events=history.annotate_events(shown),
                assessments=data.assessments(),
                forecast=_forecast(end),
            ),
            start,
            end,
            rolling_days,
            width="stretch",
        )
    if estimates:
        st.caption(tr("history.estimates_note", count=estimates))
    if not shown.empty:
        _more_charts(shown, start, end)
        _day_table(shown)


# --- the range and the smoothing ---------------------------------------------------------------


def _range_and_smoothing(first: date, last: date) -> tuple[date, date, int]:
    range_col, rolling_col = st.columns([3, 2])
    with range_col:
        picked = st.date_input(
            tr("history.range"),
            value=(max(first, last - DEFAULT_RANGE), last),
            min_value=first,
            max_value=last,
            format=date_input_format(lang()),
            key="history_range",
        )
    # While a range is being picked, the widget holds its first day only.
    start, end = (picked[0], picked[-1]) if isinstance(picked, tuple) and picked else (first, last)
    with rolling_col:
        rolling_days = st.segmented_control(
            tr("history.rolling"),
            options=[0, 7, 30],
            format_func=lambda d: (
                tr("history.rolling_off") if d == 0 else tr("history.rolling_days", days=d)
            ),
            default=0,
            key="history_rolling",
        )
    return start, end, rolling_days or 0


def _headline(summary: Summary, start: date | None, end: date | None) -> None:
    language = lang()
    latest, peak, week = st.columns(3)
    latest.metric(
        tr("history.latest"),
        fmt_number(summary.latest_ssi, language, 1),
        help=fmt_date(summary.latest_date, language),
    )
    peak.metric(
        tr("history.peak"),
        fmt_number(summary.peak_ssi, language, 1),
        help=fmt_date(summary.peak_date, language),
    )
    week.metric(tr("history.weekly_change"), fmt_signed(summary.weekly_delta, language, 1))
    caption = tr(
        "history.days",
        count=summary.count,
        start=fmt_date(summary.first_date, language),
        end=fmt_date(summary.latest_date, language),
    )
    gaps = data.missing_days(start, end)
    if gaps.holes:
        caption += " " + tr("history.missing", days=gaps.days, count=gaps.holes)
    st.caption(caption)


# --- pillars, weekly changes, ranks -------------------------------------------------------------


def _more_charts(shown: pd.DataFrame, start: date | None, end: date | None) -> None:
    """The pillars, the weekly changes, a pillar against the groups and the ranks, a tab each.

    Only the open tab is drawn: each chart costs the browser 100-200 ms to draw, and a page of
    five of them made History the slowest page to open.
    """
    views = {
        "pillars": (tr("history.tab_pillars"), _pillars),
        "weekly": (tr("history.tab_weekly"), _weeks),
        "groups": (tr("history.tab_groups"), _pillar_against_groups),
        "ranks": (tr("history.tab_ranks"), _ranks),
        "activity": (tr("archive.history.tab"), _activity),
    }
    tabs = st.tabs([label for label, _ in views.values()], key="history_view", on_change="rerun")
    for tab, (_, draw) in zip(tabs, views.values(), strict=True):
        if tab.open:
            with tab:
                draw(shown, start, end)


def _pillars(shown: pd.DataFrame, start: date | None, end: date | None) -> None:
    mode = st.segmented_control(
        tr("history.pillars"),
        options=["stacked", "small_multiples"],
        format_func=lambda m: tr(f"history.pillars_{'stacked' if m == 'stacked' else 'multiples'}"),
        default="stacked",
        key="history_pillars_mode",
    )
    mode = mode or "stacked"
    ahead = _pillar_forecasts(shown, end)
    charts.draw(
        "pillars",
        lambda: pillars_chart(
            shown,
            charts.labels(),
            lang(),
            mode=mode,
            forecasts={pid: forecast_frame(result) for pid, result in ahead.items()},
        ),
        start,
        end,
        mode,
        width="stretch",
    )
    if ahead:
        _pillar_forecast_caption(ahead, mode)
    explain.pillar_notes("history_pillar_note")


def _pillar_forecasts(shown: pd.DataFrame, end: date | None) -> dict[str, Forecast]:
    """The forecast of each pillar the chart draws, when the range shown reaches the last
    measured day and holds more than one day (the chart's band for one day is a dot). The
    cached forecasts themselves: a frame of each is made only when the chart is built."""
    # A row per measured day: two rows are two days.
    if not _reaches_last_day(end) or len(shown) < 2:
        return {}
    found = data.forecasts()
    return {
        pid: found[pid]
        for pid in PILLAR_IDS
        # count(): the values a pillar has in the range, cheapest of pandas' ways to ask
        if found.get(pid) is not None and pid in shown.columns and shown[pid].count()
    }


def _pillar_forecast_caption(ahead: dict[str, Forecast], mode: str) -> None:
    """The pillars' forecasts in words (the chart draws them one band each, not stacked)."""
    language = lang()
    if mode == "stacked":
        st.caption(tr("history.pillar_forecast_hint"))
        return
    items = "; ".join(
        tr(
            "history.pillar_forecast_item",
            pillar=PILLAR_BY_ID[pid].short(language),
            value=fmt_number(result.value[-1], language, 1),
            low=fmt_number(result.low[-1], language, 1),
            high=fmt_number(result.high[-1], language, 1),
        )
        for pid, result in ahead.items()
    )
    day = fmt_date(next(iter(ahead.values())).dates[-1], language)
    st.caption(tr("history.pillar_forecast", date=day, items=items))


def _weeks(shown: pd.DataFrame, start: date | None, end: date | None) -> None:
    st.caption(tr("history.weekly"))
    charts.draw(
        "weekly_change",
        lambda: weekly_change_chart(
            history.weekly_changes(shown),
            charts.labels(),
            lang(),
            span=(shown["date"].min(), shown["date"].max()),
        ),
        start,
        end,
        width="stretch",
    )


def _pillar_against_groups(shown: pd.DataFrame, start: date | None, end: date | None) -> None:
    """One pillar of the member's over time against the industry's and the network's average."""
    language = lang()
    st.caption(tr("groups.history_title"))
    known = [c for c in GROUP_PILLAR_IDS if c in shown.columns and shown[c].notna().any()]
    if not known:
        st.caption(tr("groups.history_none"))
        return
    pillar = st.segmented_control(
        tr("groups.history_pillar"),
        options=list(PILLAR_IDS),
        format_func=lambda pid: PILLAR_BY_ID[pid].short(language),
        default=PILLAR_IDS[0],
        key="history_group_pillar",
    )
    pillar = pillar or PILLAR_IDS[0]
    charts.draw(
        "pillar_vs_groups",
        lambda: pillar_vs_groups_chart(shown, pillar, charts.labels(), language),
        start,
        end,
        pillar,
        width="stretch",
    )
    explain.pillar_notes("history_groups_note")


def _ranks(shown: pd.DataFrame, start: date | None, end: date | None) -> None:
    st.caption(tr("history.ranks"))
    if shown["industry_top_pct"].notna().any() or shown["network_top_pct"].notna().any():
        charts.draw(
            "ranks",
            lambda: rank_chart(shown, charts.labels(), lang()),
            start,
            end,
            width="stretch",
        )
    else:
        st.caption(tr("history.no_ranks"))


def _activity(shown: pd.DataFrame, start: date | None, end: date | None) -> None:
    """Weekly activity from the data archive under the pillars, and what moved each pillar."""
    language = lang()
    activity = data.activity()
    if activity.empty:
        st.caption(tr("archive.history.none"))
        return
    if start is not None or end is not None:
        weeks = pd.Series(activity["week"])
        low = start - timedelta(days=6) if start is not None else weeks.min()
        activity = activity[(weeks >= low) & (weeks <= (end or weeks.max()))]
    st.caption(tr("archive.history.intro"))
    if not activity.empty:
        names = {
            **{pid: PILLAR_BY_ID[pid].short(language) for pid in PILLAR_IDS},
            **{name: tr(f"archive.activity.{name}") for name in ACTIVITIES},
            "week": tr("archive.history.chart_week"),
            "count": tr("archive.history.chart_count"),
            "points": tr("archive.history.chart_points"),
        }
        with st.container(key="history_activity_chart"):
            charts.draw(
                "activity",
                lambda: activity_chart(shown, activity, names, language),
                start,
                end,
                width="stretch",
            )
    _what_moved(shown, activity)


def _what_moved(shown: pd.DataFrame, activity: pd.DataFrame) -> None:
    language = lang()
    st.header(tr("archive.history.moved_title"), anchor=False)
    st.caption(tr("archive.history.moved_intro"))
    # 120 small correlations (4 pillars, 6 activities, 5 lags): a few ms, not worth a cache.
    reading = what_moved(shown, activity)
    if not reading.enough:
        st.info(
            tr(
                "archive.history.moved_short",
                needed=MIN_OVERLAP_WEEKS,
                weeks=reading.overlap_weeks,
            ),
            icon=":material/info:",
        )
        return
    lines = []
    for pid in PILLAR_IDS:
        link = reading.links[pid]
        pillar = PILLAR_BY_ID[pid].label(language)
        if link is None:
            lines.append("- " + tr("archive.history.moved_none", pillar=pillar))
            continue
        lag = (
            tr(f"archive.history.lag_{link.lag_weeks}")
            if link.lag_weeks < 2
            else tr("archive.history.lag_n", weeks=link.lag_weeks)
        )
        text = tr(
            "archive.history.moved_link",
            pillar=pillar,
            activity=tr(f"archive.activity.{link.activity}"),
            lag=lag,
            strength=tr(f"archive.history.{link.strength}"),
            r=fmt_number(link.correlation, language, 2),
            pairs=link.pairs,
        )
        if link.correlation < 0:
            text += " " + tr("archive.history.negative")
        lines.append("- " + text)
    st.markdown("\n".join(lines))


def _day_table(shown: pd.DataFrame) -> None:
    """Every day of the range, newest first; drawn only when opened (a year of days is the
    page's biggest element)."""
    table = st.expander(tr("history.table"), key="history_table", on_change="rerun")
    if not table.open:
        return
    language, labels = lang(), charts.labels()
    numbers = {
        "ssi": labels["total"],
        **{pid: PILLAR_BY_ID[pid].short(language) for pid in PILLAR_IDS},
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
                tr("chart.date"), format=date_input_format(language)
            ),
            **{
                column: st.column_config.NumberColumn(
                    title,
                    format="localized",
                    help=explain.pillar_help(column) if column in PILLAR_IDS else None,
                )
                for column, title in numbers.items()
            },
            "industry": st.column_config.TextColumn(tr("history.industry")),
        },
    )


def _reaches_last_day(end: date | None) -> bool:
    """Whether the range shown ends on (or after) the last measured day: forecasts follow it."""
    span = data.date_span()
    return span is not None and (end is None or end >= span[1])


def _forecast(end: date | None) -> pd.DataFrame | None:
    """The SSI's forecast, when the range shown reaches the last measured day."""
    if not _reaches_last_day(end):
        return None
    result = data.forecasts()["ssi"]
    return None if result is None else forecast_frame(result)
