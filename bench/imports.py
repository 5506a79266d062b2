"""Import speed: the 3,650-row file end to end in-process, a big CSV through the command line."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

from ssi_core.importers import parse_bytes
from ssi_core.importers.report import format_report, plan_against
from ssi_core.store import Store

ROOT = Path(__file__).resolve().parent.parent


def daily_file(store: Store, data: bytes, profile: str) -> dict:
    """Detect, validate, report and commit one file, as the Import page and the CLI do."""
    started = time.perf_counter()
    result = parse_bytes(data, "ssi-history.csv", max_bytes=None)
    plan = plan_against(result, store.snapshots(profile))
    format_report(result, plan)
    counts = store.import_snapshots(
        profile,
        result.snapshots,
        file_name="ssi-history.csv",
        sha256=hashlib.sha256(data).hexdigest(),
        format=result.format,
        rows_read=result.rows_read,
        rows_accepted=result.rows_accepted,
        rows_skipped=result.rows_skipped,
    )
    elapsed = (time.perf_counter() - started) * 1000
    if counts["new"] != result.rows_accepted:
        raise RuntimeError(f"the import stored {counts}, expected {result.rows_accepted} new days")
    return {"ms": elapsed, "rows": result.rows_read, "new_days": counts["new"]}


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{command[:4]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed


def cli_import(csv: Path, db: Path, profile: str) -> float:
    """Seconds for `python -m ssi_core import CSV --db DB --profile PROFILE`."""
    return _timed(
        [
            sys.executable,
            "-m",
            "ssi_core",
            "import",
            str(csv),
            "--db",
            str(db),
            "--profile",
            profile,
        ]
    )


def duckdb_read_csv(csv: Path, db: Path) -> float:
    """Seconds for DuckDB's own read_csv of the same file into a table, also as a new process."""
    db.unlink(missing_ok=True)
    script = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1]); "
        "con.execute('CREATE TABLE ssi AS SELECT * FROM read_csv(?)', [sys.argv[2]]); con.close()"
    )
    return _timed([sys.executable, "-c", script, str(db), str(csv)])
