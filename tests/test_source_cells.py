"""Table cells as sources print them: a blank is an empty cell, a missing cell is an error.

A row of a report table (表二, 表三, 表四) must fill exactly the columns its block's header
rows give; otherwise a number would stand in another column. These tests damage the
format fixtures one cell at a time, as issue reports found real pages damaged.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

import zfxxgk
from zfxxgk.sources._common import _Cell, _expand

from .conftest import FIXTURES, mismatches
from .damagekit import FORMATS, DocxDocument, HtmlDocument, is_value_text, judge, truth


def _html(name: str) -> HtmlDocument:
    return HtmlDocument((FORMATS / name).read_bytes())


def _cell_after(doc: HtmlDocument, root: Any, label: str) -> Any:
    for row in doc.cells(root):
        for cell, following in itertools.pairwise(row):
            if re.sub(r"\s+", "", cell.text_content()) == label:
                return following
    raise AssertionError(f"no cell {label} in the page")


def _parse_page(root: Any) -> zfxxgk.Report:
    from lxml import html as lxml_html

    return zfxxgk.sources.parse_html(lxml_html.tostring(root, encoding="unicode"))


def test_rows_are_never_padded() -> None:
    rows = [
        [_Cell("信息内容"), _Cell("本年新制作数量"), _Cell("本年新公开数量")],
        [_Cell("规章"), _Cell("1")],
    ]
    assert _expand(rows) == [["信息内容", "本年新制作数量", "本年新公开数量"], ["规章", "1"]]


def test_a_deleted_html_cell_is_an_error_naming_the_row() -> None:
    doc = _html("004.bare.html")
    root = doc.root
    _cell_after(doc, root, "行政许可").drop_tree()  # the cell holding 10
    with pytest.raises(zfxxgk.ParseError) as error:
        _parse_page(root)
    assert error.value.where == "表二 行政许可"
    assert "cells in 3 of its block's 4 columns" in error.value.reason
    assert re.search(r"\(HTML table 1, row \d+\)$", error.value.reason)


def test_a_deleted_docx_cell_is_an_error_naming_the_row() -> None:
    from lxml import etree

    doc = DocxDocument((FORMATS / "004.docx").read_bytes())
    rows = doc.cells(doc.root)
    row = next(row for row in rows if "行政许可" in "".join(row[0].itertext()))
    row[1].getparent().remove(row[1])
    data = _docx_bytes(doc, etree.tostring(doc.root))
    with pytest.raises(zfxxgk.ParseError) as error:
        zfxxgk.parse_bytes(data)
    assert error.value.where == "表二 行政许可"
    assert "3 of its block's 4 columns" in error.value.reason
    assert re.search(r"\(DOCX table 1, row \d+\)$", error.value.reason)


def _docx_bytes(doc: DocxDocument, body: bytes) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for info, raw in doc.parts:
            package.writestr(info, body if info.filename == "word/document.xml" else raw)
    return out.getvalue()


@pytest.mark.parametrize("glue", ["", " "])
def test_two_merged_value_cells_are_an_error(glue: str) -> None:
    doc = _html("000.bare.html")
    root = doc.root
    first = _cell_after(doc, root, "行政处罚")
    second = first.getnext()
    assert (first.text_content().strip(), second.text_content().strip()) == ("69", "10")
    for child in list(first):
        first.remove(child)
    first.text = f"69{glue}10"
    second.drop_tree()
    with pytest.raises(zfxxgk.ParseError) as error:
        _parse_page(root)
    assert error.value.where == "表二 行政处罚"


def test_two_numbers_in_one_cell_are_an_error_at_the_source() -> None:
    # 470 132 would read as 470132, a space taken for a thousands separator.
    doc = _html("000.bare.html")
    root = doc.root
    cell = _cell_after(doc, root, "行政处罚").getnext()
    for child in list(cell):
        cell.remove(child)
    cell.text = "470 132"
    with pytest.raises(zfxxgk.ParseError, match="“470 132” holds two numbers") as error:
        _parse_page(root)
    assert error.value.where == "表二 行政处罚"


def test_a_value_spanning_two_header_columns_is_ambiguous() -> None:
    doc = _html("004.bare.html")
    root = doc.root
    cell = _cell_after(doc, root, "行政许可")  # 10 | 0 | 1342
    cell.getnext().drop_tree()
    cell.set("colspan", "2")  # the row fills its 4 columns again
    with pytest.raises(zfxxgk.ParseError, match="spans 2 columns that have headers of their own"):
        _parse_page(root)


def test_a_long_row_is_an_error_even_when_its_extra_cell_is_empty() -> None:
    doc = _html("004.bare.html")
    root = doc.root
    cell = _cell_after(doc, root, "行政许可")
    from lxml import html as lxml_html

    cell.addprevious(lxml_html.Element("td"))  # 行政许可 | '' | 10 | 0 | 1342
    with pytest.raises(zfxxgk.ParseError, match="5 columns where its block's header has 4"):
        _parse_page(root)


def test_an_empty_cell_inserted_in_a_row_of_table_three_is_an_error() -> None:
    doc = _html("004.bare.html")
    root = doc.root
    cell = _cell_after(doc, root, "（一）予以公开")
    from lxml import html as lxml_html

    cell.addprevious(lxml_html.Element("td"))
    with pytest.raises(zfxxgk.ParseError) as error:
        _parse_page(root)
    assert error.value.where.startswith("表三") and "予以公开" in error.value.where


def test_a_label_widened_over_a_number_column_is_an_error() -> None:
    # A label spanning one more column and a number deleted: the row's width is right,
    # but its numbers would all move one column right.
    doc = _html("004.bare.html")
    root = doc.root
    label = next(
        cell
        for row in doc.cells(root)
        for cell in row
        if re.sub(r"\s+", "", cell.text_content()) == "（一）予以公开"
    )
    label.set("colspan", "3")
    label.getnext().drop_tree()
    with pytest.raises(zfxxgk.ParseError, match="covers a column that holds numbers"):
        _parse_page(root)


def test_blank_cells_are_blanks_and_read_as_null() -> None:
    # 004_shuyang prints every 法人或其他组织 cell of 表三 blank: null, never 0, and the
    # row keeps its columns.
    path = FIXTURES / "corpus" / "004_shuyang-fgj-2023.html"
    report = zfxxgk.parse_file(path)
    assert report.requests.new_received.commercial is None
    assert report.requests.new_received.total == 26
    expected = truth(FIXTURES / "corpus" / "truth" / "004_shuyang-fgj-2023.json")
    assert mismatches(report, expected) == []


def test_damagekit_finds_value_cells() -> None:
    assert is_value_text("1,748") and is_value_text(" 26.23 万元") and is_value_text("增3")
    assert not is_value_text("1.属于国家秘密") and not is_value_text("")


def test_judge_tells_an_exact_reading_from_an_error() -> None:
    doc = _html("004.bare.html")
    expected = truth(FIXTURES / "truth" / "004_b7d93dd1867ccdfc.json")
    from lxml import html as lxml_html

    assert judge(lxml_html.tostring(doc.root, encoding="unicode"), expected)[0] == "exact"
    damaged = doc.damaged("delete", 40)
    assert damaged is not None and judge(damaged, expected)[0] == "error"
