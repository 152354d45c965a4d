"""An unruled table's block laid out: its columns from the x positions of its header
cells and numbers, and its rows of cells (see ``_pdf_unruled`` for the whole reading).

Every place where a number cannot be told to one column is a ``ParseError`` naming the
page: a run of numbers under two header cells or between two, two numbers of a row in one
column, two labels of a row in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..errors import ParseError
from ._common import PRINTED_BLANK, _Cell
from ._pdf_words import _across, _Stack, _Word


class _Run(NamedTuple):
    """Numbers of a block's rows that overlap across: one column's numbers."""

    x0: float
    x1: float
    words: list[_Word]


class _Column(NamedTuple):
    x0: float
    x1: float
    header: str
    runs: list[_Run]


def _leaves(heads: list[_Stack], runs: list[_Run]) -> list[_Stack]:
    """The header cells that head a column: over at most one thing (a lower header
    cell or a run of numbers), and over a run or in the header's last line (a cell over
    nothing above it is a title: 第二十条第（五）项)."""
    last = max((stack.top for stack in heads), default=0.0)
    out = []
    for stack in heads:
        under = sum(_across(stack, other) for other in heads if other.top > stack.bottom)
        numbers = sum(run.x0 < stack.x1 and stack.x0 < run.x1 for run in runs)
        if under + numbers <= 1 and (numbers or stack.bottom >= last):
            out.append(stack)
    return out


def _runs(values: Sequence[_Word]) -> list[_Run]:
    """Numbers overlapping across gathered into runs, left to right."""
    runs: list[_Run] = []
    for word in sorted(values, key=lambda word: word.x0):
        if runs and word.x0 < runs[-1].x1:
            last = runs[-1]
            runs[-1] = _Run(last.x0, max(last.x1, word.x1), [*last.words, word])
        else:
            runs.append(_Run(word.x0, word.x1, [word]))
    return runs


def _named(column: _Column) -> str:
    return f"under “{column.header}”" if column.header else f"at x {column.x0:.0f}"


def _columns(
    heads: list[tuple[float, float, str]], runs: list[_Run], page: int, rows: int = 0
) -> list[_Column]:
    """A block's columns from its leaf header cells (their left, right and text) and its
    runs of numbers (see the module's docstring); ``ParseError`` where a run cannot be
    told to one column. Without headers, the runs are the columns if every one is
    printed by half the ``rows`` at least."""
    where = f"(PDF page {page}, a table without ruling lines)"
    if not heads:
        for run in runs:
            if rows >= 2 and 2 * len(run.words) < rows:
                raise ParseError(
                    f"the number “{run.words[0].text}” stands in no column that the other "
                    "rows print numbers in, and the table has no header to tell its "
                    f"columns: which column holds it cannot be told {where}"
                )
        return [_Column(run.x0, run.x1, "", [run]) for run in runs]
    columns = [_Column(x0, x1, text, []) for x0, x1, text in sorted(heads)]
    # Leaf cells one above the other (a narrow group over its middle column) are one column.
    merged: list[_Column] = []
    for column in columns:
        if merged and column.x0 < merged[-1].x1:
            last = merged[-1]
            merged[-1] = _Column(last.x0, max(last.x1, column.x1), last.header, [])
        else:
            merged.append(column)
    columns = merged
    for run in runs:
        under = [i for i, c in enumerate(columns) if run.x0 < c.x1 and c.x0 < run.x1]
        if not under:
            under = [i for i in range(len(columns)) if _zone(columns, i, run)]
        if len(under) != 1:
            names = " and ".join(f"“{columns[i].header}”" for i in under)
            between = f"under both {names}" if under else "between two columns"
            raise ParseError(
                f"the number “{run.words[0].text}” stands {between}: which column holds "
                f"it cannot be told {where}"
            )
        column = columns[under[0]]
        columns[under[0]] = _Column(column.x0, column.x1, column.header, [*column.runs, run])
    _check_apart(columns, where)
    return [
        _Column(
            min([c.x0] + [r.x0 for r in c.runs]),
            max([c.x1] + [r.x1 for r in c.runs]),
            c.header,
            c.runs,
        )
        for c in columns
    ]


def _check_apart(columns: list[_Column], where: str) -> None:
    """Refuse a number that reaches past the middle of the gap between its column (its
    header and its other numbers) and the next: two numbers run together, or one drawn
    between the columns. Every number of a table as printed stands within its column."""
    spans = [[(c.x0, c.x1)] + [(w.x0, w.x1) for r in c.runs for w in r.words] for c in columns]
    for index, column in enumerate(columns):
        for word in (word for run in column.runs for word in run.words):
            others = list(spans[index])
            others.remove((word.x0, word.x1))
            low, high = min(x0 for x0, _ in others), max(x1 for _, x1 in others)
            left = max(x1 for _, x1 in spans[index - 1]) if index else None
            right = min(x0 for x0, _ in spans[index + 1]) if index + 1 < len(spans) else None
            if (left is not None and left < low and word.x0 < (left + low) / 2) or (
                right is not None and high < right and word.x1 > (high + right) / 2
            ):
                raise ParseError(
                    f"the number “{word.text}” reaches past the middle between the column "
                    f"{_named(column)} and the next: two numbers run together, or one "
                    f"between the columns, so which column holds it cannot be told {where}"
                )


def _fits(heads: list[tuple[float, float, str]], run: _Run) -> bool:
    """Whether a run stands in one of the columns (over one, or in one's zone only)."""
    columns = [_Column(x0, x1, text, []) for x0, x1, text in sorted(heads)]
    over = sum(run.x0 < c.x1 and c.x0 < run.x1 for c in columns)
    return over == 1 or (not over and sum(_zone(columns, i, run) for i in range(len(columns))) == 1)


def _zone(columns: list[_Column], index: int, run: _Run) -> bool:
    """Whether a run stands wholly on a column's side of the middles between it and its
    neighbours' header cells."""
    column = columns[index]
    low = (columns[index - 1].x1 + column.x0) / 2 if index else float("-inf")
    high = (column.x1 + columns[index + 1].x0) / 2 if index + 1 < len(columns) else float("inf")
    return low <= run.x0 and run.x1 <= high


def _data_rows(
    row_lines: list[int],
    words: list[list[_Word]],
    labels: list[_Stack],
    columns: list[_Column],
    page: int,
) -> list[tuple[list[str], list[str]]]:
    """Each row line's label cells (left to right) and its cells, one per column."""
    where = f"(PDF page {page}, a table without ruling lines)"
    column_of = {id(word): i for i, c in enumerate(columns) for r in c.runs for word in r.words}
    spans = [(min(w.top for w in words[i]), max(w.bottom for w in words[i])) for i in row_lines]
    own: list[list[_Stack]] = [[] for _ in row_lines]
    if not row_lines:
        return []
    for stack in _split_stacks(labels, spans):
        rows = [
            r for r, (top, bottom) in enumerate(spans) if stack.top < bottom and top < stack.bottom
        ]
        if not rows:
            below = [r for r, (top, _) in enumerate(spans) if top >= stack.bottom]
            rows = below[:1] or [len(spans) - 1]
        for r in rows:
            if any(_across(stack, other) for other in own[r]):
                raise ParseError(
                    f"two labels stand in one place of a row (“{own[r][0].text}” and "
                    f"“{stack.text}”): which row each belongs to cannot be told {where}"
                )
            own[r].append(stack)
    out = []
    for r, index in enumerate(row_lines):
        cells = [""] * len(columns)
        for word in words[index]:
            if not word.value:
                continue
            c = column_of[id(word)]
            if cells[c]:
                raise ParseError(
                    f"the row prints two numbers (“{cells[c]}” and “{word.text}”) in the "
                    f"column {_named(columns[c])}: which is its cannot be told {where}"
                )
            cells[c] = word.text
        label = [stack.text for stack in sorted(own[r], key=lambda stack: stack.x0)]
        out.append((label, [text or PRINTED_BLANK for text in cells]))
    return out


def _split_stacks(labels: list[_Stack], spans: list[tuple[float, float]]) -> list[_Stack]:
    """The label stacks, a stack beside two or more rows' numbers that is no group label
    (no other label to its right on those rows) taken apart into its words: labels of
    rows printed with no space between them, not one label wrapped."""
    out: list[_Stack] = []
    for stack in labels:
        rows = [
            r for r, (top, bottom) in enumerate(spans) if stack.top < bottom and top < stack.bottom
        ]
        group = len(rows) >= 2 and all(
            any(
                other.x0 >= stack.x1 and other.top < bottom and top < other.bottom
                for other in labels
            )
            for top, bottom in (spans[r] for r in rows)
        )
        if len(rows) >= 2 and not group:
            out.extend(_Stack([word]) for word in stack.words)
        else:
            out.append(stack)
    return out


def _header_rows(
    over: list[_Stack],
    leaves: list[_Stack],
    aside: list[_Stack],
    columns: list[_Column],
    slots: int,
) -> list[list[_Cell]]:
    """The block's header as rows of cells: its group header cells in rows of their own
    (each over the columns it overlaps), then a row of the columns' headers, the header
    text beside the numbers (信息内容, a note) in the label cells."""
    if not over and not aside:
        return []
    levels: list[list[tuple[int, int, str]]] = []
    for stack in sorted((s for s in over if s not in leaves), key=lambda s: s.top):
        under = [i for i, c in enumerate(columns) if stack.x0 < c.x1 and c.x0 < stack.x1]
        if not under:  # a title beside the columns: over all of them
            under = list(range(len(columns)))
        if not under:
            continue
        first, last = under[0], under[-1]
        for level in levels:
            if all(last < a or b < first for a, b, _ in level):
                level.append((first, last, stack.text))
                break
        else:
            levels.append([(first, last, stack.text)])
    rows = []
    for level in levels:
        # Each group cell reaches to the next (the first from the label cells on): a
        # header row has no empty cell, as a ruled table's has none.
        cells = sorted(level)
        row = []
        for index, (first, _, text) in enumerate(cells):
            end = cells[index + 1][0] if index + 1 < len(cells) else len(columns)
            start = 0 if index == 0 else first
            row.append(_Cell(text, 1, end - start + (slots if index == 0 else 0)))
        rows.append(row)
    side = " ".join(stack.text for stack in sorted(aside, key=lambda s: (s.top, s.x0)))
    leaf = [_Cell(side, 1, slots)] if slots else []
    rows.append(leaf + [_Cell(column.header) for column in columns])
    return rows
