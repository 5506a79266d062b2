"""The command line: import, export, archive, report, questions, estimate (the contract is in
README.md)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ssi_core.errors import SSIError
from ssi_core.i18n import DEFAULT_LANGUAGE, LANGUAGES

EXIT_OK, EXIT_UNEXPECTED, EXIT_REJECTED = 0, 1, 2


def cmd_questions(args: argparse.Namespace) -> int:
    from ssi_core.questionnaire import questions_json

    json.dump(questions_json(args.lang), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def cmd_estimate(args: argparse.Namespace) -> int:
    from ssi_core.estimate import estimate

    path = Path(args.answers)
    try:
        text = sys.stdin.read() if args.answers == "-" else path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise SSIError(f"{args.answers}: cannot read the file ({error.strerror}).") from None
    try:
        answers = json.loads(text)
    except json.JSONDecodeError as error:
        raise SSIError(
            f"{args.answers}: not valid JSON (line {error.lineno}: {error.msg})."
        ) from None
    if not isinstance(answers, dict):
        raise SSIError(f'{args.answers}: expected a JSON object {{"question_id": value, ...}}.')
    json.dump(estimate(answers).to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ssi_core", description="SSI Coach: your LinkedIn SSI history and estimates."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    from ssi_core.cli_archive import add_archive_parser
    from ssi_core.cli_import import add_export_parser, add_import_parser, add_report_parser

    add_import_parser(commands)
    add_export_parser(commands)
    add_archive_parser(commands)
    add_report_parser(commands)

    questions = commands.add_parser("questions", help="print the questionnaire as JSON")
    questions.add_argument("--lang", choices=list(LANGUAGES), default=DEFAULT_LANGUAGE)
    questions.set_defaults(func=cmd_questions)

    estimate = commands.add_parser("estimate", help="estimate the SSI from a JSON file of answers")
    estimate.add_argument("answers", metavar="ANSWERS.json", help="answers file, or - for stdin")
    estimate.set_defaults(func=cmd_estimate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SSIError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        return EXIT_UNEXPECTED
    except BrokenPipeError:
        # The reader stopped early (`... | head`): not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_UNEXPECTED
    except Exception as error:  # anything unexpected: one line, exit 1
        print(f"unexpected error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
