"""A PDF's pages joined: paragraphs wrapped over lines, tables continued over page breaks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NoReturn

from .._normalize import fold
from ..errors import ParseError
from ._common import _Cell, _table_name, _Text
from ._pdf_items import _NUMBERED, _is_value_text, _PdfLine, _PdfTable
from ._pdf_rows import _drop_first_row, _one_grid, _split_row, _Undecided

_PAGE_NUMBER = re.compile(r"[-—–]?\s*\d{1,3}\s*[-—–]?|第\s*\d{1,3}\s*页.*|\d{1,3}\s*/\s*\d{1,3}")


def _is_page_furniture(item: _PdfLine | _PdfTable) -> bool:
    return isinstance(item, _PdfLine) and _PAGE_NUMBER.fullmatch(item.text) is not None


def _join_pdf(items: list[_PdfLine | _PdfTable], out: _Text) -> None:
    """Write a PDF's lines and tables: wrapped paragraph lines joined, tables that go on
    over a page break joined (a header repeated on the next page dropped), page numbers
    left out."""
    body = [item for item in items if not _is_page_furniture(item)]
    lines = [item for item in body if isinstance(item, _PdfLine)]
    if lines:
        left = min(line.x0 for line in lines)
        right = max(line.x1 for line in lines)
    merged: list[_PdfLine | _PdfTable] = []
    for item in body:
        last = merged[-1] if merged else None
        if isinstance(item, _PdfTable) and isinstance(last, _PdfTable) and last.page < item.page:
            width = max((sum(c.colspan for c in row) for row in last.rows), default=0)
            new_width = max((sum(c.colspan for c in row) for row in item.rows), default=0)
            ruled = last.ruled and item.ruled
            parts = (last, item) if width == new_width else _one_grid(last, item) if ruled else None
            if parts is not None:
                merged[-1] = _continued(*parts)
                continue
        if isinstance(item, _PdfLine) and isinstance(last, _PdfLine):
            size = max(last.bottom - last.top, 1.0)
            same_page = item.page == last.page
            close = not same_page or item.top - last.bottom < 0.8 * size
            full = last.x1 >= right - 1.5 * size
            flush_left = item.x0 <= left + 0.5 * size
            # A numbered line after a finished sentence starts a heading or a paragraph.
            new = last.text[-1] in "。；：！？.;:!?" and _NUMBERED.match(item.text) is not None
            if close and full and flush_left and not new:
                glue = " " if last.text[-1].isascii() and item.text[0].isascii() else ""
                merged[-1] = item._replace(text=last.text + glue + item.text, x0=last.x0)
                continue
        merged.append(item)
    for item in merged:
        if isinstance(item, _PdfTable):
            if item.refused is not None:
                _refuse(item, out)
            out.table(item.rows, item.origins)
        else:
            out.line(item.text, f"page {item.page}")


_KEEP_ROWS = (
    "; print the table with its rows kept whole (Word: Table Properties, Row, untick "
    "“Allow row to break across pages”)"
)


def _continued(above: _PdfTable, below: _PdfTable) -> _PdfTable:
    """A table and the part of it on the next page as one table: the header rows the
    next page repeats left out, and a row the page break cut in two joined again."""
    rows, origins, spans = list(below.rows), list(below.origins), list(below.spans)
    index = 0
    while rows and index < len(above.rows) and _row_texts(rows[0]) == _row_texts(above.rows[index]):
        del rows[0], origins[0], spans[0]
        index += 1
    head, head_origins, head_spans = list(above.rows), list(above.origins), list(above.spans)
    try:
        joined = _split_row(above, rows[0], spans[0]) if rows and below.ruled else None
    except _Undecided as undecided:
        where = f"pages {above.origins[-1].removeprefix('page ')}–{below.page}"
        refused = (
            len(head) - 1,
            f"{undecided.reason}, so neither is read{_KEEP_ROWS} (PDF {where})",
        )
        return above._replace(refused=refused)
    if joined is not None:
        head[-1] = joined
        head_origins[-1] = f"pages {above.origins[-1].removeprefix('page ')}–{below.page}"
        _drop_first_row(rows, spans)
        del origins[0]
    return above._replace(
        rows=head + rows,
        origins=head_origins + origins,
        spans=head_spans + spans,
        bottom=below.bottom,
        page=below.page,
    )


def _refuse(table: _PdfTable, out: _Text) -> NoReturn:
    """Raise the ``ParseError`` of a table with a row that cannot be read, at its line."""
    assert table.refused is not None
    index, reason = table.refused
    row = table.rows[index]
    written = sum(1 for cells in table.rows[:index] if any(cell.text for cell in cells))
    labels = [c.text for c in row if c.text and not _is_value_text(c.text)]
    name = _table_name([cell.text for cells in table.rows for cell in cells]) or ""
    where = " ".join(part for part in dict.fromkeys([name, *labels]) if part)
    raise ParseError(reason, line=len(out.lines) + written + 1, where=where)


def _row_texts(row: Sequence[_Cell]) -> list[str]:
    return [fold(cell.text) for cell in row]
