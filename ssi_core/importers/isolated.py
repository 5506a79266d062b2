"""Read an upload in a process of its own, with a time limit and a memory limit.

One server process serves every session of a hosted app: an input nobody foresaw (a parser's
worst case, a decompression bomb) must fail only its own import, with a message, while the
other sessions go on. The reading runs in a child forked from a warm process that has the
importers loaded (multiprocessing's forkserver), so a small file still reads in milliseconds;
the child's memory is capped with setrlimit and the parent kills it when time runs out.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection

from ssi_core.importers import parse_bytes
from ssi_core.importers.messages import rejected
from ssi_core.importers.model import ImportRejected, ImportResult


def _limit(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        return float(raw) if raw else default
    except ValueError:
        return default


# What one read may take: SSI_PARSE_SECONDS and SSI_PARSE_MEMORY_MB change it.
PARSE_SECONDS = _limit("SSI_PARSE_SECONDS", 30.0)
PARSE_MEMORY_MB = _limit("SSI_PARSE_MEMORY_MB", 1024.0)
_MB = 1024 * 1024

_context_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None
_started = False


def _forkserver() -> multiprocessing.context.BaseContext:
    """The forkserver context, its server preloaded with the importers (started once)."""
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            # The main module too: each child would otherwise run it again before reading
            # (the `streamlit` command, some 0.3 s). It must guard its work with
            # `if __name__ == "__main__"`, as multiprocessing asks of every main module.
            context.set_forkserver_preload(
                ["__main__", "ssi_core.importers.warmed", "ssi_core.importers.isolated"]
            )
            _context = context
        return _context


def start() -> None:
    """Start the reading process's forkserver in the background, once: the Import page calls
    it when it opens, so the first upload does not wait the second or more it takes to load
    the readers (and the app's start-up does not share the two cores with it)."""
    global _started
    with _context_lock:
        if _started:
            return
        _started = True

    def run() -> None:
        import multiprocessing.forkserver

        _forkserver()
        multiprocessing.forkserver.ensure_running()

    threading.Thread(target=run, name="ssi-import-reader", daemon=True).start()


def _address_space() -> int:
    """This process's virtual memory now, in bytes (what RLIMIT_AS counts)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(conn: Connection, data: bytes, filename: str | None, kwargs: dict, budget: int) -> None:
    """In the child: cap the memory, read, send back the result or the reason it failed."""
    try:
        limit = _address_space() + budget
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError):
        pass  # no /proc or no limit to set: the time limit still holds
    try:
        result = parse_bytes(
            data, filename, progress=lambda share: conn.send(("progress", share)), **kwargs
        )
        conn.send(("done", result))
    except ImportRejected as error:
        conn.send(("rejected", (str(error), error.code, error.params)))
    except MemoryError:
        conn.send(("memory", None))
    except Exception as error:  # a bug, or an input nobody foresaw: only this import fails
        conn.send(("failed", type(error).__name__))
    finally:
        conn.close()


def parse_isolated(
    data: bytes,
    filename: str | None = None,
    *,
    progress: Callable[[float], None] | None = None,
    seconds: float = PARSE_SECONDS,
    memory_mb: float = PARSE_MEMORY_MB,
    **kwargs,
) -> ImportResult:
    """parse_bytes(data, filename, **kwargs) in a child process, within `seconds` and
    `memory_mb` of memory on top of what the child starts with.

    Raises:
        ImportRejected: what parse_bytes rejects, and an input that takes too long, needs too
            much memory or makes the reader fail (each with a message naming the file).
    """
    name = filename or "The input"
    context = _forkserver()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(sender, data, filename, kwargs, int(memory_mb * _MB)),
        name="ssi-import",
        daemon=True,
    )
    child.start()
    sender.close()
    deadline = threading.Event()
    timer = threading.Timer(seconds, deadline.set)
    timer.start()
    try:
        while True:
            if deadline.is_set():
                raise rejected("too_slow", file=name, seconds=f"{seconds:g}")
            if not receiver.poll(0.05):
                if not child.is_alive() and not receiver.poll(0):
                    raise rejected("reader_failed", file=name)
                continue
            try:
                kind, value = receiver.recv()
            except (EOFError, OSError):
                raise rejected("reader_failed", file=name) from None
            if kind == "progress":
                if progress is not None:
                    progress(value)
            elif kind == "done":
                return value
            elif kind == "rejected":
                message, code, params = value
                raise ImportRejected(message, code, params)
            elif kind == "memory":
                raise rejected("too_much_memory", file=name, mb=f"{memory_mb:g}")
            else:
                raise rejected("reader_failed", file=name)
    finally:
        timer.cancel()
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=5)
