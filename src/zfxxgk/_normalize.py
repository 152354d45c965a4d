"""Clean-up in front of the grammar: extraction damage in, one logical line per row out.

Real report text comes from PDF, Word and HTML extraction, and arrives in a few layouts:
a table row per line with tab-separated cells (``tsv``), one cell per line with blank
lines between rows (``cells``), or Markdown pipe tables. The normalizer absorbs that, so
the grammar sees one line per table row or prose paragraph, each in a canonical *key*
form: full-width digits and punctuation folded, whitespace removed from labels, the row's
own label first and its cells after it, tab-separated.

Every logical line remembers where it came from (line and column in the user's text),
and so does every cell: a ``ParseError`` points at the user's own text, not at ours.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from .errors import ParseError
from .limits import MAX_TEXT_CHARS

__all__ = ["Cell", "Document", "Line", "normalize"]

# Full-width ASCII (U+FF01..U+FF5E) to ASCII, and the odd spaces to a space. A
# translation table keeps every character in place, so columns stay true.
_FOLD = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    | {space: " " for space in "\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"}
)
# Any character _FOLD changes: str.translate looks every character up in the table, so a
# text without one (most) is left as it is.
_TO_FOLD = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_FOLD)) + "]")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s*")
_EMPHASIS = re.compile(r"\*\*|__")
# Lines a page break or a converter leaves behind: rules, page numbers, table rules.
_JUNK_LINE = re.compile(
    r"\s*(?:[-_*=]{3,}|[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*)\s*"
)
# A cell that holds a value: a number (with a unit or thousands commas), a signed change
# (增3, 减2), or one of the marks printed for a blank cell.
_VALUE = re.compile(
    r"[+-]?\d+(?:\.\d+)?(?:万元|元|件|项|个|次|条)?|[增减](?:加|少)?\d+|[/\\]|[-—–]{1,2}|无|"
)
# Thousands separators, with or without a unit: 1,748 / 251,000元 / 1,748件.
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:万元|元|件|项|个|次|条)?")
# Digits spaced out one by one, as some PDFs lay a number out: 1 7 4 8. Never 0 0 (no
# number starts with 0) nor two digits (6 9 is as likely two cells run together).
_SPACED_DIGITS = re.compile(r"[1-9](?: \d){2,}")
_SPLIT_NUMBERS = re.compile(r"\d\s+\d")
_HEADING_LIKE = re.compile(r"[一二三四五六七八九十]+[、.,]|[(（][一二三四五六七八九十]+[)）]")
_WORD = re.compile(r"\S+")
_ITEM_START = re.compile(
    r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．]"
)
#: What reports print in a cell to say it is blank.
BLANK_MARKS = frozenset({"/", "／", "\\", "—", "——", "-", "--", "–", "无"})
_GARBLED = re.compile(r"[^\u4e00-\u9fff]*\d[^\u4e00-\u9fff]*")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A cell with nothing to clean: no whitespace, no full-width form or odd space that _FOLD
# changes, no thousands comma. Its key is its text (the fast path of _cell).
_PLAIN = re.compile(r"[^\s,\u200b\ufeff\uff01-\uff5e]+")
# What _clean may remove: Word bookmarks, Markdown heading marks and emphasis.
_MARKUP = re.compile(r"\[bookmark|[#*_]")


class Cell(NamedTuple):
    """One table cell: its key form, its text as printed, and where it starts."""

    key: str
    raw: str
    line: int
    column: int


class Line(NamedTuple):
    """One logical line: a prose paragraph line, or a table row.

    ``key`` is what the grammar reads. For a prose line ``text`` is the line as printed
    (markup removed); for a row it is the row's label as printed, and ``cells`` holds the
    cells after the label, ``labels`` every label cell (group labels included).

    Where the layout shows every cell of a row (tab-separated and pipe rows; not rows
    split at spaces, nor one-cell-per-line rows, which leave spanned cells out), ``fields``
    holds the keys of all of them, empty ones included; ``header`` the fields of the
    header rows above it (the nearest rows without a number in the same stretch of
    table), and ``siblings`` how many cells most rows of the stretch print after their
    label, so that the lowering can tell a printed blank at a row's end from padding.
    """

    key: str
    text: str
    line: int
    column: int
    cells: tuple[Cell, ...] = ()
    labels: tuple[Cell, ...] = ()
    fields: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    siblings: int = 0

    @property
    def is_row(self) -> bool:
        return "\t" in self.key


class Document(NamedTuple):
    """The normalized report: its logical lines, and their keys joined for the grammar."""

    lines: list[Line]
    text: str
    source_lines: int


def fold(text: str) -> str:
    """Fold full-width forms to ASCII and remove all whitespace: the key of a label."""
    # "".join(split()) removes all whitespace, as re.sub(r"\s+", "", …) would (str.split and
    # \s agree on what whitespace is), without the regular-expression machinery.
    return "".join(_fold_forms(unicodedata.normalize("NFC", text)).split())


def _fold_forms(text: str) -> str:
    """``text.translate(_FOLD)``, without the table look-ups where nothing is to fold."""
    return text.translate(_FOLD) if _TO_FOLD.search(text) else text


def is_value(key: str) -> bool:
    """Whether a cell's key holds a value (a number or a blank mark) rather than a label."""
    return _VALUE.fullmatch(key) is not None


_is_value = _VALUE.fullmatch  # is_value without the call around it, for the loops below
# Cell(...) without the Python frame of a NamedTuple's __new__: the same tuple, made in C.
_new = tuple.__new__


def _is_plain(raw: str) -> bool:
    """Whether a cell has nothing to clean: empty, ASCII digits, or ``_PLAIN``."""
    return not raw or (raw.isascii() and raw.isdigit()) or _PLAIN.fullmatch(raw) is not None


def _cell(raw: str, line: int, column: int) -> Cell:
    if _is_plain(raw):  # most cells: nothing to clean
        return _new(Cell, (raw, raw, line, column))
    key, stripped, lead = _clean_cell(raw)
    return _new(Cell, (key, stripped, line, column + lead))


@functools.lru_cache(maxsize=4096)
def _clean_cell(raw: str) -> tuple[str, str, int]:
    """A cell's key, its text as printed, and how many characters lead its text.

    Kept for the cells seen last: every report prints its template's labels, and they
    are what has something to clean (full-width brackets, spaces).
    """
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


def _split_row(text: str, line: int, column: int) -> list[Cell]:
    if "\t" in text:
        parts = text.split("\t")
    else:  # a Markdown pipe row: | a | b |
        inner = text.strip()
        offset = text.index("|") + 1
        column += offset
        parts = inner[1:-1].split("|") if inner.endswith("|") else inner[1:].split("|")
    cells = []
    plain = _PLAIN.fullmatch
    for part in parts:
        # _cell's fast path, without the call: most cells are numbers or empty.
        cells.append(
            _new(Cell, (part, part, line, column))
            if not part or (part.isascii() and part.isdigit()) or plain(part)
            else _cell(part, line, column)
        )
        column += len(part) + 1
    return cells


def _is_garbled(key: str) -> bool:
    return _GARBLED.fullmatch(key) is not None and _ITEM_START.fullmatch(key) is None


def _row_line(cells: list[Cell]) -> Line | None:
    """Turn a row's cells into a logical line: the row's own label first, then its cells.

    The label is the last label cell before the first value; label cells before it are
    group labels (三、本年度办理结果, （三）不予公开) or page-break fragments. A row with no
    value is a header row, keyed by its first label. A row of one label is prose.
    """
    fields = tuple([cell.key for cell in cells])
    filled = [index for index, key in enumerate(fields) if key]
    if not filled:
        return None
    # After the first label, a cell with a digit and no word in it is a number, however
    # garbled (0x, 1O): it is read (and refused) as the row's cell, not taken for a label.
    first_value = labels_before = None
    for place, i in enumerate(filled):
        if _is_value(fields[i]) or (place and _is_garbled(fields[i])):
            first_value, labels_before = i, place
            break
    if first_value is None or labels_before is None:
        texts = [cells[i] for i in filled]
        last = filled[-1]
        if (
            len(texts) > 1
            and last + 1 < len(cells)
            and all(_ITEM_START.match(cell.key) for cell in texts)
        ):
            # 三、本年度办理结果 / （一）予以公开 then empty cells: a row printed with every
            # cell blank, under its group labels (a header row's labels are no items).
            blanks = tuple(cells[last + 1 :])
            own = cells[last]
            key = own.key + "\t" * len(blanks)
            return Line(key, own.raw, own.line, own.column, blanks, tuple(texts), fields)
        if len(texts) == 1:
            # One label: a row whose cells are all blank (政府集中采购 with nothing bought),
            # or, with nothing after it, a heading or note set in a cell of its own.
            only, blanks = texts[0], tuple(cells[filled[0] + 1 :])
            key = only.key + "\t" * len(blanks)
            return Line(key, only.raw, only.line, only.column, blanks, (only,), fields)
        label, rest = texts[0], texts[1:]
        return Line(
            label.key + "\t" + "\t".join(c.key for c in rest),
            label.raw,
            label.line,
            label.column,
            tuple(rest),
            tuple(texts),
            fields,
        )
    if labels_before:  # the last label before the first value is the row's own
        label_index = filled[labels_before - 1]
        anchor = cells[label_index]
        key, label_raw = "\t".join(fields[label_index:]), anchor.raw
        labels = tuple([cells[i] for i in filled[:labels_before]])
    else:  # numbers with no label
        label_index, anchor = -1, cells[first_value]
        key, label_raw, labels = "\t" + "\t".join(fields), "", ()
    values = tuple(cells[label_index + 1 :])
    return Line(key, label_raw, anchor.line, anchor.column, values, labels, fields)


def _clean(raw: str) -> tuple[str, int] | None:
    """Remove Word and Markdown residue from one source line; None for a junk line.

    Returns the cleaned line and how many characters were taken off its start.
    """
    if not _MARKUP.search(raw):  # most lines: nothing to remove
        return None if "\t" not in raw and _JUNK_LINE.fullmatch(raw) else (raw, 0)
    text = _BOOKMARK.sub("", raw) if "[bookmark" in raw else raw
    if "#" in text:
        mark = _HEADING_MARK.match(text)
        if mark and "\t" not in text and "|" not in text[: mark.end()]:
            text = text[mark.end() :]
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", text)
    if "\t" not in text and _JUNK_LINE.fullmatch(text):
        return None
    return text, len(raw) - len(text) if raw.endswith(text) else 0


def _is_single_cell(text: str) -> bool:
    return text.startswith("\t") and text.count("\t") == 1


def _is_table_line(text: str) -> bool:
    if "\t" in text:
        return True
    stripped = text.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def _check_is_text(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(
            f"the text is {len(text):,} characters long, more than the limit of "
            f"{MAX_TEXT_CHARS:,} (a report's text is a few thousand): is it one report? "
            "Split it, or pass the one report's text"
        )
    if not text.strip():
        raise ParseError("the text is empty: there is no report to read")
    junk = _CONTROL.search(text)
    if junk:
        line = text.count("\n", 0, junk.start()) + 1
        column = junk.start() - (text.rfind("\n", 0, junk.start()) + 1) + 1
        raise ParseError(
            f"this is not text: control character U+{ord(junk.group()):04X} found. Is it a "
            "binary file (PDF, Word, an image)? Pass the extracted text, or use parse_file()",
            line=line,
            column=column,
        )


class _Geometry:
    """What the rows of a stretch of table share: the header rows above them, and how many
    cells most of them print after their label. A stretch ends at a prose line and at a
    blank line inside the table (a page break)."""

    def __init__(self, lines: list[Line]) -> None:
        self._lines = lines
        self._header: tuple[str, ...] = ()
        self._after_header = False  # whether the last line added is a header row
        self._rows: list[int] = []  # the indexes of the stretch's rows in ``lines``

    def add(self, line: Line) -> None:
        # A header names columns: two labels or more, and no number. A label with empty
        # cells after it is a row printed blank (or a sub-heading), not a header.
        is_header = (
            line.is_row
            and sum(1 for key in line.fields if key) > 1
            and not any(key and is_value(key) for key in line.fields)
            and not any(ch.isdigit() for key in line.fields for ch in key)
        )
        if not line.is_row:
            self.end()
        elif is_header:
            # Header rows above one another (申请人情况 / 自然人 / 商业企业…) make one header:
            # its width is the widest's, and a column is named if any of them names it.
            above = self._header if self._after_header else ()
            self._header = tuple(
                (line.fields[i] if i < len(line.fields) else "")
                or (above[i] if i < len(above) else "")
                for i in range(max(len(above), len(line.fields)))
            )
        elif line.fields:
            line = line._replace(header=self._header)
            self._rows.append(len(self._lines))
        self._after_header = is_header
        self._lines.append(line)

    def end(self) -> None:
        counts = [len(self._lines[i].cells) for i in self._rows]
        if counts:
            most = max(set(counts), key=counts.count)
            for i in self._rows:
                self._lines[i] = self._lines[i]._replace(siblings=most)
        self._rows.clear()
        self._header = ()
        self._after_header = False


def normalize(text: str) -> Document:
    """Turn a report's text into logical lines, each keyed for the grammar.

    Raises ``ParseError`` for empty input and for binary data passed as text.
    """
    _check_is_text(text)
    source = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cleaned: list[tuple[int, int, str]] = []  # (line, column offset, text); "" is blank
    markup, junk = _MARKUP.search, _JUNK_LINE.fullmatch
    for number, raw in enumerate(source, start=1):
        if not markup(raw):  # _clean's fast path, without the call
            if "\t" in raw:
                cleaned.append((number, 0, raw))
            elif not junk(raw):
                cleaned.append((number, 0, raw if raw.strip() else ""))
            continue
        result = _clean(raw)
        if result is not None:
            line_text, offset = result
            # A lone tab is an empty cell of the one-cell-per-line layout, not a blank line.
            blank = not line_text.strip() and "\t" not in line_text
            cleaned.append((number, offset, "" if blank else line_text))

    lines: list[Line] = []
    pending: list[Cell] = []  # the cells of a one-cell-per-line row being gathered
    blanks = 0
    geometry = _Geometry(lines)
    add = geometry.add

    def flush() -> None:
        if pending:
            row = _row_line(pending)
            if row is not None:
                # One cell per line leaves a spanned cell out (a group label is printed
                # once): its rows differ in width by design, so widths tell nothing.
                add(_new(Line, (*row[:6], (), *row[7:])))  # row._replace(fields=())
            pending.clear()

    for index, (number, offset, line_text) in enumerate(cleaned):
        if not line_text:
            blanks += 1
            continue
        if line_text[0] == "\t" and line_text.count("\t") == 1:  # _is_single_cell
            if blanks:
                flush()
            raw = line_text[1:]
            plain = not raw or (raw.isascii() and raw.isdigit()) or _PLAIN.fullmatch(raw)
            pending.append(
                _new(Cell, (raw, raw, number, offset + 2))
                if plain
                else _cell(raw, number, offset + 2)
            )
        elif "\t" in line_text or _is_table_line(line_text):
            flush()
            if blanks:
                # A blank line inside a table is a page break: the rows after it need not
                # keep the geometry of the rows before it.
                geometry.end()
            row = _row_line(_split_row(line_text, number, offset + 1))
            if row is not None:
                add(row)
        elif pending and _continues_cell(pending[-1], line_text, blanks, cleaned, index):
            last = pending[-1]
            joined = last.raw + line_text.strip()
            pending[-1] = _cell(joined, last.line, last.column)._replace(
                line=last.line if last.raw else number,
                column=last.column if last.raw else offset + 1,
            )
        else:
            flush()
            spaced = _spaced_row(line_text, number, offset + 1)
            if spaced is not None:
                add(spaced)
            else:
                stripped = line_text.strip()
                column = offset + len(line_text) - len(line_text.lstrip()) + 1
                add(Line(fold(stripped), stripped, number, column))
        blanks = 0
    flush()
    geometry.end()
    return Document(lines, "\n".join(line.key for line in lines), len(source))


def _spaced_row(text: str, line: int, column: int) -> Line | None:
    """A table row whose cells are separated by spaces, as PDF text extraction prints it.

    ``规章 0 0 0``: a label, then values separated by whitespace. At least one value holds
    a digit (or a label is followed by two blank marks or more, ``规章 / / /``), and a row
    with no label has two values or more, so that prose such as "无" stays prose.
    """
    if not is_value(_fold_forms(text.rsplit(None, 1)[-1])):
        return None  # the last word is no value: no value at the end (most prose)
    words = list(_WORD.finditer(text))
    first_value = len(words)
    while first_value and is_value(_fold_forms(words[first_value - 1].group())):
        first_value -= 1
    values = words[first_value:]
    marks = [word.group() for word in values]
    if not any(any(ch.isdigit() for ch in mark) for mark in marks) and (
        # A label and two blank marks or more (行政许可 / / /) is a row printed blank.
        first_value == 0 or len(marks) < 2 or not all(mark in BLANK_MARKS for mark in marks)
    ):
        return None
    if first_value == 0 and len(values) < 2:
        return None
    # The label words: a word that starts with an item number (三、 (一) 1.) starts a new
    # label cell, so group labels stay apart from the row's own label.
    starts = [0] + [i for i in range(1, first_value) if _ITEM_START.match(words[i].group())]
    cells = [
        _cell(text[words[a].start() : words[b - 1].end()], line, column + words[a].start())
        for a, b in zip(starts, [*starts[1:], first_value], strict=True)
        if first_value
    ]
    cells += [_cell(word.group(), line, column + word.start()) for word in values]
    row = _row_line(cells)
    # Split at spaces, a row shows no empty cell: its fields are not known.
    return row._replace(fields=()) if row is not None else None


def _continues_cell(
    last: Cell, text: str, blanks: int, cleaned: list[tuple[int, int, str]], index: int
) -> bool:
    """Whether a line without a tab is the rest of the cell above it (商业 / 企业).

    In the one-cell-per-line layout a long cell wraps onto a line of its own, sometimes
    after a blank line. Such a line is short, is not a heading, follows a label or an
    empty cell (never a number), and is followed by another cell.
    """
    stripped = text.strip()
    if blanks > 1 or len(stripped) > 12 or _HEADING_LIKE.match(stripped):
        return False
    if last.key and is_value(last.key):
        return False
    for _, _, following in cleaned[index + 1 :]:
        if following:
            return _is_single_cell(following)
    return True
