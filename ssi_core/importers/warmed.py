"""Importing this module reads a small file of each kind once, so that every reader's lazy
imports and first-use set-up are done: the reading process's forkserver loads it, and each
upload then starts from a warm reader."""

import contextlib

from ssi_core.importers import parse_bytes

for _name, _sample in (
    ("sample.csv", b"Date,SSI,Brand,People,Insights,Relationships\n2026-01-05,60,15,15,15,15\n"),
    ("sample.json", b'[{"date": "2026-01-05", "ssi": 60}]'),
    ("sample.txt", b"Your Social Selling Index\n60\nout of 100\n"),
):
    # A warm-up only: a real upload reports its own errors.
    with contextlib.suppress(Exception):
        parse_bytes(_sample, _name)
