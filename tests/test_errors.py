"""Bad input gets a ParseError with the user's line, column and row; never a wrong number."""

from __future__ import annotations

import contextlib
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zfxxgk

from .reportkit import COLUMNS, cell_value, line_of, report_text, request_rows


def _error(text: str) -> zfxxgk.ParseError:
    with pytest.raises(zfxxgk.ParseError) as caught:
        zfxxgk.parse(text)
    return caught.value


@pytest.mark.parametrize("text", ["", "   \n\n\t \n"])
def test_empty_input(text: str) -> None:
    error = _error(text)
    assert "empty" in error.reason
    assert (error.line, error.column) == (1, 1)


def test_binary_junk() -> None:
    error = _error("abc\n%PDF-1.7\x00\x01\x02garbage")
    assert "binary" in error.reason
    assert error.line == 2


def test_not_a_report() -> None:
    error = _error("关于开展政务公开工作的通知\n各单位：\n请认真做好政务公开工作。\n")
    assert "neither 表二" in error.reason and "表三" in error.reason


def test_parse_wants_text() -> None:
    with pytest.raises(TypeError, match="parse_file"):
        zfxxgk.parse(b"bytes")  # type: ignore[arg-type]


def test_row_with_a_missing_number() -> None:
    text = report_text("2021")
    row = next(i for i, (_, path) in enumerate(request_rows("2021")) if "three_safeties" in path)
    cells = "\t".join(str(cell_value(row, c)) for c in range(7))
    short = "\t".join(str(cell_value(row, c)) for c in range(6))
    text = text.replace(f"3.危及“三安全一稳定”\t{cells}", f"3.危及“三安全一稳定”\t{short}")
    error = _error(text)
    assert error.reason == "expected 7 numbers, found 6"
    assert error.where == "表三 （三）不予公开 3.危及“三安全一稳定”"
    assert error.line == line_of(text, "3.危及")
    assert error.column == 3  # the label cell, after two empty group cells
    assert str(error).startswith(f"line {error.line}, column 3: 表三 （三）不予公开")


def test_cell_that_is_not_a_number() -> None:
    text = report_text("2021").replace("规章\t1\t2\t3", "规章\t1\tabc\t3")
    error = _error(text)
    assert error.where == "表二 规章"
    assert "“abc”" in error.reason
    assert (error.line, error.column) == (line_of(text, "规章\t"), 6)


def test_extra_column_that_is_not_zero() -> None:
    text = report_text("2021").replace("规章\t1\t2\t3", "规章\t1\t2\t3\t4")
    error = _error(text)
    assert "found 4" in error.reason and "“4”" in error.reason


def test_row_printed_without_its_cells() -> None:
    # The label is there and its numbers are not: not a row left out, a damaged one.
    text = report_text("2021").replace("行政许可\t7", "行政许可")
    error = _error(text)
    assert error.where == "表二 行政许可"
    assert "without its cells" in error.reason
    assert error.line == line_of(text, "行政许可")


def test_truncated_report() -> None:
    text = report_text("2021")
    cut = text[: text.index("\t\t6.属于四类过程性信息")]
    error = _error(cut)
    assert "ends before" in error.reason
    assert "四、政府信息公开行政复议、行政诉讼情况" in error.reason


def test_table_from_the_wrong_generation() -> None:
    # A 2019 表二 cannot hold 2021's three （六） rows (the other way round is a variant
    # real reports print: see test_variants.py).
    tables_2019 = report_text("2019")
    requests_2021 = report_text("2021").split("三、收到和处理政府信息公开申请情况")[1]
    mixed = tables_2019.split("三、收到和处理政府信息公开申请情况")[0]
    error = _error(mixed + "三、收到和处理政府信息公开申请情况" + requests_2021)
    assert "2021 template" in error.reason and "2019 template" in error.reason
    assert error.where == "表三"


def test_missing_heading_is_named() -> None:
    text = report_text("2021").replace("四、政府信息公开行政复议、行政诉讼情况\n", "")
    error = _error(text)
    assert "四、政府信息公开行政复议、行政诉讼情况" in error.reason


def test_parse_error_is_a_value_error_and_pickles() -> None:
    error = _error("")
    assert isinstance(error, ValueError)
    again = pickle.loads(pickle.dumps(error))
    assert (again.line, again.column, again.where, str(again)) == (
        error.line,
        error.column,
        error.where,
        str(error),
    )


# Damage anywhere: a ParseError or the right numbers, never a shifted one. ---------------

_TEXT = report_text("2021")
_LINES = _TEXT.split("\n")


def _requests_in_place_or_error(text: str) -> None:
    """A ParseError, or every 表三 row in place (a row not printed is None, and noted)."""
    try:
        report = zfxxgk.parse(text)
    except zfxxgk.ParseError:
        return
    for row, (label, path) in enumerate(request_rows("2021")):
        counts = report.requests
        for part in path.split("."):
            counts = getattr(counts, part)
        if counts is None:
            own_label = label.split("\t")[-1].lstrip("0123456789.、（）()一二三四五六七")
            assert any("not printed" in note and own_label in note for note in report.notes)
            continue
        values = [getattr(counts, c) for c in (*COLUMNS, "total")]
        assert values == [cell_value(row, c) for c in range(7)], path


@pytest.mark.parametrize("index", range(len(_LINES)))
def test_any_line_removed(index: int) -> None:
    _requests_in_place_or_error("\n".join(_LINES[:index] + _LINES[index + 1 :]))


@given(st.data())
def test_any_cell_removed_fails_loudly(data: st.DataObject) -> None:
    rows = [i for i, line in enumerate(_LINES) if "\t" in line and line.split("\t")[-1].isdigit()]
    index = data.draw(st.sampled_from(rows))
    cells = _LINES[index].split("\t")
    numbers = [i for i, cell in enumerate(cells) if cell.isdigit()]
    drop = data.draw(st.sampled_from(numbers))
    damaged = [*_LINES[:index], "\t".join(cells[:drop] + cells[drop + 1 :]), *_LINES[index + 1 :]]
    with pytest.raises(zfxxgk.ParseError):
        zfxxgk.parse("\n".join(damaged))


_PIECES = "一二三四五、（）\t\n0123456789规章总计予以公开 /|#"


@given(st.text(alphabet=st.sampled_from(_PIECES), max_size=400))
def test_random_text_raises_nothing_but_parse_error(text: str) -> None:
    with contextlib.suppress(zfxxgk.ParseError):  # any other exception fails the test
        zfxxgk.parse(text)
