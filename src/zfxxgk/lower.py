"""Lowering: the concrete tree of a report to the frozen attrs model.

One Transformer serves both generations: row terminals become tuples of cell values, and
each rule builds the model class of the same name, positionally, from its children. The
model classes of a generation are chosen by name, so a new generation needs a grammar
and its table classes, not a new Transformer.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from lark import Discard, Token, Transformer, Tree

from . import model
from .errors import ParseError
from .labels import RowSpec, row_spec
from .model import Generation, Report
from .normalize import Cell, Document, Line, is_value

__all__ = ["lower"]

_BLANK = frozenset({"", "/", "\\", "-", "--", "—", "——", "–", "无"})
_COUNT = re.compile(r"([+-]?\d+)(?:件|项|个|次|条)?")
_SIGNED = re.compile(r"(?:([增减])(?:加|少)?|([+-]?))(\d+)")
_MONEY = re.compile(r"(\d+(?:\.\d+)?)(万元|元)?")
_YEAR = re.compile(r"(?<![〔\[(（\d])((?:19|20)\d{2})年")
_PERIOD = re.compile(r"统计[^。]{0,12}?((?:19|20)\d{2})年1月1日")
_CHINESE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}


def _kind(token: Token) -> str:
    """A terminal's name without the namespace that %import gives it."""
    return token.type.rpartition("__")[2]


def _assemble(cls: type, children: Sequence[Any]) -> Any:
    """Build an attrs class positionally; a tuple of cells becomes its field's class."""
    fields = attrs.fields(attrs.resolve_types(cls))
    values = [
        field.type(*child) if isinstance(child, tuple) else child
        for field, child in zip(fields, children, strict=True)
    ]
    return cls(*values)


def _rule(cls: type) -> Any:
    """A Transformer callback that builds ``cls`` from a rule's children."""

    def build(self: Transformer[Token, Any], children: list[Any]) -> Any:
        return _assemble(cls, children)

    return build


def _read_cell(cell: Cell, kind: str, where: str, notes: list[str]) -> int | Decimal | None:
    key = cell.key
    if key.isdigit() and key.isascii() and kind != "money":  # the common case
        return int(key)
    if key in _BLANK:
        return None
    if kind == "count":
        match = _COUNT.fullmatch(key)
        if match:
            return int(match.group(1))
        wanted = "a whole number" if re.fullmatch(r"\d+\.\d+", key) else "a number"
    elif kind == "signed":
        match = _SIGNED.fullmatch(key)
        if match:
            sign = -1 if match.group(1) == "减" or match.group(2) == "-" else 1
            return sign * int(match.group(3))
        wanted = "a change such as 3, 增3 or 减2"
    else:
        match = _MONEY.fullmatch(key)
        if match:
            amount = Decimal(match.group(1))
            if match.group(2) == "元":
                converted = amount.scaleb(-4)
                amount = (
                    converted.quantize(Decimal(1))
                    if converted == converted.to_integral()
                    else converted.normalize()
                )
                notes.append(
                    f"line {cell.line}: {where}: “{cell.raw}” is in 元; read as {amount} 万元"
                )
            return amount
        wanted = "an amount in 万元"
    raise ParseError(
        f"expected {wanted}, found “{cell.raw}”", line=cell.line, column=cell.column, where=where
    )


def _fit(line: Line, spec: RowSpec, where: str, notes: list[str]) -> tuple[Cell, ...]:
    """The row's cells, one per column: layout padding trimmed, never shifted."""
    cells = list(line.cells)
    wanted = len(spec.kinds)
    while len(cells) > wanted and not cells[-1].key:
        cells.pop()
    while len(cells) > wanted and not cells[0].key:
        cells.pop(0)
    if len(cells) < wanted:
        found = len([cell for cell in cells if cell.key])
        raise ParseError(
            f"expected {wanted} numbers, found {found}"
            if found == len(cells)
            else f"expected {wanted} cells, found {len(cells)}",
            line=line.line,
            column=line.column,
            where=where,
        )
    if (
        line.text
        and len(cells) == wanted > 1
        and not cells[0].key
        and all(cell.key for cell in cells[1:])
    ):
        # A label that spans two columns leaves an empty cell before the numbers; one
        # number short of that and a blank first cell look the same. Say so, never guess.
        raise ParseError(
            f"expected {wanted} numbers, found {wanted - 1} after an empty cell that may be "
            "a blank or the table's padding, so the columns cannot be told apart; print the "
            "blank as “/” or remove the padding",
            line=line.line,
            column=line.column,
            where=where,
        )
    extra = cells[wanted:]
    if extra:
        if any(cell.key not in ("", "0") for cell in extra):
            shown = "、".join(f"“{cell.raw}”" for cell in extra)
            raise ParseError(
                f"expected {wanted} numbers, found {len(cells)}: the extra cells {shown} "
                "are not empty or 0, so no column can be trusted",
                line=extra[0].line,
                column=extra[0].column,
                where=where,
            )
        notes.append(
            f"line {line.line}: {where}: {len(cells)} cells where {wanted} are expected; "
            f"the last {len(extra)} (empty or 0) ignored, no column shifted"
        )
    return tuple(cells[:wanted])


def _trimmed(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
    """Cells without the empty ones at either end."""
    filled = [i for i, cell in enumerate(cells) if cell.key]
    return cells[filled[0] : filled[-1] + 1] if filled else ()


def _date(key: str) -> datetime.date | None:
    match = re.fullmatch(r"(.{4})年(.{1,3})月(.{1,3})日", key)
    if not match:
        return None
    year = "".join(str(_CHINESE_DIGITS.get(c, c)) for c in match.group(1))
    try:
        return datetime.date(
            int(year), _chinese_number(match.group(2)), _chinese_number(match.group(3))
        )
    except ValueError:
        return None


def _chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    tens, _, ones = text.partition("十") if "十" in text else ("", "", text)
    if "十" in text:
        return (_CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _CHINESE_DIGITS.get(ones, 0) if ones else 0
        )
    return _CHINESE_DIGITS.get(text, 0)


class _Lowering(Transformer[Token, Any]):
    def __init__(self, doc: Document, generation: Generation) -> None:
        super().__init__(visit_tokens=True)
        self._doc = doc
        self._generation = generation
        self.notes: list[str] = []

    def _line(self, token: Token) -> Line:
        assert token.line is not None
        return self._doc.lines[token.line - 1]

    def __default_token__(self, token: Token) -> Any:
        spec = row_spec(token.type, self._generation)
        if spec is None or _kind(token) == "APPEALS_ROW":  # appeals() joins those
            return token
        return self._read_row(self._line(token), spec)

    def _read_row(self, line: Line, spec: RowSpec) -> tuple[int | Decimal | None, ...]:
        where = " ".join(p for p in (spec.table, spec.group, line.text or spec.label) if p)
        cells = _fit(line, spec, where, self.notes)
        return tuple(
            _read_cell(cell, kind, where, self.notes)
            for cell, kind in zip(cells, spec.kinds, strict=True)
        )

    # Lines between table rows: kept out of the model, but a row of numbers that no
    # template row claims is said out loud.
    def gap(self, children: list[Token]) -> Any:
        for token in children:
            line = self._line(token)
            if line.is_row and any(is_value(c.key) and c.key[-1:].isdigit() for c in line.cells):
                self.notes.append(
                    f"line {line.line}: skipped a row of numbers that is no row of the "
                    f"template: “{line.text}”"
                )
        return Discard

    def text(self, children: list[Token]) -> list[Token]:
        return children

    preamble = text

    def section1(self, children: list[Any]) -> list[Token]:
        return children[1]  # type: ignore[no-any-return]

    section5 = section6 = section1

    def section2(self, children: list[Any]) -> Any:
        return children[1]

    section3 = section2

    def section4(self, children: list[Any]) -> tuple[model.Appeals, list[Token]]:
        return children[1], children[2]

    def proactive(self, children: list[Any]) -> Any:
        return _assemble(model.TABLES[self._generation][0], children)

    def requests(self, children: list[Any]) -> Any:
        return _assemble(model.TABLES[self._generation][1], children)

    withheld = _rule(model.Withheld)
    unavailable = _rule(model.Unavailable)
    not_processed = _rule(model.NotProcessed)
    other_handling = _rule(model.OtherHandling)

    def appeals(self, children: list[Any]) -> model.Appeals:
        if isinstance(children[0], Token):  # the official row of 15, maybe wrapped
            lines = [self._line(token) for token in children]
            line = lines[0]
            if len(lines) > 1:
                # Each piece's padding is its own: trim it before joining, so that an
                # empty cell at a piece's end never becomes a blank inside the row.
                pieces = [_trimmed(piece.cells) for piece in lines]
                line = line._replace(cells=tuple(cell for piece in pieces for cell in piece))
                self.notes.append(
                    f"line {line.line}: 表四's numbers are printed over {len(lines)} lines; "
                    "read as one row"
                )
            spec = row_spec("APPEALS_ROW", self._generation)
            assert spec is not None
            children = [self._read_row(line, spec)]
        cells = [value for child in children for value in child]
        blocks = [tuple(cells[i : i + 5]) for i in range(0, 15, 5)]
        return _assemble(model.Appeals, blocks)  # type: ignore[no-any-return]

    def start(self, children: list[Any]) -> Report:
        preamble, overview, proactive, requests, (appeals, after_appeals), problems, other = (
            children
        )
        last = other if other is not None else problems if problems is not None else after_appeals
        body, signer, signed_on = _signature(last)
        if other is not None:
            other = body
        elif problems is not None:
            problems = body
        title, title_agency, doc_number, organ_line = _title_block(
            [(_kind(token), token.value, self._line(token).text) for token in preamble]
        )
        if overview is None:
            # No heading 一、总体情况: the prose between the title block and 二、 is the
            # only candidate for the overview. Say so rather than leave it silently empty.
            overview = [token for token in preamble if _kind(token) == "PROSE"]
            self.notes.append(
                "no heading 一、总体情况 was found; the text before 二、 is read as the overview"
            )
        return Report(
            generation=self._generation,
            year=_year(title, preamble, overview),
            agency=signer or title_agency or organ_line,
            title=title,
            doc_number=doc_number,
            published_on=signed_on,
            overview=self._prose(overview),
            proactive=proactive,
            requests=requests,
            appeals=appeals,
            problems=self._prose(problems or []),
            other_matters=self._prose(other or []),
            notes=tuple(self.notes),
        )

    def _prose(self, tokens: list[Token]) -> str:
        lines = [self._line(token) for token in tokens]
        # Table rows in a prose section are left out; a lone cell is a paragraph.
        return "\n".join(line.text for line in lines if not any(c.key for c in line.cells))


def _signature(tokens: list[Token]) -> tuple[list[Token], str | None, datetime.date | None]:
    """Split the signature block (organ, then date) off the end of the last section."""
    body = list(tokens)
    signed_on = None
    if body and _kind(body[-1]) == "DATE":
        signed_on = _date(body.pop().value)
    organs: list[str] = []
    while body and _kind(body[-1]) == "ORGAN":
        organs.insert(0, body.pop().value)
    return body, "".join(organs) or None, signed_on


def _fold_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _title_block(
    lines: list[tuple[str, str, str]],
) -> tuple[str | None, str | None, str | None, str | None]:
    """Title, the agency its title names, 文号 and a lone organ line, from the preamble.

    ``lines`` holds each preamble line's (terminal, key, text as printed).
    """
    title = title_agency = doc_number = organ_line = None
    previous_kind = previous_text = ""
    for kind, key, text in lines:
        if kind == "TITLE" and title is None:
            title = _fold_space(text)
            if previous_kind == "ORGAN" and key[:1].isdigit():
                # The organ on one line and "2023年…年度报告" on the next: one title.
                title = previous_text + title
            title_agency = _agency_in_title(title)
        elif kind == "DOC_NUMBER" and doc_number is None:
            doc_number = text
        elif kind == "ORGAN" and organ_line is None:
            organ_line = key
        previous_kind, previous_text = kind, text
    return title, title_agency, doc_number, organ_line


_ORGAN_END = re.compile(r"(?:局|委员会|委|政府|办公室|办公厅|厅|部|署|中心|院|会|所|站|处|队|馆)$")


def _agency_in_title(title: str) -> str | None:
    """The organ a title names: before the year (XX局2020年…), else after it (2020年度XX局…)."""
    compact = re.sub(r"\s+", "", title)
    before = re.match(r"(.*?)(?:关于)?(?:19|20)\d{2}年", compact)
    if before and before.group(1):
        return before.group(1)
    # An empty organ is none: 2021年政府信息公开… names no organ (not "政府").
    after = re.match(r"(?:关于)?(?:19|20)\d{2}年度?(.*?)(政府信息公开|政务公开|信息公开)", compact)
    if not after or not after.group(1):
        return None
    organ = after.group(1)
    if after.group(2).startswith("政府") and not _ORGAN_END.search(organ):
        organ += "政府"  # 2021年度XX县人民政府信息公开…: the organ is XX县人民政府
    return organ


def _year(title: str | None, preamble: list[Token], overview: list[Token]) -> int | None:
    """The statistics year: the title's, else the opening paragraph's, else the period's."""
    if title:
        match = _YEAR.search(re.sub(r"\s+", "", title))
        if match:
            return int(match.group(1))
    paragraphs = [t.value for t in preamble if _kind(t) == "PROSE"] + [t.value for t in overview]
    if paragraphs:
        match = _YEAR.search(paragraphs[0])
        if match:
            return int(match.group(1))
    for text in paragraphs:
        match = _PERIOD.search(text)
        if match:
            return int(match.group(1))
    return None


def lower(tree: Tree[Token], doc: Document, generation: Generation) -> Report:
    """Build the ``Report`` of a parsed tree. Raises ``ParseError`` for unreadable cells."""
    from lark.exceptions import VisitError

    try:
        report: Report = _Lowering(doc, generation).transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, ParseError):
            raise error.orig_exc from None
        raise
    return report
