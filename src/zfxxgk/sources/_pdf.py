"""PDF with a text layer: lines and ruled tables by position, joined over page breaks."""

from __future__ import annotations

import logging

from ..errors import ParseError
from ._common import _require, _Text
from ._pdf_items import _PdfLine, _PdfTable
from ._pdf_join import _join_pdf
from ._pdf_layout import _pdf_page

# The limits are read (and documented) as this module's: ``_pdf.MAX_PAGES`` and so on.
from ._pdf_limits import MAX_CHARS as MAX_CHARS
from ._pdf_limits import MAX_PAGE_CONTENT as MAX_PAGE_CONTENT
from ._pdf_limits import MAX_PAGES as MAX_PAGES
from ._pdf_limits import MAX_TEXT_OBJECTS as MAX_TEXT_OBJECTS
from ._pdf_limits import _check_limits, _damaged
from ._pdf_limits import _weight as _weight
from ._pdf_objects import _read_pages


def pdf_report(data: bytes, name: str) -> _Text:
    """Write a PDF with a text layer; a scan (pages of images, no text) is refused.

    Every failure of the PDF libraries is a ``ParseError`` naming the page, and a page
    over one of the limits (``MAX_PAGES``, ``MAX_PAGE_CONTENT``, ``MAX_TEXT_OBJECTS``,
    ``MAX_CHARS``) is refused before it is read.
    """
    _require("pdfplumber", "pdf", "PDF files")
    # pdfminer logs what it mends in a damaged file (“Data-loss while decompressing”)
    # on loggers without a handler, so Python prints each on stderr: a scraper's log
    # fills with them. A NullHandler keeps them quiet unless the program sets up logging
    # (they still reach the handlers of the root logger).
    _quiet("pdfminer")
    scanned = _check_limits(data, name)
    items: list[_PdfLine | _PdfTable] = []
    images = 0
    read = _read_pages(data, name, scanned)
    pages = len(read)
    carried = None  # the columns of an unruled table that may go on on the next page
    for number, page in enumerate(read, start=1):
        images += bool(page.images)
        try:
            found, carried = _pdf_page(page, number, carried)
            items.extend(found)
        except ParseError:
            raise
        except Exception as error:  # pdfplumber's table finder, on a damaged page
            raise _damaged(name, error, number) from None
    text = sum(
        len(item.text)
        if isinstance(item, _PdfLine)
        else sum(len(c.text) for r in item.rows for c in r)
        for item in items
    )
    # A scan has no text, or only a stamp or page numbers over its page images.
    if text == 0 or (images and text < 40 * pages):
        what = f"its {pages} page(s) are images" if images else "it has no text on any page"
        raise ParseError(
            f"{name} has no text layer: {what}, as in a scanned PDF. zfxxgk reads PDFs "
            "with text only; OCR is out of scope: run an OCR tool (such as ocrmypdf) "
            "on the scan first and parse its output"
        )
    out = _Text("pdf")
    _join_pdf(items, out)
    return out


def _quiet(name: str) -> None:
    """Give a library's logger a ``NullHandler`` (once): its records no longer reach
    Python's last-resort handler on stderr, and still propagate to the program's own."""
    logger = logging.getLogger(name)
    if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
        logger.addHandler(logging.NullHandler())
