"""Write a ``Report`` back out as report text: the inverse of ``parse``.

``render(report, layout)`` prints a complete report: the 文号 and title, the six section
headings with the prose of sections 一, 五 and 六, the three tables with the official
headers and row labels of the report's generation, and the signature (the agency on one
line, the date on the next). For every report the strategies generate,
``parse(render(report, layout)) == report``; the property tests prove it.

The layouts are the ones text extraction produces (``LAYOUTS``):

- ``"tsv"``: one table row per line, cells separated by tabs (Word and PDF text export);
- ``"cells"``: one cell per line, each behind a tab, a blank line after each row (the
  paragraph-per-cell export of Word and WPS tables);
- ``"markdown"``: ``#`` headings and pipe tables, as Word/HTML-to-Markdown converters write.

Every layout prints the same *pieces* (``pieces(report)``): lines of text with a role, and
tables of rows. ``write(pieces, layout)`` prints them, one small function per layout.
``zfxxgk.strategies`` damages the pieces the way extraction does before writing them.

A blank cell (``None``) is printed ``/``, never as an empty cell, so a row whose cells are
all blank still reads as a row. Money is printed in 万元 as a plain decimal (``26.23``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Literal, TypeAlias

import attrs
from attrs import frozen

from . import templates
from ._labels import APPEAL_COLUMNS, APPLICANT_COLUMNS, FEES_HEADING, HEADINGS, Kind
from .model import (
    AppealCounts,
    Appeals,
    ApplicantCounts,
    Generation,
    ProcessingFees,
    Report,
    Requests2019,
    Requests2021,
)
from .templates import row_spec

__all__ = [
    "BLANK",
    "LAYOUTS",
    "Layout",
    "Piece",
    "Row",
    "Table",
    "Text",
    "format_cell",
    "format_date",
    "pieces",
    "render",
    "write",
]

#: The layout names ``render`` and ``write`` accept.
Layout = Literal["tsv", "cells", "markdown"]
LAYOUTS: tuple[Layout, ...] = ("tsv", "cells", "markdown")

#: How a blank cell (``None``) is printed.
BLANK = "/"

#: What a line outside the tables is. ``"raw"`` is printed as is in every layout (a
#: page-break line, for instance); the others may be marked up by a layout.
Role = Literal["doc_number", "title", "heading", "paragraph", "organ", "date", "raw"]


@frozen
class Text:
    """One line outside the tables: its role and its words."""

    role: Role
    text: str


@frozen
class Row:
    """One table row: its label cells, then its value cells, as printed.

    ``labels`` are the cells before the first value: group labels (三、本年度办理结果),
    empty cells and the row's own label last. A header row has labels only. ``kinds`` says
    how each value is read (``"count"``, ``"signed"``, ``"money"``).
    """

    labels: tuple[str, ...]
    values: tuple[str, ...] = ()
    kinds: tuple[Kind, ...] = ()


@frozen
class Table:
    """One table (表二, 表三 or 表四): header rows, then value rows.

    A ``str`` among the rows is a line printed as is, between rows (a blank line, a
    page-break line).
    """

    name: str
    rows: tuple[Row | str, ...]


#: What ``pieces`` returns and ``write`` prints.
Piece: TypeAlias = Text | Table


def render(report: Report, layout: Layout = "tsv") -> str:
    """Print ``report`` as the text of a complete annual report, in one of ``LAYOUTS``.

    The output is deterministic and parses back to an equal report:
    ``parse(render(report, layout)) == report`` (``notes`` aside, which ``==`` ignores).
    The agency is printed in the signature, so ``parse`` reads it from there.

    >>> text = render(report, "markdown")  # doctest: +SKIP
    >>> parse(text) == report  # doctest: +SKIP
    True

    Raises ``TypeError`` for anything but a ``Report``, ``ValueError`` for an unknown layout.
    """
    if not isinstance(report, Report):
        raise TypeError(f"render() takes a zfxxgk.Report, not {type(report).__name__}")
    return write(pieces(report), layout)


def write(parts: Sequence[Piece], layout: Layout = "tsv") -> str:
    """Print pieces (from ``pieces``, possibly altered) in one of ``LAYOUTS``."""
    writer = _WRITERS.get(layout)
    if writer is None:
        raise ValueError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    return writer(parts)


# The pieces of a report -----------------------------------------------------------------


def pieces(report: Report) -> list[Piece]:
    """The report as lines of text and tables, in printed order, before any layout."""
    parts: list[Piece] = []
    if report.doc_number:
        parts.append(Text("doc_number", report.doc_number))
    if report.title:
        parts.append(Text("title", report.title))
    parts.append(Text("heading", HEADINGS["SEC1"]))
    parts += _paragraphs(report.overview)
    parts += [Text("heading", HEADINGS["SEC2"]), _proactive(report)]
    parts += [Text("heading", HEADINGS["SEC3"]), _requests(report)]
    parts += [Text("heading", HEADINGS["SEC4"]), _appeals(report.appeals)]
    # The 2025 layout puts 信息处理费 in a section of its own as 五, and moves the others on.
    later = 0
    if report.processing_fees is not None:
        parts += [Text("heading", FEES_HEADING["SEC_FEES"]), _fees(report.processing_fees)]
        later = 1
    parts.append(Text("heading", _renumbered(HEADINGS["SEC5"], later)))
    parts += _paragraphs(report.problems)
    if report.other_matters is not None:  # the 2025 layout has no such section
        parts.append(Text("heading", _renumbered(HEADINGS["SEC6"], later)))
        parts += _paragraphs(report.other_matters)
    if report.agency:
        parts.append(Text("organ", report.agency))
    if report.published_on:
        parts.append(Text("date", format_date(report.published_on)))
    return parts


_NUMERALS = "一二三四五六七八九十"


def _renumbered(heading: str, later: int) -> str:
    """A section heading moved ``later`` places on: 五、存在的主要问题… as 六、…."""
    return _NUMERALS[_NUMERALS.index(heading[0]) + later] + heading[1:]


#: The header of the 2025 layout's table of 信息处理费 (in 元, as printed).
FEES_HEADER = ("通知收取件数", "通知收取金额（元）", "实际收取金额（元）")


def _fees(fees: ProcessingFees) -> Table:
    return Table(
        "信息处理费", (Row(FEES_HEADER), Row((), _values(fees), ("count", "money", "money")))
    )


def format_date(date: datetime.date) -> str:
    """A date as a signature prints it: ``2021年1月29日``."""
    return f"{date.year}年{date.month}月{date.day}日"


def format_cell(value: int | Decimal | None) -> str:
    """One cell's text: ``BLANK`` for ``None``, money as a plain decimal (no exponent)."""
    if value is None:
        return BLANK
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _paragraphs(text: str) -> list[Piece]:
    return [Text("paragraph", line) for line in text.split("\n") if line.strip()]


def _values(record: Any) -> tuple[str, ...]:
    return tuple(format_cell(getattr(record, f.name)) for f in attrs.fields(type(record)))


def _spec_row(labels: tuple[str, ...], name: str, generation: Generation, record: object) -> Row:
    spec = row_spec(name.upper(), generation)
    assert spec is not None, name
    return Row((*labels, spec.label), _values(record), spec.kinds)


def _proactive(report: Report) -> Table:
    rows: list[Row | str] = []
    for article, headers, names in templates.get(report.generation).blocks:
        rows.append(Row((f"第二十条第（{article}）项",)))
        rows.append(Row(("信息内容", *headers)))
        for name in names:
            record = getattr(report.proactive, name)
            if record is not None:  # a row the report does not print is not written
                rows.append(_spec_row((), name, report.generation, record))
    return Table("表二", tuple(rows))


# 表三 ------------------------------------------------------------------------------------

_RESULTS = "三、本年度办理结果"
_WITHIN_RESULTS = frozenset(
    {"granted", "partially_granted", "withheld", "unavailable", "not_processed"}
    | {"other_handling", "total"}
)
#: The header rows of 表三: three label columns, then the seven applicant columns.
REQUESTS_HEADER: tuple[tuple[str, ...], ...] = (
    ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"),
    ("", "", "", APPLICANT_COLUMNS[0], "法人或其他组织", "", "", "", "", APPLICANT_COLUMNS[6]),
    ("", "", "", "", *APPLICANT_COLUMNS[1:6]),
)


def _requests(report: Report) -> Table:
    requests: Requests2019 | Requests2021 = report.requests
    generation = report.generation
    rows: list[Row | str] = [Row(header) for header in REQUESTS_HEADER]
    for field in attrs.fields(type(requests)):
        name = field.name
        value = getattr(requests, name)
        outer: tuple[str, ...] = ()
        if name in _WITHIN_RESULTS:
            outer = (_RESULTS if name == "granted" else "",)
        if value is None:  # a row the report does not print is not written
            continue
        if isinstance(value, ApplicantCounts):
            if name == "other_handling" and templates.get(generation).other_handling != "one row":
                # （六） printed as one row in a 2021 table: written as its one row.
                rows.append(Row((*outer, "（六）其他处理"), _values(value), ("count",) * 7))
                continue
            rows.append(_spec_row(outer, name, generation, value))
            continue
        printed = [sub for sub in attrs.fields(type(value)) if getattr(value, sub.name) is not None]
        for index, sub in enumerate(printed):
            spec = row_spec(sub.name.upper(), generation)
            assert spec is not None, sub.name
            group = spec.group if index == 0 else ""
            rows.append(_spec_row((*outer, group), sub.name, generation, getattr(value, sub.name)))
    return Table("表三", tuple(rows))


# 表四 ------------------------------------------------------------------------------------

_BLOCK_GAP = ("",) * 4
_COUNT: tuple[Kind, ...] = ("count",)
#: The header rows of 表四: two levels over the fifteen cells of its one value row.
APPEALS_HEADER: tuple[tuple[str, ...], ...] = (
    ("行政复议", *_BLOCK_GAP, "行政诉讼"),
    (*APPEAL_COLUMNS, "未经复议直接起诉", *_BLOCK_GAP, "复议后起诉"),
    (*("",) * 5, *APPEAL_COLUMNS, *APPEAL_COLUMNS),
)


def _appeals(appeals: Appeals) -> Table:
    blocks: list[AppealCounts] = [getattr(appeals, f.name) for f in attrs.fields(Appeals)]
    values = tuple(cell for block in blocks for cell in _values(block))
    rows: list[Row | str] = [Row(header) for header in APPEALS_HEADER]
    rows.append(Row((), values, _COUNT * len(values)))
    return Table("表四", tuple(rows))


# The layouts -----------------------------------------------------------------------------


def _tsv(parts: Sequence[Piece]) -> str:
    lines: list[str] = []
    for part in parts:
        if isinstance(part, Text):
            lines += [part.text, ""]
            continue
        for row in part.rows:
            lines.append(row if isinstance(row, str) else "\t".join(row.labels + row.values))
        lines.append("")
    return "\n".join(lines)


def _cells(parts: Sequence[Piece]) -> str:
    lines: list[str] = []
    for part in parts:
        if isinstance(part, Text):
            lines += [part.text, ""]
            continue
        for row in part.rows:
            if isinstance(row, str):
                lines += [row, ""]
            else:
                lines += ["\t" + cell for cell in row.labels + row.values]
                lines.append("")
        lines.append("")
    return "\n".join(lines)


_MARKDOWN_MARKS: dict[str, str] = {"title": "# ", "heading": "## "}


def _markdown(parts: Sequence[Piece]) -> str:
    lines: list[str] = []
    for part in parts:
        if isinstance(part, Text):
            lines += [_MARKDOWN_MARKS.get(part.role, "") + part.text, ""]
            continue
        rows = [row for row in part.rows if isinstance(row, Row)]
        label_columns = max((len(r.labels) for r in rows if r.values), default=0)
        width = max(
            max(len(r.labels) + len(r.values) for r in rows),
            max((label_columns + len(r.values) for r in rows if r.values), default=0),
        )
        ruled = False
        for row in part.rows:
            if isinstance(row, str):
                lines.append(row)
                continue
            lines.append(_pipe_row(_pad(row, label_columns, width)))
            if not ruled:
                lines.append(_pipe_row(("---",) * width))
                ruled = True
        lines.append("")
    return "\n".join(lines)


def _pad(row: Row, label_columns: int, width: int) -> tuple[str, ...]:
    """A markdown row's cells: every row as wide as its table.

    Value rows get empty cells before their own label (so their values line up), and any
    row empty cells at its end: never between a label and its values, where an empty cell
    could be taken for a blank value.
    """
    labels = row.labels
    if row.values:
        missing = ("",) * (label_columns - len(labels))
        labels = labels[:-1] + missing + labels[-1:] if labels else missing
    cells = labels + row.values
    return cells + ("",) * (width - len(cells))


def _pipe_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


_WRITERS: dict[str, Callable[[Sequence[Piece]], str]] = {
    "tsv": _tsv,
    "cells": _cells,
    "markdown": _markdown,
}
