"""Tables a PDF draws without ruling lines: columns told by the x positions of their
header cells and of the numbers under them.

A page's lines outside the ruled tables are read as words (``_pdf_words``). A line with
a number (or a blank mark) standing apart from another word is a *row line*; row lines
close together, with no paragraph between, are a table, with the lines of labels just
above them that reach over the numbers as its header. Header lines between rows start a
new *block* (表二's groups), each with its own columns.

A block's columns are its *leaf* header cells (those over at most one other thing: a
lower header cell or a run of numbers) and the *runs* of numbers under them (numbers of
the rows that overlap across). A run that overlaps two header cells, or stands under
none and beyond the middle between two, is a number between columns: ``ParseError``
naming the page, never a guessed column. A block without a header takes its runs as its
columns only where every run is printed by at least half its rows.

Each row line is a row; the labels beside it (wrapped over lines: ``_pdf_words._stacks``)
are its label cells, a label over several rows (三、本年度办理结果) is set on each, and a
label above its numbers on the row below it. A column a row prints nothing in is a blank
(``PRINTED_BLANK``), as the ruled reader writes an empty cell; a label that runs into a
column of numbers, two numbers in one column, two labels in one place of a row are
refused. A number printed against the next with no gap between them is one number, as
the page shows it: no reader of the page can tell it is two.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any, NamedTuple

from ..errors import ParseError
from ._common import _Cell, _table_name
from ._pdf_columns import (
    _Column,
    _columns,
    _data_rows,
    _fits,
    _header_rows,
    _leaves,
    _named,
    _runs,
)
from ._pdf_items import _NUMBERED, _PdfTable
from ._pdf_words import _WRAP, _Stack, _stacks, _Word, _words

_PROSE = 0.45  # of the page's width: a word this wide is a paragraph's line, not a cell
_APART = 4.0  # line heights between two row lines that are two tables
_HEAD_GAP = 1.6  # line heights: header lines stand no further apart than this
_SIZE = 0.25  # header text is the rows' type size, give or take this much of it


class _Carried(NamedTuple):
    """The columns (and label cells) of the last block of a page's last unruled table:
    a table going on at the head of the next page without its header stands in them."""

    columns: list[_Column]
    slots: int


def _unruled_tables(
    lines: Sequence[dict[str, Any]], page: int, width: float, carried: _Carried | None
) -> tuple[list[_PdfTable], set[int], _Carried | None]:
    """The report tables drawn without rules among a page's lines (pdfplumber's text
    lines with their characters), the indexes of the lines they are made of, and what
    the next page's first table, if it goes on without a header, is read with."""
    words = [
        _words([char for char in line.get("chars", ()) if isinstance(char, dict)], index)
        for index, line in enumerate(lines)
    ]
    tables: list[_PdfTable] = []
    used: set[int] = set()
    last: _Carried | None = None
    for number, region in enumerate(_regions(words, width)):
        # A table going on from the page before stands at the head of the page.
        read = _read(region, words, page, carried if number == region[0] == 0 else None)
        if read is not None:
            tables.extend(read[0])
            used.update(region)
            last = read[1]
    return tables, used, last


def _is_row(words: Sequence[_Word]) -> bool:
    return len(words) >= 2 and any(word.value for word in words)


def _top(line: Sequence[_Word]) -> float:
    return min(word.top for word in line)


def _bottom(line: Sequence[_Word]) -> float:
    return max(word.bottom for word in line)


class _Page(NamedTuple):
    """A page's lines as words, and what tells a table's lines from a paragraph's."""

    words: list[list[_Word]]
    width: float

    def prose(self, index: int) -> bool:
        """A paragraph's line: a word as wide as a good part of the page."""
        return any(word.x1 - word.x0 > _PROSE * self.width for word in self.words[index])

    def header(self, index: int, size: float) -> bool:
        """A line that may be a header line: no numbers, the table's type ``size``, not
        a paragraph's line, not numbered as a heading is (四、…)."""
        line = self.words[index]
        return (
            bool(line)
            and not any(word.value for word in line)
            and not self.prose(index)
            and all(abs(word.size - size) <= _SIZE * size for word in line)
            and _NUMBERED.match(line[0].text) is None
        )

    def label(self, index: int, left: float) -> bool:
        """A line of labels only, all left of where the numbers begin (``left``)."""
        line = self.words[index]
        return bool(line) and all(not word.value and word.x1 < left for word in line)

    def gap(self, upper: int, lower: int) -> float:
        return _top(self.words[lower]) - _bottom(self.words[upper])


def _regions(words: list[list[_Word]], width: float) -> list[list[int]]:
    """Runs of lines that may be a table: row lines with no paragraph and no wide gap
    between them, the header lines above them, and a label's last lines below them."""
    rows = [index for index, line in enumerate(words) if _is_row(line)]
    if not rows:
        return []
    page = _Page(words, width)
    height = statistics.median(_bottom(words[index]) - _top(words[index]) for index in rows)
    groups: list[list[int]] = [[rows[0]]]
    for index in rows[1:]:
        last = groups[-1][-1]
        if page.gap(last, index) > _APART * height or any(
            page.prose(between) for between in range(last + 1, index)
        ):
            groups.append([index])
        else:
            groups[-1].append(index)
    return [_region(page, group, height) for group in groups]


def _region(page: _Page, group: list[int], height: float) -> list[int]:
    """A group of row lines with the header lines above it (up to the first that reaches
    over the numbers: not a heading) and a wrapped label's lines below its last."""
    words = page.words
    first, last = group[0], group[-1]
    left = min(word.x0 for index in group for word in words[index] if word.value)
    border = _border(words, group)
    size = statistics.median(word.size for index in group for word in words[index])
    start = first
    while (  # the first lines of the first row's label, wrapped above its numbers
        start > 0 and page.label(start - 1, left) and page.gap(start - 1, start) <= _WRAP * size
    ):
        start -= 1
    body = start
    while (
        start > 0
        and page.header(start - 1, size)
        and page.gap(start - 1, start) <= _HEAD_GAP * height
    ):
        start -= 1
    while start < body and not any(_over(word, border) for word in words[start]):
        start += 1
    end = last
    while (
        end + 1 < len(words)
        and page.label(end + 1, left)
        and page.gap(end, end + 1) <= _WRAP * size
    ):
        end += 1
    return list(range(start, end + 1))


def _border(words: list[list[_Word]], lines: Sequence[int]) -> float:
    """Where the labels of the row lines end: a header cell wholly right of it stands
    over the numbers (a label wrapped on lines of its own may reach further, but starts
    left of it)."""
    rows = [index for index in lines if _is_row(words[index])]
    labels = [word.x1 for index in rows for word in words[index] if not word.value]
    return max(labels, default=float("-inf"))


def _over(word: _Word | _Stack, border: float) -> bool:
    """Whether a header word stands over the numbers: wholly right of ``border``."""
    return word.x0 > border


def _read(
    region: list[int], words: list[list[_Word]], page: int, carried: _Carried | None
) -> tuple[list[_PdfTable], _Carried] | None:
    """A region read as report tables, one a block, and the columns of its last block;
    None if it is not one: no words of the report's tables, nor the rest of one from the
    page before (``carried``: its first block has no header)."""
    border = _border(words, region)
    blocks = _blocks(region, words, border)
    if blocks[0][0]:
        carried = None
    texts = [word.text for index in region for word in words[index]]
    if _table_name(texts) is None and carried is None:
        return None
    tables = []
    for head, data in blocks:
        rows, carried = _block_rows(head, data, words, border, page, carried)
        lines = [words[index] for index in head + data]
        tables.append(
            _PdfTable(
                rows,
                [f"page {page}"] * len(rows),
                [[(0.0, 0.0)] * len(row) for row in rows],  # not joined by position
                min(_top(line) for line in lines),
                max(_bottom(line) for line in lines),
                page,
                ruled=False,
            )
        )
    assert carried is not None  # every block gives its columns
    return tables, carried


def _blocks(
    region: list[int], words: list[list[_Word]], border: float
) -> list[tuple[list[int], list[int]]]:
    """The region's blocks: header lines (no number, a word over the numbers; the lines
    of labels between them too) and the lines under them up to the next header line."""
    blocks: list[tuple[list[int], list[int]]] = []
    head: list[int] = []
    data: list[int] = []
    for index in region:
        line = words[index]
        header = not any(word.value for word in line) and any(_over(w, border) for w in line)
        if header and any(_is_row(words[i]) for i in data):
            blocks.append((head, data))
            head, data = [index], []
        elif header:
            head.extend(data)
            head.append(index)
            data = []
        else:
            data.append(index)
    blocks.append((head, data))
    return blocks


def _block_rows(
    head: list[int],
    data: list[int],
    words: list[list[_Word]],
    border: float,
    page: int,
    carried: _Carried | None,
) -> tuple[list[list[_Cell]], _Carried]:
    """A block's header rows and data rows, every row as wide as the block, and its
    columns; ``border`` is where the labels end, ``carried`` the columns of the block
    before (on the page before) if this one has no header."""
    row_lines = [index for index in data if _is_row(words[index])]
    values = [word for index in row_lines for word in words[index] if word.value]
    heads = _stacks([w for index in head for w in words[index] if not w.value])
    over = [stack for stack in heads if _over(stack, border)]
    aside = [stack for stack in heads if not _over(stack, border)]
    runs = _runs(values)
    leaves = _leaves(over, runs)
    columns: list[_Column] | None = None
    if not leaves and carried is not None:
        before = [(c.x0, c.x1, c.header) for c in carried.columns]
        try:
            columns = _columns(before, runs, page)
        except ParseError:
            # Most numbers in those columns: the same table, one number out of place.
            if 2 * sum(_fits(before, run) for run in runs) >= len(runs):
                raise
            columns = None  # not the columns of the table before: read on its own
    if columns is None:
        columns = _columns([(s.x0, s.x1, s.text) for s in leaves], runs, page, rows=len(row_lines))
    # Header cells over no numbers left of the first column with numbers head labels.
    while leaves and columns and not columns[0].runs and any(c.runs for c in columns):
        first = columns.pop(0)
        aside.extend(s for s in leaves if first.x0 <= s.x0 and s.x1 <= first.x1)
    labels = [w for index in data for w in words[index] if not w.value]
    for word in labels:
        column = next((c for c in columns if word.x0 < c.x1 and c.x0 < word.x1), None)
        if column is not None:
            raise ParseError(
                f"the label “{word.text}” runs into the column of numbers "
                f"{_named(column)}, so the row's numbers cannot be placed (PDF page {page}, "
                "a table without ruling lines)"
            )
    rows = _data_rows(row_lines, words, _stacks(labels), columns, page)
    slots = max([len(label) for label, _ in rows] + [1 if aside else 0])
    if not heads and carried is not None:
        slots = max(slots, carried.slots)  # as wide as the part before, to join it
    out = _header_rows(over, leaves, aside, columns, slots)
    for label, cells in rows:
        padded = [""] * (slots - len(label)) + label
        out.append([_Cell(text) for text in padded] + [_Cell(text) for text in cells])
    return out, _Carried(columns, slots)
