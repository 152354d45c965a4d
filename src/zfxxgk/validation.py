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

from collections.abc import Callable

from ._validation.findings import CODES, SEVERITIES, Finding, Quote, Severity
from ._validation.prose import check_fee_statement, check_text_against_tables
from ._validation.series import validate_series
from ._validation.tables import (
    check_blanks,
    check_negative_counts,
    check_t2_in_force,
    check_t2_items,
    check_t2_total_published,
    check_t3_balance,
    check_t3_results_total,
    check_t3_row_total,
    check_t3_suspect_cell,
    check_t4_block_total,
    check_year_generation,
)
from .model import Report

__all__ = [
    "CODES",
    "SEVERITIES",
    "Finding",
    "Quote",
    "Severity",
    "validate",
    "validate_series",
]


#: The rules ``validate`` runs, in order; each is a pure function of one report.
_RULES: tuple[Callable[[Report], tuple[Finding, ...]], ...] = (
    check_year_generation,
    check_negative_counts,
    check_t2_items,
    check_t2_in_force,
    check_t2_total_published,
    check_t3_balance,
    check_t3_results_total,
    check_t3_row_total,
    check_t3_suspect_cell,
    check_t4_block_total,
    check_text_against_tables,
    check_fee_statement,
    check_blanks,
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
