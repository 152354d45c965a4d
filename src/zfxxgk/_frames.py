"""Reports as pandas DataFrames: ``to_dataframe`` (long, wide or findings) and ``summarize``.

pandas is an optional extra (``pip install 'zfxxgk[pandas]'``), imported only when one of
these functions is called, so ``import zfxxgk`` never loads it.

Every frame starts with the columns that say which report a row belongs to:

- ``report``: the report's position in the input (0, 1, …), the one identity that is
  always unique (an organ may go unnamed, a year may repeat);
- ``source``: where the report came from, as given in ``sources=`` (a file path, a URL);
  ``<NA>`` when not given, because ``Report`` itself records no source;
- ``agency``, ``year``, ``generation``: from the report; the frames with one row per
  report (wide, ``summarize``) add its ``title``, which the long frames leave out rather
  than repeat on every one of a report's hundreds of rows.

Counts are pandas' nullable ``Int64``: a blank cell (``None`` in the model) is ``<NA>``,
never 0. Money (万元) is exact: ``decimal.Decimal`` values as the report prints them
(``Decimal("26.23")``), in a column of dtype ``object``, ``<NA>`` when blank; it is never
a float. Text columns are pandas' ``string`` dtype.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from ._cells import TABLES, Table, Value, cells, keys, merge_keys, printed
from ._summary import COLUMNS as SUMMARY_COLUMNS
from ._summary import RATES as SUMMARY_RATES
from ._summary import figures
from .model import GENERATIONS, Report
from .validation import validate

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["summarize", "to_dataframe"]

#: What ``table=`` takes: one table by its schema key, ``"all"`` three, or the findings of
#: ``zfxxgk.validate``.
TableName = Literal["proactive", "requests", "appeals", "all", "findings"]
#: What ``form=`` takes.
Form = Literal["long", "wide"]

_IDENTITY = ("report", "source", "agency", "year", "generation", "title")
_IDENTITY_TYPES = {
    "report": "int64",
    "source": "string",
    "agency": "string",
    "year": "Int64",
    "generation": "string",
    "title": "string",
}
#: The identity columns of a long frame: no ``title``, which would repeat on every row.
_LONG_IDENTITY = _IDENTITY[:-1]
_LONG_CELL_COLUMNS = ("table", "key", "group", "row", "column")
#: The columns of ``table="findings"`` after the identity, and their dtypes.
_FINDING_COLUMNS = {
    "code": "string",
    "severity": "string",
    "cells": "object",
    "expected": "object",
    "actual": "object",
    "message": "string",
    "quote": "string",
}


def _need_pandas() -> None:
    """Import pandas, or say which extra brings it."""
    try:
        import pandas  # noqa: F401
    except ImportError as error:
        raise ImportError(
            "zfxxgk's DataFrames need pandas, which is not installed: pip install 'zfxxgk[pandas]'"
        ) from error


def _array(data: Sequence[object], dtype: Any) -> Any:
    """A pandas array of ``dtype`` (``Int64``, ``Float64``, ``string``, ``object``)."""
    import pandas as pd

    return pd.array(data, dtype=dtype)


def _tables(table: str) -> tuple[Table, ...]:
    if table == "all":
        return TABLES
    for name in TABLES:
        if table == name:
            return (name,)
    raise ValueError(f"table must be one of {(*TABLES, 'all', 'findings')}, not {table!r}")


def _money(data: Sequence[object]) -> Any:
    """Exact amounts: an ``object`` column of ``Decimal``, ``<NA>`` for a blank."""
    import pandas as pd

    return pd.array([pd.NA if value is None else value for value in data], dtype=object)


def _has_money(tables: Sequence[Table]) -> bool:
    return any(
        cell.kind == "money"
        for generation in GENERATIONS
        for name in tables
        for cell in cells(generation, name)
    )


def _reports_and_sources(
    reports: Iterable[Report], sources: Iterable[str | os.PathLike[str] | None] | None
) -> tuple[list[Report], list[str | None]]:
    listed: list[object] = list(reports)
    for index, report in enumerate(listed):
        if not isinstance(report, Report):
            hint = (
                " (parse_many yields errors in place: keep the results that are zfxxgk.Report)"
                if isinstance(report, BaseException)
                else ""
            )
            raise TypeError(
                f"reports[{index}] is a {type(report).__name__}, not a zfxxgk.Report{hint}"
            )
    checked = [report for report in listed if isinstance(report, Report)]
    if sources is None:
        return checked, [None] * len(checked)
    named = [None if source is None else os.fspath(source) for source in sources]
    if len(named) != len(checked):
        raise ValueError(f"{len(checked)} reports but {len(named)} sources: give one per report")
    return checked, named


def _count(value: Value) -> int | None:
    return None if isinstance(value, Decimal) else value


def _amount(value: Value) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def _identity(index: int, report: Report, source: str | None) -> tuple[object, ...]:
    return (index, source, report.agency, report.year, report.generation, report.title)


def to_dataframe(
    reports: Iterable[Report],
    table: TableName = "requests",
    form: Form = "long",
    *,
    sources: Iterable[str | os.PathLike[str] | None] | None = None,
) -> pd.DataFrame:
    """The cells of many reports as a pandas DataFrame, long (tidy) or wide; or their findings.

    ``table`` is ``"requests"`` (表三), ``"proactive"`` (表二), ``"appeals"`` (表四),
    ``"all"`` or ``"findings"``. ``sources`` optionally gives each report's origin (its file
    path), one per report, for the ``source`` column.

    ``form="long"``: one row per report and cell. Columns: ``report``, ``source``,
    ``agency``, ``year``, ``generation`` (which report), ``table`` (its schema key), ``key``
    (the schema key path, ``requests.granted.natural_person``), ``group``, ``row``,
    ``column`` (the labels the report prints: ``三、本年度办理结果``, ``（一）予以公开``,
    ``自然人``) and ``value``, an ``Int64`` count. When the tables hold money (``"proactive"``,
    ``"all"``) an ``amount`` column follows: the exact ``Decimal`` of a money cell (万元),
    whose ``value`` is ``<NA>``; ``<NA>`` in the rows of counts. A report has rows only for
    the cells of its own generation. The title, the same on all of a report's rows, is left
    out: ``summarize`` or the wide form has it, one row per report.

    ``form="wide"``: one row per report (the index is ``report``), the identity columns with
    ``title``, then one column per key path over the generations present, in printed order
    (``Int64``; exact ``Decimal`` in an ``object`` column for money). A key that a report's
    generation lacks is ``<NA>``, not 0.

    ``table="findings"``: one row per finding of ``zfxxgk.validate`` on each report, in
    order. Columns: the long identity, then ``code``, ``severity`` (``error``, ``warning``,
    ``note``), ``cells`` (a tuple of key paths), ``expected`` and ``actual`` (a number, a
    bound such as ``">= 0"``, a generation, or ``None``), ``message`` and ``quote`` (the
    sentence a text rule is about, ``<NA>`` otherwise). Only the long form exists.

    >>> zfxxgk.to_dataframe(reports, "appeals").query("column == '结果纠正'")  # doctest: +SKIP
    >>> zfxxgk.to_dataframe(reports, "findings").query("severity == 'error'")  # doctest: +SKIP
    """
    _need_pandas()
    if form not in ("long", "wide"):
        raise ValueError(f"form must be 'long' or 'wide', not {form!r}")
    if table == "findings":
        if form != "long":
            raise ValueError("table='findings' has only the long form: one row per finding")
        return _findings(*_reports_and_sources(reports, sources))
    chosen = _tables(table)
    listed, named = _reports_and_sources(reports, sources)
    if form == "long":
        return _long(listed, named, chosen)
    return _wide(listed, named, chosen)


def _identity_columns(
    identity: Sequence[tuple[object, ...]], names: Sequence[str] = _LONG_IDENTITY
) -> dict[str, Any]:
    return {
        name: _array([row[_IDENTITY.index(name)] for row in identity], dtype=_IDENTITY_TYPES[name])
        for name in names
    }


def _long(
    reports: list[Report], sources: list[str | None], tables: Sequence[Table]
) -> pd.DataFrame:
    import pandas as pd

    identity: list[tuple[object, ...]] = []
    columns: dict[str, list[object]] = {name: [] for name in _LONG_CELL_COLUMNS}
    cell_values: list[Value] = []
    for index, (report, source) in enumerate(zip(reports, sources, strict=True)):
        ident = _identity(index, report, source)
        for name in tables:
            pairs = printed(report, name)
            specs = [cell for cell, _ in pairs]
            identity.extend([ident] * len(specs))
            columns["table"].extend([name] * len(specs))
            columns["key"].extend(cell.key for cell in specs)
            columns["group"].extend(cell.group for cell in specs)
            columns["row"].extend(cell.row for cell in specs)
            columns["column"].extend(cell.column for cell in specs)
            cell_values.extend(value for _, value in pairs)
    data = _identity_columns(identity)
    for column in _LONG_CELL_COLUMNS:
        data[column] = _array(columns[column], dtype="string")
    data["value"] = _array([_count(value) for value in cell_values], dtype="Int64")
    if _has_money(tables):
        data["amount"] = _money([_amount(value) for value in cell_values])
    frame: pd.DataFrame = pd.DataFrame(data)
    return frame


def _wide(
    reports: list[Report], sources: list[str | None], tables: Sequence[Table]
) -> pd.DataFrame:
    import pandas as pd

    present = tuple(g for g in GENERATIONS if any(r.generation == g for r in reports))
    kinds = {
        cell.key: cell.kind
        for generation in GENERATIONS
        for name in tables
        for cell in cells(generation, name)
    }
    rows: list[dict[str, Value]] = []
    for report in reports:
        row: dict[str, Value] = {}
        for name in tables:
            row.update((cell.key, value) for cell, value in printed(report, name))
        rows.append(row)
    # The generations' columns, and those a report's printed shape adds (a one-row （六）).
    shapes = dict.fromkeys(tuple(row) for row in rows)
    columns = merge_keys([keys(present or GENERATIONS, tuple(tables)), *shapes])
    identity = [
        _identity(index, report, source)
        for index, (report, source) in enumerate(zip(reports, sources, strict=True))
    ]
    data = _identity_columns(identity, _IDENTITY[1:])
    for key in columns:
        column = [row.get(key) for row in rows]
        data[key] = _money(column) if kinds[key] == "money" else _array(column, dtype="Int64")
    frame: pd.DataFrame = pd.DataFrame(data, index=pd.RangeIndex(len(reports), name="report"))
    return frame


def _findings(reports: list[Report], sources: list[str | None]) -> pd.DataFrame:
    import pandas as pd

    identity: list[tuple[object, ...]] = []
    columns: dict[str, list[object]] = {name: [] for name in _FINDING_COLUMNS}
    for index, (report, source) in enumerate(zip(reports, sources, strict=True)):
        found = validate(report)
        identity.extend([_identity(index, report, source)] * len(found))
        for finding in found:
            columns["code"].append(finding.code)
            columns["severity"].append(finding.severity)
            columns["cells"].append(finding.cells)
            columns["expected"].append(finding.expected)
            columns["actual"].append(finding.actual)
            columns["message"].append(finding.message)
            columns["quote"].append(None if finding.quote is None else finding.quote.text)
    data = _identity_columns(identity)
    for name, dtype in _FINDING_COLUMNS.items():
        data[name] = _array(columns[name], dtype=dtype)
    frame: pd.DataFrame = pd.DataFrame(data)
    return frame


def summarize(
    reports: Iterable[Report],
    *,
    sources: Iterable[str | os.PathLike[str] | None] | None = None,
) -> pd.DataFrame:
    """The headline figures of each report, one row per report, by agency and year.

    Rows are sorted by ``agency`` and ``year`` (unknown ones last, then input order); the
    identity columns are those of ``to_dataframe`` (``report`` is the input position). The
    figures, from the 总计 column of 表三 and 表四:

    - ``received``: 表三 一、本年新收; ``handled``: （七）总计 (every result of the year);
      ``granted``: （一）予以公开; ``partially_granted``: （二）部分公开; ``withheld``: the
      eight rows of （三）不予公开 together;
    - ``review``: 表四 行政复议 总计; ``litigation``: 行政诉讼, both blocks together;
    - ``granted_share``: (予以公开 + 部分公开) / （七）总计, the share of handled requests
      granted in full or in part;
    - ``review_corrected_share``, ``litigation_corrected_share``: 结果纠正 / (结果维持 +
      结果纠正 + 其他结果), the share of decided cases (not 尚未审结) that were corrected;
    - ``findings``, ``errors``: how many ``zfxxgk.validate`` findings, and how many of them
      are errors.

    Counts are ``Int64``; a figure whose cells are all blank is ``<NA>``. A share is
    ``Float64`` between 0 and 1, ``<NA>`` when its denominator is 0 or blank. Two reports of
    the same agency and year stay two rows: summing them could count one report twice.
    """
    _need_pandas()
    import pandas as pd

    listed, named = _reports_and_sources(reports, sources)
    rows = [
        (_identity(index, report, source), figures(report))
        for index, (report, source) in enumerate(zip(listed, named, strict=True))
    ]
    data = _identity_columns([ident for ident, _ in rows], _IDENTITY)
    for name in SUMMARY_COLUMNS:
        data[name] = _array(
            [numbers[name] for _, numbers in rows],
            dtype="Float64" if name in SUMMARY_RATES else "Int64",
        )
    frame: pd.DataFrame = pd.DataFrame(data)
    frame = frame.sort_values(["agency", "year", "report"], na_position="last", kind="stable")
    ordered: pd.DataFrame = frame.reset_index(drop=True)
    return ordered
