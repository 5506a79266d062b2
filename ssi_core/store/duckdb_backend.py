"""The DuckDB backend (the default, a file), driven through DuckDB's own Python API.

The file is never held open between operations, because DuckDB lets one process at a time hold
it and the command line must be able to import while the app runs. A lock held by another
process is retried briefly, then reported in one sentence (StoreBusyError).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ssi_core.errors import SSIError, StoreBusyError, StoreError
from ssi_core.store.backend import Connection, Rows

# Writers in one process share one DuckDB instance (duckdb.connect() shares one per file);
# serialising them avoids transaction conflicts when two threads upsert the same day.
_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()

# `:name` parameters (not `::` casts) become DuckDB's `$name`.
_NAMED_PARAMETER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def _write_lock(path: str) -> threading.Lock:
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(path, threading.Lock())


@functools.lru_cache(maxsize=256)
def _duckdb_sql(sql: str) -> tuple[str, tuple[str, ...]]:
    """The statement with `$name` parameters, and the names it uses (each once, in order)."""
    names: list[str] = []

    def dollar(match: re.Match) -> str:
        names.append(match.group(1))
        return "$" + match.group(1)

    return _NAMED_PARAMETER.sub(dollar, sql), tuple(dict.fromkeys(names))


class DuckDBConnection:
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


class DuckDBFile:
    """A DuckDB file, opened for each operation and closed again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = str(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.identity = str(path.resolve())
        self._lock = _write_lock(self.identity)

    @contextmanager
    def connect(self, write: bool) -> Iterator[DuckDBConnection]:
        # Closed when the operation ends, so that the file is let go (a command-line import
        # may be waiting for it); closing without a commit rolls the transaction back.
        raw = duckdb.connect(str(self.path))
        try:
            if write:
                raw.begin()
            yield DuckDBConnection(raw)
        finally:
            raw.close()

    def guard(self, write: bool):
        return self._lock if write else nullcontext()

    def lock_migrations(self, con: Connection) -> None:
        """The write lock and the file lock already keep migrations to one process."""

    def file_version(self) -> tuple[float, int]:
        """The modification times and sizes of the file and its write-ahead log: they change
        with every write, from this process or another, and reading them costs no query."""
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
        return StoreError(f"Cannot open the database {self.label}: {getattr(error, 'orig', error)}")

    @contextmanager
    def incoming(self, con: DuckDBConnection, frame: pd.DataFrame) -> Iterator[None]:
        """The frame as the table `incoming`: DuckDB reads the DataFrame in place (fast)."""
        con.raw.register("incoming", frame)
        try:
            yield
        finally:
            con.raw.unregister("incoming")

    def frame(self, con: DuckDBConnection, sql: str, params: dict[str, Any]) -> pd.DataFrame:
        return con.run(sql, params).df()

    def dispose(self) -> None:
        """Nothing is held open between calls."""
