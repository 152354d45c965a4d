"""A PDF page laid out: its ruled tables (pdfplumber's table finder) and its lines of text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ._common import _Cell
from ._pdf_checks import _check_borders, _check_overprint
from ._pdf_items import _is_value_text, _pdf_cell_text, _pdf_clean, _PdfLine, _PdfTable
from ._pdf_objects import _PageObjects
from ._pdf_rows import _numbers_below
from ._pdf_unruled import _Carried, _unruled_tables

if TYPE_CHECKING:  # pragma: no cover - types only; pdfplumber is the optional extra "pdf"
    from pdfplumber.page import Page
    from pdfplumber.table import Table as PdfTable


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
    edges = [*xs, table.bbox[2]]
    tops = sorted({row.bbox[1] for row in rows})
    covered: set[tuple[int, int]] = set()
    out_rows: list[list[_Cell]] = []
    spans: list[list[tuple[float, float]]] = []
    for r, (row, row_texts) in enumerate(zip(rows, texts, strict=True)):
        cells: list[_Cell] = []
        row_spans: list[tuple[float, float]] = []
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
                row_spans.append((x0, x1))
            elif (r, c) not in covered and not values:
                covered.add((r, c))
                cells.append(_Cell(""))
                row_spans.append((edges[c], edges[c + 1]))
        out_rows.append(cells)
        spans.append(row_spans)
    x0, top, x1, bottom = table.bbox
    return _numbers_below(
        _PdfTable(out_rows, [f"page {page}"] * len(out_rows), spans, top, bottom, page)
    )


def _pdf_page(
    page: _PageObjects, number: int, carried: _Carried | None = None
) -> tuple[list[_PdfLine | _PdfTable], _Carried | None]:
    """A page's lines and tables in reading order (top to bottom): the tables found by
    pdfplumber's table finder from the ruling lines, the report tables drawn without
    them (``_pdf_unruled``), the lines of text outside them; and the columns of its last
    unruled table, which the next page's table going on without a header stands in."""
    from pdfplumber.table import TableFinder, TableSettings
    from pdfplumber.utils.text import chars_to_textmap

    if not page.chars:
        return [], None
    _check_overprint(page.chars, number)
    finder = TableFinder(cast("Page", page), TableSettings.resolve(None))
    found = [t for t in finder.tables if len(t.rows) >= 2 and len(t.columns) >= 2]
    for table in found:
        _check_borders(table, page.chars, number)
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
    lines = textmap.extract_text_lines(strip=True, return_chars=True)
    unruled, used, carried = _unruled_tables(lines, number, width, carried)
    items.extend(unruled)
    for index, line in enumerate(lines):
        text = _pdf_clean(line["text"])
        if text and index not in used:
            items.append(
                _PdfLine(text, line["x0"], line["x1"], line["top"], line["bottom"], number)
            )
    items.sort(key=lambda item: (item.top, item.x0 if isinstance(item, _PdfLine) else 0.0))
    return items, carried
