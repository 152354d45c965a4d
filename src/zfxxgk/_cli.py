"""The command line: ``zfxxgk parse``, ``zfxxgk validate`` and ``zfxxgk summary``.

Also ``python -m zfxxgk``. Each takes files and folders (every file of a folder is told
by its content; what is no report format is skipped), parses them on all cores with
``parse_many``, shows a progress line on a terminal and closes with a summary of what
failed, and what was skipped, and why.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from importlib import resources

from . import __version__
from ._batch import DEFAULT_TIMEOUT
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
from ._output import Lines, OutputError, Workbook, json_line
from ._parsing import parse
from ._records import (
    FINDING_FORMATS,
    FORMATS,
    FindingWriter,
    ReportWriter,
    SummaryWriter,
    format_of,
)
from ._summary import figures, format_table
from .model import Report
from .sources._files import decode
from .validation import Finding, validate, validate_series

__all__ = ["REPORT_SUFFIXES", "main", "report_files"]

_FOLDER_HELP = (
    "a report file, or a folder: every file in it and its subfolders that is HTML, PDF, "
    ".docx or text by its content, whatever its name (what is not is skipped and listed)"
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
        help="parse with N worker processes (default: one per core)",
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


def _add_output_options(
    command: argparse.ArgumentParser, what: str, formats: Sequence[str], help: str
) -> None:
    command.add_argument(
        "-o", "--output", metavar="FILE", help=f"write {what} to FILE instead of stdout"
    )
    command.add_argument(
        "--format",
        choices=formats,
        default=None,
        help=help + f". Default: by the suffix of --output, else {formats[0]}",
    )
    command.add_argument(
        "--no-bom",
        dest="bom",
        action="store_false",
        help="no byte order mark at the start of CSV (it makes Excel read UTF-8)",
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
        description="Parse each report and print it as JSON, one object per line with its "
        "source file, or write the reports to --output (JSON lines, CSV or .xlsx). Folders "
        "are searched for report files by content. A file that cannot be parsed is reported "
        "on stderr (or in --errors) and the others go on. - reads standard input. Exit "
        "status 0 when every file parsed, 1 when one failed, 2 for a usage error, 74 when "
        "the output cannot be written, 130/143 when stopped by SIGINT/SIGTERM.",
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
        'their codes in a "findings" column in CSV and .xlsx',
    )
    _add_output_options(
        parse_command,
        "the reports",
        FORMATS,
        "jsonl: one JSON object per line, with its source file; csv: one row per report, a "
        "column per table cell named by its key path (docs/schema.md); xlsx: a workbook, one "
        "sheet per table, the printed labels below the key paths (needs zfxxgk[xlsx])",
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
        description="Parse each report, check its tables and prose against each other and "
        "print one line per finding: file, severity, code, message, numbers, cells; or "
        "write the findings as JSON lines or CSV. Folders are searched for report files by "
        "content, as by parse. A file that cannot be parsed is reported on stderr (or in "
        "--errors) and the others go on. Exit status 0 when every file parsed and no "
        "finding is an error, 1 when a file failed or a finding is an error, 2 for a usage "
        "error, 74 when the output cannot be written, 130/143 when stopped by "
        "SIGINT/SIGTERM.",
    )
    validate_command.add_argument("files", nargs="+", metavar="DIR_OR_FILE", help=_FOLDER_HELP)
    validate_command.add_argument(
        "--series",
        action="store_true",
        help="also compare the reports as successive years of one organ (validate_series)",
    )
    _add_output_options(
        validate_command,
        "the findings",
        FINDING_FORMATS,
        "text: one line per finding; json: one JSON object per finding (Finding.to_dict() "
        "with its source file); csv: one row per finding",
    )
    validate_command.add_argument(
        "--errors",
        metavar="FILE",
        help="write every file that could not be parsed to FILE as JSON lines (path, "
        "error, message) instead of one stderr line each",
    )
    _add_batch_options(validate_command)
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
    _add_output_options(
        summary_command,
        "the table",
        ("table", "csv", "xlsx"),
        "table: aligned text; csv: one row per report with its source file; xlsx: a "
        "workbook (needs zfxxgk[xlsx])",
    )
    _add_batch_options(summary_command)
    return parser


# zfxxgk parse ------------------------------------------------------------------------------


def _sample_text() -> str:
    return decode(resources.files(__package__).joinpath("sample.txt").read_bytes())


def _open_outputs(
    args: argparse.Namespace, kind: str, *, errors: bool = True
) -> tuple[Lines | Workbook, Lines | None]:
    """The output (a file, a workbook, or stdout) and the errors file; ``OSError`` when
    one cannot be created (what was opened is closed again)."""
    output: Lines | Workbook
    if kind == "xlsx":
        output = Workbook(args.output)
    elif args.output is not None:
        output = Lines.open(args.output)
    else:
        output = Lines.stdout(sys.stdout)
    try:
        failed = Lines.open(args.errors) if errors and args.errors is not None else None
    except OSError:
        if isinstance(output, Lines):
            output.close()
        raise
    return output, failed


def _check_output(
    args: argparse.Namespace, parser: argparse.ArgumentParser, default: str = "jsonl"
) -> str:
    kind = format_of(args.output, args.format, default)
    if kind == "xlsx" and args.output is None:
        parser.error(".xlsx needs --output FILE (a workbook is not written to a terminal)")
    return kind


def _stdin_file(folder: str) -> str:
    """Standard input, saved to a file of a private temporary folder (``-``)."""
    path = os.path.join(folder, "stdin")
    with open(path, "wb") as file:
        file.write(sys.stdin.buffer.read())
    return path


def _parse_files(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if not args.files and not args.sample:
        parser.error("parse needs at least one FILE or folder, or --sample")
    kind = _check_output(args, parser)
    if args.indent is not None and kind != "jsonl":
        parser.error(f"--indent is for JSON, not {kind}")
    if args.files.count("-") > 1:
        parser.error("- (standard input) can be read once")
    files, skipped = expand(args.files, sys.stderr)
    if not files and not args.sample:
        parser.error("no report files to parse")
    count = len(files) + bool(args.sample)
    if args.indent is not None and count > 1:
        parser.error("--indent is for one report; several are written one per line")
    with tempfile.TemporaryDirectory(prefix="zfxxgk-") as folder:
        files, names = _with_stdin(files, folder)
        return _run_parse(args, kind, files, skipped, count, names)


def _with_stdin(files: list[str], folder: str) -> tuple[list[str], dict[str, str]]:
    """The files with ``-`` read from standard input into ``folder``; and the names to
    show for the files so made (``-``)."""
    if "-" not in files:
        return files, {}
    saved = _stdin_file(folder)
    return [saved if name == "-" else name for name in files], {saved: "-"}


def _run_parse(
    args: argparse.Namespace,
    kind: str,
    files: list[str],
    skipped: list[tuple[str, str]],
    count: int,
    names: dict[str, str],
) -> int:
    try:
        output, errors = _open_outputs(args, kind)
    except OSError as error:
        name = shown(os.fsdecode(error.filename or ""))
        print(f"zfxxgk: cannot write {name}: {message(error)}", file=sys.stderr)
        return EXIT_USAGE
    tally = Tally(len(files), sys.stderr, sys.stderr.isatty() and not args.quiet)
    for path, why in skipped:
        tally.skip(path, why)
    status = EXIT_OK

    def on_report(path: str, report: Report) -> None:
        writer.write(names.get(path, path), report)

    def on_error(path: str, error: BaseException) -> None:
        path = names.get(path, path)
        if errors is not None:
            errors.write(json_line(error_record(path, error)))
        else:
            tally.say(f"zfxxgk: {path}: {message(error)}")

    writer = ReportWriter(kind, output, validate=args.validate, indent=args.indent, bom=args.bom)
    try:
        if args.sample:
            writer.write("sample", parse(_sample_text()))
        run_batch(files, args.jobs, args.timeout, tally, on_report, on_error)
    except OutputError as error:
        # The disk is full, or the device failed: every record written is whole, the
        # file that was being written and those after it are not in the output.
        tally.stopped = str(error)
        status = EXIT_OUTPUT
    except BrokenPipeError:
        tally.reader_gone = True
        raise
    finally:
        status = _close(writer, errors, tally, status)
        if tally.reader_gone:
            tally.clear()
        elif count > 1 or args.output is not None or tally.stopped is not None:
            tally.close(args.quiet, args.errors)
        else:
            tally.clear()
    if status == EXIT_OK and tally.failed:
        status = EXIT_FAILED
    return status


def _close(writer: ReportWriter | SummaryWriter | FindingWriter, errors: Lines | None, tally: Tally,
           status: int) -> int:  # fmt: skip
    """Close the outputs (an .xlsx is saved here); a failure is an output error."""
    try:
        writer.close()
    except OutputError as error:
        tally.stopped = str(error)
        status = EXIT_OUTPUT
    finally:
        if errors is not None:
            errors.close()
    return status


# zfxxgk validate ---------------------------------------------------------------------------


def _validate_files(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    kind = format_of(args.output, args.format, "text")
    kind = {"jsonl": "json"}.get(kind, kind)
    if kind not in FINDING_FORMATS:
        parser.error(f"validate writes {', '.join(FINDING_FORMATS)}, not {kind}")
    if args.files.count("-") > 1:
        parser.error("- (standard input) can be read once")
    files, skipped = expand(args.files, sys.stderr)
    if not files:
        parser.error("no report files to validate")
    with tempfile.TemporaryDirectory(prefix="zfxxgk-") as folder:
        files, names = _with_stdin(files, folder)
        return _run_validate(args, kind, files, skipped, names)


def _run_validate(
    args: argparse.Namespace,
    kind: str,
    files: list[str],
    skipped: list[tuple[str, str]],
    names: dict[str, str],
) -> int:
    try:
        output, errors = _open_outputs(args, kind)
    except OSError as error:
        name = shown(os.fsdecode(error.filename or ""))
        print(f"zfxxgk: cannot write {name}: {message(error)}", file=sys.stderr)
        return EXIT_USAGE
    assert isinstance(output, Lines)
    tally = Tally(len(files), sys.stderr, sys.stderr.isatty() and not args.quiet)
    for path, why in skipped:
        tally.skip(path, why)
    writer = FindingWriter(kind, output, bom=args.bom)
    severities: dict[str, int] = {}
    reports: list[Report] = []

    def write(source: str, findings: Sequence[Finding]) -> None:
        if args.output is None:
            tally.clear()  # the findings go to the terminal too: not into the progress line
        for finding in findings:
            writer.write(source, finding)
            severities[finding.severity] = severities.get(finding.severity, 0) + 1

    def on_report(path: str, report: Report) -> None:
        if args.series:
            reports.append(report)
        write(names.get(path, path), validate(report))

    def on_error(path: str, error: BaseException) -> None:
        path = names.get(path, path)
        if errors is not None:
            errors.write(json_line(error_record(path, error)))
        else:
            tally.say(f"zfxxgk: {path}: {message(error)}")

    status = EXIT_OK
    try:
        run_batch(files, args.jobs, args.timeout, tally, on_report, on_error)
        if args.series:
            write("series", validate_series(reports))
    except OutputError as error:
        tally.stopped = str(error)
        status = EXIT_OUTPUT
    except BrokenPipeError:
        tally.reader_gone = True
        raise
    finally:
        status = _close(writer, errors, tally, status)
        if severities:
            counts = ", ".join(f"{severities[name]} {name}" for name in sorted(severities))
            tally.notes.append(f"findings: {counts}")
        if tally.reader_gone:
            tally.clear()
        elif len(files) > 1 or args.output is not None or tally.stopped is not None:
            tally.close(args.quiet, args.errors)
        else:
            tally.clear()
    if status == EXIT_OK and (tally.failed or severities.get("error")):
        status = EXIT_FAILED
    return status


# zfxxgk summary ----------------------------------------------------------------------------

_LEGEND = (
    "granted% = (予以公开 + 部分公开) / 办理总计; fix% = 结果纠正 / (结果维持 + 结果纠正 + "
    "其他结果); - = blank, or a share of nothing; findings = zfxxgk validate"
)


def _summary(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    kind = _check_output(args, parser, default="table")
    files, skipped = expand(args.files, sys.stderr)
    if not files:
        parser.error("no report files to summarize")
    writer: SummaryWriter | None = None
    if kind != "table":
        try:
            output, _ = _open_outputs(args, kind, errors=False)
        except OSError as error:
            name = shown(os.fsdecode(error.filename or ""))
            print(f"zfxxgk: cannot write {name}: {message(error)}", file=sys.stderr)
            return EXIT_USAGE
        writer = SummaryWriter(output, bom=args.bom)
    tally = Tally(len(files), sys.stderr, sys.stderr.isatty() and not args.quiet)
    for path, why in skipped:
        tally.skip(path, why)
    rows: list[dict[str, object]] = []

    def on_report(path: str, report: Report) -> None:
        row: dict[str, object] = {"source": path, "agency": report.agency, "year": report.year}
        row["title"] = report.title
        row.update(figures(report))
        if writer is not None:
            writer.write(row)
        else:
            rows.append(row)

    def on_error(path: str, error: BaseException) -> None:
        tally.say(f"zfxxgk: {path}: {message(error)}")

    status = EXIT_OK
    try:
        run_batch(files, args.jobs, args.timeout, tally, on_report, on_error)
    except OutputError as error:
        tally.stopped = str(error)
        status = EXIT_OUTPUT
    finally:
        if writer is not None:
            status = _close(writer, None, tally, status)
        if writer is not None or tally.stopped is not None:
            tally.close(args.quiet, None)
    if writer is None:
        tally.clear()
        _print_summary(rows)
        tally.close(args.quiet, None)
    if status == EXIT_OK and tally.failed:
        status = EXIT_FAILED
    return status


def _print_summary(rows: list[dict[str, object]]) -> None:
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
                return _validate_files(args, parser)
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
