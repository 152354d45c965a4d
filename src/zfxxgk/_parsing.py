"""``parse``: a report's text in, ``Report`` out, or a ``ParseError`` that says where.

Files and bytes are read by ``zfxxgk.sources`` (``parse_file``, ``parse_bytes``), which
turns every format into text and comes here.
"""

from __future__ import annotations

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from ._caches import done
from ._detect import detect_template
from ._labels import FEES_HEADING, HEADINGS, ROWS
from ._lexer import parse_tree, transform_text
from ._lines import Document
from ._lower import lower, lowering
from ._normalize import normalize
from .errors import ParseError
from .model import Report
from .templates import Template

__all__ = ["parse"]

_HEADINGS = HEADINGS | FEES_HEADING


def parse(text: str) -> Report:
    """Parse the text of one annual report into a ``Report``.

    ``text`` is the report as text extraction gives it (from a PDF, a Word file or an HTML
    page): tables as tab-separated rows, one cell per line, or Markdown pipe tables. The
    template generation (``Report.generation``) is told from the tables, never the year.

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
    try:
        return _parse(text)
    finally:
        done()  # what this text gave the caches, if it is a hostile file's size


def _parse(text: str) -> Report:
    doc = normalize(text)
    template = detect_template(doc)
    parser = template.parser()
    # Most texts: parsed and lowered in one pass, with no tree.
    finished, report = transform_text(parser, doc.text, lowering(doc, template))
    if finished:
        return report  # type: ignore[no-any-return]
    # Else the tree first, so that a syntax error is said before an unreadable cell.
    try:
        tree = parse_tree(parser, doc.text)
    except UnexpectedInput as error:
        raise _explain(error, doc, template) from None
    return lower(tree, doc, template)


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
