"""The findings: ``Finding``, ``Quote``, the severities and the table of codes.

Every rule module builds its findings through ``finding``, so a code's severity is stated
once, in ``CODES``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import attrs
from attrs import frozen

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
        "the template fits the year: the tables of the template issued for it",
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
        "the template asks section 六 to state 信息处理费, and the report says nothing about "
        "it (charged or not)",
    ),
    "FEE_OUTSIDE_SECTION6": (
        "note",
        "the template asks section 六 to state 信息处理费; it is stated, but elsewhere",
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


def finding(
    code: str,
    cells: Iterable[str],
    expected: int | str | None,
    actual: int | str | None,
    message: str,
    quote: Quote | None = None,
) -> Finding:
    """A ``Finding`` of ``code``, with the severity ``CODES`` gives it."""
    return Finding(code, CODES[code][0], tuple(cells), expected, actual, message, quote)
