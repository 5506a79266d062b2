"""The `archive` command: LinkedIn's data archive -> facts, answers, weekly activity (JSON)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from ssi_core.errors import SSIError

EXIT_OK = 0
DEFAULT_PROFILE = "default"


def add_archive_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "archive",
        help="read LinkedIn's data archive (ZIP): facts, answers and weekly activity as JSON",
        description="Read the ZIP from LinkedIn's 'Get a copy of your data' in memory and print "
        "counts only: no name, e-mail or message text.",
    )
    parser.add_argument("zip", metavar="ZIP", help="the archive LinkedIn sent")
    parser.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="the last day of every window (default: newest date)"
    )
    parser.add_argument(
        "--db",
        help="DuckDB file or postgresql:// URL "
        "(default: $SSI_DATABASE_URL, else $SSI_DB, else data/ssi.duckdb)",
    )
    parser.add_argument("--profile", default=DEFAULT_PROFILE, help="profile name (default)")
    parser.add_argument("--save", action="store_true", help="store the weekly counts")
    parser.set_defaults(func=cmd_archive)
    return parser


def archive_json(reading, questionnaire=None) -> dict:
    """What the command prints: as_of, facts, answers, sources, weekly."""
    from ssi_core.archive.answers import answers_from_facts

    answers = answers_from_facts(reading.facts, questionnaire)
    return {
        "as_of": reading.as_of.isoformat(),
        "facts": reading.facts,
        "answers": {qid: answer.value for qid, answer in answers.items()},
        "sources": {qid: answer.source for qid, answer in answers.items()},
        "weekly": reading.weekly_json(),
    }


def cmd_archive(args: argparse.Namespace) -> int:
    from ssi_core.archive.reader import MAX_ARCHIVE_UNPACKED_BYTES, read_archive

    as_of = None
    if args.as_of is not None:
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            raise SSIError(f"--as-of {args.as_of}: expected a day as YYYY-MM-DD.") from None
    path = Path(args.zip)
    try:
        if path.stat().st_size > MAX_ARCHIVE_UNPACKED_BYTES:
            raise SSIError(f"{args.zip}: too big for a LinkedIn data archive.")
        data = path.read_bytes()
    except OSError as error:
        raise SSIError(f"{args.zip}: cannot read the file ({error.strerror}).") from None
    reading = read_archive(data, as_of=as_of, label=path.name)
    output = archive_json(reading)
    if args.save:
        from ssi_core.store import Store

        store = Store.open(args.db)
        try:
            weeks = store.save_activity(args.profile, reading.weekly)
        finally:
            store.close()
        print(f"Stored {weeks} weeks of activity for profile {args.profile!r}.", file=sys.stderr)
    json.dump(output, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK
