"""Shared fixtures: a fresh DuckDB store in a temporary folder for every test that asks."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ssi_core.store import Store  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ssi.duckdb"


@pytest.fixture
def fresh_store(db_path: Path) -> Store:
    return Store(db_path)
