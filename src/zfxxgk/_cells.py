"""Every cell of the three tables, by schema key path, with the labels the report prints.

``cells(generation, table)`` lists the cells of one table of one template generation in
printed order: the key path of ``docs/schema.md`` (``requests.withheld.state_secret.
natural_person``), the printed row group and row (``（三）不予公开`` / ``1. 属于国家秘密``), the
printed column (``自然人``) and how the cell is read (a count, a signed change, money).
``values(report, table)`` gives the report's cells in the same order. Both are plain
Python: the tabular views (``zfxxgk.to_dataframe``, ``zfxxgk parse --format csv``) and the
notebook display are built on them.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal, NamedTuple

import attrs

from . import templates
from ._labels import (
    APPEAL_COLUMNS,
    APPLICANT_COLUMNS,
    Kind,
    row_terminal,
)
from .model import (
    GENERATIONS,
    AppealCounts,
    Appeals,
    ApplicantCounts,
    Generation,
    Report,
    shape,
)
from .templates import Template

__all__ = [
    "PRINTED",
    "TABLES",
    "Cell",
    "Table",
    "all_keys",
    "cells",
    "keys",
    "merge_keys",
    "printed",
    "values",
]

#: The three tables of a report, by their schema key.
Table = Literal["proactive", "requests", "appeals"]
TABLES: tuple[Table, ...] = ("proactive", "requests", "appeals")
#: The printed name of each table.
PRINTED: dict[Table, str] = {"proactive": "表二", "requests": "表三", "appeals": "表四"}

#: A cell's value: a count or signed change (int), money in 万元 (Decimal), or blank.
Value = int | Decimal | None


class Cell(NamedTuple):
    """One cell of a table: where it is in the schema and what the report prints for it."""

    key: str  #: the schema key path, ``requests.withheld.state_secret.natural_person``
    table: Table  #: ``proactive``, ``requests`` or ``appeals``
    group: str  #: the printed group of the row (``（三）不予公开``), ``""`` for none
    row: str  #: the printed row label (``1. 属于国家秘密``)
    column: str  #: the printed column label (``自然人``)
    kind: Kind  #: ``count``, ``signed`` (本年增/减) or ``money`` (万元, a Decimal)


_COLUMNS: dict[type, dict[str, str]] = {
    ApplicantCounts: dict(
        zip((a.name for a in attrs.fields(ApplicantCounts)), APPLICANT_COLUMNS, strict=True)
    ),
    AppealCounts: dict(
        zip((a.name for a in attrs.fields(AppealCounts)), APPEAL_COLUMNS, strict=True)
    ),
}


def _kind(name: str, annotation: object) -> Kind:
    if Decimal in typing.get_args(annotation):
        return "money"
    return "signed" if name == "items_change" else "count"


def _walk(cls: type, prefix: str, table: Table, template: Template) -> list[Cell]:
    """The cells under one attrs class, in field (that is, printed) order."""
    hints = typing.get_type_hints(cls)
    found: list[Cell] = []
    for name, group_class, row_class in shape(cls):
        attribute = attrs.fields_dict(cls)[name]
        annotation = hints[attribute.name]
        key = f"{prefix}.{attribute.name}"
        # A table's cells follow the template's shape: a group's rows, else a row's cells.
        nested = group_class or row_class
        if nested is not None:
            found.extend(_walk(nested, key, table, template))
            continue
        row_name = prefix.rpartition(".")[2]
        spec = template.row(row_terminal(row_name))
        if table == "proactive":
            column = template.column(attribute.name)
        else:
            column = _COLUMNS.get(cls, {}).get(attribute.name, attribute.name)
        group, row = (spec.group, spec.label) if spec is not None else ("", row_name)
        found.append(Cell(key, table, group, row, column, _kind(attribute.name, annotation)))
    return found


@functools.cache
def cells(generation: Generation, table: Table) -> tuple[Cell, ...]:
    """The cells of one table of one generation, in printed order (rows, then columns)."""
    template = templates.get(generation)
    if table not in TABLES:
        raise ValueError(f"table must be one of {TABLES}, not {table!r}")
    classes = {"proactive": template.proactive, "requests": template.requests, "appeals": Appeals}
    return tuple(_walk(classes[table], table, table, template))


def merge_keys(sequences: Iterable[Iterable[str]]) -> tuple[str, ...]:
    """The union of ordered sequences: a new item goes right after its predecessor."""
    merged: list[str] = []
    for sequence in sequences:
        previous: str | None = None
        for item in sequence:
            if item not in merged:
                merged.insert(0 if previous is None else merged.index(previous) + 1, item)
            previous = item
    return tuple(merged)


@functools.cache
def keys(generations: tuple[Generation, ...], tables: tuple[Table, ...]) -> tuple[str, ...]:
    """The key paths of some tables over some generations, merged in printed order.

    A key both generations have appears once; a key only one has stands next to its
    printed neighbours (2021's three 其他处理 rows come after 2019's 不予处理 rows).
    """
    found: list[str] = []
    for table in tables:
        rows = merge_keys(
            dict.fromkeys(cell.key.rpartition(".")[0] for cell in cells(generation, table))
            for generation in generations
        )
        columns = {
            row: merge_keys(
                [
                    cell.key
                    for cell in cells(generation, table)
                    if cell.key.rpartition(".")[0] == row
                ]
                for generation in generations
            )
            for row in rows
        }
        found.extend(key for row in rows for key in columns[row])
    return tuple(found)


def all_keys() -> tuple[str, ...]:
    """Every key path of the three tables in either generation, in printed order."""
    return keys(GENERATIONS, TABLES)


def _get(report: Report, key: str) -> Value:
    value: Any = report
    for name in key.split("."):
        # A row the report does not print is None as a whole; 2021's （六） printed as one
        # row has no sub-rows: either way the template's cell is not there.
        value = getattr(value, name, None)
        if value is None:
            return None
    return value  # type: ignore[no-any-return]


def values(report: Report, table: Table) -> tuple[Value, ...]:
    """The report's cells of one table, in the order of ``cells(report.generation, table)``.

    A blank cell is ``None``, and so is every cell of a row the report does not print;
    money is a ``Decimal`` in 万元.
    """
    return tuple(_get(report, cell.key) for cell in cells(report.generation, table))


def printed(report: Report, table: Table) -> tuple[tuple[Cell, Value], ...]:
    """The report's cells of one table as it prints them, each with its value.

    ``cells(report.generation, table)`` paired with ``values(report, table)``, except for
    a （六）其他处理 printed as one row where the template has sub-rows (the older form some
    organs kept): that one row's cells stand in place of the sub-rows', under the keys of a
    template that prints it so (``requests.other_handling.natural_person``), so that no
    printed number is left out of a tabular view.
    """
    specs = cells(report.generation, table)
    pairs = tuple(zip(specs, values(report, table), strict=True))
    if table != "requests" or not isinstance(
        getattr(report.requests, "other_handling", None), ApplicantCounts
    ):
        return pairs
    prefix = "requests.other_handling."
    if not any(cell.key.startswith(prefix) and cell.key.count(".") > 2 for cell in specs):
        return pairs  # the template's own （六） is one row: nothing to stand in for
    other = report.requests.other_handling
    one = tuple(
        (cell, getattr(other, cell.key.rpartition(".")[2])) for cell in _one_row(report.generation)
    )
    place = next(index for index, (cell, _) in enumerate(pairs) if cell.key.startswith(prefix))
    rest = tuple(pair for pair in pairs if not pair[0].key.startswith(prefix))
    return rest[:place] + one + rest[place:]


@functools.cache
def _one_row(generation: Generation) -> tuple[Cell, ...]:
    template = templates.get(generation)
    return tuple(_walk(ApplicantCounts, "requests.other_handling", "requests", template))
