"""PDF with a text layer: lines and ruled tables by position, joined over page breaks."""

from __future__ import annotations

import io
import math
import re
import threading
import zlib
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from .._normalize import fold, is_value
from ..errors import ParseError
from ._common import _Cell, _clean, _require, _Text

if TYPE_CHECKING:  # pragma: no cover - types only; pdfplumber is the optional extra "pdf"
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import PDFStream
    from pdfplumber.page import Page
    from pdfplumber.table import Table as PdfTable

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

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_NUMBERED = re.compile(
    r"[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]"
)
_PAGE_NUMBER = re.compile(r"[-—–]?\s*\d{1,3}\s*[-—–]?|第\s*\d{1,3}\s*页.*|\d{1,3}\s*/\s*\d{1,3}")


def _pdf_clean(text: str) -> str:
    """PDF text: spaces the extractor guessed between Chinese characters removed."""
    return _CJK_GAP.sub("", _clean(text))


def _pdf_cell_text(text: str | None) -> str:
    """A cell's lines joined: wrapped Chinese runs on, Latin words and numbers get a space."""
    if not text:
        return ""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    joined = ""
    for line in lines:
        if joined and joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii():
            joined += " "
        joined += line
    return _pdf_clean(joined)


class _PdfLine(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int


class _PdfTable(NamedTuple):
    rows: list[list[_Cell]]
    origins: list[str]
    top: float
    bottom: float
    page: int


def _pdf_table(table: PdfTable, page: int) -> _PdfTable:
    """A table found on a page, with the spans of its merged cells from their boxes.

    A grid position that no cell box covers is a cell the PDF does not draw. In a row of
    labels (a header) it is an empty cell. In a row with values it is left out, as a
    missing cell is in HTML: the row is then short, and ``_Text.table`` refuses it naming
    the row and the page; a cell that is not there is not a blank.
    """
    texts = table.extract()
    rows = table.rows
    xs = sorted({cell[0] for row in rows for cell in row.cells if cell is not None})
    tops = sorted({row.bbox[1] for row in rows})
    covered: set[tuple[int, int]] = set()
    out_rows: list[list[_Cell]] = []
    for r, (row, row_texts) in enumerate(zip(rows, texts, strict=True)):
        cells: list[_Cell] = []
        boxes = {
            xs.index(box[0]): (box, text)
            for box, text in zip(row.cells, row_texts, strict=True)
            if box is not None
        }
        values = any(_is_value_text(_pdf_cell_text(text)) for _, text in boxes.values())
        for c in range(len(xs)):
            if c in boxes:
                (x0, top, x1, bottom), text = boxes[c]
                colspan = max(sum(1 for x in xs if x0 - 0.5 <= x < x1 - 0.5), 1)
                rowspan = max(sum(1 for y in tops if top - 0.5 <= y < bottom - 0.5), 1)
                covered.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
                cells.append(_Cell(_pdf_cell_text(text), rowspan, colspan))
            elif (r, c) not in covered and not values:
                covered.add((r, c))
                cells.append(_Cell(""))
        out_rows.append(cells)
    x0, top, x1, bottom = table.bbox
    return _PdfTable(out_rows, [f"page {page}"] * len(out_rows), top, bottom, page)


def _is_value_text(text: str) -> bool:
    """A cell that holds a value: a number or a blank mark (``/``, ``无``, ``—``)."""
    key = fold(text)
    return bool(key) and is_value(key)


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


def _pdf_page(page: _PageObjects, number: int) -> list[_PdfLine | _PdfTable]:
    """A page's lines and tables in reading order (top to bottom): the tables found by
    pdfplumber's table finder from the ruling lines, the lines of text outside them."""
    from pdfplumber.table import TableFinder, TableSettings
    from pdfplumber.utils.text import chars_to_textmap

    if not page.chars:
        return []
    finder = TableFinder(cast("Page", page), TableSettings.resolve(None))
    found = [t for t in finder.tables if len(t.rows) >= 2 and len(t.columns) >= 2]
    boxes = [t.bbox for t in found]

    def outside(char: dict[str, Any]) -> bool:
        mid_x = (char["x0"] + char["x1"]) / 2
        mid_y = (char["top"] + char["bottom"]) / 2
        return not any(
            x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in boxes
        )

    items: list[_PdfLine | _PdfTable] = [_pdf_table(table, number) for table in found]
    _, _, width, height = page.bbox
    textmap = chars_to_textmap(
        [char for char in page.chars if outside(char)],
        layout_bbox=page.bbox,
        layout_width=width,
        layout_height=height,
    )
    for line in textmap.extract_text_lines(strip=True, return_chars=False):
        text = _pdf_clean(line["text"])
        if text:
            items.append(
                _PdfLine(text, line["x0"], line["x1"], line["top"], line["bottom"], number)
            )
    items.sort(key=lambda item: (item.top, item.x0 if isinstance(item, _PdfLine) else 0.0))
    return items


def _is_page_furniture(item: _PdfLine | _PdfTable) -> bool:
    return isinstance(item, _PdfLine) and _PAGE_NUMBER.fullmatch(item.text) is not None


def _join_pdf(items: list[_PdfLine | _PdfTable], out: _Text) -> None:
    """Write a PDF's lines and tables: wrapped paragraph lines joined, tables that go on
    over a page break joined (a header repeated on the next page dropped), page numbers
    left out."""
    body = [item for item in items if not _is_page_furniture(item)]
    lines = [item for item in body if isinstance(item, _PdfLine)]
    if lines:
        left = min(line.x0 for line in lines)
        right = max(line.x1 for line in lines)
    merged: list[_PdfLine | _PdfTable] = []
    for item in body:
        last = merged[-1] if merged else None
        if isinstance(item, _PdfTable) and isinstance(last, _PdfTable) and last.page < item.page:
            width = max((sum(c.colspan for c in row) for row in last.rows), default=0)
            new_width = max((sum(c.colspan for c in row) for row in item.rows), default=0)
            if width == new_width:
                rows = list(item.rows)
                origins = list(item.origins)
                index = 0
                while (
                    rows
                    and index < len(last.rows)
                    and _row_texts(rows[0]) == _row_texts(last.rows[index])
                ):
                    rows.pop(0)
                    origins.pop(0)
                    index += 1
                merged[-1] = last._replace(
                    rows=last.rows + rows,
                    origins=last.origins + origins,
                    bottom=item.bottom,
                    page=item.page,
                )
                continue
        if isinstance(item, _PdfLine) and isinstance(last, _PdfLine):
            size = max(last.bottom - last.top, 1.0)
            same_page = item.page == last.page
            close = not same_page or item.top - last.bottom < 0.8 * size
            full = last.x1 >= right - 1.5 * size
            flush_left = item.x0 <= left + 0.5 * size
            # A numbered line after a finished sentence starts a heading or a paragraph.
            new = last.text[-1] in "。；：！？.;:!?" and _NUMBERED.match(item.text) is not None
            if close and full and flush_left and not new:
                glue = " " if last.text[-1].isascii() and item.text[0].isascii() else ""
                merged[-1] = item._replace(text=last.text + glue + item.text, x0=last.x0)
                continue
        merged.append(item)
    for item in merged:
        if isinstance(item, _PdfTable):
            out.table(item.rows, item.origins)
        else:
            out.line(item.text, f"page {item.page}")


def _row_texts(row: Sequence[_Cell]) -> list[str]:
    return [fold(cell.text) for cell in row]


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


def pdf_report(data: bytes, name: str) -> _Text:
    """Write a PDF with a text layer; a scan (pages of images, no text) is refused.

    Every failure of the PDF libraries is a ``ParseError`` naming the page, and a page
    over one of the limits (``MAX_PAGES``, ``MAX_PAGE_CONTENT``, ``MAX_TEXT_OBJECTS``,
    ``MAX_CHARS``) is refused before it is read.
    """
    _require("pdfplumber", "pdf", "PDF files")
    scanned = _check_limits(data, name)
    items: list[_PdfLine | _PdfTable] = []
    images = 0
    read = _read_pages(data, name, scanned)
    pages = len(read)
    for number, page in enumerate(read, start=1):
        images += bool(page.images)
        try:
            items.extend(_pdf_page(page, number))
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
