"""Hypothesis strategies: generated annual reports, and the damage text extraction does.

Importing this module needs Hypothesis (``pip install "zfxxgk[test]"``); nothing else in
zfxxgk imports it. Use the strategies in your own tests::

    from hypothesis import given
    from zfxxgk.strategies import reports

    @given(reports(generation="2021"))
    def test_my_pipeline(report):
        ...

``reports()`` builds valid ``Report`` objects from small pieces (``organ_names``,
``section_texts``, ``proactive_tables``, ``request_tables``, ``appeal_tables``, …), so a
failing property shrinks to a small report; ``damaged(report, layout)`` prints one the way
text extraction leaves it, and ``parse`` reads it back. How each is built, and what it
promises, is in the docstrings of ``zfxxgk._strategies.building`` and
``zfxxgk._strategies.damage``.
"""

from __future__ import annotations

from ._strategies.building import (
    CLAUSES,
    OFFICES,
    PLACES,
    appeal_tables,
    counts,
    doc_numbers,
    fee_tables,
    money,
    organ_names,
    paragraphs,
    proactive_tables,
    report_years,
    reports,
    request_tables,
    section_texts,
    signature_dates,
    titles,
)
from ._strategies.damage import LABEL_VARIANTS, damaged

__all__ = [
    "CLAUSES",
    "LABEL_VARIANTS",
    "OFFICES",
    "PLACES",
    "appeal_tables",
    "counts",
    "damaged",
    "doc_numbers",
    "fee_tables",
    "money",
    "organ_names",
    "paragraphs",
    "proactive_tables",
    "report_years",
    "reports",
    "request_tables",
    "section_texts",
    "signature_dates",
    "titles",
]
