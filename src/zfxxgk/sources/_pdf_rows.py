"""Rows of a ruled PDF table put back together where the layout cut them in pieces.

Two layouts print one row of the report as two rows of cells:

- a page break through the row: its label's first lines (and perhaps its first numbers)
  at the foot of one page, the rest at the head of the next (``_split_row``);
- a label cell over two or more ruled rows, its numbers in one of them and the others'
  cells empty (``_numbers_below``).

Both are told by geometry alone: the pieces' cells have the same left and right edges
(the same columns), and each piece fills only cells the other leaves empty, a number
never over a number or a label. Anything else is left as printed, so that the report
text shows it and the parser refuses it where a row is wrong; no number is guessed into
a column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ._common import _Cell
from ._pdf_items import _NUMBERED, _is_value_text, _pdf_cell_text, _PdfTable

_ALIGN = 1.5  # points: two cell edges this close are the same ruling line
_Span = tuple[float, float]
_Kind = Literal["value", "label", ""]


class _Undecided(Exception):
    """Two pieces that may be one row cut by a page break or two rows: ``reason`` says so."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _kind(text: str) -> _Kind:
    if not text:
        return ""
    return "value" if _is_value_text(text) else "label"


def _same(one: _Span, other: _Span) -> bool:
    return abs(one[0] - other[0]) <= _ALIGN and abs(one[1] - other[1]) <= _ALIGN


def _within(span: _Span, outer: _Span) -> bool:
    return outer[0] - _ALIGN <= span[0] and span[1] <= outer[1] + _ALIGN


def _continued(first: str, rest: str) -> str:
    """A label's lines from two pieces joined as a cell's wrapped lines are."""
    return _pdf_cell_text(f"{first}\n{rest}")


def _split_row(
    above: _PdfTable, row: Sequence[_Cell], spans: Sequence[_Span]
) -> list[_Cell] | None:
    """The last row of ``above`` joined with ``row``, the first row of the table that goes
    on at the head of the next page (its repeated header left out), where ``row`` is the
    rest of it; None where ``row`` is a row of its own.

    ``row`` can be the rest only if every one of its cells stands in a column of
    ``above``'s last row (the same edges, or under a cell spanning down into it, left
    empty or with that cell's text repeated) and no label of it starts with an item
    number (``3.``, ``（四）``: a row of its own). It is the rest if it adds only what
    that row lacks: numbers in cells the row leaves empty, more lines of its label.
    Where both pieces print a label and numbers and together do not fill every column
    of numbers, or ``row`` goes on with the label and fills empty cells but puts a
    number on one of the row's, they may be one row or two: ``_Undecided``.
    """
    last = len(above.rows) - 1
    if last < 0 or not row:
        return None
    cells, own = above.rows[last], above.spans[last]
    covering = [
        (span, cell.text)
        for r in range(last)
        for cell, span in zip(above.rows[r], above.spans[r], strict=True)
        if r + cell.rowspan > last
    ]
    joined = list(cells)
    found: set[str] = set()  # "fill", "wrap", "clash"
    for cell, span in zip(row, spans, strict=True):
        match = next((i for i, other in enumerate(own) if _same(other, span)), None)
        if match is None:
            if not any(_within(span, out) and cell.text in ("", text) for out, text in covering):
                return None  # not in the columns of the row above: a table of its own
            continue
        kind, kind_above = _kind(cell.text), _kind(cells[match].text)
        if kind == "label" and _NUMBERED.match(cell.text):
            return None
        if kind == "value" and not kind_above:
            found.add("fill")
            joined[match] = _Cell(cell.text, 1, cells[match].colspan)
        elif kind == "label" and kind_above == "label":
            found.add("wrap")
            joined[match] = _Cell(_continued(cells[match].text, cell.text), 1, cells[match].colspan)
        elif kind:
            found.add("clash")
    if "clash" in found:
        if {"fill", "wrap"} <= found:
            raise _Undecided(
                "the first row of the table on the next page goes on with the label of the "
                "last row on this one and fills its empty cells, but puts a number where "
                "that row has one: the numbers of the row cut by the page break cannot be "
                "placed in their columns"
            )
        return None
    if not found:
        return None
    if {"fill", "wrap"} <= found and any(_kind(cell.text) == "value" for cell in cells):
        filled = [
            span for cell, span in zip(joined, own, strict=True) if _kind(cell.text) == "value"
        ]
        if not all(
            any(_same(column, span) for span in filled) for column in _number_columns(above)
        ):
            raise _Undecided(
                "the last row of the table on one page and the first row on the next fill "
                "each other's empty cells, but not every column of numbers: it cannot be "
                "told whether they are one row cut by the page break (its label wrapped "
                "over it) or two rows printing blanks"
            )
    return joined


def _number_columns(table: _PdfTable) -> list[_Span]:
    """The columns (by their edges) in which at least half the rows with values print one."""
    counts: list[tuple[_Span, int]] = []
    rows = 0
    for cells, spans in zip(table.rows, table.spans, strict=True):
        printed = [
            span for cell, span in zip(cells, spans, strict=True) if _kind(cell.text) == "value"
        ]
        rows += bool(printed)
        for span in printed:
            index = next((i for i, (other, _) in enumerate(counts) if _same(other, span)), None)
            if index is None:
                counts.append((span, 1))
            else:
                counts[index] = (counts[index][0], counts[index][1] + 1)
    return [span for span, count in counts if 2 * count >= rows]


def _numbers_below(table: _PdfTable) -> _PdfTable:
    """The table with each label printed over several ruled rows, one of which holds the
    row's numbers and the others nothing, read as one row (see ``_band``)."""
    rows = [list(cells) for cells in table.rows]
    spans = [list(row) for row in table.spans]
    origins = list(table.origins)
    r = 0
    while r < len(rows):
        height = _band(rows, spans, r)
        if height > 1:
            _merge_band(rows, spans, r, height)
            del rows[r + 1 : r + height], spans[r + 1 : r + height], origins[r + 1 : r + height]
        r += 1
    return table._replace(rows=rows, spans=spans, origins=origins)


def _band(rows: list[list[_Cell]], spans: list[list[_Span]], r: int) -> int:
    """How many rows, from row ``r`` on, are one row of the report: ``r``'s labels all
    span them, no other row of them has a label of its own, exactly one of them holds
    values, and every cell of the others stands under an empty cell of row ``r``."""
    labels = [cell for cell in rows[r] if _kind(cell.text) == "label"]
    if not labels:
        return 1
    height = min(min(cell.rowspan for cell in labels), len(rows) - r)
    if height < 2:
        return 1
    band = range(r, r + height)
    if any(_kind(cell.text) == "label" for q in band[1:] for cell in rows[q]):
        return 1
    with_values = [q for q in band if any(_kind(cell.text) == "value" for cell in rows[q])]
    if len(with_values) != 1:
        return 1
    empty = [span for cell, span in zip(rows[r], spans[r], strict=True) if not cell.text]
    for q in band[1:]:
        for cell, span in zip(rows[q], spans[q], strict=True):
            if cell.rowspan != 1 or not any(_same(span, other) for other in empty):
                return 1
    return height


def _merge_band(rows: list[list[_Cell]], spans: list[list[_Span]], r: int, height: int) -> None:
    """Row ``r`` given the values of its band (see ``_band``); every cell that spans into
    the band's other rows, which are then taken out, spans as many rows fewer."""
    (source,) = [q for q in range(r, r + height) if any(_kind(c.text) == "value" for c in rows[q])]
    for q in range(r + 1):
        for index, cell in enumerate(rows[q]):
            reach = q + cell.rowspan - 1  # the last row the cell covers
            if reach > r:
                removed = min(reach, r + height - 1) - r
                rows[q][index] = _Cell(cell.text, cell.rowspan - removed, cell.colspan)
    if source != r:
        for cell, span in zip(rows[source], spans[source], strict=True):
            index = next(i for i, other in enumerate(spans[r]) if _same(other, span))
            rows[r][index] = _Cell(cell.text, 1, rows[r][index].colspan)


def _drop_first_row(rows: list[list[_Cell]], spans: list[list[_Span]]) -> None:
    """Take the first row out (it was joined to the row above it); its cells that span
    down into the next row stand in that row, spanning one row fewer."""
    first, first_spans = rows.pop(0), spans.pop(0)
    for cell, span in zip(first, first_spans, strict=True):
        if cell.rowspan > 1 and rows:
            at = sum(1 for other in spans[0] if other[0] < span[0])
            rows[0].insert(at, _Cell(cell.text, cell.rowspan - 1, cell.colspan))
            spans[0].insert(at, span)


def _one_grid(above: _PdfTable, below: _PdfTable) -> tuple[_PdfTable, _PdfTable] | None:
    """The two parts of a table on both sides of a page break on one grid of columns,
    where one part's column edges are all among the other's (the rows of one page span
    columns that the other page's rows divide); None for two tables of their own."""
    edges = [_edges(above), _edges(below)]
    fewer, more = sorted(edges, key=len)
    if not fewer or abs(fewer[0] - more[0]) > _ALIGN or abs(fewer[-1] - more[-1]) > _ALIGN:
        return None
    if not all(any(abs(edge - other) <= _ALIGN for other in more) for edge in fewer):
        return None
    return _regrid(above, more), _regrid(below, more)


def _edges(table: _PdfTable) -> list[float]:
    """The x of every column edge of a table's cells, left to right."""
    edges: list[float] = []
    for x in sorted(x for row in table.spans for span in row for x in span):
        if not edges or x - edges[-1] > _ALIGN:
            edges.append(x)
    return edges


def _regrid(table: _PdfTable, edges: Sequence[float]) -> _PdfTable:
    """The table's cells spanning the columns between ``edges`` that their boxes cover."""
    lefts = edges[:-1]
    rows = [
        [
            _Cell(
                cell.text,
                cell.rowspan,
                max(sum(1 for x in lefts if x0 - _ALIGN <= x < x1 - _ALIGN), 1),
            )
            for cell, (x0, x1) in zip(cells, spans, strict=True)
        ]
        for cells, spans in zip(table.rows, table.spans, strict=True)
    ]
    return table._replace(rows=rows)
