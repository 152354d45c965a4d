"""A PDF page's lines of text as words with positions, and words wrapped over lines as one.

A *word* is a run of characters on a line with no gap of an em or more in it: a label, a
number, a header. Columns of a table drawn without ruling lines stand apart by such gaps.
A *stack* is a cell's text wrapped over lines: words one under the other, overlapping
across, with no more than a line's leading between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ._pdf_items import _NUMBERED, _is_value_text, _pdf_cell_text, _pdf_clean

_GAP = 0.5  # ems: a gap this wide between two characters parts two words
_DIGIT_GAP = 0.3  # ems: ... and this wide between two digits (no number has one inside)
_DIGITS = frozenset("0123456789")
_WRAP = 0.7  # ems: lines of one cell stand no further apart than this
_FULL = 1.2  # ems: the full lines of a wrapped cell are as wide as each other, give or take


class _Word(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    value: bool  #: a number or a blank mark (/, 无, —)
    line: int  #: the index of its line on the page


class _Stack(NamedTuple):
    """Words of one cell wrapped over lines, top to bottom."""

    words: list[_Word]

    @property
    def text(self) -> str:
        return _pdf_cell_text("\n".join(word.text for word in self.words))

    @property
    def x0(self) -> float:
        return min(word.x0 for word in self.words)

    @property
    def x1(self) -> float:
        return max(word.x1 for word in self.words)

    @property
    def top(self) -> float:
        return self.words[0].top

    @property
    def bottom(self) -> float:
        return self.words[-1].bottom


def _words(chars: Sequence[dict[str, Any]], line: int) -> list[_Word]:
    """A line's characters parted into words where an em or more separates them."""
    out: list[_Word] = []
    run: list[dict[str, Any]] = []
    text = ""
    for char in sorted(chars, key=lambda char: char["x0"]):
        if char["text"].isspace():
            text += " " if run else ""
            continue
        if run:
            size = max(run[-1]["size"], char["size"], 1.0)
            digits = run[-1]["text"] in _DIGITS and char["text"] in _DIGITS
            if char["x0"] - run[-1]["x1"] >= (_DIGIT_GAP if digits else _GAP) * size:
                out.append(_word(run, text, line))
                run, text = [], ""
        run.append(char)
        text += char["text"]
    if run:
        out.append(_word(run, text, line))
    return out


def _word(chars: list[dict[str, Any]], text: str, line: int) -> _Word:
    clean = _pdf_clean(text)
    return _Word(
        clean,
        min(char["x0"] for char in chars),
        max(char["x1"] for char in chars),
        min(char["top"] for char in chars),
        max(char["bottom"] for char in chars),
        max(char["size"] for char in chars),
        _is_value_text(clean),
        line,
    )


def _across(one: _Word | _Stack, other: _Word | _Stack) -> bool:
    """Whether two words (or stacks) overlap across the page."""
    return one.x0 < other.x1 and other.x0 < one.x1


def _stacks(words: Sequence[_Word]) -> list[_Stack]:
    """Words gathered into the cells they were wrapped in, from the bottom up: a word
    goes over the stack whose top word it overlaps across, within a line's leading above
    it, if the lines stay those of a wrapped cell: every line but the last as wide as
    the first (a line breaks where the next character does not fit), no line but the
    first numbered (``3.``, ``（四）`` start a cell), and the word over no other word of
    that line (a group's header over its columns' headers)."""
    stacks: list[list[_Word]] = []  # each bottom to top
    lines: dict[int, list[_Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    for word in sorted(words, key=lambda word: (-word.bottom, word.x0)):
        for stack in stacks:
            if _wraps(word, stack, lines[stack[-1].line]):
                stack.append(word)
                break
        else:
            stacks.append([word])
    return sorted((_Stack(stack[::-1]) for stack in stacks), key=lambda s: (s.top, s.x0))


def _wraps(word: _Word, stack: list[_Word], below: list[_Word]) -> bool:
    """Whether ``word`` is the line above ``stack`` (bottom to top) of a wrapped cell."""
    top = stack[-1]
    gap = top.top - word.bottom
    if not (_across(word, top) and -0.5 * word.size <= gap <= _WRAP * word.size):
        return False
    if _NUMBERED.match(top.text) or sum(_across(word, other) for other in below) != 1:
        return False
    width, under = word.x1 - word.x0, top.x1 - top.x0
    if len(stack) == 1:  # ``top`` is the last line: it may be shorter
        return width >= under - _FULL * word.size
    return abs(width - under) <= _FULL * word.size
