"""A report as HTML for notebooks: ``Report._repr_html_`` calls ``report_html``.

Jupyter (and VS Code, Colab, …) shows a ``Report`` as the report's identity and its three
tables laid out as printed: 表二 with each block's own column headers, 表三 with its row
groups and the seven applicant columns, 表四 with one row per block. A blank cell stays
empty (it is ``None``, not 0). Every piece of text is escaped with ``html.escape``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal
from itertools import groupby

from .cells import PRINTED, TABLES, Cell, Table, Value, cells, values
from .labels import HEADINGS
from .model import Report

__all__ = ["report_html"]

_STYLE = (
    "<style>"
    ".zfxxgk-report table{border-collapse:collapse;margin:0.3em 0 1em 0}"
    ".zfxxgk-report th,.zfxxgk-report td{border:1px solid #ccc;padding:2px 6px}"
    ".zfxxgk-report td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".zfxxgk-report td.blank{background:#f4f4f4}"
    ".zfxxgk-report th{text-align:left;font-weight:normal}"
    ".zfxxgk-report th.h{font-weight:bold;text-align:center;white-space:nowrap}"
    "</style>"
)
_HEADINGS: dict[Table, str] = {
    "proactive": HEADINGS["SEC2"],
    "requests": HEADINGS["SEC3"],
    "appeals": HEADINGS["SEC4"],
}


def _text(value: object) -> str:
    return html.escape(str(value), quote=True)


def _value(cell: Cell, value: Value) -> str:
    if value is None:
        return '<td class="n blank" title="blank (None)"></td>'
    shown = format(value, "f") if isinstance(value, Decimal) else str(value)
    return f'<td class="n" title="{_text(cell.key)}">{_text(shown)}</td>'


def _rows(report: Report, table: Table) -> list[tuple[str, str, list[tuple[Cell, Value]]]]:
    """(group, row, its cells) in printed order."""
    pairs = zip(cells(report.generation, table), values(report, table), strict=True)
    rows: list[tuple[str, str, list[tuple[Cell, Value]]]] = []
    for _, run in groupby(pairs, key=lambda pair: pair[0].key.rpartition(".")[0]):
        items = list(run)
        first = items[0][0]
        rows.append((first.group, first.row, items))
    return rows


def _head(labels: Sequence[str], columns: Sequence[str]) -> str:
    heads = "".join(f'<th class="h">{_text(label)}</th>' for label in (*labels, *columns))
    return f"<tr>{heads}</tr>"


def _table(report: Report, table: Table) -> str:
    rows = _rows(report, table)
    grouped = table == "requests"
    out = [f"<table><caption>{_text(PRINTED[table])} {_text(_HEADINGS[table])}</caption>"]
    if table == "proactive":
        # 表二's blocks have different columns: a header row before each block.
        out.append("<tbody>")
        shown: tuple[str, ...] = ()
        for _, row, items in rows:
            columns = tuple(cell.column for cell, _ in items)
            if columns != shown:
                out.append(_head(["信息内容"], columns))
                shown = columns
            out.append(f"<tr><th>{_text(row)}</th>{''.join(_value(c, v) for c, v in items)}</tr>")
        out.append("</tbody></table>")
        return "".join(out)
    columns = tuple(cell.column for cell, _ in rows[0][2])
    out.append(f"<thead>{_head(['', ''] if grouped else [''], columns)}</thead><tbody>")
    for group, run in groupby(rows, key=lambda row: row[0]):
        members = list(run)
        for position, (_, row, items) in enumerate(members):
            label = ""
            if grouped and not group:
                label = f'<th colspan="2">{_text(row)}</th>'
            elif grouped:
                span = f' rowspan="{len(members)}"' if len(members) > 1 else ""
                first = f"<th{span}>{_text(group)}</th>" if position == 0 else ""
                label = f"{first}<th>{_text(row)}</th>"
            else:
                label = f"<th>{_text(row)}</th>"
            out.append(f"<tr>{label}{''.join(_value(c, v) for c, v in items)}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def report_html(report: Report) -> str:
    """The report as an HTML fragment: title, agency, year, template, its three tables."""
    facts = [
        ("机关 agency", report.agency),
        ("年度 year", report.year),
        ("模板 generation", report.generation),
        ("文号 doc number", report.doc_number),
        ("日期 published", report.published_on),
    ]
    listed = "".join(
        f"<tr><th>{_text(name)}</th><td>{'' if value is None else _text(value)}</td></tr>"
        for name, value in facts
    )
    title = _text(report.title) if report.title else "(untitled report)"
    parts = [
        _STYLE,
        '<div class="zfxxgk-report">',
        f"<h3>{title}</h3>",
        f"<table>{listed}</table>",
        *(_table(report, table) for table in TABLES),
    ]
    if report.notes:
        notes = "".join(f"<li>{_text(note)}</li>" for note in report.notes)
        parts.append(f"<details><summary>notes ({len(report.notes)})</summary><ul>{notes}</ul>")
        parts.append("</details>")
    parts.append("</div>")
    return "".join(parts)
