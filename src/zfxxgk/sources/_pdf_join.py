"""A PDF's pages joined: paragraphs wrapped over lines, tables continued over page breaks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..normalize import fold
from ._common import _Cell, _Text
from ._pdf_layout import _PdfLine, _PdfTable

_NUMBERED = re.compile(
    r"[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]"
)
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
            if width == new_width:
                rows = list(item.rows)
                origins = list(item.origins)
                index = 0
                while (
                    rows
                    and index < len(last.rows)
                    and _row_texts(rows[0]) == _row_texts(last.rows[index])
                ):
                    rows.pop(0)
                    origins.pop(0)
                    index += 1
                merged[-1] = last._replace(
                    rows=last.rows + rows,
                    origins=last.origins + origins,
                    bottom=item.bottom,
                    page=item.page,
                )
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
            out.table(item.rows, item.origins)
        else:
            out.line(item.text, f"page {item.page}")


def _row_texts(row: Sequence[_Cell]) -> list[str]:
    return [fold(cell.text) for cell in row]
