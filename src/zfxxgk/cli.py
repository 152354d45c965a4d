"""The command line: ``zfxxgk parse``, ``zfxxgk validate`` and ``zfxxgk summary``.

Also ``python -m zfxxgk``. ``parse`` and ``summary`` take files and folders (walked for
report files), parse them on all cores with ``parse_many``, show a progress line on a
terminal and close with a summary of what failed and why.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from decimal import Decimal
from importlib import resources

from . import __version__
from ._batch_cli import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    REPORT_SUFFIXES,
    Stopped,
    Tally,
    error_record,
    expand,
    message,
    report_files,
    run_batch,
    shown,
    stopping_on_signals,
)
from ._output import Lines, OutputError, csv_line, json_line
from .batch import DEFAULT_TIMEOUT
from .cells import TABLES as CELL_TABLES
from .cells import all_keys, cells, values
from .convert import to_dict
from .errors import ParseError
from .model import Report
from .parsing import decode, parse, parse_file
from .summary import figures, format_table
from .validation import Finding, validate, validate_series

__all__ = ["REPORT_SUFFIXES", "main", "report_files"]

_FOLDER_HELP = (
    "a report file, or a folder searched (with its subfolders) for "
    + " ".join(REPORT_SUFFIXES)
    + " files"
)


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _seconds(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not {text!r}") from None
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text}")
    return number


def _add_batch_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="parse with N processes (default: one per core; 1 parses in this process)",
    )
    command.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress line, and a closing summary only when a file failed",
    )
    command.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a file that takes longer than SECONDS and report it as failed "
        f"(default: {DEFAULT_TIMEOUT:g}; a report takes well under a second)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zfxxgk",
        description="Read 政府信息公开工作年度报告 into typed data.",
    )
    parser.add_argument("--version", action="version", version=f"zfxxgk {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parse_command = commands.add_parser(
        "parse",
        help="parse reports and write each as JSON (one object per line) or a CSV row",
        description="Parse each report and print it as JSON, one object per line, or write "
        "the reports to --output. Folders are searched for report files. A file that cannot "
        "be parsed is reported on stderr (or in --errors) and the others go on. Exit status "
        "0 when every file parsed, 1 when one failed, 2 for a usage error.",
    )
    parse_command.add_argument("files", nargs="*", metavar="DIR_OR_FILE", help=_FOLDER_HELP)
    parse_command.add_argument(
        "--sample", action="store_true", help="parse the sample report shipped with zfxxgk"
    )
    parse_command.add_argument(
        "--indent", type=int, default=None, help="indent the JSON (one report only)"
    )
    parse_command.add_argument(
        "--validate",
        action="store_true",
        help='add the findings of zfxxgk.validate: a "findings" list in JSON, '
        'their codes in a "findings" column in CSV',
    )
    parse_command.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help='write the reports to FILE instead of stdout; each then carries its "source" path',
    )
    parse_command.add_argument(
        "--format",
        choices=("jsonl", "csv"),
        default="jsonl",
        help="jsonl: one JSON object per report (default); csv: one row per report, a "
        "column per table cell (the key paths of docs/schema.md, both generations)",
    )
    parse_command.add_argument(
        "--errors",
        metavar="FILE",
        help="write every failed file to FILE as JSON lines (path, error, message) "
        "instead of one stderr line each",
    )
    _add_batch_options(parse_command)
    validate_command = commands.add_parser(
        "validate",
        help="check each report's arithmetic and print one line per finding",
        description="Parse each FILE, check its tables and prose against each other and print "
        "one line per finding: file, severity, code, message, numbers, cells. Exit status 0 "
        "when no finding is an error, 1 when one is, 2 when a file cannot be parsed.",
    )
    validate_command.add_argument(
        "files", nargs="+", metavar="FILE", help="a report: .txt, .md, .html, .docx or .pdf"
    )
    validate_command.add_argument(
        "--series",
        action="store_true",
        help="also compare the reports as successive years of one organ (validate_series)",
    )
    summary_command = commands.add_parser(
        "summary",
        help="print the headline figures of each report as a table",
        description="Parse the reports and print, per agency and year, the requests received, "
        "handled, granted and withheld, the 行政复议 and 行政诉讼 cases, the share of handled "
        "requests granted in full or in part, the share of decided appeals corrected (纠正) "
        "and the number of validation findings. Exit status 0 when every file parsed, 1 when "
        "one failed, 2 for a usage error.",
    )
    summary_command.add_argument("files", nargs="+", metavar="DIR_OR_FILE", help=_FOLDER_HELP)
    _add_batch_options(summary_command)
    return parser


# zfxxgk parse ------------------------------------------------------------------------------


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
    except ImportError as error:  # the format's extra is missing; the message says which
        print(f"zfxxgk: {name}: {error}", file=sys.stderr)
    return None


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


_CSV_IDENTITY = ("source", "agency", "year", "generation", "title", "doc_number", "published_on")


class _Writer:
    """Writes reports as JSON lines or CSV rows, each record whole or not at all."""

    def __init__(self, out: Lines, args: argparse.Namespace, single: bool) -> None:
        self.out = out
        self.format: str = args.format
        self.validate: bool = args.validate
        self.source: bool = args.output is not None
        self.indent: int | None = args.indent if single else None
        if self.format == "csv":
            header = [*_CSV_IDENTITY, *all_keys()]
            out.write(csv_line([*header, "findings"] if self.validate else header))

    def write(self, source: str, report: Report) -> None:
        findings = validate(report) if self.validate else ()
        if self.format == "csv":
            self.out.write(csv_line(self._row(source, report, findings)))
            return
        data = to_dict(report)
        if self.validate:
            data["findings"] = [finding.to_dict() for finding in findings]
        if self.source:
            data["source"] = source
        self.out.write(json_line(data, self.indent))

    def _row(self, source: str, report: Report, findings: Sequence[Finding]) -> list[object]:
        cell_values: dict[str, object] = {}
        for table in CELL_TABLES:
            specs = cells(report.generation, table)
            cell_values.update(
                (cell.key, value) for cell, value in zip(specs, values(report, table), strict=True)
            )
        row: list[object] = [
            source,
            report.agency,
            report.year,
            report.generation,
            report.title,
            report.doc_number,
            report.published_on,
        ]
        row.extend(cell_values.get(key) for key in all_keys())
        if self.validate:
            row.append(" ".join(finding.code for finding in findings))
        return [_csv_value(value) for value in row]


def _open_outputs(args: argparse.Namespace) -> tuple[Lines, Lines | None]:
    """The output (a file, or stdout) and the errors file; ``OSError`` when one cannot be
    created (what was opened is closed again)."""
    output = Lines.open(args.output) if args.output is not None else Lines.stdout(sys.stdout)
    try:
        errors = Lines.open(args.errors) if args.errors is not None else None
    except OSError:
        output.close()
        raise
    return output, errors


def _parse_files(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if not args.files and not args.sample:
        parser.error("parse needs at least one FILE or folder, or --sample")
    if args.indent is not None and args.format == "csv":
        parser.error("--indent is for JSON, not --format csv")
    files, skipped = expand(args.files, sys.stderr)
    if not files and not args.sample:
        parser.error("no report files to parse")
    count = len(files) + bool(args.sample)
    try:
        output, errors = _open_outputs(args)
    except OSError as error:
        name = shown(os.fsdecode(error.filename or ""))
        print(f"zfxxgk: cannot write {name}: {message(error)}", file=sys.stderr)
        return EXIT_USAGE
    tally = Tally(len(files), sys.stderr, sys.stderr.isatty() and not args.quiet)
    for path, why in skipped:
        tally.skip(path, why)
    status = EXIT_OK

    def on_error(path: str, error: BaseException) -> None:
        if errors is not None:
            errors.write(json_line(error_record(path, error)))
        else:
            tally.say(f"zfxxgk: {path}: {message(error)}")

    try:
        writer = _Writer(output, args, single=count == 1)
        if args.sample:
            report = _read("sample", None)
            if report is None:  # pragma: no cover - the shipped sample parses
                return EXIT_FAILED
            writer.write("sample", report)
        run_batch(files, args.jobs, args.timeout, tally, writer.write, on_error)
    except OutputError as error:
        # The disk is full, or the device failed: every record written is whole, the
        # file that was being written and those after it are not in the output.
        tally.stopped = str(error)
        status = EXIT_OUTPUT
    finally:
        output.close()
        if errors is not None:
            errors.close()
        if count > 1 or args.output is not None or tally.stopped is not None:
            tally.close(args.quiet, args.errors)
        else:
            tally.clear()
    if status == EXIT_OK and tally.failed:
        status = EXIT_FAILED
    return status


# zfxxgk validate ---------------------------------------------------------------------------


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


# zfxxgk summary ----------------------------------------------------------------------------

_LEGEND = (
    "granted% = (予以公开 + 部分公开) / 办理总计; fix% = 结果纠正 / (结果维持 + 结果纠正 + "
    "其他结果); - = blank, or a share of nothing; findings = zfxxgk validate"
)


def _summary(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    files, skipped = expand(args.files, sys.stderr)
    if not files:
        parser.error("no report files to summarize")
    tally = Tally(len(files), sys.stderr, sys.stderr.isatty() and not args.quiet)
    for path, why in skipped:
        tally.skip(path, why)
    rows: list[dict[str, object]] = []

    def on_report(path: str, report: Report) -> None:
        row: dict[str, object] = {"agency": report.agency, "year": report.year}
        row["title"] = report.title
        row.update(figures(report))
        rows.append(row)

    def on_error(path: str, error: BaseException) -> None:
        tally.say(f"zfxxgk: {path}: {message(error)}")

    try:
        run_batch(files, args.jobs, args.timeout, tally, on_report, on_error)
    except Stopped:
        tally.close(args.quiet, None)
        raise
    tally.clear()
    order = sorted(
        range(len(rows)),
        key=lambda i: (
            rows[i]["agency"] is None,
            str(rows[i]["agency"] or ""),
            rows[i]["year"] is None,
            rows[i]["year"] or 0,
            i,
        ),
    )
    if rows:
        print(format_table(rows[i] for i in order))
        print(_LEGEND)
        seen: dict[tuple[object, object], int] = {}
        for row in rows:
            if row["agency"] is not None:
                pair = (row["agency"], row["year"])
                seen[pair] = seen.get(pair, 0) + 1
        repeated = sum(1 for number in seen.values() if number > 1)
        if repeated:
            print(f"note: {repeated} agency-year(s) have more than one report; each is a row")
    tally.close(args.quiet, None)
    return 1 if tally.failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    0: every file parsed; 1: a file failed; 2: a usage error; 74: the output could not be
    written (a full disk); 130 and 143: stopped by SIGINT (Ctrl-C) or SIGTERM, after
    writing out what was done and stopping the workers.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        with stopping_on_signals():
            if args.command == "validate":
                return _validate_files(args.files, args.series)
            if args.command == "summary":
                return _summary(args, parser)
            return _parse_files(args, parser)
    except Stopped as stop:
        print(f"zfxxgk: stopped by {stop}", file=sys.stderr)
        return 128 + stop.number
    except KeyboardInterrupt:  # outside the main thread, Ctrl-C stays Python's
        print("\nzfxxgk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`zfxxgk parse DIR | head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
