"""Numbers a PDF prints where no reader can place them, refused with the page named.

- a digit drawn over another character (two numbers printed at one place: the text
  extractor would run them together into one wrong number);
- a digit on or across the border of a ruled table's cell (a number drawn between two
  columns: its digits would be read in two cells).

A character drawn twice at almost the same place, as some editors print bold, is one
character, not two.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ..errors import ParseError

if TYPE_CHECKING:  # pragma: no cover - types only; pdfplumber is the optional extra "pdf"
    from pdfplumber.table import Table as PdfTable

_DIGITS = frozenset("0123456789")
_TOUCH = 0.3  # points: a digit this close to a cell's border stands on it
# Two characters overlapping by half the narrower one's width, and by a point at least,
# stand at one place; loose character boxes of neighbours overlap by a fraction of that.
_OVERLAP = 0.5
_OVERLAP_POINTS = 1.0
_BOLD = 1.0  # points: the same character drawn again this close is simulated bold


def _check_overprint(chars: Sequence[dict[str, Any]], page: int) -> None:
    """Refuse a page where a digit is drawn over another character."""
    lines: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    for char in chars:
        if not char["text"].isspace():
            lines[int((char["top"] + char["bottom"]) // 2)].append(char)
    for line in lines.values():
        if not any(char["text"] in _DIGITS for char in line):
            continue
        line.sort(key=lambda char: char["x0"])
        for one, other in pairwise(line):
            if one["text"] not in _DIGITS and other["text"] not in _DIGITS:
                continue
            overlap = min(one["x1"], other["x1"]) - max(one["x0"], other["x0"])
            narrower = min(one["x1"] - one["x0"], other["x1"] - other["x0"])
            bold = one["text"] == other["text"] and abs(one["x0"] - other["x0"]) < _BOLD
            if overlap > max(_OVERLAP * narrower, _OVERLAP_POINTS) and not bold:
                raise ParseError(
                    f"PDF page {page} prints “{one['text']}” and “{other['text']}” over each "
                    f"other (at x {one['x0']:.0f}, y {one['top']:.0f} from the top): a number "
                    "drawn over another cannot be read. Is the file damaged?"
                )


def _check_borders(table: PdfTable, chars: Sequence[dict[str, Any]], page: int) -> None:
    """Refuse a ruled table with a digit on or across one of its cells' borders."""
    x0, top, x1, bottom = table.bbox
    digits = sorted(
        (
            char
            for char in chars
            if char["text"] in _DIGITS
            and top <= (char["top"] + char["bottom"]) / 2 < bottom
            and x0 <= (char["x0"] + char["x1"]) / 2 < x1
        ),
        key=lambda char: char["top"] + char["bottom"],
    )
    middles = [(char["top"] + char["bottom"]) / 2 for char in digits]
    for row in table.rows:
        _, row_top, _, row_bottom = row.bbox
        for char in digits[bisect_left(middles, row_top) : bisect_left(middles, row_bottom)]:
            middle = (char["x0"] + char["x1"]) / 2
            cell = next((c for c in row.cells if c is not None and c[0] <= middle < c[2]), None)
            if cell is not None and (
                char["x0"] < cell[0] + _TOUCH or char["x1"] > cell[2] - _TOUCH
            ):
                raise ParseError(
                    f"PDF page {page} prints a number across the border of a table cell (the "
                    f"digit “{char['text']}” at x {char['x0']:.0f}, y {char['top']:.0f} from the "
                    "top): its digits would be read in two cells, so it cannot be placed in "
                    "its column. Is the file damaged?"
                )
