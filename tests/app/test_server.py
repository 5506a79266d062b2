"""server.py, what `make run` starts: app.py as Streamlit's ASGI app, with a start-up preload."""

from pathlib import Path

from tests.support import ROOT, run_python


def run_preload(tmp_path, secrets: str | None = None) -> list[str]:
    """server.preload() in a fresh process on a database holding the demo history."""
    code = (
        "import sys\n"
        "import streamlit as st\n"
        "from ssi_core.demo import demo_history\n"
        "from ssi_core.store import Store\n"
        "Store.open().import_snapshots('default', demo_history())\n"
        "import server\n"
        "assert isinstance(server.app, st.App)\n"
        "print(server.app.script_path)\n"
        "server.preload()\n"
        "print(sorted(m for m in ('pandas', 'duckdb', 'ssi_app.data', 'ssi_core.store',\n"
        "    'ssi_core.history', 'altair') if m in sys.modules))\n"
        "from ssi_app.cache import READS\n"
        "print(sorted(key[3] for key in READS.keys()))\n"
    )
    cwd = ROOT
    if secrets is not None:  # a copy of the project whose secrets file says `secrets`
        cwd = tmp_path / "project"
        (cwd / ".streamlit").mkdir(parents=True)
        (cwd / ".streamlit" / "secrets.toml").write_text(secrets)
        for name in ("server.py", "app.py"):
            (cwd / name).symlink_to(ROOT / name)
        for name in ("ssi_core", "ssi_app", "pages", "data"):
            (cwd / name).symlink_to(ROOT / name)
    return run_python(code, cwd=cwd, SSI_DB=str(tmp_path / "ssi.duckdb"))[-3:]


def test_the_server_serves_app_py_and_preloads_my_ssi_but_not_altair(tmp_path):
    script, modules, reads = run_preload(tmp_path)
    assert script.endswith("app.py")
    # My SSI draws no chart: Altair waits for the first page that does.
    assert modules == str(
        ["duckdb", "pandas", "ssi_app.data", "ssi_core.history", "ssi_core.store"]
    )
    # What My SSI reads for the default profile is in the cache before anyone asks.
    assert reads == str(["assessments", "profiles", "snapshots", "summary"])


def test_with_a_login_nothing_is_read_before_someone_logs_in(tmp_path):
    auth = '[auth]\nredirect_uri = "http://localhost/oauth2callback"\ncookie_secret = "x"\n'
    _, modules, reads = run_preload(tmp_path, secrets=auth)
    assert "pandas" in modules and reads == "[]"


def test_a_test_server_uses_its_own_file_whatever_database_url_is_set(tmp_path, monkeypatch):
    """A database URL in the environment (a developer's shell, a benchmark section that used a
    throwaway PostgreSQL) would win over the server's file: the test server does not pass it on."""
    from ssi_core.store.location import DATABASE_URL_ENV
    from tests.support.live_server import Server

    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql://nobody@127.0.0.1:1/none")
    server = Server(tmp_path / "own.duckdb")
    try:
        environ = (Path("/proc") / str(server.process.pid) / "environ").read_bytes().split(b"\0")
    finally:
        server.stop()
    assert f"SSI_DB={tmp_path / 'own.duckdb'}".encode() in environ
    assert not [v for v in environ if v.startswith(DATABASE_URL_ENV.encode() + b"=")]
