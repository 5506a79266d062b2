"""What the Store asks of a backend (DuckDB or PostgreSQL), whichever database it is.

Both backends run the same SQL, with parameters written `:name`, through a Connection; each
says how to open one, which errors are worth a retry, and how to hand a DataFrame to SQL.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol

import pandas as pd

from ssi_core.errors import SSIError


class Rows:
    """What one statement returned, read to its end (DuckDB 2 refuses new work on a connection
    until then)."""

    def __init__(self, rows: list[tuple]) -> None:
        self._rows = rows

    def all(self) -> list[tuple]:
        return self._rows

    def scalars(self) -> list[Any]:
        """The first column of every row."""
        return [row[0] for row in self._rows]

    def scalar(self) -> Any:
        """The first column of the first row, or None."""
        return self._rows[0][0] if self._rows else None


class Connection(Protocol):
    """One backend connection inside a Store operation: SQL with `:name` parameters."""

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> Rows: ...

    def commit(self) -> None: ...


class Backend(Protocol):
    """One database, opened for a Store."""

    # Which database this is, for caches (it may hold a password: never show it).
    identity: str
    # The database as shown in messages (never a password).
    label: str

    def connect(self, write: bool) -> AbstractContextManager[Connection]:
        """A connection for one operation; a write is one transaction, rolled back unless the
        operation commits it."""
        ...

    def guard(self, write: bool) -> AbstractContextManager[Any]:
        """Held around a whole operation, taken before the connection opens."""
        ...

    def lock_migrations(self, con: Connection) -> None:
        """Keep the schema migrations to one process at a time."""
        ...

    def classify(self, error: BaseException) -> str | None:
        """'retry' for a failure that may pass (a lock, a lost connection), 'fatal' for one that
        will not, None for an error that is not the database's to explain."""
        ...

    def gave_up(self, error: BaseException) -> SSIError:
        """The one-sentence error once retrying has taken too long."""
        ...

    def fatal(self, error: BaseException) -> SSIError:
        """The one-sentence error for a failure that retrying cannot fix."""
        ...

    def incoming(self, con: Connection, frame: pd.DataFrame) -> AbstractContextManager[None]:
        """`frame` readable by SQL as the table `incoming` while the context lasts."""
        ...

    def frame(self, con: Connection, sql: str, params: dict[str, Any]) -> pd.DataFrame:
        """The result of a query as a DataFrame, columns named as in the query."""
        ...

    def dispose(self) -> None:
        """Let go of what is held open between operations."""
        ...
