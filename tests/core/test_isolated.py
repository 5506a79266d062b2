"""Reading an upload in a process of its own: the same result, and a time and memory limit
that stop only that read, with a message."""

import pytest

from ssi_core.importers import ImportRejected, parse_bytes
from ssi_core.importers.isolated import parse_isolated
from tests.support import ROOT

TRACKER = (ROOT / "tests" / "fixtures" / "e2e" / "tracker.csv").read_bytes()
# Two million rows: seconds of reading and some hundreds of MB, whatever the machine.
BIG = b"date,ssi\n" + b"2026-01-01,50\n" * 2_000_000


def test_the_isolated_read_gives_what_the_reader_gives():
    inside = parse_bytes(TRACKER, "tracker.csv")
    shares = []
    isolated = parse_isolated(TRACKER, "tracker.csv", progress=shares.append)
    assert isolated.format == inside.format and isolated.rows_accepted == inside.rows_accepted
    assert isolated.snapshots.equals(inside.snapshots)
    assert [i.message for i in isolated.skipped] == [i.message for i in inside.skipped]


def test_a_rejection_comes_back_with_its_code_and_message():
    with pytest.raises(ImportRejected) as caught:
        parse_isolated(b"\x89PNG\r\n\x1a\n\0\0", "photo.png")
    assert caught.value.code == "error.binary" and "photo.png" in str(caught.value)


def test_a_read_over_its_time_is_stopped_with_a_message():
    with pytest.raises(ImportRejected) as caught:
        parse_isolated(BIG, "big.csv", max_bytes=None, seconds=0.2)
    assert caught.value.code == "error.too_slow" and "big.csv" in str(caught.value)


def test_a_read_over_its_memory_is_stopped_with_a_message():
    with pytest.raises(ImportRejected) as caught:
        parse_isolated(BIG, "big.csv", max_bytes=None, memory_mb=30)
    assert caught.value.code == "error.too_much_memory" and "30 MB" in str(caught.value)
    # The reading process is still there for the next upload.
    assert parse_isolated(TRACKER, "tracker.csv").rows_accepted == 11
