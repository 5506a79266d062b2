"""A cache shared by every session, for the reads and the chart specs."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class SharedCache:
    """Values by key, the least recently used dropped first; one for every session.

    Every rerun gets the very object, where st.cache_data unpickles a copy (1-3 ms a read for
    ten years of days), and a dict lookup hashes the key once, where st.cache_* walk every item
    of it on each call (0.5-1 ms a read or chart). What it holds is only read: callers hand out
    copies of frames.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept for `key`, made by `make()` (and kept) the first time."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()  # outside the lock: other reads go on meanwhile
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def drop(self, prefix: tuple) -> None:
        """Forget every value whose key (a tuple) starts with `prefix`."""
        with self._lock:
            for key in [k for k in self._values if k[: len(prefix)] == prefix]:
                del self._values[key]

    def keys(self) -> list[Hashable]:
        """The keys held, oldest first."""
        with self._lock:
            return list(self._values)

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


# The reads of the store, keyed by (database, owner, data version, what, profile, ...): a write
# anywhere, another process's included, changes the version, so a stale entry is never found
# again; a write from this app also drops the writer's entries at once (data.py).
READS = SharedCache(512)
# Chart specs, keyed the same way; a ten-year chart's spec is about 300 KB: some 40 MB at most.
SPECS = SharedCache(128)
