"""Server-side script time of the app's pages and interactions, through Streamlit's AppTest.

AppTest runs the real app.py router in this process. The time taken is the script run itself,
from ScriptRunner's SCRIPT_STARTED event to SCRIPT_STOPPED (what a real server spends before it
sends the last delta), not AppTest's own polling and element-tree parsing around it.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st
import streamlit.testing.v1.app_test as app_test_module
import streamlit.testing.v1.local_script_runner as local_runner_module
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import ScriptRunnerEvent
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

from ssi_app import navigation
from ssi_app.cache import READS, SPECS
from ssi_core.pillars import PILLAR_BY_ID
from ssi_core.questionnaire import load_questionnaire
from ssi_core.store import DATABASE_URL_ENV, is_database_url

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"
PAGES = ["overview", "assessment", "what-if", "history", "import", "plan", "settings"]
TIMEOUT = 120

_STOPPED = {
    ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS,
    ScriptRunnerEvent.SCRIPT_STOPPED_WITH_COMPILE_ERROR,
    ScriptRunnerEvent.SCRIPT_STOPPED_FOR_RERUN,
}
_marks: dict[str, float] = {}


def _install_timer() -> None:
    """Record the first script start and the last script stop of every AppTest run.

    AppTest also starts every run as a fresh server would: a new script cache (every file is
    parsed and compiled again) and the pages/ folder taken for an old-style multipage app (so
    each run takes the deep-link path through the page file's hand-over). A real server does
    that once; its later runs reuse the compiled code and go straight through st.navigation.
    The benchmark keeps one script cache and the st.navigation routing, as a server does.
    """
    if getattr(LocalScriptRunner, "_bench_timed", False):
        return
    shared_cache = ScriptCache()
    app_test_module.ScriptCache = lambda: shared_cache  # for the pages
    local_runner_module.ScriptCache = lambda: shared_cache  # for app.py itself
    original_pages_init = PagesManager.__init__

    def steady_pages_init(self, *args, **kwargs):
        PagesManager.uses_pages_directory = False  # what st.navigation sets on a server
        original_pages_init(self, *args, **kwargs)

    PagesManager.__init__ = steady_pages_init
    original = LocalScriptRunner.__init__

    def timed_init(self, *args, **kwargs):
        original(self, *args, **kwargs)

        def mark(sender, event, **_):
            # Sent from the script thread: thread_time() is the CPU the script itself used,
            # which other programs on a busy machine do not inflate as they do the wall time.
            if event == ScriptRunnerEvent.SCRIPT_STARTED:
                _marks.setdefault("start", time.perf_counter())
                _marks.setdefault("cpu_start", time.thread_time())
            elif event in _STOPPED:
                _marks["stop"] = time.perf_counter()
                # Sessions run in threads at once in the load row: a stop may find no start.
                started = _marks.pop("cpu_start", None)
                if started is not None:
                    _marks["cpu"] = _marks.get("cpu", 0.0) + time.thread_time() - started

        self.on_event.connect(mark, weak=False)

    LocalScriptRunner.__init__ = timed_init
    LocalScriptRunner._bench_timed = True


def timed_run(at: AppTest, cpu: list[float] | None = None) -> float:
    """Run the script once; the server-side milliseconds it took. Fails on any exception.

    The script thread's CPU milliseconds are appended to `cpu` when given.
    """
    _install_timer()
    _marks.clear()
    at.run(timeout=TIMEOUT)
    if at.exception:
        raise RuntimeError(f"script failed: {[e.value for e in at.exception]}")
    if cpu is not None:
        cpu.append(_marks["cpu"] * 1000)
    return (_marks["stop"] - _marks["start"]) * 1000


def use_database(db: Path | str) -> None:
    """Point the app at `db` (a file or a postgresql:// URL); forget cached stores and reads."""
    if is_database_url(db):
        os.environ[DATABASE_URL_ENV] = str(db)
    else:
        os.environ.pop(DATABASE_URL_ENV, None)  # it would win over $SSI_DB
        os.environ["SSI_DB"] = str(db)
    st.cache_resource.clear()
    st.cache_data.clear()


def new_app(path: Path = APP) -> AppTest:
    at = AppTest.from_file(str(path), default_timeout=TIMEOUT)
    at.session_state["language"] = "en"
    if os.environ.get(DATABASE_URL_ENV):
        # The app serves a server database without a login only when told it is meant to be
        # shared; the benchmark's throwaway one is.
        at.secrets["ssi"] = {"shared_without_login": True}
    return at


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@contextmanager
def title_only_page() -> Iterator[None]:
    """The app's bare page: app.py routes to a page that only draws a title.

    What every page of the app costs before its own content: the session defaults, the login
    check, the navigation and the sidebar (language, profile, new profile), run by app.py as for
    any page. AppTest runs app.py in this process, so the router's page call is swapped here.
    """
    original = navigation.draw_page
    navigation.draw_page = lambda page: st.title("Bare page")
    try:
        yield
    finally:
        navigation.draw_page = original


def page_reruns(page: str, repeats: int) -> dict:
    """One session opens `page` with empty caches (cold), then reruns it `repeats` times (warm).

    After each warm run the app's bare page (title_only_page) and a bare title-only app
    (bench/bare_app.py, no navigation or sidebar) run too, so all three see the same load.
    """
    at, shell, bare = new_app(), new_app(), new_app(BARE_APP)
    at.run(timeout=TIMEOUT)  # the session lands on My SSI, as a user's would
    with title_only_page():
        shell.run(timeout=TIMEOUT)
    bare_cold = timed_run(bare)
    READS.clear()  # the data caches are emptied: the page reads and builds everything
    SPECS.clear()
    at.switch_page(f"pages/{page}.py")
    cold = timed_run(at)
    warm, warm_cpu, shell_warm, bare_warm = [], [], [], []
    for _ in range(repeats):
        warm.append(timed_run(at, warm_cpu))
        with title_only_page():
            shell_warm.append(timed_run(shell))
        bare_warm.append(timed_run(bare))
    return {
        "cold_ms": cold,
        "warm_ms": median(warm),
        "warm_cpu_ms": median(warm_cpu),
        "bare_page_ms": median(shell_warm),
        # Each warm run against the bare page run right after it, under the same load: the
        # median of these pairs moves less than a ratio of two medians when the load changes.
        "bare_page_ratio": median([p / b for p, b in zip(warm, shell_warm, strict=True)]),
        "bare_cold_ms": bare_cold,
        "bare_ms": median(bare_warm),
        "warm_runs_ms": warm,
        "bare_page_runs_ms": shell_warm,
        "bare_runs_ms": bare_warm,
    }


def slider_moves(repeats: int, key: str = "wi_connections") -> dict:
    """Move a What-if slider to a new value each time; the server time of each rerun it causes."""
    at = new_app()
    at.run(timeout=TIMEOUT)
    at.switch_page("pages/what-if.py")
    timed_run(at)
    # What-if draws only the open tab's sliders: open the tab of the slider's pillar.
    pillar = load_questionnaire().by_id[key.removeprefix("wi_")].pillar
    at.session_state["what_if_pillar"] = PILLAR_BY_ID[pillar].short("en")
    timed_run(at)
    slider = at.slider(key=key)
    low, high = slider.min, slider.max
    times, cpu = [], []
    for n in range(repeats):
        at.slider(key=key).set_value(low + (high - low) * (n + 1) // (repeats + 1))
        times.append(timed_run(at, cpu))
    return {"ms": median(times), "cpu_ms": median(cpu), "runs_ms": times}


def assessment_saves(repeats: int) -> dict:
    """Click Save on Self-assessment: the write, the cache clear and the rerun that shows it."""
    at = new_app()
    at.run(timeout=TIMEOUT)
    at.switch_page("pages/assessment.py")
    timed_run(at)
    times, cpu = [], []
    for _ in range(repeats):
        at.button(key="assessment_save").click()
        times.append(timed_run(at, cpu))
        if not at.success:
            raise RuntimeError("the assessment was not saved")
    return {"ms": median(times), "cpu_ms": median(cpu), "runs_ms": times}
