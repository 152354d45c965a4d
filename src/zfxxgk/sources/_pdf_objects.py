"""A PDF's pages as pdfium reads them: each page's characters and ruling edges."""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from typing import Any, NamedTuple

from ..errors import ParseError
from ._common import _require
from ._pdf_limits import _MAX_FORM_DEPTH, MAX_CHARS, _damaged, _Refused


class _PageObjects(NamedTuple):
    """A page as pdfplumber's table finder and text functions read it: its characters
    and ruling edges in pdfplumber's dicts (top-down coordinates), and its box."""

    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    bbox: tuple[float, float, float, float]
    images: int


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """``inner`` then ``outer``, as PDF concatenates matrices."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _page_objects(page: Any, raw: Any) -> _PageObjects:
    """A pdfium page's characters (from its text page) and the straight segments of its
    paths as horizontal and vertical edges, as pdfminer and pdfplumber would give them."""
    import ctypes

    left, bottom, right, top = page.get_mediabox()
    flip = top  # PDF space is bottom-up; pdfplumber's ``top`` counts down from the top

    chars: list[dict[str, Any]] = []
    text = page.get_textpage()
    try:
        count = raw.FPDFText_CountChars(text.raw)
        if count > MAX_CHARS:
            raise _Refused(
                f"it has {count:,} characters, over the limit of {MAX_CHARS:,} a page (MAX_CHARS)"
            )
        box = raw.FS_RECTF()
        scale = raw.FS_MATRIX()
        origin_x = ctypes.c_double()
        origin_y = ctypes.c_double()
        for index in range(count):
            if raw.FPDFText_IsGenerated(text.raw, index) == 1:
                continue  # a space or line break pdfium inferred, not printed
            char = chr(raw.FPDFText_GetUnicode(text.raw, index))
            if char in "\r\n\x00\ufffe\uffff":
                continue
            raw.FPDFText_GetLooseCharBox(text.raw, index, box)
            raw.FPDFText_GetMatrix(text.raw, index, scale)
            # The font size as drawn (the size set, scaled by the text's matrix).
            size = raw.FPDFText_GetFontSize(text.raw, index) * math.hypot(scale.b, scale.d)
            x0, x1, y0 = box.left, box.right, box.bottom
            if x1 - x0 > 2 * size + 1:
                # For some embedded fonts pdfium leaves the loose box unscaled by the
                # text's matrix (a 10-point character 199 points wide): scale it about
                # the character's origin.
                raw.FPDFText_GetCharOrigin(text.raw, index, origin_x, origin_y)
                ratio = size / max(raw.FPDFText_GetFontSize(text.raw, index), 1e-9)
                x0 = origin_x.value + (x0 - origin_x.value) * ratio
                x1 = origin_x.value + (x1 - origin_x.value) * ratio
                y0 = origin_y.value + (y0 - origin_y.value) * ratio
            # pdfminer's box: the advance width across, the font size up from the
            # descent; pdfium's loose box has the same left, right and bottom.
            y1 = y0 + size
            chars.append(
                {
                    "object_type": "char",
                    "text": char,
                    "x0": x0,
                    "x1": x1,
                    "top": flip - y1,
                    "bottom": flip - y0,
                    "doctop": flip - y1,
                    "width": x1 - x0,
                    "height": size,
                    "size": size,
                    "upright": raw.FPDFText_GetCharAngle(text.raw, index) == 0,
                }
            )
    finally:
        text.close()

    edges: list[dict[str, Any]] = []
    images = 0
    matrix = raw.FS_MATRIX()
    x = ctypes.c_float()
    y = ctypes.c_float()

    def edge(x0: float, y0: float, x1: float, y1: float) -> None:
        if abs(y0 - y1) < 0.01 and abs(x0 - x1) >= 0.01:
            orientation = "h"
            y1 = y0
        elif abs(x0 - x1) < 0.01 and abs(y0 - y1) >= 0.01:
            orientation = "v"
            x1 = x0
        else:
            return  # a diagonal, or a point: not a ruling line
        low, high = min(x0, x1), max(x0, x1)
        upper, lower = flip - max(y0, y1), flip - min(y0, y1)
        edges.append(
            {
                "object_type": "line",
                "orientation": orientation,
                "x0": low,
                "x1": high,
                "top": upper,
                "bottom": lower,
                "doctop": upper,
                "width": high - low,
                "height": lower - upper,
            }
        )

    def walk(objects: Sequence[Any], outer: _Matrix, depth: int) -> None:
        nonlocal images
        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                images += 1
                continue
            if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                continue
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            own = _times((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                if depth < _MAX_FORM_DEPTH:
                    inner = raw.FPDFFormObj_CountObjects(obj)
                    walk([raw.FPDFFormObj_GetObject(obj, i) for i in range(inner)], own, depth + 1)
                continue
            a, b, c, d, e, f = own
            start = current = (0.0, 0.0)
            pending = 0  # Bezier control points still to skip
            for index in range(raw.FPDFPath_CountSegments(obj)):
                segment = raw.FPDFPath_GetPathSegment(obj, index)
                raw.FPDFPathSegment_GetPoint(segment, x, y)
                point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
                kind = raw.FPDFPathSegment_GetType(segment)
                if kind == raw.FPDF_SEGMENT_MOVETO:
                    start = point
                elif kind == raw.FPDF_SEGMENT_LINETO:
                    edge(*current, *point)
                else:  # a curve: no ruling line
                    pending = (pending + 1) % 3
                current = point
                if raw.FPDFPathSegment_GetClose(segment) and not pending:
                    edge(*current, *start)
                    current = start

    count = raw.FPDFPage_CountObjects(page.raw)
    walk([raw.FPDFPage_GetObject(page.raw, i) for i in range(count)], _IDENTITY, 0)
    return _PageObjects(chars, edges, (0.0, 0.0, right - left, top - bottom), images)


# pdfium is one library state for the whole process, not safe to call from two threads
# at once: a caller parsing PDFs in threads takes turns here.
_PDFIUM = threading.Lock()


def _read_pages(data: bytes, name: str, scanned: int) -> list[_PageObjects]:
    """Every page's characters and ruling edges, read by pdfium."""
    pdfium = _require("pypdfium2", "pdf", "PDF files")
    raw = _require("pypdfium2.raw", "pdf", "PDF files")
    pages: list[_PageObjects] = []
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except Exception as error:  # pdfium's PdfiumError for a damaged or locked file
            raise _damaged(name, error) from None
        try:
            count = len(document)
            if count > scanned:  # pages pdfminer did not find were not scanned
                raise ParseError(
                    f"{name} cannot be read, the file is damaged: its page tree holds "
                    f"{count} pages where {scanned} are found (PDF); if a PDF viewer opens "
                    "it, print it to a new PDF and parse that"
                )
            for index in range(count):
                try:
                    page = document[index]
                    try:
                        pages.append(_page_objects(page, raw))
                    finally:
                        page.close()
                except _Refused as refused:
                    raise ParseError(
                        f"PDF page {index + 1} of {name} is refused: {refused}"
                    ) from None
                except Exception as error:
                    raise _damaged(name, error, index + 1) from None
        finally:
            document.close()
    return pages
