"""``parse`` and ``parse_file``: text in, ``Report`` out, or a ``ParseError`` that says where."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from .detect import detect_template
from .errors import ParseError
from .grammar import parse_tree
from .labels import FEES_HEADING, HEADINGS, ROWS
from .limits import MAX_TEXT_BYTES
from .lower import lower
from .model import Report
from .normalize import Document, normalize
from .templates import Template

__all__ = ["TEXT_SUFFIXES", "parse", "parse_file"]

#: The file suffixes ``parse_file`` reads as text.
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
_HEADINGS = HEADINGS | FEES_HEADING


def parse(text: str) -> Report:
    """Parse the text of one annual report into a ``Report``.

    ``text`` is the report as text extraction gives it (from a PDF, a Word file or an HTML
    page): tables as tab-separated rows, one cell per line, or Markdown pipe tables. The
    template generation ("2019" or "2021") is told from the tables.

    Raises ``ParseError`` (a ``ValueError``) with the line and column in ``text`` and the
    table row being read when the text is not a report in either template, or when a row
    is missing or a cell cannot be read. A number is never guessed.

    >>> report = parse(text)  # doctest: +SKIP
    >>> report.requests.new_received.total  # doctest: +SKIP
    3
    """
    if not isinstance(text, str):
        raise TypeError(
            f"parse() takes the report's text as str, not {type(text).__name__}; "
            "for bytes or a file on disk use parse_file()"
        )
    doc = normalize(text)
    template = detect_template(doc)
    try:
        tree = parse_tree(template.parser(), doc.text)
    except UnexpectedInput as error:
        raise _explain(error, doc, template) from None
    return lower(tree, doc, template)


def parse_file(path: str | os.PathLike[str]) -> Report:
    """Read a report from a file and parse it: text, an HTML page, a .docx or a PDF.

    Text files (``.txt``, ``.md``) are decoded as UTF-8 (with or without a BOM), UTF-16
    with a BOM, or GB18030 (which covers GBK and GB2312), the encodings Chinese
    government files use. Any other file goes to ``zfxxgk.parse_bytes``, which tells
    HTML, .docx, PDF and text from its first bytes, whatever its name (``.shtml``, no
    suffix); HTML, .docx and PDF need the format's extra (``pip install 'zfxxgk[all]'``).

    Only a regular file (or a symlink to one) is read. A named pipe (FIFO), a device such
    as ``/dev/zero``, a socket or a folder raises ``ParseError`` saying what it is, and is
    never opened: a FIFO would wait for a writer forever, and a device never ends.

    Raises ``ParseError`` for a file that is no report, in a format zfxxgk does not read
    (an old ``.doc``, a scanned PDF) or no regular file; ``MissingExtraError`` (an
    ``ImportError``) when the format's extra is missing; ``OSError`` when the file cannot
    be read (it does not exist, no permission). The ``ParseError``'s ``path`` is the
    file's.
    """
    import stat

    from .batch import file_kind

    path = Path(path)
    try:
        # stat follows a symlink, as open would, and opens nothing.
        mode = os.stat(path).st_mode
        data = None
        if stat.S_ISREG(mode):
            # Should the file be swapped for a FIFO after the stat, O_NONBLOCK keeps the
            # open from waiting for a writer, and fstat tells what was opened.
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
            with open(os.open(path, flags), "rb") as file:
                mode = os.fstat(file.fileno()).st_mode
                if stat.S_ISREG(mode):
                    data = file.read()
        if data is None:
            raise ParseError(
                f"{path.name or path} is {file_kind(mode)}, not a regular file: zfxxgk "
                "reads only regular files"
            )
        if path.suffix.lower() in TEXT_SUFFIXES:
            return parse(decode(data, name=path.name))
        from .sources import parse_bytes

        return parse_bytes(data, filename=path.name)
    except ParseError as error:
        error.path = os.fspath(path)  # which file, as parse_many says it
        raise


def decode(data: bytes, *, name: str = "the file") -> str:
    """Decode a report's bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030.

    Raises ``ParseError`` for binary data, bytes that are none of these encodings, and a
    file larger than ``zfxxgk.limits.MAX_TEXT_BYTES``.
    """
    if len(data) > MAX_TEXT_BYTES:
        raise ParseError(
            f"{name} is {len(data):,} bytes of text, more than the limit of "
            f"{MAX_TEXT_BYTES:,} (a report's text is some 10 KB): is it one report? "
            "Split it, or pass the one report's text"
        )
    if data.startswith(codecs.BOM_UTF8):
        bom = len(codecs.BOM_UTF8)
        return _decode_strict(data[bom:], "utf-8", name, "UTF-8 (its BOM says)", skipped=bom)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_strict(data, "utf-16", name, "UTF-16 (its BOM says)")
    if data.startswith(b"%PDF") or data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise ParseError(
            f"{name} holds binary data (a PDF, Word or other binary file), not text; "
            "extract the report's text first"
        )
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(f"{name} is neither UTF-8 nor GB18030 text; save it as UTF-8 and retry")


def _decode_strict(data: bytes, encoding: str, name: str, said: str, *, skipped: int = 0) -> str:
    """Decode in the encoding a BOM names; a bad byte is a ``ParseError`` saying where
    (``skipped``: the bytes of the BOM, not in ``data``)."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        text = data[: error.start].decode(encoding, errors="replace")
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
        raise ParseError(
            f"{name} is not {said}: byte {skipped + error.start + 1} ({error.reason}); "
            "save it again as UTF-8",
            line=line,
            column=column,
        ) from None


def _explain(error: UnexpectedInput, doc: Document, template: Template) -> ParseError:
    """Turn Lark's error into a ParseError in the report's own terms."""
    if isinstance(error, UnexpectedToken):
        expected = error.expected
    elif isinstance(error, UnexpectedCharacters):
        expected = error.allowed or set()
    else:  # pragma: no cover - LALR raises only the two above
        expected = set()
    names = set(expected)
    order = [*template.rows, *ROWS]  # the template's own rows (表二's) first
    rows = sorted((n for n in names if template.row(n)), key=order.index)
    headings = sorted(n for n in names if n in _HEADINGS)
    if headings and len(rows) != 1:
        # Rows are found by their labels inside a section, so what is missing where a
        # section accepts many rows is the next heading (or the table's one row).
        rows = []
    if rows:
        spec = template.row(rows[0])
        assert spec is not None
        where, wanted = spec.where, "this row" if spec.label else "a row of 15 numbers"
    elif headings:
        where, wanted = "", " or ".join(f"the heading {_HEADINGS[n]}" for n in headings)
    else:
        where, wanted = "", "more of the report"
    token = getattr(error, "token", None)
    if isinstance(error, UnexpectedCharacters):
        token = Token("UNKNOWN", "", line=error.line)
    if token is None or token.type == "$END" or token.line is None:
        last = doc.lines[-1] if doc.lines else None
        return ParseError(
            f"the text ends before {wanted}: is the report cut short?",
            line=last.line if last else 1,
            column=last.column if last else 1,
            where=where,
        )
    line = doc.lines[token.line - 1]
    kind = token.type
    if template.row(kind) and not line.text:
        found = "a row of numbers with no label"
    elif kind in _HEADINGS:
        found = f"the heading “{line.text}”"
    elif line.is_row:
        found = f"the row “{line.text}”"
    else:
        found = f"“{line.text[:40]}”"
    return ParseError(
        f"expected {wanted}, found {found}", line=line.line, column=line.column, where=where
    )
