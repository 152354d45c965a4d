"""PDF tables drawn without ruling lines read by position, exactly, or refused.

The 2021 seeds drawn with no line at all: columns only by where the header cells and the
numbers stand. Labels wrap over lines, group labels stand once beside their rows, and
the numbers stand beside the label's middle, first or last line (a label's numbers on
the line under it). A number deleted reads as a blank where the columns are certain; a
number moved half a column (between two) or a whole one (onto the next) is a
``ParseError`` naming the page, never a number read in another column.
"""

from __future__ import annotations

import copy
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import zfxxgk

from .test_pdf_drawer import (
    SEEDS_2021,
    USABLE,
    WIDTHS,
    Style,
    draw_report,
    numbered_report,
    read,
    row_of,
    tables_of,
    truth,
    values_of,
)

STYLES = {
    "centered": Style(ruled=False),
    "left-labels": Style(ruled=False, label_align="left"),
    "right-numbers": Style(ruled=False, value_align="right"),
    # a label's numbers on its last line: under its first line when it wraps
    "numbers-below": Style(ruled=False, label_valign="top", value_valign="bottom"),
    "numbers-above": Style(ruled=False, label_valign="top", value_valign="top"),
    "left-labels-numbers-below": Style(
        ruled=False, label_align="left", label_valign="top", value_valign="bottom"
    ),
    # the body's type size in the cells: narrow label columns, labels wrapped more
    "big-type-right-numbers": Style(ruled=False, value_align="right", size=10.5, leading=13.5),
    # rows with little or no space between them (Word's cells have none above and below)
    "tight-left-labels": Style(ruled=False, label_align="left", pad=1.0),
    "no-padding-numbers-below": Style(
        ruled=False, label_valign="top", value_valign="bottom", pad=0.0, leading=9.0
    ),
    "no-padding-right-numbers": Style(ruled=False, value_align="right", pad=0.0),
}


def _report(seed: Path) -> Any:
    return numbered_report(seed, random.Random(seed.name))


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("seed", SEEDS_2021, ids=lambda p: p.name[:3])
def test_an_unruled_report_reads_exactly(seed: Path, style: str) -> None:
    report = _report(seed)
    assert tables_of(read(draw_report(report, STYLES[style]))) == truth(report)


def test_an_unruled_table_is_written_as_rows_of_cells() -> None:
    data = draw_report(_report(SEEDS_2021[0]), STYLES["numbers-below"])
    lines = zfxxgk.sources.extract_text(data, filename="x.pdf").splitlines()
    # The wrapped label whole, on the line of its numbers; seven numbers after it.
    (row,) = [line for line in lines if "逾期未按收费通知" in line]
    cells = row.split("\t")
    assert cells[-8].endswith("行政机关不再处理其政府信息公开申请")
    assert all(cell.isdigit() for cell in cells[-7:])


# ---- damaged: exact as printed, or a ParseError --------------------------------------------

ROWS = ["一、本年新收", "3. 危及", "2. 申请人逾期未按收费通知", "四、结转下年度"]


@pytest.mark.parametrize("deleted", [0, 3, 6])
@pytest.mark.parametrize("label", ROWS)
@pytest.mark.parametrize("style", sorted(STYLES))
def test_an_unruled_row_with_a_number_deleted_reads_it_blank(
    style: str, label: str, deleted: int
) -> None:
    report = copy.deepcopy(_report(SEEDS_2021[1]))
    values_of(report, label)[deleted].text = ""
    assert tables_of(read(draw_report(report, STYLES[style]))) == truth(report)


# A number moved half a column in big type against a right-aligned neighbour lands with
# no gap to it and prints one longer number (see _pdf_unruled): not among these layouts.
MOVED = [
    "centered",
    "right-numbers",
    "numbers-below",
    "tight-left-labels",
    "no-padding-right-numbers",
]


@pytest.mark.parametrize("shift", [0.5, 1.0])
@pytest.mark.parametrize("moved", [0, 3, 6])
@pytest.mark.parametrize("label", ROWS)
@pytest.mark.parametrize("style", MOVED)
def test_an_unruled_row_with_a_number_moved_is_refused(
    style: str, label: str, moved: int, shift: float
) -> None:
    report = _report(SEEDS_2021[0])
    number = values_of(report, label)[moved].text
    side = -1 if moved == 6 else 1
    dx = side * shift * USABLE * WIDTHS["表三"][-1]
    style_moved = replace(STYLES[style], moves=((number, dx),))
    with pytest.raises(zfxxgk.ParseError) as raised:
        read(draw_report(report, style_moved))
    assert "PDF page" in raised.value.reason


# ---- a table broken over a page break, its header repeated or not -------------------------

BREAKS = ["4. 保护第三方", "2. 申请人逾期未按收费通知", "四、结转下年度"]


def _broken(label: str) -> dict[str, Any]:
    return {"表三": lambda grid: replace(grid, breaks={row_of(grid, label)})}


@pytest.mark.parametrize("repeat_header", [True, False], ids=["header", "no-header"])
@pytest.mark.parametrize("label", BREAKS)
@pytest.mark.parametrize("style", ["centered", "right-numbers", "numbers-below"])
def test_an_unruled_table_broken_over_a_page_reads_exactly(
    style: str, label: str, repeat_header: bool
) -> None:
    report = _report(SEEDS_2021[0])
    drawn = replace(STYLES[style], repeat_header=repeat_header)
    assert tables_of(read(draw_report(report, drawn, _broken(label)))) == truth(report)


@pytest.mark.parametrize("deleted", [0, 3, 6])
def test_a_row_going_on_alone_without_its_header_reads_a_blank_in_the_columns_before(
    deleted: int,
) -> None:
    # One row at the head of the page: its columns are those of the page before, so a
    # number it does not print is a blank in a known column.
    report = copy.deepcopy(_report(SEEDS_2021[1]))
    values_of(report, BREAKS[-1])[deleted].text = ""
    drawn = replace(STYLES["centered"], repeat_header=False)
    assert tables_of(read(draw_report(report, drawn, _broken(BREAKS[-1])))) == truth(report)


@pytest.mark.parametrize("moved", [0, 3, 6])
def test_a_row_going_on_alone_with_a_number_moved_is_refused(moved: int) -> None:
    report = _report(SEEDS_2021[1])
    number = values_of(report, BREAKS[-1])[moved].text
    dx = (-1 if moved == 6 else 1) * 0.5 * USABLE * WIDTHS["表三"][-1]
    drawn = replace(STYLES["centered"], repeat_header=False, moves=((number, dx),))
    with pytest.raises(zfxxgk.ParseError):
        read(draw_report(report, drawn, _broken(BREAKS[-1])))
