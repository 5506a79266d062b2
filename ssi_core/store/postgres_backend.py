"""The PostgreSQL backend (`postgresql://…`, for a hosted app), through SQLAlchemy Core and
psycopg 3.

Only imported when a PostgreSQL URL is opened: SQLAlchemy and its dialects take 0.3-0.5 s to
import, which a laptop's first page would otherwise wait for.

Connections come from a pool shared by every Store of the process. A refused or lost connection
is retried briefly (the whole transaction, which the server rolled back), then reported in one
sentence (StoreUnavailableError).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import pandas as pd
import psycopg
import sqlalchemy as sa

from ssi_core.errors import SSIError, StoreError, StoreUnavailableError
from ssi_core.store.backend import Connection, Rows

# Per process: enough for Streamlit's script threads; a server allows about 100 in all.
PG_POOL_SIZE = 5
PG_MAX_OVERFLOW = 10
PG_CONNECT_TIMEOUT_SECONDS = 3
PG_URL_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
# Held by the process that migrates the schema; the others wait for it.
MIGRATION_LOCK_KEY = 4242006

# SQLSTATEs worth a retry: connection failures, the server shutting down or starting up,
# serialisation failures and deadlocks (the server rolled the transaction back).
_RETRY_STATES = ("08", "57P01", "57P02", "57P03", "40001", "40P01", "53300")
# Words of a refused login that a moment's wait may cure.
_RETRY_FATAL = ("starting up", "shutting down", "recovery", "too many")

# One engine (and so one connection pool) per PostgreSQL server, shared by every Store of the
# process, keyed by the whole URL.
_ENGINES: dict[str, sa.Engine] = {}
_ENGINES_GUARD = threading.Lock()


def _postgres_url(url: str) -> sa.URL:
    """The URL for SQLAlchemy with psycopg 3, or SSIError naming what is wrong with it."""
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


def _create_engine(parsed: sa.URL) -> sa.Engine:
    connect_args: dict[str, Any] = {
        # Statements are tiny; not preparing them keeps transaction poolers
        # (PgBouncer, the pooled URLs of managed databases) working.
        "prepare_threshold": None,
        "application_name": "ssi-coach",
    }
    if "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_SECONDS
    return sa.create_engine(
        parsed,
        pool_size=PG_POOL_SIZE,
        max_overflow=PG_MAX_OVERFLOW,
        pool_timeout=10,
        # A server or proxy may close idle connections; a stale one that slips through fails
        # on its first statement and the transaction is retried (see Store._run).
        pool_recycle=1800,
        connect_args=connect_args,
    )


def close_connections(url: str) -> None:
    """Close the pooled connections to `url` that this process opened."""
    with _ENGINES_GUARD:
        engine = _ENGINES.get(_engine_key(_postgres_url(url)))
    if engine is not None:
        engine.dispose()


class PostgresConnection:
    """A SQLAlchemy connection with the Connection interface; `alchemy` is SQLAlchemy's own."""

    def __init__(self, con: sa.Connection) -> None:
        self.alchemy = con

    def run(self, sql: str, params: dict[str, Any] | None) -> sa.CursorResult:
        return self.alchemy.execute(sa.text(sql), params or {})

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> Rows:
        result = self.run(sql, params)
        return Rows(result.all() if result.returns_rows else [])

    def commit(self) -> None:
        self.alchemy.commit()


class PostgresDatabase:
    """A PostgreSQL database, through a connection pool shared by the process."""

    def __init__(self, url: str) -> None:
        parsed = _postgres_url(url)
        self.identity = _engine_key(parsed)
        # The URL as shown in messages: never the password, nor options that may hold one.
        self.label = parsed.set(drivername="postgresql", query={}).render_as_string(
            hide_password=True
        )
        with _ENGINES_GUARD:
            if self.identity not in _ENGINES:
                _ENGINES[self.identity] = _create_engine(parsed)
            self.engine = _ENGINES[self.identity]

    @contextmanager
    def connect(self, write: bool) -> Iterator[PostgresConnection]:
        with self.engine.connect() as con:  # closing without a commit rolls back
            if not write:
                # A read is one statement: no BEGIN/ROLLBACK round trips around it.
                con.execution_options(isolation_level="AUTOCOMMIT")
            yield PostgresConnection(con)

    def guard(self, write: bool):
        return nullcontext()

    def lock_migrations(self, con: Connection) -> None:
        # Several app processes may start at once; one of them migrates, the others wait.
        con.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")

    def classify(self, error: BaseException) -> str | None:
        """'retry' for a refused or lost connection, 'fatal' for a refused login or database."""
        if getattr(error, "connection_invalidated", False):
            return "retry"
        orig = getattr(error, "orig", error)
        if not isinstance(orig, psycopg.OperationalError | psycopg.InterfaceError):
            return None
        state = getattr(orig, "sqlstate", None)
        if state is not None:
            return "retry" if state.startswith(_RETRY_STATES) else "fatal"
        # A refused login carries no SQLSTATE, only the server's FATAL message: a wrong
        # password or database will not fix itself, a server starting up or full will.
        message = str(orig)
        if "FATAL:" in message and not any(word in message for word in _RETRY_FATAL):
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
        return StoreError(f"Cannot open the database {self.label}: {self._reason(error)}")

    @contextmanager
    def incoming(self, con: PostgresConnection, frame: pd.DataFrame) -> Iterator[None]:
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

    def frame(self, con: PostgresConnection, sql: str, params: dict[str, Any]) -> pd.DataFrame:
        result = con.run(sql, params)
        return pd.DataFrame(result.cursor.fetchall(), columns=list(result.keys()))

    def dispose(self) -> None:
        self.engine.dispose()
