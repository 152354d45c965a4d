"""The HTML reader's fast paths read pages as lxml.html's own calls do.

Elements are plain ``lxml.etree`` elements (no class lookup in Python per element):
``_text_of`` and ``_drop`` must do what ``lxml.html``'s ``text_content`` and
``drop_tree`` do. The declared charset is read from the page's first 4 KB where they
hold one that another element follows, else from its first 64 KB as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from zfxxgk.errors import ParseError
from zfxxgk.sources._common import _Text
from zfxxgk.sources._html import (
    _BLOCKS,
    _SKIP,
    _cells,
    _common_ancestor,
    _drop,
    _HtmlWriter,
    _inline_text,
    _prose_of,
    _report_container,
    _rows,
    _text_of,
    _with_tables,
)
from zfxxgk.sources._html_decode import (
    _declared_charset,
    _first_declaration,
    _html_parser,
    html_decode,
)

# lxml.html's own parser, as the reader used it (its elements have text_content).
_LXML_HTML = lxml_html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
)
PAGES = sorted((Path(__file__).parent / "fixtures").rglob("*.html"))


@pytest.mark.parametrize("path", PAGES, ids=[path.name for path in PAGES])
def test_text_of_an_element_is_its_text_content(path: Path) -> None:
    page = html_decode(path.read_bytes(), path.name).encode("utf-8")
    theirs = lxml_html.document_fromstring(page, parser=_LXML_HTML)
    ours = lxml_html.document_fromstring(page, parser=_html_parser())
    pairs = list(zip(theirs.iter(), ours.iter(), strict=True))
    assert len(pairs) > 50
    for their, our in pairs:
        if isinstance(their.tag, str):
            assert _text_of(our) == their.text_content()


def test_dropping_an_element_keeps_its_tail_as_drop_tree_does() -> None:
    markup = "<div>a<b>x</b>b<i>y</i>c<script>z</script>d</div><p><s>gone</s>tail</p>"
    theirs = lxml_html.fragment_fromstring(markup, create_parent="body")
    ours = lxml_html.fragment_fromstring(markup, create_parent="body", parser=_html_parser())
    for root in (theirs, ours):
        for tag in ("b", "script", "s"):
            element = root.find(f".//{tag}")
            element.drop_tree() if root is theirs else _drop(element)
    assert lxml_html.tostring(ours) == lxml_html.tostring(theirs)


def _page(before: str, meta: str, after: str = "<title>t</title>") -> bytes:
    return f"<html><head>{before}{meta}{after}</head><body>正文</body></html>".encode()


@pytest.mark.parametrize(
    ("page", "charset"),
    [
        (_page("", '<meta charset="gbk">'), "gbk"),
        (_page("<!--" + "x" * 5000 + "-->", '<meta charset="gbk">'), "gbk"),  # past 4 KB
        (_page("<style>" + "a{}" * 2000 + "</style>", '<meta charset="big5">'), "big5"),
        # The last element of the first 4 KB: read from the 64 KB, where it is whole.
        (_page("<title>" + "y" * 4080 + "</title>", '<meta charset="euc-jp">', ""), "euc-jp"),
        (
            _page("", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
            "gb2312",
        ),
        # The first 4 KB end right after this meta (read alone, lxml finds no charset in
        # it): the last element read does not count, the 64 KB are read.
        (_page("<!--" + "x" * 4071 + "-->", '<meta charset="a<b">'), "a<b"),
        (_page("", '<meta http-equiv="Content-Type" content="text/html">'), None),
        (_page("", '<meta name="description" content="charset=big5">'), None),
        (_page("x" * 6000, ""), None),
    ],
)
def test_the_declared_charset_is_found_wherever_the_head_declares_it(
    page: bytes, charset: str | None
) -> None:
    assert _declared_charset(page) == charset
    assert _first_declaration(page[:65536].decode("latin-1"), whole=False) == charset


# ---- a table's rows, cells and cell texts, read as the plain recursive walk reads them ----


def _walked_rows(table: Any) -> list[list[Any]]:
    """A table's own rows and their cells, every child's tag lowercased and compared."""
    rows = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else None
        groups = [child] if tag == "tr" else [
            row for row in child if isinstance(row.tag, str) and row.tag.lower() == "tr"
        ] if tag in ("thead", "tbody", "tfoot") else []  # fmt: skip
        for row in groups:
            rows.append(
                [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
            )
    return rows


def _walked_text(element: Any) -> str:
    """A cell's text as ``_inline_text`` reads it, by the rule spelled out."""
    parts = [element.text or ""]
    for node in element:
        if isinstance(node.tag, str):
            tag = node.tag.lower()
            style = (node.get("style") or "").replace(" ", "").lower()
            shown = not (
                tag in _SKIP
                or node.get("hidden") is not None
                or "display:none" in style
                or "visibility:hidden" in style
            )
            if shown:
                block = tag in _BLOCKS
                parts.append(" " if block or tag == "br" else "")
                parts.append(_walked_text(node))
                parts.append(" " if block else "")
        parts.append(node.tail or "")
    return "".join(parts)


_ODD_CELLS = (
    "<TABLE><THEAD><TR><TH>a<BR>b</TH></TR></THEAD><TBODY><!-- x --><TR><TD>1<SPAN"
    ' STYLE="Display : None">9</SPAN><P>2</P>3<SPAN HIDDEN>9</SPAN><B>4<I>5</I></B>'
    '<DIV style="visibility:HIDDEN">9</DIV><o:p>6</o:p></TD><Td>7</Td></TR></TBODY>'
    "<TFOOT><tr><th colspan=2>8</th></tr></TFOOT><tr><td><p><span>0</span></p></td></tr>"
    "</TABLE>"
)


@pytest.mark.parametrize("path", [*PAGES, None], ids=[*(path.name for path in PAGES), "odd"])
def test_a_tables_cells_are_read_as_the_plain_walk_reads_them(path: Path | None) -> None:
    page = (
        html_decode(path.read_bytes(), path.name).encode("utf-8")
        if path is not None
        else f"<html><body>{_ODD_CELLS}</body></html>".encode()
    )
    root = lxml_html.document_fromstring(page, parser=_html_parser())
    # The reader compares tags as they are: lxml's HTML parser lowercases them all.
    tags = [element.tag for element in root.iter() if isinstance(element.tag, str)]
    assert tags == [tag.lower() for tag in tags]
    cells = 0
    for table in root.iter("table"):
        rows = [_cells(row) for row in _rows(table)]
        assert rows == _walked_rows(table)
        for row in rows:
            for cell in row:
                assert _inline_text(cell) == _walked_text(cell)
                cells += 1
    assert cells >= (5 if path is None else 1)


# ---- the report's text: its container's prose walk, with its data tables written back ----


def _walked_with_tables(element: Any) -> tuple[list[str], list[str]] | str:
    """The lines (and origins) of an element walked with its tables, or the error."""
    out = _Text("html")
    writer = _HtmlWriter(out)
    try:
        writer.walk(element)
        writer.flush()
    except ParseError as error:
        return f"{error} line {error.line} column {error.column}"
    return out.lines, out.origins


def _replayed(element: Any) -> tuple[list[str], list[str]] | str:
    try:
        out = _with_tables(_prose_of(element))
    except ParseError as error:
        return f"{error} line {error.line} column {error.column}"
    return out.lines, out.origins


_ODD_PAGE = (
    "<div><p><strong>一、总体情况</strong>正文</p><table><caption>表一</caption>"
    "<tr><td>项目</td><td>数量</td></tr><tr><td>行政许可</td><td>1</td></tr></table>尾"
    "<pre>a\nb</pre><table><tr><td>联系人</td><td>电话</td></tr></table>"
    "<table><tr><td><table><tr><td>本年新收</td><td>1</td><td>2</td></tr></table></td></tr>"
    "</table><span>后</span><table><tr><td>本年新收</td><td>1</td><td>2</td></tr>"
    "<tr><td>上年结转</td><td>3</td></tr></table>末</div>"  # a cell missing: an error
)


@pytest.mark.parametrize("path", [*PAGES, None], ids=[*(path.name for path in PAGES), "odd"])
def test_the_prose_walk_with_its_tables_written_back_is_the_walk_with_tables(
    path: Path | None,
) -> None:
    page = (
        html_decode(path.read_bytes(), path.name).encode("utf-8")
        if path is not None
        else f"<html><body>{_ODD_PAGE}</body></html>".encode()
    )
    root = lxml_html.document_fromstring(page, parser=_html_parser())
    for element in list(root.iter(*_SKIP)):
        _drop(element)
    holders = [e for e in root.iter("body", "div", "td", "table") if e.find(".//table") is not None]
    assert holders
    for element in holders:
        assert _replayed(element) == _walked_with_tables(element)


_REPORT = (
    "<table><tr><td>本年新收</td><td>1</td><td>2</td><td>3</td></tr></table>"
    "<table><tr><td>行政复议</td><td>4</td><td>5</td><td>6</td></tr></table>"
)


@pytest.mark.parametrize(
    "body",
    [
        f"<div><p>一、总体情况</p><div><div>{_REPORT}</div></div></div>",
        f"<div><p>二、主动公开政府信息情况</p><div><div>{_REPORT}</div></div></div>",
        f"<div><p>二、主动公开政府信息情况</p><div><p>一、总体情况</p>{_REPORT}</div></div>",
        f"<div><div>{_REPORT}</div><p>正文</p></div>",  # no heading: the tables' own
    ],
)
def test_the_report_container_comes_with_its_own_prose_walk(body: str) -> None:
    root = lxml_html.document_fromstring(f"<html><body>{body}</body></html>".encode())
    tables = list(root.iter("table"))
    container, prose = _report_container(root, _common_ancestor(tables))
    assert prose.out.lines == _prose_of(container).out.lines
    assert prose.skipped == _prose_of(container).skipped
    assert len(prose.skipped) == 2
