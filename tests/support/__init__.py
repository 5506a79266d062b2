"""Helpers shared by the test folders and the benchmark (bench/): the project folder, a free port
and a fresh Python process here; the real server and Debian's chromium in `live_server`; a
throwaway PostgreSQL cluster in `postgres`. Fixtures stay in the conftest.py files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

# Each page's title (its level-1 heading) as a message key, by the page's URL path as
# ssi_app.navigation.PAGES names it (None: My SSI, the default page). A page added to the
# navigation without its title here fails the accessibility walk instead of going unchecked.
PAGE_TITLES = {
    None: "overview.title",
    "about": "about.title",
    "assessment": "assessment.title",
    "what-if": "what_if.title",
    "history": "history.title",
    "import": "import_page.title",
    "plan": "plan.title",
    "settings": "settings.title",
    "team": "team.title",
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


__all__ = ["PAGE_TITLES", "ROOT", "free_port", "run_python"]
