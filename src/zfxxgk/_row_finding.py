"""Rows found by their labels: a bare label, a mistyped one, and a table that is not there.

The lowering finds most rows by the grammar's terminals; these are the lines of a table
section that no terminal names, judged against the rows that are missing: a row's label
standing alone (its cells lost), a label and one blank mark, a near label that can be only
one missing row, numbers where missing rows belong (an error, never a guess), and a
caption where the table should be.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from ._labels import RowSpec, item_number, near_label
from ._lines import BLANK_MARKS, Cell, Line, is_value
from .errors import ParseError

__all__ = ["bare_labels", "holds_numbers", "near_labels", "no_table"]

_ELSEWHERE = re.compile(r"附件|附表|图片|见下图|扫描件")


def holds_numbers(line: Line) -> bool:
    """Whether a line is a row with a number in it."""
    return line.is_row and any(key[-1:].isdigit() and is_value(key) for key in line.keys)


def bare_labels(
    sequence: list[tuple[str | None, Line]],
    order: tuple[str, ...],
    found: dict[str, Line],
    spec: Callable[[str], RowSpec],
) -> None:
    """A line that is a row's label and nothing else is a row that lost its cells.

    A label and one blank mark split by a space (``行政许可 无``, as PDF text prints a
    row) is that row printed blank, when the row has one cell; where it has more, one
    mark cannot say which cell it stands for.
    """
    bare = [
        (position, line)
        for position, (kind, line) in enumerate(sequence)
        if kind is None and not line.is_row
    ]
    if not bare:
        return
    labels = _by_words(tuple((kind, spec(kind).label) for kind in order))
    for position, line in bare:
        words, _, mark = line.text.rpartition(" ")
        kind = labels.get(item_number(words.strip())[1]) if mark in BLANK_MARKS else None
        if kind is not None and kind not in found and len(spec(kind).kinds) == 1:
            column = line.column + len(line.text) - len(mark)
            row = Line(
                f"{kind}\t",
                words.strip(),
                line.line,
                line.column,
                cells=(Cell("", mark, line.line, column),),
            )
            found[kind] = row
            sequence[position] = (kind, row)
            continue
        if kind is not None and kind not in found:
            raise ParseError(
                f"the row prints one blank mark (“{mark}”) where it has "
                f"{len(spec(kind).kinds)} cells: which cell it stands for cannot "
                "be told; write a mark in every cell",
                line=line.line,
                column=line.column,
                where=spec(kind).where,
            )
        kind = labels.get(item_number(line.text)[1])
        if kind is not None:
            raise ParseError(
                "the row is printed without its cells: its numbers are missing or stand "
                "on a line of their own, so they cannot be placed",
                line=line.line,
                column=line.column,
                where=spec(kind).where,
            )


def near_labels(
    sequence: list[tuple[str | None, Line]],
    order: tuple[str, ...],
    found: dict[str, Line],
    spec: Callable[[str], RowSpec],
) -> list[str]:
    """Take a row with a mistyped label for the one missing row it can be.

    Only when the row stands where exactly one missing row belongs (between the rows
    around it), carries that row's item number, and reads much like its label; a row
    of numbers there that is not like it is an error, and so is one where several
    missing rows belong. Returns the notes of the rows so taken.
    """
    notes: list[str] = []
    rank = {kind: index for index, kind in enumerate(order)}
    for position, (kind, line) in enumerate(sequence):
        if kind is not None or not holds_numbers(line) or not line.text:
            continue
        before = max((rank[k] for k, _ in sequence[:position] if k in rank), default=-1)
        after = min((rank[k] for k, _ in sequence[position + 1 :] if k in rank), default=len(order))
        candidates = [k for k in order[before + 1 : after] if k not in found]
        if not candidates:
            continue  # a row the template does not have: skipped, with a note
        if len(candidates) > 1:
            # Numbers where several missing rows belong: which one they are is a guess.
            rows = "、".join(spec(k).label for k in candidates)
            raise ParseError(
                f"a row of numbers labelled “{line.text}” stands where the rows {rows} "
                "belong, and they are missing: is its label damaged?",
                line=line.line,
                column=line.column,
                where=spec(candidates[0]).where,
            )
        candidate = candidates[0]
        label = spec(candidate).label
        if not near_label(line.text, label):
            # Numbers stand where the one missing row belongs, under another label:
            # a damaged label or a row of another table. Never guess, never drop them.
            raise ParseError(
                f"a row of numbers labelled “{line.text}” stands where the row {label} "
                "belongs, and that row is missing: is its label damaged?",
                line=line.line,
                column=line.column,
                where=spec(candidate).where,
            )
        found[candidate] = line
        sequence[position] = (candidate, line)
        notes.append(
            f"line {line.line}: read “{line.text}” as the row {label}: the label is "
            "not the template's, but its place and item number are"
        )
    return notes


@functools.cache
def _by_words(labels: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Row terminals by their label's words (the label without its item number)."""
    return {item_number(label)[1]: kind for kind, label in labels}


def no_table(table: str, heading: Line, lines: list[Line]) -> ParseError:
    """The error for a table section with none of the table's rows in it."""
    caption = next((line for line in lines if _ELSEWHERE.search(line.key)), None)
    if caption is not None:
        return ParseError(
            f"{table} is not printed as a table of text here (“{caption.text[:40]}”): it "
            "seems to be published as an image or an attachment, which zfxxgk cannot read",
            line=caption.line,
            column=caption.column,
            where=table,
        )
    return ParseError(
        f"no row of {table} was found under the heading “{heading.text}”: is the table "
        "missing, or published as an image?",
        line=heading.line,
        column=heading.column,
        where=table,
    )


_ELSEWHERE = re.compile(r"附件|附表|图片|见下图|扫描件")
