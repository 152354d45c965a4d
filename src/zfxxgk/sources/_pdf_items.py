"""What a PDF page is read into: lines of text and ruled tables, with their positions."""

from __future__ import annotations

import re
from typing import NamedTuple

from .._normalize import fold, is_value
from ._common import _Cell, _clean

#: An item number that starts a heading, a paragraph or a row label: 一、 （三） 2.
_NUMBERED = re.compile(
    r"[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]"
)
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


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
    """A ruled table's rows, where each row is (``page N``), and each cell's left and
    right edge (``spans``, row by row as ``rows``): by them rows are put together."""

    rows: list[list[_Cell]]
    origins: list[str]
    spans: list[list[tuple[float, float]]]
    top: float
    bottom: float
    page: int
    #: A row that cannot be read, and why: the table is refused when it is written.
    refused: tuple[int, str] | None = None
    #: Drawn with ruling lines (its cells' edges known), or laid out by position only.
    ruled: bool = True


def _is_value_text(text: str) -> bool:
    """A cell that holds a value: a number or a blank mark (``/``, ``无``, ``—``)."""
    key = fold(text)
    return bool(key) and is_value(key)
