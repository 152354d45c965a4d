"""What the text path keeps between reports is what a report would have made afresh.

Rows of counts (rows of zeros, mostly) are read once per keys and kinds, and their model
objects made once: they are frozen, so a report cannot change what another one holds.
(tests/test_differential.py checks whole reports.)
"""

from __future__ import annotations

import contextlib
import gc
import tracemalloc
from pathlib import Path

import attrs
import pytest

import zfxxgk

SEED = Path(__file__).parent / "fixtures" / "001_df144eded8b1c4f8.txt"


def test_a_row_of_counts_kept_between_reports_cannot_be_changed_by_either() -> None:
    text = SEED.read_text(encoding="utf-8")
    first, second = zfxxgk.parse(text), zfxxgk.parse(text)
    row = first.requests.new_received
    assert row is not None and row == second.requests.new_received
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        row.total = 1  # type: ignore[misc]
    assert zfxxgk.to_dict(first) == zfxxgk.to_dict(second)


def test_a_row_whose_counts_differ_gets_its_own_numbers() -> None:
    text = SEED.read_text(encoding="utf-8")
    old = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t"
    assert old in text
    changed = zfxxgk.parse(
        text.replace(old, old.replace("\t0\t0\t0\t0\t0\t0\t0", "\t1\t0\t0\t0\t0\t0\t1"))
    )
    assert zfxxgk.parse(text).requests.new_received.total == 0
    assert changed.requests.new_received.total == 1


def test_a_row_read_with_a_note_is_noted_in_every_report_that_prints_it() -> None:
    """A row that _fit reads with a note (its cells more than its columns) is not kept:
    each report says it, at its own line."""
    text = (Path(__file__).parent / "fixtures" / "003_72e39c6b913b503f.txt").read_text(
        encoding="utf-8"
    )
    noted = [note for note in zfxxgk.parse(text).notes if "every alignment" in note]
    assert noted
    moved = zfxxgk.parse("\n" + text)  # every line one further down
    again = [note for note in moved.notes if "every alignment" in note]
    assert again == [
        note.replace(n, str(int(n) + 1), 1) for note in noted for n in [note.split()[1][:-1]]
    ]


def _hostile(text: str, number: int) -> list[str]:
    """Texts of the seed with a huge cell of their own (distinct: none is kept twice)."""
    junk = "".join(chr(0x4E00 + (number * 7919 + i * 31) % 20000) for i in range(40_000))
    row = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t"
    assert row in text
    return [
        text.replace(row, row + junk),  # a row with a huge last cell
        text.replace(row, junk + "\n" + row),  # a huge line of prose before it
        text.replace(row, junk + "\t1\n" + row),  # a row with a huge label
        "<table><tr><td>本年新收</td><td>1</td><td>2</td><td>3</td></tr>"
        f"<tr><td>{junk}</td><td>1</td><td>2</td><td>3</td></tr></table>",  # a page's cell
    ]


def test_a_stream_of_hostile_texts_leaves_nothing_kept() -> None:
    # The caches bound how many texts they keep, not how long each is: a file's huge
    # cells must not stay in memory once it is read, over any number of files.
    text = SEED.read_text(encoding="utf-8")
    zfxxgk.parse(text)
    with contextlib.suppress(zfxxgk.ParseError):  # the HTML reader's modules, imported
        zfxxgk.parse_bytes(_hostile(text, 0)[3].encode(), filename="warm.html")
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for number in range(1, 11):
            for index, hostile in enumerate(_hostile(text, number)):
                with contextlib.suppress(zfxxgk.ParseError):
                    if index == 3:
                        zfxxgk.parse_bytes(hostile.encode(), filename="page.html")
                    else:
                        zfxxgk.parse(hostile)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # 40 files with 80,000 characters each of their own; kept before: some 10 MB.
    assert kept < 1_000_000, kept
    # A real report's rows are kept, and read back the same.
    assert zfxxgk.to_dict(zfxxgk.parse(text)) == zfxxgk.to_dict(zfxxgk.parse(text))
