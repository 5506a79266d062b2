"""Shared fixtures: a fresh DuckDB store in a temporary folder for every test that asks, and the
same store on both backends (DuckDB and a throwaway PostgreSQL cluster) for the store contract."""

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ssi_core.store import Store, close_connections  # noqa: E402
from tests import postgres  # noqa: E402

BACKENDS = ["duckdb", "postgresql"]


def run_python(code: str, cwd: Path = ROOT, **env: str) -> list[str]:
    """`code` in a fresh Python process (what a module loads, with nothing loaded before it);
    its output lines. Fails the test, with the output, when the process fails."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()


_SCHEMAS = itertools.count(1)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ssi.duckdb"


@pytest.fixture
def fresh_store(db_path: Path) -> Store:
    return Store(db_path)


@pytest.fixture(scope="session")
def pg_cluster():
    """One PostgreSQL cluster for the whole session; skipped where PostgreSQL is not installed."""
    bin_dir = postgres.find_bin()
    if bin_dir is None:
        pytest.skip(postgres.SKIP_REASON)
    cluster = postgres.Cluster(bin_dir)
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """A fresh, empty database on the session's cluster (its own schema)."""
    url = pg_cluster.url(f"t{next(_SCHEMAS)}")
    yield url
    # Stores on one URL share a pool: let its connections go so the cluster never runs out.
    close_connections(url)


@pytest.fixture(params=BACKENDS)
def store_db(request, tmp_path: Path) -> str | Path:
    """A fresh database on each backend: a DuckDB file path, or a postgresql:// URL."""
    if request.param == "duckdb":
        return tmp_path / "contract.duckdb"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_db) -> Store:
    """A fresh store for the owner "local", on each backend in turn."""
    return Store(store_db)
