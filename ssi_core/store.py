"""Persistence of profiles, snapshots, assessments and imports in DuckDB or PostgreSQL.

Both backends run the same SQL (named parameters written `:name`), one transaction per write,
and every statement is scoped to the store's owner (the signed-in user; "local" in the
single-user app). DuckDB is driven through its own Python API; PostgreSQL through SQLAlchemy
Core with psycopg 3, imported only when a PostgreSQL URL is opened (SQLAlchemy and its dialects
take 0.3-0.5 s to import, which a laptop's first page would otherwise wait for).

- DuckDB (the default, a file): the file is never held open between operations, because DuckDB
  lets one process at a time hold it and the command line must be able to import while the app
  runs. A lock held by another process is retried briefly, then reported in one sentence
  (StoreBusyError).
- PostgreSQL (`postgresql://…`, for a hosted app): connections come from a pool shared by every
  Store of the process. A refused or lost connection is retried briefly (the whole transaction,
  which the server rolled back), then reported in one sentence (StoreUnavailableError).
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import duckdb
import pandas as pd

if TYPE_CHECKING:
    import sqlalchemy as sa

from ssi_core.errors import SSIError, StoreBusyError, StoreUnavailableError
from ssi_core.pillars import NUMERIC_COLUMNS, PILLAR_IDS, SNAPSHOT_COLUMNS

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_DB = DATA_DIR / "ssi.duckdb"
DEFAULT_PROFILE = "default"
LOCAL_OWNER = "local"
DATABASE_URL_ENV = "SSI_DATABASE_URL"
# A lock held by another process (a command-line import), or a database server that refuses or
# drops the connection, is retried for this long.
LOCK_RETRY_SECONDS = 5.0
# version() on PostgreSQL is a query; the app asks for it several times per rerun, so it is
# remembered this long (this store's own writes update it at once).
VERSION_CACHE_SECONDS = 0.5
PROFILE_NAME_MAX = 80
# Per process: enough for Streamlit's script threads; a server allows about 100 in all.
PG_POOL_SIZE = 5
PG_MAX_OVERFLOW = 10
PG_CONNECT_TIMEOUT_SECONDS = 3
PG_URL_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")

_VALUE_COLUMNS = [c for c in SNAPSHOT_COLUMNS if c != "date"]

# Plain SQL that DuckDB and PostgreSQL both accept (sequences, not SERIAL/IDENTITY, for DuckDB).
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
                industry_ssi DOUBLE PRECISION,
                network_ssi DOUBLE PRECISION,
                is_demo BOOLEAN NOT NULL DEFAULT FALSE,
                created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
                UNIQUE (owner, name)
            )""",
            """CREATE TABLE IF NOT EXISTS snapshots (
                profile_id INTEGER NOT NULL,
                date DATE NOT NULL,
                ssi DOUBLE PRECISION,
                professional_brand DOUBLE PRECISION,
                find_right_people DOUBLE PRECISION,
                insight_engagement DOUBLE PRECISION,
                strong_relationship DOUBLE PRECISION,
                industry_ssi DOUBLE PRECISION,
                industry_top_pct DOUBLE PRECISION,
                network_ssi DOUBLE PRECISION,
                network_top_pct DOUBLE PRECISION,
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
                ssi DOUBLE PRECISION NOT NULL,
                professional_brand DOUBLE PRECISION NOT NULL,
                find_right_people DOUBLE PRECISION NOT NULL,
                insight_engagement DOUBLE PRECISION NOT NULL,
                strong_relationship DOUBLE PRECISION NOT NULL
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
    (
        2,
        "data version per owner",
        [
            # Bumped first in every write: a cheap version() for PostgreSQL, and the row lock
            # that serialises one owner's writes (two tabs creating the same profile).
            """CREATE TABLE IF NOT EXISTS data_versions (
                owner VARCHAR PRIMARY KEY,
                version BIGINT NOT NULL
            )""",
        ],
    ),
]

T = TypeVar("T")


def is_database_url(db: object) -> bool:
    """True for a server database URL (postgresql://…), False for a file path."""
    return isinstance(db, str) and "://" in db


def resolve_db(db: str | os.PathLike | None = None) -> str | Path:
    """The database: the argument, else $SSI_DATABASE_URL, else $SSI_DB, else data/ssi.duckdb."""
    if db:
        return db if is_database_url(db) else Path(db)
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    return url if url else resolve_db_path()


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


class Rows:
    """What one statement returned, read to its end (DuckDB 2 refuses new work on a connection
    until then)."""

    def __init__(self, rows: list[tuple]) -> None:
        self._rows = rows

    def all(self) -> list[tuple]:
        return self._rows

    def scalars(self) -> list[Any]:
        return [row[0] for row in self._rows]


class Connection(Protocol):
    """One backend connection inside a Store operation: SQL with `:name` parameters."""

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> Rows: ...

    def commit(self) -> None: ...


def _value(result: Rows) -> Any:
    """The first column of the first row, or None."""
    rows = result.all()
    return rows[0][0] if rows else None


def _none_if_nan(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    return value


# --- backends --------------------------------------------------------------------------------

# One SQLAlchemy engine (and so one connection pool) per PostgreSQL server, shared by every Store
# of the process. A DuckDB file needs none: duckdb.connect() shares one database instance per
# file within the process.
_ENGINES: dict[str, sa.Engine] = {}
_ENGINES_GUARD = threading.Lock()
# Writers in one process share one DuckDB instance; serialising them avoids transaction
# conflicts when two threads upsert the same day.
_WRITE_LOCKS: dict[str, threading.Lock] = {}


def _shared(key: str, create: Callable[[], sa.Engine]) -> sa.Engine:
    with _ENGINES_GUARD:
        if key not in _ENGINES:
            _ENGINES[key] = create()
        return _ENGINES[key]


def _write_lock(path: str) -> threading.Lock:
    with _ENGINES_GUARD:
        return _WRITE_LOCKS.setdefault(path, threading.Lock())


# `:name` parameters (not `::` casts) become DuckDB's `$name`.
_NAMED_PARAMETER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@functools.lru_cache(maxsize=256)
def _duckdb_sql(sql: str) -> tuple[str, tuple[str, ...]]:
    names: list[str] = []

    def dollar(match: re.Match) -> str:
        names.append(match.group(1))
        return "$" + match.group(1)

    return _NAMED_PARAMETER.sub(dollar, sql), tuple(dict.fromkeys(names))


class _DuckDBConnection:
    """A DuckDB connection with the Connection interface; `raw` is DuckDB's own."""

    def __init__(self, raw: duckdb.DuckDBPyConnection) -> None:
        self.raw = raw

    def run(self, sql: str, params: dict[str, Any] | None) -> duckdb.DuckDBPyConnection:
        statement, names = _duckdb_sql(sql)
        # DuckDB refuses parameters the statement does not name.
        return self.raw.execute(statement, {n: (params or {})[n] for n in names} or None)

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> Rows:
        return Rows(self.run(sql, params).fetchall())

    def commit(self) -> None:
        self.raw.commit()


class _DuckDB:
    """A DuckDB file, opened for each operation and closed again."""

    kind = "duckdb"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = str(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.identity = str(path.resolve())
        self._lock = _write_lock(self.identity)

    @contextmanager
    def connect(self, write: bool) -> Iterator[_DuckDBConnection]:
        # Closed when the operation ends, so that the file is let go (a command-line import
        # may be waiting for it); closing without a commit rolls the transaction back.
        raw = duckdb.connect(str(self.path))
        try:
            if write:
                raw.begin()
            yield _DuckDBConnection(raw)
        finally:
            raw.close()

    def guard(self, write: bool):
        return self._lock if write else nullcontext()

    def lock_migrations(self, con: Connection) -> None:
        """The write lock and the file lock already keep migrations to one process."""

    def file_version(self) -> tuple[float, int]:
        total_mtime, total_size = 0.0, 0
        for candidate in (self.path, Path(f"{self.path}.wal")):
            try:
                stat = candidate.stat()
            except FileNotFoundError:
                continue
            total_mtime += stat.st_mtime_ns / 1e9
            total_size += stat.st_size
        return total_mtime, total_size

    def classify(self, error: BaseException) -> str | None:
        """'retry' for a lock held by another process, 'fatal' for another I/O error."""
        orig = getattr(error, "orig", error)
        if isinstance(orig, duckdb.IOException):
            return "retry" if "lock" in str(orig).lower() else "fatal"
        return None

    def gave_up(self, error: BaseException) -> SSIError:
        return StoreBusyError(
            f"The database {self.label} is in use by another program "
            "(a command-line import?); please try again in a moment."
        )

    def fatal(self, error: BaseException) -> SSIError:
        return SSIError(f"Cannot open the database {self.label}: {getattr(error, 'orig', error)}")

    @contextmanager
    def incoming(self, con: _DuckDBConnection, frame: pd.DataFrame) -> Iterator[None]:
        """The frame as the table `incoming`: DuckDB reads the DataFrame in place (fast)."""
        con.raw.register("incoming", frame)
        try:
            yield
        finally:
            con.raw.unregister("incoming")

    def frame(self, con: _DuckDBConnection, sql: str, params: dict) -> pd.DataFrame:
        return con.run(sql, params).df()

    def dispose(self) -> None:
        """Nothing is held open between calls."""


# SQLSTATEs worth a retry: connection failures, the server shutting down or starting up,
# serialisation failures and deadlocks (the server rolled the transaction back).
_PG_RETRY_STATES = ("08", "57P01", "57P02", "57P03", "40001", "40P01", "53300")
_PG_RETRY_FATAL = ("starting up", "shutting down", "recovery", "too many")


class _SAConnection:
    """A SQLAlchemy connection with the Connection interface; `alchemy` is SQLAlchemy's own."""

    def __init__(self, con: sa.Connection) -> None:
        self.alchemy = con

    def run(self, sql: str, params: dict[str, Any] | None) -> sa.CursorResult:
        import sqlalchemy as sa

        return self.alchemy.execute(sa.text(sql), params or {})

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> Rows:
        result = self.run(sql, params)
        return Rows(result.all() if result.returns_rows else [])

    def commit(self) -> None:
        self.alchemy.commit()


class _Postgres:
    """A PostgreSQL database, through a connection pool shared by the process."""

    kind = "postgresql"

    def __init__(self, url: str) -> None:
        import sqlalchemy as sa

        parsed = _postgres_url(url)
        self.identity = _engine_key(parsed)
        # The URL as shown in messages: never the password, nor options that may hold one.
        self.label = parsed.set(drivername="postgresql", query={}).render_as_string(
            hide_password=True
        )
        connect_args: dict[str, Any] = {
            # Statements are tiny; not preparing them keeps transaction poolers
            # (PgBouncer, the pooled URLs of managed databases) working.
            "prepare_threshold": None,
            "application_name": "ssi-coach",
        }
        if "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_SECONDS
        self.engine = _shared(
            _engine_key(parsed),
            lambda: sa.create_engine(
                parsed,
                pool_size=PG_POOL_SIZE,
                max_overflow=PG_MAX_OVERFLOW,
                pool_timeout=10,
                # A server or proxy may close idle connections; a stale one that slips through
                # fails on its first statement and the transaction is retried (see Store._run).
                pool_recycle=1800,
                connect_args=connect_args,
            ),
        )

    @contextmanager
    def connect(self, write: bool) -> Iterator[_SAConnection]:
        with self.engine.connect() as con:  # closing without a commit rolls back
            if not write:
                # A read is one statement: no BEGIN/ROLLBACK round trips around it.
                con.execution_options(isolation_level="AUTOCOMMIT")
            yield _SAConnection(con)

    def guard(self, write: bool):
        return nullcontext()

    def lock_migrations(self, con: Connection) -> None:
        # Several app processes may start at once; one of them migrates, the others wait.
        con.execute("SELECT pg_advisory_xact_lock(4242006)")

    def classify(self, error: BaseException) -> str | None:
        """'retry' for a refused or lost connection, 'fatal' for a refused login or database."""
        import psycopg

        if getattr(error, "connection_invalidated", False):
            return "retry"
        orig = getattr(error, "orig", error)
        if not isinstance(orig, psycopg.OperationalError | psycopg.InterfaceError):
            return None
        state = getattr(orig, "sqlstate", None)
        if state is not None:
            return "retry" if state.startswith(_PG_RETRY_STATES) else "fatal"
        # A refused login carries no SQLSTATE, only the server's FATAL message: a wrong
        # password or database will not fix itself, a server starting up or full will.
        message = str(orig)
        if "FATAL:" in message and not any(word in message for word in _PG_RETRY_FATAL):
            return "fatal"
        return "retry"

    def _reason(self, error: BaseException) -> str:
        orig = getattr(error, "orig", error)
        lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
        reason = lines[0] if lines else type(orig).__name__
        # psycopg repeats "connection failed: connection to server at … failed: <reason>".
        return reason.rsplit(" failed: ", 1)[-1].removeprefix("FATAL:").strip()

    def gave_up(self, error: BaseException) -> SSIError:
        return StoreUnavailableError(
            f"The database {self.label} cannot be reached ({self._reason(error)}); "
            "please try again in a moment."
        )

    def fatal(self, error: BaseException) -> SSIError:
        return SSIError(f"Cannot open the database {self.label}: {self._reason(error)}")

    @contextmanager
    def incoming(self, con: _SAConnection, frame: pd.DataFrame) -> Iterator[None]:
        """The frame as the temporary table `incoming`, sent with a binary COPY."""
        types = {"profile_id": ("INTEGER", "int4"), "date": ("DATE", "date")}
        types.update({c: ("VARCHAR", "text") for c in ("industry", "source")})
        column_types = [types.get(c, ("DOUBLE PRECISION", "float8")) for c in frame.columns]
        columns = ", ".join(
            f"{c} {sql}" for c, (sql, _) in zip(frame.columns, column_types, strict=True)
        )
        con.execute(f"CREATE TEMPORARY TABLE incoming ({columns}) ON COMMIT DROP")
        rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
        cursor = con.alchemy.connection.driver_connection.cursor()
        statement = f"COPY incoming ({', '.join(frame.columns)}) FROM STDIN (FORMAT BINARY)"
        with cursor.copy(statement) as copy:
            copy.set_types([binary for _, binary in column_types])
            for row in rows:
                copy.write_row(row)
        yield  # the table goes with the transaction: dropped on commit, undone on rollback

    def frame(self, con: _SAConnection, sql: str, params: dict) -> pd.DataFrame:
        result = con.run(sql, params)
        return pd.DataFrame(result.cursor.fetchall(), columns=list(result.keys()))

    def dispose(self) -> None:
        self.engine.dispose()


def _postgres_url(url: str) -> sa.URL:
    """The URL for SQLAlchemy with psycopg 3, or SSIError naming what is wrong with it."""
    import sqlalchemy as sa

    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise SSIError("The database URL is not valid (expected postgresql://…).") from None
    if parsed.drivername not in PG_URL_SCHEMES:
        raise SSIError(
            f"Unsupported database URL scheme {parsed.drivername!r}: use postgresql://… "
            "or a DuckDB file path."
        )
    return parsed.set(drivername="postgresql+psycopg")


def _engine_key(parsed: sa.URL) -> str:
    return parsed.render_as_string(hide_password=False)


def close_connections(db: str | os.PathLike) -> None:
    """Close the pooled connections to `db` (a postgresql:// URL) that this process opened."""
    if not is_database_url(db):
        return  # a DuckDB file is never held open
    with _ENGINES_GUARD:
        engine = _ENGINES.get(_engine_key(_postgres_url(str(db))))
    if engine is not None:
        engine.dispose()


# --- the store -------------------------------------------------------------------------------

_PROFILE_OF_OWNER = "SELECT id FROM profiles WHERE owner = :owner AND name = :name"
_BUMP_VERSION = """INSERT INTO data_versions (owner, version) VALUES (:owner, 1)
    ON CONFLICT (owner) DO UPDATE SET version = data_versions.version + 1 RETURNING version"""


class Store:
    """The project's one door to its data; every call is scoped to one owner."""

    def __init__(self, db: str | os.PathLike, owner: str = LOCAL_OWNER) -> None:
        if is_database_url(db):
            self._db: _DuckDB | _Postgres = _Postgres(str(db))
            self.path: Path | None = None
        else:
            self._db = _DuckDB(Path(db))
            self.path = self._db.path
        self.owner = owner
        self._version_seen: tuple[int, float] | None = None
        self._migrate()

    @classmethod
    def open(cls, db: str | os.PathLike | None = None, owner: str = LOCAL_OWNER) -> Store:
        """The store of `db` (a file or a postgresql:// URL; see resolve_db) for one owner."""
        return cls(resolve_db(db), owner=owner)

    @property
    def backend(self) -> str:
        """'duckdb' or 'postgresql'."""
        return self._db.kind

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
        if isinstance(self._db, _DuckDB):
            return self._db.file_version()
        seen = self._version_seen
        if seen is not None and time.monotonic() - seen[1] < VERSION_CACHE_SECONDS:
            return float(seen[0]), 0
        value = self._run(
            lambda con: (
                _value(
                    con.execute(
                        "SELECT version FROM data_versions WHERE owner = :owner",
                        {"owner": self.owner},
                    )
                )
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
        deadline = time.monotonic() + LOCK_RETRY_SECONDS
        delay = 0.05
        while True:
            committing = False
            try:
                # The write lock first: a DuckDB transaction begins as the connection opens.
                with self._db.guard(write), self._db.connect(write) as con:
                    version = None
                    if write and bump:
                        version = _value(con.execute(_BUMP_VERSION, {"owner": self.owner}))
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

    def _migrate(self) -> None:
        def migrate(con: Connection) -> None:
            self._db.lock_migrations(con)
            con.execute(
                """CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,
                    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"""
            )
            applied = set(con.execute("SELECT version FROM schema_migrations").scalars())
            for version, name, statements in MIGRATIONS:
                if version in applied:
                    continue
                for statement in statements:
                    con.execute(statement)
                con.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (:v, :n)",
                    {"v": version, "n": name},
                )

        self._run(migrate, write=True, bump=False)

    def migrations(self) -> list[int]:
        return self._run(
            lambda con: list(
                con.execute("SELECT version FROM schema_migrations ORDER BY 1").scalars()
            )
        )

    def _params(self, **params: Any) -> dict[str, Any]:
        return {"owner": self.owner, **params}

    # --- profiles --------------------------------------------------------------------------

    def _profile_id(self, con: Connection, name: str, create: bool = False) -> int | None:
        found = _value(con.execute(_PROFILE_OF_OWNER, self._params(name=name)))
        if found is not None or not create:
            return found
        return _value(
            con.execute(
                """INSERT INTO profiles (owner, name, created_at)
                       VALUES (:owner, :name, :now) RETURNING id""",
                self._params(name=check_profile_name(name), now=datetime.now()),
            )
        )

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
        from ssi_core.pillars import check_value

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
            for table in ("snapshots", "assessments", "imports", "action_status"):
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

        def write(con: Connection) -> dict[str, int]:
            profile_id = self._profile_id(con, profile, create=True)
            counts = _upsert(self._db, con, profile_id, frame)
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

    def upsert_snapshots(self, profile: str, frame: pd.DataFrame) -> dict[str, int]:
        return self.import_snapshots(profile, frame)

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
        frame["imported_at"] = pd.to_datetime(frame["imported_at"])
        for column in ("rows_read", "rows_accepted", "rows_skipped", "new_days", "replaced_days"):
            frame[column] = frame[column].astype("Int64")
        return frame

    def import_seen(self, profile: str, sha256: str) -> bool:
        found = self._run(
            lambda con: _value(
                con.execute(
                    """SELECT 1 FROM imports i JOIN profiles p ON p.id = i.profile_id
                       WHERE p.owner = :owner AND p.name = :name AND i.sha256 = :sha256
                       LIMIT 1""",
                    self._params(name=profile, sha256=sha256),
                )
            )
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
    ) -> int:
        """Store one filled questionnaire with its estimate; returns its id."""
        when = when or datetime.now()
        values = {pid: float(pillars[pid]) for pid in PILLAR_IDS}

        def save(con: Connection) -> int:
            profile_id = self._profile_id(con, profile, create=True)
            return _value(
                con.execute(
                    f"""INSERT INTO assessments (profile_id, created_at, date,
                        questionnaire_version, answers, ssi, {", ".join(PILLAR_IDS)})
                       VALUES (:profile_id, :created_at, :date, :questionnaire_version,
                        :answers, :ssi, {", ".join(f":{pid}" for pid in PILLAR_IDS)})
                       RETURNING id""",
                    {
                        "profile_id": profile_id,
                        "created_at": when,
                        "date": when.date(),
                        "questionnaire_version": questionnaire_version,
                        "answers": json.dumps(answers, sort_keys=True),
                        "ssi": round(sum(values.values()), 4),
                        **values,
                    },
                )
            )

        return self._run(save, write=True)

    def assessments(self, profile: str) -> pd.DataFrame:
        """Saved assessments, oldest first, with `answers` decoded to dicts."""
        frame = self._run(
            lambda con: self._db.frame(
                con,
                f"""SELECT a.id, a.created_at, a.date, a.questionnaire_version, a.ssi,
                          {", ".join(f"a.{pid}" for pid in PILLAR_IDS)}, a.answers
                   FROM assessments a JOIN profiles p ON p.id = a.profile_id
                   WHERE p.owner = :owner AND p.name = :name
                   ORDER BY a.created_at, a.id""",
                self._params(name=profile),
            )
        )
        frame["id"] = frame["id"].astype("int64")
        frame["created_at"] = pd.to_datetime(frame["created_at"])
        for column in ("ssi", *PILLAR_IDS):
            frame[column] = frame[column].astype("float64")
        frame["answers"] = [json.loads(a) for a in frame["answers"]]
        frame["date"] = pd.to_datetime(frame["date"]).dt.date if len(frame) else frame["date"]
        return frame

    def latest_answers(self, profile: str) -> dict | None:
        answers = self._run(
            lambda con: _value(
                con.execute(
                    """SELECT a.answers FROM assessments a
                       JOIN profiles p ON p.id = a.profile_id
                       WHERE p.owner = :owner AND p.name = :name
                       ORDER BY a.created_at DESC, a.id DESC LIMIT 1""",
                    self._params(name=profile),
                )
            )
        )
        return json.loads(answers) if answers is not None else None

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
    for column in ("industry", "source"):
        frame[column] = frame[column].astype("object").where(frame[column].notna(), None)
    return frame


def _upsert(db: _DuckDB | _Postgres, con: Connection, profile_id: int, frame: pd.DataFrame):
    """Count new, replaced and unchanged days, then insert or update them in one statement."""
    if frame.empty:
        return {"new": 0, "replaced": 0, "unchanged": 0}
    incoming = frame.copy()
    incoming.insert(0, "profile_id", profile_id)
    with db.incoming(con, incoming):
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


def snapshot_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts with None for unknown values (for JSON and tests)."""
    return [{k: _none_if_nan(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
