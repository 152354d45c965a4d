"""The damage harness: no damaged table cell in an HTML page or a .docx gives a silently
wrong number.

For every HTML and .docx fixture and every real HTML report of the corpus, Hypothesis
picks a damage (delete a cell, insert an empty one, merge two adjacent value cells with
and without a space, give a value cell one more column, duplicate a cell, move a number
into the next cell, swap two value cells) and its site. Reading the damaged document must
give a ``ParseError`` or every table cell exactly as the truth file says. A swap (and a
number moved into the blank cell beside it, which is the same) changes no structure, so
no reader can see it: it must be flagged by ``zfxxgk.validate`` naming the row, or be
read faithfully — the two cells' values traded in their own row, nothing shifted.

The CI profile (CI=true) runs at least 2,000 damaged documents in all;
benchmarks/damage_table.py prints the outcomes per damage kind.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import damagekit
from .damagekit import KINDS, Kind, is_swap_within_a_row, judge

DOCUMENTS = damagekit.documents()
#: At least 2,000 damaged documents in the CI profile (200 examples a test), spread over
#: the documents; a quick look locally.
PER_DOCUMENT = math.ceil(2000 / len(DOCUMENTS)) if settings.default.max_examples >= 200 else 12
_STRUCTURAL: frozenset[Kind] = frozenset(KINDS) - {"swap", "move"}


def test_every_document_is_damaged() -> None:
    names = {name for name, _, _ in DOCUMENTS}
    assert len([n for n in names if n.endswith(".docx")]) == 5
    assert len([n for n in names if n.endswith(".html") and n[:1] == "0" and "_" in n]) == 6
    assert len(DOCUMENTS) * PER_DOCUMENT >= (2000 if settings.default.max_examples >= 200 else 0)


@cache
def _loaded(name: str) -> tuple[Any, dict[str, Any]]:
    _, path, truth_path = next(entry for entry in DOCUMENTS if entry[0] == name)
    return damagekit.load(path), damagekit.truth(truth_path)


@pytest.mark.parametrize("name", [name for name, _, _ in DOCUMENTS])
def test_a_damaged_cell_is_an_error_or_read_exactly(name: str) -> None:
    document, expected = _loaded(name)

    @settings(
        max_examples=PER_DOCUMENT,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(kind=st.sampled_from(KINDS), site=st.integers(0, 999))
    def damaged(kind: Kind, site: int) -> None:
        page = document.damaged(kind, site)
        if page is None:  # no place for this damage in the document
            return
        outcome, word = judge(page, expected)
        if kind in _STRUCTURAL:
            assert outcome in ("error", "exact"), (kind, site, outcome, word)
        else:
            assert outcome != "silent" or is_swap_within_a_row(word), (kind, site, word)

    damaged()
