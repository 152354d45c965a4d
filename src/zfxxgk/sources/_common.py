"""What every format shares: the missing-extra error, and the report text being written."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Literal, NamedTuple, NoReturn

import attrs

from .._caches import LONGEST, note
from .._normalize import fold, is_value
from .._parsing import parse
from ..errors import MissingExtraError as MissingExtraError  # defined there, for one base
from ..errors import ParseError
from ..limits import MAX_DOCUMENT_CELLS, MAX_TABLE_CELLS, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS
from ..model import Report

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


# The cell texts a report's tables print are few (numbers, its template's labels), and a
# table is read many times over (laid out, checked, written): what a cell's text is, is
# kept for the texts seen last.


def _clean(text: str) -> str:
    """One line of text: control characters out, every run of whitespace one space."""
    if len(text) > LONGEST:  # a paragraph, which no other line repeats: not kept
        return _cleaned(text)
    return _clean_kept(text)


def _cleaned(text: str) -> str:
    return " ".join(text.translate(_INVISIBLE).split())


_clean_kept = functools.lru_cache(maxsize=8192)(_cleaned)


@functools.lru_cache(maxsize=8192)
def _is_label(text: str) -> bool:
    """Whether a cell's text is a label (repeated over the rows it spans) or a value."""
    note(_is_label, len(text))
    key = fold(text)
    return bool(key) and not is_value(key)


@functools.lru_cache(maxsize=8192)
def _is_value(text: str) -> bool:
    """Whether a cell's text is a value (a number, or a blank mark such as / or 无)."""
    note(_is_value, len(text))
    return is_value(fold(text))


# A NamedTuple made without the Python frame of its __new__: the same tuple, made in C.
_new = tuple.__new__


class _Placed(NamedTuple):
    """A cell on the table's grid: its first row and column, and one past its last column."""

    row: int
    column: int
    end: int
    text: str


class _Grid(NamedTuple):
    """A table laid out on its grid: each row's texts (only as far as its cells reach, never
    padded), the cells each row prints itself, the positions no cell covers, and the first
    position of the cell that covers each position a spanning cell covers (a cell of one
    position is its own)."""

    rows: list[list[str]]
    own: list[list[_Placed]]
    holes: list[set[int]]
    owner: dict[tuple[int, int], tuple[int, int]]


def _layout(rows: Sequence[Sequence[_Cell]]) -> _Grid:
    """Lay a table's cells out on its grid, as an HTML table model does.

    A label that spans rows is repeated on each of them; every other covered position is
    an empty cell. Row spans are clipped at the end of the table. A row is as long as its
    cells (and those spanning from above) reach: a missing cell is not made up.
    """
    texts_at: list[dict[int, str]] = [{} for _ in rows]  # each row's texts by column
    owner: dict[tuple[int, int], tuple[int, int]] = {}  # position -> the cell's first
    height = len(rows)
    own: list[list[_Placed]] = [[] for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        at, placed = texts_at[r], own[r]
        for text, rowspan, colspan in row:
            while c in at:
                c += 1
            if rowspan != 1 or colspan != 1:
                rowspan = min(max(rowspan, 1), height - r)
                colspan = max(colspan, 1)
            if rowspan == colspan == 1:  # most cells: a free position, its own
                at[c] = text
                placed.append(_new(_Placed, (r, c, c + 1, text)))
                c += 1
                continue
            # Rows below are laid out later, and this row's later cells start after it:
            # no position it covers holds a cell of one position yet.
            repeat = text if _is_label(text) else ""
            for dr in range(rowspan):
                below = texts_at[r + dr]
                for dc in range(colspan):
                    below.setdefault(c + dc, text if dr == dc == 0 else repeat if dc == 0 else "")
                    owner.setdefault((r + dr, c + dc), (r, c))
            placed.append(_new(_Placed, (r, c, c + colspan, text)))
            c += colspan
    texts: list[list[str]] = []
    holes: list[set[int]] = []
    for at in texts_at:
        width = max(at) + 1 if at else 0
        if len(at) == width:  # no hole: the positions are 0 … width - 1
            texts.append(list(map(at.__getitem__, range(width))))
            holes.append(set())
        else:
            texts.append([at.get(c, "") for c in range(width)])
            holes.append({c for c in range(width) if c not in at})
    return _Grid(texts, own, holes, owner)


def _expand(rows: Sequence[Sequence[_Cell]]) -> list[list[str]]:
    """The table's rows on its grid (see ``_layout``): spans expanded, rows never padded."""
    return _layout(rows).rows


# Words that only the report's own tables (表二, 表三, 表四) print: a table holding one is
# checked cell by cell, a table without any (a contact list, a menu) is written as it is.
_TABLE_WORDS = {
    "表三": ("申请人情况", "本年新收", "上年结转", "结转下年度", "予以公开", "不予公开"),
    "表四": ("行政复议", "行政诉讼", "复议后起诉"),
    "表二": ("信息内容", "第二十条", "规范性文件", "行政许可", "行政处罚", "行政事业性收费"),
}
_DIGITS = re.compile(r"\d")
#: How a table cell that is printed blank (an empty ``<td>`` or ``<w:tc>`` among the
#: numbers) is written in the report text: a blank mark the parser reads as null.
PRINTED_BLANK = "—"


def _table_name(texts: Sequence[str]) -> str | None:
    """Which of the report's tables a table is, told by its words; None for another table."""
    words = fold("".join(texts))
    for name, anchors in _TABLE_WORDS.items():
        if any(anchor in words for anchor in anchors):
            return name
    return None


@functools.lru_cache(maxsize=8192)
def _is_number(text: str) -> bool:
    """A value cell with a number in it (not a blank mark such as / or 无)."""
    note(_is_number, len(text))
    key = fold(text)
    return bool(key) and is_value(key) and _DIGITS.search(key) is not None


def _is_header(cells: Sequence[_Placed]) -> bool:
    """A header row: every cell it prints is a label (a blank or a value makes a data row)."""
    return bool(cells) and all(_is_label(cell.text) for cell in cells)


class _RaggedRow(Exception):
    """A row that does not fill its block's columns; ``_Text`` makes it a ``ParseError``."""

    def __init__(self, row: int, reason: str) -> None:
        super().__init__(reason)
        self.row = row
        self.reason = reason


def _check_blocks(grid: _Grid, *, split_numbers: bool) -> set[tuple[int, int]]:
    """Every row of a report table fills exactly its block's columns, or ``_RaggedRow``.

    Returns the positions of the blank cells the table prints among its numbers (from
    the block's first column of numbers on), which are written as a blank mark.

    A block is a run of header rows (rows of labels only) and the data rows under them;
    its header rows give its columns. Rows before any header row form a block whose width
    is the one most of them have. A value cell may span columns only under one header cell,
    and a label never covers a column in which the block's rows print numbers.
    """
    blocks: list[tuple[list[int], list[int]]] = []  # (header rows, data rows)
    for r, cells in enumerate(grid.own):
        if not cells:
            continue
        if _is_header(cells):
            if not blocks or blocks[-1][1]:
                blocks.append(([], []))
            blocks[-1][0].append(r)
        else:
            if not blocks:
                blocks.append(([], []))
            blocks[-1][1].append(r)
    blanks: set[tuple[int, int]] = set()
    for headers, data in blocks:
        extents = [len(grid.rows[r]) for r in headers or data]
        width = max(extents) if headers else Counter(extents).most_common(1)[0][0]
        numbers = _number_columns(grid, data)
        first_number = min(numbers, default=0)
        data_rows = set(data)
        leaf = _leaf_header(grid, headers[-1]) if headers else None
        for r in headers + data:
            found = len(grid.rows[r])
            if found < width or grid.holes[r]:
                raise _RaggedRow(
                    r,
                    f"the row has cells in {found - len(grid.holes[r])} of its block's {width} "
                    "columns (as the block's header rows give them): a cell is missing, so "
                    "the numbers after it would stand in the wrong columns (a blank is "
                    "printed as an empty cell; a missing one is not there)",
                )
            if found > width:
                raise _RaggedRow(
                    r,
                    f"the row has {found} columns where its block's header has {width}: "
                    "a cell too many, so no number of the row can be placed in its column",
                )
            if r not in data_rows:
                continue
            numbered = any(_is_number(cell.text) for cell in grid.own[r])
            for cell in grid.own[r]:
                text = cell.text
                # Only what _check_cell can find wrong is checked: a number that holds two
                # or spans columns, a label in a row with numbers (most cells are neither).
                if numbered and (
                    (split_numbers and _numbers_in(text) > 1) or cell.end - cell.column > 1
                    if _is_number(text)
                    else numbers and _is_label(text)
                ):
                    _check_cell(cell, numbers, leaf, numbered, split_numbers=split_numbers)
                if numbers and cell.column >= first_number and not _clean(text):
                    blanks.add((r, cell.column))
    return blanks


def _number_columns(grid: _Grid, data: Sequence[int]) -> set[int]:
    """The columns in which at least half of the block's rows with numbers print one."""
    counts: Counter[int] = Counter()
    rows = 0
    for r in data:
        columns = {
            c for cell in grid.own[r] if _is_number(cell.text) for c in range(cell.column, cell.end)
        }
        rows += bool(columns)
        counts.update(columns)
    return {c for c, count in counts.items() if 2 * count >= rows}


@functools.lru_cache(maxsize=8192)
def _numbers_in(text: str) -> int:
    """How many of a cell's words (split at whitespace) hold a digit."""
    note(_numbers_in, len(text))
    return len([word for word in text.split() if _DIGITS.search(word)])


def _leaf_header(grid: _Grid, row: int) -> list[tuple[int, int]]:
    """For each column, the header cell over it in the block's last header row: the
    columns a value may span are those of one header cell."""
    return [grid.owner.get((row, c), (row, c)) for c in range(len(grid.rows[row]))]


def _check_cell(
    cell: _Placed,
    numbers: set[int],
    leaf: list[tuple[int, int]] | None,
    numbered: bool,
    *,
    split_numbers: bool,
) -> None:
    """A data row's cell: one number, in one header column; a label (in a row with
    numbers) never over a column of numbers."""
    span = range(cell.column, cell.end)
    if _is_number(cell.text):
        if split_numbers and _numbers_in(cell.text) > 1:
            raise _RaggedRow(
                cell.row,
                f"the cell “{_clean(cell.text)}” holds two numbers: one cell holds one number "
                "(a merged or damaged cell?), so neither can be placed in its column",
            )
        if len(span) > 1 and leaf is not None and len({leaf[c] for c in span if c < len(leaf)}) > 1:
            raise _RaggedRow(
                cell.row,
                f"the number “{_clean(cell.text)}” spans {len(span)} columns that have "
                "headers of their own, so which column holds it cannot be told",
            )
    elif _is_label(cell.text) and numbers.intersection(span) and numbered:
        raise _RaggedRow(
            cell.row,
            f"the label “{_clean(cell.text)}” covers a column that holds numbers in the "
            "other rows, so the row's numbers would stand in the wrong columns",
        )


class _Text:
    """The report text being written in the ``tsv`` layout, and each line's origin."""

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        self.lines: list[str] = []
        self.origins: list[str] = []
        self.tables = 0
        self.cells = 0  # grid positions of the tables written so far, spans included

    def line(self, text: str, origin: str = "") -> None:
        clean = _clean(text)
        if clean:
            self.lines.append(clean)
            self.origins.append(origin)

    def table(self, rows: Sequence[Sequence[_Cell]], origins: Sequence[str] = ()) -> None:
        """Write a table's rows, ``origins`` saying where each row is (page, for PDF).

        A table of the report (表二, 表三, 表四) whose rows do not fill their block's
        columns raises ``ParseError`` naming the row: a missing cell is never made up.
        """
        self.tables += 1

        def place(index: int) -> str:
            page = origins[index] + ", " if index < len(origins) and origins[index] else ""
            return f"{page}table {self.tables}, row {index + 1}"

        self.check_size(rows, place)
        layout = _layout(rows)
        grid = [list(map(_clean, cells)) for cells in layout.rows]

        if not any(_is_value(text) for cells in grid for text in cells if text):
            # No number in it: text laid out in a grid (a signature block, a box around
            # the title), read as lines.
            for index, texts in enumerate(grid):
                for text in dict.fromkeys(texts):  # a spanned label once
                    self.line(text, place(index))
            return
        name = _table_name([text for cells in grid for text in cells])
        if name is not None:
            try:
                blanks = _check_blocks(layout, split_numbers=self.fmt in ("html", "docx"))
            except _RaggedRow as ragged:
                written = sum(1 for texts in grid[: ragged.row] if any(texts))
                labels = dict.fromkeys(
                    text for text in grid[ragged.row] if text and _is_label(text)
                )
                raise ParseError(
                    f"{ragged.reason} ({_NAMES[self.fmt]} {place(ragged.row)})",
                    line=len(self.lines) + written + 1,
                    where=" ".join([name, *labels]),
                ) from None
            for r, c in blanks:
                # A cell printed blank, told apart from the empty positions a spanning
                # label leaves: the parser reads the mark as null, as it reads “/”.
                grid[r][c] = PRINTED_BLANK
        for index, texts in enumerate(grid):
            if not any(texts):
                continue
            if len(texts) == 2 and not texts[0]:
                texts.append("")  # "\tX" would read as one cell of the cell-per-line layout
            self.lines.append("\t".join(texts))
            self.origins.append(place(index))

    def check_size(self, rows: Sequence[Sequence[_Cell]], place: Callable[[int], str]) -> None:
        """Raise ``ParseError`` for a table past the limits (``zfxxgk.limits``), from its
        cells' spans alone: before its grid is laid out, which would take the time and
        memory of every position it spans."""
        height = len(rows)
        if height > MAX_TABLE_ROWS:
            self.too_big(f"{height:,} rows, more than the limit of {MAX_TABLE_ROWS:,}", place(0))
        positions = 0
        for r, row in enumerate(rows):
            below = height - r
            width = covered = 0
            for _, rowspan, colspan in row:
                if rowspan == 1 and colspan == 1:  # most cells
                    width += 1
                    covered += 1
                else:
                    colspan = max(colspan, 1)
                    width += colspan
                    covered += min(max(rowspan, 1), below) * colspan
            if width > MAX_TABLE_COLUMNS:
                self.too_big(
                    f"a row of {width:,} columns (its cells' column spans added up), more "
                    f"than the limit of {MAX_TABLE_COLUMNS:,}",
                    place(r),
                )
            positions += covered
        if positions > MAX_TABLE_CELLS:
            self.too_big(
                f"{positions:,} cells once its spans are laid out, more than the limit of "
                f"{MAX_TABLE_CELLS:,}",
                place(0),
            )
        self.cells += positions
        if self.cells > MAX_DOCUMENT_CELLS:
            self.too_big(
                f"{positions:,} cells, which with the tables before it make {self.cells:,}, "
                f"more than the limit of {MAX_DOCUMENT_CELLS:,} for a document",
                place(0),
            )

    def too_big(self, found: str, where: str) -> NoReturn:
        """A table past a limit: no report's table comes near one."""
        raise ParseError(
            f"a table has {found} (a report's tables have tens of rows and columns): is the "
            f"file damaged, or not a report? ({_NAMES[self.fmt]} {where})",
            line=len(self.lines) + 1,
        )

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
