"""PDF limits: every page's content weighed before it is read, and damage as ParseError.

A hostile or broken file fails fast with a ``ParseError`` naming the limit (or the page
that cannot be read) instead of running for minutes or filling the memory.
"""

from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import ParseError

if TYPE_CHECKING:  # pragma: no cover - types only; pdfminer comes with the extra "pdf"
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import PDFStream

# Limits no real report comes near, so that a hostile or broken file fails fast with a
# ParseError naming the limit instead of running for minutes or filling the memory. The
# largest page of the real reports holds 42 KB of content, 204 text objects and about
# 1,300 characters; a report has tens of pages.
#: Pages in one PDF.
MAX_PAGES = 1_000
#: Bytes of a page's content (decompressed; a form XObject counted each time it is drawn).
MAX_PAGE_CONTENT = 2_000_000
#: Text objects (``BT`` … ``ET``) on a page, a form XObject's counted each time it is drawn.
MAX_TEXT_OBJECTS = 20_000
#: Characters on a page (bytes of the strings it shows, before it is read, as an upper bound).
MAX_CHARS = 50_000
_MAX_FORM_DEPTH = 12  # forms drawn inside forms


class _Weight(NamedTuple):
    """What reading a content stream costs: its bytes, text objects and string bytes."""

    content: int
    text_objects: int
    chars: int


# Upper bounds found by a scan of the content stream's bytes, not by parsing it: a "BT"
# inside a string counts too, which errs on the safe side.
_BT = re.compile(rb"(?<![A-Za-z])BT(?![A-Za-z])")
_DRAW_FORM = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do(?![A-Za-z])")
_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>", re.DOTALL)


def _decoded(stream: PDFStream, limit: int) -> bytes:
    """A content stream's bytes, at most ``limit + 1`` of them: a small Flate stream can
    unpack to gigabytes, so it is never unpacked whole before its size is known."""
    raw = stream.get_rawdata()
    if raw is None:  # already decoded by pdfminer
        return stream.get_data()[: limit + 1]
    if stream.decipher is not None and stream.objid is not None:
        raw = stream.decipher(stream.objid, stream.genno or 0, raw, stream.attrs)
    names = [getattr(f, "name", f) for f, _ in stream.get_filters()]
    if not names:
        return raw[: limit + 1]
    if names not in (["FlateDecode"], ["Fl"]):
        return stream.get_data()[: limit + 1]  # other filters expand little
    inflate = zlib.decompressobj()
    out = bytearray()
    try:
        for start in range(0, len(raw), 1 << 16):
            out += inflate.decompress(raw[start : start + (1 << 16)], limit + 1 - len(out))
            if len(out) > limit:
                break
    except zlib.error:
        pass  # a damaged stream: the part before the damage is what a reader reads
    return bytes(out)


def _weight(
    streams: Sequence[Any], resources: Any, depth: int, forms: dict[int, _Weight]
) -> _Weight:
    """The cost of drawing ``streams`` with ``resources``, forms included as drawn."""
    from pdfminer.pdftypes import PDFStream, resolve1

    content = text_objects = chars = 0
    for ref in streams:
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream):
            continue
        data = _decoded(stream, MAX_PAGE_CONTENT - content)
        content += len(data)
        if content > MAX_PAGE_CONTENT:
            break
        text_objects += len(_BT.findall(data))
        chars += sum(len(m) for m in _STRING.findall(data))
        drawn = Counter(m.decode("latin-1") for m in _DRAW_FORM.findall(data))
        xobjects = resolve1((resolve1(resources) or {}).get("XObject")) or {}
        for form_name, times in drawn.items():
            form = resolve1(xobjects.get(form_name)) if isinstance(xobjects, dict) else None
            if (
                not isinstance(form, PDFStream)
                or getattr(form.get("Subtype"), "name", "") != "Form"
            ):
                continue  # an image, or nothing
            if depth >= _MAX_FORM_DEPTH:
                raise _Refused(f"it draws forms inside forms more than {_MAX_FORM_DEPTH} deep")
            key = id(form)
            if key not in forms:
                forms[key] = _Weight(0, 0, 0)  # a form that draws itself adds nothing more
                forms[key] = _weight([form], form.get("Resources", resources), depth + 1, forms)
            inner = forms[key]
            content += times * inner.content
            text_objects += times * inner.text_objects
            chars += times * inner.chars
    return _Weight(content, text_objects, chars)


class _Refused(Exception):
    """A page over one of the limits; ``_check_page`` names the page."""


def _check_page(page: PDFPage) -> None:
    """Refuse a page whose content is over a limit, before any of it is read."""
    weight = _weight(page.contents, page.resources, 0, {})
    if weight.content > MAX_PAGE_CONTENT:
        raise _Refused(
            f"its content is over the limit of {MAX_PAGE_CONTENT:,} bytes a page (MAX_PAGE_CONTENT)"
        )
    if weight.text_objects > MAX_TEXT_OBJECTS:
        raise _Refused(
            f"it has {weight.text_objects:,} text objects, over the limit of "
            f"{MAX_TEXT_OBJECTS:,} a page (MAX_TEXT_OBJECTS)"
        )
    if weight.chars > MAX_CHARS:
        raise _Refused(
            f"it shows about {weight.chars:,} characters, over the limit of {MAX_CHARS:,} "
            "a page (MAX_CHARS)"
        )


def _damaged(name: str, error: Exception, page: int | None = None) -> ParseError:
    """A failure of the PDF library while reading the file: the file is damaged."""
    detail = " ".join(f"{type(error).__name__}: {error}".split())
    if len(detail) > 200:
        detail = detail[:199] + "…"
    where = f"PDF page {page} of {name}" if page else f"{name} (PDF)"
    return ParseError(
        f"{where} cannot be read, the file is damaged or not a PDF that zfxxgk reads "
        f"({detail}); if a PDF viewer opens it, print it to a new PDF and parse that"
    )


def _check_limits(data: bytes, name: str) -> int:
    """Scan every page's content against the limits before any page is read; returns
    the number of pages. The scan reads the file's objects with pdfminer, unpacking no
    stream past ``MAX_PAGE_CONTENT``; pdfium then reads only pages found within them."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        found = PDFPage.create_pages(PDFDocument(PDFParser(io.BytesIO(data))))
    except Exception as error:  # pdfminer raises several kinds for a damaged file
        raise _damaged(name, error) from None
    number = 0
    while True:
        try:
            page = next(found, None)
        except Exception as error:  # ... and for a damaged page tree
            raise _damaged(name, error, number + 1) from None
        if page is None:
            return number
        number += 1
        if number > MAX_PAGES:
            raise ParseError(
                f"{name} has more than {MAX_PAGES:,} pages, the limit for a PDF (MAX_PAGES): "
                "an annual report has tens of pages"
            )
        try:
            _check_page(page)
        except _Refused as refused:
            raise ParseError(f"PDF page {number} of {name} is refused: {refused}") from None
        except Exception as error:
            raise _damaged(name, error, number) from None
