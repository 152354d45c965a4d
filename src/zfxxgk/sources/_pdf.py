"""PDF with a text layer: lines and ruled tables by position, joined over page breaks."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import ParseError
from ..normalize import fold
from ._common import _Cell, _clean, _require, _Text

if TYPE_CHECKING:  # pragma: no cover - types only; pdfplumber is the optional extra "pdf"
    from pdfplumber.page import Page
    from pdfplumber.table import Table as PdfTable

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_NUMBERED = re.compile(
    r"[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]"
)
_PAGE_NUMBER = re.compile(r"[-—–]?\s*\d{1,3}\s*[-—–]?|第\s*\d{1,3}\s*页.*|\d{1,3}\s*/\s*\d{1,3}")


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

    A grid position that no cell covers (a cell the PDF does not draw) becomes an empty
    cell, so that every cell keeps its column.
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
        for c in range(len(xs)):
            if c in boxes:
                (x0, top, x1, bottom), text = boxes[c]
                colspan = max(sum(1 for x in xs if x0 - 0.5 <= x < x1 - 0.5), 1)
                rowspan = max(sum(1 for y in tops if top - 0.5 <= y < bottom - 0.5), 1)
                covered.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
                cells.append(_Cell(_pdf_cell_text(text), rowspan, colspan))
            elif (r, c) not in covered:
                covered.add((r, c))
                cells.append(_Cell(""))
        out_rows.append(cells)
    x0, top, x1, bottom = table.bbox
    return _PdfTable(out_rows, [f"page {page}"] * len(out_rows), top, bottom, page)


def _pdf_page(page: Page, number: int) -> list[_PdfLine | _PdfTable]:
    """A page's lines and tables in reading order (top to bottom)."""
    if not page.chars:
        return []
    found = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.columns) >= 2]
    boxes = [t.bbox for t in found]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        mid_x = (obj["x0"] + obj["x1"]) / 2
        mid_y = (obj["top"] + obj["bottom"]) / 2
        return not any(
            x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in boxes
        )

    items: list[_PdfLine | _PdfTable] = [_pdf_table(table, number) for table in found]
    for line in page.filter(outside).extract_text_lines(strip=True):
        text = _pdf_clean(line["text"])
        if text:
            items.append(
                _PdfLine(text, line["x0"], line["x1"], line["top"], line["bottom"], number)
            )
    items.sort(key=lambda item: (item.top, item.x0 if isinstance(item, _PdfLine) else 0.0))
    return items


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


def pdf_report(data: bytes, name: str) -> _Text:
    """Write a PDF with a text layer; a scan (pages of images, no text) is refused."""
    pdfplumber = _require("pdfplumber", "pdf", "PDF files")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:  # pdfminer raises several kinds for a damaged file
        raise ParseError(f"{name} is not a readable PDF: {error}") from None
    items: list[_PdfLine | _PdfTable] = []
    pages = images = 0
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            pages += 1
            items.extend(_pdf_page(page, number))
            images += bool(page.images)
            page.close()
    text = sum(
        len(item.text)
        if isinstance(item, _PdfLine)
        else sum(len(c.text) for r in item.rows for c in r)
        for item in items
    )
    # A scan has no text, or only a stamp or page numbers over its page images.
    if text == 0 or (images and text < 40 * pages):
        what = f"its {pages} page(s) are images" if images else "it has no text on any page"
        raise ParseError(
            f"{name} has no text layer: {what}, as in a scanned PDF. zfxxgk reads PDFs "
            "with text only; OCR is out of scope: run an OCR tool (such as ocrmypdf) "
            "on the scan first and parse its output"
        )
    out = _Text("pdf")
    _join_pdf(items, out)
    return out
