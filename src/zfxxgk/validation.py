"""Validation: a report's own arithmetic, checked by small pure rules that name the cells.

``validate(report)`` runs every rule on one report; ``validate_series(reports)`` checks the
years of one organ against each other. Both return a tuple of ``Finding`` and never raise on
a well-formed ``Report``: a report that breaks its identities still parses, and the finding
says which cells disagree and by how much.

A finding's ``cells`` are the key paths of ``docs/schema.md``
(``requests.total.natural_person``); in ``validate_series`` they are prefixed with the year
of the report they belong to (``2020:requests.carried_forward.total``). A blank cell
(``None``) counts as 0 in every sum, and a note-level ``BLANK_AS_ZERO`` finding says so
wherever a blank took part in a check next to printed numbers.

The codes, their severities and what they check are listed in ``CODES`` and in
``docs/validation.md``; a code never changes meaning once released.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, NamedTuple

import attrs
from attrs import frozen

from . import templates
from .labels import (
    APPEAL_COLUMNS,
    APPLICANT_COLUMNS,
    row_terminal,
)
from .model import (
    AppealCounts,
    ApplicantCounts,
    Generation,
    Proactive2019,
    Proactive2021,
    Report,
)
from .templates import row_spec

__all__ = [
    "CODES",
    "SEVERITIES",
    "Finding",
    "Quote",
    "Severity",
    "validate",
    "validate_series",
]

#: How bad a finding is:
#:
#: - ``"error"``: the printed numbers contradict each other (an identity of the template
#:   fails, a count is negative); at least one of the cells named is wrong.
#: - ``"warning"``: the report is probably wrong or incomplete, but the numbers need not
#:   be (the wrong template for the year, prose that disagrees with a table, a missing
#:   statement on 信息处理费, a gap in a series).
#: - ``"note"``: how a check was made or a hint, not a problem in itself (blank cells read
#:   as 0, the one cell that would explain several failed sums).
Severity = Literal["error", "warning", "note"]

#: The severities, most serious first.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "note")

#: Every finding code: its severity and what it checks, in English. The same list, with
#: examples, is ``docs/validation.md``.
CODES: dict[str, tuple[Severity, str]] = {
    "T3_BALANCE": (
        "error",
        "表三, each column: 一 + 二 (new_received + carried_over) equals "
        "（七）总计 + 四 (total + carried_forward)",
    ),
    "T3_RESULTS_TOTAL": (
        "error",
        "表三, each column: （七）总计 equals the sum of every result row and sub-row above it",
    ),
    "T3_ROW_TOTAL": ("error", "表三, each row: 总计 equals the sum of the six applicant columns"),
    "T3_SUSPECT_CELL": (
        "note",
        "表三: one cell alone, changed by one amount, would make every failed 表三 identity hold",
    ),
    "T4_BLOCK_TOTAL": (
        "error",
        "表四, each block: 总计 equals 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    ),
    "NEGATIVE_COUNT": (
        "error",
        "表二, 表三, 表四: no count is negative (本年增/减 is signed and exempt)",
    ),
    "T2_ITEMS_NEGATIVE": (
        "error",
        "表二 (2019): 上一年项目数量 + 本年增/减 is not negative",
    ),
    "T2_IN_FORCE_BELOW_NET": (
        "warning",
        "表二 (2021): 现行有效件数 is at least 本年制发件数 − 本年废止件数",
    ),
    "T2_TOTAL_BELOW_NEW": (
        "warning",
        "表二 (2019): 对外公开总数量 is at least 本年新公开数量",
    ),
    "YEAR_GENERATION": (
        "warning",
        'the template fits the year: "2019" tables up to 2020, "2021" tables from 2021',
    ),
    "YEAR_UNKNOWN": ("note", "the report states no year, so the template was not checked"),
    "BLANK_AS_ZERO": (
        "note",
        "blank cells took part in a check next to printed numbers and were read as 0",
    ),
    "TEXT_NEW_RECEIVED": (
        "warning",
        "a sentence stating the requests received (本年新收政府信息公开申请N件) "
        "agrees with 表三 一、本年新收 总计",
    ),
    "TEXT_NO_REQUESTS": (
        "warning",
        "a sentence saying there were no requests (无依申请公开) while 表三 counts new ones",
    ),
    "TEXT_GRANTED": (
        "warning",
        "a sentence stating 予以公开N件 agrees with 表三 （一）予以公开 总计",
    ),
    "TEXT_REVIEW": (
        "warning",
        "a sentence stating 行政复议N件 (or none) agrees with 表四 行政复议 总计",
    ),
    "TEXT_LITIGATION": (
        "warning",
        "a sentence stating 行政诉讼N件 (or none) agrees with the two 表四 行政诉讼 总计",
    ),
    "TEXT_APPEALS": (
        "warning",
        "a sentence about 行政复议和行政诉讼 together (N件, or none) agrees with 表四",
    ),
    "FEE_NOT_STATED": (
        "warning",
        '"2021" template: the report says nothing about 信息处理费 (charged or not)',
    ),
    "FEE_OUTSIDE_SECTION6": (
        "note",
        '"2021" template: 信息处理费 is stated, but outside section 六 where it belongs',
    ),
    "SERIES_CARRIED": (
        "error",
        "series, 表三 each column: 四、结转下年度 of year N equals 二、上年结转 of year N+1",
    ),
    "SERIES_IN_FORCE": (
        "error",
        "series, 表二 (2021) 规章 and 行政规范性文件: 现行有效件数(N) equals "
        "现行有效件数(N−1) + 本年制发件数(N) − 本年废止件数(N)",
    ),
    "SERIES_ITEMS": (
        "error",
        "series, 表二 (2019) item rows: 上一年项目数量(N+1) equals "
        "上一年项目数量(N) + 本年增/减(N)",
    ),
    "SERIES_DUPLICATE_YEAR": ("error", "series: one year appears in more than one report"),
    "SERIES_MISSING_YEAR": (
        "warning",
        "series: a year is missing between two reports, so they were not compared",
    ),
    "SERIES_YEAR_UNKNOWN": (
        "warning",
        "series: a report states no year and was left out of the comparisons",
    ),
    "SERIES_MIXED_AGENCY": (
        "warning",
        "series: the reports name different organs (mixed up, or renamed, or abbreviated)",
    ),
    "SERIES_AGENCY_UNKNOWN": (
        "note",
        "series: some reports name no organ, so they could not be matched to the others",
    ),
}


@frozen
class Quote:
    """A sentence of the report's prose that a finding is about.

    ``field`` is the schema key of the prose (``"overview"``, ``"problems"``,
    ``"other_matters"``); ``start`` and ``end`` are character offsets of the sentence in
    that field's text, so ``getattr(report, field)[start:end] == text``.
    """

    field: str
    start: int
    end: int
    text: str


@frozen
class Finding:
    """One thing ``validate`` or ``validate_series`` found in a report.

    - ``code``: a stable uppercase id (``T3_BALANCE``), listed in ``CODES`` and
      ``docs/validation.md``;
    - ``severity``: ``"error"``, ``"warning"`` or ``"note"`` (see ``Severity``);
    - ``cells``: the schema key paths involved (``requests.total.natural_person``), in
      series prefixed by the year (``2021:requests.carried_over.total``);
    - ``expected``: what the check calls for (a number, a bound such as ``">= 0"``, a
      generation), ``None`` when nothing is expected;
    - ``actual``: what the report prints (blank cells read as 0 in sums);
    - ``message``: one line for a person, in Chinese with the report's own labels, then
      `` / `` and the same in English;
    - ``quote``: the sentence of the prose the finding is about, for the text rules.
    """

    code: str
    severity: Severity
    cells: tuple[str, ...]
    expected: int | str | None
    actual: int | str | None
    message: str
    quote: Quote | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain JSON-ready data (``cells`` as a list, ``quote`` a dict)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "cells": list(self.cells),
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
            "quote": attrs.asdict(self.quote) if self.quote is not None else None,
        }


def _finding(
    code: str,
    cells: Iterable[str],
    expected: int | str | None,
    actual: int | str | None,
    message: str,
    quote: Quote | None = None,
) -> Finding:
    return Finding(code, CODES[code][0], tuple(cells), expected, actual, message, quote)


# Cells and their labels ----------------------------------------------------------------


class _Cell(NamedTuple):
    path: str  # the schema key path, possibly prefixed with "YEAR:"
    value: int | None
    generation: Generation

    @property
    def number(self) -> int:
        return 0 if self.value is None else self.value

    @property
    def label(self) -> str:
        """The printed row and column, in the report's words."""
        return _label(self.path, self.generation)


_APPLICANT_FIELDS = tuple(a.name for a in attrs.fields(ApplicantCounts))
_APPEAL_FIELDS = tuple(a.name for a in attrs.fields(AppealCounts))
_APPLICANT_LABELS = dict(zip(_APPLICANT_FIELDS, APPLICANT_COLUMNS, strict=True))
_APPEAL_LABELS = dict(zip(_APPEAL_FIELDS, APPEAL_COLUMNS, strict=True))


@functools.lru_cache(maxsize=4096)
def _label(path: str, generation: Generation) -> str:
    """``requests.granted.natural_person`` → ``表三 三、本年度办理结果 （一）予以公开 自然人``."""
    year, _, bare = path.rpartition(":")
    parts = bare.split(".")
    if len(parts) < 3:
        return path
    table, row, column = parts[0], parts[-2], parts[-1]
    spec = row_spec(row_terminal(row), generation)
    if table == "requests":
        column_label = _APPLICANT_LABELS.get(column, column)
    elif table == "appeals":
        column_label = _APPEAL_LABELS.get(column, column)
    else:
        column_label = templates.get(generation).column(column)
    where = spec.where if spec is not None else ".".join(parts[:-1])
    text = f"{where} {column_label}"
    return f"{year}年 {text}" if year else text


def _cell(report: Report, path: str, prefix: str = "") -> _Cell:
    """The cell of ``report`` at a schema key path."""
    value: Any = report
    for key in path.split("."):
        # A row not printed (None), or 2021's （六） printed as one row: no such cell.
        value = getattr(value, key, None)
    number = value if isinstance(value, int) else None
    return _Cell(prefix + path, number, report.generation)


def _rows(table: Any, prefix: str, row_type: type) -> tuple[tuple[str, Any], ...]:
    """The ``(path, row)`` pairs of a table, in printed order, through its groups."""
    rows: list[tuple[str, Any]] = []
    for attribute in attrs.fields(type(table)):
        value = getattr(table, attribute.name)
        path = f"{prefix}.{attribute.name}"
        if isinstance(value, row_type):
            rows.append((path, value))
        elif attrs.has(type(value)):
            rows.extend(_rows(value, path, row_type))
    return tuple(rows)


def _requests_rows(report: Report) -> tuple[str, ...]:
    return tuple(path for path, _ in _rows(report.requests, "requests", ApplicantCounts))


_NOT_RESULTS = frozenset(
    ("requests.new_received", "requests.carried_over", "requests.total", "requests.carried_forward")
)


def _result_rows(report: Report) -> tuple[str, ...]:
    """The rows of 表三 三、本年度办理结果 above （七）总计, in printed order."""
    return tuple(path for path in _requests_rows(report) if path not in _NOT_RESULTS)


def _off(actual: int, expected: int) -> str:
    return f"{actual - expected:+d}"


def _blanks_said(cells: Iterable[_Cell]) -> tuple[str, str]:
    if any(cell.value is None for cell in cells):
        return "（空白按0计）", " (blanks read as 0)"
    return "", ""


# Equations: the identities of 表三 and 表四 as sums of cells ------------------------------


class _Equation(NamedTuple):
    """``sum(left) == sum(right)``: ``left`` gives ``expected``, ``right`` gives ``actual``."""

    code: str
    left: tuple[_Cell, ...]
    right: tuple[_Cell, ...]

    @property
    def expected(self) -> int:
        return sum(cell.number for cell in self.left)

    @property
    def actual(self) -> int:
        return sum(cell.number for cell in self.right)

    @property
    def cells(self) -> tuple[_Cell, ...]:
        return self.right + self.left

    @property
    def holds(self) -> bool:
        return self.expected == self.actual


def _row_totals(report: Report) -> tuple[_Equation, ...]:
    """表三, each row: the six applicant columns give the row's 总计."""
    return tuple(
        _Equation(
            "T3_ROW_TOTAL",
            tuple(_cell(report, f"{row}.{column}") for column in _APPLICANT_FIELDS[:-1]),
            (_cell(report, f"{row}.total"),),
        )
        for row in _requests_rows(report)
    )


def _results_totals(report: Report) -> tuple[_Equation, ...]:
    """表三, each column: the result rows give （七）总计."""
    results = _result_rows(report)
    return tuple(
        _Equation(
            "T3_RESULTS_TOTAL",
            tuple(_cell(report, f"{row}.{column}") for row in results),
            (_cell(report, f"requests.total.{column}"),),
        )
        for column in _APPLICANT_FIELDS
    )


def _balances(report: Report) -> tuple[_Equation, ...]:
    """表三, each column: 一 + 二 == 三（七）总计 + 四."""
    return tuple(
        _Equation(
            "T3_BALANCE",
            (
                _cell(report, f"requests.new_received.{column}"),
                _cell(report, f"requests.carried_over.{column}"),
            ),
            (
                _cell(report, f"requests.total.{column}"),
                _cell(report, f"requests.carried_forward.{column}"),
            ),
        )
        for column in _APPLICANT_FIELDS
    )


def _block_totals(report: Report) -> tuple[_Equation, ...]:
    """表四, each block: the four results give 总计."""
    return tuple(
        _Equation(
            "T4_BLOCK_TOTAL",
            tuple(_cell(report, f"{block}.{column}") for column in _APPEAL_FIELDS[:-1]),
            (_cell(report, f"{block}.total"),),
        )
        for block, _ in _rows(report.appeals, "appeals", AppealCounts)
    )


def _column_label(path: str) -> str:
    return _APPLICANT_LABELS.get(path.rpartition(".")[2], path)


def _row_where(path: str, generation: Generation) -> str:
    return _label(path, generation).rpartition(" ")[0]


def _equation_message(equation: _Equation, generation: Generation) -> str:
    expected, actual = equation.expected, equation.actual
    off = _off(actual, expected)
    zh_blank, en_blank = _blanks_said(equation.cells)
    target = equation.right[0]
    if equation.code == "T3_ROW_TOTAL":
        row = target.path.rpartition(".")[0]
        return (
            f"{_row_where(target.path, generation)}：总计为{actual}，六类申请人之和为{expected}，"
            f"相差{off}{zh_blank} / {row}.total is {actual} but the six applicant columns "
            f"sum to {expected}, off by {off}{en_blank}"
        )
    if equation.code == "T3_RESULTS_TOTAL":
        return (
            f"{target.label}为{actual}，三、本年度办理结果各项之和为{expected}，相差{off}"
            f"{zh_blank} / {target.path} is {actual} but the result rows above it sum to "
            f"{expected}, off by {off}{en_blank}"
        )
    if equation.code == "T3_BALANCE":
        column = _column_label(target.path)
        new, old = (cell.number for cell in equation.left)
        total, forward = (cell.number for cell in equation.right)
        return (
            f"表三 {column}列：一、本年新收{new} + 二、上年结转{old} = {expected}，"
            f"但（七）总计{total} + 四、结转下年度继续办理{forward} = {actual}，相差{off}"
            f"{zh_blank} / column {target.path.rpartition('.')[2]}: new_received + "
            f"carried_over = {expected} but total + carried_forward = {actual}, off by {off}"
            f"{en_blank}"
        )
    block = target.path.rpartition(".")[0]
    return (
        f"{_row_where(target.path, generation)}：总计为{actual}，结果维持、结果纠正、其他结果、"
        f"尚未审结之和为{expected}，相差{off}{zh_blank} / {block}.total is {actual} but "
        f"upheld + corrected + other + pending = {expected}, off by {off}{en_blank}"
    )


def _failures(equations: Iterable[_Equation], generation: Generation) -> tuple[Finding, ...]:
    return tuple(
        _finding(
            equation.code,
            (cell.path for cell in equation.cells),
            equation.expected,
            equation.actual,
            _equation_message(equation, generation),
        )
        for equation in equations
        if not equation.holds
    )


# Rules on one report ---------------------------------------------------------------------


def _check_t3_balance(report: Report) -> tuple[Finding, ...]:
    """表三 per column: 一 + 二 == 三（七）总计 + 四 (``T3_BALANCE``)."""
    return _failures(_balances(report), report.generation)


def _check_t3_results_total(report: Report) -> tuple[Finding, ...]:
    """表三 per column: （七）总计 == every result row and sub-row (``T3_RESULTS_TOTAL``)."""
    return _failures(_results_totals(report), report.generation)


def _check_t3_row_total(report: Report) -> tuple[Finding, ...]:
    """表三 per row: 总计 == the six applicant columns (``T3_ROW_TOTAL``)."""
    return _failures(_row_totals(report), report.generation)


def _check_t3_suspect_cell(report: Report) -> tuple[Finding, ...]:
    """表三: the one cell that explains every failed identity, if there is one.

    Every 表三 cell takes part in its row's sum and in one or two column identities, and no
    two cells take part in the same ones; so when the failed identities are exactly those
    of one cell, each off by the same amount in that cell's direction, that cell is the
    likely misprint (``T3_SUSPECT_CELL``, a note beside the errors).
    """
    equations = _row_totals(report) + _results_totals(report) + _balances(report)
    failed = [equation for equation in equations if not equation.holds]
    if not failed:
        return ()
    # A cell printed ``d`` too high moves ``actual - expected`` by +d where it is on the
    # right, -d where it is on the left.
    suspects: dict[str, tuple[_Cell, int]] = {}
    candidates: set[str] | None = None
    for equation in failed:
        sides = {cell.path: 1 for cell in equation.right} | {
            cell.path: -1 for cell in equation.left
        }
        off = equation.actual - equation.expected
        here: set[str] = set()
        for cell in equation.cells:
            amount = off * sides[cell.path]
            if cell.path in suspects and suspects[cell.path][1] != amount:
                continue
            suspects.setdefault(cell.path, (cell, amount))
            here.add(cell.path)
        candidates = here if candidates is None else candidates & here
    passing = {cell.path for equation in equations if equation.holds for cell in equation.cells}
    found = sorted((candidates or set()) - passing)
    if len(found) != 1:
        return ()
    cell, amount = suspects[found[0]]
    should = cell.number - amount
    if should < 0:  # no count can be negative: the misprint is elsewhere
        return ()
    return (
        _finding(
            "T3_SUSPECT_CELL",
            (cell.path,),
            should,
            cell.number,
            f"{cell.label}印为{cell.number}；若为{should}，则其所在行与列的勾稽关系全部成立 / "
            f"{cell.path} is {cell.number}; {should} would make its row and column balance",
        ),
    )


def _check_t4_block_total(report: Report) -> tuple[Finding, ...]:
    """表四 per block: 总计 == 维持 + 纠正 + 其他 + 尚未审结 (``T4_BLOCK_TOTAL``)."""
    return _failures(_block_totals(report), report.generation)


def _leaf_rows(table: Any, prefix: str) -> tuple[tuple[str, Any], ...]:
    rows: list[tuple[str, Any]] = []
    for attribute in attrs.fields(type(table)):
        value = getattr(table, attribute.name)
        path = f"{prefix}.{attribute.name}"
        if value is None:  # a row the report does not print: no cells to check
            continue
        children = attrs.fields(type(value))
        if any(attrs.has(type(getattr(value, child.name))) for child in children):
            rows.extend(_leaf_rows(value, path))
        else:
            rows.append((path, value))
    return tuple(rows)


def _counts(report: Report) -> tuple[_Cell, ...]:
    """Every count cell of 表二, 表三 and 表四 (not 本年增/减, not money)."""
    cells: list[_Cell] = []
    for table in ("proactive", "requests", "appeals"):
        for row_path, row in _leaf_rows(getattr(report, table), table):
            for attribute in attrs.fields(type(row)):
                value = getattr(row, attribute.name)
                if attribute.name == "items_change" or not (
                    value is None or isinstance(value, int)
                ):
                    continue
                cells.append(_cell(report, f"{row_path}.{attribute.name}"))
    return tuple(cells)


def _check_negative_counts(report: Report) -> tuple[Finding, ...]:
    """No count in 表二, 表三, 表四 is negative (``NEGATIVE_COUNT``)."""
    return tuple(
        _finding(
            "NEGATIVE_COUNT",
            (cell.path,),
            ">= 0",
            cell.number,
            f"{cell.label}为{cell.number}，件数不能为负 / {cell.path} is {cell.number}, "
            "a count cannot be negative",
        )
        for cell in _counts(report)
        if cell.number < 0
    )


_ITEM_ROWS = ("licensing", "other_services", "penalties", "coercion", "fees")
_DOCUMENT_ROWS = ("regulations", "normative_documents")


def _items_checks(report: Report) -> tuple[tuple[_Cell, _Cell], ...]:
    if not isinstance(report.proactive, Proactive2019):
        return ()
    return tuple(
        (
            _cell(report, f"proactive.{row}.items_last_year"),
            _cell(report, f"proactive.{row}.items_change"),
        )
        for row in _ITEM_ROWS
    )


def _check_t2_items(report: Report) -> tuple[Finding, ...]:
    """表二 (2019): 上一年项目数量 + 本年增/减 is not negative (``T2_ITEMS_NEGATIVE``)."""
    findings: list[Finding] = []
    for last, change in _items_checks(report):
        now = last.number + change.number
        if now < 0:
            zh_blank, en_blank = _blanks_said((last, change))
            row = last.path.rpartition(".")[0]
            findings.append(
                _finding(
                    "T2_ITEMS_NEGATIVE",
                    (last.path, change.path),
                    ">= 0",
                    now,
                    f"{_row_where(last.path, report.generation)}：上一年项目数量{last.number} + "
                    f"本年增/减{change.number} = {now}，项目数不能为负{zh_blank} / {row}: "
                    f"items_last_year + items_change = {now}, below 0{en_blank}",
                )
            )
    return tuple(findings)


def _in_force_checks(report: Report) -> tuple[tuple[_Cell, _Cell, _Cell], ...]:
    if not isinstance(report.proactive, Proactive2021):
        return ()
    return tuple(
        (
            _cell(report, f"proactive.{row}.issued"),
            _cell(report, f"proactive.{row}.repealed"),
            _cell(report, f"proactive.{row}.in_force"),
        )
        for row in _DOCUMENT_ROWS
    )


def _check_t2_in_force(report: Report) -> tuple[Finding, ...]:
    """表二 (2021): 现行有效件数 >= 本年制发件数 − 本年废止件数 (``T2_IN_FORCE_BELOW_NET``).

    It follows from 现行有效(N) = 现行有效(N−1) + 制发(N) − 废止(N) with 现行有效(N−1) >= 0.
    """
    findings: list[Finding] = []
    for issued, repealed, in_force in _in_force_checks(report):
        net = issued.number - repealed.number
        if in_force.number < net:
            zh_blank, en_blank = _blanks_said((issued, repealed, in_force))
            row = issued.path.rpartition(".")[0]
            findings.append(
                _finding(
                    "T2_IN_FORCE_BELOW_NET",
                    (in_force.path, issued.path, repealed.path),
                    f">= {net}",
                    in_force.number,
                    f"{_row_where(issued.path, report.generation)}：现行有效件数为"
                    f"{in_force.number}，少于本年制发{issued.number} − 本年废止{repealed.number}"
                    f" = {net}{zh_blank} / {row}.in_force is {in_force.number}, less than "
                    f"issued − repealed = {net}{en_blank}",
                )
            )
    return tuple(findings)


def _published_checks(report: Report) -> tuple[tuple[_Cell, _Cell], ...]:
    if not isinstance(report.proactive, Proactive2019):
        return ()
    return tuple(
        (
            _cell(report, f"proactive.{row}.published"),
            _cell(report, f"proactive.{row}.total_published"),
        )
        for row in _DOCUMENT_ROWS
    )


def _check_t2_total_published(report: Report) -> tuple[Finding, ...]:
    """表二 (2019): 对外公开总数量 >= 本年新公开数量 (``T2_TOTAL_BELOW_NEW``)."""
    findings: list[Finding] = []
    for published, total in _published_checks(report):
        if total.value is not None and total.number < published.number:
            row = total.path.rpartition(".")[0]
            findings.append(
                _finding(
                    "T2_TOTAL_BELOW_NEW",
                    (total.path, published.path),
                    f">= {published.number}",
                    total.number,
                    f"{_row_where(total.path, report.generation)}：对外公开总数量{total.number}"
                    f"少于本年新公开数量{published.number} / {row}.total_published is "
                    f"{total.number}, less than published = {published.number}",
                )
            )
    return tuple(findings)


def _generation_for(year: int) -> Generation:
    return "2019" if year <= 2020 else "2021"


def _check_year_generation(report: Report) -> tuple[Finding, ...]:
    """The template fits the year (``YEAR_GENERATION``), or the year is unknown
    (``YEAR_UNKNOWN``)."""
    if report.year is None:
        return (
            _finding(
                "YEAR_UNKNOWN",
                ("year",),
                None,
                None,
                f"报告未写明年度，未核对所用模板（{report.generation}版）/ the report states no "
                f"year, so its {report.generation!r} template was not checked against it",
            ),
        )
    expected = _generation_for(report.year)
    if expected == report.generation:
        return ()
    document = {"2019": "国办公开办函〔2019〕60号", "2021": "国办公开办函〔2021〕30号"}
    return (
        _finding(
            "YEAR_GENERATION",
            ("year", "generation"),
            expected,
            report.generation,
            f"{report.year}年度报告应使用{document[expected]}的表格，却使用了"
            f"{document[report.generation]}的表格 / a report for {report.year} should use the "
            f"{expected!r} tables, it uses the {report.generation!r} ones",
        ),
    )


def _sum_groups(report: Report) -> tuple[tuple[_Cell, ...], ...]:
    """Every group of cells that some check adds up, for ``BLANK_AS_ZERO``."""
    equations = (
        _row_totals(report) + _results_totals(report) + _balances(report) + _block_totals(report)
    )
    return (
        tuple(equation.cells for equation in equations)
        + _items_checks(report)
        + _in_force_checks(report)
        + _published_checks(report)
    )


_TABLES = {"proactive": "表二", "requests": "表三", "appeals": "表四"}


def _blank_findings(groups: Iterable[tuple[_Cell, ...]], where: str = "") -> tuple[Finding, ...]:
    blanks: dict[str, dict[str, _Cell]] = {}
    for group in groups:
        if all(cell.value is None for cell in group):
            continue
        for cell in group:
            if cell.value is None:
                table = cell.path.rpartition(":")[2].partition(".")[0]
                blanks.setdefault(_TABLES.get(table, table), {})[cell.path] = cell
    findings: list[Finding] = []
    for table, cells in blanks.items():
        labels = [cell.label for cell in cells.values()]
        shown = "、".join(labels[:3]) + (f"等{len(labels)}格" if len(labels) > 3 else "")
        findings.append(
            _finding(
                "BLANK_AS_ZERO",
                cells,
                None,
                None,
                f"{where}空白格求和时按0计：{shown} / {len(labels)} blank cell(s) of "
                f"{table} were read as 0 in sums",
            )
        )
    return tuple(findings)


def _check_blanks(report: Report) -> tuple[Finding, ...]:
    """Blank cells read as 0 where they took part in a check (``BLANK_AS_ZERO``, notes).

    One note per table lists the blank cells that were summed next to printed numbers; a
    table of 表三 or 表四 with no printed number at all gets one note naming the table.
    """
    findings = list(_blank_findings(_sum_groups(report)))
    counts = _counts(report)
    for table in ("requests", "appeals"):
        cells = [cell for cell in counts if cell.path.startswith(f"{table}.")]
        if cells and all(cell.value is None for cell in cells):
            findings.append(
                _finding(
                    "BLANK_AS_ZERO",
                    (table,),
                    None,
                    None,
                    f"{_TABLES[table]}全部为空白，按0计 / {_TABLES[table]} ({table}) is blank "
                    "throughout and was read as all 0",
                )
            )
    return tuple(findings)


# The text against the tables -------------------------------------------------------------

_PROSE_FIELDS = ("overview", "problems", "other_matters")
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")

_CHINESE_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}


def _number(text: str) -> int | None:
    """``"12"``, ``"１２"``, ``"十二"``, ``"一百零五"`` → the int; anything else → None."""
    try:
        return int(text)
    except ValueError:
        pass
    total, digit, last_unit = 0, None, 10_000
    for char in text:
        if char in _CHINESE_DIGITS:
            if digit is not None and digit != 0:
                return None  # 三五 is not a number we read
            digit = _CHINESE_DIGITS[char]
        elif char in _CHINESE_UNITS:
            unit = _CHINESE_UNITS[char]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    return total + (digit or 0)


_NUM = r"(?P<num>\d+|[零〇一二两三四五六七八九十百千]+)"
_UNIT = r"\s*(?:件|起|宗)"
_QUANTIFIER = r"(?:共|共计|合计|总计|累计)?(?:为|有|达)?\s*"
#: Up to 20 characters of one clause, no number: 因政府信息公开工作被申请.
_FILLER = r"(?P<filler>[^，,。；;：:！？\d\n]{0,20}?)"
#: A negation that governs what follows: 未发生, 没有收到, 未被, 无, 暂无 (not 无论, 无法).
_NO = (
    r"(?:(?:未|没有|并未|均未|从未)(?:发生|收到|接到|出现|产生|涉及|有|被|因)"
    r"|(?:暂无|并无|均无|无)(?!论|法|需|须|效|偿|关))"
)
_AND = r"(?:[和、及与或]|以及)(?:提起|发生)?"
_BOTH = rf"(?:行政复议{_AND}行政诉讼|行政诉讼{_AND}行政复议)"
#: Words that, inside the filler, mean the sentence is about something else.
_REQUESTS_OFF = re.compile(
    r"结转|复议|诉讼|咨询|举报|投诉|信访|留言|来信|办结|答复|但|而|其中"
    r"|网上|网络|信函|当面|现场|电子邮件|邮件|传真|书面|口头|电话"
)
_NEGATION_OFF = re.compile(r"但|而|仅|只|除|却")


class _Pattern(NamedTuple):
    code: str
    regex: re.Pattern[str]
    #: "number" reads the count from the match; "none" means the sentence says zero.
    reading: Literal["number", "none"]
    #: The match does not count when its filler holds one of these words.
    avoid: re.Pattern[str] | None = None


#: The phrasings read, most specific first: a later match overlapping an earlier one in
#: the same sentence is skipped (行政复议和行政诉讼均为0件 is one statement, not three).
_PATTERNS: tuple[_Pattern, ...] = (
    _Pattern(
        "TEXT_APPEALS",
        re.compile(rf"{_BOTH}(?:案件|案)?(?P<each>均|都|各)?{_QUANTIFIER}{_NUM}{_UNIT}"),
        "number",
    ),
    _Pattern("TEXT_APPEALS", re.compile(rf"{_NO}{_FILLER}{_BOTH}"), "none", _NEGATION_OFF),
    _Pattern(
        "TEXT_NEW_RECEIVED",
        re.compile(
            rf"新收(?:到)?(?:政府信息公开|依申请公开|信息公开)?(?:申请)?(?:数量|数)?"
            rf"{_QUANTIFIER}{_NUM}{_UNIT}"
        ),
        "number",
    ),
    _Pattern(
        "TEXT_NEW_RECEIVED",
        re.compile(
            rf"(?P<verb>收到|接收|接到|受理){_FILLER}(?:申请|依申请公开)"
            rf"(?:事项|件数|数量)?{_QUANTIFIER}{_NUM}{_UNIT}"
        ),
        "number",
        _REQUESTS_OFF,
    ),
    _Pattern(
        "TEXT_NO_REQUESTS",
        re.compile(
            r"(?:无|暂无|并无|没有|未)(?:收到|接到|受理|发生|产生)?(?:任何)?"
            r"(?:政府信息公开|信息公开)?(?:的)?依?申请公开"
        ),
        "none",
    ),
    _Pattern(
        "TEXT_NO_REQUESTS",
        re.compile(rf"(?:未|没有)(?:收到|接到|受理){_FILLER}申请(?![人书表])"),
        "none",
        _REQUESTS_OFF,
    ),
    _Pattern(
        "TEXT_GRANTED",
        re.compile(
            rf"(?<!不)(?<!主动)(?:予以公开|同意公开)(?:答复|的|申请)?{_QUANTIFIER}{_NUM}{_UNIT}"
        ),
        "number",
    ),
    _Pattern(
        "TEXT_REVIEW",
        re.compile(rf"行政复议(?:案件|申请|案)?{_QUANTIFIER}{_NUM}{_UNIT}"),
        "number",
    ),
    _Pattern(
        "TEXT_REVIEW",
        re.compile(rf"{_NO}{_FILLER}行政复议"),
        "none",
        re.compile(rf"{_NEGATION_OFF.pattern}|诉讼"),
    ),
    _Pattern(
        "TEXT_LITIGATION",
        re.compile(rf"(?:行政诉讼|起诉)(?:案件|案)?{_QUANTIFIER}{_NUM}{_UNIT}"),
        "number",
    ),
    _Pattern("TEXT_LITIGATION", re.compile(rf"{_NO}{_FILLER}行政诉讼"), "none", _NEGATION_OFF),
)


class _Statement(NamedTuple):
    """A figure the prose states: which rule, the number (0 for "none"), the sentence."""

    code: str
    number: int
    each: bool  # 行政复议和行政诉讼均为N件: N each, not N together
    verb: str  # 收到 / 受理 / … for requests, "" otherwise
    quote: Quote


def _sentences(text: str | None, field: str) -> Iterator[Quote]:
    for match in _SENTENCE.finditer(text or ""):  # None: the report has no such section
        sentence = match.group()
        stripped = sentence.strip()
        if stripped:
            start = match.start() + (len(sentence) - len(sentence.lstrip()))
            yield Quote(field, start, start + len(stripped), stripped)


def _statements(report: Report) -> tuple[_Statement, ...]:
    """The figures the prose states about 表三 and 表四, in order of appearance."""
    statements: list[_Statement] = []
    for field in _PROSE_FIELDS:
        for quote in _sentences(getattr(report, field), field):
            taken: list[tuple[int, int]] = []
            for pattern in _PATTERNS:
                for match in pattern.regex.finditer(quote.text):
                    if any(match.start() < end and start < match.end() for start, end in taken):
                        continue
                    groups = match.groupdict()
                    if pattern.avoid is not None and pattern.avoid.search(
                        groups.get("filler") or ""
                    ):
                        continue
                    number = 0 if pattern.reading == "none" else _number(groups["num"])
                    if number is None:
                        continue
                    taken.append(match.span())
                    statements.append(
                        _Statement(
                            pattern.code,
                            number,
                            bool(groups.get("each")),
                            groups.get("verb") or "",
                            quote,
                        )
                    )
    return tuple(statements)


_TEXT_TARGETS: dict[str, tuple[str, ...]] = {
    "TEXT_NEW_RECEIVED": ("requests.new_received.total",),
    "TEXT_NO_REQUESTS": ("requests.new_received.total",),
    "TEXT_GRANTED": ("requests.granted.total",),
    "TEXT_REVIEW": ("appeals.review.total",),
    "TEXT_LITIGATION": ("appeals.litigation_direct.total", "appeals.litigation_after_review.total"),
    "TEXT_APPEALS": (
        "appeals.review.total",
        "appeals.litigation_direct.total",
        "appeals.litigation_after_review.total",
    ),
}


def _text_finding(report: Report, statement: _Statement) -> Finding | None:
    cells = tuple(_cell(report, path) for path in _TEXT_TARGETS[statement.code])
    table = sum(cell.number for cell in cells)
    stated = statement.number
    accepted = {table}
    if statement.code == "TEXT_NEW_RECEIVED" and statement.verb:
        # 收到/受理…申请N件 may count the requests carried over from last year as well.
        accepted.add(table + _cell(report, "requests.carried_over.total").number)
    if statement.code == "TEXT_APPEALS" and statement.each:
        accepted = {stated} if all(cell.number == stated for cell in cells) else set()
    if statement.code == "TEXT_NO_REQUESTS":
        if table == 0:
            return None
    elif stated in accepted:
        return None
    quote = statement.quote
    sentence = re.sub(r"\s+", " ", quote.text)
    where = "、".join(cell.label for cell in cells)
    said = "没有" if statement.code == "TEXT_NO_REQUESTS" else f"{stated}件"
    zh_blank, en_blank = _blanks_said(cells)
    return _finding(
        statement.code,
        (cell.path for cell in cells),
        table,
        stated,
        f"{quote.field}第{quote.start + 1}字起「{sentence}」称{said}，而{where}合计为{table}"
        f"{zh_blank} / the sentence at {quote.field}[{quote.start}:{quote.end}] states "
        f"{stated}, the table holds {table} in {' + '.join(cell.path for cell in cells)}"
        f"{en_blank}",
        quote,
    )


def _check_text_against_tables(report: Report) -> tuple[Finding, ...]:
    """Figures in the prose agree with the tables (``TEXT_*``, warnings).

    Reads sentences such as 本年新收政府信息公开申请3件, 共收到政府信息公开申请3件, 予以公开2件,
    因政府信息公开被申请行政复议1件, 未发生行政复议和行政诉讼, 无依申请公开 in the overview,
    section 五 and section 六, and compares each with 表三 or 表四. The finding's ``quote``
    is the sentence and where it stands; ``expected`` is the table's figure, ``actual``
    the sentence's.
    """
    findings = (_text_finding(report, statement) for statement in _statements(report))
    return tuple(finding for finding in findings if finding is not None)


_FEE = re.compile(r"信息处理费|处理费|收费|收取[^，,。；;]{0,12}费|费用")
#: Outside section 六 only the fee's own name counts (收费标准 there is about other things).
_FEE_ELSEWHERE = re.compile(r"信息处理费|处理费")


def _check_fee_statement(report: Report) -> tuple[Finding, ...]:
    """The "2021" template: section 六 states the 信息处理费 charged, or that none was.

    ``FEE_NOT_STATED`` (warning) when the report never mentions it; ``FEE_OUTSIDE_SECTION6``
    (note) when only another section does.
    """
    if report.generation != "2021" or report.processing_fees is not None:
        return ()  # the 2025 layout states the fees in a table of its own
    if _FEE.search(report.other_matters or ""):
        return ()
    for field in ("overview", "problems"):
        for quote in _sentences(getattr(report, field), field):
            if _FEE_ELSEWHERE.search(quote.text):
                return (
                    _finding(
                        "FEE_OUTSIDE_SECTION6",
                        ("other_matters", field),
                        None,
                        None,
                        f"信息处理费的情况写在{field}（第{quote.start + 1}字起）而非六、"
                        f"其他需要报告的事项 / 信息处理费 is stated in {field}, not in section 六 "
                        "(other_matters)",
                        quote,
                    ),
                )
    return (
        _finding(
            "FEE_NOT_STATED",
            ("other_matters",),
            None,
            None,
            "六、其他需要报告的事项未说明信息处理费的收取情况（收取或未收取） / section 六 "
            "(other_matters) does not say whether 信息处理费 was charged",
        ),
    )


#: The rules ``validate`` runs, in order; each is a pure function of one report.
_RULES: tuple[Callable[[Report], tuple[Finding, ...]], ...] = (
    _check_year_generation,
    _check_negative_counts,
    _check_t2_items,
    _check_t2_in_force,
    _check_t2_total_published,
    _check_t3_balance,
    _check_t3_results_total,
    _check_t3_row_total,
    _check_t3_suspect_cell,
    _check_t4_block_total,
    _check_text_against_tables,
    _check_fee_statement,
    _check_blanks,
)


def validate(report: Report) -> tuple[Finding, ...]:
    """Check one report's own arithmetic and its prose against its tables.

    Returns every ``Finding``, in a fixed order (year, 表二, 表三, 表四, text, blanks); an
    empty tuple when everything holds. Pure: no I/O, the report is not changed, and the
    same report always gives the same findings. Blank cells count as 0 in sums.

    >>> [f.code for f in validate(report) if f.severity == "error"]  # doctest: +SKIP
    ['T3_RESULTS_TOTAL', 'T3_ROW_TOTAL']
    """
    if not isinstance(report, Report):
        raise TypeError(f"validate() takes a zfxxgk.Report, not {type(report).__name__}")
    return tuple(finding for rule in _RULES for finding in rule(report))


# Across reports --------------------------------------------------------------------------


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _series_identity(reports: list[tuple[int, Report]]) -> tuple[Finding, ...]:
    """Years repeated or unknown, organs mixed or unnamed."""
    findings: list[Finding] = []
    for index, report in reports:
        if report.year is None:
            name = report.agency or report.title or ""
            findings.append(
                _finding(
                    "SERIES_YEAR_UNKNOWN",
                    ("year",),
                    None,
                    None,
                    f"第{index + 1}份报告{name}未写明年度，未参与逐年核对 / report #{index + 1} "
                    "states no year and was left out of the year-to-year checks",
                )
            )
    years = Counter(report.year for _, report in reports if report.year is not None)
    for year, count in sorted(years.items()):
        if count > 1:
            findings.append(
                _finding(
                    "SERIES_DUPLICATE_YEAR",
                    (f"{year}:year",),
                    1,
                    count,
                    f"{year}年度有{count}份报告，该年未参与逐年核对 / {count} reports for "
                    f"{year}; that year was left out of the year-to-year checks",
                )
            )
    agencies = Counter(_fold(report.agency) for _, report in reports if report.agency is not None)
    if len(agencies) > 1:
        usual = agencies.most_common(1)[0][0]
        for index, report in reports:
            if report.agency is not None and _fold(report.agency) != usual:
                which = str(report.year) if report.year is not None else f"#{index + 1}"
                findings.append(
                    _finding(
                        "SERIES_MIXED_AGENCY",
                        (f"{which}:agency",),
                        usual,
                        report.agency,
                        f"{which}年度报告的机关为{report.agency}，其他报告为{usual} / the report "
                        f"for {which} is by {report.agency}, the others by {usual}",
                    )
                )
    unnamed = [report.year for _, report in reports if report.agency is None]
    if agencies and unnamed:
        shown = "、".join(str(year) for year in unnamed)
        findings.append(
            _finding(
                "SERIES_AGENCY_UNKNOWN",
                tuple(f"{year}:agency" for year in unnamed if year is not None),
                None,
                None,
                f"{shown}年度报告未写明机关，无法确认与其他报告属同一机关 / the reports for "
                f"{shown} name no organ and could not be matched to the others",
            )
        )
    return tuple(findings)


def _pair_carried(before: Report, after: Report) -> tuple[_Equation, ...]:
    return tuple(
        _Equation(
            "SERIES_CARRIED",
            (_cell(before, f"requests.carried_forward.{column}", f"{before.year}:"),),
            (_cell(after, f"requests.carried_over.{column}", f"{after.year}:"),),
        )
        for column in _APPLICANT_FIELDS
    )


def _negated(cell: _Cell) -> _Cell:
    return cell._replace(value=None if cell.value is None else -cell.value)


def _pair_in_force(before: Report, after: Report) -> tuple[_Equation, ...]:
    if not (
        isinstance(before.proactive, Proactive2021) and isinstance(after.proactive, Proactive2021)
    ):
        return ()
    return tuple(
        _Equation(
            "SERIES_IN_FORCE",
            (
                _cell(before, f"proactive.{row}.in_force", f"{before.year}:"),
                _cell(after, f"proactive.{row}.issued", f"{after.year}:"),
                _negated(_cell(after, f"proactive.{row}.repealed", f"{after.year}:")),
            ),
            (_cell(after, f"proactive.{row}.in_force", f"{after.year}:"),),
        )
        for row in _DOCUMENT_ROWS
    )


def _pair_items(before: Report, after: Report) -> tuple[_Equation, ...]:
    if not (
        isinstance(before.proactive, Proactive2019) and isinstance(after.proactive, Proactive2019)
    ):
        return ()
    return tuple(
        _Equation(
            "SERIES_ITEMS",
            (
                _cell(before, f"proactive.{row}.items_last_year", f"{before.year}:"),
                _cell(before, f"proactive.{row}.items_change", f"{before.year}:"),
            ),
            (_cell(after, f"proactive.{row}.items_last_year", f"{after.year}:"),),
        )
        for row in _ITEM_ROWS
    )


def _series_message(equation: _Equation) -> str:
    expected, actual = equation.expected, equation.actual
    off = _off(actual, expected)
    zh_blank, en_blank = _blanks_said(equation.cells)
    target = equation.right[0]
    if equation.code == "SERIES_CARRIED":
        source = equation.left[0]
        return (
            f"{source.label}为{expected}，而{target.label}为{actual}，相差{off}{zh_blank} / "
            f"{source.path} is {expected} but {target.path} is {actual}, off by {off}{en_blank}"
        )
    if equation.code == "SERIES_IN_FORCE":
        before, issued, repealed = (cell.number for cell in equation.left)
        return (
            f"{target.label}为{actual}，但上年现行有效{before} + 本年制发{issued} − 本年废止"
            f"{-repealed} = {expected}，相差{off}{zh_blank} / {target.path} is {actual} but "
            f"last year's in_force + issued − repealed = {expected}, off by {off}{en_blank}"
        )
    last, change = (cell.number for cell in equation.left)
    return (
        f"{target.label}为{actual}，但上年的上一年项目数量{last} + 本年增/减{change} = "
        f"{expected}，相差{off}{zh_blank} / {target.path} is {actual} but last year's "
        f"items_last_year + items_change = {expected}, off by {off}{en_blank}"
    )


def validate_series(reports: Iterable[Report]) -> tuple[Finding, ...]:
    """Check several years of one organ against each other.

    The reports may come in any order; they are compared year by year, each with the
    report of the year after it:

    - 表三, each column: ``carried_forward`` of year N equals ``carried_over`` of N+1
      (``SERIES_CARRIED``);
    - 表二, both "2021": ``in_force(N) == in_force(N−1) + issued(N) − repealed(N)`` for
      规章 and 行政规范性文件 (``SERIES_IN_FORCE``); both "2019": ``items_last_year(N+1)
      == items_last_year(N) + items_change(N)`` for every item row (``SERIES_ITEMS``);
    - years repeated (``SERIES_DUPLICATE_YEAR``), missing (``SERIES_MISSING_YEAR``) or not
      stated (``SERIES_YEAR_UNKNOWN``), different organs (``SERIES_MIXED_AGENCY``) or
      unnamed ones (``SERIES_AGENCY_UNKNOWN``); blank cells read as 0 (``BLANK_AS_ZERO``).

    Cells are prefixed with the year of their report: ``2020:requests.carried_forward.total``.
    A repeated year is left out of the year-to-year checks. It does not run ``validate`` on
    each report; do that as well.
    """
    listed = list(enumerate(reports))
    for _, report in listed:
        if not isinstance(report, Report):
            raise TypeError(
                f"validate_series() takes zfxxgk.Report objects, not {type(report).__name__}"
            )
    findings = list(_series_identity(listed))
    years = Counter(report.year for _, report in listed if report.year is not None)
    by_year = {
        report.year: report
        for _, report in listed
        if report.year is not None and years[report.year] == 1
    }
    ordered = sorted(by_year)
    groups: list[tuple[_Cell, ...]] = []
    for before_year, after_year in itertools.pairwise(ordered):
        if after_year != before_year + 1:
            findings.append(
                _finding(
                    "SERIES_MISSING_YEAR",
                    (f"{before_year}:year", f"{after_year}:year"),
                    before_year + 1,
                    after_year,
                    f"{before_year}年度之后是{after_year}年度，缺少中间年度，两者未作核对 / "
                    f"{before_year} is followed by {after_year}; the years between are "
                    "missing and these two were not compared",
                )
            )
            continue
        before, after = by_year[before_year], by_year[after_year]
        equations = _pair_carried(before, after)
        equations += _pair_in_force(before, after) + _pair_items(before, after)
        groups.extend(equation.cells for equation in equations)
        findings.extend(
            _finding(
                equation.code,
                (cell.path for cell in equation.cells),
                equation.expected,
                equation.actual,
                _series_message(equation),
            )
            for equation in equations
            if not equation.holds
        )
    findings.extend(_blank_findings(groups, "逐年核对时，"))
    return tuple(findings)
