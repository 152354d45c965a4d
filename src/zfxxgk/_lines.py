"""The logical line, its cells, and what their keys are: the normalizer's output, and its alphabet.

A ``Document`` is a report as the grammar reads it: one ``Line`` per table row or prose
line, each keyed for the grammar and remembering where it came from (line and column in
the user's text), and so does every ``Cell``. A cell's key (``_clean_cell``) is its text
with full-width forms folded (``fold``), whitespace and thousands commas removed; a key
is a value (``is_value``: a number or a blank mark), a garbled number, or a label; and a
row's keys say which cell is its own label and which are its cells (``_read``).
``_normalize`` reads a text's layouts into these lines.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from ._caches import note

__all__ = ["BLANK_MARKS", "Cell", "Document", "Line", "fold", "is_value"]

# Full-width ASCII (U+FF01..U+FF5E) to ASCII, and the odd spaces to a space. A
# translation table keeps every character in place, so columns stay true.
_FOLD = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    | {space: " " for space in "\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"}
)
# _FOLD by character. Each maps to one ASCII character that _FOLD leaves alone.
_FOLDED = {chr(code): str(to) for code, to in _FOLD.items()}
# Any character _FOLD changes.
_TO_FOLD = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_FOLD)) + "]")
# A cell that holds a value: a number (with a unit or thousands commas), a signed change
# (增3, 减2), or one of the marks printed for a blank cell.
_VALUE = re.compile(
    r"[+-]?\d+(?:\.\d+)?(?:万元|元|件|项|个|次|条)?|[增减](?:加|少)?\d+|[/\\]|[-—–]{1,2}|无|"
)
# The characters a value (a _VALUE) may end with, beside a digit (\d, str.isdecimal).
_VALUE_ENDS = frozenset("万元件项个次条/\\-—–无")
# Thousands separators, with or without a unit: 1,748 / 251,000元 / 1,748件.
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:万元|元|件|项|个|次|条)?")
# Digits spaced out one by one, as some PDFs lay a number out: 1 7 4 8. Never 0 0 (no
# number starts with 0) nor two digits (6 9 is as likely two cells run together).
_SPACED_DIGITS = re.compile(r"[1-9](?: \d){2,}")
_SPLIT_NUMBERS = re.compile(r"\d\s+\d")
_ITEM_START = re.compile(
    r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．]"
)
#: What reports print in a cell to say it is blank.
BLANK_MARKS = frozenset({"/", "／", "\\", "—", "——", "-", "--", "–", "无"})
_GARBLED = re.compile(r"[^\u4e00-\u9fff]*\d[^\u4e00-\u9fff]*")
# A cell with nothing to clean: no whitespace, no full-width form or odd space that _FOLD
# changes, no thousands comma. Its key is its text (the fast path of _cell).
_PLAIN = re.compile(r"[^\s,\u200b\ufeff\uff01-\uff5e]+")


class Cell(NamedTuple):
    """One table cell: its key form, its text as printed, and where it starts."""

    key: str
    raw: str
    line: int
    column: int


# The cells of a row as printed: the parts of its text between the separators, its line
# and the column of its first part (a row on one line); or its cells, one per line, with
# the line and column of each.
_LineText = tuple[Sequence[str], int, int]
_RowText = _LineText | tuple[Sequence[str], Sequence[int], Sequence[int]]


class Line:
    """One logical line: a prose paragraph line, or a table row.

    ``key`` is what the grammar reads. For a prose line ``text`` is the line as printed
    (markup removed); for a row it is the row's label as printed, and ``cells`` holds the
    cells after the label, ``labels`` every label cell (group labels included), and
    ``keys`` the keys of ``cells``: all that most rows are read by. The cells of a row
    printed on one line are made from its text when first asked for.

    Where the layout shows every cell of a row (tab-separated and pipe rows; not rows
    split at spaces, nor one-cell-per-line rows, which leave spanned cells out), ``fields``
    holds the keys of all of them, empty ones included; ``header`` the fields of the
    header rows above it (the nearest rows without a number in the same stretch of
    table), and ``siblings`` how many cells most rows of the stretch print after their
    label, so that the lowering can tell a printed blank at a row's end from padding.

    Read-only once ``normalize`` returns it: ``_replace`` makes a changed copy.
    """

    __slots__ = (
        "_cells",
        "_labels",
        "_text",
        "column",
        "fields",
        "header",
        "key",
        "keys",
        "line",
        "siblings",
        "text",
    )

    key: str
    text: str
    line: int
    column: int
    keys: tuple[str, ...]
    fields: tuple[str, ...]
    header: tuple[str, ...]
    siblings: int
    # The cells and labels once made; until then the row's text, which of its parts are
    # its cells, and where its labels end (its filled parts before that index), with the
    # keys of its parts.
    _cells: tuple[Cell, ...] | None
    _labels: tuple[Cell, ...] | None
    _text: tuple[_RowText, Sequence[int], int, tuple[str, ...]] | None

    def __init__(
        self,
        key: str,
        text: str,
        line: int,
        column: int,
        cells: Iterable[Cell] = (),
        labels: Iterable[Cell] = (),
        fields: tuple[str, ...] = (),
        header: tuple[str, ...] = (),
        siblings: int = 0,
    ) -> None:
        self.key, self.text, self.line, self.column = key, text, line, column
        self._cells = cells = tuple(cells)
        self._labels = tuple(labels)
        self._text = None
        self.keys = tuple([cell.key for cell in cells]) if cells else ()
        self.fields, self.header, self.siblings = fields, header, siblings

    @property
    def cells(self) -> tuple[Cell, ...]:
        if self._cells is None:
            assert self._text is not None
            row, picks, _, _ = self._text
            self._cells = _cells_of(row, picks)
        return self._cells

    @property
    def labels(self) -> tuple[Cell, ...]:
        if self._labels is None:
            assert self._text is not None
            row, _, stop, keys = self._text
            self._labels = _cells_of(row, [i for i in range(stop) if keys[i]])
        return self._labels

    @property
    def is_row(self) -> bool:
        return "\t" in self.key

    def _replace(self, **changes: Any) -> Line:
        """A copy with some fields changed; changing ``cells`` changes ``keys``."""
        copy = Line.__new__(Line)
        for name in Line.__slots__:
            setattr(copy, name, getattr(self, name))
        for name, value in changes.items():
            if name == "cells":
                copy._cells = tuple(value)
                copy.keys = tuple([cell.key for cell in copy._cells])
            elif name == "labels":
                copy._labels = tuple(value)
            elif name in _FIELDS:
                setattr(copy, name, value)
            else:
                raise ValueError(f"Line has no field {name!r}")
        return copy

    def __repr__(self) -> str:
        return (
            f"Line(key={self.key!r}, text={self.text!r}, line={self.line}, "
            f"column={self.column}, keys={self.keys!r})"
        )


_FIELDS = frozenset({"key", "text", "line", "column", "fields", "header", "siblings"})


class Document(NamedTuple):
    """The normalized report: its logical lines, and their keys joined for the grammar."""

    lines: list[Line]
    text: str
    source_lines: int


def _row_line(
    key: str,
    text: str,
    anchor: Cell,
    row: _RowText,
    picks: Sequence[int],
    labels_end: int,
    fields: tuple[str, ...],
) -> Line:
    """A row's line whose cells (``picks``, indexes in the row's parts) and labels (its
    filled parts before ``labels_end``) are made from the row's text when first asked for."""
    line = Line.__new__(Line)
    line.key, line.text, line.line, line.column = key, text, anchor.line, anchor.column
    line._cells = line._labels = None
    line._text = (row, picks, labels_end, fields)
    line.keys = fields[picks.start :] if isinstance(picks, range) else _picked(fields, picks)
    line.fields, line.header, line.siblings = fields, (), 0
    return line


def _prose_line(key: str, text: str, line: int, column: int) -> Line:
    """``Line(key, text, line, column)`` without its keyword defaults and copies."""
    made = Line.__new__(Line)
    made.key, made.text, made.line, made.column = key, text, line, column
    made._cells = made._labels = made.keys = made.fields = made.header = ()
    made.siblings, made._text = 0, None
    return made


def _picked(fields: tuple[str, ...], picks: Sequence[int]) -> tuple[str, ...]:
    return tuple([fields[i] for i in picks])


def _cells_of(row: _RowText, picks: Sequence[int]) -> tuple[Cell, ...]:
    """The cells ``picks`` (indexes in the row's parts) of a row."""
    parts, line, column = row
    if isinstance(line, int) and isinstance(column, int):  # a row printed on one line
        starts = [column]
        for part in parts:
            starts.append(starts[-1] + len(part) + 1)
        plain = _PLAIN.fullmatch
        # _cell, without the call where the cell has nothing to clean.
        return tuple(
            [
                _new(Cell, (part, part, line, starts[i]))
                if not part or (part.isascii() and part.isdigit()) or plain(part)
                else _cell(part, line, starts[i])
                for i, part in zip(picks, [parts[i] for i in picks], strict=True)
            ]
        )
    assert not isinstance(line, int) and not isinstance(column, int)
    return tuple([_cell(parts[i], line[i], column[i]) for i in picks])


def fold(text: str) -> str:
    """Fold full-width forms to ASCII and remove all whitespace: the key of a label."""
    # "".join(split()) removes all whitespace, as re.sub(r"\s+", "", …) would (str.split and
    # \s agree on what whitespace is), without the regular-expression machinery.
    return "".join(_fold_forms(unicodedata.normalize("NFC", text)).split())


def _fold_forms(text: str) -> str:
    """``text.translate(_FOLD)``: one ``str.replace`` for each character to fold.

    ``str.translate`` looks every character of a text that is not ASCII up in its table;
    a report's prose holds a few kinds of full-width punctuation (，：（）) and many
    characters that stay as they are.
    """
    found = _TO_FOLD.findall(text)
    for char in set(found):
        text = text.replace(char, _FOLDED[char])
    return text


def is_value(key: str) -> bool:
    """Whether a cell's key holds a value (a number or a blank mark) rather than a label."""
    return _VALUE.fullmatch(key) is not None


_is_value = _VALUE.fullmatch  # is_value without the call around it, for the loops that read rows
# Cell(...) without the Python frame of a NamedTuple's __new__: the same tuple, made in C.
_new = tuple.__new__


def _is_plain(raw: str) -> bool:
    """Whether a cell has nothing to clean: empty, ASCII digits, or ``_PLAIN``."""
    return not raw or (raw.isascii() and raw.isdigit()) or _PLAIN.fullmatch(raw) is not None


def _cell(raw: str, line: int, column: int) -> Cell:
    key, stripped, lead = _cell_text(raw)
    return _new(Cell, (key, stripped, line, column + lead))


@functools.lru_cache(maxsize=8192)
def _cell_text(raw: str) -> tuple[str, str, int]:
    """``_clean_cell(raw)``, where most cells have nothing to clean: their key is their text.
    Kept for the cells seen last (numbers and labels come again and again)."""
    note(_cell_text, len(raw))
    if _is_plain(raw):
        return raw, raw, 0
    return _clean_cell(raw)


@functools.lru_cache(maxsize=8192)
def _key(raw: str) -> str:
    """The key of a cell printed as ``raw`` (``_cell(raw, …).key``), kept for the cells
    seen last (numbers and the template's labels come again and again)."""
    note(_key, len(raw))
    if not raw or (raw.isascii() and raw.isdigit()) or _PLAIN.fullmatch(raw):
        return raw
    return _clean_cell(raw)[0]


@functools.lru_cache(maxsize=4096)
def _clean_cell(raw: str) -> tuple[str, str, int]:
    """A cell's key, its text as printed, and how many characters lead its text.

    Kept for the cells seen last: every report prints its template's labels, and they
    are what has something to clean (full-width brackets, spaces).
    """
    note(_clean_cell, len(raw))
    stripped = raw.strip()
    folded = " ".join(_fold_forms(stripped).split())  # re.sub(r"\s+", " ", ….strip())
    if _THOUSANDS.fullmatch(folded):
        folded = folded.replace(",", "")
    elif _SPACED_DIGITS.fullmatch(folded):
        folded = folded.replace(" ", "")
    key = "".join(folded.split())
    if _SPLIT_NUMBERS.search(folded) and is_value(key):
        # "470 132" is two numbers in one cell (a merged or mis-extracted cell), not the
        # number 470132: keep the space, so the cell reads as text and the row fails loudly.
        key = folded
    return key, stripped, len(raw) - len(raw.lstrip())


# What a row's keys say about it: its key, the index of the part that places it (its
# label, else its first value), whether that part is its label, the indexes of its
# cells, where its labels end (its labels are its filled cells before that index), and
# whether it has a value (a row with none may be a header).
_Reading = tuple[str, int, bool, Sequence[int], int, bool]


def _is_garbled(key: str) -> bool:
    return _GARBLED.fullmatch(key) is not None and _ITEM_START.fullmatch(key) is None


# What a key is, for _read: empty, a value, a garbled number (a digit and no word), a label.
_EMPTY_KEY, _VALUE_KEY, _GARBLED_KEY, _LABEL_KEY = 0, 1, 2, 3


@functools.lru_cache(maxsize=8192)
def _kind(key: str) -> int:
    """What a key is (kept for the keys seen last: numbers and labels come again)."""
    note(_kind, len(key))
    if not key:
        return _EMPTY_KEY
    if _is_value(key):
        return _VALUE_KEY
    return _GARBLED_KEY if _is_garbled(key) else _LABEL_KEY


@functools.lru_cache(maxsize=8192)
def _read(fields: tuple[str, ...]) -> _Reading | None:
    """Read a row from its cells' keys: the row's own label first, then its cells.

    Kept for the rows seen last: a row's keys are its labels and its numbers, and most
    rows of most reports print the same labels and zeros.

    The label is the last label cell before the first value; label cells before it are
    group labels (三、本年度办理结果, （三）不予公开) or page-break fragments. A row with no
    value is a header row, keyed by its first label. A row of one label is prose. None
    for a row with no cell filled.
    """
    note(_read, sum(map(len, fields)))
    # After the first label, a cell with a digit and no word in it is a number, however
    # garbled (0x, 1O): it is read (and refused) as the row's cell, not taken for a label.
    kinds = tuple(map(_kind, fields))
    if _GARBLED_KEY not in kinds:  # most rows: the first value, and the labels before it
        if _VALUE_KEY not in kinds:
            return _read_labels(fields)
        first_value = kinds.index(_VALUE_KEY)
        labels_before = kinds[:first_value].count(_LABEL_KEY)
    else:
        first_value, labels_before = -1, 0  # and how many filled cells are before it
        for index, kind in enumerate(kinds):
            if kind:
                if kind == _VALUE_KEY or (labels_before and kind == _GARBLED_KEY):
                    first_value = index
                    break
                labels_before += 1
        if first_value < 0:
            return _read_labels(fields)
    width = len(fields)
    if labels_before:  # the last label before the first value is the row's own
        label_index = first_value - 1
        while not fields[label_index]:
            label_index -= 1
        key = "\t".join(fields[label_index:])
        return key, label_index, True, range(label_index + 1, width), label_index + 1, True
    # numbers with no label
    return "\t" + "\t".join(fields), first_value, False, range(width), 0, True


def _read_labels(fields: Sequence[str]) -> _Reading | None:
    """``_read`` for a row with no value: labels only, or nothing."""
    filled = [index for index, key in enumerate(fields) if key]
    if not filled:
        return None
    width, last = len(fields), filled[-1]
    if len(filled) > 1 and last + 1 < width and all(_ITEM_START.match(fields[i]) for i in filled):
        # 三、本年度办理结果 / （一）予以公开 then empty cells: a row printed with every
        # cell blank, under its group labels (a header row's labels are no items).
        key = fields[last] + "\t" * (width - last - 1)
        return key, last, True, range(last + 1, width), width, False
    if len(filled) == 1:
        # One label: a row whose cells are all blank (政府集中采购 with nothing bought),
        # or, with nothing after it, a heading or note set in a cell of its own.
        only = filled[0]
        key = fields[only] + "\t" * (width - only - 1)
        return key, only, True, range(only + 1, width), width, False
    key = "\t".join([fields[i] for i in filled])
    return key, filled[0], True, tuple(filled[1:]), width, False
