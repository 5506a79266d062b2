"""Every chart's text alternative: the numbers it draws as a table, and one paragraph that says
what it shows, in the user's language.

Both are read from the chart's own main dataset (the rows the builder put in `data`), so a new
chart gets them without code of its own: its columns are named by the words of the chart (the
[chart] messages, pillar names); a column no word names (a colour, a label's height) is left out.
Pure pandas: neither Streamlit nor Altair is imported here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from ssi_core.i18n import catalogue, fmt_date, fmt_number, t
from ssi_core.pillars import PILLAR_IDS

# A chart's main dataset that holds weeks (a row per week, its Monday in `date`).
_WEEKLY = "week_end"
# Columns of a row per category (a pillar), rather than per day.
_CATEGORY = "pillar"


def column_titles(words: Mapping[str, str]) -> dict[str, str]:
    """Dataset column -> its title in a table, for every column a chart may carry."""
    titles = {
        "ssi": words["ssi"],
        "ssi_avg": words["rolling"],
        "industry_ssi": words["industry_ssi"],
        "network_ssi": words["network_ssi"],
        "industry_top_pct": f"{words['industry_rank']} (Top %)",
        "network_top_pct": f"{words['network_rank']} (Top %)",
        "change": words["weekly_change"],
        "value": words["current"],
        "compare": words["compare"],
        "difference": words["difference"],
    }
    for pid in PILLAR_IDS:
        titles[pid] = words[pid]
        titles[f"industry_{pid}"] = f"{words['industry_ssi']} ({words[pid]})"
        titles[f"network_{pid}"] = f"{words['network_ssi']} ({words[pid]})"
    return titles


def main_rows(spec: Mapping) -> list[dict]:
    """The rows of a Vega-Lite spec's top-level dataset (before they are turned into Arrow)."""
    name = (spec.get("data") or {}).get("name")
    rows = spec.get("datasets", {}).get(name) if name else None
    return rows if isinstance(rows, list) else []


def table(rows: list[dict], words: Mapping[str, str]) -> pd.DataFrame:
    """The chart's numbers with titled columns: the date (or the pillar) first, then each series.

    Dates stay datetimes (the page formats them in the user's language); empty when the chart
    draws nothing.
    """
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    titles = column_titles(words)
    series = [c for c in frame.columns if c in titles or (c in words and c not in ("date",))]
    series = [c for c in series if pd.api.types.is_numeric_dtype(frame[c]) and c != _CATEGORY]
    out = pd.DataFrame(index=frame.index)
    if "date" in frame.columns:
        first = words["week_of"] if _WEEKLY in frame.columns else words["date"]
        out[first] = pd.to_datetime(frame["date"])
    elif _CATEGORY in frame.columns:
        out[words.get(_CATEGORY, _CATEGORY)] = [str(v) for v in frame[_CATEGORY]]
    else:
        return out.iloc[0:0]
    for column in series:
        out[titles.get(column) or words[column]] = pd.to_numeric(frame[column], errors="coerce")
    return out.dropna(axis=1, how="all").reset_index(drop=True)


def summary(name: str, numbers: pd.DataFrame, lang: str) -> str:
    """What the chart `name` shows, in a paragraph: its kind, its span, each series' first and
    last value with its lowest and highest, or each category's values."""
    messages = catalogue(lang)
    key = f"a11y.chart.{name}"
    title = t(key if key in messages else "a11y.chart.generic", lang)
    if numbers.empty or len(numbers.columns) < 2:
        return f"{title}. {t('a11y.empty', lang)}"
    first = numbers.columns[0]
    parts = [title + "."]
    if pd.api.types.is_datetime64_any_dtype(numbers[first]):
        days = numbers[first]
        which = "a11y.span_weeks" if _is_weekly(days) else "a11y.span"
        parts.append(
            t(
                which,
                lang,
                count=len(days),
                start=fmt_date(days.iloc[0].date(), lang),
                end=fmt_date(days.iloc[-1].date(), lang),
            )
        )
        for column in numbers.columns[1:]:
            known = numbers[column].dropna()
            if known.empty:
                continue
            parts.append(
                t(
                    "a11y.series",
                    lang,
                    series=column,
                    first=_number(known.iloc[0], lang),
                    last=_number(known.iloc[-1], lang),
                    low=_number(known.min(), lang),
                    high=_number(known.max(), lang),
                )
            )
    else:
        for _, row in numbers.iterrows():
            values = ", ".join(
                f"{column} {_number(row[column], lang)}" for column in numbers.columns[1:]
            )
            parts.append(f"{row[first]}: {values}.")
    return " ".join(parts)


def _is_weekly(days: pd.Series) -> bool:
    steps = days.diff().dropna()
    return len(steps) > 0 and bool((steps >= pd.Timedelta(days=7)).all())


def _number(value: float, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return fmt_number(float(value), lang, 1)
