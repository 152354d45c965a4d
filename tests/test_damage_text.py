"""The damage harness for text: no damaged table cell in a report's text gives a silently
wrong number.

The texts are the seeds (tab-separated and one-cell-per-line layouts) and the text that
``zfxxgk.sources.extract_text`` gives for every real report of the corpus. Hypothesis picks
a damage and its site among the table cells — delete a cell, insert an empty one, merge two
adjacent value cells with and without a space, duplicate a cell, move a number into the
next cell, swap two value cells — and reading the damaged text must give a ``ParseError``
or every table cell as the truth says; a swap (or a number moved into the blank beside
it), which no structure shows, may also be flagged by ``validate`` or read faithfully.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from functools import cache
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zfxxgk
from zfxxgk.sources import extract_text

from .conftest import FIXTURES, SEEDS, truth_of
from .damagekit import is_swap_within_a_row, judge

Kind = Literal["delete", "insert_empty", "merge", "merge_space", "duplicate", "move", "swap"]
KINDS: tuple[Kind, ...] = (
    "delete",
    "insert_empty",
    "merge",
    "merge_space",
    "duplicate",
    "move",
    "swap",
)
_STRUCTURAL = frozenset(KINDS) - {"swap", "move"}
_VALUE = re.compile(r"\s*[增减+-]?\d[\d,.]*\s*(?:万元|元|件)?\s*")
CORPUS = FIXTURES / "corpus"


@cache
def _documents() -> dict[str, tuple[str, dict[str, Any]]]:
    documents = {
        path.stem[:3]: (path.read_text(encoding="utf-8"), truth_of(path)) for path in SEEDS
    }
    for path in sorted(CORPUS.glob("*.*")):
        if path.suffix in (".html", ".pdf"):
            truth = json.loads((CORPUS / "truth" / f"{path.stem}.json").read_text("utf-8"))
            documents[path.stem] = (extract_text(path.read_bytes(), filename=path.name), truth)
    return documents


NAMES = sorted(_documents())
PER_DOCUMENT = math.ceil(2000 / len(NAMES)) if settings.default.max_examples >= 200 else 12


def _cells(text: str) -> list[tuple[int, int]]:
    """Every table cell of the text as (line index, field index): tab-separated fields of
    a row that holds a number, or the lines of the one-cell-per-line layout."""
    lines = text.split("\n")
    found = []
    for index, line in enumerate(lines):
        fields = line.split("\t")
        if len(fields) > 2 and any(_VALUE.fullmatch(field) for field in fields):
            found += [(index, column) for column in range(1, len(fields))]
        elif len(fields) == 2 and not fields[0] and _VALUE.fullmatch(fields[1]):
            found.append((index, 1))  # a value of the one-cell-per-line layout
    return found


def _damaged(text: str, kind: Kind, site: int) -> str | None:
    lines = text.split("\n")
    cells = _cells(text)
    is_value = {cell for cell in cells if _VALUE.fullmatch(lines[cell[0]].split("\t")[cell[1]])}
    pairs = [(a, b) for a, b in itertools.pairwise(cells) if a[0] == b[0]]
    if kind in ("merge", "merge_space", "swap"):
        places: list[Any] = [(a, b) for a, b in pairs if a in is_value and b in is_value]
    elif kind == "move":
        places = [(a, b) for a, b in pairs if a in is_value]
    else:
        places = cells
    if not places:
        return None
    place = places[site % len(places)]
    if kind in ("delete", "insert_empty", "duplicate"):
        row, column = place
        fields = lines[row].split("\t")
        if kind == "delete":
            del fields[column]
        else:
            fields.insert(column + 1, "" if kind == "insert_empty" else fields[column])
        lines[row] = "\t".join(fields)
        return "\n".join(lines)
    (row, a), (_, b) = place
    fields = lines[row].split("\t")
    first, second = fields[a].strip(), fields[b].strip()
    if kind == "swap":
        fields[a], fields[b] = second, first
    elif kind == "move":
        fields[a], fields[b] = "", f"{first} {second}".strip()
    else:
        fields[a] = first + (" " if kind == "merge_space" else "") + second
        del fields[b]
    lines[row] = "\t".join(fields)
    return "\n".join(lines)


def test_every_text_reads_exactly_undamaged() -> None:
    assert len(NAMES) == 13
    for name in NAMES:
        text, expected = _documents()[name]
        assert judge(text, expected, zfxxgk.parse)[0] == "exact", name


@pytest.mark.parametrize("name", NAMES)
def test_a_damaged_cell_is_an_error_or_read_exactly(name: str) -> None:
    text, expected = _documents()[name]

    @settings(max_examples=PER_DOCUMENT, deadline=None, suppress_health_check=list(HealthCheck))
    @given(kind=st.sampled_from(KINDS), site=st.integers(0, 999))
    def damaged(kind: Kind, site: int) -> None:
        changed = _damaged(text, kind, site)
        if changed is None or changed == text:
            return
        outcome, word = judge(changed, expected, zfxxgk.parse)
        if kind in _STRUCTURAL:
            assert outcome in ("error", "exact"), (kind, site, outcome, word)
        else:
            assert outcome != "silent" or is_swap_within_a_row(word), (kind, site, word)

    damaged()
