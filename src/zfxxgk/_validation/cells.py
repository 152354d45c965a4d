"""Cells of a report, their printed labels, and identities as sums of cells.

Shared by the rules on one report (``tables``, ``prose``) and across years (``series``):
a ``Cell`` is found by its schema key path and labelled in the report's own words; an
``Equation`` says that two sums of cells agree.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, NamedTuple

import attrs

from .. import templates
from .._labels import (
    APPEAL_COLUMNS,
    APPLICANT_COLUMNS,
    row_terminal,
)
from ..model import (
    AppealCounts,
    ApplicantCounts,
    Generation,
    Proactive2019,
    Proactive2021,
    Report,
)
from .findings import Finding, finding


class Cell(NamedTuple):
    """One printed cell: where it is, what it holds (``None`` when blank)."""

    path: str  # the schema key path, possibly prefixed with "YEAR:"
    value: int | None
    generation: Generation

    @property
    def number(self) -> int:
        return 0 if self.value is None else self.value

    @property
    def label(self) -> str:
        """The printed row and column, in the report's words."""
        return label(self.path, self.generation)


APPLICANT_FIELDS = tuple(a.name for a in attrs.fields(ApplicantCounts))
APPEAL_FIELDS = tuple(a.name for a in attrs.fields(AppealCounts))
APPLICANT_LABELS = dict(zip(APPLICANT_FIELDS, APPLICANT_COLUMNS, strict=True))
APPEAL_LABELS = dict(zip(APPEAL_FIELDS, APPEAL_COLUMNS, strict=True))


@functools.lru_cache(maxsize=4096)
def label(path: str, generation: Generation) -> str:
    """``requests.granted.natural_person`` → ``表三 三、本年度办理结果 （一）予以公开 自然人``."""
    year, _, bare = path.rpartition(":")
    parts = bare.split(".")
    if len(parts) < 3:
        return path
    table, row, column = parts[0], parts[-2], parts[-1]
    template = templates.get(generation)
    spec = template.row(row_terminal(row))
    if table == "requests":
        column_label = APPLICANT_LABELS.get(column, column)
    elif table == "appeals":
        column_label = APPEAL_LABELS.get(column, column)
    else:
        column_label = template.column(column)
    where = spec.where if spec is not None else ".".join(parts[:-1])
    text = f"{where} {column_label}"
    return f"{year}年 {text}" if year else text


def cell_at(report: Report, path: str, prefix: str = "") -> Cell:
    """The cell of ``report`` at a schema key path."""
    value: Any = report
    for key in path.split("."):
        # A row not printed (None), or 2021's （六） printed as one row: no such cell.
        value = getattr(value, key, None)
    number = value if isinstance(value, int) else None
    return Cell(prefix + path, number, report.generation)


def table_rows(table: Any, prefix: str, row_type: type) -> tuple[tuple[str, Any], ...]:
    """The ``(path, row)`` pairs of a table, in printed order, through its groups."""
    rows: list[tuple[str, Any]] = []
    for attribute in attrs.fields(type(table)):
        value = getattr(table, attribute.name)
        path = f"{prefix}.{attribute.name}"
        if isinstance(value, row_type):
            rows.append((path, value))
        elif attrs.has(type(value)):
            rows.extend(table_rows(value, path, row_type))
    return tuple(rows)


def off_by(actual: int, expected: int) -> str:
    """How far ``actual`` is from ``expected``, signed: ``+2``."""
    return f"{actual - expected:+d}"


def blanks_said(cells: Iterable[Cell]) -> tuple[str, str]:
    """The words a message adds, in Chinese and English, when a blank took part."""
    if any(cell.value is None for cell in cells):
        return "（空白按0计）", " (blanks read as 0)"
    return "", ""


# Equations: the identities of 表三 and 表四 as sums of cells ------------------------------


class Equation(NamedTuple):
    """``sum(left) == sum(right)``: ``left`` gives ``expected``, ``right`` gives ``actual``."""

    code: str
    left: tuple[Cell, ...]
    right: tuple[Cell, ...]

    @property
    def expected(self) -> int:
        return sum(cell.number for cell in self.left)

    @property
    def actual(self) -> int:
        return sum(cell.number for cell in self.right)

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.right + self.left

    @property
    def holds(self) -> bool:
        return self.expected == self.actual


def row_where(path: str, generation: Generation) -> str:
    """The printed row of a cell, without its column: ``表四 行政复议``."""
    return label(path, generation).rpartition(" ")[0]


# 表二's two forms ----------------------------------------------------------------------

#: The item rows of 表二 where it counts items (上一年项目数量, 本年增/减).
ITEM_ROWS = ("licensing", "other_services", "penalties", "coercion", "fees")
#: The document rows of 表二 (规章, 行政规范性文件).
DOCUMENT_ROWS = ("regulations", "normative_documents")


def counts_items(report: Report) -> bool:
    """表二 counts items: rows of 上一年项目数量 and 本年增/减."""
    return isinstance(report.proactive, Proactive2019)


def counts_in_force(report: Report) -> bool:
    """表二 counts documents: 本年制发, 本年废止 and 现行有效."""
    return isinstance(report.proactive, Proactive2021)


# Blank cells -------------------------------------------------------------------------------

TABLES = {"proactive": "表二", "requests": "表三", "appeals": "表四"}


def blank_findings(groups: Iterable[tuple[Cell, ...]], where: str = "") -> tuple[Finding, ...]:
    """One ``BLANK_AS_ZERO`` note per table for the blanks summed next to printed numbers."""
    blanks: dict[str, dict[str, Cell]] = {}
    for group in groups:
        if all(cell.value is None for cell in group):
            continue
        for cell in group:
            if cell.value is None:
                table = cell.path.rpartition(":")[2].partition(".")[0]
                blanks.setdefault(TABLES.get(table, table), {})[cell.path] = cell
    findings: list[Finding] = []
    for table, cells in blanks.items():
        labels = [cell.label for cell in cells.values()]
        shown = "、".join(labels[:3]) + (f"等{len(labels)}格" if len(labels) > 3 else "")
        findings.append(
            finding(
                "BLANK_AS_ZERO",
                cells,
                None,
                None,
                f"{where}空白格求和时按0计：{shown} / {len(labels)} blank cell(s) of "
                f"{table} were read as 0 in sums",
            )
        )
    return tuple(findings)
