"""HTML pages: find the report among the portal's chrome, expand its tables."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .._caches import LONGEST
from .._normalize import fold, is_value
from ..errors import ParseError
from ..limits import MAX_MARKUP_TAGS, MAX_TEXT_CHARS
from ._common import _Cell, _clean, _new, _require, _Text
from ._html_decode import _html_parser

if TYPE_CHECKING:  # pragma: no cover - types only; lxml is the optional extra "html"
    from lxml.etree import _Element as HtmlElement


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text_of(element: HtmlElement) -> str:
    """The text of an element and all it holds (``lxml.html``'s ``text_content``)."""
    from lxml import etree

    return str(etree.tostring(element, method="text", encoding=str, with_tail=False))


def _drop(element: HtmlElement) -> None:
    """Take an element and what it holds out of the tree, keeping its tail text where it
    was (``lxml.html``'s ``drop_tree``)."""
    parent = element.getparent()
    assert parent is not None
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


# Elements whose content is never report text.
_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "canvas",
        "select",
        "button",
        "input",
        "textarea",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "map",
        "area",
        "audio",
        "video",
        "img",
        "picture",
        "source",
        "track",
    ]
)
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "ul",
        "caption",
        "legend",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "table",
    ]
)
# Words of 表二, 表三 and 表四 rows: a table holding one of them (and numbers) is the report's.
_ANCHORS = ("本年新收", "上年结转", "结转下年度", "行政复议", "规范性文件", "行政许可", "行政处罚")
_REQUESTS = ("本年新收", "上年结转", "结转下年度")
_TITLE_WORDS = ("年度报告", "年报", "工作报告")
# As the grammar's headings: a bare digit needs its mark, so 2023年主动公开… is no heading.
_OVERVIEW = re.compile(r"^(?:一[、.,]?|1[、.,]).{0,14}(?:总体情况|基本情况|概述)")
_PROACTIVE = re.compile(r"^(?:二[、.,]?|2[、.,]).{0,6}主动公开")


# A section heading of the report: 一、 to 八、 and a few words naming a section.
_SECTION_HEADING = re.compile(r"^[一二三四五六七八][、.,．]?[^。，；,;]{2,30}$")
_SECTION_WORDS = (
    "总体情况", "基本情况", "概述", "主动公开", "收到和处理", "行政复议", "行政诉讼",
    "存在的主要问题", "其他需要报告", "处理费",
)  # fmt: skip


def _is_heading(buffer: Sequence[str]) -> bool:
    key = fold("".join(buffer))
    return (
        _SECTION_HEADING.match(key) is not None
        and any(word in key for word in _SECTION_WORDS)
        and key.endswith(("情况", "事项", "措施", "概述", "问题"))  # not cut off mid-heading
    )


def _text_follows(element: HtmlElement) -> bool:
    """Whether the element's block goes on with text after it."""
    return bool(
        (element.tail or "").strip()
        or any(_clean(_text_of(sibling)) for sibling in element.itersiblings())
    )


def _hidden(element: HtmlElement) -> bool:
    if element.get("hidden") is not None:
        return True
    return _hiding_style(element.get("style"))


def _hiding_style(style: str | None) -> bool:
    """Whether a ``style`` attribute hides its element (``display:none``…)."""
    if not style:  # most elements
        return False
    style = style.replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


# lxml's HTML parser (the only one this module uses) lowercases every tag name, so tags are
# compared as they are; a comment's or processing instruction's tag is a function.


def _tag(element: Any) -> str | None:
    tag = element.tag
    return tag if tag.__class__ is str else None


def _rows(table: HtmlElement) -> Iterator[HtmlElement]:
    """A table's own rows (not those of tables nested in its cells), in order."""
    for child in table.iterchildren("tr", "thead", "tbody", "tfoot"):
        if child.tag == "tr":
            yield child
        else:
            yield from child.iterchildren("tr")


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return list(row.iterchildren("td", "th"))


def _span(element: HtmlElement, attribute: str) -> int:
    value = element.get(attribute)
    if value is None:  # most cells
        return 1
    value = (value or "1").strip()
    digits = value[: len(value) - len(value.lstrip("0123456789"))] if value else ""
    number = int(digits) if digits else 1
    return min(number, 1000) if attribute == "colspan" else min(number, 65534)


def _cell(cell: HtmlElement) -> _Cell:
    """A table cell's text (as ``_inline_text`` reads it) and spans."""
    rowspan = 1 if cell.get("rowspan") is None else _span(cell, "rowspan")
    colspan = 1 if cell.get("colspan") is None else _span(cell, "colspan")
    if not len(cell):  # text alone
        return _new(_Cell, (cell.text or "", rowspan, colspan))
    parts = [cell.text or ""]
    _inline_parts(cell, parts)
    return _new(_Cell, ("".join(parts), rowspan, colspan))


def _inline_text(element: HtmlElement) -> str:
    """A cell's text: ``<br>`` and ``<p>`` inside it become spaces, in the same cell."""
    if not len(element):  # text alone (a cell of many)
        return element.text or ""
    parts = [element.text or ""]
    _inline_parts(element, parts)
    return "".join(parts)


def _inline_parts(element: HtmlElement, parts: list[str]) -> None:
    """The text of an element's children and their tails, for ``_inline_text``."""
    append = parts.append
    for node in element:
        tag = node.tag
        # An element (a comment's tag is a function), shown: no hidden attribute, no
        # style that hides it. Most have no attribute at all: one look at their names.
        if (
            tag.__class__ is str
            and tag not in _SKIP
            and (
                not (names := node.keys())
                or not (
                    "hidden" in names or ("style" in names and _hiding_style(node.get("style")))
                )
            )
        ):
            if tag in _BLOCKS:
                append(" ")
                append(node.text or "")
                if len(node):
                    _inline_parts(node, parts)
                append(" ")
            else:
                if tag == "br":
                    append(" ")
                append(node.text or "")
                if len(node):
                    _inline_parts(node, parts)
        append(node.tail or "")


class _HtmlWriter:
    """Walks an element tree in document order, writing lines and tables."""

    def __init__(self, out: _Text, *, tables: bool = True) -> None:
        self.out = out
        self.tables = tables  # False: prose only, data tables skipped (a quick look)
        self.buffer: list[str] = []
        # Prose only: each data table skipped, and how many lines were written before it.
        self.skipped: list[tuple[int, HtmlElement]] = []

    def flush(self) -> None:
        if self.buffer:
            self.out.line("".join(self.buffer))
            self.buffer.clear()

    def walk(self, element: HtmlElement) -> None:
        tag = _tag(element)
        if tag is None or tag in _SKIP or _hidden(element):
            pass
        elif tag == "table":
            self.flush()
            self.table(element)
        elif tag == "br" or tag == "hr":
            self.flush()
        elif tag == "pre":
            self.flush()
            for line in _text_of(element).splitlines():
                self.out.line(line)
        elif tag in _BLOCKS:
            self.flush()
            self.buffer.append(element.text or "")
            for child in element:
                self.walk(child)
            self.flush()
        else:
            starts_line = not _clean("".join(self.buffer))
            self.buffer.append(element.text or "")
            for child in element:
                self.walk(child)
            if starts_line and _text_follows(element) and _is_heading(self.buffer):
                # A section heading set in bold (<strong>, <span>, <font>) at the start
                # of a paragraph that goes on after it: the heading is a line of its own.
                self.flush()
        self.buffer.append(element.tail or "")

    def table(self, table: HtmlElement) -> None:
        # Read up to the first row of two cells (a data table's first rows), not every row:
        # the prose walk (tables=False) goes no further in a data table.
        one_column = all(len(_cells(row)) <= 1 for row in _rows(table))
        if one_column or any(True for _ in table.iterdescendants("table")):
            # A layout table (a page laid out in a grid, or a box around the article):
            # its cells hold blocks, not data.
            for row in _rows(table):
                for cell in _cells(row):
                    self.walk(cell)
                    self.flush()
            return
        if not self.tables:
            self.skipped.append((len(self.out.lines), table))
            return
        self.data_table(table)

    def data_table(self, table: HtmlElement) -> None:
        """Write a table of data: its caption, then its rows."""
        for child in table.iterchildren("caption"):
            self.out.line(_inline_text(child))
        self.out.table([[_cell(cell) for cell in _cells(row)] for row in _rows(table)])


def _is_report_table(table: HtmlElement, text: str) -> bool:
    """Whether a table (``text``: its text, folded) holds the rows of 表二, 表三 or 表四."""
    if not any(anchor in text for anchor in _ANCHORS):
        return False
    numbers = 0
    for cell in table.iter("td", "th"):
        if _ends_in_a_number(_text_of(cell)):
            numbers += 1
            if numbers >= 3:
                return True
    return False


def _ends_in_a_number(text: str) -> bool:
    """Whether a cell's text is a value that ends in a digit."""
    if len(text) > LONGEST:  # a cell of prose: not kept (see _caches)
        return _is_a_number_at_end(text)
    return _ends_in_a_number_kept(text)


def _is_a_number_at_end(text: str) -> bool:
    key = fold(text)
    return bool(key) and key[-1:].isdigit() and is_value(key)


# A report's cells print a few texts over and over (0, its template's labels).
_ends_in_a_number_kept = functools.lru_cache(maxsize=8192)(_is_a_number_at_end)


def _innermost(tables: Sequence[HtmlElement]) -> list[HtmlElement]:
    """The tables that hold none of the others (a layout table holds the report's)."""
    found = {id(table) for table in tables}
    return [
        table
        for table in tables
        if not any(id(inner) in found for inner in table.iterdescendants("table"))
    ]


def _common_ancestor(elements: Sequence[HtmlElement]) -> HtmlElement:
    first = [elements[0], *elements[0].iterancestors()]
    others = [{id(e) for e in (element, *element.iterancestors())} for element in elements[1:]]
    return next(e for e in first if all(id(e) in chain for chain in others))


def _prose_of(element: HtmlElement) -> _HtmlWriter:
    """The walk of an element's text outside its data tables (``.out.lines``)."""
    writer = _HtmlWriter(_Text("html"), tables=False)
    writer.walk(element)
    writer.flush()
    return writer


def _with_tables(prose: _HtmlWriter) -> _Text:
    """What walking the element again with its tables writes: the prose walk's lines, with
    each data table it skipped written where it stood.

    A data table is written after the line before it is flushed, and leaves the line being
    gathered as it was: the prose around it is the same in both walks.
    """
    out = _Text("html")
    writer = _HtmlWriter(out)
    lines, origins = prose.out.lines, prose.out.origins
    start = 0
    for at, table in prose.skipped:
        out.lines += lines[start:at]
        out.origins += origins[start:at]
        start = at
        writer.data_table(table)
    out.lines += lines[start:]
    out.origins += origins[start:]
    return out


def _report_container(root: HtmlElement, tables: HtmlElement) -> tuple[HtmlElement, _HtmlWriter]:
    """The element that holds the report: the closest ancestor of its tables that also
    holds the heading 一、总体情况, else the closest that holds 二、主动公开…, else the
    tables' own. Never more than needed, so menus and footers stay out. With it, its prose
    walk (``_prose_of``)."""
    body = root.find("body")
    top = body if body is not None else root
    chain = [tables]
    parent = tables.getparent()
    while chain[-1] is not top and parent is not None:
        chain.append(parent)
        parent = parent.getparent()
    # Each ancestor's prose is read only when the search reaches it, innermost first: the
    # outer ones (the whole page's body) are the costly ones, and are rarely needed.
    # The last walk is kept (the one the search most often ends on), not all of them: an
    # ancestor's prose holds all of its descendants'.
    headings: dict[int, list[str]] = {}
    last: tuple[int, _HtmlWriter] | None = None
    found: int | None = None  # else the tables' own (chain[0])
    for pattern in (_OVERVIEW, _PROACTIVE):
        for index, element in enumerate(chain):
            if index not in headings:
                last = (index, _prose_of(element))
                headings[index] = [fold(line) for line in last[1].out.lines if len(line) <= 40]
            if any(pattern.match(line) for line in headings[index]):
                found = index
                break
        if found is not None:
            break
    index = 0 if found is None else found
    assert last is not None  # the innermost is always walked
    return chain[index], last[1] if last[0] == index else _prose_of(chain[index])


def _is_title(line: str) -> bool:
    return len(line) <= 80 and "\t" not in line and any(word in line for word in _TITLE_WORDS)


def _is_page_title(line: str) -> bool:
    """A heading of the page names the report: 年度报告 or 年报, and 公开."""
    return _is_title(line) and "公开" in line


def _title_before(root: HtmlElement, container: HtmlElement) -> str | None:
    """The report's title printed above its container: the page's closest heading
    (``h1``–``h4``, or a ``title`` class or id) that names a 年度报告, not a link."""
    title = None
    for element in root.iter():
        if element is container:
            break
        tag = _tag(element)
        if tag is None:
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if tag not in ("h1", "h2", "h3", "h4") and "title" not in marks:
            continue
        if tag == "a" or any(_tag(a) == "a" for a in element.iterancestors()):
            continue
        if any(True for _ in element.iter("a", "table")):
            continue
        text = _clean(_text_of(element))
        if _is_page_title(text):
            title = text
    return title


# How portals join the article's title and the site's name in <title>: 标题_XX市人民政府.
_TITLE_SEPARATORS = re.compile(r"\s*(?:[_|｜]|\s[-—–]+\s|——|--)\s*")


def _page_title(root: HtmlElement) -> str | None:
    """The report's title as the page names it: its article-title ``<meta>`` (as portal
    systems write it), else the part of ``<title>`` that names a 公开 annual report (not
    the site's name beside it)."""
    candidates: list[str] = []
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        if key in ("articletitle", "og:title", "title"):
            candidates.append(meta.get("content") or "")
    for title in root.iter("title"):
        candidates.extend(_TITLE_SEPARATORS.split(_text_of(title)))
    for candidate in candidates:
        for part in _TITLE_SEPARATORS.split(_clean(candidate)):
            if _is_page_title(part):
                return part
    return None


def html_report(html: str, name: str) -> _Text:
    """Find the report in a page and write it as report text."""
    lxml_html = _require("lxml.html", "html", "HTML pages")
    # Every element starts with a “<”: counting them bounds the tree before lxml builds it.
    tags = html.count("<")
    if tags > MAX_MARKUP_TAGS:
        raise ParseError(
            f"{name} has {tags:,} tags (“<”), more than the limit of {MAX_MARKUP_TAGS:,} "
            "(zfxxgk.limits.MAX_MARKUP_TAGS; a report's page has a few thousand): is it one "
            "report's page?"
        )
    # Control characters XML cannot hold (lxml refuses them in the tree it edits), and
    # lone surrogates, are spaces: they are no report text.
    html = _NOT_XML.sub(" ", html)
    try:
        root = lxml_html.document_fromstring(
            html.encode("utf-8", errors="replace"), parser=_html_parser()
        )
    except Exception as error:  # lxml raises ParserError for an empty document
        raise ParseError(f"{name} is not an HTML page with content: {error}") from None
    page_title = _page_title(root)
    for element in list(root.iter(*_SKIP)):
        _drop(element)
    length = len(_text_of(root))
    if length > MAX_TEXT_CHARS:
        raise ParseError(
            f"{name} holds {length:,} characters of text, more than the limit of "
            f"{MAX_TEXT_CHARS:,} (zfxxgk.limits.MAX_TEXT_CHARS; a report's page holds some "
            "ten thousand): is it one report's page?"
        )
    # Each report table, and whether it holds 表三's rows: its text is folded once (and not
    # kept: the texts of tables nested in each other would take their depth's memory).
    found: list[tuple[HtmlElement, bool]] = []
    for table in root.iter("table"):
        text = fold(_text_of(table))
        if _is_report_table(table, text):
            found.append((table, any(anchor in text for anchor in _REQUESTS)))
    tables = [table for table, _ in found]
    if not tables:
        raise ParseError(
            f"found no annual report in {name}: no table holds the rows of 表二, 表三 or 表四 "
            "(规章, 本年新收…, 行政复议) with numbers. Is it the report's page, or a list of "
            "links to it? A report published only as an image needs OCR, which zfxxgk "
            "does not do"
        )
    # 表三's rows name the report beyond doubt; 表二's (行政许可…) may also be a menu's.
    requests = [table for table, holds_requests in found if holds_requests]
    container, prose = _report_container(root, _common_ancestor(_innermost(requests or tables)))
    out = _with_tables(prose)
    lines = out.lines
    start = next((i for i, line in enumerate(lines) if _OVERVIEW.match(fold(line))), len(lines))
    if not any(_is_title(line) for line in lines[:start]):
        title = _title_before(root, container) or page_title
        if title:
            out.lines.insert(0, title)
            out.origins.insert(0, "title")
    return out
