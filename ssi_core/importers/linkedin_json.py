"""LinkedIn's SSI response (the JSON behind linkedin.com/sales/ssi), alone or as a history.

{"memberScore": {"overall": 19.7,
                 "subScores": [{"pillar": "PROFESSIONAL_BRAND", "score": 13.1}, ...]},
 "groupScore": [{"groupType": "INDUSTRY", "rank": 75, "score": {"overall": 30.99}}, ...]}

Also wrapped in {"data": ...} or {"object": "LinkedinRawData", "data": ...}, with extra keys, a TEAM
group, and group sub-scores holding per-pillar averages: those are the group's pillars
("industry_professional_brand", ...), never the member's own. Often they are empty: then the
group's pillars are unknown. The TEAM group has no columns and is left out.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

import numpy as np
import pandas as pd

from ssi_core.importers.limits import MAX_COLUMNS, MAX_LISTED_ISSUES
from ssi_core.importers.messages import issue
from ssi_core.importers.synonyms import column_role, normalise
from ssi_core.importers.tabular import scalar_cells
from ssi_core.importers.validate import RawTable
from ssi_core.pillars import GROUP_PILLAR_COLUMNS, PILLAR_BY_API_ID

_MAX_DEPTH = 6
_GROUPS = {"INDUSTRY": "industry", "NETWORK": "network"}
_DATE_KEYS = ("date", "capturedAt", "captured_at", "timestamp", "fecha", "data", "day", "time")


def find_response(value: Any, depth: int = 0) -> dict | None:
    """The object that holds `memberScore`, looking through wrappers such as {"data": ...}."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(value, dict):
        if isinstance(value.get("memberScore"), dict):
            return value
        for key in ("data", "response", "value", "result", "ssi", "body"):
            if key in value:
                found = find_response(value[key], depth + 1)
                if found is not None:
                    return found
        for item in value.values():
            if isinstance(item, dict | list):
                found = find_response(item, depth + 1)
                if found is not None:
                    return found
    elif isinstance(value, list) and depth > 0:
        for item in value[:50]:
            found = find_response(item, depth + 1)
            if found is not None:
                return found
    return None


def is_history(value: Any) -> bool:
    return isinstance(value, list) and any(find_response(item, 1) is not None for item in value)


def record_of(response: dict) -> dict:
    """The canonical fields of one response."""
    record: dict[str, Any] = {}
    member = response.get("memberScore") or {}
    record["ssi"] = _score(member.get("overall"))
    record.update(_pillars(member.get("subScores")))
    for group in _as_list(response.get("groupScore")):
        if not isinstance(group, dict):
            continue
        prefix = _GROUPS.get(str(group.get("groupType", "")).upper())
        if prefix is None:
            continue
        score = group.get("score")
        record[f"{prefix}_ssi"] = _score(score.get("overall") if isinstance(score, dict) else score)
        record[f"{prefix}_top_pct"] = _score(group.get("rank"))
        if isinstance(score, dict):
            columns = GROUP_PILLAR_COLUMNS[prefix]
            for pid, value in _pillars(score.get("subScores")).items():
                record[columns[pid]] = value
    industry = response.get("industry")
    if isinstance(industry, dict):
        industry = industry.get("name") or industry.get("localizedName")
    if isinstance(industry, str) and industry.strip():
        record["industry"] = industry.strip()
    return record


def _pillars(sub_scores: Any) -> dict[str, Any]:
    """[{"pillar": "PROFESSIONAL_BRAND", "score": 13.1}, ...] -> {"professional_brand": 13.1}."""
    found: dict[str, Any] = {}
    for sub in _as_list(sub_scores):
        if isinstance(sub, dict):
            pillar = PILLAR_BY_API_ID.get(str(sub.get("pillar", "")).upper())
            if pillar is not None:
                found[pillar.id] = _score(sub.get("score"))
    return found


def _as_list(value: Any) -> list:
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []


def _score(value: Any) -> Any:
    """Scores arrive as numbers, sometimes as {"value": n} or a string: keep them as written."""
    if isinstance(value, dict):
        value = value.get("value", value.get("score"))
    return value


def date_of(item: Any, response: dict | None) -> Any:
    """The date or timestamp a history entry carries, on the wrapper or on the response."""
    for holder in (item, response):
        if not isinstance(holder, dict):
            continue
        for key in _DATE_KEYS:
            if key in holder and not isinstance(holder[key], dict | list):
                return holder[key]
        # Only the first keys are looked at: an object may have a million.
        for key, value in islice(holder.items(), MAX_COLUMNS):
            if column_role(key) in ("date", "time") and not isinstance(value, dict | list):
                return value
    return None


def single_table(response: dict, wrapper: Any = None) -> RawTable:
    """One response: one record, dated by a date it carries, else by the caller."""
    record = record_of(response)
    stamp = date_of(wrapper if wrapper is not None else response, response)
    return _table([record], np.array([1]), [stamp] if stamp is not None else None, [])


def history_table(items: list, rows: list[int] | None = None) -> RawTable:
    """A JSON array (or JSON Lines) of responses, each with its date."""
    records, stamps, kept_rows, skipped = [], [], [], []
    unlisted = 0
    for position, item in enumerate(items):
        row = rows[position] if rows is not None else position + 1
        response = find_response(item, 1) if isinstance(item, dict | list) else None
        if response is None:
            if len(skipped) < MAX_LISTED_ISSUES:
                skipped.append(issue("reason.not_a_record", row))
            else:
                unlisted += 1
            continue
        records.append(record_of(response))
        stamps.append(date_of(item, response))
        kept_rows.append(row)
    table = _table(records, np.asarray(kept_rows, dtype="int64"), stamps, skipped)
    table.skipped_unlisted = unlisted
    return table


def _table(records: list[dict], rows: np.ndarray, stamps: list | None, skipped: list) -> RawTable:
    frame = scalar_cells(pd.DataFrame.from_records(records)) if records else pd.DataFrame()
    fields = {name: frame[name].astype(object) for name in frame.columns}
    labels = {name: name for name in fields}
    dates = pd.Series(stamps, dtype=object) if stamps is not None else None
    return RawTable(fields=fields, rows=rows, labels=labels, dates=dates, skipped=skipped)


def looks_like_keys(value: Any) -> bool:
    """A flat object whose keys name SSI fields (for JSON lists of daily values); an object of
    more than MAX_COLUMNS keys is none (it is not looked through)."""
    if not isinstance(value, dict) or len(value) > MAX_COLUMNS:
        return False
    return any(column_role(key) not in (None, "date", "time") for key in value if normalise(key))
