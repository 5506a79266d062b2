"""What an import would do, told before anything is written: the plan and the plain-text report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from ssi_core.importers.messages import text
from ssi_core.importers.model import ImportResult, RowIssue
from ssi_core.pillars import GROUP_PILLAR_COLUMNS, GROUP_SSI_COLUMNS, GROUPS, NUMERIC_COLUMNS

MAX_LISTED = 20
_COMPARED_TEXT = ("industry",)


@dataclass
class ImportPlan:
    """Which days of an import are new, which would replace different stored values, which not."""

    new_dates: list[date] = field(default_factory=list)
    replaced_dates: list[date] = field(default_factory=list)
    unchanged_dates: list[date] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_dates or self.replaced_dates)


def plan_against(result: ImportResult, stored: pd.DataFrame | None) -> ImportPlan:
    """Compare the imported days with the stored ones (unknown equals unknown).

    Every value counts, the groups' pillars included: a day whose only change is the
    network's average of a pillar is a replaced day.

    Args:
        result: what parse_* returned.
        stored: Store.snapshots(profile): SNAPSHOT_COLUMNS, date as datetime.date (a column
            it lacks counts as unknown).
    """
    incoming = result.snapshots
    if stored is None or stored.empty:
        return ImportPlan(new_dates=list(incoming["date"]))
    old = stored.drop_duplicates("date", keep="last").set_index("date")
    present = incoming["date"].isin(old.index).to_numpy()
    plan = ImportPlan(new_dates=list(incoming["date"][~present]))
    if not present.any():
        return plan
    mine = incoming[present].set_index("date")
    theirs = old.loc[mine.index]
    same = np.ones(len(mine), bool)
    for column in NUMERIC_COLUMNS:
        a, b = _numbers(mine, column), _numbers(theirs, column)
        same &= (a == b) | (np.isnan(a) & np.isnan(b))
    for column in _COMPARED_TEXT:
        a, b = _texts(mine, column), _texts(theirs, column)
        same &= np.array([x == y for x, y in zip(a, b, strict=True)], dtype=bool)
    dates = list(mine.index)
    plan.unchanged_dates = [d for d, s in zip(dates, same, strict=True) if s]
    plan.replaced_dates = [d for d, s in zip(dates, same, strict=True) if not s]
    return plan


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64")


def _texts(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), None, dtype=object)
    return frame[column].astype(object).where(frame[column].notna(), None).to_numpy()


def issue_text(item: RowIssue, lang: str = "en") -> str:
    """A row reason or warning in `lang` (the English message is kept on the issue itself)."""
    if lang == "en":
        return item.message
    params = dict(item.params)
    for key in ("order", "why"):
        if f"{key}_id" in params:
            params[key] = text(f"{key}.{params[f'{key}_id']}", lang)
    return text(item.code, lang, **params)


def groups_read(result: ImportResult) -> dict[str, dict[str, int]]:
    """On how many days the import read each group's average SSI and its pillars.

    Returns:
        {"industry": {"average": days, "pillars": days}, "network": {...}}: a day counts for
        "pillars" when at least one of the group's four pillar averages is known that day.
    """
    frame = result.snapshots
    counts = {}
    for group in GROUPS:
        average = _numbers(frame, GROUP_SSI_COLUMNS[group])
        pillars = [_numbers(frame, column) for column in GROUP_PILLAR_COLUMNS[group].values()]
        known = np.zeros(len(frame), bool)
        for values in pillars:
            known |= ~np.isnan(values)
        counts[group] = {"average": int((~np.isnan(average)).sum()), "pillars": int(known.sum())}
    return counts


def groups_text(result: ImportResult, lang: str = "en") -> str | None:
    """One sentence on what the import read of the industry and the network, or None."""
    counts = groups_read(result)
    if not any(n for group in counts.values() for n in group.values()):
        return None
    return text(
        "report.groups",
        lang,
        industry=counts["industry"]["average"],
        network=counts["network"]["average"],
        industry_pillars=counts["industry"]["pillars"],
        network_pillars=counts["network"]["pillars"],
    )


def format_report(result: ImportResult, plan: ImportPlan | None = None, lang: str = "en") -> str:
    """The report the command line prints and the app shows before anything is written."""
    name = text(f"format.{result.format}", lang)
    lines = [text("report.format", lang, format=f"{result.format} ({name})")]
    if result.encoding:
        lines.append(text("report.encoding", lang, encoding=result.encoding))
    lines.append(
        text(
            "report.rows",
            lang,
            read=result.rows_read,
            accepted=result.rows_accepted,
            skipped=result.rows_skipped,
        )
    )
    listed = (
        ("report.skipped", result.skipped, result.rows_skipped),
        ("report.warnings", result.warnings, len(result.warnings) + result.warnings_unlisted),
    )
    for title, items, total in listed:
        if items:
            lines.append(text(title, lang))
            lines += [f"  - {issue_text(item, lang)}" for item in items[:MAX_LISTED]]
            shown = min(len(items), MAX_LISTED)
            if total > shown:
                lines.append("  " + text("report.more", lang, count=total - shown))
    if result.ignored_columns:
        lines.append(text("report.ignored", lang, columns=", ".join(result.ignored_columns)))
    span = result.date_range()
    if span is not None:
        lines.append(
            text(
                "report.dates",
                lang,
                first=span[0].isoformat(),
                last=span[1].isoformat(),
                days=len(result.snapshots),
            )
        )
    groups = groups_text(result, lang)
    if groups is not None:
        lines.append(groups)
    if result.date_order:
        order = text(f"order.{result.date_order}", lang)
        lines.append(text("report.date_order", lang, order=order))
    if plan is not None:
        lines.append(
            text(
                "report.plan",
                lang,
                new=len(plan.new_dates),
                replaced=len(plan.replaced_dates),
                unchanged=len(plan.unchanged_dates),
            )
        )
        if not plan.changes_anything:
            lines.append(text("report.nothing_changed", lang))
    return "\n".join(lines)
