"""A seed report drawn as a PDF cell by cell, in the layouts real PDFs print tables in.

tests/test_pdf_rows.py and tests/test_pdf_unruled.py draw their PDFs here. A seed's
tables are laid out on their grid as the official templates print them (make_fixtures'
layouts: 三、本年度办理结果 over its rows, （三）不予公开 over its 8, labels across the label
columns), with distinct numbers in place of the seed's, so that a number read in another
column is seen. Then each cell is drawn at its position with reportlab's canvas:

- ruled (every cell's box drawn) or unruled (no line at all, columns only by position);
- a row split by a page break: its label's first lines and first cells on one page, the
  rest on the next (``split_row``), as Word prints a row allowed to break across pages;
- a row's numbers on a line below its label (``numbers_below``): ruled, a label cell over
  two ruled rows, the numbers in the lower one; unruled, values aligned to the bottom of
  a row whose label wraps.

The truth of a drawn report is the same report written as HTML and read by zfxxgk's HTML
reader, which the fixtures and the corpus already hold to the hand-read truth.
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

import zfxxgk

from .conftest import FIXTURES, fixture_maker

FONT = "STSong-Light"
WIDTH, HEIGHT = 595.27, 841.89  # A4
MARGIN = 56.0
USABLE = WIDTH - 2 * MARGIN
BODY_SIZE, BODY_LEADING = 11.0, 17.0
CELL_SIZE, CELL_LEADING, PAD = 8.0, 10.0, 3.0
#: The seeds of the 2021 template (their truth: tests/fixtures/truth/).
SEEDS_2021 = [FIXTURES / "001_df144eded8b1c4f8.txt", FIXTURES / "002_3e38133569690039.txt"]
_NUMBER = re.compile(r"\d+(\.\d+)?")


# ---- a report with distinct numbers, and its truth ----------------------------------------


def numbered_report(seed: Path, rng: random.Random) -> Any:
    """The seed laid out as make_fixtures lays it out, every number printed in its tables
    replaced by a distinct one (1 to 3 digits), blanks kept blank."""
    maker = fixture_maker()
    report = maker.read_seed(seed)
    numbers = iter(rng.sample(range(1, 1000), 400))
    for block in report.blocks:
        if isinstance(block, maker.Table):
            for row in block.rows:
                for cell in row:
                    if not cell.header and _NUMBER.fullmatch(cell.text):
                        cell.text = str(next(numbers))
    return report


def starts(text: str, label: str) -> bool:
    """Whether a cell's text starts with ``label``, spaces aside (seeds print ``1.`` or
    ``1. ``)."""
    return re.sub(r"\s", "", text).startswith(re.sub(r"\s", "", label))


def values_of(report: Any, label: str) -> list[Any]:
    """The value cells (make_fixtures' ``Cell``) of the table row whose label starts with
    ``label``: change one's ``text`` to damage the report before it is drawn."""
    maker = fixture_maker()
    for block in report.blocks:
        if isinstance(block, maker.Table):
            for row in block.rows:
                if any(starts(cell.text, label) for cell in row):
                    return [c for c in row if not c.header and _NUMBER.fullmatch(c.text or "0")]
    raise LookupError(label)


def truth(report: Any) -> dict[str, Any]:
    """The report's tables as zfxxgk's HTML reader reads the same report written as HTML."""
    page = fixture_maker().bare_page(report)
    return tables_of(zfxxgk.parse_bytes(page.encode(), filename="report.html"))


def tables_of(report: zfxxgk.Report) -> dict[str, Any]:
    data = zfxxgk.to_dict(report)
    return {key: data[key] for key in ("generation", "year", "proactive", "requests", "appeals")}


def numbers_in(value: Any) -> list[int]:
    """Every integer of a (nested) truth dict: the numbers a reader must have placed."""
    if isinstance(value, dict):
        return [n for inner in value.values() for n in numbers_in(inner)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []


# ---- tables on their grid -------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """A cell on its table's grid."""

    row: int
    column: int
    rowspan: int
    colspan: int
    text: str
    header: bool = False

    @property
    def is_value(self) -> bool:
        return not self.header and (self.text == "" or _NUMBER.fullmatch(self.text) is not None)


@dataclass
class Grid:
    """A table's cells on its grid, its column widths, and the rows a page break precedes."""

    name: str
    cells: list[Placed]
    rows: int
    header_rows: int
    widths: list[float]
    breaks: set[int] = field(default_factory=set)


#: Column widths as fractions of the text width (those of make_fixtures' PDFs).
WIDTHS = {
    "表二": [0.34, 0.22, 0.22, 0.22],
    "表三": [0.09, 0.1, 0.3] + [0.073] * 7,
    "表四": [1 / 15] * 15,
}


def grid_of(table: Any) -> Grid:
    maker = fixture_maker()
    table = maker._trimmed(table)
    cells = [
        Placed(r, c, cell.rowspan, cell.colspan, cell.text, cell.header)
        for r, c, cell in maker._placed(table.rows)
    ]
    widths = [USABLE * share for share in WIDTHS[table.name]]
    return Grid(table.name, cells, len(table.rows), table.header_rows, widths)


def row_of(grid: Grid, label: str) -> int:
    """The grid row whose label cell starts with ``label``."""
    (row,) = {cell.row for cell in grid.cells if starts(cell.text, label)}
    return row


def _shift(grid: Grid, after: int) -> list[Placed]:
    """The grid's cells with a new row after ``after``: rows below move down one, cells
    spanning over ``after`` from above span the new row too."""
    out = []
    for cell in grid.cells:
        if cell.row > after:
            out.append(replace(cell, row=cell.row + 1))
        elif cell.row < after < cell.row + cell.rowspan:
            out.append(replace(cell, rowspan=cell.rowspan + 1))
        else:
            out.append(cell)
    return out


def split_row(grid: Grid, row: int, *, label_lines: int, values: int) -> Grid:
    """Row ``row`` broken by a page break: its label's first ``label_lines`` lines and its
    first ``values`` value cells above the break, the rest in a row of its own below it
    (every cell's box drawn on both pages, as Word draws a row that breaks)."""
    cells = _shift(grid, row)
    own = sorted((c for c in cells if c.row == row), key=lambda c: c.column)
    assert all(cell.rowspan == 1 for cell in own), "split a row no label of it spans down"
    kept = [c for c in cells if c.row != row]
    value_cells = [cell for cell in own if cell.is_value]
    for cell in own:
        if cell.is_value:
            first = value_cells.index(cell) < values
            kept.append(replace(cell, text=cell.text if first else ""))
            kept.append(replace(cell, row=row + 1, text="" if first else cell.text))
        else:
            lines = wrap(cell.text, _width(grid, cell) - 2 * PAD, CELL_SIZE)
            kept.append(replace(cell, text="".join(lines[:label_lines])))
            kept.append(replace(cell, row=row + 1, text="".join(lines[label_lines:])))
    return replace(grid, cells=kept, rows=grid.rows + 1, breaks=grid.breaks | {row + 1})


def numbers_below(grid: Grid, row: int) -> Grid:
    """Row ``row`` printed as two ruled rows: its labels span both, its numbers stand in
    the lower one, the upper one's value cells empty boxes."""
    cells = _shift(grid, row)
    out = []
    for cell in cells:
        if cell.row != row:
            out.append(cell)
        elif cell.is_value:
            out.append(replace(cell, text=""))
            out.append(replace(cell, row=row + 1))
        else:
            out.append(replace(cell, rowspan=cell.rowspan + 1))
    return replace(grid, cells=out, rows=grid.rows + 1)


def _width(grid: Grid, cell: Placed) -> float:
    return sum(grid.widths[cell.column : cell.column + cell.colspan])


def wrap(text: str, width: float, size: float) -> list[str]:
    """Text broken into lines of at most ``width`` points, character by character."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = [""]
    for char in text:
        if lines[-1] and stringWidth(lines[-1] + char, FONT, size) > width:
            lines.append("")
        lines[-1] += char
    return [line for line in lines if line]


# ---- drawing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How the tables are drawn."""

    ruled: bool = True
    label_align: str = "center"  # or "left"
    value_align: str = "center"  # or "right"
    label_valign: str = "middle"  # or "top", "bottom"
    value_valign: str = "middle"
    repeat_header: bool = True  # a table broken by a page break repeats its header rows
    #: Numbers drawn moved across by some points (the report's numbers are distinct): damage.
    moves: tuple[tuple[str, float], ...] = ()
    size: float = CELL_SIZE  # the cells' type size
    leading: float = CELL_LEADING
    pad: float = PAD  # above and below a cell's text (Word's default is none)


class Drawing:
    """A canvas written top to bottom, a new page when the next thing does not fit."""

    def __init__(self) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.buffer = io.BytesIO()
        self.canvas = canvas.Canvas(self.buffer, pagesize=(WIDTH, HEIGHT), invariant=1)
        self.page = 1
        self.y = HEIGHT - MARGIN

    def new_page(self) -> None:
        self.canvas.setFont(FONT, 9)
        self.canvas.drawCentredString(WIDTH / 2, 30, f"- {self.page} -")
        self.canvas.showPage()
        self.page += 1
        self.y = HEIGHT - MARGIN

    def room(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.new_page()

    def text(self, x: float, baseline: float, text: str, size: float) -> None:
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(x, baseline, text)

    def paragraph(self, kind: str, text: str) -> None:
        size = 16.0 if kind == "title" else BODY_SIZE
        indent = 2 * size if kind == "p" else 0.0
        lines = wrap(text, USABLE - indent, size) if kind == "p" else wrap(text, USABLE, size)
        from reportlab.pdfbase.pdfmetrics import stringWidth

        for index, line in enumerate(lines):
            self.room(BODY_LEADING)
            width = stringWidth(line, FONT, size)
            if kind in ("title", "center"):
                x = MARGIN + (USABLE - width) / 2
            elif kind == "sign":
                x = MARGIN + USABLE - width
            else:
                x = MARGIN + (indent if index == 0 else 0.0)
            self.y -= BODY_LEADING
            self.text(x, self.y + (BODY_LEADING - size) / 2 + 1, line, size)
        self.y -= 4

    def finish(self) -> bytes:
        self.new_page()
        self.canvas.save()
        return self.buffer.getvalue()


def _heights(grid: Grid, style: Style) -> list[float]:
    heights = [style.leading + 2 * style.pad] * grid.rows
    for cell in sorted(grid.cells, key=lambda c: c.rowspan):
        lines = len(wrap(cell.text, _width(grid, cell) - 2 * PAD, style.size))
        need = lines * style.leading + 2 * style.pad
        have = sum(heights[cell.row : cell.row + cell.rowspan])
        if need > have:
            heights[cell.row + cell.rowspan - 1] += need - have
    return heights


def draw_table(drawing: Drawing, grid: Grid, style: Style) -> None:
    """The table's rows top to bottom, a page break where one is forced or the next row
    does not fit; a cell spanning over a break is drawn on each page (its text on the
    first), and the header rows are drawn again on the new page if ``repeat_header``."""
    heights = _heights(grid, style)
    header = sum(heights[: grid.header_rows])
    tops: dict[int, tuple[int, float]] = {}  # row -> (page from this one on, top y)
    headers: list[tuple[int, float]] = []  # repeated header rows: (page, top y)
    # The header rows and the first row after them are kept together, as Word keeps them.
    drawing.room(sum(heights[: grid.header_rows + 1]))
    page, y = 0, drawing.y
    for row in range(grid.rows):
        if row in grid.breaks or (row > grid.header_rows and y - heights[row] < MARGIN):
            page, y = page + 1, HEIGHT - MARGIN
            if style.repeat_header and row >= grid.header_rows > 0:
                headers.append((page, y))
                y -= header
        tops[row] = (page, y)
        y -= heights[row]
    drawn: list[list[tuple[Placed, float, float]]] = [[] for _ in range(page + 1)]
    for cell in grid.cells:
        for part, top, bottom, first in _segments(cell, tops, heights):
            drawn[part].append((replace(cell, text=cell.text if first else ""), top, bottom))
    for part, start in headers:
        for cell in grid.cells:
            if cell.row < grid.header_rows:
                top = start - sum(heights[: cell.row])
                drawn[part].append(
                    (cell, top, top - sum(heights[cell.row : cell.row + cell.rowspan]))
                )
    for part, cells in enumerate(drawn):
        if part:
            drawing.new_page()
        for cell, top, bottom in cells:
            _draw_cell(drawing, grid, style, cell, top, bottom)
    drawing.y = y - 6


def _draw_cell(
    drawing: Drawing, grid: Grid, style: Style, cell: Placed, top: float, bottom: float
) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    x0 = MARGIN + sum(grid.widths[: cell.column])
    width = _width(grid, cell)
    if style.ruled:
        drawing.canvas.setLineWidth(0.5)
        drawing.canvas.rect(x0, bottom, width, top - bottom)
    size, leading = style.size, style.leading
    lines = wrap(cell.text, width - 2 * PAD, size)
    value = cell.is_value
    align = style.value_align if value else style.label_align
    valign = style.value_valign if value else style.label_valign
    if cell.header:
        align, valign = "center", "middle"
    block = len(lines) * leading
    if valign == "top":
        start = top - style.pad
    elif valign == "bottom":
        start = bottom + style.pad + block
    else:
        start = (top + bottom + block) / 2
    for index, line in enumerate(lines):
        baseline = start - (index + 1) * leading + (leading - size) / 2 + 0.2 * size
        line_width = stringWidth(line, FONT, size)
        if align == "left":
            x = x0 + PAD
        elif align == "right":
            x = x0 + width - PAD - line_width
        else:
            x = x0 + (width - line_width) / 2
        if value:
            x += dict(style.moves).get(cell.text, 0.0)
        drawing.text(x, baseline, line, size)


def _segments(
    cell: Placed, tops: dict[int, tuple[int, float]], heights: list[float]
) -> Iterator[tuple[int, float, float, bool]]:
    """The parts of a cell on each page it stands on: (page, top, bottom, first part)."""
    part: list[int] = []
    for row in range(cell.row, cell.row + cell.rowspan):
        if part and tops[row][0] != tops[part[0]][0]:
            yield _part(part, tops, heights, part[0] == cell.row)
            part = []
        part.append(row)
    yield _part(part, tops, heights, part[0] == cell.row)


def _part(
    rows: list[int], tops: dict[int, tuple[int, float]], heights: list[float], first: bool
) -> tuple[int, float, float, bool]:
    page, top = tops[rows[0]]
    return page, top, top - sum(heights[row] for row in rows), first


def draw_report(report: Any, style: Style = Style(), change: dict[str, Any] | None = None) -> bytes:
    """The report as a PDF: its prose as wrapped lines, its tables drawn in ``style``;
    ``change`` maps a table's name to a function of its grid (``split_row`` ...)."""
    maker = fixture_maker()
    drawing = Drawing()
    for block in report.blocks:
        if isinstance(block, maker.Table):
            grid = grid_of(block)
            if change and block.name in change:
                grid = change[block.name](grid)
            draw_table(drawing, grid, style)
        else:
            drawing.paragraph(*block)
    return drawing.finish()


def read(data: bytes) -> zfxxgk.Report:
    return zfxxgk.parse_bytes(data, filename="drawn.pdf")


# ---- the drawer itself: its plain ruled drawing reads as the fixtures do -------------------


@pytest.mark.parametrize("seed", SEEDS_2021, ids=lambda p: p.name[:3])
def test_a_drawn_ruled_report_reads_exactly(seed: Path) -> None:
    report = numbered_report(seed, random.Random(seed.name))
    expected = truth(report)
    assert len(set(numbers_in(expected["requests"]))) > 30  # distinct numbers, not zeros
    assert tables_of(read(draw_report(report))) == expected
