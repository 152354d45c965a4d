"""Across reports: several years of one organ checked against each other."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable

from ..model import Report
from .cells import (
    APPLICANT_FIELDS,
    DOCUMENT_ROWS,
    ITEM_ROWS,
    Cell,
    Equation,
    blank_findings,
    blanks_said,
    cell_at,
    counts_in_force,
    counts_items,
    off_by,
)
from .findings import Finding, finding

__all__ = ["validate_series"]


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _series_identity(reports: list[tuple[int, Report]]) -> tuple[Finding, ...]:
    """Years repeated or unknown, organs mixed or unnamed."""
    findings: list[Finding] = []
    for index, report in reports:
        if report.year is None:
            name = report.agency or report.title or ""
            findings.append(
                finding(
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
                finding(
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
                    finding(
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
            finding(
                "SERIES_AGENCY_UNKNOWN",
                tuple(f"{year}:agency" for year in unnamed if year is not None),
                None,
                None,
                f"{shown}年度报告未写明机关，无法确认与其他报告属同一机关 / the reports for "
                f"{shown} name no organ and could not be matched to the others",
            )
        )
    return tuple(findings)


def _pair_carried(before: Report, after: Report) -> tuple[Equation, ...]:
    return tuple(
        Equation(
            "SERIES_CARRIED",
            (cell_at(before, f"requests.carried_forward.{column}", f"{before.year}:"),),
            (cell_at(after, f"requests.carried_over.{column}", f"{after.year}:"),),
        )
        for column in APPLICANT_FIELDS
    )


def _negated(cell: Cell) -> Cell:
    return cell._replace(value=None if cell.value is None else -cell.value)


def _pair_in_force(before: Report, after: Report) -> tuple[Equation, ...]:
    if not (counts_in_force(before) and counts_in_force(after)):
        return ()
    return tuple(
        Equation(
            "SERIES_IN_FORCE",
            (
                cell_at(before, f"proactive.{row}.in_force", f"{before.year}:"),
                cell_at(after, f"proactive.{row}.issued", f"{after.year}:"),
                _negated(cell_at(after, f"proactive.{row}.repealed", f"{after.year}:")),
            ),
            (cell_at(after, f"proactive.{row}.in_force", f"{after.year}:"),),
        )
        for row in DOCUMENT_ROWS
    )


def _pair_items(before: Report, after: Report) -> tuple[Equation, ...]:
    if not (counts_items(before) and counts_items(after)):
        return ()
    return tuple(
        Equation(
            "SERIES_ITEMS",
            (
                cell_at(before, f"proactive.{row}.items_last_year", f"{before.year}:"),
                cell_at(before, f"proactive.{row}.items_change", f"{before.year}:"),
            ),
            (cell_at(after, f"proactive.{row}.items_last_year", f"{after.year}:"),),
        )
        for row in ITEM_ROWS
    )


def _series_message(equation: Equation) -> str:
    expected, actual = equation.expected, equation.actual
    off = off_by(actual, expected)
    zh_blank, en_blank = blanks_said(equation.cells)
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
    - 表二, both counting documents: ``in_force(N) == in_force(N−1) + issued(N) −
      repealed(N)`` for 规章 and 行政规范性文件 (``SERIES_IN_FORCE``); both counting items:
      ``items_last_year(N+1) == items_last_year(N) + items_change(N)`` for every item row
      (``SERIES_ITEMS``);
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
    groups: list[tuple[Cell, ...]] = []
    for before_year, after_year in itertools.pairwise(ordered):
        if after_year != before_year + 1:
            findings.append(
                finding(
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
            finding(
                equation.code,
                (cell.path for cell in equation.cells),
                equation.expected,
                equation.actual,
                _series_message(equation),
            )
            for equation in equations
            if not equation.holds
        )
    findings.extend(blank_findings(groups, "逐年核对时，"))
    return tuple(findings)
