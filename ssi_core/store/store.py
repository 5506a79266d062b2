"""The Store: the project's one door to its data, on either backend.

Every statement is scoped to the store's owner, and every operation is one transaction, retried
as a whole while the database is locked by another process or out of reach.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from ssi_core.archive.reader import ACTIVITIES
from ssi_core.errors import SSIError, StoreUnavailableError
from ssi_core.pillars import PILLAR_IDS, SNAPSHOT_COLUMNS, check_value
from ssi_core.store import frames, schema
from ssi_core.store.backend import Backend, Connection
from ssi_core.store.duckdb_backend import DuckDBFile
from ssi_core.store.location import is_database_url, resolve_db
from ssi_core.store.profiles import LOCAL_OWNER, Profile, check_profile_name
from ssi_core.store.teams import TeamQueries

T = TypeVar("T")

_VALUE_COLUMNS = [c for c in SNAPSHOT_COLUMNS if c != "date"]
_PROFILE_OF_OWNER = "SELECT id FROM profiles WHERE owner = :owner AND name = :name"
_BUMP_VERSION = """INSERT INTO data_versions (owner, version) VALUES (:owner, 1)
    ON CONFLICT (owner) DO UPDATE SET version = data_versions.version + 1 RETURNING version"""


def open_backend(db: str | os.PathLike) -> Backend:
    """The database behind a Store (a file or a postgresql:// URL), for SQL of one's own: the
    Store is the project's door to its data; this is the benchmark's for bulk builds, and the
    tests' for reading what is stored, as stored. Its migrations are the Store's to run."""
    if is_database_url(db):
        # Imported here: SQLAlchemy is loaded only by a process that opens PostgreSQL.
        from ssi_core.store.postgres_backend import PostgresDatabase

        return PostgresDatabase(str(db))
    return DuckDBFile(Path(db))


def _count(value: Any) -> int | None:
    if value is None or pd.isna(value):
        return None
    if int(value) < 0:
        raise SSIError(f"An activity count cannot be negative ({value}).")
    return int(value)


def _monday(value: Any) -> date:
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    if isinstance(day, datetime):
        day = day.date()
    return day - timedelta(days=day.weekday())


def close_connections(db: str | os.PathLike) -> None:
    """Close the pooled connections to `db` (a postgresql:// URL) that this process opened."""
    if not is_database_url(db):
        return  # a DuckDB file is never held open
    from ssi_core.store import postgres_backend

    postgres_backend.close_connections(str(db))


class Store(TeamQueries):
    """The project's one door to its data; every call is scoped to one owner."""

    # A lock held by another process (a command-line import), or a database server that refuses
    # or drops the connection, is retried for this long.
    RETRY_SECONDS = 5.0
    # version() on PostgreSQL is a query; the app asks for it several times per rerun, so it is
    # remembered this long (this store's own writes update it at once).
    VERSION_CACHE_SECONDS = 0.5

    def __init__(self, db: str | os.PathLike, owner: str = LOCAL_OWNER) -> None:
        self._db = open_backend(db)
        self.owner = owner
        self._version_seen: tuple[int, float] | None = None
        # The connection that together() lends to the reads of one thread, and that thread.
        self._lent: tuple[Connection, int] | None = None
        self._migrate()

    @classmethod
    def open(cls, db: str | os.PathLike | None = None, owner: str = LOCAL_OWNER) -> Store:
        """The store of `db` (a file or a postgresql:// URL; see resolve_db) for one owner."""
        return cls(resolve_db(db), owner=owner)

    @property
    def identity(self) -> str:
        """Which database this is, for caches: the file's full path, or the whole URL (options
        such as a schema included; it may hold a password: never show it)."""
        return self._db.identity

    def close(self) -> None:
        """Let go of pooled connections (DuckDB holds nothing open between calls)."""
        self._db.dispose()

    def version(self) -> tuple[float, int]:
        """A cheap token that changes when this owner's data is written (here or elsewhere)."""
        if isinstance(self._db, DuckDBFile):
            return self._db.file_version()
        seen = self._version_seen
        if seen is not None and time.monotonic() - seen[1] < self.VERSION_CACHE_SECONDS:
            return float(seen[0]), 0
        value = self._run(
            lambda con: (
                con.execute(
                    "SELECT version FROM data_versions WHERE owner = :owner",
                    {"owner": self.owner},
                ).scalar()
                or 0
            )
        )
        self._version_seen = (value, time.monotonic())
        return float(value), 0

    # --- transactions ----------------------------------------------------------------------

    def _run(self, work: Callable[[Connection], T], write: bool = False, bump: bool = True) -> T:
        """Run `work` in one transaction, retrying it while the database is locked or away.

        A write first bumps the owner's data version; it is committed with the work or not at
        all. A retry re-runs the whole work: the failed attempt was rolled back.
        """
        lent = self._lent
        if lent is not None and not write and lent[1] == threading.get_ident():
            return work(lent[0])
        deadline = time.monotonic() + self.RETRY_SECONDS
        delay = 0.05
        while True:
            committing = False
            try:
                # The write lock first: a DuckDB transaction begins as the connection opens.
                with self._db.guard(write), self._db.connect(write) as con:
                    version = None
                    if write and bump:
                        version = con.execute(_BUMP_VERSION, {"owner": self.owner}).scalar()
                    result = work(con)
                    if write:
                        committing = True
                        con.commit()
                if version is not None:
                    self._version_seen = (version, time.monotonic())
                return result
            except Exception as error:
                problem = self._db.classify(error)
                if problem is None:
                    raise
                if problem == "fatal":
                    raise self._db.fatal(error) from None
                if committing:
                    raise StoreUnavailableError(
                        f"The connection to the database {self._db.label} was lost while "
                        "saving; please check whether the change was kept and try again."
                    ) from None
                if time.monotonic() >= deadline:
                    raise self._db.gave_up(error) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def together(self, reads: Callable[[Store], T]) -> T:
        """reads(self), its reads through one connection (a DuckDB file is otherwise opened for
        each read, and each opening reads its catalogue); retried as a whole like one read."""

        def lend(con: Connection) -> T:
            self._lent = (con, threading.get_ident())
            try:
                return reads(self)
            finally:
                self._lent = None

        return self._run(lend)

    def _migrate(self) -> None:
        def migrate(con: Connection) -> None:
            self._db.lock_migrations(con)
            schema.migrate(con)

        self._run(migrate, write=True, bump=False)

    def _params(self, **params: Any) -> dict[str, Any]:
        return {"owner": self.owner, **params}

    # --- profiles --------------------------------------------------------------------------

    def _profile_id(self, con: Connection, name: str, create: bool = False) -> int | None:
        found = con.execute(_PROFILE_OF_OWNER, self._params(name=name)).scalar()
        if found is not None or not create:
            return found
        return con.execute(
            """INSERT INTO profiles (owner, name, created_at)
                   VALUES (:owner, :name, :now) RETURNING id""",
            self._params(name=check_profile_name(name), now=datetime.now()),
        ).scalar()

    def profiles(self) -> list[Profile]:
        rows = self._run(
            lambda con: con.execute(
                """SELECT name, industry, industry_ssi, network_ssi, is_demo, created_at
                       FROM profiles WHERE owner = :owner ORDER BY created_at, name""",
                self._params(),
            ).all()
        )
        return [Profile(*row) for row in rows]

    def profile(self, name: str) -> Profile | None:
        return next((p for p in self.profiles() if p.name == name), None)

    def ensure_profile(self, name: str, is_demo: bool = False) -> str:
        name = check_profile_name(name)

        def ensure(con: Connection) -> None:
            if self._profile_id(con, name) is None:
                con.execute(
                    """INSERT INTO profiles (owner, name, is_demo, created_at)
                           VALUES (:owner, :name, :is_demo, :now)""",
                    self._params(name=name, is_demo=is_demo, now=datetime.now()),
                )

        self._run(ensure, write=True)
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
        industry_ssi = check_value("industry_ssi", industry_ssi)
        network_ssi = check_value("network_ssi", network_ssi)
        target = check_profile_name(new_name) if new_name else name

        def update(con: Connection) -> None:
            profile_id = self._profile_id(con, name, create=True)
            if target != name and self._profile_id(con, target) is not None:
                raise SSIError(f"A profile named {target!r} already exists.")
            con.execute(
                """UPDATE profiles SET name = :target, industry = :industry,
                           industry_ssi = :industry_ssi, network_ssi = :network_ssi
                       WHERE id = :id AND owner = :owner""",
                self._params(
                    target=target,
                    industry=(industry or "").strip() or None,
                    industry_ssi=industry_ssi,
                    network_ssi=network_ssi,
                    id=profile_id,
                ),
            )

        self._run(update, write=True)
        return target

    def delete_profile(self, name: str) -> bool:
        """Delete a profile and everything stored for it; True if it existed."""

        def delete(con: Connection) -> bool:
            profile_id = self._profile_id(con, name)
            if profile_id is None:
                return False
            # A team it was shared with sees nothing of it from now on.
            con.execute(
                """UPDATE team_members SET profile_id = NULL
                   WHERE profile_id = :id AND owner = :owner""",
                self._params(id=profile_id),
            )
            for table in (
                "snapshots",
                "assessments",
                "imports",
                "action_status",
                "activity_weeks",
                "goals",
            ):
                # Table names come from this fixed tuple, never from user input.
                con.execute(f"DELETE FROM {table} WHERE profile_id = :id", {"id": profile_id})
            con.execute(
                "DELETE FROM profiles WHERE id = :id AND owner = :owner",
                self._params(id=profile_id),
            )
            return True

        return self._run(delete, write=True)

    # --- snapshots -------------------------------------------------------------------------

    def snapshots(self, profile: str) -> pd.DataFrame:
        """A profile's measured history: SNAPSHOT_COLUMNS, dates as datetime.date, oldest first."""
        columns = ", ".join(f"s.{c}" for c in SNAPSHOT_COLUMNS)
        frame = self._run(
            lambda con: self._db.frame(
                con,
                f"""SELECT {columns} FROM snapshots s JOIN profiles p ON p.id = s.profile_id
                    WHERE p.owner = :owner AND p.name = :name ORDER BY s.date""",
                self._params(name=profile),
            )
        )
        return frames.normalise_snapshots(frame)

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
        frame = frames.prepare_snapshots(frame)

        def write(con: Connection) -> dict[str, int]:
            profile_id = self._profile_id(con, profile, create=True)
            counts = self._upsert_days(con, profile_id, frame)
            if file_name is not None or sha256 is not None:
                con.execute(
                    """INSERT INTO imports (profile_id, file_name, sha256, format, rows_read,
                            rows_accepted, rows_skipped, new_days, replaced_days, imported_at)
                           VALUES (:profile_id, :file_name, :sha256, :format, :rows_read,
                            :rows_accepted, :rows_skipped, :new, :replaced, :now)""",
                    {
                        "profile_id": profile_id,
                        "file_name": file_name,
                        "sha256": sha256,
                        "format": format,
                        "rows_read": rows_read,
                        "rows_accepted": rows_accepted if rows_accepted is not None else len(frame),
                        "rows_skipped": rows_skipped,
                        "new": counts["new"],
                        "replaced": counts["replaced"],
                        "now": datetime.now(),
                    },
                )
            return counts

        return self._run(write, write=True)

    def _upsert_days(self, con: Connection, profile_id: int, frame: pd.DataFrame) -> dict[str, int]:
        """Count new, replaced and unchanged days, then insert or update them in one statement."""
        if frame.empty:
            return {"new": 0, "replaced": 0, "unchanged": 0}
        incoming = frame.copy()
        incoming.insert(0, "profile_id", profile_id)
        with self._db.incoming(con, incoming):
            same = " AND ".join(f"s.{c} IS NOT DISTINCT FROM i.{c}" for c in _VALUE_COLUMNS[:-1])
            ((new, unchanged),) = con.execute(
                f"""SELECT count(*) FILTER (WHERE s.date IS NULL),
                           count(*) FILTER (WHERE s.date IS NOT NULL AND {same})
                    FROM incoming i LEFT JOIN snapshots s
                      ON s.profile_id = i.profile_id AND s.date = i.date"""
            ).all()
            replaced = len(incoming) - new - unchanged
            if new + replaced:
                columns = ", ".join(["profile_id", *SNAPSHOT_COLUMNS])
                updates = ", ".join(f"{c} = excluded.{c}" for c in _VALUE_COLUMNS)
                con.execute(
                    f"""INSERT INTO snapshots ({columns}) SELECT {columns} FROM incoming
                        ON CONFLICT (profile_id, date) DO UPDATE SET {updates}"""
                )
        return {"new": int(new), "replaced": int(replaced), "unchanged": int(unchanged)}

    def imports(self, profile: str) -> pd.DataFrame:
        frame = self._run(
            lambda con: self._db.frame(
                con,
                """SELECT i.imported_at, i.file_name, i.format, i.rows_read, i.rows_accepted,
                          i.rows_skipped, i.new_days, i.replaced_days, i.sha256
                   FROM imports i JOIN profiles p ON p.id = i.profile_id
                   WHERE p.owner = :owner AND p.name = :name
                   ORDER BY i.imported_at DESC, i.id DESC""",
                self._params(name=profile),
            )
        )
        return frames.normalise_imports(frame)

    def import_seen(self, profile: str, sha256: str) -> bool:
        found = self._run(
            lambda con: con.execute(
                """SELECT 1 FROM imports i JOIN profiles p ON p.id = i.profile_id
                   WHERE p.owner = :owner AND p.name = :name AND i.sha256 = :sha256
                   LIMIT 1""",
                self._params(name=profile, sha256=sha256),
            ).scalar()
        )
        return found is not None

    # --- assessments -----------------------------------------------------------------------

    def save_assessment(
        self,
        profile: str,
        answers: dict,
        pillars: dict[str, float],
        questionnaire_version: str,
        when: datetime | None = None,
        sources: dict | None = None,
    ) -> int:
        """Store one filled questionnaire with its estimate; returns its id.

        `sources` records the answers that came from the member's data archive
        ({question id: {"fact": name, "value": count}}); None when none did.
        """
        when = when or datetime.now()
        values = {pid: float(pillars[pid]) for pid in PILLAR_IDS}

        def save(con: Connection) -> int:
            profile_id = self._profile_id(con, profile, create=True)
            return con.execute(
                f"""INSERT INTO assessments (profile_id, created_at, date,
                    questionnaire_version, answers, sources, ssi, {", ".join(PILLAR_IDS)})
                   VALUES (:profile_id, :created_at, :date, :questionnaire_version,
                    :answers, :sources, :ssi, {", ".join(f":{pid}" for pid in PILLAR_IDS)})
                   RETURNING id""",
                {
                    "profile_id": profile_id,
                    "created_at": when,
                    "date": when.date(),
                    "questionnaire_version": questionnaire_version,
                    "answers": json.dumps(answers, sort_keys=True),
                    "sources": json.dumps(sources, sort_keys=True) if sources else None,
                    "ssi": round(sum(values.values()), 4),
                    **values,
                },
            ).scalar()

        return self._run(save, write=True)

    def assessments(self, profile: str) -> pd.DataFrame:
        """Saved assessments, oldest first, with `answers` decoded to dicts."""
        frame = self._run(
            lambda con: self._db.frame(
                con,
                f"""SELECT a.id, a.created_at, a.date, a.questionnaire_version, a.ssi,
                          {", ".join(f"a.{pid}" for pid in PILLAR_IDS)}, a.answers, a.sources
                   FROM assessments a JOIN profiles p ON p.id = a.profile_id
                   WHERE p.owner = :owner AND p.name = :name
                   ORDER BY a.created_at, a.id""",
                self._params(name=profile),
            )
        )
        return frames.normalise_assessments(frame)

    # --- weekly activity (counts from the data archive) ----------------------------------

    def save_activity(self, profile: str, weekly: list[dict]) -> int:
        """Store weekly activity counts ({"week": Monday, activity: count or None}); a week
        stored before is updated, keeping its known counts where the new row has None (a
        smaller archive lacks files). Returns the number of weeks written."""
        columns = ", ".join(ACTIVITIES)
        values = ", ".join(f":{name}" for name in ACTIVITIES)
        keep = ", ".join(f"{n} = COALESCE(excluded.{n}, activity_weeks.{n})" for n in ACTIVITIES)

        def write(con: Connection) -> int:
            profile_id = self._profile_id(con, profile, create=True)
            for row in weekly:
                counts = {name: _count(row.get(name)) for name in ACTIVITIES}
                con.execute(
                    f"""INSERT INTO activity_weeks (profile_id, week, {columns})
                           VALUES (:profile_id, :week, {values})
                           ON CONFLICT (profile_id, week) DO UPDATE SET {keep}""",
                    {"profile_id": profile_id, "week": _monday(row["week"]), **counts},
                )
            return len(weekly)

        return self._run(write, write=True)

    def activity(self, profile: str) -> pd.DataFrame:
        """Stored weekly activity: `week` (a Monday, datetime.date) and ACTIVITIES as nullable
        integers, oldest first."""
        frame = self._run(
            lambda con: self._db.frame(
                con,
                f"""SELECT w.week, {", ".join(f"w.{n}" for n in ACTIVITIES)}
                   FROM activity_weeks w JOIN profiles p ON p.id = w.profile_id
                   WHERE p.owner = :owner AND p.name = :name ORDER BY w.week""",
                self._params(name=profile),
            )
        )
        return frames.normalise_activity(frame)

    # --- action plan -----------------------------------------------------------------------

    def done_actions(self, profile: str) -> dict[str, datetime]:
        rows = self._run(
            lambda con: con.execute(
                """SELECT a.action_id, a.done_at FROM action_status a
                       JOIN profiles p ON p.id = a.profile_id
                       WHERE p.owner = :owner AND p.name = :name""",
                self._params(name=profile),
            ).all()
        )
        return {action_id: done_at for action_id, done_at in rows}

    def set_action_done(self, profile: str, action_id: str, done: bool) -> None:
        def write(con: Connection) -> None:
            profile_id = self._profile_id(con, profile, create=True)
            key = {"profile_id": profile_id, "action_id": action_id}
            con.execute(
                "DELETE FROM action_status WHERE profile_id = :profile_id "
                "AND action_id = :action_id",
                key,
            )
            if done:
                con.execute(
                    """INSERT INTO action_status (profile_id, action_id, done_at)
                           VALUES (:profile_id, :action_id, :now)""",
                    {**key, "now": datetime.now()},
                )

        self._run(write, write=True)

    # --- goal ------------------------------------------------------------------------------

    def goal(self, profile: str) -> dict | None:
        """The profile's goal in Goal.to_dict()'s shape, or None without one."""
        pillars = ", ".join(f"g.{pid}" for pid in PILLAR_IDS)
        row = self._run(
            lambda con: con.execute(
                f"""SELECT g.target_ssi, g.target_date, g.rank_group, g.rank_top_pct, {pillars}
                       FROM goals g JOIN profiles p ON p.id = g.profile_id
                       WHERE p.owner = :owner AND p.name = :name""",
                self._params(name=profile),
            ).all()
        )
        if not row:
            return None
        row = row[0]
        target_ssi, target_date, rank_group, rank_top_pct, *pillar_values = row
        return {
            "target_ssi": float(target_ssi),
            "target_date": pd.Timestamp(target_date).date().isoformat(),
            "pillar_targets": {
                pid: float(v)
                for pid, v in zip(PILLAR_IDS, pillar_values, strict=True)
                if v is not None
            },
            "rank_group": rank_group,
            "rank_top_pct": None if rank_top_pct is None else float(rank_top_pct),
        }

    def set_goal(self, profile: str, goal: dict | None) -> None:
        """Set (replace) the profile's goal, given as Goal.to_dict(); None removes it."""

        def write(con: Connection) -> None:
            profile_id = self._profile_id(con, profile, create=goal is not None)
            if profile_id is None:
                return
            con.execute("DELETE FROM goals WHERE profile_id = :id", {"id": profile_id})
            if goal is None:
                return
            pillars = goal.get("pillar_targets") or {}
            columns = ", ".join(PILLAR_IDS)
            values = ", ".join(f":{pid}" for pid in PILLAR_IDS)
            con.execute(
                f"""INSERT INTO goals (profile_id, target_ssi, target_date, rank_group,
                           rank_top_pct, set_at, {columns})
                       VALUES (:id, :target_ssi, :target_date, :rank_group, :rank_top_pct,
                           :now, {values})""",
                {
                    "id": profile_id,
                    "target_ssi": float(goal["target_ssi"]),
                    "target_date": pd.Timestamp(goal["target_date"]).date(),
                    "rank_group": goal.get("rank_group"),
                    "rank_top_pct": goal.get("rank_top_pct"),
                    "now": datetime.now(),
                    **{pid: pillars.get(pid) for pid in PILLAR_IDS},
                },
            )

        self._run(write, write=True)
