"""The ``Template`` class and the registry of template generations (see ``zfxxgk.templates``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from attrs import field, frozen
from lark import Lark

from .. import _grammar, _labels, model
from .._labels import RowSpec

__all__ = ["TEMPLATES", "Block", "Template", "for_year", "get", "register", "row_spec"]

#: One printed block of 表二: its item of 第二十条 (一, 五, …), its column headers, and the
#: model fields of its rows, in printed order.
Block = tuple[str, tuple[str, ...], tuple[str, ...]]


@frozen
class Template:
    """One template generation, as the parser, the model and the writers need it."""

    #: The generation's name: the year its template was issued.
    generation: str
    #: Its grammar: a file name in the package's ``grammars/`` (``"v2021.lark"``) or the
    #: path of a grammar of your own (it may ``%import common (…)`` the shared one).
    grammar: str | Path
    #: Its 表二 and 表三 classes (of ``zfxxgk.model`` or your own attrs classes).
    proactive: type
    requests: type
    #: Its own table rows by grammar terminal (表二's; 表三's and 表四's rows are shared).
    rows: Mapping[str, RowSpec]
    #: 表二 as printed: the blocks of 第二十条 with their headers (for writing it out).
    blocks: tuple[Block, ...]
    #: 表二's printed column header of each cell field (``issued`` → ``本年制发件数``).
    columns: Mapping[str, str]
    #: Words only this generation's 表二 prints (headers or rows): how a report is told.
    evidence: tuple[str, ...]
    #: How its 表三 prints （六）其他处理: one row, or three sub-rows.
    other_handling: Literal["one row", "three rows"]
    #: The report years the template was issued for, first and last (None: still in use).
    years: tuple[int, int | None]
    #: The notice that issued the template (国办公开办函〔…〕…号), as findings name it.
    notice: str = ""
    #: Whether the template asks section 六 to state the 信息处理费 charged (or that none
    #: was); a report with the fee table of its own section states them there instead.
    fee_statement: bool = False
    #: What real reports print differently and is read as this template (documentation:
    #: each variant gets a note in ``Report.notes`` when it is met).
    variants: tuple[str, ...] = field(default=())

    def row(self, terminal: str) -> RowSpec | None:
        """The spec of a grammar terminal in this generation, if the terminal is a row."""
        return self.rows.get(terminal) or _labels.ROWS.get(terminal)

    def parser(self) -> Lark:
        """The LALR parser of its grammar, loaded or built once per process."""
        if isinstance(self.grammar, Path):
            return _grammar.parser_for_file(self.grammar)
        return _grammar.parser_for(self.grammar.removeprefix("v").removesuffix(".lark"))

    def column(self, name: str) -> str:
        """表二's printed header of a cell field, the field's name where it has none."""
        return self.columns.get(name, name)


#: Every registered template, by generation, in the order of registration.
TEMPLATES: dict[str, Template] = {}


def register(template: Template) -> Template:
    """Make a template known to the parser, the model and the writers; returns it."""
    TEMPLATES[template.generation] = template
    model.TABLES[template.generation] = (template.proactive, template.requests)
    return template


def for_year(year: int) -> Template | None:
    """The template issued for report year ``year`` (the latest that covers it)."""
    fitting = [
        template
        for template in TEMPLATES.values()
        if template.years[0] <= year and (template.years[1] is None or year <= template.years[1])
    ]
    return max(fitting, key=lambda template: template.years[0], default=None)


def get(generation: str) -> Template:
    """The template of a generation; ``ValueError`` naming the known ones otherwise."""
    try:
        return TEMPLATES[generation]
    except KeyError:
        raise ValueError(
            f"no template generation {generation!r}: known are {', '.join(TEMPLATES)}"
        ) from None


def row_spec(terminal: str, generation: str) -> RowSpec | None:
    """The spec of a grammar terminal in a generation, if the terminal is a table row."""
    return get(generation).row(terminal)
