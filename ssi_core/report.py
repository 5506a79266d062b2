"""The one-page report a coach sends: a Vega-Lite page rendered to PDF or PNG with no browser.

The page is one vconcat Vega-Lite spec (a header, the pillars against the groups, the history with
its forecast and goal, then the goal, the forecast and the three actions as text), compiled to
Vega and given the paper's exact size with autosize "none", so the PDF's page is A4 or Letter
whatever the text holds. vl-convert renders it in-process (Deno and resvg inside the wheel) and
embeds the fonts it uses (Liberation Sans, with accents) as subsets in the PDF.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ssi_core.advice import Action, rank_actions, rank_actions_for_snapshot
from ssi_core.errors import SSIError
from ssi_core.forecast import Forecast, forecast_series, weekly_of_days
from ssi_core.goals import Goal, GoalStatus, goal_from_dict, goal_status
from ssi_core.history import Summary, by_day, summarise
from ssi_core.i18n import fmt_date, fmt_number, fmt_points, fmt_signed, fmt_top_pct, t
from ssi_core.pillars import PILLAR_BY_ID, PILLAR_IDS
from ssi_core.report_render import FORMATS, MARGIN, PAPERS, render_spec

# The history chart shows this many days before the last measured day.
HISTORY_DAYS = 365
HEADER_HEIGHT = 102
PILLARS_HEIGHT = {"a4": 120, "letter": 108}  # Letter is 50 points shorter than A4
# What the page holds besides the history's plot and the text at the end (header, the pillars
# with their title, axis and legend, the history's title, axis and legend, the spacing), measured
# from the rendered page: the history's plot takes the height that is left.
FIXED_HEIGHT = HEADER_HEIGHT + 62 + 78 + 3 * 14  # and the pillars' plot
TOP_ACTIONS = 3
FONT = "Liberation Sans"
# The same colours as the app's charts (the core may not import the app's palette module).
BLUE, GREY, ORANGE, PURPLE = "#0A66C2", "#8A8D91", "#E07B00", "#8344CC"
TEXT_DARK, TEXT_MUTED, GREEN, RED = "#1F2937", "#6B7280", "#2E7D32", "#C62828"
GROUP_COLORS = {"industry": GREY, "network": ORANGE}


@dataclass(frozen=True)
class ReportInputs:
    """Everything a report is made from: what the store holds for one profile."""

    profile: str
    snapshots: pd.DataFrame
    assessment: dict | None  # the latest saved assessment's columns (answers included)
    goal: Goal | None
    done: frozenset[str]
    industry_ssi: float | None = None  # averages typed in Settings, when no import brought them
    network_ssi: float | None = None


def inputs_from_store(store, profile: str) -> ReportInputs:
    """A profile's report inputs read from a Store; SSIError when the profile has no data."""
    return store.together(lambda reading: _read_inputs(reading, profile))


def _read_inputs(store, profile: str) -> ReportInputs:
    found = store.profile(profile)
    if found is None:
        raise SSIError(f"profile {profile!r}: there is no such profile, so nothing to report.")
    assessments = store.assessments(profile)
    snapshots = store.snapshots(profile)
    if snapshots.empty and assessments.empty:
        raise SSIError(_no_data(profile))
    stored_goal = store.goal(profile)
    return ReportInputs(
        profile=profile,
        snapshots=snapshots,
        assessment=assessments.iloc[-1].to_dict() if len(assessments) else None,
        goal=None if stored_goal is None else goal_from_dict(stored_goal),
        done=frozenset(store.done_actions(profile)),
        industry_ssi=found.industry_ssi,
        network_ssi=found.network_ssi,
    )


def _no_data(profile: str) -> str:
    return (
        f"profile {profile!r} has no measured day and no self-assessment: "
        "import an SSI file or fill in the questionnaire first."
    )


# --- what the page says ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Numbers:
    summary: Summary | None
    ssi: float
    pillars: dict[str, float | None]
    measured: bool
    as_of: date
    actions: list[Action]
    forecast: Forecast | None
    status: GoalStatus | None


def _numbers(inputs: ReportInputs, today: date) -> _Numbers:
    summary = summarise(inputs.snapshots)
    if summary is not None and summary.latest_ssi is not None:
        ssi, pillars, measured, as_of = (
            summary.latest_ssi,
            summary.latest_pillars,
            True,
            summary.latest_date,
        )
    elif inputs.assessment is not None:
        ssi = float(inputs.assessment["ssi"])
        pillars = {pid: float(inputs.assessment[pid]) for pid in PILLAR_IDS}
        measured, as_of = False, pd.Timestamp(inputs.assessment["date"]).date()
    else:
        raise SSIError(_no_data(inputs.profile))
    if inputs.assessment is not None:
        ranked = rank_actions(dict(inputs.assessment["answers"]))
    else:
        ranked = rank_actions_for_snapshot(pillars)
    actions, seen = [], set()
    for action in sorted(ranked, key=lambda a: -a.points):
        if action.id not in inputs.done and action.question not in seen:
            seen.add(action.question)
            actions.append(action)
    status = None if inputs.goal is None else goal_status(inputs.goal, summary, today)
    return _Numbers(
        summary=summary,
        ssi=ssi,
        pillars=pillars,
        measured=measured,
        as_of=as_of,
        actions=actions[:TOP_ACTIONS],
        forecast=forecast_series(inputs.snapshots, "ssi"),
        status=status,
    )


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


def _text_view(lines: list[dict], width: int, height: int) -> dict:
    """A view of text lines placed by pixel: each line {x, y, text, size, weight, color}."""
    encoding = {
        "x": {"field": "x", "type": "quantitative", "scale": None},
        "y": {"field": "y", "type": "quantitative", "scale": None},
        "text": {"field": "text"},
        "size": {"field": "size", "type": "quantitative", "scale": None},
        "color": {"field": "color", "type": "nominal", "scale": None},
    }
    # Vega-Lite has no font-weight channel: one layer per weight.
    return {
        "width": width,
        "height": height,
        "data": {"values": lines},
        "layer": [
            {
                "transform": [{"filter": {"field": "weight", "equal": weight}}],
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "top",
                    "font": FONT,
                    "fontWeight": weight,
                },
                "encoding": encoding,
            }
            for weight in ("normal", "bold")
        ],
    }


def _line(
    x: float, y: float, text: str, size: float = 10, weight: str = "normal", color: str = TEXT_DARK
) -> dict:
    return {"x": x, "y": y, "text": text, "size": size, "weight": weight, "color": color}


def _header(inputs: ReportInputs, numbers: _Numbers, lang: str, today: date, width: int) -> dict:
    kind = t("pdf.measured" if numbers.measured else "pdf.estimated", lang)
    delta = numbers.summary.weekly_delta if numbers.measured and numbers.summary else None
    summary = numbers.summary
    industry = (summary.industry_ssi if summary else None) or inputs.industry_ssi
    network = (summary.network_ssi if summary else None) or inputs.network_ssi
    lines = [
        _line(0, 0, t("pdf.title", lang), 18, "bold", BLUE),
        _line(
            0,
            26,
            t("pdf.profile", lang, name=inputs.profile, date=fmt_date(today, lang)),
            10,
            color=TEXT_MUTED,
        ),
        _line(0, 46, f"{fmt_number(numbers.ssi, lang, 0)} / 100", 30, "bold"),
        _line(150, 44, t("pdf.ssi_kind", lang, kind=kind, date=fmt_date(numbers.as_of, lang)), 10),
        _line(
            150,
            58,
            t("pdf.weekly_change", lang, change=fmt_signed(delta, lang))
            if delta is not None
            else t("pdf.no_weekly_change", lang),
            10,
            color=GREEN if (delta or 0) > 0 else (RED if (delta or 0) < 0 else TEXT_MUTED),
        ),
        _line(150, 74, _group_line("industry", industry, summary, lang), 10),
        _line(150, 88, _group_line("network", network, summary, lang), 10),
    ]
    return _text_view(lines, width, HEADER_HEIGHT)


def _group_line(group: str, average: float | None, summary: Summary | None, lang: str) -> str:
    """ "Industry average 22 · you are Top 3%", with only the parts that are known."""
    rank = getattr(summary, f"{group}_top_pct") if summary is not None else None
    if rank is None:
        return t(f"pdf.{group}_no_rank", lang, avg=fmt_number(average, lang, 0))
    return t(f"pdf.{group}", lang, avg=fmt_number(average, lang, 0), rank=fmt_top_pct(rank, lang))


def _pillars(numbers: _Numbers, lang: str, width: int, height: int) -> dict:
    groups = numbers.summary.latest_group_pillars if numbers.summary else {}
    you = t("pdf.you_measured" if numbers.measured else "pdf.you_estimated", lang)
    names = {"industry": t("pdf.industry_avg", lang), "network": t("pdf.network_avg", lang)}
    rows = []
    for pid in PILLAR_IDS:
        label = PILLAR_BY_ID[pid].label(lang)
        rows.append(
            {
                "pillar": label,
                "who": you,
                "points": numbers.pillars.get(pid),
                "text": fmt_points(numbers.pillars.get(pid), lang),
            }
        )
        for group, name in names.items():
            value = (groups.get(group) or {}).get(pid)
            if value is not None:
                rows.append({"pillar": label, "who": name, "points": value, "text": ""})
    order = [PILLAR_BY_ID[pid].label(lang) for pid in PILLAR_IDS]
    known_groups = [g for g, name in names.items() if any(r["who"] == name for r in rows)]
    color = {
        "field": "who",
        "type": "nominal",
        "title": None,
        # Only the groups whose pillars are known get a legend entry.
        "scale": {
            "domain": [you, *(names[g] for g in known_groups)],
            "range": [BLUE, *(GROUP_COLORS[g] for g in known_groups)],
        },
        "legend": {"orient": "bottom", "direction": "horizontal", "labelFont": FONT},
    }
    # The pillar's name sits above its bar: the long names need the page's whole width.
    y = {"field": "pillar", "type": "nominal", "sort": order, "title": None, "axis": None}
    x = {
        "field": "points",
        "type": "quantitative",
        "scale": {"domain": [0, 25]},
        "title": None,
        "axis": {"values": [0, 5, 10, 15, 20, 25], "labelFont": FONT},
    }
    you_only = [{"filter": {"field": "who", "equal": you}}]
    return {
        "title": {
            "text": t("pdf.pillars_title", lang),
            "anchor": "start",
            "font": FONT,
            "fontSize": 12,
        },
        "width": width - 60,
        "height": height,
        "data": {"values": rows},
        "layer": [
            {
                "transform": you_only,
                "mark": {"type": "bar", "height": 11, "color": BLUE, "yOffset": 6},
                "encoding": {"y": y, "x": x, "color": color},
            },
            {
                "transform": [{"filter": {"field": "who", "oneOf": list(names.values())}}],
                "mark": {"type": "tick", "thickness": 3, "size": 14, "yOffset": 6},
                "encoding": {"y": y, "x": x, "color": color},
            },
            {
                "transform": you_only,
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "bottom",
                    "yOffset": -2,
                    "font": FONT,
                    "fontSize": 10,
                    "color": TEXT_DARK,
                },
                "encoding": {"y": y, "x": {"value": 0}, "text": {"field": "pillar"}},
            },
            {
                "transform": you_only,
                "mark": {
                    "type": "text",
                    "align": "right",
                    "dx": -4,
                    "yOffset": 6,
                    "font": FONT,
                    "fontSize": 9,
                    "fontWeight": "bold",
                    "color": "white",
                },
                "encoding": {"y": y, "x": x, "text": {"field": "text"}},
            },
        ],
    }


def _history(
    inputs: ReportInputs,
    numbers: _Numbers,
    goal: Goal | None,
    lang: str,
    width: int,
    height: int,
) -> dict:
    frame = by_day(inputs.snapshots)
    if not frame.empty:
        frame = frame[frame["ts"] > frame["ts"].iat[-1] - pd.Timedelta(days=HISTORY_DAYS)]
    names = {
        "ssi": t("pdf.series_ssi", lang),
        "industry_ssi": t("pdf.industry_avg", lang),
        "network_ssi": t("pdf.network_avg", lang),
        "forecast": t("pdf.series_forecast", lang),
        "goal": t("pdf.series_goal", lang),
    }
    points = []
    # One value a week (its last measured day), as the forecast reads the history: a year of
    # days is 1,100 points the renderer draws into 450 points of paper (0.15 s of the page).
    for column in ("ssi", "industry_ssi", "network_ssi"):
        weekly = weekly_of_days(frame, column)
        points += [
            {"date": day.isoformat(), "value": round(float(v), 2), "series": names[column]}
            for day, v in zip(weekly["day"], weekly["value"], strict=True)
        ]
    band = []
    result = numbers.forecast
    if result is not None:
        band = [
            {"date": d.isoformat(), "value": v, "low": lo, "high": hi, "series": names["forecast"]}
            for d, v, lo, hi in zip(
                result.dates, result.value, result.low, result.high, strict=True
            )
        ]
        # The forecast line starts from the last measured value, so it reads as a continuation.
        band.insert(
            0,
            {
                "date": result.last_date.isoformat(),
                "value": result.last_value,
                "low": result.last_value,
                "high": result.last_value,
                "series": names["forecast"],
            },
        )
    goals = []
    if goal is not None:
        goals = [
            {
                "date": goal.target_date.isoformat(),
                "value": goal.target_ssi,
                "series": names["goal"],
                "label": t("pdf.goal_mark", lang, value=fmt_number(goal.target_ssi, lang, 0)),
            }
        ]
    # The legend names only what is drawn (no "Goal" without one).
    drawn = {p["series"] for p in points} | ({names["forecast"]} if band else set())
    drawn |= {names["goal"]} if goals else set()
    colors = {
        "ssi": BLUE,
        "industry_ssi": GREY,
        "network_ssi": ORANGE,
        "forecast": PURPLE,
        "goal": GREEN,
    }
    keys = [key for key in colors if names[key] in drawn]
    color = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": [names[k] for k in keys], "range": [colors[k] for k in keys]},
        "legend": {"orient": "bottom", "direction": "horizontal", "labelFont": FONT},
    }
    time_format = "%b %Y"
    x = {
        "field": "date",
        "type": "temporal",
        "title": None,
        "axis": {
            "format": time_format,
            "labelFont": FONT,
            "grid": False,
            "tickCount": {"interval": "month", "step": 2},
        },
    }
    y = {
        "field": "value",
        "type": "quantitative",
        "title": None,
        "scale": {"domain": [0, 100]},
        "axis": {"labelFont": FONT, "values": [0, 25, 50, 75, 100]},
    }
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": points},
            "mark": {"type": "line", "strokeWidth": 1.6},
            "encoding": {"x": x, "y": y, "color": color},
        },
    ]
    if band:
        layers += [
            {
                "data": {"values": band},
                "mark": {"type": "area", "opacity": 0.18, "color": PURPLE},
                "encoding": {"x": x, "y": {**y, "field": "low"}, "y2": {"field": "high"}},
            },
            {
                "data": {"values": band},
                "mark": {"type": "line", "strokeDash": [4, 3], "strokeWidth": 1.6},
                "encoding": {"x": x, "y": y, "color": color},
            },
        ]
    if goals:
        layers += [
            {
                "data": {"values": goals},
                "mark": {"type": "point", "shape": "diamond", "size": 80, "filled": True},
                "encoding": {"x": x, "y": y, "color": color},
            },
            {
                "data": {"values": goals},
                "mark": {"type": "text", "dy": -10, "font": FONT, "fontSize": 9, "color": GREEN},
                "encoding": {"x": x, "y": y, "text": {"field": "label"}},
            },
        ]
    if not points:
        layers.append(
            {
                "data": {"values": [{}]},
                "mark": {"type": "text", "font": FONT, "fontSize": 11, "color": TEXT_MUTED},
                "encoding": {
                    "x": {"value": (width - 40) / 2},
                    "y": {"value": height / 2},
                    "text": {"value": t("pdf.no_history", lang)},
                },
            }
        )
    return {
        "title": {
            "text": t("pdf.history_title", lang),
            "anchor": "start",
            "font": FONT,
            "fontSize": 12,
        },
        "width": width - 40,
        "height": height,
        "layer": layers,
    }


def _details(numbers: _Numbers, goal: Goal | None, lang: str, width: int) -> dict:
    """The forecast, the goal and the three actions, as wrapped lines of text."""
    chars = int(width / 5.2)  # about this many characters of 10-point Liberation Sans per line
    lines: list[dict] = []
    y = 0.0

    def heading(text: str) -> None:
        nonlocal y
        lines.append(_line(0, y, text, 12, "bold"))
        y += 18

    def para(text: str, x: float = 0, color: str = TEXT_DARK) -> None:
        nonlocal y
        for piece in _wrap(text, chars - int(x / 5.2)):
            lines.append(_line(x, y, piece, 10, color=color))
            y += 13.5

    heading(t("pdf.outlook_title", lang))
    result = numbers.forecast
    if result is None:
        para(t("pdf.forecast_too_little", lang))
    else:
        para(
            t(
                "pdf.forecast",
                lang,
                date=fmt_date(result.dates[-1], lang),
                value=fmt_number(result.value[-1], lang, 0),
                low=fmt_number(result.low[-1], lang, 0),
                high=fmt_number(result.high[-1], lang, 0),
            )
        )
    if goal is None:
        para(t("pdf.no_goal", lang), color=TEXT_MUTED)
    elif numbers.summary is None:  # an estimate has no pace
        target, when = fmt_number(goal.target_ssi, lang, 0), fmt_date(goal.target_date, lang)
        para(t("pdf.goal_no_measurement", lang, target=target, date=when))
    else:
        status = numbers.status
        para(
            t(
                f"pdf.goal_{status.state}",
                lang,
                target=fmt_number(goal.target_ssi, lang, 0),
                date=fmt_date(goal.target_date, lang),
                needed=fmt_signed(status.pace_needed, lang, 2),
                recent=fmt_signed(status.pace_recent, lang, 2),
            )
        )
    y += 8
    heading(t("pdf.actions_title", lang))
    if not numbers.actions:
        para(t("pdf.no_actions", lang), color=TEXT_MUTED)
    for action in numbers.actions:
        lines.append(_line(0, y, f"+{fmt_number(action.points, lang, 1)}", 10, "bold", GREEN))
        para(f"{action.text(lang)} ({PILLAR_BY_ID[action.pillar].label(lang)})", x=34)
        y += 3
    y += 8
    note = "pdf.note_measured" if numbers.measured else "pdf.note_estimated"
    para(t(note, lang), color=TEXT_MUTED)
    return _text_view(lines, width, max(int(y), 10))


def report_spec(
    inputs: ReportInputs, lang: str = "en", paper: str = "a4", today: date | None = None
) -> dict:
    """The report as a Vega spec (compiled from Vega-Lite) the size of the paper.

    Raises:
        SSIError: the profile has no measured day and no assessment, or the paper is unknown.
    """
    if paper not in PAPERS:
        raise SSIError(f"paper {paper!r}: choose one of {', '.join(PAPERS)}")
    today = today or date.today()
    numbers = _numbers(inputs, today)
    page_width, page_height = PAPERS[paper]
    width = page_width - 2 * MARGIN
    details = _details(numbers, inputs.goal, lang, width)
    pillars_height = PILLARS_HEIGHT[paper]
    history_height = max(
        page_height - 2 * MARGIN - FIXED_HEIGHT - pillars_height - details["height"], 100
    )
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "background": "white",
        "spacing": 14,
        # Axes and legends count in each part's size, so the long pillar names stay on the page;
        # each part keeps its own colours and legend.
        "bounds": "full",
        "resolve": {"scale": {"color": "independent"}, "legend": {"color": "independent"}},
        "config": {
            "view": {"stroke": None},
            "font": FONT,
            "axis": {
                "labelColor": TEXT_MUTED,
                "domainColor": "#D0D5DB",
                "tickColor": "#D0D5DB",
                "gridColor": "#EEF1F4",
            },
            "legend": {"labelFontSize": 9, "symbolSize": 60},
            "title": {"color": TEXT_DARK},
        },
        "vconcat": [
            _header(inputs, numbers, lang, today, width),
            _pillars(numbers, lang, width, pillars_height),
            _history(inputs, numbers, inputs.goal, lang, width, history_height),
            details,
        ],
    }
    return spec


def render_report(
    inputs: ReportInputs,
    fmt: str = "pdf",
    lang: str = "en",
    paper: str = "a4",
    today: date | None = None,
) -> bytes:
    """The report as PDF or PNG bytes (PNG at twice the page's size in points, for screens)."""
    if fmt not in FORMATS:
        raise SSIError(f"format {fmt!r}: choose pdf or png")
    return render_spec(report_spec(inputs, lang, paper, today), fmt, lang, paper)


def file_name(profile: str, fmt: str, today: date | None = None) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in profile)
    return f"ssi-report-{safe}-{(today or date.today()).isoformat()}.{fmt}"
