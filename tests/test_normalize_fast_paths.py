"""The normalizer's fast paths give what the plain reading gives.

A row printed on one line makes its cells only when they are read (``Line.cells``),
full-width forms are folded by ``str.replace``, markup is found by ``str.find``, and a
line of prose is ruled out as a row of values by its last character. Each must agree
with the reading it replaces; tests/test_differential.py checks whole reports.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from zfxxgk._lines import _FOLD, _FOLDED, _VALUE_ENDS, Cell, Line, _cell, _fold_forms, is_value
from zfxxgk._normalize import (
    _MARKUP,
    _marked_lines,
    _read_text_row,
    _spaced_row,
    _text_row,
    normalize,
)

_PIECES = ["1", "23", "4,567", "１２", "（一）", "(二)", "属于国家秘密", " ", "\u3000", "\u00a0",
           "/", "—", "无", "元", "万元", "件", "增", "减", "#", "**", "_", "[bookmark: x]", "。",
           "，", "规章", "\t", "|", "---"]  # fmt: skip


@given(st.text(alphabet=st.sampled_from(["a", "，", "（", "）", "１", "\u3000", "\u200b", "年"])))
def test_folding_forms_is_the_translation_table(text: str) -> None:
    assert _fold_forms(text) == text.translate(_FOLD)


@given(st.lists(st.sampled_from([*_PIECES, "\n", "\n\n"]), max_size=40))
def test_marked_lines_are_the_lines_markup_is_found_in(pieces: list[str]) -> None:
    text = "".join(pieces)
    lines = text.split("\n")
    assert _marked_lines(text) == {n for n, line in enumerate(lines, 1) if _MARKUP.search(line)}


@given(
    st.text(alphabet=st.sampled_from("0123456789１２٣.+-－,，元万件项个次条增减加少/／\\—–无a。)"))
)
def test_a_value_ends_with_a_character_the_last_character_test_lets_through(word: str) -> None:
    """_spaced_row rules a line out by its last character only where no value ends so."""
    folded = _fold_forms(word)
    if word and is_value(folded):
        last = _FOLDED.get(word[-1], word[-1])
        assert last.isdecimal() or last in _VALUE_ENDS


def test_prose_is_no_row_split_at_spaces_and_a_row_is() -> None:
    assert _spaced_row("本机关共收到申请 3 件。", 1, 1) is None
    assert _spaced_row("规章 0 0 ３", 1, 1) is not None
    assert _spaced_row("行政许可 / / —", 1, 1) is not None
    assert _spaced_row("收费 12.5万元 ", 1, 1) is not None


def _eager_cells(text: str, line: int) -> list[Cell]:
    """Every cell of a tab-separated row, made as the normalizer made them before."""
    cells, column = [], 1
    for part in text.split("\t"):
        cells.append(_cell(part, line, column))
        column += len(part) + 1
    return cells


# Cells with no markup (which the normalizer takes out of the line first) and no separator.
_CELLS = [p for p in _PIECES if not _MARKUP.search(p) and p not in ("\t", "|", "---")] + [""]


@given(st.lists(st.sampled_from(_CELLS), min_size=2, max_size=9))
def test_the_cells_of_a_row_are_made_when_read_as_they_were_made_before(parts: list[str]) -> None:
    text = "\t".join(parts)
    doc = normalize("标题\n\n" + text + "\n")
    rows = [line for line in doc.lines if line.line == 3]
    if not rows:
        return
    (row,) = rows
    cells = _eager_cells(text, 3)
    keys = [cell.key for cell in cells]
    assert row.fields in ((), tuple(keys))
    if row.fields:
        # The row's cells are a tail of its cells, or its filled cells after the first.
        assert row.cells == tuple(c for c in cells if c in row.cells)
        assert row.keys == tuple(cell.key for cell in row.cells)
        assert set(row.labels) <= {c for c in cells if c.key}
        assert (row.line, row.column) in {(c.line, c.column) for c in cells}


def test_a_replaced_row_keeps_its_keys_with_its_cells() -> None:
    doc = normalize("标题\n\n1.属于国家秘密\t0\t1\t2\n")
    row = doc.lines[-1]
    assert row.keys == ("0", "1", "2")
    joined = row._replace(cells=row.cells[:2], fields=())
    assert joined.keys == ("0", "1") and joined.fields == ()
    assert [cell.raw for cell in joined.labels] == ["1.属于国家秘密"]
    assert row.keys == ("0", "1", "2")  # the original is unchanged


def test_a_row_read_by_keys_alone_makes_no_cells() -> None:
    doc = normalize("标题\n\n1.属于国家秘密\t0\t1\t2\n")
    row = doc.lines[-1]
    assert row._cells is None
    assert [cell.column for cell in row.cells] == [10, 12, 14]
    assert re.fullmatch(r"Line\(key='1\.属于国家秘密\\t0\\t1\\t2'.*\)", repr(row))


def _seen(read: tuple[Line, bool] | None) -> tuple[object, ...] | None:
    """All a row's line says: its fields, its cells and labels, and whether it has a value."""
    if read is None:
        return None
    line, valued = read
    return (
        line.key, line.text, line.line, line.column, line.keys, line.fields, line.header,
        line.siblings, line.cells, line.labels, valued,
    )  # fmt: skip


@given(
    st.lists(st.sampled_from([*_CELLS, "1.属于国家秘密", "12", "3 4"]), min_size=1, max_size=5),
    st.lists(st.sampled_from(["", "0", "7", "42", "1748"]), min_size=1, max_size=8),
    st.integers(1, 3),
)
def test_a_row_read_by_its_labels_reads_as_read_cell_by_cell(
    labels: list[str], numbers: list[str], column: int
) -> None:
    """Labels then cells of ASCII digits: the reading of the labels, kept per labels and
    empty cells, gives the line reading every cell gives."""
    text = "\t".join([*labels, *numbers])
    assert _seen(_text_row(text, 5, column)) == _seen(_read_text_row(text, 5, column))
