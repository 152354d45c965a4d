"""What every format shares: the missing-extra error, and the report text being written."""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import Literal, NamedTuple

import attrs

from ..errors import MissingExtraError as MissingExtraError  # defined there, for one base
from ..errors import ParseError
from ..model import Report
from ..normalize import fold, is_value
from ..parsing import parse

#: What ``sniff_format`` tells apart.
Format = Literal["text", "html", "docx", "pdf"]
#: Each format, and the extra whose libraries read it (plain text needs none).
FORMATS: dict[Format, str | None] = {"text": None, "html": "html", "docx": "docx", "pdf": "pdf"}

_NAMES: dict[Format, str] = {"text": "text", "html": "HTML", "docx": "DOCX", "pdf": "PDF"}


def _require(module: str, extra: str, what: str) -> ModuleType:
    """Import an extra's module, or say which ``pip install`` brings it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingExtraError(
            f"reading {what} needs the optional dependency “{module.partition('.')[0]}”, "
            f"which is not installed: pip install 'zfxxgk[{extra}]' "
            "(or 'zfxxgk[all]' for every format)"
        ) from error


class _Cell(NamedTuple):
    """A table cell as printed: its text and how many rows and columns it spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


# Control and format characters that would make the text look binary, or hide in labels.
_INVISIBLE = {code: " " for code in (*range(0x20), 0x7F)} | {
    0x00AD: None,
    0x200B: None,
    0x200C: None,
    0x200D: None,
    0x2060: None,
    0xFEFF: None,
}


def _clean(text: str) -> str:
    """One line of text: control characters out, every run of whitespace one space."""
    return " ".join(text.translate(_INVISIBLE).split())


def _is_label(text: str) -> bool:
    """Whether a cell's text is a label (repeated over the rows it spans) or a value."""
    key = fold(text)
    return bool(key) and not is_value(key)


def _expand(rows: Sequence[Sequence[_Cell]]) -> list[list[str]]:
    """Lay a table's cells out on its grid, as an HTML table model does.

    A label that spans rows is repeated on each of them; every other covered position is
    an empty cell. Row spans are clipped at the end of the table.
    """
    grid: dict[tuple[int, int], str] = {}
    height = len(rows)
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            rowspan = min(max(cell.rowspan, 1), height - r)
            colspan = max(cell.colspan, 1)
            repeat = cell.text if _is_label(cell.text) else ""
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault(
                        (r + dr, c + dc), cell.text if dr == dc == 0 else repeat if dc == 0 else ""
                    )
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(height)]


class _Text:
    """The report text being written in the ``tsv`` layout, and each line's origin."""

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        self.lines: list[str] = []
        self.origins: list[str] = []
        self.tables = 0

    def line(self, text: str, origin: str = "") -> None:
        clean = _clean(text)
        if clean:
            self.lines.append(clean)
            self.origins.append(origin)

    def table(self, rows: Sequence[Sequence[_Cell]], origins: Sequence[str] = ()) -> None:
        """Write a table's rows, ``origins`` saying where each row is (page, for PDF)."""
        self.tables += 1
        grid = [[_clean(text) for text in cells] for cells in _expand(rows)]
        if not any(is_value(fold(text)) for cells in grid for text in cells if text):
            # No number in it: text laid out in a grid (a signature block, a box around
            # the title), read as lines.
            for index, texts in enumerate(grid):
                place = origins[index] + ", " if index < len(origins) and origins[index] else ""
                for text in dict.fromkeys(texts):  # a spanned label once
                    self.line(text, f"{place}table {self.tables}, row {index + 1}")
            return
        for index, texts in enumerate(grid):
            if not any(texts):
                continue
            if len(texts) == 2 and not texts[0]:
                texts.append("")  # "\tX" would read as one cell of the cell-per-line layout
            place = origins[index] + ", " if index < len(origins) and origins[index] else ""
            self.lines.append("\t".join(texts))
            self.origins.append(f"{place}table {self.tables}, row {index + 1}")

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def parse(self) -> Report:
        """Parse the text; a ``ParseError`` gains the source position of its line."""
        try:
            return attrs.evolve(parse(self.text), source_format=self.fmt)
        except ParseError as error:
            origin = self.origins[error.line - 1] if 0 < error.line <= len(self.origins) else ""
            if not origin:
                raise
            raise ParseError(
                f"{error.reason} ({_NAMES[self.fmt]} {origin})",
                line=error.line,
                column=error.column,
                where=error.where,
            ) from None
