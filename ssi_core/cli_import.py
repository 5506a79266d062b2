"""The `import`, `export` and `report` commands (their contract is in README.md, "Command line")."""

from __future__ import annotations

import argparse
import hashlib
import sys
from datetime import date
from pathlib import Path

from ssi_core.errors import SSIError

EXIT_OK = 0

# store.DEFAULT_PROFILE, repeated so that reading the arguments does not import the store.
DEFAULT_PROFILE = "default"


def _store_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        help="DuckDB file or postgresql:// URL "
        "(default: $SSI_DATABASE_URL, else $SSI_DB, else data/ssi.duckdb)",
    )
    parser.add_argument(
        "--profile", default=DEFAULT_PROFILE, help="profile name (default: default)"
    )


def add_import_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "import",
        help="import SSI history from a file (LinkedIn JSON, saved page, page text, CSV, xlsx)",
        description="Read a file, print what it holds and what would change, then store it.",
    )
    parser.add_argument("path", metavar="PATH", help="the file to import")
    _store_arguments(parser)
    parser.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the day for inputs without dates (default: today)"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the report, write nothing")
    parser.set_defaults(func=cmd_import)
    return parser


def add_export_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("export", help="export a profile's SSI history as CSV or JSON")
    _store_arguments(parser)
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--out", metavar="PATH", help="write to this file instead of stdout")
    parser.set_defaults(func=cmd_export)
    return parser


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SSIError(f"--date {value}: expected a day as YYYY-MM-DD.") from None


def cmd_import(args: argparse.Namespace) -> int:
    """Parse, report, and (unless --dry-run) store the file in one transaction."""
    from ssi_core.importers import parse_bytes
    from ssi_core.importers.messages import text
    from ssi_core.importers.report import format_report, plan_against
    from ssi_core.store import Store

    path = Path(args.path)
    default_date = _day(args.date)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SSIError(f"{args.path}: cannot read the file ({error.strerror or error}).") from None
    # Everything is checked before the store is opened: a rejected file writes nothing.
    result = parse_bytes(data, str(args.path), default_date=default_date, max_bytes=None)
    digest = hashlib.sha256(data).hexdigest()
    store = Store.open(args.db)
    try:
        plan = plan_against(result, store.snapshots(args.profile))
        print(format_report(result, plan))
        if store.import_seen(args.profile, digest):
            print(text("report.seen"))
        if args.dry_run:
            print(text("report.dry_run"))
            return EXIT_OK
        if not plan.changes_anything:
            return EXIT_OK
        counts = store.import_snapshots(
            args.profile,
            result.snapshots,
            file_name=path.name,
            sha256=digest,
            format=result.format,
            rows_read=result.rows_read,
            rows_accepted=result.rows_accepted,
            rows_skipped=result.rows_skipped,
        )
        print(text("report.written", profile=args.profile, **counts))
    finally:
        store.close()
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the profile's history to stdout or --out."""
    from ssi_core.export import to_csv, to_json
    from ssi_core.store import Store

    store = Store.open(args.db)
    try:
        if args.profile != DEFAULT_PROFILE and store.profile(args.profile) is None:
            raise SSIError(f"--profile {args.profile}: no such profile in the database.")
        snapshots = store.snapshots(args.profile)
    finally:
        store.close()
    output = to_json(snapshots) if args.format == "json" else to_csv(snapshots)
    if args.out:
        Path(args.out).write_bytes(output.encode("utf-8"))
        print(f"Wrote {len(snapshots)} days to {args.out}.", file=sys.stderr)
    else:
        sys.stdout.buffer.write(output.encode("utf-8"))
        sys.stdout.flush()
    return EXIT_OK


def add_report_parser(subparsers) -> argparse.ArgumentParser:
    from ssi_core.i18n import DEFAULT_LANGUAGE, LANGUAGES

    parser = subparsers.add_parser("report", help="write a profile's one-page report (PDF or PNG)")
    _store_arguments(parser)
    parser.add_argument("--format", choices=["pdf", "png"], required=True)
    parser.add_argument("--out", metavar="PATH", required=True, help="the file to write")
    parser.add_argument("--lang", choices=list(LANGUAGES), default=DEFAULT_LANGUAGE)
    parser.add_argument("--paper", choices=["a4", "letter"], default="a4")
    parser.set_defaults(func=cmd_report)
    return parser


def cmd_report(args: argparse.Namespace) -> int:
    """Write the profile's report to --out; a profile without data is rejected (exit 2).

    A child process reads the store and writes the page (pandas and the store's imports, most of
    the time) while this one starts the renderer's JavaScript engine, then renders the page.
    """
    from ssi_core.report_render import render_spec, spec_beside_the_engine

    spec = spec_beside_the_engine(lambda: _report_page(args))
    content = render_spec(spec, args.format, args.lang, args.paper)
    try:
        Path(args.out).write_bytes(content)
    except OSError as error:  # a folder that does not exist, no permission: the user can act
        raise SSIError(f"{args.out}: cannot write the report there ({error.strerror}).") from None
    print(f"Wrote the report of {args.profile} to {args.out}.", file=sys.stderr)
    return EXIT_OK


def _report_page(args: argparse.Namespace) -> dict:
    """The report's Vega-Lite page, read from the store."""
    from ssi_core.report import inputs_from_store, report_spec
    from ssi_core.store import Store

    store = Store.open(args.db)
    try:
        inputs = inputs_from_store(store, args.profile)
    finally:
        store.close()
    return report_spec(inputs, args.lang, args.paper)
