"""HTML pages: the bytes decoded by the charset they declare, and lxml's parser."""

from __future__ import annotations

import codecs
from typing import Any

from ..errors import ParseError
from ._common import _require

__all__ = ["_html_parser", "html_decode"]

_GB = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "csgb2312", "euc-cn", "hz-gb-2312"}


def _codec(label: str | None) -> str | None:
    """The Python codec of a declared charset; GB2312 and GBK read as GB18030 (a superset)."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _GB:
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if name in ("gb2312", "gbk", "gb18030") else name


def _declared_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` or ``http-equiv``, if any.

    The start of the page is parsed as Latin-1, which keeps every ASCII byte, so the
    declaration is read by the HTML parser before the page's encoding is known. Pages
    declare it near their start: the first 4 KB (up to a tag's start) are read first, and
    the first 64 KB only where they hold no declaration that another element follows
    (one cut short by the end of what was read could read otherwise).
    """
    head = data[:65536].decode("latin-1")
    cut = head.find("<", _FIRST_READ)
    if cut > 0:
        found = _first_declaration(head[:cut], whole=True)
        if not isinstance(found, _Unknown):
            return found
    found = _first_declaration(head, whole=False)
    return None if isinstance(found, _Unknown) else found


_FIRST_READ = 4096


class _Unknown:
    """What ``_first_declaration`` says where the text read cannot tell."""


_UNKNOWN = _Unknown()


def _first_declaration(head: str, *, whole: bool) -> str | _Unknown | None:
    """The first charset declaration of ``head`` (a page's start, as Latin-1), or None.

    ``whole``: ``head`` is a part of the text read; a declaration counts only where an
    element follows it, and where none is found the answer is ``_UNKNOWN``.
    """
    lxml_html = _require("lxml.html", "html", "HTML pages")
    try:
        root = lxml_html.document_fromstring(head.encode("utf-8"), parser=_html_parser())
    except Exception:  # an unparsable prefix declares nothing
        return _UNKNOWN if whole else None
    last = None
    if whole:
        for last in root.iter():  # noqa: B007 - the last element read
            pass
    for meta in root.iter("meta"):
        declared = None
        charset = meta.get("charset")
        if charset:
            declared = str(charset)
        elif (meta.get("http-equiv") or "").strip().lower() == "content-type":
            from email.message import Message

            header = Message()
            header["content-type"] = meta.get("content") or ""
            parameter = header.get_param("charset")
            if isinstance(parameter, str):
                declared = parameter
        if declared is not None:
            return _UNKNOWN if whole and meta is last else declared
    return _UNKNOWN if whole else None


def html_decode(data: bytes, name: str) -> str:
    """Decode a page: its BOM, else its declared charset, else UTF-8 or GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    declared = _codec(_declared_charset(data))
    order = [declared, "utf-8", "gb18030"]
    if declared in ("latin-1", "iso8859-1", "cp1252", "ascii"):
        order.append(order.pop(0))  # a Western declaration on a Chinese page is a mistake
    for encoding in order:
        if encoding:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    if declared:  # a few bad bytes in a page that says what it is: keep the rest
        return data.decode(declared, errors="replace")
    raise ParseError(f"{name} is neither UTF-8 nor GB18030 and declares no charset")


def _html_parser() -> Any:
    """lxml's HTML parser, making plain elements.

    ``lxml.html``'s parser gives each element its class by a Python lookup, run whenever
    an element is reached from Python (over a thousand times a page); the elements of
    ``lxml.etree``'s are the same, found in C. ``_text_of`` and ``_drop`` do what their
    ``text_content`` and ``drop_tree`` do.
    """
    _require("lxml.html", "html", "HTML pages")
    from lxml import etree

    return etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
