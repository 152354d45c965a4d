"""Ruled PDF tables whose rows the layout cut in pieces read as one row each, exactly.

- a row split by a page break: its label's first lines and first numbers at the foot of
  one page, the rest at the head of the next, under a repeated header or none;
- a row's numbers in a ruled row of their own under its label (the label cell over both).

Damaged variants (a number deleted, a number moved into the next column) read exactly as
they are printed or raise ``ParseError``; never a number in another column.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import zfxxgk

from .test_pdf_drawer import (
    SEEDS_2021,
    USABLE,
    WIDTHS,
    Grid,
    Style,
    draw_report,
    numbered_report,
    numbers_below,
    read,
    row_of,
    split_row,
    tables_of,
    truth,
    values_of,
)

# The rows split: a label of three lines (in the 2021 template's widest leaf column), one
# of one line, and a label across all three label columns.
LONG = "2. 申请人逾期未按收费通知"
SHORT = "4. 保护第三方合法权益"
WIDE = "二、上年结转政府信息公开申请数量"


def _report(seed: Path) -> Any:
    return numbered_report(seed, random.Random(seed.name))


def _split(label: str, label_lines: int, values: int) -> dict[str, Callable[[Grid], Grid]]:
    return {
        "表三": lambda grid: split_row(
            grid, row_of(grid, label), label_lines=label_lines, values=values
        )
    }


def _outcome(data: bytes, expected: dict[str, Any]) -> str:
    """``error`` (a ParseError), ``exact`` (every cell as expected) or ``wrong``."""
    try:
        got = tables_of(read(data))
    except zfxxgk.ParseError:
        return "error"
    return "exact" if got == expected else "wrong"


SPLITS = [
    # (row, label lines above the break, numbers above the break)
    (LONG, 1, 7),  # the label's last lines on the next page, every number on the first
    (LONG, 2, 7),
    (LONG, 1, 0),  # every number on the next page, with the label's rest
    (LONG, 2, 3),  # the label's rest and the last four numbers on the next page
    (SHORT, 1, 4),  # a label of one line: the next page holds numbers only
    (SHORT, 1, 0),
    (WIDE, 1, 2),
]


@pytest.mark.parametrize("repeat_header", [True, False], ids=["header", "no-header"])
@pytest.mark.parametrize(("label", "lines", "values"), SPLITS)
@pytest.mark.parametrize("seed", SEEDS_2021, ids=lambda p: p.name[:3])
def test_a_row_split_by_a_page_break_reads_as_one_row(
    seed: Path, label: str, lines: int, values: int, repeat_header: bool
) -> None:
    report = _report(seed)
    data = draw_report(report, Style(repeat_header=repeat_header), _split(label, lines, values))
    assert tables_of(read(data)) == truth(report)


def test_the_row_joined_over_the_break_names_both_pages() -> None:
    data = draw_report(_report(SEEDS_2021[0]), Style(), _split(LONG, 2, 3))
    text = zfxxgk.sources.extract_text(data, filename="x.pdf")
    (line,) = [line for line in text.splitlines() if LONG in line.replace("\t", "")]
    assert "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t" in line
    assert len(line.split("\t")) == 10  # three label columns, seven numbers


@pytest.mark.parametrize("label", [LONG, SHORT, WIDE])
@pytest.mark.parametrize("seed", SEEDS_2021, ids=lambda p: p.name[:3])
def test_numbers_in_a_ruled_row_under_their_label_read_as_one_row(seed: Path, label: str) -> None:
    report = _report(seed)
    change = {"表三": lambda grid: numbers_below(grid, row_of(grid, label))}
    assert tables_of(read(draw_report(report, Style(), change))) == truth(report)


# ---- damaged: exact as printed, or a ParseError --------------------------------------------


@pytest.mark.parametrize("deleted", range(7))
@pytest.mark.parametrize(("label", "lines", "values"), SPLITS)
def test_a_split_row_with_a_number_deleted_reads_it_blank_or_fails(
    label: str, lines: int, values: int, deleted: int
) -> None:
    report = copy.deepcopy(_report(SEEDS_2021[1]))
    values_of(report, label)[deleted].text = ""
    data = draw_report(report, Style(), _split(label, lines, values))
    outcome = _outcome(data, truth(report))
    assert outcome != "wrong"
    # Both pieces print a label and numbers, and leave a column empty: one row cut in two,
    # or a row printing a blank and the next row? Refused, never guessed.
    both = 0 < values < 7 and lines < 3 and label == LONG
    assert outcome == ("error" if both else "exact")


def test_the_undecided_split_names_the_pages() -> None:
    report = copy.deepcopy(_report(SEEDS_2021[1]))
    values_of(report, LONG)[5].text = ""
    with pytest.raises(zfxxgk.ParseError) as raised:
        read(draw_report(report, Style(), _split(LONG, 2, 3)))
    assert "cut by the page break" in raised.value.reason
    assert "(PDF pages 2–3)" in raised.value.reason
    assert raised.value.where.startswith("表三")


@pytest.mark.parametrize("shift", [0.5, 1.0])
@pytest.mark.parametrize("moved", range(7))
@pytest.mark.parametrize(("label", "lines", "values"), SPLITS[2:5])
def test_a_split_row_with_a_number_moved_reads_exactly_or_fails(
    label: str, lines: int, values: int, moved: int, shift: float
) -> None:
    # A number drawn half a column or a whole column aside (the last one to the left):
    # across a cell's border, or over the next number, it is never read in a column.
    report = _report(SEEDS_2021[0])
    number = values_of(report, label)[moved].text
    side = -1 if moved == 6 else 1
    style = Style(moves=((number, side * shift * USABLE * WIDTHS["表三"][-1]),))
    data = draw_report(report, style, _split(label, lines, values))
    assert _outcome(data, truth(report)) == "error"


@pytest.mark.parametrize("deleted", [0, 3, 6])
@pytest.mark.parametrize("label", [LONG, WIDE])
def test_numbers_under_their_label_with_one_deleted_read_it_blank(label: str, deleted: int) -> None:
    report = copy.deepcopy(_report(SEEDS_2021[0]))
    values_of(report, label)[deleted].text = ""
    change = {"表三": lambda grid: numbers_below(grid, row_of(grid, label))}
    assert tables_of(read(draw_report(report, Style(), change))) == truth(report)


@pytest.mark.parametrize("shift", [0.5, 1.0])
@pytest.mark.parametrize("moved", [0, 3, 6])
@pytest.mark.parametrize("label", [LONG, WIDE])
def test_numbers_under_their_label_with_one_moved_are_refused(
    label: str, moved: int, shift: float
) -> None:
    report = _report(SEEDS_2021[0])
    number = values_of(report, label)[moved].text
    dx = (-1 if moved == 6 else 1) * shift * USABLE * WIDTHS["表三"][-1]
    change = {"表三": lambda grid: numbers_below(grid, row_of(grid, label))}
    assert _outcome(draw_report(report, Style(moves=((number, dx),)), change), truth(report)) == (
        "error"
    )
