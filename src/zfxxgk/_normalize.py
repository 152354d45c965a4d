"""Clean-up in front of the grammar: extraction damage in, one logical line per row out.

Real report text comes from PDF, Word and HTML extraction, and arrives in a few layouts:
a table row per line with tab-separated cells (``tsv``), one cell per line with blank
lines between rows (``cells``), or Markdown pipe tables. The normalizer absorbs that, so
the grammar sees one line per table row or prose paragraph, each in a canonical *key*
form: full-width digits and punctuation folded, whitespace removed from labels, the row's
own label first and its cells after it, tab-separated.

Every logical line remembers where it came from (line and column in the user's text),
and so does every cell: a ``ParseError`` points at the user's own text, not at ours.
The lines, the cells and what their keys are live in ``_lines``; this module reads the
layouts into them.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

from ._caches import note
from ._lines import (
    _FOLDED,
    _ITEM_START,
    _VALUE_ENDS,
    BLANK_MARKS,
    Cell,
    Document,
    Line,
    _cell,
    _cell_text,
    _fold_forms,
    _is_value,
    _key,
    _LineText,
    _picked,
    _prose_line,
    _read,
    _row_line,
    fold,
    is_value,
)
from .errors import ParseError
from .limits import MAX_TEXT_CHARS

# fold and is_value: the sources import them from here.
__all__ = ["fold", "is_value", "normalize"]

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s*")
_EMPHASIS = re.compile(r"\*\*|__")
# Lines a page break or a converter leaves behind: rules, page numbers, table rules.
_JUNK_LINE = re.compile(
    r"\s*(?:[-_*=]{3,}|[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*)\s*"
)
_HEADING_LIKE = re.compile(r"[一二三四五六七八九十]+[、.,]|[(（][一二三四五六七八九十]+[)）]")
_WORD = re.compile(r"\S+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A row of tab-separated cells that are each empty or _PLAIN: its keys are its cells.
_PLAIN_ROW = re.compile(r"[^\s,\u200b\ufeff\uff01-\uff5e]*(?:\t[^\s,\u200b\ufeff\uff01-\uff5e]*)*")
# What _clean may remove: Word bookmarks, Markdown heading marks and emphasis.
_MARKUP = re.compile(r"\[bookmark|[#*_]")
# What _MARKUP finds, as strings.
_MARKS = ("[bookmark", "#", "*", "_")


def _split_row(text: str, line: int, column: int) -> tuple[_LineText, tuple[str, ...]]:
    """A row printed on one line: its parts as printed, and their keys."""
    if "\t" in text:
        parts = tuple(text.split("\t"))
        if _PLAIN_ROW.fullmatch(text):  # most rows: every cell is its own key
            return (parts, line, column), parts
    else:  # a Markdown pipe row: | a | b |
        inner = text.strip()
        column += text.index("|") + 1
        parts = tuple(inner[1:-1].split("|") if inner.endswith("|") else inner[1:].split("|"))
    return (parts, line, column), tuple([_key(part) for part in parts])


def _text_row(text: str, line: int, column: int) -> tuple[Line, bool] | None:
    """A row printed on one line (tab-separated or a pipe row), and whether it has a value."""
    if "\t" in text:
        known = _row_reading(text)
        if known is not None:
            return _read_head(*known, line, column)
    return _read_text_row(text, line, column)


@functools.lru_cache(maxsize=8192)
def _row_reading(text: str) -> tuple[_HeadReading, str, tuple[str, ...]] | None:
    """A tab-separated row's reading by ``_head_reading``, its cells of digits as printed
    (after their first tab) and as parts; None for a row read cell by cell. Kept for the
    rows seen last: rows of zeros come again and again."""
    note(_row_reading, len(text))
    # Most rows: labels, then cells of ASCII digits or empty. What the row's labels
    # and the places of its empty cells say is read once (_head_reading): labels
    # repeat across reports, and a digit cell's key is itself.
    head = text.rstrip("0123456789\t")
    cut = text.find("\t", len(head))
    if head and cut >= 0:
        tail = text[cut:]
        numbers = tail.split("\t")
        known = _head_reading(text[:cut], tuple(map(bool, numbers)))
        if known is not None:
            return known, tail, tuple(numbers[1:])
    return None


def _read_text_row(text: str, line: int, column: int) -> tuple[Line, bool] | None:
    """``_text_row`` read cell by cell."""
    row, fields = _split_row(text, line, column)
    label = fields[0]
    if fields is row[0] and label and fields[1] and _is_value(fields[1]) and not _is_value(label):
        # The common row, every cell its own key: its label, then a value. What _read and
        # _row_line make of it: its text is its key.
        made = Line.__new__(Line)
        made.key, made.text, made.line, made.column = text, label, line, column
        made._cells = made._labels = None
        made._text = (row, range(1, len(fields)), 1, fields)
        made.keys, made.fields, made.header, made.siblings = fields[1:], fields, (), 0
        return made, True
    reading = _read(fields)
    if reading is None:
        return None
    key, anchor, labelled, picks, labels_end, valued = reading
    parts, _, start = row
    if anchor:
        start += sum(map(len, parts[:anchor])) + anchor
    first = _cell(parts[anchor], line, start)
    label = first.raw if labelled else ""
    return _row_line(key, label, first, row, picks, labels_end, fields), valued


# What _head_reading reads of a row's labels: the parts of its head as printed and their
# keys, its key's head and whether its number cells follow in its key, where its label
# starts (from the row's column), its label as printed, its cells and its labels' end,
# and whether it has a value.
_HeadReading = tuple[
    tuple[str, ...], tuple[str, ...], str, bool, int, str, Sequence[int], int, bool
]


@functools.lru_cache(maxsize=4096)
def _head_reading(head: str, filled: tuple[bool, ...]) -> _HeadReading | None:
    """``_text_row``'s reading of a row that is ``head`` (its labels) and then cells of
    ASCII digits, ``filled`` saying which of them are not empty (its first entry is the
    empty part before the cells' first tab); None where its label is not in ``head``.

    A cell of ASCII digits is its own key and a value whatever its digits, so the rest of
    the reading depends on ``head`` and ``filled`` alone.
    """
    note(_head_reading, len(head))
    parts = tuple(head.split("\t"))
    keys = parts if _PLAIN_ROW.fullmatch(head) else tuple([_key(part) for part in parts])
    numbers = tuple("0" if full else "" for full in filled[1:])
    reading = _read(keys + numbers)
    if reading is None:
        return None
    key, anchor, labelled, picks, labels_end, valued = reading
    if not labelled or anchor >= len(parts):
        return None
    if valued:  # key: the keys from the label on, the cells' own text after them
        key, with_numbers = "\t".join(keys[anchor:]), True
    else:  # no value: the cells are all empty, and the key is all there is
        with_numbers = False
    offset = sum(map(len, parts[:anchor])) + anchor
    label = _cell(parts[anchor], 1, 1 + offset)
    return (parts, keys, key, with_numbers, label.column - 1, label.raw, picks, labels_end, valued)


def _read_head(
    reading: _HeadReading, tail: str, numbers_: tuple[str, ...], line: int, column: int
) -> tuple[Line, bool]:
    """The line of a row read by ``_head_reading``: its head's reading, and its cells."""
    parts, keys, key, with_numbers, offset, label, picks, labels_end, valued = reading
    fields = keys + numbers_
    made = Line.__new__(Line)
    made.key = key + tail if with_numbers else key
    made.text, made.line, made.column = label, line, column + offset
    made._cells = made._labels = None
    made._text = ((parts + numbers_, line, column), picks, labels_end, fields)
    made.keys = fields[picks.start :] if isinstance(picks, range) else _picked(fields, picks)
    made.fields, made.header, made.siblings = fields, (), 0
    return made, valued


class _Gathered:
    """The cells of a one-cell-per-line row being gathered: as printed, their keys, and
    where each starts. The row's line makes its cells when they are first read."""

    __slots__ = ("columns", "keys", "lines", "raws")

    def __init__(self) -> None:
        self.raws: list[str] = []
        self.keys: list[str] = []
        self.lines: list[int] = []
        self.columns: list[int] = []

    def last(self) -> Cell:
        return _cell(self.raws[-1], self.lines[-1], self.columns[-1])

    def replace_last(self, key: str, raw: str, line: int, column: int) -> None:
        """Put a cell in place of the last cell (its text as printed is its own)."""
        self.raws[-1], self.keys[-1] = raw, key
        self.lines[-1], self.columns[-1] = line, column

    def row(self) -> Line | None:
        """The row's line (one cell per line leaves a spanned cell out, a group label is
        printed once: its rows differ in width by design, so it has no fields)."""
        keys = tuple(self.keys)
        reading = _read(keys)
        if reading is None:
            return None
        key, anchor, labelled, picks, labels_end, _ = reading
        _, raw, lead = _cell_text(self.raws[anchor])  # (_cell, without the Cell)
        line = Line.__new__(Line)
        line.key, line.line, line.column = key, self.lines[anchor], self.columns[anchor] + lead
        line.text = raw if labelled else ""
        line._cells = line._labels = None
        line._text = ((self.raws, self.lines, self.columns), picks, labels_end, keys)
        line.keys = keys[picks.start :] if isinstance(picks, range) else _picked(keys, picks)
        line.fields, line.header, line.siblings = (), (), 0
        return line


def _cells_row(cells: list[Cell]) -> Line | None:
    """A row of cells each printed apart, split at spaces."""
    keys = tuple([cell.key for cell in cells])
    reading = _read(keys)
    if reading is None:
        return None
    key, anchor, labelled, picks, labels_end, _ = reading
    first = cells[anchor]
    return Line(
        key,
        first.raw if labelled else "",
        first.line,
        first.column,
        [cells[i] for i in picks],
        [cells[i] for i in range(labels_end) if keys[i]],
    )


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
    if not text or text.isspace():  # (not text.strip(), without copying the text)
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
        self._rows: list[Line] = []  # the stretch's rows

    def add(self, line: Line, valued: bool = True) -> None:
        """Add a line; ``valued`` False for a row printed on one line with no value."""
        if "\t" not in line.key:  # not line.is_row
            self.end()
            self._lines.append(line)
            return
        # A row with a value has a number, or a digit in a garbled one: never a header.
        is_header = not valued and _is_header(line.fields)
        if is_header:
            # Header rows above one another (申请人情况 / 自然人 / 商业企业…) make one header:
            # its width is the widest's, and a column is named if any of them names it.
            self._header = _merged(self._header if self._after_header else (), line.fields)
        elif line.fields:
            line.header = self._header
            self._rows.append(line)
        self._after_header = is_header
        self._lines.append(line)

    def end(self) -> None:
        if self._rows:  # (the rows of a stretch all have fields)
            counts = [len(row.keys) for row in self._rows]
            most = max(set(counts), key=counts.count)
            for row in self._rows:
                row.siblings = most
            self._rows.clear()
        self._header = ()
        self._after_header = False


@functools.lru_cache(maxsize=1024)
def _merged(above: tuple[str, ...], fields: tuple[str, ...]) -> tuple[str, ...]:
    """A header row's fields under the header rows ``above`` it: as wide as the widest,
    each column named if any of them names it (kept: headers repeat across reports)."""
    note(_merged, sum(map(len, above)) + sum(map(len, fields)))
    return tuple(
        (fields[i] if i < len(fields) else "") or (above[i] if i < len(above) else "")
        for i in range(max(len(above), len(fields)))
    )


@functools.lru_cache(maxsize=1024)
def _is_header(fields: tuple[str, ...]) -> bool:
    """A header names columns: two labels or more, and no number. A label with empty
    cells after it is a row printed blank (or a sub-heading), not a header.

    Kept for the rows seen last: a row with no value (a header, a group label) holds no
    number of its own, so the same rows come again in every report of a template."""
    note(_is_header, sum(map(len, fields)))
    return (
        sum(1 for key in fields if key) > 1
        and not any(key and is_value(key) for key in fields)
        and not any(map(str.isdigit, "".join(fields)))
    )


def _marked_lines(text: str) -> set[int]:
    """The numbers of the lines of ``text`` that hold markup (what ``_MARKUP`` finds).

    Found with ``str.find``, which is many times faster than a regular expression that
    tries its alternatives at every character.
    """
    starts = []
    for mark in _MARKS:
        found = text.find(mark)
        while found >= 0:
            starts.append(found)
            found = text.find(mark, found + 1)
    marked: set[int] = set()
    line, counted = 1, 0
    for start in sorted(starts):
        line += text.count("\n", counted, start)
        counted = start
        marked.add(line)
    return marked


def _clean_line(raw: str, markup: bool) -> tuple[str, int] | None:
    """A source line as logical lines are made of it: its text ("" for a blank line) and
    how many characters ``_clean`` took off its start; None for a junk line, which is
    left out (it is no blank line). ``markup``: whether the text has any markup at all.
    """
    if markup and _MARKUP.search(raw):
        result = _clean(raw)
        if result is None:
            return None
        # A lone tab is an empty cell of the one-cell-per-line layout, not a blank.
        return ("", 0) if "\t" not in result[0] and not result[0].strip() else result
    if "\t" in raw:
        return raw, 0
    if not raw or raw.isspace():
        return "", 0
    return None if _JUNK_LINE.fullmatch(raw) else (raw, 0)


def normalize(text: str) -> Document:
    """Turn a report's text into logical lines, each keyed for the grammar.

    Raises ``ParseError`` for empty input and for binary data passed as text.
    """
    _check_is_text(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    source = text.split("\n")
    marked = _marked_lines(text)
    markup = bool(marked)

    lines: list[Line] = []
    gathered = _Gathered()  # the cells of a one-cell-per-line row being gathered
    blanks = 0
    geometry = _Geometry(lines)
    add = geometry.add
    junk = _JUNK_LINE.fullmatch

    def flush() -> None:
        nonlocal gathered
        if gathered.raws:
            row = gathered.row()
            if row is not None:
                add(row)
            gathered = _Gathered()

    index, count = 0, len(source)
    while index < count:
        raw = source[index]
        index += 1
        number = index
        # _clean_line(raw, markup), without the call where there is no markup.
        offset = 0
        if number in marked:
            cleaned = _clean_line(raw, markup)
            if cleaned is None:
                continue
            line_text, offset = cleaned
            if not line_text:
                blanks += 1
                continue
        elif "\t" in raw:
            line_text = raw
        elif not raw or raw.isspace():
            blanks += 1
            continue
        elif junk(raw):
            continue
        else:
            line_text = raw

        if line_text[0] == "\t" and line_text.count("\t") == 1:  # _is_single_cell
            if blanks:
                flush()
            if offset:  # a line markup was taken out of
                run = [line_text]
            else:
                # This line and the lines of one cell right after it, with no markup.
                end = index
                while end < count:
                    following = source[end]
                    if (
                        following[:1] != "\t"
                        or following.count("\t") != 1
                        or (markup and end + 1 in marked)
                    ):
                        break
                    end += 1
                run = source[index - 1 : end]
                index = end
            cells = [part[1:] for part in run]
            gathered.raws += cells
            gathered.keys += map(_key, cells)
            gathered.lines += range(number, number + len(run))
            gathered.columns += [offset + 2] * len(run)
        elif "\t" in line_text or ("|" in line_text and _is_table_line(line_text)):
            if gathered.raws:
                flush()
            if blanks:
                # A blank line inside a table is a page break: the rows after it need not
                # keep the geometry of the rows before it.
                geometry.end()
            read = _text_row(line_text, number, offset + 1)
            if read is not None:
                row, valued = read
                if valued and row.fields and "\t" in row.key:
                    # add(), for the common row: a row with a value is no header
                    row.header = geometry._header
                    geometry._rows.append(row)
                    geometry._after_header = False
                    lines.append(row)
                else:
                    add(row, valued)
        elif gathered.raws and _continues_cell(
            gathered.keys[-1], line_text, blanks, source, number, markup
        ):
            last = gathered.last()
            joined = _cell(last.raw + line_text.strip(), last.line, last.column)
            gathered.replace_last(
                joined.key,
                joined.raw,
                last.line if last.raw else number,
                last.column if last.raw else offset + 1,
            )
        else:
            if gathered.raws:
                flush()
            spaced = _spaced_row(line_text, number, offset + 1)
            if spaced is not None:
                add(spaced)
            else:
                stripped = line_text.strip()
                column = offset + len(line_text) - len(line_text.lstrip()) + 1
                # add(), for a line that is no row
                geometry.end()
                key = _fold_short(stripped) if len(stripped) <= _SHORT else fold(stripped)
                lines.append(_prose_line(key, stripped, number, column))
        blanks = 0
    flush()
    geometry.end()
    return Document(lines, "\n".join([line.key for line in lines]), len(source))


# A line of prose this short is kept with its key: headings and notes repeat across
# reports (paragraphs do not, and would only fill the memory).
_SHORT = 40


@functools.lru_cache(maxsize=4096)
def _fold_short(text: str) -> str:
    """``fold(text)`` for a short line of prose, kept for the lines seen last."""
    return fold(text)


def _spaced_row(text: str, line: int, column: int) -> Line | None:
    """A table row whose cells are separated by spaces, as PDF text extraction prints it.

    ``规章 0 0 0``: a label, then values separated by whitespace. At least one value holds
    a digit (or a label is followed by two blank marks or more, ``规章 / / /``), and a row
    with no label has two values or more, so that prose such as "无" stays prose.
    """
    # The last word is a value only if it ends as one can (most prose ends with 。).
    last = text[-1] if not text[-1].isspace() else text.rstrip()[-1]
    last = _FOLDED.get(last, last)
    if not (last.isdecimal() or last in _VALUE_ENDS):
        return None
    if not is_value(_fold_forms(text.rsplit(None, 1)[-1])):
        return None  # the last word is no value: no value at the end
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
    # Split at spaces, a row shows no empty cell: its fields are not known.
    return _cells_row(cells)


def _continues_cell(
    last: str, text: str, blanks: int, source: list[str], number: int, markup: bool
) -> bool:
    """Whether a line without a tab (line ``number`` of ``source``) is the rest of the cell
    above it (商业 / 企业).

    In the one-cell-per-line layout a long cell wraps onto a line of its own, sometimes
    after a blank line. Such a line is short, is not a heading, follows a label or an
    empty cell (never a number), and is followed by another cell.
    """
    stripped = text.strip()
    if blanks > 1 or len(stripped) > 12 or _HEADING_LIKE.match(stripped):
        return False
    if last and is_value(last):  # the key of the cell above
        return False
    for raw in itertools.islice(source, number, None):
        following = _clean_line(raw, markup)
        if following is not None and following[0]:
            return _is_single_cell(following[0])
    return True
