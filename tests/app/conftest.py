"""AppTest fixtures: every test gets its own database file and fresh Streamlit caches."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.support import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    path = tmp_path / "app.duckdb"
    monkeypatch.setenv("SSI_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def app(app_db):
    """The whole app, English, on an empty database; call `.run()` to draw the first page."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["language"] = "en"
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
