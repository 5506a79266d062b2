"""Persistence of profiles, snapshots, assessments and imports in DuckDB or PostgreSQL.

Both backends run the same SQL (named parameters written `:name`), one transaction per write,
and every statement is scoped to the store's owner (the signed-in user; "local" in the
single-user app).

- store.py: the Store class, what the rest of the project calls.
- duckdb_backend.py: a DuckDB file (the default), through DuckDB's own API.
- postgres_backend.py: a PostgreSQL server, through SQLAlchemy Core with psycopg 3, imported
  only when a PostgreSQL URL is opened.
- backend.py: what the Store asks of either backend.
- schema.py: the tables and their migrations.
- frames.py: the DataFrames going in and coming out.
- location.py: which database to open; profiles.py: profile names and settings.
"""

from ssi_core.store.location import DATABASE_URL_ENV, is_database_url, resolve_db
from ssi_core.store.profiles import DEFAULT_PROFILE, LOCAL_OWNER, Profile, check_profile_name
from ssi_core.store.store import Store, close_connections, open_backend

__all__ = [
    "DATABASE_URL_ENV",
    "DEFAULT_PROFILE",
    "LOCAL_OWNER",
    "Profile",
    "Store",
    "check_profile_name",
    "close_connections",
    "is_database_url",
    "open_backend",
    "resolve_db",
]
