"""server.py, what `make run` starts: app.py as Streamlit's ASGI app, with a start-up preload."""

import subprocess
import sys

from tests.conftest import ROOT


def test_the_server_serves_app_py_and_preloads_what_my_ssi_needs_but_not_altair():
    code = (
        "import sys\n"
        "import streamlit as st\n"
        "import server\n"
        "assert isinstance(server.app, st.App)\n"
        "print(server.app.script_path)\n"
        "before = set(sys.modules)\n"
        "server._preload()\n"
        "loaded = set(sys.modules) - before\n"
        "print(sorted(m for m in ('pandas', 'duckdb', 'app_state', 'ssi_core.store',\n"
        "    'ssi_core.history', 'altair') if m in loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    script, loaded = result.stdout.strip().splitlines()[-2:]
    assert script.endswith("app.py")
    # My SSI draws no chart: Altair waits for the first page that does.
    assert loaded == str(["app_state", "duckdb", "pandas", "ssi_core.history", "ssi_core.store"])
