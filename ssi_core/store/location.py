"""Where the data lives: a DuckDB file (the default) or a PostgreSQL server, named by its URL."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DEFAULT_DB = DATA_DIR / "ssi.duckdb"
DATABASE_URL_ENV = "SSI_DATABASE_URL"
DATABASE_FILE_ENV = "SSI_DB"


def is_database_url(db: object) -> bool:
    """True for a server database URL (postgresql://…), False for a file path."""
    return isinstance(db, str) and "://" in db


def resolve_db(db: str | os.PathLike | None = None) -> str | Path:
    """The database: the argument, else $SSI_DATABASE_URL, else $SSI_DB, else data/ssi.duckdb."""
    if db:
        return db if is_database_url(db) else Path(db)
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    if url:
        return url
    path = os.environ.get(DATABASE_FILE_ENV)
    return Path(path) if path else DEFAULT_DB
