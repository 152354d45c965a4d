"""Word .docx: paragraphs and tables in document order, merged cells, list numbers."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, NamedTuple

from lxml import etree

from ..errors import ParseError
from ..limits import MAX_MARKUP_TAGS, MAX_XML_BYTES, MAX_ZIP_BYTES, MAX_ZIP_MEMBERS
from ._common import _Cell, _require, _Text

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
_NUMBERING = "word/numbering.xml"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _docx_text(element: Any, *, cell: bool = False) -> str:
    """The text of a paragraph in reading order: runs, hyperlinks, fields, insertions.

    Deleted text (``w:delText``) and the fallback copy of a text box are left out; a tab
    or a line break becomes a space in a table cell and a new line elsewhere.
    """
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag == _MC_FALLBACK:
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag in (_W + "tab", _W + "ptab"):
                parts.append(" ")
            elif tag in (_W + "br", _W + "cr"):
                parts.append(" " if cell else "\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            elif tag not in (_W + "delText", _W + "instrText", _W + "rPr", _W + "pPr"):
                walk(child)

    walk(element)
    return "".join(parts)


def _docx_cell_text(tc: Any, numbering: _Numbering) -> str:
    return " ".join(numbering.label(p) + _docx_text(p, cell=True) for p in _outer_paragraphs(tc))


def _outer_paragraphs(tc: Any) -> Iterator[Any]:
    """A cell's paragraphs (those of tables nested in it too), but not those inside another
    paragraph: a text box's, which ``_docx_text`` reads with the paragraph holding it, and
    which Word writes twice (``mc:Choice`` and its ``mc:Fallback``)."""
    for paragraph in tc.iter(_W + "p"):
        parent = paragraph.getparent()
        while parent is not tc and parent is not None and parent.tag != _W + "p":
            parent = parent.getparent()
        if parent is tc:
            yield paragraph


# The fast path, for a body where no paragraph holds another (a text box does). Then the
# paragraph a piece of text (``w:t``, a tab, a break) is in is the nearest above it, and
# one ``iter`` over a cell (in C) yields its paragraphs and pieces in document order, where
# ``_docx_text`` calls Python for every element. A piece shows, as in ``_docx_text``, when
# no element ``_docx_text`` stops at (``_STOPS``) is between it and its paragraph.
_P = _W + "p"
_T = _W + "t"
#: What a piece other than ``w:t`` shows, in a cell and elsewhere.
_CELL_SHOWS = {_W + "tab": " ", _W + "ptab": " ", _W + "br": " ", _W + "cr": " ",
               _W + "noBreakHyphen": "-"}  # fmt: skip
_LINE_SHOWS = {**_CELL_SHOWS, _W + "br": "\n", _W + "cr": "\n"}
_PIECES = (_P, _T, *_CELL_SHOWS)
_STOPS = frozenset(
    [_T, *_CELL_SHOWS, _MC_FALLBACK] + [_W + tag for tag in ("delText", "instrText", "rPr", "pPr")]
)
_NESTED_PARAGRAPH = etree.XPath("boolean(descendant::w:p//w:p)", namespaces={"w": _W[1:-1]})
_NUMBERED_STYLES = etree.XPath("w:style[w:pPr/w:numPr]", namespaces={"w": _W[1:-1]})


def _holders(root: Any, tags: tuple[str, ...], properties: str, holder: str) -> list[Any]:
    """The ``holder`` elements under ``root`` (paragraphs, cells) with a child
    ``properties`` (pPr, tcPr) that holds one of ``tags``, in document order: those
    whose properties are worth reading (a list number, a span).

    lxml's ``iter`` finds the few such properties in C; an XPath with this predicate
    tests every paragraph or cell, and a Python loop makes a proxy of each. The caller
    keeps the list, so ``in`` finds an element by identity: lxml gives the same proxy
    for an element while a reference to it lives.
    """
    found: dict[Any, None] = {}  # ordered, each holder once
    for element in root.iter(*tags):
        parent = element.getparent()
        if parent is not None and parent.tag == properties:
            grandparent = parent.getparent()
            if grandparent is not None and grandparent.tag == holder:
                found[grandparent] = None
    return list(found)


def _shown(piece: Any) -> bool:
    """Whether ``_docx_text`` of the paragraph above ``piece`` reaches it."""
    node = piece.getparent()
    while node is not None:
        tag = node.tag
        if tag == _P:
            return True
        if tag in _STOPS:
            return False
        node = node.getparent()
    return False  # in no paragraph


def _fast_text(paragraph: Any) -> str:
    """``_docx_text(paragraph)`` for a paragraph that holds no other paragraph."""
    return "".join(
        (piece.text or "" if piece.tag == _T else _LINE_SHOWS[piece.tag])
        for piece in paragraph.iter(*_PIECES)
        if piece.tag != _P and _shown(piece)
    )


def _fast_cell_text(tc: Any, numbering: _Numbering) -> str:
    """``_docx_cell_text`` for a cell whose paragraphs hold no other paragraph."""
    parts: list[str] = []  # the paragraphs' labels and pieces, a space between paragraphs
    paragraphs = 0
    for node in tc.iter(*_PIECES):
        tag = node.tag
        if tag == _P:
            if paragraphs:
                parts.append(" ")
            paragraphs += 1
            parts.append(numbering.label(node))
        elif paragraphs and _shown(node):  # a piece in no paragraph is not shown
            parts.append(node.text or "" if tag == _T else _CELL_SHOWS[tag])
    return "".join(parts)


_CHINESE = "〇一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _chinese(number: int, digits: str = _CHINESE, ten: str = "十") -> str:
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ten if tens == 1 else digits[tens] + ten
    return head + (digits[ones] if ones or not tens else "")


def _format_number(number: int, fmt: str) -> str:
    """A list number in one of Word's formats (``w:numFmt``)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "taiwaneseCounting", "japaneseCounting"):  # fmt: skip
        return _chinese(number)
    if fmt == "chineseLegalSimplified":
        return _chinese(number, _LEGAL, "拾")
    if fmt == "ideographDigital":
        return "".join(_CHINESE[int(d)] for d in str(number))
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "decimalFullWidth":
        return str(number).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    if fmt.startswith("decimalEnclosedCircle") and 0 < number <= 20:
        return chr(0x2460 + number - 1)
    if fmt in ("lowerLetter", "upperLetter") and number > 0:
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and number > 0:
        roman = ""
        for value, letters in _ROMAN:
            while number >= value:
                roman += letters
                number -= value
        return roman.upper() if fmt == "upperRoman" else roman
    return str(number)


class _Level(NamedTuple):
    fmt: str
    text: str
    start: int
    suffix: str


def _find(element: Any, child: str, grandchild: str | None = None) -> Any:
    """``element.find("w:child/w:grandchild")`` by lxml's iterators, which run in C, where
    ``find`` runs lxml's path matcher in Python: the first such element, or ``None``."""
    for found in element.iterchildren(_W + child):
        if grandchild is None:
            return found
        for inner in found.iterchildren(_W + grandchild):
            return inner
    return None


def _firsts(element: Any, child: str, *grandchildren: str) -> dict[str, Any]:
    """``_find(element, child, grandchild)`` for each grandchild in one pass, by tag."""
    found: dict[str, Any] = {}
    for properties in element.iterchildren(_W + child):
        for inner in properties.iterchildren(*grandchildren):
            found.setdefault(inner.tag, inner)
    return found


def _val(element: Any, child: str) -> str | None:
    found = _find(element, child)
    return None if found is None else found.get(_W + "val")


def _number(value: str | None, default: int, what: str, part: str) -> int:
    """A whole number of the XML (a span, a list level): ``default`` when not given; a
    ``ParseError`` naming the part when it is no number (``gridSpan="two"``)."""
    if value is None or not value.strip():
        return default
    value = value.strip()
    if not (value.isascii() and value.isdigit()):
        raise ParseError(
            f"the .docx's {part} gives {what} as “{value[:20]}”, which is not a whole number: "
            "is the file damaged? Open it in Word or WPS and save it again"
        )
    return int(value)


#: Word's list levels: ``w:ilvl`` 0 to 8.
_LEVELS = 9


def _level(value: str | None, part: str) -> int:
    """A list level (``w:ilvl``), 0 to 8."""
    level = _number(value, 0, "a list level (w:ilvl)", part)
    if level >= _LEVELS:
        raise ParseError(
            f"the .docx's {part} has list level {level}, where Word's levels are 0 to "
            f"{_LEVELS - 1}: is the file damaged? Open it in Word or WPS and save it again"
        )
    return level


_LEVEL_VALUES = tuple(_W + tag for tag in ("start", "numFmt", "lvlText", "suff"))


class _Numbering:
    """Word's automatic numbering: the number (一、 1. （一）) a numbered paragraph shows,
    which is in ``numbering.xml``, not in the paragraph's text."""

    def __init__(self, document: Any, body: Any) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.lists: dict[str, str] = {}  # numId -> the abstract list it counts in
        self.styles: dict[str, tuple[str | None, str | None]] = {}  # styleId -> numPr
        self.counters: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except Exception:  # no numbering part: python-docx raises NotImplementedError
            numbering = None
        abstract: dict[str, dict[int, _Level]] = {}
        for definition in (
            numbering.iterchildren(_W + "abstractNum") if numbering is not None else ()
        ):
            levels = {}
            for lvl in definition.iterchildren(_W + "lvl"):
                values: dict[str, str | None] = {}  # _val of each, in one pass over lvl
                for child in lvl.iterchildren(*_LEVEL_VALUES):
                    values.setdefault(child.tag, child.get(_W + "val"))
                start = values.get(_W + "start") or "1"
                levels[_level(lvl.get(_W + "ilvl"), _NUMBERING)] = _Level(
                    values.get(_W + "numFmt") or "decimal",
                    values.get(_W + "lvlText") or "",
                    int(start) if start.isascii() and start.isdigit() else 1,
                    {"space": " ", "nothing": ""}.get(values.get(_W + "suff") or "tab", " "),
                )
            abstract[definition.get(_W + "abstractNumId", "")] = levels
        for num in numbering.iterchildren(_W + "num") if numbering is not None else ():
            list_id = _val(num, "abstractNumId") or ""
            self.lists[num.get(_W + "numId", "")] = list_id
            self.levels[num.get(_W + "numId", "")] = abstract.get(list_id, {})
        # The styles with a list number: one XPath, not a Python loop over the hundreds
        # of styles of a template.
        # One XPath over the styles' children: a template's styles.xml holds thousands
        # of elements, where ``_holders`` would visit each.
        for style in _NUMBERED_STYLES(document.styles.element):
            num_pr = _find(style, "pPr", "numPr")
            if num_pr is not None:
                self.styles[style.get(_W + "styleId", "")] = (
                    _val(num_pr, "numId"),
                    _val(num_pr, "ilvl"),
                )
        # A paragraph with neither pStyle nor numPr shows no number, unless a list
        # has no numId (""), which such a paragraph then counts in (a damaged file).
        self.candidates: set[Any] | None = None
        if self.levels and "" not in self.levels:
            self.candidates = set(_holders(body, (_W + "numPr", _W + "pStyle"), _W + "pPr", _P))

    def label(self, paragraph: Any) -> str:
        """The number a paragraph shows before its text, ``""`` for none; counts it."""
        if not self.levels or (self.candidates is not None and paragraph not in self.candidates):
            return ""
        num_id = level = None
        properties = _firsts(paragraph, "pPr", _W + "pStyle", _W + "numPr")
        style = properties.get(_W + "pStyle")
        if style is not None:
            num_id, level = self.styles.get(style.get(_W + "val", ""), (None, None))
        num_pr = properties.get(_W + "numPr")
        if num_pr is not None:
            num_id = _val(num_pr, "numId") or num_id
            level = _val(num_pr, "ilvl") or level
        levels = self.levels.get(num_id or "")
        ilvl = int(level) if level and level.isascii() and level.isdigit() else 0
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(self.lists[num_id or ""], [0] * _LEVELS)
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl].start
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = 0
        this = levels[ilvl]
        if this.fmt in ("bullet", "none") or not this.text:
            return ""
        text = this.text
        for index in range(min(ilvl, 8), -1, -1):
            level_of = levels.get(index)
            if level_of is not None:
                number = counters[index] or level_of.start
                text = text.replace(f"%{index + 1}", _format_number(number, level_of.fmt))
        return text + this.suffix


def _docx_cells(tr: Any) -> Iterator[Any]:
    """A row's own cells, also those inside content controls (not nested tables')."""
    for child in tr.iterchildren(_W + "tc", _W + "sdt", _W + "sdtContent", _W + "customXml"):
        if child.tag == _W + "tc":
            yield child
        else:
            yield from _docx_cells(child)


def _docx_table(tbl: Any, numbering: _Numbering, *, fast: bool) -> list[list[_Cell]]:
    """A Word table's rows, with ``gridSpan`` as column spans and ``vMerge`` as row spans."""
    cell_text = _fast_cell_text if fast else _docx_cell_text
    rows: list[list[list[Any]]] = []  # cells as [text, rowspan, colspan]
    open_merges: dict[int, list[Any]] = {}  # grid column -> the cell a vMerge continues
    spanning = set(_holders(tbl, (_W + "gridSpan", _W + "vMerge"), _W + "tcPr", _W + "tc"))
    for tr in tbl.iterchildren(_W + "tr"):
        row: list[list[Any]] = []
        column = 0
        before = _find(tr, "trPr", "gridBefore")
        if before is not None:
            skip = _number(
                before.get(_W + "val"), 0, "a row's skipped columns (gridBefore)", _DOCUMENT
            )
            if skip:
                row.append(["", 1, skip])
                column += skip
        for tc in _docx_cells(tr):
            properties = (
                _firsts(tc, "tcPr", _W + "gridSpan", _W + "vMerge") if tc in spanning else {}
            )
            span_el = properties.get(_W + "gridSpan")
            span = 1
            if span_el is not None:
                span = _number(
                    span_el.get(_W + "val"), 1, "a cell's column span (gridSpan)", _DOCUMENT
                )
            merge = properties.get(_W + "vMerge")
            if merge is not None and merge.get(_W + "val", "continue") == "continue":
                origin = open_merges.get(column)
                if origin is not None:
                    origin[1] += 1
                    column += span
                    continue
            cell = [cell_text(tc, numbering), 1, span]
            row.append(cell)
            if merge is not None:  # restart: later rows may continue it
                open_merges[column] = cell
            else:
                open_merges.pop(column, None)
            column += span
        rows.append(row)
    return [[_Cell(str(text), int(rs), int(cs)) for text, rs, cs in row] for row in rows]


def docx_report(data: bytes, name: str) -> _Text:
    """Write a .docx: paragraphs in document order, each table where it stands."""
    docx = _require("docx", "docx", "Word (.docx) files")
    _check_package(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a damaged package
        raise ParseError(f"{name} is not a readable .docx: {error}") from None
    body = document.element.find(_W + "body")
    if document.element.tag != _W + "document" or body is None:
        raise ParseError(
            f"{name}'s {_DOCUMENT} is not a Word document body (its root is "
            f"“{document.element.tag}”, with no w:body): is the file damaged?"
        )
    elements = int(document.element.xpath("count(.//*)"))
    if elements > MAX_MARKUP_TAGS:
        raise ParseError(
            f"{name}'s {_DOCUMENT} has {elements:,} XML elements (paragraphs, runs, cells), "
            f"more than the limit of {MAX_MARKUP_TAGS:,} (zfxxgk.limits.MAX_MARKUP_TAGS; a "
            "report has a few thousand): is it one report?"
        )
    out = _Text("docx")
    numbering = _Numbering(document, body)
    fast = not _NESTED_PARAGRAPH(body)
    text = _fast_text if fast else _docx_text

    def blocks(parent: Any) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                for line in (numbering.label(child) + text(child)).split("\n"):
                    out.line(line)
            elif tag == _W + "tbl":
                out.table(_docx_table(child, numbering, fast=fast))
            elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                blocks(child)

    blocks(body)
    return out


def _check_package(data: bytes, name: str) -> None:
    """Check the .docx's zip directory before anything is unzipped: how many parts, how
    large unzipped (a zip bomb unpacks a few KB into GB), how much XML to be parsed.

    The sizes in the directory bound what is unzipped: ``zipfile`` reads no more than a
    part's stated size (and fails its checksum if the data goes on).
    """
    import zipfile

    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except Exception as error:  # BadZipFile, and others for a damaged directory
        raise ParseError(f"{name} is not a readable .docx (its zip directory: {error})") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise ParseError(
            f"{name} holds {len(members):,} files, more than the limit of {MAX_ZIP_MEMBERS:,} "
            "for a .docx (zfxxgk.limits.MAX_ZIP_MEMBERS; Word writes a few dozen): is it "
            "damaged?"
        )
    unzipped = sum(member.file_size for member in members)
    if unzipped > MAX_ZIP_BYTES:
        raise ParseError(
            f"{name} unzips to {unzipped:,} bytes, more than the limit of {MAX_ZIP_BYTES:,} "
            "for a .docx (zfxxgk.limits.MAX_ZIP_BYTES): is it a zip bomb, or a report with "
            "very large pictures? Save it without them"
        )
    xml = sum(member.file_size for member in members if _is_xml(package, member))
    if xml > MAX_XML_BYTES:
        raise ParseError(
            f"{name} holds {xml:,} bytes of XML unzipped, more than the limit of "
            f"{MAX_XML_BYTES:,} (zfxxgk.limits.MAX_XML_BYTES; a report's .docx holds about "
            "1 MB): is it one report?"
        )


def _is_xml(package: Any, member: Any) -> bool:
    """Whether a part of the zip may be XML, which python-docx parses whole: by its name,
    else by its first bytes (pictures and fonts do not start with “<”)."""
    if member.file_size == 0:
        return False
    if member.filename.lower().endswith((".xml", ".rels")):
        return True
    try:
        with package.open(member) as part:
            head = part.read(1024)
    except Exception:  # a damaged part: python-docx fails on it, if it reads it at all
        return True
    head = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return not head or head.startswith((b"<", b"\xff\xfe", b"\xfe\xff"))
