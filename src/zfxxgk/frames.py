"""Reports as pandas DataFrames: ``to_dataframe`` (long or wide) and ``summarize``.

pandas is an optional extra (``pip install 'zfxxgk[pandas]'``), imported only when one of
these functions is called, so ``import zfxxgk`` never loads it.

Every frame starts with the columns that say which report a row belongs to:

- ``report``: the report's position in the input (0, 1, …), the one identity that is
  always unique (an organ may go unnamed, a year may repeat);
- ``source``: where the report came from, as given in ``sources=`` (a file path, a URL);
  ``<NA>`` when not given, because ``Report`` itself records no source;
- ``agency``, ``year``, ``generation``, ``title``: from the report.

Counts are pandas' nullable ``Int64``: a blank cell (``None`` in the model) is ``<NA>``,
never 0. Money (万元) is ``Float64`` (``Decimal`` converted to float; the exact value stays
in the ``Report``). Text columns are pandas' ``string`` dtype.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from .cells import TABLES, Table, Value, cells, keys, values
from .model import GENERATIONS, Report
from .summary import COLUMNS as SUMMARY_COLUMNS
from .summary import RATES as SUMMARY_RATES
from .summary import figures

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["summarize", "to_dataframe"]

#: What ``table=`` takes: one table by its schema key, or ``"all"`` three.
TableName = Literal["proactive", "requests", "appeals", "all"]
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
_LONG_CELL_COLUMNS = ("table", "key", "group", "row", "column", "value")


def _need_pandas() -> None:
    """Import pandas, or say which extra brings it."""
    try:
        import pandas  # noqa: F401
    except ImportError as error:
        raise ImportError(
            "zfxxgk's DataFrames need pandas, which is not installed: pip install 'zfxxgk[pandas]'"
        ) from error


def _array(data: Sequence[object], dtype: Any) -> Any:
    """A pandas extension array of ``dtype`` (``Int64``, ``Float64``, ``string``)."""
    import pandas as pd

    return pd.array(data, dtype=dtype)


def _tables(table: str) -> tuple[Table, ...]:
    if table == "all":
        return TABLES
    for name in TABLES:
        if table == name:
            return (name,)
    raise ValueError(f"table must be one of {(*TABLES, 'all')}, not {table!r}")


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


def _number(value: Value) -> int | float | None:
    return float(value) if isinstance(value, Decimal) else value


def _identity(index: int, report: Report, source: str | None) -> tuple[object, ...]:
    return (index, source, report.agency, report.year, report.generation, report.title)


def to_dataframe(
    reports: Iterable[Report],
    table: TableName = "requests",
    form: Form = "long",
    *,
    sources: Iterable[str | os.PathLike[str] | None] | None = None,
) -> pd.DataFrame:
    """The cells of many reports as a pandas DataFrame, long (tidy) or wide.

    ``table`` is ``"requests"`` (表三), ``"proactive"`` (表二), ``"appeals"`` (表四) or
    ``"all"``. ``sources`` optionally gives each report's origin (its file path), one per
    report, for the ``source`` column.

    ``form="long"``: one row per report and cell. Columns: ``report``, ``source``,
    ``agency``, ``year``, ``generation``, ``title`` (which report), ``table`` (its schema
    key), ``key`` (the schema key path, ``requests.granted.natural_person``), ``group``,
    ``row``, ``column`` (the labels the report prints: ``三、本年度办理结果``,
    ``（一）予以公开``, ``自然人``) and ``value``. A report has rows only for the cells of its
    own generation. ``value`` is ``Int64``, or ``Float64`` when the table holds money
    (``"proactive"``, ``"all"``).

    ``form="wide"``: one row per report (the index is ``report``), the identity columns,
    then one column per key path over the generations present, in printed order (``Int64``,
    ``Float64`` for money). A key that a report's generation lacks is ``<NA>``, not 0.

    >>> zfxxgk.to_dataframe(reports, "appeals").query("column == '结果纠正'")  # doctest: +SKIP
    """
    _need_pandas()
    chosen = _tables(table)
    if form not in ("long", "wide"):
        raise ValueError(f"form must be 'long' or 'wide', not {form!r}")
    listed, named = _reports_and_sources(reports, sources)
    if form == "long":
        return _long(listed, named, chosen)
    return _wide(listed, named, chosen)


def _long(
    reports: list[Report], sources: list[str | None], tables: Sequence[Table]
) -> pd.DataFrame:
    import pandas as pd

    identity: list[tuple[object, ...]] = []
    columns: dict[str, list[object]] = {name: [] for name in _LONG_CELL_COLUMNS}
    for index, (report, source) in enumerate(zip(reports, sources, strict=True)):
        ident = _identity(index, report, source)
        for name in tables:
            specs = cells(report.generation, name)
            identity.extend([ident] * len(specs))
            columns["table"].extend([name] * len(specs))
            columns["key"].extend(cell.key for cell in specs)
            columns["group"].extend(cell.group for cell in specs)
            columns["row"].extend(cell.row for cell in specs)
            columns["column"].extend(cell.column for cell in specs)
            columns["value"].extend(_number(value) for value in values(report, name))
    money = any(
        cell.kind == "money"
        for generation in GENERATIONS
        for name in tables
        for cell in cells(generation, name)
    )
    data: dict[str, Any] = {
        name: _array([row[position] for row in identity], dtype=_IDENTITY_TYPES[name])
        for position, name in enumerate(_IDENTITY)
    }
    for column in _LONG_CELL_COLUMNS[:-1]:
        data[column] = _array(columns[column], dtype="string")
    data["value"] = _array(columns["value"], dtype="Float64" if money else "Int64")
    frame: pd.DataFrame = pd.DataFrame(data)
    return frame


def _wide(
    reports: list[Report], sources: list[str | None], tables: Sequence[Table]
) -> pd.DataFrame:
    import pandas as pd

    present = tuple(g for g in GENERATIONS if any(r.generation == g for r in reports))
    columns = keys(present or GENERATIONS, tuple(tables))
    kinds = {
        cell.key: cell.kind
        for generation in GENERATIONS
        for name in tables
        for cell in cells(generation, name)
    }
    rows: list[dict[str, object]] = []
    for report in reports:
        row: dict[str, object] = {}
        for name in tables:
            specs = cells(report.generation, name)
            row.update(
                (cell.key, _number(value))
                for cell, value in zip(specs, values(report, name), strict=True)
            )
        rows.append(row)
    identity = [
        _identity(index, report, source)
        for index, (report, source) in enumerate(zip(reports, sources, strict=True))
    ]
    data: dict[str, Any] = {
        name: _array([row[position] for row in identity], dtype=_IDENTITY_TYPES[name])
        for position, name in enumerate(_IDENTITY[1:], start=1)
    }
    for key in columns:
        data[key] = _array(
            [row.get(key) for row in rows],
            dtype="Float64" if kinds[key] == "money" else "Int64",
        )
    frame: pd.DataFrame = pd.DataFrame(data, index=pd.RangeIndex(len(reports), name="report"))
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
    data: dict[str, Any] = {
        name: _array([ident[position] for ident, _ in rows], dtype=_IDENTITY_TYPES[name])
        for position, name in enumerate(_IDENTITY)
    }
    for name in SUMMARY_COLUMNS:
        data[name] = _array(
            [numbers[name] for _, numbers in rows],
            dtype="Float64" if name in SUMMARY_RATES else "Int64",
        )
    frame: pd.DataFrame = pd.DataFrame(data)
    frame = frame.sort_values(["agency", "year", "report"], na_position="last", kind="stable")
    ordered: pd.DataFrame = frame.reset_index(drop=True)
    return ordered
