"""The real app under `streamlit run` on a free port, and Debian's chromium: shared by the
browser tests (tests/e2e) and the benchmark (bench/browser.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ssi_core.store.location import DATABASE_URL_ENV
from tests.support import ROOT, free_port

CHROMIUM = os.environ.get("SSI_CHROMIUM", "/usr/bin/chromium")
# As root chromium needs --no-sandbox; the rest keep it off the (closed) network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class Server:
    """`streamlit run APP` with its own database file, started at construction.

    The file is the server's database whatever this process's environment says: a database URL
    left in it (a developer's shell, or a benchmark section that pointed the app at a throwaway
    PostgreSQL) would win over the file, so it is not passed on unless `env` names one."""

    def __init__(
        self,
        db: Path,
        app: Path = ROOT / "server.py",
        env: dict | None = None,
        port: int | None = None,
        log: Path | None = None,
    ) -> None:
        self.db = db
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log or db.parent / f"server-{self.port}.log"
        inherited = {k: v for k, v in os.environ.items() if k != DATABASE_URL_ENV}
        self.started = time.perf_counter()
        self.started_at = time.time()  # the wall clock, which the browser's Date.now() shares
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(app),
                "--server.port", str(self.port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT,  # the project's .streamlit/config.toml applies to every app started
            env={**inherited, "SSI_DB": str(db), **(env or {})},
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_healthy(self, timeout: float = 120) -> float:
        """Seconds from the start of the process until /_stcore/health answers 200."""
        while time.perf_counter() - self.started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"server not healthy after {timeout}s: {self.log.read_text()[-2000:]}")

    def peak_rss_mb(self) -> dict[str, float]:
        """Peak (VmHWM) and current (VmRSS) resident memory of the server process, in MB."""
        values = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                values[name] = int(rest.split()[0]) / 1024
        return values

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def running(db: Path, **options) -> Iterator[Server]:
    """A Server (see its arguments) that answers, stopped when the block ends."""
    server = Server(db, **options)
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()
