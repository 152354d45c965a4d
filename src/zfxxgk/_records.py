"""The records ``zfxxgk parse``, ``validate`` and ``summary`` write: JSON lines, CSV rows,
.xlsx sheets, and for ``validate`` lines of text.

One record shape whatever the destination: every record carries ``source``, the file it
came from. JSON lines hold ``to_dict``'s keys beside it (``from_dict`` reads them back);
a CSV row holds the identity and one column per table cell, named by its key path (both
generations: a cell the report's generation lacks is empty); an .xlsx workbook holds a
sheet of identities and one sheet per table, each headed by the key paths and, below
them, the labels the report prints.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal

from ._batch_cli import shown
from ._cells import PRINTED, TABLES, Table, all_keys, cells, keys, printed
from ._convert import to_dict
from ._output import Lines, Workbook, csv_line, json_line
from ._summary import COLUMNS
from .model import GENERATIONS, Report
from .validation import Finding, validate

__all__ = [
    "FINDING_FORMATS",
    "FORMATS",
    "FindingWriter",
    "ReportWriter",
    "SummaryWriter",
    "finding_line",
    "format_of",
]

#: The output formats, and the suffixes that choose them.
FORMATS = ("jsonl", "csv", "xlsx")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
             ".xlsx": "xlsx"}  # fmt: skip

#: The identity of a report, and what each is called in Chinese.
IDENTITY = {
    "source": "来源文件",
    "agency": "机关",
    "year": "年度",
    "generation": "模板",
    "title": "标题",
    "doc_number": "文号",
    "published_on": "发布日期",
}
_FINDINGS = ("findings", "校验发现")


def format_of(output: str | None, chosen: str | None, default: str = "jsonl") -> str:
    """The format: ``--format`` when given, else the output's suffix, else ``default``."""
    if chosen is not None:
        return chosen
    if output is not None:
        suffix = output[output.rfind(".") :].lower() if "." in output else ""
        return _SUFFIXES.get(suffix, default)
    return default


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


@functools.cache
def _labels(table: Table) -> dict[str, str]:
    """Each cell key of a table, both generations, with its printed row and column."""
    labels: dict[str, str] = {}
    for generation in GENERATIONS:
        for cell in cells(generation, table):
            row = " ".join(part for part in (cell.group, cell.row) if part)
            labels.setdefault(cell.key, f"{PRINTED[table]} {row} · {cell.column}")
    return labels


def _cells(report: Report) -> dict[str, object]:
    found: dict[str, object] = {}
    for table in TABLES:
        found.update((cell.key, value) for cell, value in printed(report, table))
    return found


def _identity(source: str, report: Report) -> list[object]:
    return [
        source,
        report.agency,
        report.year,
        report.generation,
        report.title,
        report.doc_number,
        report.published_on,
    ]


class ReportWriter:
    """Writes each report as a JSON line, a CSV row, or rows of an .xlsx workbook."""

    def __init__(
        self,
        kind: str,
        out: Lines | Workbook,
        *,
        validate: bool = False,
        indent: int | None = None,
        bom: bool = True,
    ) -> None:
        self.kind = kind
        self.out = out
        self.validate = validate
        self.indent = indent
        header = [*IDENTITY, *all_keys()]
        if validate:
            header.append(_FINDINGS[0])
        if isinstance(out, Workbook):
            extra = [_FINDINGS] if validate else []
            names = [*IDENTITY, *(key for key, _ in extra)]
            out.sheet("reports", names, [*IDENTITY.values(), *(label for _, label in extra)])
            for table in TABLES:
                labels = _labels(table)
                table_keys = keys(GENERATIONS, (table,))
                out.sheet(
                    f"{PRINTED[table]} {table}",
                    ["source", *table_keys],
                    [IDENTITY["source"], *(labels[key] for key in table_keys)],
                )
        elif kind == "csv":
            out.write(("\ufeff" if bom else "") + csv_line(header))

    def write(self, source: str, report: Report) -> None:
        findings = validate(report) if self.validate else ()
        if isinstance(self.out, Workbook):
            self._sheets(self.out, source, report, findings)
        elif self.kind == "csv":
            found = _cells(report)
            row = [*_identity(source, report), *(found.get(key) for key in all_keys())]
            if self.validate:
                row.append(" ".join(finding.code for finding in findings))
            self.out.write(csv_line([_cell(value) for value in row]))
        else:
            data = {"source": source, **to_dict(report)}
            if self.validate:
                data["findings"] = [finding.to_dict() for finding in findings]
            self.out.write(json_line(data, self.indent))

    def _sheets(
        self, book: Workbook, source: str, report: Report, findings: Sequence[Finding]
    ) -> None:
        row = _identity(source, report)
        if self.validate:
            row.append(" ".join(finding.code for finding in findings))
        book.append("reports", row)
        found = _cells(report)
        for table in TABLES:
            table_keys = keys(GENERATIONS, (table,))
            book.append(f"{PRINTED[table]} {table}", [source, *(found.get(k) for k in table_keys)])

    def close(self) -> None:
        if isinstance(self.out, Workbook):
            self.out.save()
        else:
            self.out.close()


#: The columns of ``zfxxgk summary``, and their Chinese labels.
SUMMARY_LABELS = {
    "source": "来源文件",
    "agency": "机关",
    "year": "年度",
    "title": "标题",
    "received": "本年新收",
    "handled": "办理总计",
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "withheld": "不予公开",
    "review": "行政复议",
    "litigation": "行政诉讼",
    "granted_share": "公开比例",
    "review_corrected_share": "复议纠正率",
    "litigation_corrected_share": "诉讼纠正率",
    "findings": "校验发现",
    "errors": "校验错误",
}


class SummaryWriter:
    """Writes the rows of ``zfxxgk summary`` as CSV or one .xlsx sheet."""

    def __init__(self, out: Lines | Workbook, *, bom: bool = True) -> None:
        self.out = out
        self.columns = ["source", "agency", "year", "title", *COLUMNS]
        labels = [SUMMARY_LABELS.get(column, column) for column in self.columns]
        if isinstance(out, Workbook):
            out.sheet("summary", self.columns, labels)
        else:
            out.write(("\ufeff" if bom else "") + csv_line(self.columns))

    def write(self, row: dict[str, object]) -> None:
        values = [row.get(column) for column in self.columns]
        if isinstance(self.out, Workbook):
            self.out.append("summary", values)
        else:
            self.out.write(csv_line([_cell(value) for value in values]))

    def close(self) -> None:
        if isinstance(self.out, Workbook):
            self.out.save()
        else:
            self.out.close()


#: The output formats of ``zfxxgk validate``.
FINDING_FORMATS = ("text", "json", "csv")

#: The columns of ``zfxxgk validate --format csv``: the finding's file, then its fields.
FINDING_COLUMNS = ("source", "severity", "code", "message", "expected", "actual", "cells",
                   "quote")  # fmt: skip


def finding_line(source: str, finding: Finding) -> str:
    """A finding as one line of text: file, severity, code, message, numbers, cells."""
    numbers = ""
    if finding.expected is not None or finding.actual is not None:
        numbers = f" (expected {finding.expected}, actual {finding.actual})"
    cells = f" [{', '.join(finding.cells)}]" if finding.cells else ""
    return f"{source}: {finding.severity}: {finding.code}: {finding.message}{numbers}{cells}"


class FindingWriter:
    """Writes each finding of ``zfxxgk validate`` as a line of text, JSON, or a CSV row.

    A JSON line is ``Finding.to_dict()`` with ``source`` first; a CSV row has the cells
    space-separated and the quoted sentence's text.
    """

    def __init__(self, kind: str, out: Lines, *, bom: bool = True) -> None:
        self.kind = kind
        self.out = out
        if kind == "csv":
            out.write(("\ufeff" if bom else "") + csv_line(FINDING_COLUMNS))

    def write(self, source: str, finding: Finding) -> None:
        if self.kind == "json":
            self.out.write(json_line({"source": source, **finding.to_dict()}))
        elif self.kind == "csv":
            quote = finding.quote.text if finding.quote is not None else None
            row = [source, finding.severity, finding.code, finding.message, finding.expected,
                   finding.actual, " ".join(finding.cells), quote]  # fmt: skip
            self.out.write(csv_line([_cell(value) for value in row]))
        else:
            self.out.write(shown(finding_line(source, finding)) + "\n")

    def close(self) -> None:
        self.out.close()
