"""The measured history as CSV or JSON: canonical columns, oldest first, unknown left empty/null.

CSV is UTF-8 with dot decimals and safe to open in a spreadsheet: every text cell is quoted,
control characters in it become a space, and one that begins with = + - @ gets a leading
apostrophe so it is never run as a formula. The importer removes that apostrophe again, so
export then import gives back the same history.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime

import pandas as pd

from ssi_core.pillars import EXPORT_COLUMNS, NUMERIC_COLUMNS

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def _frame(snapshots: pd.DataFrame) -> pd.DataFrame:
    """EXPORT_COLUMNS in order, one row per day, oldest first, dates as YYYY-MM-DD."""
    frame = pd.DataFrame(
        {c: snapshots[c] if c in snapshots.columns else None for c in EXPORT_COLUMNS}
    )
    frame = frame[frame["date"].notna()].copy()
    frame["date"] = frame["date"].map(_iso_day)
    frame = frame.sort_values("date", kind="stable").drop_duplicates("date", keep="last")
    for column in NUMERIC_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["industry"] = frame["industry"].astype(object).where(frame["industry"].notna(), None)
    return frame.reset_index(drop=True)


def _iso_day(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return pd.Timestamp(value).date().isoformat()


def neutralise(cell: object) -> object:
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)", 'a\\rb' -> 'a b'; others pass unchanged."""
    if not isinstance(cell, str):
        return cell
    cell = _CONTROL.sub(" ", cell)
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def to_csv(snapshots: pd.DataFrame) -> str:
    """The history as CSV text (header row, UTF-8, dot decimals, '' for unknown, text quoted)."""
    frame = _frame(snapshots)
    frame["industry"] = frame["industry"].map(neutralise, na_action="ignore")
    columns = []
    for name in frame.columns:
        values = frame[name]
        if name in NUMERIC_COLUMNS or name == "date":  # numbers, and days as YYYY-MM-DD
            text = values.astype(str)
        else:  # every text cell between quotes, whatever it holds
            text = '"' + values.astype(str).str.replace('"', '""', regex=False) + '"'
        columns.append(text.where(values.notna(), ""))
    lines = [",".join(frame.columns)]
    if len(frame):
        lines += columns[0].str.cat(columns[1:], sep=",").tolist()
    return "\n".join(lines) + "\n"


def to_json(snapshots: pd.DataFrame) -> str:
    """The history as a JSON list of snapshot objects, null for unknown."""
    frame = _frame(snapshots)
    records = [
        {key: _plain(value) for key, value in record.items()}
        for record in frame.to_dict(orient="records")
    ]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _plain(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
