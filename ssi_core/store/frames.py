"""The DataFrames going into and coming out of the store: columns, order and types."""

from __future__ import annotations

import json

import pandas as pd

from ssi_core.errors import SSIError
from ssi_core.pillars import NUMERIC_COLUMNS, PILLAR_IDS, SNAPSHOT_COLUMNS

IMPORT_COUNT_COLUMNS = ("rows_read", "rows_accepted", "rows_skipped", "new_days", "replaced_days")


def prepare_snapshots(frame: pd.DataFrame) -> pd.DataFrame:
    """Canonical columns in order, one row per date (the last wins), dates as datetime.date."""
    if "date" not in frame.columns:
        raise SSIError("The snapshots to store have no date column.")
    out = pd.DataFrame({c: frame[c] if c in frame.columns else None for c in SNAPSHOT_COLUMNS})
    out["date"] = pd.to_datetime(out["date"]).dt.date
    for column in NUMERIC_COLUMNS:
        out[column] = pd.to_numeric(out[column], errors="raise").astype("float64")
    # The SSI is the sum of its four pillars: a source that gave only the pillars still gets
    # a total.
    pillar_sum = out[list(PILLAR_IDS)].sum(axis=1, min_count=len(PILLAR_IDS))
    out["ssi"] = out["ssi"].fillna(pillar_sum.round(4))
    for column in ("industry", "source"):
        out[column] = out[column].astype("object").where(out[column].notna(), None)
    return out.drop_duplicates("date", keep="last").reset_index(drop=True)


def normalise_snapshots(frame: pd.DataFrame) -> pd.DataFrame:
    """Stored days as read: dates as datetime.date, numbers as float64, None for unknown text."""
    if len(frame):
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
    else:
        frame["date"] = frame["date"].astype("object")
    for column in NUMERIC_COLUMNS:
        frame[column] = frame[column].astype("float64")
    for column in ("industry", "source"):
        frame[column] = frame[column].astype("object").where(frame[column].notna(), None)
    return frame


def normalise_imports(frame: pd.DataFrame) -> pd.DataFrame:
    """The import log as read: times as datetime64, counts as nullable integers."""
    frame["imported_at"] = pd.to_datetime(frame["imported_at"])
    for column in IMPORT_COUNT_COLUMNS:
        frame[column] = frame[column].astype("Int64")
    return frame


def normalise_assessments(frame: pd.DataFrame) -> pd.DataFrame:
    """Saved assessments as read: scores as float64, dates as datetime.date, answers as dicts."""
    frame["id"] = frame["id"].astype("int64")
    frame["created_at"] = pd.to_datetime(frame["created_at"])
    for column in ("ssi", *PILLAR_IDS):
        frame[column] = frame[column].astype("float64")
    frame["answers"] = [json.loads(a) for a in frame["answers"]]
    frame["sources"] = [json.loads(s) if isinstance(s, str) else None for s in frame["sources"]]
    frame["date"] = pd.to_datetime(frame["date"]).dt.date if len(frame) else frame["date"]
    return frame


def normalise_activity(frame: pd.DataFrame) -> pd.DataFrame:
    """Weekly activity as read: weeks as datetime.date, counts as nullable integers."""
    frame["week"] = pd.to_datetime(frame["week"]).dt.date if len(frame) else frame["week"]
    for column in frame.columns[1:]:
        frame[column] = frame[column].astype("Int64")
    return frame
