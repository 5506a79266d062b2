"""Ten sessions at once on PostgreSQL, each logged in as a user of its own, as a hosted team
uses one server: three import a file each (CSV, JSON, .xlsx) into their own profile while the
other seven browse every page, all in this process (the imports are read in the reading
process, as on a server). Reported: the 95th percentile of the page reruns, each import's time,
and whether every import was stored exactly once with no error.

Every session is an AppTest in a thread of its own. AppTest sets process-wide state on each run
(Runtime._instance, cleared after the run; st.secrets and the global.appTest option, set and put
back), which sessions running at once would trip over: while the load runs, the runtime is one
shared object (as on a server), and the global secrets and options already hold what every
session's run sets.
"""

from __future__ import annotations

import io
import logging
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from unittest.mock import MagicMock

import numpy as np
import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.caching.storage.dummy_cache_storage import MemoryCacheStorageManager
from streamlit.runtime.dataframe_source_manager import DataframeSourceManager
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.secrets import Secrets
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from bench import apptest
from bench.data import history_frame
from ssi_core.store import Store

SESSIONS, IMPORTERS = 10, 3
ISSUER = "https://id.bench.example"
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-long-random-bench-secret-of-48-characters-0000",
    "client_id": "ssi-coach",
    "client_secret": "bench-only",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
DAYS = 3_650
TIMEOUT = 300


def user(n: int) -> dict:
    return {"is_logged_in": True, "iss": ISSUER, "sub": f"user-{n}", "email": f"u{n}@x.example"}


def owner_of(person: dict) -> str:
    return f"{person['iss']}#{person['sub']}"


def files() -> list[tuple[str, bytes, str]]:
    """Three different files of DAYS days each: a CSV, a JSON list and a workbook."""
    from openpyxl import Workbook

    frames = [history_frame(DAYS, seed=300 + n).drop(columns=["source"]) for n in range(3)]
    csv = frames[0].to_csv(index=False).encode()
    records = frames[1].assign(date=frames[1]["date"].astype(str))
    json = records.to_json(orient="records").encode()
    book = Workbook()
    sheet = book.active
    sheet.append(list(frames[2].columns))
    for row in frames[2].itertuples(index=False):
        sheet.append(list(row))
    xlsx = io.BytesIO()
    book.save(xlsx)
    return [
        ("team-a.csv", csv, "text/csv"),
        ("team-b.json", json, "application/json"),
        ("team-c.xlsx", xlsx.getvalue(), "application/vnd.ms-excel"),
    ]


@contextmanager
def shared_runtime() -> Iterator[None]:
    """One runtime and one set of secrets for every session while the load runs."""
    runtime = MagicMock(spec=Runtime)
    runtime.media_file_mgr = MediaFileManager(MemoryMediaFileStorage("/mock/media"))
    runtime.cache_storage_manager = MemoryCacheStorageManager()
    runtime.dataframe_source_mgr = DataframeSourceManager()
    instance = Runtime.__dict__["instance"]
    Runtime.instance = classmethod(lambda cls: runtime)
    saved = st.secrets
    secrets = Secrets()
    secrets._secrets = {"auth": AUTH}
    st.secrets = secrets
    quiet = {}
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            quiet[name] = logging.getLogger(name).level
            logging.getLogger(name).setLevel(logging.ERROR)  # warnings about bare mode
    try:
        with patch_config_options({"global.appTest": True}):
            yield
    finally:
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)
        Runtime.instance = instance
        st.secrets = saved


def session(person: dict) -> AppTest:
    at = AppTest.from_file(str(apptest.APP), default_timeout=TIMEOUT)
    at.session_state["language"] = "en"
    at.secrets["auth"] = AUTH
    at.user = dict(person)
    return at


class Load:
    """What the sessions measured and what went wrong."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.page_ms: list[float] = []
        self.import_s: dict[str, float] = {}
        self.errors: list[str] = []

    def run(self, at: AppTest, what: str) -> float:
        started = time.perf_counter()
        at.run(timeout=TIMEOUT)
        elapsed = (time.perf_counter() - started) * 1000
        if at.exception:
            with self.lock:
                self.errors.append(f"{what}: {[e.value for e in at.exception][:1]}")
        if at.error:
            with self.lock:
                self.errors.append(f"{what}: {at.error[0].value[:200]}")
        return elapsed

    def browse(self, at: AppTest, rounds: int) -> None:
        for _ in range(rounds):
            for page in apptest.PAGES:
                at.switch_page(f"pages/{page}.py")
                ms = self.run(at, page)
                with self.lock:
                    self.page_ms.append(ms)

    def guarded(self, work, *args) -> None:
        """Run a session's work; a failure is an error of the load, not a dead thread."""
        try:
            work(*args)
        except Exception as error:  # AppTest's own failures too
            with self.lock:
                self.errors.append(f"{type(error).__name__}: {str(error)[:200]}")

    def browser(self, person: dict, rounds: int) -> None:
        at = session(person)
        self.run(at, "first page")
        self.browse(at, rounds)

    def importer(self, person: dict, upload: tuple[str, bytes, str], rounds: int) -> None:
        at = session(person)
        self.run(at, "first page")
        at.switch_page("pages/import.py")
        self.run(at, "import page")
        started = time.perf_counter()
        at.file_uploader(key="import_file").set_value(upload)
        self.run(at, f"read {upload[0]}")
        confirm = [b for b in at.button if b.key == "import_confirm"]
        if not confirm:
            with self.lock:
                self.errors.append(f"{upload[0]}: no confirm button")
            return
        confirm[0].click()
        self.run(at, f"store {upload[0]}")
        with self.lock:
            self.import_s[upload[0]] = time.perf_counter() - started
        self.browse(at, rounds)


def run_load(url: str, rounds: int) -> dict:
    """The load on the PostgreSQL database at `url` (the app's store for every session)."""
    people = [user(n) for n in range(SESSIONS)]
    uploads = files()
    browsers = people[IMPORTERS:]
    for n, person in enumerate(browsers):
        store = Store(url, owner=owner_of(person))
        store.import_snapshots(
            "default", history_frame(DAYS, seed=400 + n), file_name="seed.csv", sha256=f"s{n}"
        )
    apptest.use_database(url)
    load = Load()
    threads = [
        threading.Thread(
            target=load.guarded, args=(load.importer, person, upload, rounds), daemon=True
        )
        for person, upload in zip(people[:IMPORTERS], uploads, strict=True)
    ]
    threads += [
        threading.Thread(target=load.guarded, args=(load.browser, person, rounds), daemon=True)
        for person in browsers
    ]
    started = time.perf_counter()
    with shared_runtime():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIMEOUT * 4)
    seconds = time.perf_counter() - started
    if any(thread.is_alive() for thread in threads):
        load.errors.append("a session did not finish")
    stored = {}
    for person, (name, _, _) in zip(people[:IMPORTERS], uploads, strict=True):
        store = Store(url, owner=owner_of(person))
        stored[name] = {
            "days": len(store.snapshots("default")),
            "imports": len(store.imports("default")),
        }
    once = all(s == {"days": DAYS, "imports": 1} for s in stored.values())
    pages = np.asarray(load.page_ms)
    return {
        "sessions": SESSIONS,
        "importers": IMPORTERS,
        "seconds": seconds,
        "reruns": len(pages),
        "p95_ms": float(np.percentile(pages, 95)) if len(pages) else float("nan"),
        "median_ms": statistics.median(pages) if len(pages) else float("nan"),
        "import_s": load.import_s,
        "stored": stored,
        "stored_once": once and len(load.import_s) == IMPORTERS,
        "errors": load.errors,
    }
