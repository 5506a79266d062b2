"""Shared fixtures: a fresh DuckDB store in a temporary folder for every test that asks, and the
same store on both backends (DuckDB and a throwaway PostgreSQL cluster) for the store contract.

Helpers that test folders and the benchmark share (ROOT, run_python, the live server, the
PostgreSQL cluster) live in tests/support; this file holds fixtures only."""

import itertools
from pathlib import Path

import pytest

from ssi_core.store import Store, close_connections
from tests.support import postgres

BACKENDS = ["duckdb", "postgresql"]
BROWSER_TESTS = "tests/e2e/"
# The browser modules of the second chain (the logins through the local OpenID provider, the
# journeys and the archive), about half of the browser's CPU time; every other browser module,
# a new one included, is in the first chain.
SECOND_CHAIN = {"test_teams.py", "test_login.py", "test_journeys.py", "test_archive.py"}

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


def pytest_xdist_make_scheduler(config, log):
    """How `make test` shares the suite between its two pytest-xdist workers. The browser
    journeys are two chains of about the same CPU time (a journey is a server and a chromium,
    about a core and a half between them), each run one after another by one worker from the
    start; every other test is a unit of its own that whichever worker is free takes, so both
    end at about the same time. (xdist's own `xdist_group` mark does nothing under pytest 9.2,
    which no longer reads a node's `_nodeid`.)"""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserChains(LoadScopeScheduling):
        # xdist queues the units with the most tests first: the two chains, each other test
        # being a unit of one.
        def _split_scope(self, nodeid: str) -> str:
            if not nodeid.startswith(BROWSER_TESTS):
                return nodeid
            module = nodeid.removeprefix(BROWSER_TESTS).split("::", 1)[0]
            return "browser-2" if module in SECOND_CHAIN else "browser-1"

    return BrowserChains(config, log)
