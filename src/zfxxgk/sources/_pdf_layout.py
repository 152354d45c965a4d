"""A PDF page laid out: its ruled tables (pdfplumber's table finder) and its lines of text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from ..normalize import fold, is_value
from ._common import _Cell, _clean
from ._pdf_objects import _PageObjects

if TYPE_CHECKING:  # pragma: no cover - types only; pdfplumber is the optional extra "pdf"
    from pdfplumber.page import Page
    from pdfplumber.table import Table as PdfTable

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def _pdf_clean(text: str) -> str:
    """PDF text: spaces the extractor guessed between Chinese characters removed."""
    return _CJK_GAP.sub("", _clean(text))


def _pdf_cell_text(text: str | None) -> str:
    """A cell's lines joined: wrapped Chinese runs on, Latin words and numbers get a space."""
    if not text:
        return ""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    joined = ""
    for line in lines:
        if joined and joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii():
            joined += " "
        joined += line
    return _pdf_clean(joined)


class _PdfLine(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int


class _PdfTable(NamedTuple):
    rows: list[list[_Cell]]
    origins: list[str]
    top: float
    bottom: float
    page: int


def _pdf_table(table: PdfTable, page: int) -> _PdfTable:
    """A table found on a page, with the spans of its merged cells from their boxes.

    A grid position that no cell box covers is a cell the PDF does not draw. In a row of
    labels (a header) it is an empty cell. In a row with values it is left out, as a
    missing cell is in HTML: the row is then short, and ``_Text.table`` refuses it naming
    the row and the page; a cell that is not there is not a blank.
    """
    texts = table.extract()
    rows = table.rows
    xs = sorted({cell[0] for row in rows for cell in row.cells if cell is not None})
    tops = sorted({row.bbox[1] for row in rows})
    covered: set[tuple[int, int]] = set()
    out_rows: list[list[_Cell]] = []
    for r, (row, row_texts) in enumerate(zip(rows, texts, strict=True)):
        cells: list[_Cell] = []
        boxes = {
            xs.index(box[0]): (box, text)
            for box, text in zip(row.cells, row_texts, strict=True)
            if box is not None
        }
        values = any(_is_value_text(_pdf_cell_text(text)) for _, text in boxes.values())
        for c in range(len(xs)):
            if c in boxes:
                (x0, top, x1, bottom), text = boxes[c]
                colspan = max(sum(1 for x in xs if x0 - 0.5 <= x < x1 - 0.5), 1)
                rowspan = max(sum(1 for y in tops if top - 0.5 <= y < bottom - 0.5), 1)
                covered.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
                cells.append(_Cell(_pdf_cell_text(text), rowspan, colspan))
            elif (r, c) not in covered and not values:
                covered.add((r, c))
                cells.append(_Cell(""))
        out_rows.append(cells)
    x0, top, x1, bottom = table.bbox
    return _PdfTable(out_rows, [f"page {page}"] * len(out_rows), top, bottom, page)


def _is_value_text(text: str) -> bool:
    """A cell that holds a value: a number or a blank mark (``/``, ``无``, ``—``)."""
    key = fold(text)
    return bool(key) and is_value(key)


def _pdf_page(page: _PageObjects, number: int) -> list[_PdfLine | _PdfTable]:
    """A page's lines and tables in reading order (top to bottom): the tables found by
    pdfplumber's table finder from the ruling lines, the lines of text outside them."""
    from pdfplumber.table import TableFinder, TableSettings
    from pdfplumber.utils.text import chars_to_textmap

    if not page.chars:
        return []
    finder = TableFinder(cast("Page", page), TableSettings.resolve(None))
    found = [t for t in finder.tables if len(t.rows) >= 2 and len(t.columns) >= 2]
    boxes = [t.bbox for t in found]

    def outside(char: dict[str, Any]) -> bool:
        mid_x = (char["x0"] + char["x1"]) / 2
        mid_y = (char["top"] + char["bottom"]) / 2
        return not any(
            x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in boxes
        )

    items: list[_PdfLine | _PdfTable] = [_pdf_table(table, number) for table in found]
    _, _, width, height = page.bbox
    textmap = chars_to_textmap(
        [char for char in page.chars if outside(char)],
        layout_bbox=page.bbox,
        layout_width=width,
        layout_height=height,
    )
    for line in textmap.extract_text_lines(strip=True, return_chars=False):
        text = _pdf_clean(line["text"])
        if text:
            items.append(
                _PdfLine(text, line["x0"], line["x1"], line["top"], line["bottom"], number)
            )
    items.sort(key=lambda item: (item.top, item.x0 if isinstance(item, _PdfLine) else 0.0))
    return items
