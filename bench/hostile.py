"""Hostile uploads: each kind of tests/fixtures/hostile/corpus.py at the upload limit, read by
parse_bytes in a fresh process; its wall time and peak RSS against 10 s and 400 MB.

The child loads the readers first (the baseline RSS it reports), then reads the file once; the
parent takes the child's peak RSS from wait4 (ru_maxrss), so nothing of the parent counts. A
child that runs past `timeout` is killed; the address space is capped at `memory_cap_mb` so a
reader's worst case cannot take the machine with it (it then fails with MemoryError).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ssi_core.importers.model import FORMATS  # noqa: E402,F401  (what a read returns)
from tests.fixtures.hostile import corpus  # noqa: E402

SECONDS, PEAK_MB = 10.0, 400.0

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from ssi_core.importers import ImportRejected, parse_bytes
import openpyxl, pyarrow.csv  # every reader's libraries, as in the app's reading process

def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0

path, name = sys.argv[1], sys.argv[2]
data = Path(path).read_bytes()
base = rss_mb()
started, cpu_started = time.perf_counter(), time.process_time()
try:
    result = parse_bytes(data, name)
    outcome = result.format
    detail = f"{result.rows_accepted} rows"
except ImportRejected as error:
    outcome, detail = error.code, str(error)
except MemoryError:
    outcome, detail = "MemoryError", ""
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
print(json.dumps({"outcome": outcome, "detail": detail[:300], "seconds": seconds,
                  "cpu_s": cpu, "base_mb": base}))
"""


def measure(
    kind: str,
    size: int,
    timeout: float = 60.0,
    memory_cap_mb: int = 3072,
    code: Path = ROOT,
) -> dict:
    """Make `kind` at `size` bytes and read it in a fresh process, with the readers of the
    checkout at `code` (another commit's work tree, for a before-and-after)."""
    file_name, content = corpus.make(kind, size)
    with tempfile.TemporaryDirectory(prefix="ssi-hostile-") as folder:
        path = Path(folder) / file_name
        path.write_bytes(content)
        del content

        def cap() -> None:
            limit = memory_cap_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(path), file_name],
            cwd=code,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=cap,
        )
        killed = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                child.send_signal(signal.SIGKILL)
                killed = True
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - started
        out = child.stdout.read().decode(errors="replace")
        err = child.stderr.read().decode(errors="replace")
        child.returncode = os.waitstatus_to_exitcode(status)
    peak_mb = usage.ru_maxrss / 1024
    row = {"kind": kind, "file_bytes": size, "peak_mb": peak_mb}
    if killed:
        return {**row, "outcome": f"killed after {timeout:g} s", "seconds": wall}
    try:
        report = json.loads(out.strip().splitlines()[-1])
    except (IndexError, ValueError):
        last = err.strip().splitlines()[-1] if err.strip() else f"exit {child.returncode}"
        return {**row, "outcome": f"crashed: {last[:200]}", "seconds": wall}
    return {**row, **report, "process_s": wall}


def sizes(limit: int) -> dict[str, int]:
    """Each kind's size: the upload limit, or the kind's own."""
    return {name: kind.fixed_size or limit for name, kind in corpus.KINDS.items()}


if __name__ == "__main__":
    # python bench/hostile.py [--code DIR] [--mb N] [kind ...]: a line per kind, for quick checks.
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("kinds", nargs="*", default=list(corpus.KINDS))
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    for name in args.kinds:
        kind = corpus.KINDS[name]
        size = kind.fixed_size or int(args.mb * corpus.MB)
        result = measure(name, size, timeout=args.timeout, code=args.code)
        print(
            f"{name:26} {result['seconds']:7.2f} s {result['peak_mb']:7.0f} MB "
            f"(base {result.get('base_mb', 0):.0f})  {result['outcome']}  "
            f"{result.get('detail', '')[:90]}",
            flush=True,
        )
