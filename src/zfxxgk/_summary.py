"""The headline figures of a report, and a table of them for the terminal.

``figures(report)`` computes what assessors read first: requests received, handled,
granted and withheld, 行政复议 and 行政诉讼 cases, the share of handled requests granted in
full or in part, the share of decided appeals that were corrected (纠正), and the number of
validation findings. ``zfxxgk.summarize`` puts them in a DataFrame; ``format_table`` lays
them out for ``zfxxgk summary``. Plain Python: neither needs pandas.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

import attrs

from .model import AppealCounts, ApplicantCounts, Report
from .validation import validate

__all__ = ["COLUMNS", "RATES", "figures", "format_table"]

#: The figures, in the order ``summarize`` and ``zfxxgk summary`` show them.
COLUMNS = (
    "received",
    "handled",
    "granted",
    "partially_granted",
    "withheld",
    "review",
    "litigation",
    "granted_share",
    "review_corrected_share",
    "litigation_corrected_share",
    "findings",
    "errors",
)
#: The figures that are shares (0 to 1) rather than counts.
RATES = frozenset({"granted_share", "review_corrected_share", "litigation_corrected_share"})

Figure = int | float | None


def _sum(*numbers: int | None) -> int | None:
    """Blank cells count as 0 next to printed ones; all blank is unknown (None)."""
    printed = [number for number in numbers if number is not None]
    return sum(printed) if printed else None


def _share(part: int | None, whole: int | None) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def _decided(*blocks: AppealCounts) -> tuple[int | None, int | None]:
    """结果纠正, and 结果维持 + 结果纠正 + 其他结果 (not 尚未审结), over some 表四 blocks."""
    corrected = _sum(*(block.corrected for block in blocks))
    decided = _sum(*(n for block in blocks for n in (block.upheld, block.corrected, block.other)))
    return corrected, decided


def _total(row: ApplicantCounts | None) -> int | None:
    """A 表三 row's 总计; ``None`` for a row the report does not print."""
    return row.total if row is not None else None


def figures(report: Report) -> dict[str, Figure]:
    """The headline figures of one report, keyed by the names in ``COLUMNS``.

    Counts come from the 总计 column of 表三 and the 总计 of each 表四 block. A share is
    ``None`` when its denominator is 0 or blank.
    """
    requests = report.requests
    appeals = report.appeals
    withheld: tuple[ApplicantCounts | None, ...] = attrs.astuple(requests.withheld, recurse=False)
    granted = _total(requests.granted)
    partially = _total(requests.partially_granted)
    handled = _total(requests.total)
    review_corrected, review_decided = _decided(appeals.review)
    litigation_corrected, litigation_decided = _decided(
        appeals.litigation_direct, appeals.litigation_after_review
    )
    findings = validate(report)
    return {
        "received": _total(requests.new_received),
        "handled": handled,
        "granted": granted,
        "partially_granted": partially,
        "withheld": _sum(*(_total(row) for row in withheld)),
        "review": appeals.review.total,
        "litigation": _sum(appeals.litigation_direct.total, appeals.litigation_after_review.total),
        "granted_share": _share(_sum(granted, partially), handled),
        "review_corrected_share": _share(review_corrected, review_decided),
        "litigation_corrected_share": _share(litigation_corrected, litigation_decided),
        "findings": len(findings),
        "errors": sum(finding.severity == "error" for finding in findings),
    }


# The terminal table ---------------------------------------------------------------------

#: The columns of the terminal table: (figure or identity key, English head, Chinese head).
_SHOWN = (
    ("agency", "agency", "机关"),
    ("year", "year", "年度"),
    ("received", "received", "本年新收"),
    ("handled", "handled", "办理总计"),
    ("granted", "granted", "予以公开"),
    ("partially_granted", "partial", "部分公开"),
    ("withheld", "withheld", "不予公开"),
    ("granted_share", "granted%", "公开率"),
    ("review", "review", "行政复议"),
    ("litigation", "litigation", "行政诉讼"),
    ("review_corrected_share", "review fix%", "复议纠错率"),
    ("litigation_corrected_share", "litig. fix%", "诉讼纠错率"),
    ("findings", "findings", "校验发现"),
)
_AGENCY_WIDTH = 28


def _width(text: str) -> int:
    """Columns the text takes in a terminal: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    while _width(text) > width - 1:
        text = text[:-1]
    return text + "…"


def _cell(key: str, value: object) -> str:
    if value is None:
        return "-"
    if key in RATES and isinstance(value, float):
        return f"{value:.1%}"
    return str(value)


def format_table(rows: Iterable[dict[str, object]]) -> str:
    """Lay out summary rows (identity keys and ``figures``) as an aligned text table.

    Each row needs ``agency``, ``year`` and the figures; a row without an agency shows its
    ``title`` in parentheses. Wide (CJK) characters are counted as two columns, a long
    agency name is cut with "…", a blank figure or a share of nothing shows as "-".
    """
    body: list[list[str]] = []
    for row in rows:
        cells: list[str] = []
        for key, _, _ in _SHOWN:
            if key == "agency":
                name = row.get("agency")
                if name is None:
                    name = f"({row.get('title') or '?'})"
                cells.append(_clip(str(name), _AGENCY_WIDTH))
            else:
                cells.append(_cell(key, row.get(key)))
        body.append(cells)
    heads: Sequence[list[str]] = (
        [english for _, english, _ in _SHOWN],
        [chinese for _, _, chinese in _SHOWN],
    )
    table = [*heads, *body]
    widths = [max(_width(line[column]) for line in table) for column in range(len(_SHOWN))]
    lines = []
    for line in table:
        parts = []
        for column, text in enumerate(line):
            pad = " " * (widths[column] - _width(text))
            parts.append(text + pad if column == 0 else pad + text)
        lines.append("  ".join(parts).rstrip())
    rule = "  ".join("-" * width for width in widths)
    return "\n".join([*lines[:2], rule, *lines[2:]])
