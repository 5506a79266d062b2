"""The result of reading one input: accepted snapshots, rejected rows with reasons, warnings."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from ssi_core.errors import SSIError
from ssi_core.pillars import SNAPSHOT_COLUMNS


def upload_limit_bytes() -> int:
    """20 MB unless SSI_MAX_UPLOAD_MB says otherwise (the app's upload limit)."""
    raw = os.environ.get("SSI_MAX_UPLOAD_MB", "").strip()
    try:
        megabytes = float(raw) if raw else 20.0
    except ValueError:
        megabytes = 20.0
    return int(megabytes * 1024 * 1024)


MAX_UPLOAD_BYTES = upload_limit_bytes()

FORMATS: tuple[str, ...] = (
    "linkedin_json",
    "linkedin_json_history",
    "html_page",
    "page_text",
    "csv_wide",
    "csv_long",
    "xlsx",
    "json_list",
    "ssi_export",
)


@dataclass(slots=True)
class RowIssue:
    """One rejected row or one warning: `code` and `params` translate, `message` is English."""

    row: int | None
    code: str
    params: dict
    message: str


@dataclass
class ImportResult:
    """What an input holds, before anything is written.

    `rows_read` counts the records with any content; every one of them is either accepted or
    skipped. `skipped` lists the reasons of the first skipped rows (at most
    limits.MAX_LISTED_ISSUES) and `rows_skipped` counts them all; `warnings` likewise lists the
    first warnings and `warnings_unlisted` counts the rest. Accepted rows of the same day are
    merged (the last wins, with a warning), so `snapshots` can have fewer rows than
    `rows_accepted`.
    """

    format: str
    snapshots: pd.DataFrame
    rows_read: int
    skipped: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    date_order: str | None = None
    encoding: str | None = None
    # Every skipped row, listed or not (the listed ones when not given); shortening `skipped`
    # later leaves the counts as they are.
    rows_skipped: int | None = None
    warnings_unlisted: int = 0

    def __post_init__(self) -> None:
        if self.rows_skipped is None:
            self.rows_skipped = len(self.skipped)

    @property
    def rows_accepted(self) -> int:
        return self.rows_read - self.rows_skipped

    def date_range(self) -> tuple[date, date] | None:
        if self.snapshots.empty:
            return None
        dates = self.snapshots["date"]
        return dates.iloc[0], dates.iloc[-1]


class ImportRejected(SSIError):
    """The whole input was rejected; `code` and `params` let the app translate the sentence."""

    def __init__(self, message: str, code: str, params: dict) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def empty_snapshots() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in SNAPSHOT_COLUMNS})
