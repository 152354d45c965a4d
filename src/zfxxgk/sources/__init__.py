"""Reports as agencies publish them: HTML pages, Word (.docx) files and PDFs.

Each format is turned into report text in the ``tsv`` layout that ``parse`` reads:
headings and paragraphs one per line, and every table row one line of tab-separated
cells. Merged cells are expanded first, so that every row has all its cells and no number
moves to another column:

- a *label* cell that spans rows (三、本年度办理结果 over 22 rows, （三）不予公开 over 8)
  is repeated on each row it covers: it is that row's group label, as printed;
- every other covered position (the columns a cell spans, a number that spans rows) is
  an empty cell, which the parser reads as blank, never as a skipped cell.

The libraries each format needs are optional extras, imported only when that format is
read: ``zfxxgk[html]`` (lxml), ``zfxxgk[docx]`` (python-docx), ``zfxxgk[pdf]``
(pdfplumber), or ``zfxxgk[all]``. A missing one raises ``MissingExtraError`` with the
``pip install`` command. An old binary Word ``.doc`` and a PDF without a text layer (a
scan) raise ``ParseError`` saying what to do instead; OCR is out of scope.

Whatever a format's library raises on a damaged file (lxml, python-docx, zipfile,
pdfminer) becomes a ``ParseError`` naming the format; so do the limits of
``zfxxgk.limits`` (file size, table size, markup tags), which no real report comes near.

A ``ParseError`` raised while reading a converted report keeps ``line``/``column`` in the
converted text (``extract_text`` shows it) and adds the source position to its reason:
``(HTML table 2, row 14)``, ``(DOCX table 2, row 14)`` or ``(PDF page 3, table 1, row 9)``.
"""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TypeVar

from .._caches import done
from .._parsing import parse
from ..errors import ParseError
from ..limits import MAX_FILE_BYTES
from ..model import Report
from ._common import _NAMES, FORMATS, Format, MissingExtraError, _Text
from ._files import TEXT_SUFFIXES, decode, read_regular_file

__all__ = [
    "FORMATS",
    "HTML_SUFFIXES",
    "Format",
    "MissingExtraError",
    "extract_text",
    "parse_bytes",
    "parse_file",
    "parse_html",
    "sniff_format",
]

_T = TypeVar("_T")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".jsp", ".php", ".asp", ".aspx")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(data: bytes, filename: str | None = None) -> Format:
    """Tell a file's format from its first bytes, and from its name where they don't.

    Raises ``ParseError`` for formats zfxxgk does not read: an old binary Word ``.doc``
    (or another OLE2 file such as ``.wps`` or ``.xls``), RTF, and zip files that are not
    ``.docx``.
    """
    name = _name(filename)
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if data.startswith(_OLE_MAGIC) or (suffix in (".doc", ".wps", ".dot") and not _known(data)):
        raise ParseError(
            f"{name} is an old binary Word document (.doc; or another pre-2007 Office "
            "file): zfxxgk reads .docx, not .doc. Convert it first: open it in Word or WPS "
            f"and “Save As” .docx, or run “soffice --headless --convert-to docx {name}” with "
            "LibreOffice; then parse the .docx"
        )
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"{\\rtf"):
        raise ParseError(
            f"{name} is an RTF document: zfxxgk reads .docx, not RTF; save it as .docx in "
            "Word, WPS or LibreOffice and parse that"
        )
    if data.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except Exception as error:  # BadZipFile, and others for a damaged directory
            raise ParseError(
                f"{name} is a zip archive (a .docx?) whose directory cannot be read "
                f"({type(error).__name__}: {error}): is it damaged or cut short?"
            ) from None
        if "word/document.xml" in names:
            return "docx"
        raise ParseError(
            f"{name} is a zip archive but not a Word .docx (no word/document.xml): zfxxgk "
            "reads HTML, .docx, PDF and text reports"
        )
    if suffix in HTML_SUFFIXES or _looks_like(data):
        return "html"
    return "text"


def _known(data: bytes) -> bool:
    """Whether the bytes are a format read here, whatever the file's name says."""
    return (
        data.startswith((b"PK\x03\x04", b"{\\rtf")) or b"%PDF-" in data[:1024] or _looks_like(data)
    )


def _looks_like(data: bytes) -> bool:
    """Whether the bytes open like an HTML page (as a browser sniffs a download)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf\t\n\r ").lower()
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = data[:4096].decode("utf-16", errors="ignore").lstrip().lower().encode()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta")) or (
        head.startswith(b"<") and (b"<table" in head or b"<body" in head or b"<div" in head)
    )


def extract_text(data: bytes, *, filename: str | None = None) -> str:
    """The report text that ``parse_bytes`` parses, in the ``tsv`` layout.

    The line and column of a ``ParseError`` from an HTML, DOCX or PDF source point into
    this text.
    """
    return _extract(data, filename)[1].text


def parse_file(path: str | os.PathLike[str]) -> Report:
    """Read a report from a file and parse it: text, an HTML page, a .docx or a PDF.

    Text files (``.txt``, ``.md``) are decoded as UTF-8 (with or without a BOM), UTF-16
    with a BOM, or GB18030 (which covers GBK and GB2312), the encodings Chinese
    government files use. Any other file goes to ``parse_bytes``, which tells HTML,
    .docx, PDF and text from its first bytes, whatever its name (``.shtml``, no suffix);
    HTML, .docx and PDF need the format's extra (``pip install 'zfxxgk[all]'``).

    Only a regular file (or a symlink to one) is read. A named pipe (FIFO), a device such
    as ``/dev/zero``, a socket or a folder raises ``ParseError`` saying what it is, and is
    never opened: a FIFO would wait for a writer forever, and a device never ends.

    Raises ``ParseError`` for a file that is no report, in a format zfxxgk does not read
    (an old ``.doc``, a scanned PDF) or no regular file; ``MissingExtraError`` (an
    ``ImportError``) when the format's extra is missing; ``OSError`` when the file cannot
    be read (it does not exist, no permission). The ``ParseError``'s ``path`` is the
    file's.

    >>> report = parse_file("report.pdf")  # doctest: +SKIP
    """
    path = Path(path)
    try:
        data = read_regular_file(path)
        if path.suffix.lower() in TEXT_SUFFIXES:
            return parse(decode(data, name=path.name))
        return parse_bytes(data, filename=path.name)
    except ParseError as error:
        error.path = os.fspath(path)  # which file, as parse_many says it
        raise


def parse_bytes(data: bytes, *, filename: str | None = None) -> Report:
    """Parse a report from a file's bytes: an HTML page, a .docx, a PDF, or text.

    The format is told from the bytes (``%PDF``, a zip holding ``word/document.xml``, an
    HTML start), and from ``filename``'s suffix where the bytes don't tell. Text is read as
    ``parse_file`` reads it. Raises ``ParseError`` when the file is no report or a format
    zfxxgk does not read (``.doc``, a scanned PDF), ``MissingExtraError`` (an
    ``ImportError``) when the format's optional extra is not installed.

    >>> report = parse_bytes(open("report.pdf", "rb").read())  # doctest: +SKIP
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"parse_bytes() takes the file's bytes, not {type(data).__name__}; "
            "for text use parse(), for an HTML string parse_html()"
        )
    data = bytes(data)
    _check_size(len(data), _name(filename))
    fmt = sniff_format(data, filename)
    if fmt == "text":  # errors point into the user's own text
        return parse(decode(data, name=_name(filename)))
    return _extract(data, filename)[1].parse()


def _name(filename: str | None) -> str:
    return PurePath(filename).name if filename else "the file"


def parse_html(html: str | bytes) -> Report:
    """Parse a report from an HTML page: a bare report, or a portal page that holds one.

    The report is found among the page's navigation, scripts and footers: the part that
    holds its tables and the heading 一、总体情况, with the title the page prints above
    it. Tables are read with their merged cells expanded. ``bytes`` are decoded by the
    page's ``<meta charset>`` (or ``http-equiv``), else as UTF-8 or GB18030.

    Raises ``ParseError`` when the page holds no report or the report cannot be read,
    ``MissingExtraError`` when ``zfxxgk[html]`` is not installed.
    """
    from . import _html, _html_decode

    if not isinstance(html, (str, bytes, bytearray)):
        raise TypeError(f"parse_html() takes the page as str or bytes, not {type(html).__name__}")
    _check_size(len(html), "the page")
    page = html

    def read() -> _Text:
        text = page if isinstance(page, str) else _html_decode.html_decode(bytes(page), "the page")
        return _html.html_report(text, "the page")

    return _guarded("html", "the page", read).parse()


def _check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise ParseError(
            f"{name} is {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,} "
            "(zfxxgk.limits.MAX_FILE_BYTES; a report is some 10 KB to a few MB): is it one "
            "report? Pass the report alone"
        )


def _guarded(fmt: Format, name: str, read: Callable[[], _T]) -> _T:
    """Run a format's reader; whatever its library raises becomes a ``ParseError``.

    The readers raise ``ParseError`` themselves where they can say more (a limit, a
    damaged part); this is the net under them, so that a caller who catches
    ``ParseError`` never sees a library's own exception.
    """
    try:
        return read()
    except (ParseError, MissingExtraError, MemoryError):
        raise
    except RecursionError:
        raise ParseError(
            f"{name} is nested too deeply to be read as {_NAMES[fmt]}: is it damaged?"
        ) from None
    except Exception as error:  # a library's own exception, whatever its class
        detail = " ".join(str(error).split())
        detail = detail if len(detail) <= 200 else detail[:199] + "…"
        raise ParseError(
            f"{name} could not be read as {_NAMES[fmt]} ({type(error).__name__}"
            f"{': ' + detail if detail else ''}): is the file damaged or cut short? "
            "Open it in a browser, Word or a PDF reader to check"
        ) from error
    finally:
        done()  # what the file gave the caches, if it is a hostile file's size


def _extract(data: bytes, filename: str | None) -> tuple[Format, _Text]:
    name = _name(filename)
    _check_size(len(data), name)
    fmt = sniff_format(data, filename)
    return fmt, _guarded(fmt, name, lambda: _read(fmt, data, name))


def _read(fmt: Format, data: bytes, name: str) -> _Text:
    # Each format's module is imported when a file of that format comes: import zfxxgk
    # stays fast, and the optional libraries are imported only by the module that needs them.
    if fmt == "html":
        from . import _html, _html_decode

        return _html.html_report(_html_decode.html_decode(data, name), name)
    if fmt == "docx":
        from . import _docx

        return _docx.docx_report(data, name)
    if fmt == "pdf":
        from . import _pdf

        return _pdf.pdf_report(data, name)
    text = _Text("text")
    for line in decode(data, name=name).splitlines():
        text.lines.append(line)
        text.origins.append("")
    return text
