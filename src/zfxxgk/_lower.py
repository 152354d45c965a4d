"""Lowering: the concrete tree of a report to the frozen attrs model.

One Transformer serves every generation: a section's rows are found by their terminals,
read against the generation's template (its row specs, its table classes), and the
tables are built by field name. A new generation needs a grammar and a template, not a
new Transformer.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any

import attrs
from lark import Discard, Token, Transformer, Tree

from . import model
from ._caches import keeps, note
from ._front_matter import signature, statistics_year, title_block
from ._labels import ROWS, RowSpec, row_terminal
from ._lines import Cell, Document, Line
from ._row_finding import bare_labels, holds_numbers, near_labels, no_table
from .errors import ParseError
from .model import Report
from .templates import Template

__all__ = ["lower", "lowering"]

_BLANK = frozenset({"", "/", "\\", "-", "--", "—", "——", "–", "无"})
_COUNT = re.compile(r"([+-]?\d+)(?:件|项|个|次|条)?")
_SIGNED = re.compile(r"(?:([增减])(?:加|少)?|([+-]?))(\d+)")
_MONEY = re.compile(r"(\d+(?:\.\d+)?)(万元|元)?")


def _kind(token: Token) -> str:
    """A terminal's name: the grammars import every shared name by name, unprefixed."""
    return token.type


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


def _fit(line: Line, spec: RowSpec, where: str, notes: list[str]) -> range:
    """The row's cells, one per column (their indexes in ``line.cells``): layout padding
    trimmed, never shifted.

    A cell's column comes from the table: a row must be as wide as its table's rows (an
    empty cell is a printed blank, a missing one is an error), and a row with more cells
    than columns is read only when every way of aligning it reads the same numbers. (Read
    from the cells' keys: the cells are made only for a message.)
    """
    _check_width(line, where)
    keys = line.keys
    wanted = len(spec.kinds)
    first, end = 0, len(keys)  # the cells kept: keys[first:end]
    padding = 0
    while end - first > wanted and not keys[end - 1]:
        end -= 1
        padding += 1
    while end - first > wanted and not keys[first]:
        first += 1
    kept = keys[first:end]
    if (
        padding
        and not kept[-1]
        and any(key[-1:].isdigit() for key in kept)
        and not _header_names_last(line, len(keys) - padding - 1)
    ):
        # Empty cells at the row's end were padding; the last one kept may be padding too,
        # and a cell missing before it: a blank there cannot be told from a lost number.
        raise ParseError(
            f"expected {wanted} numbers; the row ends with empty cells, so whether its last "
            "number is blank or missing cannot be told; print the blank as “/”",
            line=line.line,
            column=line.column,
            where=where,
        )
    if len(kept) < wanted:
        found = len([key for key in kept if key])
        raise ParseError(
            f"expected {wanted} numbers, found {found}"
            if found == len(kept)
            else f"expected {wanted} cells, found {len(kept)}",
            line=line.line,
            column=line.column,
            where=where,
        )
    if line.text and len(kept) == wanted > 1 and not kept[0] and all(kept[1:]):
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
    extra = len(kept) - wanted
    if extra:
        readings = {kept[k : k + wanted] for k in range(extra + 1)}
        if len(readings) > 1:
            shown = "、".join(f"“{cell.raw}”" for cell in line.cells[first:end])
            raise ParseError(
                f"expected {wanted} numbers, found {len(kept)} cells ({shown}): the columns "
                "cannot be told apart, so no number of this row can be trusted",
                line=line.line,
                column=line.column,
                where=where,
            )
        notes.append(
            f"line {line.line}: {where}: {len(kept)} cells where {wanted} are expected; "
            "every alignment of them reads the same numbers"
        )
    return range(first, first + wanted)


def _header_names_last(line: Line, last: int) -> bool:
    """Whether the row's header shows its cell ``last`` (an index in ``line.cells``) to be
    its last column: the two share their geometry and width, the header names that cell's
    column and none after it. Then an empty cell there is a printed blank, and the empty
    cells after it stand under no column: padding."""
    fields, header = line.fields, line.header
    if not fields or len(fields) != len(header):
        return False
    start = len(fields) - len(line.keys)
    if start != next((i for i, key in enumerate(header) if i and key), None):
        return False
    column = start + last
    return bool(header[column]) and not any(header[column + 1 :])


def _check_width(line: Line, where: str) -> None:
    """Refuse a row with numbers that ends with an empty cell and is narrower than its
    header or than most rows of its table.

    Such a row kept its padding but lost a cell, so its empty last cell may be that
    padding rather than a printed blank. The header counts only where the row's numbers
    start in the column of the header's first column label (text tables often give rows
    more or fewer label columns than the header); the rows around it count by their cells
    after their labels. A row printed all blank is read as blanks.
    """
    fields, header = line.fields, line.header
    if not fields or fields[-1]:
        return
    header_start = next((i for i, key in enumerate(header) if i and key), None)
    if len(fields) < len(header) and header_start == len(fields) - len(line.keys):
        raise ParseError(
            f"the row has {len(fields)} cells where its table's header has {len(header)}: "
            "a cell is missing, so its numbers cannot be placed in their columns",
            line=line.line,
            column=line.column,
            where=where,
        )
    if len(line.keys) < line.siblings and any(key[-1:].isdigit() for key in line.keys):
        raise ParseError(
            f"the row has {len(line.keys)} cells after its label where most rows of its table "
            f"have {line.siblings}: a cell is missing, so its numbers cannot be placed in "
            "their columns",
            line=line.line,
            column=line.column,
            where=where,
        )


def _trimmed(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
    """Cells without the empty ones at either end."""
    filled = [i for i, cell in enumerate(cells) if cell.key]
    return cells[filled[0] : filled[-1] + 1] if filled else ()


class _Lowering(Transformer[Token, Any]):
    def __init__(self, doc: Document, template: Template) -> None:
        super().__init__(visit_tokens=False)
        self._doc = doc
        self._template = template
        self._generation = template.generation
        self.notes: list[str] = []
        # template.row as one dict: the template's own rows over the shared ones.
        self._specs: dict[str, RowSpec] = _specs_of(template)

    def _spec(self, terminal: str) -> RowSpec:
        return self._specs[terminal]

    def transform(self, tree: Tree[Token]) -> Any:
        """``Transformer.transform`` without a generator per subtree: the same methods
        called in the same order, with the same children (``Discard`` left out)."""
        result = self._walk(tree)
        return None if result is Discard else result

    def _walk(self, tree: Tree[Token]) -> Any:
        children = []
        for child in tree.children:
            if isinstance(child, Tree):
                child = self._walk(child)
            if child is not Discard:
                children.append(child)
        return self._call_userfunc(tree, children)  # type: ignore[no-untyped-call]

    def _line(self, token: Token) -> Line:
        assert token.line is not None
        return self._doc.lines[token.line - 1]

    def _read_row(self, line: Line, spec: RowSpec) -> tuple[Any, ...]:
        keys = line.keys
        counts = _counts(keys, spec.kinds)
        if counts is not None:
            return counts
        # All that _fit and _read_cell read of the row, but where it is (for a message).
        shape = (keys, line.fields, line.header, line.siblings, bool(line.text), spec.kinds)
        known = _FITTED.get(shape)
        if known is not None:
            return known
        notes = len(self.notes)
        where = " ".join(p for p in (spec.table, spec.group, line.text or spec.label) if p)
        columns = _fit(line, spec, where, self.notes)
        # _read_cell's common case (a count or change printed as digits) without the call,
        # and without the cell: only another cell is made, to read it or say where it is.
        values = tuple(
            [
                int(keys[i])
                if kind != "money" and keys[i].isdigit() and keys[i].isascii()
                else _read_cell(line.cells[i], kind, where, self.notes)
                for i, kind in zip(columns, spec.kinds, strict=True)
            ]
        )
        if (
            len(self.notes) == notes
            and all(type(v) is int or v is None for v in values)
            and keeps(sum(map(len, line.fields)))  # (see _caches)
        ):
            # Read with no note, and no Decimal (which would stand for another equal to it):
            # a row of the same shape reads the same, wherever it is.
            if len(_FITTED) >= _KEPT:
                _FITTED.clear()
            _FITTED[shape] = values
        return values

    # Lines between table rows: kept out of the model, but a row of numbers that no
    # template row claims is said out loud.
    def gap(self, children: list[Token]) -> Any:
        for token in children:
            self._note_stray(self._line(token))
        return Discard

    def _note_stray(self, line: Line) -> None:
        if "\t" in line.key and holds_numbers(line):  # (a line that is no row holds none)
            self.notes.append(
                f"line {line.line}: skipped a row of numbers that is no row of the "
                f"template: “{line.text}”"
            )

    def text(self, children: list[Token]) -> list[Token]:
        return children

    preamble = text

    def section1(self, children: list[Any]) -> list[Token]:
        return children[1]  # type: ignore[no-any-return]

    section5 = section6 = section1

    def section2(self, children: list[Token]) -> Any:
        return self._table("表二", self._template.proactive, children)

    def section3(self, children: list[Token]) -> Any:
        return self._table("表三", self._template.requests, children)

    def section4(self, children: list[Any]) -> tuple[model.Appeals, list[Token]]:
        return children[1], children[2]

    def fee_section(self, children: list[Token]) -> model.ProcessingFees | None:
        """五、信息处理费收取情况: its one row of numbers, under its header."""
        rows = [self._line(token) for token in children[1:] if _kind(token) == "APPEALS_ROW"]
        if not rows:
            return None
        spec = RowSpec("信息处理费", "", "", ("count", "money", "money"))
        line = rows[0]
        for extra in rows[1:]:
            self._note_stray(extra)
        values = self._read_row(line, spec)
        return model.ProcessingFees(**dict(zip(_names(model.ProcessingFees), values, strict=True)))

    def _table(self, table: str, cls: type, tokens: list[Token]) -> Any:
        """Build a table of the model from the rows of its section, found by their labels.

        A row not printed is ``None`` (noted); a row printed twice is an error; a row
        whose label is a near miss is taken only where its place and number agree.
        """
        heading, items = tokens[0], tokens[1:]
        order = _row_terminals(cls)
        found: dict[str, Line] = {}
        sequence: list[tuple[str | None, Line]] = []
        lines, specs = self._doc.lines, self._specs
        for token in items:
            kind, line = token.type, lines[token.line - 1]  # type: ignore[operator]
            if kind not in specs:
                sequence.append((None, line))
                continue
            if kind in found and not _blank(line):
                first = found[kind]
                if _blank(first):  # a group's label row above its numbers, or a fragment
                    found[kind] = line
                    sequence.append((kind, line))
                    continue
                raise ParseError(
                    f"the row is printed twice (lines {first.line} and {line.line}), so "
                    "neither can be trusted",
                    line=line.line,
                    column=line.column,
                    where=self._spec(kind).where,
                )
            found.setdefault(kind, line)
            sequence.append((kind, line))
        if not any(kind in order or kind == "OTHER_HANDLING" for kind in found):
            raise no_table(table, self._line(heading), [line for _, line in sequence])
        bare_labels(sequence, order, found, self._spec)
        self.notes += near_labels(sequence, order, found, self._spec)
        for place, printed in sequence:
            if place is None:
                self._note_stray(printed)
        missing: list[str] = []
        built = self._build(cls, found, table, missing)
        if missing:
            labels = "、".join(self._spec(kind).label for kind in missing)
            self.notes.append(f"{table}: rows not printed (null): {labels}")
        return built

    def appeals(self, children: list[Any]) -> model.Appeals:
        if _kind(children[0]) == "APPEALS_ROW":  # the official row of 15, maybe wrapped
            lines = [self._line(token) for token in children]
            line = lines[0]
            if len(lines) > 1:
                # Each piece's padding is its own: trim it before joining, so that an
                # empty cell at a piece's end never becomes a blank inside the row.
                pieces = [_trimmed(piece.cells) for piece in lines]
                line = line._replace(
                    cells=tuple(cell for piece in pieces for cell in piece), fields=()
                )
                self.notes.append(
                    f"line {line.line}: 表四's numbers are printed over {len(lines)} lines; "
                    "read as one row"
                )
            values = self._read_row(line, self._spec("APPEALS_ROW"))
        else:
            values = tuple(
                value
                for token in children
                for value in self._read_row(self._line(token), self._spec(_kind(token)))
            )
        names = _names(model.AppealCounts)
        blocks = [
            model.AppealCounts(**dict(zip(names, values[i : i + 5], strict=True)))
            for i in range(0, 15, 5)
        ]
        return model.Appeals(**dict(zip(_names(model.Appeals), blocks, strict=True)))

    def _build(self, cls: type, found: dict[str, Line], table: str, missing: list[str]) -> Any:
        """Build ``cls`` by field name from the rows found, a missing row as ``None``."""
        fields: dict[str, Any] = {}
        for name, group, row, terminal in _plan(cls):
            line = found.get(terminal)
            if group is not None:
                inner: list[str] = []
                built = self._build(group, found, table, inner)
                printed = len(inner) < len(model.shape(group))
                if printed and line is not None and any(line.keys):
                    raise ParseError(
                        "（六）其他处理 is printed both as one row and as its sub-rows; "
                        "which to read cannot be told",
                        line=line.line,
                        column=line.column,
                        where=self._spec(terminal).where,
                    )
                if printed or row is None or line is None:
                    missing.extend(inner if printed or row is None else [terminal])
                    fields[name] = built if printed or row is None else None
                    continue
                self.notes.append(
                    f"line {line.line}: {table} {self._spec(terminal).label} is "
                    "printed as one row (the 2019 form) in a 2021 table; read as one row"
                )
            if row is None or line is None:
                missing.append(terminal)
                fields[name] = None
                continue
            spec = self._specs[terminal]
            counts = _counts(line.keys, spec.kinds)
            if counts is not None:  # (_read_row's common row)
                fields[name] = _made_of_counts(row, counts)
            else:
                fields[name] = _made(row, self._read_row(line, spec))
        return cls(**fields)

    def start(self, children: list[Any]) -> Report:
        (
            preamble,
            overview,
            proactive,
            requests,
            (appeals, after_appeals),
            processing_fees,
            problems,
            other,
        ) = children
        last = other if other is not None else problems if problems is not None else after_appeals
        body, signer, signed_on = signature(last)
        if other is not None:
            other = body
        elif problems is not None:
            problems = body
        title, title_agency, doc_number, organ_line = title_block(
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
            year=statistics_year(title, preamble, overview),
            agency=signer or title_agency or organ_line,
            title=title,
            doc_number=doc_number,
            published_on=signed_on,
            overview=self._prose(overview),
            proactive=proactive,
            requests=requests,
            appeals=appeals,
            problems=self._prose(problems or []),
            # The 2025 layout has no section 其他需要报告的事项: nothing, not an empty text.
            other_matters=self._prose(other) if other is not None else None,
            processing_fees=processing_fees,
            notes=tuple(self.notes),
        )

    def _prose(self, tokens: list[Token]) -> str:
        every = self._doc.lines
        lines = [every[token.line - 1] for token in tokens]  # type: ignore[operator]
        # Table rows in a prose section are left out; a lone cell is a paragraph.
        return "\n".join([line.text for line in lines if not any(line.keys)])


# The numbers of rows that _read_row read with _fit, by all that the reading looks at;
# at most _KEPT of them (a bound on memory that a stream of reports may reach).
_FITTED: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_KEPT = 4096


@functools.lru_cache(maxsize=4096)
def _counts(keys: tuple[str, ...], kinds: tuple[str, ...]) -> tuple[int, ...] | None:
    """The numbers of the common row, a count of ASCII digits in every column; else None.

    _fit keeps such a row as it is (its last cell is filled, so no header check applies)
    and _read_cell reads each digit, so its numbers follow from its keys alone. (Its cells
    are not made.) Kept for the rows seen last: rows of zeros come again and again.
    """
    note(_counts, sum(map(len, keys)))
    if (
        len(keys) == len(kinds)
        and "money" not in kinds
        and all(map(str.isdigit, keys))
        and "".join(keys).isascii()
    ):
        return tuple(map(int, keys))
    return None


# The row specs of each template seen (by its id; the template kept, so the id stays its).
_SPECS: dict[int, tuple[Template, dict[str, RowSpec]]] = {}


def _specs_of(template: Template) -> dict[str, RowSpec]:
    """``template.row`` as one dict, the template's own rows over the shared ones; made
    once per template (the lowering only reads it)."""
    known = _SPECS.get(id(template))
    if known is None or known[0] is not template:
        if len(_SPECS) >= 64:  # templates made on the fly (tests) are not kept for ever
            _SPECS.clear()
        known = _SPECS[id(template)] = (template, {**ROWS, **template.rows})
    return known[1]


def _blank(line: Line) -> bool:
    return not any(line.keys)


@functools.cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in attrs.fields(cls))


@functools.cache
def _by_position(cls: type) -> bool:
    """Whether ``cls`` takes every field by position, in the order of its fields."""
    return all(field.init and not field.kw_only for field in attrs.fields(cls))


def _made(cls: type, values: tuple[Any, ...]) -> Any:
    """``cls`` made of its fields' values, in order (by position where it can be)."""
    if _by_position(cls) and len(values) == len(_names(cls)):
        return cls(*values)
    return cls(**dict(zip(_names(cls), values, strict=True)))


@functools.lru_cache(maxsize=4096)
def _made_of_counts(cls: type, counts: tuple[int, ...]) -> Any:
    """``_made(cls, counts)``, kept for the rows seen last: the model is frozen, so one
    row of counts (a row of zeros, say) can stand in every report that prints it. (Only
    counts: a Decimal would be taken for another that is equal to it, 1.0 for 1.)"""
    return _made(cls, counts)


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, type | None, type | None, str], ...]:
    """``model.shape(cls)`` with each field's row terminal."""
    return tuple((name, group, row, row_terminal(name)) for name, group, row in model.shape(cls))


@functools.cache
def _row_terminals(cls: type) -> tuple[str, ...]:
    """The row terminals of a table class, in printed order."""
    terminals: list[str] = []
    for name, group, row in model.shape(cls):
        if group is not None:
            terminals.extend(_row_terminals(group))
        elif row is not None:
            terminals.append(row_terminal(name))
    return tuple(terminals)


def lower(tree: Tree[Token], doc: Document, template: Template) -> Report:
    """Build the ``Report`` of a parsed tree. Raises ``ParseError`` for unreadable cells."""
    from lark.exceptions import VisitError

    try:
        report: Report = _Lowering(doc, template).transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, ParseError):
            raise error.orig_exc from None
        raise
    return report


def lowering(doc: Document, template: Template) -> Transformer[Token, Any]:
    """The transformer ``lower`` runs over a tree of ``doc``, to run over its reductions
    (``_lexer.transform_text``): its methods return the ``Report``, or raise
    ``ParseError``, which ``lower`` reads out of Lark's ``VisitError``."""
    return _Lowering(doc, template)
