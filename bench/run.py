"""`make bench`: the app's speed and memory at three data scales, against its targets.

Prints one table (benchmark, scale, measured, target, PASS/FAIL) and writes the same numbers as
JSON to bench-results/. Every figure is the median of several runs; `--quick` runs fewer, for
use while developing. The page reruns at 100 profiles also run on PostgreSQL, in a
throwaway local cluster, side by side with DuckDB (`--backend`). Switching pages in the browser
runs at 1,000 profiles (`--only switch` alone). Hostile uploads at the upload limit, each read in
a fresh process (`--only hostile`), and ten logged-in sessions at once on PostgreSQL, three of
them importing (`--only load`), and a coach's team page for a team of 1,000 members with 2 years
of days each, on both backends (`--only team`). See bench/README.md for what each row measures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit.config  # noqa: E402
import streamlit.logger  # noqa: E402

# AppTest outside `streamlit run` warns on every run; keep the output to the table.
streamlit.config.set_option("logger.level", "error")
streamlit.logger.set_log_level("error")

from bench import apptest, browser, data, hostile, imports  # noqa: E402
from tests.support.postgres import Cluster, find_bin  # noqa: E402

RESULTS = ROOT / "bench-results"
CACHE = RESULTS / "cache"
SECTIONS = (
    "pages",
    "interactions",
    "imports",
    "startup",
    "memory",
    "switch",
    "hostile",
    "load",
    "archive",
    "team",
    "report",
)
BIG_SCALE = "100 profiles"
SWITCH_SCALE = "1,000 profiles"
BACKENDS = ("duckdb", "postgresql")

REPEATS = {
    "full": {
        "page": 7,
        "interaction": 7,
        "daily_import": 5,
        "big_import": 3,
        "startup": 3,
        "switch": 5,
        "load": 3,
        "archive": 5,
        "team": 7,
        "report": 5,
    },
    "quick": {
        "page": 3,
        "interaction": 3,
        "daily_import": 3,
        "big_import": 1,
        "startup": 1,
        "switch": 2,
        "load": 2,
        "archive": 3,
        "team": 3,
        "report": 3,
    },
}
BIG_ROWS = 1_000_000

# The targets (bench/README.md says where each comes from).
PAGE_MS, PAGE_RATIO = 150.0, 3.0
SLIDER_MS = 50.0
DAILY_IMPORT_MS = 300.0
BIG_IMPORT_RATIO = 4.0
STARTUP_RATIO = 1.5
MEMORY_MB = 400.0
SWITCH_RATIO = 2.0
ARCHIVE_SECONDS = 2.0
ARCHIVE_CONNECTIONS, ARCHIVE_MESSAGES = 3_000, 20_000
TEAM_MS = 300.0
# The one-page report, made in a fresh process (the command line) or in the app.
REPORT_SECONDS = 3.0
REPORT_SCALE = "1 profile"
# Any upload up to the limit, read or refused within these.
HOSTILE_SECONDS, HOSTILE_MB = hostile.SECONDS, hostile.PEAK_MB


@dataclass
class Row:
    benchmark: str
    scale: str
    measured: str
    target: str = "—"
    passed: bool | None = None
    numbers: dict = field(default_factory=dict)

    @property
    def result(self) -> str:
        return {True: "PASS", False: "FAIL", None: "info"}[self.passed]


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- data --------------------------------------------------------------------------------------


def _fingerprint(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _store_sources() -> list[Path]:
    """The store's code: one module, or every module of its package."""
    module = ROOT / "ssi_core" / "store.py"
    return [module] if module.exists() else sorted((ROOT / "ssi_core" / "store").glob("*.py"))


def cached_database(scale: str, workdir: Path) -> Path:
    """A fresh copy of the scale's database (built once per version of the generator and store)."""
    key = _fingerprint(Path(data.__file__), *_store_sources())
    name = re.sub(r"\W+", "-", scale)
    built = CACHE / f"{name}-{key}.duckdb"
    if not built.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for stale in CACHE.glob(f"{name}-*.duckdb"):
            stale.unlink()  # built by an older generator or store
        partial = built.with_suffix(".partial")
        data.build(partial, scale)
        partial.rename(built)
    copy = workdir / built.name
    shutil.copyfile(built, copy)
    Path(f"{copy}.wal").unlink(missing_ok=True)
    return copy


@contextmanager
def postgres_database(scale: str) -> Iterator[str]:
    """A throwaway local PostgreSQL cluster holding the scale's data; stopped and removed after.

    Built afresh on every run through the same generator (Store.import_snapshots sends each
    profile with one COPY), about as long as the DuckDB build.
    """
    from ssi_core.store import close_connections

    started = time.perf_counter()
    cluster = Cluster(find_bin())
    url = None
    try:
        url = cluster.url("bench")
        data.build(url, scale)
        print(f"  postgresql: {scale} built in {time.perf_counter() - started:.0f} s", flush=True)
        yield url
    finally:
        if url is not None:
            close_connections(url)
        cluster.stop()


def cached_big_csv(rows: int) -> Path:
    path = CACHE / f"tracker-{rows}-{_fingerprint(Path(data.__file__))}.csv"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for stale in CACHE.glob(f"tracker-{rows}-*.csv"):
            stale.unlink()
        data.timestamped_csv(path.with_suffix(".partial"), rows)
        path.with_suffix(".partial").rename(path)
    return path


# --- sections ----------------------------------------------------------------------------------


def bench_pages(scale: str, repeats: int, databases: dict[str, Path | str]) -> list[Row]:
    """Every page's reruns on each of `databases` (backend: file or URL).

    The backends take turns page by page, so both see the same machine load. Rows are named
    after their backend ("page rerun: history [postgresql]") unless DuckDB is the only one.
    """
    rows = []
    for page in apptest.PAGES:
        for backend, db in databases.items():
            apptest.use_database(db)
            result = apptest.page_reruns(page, repeats)
            ratio = result["bare_page_ratio"]
            app_ratio = result["warm_ms"] / result["bare_ms"]
            measured = (
                f"{result['warm_ms']:.0f} ms (cpu {result['warm_cpu_ms']:.0f}), {ratio:.1f}x bare "
                f"page ({result['bare_page_ms']:.1f} ms; {app_ratio:.0f}x bare app, "
                f"{result['bare_ms']:.1f} ms); cold {result['cold_ms']:.0f} ms"
            )
            if scale == BIG_SCALE:
                target = f"< {PAGE_MS:.0f} ms, < {PAGE_RATIO:g}x"
                passed = result["warm_ms"] < PAGE_MS and ratio < PAGE_RATIO
            else:
                target, passed = "—", None
            name = f"page rerun: {page}"
            if list(databases) != ["duckdb"]:
                name += f" [{backend}]"
            numbers = {**result, "ratio": ratio, "bare_app_ratio": app_ratio, "backend": backend}
            rows.append(Row(name, scale, measured, target, passed, numbers))
    return rows


def bench_interactions(scale: str, repeats: int) -> list[Row]:
    slider = apptest.slider_moves(repeats)
    save = apptest.assessment_saves(repeats)
    return [
        Row(
            "what-if slider move",
            scale,
            f"{slider['ms']:.0f} ms (cpu {slider['cpu_ms']:.0f})",
            f"< {SLIDER_MS:.0f} ms",
            slider["ms"] < SLIDER_MS,
            slider,
        ),
        Row(
            "assessment save",
            scale,
            f"{save['ms']:.0f} ms (cpu {save['cpu_ms']:.0f})",
            numbers=save,
        ),
    ]


def bench_daily_import(scale: str, db: Path, csv: Path, repeats: int) -> Row:
    from ssi_core.store import Store

    store = Store(db)
    content = csv.read_bytes()
    runs = [imports.daily_file(store, content, f"import-{n}") for n in range(repeats)]
    ms = median([r["ms"] for r in runs])
    return Row(
        f"import {runs[0]['rows']:,}-row file",
        scale,
        f"{ms:.0f} ms",
        f"< {DAILY_IMPORT_MS:.0f} ms",
        ms < DAILY_IMPORT_MS,
        {"ms": ms, "runs_ms": [r["ms"] for r in runs]},
    )


def bench_big_import(workdir: Path, rows: int, repeats: int) -> Row:
    csv = cached_big_csv(rows)
    cli, baseline = [], []
    for n in range(repeats):
        db = cached_database(BIG_SCALE, workdir)
        cli.append(imports.cli_import(csv, db, f"big-{n}"))
        baseline.append(imports.duckdb_read_csv(csv, workdir / "read_csv.duckdb"))
    ratio = median(cli) / median(baseline)
    return Row(
        f"CLI import {rows:,}-row CSV",
        BIG_SCALE,
        f"{median(cli):.1f} s, {ratio:.1f}x read_csv ({median(baseline):.1f} s)",
        f"< {BIG_IMPORT_RATIO:g}x",
        ratio < BIG_IMPORT_RATIO,
        {"cli_s": cli, "read_csv_s": baseline, "ratio": ratio, "rows": rows},
    )


def bench_startup(scale: str, chromium, db: Path, workdir: Path, repeats: int) -> Row:
    app, bare = [], []
    for n in range(repeats):
        app.append(browser.startup(chromium, browser.APP, db, workdir / f"app-{n}.log"))
        bare.append(browser.startup(chromium, browser.BARE_APP, db, workdir / f"bare-{n}.log"))
    app_s = median([r["rendered_s"] for r in app])
    bare_s = median([r["rendered_s"] for r in bare])
    ratio = app_s / bare_s
    return Row(
        "start-up to first page",
        scale,
        f"{app_s:.2f} s, {ratio:.2f}x bare ({bare_s:.2f} s)",
        f"< {STARTUP_RATIO:g}x",
        ratio < STARTUP_RATIO,
        {"app": app, "bare": bare, "ratio": ratio},
    )


def bench_switch(chromium, db: Path, workdir: Path, rounds: int) -> list[Row]:
    rows = []
    for page, result in browser.page_switches(chromium, db, workdir, rounds).items():
        rows.append(
            Row(
                f"page switch: {page}",
                SWITCH_SCALE,
                f"{result['ms']:.0f} ms, {result['ratio']:.2f}x bare switch "
                f"({result['bare_ms']:.0f} ms); first visit {result['first_ms']:.0f} ms; "
                f"the app's frame alone {result['frame_ratio']:.2f}x",
                f"< {SWITCH_RATIO:g}x",
                result["ratio"] < SWITCH_RATIO,
                result,
            )
        )
    return rows


def bench_hostile() -> list[Row]:
    """Each hostile kind at the upload limit (or its own size), read in a fresh process."""
    from ssi_core.importers import MAX_UPLOAD_BYTES

    rows = []
    for name, size in hostile.sizes(MAX_UPLOAD_BYTES).items():
        result = hostile.measure(name, size, timeout=3 * HOSTILE_SECONDS)
        outcome = result["outcome"]
        # Read, or refused with a message: not killed, crashed or out of memory.
        handled = outcome.startswith("error.") or outcome in hostile.FORMATS
        seconds, peak = result["seconds"], result["peak_mb"]
        cpu = result.get("cpu_s", float("nan"))
        measured = (
            f"{seconds:.2f} s (cpu {cpu:.2f}), {peak:.0f} MB peak: {outcome.removeprefix('error.')}"
        )
        rows.append(
            Row(
                f"hostile: {name}",
                f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{size / 1024:.0f} KB",
                measured,
                f"< {HOSTILE_SECONDS:g} s, < {HOSTILE_MB:g} MB",
                handled and seconds < HOSTILE_SECONDS and peak < HOSTILE_MB,
                result,
            )
        )
        print(f"  hostile: {name}: {measured}", flush=True)
    return rows


def bench_archive(rounds: int) -> Row:
    """Reading a complete LinkedIn data archive (3,000 connections, 20,000 messages) from its ZIP
    bytes to facts, answers and weekly activity, in process; the median of `rounds` reads."""
    from ssi_core.archive.answers import answers_from_facts
    from ssi_core.archive.reader import read_archive
    from tests.support.archive import archive_bytes

    zipped = archive_bytes(
        connections=ARCHIVE_CONNECTIONS, messages=ARCHIVE_MESSAGES, weeks=52, posts_per_week=3
    )
    times, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        reading = read_archive(zipped)
        answers_from_facts(reading.facts)
        times.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    seconds, cpu_seconds = median(times), median(cpus)
    measured = f"{seconds:.2f} s (cpu {cpu_seconds:.2f}), ZIP {len(zipped) / 1048576:.1f} MB"
    print(f"  archive: {measured}", flush=True)
    return Row(
        "archive: read a complete data archive",
        f"{ARCHIVE_CONNECTIONS:,} connections, {ARCHIVE_MESSAGES:,} messages",
        measured,
        f"< {ARCHIVE_SECONDS:g} s",
        seconds < ARCHIVE_SECONDS,
        {"seconds": times, "cpu_seconds": cpus, "zip_bytes": len(zipped)},
    )


def bench_report(db: Path, workdir: Path, repeats: int) -> list[Row]:
    """The report of the 1-profile scale's `default` (ten years of days, 50 assessments): the
    command line in a fresh process (imports and the renderer's start included), then in one
    process as the app makes it on a click (the store read, the spec and the rendering)."""
    import resource

    from ssi_core.report import inputs_from_store, render_report
    from ssi_core.store import Store

    rows = []
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "ssi_core", "report", "--db", str(db), "--format", "pdf",
             "--out", str(workdir / "report.pdf")],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    measured = f"{median(walls):.2f} s (cpu {median(cpus):.2f} s)"
    rows.append(
        Row("report: command line, PDF (fresh process)", REPORT_SCALE, measured,
            f"< {REPORT_SECONDS:g} s", median(walls) < REPORT_SECONDS,
            {"wall_s": walls, "cpu_s": cpus})
    )  # fmt: skip
    print(f"  report: command line: {measured}", flush=True)
    for fmt in ("pdf", "png"):
        render_report(inputs_from_store(Store(db), "default"), fmt)  # the renderer's start
        walls, cpus = [], []
        for _ in range(repeats):
            started, cpu = time.perf_counter(), time.process_time()
            render_report(inputs_from_store(Store(db), "default"), fmt)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        measured = f"{median(walls):.2f} s (cpu {median(cpus):.2f} s)"
        rows.append(
            Row(f"report: in the app, {fmt.upper()}", REPORT_SCALE, measured,
                f"< {REPORT_SECONDS:g} s", median(walls) < REPORT_SECONDS,
                {"wall_s": walls, "cpu_s": cpus})
        )  # fmt: skip
        print(f"  report: in the app, {fmt}: {measured}", flush=True)
    return rows


def bench_load(url: str, rounds: int) -> Row:
    from bench import load

    result = load.run_load(url, rounds)
    imports_s = ", ".join(f"{s:.1f}" for s in result["import_s"].values()) or "none"
    measured = (
        f"p95 page rerun {result['p95_ms']:.0f} ms (median {result['median_ms']:.0f} ms, "
        f"{result['reruns']} reruns); imports {imports_s} s; "
        f"{'each stored once' if result['stored_once'] else 'NOT stored once'}, "
        f"{len(result['errors'])} errors"
    )
    for error in result["errors"][:5]:
        print(f"  load error: {error}", flush=True)
    return Row(
        f"load: {result['sessions']} sessions, {result['importers']} importing",
        f"{BIG_SCALE} [postgresql]",
        measured,
        "each import once, no error",
        result["stored_once"] and not result["errors"],
        result,
    )


def bench_team(backends: list[str], workdir: Path, repeats: int) -> list[Row]:
    """The coach's team page, 1,000 members x 2 years of days, on each backend."""
    from bench import team

    scale = f"{team.MEMBERS:,} members x {team.DAYS} days"
    rows = []
    for backend in backends:
        with _team_database(backend, workdir) as db:
            built = team.build(db)
            print(f"  team: {backend} built in {built:.0f} s", flush=True)
            sql = team.queries(db, repeats)
            page = team.page_reruns(db, repeats)
        measured = (
            f"{page['warm_ms']:.0f} ms (cpu {page['warm_cpu_ms']:.0f}); cold {page['cold_ms']:.0f}"
            f" ms; queries: rows {sql['rows']:.0f}, averages {sql['summary']:.0f}, history "
            f"{sql['history']:.0f} ms"
        )
        rows.append(
            Row(
                f"team page rerun [{backend}]",
                scale,
                measured,
                f"< {TEAM_MS:.0f} ms",
                page["warm_ms"] < TEAM_MS,
                {**page, "queries_ms": sql, "build_s": built, "backend": backend},
            )
        )
    return rows


@contextmanager
def _team_database(backend: str, workdir: Path) -> Iterator[Path | str]:
    if backend == "duckdb":
        yield workdir / "team.duckdb"
        return
    from ssi_core.store import close_connections

    cluster = Cluster(find_bin())
    url = None
    try:
        url = cluster.url("team")
        yield url
    finally:
        if url is not None:
            close_connections(url)
        cluster.stop()


def bench_memory(chromium, db: Path, workdir: Path) -> Row:
    result = browser.sessions_memory(chromium, db, workdir / "memory.log")
    return Row(
        f"server peak RSS, {result['sessions']} sessions",
        BIG_SCALE,
        f"{result['peak_mb']:.0f} MB (idle start {result['after_start_mb']:.0f} MB)",
        f"< {MEMORY_MB:.0f} MB",
        result["peak_mb"] < MEMORY_MB,
        result,
    )


# --- report ------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "commit": commit,
        "load_average": list(os.getloadavg()),
    }


def table(rows: list[Row]) -> str:
    header = ("benchmark", "scale", "measured", "target", "result")
    return _columns(header, [(r.benchmark, r.scale, r.measured, r.target, r.result) for r in rows])


def _columns(header: tuple[str, ...], body: list[tuple[str, ...]]) -> str:
    cells = [header, *body]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cell, widths, strict=True)) for cell in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def backend_table(rows: list[Row]) -> str | None:
    """The page reruns measured on both backends, one line per page; None without both."""
    runs: dict[str, dict[str, dict]] = {}
    for row in rows:
        backend = row.numbers.get("backend")
        if row.benchmark.startswith("page rerun: ") and backend:
            page = row.benchmark.removeprefix("page rerun: ").split(" [")[0]
            runs.setdefault(page, {})[backend] = row.numbers
    both = {page: r for page, r in runs.items() if set(r) >= set(BACKENDS)}
    if not both:
        return None
    header = (
        f"page rerun, {BIG_SCALE}",
        "duckdb warm (cpu)",
        "postgresql warm (cpu)",
        "pg / duckdb",
        "duckdb cold",
        "postgresql cold",
    )
    body = []
    for page, r in both.items():
        duck, pg = r["duckdb"], r["postgresql"]
        body.append(
            (
                page,
                f"{duck['warm_ms']:.0f} ms ({duck['warm_cpu_ms']:.0f})",
                f"{pg['warm_ms']:.0f} ms ({pg['warm_cpu_ms']:.0f})",
                f"{pg['warm_ms'] / duck['warm_ms']:.2f}x",
                f"{duck['cold_ms']:.0f} ms",
                f"{pg['cold_ms']:.0f} ms",
            )
        )
    return _columns(header, body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs of each measurement")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--scales", nargs="+", choices=list(data.SCALES), default=list(data.SCALES))
    parser.add_argument(
        "--backend",
        choices=[*BACKENDS, "both"],
        help=f"database of the page reruns at {BIG_SCALE} (the rest always runs on DuckDB); "
        "default: both when PostgreSQL is installed, else duckdb",
    )
    args = parser.parse_args(argv)
    have_postgres = find_bin() is not None
    if args.backend is None:
        args.backend = "both" if have_postgres else "duckdb"
        if not have_postgres:
            print("PostgreSQL not installed (apt-get install postgresql): DuckDB only.")
    elif args.backend != "duckdb" and not have_postgres:
        parser.error(f"--backend {args.backend}: PostgreSQL is not installed")
    backends = list(BACKENDS) if args.backend == "both" else [args.backend]
    mode = "quick" if args.quick else "full"
    repeats = REPEATS[mode]
    info = machine()
    print(
        f"SSI Coach benchmark ({mode}) on {info['cpu']}, {info['cores']} cores, "
        f"load {info['load_average'][0]:.2f}, commit {info['commit']}",
        flush=True,
    )
    info["backends"] = backends
    rows: list[Row] = []
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="ssi-bench-"))
    try:
        daily_csv = data.daily_csv(workdir / "ssi-history.csv")
        in_process = {"pages", "interactions", "imports"} & set(args.only)
        if in_process:
            apptest.page_reruns("import", 1)  # imports and first-run costs, not measured
        for scale in args.scales if in_process else []:
            db = cached_database(scale, workdir)
            if "pages" in args.only:
                if scale == BIG_SCALE and "postgresql" in backends:
                    with postgres_database(scale) as url:
                        databases = {"duckdb": db, "postgresql": url}
                        databases = {b: databases[b] for b in backends}
                        rows += bench_pages(scale, repeats["page"], databases)
                else:
                    rows += bench_pages(scale, repeats["page"], {"duckdb": db})
            apptest.use_database(db)
            if "interactions" in args.only:
                rows += bench_interactions(scale, repeats["interaction"])
            if "imports" in args.only:
                rows.append(bench_daily_import(scale, db, daily_csv, repeats["daily_import"]))
            print(f"  {scale}: done after {time.perf_counter() - started:.0f} s", flush=True)
        if "imports" in args.only:
            rows.append(bench_big_import(workdir, BIG_ROWS, repeats["big_import"]))
        if "hostile" in args.only:
            rows += bench_hostile()
        if "archive" in args.only:
            rows.append(bench_archive(repeats["archive"]))
        if "report" in args.only:
            db = cached_database(REPORT_SCALE, workdir)
            rows += bench_report(db, workdir, repeats["report"])
        if "load" in args.only:
            if "postgresql" in backends:
                with postgres_database(BIG_SCALE) as url:
                    rows.append(bench_load(url, repeats["load"]))
                apptest.use_database(cached_database(BIG_SCALE, workdir))
            else:
                print("  load: needs PostgreSQL (--backend postgresql or both); skipped")
        if "team" in args.only:
            rows += bench_team(backends, workdir, repeats["team"])
        if {"startup", "memory", "switch"} & set(args.only):
            with browser.chromium() as chromium:
                if "startup" in args.only:
                    for scale in args.scales:
                        db = cached_database(scale, workdir)
                        rows.append(bench_startup(scale, chromium, db, workdir, repeats["startup"]))
                if "memory" in args.only:
                    rows.append(
                        bench_memory(chromium, cached_database(BIG_SCALE, workdir), workdir)
                    )
                if "switch" in args.only:
                    db = cached_database(SWITCH_SCALE, workdir)
                    rows += bench_switch(chromium, db, workdir, repeats["switch"])
                    print(f"  switch: done after {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    info["load_average_end"] = list(os.getloadavg())
    info["seconds"] = round(time.perf_counter() - started, 1)
    print()
    print(table(rows))
    side_by_side = backend_table(rows)
    if side_by_side:
        print()
        print(side_by_side)
    failed = sum(r.passed is False for r in rows)
    print(
        f"\n{sum(r.passed is True for r in rows)} passed, {failed} failed "
        f"in {info['seconds']:.0f} s; load average now {info['load_average_end'][0]:.2f}"
    )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench-{datetime.now():%Y%m%d-%H%M%S}-{mode}.json"
    out.write_text(
        json.dumps({"machine": info, "mode": mode, "rows": [asdict(r) for r in rows]}, indent=2)
    )
    print(f"results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
