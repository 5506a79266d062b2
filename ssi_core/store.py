"""Persistence of profiles, snapshots, assessments and imports in DuckDB, one transaction per write.

The store never keeps the database file open between operations: DuckDB lets one process at a time
hold a file, and the command line must be able to import while the app is running. Every public
method opens a connection, does its work in one transaction and closes it again; a lock held by
another process is retried briefly and then reported in one sentence (StoreBusyError).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ssi_core.errors import SSIError, StoreBusyError
from ssi_core.pillars import NUMERIC_COLUMNS, PILLAR_IDS, SNAPSHOT_COLUMNS

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_DB = DATA_DIR / "ssi.duckdb"
DEFAULT_PROFILE = "default"
LOCAL_OWNER = "local"
# A lock held by another process (a command-line import) is retried for this long.
LOCK_RETRY_SECONDS = 5.0
PROFILE_NAME_MAX = 80

_VALUE_COLUMNS = [c for c in SNAPSHOT_COLUMNS if c != "date"]

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "initial schema",
        [
            "CREATE SEQUENCE IF NOT EXISTS profiles_id_seq START 1",
            """CREATE TABLE IF NOT EXISTS profiles (
                id INTEGER PRIMARY KEY DEFAULT nextval('profiles_id_seq'),
                owner VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                industry VARCHAR,
                industry_ssi DOUBLE,
                network_ssi DOUBLE,
                is_demo BOOLEAN NOT NULL DEFAULT FALSE,
                created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
                UNIQUE (owner, name)
            )""",
            """CREATE TABLE IF NOT EXISTS snapshots (
                profile_id INTEGER NOT NULL,
                date DATE NOT NULL,
                ssi DOUBLE,
                professional_brand DOUBLE,
                find_right_people DOUBLE,
                insight_engagement DOUBLE,
                strong_relationship DOUBLE,
                industry_ssi DOUBLE,
                industry_top_pct DOUBLE,
                network_ssi DOUBLE,
                network_top_pct DOUBLE,
                industry VARCHAR,
                source VARCHAR,
                PRIMARY KEY (profile_id, date)
            )""",
            "CREATE SEQUENCE IF NOT EXISTS assessments_id_seq START 1",
            """CREATE TABLE IF NOT EXISTS assessments (
                id INTEGER PRIMARY KEY DEFAULT nextval('assessments_id_seq'),
                profile_id INTEGER NOT NULL,
                created_at TIMESTAMP NOT NULL,
                date DATE NOT NULL,
                questionnaire_version VARCHAR NOT NULL,
                answers VARCHAR NOT NULL,
                ssi DOUBLE NOT NULL,
                professional_brand DOUBLE NOT NULL,
                find_right_people DOUBLE NOT NULL,
                insight_engagement DOUBLE NOT NULL,
                strong_relationship DOUBLE NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS assessments_profile ON assessments (profile_id)",
            "CREATE SEQUENCE IF NOT EXISTS imports_id_seq START 1",
            """CREATE TABLE IF NOT EXISTS imports (
                id INTEGER PRIMARY KEY DEFAULT nextval('imports_id_seq'),
                profile_id INTEGER NOT NULL,
                file_name VARCHAR,
                sha256 VARCHAR,
                format VARCHAR,
                rows_read INTEGER,
                rows_accepted INTEGER,
                rows_skipped INTEGER,
                new_days INTEGER,
                replaced_days INTEGER,
                imported_at TIMESTAMP NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS imports_profile ON imports (profile_id)",
            """CREATE TABLE IF NOT EXISTS action_status (
                profile_id INTEGER NOT NULL,
                action_id VARCHAR NOT NULL,
                done_at TIMESTAMP NOT NULL,
                PRIMARY KEY (profile_id, action_id)
            )""",
        ],
    ),
]

# Writers in one process share one DuckDB instance; serialising them avoids transaction
# conflicts when two threads upsert the same day.
_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _write_lock(path: str) -> threading.Lock:
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(path, threading.Lock())


def resolve_db_path(db: str | os.PathLike | None = None) -> Path:
    """The database file: the argument, else $SSI_DB, else data/ssi.duckdb."""
    if db:
        return Path(db)
    env = os.environ.get("SSI_DB")
    return Path(env) if env else DEFAULT_DB


@dataclass(frozen=True)
class Profile:
    name: str
    industry: str | None
    industry_ssi: float | None
    network_ssi: float | None
    is_demo: bool
    created_at: datetime


def check_profile_name(name: str) -> str:
    """Return the trimmed profile name, or raise SSIError saying what is wrong with it."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise SSIError("A profile needs a name.")
    if len(cleaned) > PROFILE_NAME_MAX:
        raise SSIError(f"Profile name is longer than {PROFILE_NAME_MAX} characters.")
    return cleaned


def _first(result) -> tuple | None:
    """The first row, reading the result to its end (DuckDB 2 refuses new work until then)."""
    rows = result.fetchall()
    return rows[0] if rows else None


def _none_if_nan(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    return value


class Store:
    """The project's one door to its data; every call is scoped to one owner."""

    def __init__(self, path: str | os.PathLike, owner: str = LOCAL_OWNER) -> None:
        self.path = Path(path)
        self.owner = owner
        self._lock = _write_lock(str(self.path.resolve()))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate()

    @classmethod
    def open(cls, db: str | os.PathLike | None = None, owner: str = LOCAL_OWNER) -> Store:
        return cls(resolve_db_path(db), owner=owner)

    def close(self) -> None:
        """Nothing is held open between calls; kept so callers can be explicit."""

    def version(self) -> tuple[float, int]:
        """A cheap token that changes when the file is written (by this or another process)."""
        total_mtime, total_size = 0.0, 0
        for candidate in (self.path, Path(f"{self.path}.wal")):
            try:
                stat = candidate.stat()
            except FileNotFoundError:
                continue
            total_mtime += stat.st_mtime_ns / 1e9
            total_size += stat.st_size
        return total_mtime, total_size

    # --- connections -----------------------------------------------------------------------

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """Open the file for one operation, retrying briefly while another process holds it."""
        deadline = time.monotonic() + LOCK_RETRY_SECONDS
        delay = 0.05
        while True:
            try:
                con = duckdb.connect(str(self.path))
                break
            except duckdb.IOException as error:
                if "lock" not in str(error).lower():
                    raise SSIError(f"Cannot open the database {self.path}: {error}") from None
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"The database {self.path} is in use by another program "
                        "(a command-line import?); please try again in a moment."
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
        try:
            if write:
                with self._lock:
                    con.execute("BEGIN TRANSACTION")
                    try:
                        yield con
                        con.execute("COMMIT")
                    except BaseException:
                        con.execute("ROLLBACK")
                        raise
            else:
                yield con
        finally:
            con.close()

    def _migrate(self) -> None:
        with self._connect(write=True) as con:
            con.execute(
                """CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,
                    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"""
            )
            applied = {
                r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()
            }
            for version, name, statements in MIGRATIONS:
                if version in applied:
                    continue
                for statement in statements:
                    con.execute(statement)
                con.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name]
                )

    def migrations(self) -> list[int]:
        with self._connect() as con:
            return [
                r[0]
                for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
            ]

    # --- profiles --------------------------------------------------------------------------

    def _profile_id(self, con, name: str, create: bool = False) -> int | None:
        row = _first(
            con.execute("SELECT id FROM profiles WHERE owner = ? AND name = ?", [self.owner, name])
        )
        if row:
            return row[0]
        if not create:
            return None
        name = check_profile_name(name)
        return _first(
            con.execute(
                "INSERT INTO profiles (owner, name) VALUES (?, ?) RETURNING id", [self.owner, name]
            )
        )[0]

    def profiles(self) -> list[Profile]:
        with self._connect() as con:
            rows = con.execute(
                """SELECT name, industry, industry_ssi, network_ssi, is_demo, created_at
                   FROM profiles WHERE owner = ? ORDER BY created_at, name""",
                [self.owner],
            ).fetchall()
        return [Profile(*row) for row in rows]

    def profile(self, name: str) -> Profile | None:
        return next((p for p in self.profiles() if p.name == name), None)

    def ensure_profile(self, name: str, is_demo: bool = False) -> str:
        name = check_profile_name(name)
        with self._connect(write=True) as con:
            if self._profile_id(con, name) is None:
                con.execute(
                    "INSERT INTO profiles (owner, name, is_demo) VALUES (?, ?, ?)",
                    [self.owner, name, is_demo],
                )
        return name

    def update_profile(
        self,
        name: str,
        *,
        new_name: str | None = None,
        industry: str | None = None,
        industry_ssi: float | None = None,
        network_ssi: float | None = None,
    ) -> str:
        """Change a profile's settings; returns its (possibly new) name."""
        from ssi_core.pillars import check_value

        industry_ssi = check_value("industry_ssi", industry_ssi)
        network_ssi = check_value("network_ssi", network_ssi)
        target = check_profile_name(new_name) if new_name else name
        with self._connect(write=True) as con:
            profile_id = self._profile_id(con, name, create=True)
            if target != name and self._profile_id(con, target) is not None:
                raise SSIError(f"A profile named {target!r} already exists.")
            con.execute(
                """UPDATE profiles SET name = ?, industry = ?, industry_ssi = ?, network_ssi = ?
                   WHERE id = ?""",
                [target, (industry or "").strip() or None, industry_ssi, network_ssi, profile_id],
            )
        return target

    def delete_profile(self, name: str) -> bool:
        """Delete a profile and everything stored for it; True if it existed."""
        with self._connect(write=True) as con:
            profile_id = self._profile_id(con, name)
            if profile_id is None:
                return False
            for table in ("snapshots", "assessments", "imports", "action_status"):
                # Table names come from this fixed tuple, never from user input.
                con.execute(f"DELETE FROM {table} WHERE profile_id = ?", [profile_id])
            con.execute("DELETE FROM profiles WHERE id = ?", [profile_id])
        return True

    # --- snapshots -------------------------------------------------------------------------

    def snapshots(self, profile: str) -> pd.DataFrame:
        """A profile's measured history: SNAPSHOT_COLUMNS, dates as datetime.date, oldest first."""
        columns = ", ".join(SNAPSHOT_COLUMNS)
        with self._connect() as con:
            profile_id = self._profile_id(con, profile)
            frame = con.execute(
                f"SELECT {columns} FROM snapshots WHERE profile_id = ? ORDER BY date",
                [profile_id if profile_id is not None else -1],
            ).fetchdf()
        return _normalise_frame(frame)

    def import_snapshots(
        self,
        profile: str,
        frame: pd.DataFrame,
        *,
        file_name: str | None = None,
        sha256: str | None = None,
        format: str | None = None,
        rows_read: int | None = None,
        rows_accepted: int | None = None,
        rows_skipped: int | None = None,
    ) -> dict[str, int]:
        """Upsert the days of `frame` and log the import, all in one transaction.

        Returns:
            Counts of new, replaced (values changed) and unchanged days.
        """
        frame = _prepare_frame(frame)
        with self._connect(write=True) as con:
            profile_id = self._profile_id(con, profile, create=True)
            counts = _upsert(con, profile_id, frame)
            if file_name is not None or sha256 is not None:
                con.execute(
                    """INSERT INTO imports (profile_id, file_name, sha256, format, rows_read,
                        rows_accepted, rows_skipped, new_days, replaced_days, imported_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [
                        profile_id,
                        file_name,
                        sha256,
                        format,
                        rows_read,
                        rows_accepted if rows_accepted is not None else len(frame),
                        rows_skipped,
                        counts["new"],
                        counts["replaced"],
                        datetime.now(),
                    ],
                )
        return counts

    def upsert_snapshots(self, profile: str, frame: pd.DataFrame) -> dict[str, int]:
        return self.import_snapshots(profile, frame)

    def imports(self, profile: str) -> pd.DataFrame:
        with self._connect() as con:
            profile_id = self._profile_id(con, profile)
            return con.execute(
                """SELECT imported_at, file_name, format, rows_read, rows_accepted, rows_skipped,
                          new_days, replaced_days, sha256
                   FROM imports WHERE profile_id = ? ORDER BY imported_at DESC, id DESC""",
                [profile_id if profile_id is not None else -1],
            ).fetchdf()

    def import_seen(self, profile: str, sha256: str) -> bool:
        with self._connect() as con:
            profile_id = self._profile_id(con, profile)
            if profile_id is None:
                return False
            row = _first(
                con.execute(
                    "SELECT 1 FROM imports WHERE profile_id = ? AND sha256 = ? LIMIT 1",
                    [profile_id, sha256],
                )
            )
        return row is not None

    # --- assessments -----------------------------------------------------------------------

    def save_assessment(
        self,
        profile: str,
        answers: dict,
        pillars: dict[str, float],
        questionnaire_version: str,
        when: datetime | None = None,
    ) -> int:
        """Store one filled questionnaire with its estimate; returns its id."""
        when = when or datetime.now()
        values = [float(pillars[pid]) for pid in PILLAR_IDS]
        with self._connect(write=True) as con:
            profile_id = self._profile_id(con, profile, create=True)
            return _first(
                con.execute(
                    """INSERT INTO assessments (profile_id, created_at, date, questionnaire_version,
                    answers, ssi, professional_brand, find_right_people, insight_engagement,
                    strong_relationship)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                    [
                        profile_id,
                        when,
                        when.date(),
                        questionnaire_version,
                        json.dumps(answers, sort_keys=True),
                        round(sum(values), 4),
                        *values,
                    ],
                )
            )[0]

    def assessments(self, profile: str) -> pd.DataFrame:
        """Saved assessments, oldest first, with `answers` decoded to dicts."""
        with self._connect() as con:
            profile_id = self._profile_id(con, profile)
            frame = con.execute(
                f"""SELECT id, created_at, date, questionnaire_version, ssi,
                          {", ".join(PILLAR_IDS)}, answers
                   FROM assessments WHERE profile_id = ? ORDER BY created_at, id""",
                [profile_id if profile_id is not None else -1],
            ).fetchdf()
        frame["answers"] = [json.loads(a) for a in frame["answers"]]
        if len(frame):
            frame["date"] = pd.to_datetime(frame["date"]).dt.date
        return frame

    def latest_answers(self, profile: str) -> dict | None:
        with self._connect() as con:
            profile_id = self._profile_id(con, profile)
            row = _first(
                con.execute(
                    """SELECT answers FROM assessments WHERE profile_id = ?
                   ORDER BY created_at DESC, id DESC LIMIT 1""",
                    [profile_id if profile_id is not None else -1],
                )
            )
        return json.loads(row[0]) if row else None

    # --- action plan -----------------------------------------------------------------------

    def done_actions(self, profile: str) -> dict[str, datetime]:
        with self._connect() as con:
            profile_id = self._profile_id(con, profile)
            rows = con.execute(
                "SELECT action_id, done_at FROM action_status WHERE profile_id = ?",
                [profile_id if profile_id is not None else -1],
            ).fetchall()
        return dict(rows)

    def set_action_done(self, profile: str, action_id: str, done: bool) -> None:
        with self._connect(write=True) as con:
            profile_id = self._profile_id(con, profile, create=True)
            con.execute(
                "DELETE FROM action_status WHERE profile_id = ? AND action_id = ?",
                [profile_id, action_id],
            )
            if done:
                con.execute(
                    "INSERT INTO action_status (profile_id, action_id, done_at) VALUES (?, ?, ?)",
                    [profile_id, action_id, datetime.now()],
                )


# --- frames ----------------------------------------------------------------------------------


def _prepare_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Canonical columns in order, one row per date (the last wins), dates as datetime.date."""
    missing = [c for c in ("date",) if c not in frame.columns]
    if missing:
        raise SSIError("The snapshots to store have no date column.")
    out = pd.DataFrame({c: frame[c] if c in frame.columns else None for c in SNAPSHOT_COLUMNS})
    out["date"] = pd.to_datetime(out["date"]).dt.date
    for column in NUMERIC_COLUMNS:
        out[column] = pd.to_numeric(out[column], errors="raise").astype("float64")
    # The total is the pillar sum when a source gave only the pillars (DESIGN.md).
    pillar_sum = out[list(PILLAR_IDS)].sum(axis=1, min_count=len(PILLAR_IDS))
    out["ssi"] = out["ssi"].fillna(pillar_sum.round(4))
    for column in ("industry", "source"):
        out[column] = out[column].astype("object").where(out[column].notna(), None)
    return out.drop_duplicates("date", keep="last").reset_index(drop=True)


def _normalise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame):
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
    else:
        frame["date"] = frame["date"].astype("object")
    for column in NUMERIC_COLUMNS:
        frame[column] = frame[column].astype("float64")
    return frame


def _upsert(con, profile_id: int, frame: pd.DataFrame) -> dict[str, int]:
    if frame.empty:
        return {"new": 0, "replaced": 0, "unchanged": 0}
    incoming = frame.copy()
    incoming.insert(0, "profile_id", profile_id)
    con.register("incoming", incoming)
    try:
        same = " AND ".join(f"s.{c} IS NOT DISTINCT FROM i.{c}" for c in _VALUE_COLUMNS[:-1])
        new, unchanged = _first(
            con.execute(
                f"""SELECT count(*) FILTER (WHERE s.date IS NULL),
                       count(*) FILTER (WHERE s.date IS NOT NULL AND {same})
                FROM incoming i LEFT JOIN snapshots s
                  ON s.profile_id = i.profile_id AND s.date = i.date"""
            )
        )
        replaced = len(incoming) - new - unchanged
        if new + replaced:
            columns = ", ".join(["profile_id", *SNAPSHOT_COLUMNS])
            updates = ", ".join(f"{c} = excluded.{c}" for c in _VALUE_COLUMNS)
            con.execute(
                f"""INSERT INTO snapshots ({columns}) SELECT {columns} FROM incoming
                    ON CONFLICT (profile_id, date) DO UPDATE SET {updates}"""
            )
    finally:
        con.unregister("incoming")
    return {"new": int(new), "replaced": int(replaced), "unchanged": int(unchanged)}


def snapshot_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts with None for unknown values (for JSON and tests)."""
    return [{k: _none_if_nan(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def today() -> date:
    return date.today()
