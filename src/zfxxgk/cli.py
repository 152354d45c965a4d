"""The command line: ``zfxxgk parse FILE...`` and ``zfxxgk validate FILE...``.

Also ``python -m zfxxgk``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib import resources

from . import __version__
from .convert import to_dict
from .errors import ParseError
from .model import Report
from .parsing import decode, parse, parse_file
from .validation import Finding, validate, validate_series

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zfxxgk",
        description="Read 政府信息公开工作年度报告 into typed data.",
    )
    parser.add_argument("--version", action="version", version=f"zfxxgk {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parse_command = commands.add_parser(
        "parse",
        help="parse reports and print each as JSON (one object per line)",
        description="Parse each FILE and print its report as JSON, one object per line. "
        "Exit status 1 when a file cannot be parsed (its error goes to stderr).",
    )
    parse_command.add_argument("files", nargs="*", metavar="FILE", help="a .txt or .md report")
    parse_command.add_argument(
        "--sample", action="store_true", help="parse the sample report shipped with zfxxgk"
    )
    parse_command.add_argument(
        "--indent", type=int, default=None, help="indent the JSON (one report per file only)"
    )
    parse_command.add_argument(
        "--validate",
        action="store_true",
        help='add a "findings" list (zfxxgk.validate) to each JSON object',
    )
    validate_command = commands.add_parser(
        "validate",
        help="check each report's arithmetic and print one line per finding",
        description="Parse each FILE, check its tables and prose against each other and print "
        "one line per finding: file, severity, code, message, numbers, cells. Exit status 0 "
        "when no finding is an error, 1 when one is, 2 when a file cannot be parsed.",
    )
    validate_command.add_argument("files", nargs="+", metavar="FILE", help="a .txt or .md report")
    validate_command.add_argument(
        "--series",
        action="store_true",
        help="also compare the reports as successive years of one organ (validate_series)",
    )
    return parser


def _sample_text() -> str:
    return decode(resources.files(__package__).joinpath("sample.txt").read_bytes())


def _read(name: str, path: str | None) -> Report | None:
    """The report of one file (``path`` None: the sample), or None after saying why not."""
    try:
        return parse(_sample_text()) if path is None else parse_file(path)
    except ParseError as error:
        print(f"zfxxgk: {name}: {error}", file=sys.stderr)
    except OSError as error:
        print(f"zfxxgk: {name}: {error.strerror or error}", file=sys.stderr)
    return None


def _line(name: str, finding: Finding) -> str:
    numbers = ""
    if finding.expected is not None or finding.actual is not None:
        numbers = f" (expected {finding.expected}, actual {finding.actual})"
    cells = f" [{', '.join(finding.cells)}]" if finding.cells else ""
    return f"{name}: {finding.severity}: {finding.code}: {finding.message}{numbers}{cells}"


def _validate_files(files: Sequence[str], series: bool) -> int:
    status = 0
    reports: list[Report] = []
    for name in files:
        report = _read(name, name)
        if report is None:
            status = 2
            continue
        reports.append(report)
        findings = validate(report)
        for finding in findings:
            print(_line(name, finding))
        if status == 0 and any(finding.severity == "error" for finding in findings):
            status = 1
    if series:
        findings = validate_series(reports)
        for finding in findings:
            print(_line("series", finding))
        if status == 0 and any(finding.severity == "error" for finding in findings):
            status = 1
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return _validate_files(args.files, args.series)
    if not args.files and not args.sample:
        _parser().error("parse needs at least one FILE, or --sample")
    status = 0
    jobs: list[tuple[str, str | None]] = [("sample", None)] if args.sample else []
    jobs += [(name, name) for name in args.files]
    for name, path in jobs:
        report = _read(name, path)
        if report is None:
            status = 1
            continue
        data = to_dict(report)
        if args.validate:
            data["findings"] = [finding.to_dict() for finding in validate(report)]
        indent = args.indent if len(jobs) == 1 else None
        print(json.dumps(data, ensure_ascii=False, indent=indent))
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
