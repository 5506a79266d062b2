"""The real server in Debian's chromium: start-up to the first rendered page, and peak memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"
CHROMIUM = os.environ.get("SSI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Streamlit marks the app element while a script runs; the page is drawn once it is not running
# and its title is on screen.
RENDERED = "[data-testid='stApp'][data-test-script-state='notRunning'] h1"
TIMEOUT_S = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`streamlit run` of one app file on a free port, with its own database."""

    def __init__(self, app: Path, db: Path, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(app),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,  # the project's .streamlit/config.toml applies to both apps
            env={**os.environ, "SSI_DB": str(db)},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def wait_healthy(self) -> float:
        """Seconds from the start of the process to /_stcore/health answering 200."""
        while time.perf_counter() - self.started < TIMEOUT_S:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"server not healthy after {TIMEOUT_S}s")

    def peak_rss_mb(self) -> dict[str, float]:
        """Peak and current resident memory of the server process (Linux /proc)."""
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
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _new_tab(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_S * 1000)
    return context, tab


def startup(browser, app: Path, db: Path, log: Path) -> dict:
    """Seconds from `streamlit run` to healthy, and to the first page drawn in the browser."""
    server = Server(app, db, log)
    context = None
    try:
        healthy = server.wait_healthy()
        context, tab = _new_tab(browser)
        tab.goto(server.url)
        tab.wait_for_selector(RENDERED)
        rendered = time.perf_counter() - server.started
    finally:
        if context is not None:
            context.close()
        server.stop()
    return {"healthy_s": healthy, "rendered_s": rendered}


def sessions_memory(browser, db: Path, log: Path, sessions: int = 10) -> dict:
    """Peak resident memory of the server after `sessions` tabs opened My SSI, then History."""
    server = Server(APP, db, log)
    contexts = []
    try:
        server.wait_healthy()
        after_start = server.peak_rss_mb()
        for _ in range(sessions):
            context, tab = _new_tab(browser)
            contexts.append(context)
            tab.goto(server.url)
            tab.wait_for_selector(".st-key-overview_ssi")
            tab.wait_for_selector(RENDERED)
            tab.locator("[data-testid='stSidebarNav'] a", has_text="History").first.click()
            tab.locator(".st-key-history_chart").locator("canvas, svg").first.wait_for()
            tab.wait_for_selector(RENDERED)
        memory = server.peak_rss_mb()
    finally:
        for context in contexts:
            context.close()
        server.stop()
    return {
        "sessions": sessions,
        "peak_mb": memory["VmHWM"],
        "rss_mb": memory["VmRSS"],
        "after_start_mb": after_start["VmRSS"],
    }
