"""Reports and findings as HTML for notebooks: ``Report._repr_html_`` calls ``report_html``.

Jupyter (and VS Code, Colab, …) shows a ``Report`` as the report's identity and its three
tables laid out as printed: 表二 with each block's own column headers, 表三 with its row
groups and the seven applicant columns, 表四 with one row per block. A blank cell stays
empty (it is ``None``, not 0) and is hatched. The cells that ``zfxxgk.validate`` findings
name are shaded by severity and carry the numbers of those findings, which are listed
under the tables. ``Findings`` is a tuple of findings that shows as a table of its own.

Every style is inline, on the element it styles: notebook front ends bring stylesheets of
their own (JupyterLab and the classic Notebook right-align table cells, centre tables and
stripe every other row; GitHub's viewer drops ``<style>`` elements), and an inline style
wins over any of them. Colours are translucent, so the view reads on light and dark themes
alike. Every piece of text is escaped with ``html.escape``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from itertools import groupby

from ._cells import PRINTED, TABLES, Cell, Table, Value, printed
from ._labels import HEADINGS
from .model import Report
from .validation import SEVERITIES, Finding, Severity, validate

__all__ = ["Findings", "findings_html", "report_html"]

_HEADINGS: dict[Table, str] = {
    "proactive": HEADINGS["SEC2"],
    "requests": HEADINGS["SEC3"],
    "appeals": HEADINGS["SEC4"],
}

# Inline styles. Each states what a notebook's stylesheet would otherwise decide.
_BORDER = "border:1px solid rgba(128,128,128,0.45)"
_TABLE = (
    "border-collapse:collapse;border-spacing:0;margin:0.3em 0 1em 0;table-layout:auto;"
    "width:auto;font-size:0.92em"
)
_CAPTION = "caption-side:top;text-align:left;font-weight:bold;padding:0.2em 0;white-space:nowrap"
_ROW = "background:transparent"  # no zebra stripes, no hover colour: shading means something
_LABEL = f"{_BORDER};padding:2px 6px;text-align:left;font-weight:normal;vertical-align:middle"
_HEAD = (
    f"{_BORDER};padding:2px 6px;text-align:center;font-weight:bold;white-space:nowrap;"
    "vertical-align:bottom"
)
_NUMBER = (
    f"{_BORDER};padding:2px 6px;text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap;vertical-align:middle;background-color:transparent"
)
#: A blank cell: hatched, so that it differs from a 0 and from any row shading.
_BLANK = (
    "background-image:repeating-linear-gradient(135deg,transparent 0 4px,"
    "rgba(128,128,128,0.35) 4px 5px)"
)
#: The shading of a cell that findings name, by the most serious of them.
_SHADE: dict[Severity, str] = {
    "error": (
        "background-color:rgba(220,38,38,0.22);box-shadow:inset 0 0 0 2px rgba(220,38,38,0.85)"
    ),
    "warning": (
        "background-color:rgba(234,179,8,0.28);box-shadow:inset 0 0 0 2px rgba(202,138,4,0.85)"
    ),
    "note": "background-color:rgba(59,130,246,0.16)",
}
#: The colour of a severity's badge in the findings list.
_BADGE: dict[Severity, str] = {
    "error": "rgba(220,38,38,0.85)",
    "warning": "rgba(202,138,4,0.9)",
    "note": "rgba(59,130,246,0.8)",
}
_MARK = "font-size:0.75em;font-weight:bold;margin-left:2px;vertical-align:super"


def _text(value: object) -> str:
    return html.escape(str(value), quote=True)


def _worst(findings: Iterable[tuple[int, Finding]]) -> Severity | None:
    named = {finding.severity for _, finding in findings}
    return next((severity for severity in SEVERITIES if severity in named), None)


class _Marks:
    """Which findings name which cell: numbered 1, 2, … in the order of the list."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.by_cell: dict[str, list[tuple[int, Finding]]] = {}
        for number, finding in enumerate(findings, start=1):
            for key in finding.cells:
                self.by_cell.setdefault(key, []).append((number, finding))

    def style(self, key: str) -> str:
        worst = _worst(self.by_cell.get(key, ()))
        return f";{_SHADE[worst]}" if worst is not None else ""

    def mark(self, key: str, blank: bool = False) -> str:
        """The numbers of the findings that name the cell, as a superscript.

        On a blank cell a note only shades it: the notes there say that blanks were read as
        0, and a number on every blank cell would bury the numbers that matter.
        """
        numbers = [
            str(n) for n, f in self.by_cell.get(key, ()) if not (blank and f.severity == "note")
        ]
        return f'<sup style="{_MARK}">{",".join(numbers)}</sup>' if numbers else ""

    def title(self, key: str) -> str:
        named = self.by_cell.get(key, ())
        return "".join(f"\n#{n} {f.code} ({f.severity})" for n, f in named)


def _value(cell: Cell, value: Value, marks: _Marks) -> str:
    key = cell.key
    classes = "zfxxgk-n"
    style = _NUMBER
    if value is None:
        classes += " zfxxgk-blank"
        style += f";{_BLANK}"
        shown = ""
        title = f"{key}: blank (None)"
    else:
        shown = _text(format(value, "f") if isinstance(value, Decimal) else value)
        title = key
    worst = _worst(marks.by_cell.get(key, ()))
    if worst is not None:
        classes += f" zfxxgk-{worst}"
    return (
        f'<td class="{classes}" data-key="{_text(key)}" style="{style}{marks.style(key)}" '
        f'title="{_text(title + marks.title(key))}">{shown}{marks.mark(key, value is None)}</td>'
    )


def _rows(report: Report, table: Table) -> list[tuple[str, str, list[tuple[Cell, Value]]]]:
    """(group, row, its cells) in printed order."""
    pairs = printed(report, table)
    rows: list[tuple[str, str, list[tuple[Cell, Value]]]] = []
    for _, run in groupby(pairs, key=lambda pair: pair[0].key.rpartition(".")[0]):
        items = list(run)
        first = items[0][0]
        rows.append((first.group, first.row, items))
    return rows


def _th(text: str, style: str = _LABEL, extra: str = "") -> str:
    return f'<th style="{style}"{extra}>{_text(text)}</th>'


def _head(labels: Sequence[str], columns: Sequence[str]) -> str:
    heads = "".join(_th(label, _HEAD) for label in (*labels, *columns))
    return f'<tr style="{_ROW}">{heads}</tr>'


def _table(report: Report, table: Table, marks: _Marks) -> str:
    rows = _rows(report, table)
    grouped = table == "requests"
    # A finding may name a whole table (one that is blank throughout).
    caption = f"{PRINTED[table]} {_HEADINGS[table]}"
    out = [
        f'<table class="zfxxgk-table" style="{_TABLE}">'
        f'<caption style="{_CAPTION}{marks.style(table)}">{_text(caption)}{marks.mark(table)}'
        "</caption>"
    ]

    def body(row: str, items: list[tuple[Cell, Value]], label: str) -> str:
        return f'<tr style="{_ROW}">{label}{"".join(_value(c, v, marks) for c, v in items)}</tr>'

    if table == "proactive":
        # 表二's blocks have different columns: a header row before each block.
        out.append("<tbody>")
        shown: tuple[str, ...] = ()
        for _, row, items in rows:
            columns = tuple(cell.column for cell, _ in items)
            if columns != shown:
                out.append(_head(["信息内容"], columns))
                shown = columns
            out.append(body(row, items, _th(row)))
        out.append("</tbody></table>")
        return "".join(out)
    columns = tuple(cell.column for cell, _ in rows[0][2])
    out.append(f"<thead>{_head(['', ''] if grouped else [''], columns)}</thead><tbody>")
    for group, run in groupby(rows, key=lambda row: row[0]):
        members = list(run)
        for position, (_, row, items) in enumerate(members):
            if grouped and not group:
                label = _th(row, extra=' colspan="2"')
            elif grouped:
                span = f' rowspan="{len(members)}"' if len(members) > 1 else ""
                first = _th(group, extra=span) if position == 0 else ""
                label = first + _th(row)
            else:
                label = _th(row)
            out.append(body(row, items, label))
    out.append("</tbody></table>")
    return "".join(out)


def _badge(severity: Severity) -> str:
    return (
        f'<span style="display:inline-block;padding:0 5px;border-radius:3px;color:#fff;'
        f'background:{_BADGE[severity]};font-size:0.85em">{_text(severity)}</span>'
    )


def _message(message: str) -> str:
    """The Chinese line, and the English one under it in a lighter tone."""
    chinese, said, english = message.partition(" / ")
    if not said:
        return _text(message)
    return f'{_text(chinese)}<br><span style="opacity:0.7">{_text(english)}</span>'


def _cells(keys: Sequence[str], shown: int = 4) -> str:
    """The key paths a finding names; past a few, the rest folded away."""
    listed = [f"<code>{_text(key)}</code>" for key in keys]
    if len(listed) <= shown + 1:
        return "<br>".join(listed)
    rest = "<br>".join(listed[shown:])
    return (
        f"{'<br>'.join(listed[:shown])}<details><summary>{len(listed) - shown} more</summary>"
        f"{rest}</details>"
    )


def _findings_table(findings: Sequence[Finding]) -> str:
    head = "".join(
        _th(name, _HEAD) for name in ("#", "severity", "code", "cells", "expected", "actual")
    )
    head += _th("message", _HEAD)
    rows = []
    for number, finding in enumerate(findings, start=1):
        named = _cells(finding.cells)
        shown = ["" if v is None else _text(v) for v in (finding.expected, finding.actual)]
        cell = f"{_BORDER};padding:2px 6px;vertical-align:top"
        rows.append(
            f'<tr class="zfxxgk-finding zfxxgk-{finding.severity}" style="{_ROW}">'
            f'<td style="{cell};text-align:right">{number}</td>'
            f'<td style="{cell};text-align:left">{_badge(finding.severity)}</td>'
            f'<td style="{cell};text-align:left"><code>{_text(finding.code)}</code></td>'
            f'<td style="{cell};text-align:left">{named}</td>'
            f'<td style="{cell};text-align:right">{shown[0]}</td>'
            f'<td style="{cell};text-align:right">{shown[1]}</td>'
            f'<td style="{cell};text-align:left;white-space:normal">{_message(finding.message)}'
            "</td></tr>"
        )
    return (
        f'<table class="zfxxgk-findings" style="{_TABLE}"><thead>'
        f'<tr style="{_ROW}">{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _count(findings: Sequence[Finding]) -> str:
    if not findings:
        return "no findings"
    counted = [(s, sum(f.severity == s for f in findings)) for s in SEVERITIES]
    parts = [f"{n} {s}{'s' if n > 1 else ''}" for s, n in counted if n]
    return ", ".join(parts)


def findings_html(findings: Iterable[Finding]) -> str:
    """Findings as an HTML table: number, severity, code, cells, expected, actual, message."""
    listed = tuple(findings)
    if not listed:
        return '<div class="zfxxgk-findings"><p style="text-align:left">no findings</p></div>'
    return (
        f'<div class="zfxxgk-findings"><p style="text-align:left;margin:0.3em 0">'
        f"{_text(_count(listed))}</p>{_findings_table(listed)}</div>"
    )


class Findings(tuple[Finding, ...]):
    """A tuple of findings that a notebook shows as a table.

    ``zfxxgk.validate`` and ``zfxxgk.validate_series`` return plain tuples; wrap one to
    see it::

        from zfxxgk.display import Findings

        Findings(zfxxgk.validate(report))
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        return findings_html(self)


def _facts(report: Report, marks: _Marks) -> str:
    facts: Mapping[str, tuple[str, object]] = {
        "agency": ("机关 agency", report.agency),
        "year": ("年度 year", report.year),
        "generation": ("模板 generation", report.generation),
        "doc_number": ("文号 doc number", report.doc_number),
        "published_on": ("日期 published", report.published_on),
    }
    rows = []
    for key, (name, value) in facts.items():
        shown = "" if value is None else _text(value)
        style = f"{_BORDER};padding:2px 6px;text-align:left{marks.style(key)}"
        rows.append(
            f'<tr style="{_ROW}">{_th(name)}<td style="{style}">{shown}{marks.mark(key)}</td></tr>'
        )
    return f'<table class="zfxxgk-facts" style="{_TABLE}">{"".join(rows)}</table>'


def report_html(report: Report, findings: Iterable[Finding] | None = None) -> str:
    """The report as an HTML fragment: its identity, its three tables and its findings.

    ``findings`` defaults to ``zfxxgk.validate(report)``; the cells they name are shaded
    (red for an error, amber for a warning, blue for a note) and carry the numbers of the
    errors and warnings that name them, listed under the tables.
    """
    listed = validate(report) if findings is None else tuple(findings)
    marks = _Marks(listed)
    title = _text(report.title) if report.title else "(untitled report)"
    parts = [
        '<div class="zfxxgk-report" style="text-align:left">',
        f'<h3 style="text-align:left">{title}</h3>',
        _facts(report, marks),
        *(_table(report, table, marks) for table in TABLES),
        f'<h4 style="text-align:left;margin:0.6em 0 0.2em 0">findings: {_text(_count(listed))}'
        "</h4>",
    ]
    if listed:
        parts.append(_findings_table(listed))
    if report.notes:
        notes = "".join(f"<li>{_text(note)}</li>" for note in report.notes)
        parts.append(
            f'<details style="text-align:left"><summary>notes ({len(report.notes)})</summary>'
            f"<ul>{notes}</ul></details>"
        )
    parts.append("</div>")
    return "".join(parts)
