"""The command line: ``zfxxgk parse``, ``zfxxgk validate`` and ``zfxxgk summary``.

Also ``python -m zfxxgk``. ``parse`` and ``summary`` take files and folders (walked for
report files), parse them on all cores with ``parse_many``, show a progress line on a
terminal and close with a summary of what failed and why.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import IO, Any

from . import __version__
from .batch import parse_many
from .cells import TABLES as CELL_TABLES
from .cells import all_keys, cells, values
from .convert import to_dict
from .errors import ParseError
from .model import Report
from .parsing import TEXT_SUFFIXES, decode, parse, parse_file
from .summary import figures, format_table
from .validation import Finding, validate, validate_series

__all__ = ["REPORT_SUFFIXES", "main", "report_files"]

#: The suffixes a folder is searched for: text, and the formats ``parse_file`` converts.
REPORT_SUFFIXES = (*TEXT_SUFFIXES, ".html", ".htm", ".docx", ".pdf")

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


# Finding the files ------------------------------------------------------------------------


def _skipped(name: str) -> bool:
    # Hidden files and folders, and the lock files Word and WPS leave beside open documents.
    return name.startswith((".", "~$"))


def report_files(folder: str | os.PathLike[str]) -> Iterator[str]:
    """The report files in a folder and its subfolders, by ``REPORT_SUFFIXES``, sorted.

    Hidden files and folders (``.git``) and Office lock files (``~$report.docx``) are left
    out.
    """
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not _skipped(name))
        for name in sorted(names):
            if not _skipped(name) and Path(name).suffix.lower() in REPORT_SUFFIXES:
                yield os.path.join(root, name)


def _expand(inputs: Sequence[str]) -> list[str]:
    """Files as given, folders replaced by their report files; says when a folder has none."""
    files: list[str] = []
    for name in inputs:
        if os.path.isdir(name):
            found = list(report_files(name))
            if not found:
                print(
                    f"zfxxgk: {name}: no report files ({' '.join(REPORT_SUFFIXES)}) in this folder",
                    file=sys.stderr,
                )
            files.extend(found)
        else:
            files.append(name)
    return files


# Progress and the closing summary ----------------------------------------------------------


def _message(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


class _Tally:
    """What a batch did: files parsed and failed, failures grouped by reason."""

    #: File names shown per reason in the closing summary.
    SHOWN = 3

    def __init__(self, total: int, stream: IO[str], progress: bool) -> None:
        self.total = total
        self.parsed = 0
        self.failed = 0
        self.started = time.monotonic()
        self.reasons: dict[str, list[str]] = {}
        self.counts: dict[str, int] = {}
        self.stream = stream
        self.progress = progress
        self._drawn = 0.0
        self._line = False

    @property
    def done(self) -> int:
        return self.parsed + self.failed

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def ok(self) -> None:
        self.parsed += 1
        self.draw()

    def fail(self, path: str, error: BaseException) -> None:
        self.failed += 1
        reason = _reason(path, error)
        self.counts[reason] = self.counts.get(reason, 0) + 1
        names = self.reasons.setdefault(reason, [])
        if len(names) < self.SHOWN:
            names.append(path)
        self.draw()

    def say(self, line: str) -> None:
        """Print a line on the stream, above the progress line."""
        self.clear()
        print(line, file=self.stream)

    def draw(self, force: bool = False) -> None:
        if not self.progress:
            return
        now = time.monotonic()
        if not force and now - self._drawn < 0.1 and self.done < self.total:
            return
        self._drawn = now
        rate = self.rate()
        eta = ""
        if rate > 0 and self.done < self.total:
            eta = f" · {(self.total - self.done) / rate:.0f}s left"
        self.stream.write(
            f"\r\033[K{self.done}/{self.total} files · {rate:.1f} files/s · "
            f"{self.failed} failed{eta}"
        )
        self.stream.flush()
        self._line = True

    def clear(self) -> None:
        if self._line:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._line = False

    def close(self, quiet: bool, errors_file: str | None) -> None:
        """The closing summary: counts, then each reason with a few of its files."""
        self.clear()
        if quiet and not self.failed:
            return
        elapsed = time.monotonic() - self.started
        print(
            f"zfxxgk: {self.parsed} parsed, {self.failed} failed, {self.done} files in "
            f"{elapsed:.1f} s ({self.rate():.1f} files/s)",
            file=self.stream,
        )
        ranked = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        for reason, count in ranked:
            print(f"  {count} × {_clip(reason, 160)}", file=self.stream)
            names = self.reasons[reason]
            more = f", and {count - len(names)} more" if count > len(names) else ""
            print(f"      {', '.join(names)}{more}", file=self.stream)
        if self.failed:
            where = errors_file if errors_file is not None else "stderr above"
            print(f"  every failed file with its error: {where}", file=self.stream)


_SMALL_NUMBER = re.compile(r"(?<![\d.])\d{1,3}(?![\d.])")


def _reason(path: str, error: BaseException) -> str:
    """A failure's reason for grouping: its type and message, without file names or counts.

    ``expected 7 numbers, found 6`` and ``found 5`` are one reason; a message naming its
    file (``a.txt holds binary data``) is the same reason for every file.
    """
    text = error.reason if isinstance(error, ParseError) else _message(error)
    for name in sorted({path, os.path.basename(path)}, key=len, reverse=True):
        if name:
            text = text.replace(name, "FILE")
    return f"{type(error).__name__}: {_SMALL_NUMBER.sub('N', text)}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error_record(path: str, error: BaseException) -> dict[str, Any]:
    record: dict[str, Any] = {
        "path": path,
        "error": type(error).__name__,
        "message": _message(error),
    }
    if isinstance(error, ParseError):
        record.update(line=error.line, column=error.column, where=error.where)
        record["reason"] = error.reason
    return record


def _batch(
    files: Sequence[str],
    jobs: int | None,
    tally: _Tally,
    on_report: Callable[[str, Report], None],
    on_error: Callable[[str, BaseException], None],
) -> None:
    """Parse ``files`` with ``parse_many`` and hand each result on, in input order."""
    if not files:
        return
    workers = min(jobs or os.cpu_count() or 1, len(files))
    tally.draw(force=True)
    for path, result in zip(files, parse_many(files, workers=workers), strict=True):
        if isinstance(result, Report):
            on_report(path, result)
            tally.ok()
        else:
            on_error(path, result)
            tally.fail(path, result)


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
    """Writes reports as JSON lines or CSV rows to a stream."""

    def __init__(self, stream: IO[str], args: argparse.Namespace, single: bool) -> None:
        self.stream = stream
        self.format: str = args.format
        self.validate: bool = args.validate
        self.source: bool = args.output is not None
        self.indent: int | None = args.indent if single else None
        self.csv: Any = None
        if self.format == "csv":
            self.csv = csv.writer(stream, lineterminator="\n")
            header = [*_CSV_IDENTITY, *all_keys()]
            self.csv.writerow([*header, "findings"] if self.validate else header)

    def write(self, source: str, report: Report) -> None:
        findings = validate(report) if self.validate else ()
        if self.csv is not None:
            self._row(source, report, findings)
            return
        data = to_dict(report)
        if self.validate:
            data["findings"] = [finding.to_dict() for finding in findings]
        if self.source:
            data["source"] = source
        self.stream.write(json.dumps(data, ensure_ascii=False, indent=self.indent) + "\n")

    def _row(self, source: str, report: Report, findings: Sequence[Finding]) -> None:
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
        self.csv.writerow([_csv_value(value) for value in row])


def _open(path: str) -> IO[str]:
    return open(path, "w", encoding="utf-8", newline="")  # closed by the caller


def _parse_files(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if not args.files and not args.sample:
        parser.error("parse needs at least one FILE or folder, or --sample")
    if args.indent is not None and args.format == "csv":
        parser.error("--indent is for JSON, not --format csv")
    files = _expand(args.files)
    if not files and not args.sample:
        parser.error("no report files to parse")
    count = len(files) + bool(args.sample)
    streams: list[IO[str]] = []
    try:
        output = _open(args.output) if args.output is not None else sys.stdout
        if args.output is not None:
            streams.append(output)
        errors = _open(args.errors) if args.errors is not None else None
        if errors is not None:
            streams.append(errors)
    except OSError as error:
        for stream in streams:
            stream.close()
        print(f"zfxxgk: cannot write {error.filename}: {_message(error)}", file=sys.stderr)
        return 2
    progress = sys.stderr.isatty() and not args.quiet
    tally = _Tally(len(files), sys.stderr, progress)
    writer = _Writer(output, args, single=count == 1)

    def on_error(path: str, error: BaseException) -> None:
        if errors is not None:
            errors.write(json.dumps(_error_record(path, error), ensure_ascii=False) + "\n")
        else:
            tally.say(f"zfxxgk: {path}: {_message(error)}")

    try:
        if args.sample:
            report = _read("sample", None)
            if report is None:  # pragma: no cover - the shipped sample parses
                return 1
            writer.write("sample", report)
        _batch(files, args.jobs, tally, writer.write, on_error)
    finally:
        for stream in streams:
            stream.close()
    if count > 1 or args.output is not None:
        tally.close(args.quiet, args.errors)
    else:
        tally.clear()
    return 1 if tally.failed else 0


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
    files = _expand(args.files)
    if not files:
        parser.error("no report files to summarize")
    tally = _Tally(len(files), sys.stderr, sys.stderr.isatty() and not args.quiet)
    rows: list[dict[str, object]] = []

    def on_report(path: str, report: Report) -> None:
        row: dict[str, object] = {"agency": report.agency, "year": report.year}
        row["title"] = report.title
        row.update(figures(report))
        rows.append(row)

    def on_error(path: str, error: BaseException) -> None:
        tally.say(f"zfxxgk: {path}: {_message(error)}")

    _batch(files, args.jobs, tally, on_report, on_error)
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
    """Run the command line; returns the exit status (0 ok, 1 a file failed, 2 usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate_files(args.files, args.series)
    try:
        if args.command == "summary":
            return _summary(args, parser)
        return _parse_files(args, parser)
    except BrokenPipeError:
        # The reader went away (`zfxxgk parse DIR | head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("\nzfxxgk: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
