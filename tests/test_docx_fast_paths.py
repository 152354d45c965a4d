"""The .docx fast paths read what the element-by-element walk reads.

``zfxxgk.sources._docx`` reads a body where no paragraph holds another by lxml's
iterators (``_fast_text``, ``_fast_cell_text``), and reads the properties of only the
paragraphs and cells that hold a ``numPr``/``pStyle`` or ``gridSpan``/``vMerge``
(``_holders``). Each must give, to the character and error message, what the walk of
every element (``_docx_text``, ``_docx_cell_text``) and a look at every paragraph and
cell give: on generated paragraphs and cells (runs, tabs, breaks, deleted text, field
codes, ``mc:Fallback``, stray text in properties, comments), on the .docx fixtures and
on damaged .docx files.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zfxxgk
from zfxxgk import ParseError, parse_bytes
from zfxxgk.sources import _docx, extract_text

from . import damagekit

FORMATS = Path(__file__).parent / "fixtures" / "formats"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NS = f'xmlns:w="{_W}" xmlns:mc="{_MC}"'

# What a paragraph may hold: a run's pieces, wrappers the walk enters, elements it skips.
_LEAVES = st.sampled_from(
    [
        "<w:t>公开</w:t>",
        "<w:t>12</w:t>",
        "<w:t/>",
        '<w:t xml:space="preserve"> 3 </w:t>',
        "<w:t>a<w:t>inner</w:t>b</w:t>",
        "<w:tab/>",
        "<w:ptab/>",
        "<w:br/>",
        "<w:cr/>",
        "<w:noBreakHyphen/>",
        "<w:delText>deleted</w:delText>",
        "<w:instrText> PAGE </w:instrText>",
        "<w:fldChar/>",
        "<!-- a comment -->",
        "<?pi x?>",
    ]
)
_WRAPPERS = st.sampled_from(
    ["w:r", "w:rPr", "w:pPr", "w:hyperlink", "w:ins", "w:del", "w:sdtContent", "w:smartTag",
     "mc:AlternateContent", "mc:Choice", "mc:Fallback", "w:fldSimple"]
)  # fmt: skip


def _content() -> st.SearchStrategy[str]:
    """Markup inside a paragraph: leaves in nested wrappers, no paragraph."""
    return st.recursive(
        _LEAVES,
        lambda inner: st.tuples(_WRAPPERS, st.lists(inner, max_size=4)).map(
            lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0]}>"
        ),
        max_leaves=12,
    ).map(str)


def _paragraph() -> st.SearchStrategy[str]:
    return st.lists(_content(), max_size=5).map(lambda parts: f"<w:p>{''.join(parts)}</w:p>")


def _parse(xml: str) -> Any:
    from docx.oxml import parse_xml

    return parse_xml(xml.replace("<w:x>", f"<w:x {_NS}>", 1))


class _NoNumbering:
    """A ``_Numbering`` with no lists: every label is ``""``."""

    def label(self, paragraph: Any) -> str:
        return ""


@given(_paragraph())
def test_a_paragraphs_text_is_the_walks(paragraph: str) -> None:
    p = _parse(f"<w:x>{paragraph}</w:x>")[0]
    assert _docx._fast_text(p) == _docx._docx_text(p)


@given(st.lists(st.one_of(_paragraph(), _content()), max_size=4))
def test_a_cells_text_is_the_walks(parts: list[str]) -> None:
    # Pieces outside any paragraph (stray in the cell) are shown by neither.
    tc = _parse(f"<w:x><w:tc><w:tcPr/>{''.join(parts)}</w:tc></w:x>")[0]
    numbering: Any = _NoNumbering()
    assert _docx._fast_cell_text(tc, numbering) == _docx._docx_cell_text(tc, numbering)


def test_a_text_box_sends_the_body_to_the_walk() -> None:
    body = _parse(
        "<w:x><w:body><w:p><w:r><w:t>a</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r>"
        "<w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent>"
        "</w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:x>"
    )[0]
    assert _docx._NESTED_PARAGRAPH(body)
    assert not _docx._NESTED_PARAGRAPH(body[0])


def _edited(data: bytes, member: str, edit: Callable[[bytes], bytes]) -> bytes:
    """A .docx whose part ``member`` is ``edit`` of what it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as package, zipfile.ZipFile(out, "w") as copy:
        for info in package.infolist():
            raw = package.read(info)
            copy.writestr(info, edit(raw) if info.filename == member else raw)
    return out.getvalue()


# A number in a text box, as Word writes one: its paragraph in mc:Choice and in mc:Fallback.
_BOX = rb"<w:pict><w:txbxContent><w:p><w:r><w:t>\1</w:t></w:r></w:p></w:txbxContent></w:pict>"
_BOXED = (
    rb"<w:r><mc:AlternateContent><mc:Choice>" + _BOX + rb"</mc:Choice><mc:Fallback>" + _BOX
    + rb"</mc:Fallback></mc:AlternateContent></w:r>"
)  # fmt: skip


def _boxed(data: bytes) -> bytes:
    """A fixture whose table cells print each number in a text box."""
    return _edited(
        data, "word/document.xml", lambda raw: re.sub(rb"<w:r><w:t>(\d+)</w:t></w:r>", _BOXED, raw)
    )


@pytest.mark.parametrize("path", sorted(FORMATS.glob("*.docx")), ids=lambda path: path.name)
def test_a_number_in_a_text_box_in_a_cell_is_read_once(path: Path) -> None:
    data = path.read_bytes()
    boxed = _boxed(data)
    with zipfile.ZipFile(io.BytesIO(boxed)) as package:
        assert package.read("word/document.xml").count(b"<mc:Fallback>") > 50
    # Word's two copies of the box, and the paragraph holding it, are one number.
    assert zfxxgk.to_dict(parse_bytes(boxed, filename="boxed.docx")) == zfxxgk.to_dict(
        parse_bytes(data, filename="report.docx")
    )


def test_holders_are_the_paragraphs_and_cells_with_those_properties() -> None:
    body = _parse(
        "<w:x><w:body>"
        "<w:p><w:pPr><w:numPr/></w:pPr></w:p>"
        "<w:p><w:pPr><w:jc/></w:pPr><w:r><w:rPr><w:pStyle/></w:rPr></w:r></w:p>"
        "<w:p><w:pPr><w:pStyle/><w:numPr/></w:pPr></w:p>"
        "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan/></w:tcPr><w:p/></w:tc>"
        "<w:tc><w:tcPr><w:tcW/></w:tcPr><w:p><w:pPr><w:pStyle/></w:pPr></w:p></w:tc>"
        "</w:tr></w:tbl></w:body></w:x>"
    )[0]
    paragraphs = list(body.iter(f"{{{_W}}}p"))
    cells = list(body.iter(f"{{{_W}}}tc"))
    tags = (f"{{{_W}}}numPr", f"{{{_W}}}pStyle")
    assert _docx._holders(body, tags, f"{{{_W}}}pPr", f"{{{_W}}}p") == [
        paragraphs[0],
        paragraphs[2],
        paragraphs[4],
    ]
    spans = (f"{{{_W}}}gridSpan", f"{{{_W}}}vMerge")
    assert _docx._holders(body, spans, f"{{{_W}}}tcPr", f"{{{_W}}}tc") == [cells[0]]


# -- whole files: the fast paths against the walk ------------------------------------------


def _read(data: bytes) -> str:
    try:
        return extract_text(data, filename="report.docx")
    except ParseError as error:
        return f"ParseError: {error}"


def _files() -> list[tuple[str, bytes]]:
    files = [(path.name, path.read_bytes()) for path in sorted(FORMATS.glob("*.docx"))]
    for name, data in files[:]:
        document = damagekit.DocxDocument(data)
        for kind in damagekit.KINDS:
            for site in (0, 7):
                damaged = document.damaged(kind, site)
                if damaged is not None:
                    files.append((f"{name} {kind} {site}", damaged))
    files.append(("numbered", _numbered(files[0][1])))
    files.append(("no numId", _without_num_id(files[0][1])))
    return files


def _numbered(data: bytes) -> bytes:
    """A fixture whose table cells and paragraphs carry list numbers (numPr)."""
    number = b'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="9"/></w:numPr>'
    return _edited(
        data, "word/document.xml", lambda raw: raw.replace(b"<w:p><w:pPr>", b"<w:p>" + number, 40)
    )


def _without_num_id(data: bytes) -> bytes:
    """A fixture with a damaged list (no numId), which every plain paragraph counts in."""
    return _edited(
        data, "word/numbering.xml", lambda raw: raw.replace(b'<w:num w:numId="9">', b"<w:num>")
    )


_FILES = _files()


def test_the_files_are_read_alike_by_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = {name: _read(data) for name, data in _FILES}
    monkeypatch.setattr(_docx, "_NESTED_PARAGRAPH", lambda body: True)
    monkeypatch.setattr(
        _docx, "_holders", lambda root, tags, properties, holder: list(root.iter(holder))
    )
    walked = {name: _read(data) for name, data in _FILES}
    assert len(fast) > 40
    assert any(not text.startswith("ParseError") for text in fast.values())
    assert any(text.startswith("ParseError") for text in fast.values())
    # Numbers shown in the body and in table cells: so the comparison counts them.
    assert "17. " in fast["numbered"]
    assert "19. " in fast["no numId"]
    for name in fast:
        assert fast[name] == walked[name], name
