"""Damage: a report printed the way text extraction leaves it (private; the public
names are in ``zfxxgk.strategies``).

``damaged(report, layout)`` prints a report the way extraction leaves it: extra spaces and
blank lines between cells, full-width digits, labels split over two lines (the ``cells``
layout), label variants (社会组织, 律师事务所, 不予以公开, 属于第三类, …), a page-break line
with a repeated header fragment inside 表三, Markdown marks on headings, and more. The damage
keeps the content: ``parse(text) == report``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from .._labels import Kind
from ..model import Report
from ..rendering import BLANK, Layout, Piece, Row, Table, Text, format_date, pieces, write

__all__ = ["LABEL_VARIANTS", "damaged"]


_Parts = list[Piece]

#: Label variants real reports print, each read as the official label.
LABEL_VARIANTS: dict[str, tuple[str, ...]] = {
    "社会公益组织": ("社会组织", "社会公\n\n益组织"),
    "法律服务机构": ("律师事务所",),
    "商业企业": ("商业\n\n企业", "商业\n企业"),
    "科研机构": ("科研\n机构",),
    "三、本年度办理结果": ("三、本年度办理办结情况", "三、 本年度 办理结 果"),
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": (
        "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)",
        "（二）部分公开(区分处理的)，只计这一情形，不计其他情形",
    ),
    "（三）不予公开": ("（三）不予以公开", "(三) 不予公开"),
    "3. 危及“三安全一稳定”": ('3. 危及"三安全一稳定"',),
    "5. 属于三类内部事务信息": ("5. 属于第三类内部事务信息",),
    "6. 属于四类过程性信息": ("6. 属于第四类过程性信息",),
    "1. 信访举报投诉类申请": ("1. 信访举报类申请",),
    "（五）不予处理": ("(五) 不予处 理",),
    "行政规范性文件": ("规范性文件",),
    "本年增/减": ("本年增／减",),
    "结果维持": ("结果 维持", "结 果 维 持"),
    "尚未审结": ("尚 未 审 结",),
}
_NUMBERING = (r"\1. ", r"\1、", r"\1．", r"\1.")
_FULL_WIDTH = str.maketrans("0123456789./-+", "０１２３４５６７８９．／－＋")
_BLANK_MARKS = ("—", "-", "无", "／", "——", "")
_PAGE_BREAKS = ("---", "- 2 -", "— 3 —", "第 2 页", "第2页，共5页", "2 / 5", "====")
_FRAGMENTS = ("果", "结果", "办理结果", "三、本年度办理结果", "（三）不予公开")
_SPACES = ("", " ", "  ", "\u3000")
_NUMERALS = "一二三四五六七八九十"


def _map_tables(parts: _Parts, change: Callable[[Table], Table]) -> _Parts:
    return [change(p) if isinstance(p, Table) else p for p in parts]


def _map_rows(parts: _Parts, change: Callable[[Row], Row]) -> _Parts:
    def table(t: Table) -> Table:
        rows = tuple(change(r) if isinstance(r, Row) else r for r in t.rows)
        return attrs.evolve(t, rows=rows)

    return _map_tables(parts, table)


def _vary_labels(draw: st.DrawFn, parts: _Parts, layout: str) -> _Parts:
    """Label variants, numbering styles (1、 1．) and, in ``cells``, wrapped header cells."""
    numbering = draw(st.sampled_from(_NUMBERING))

    def label(text: str) -> str:
        options = LABEL_VARIANTS.get(text, ())
        if layout != "cells":  # a line break inside a cell is the cells layout's alone
            options = tuple(o for o in options if "\n" not in o)
        if options:
            text = draw(st.sampled_from((text, *options)))
        return re.sub(r"^(\d)\. ", numbering, text)

    return _map_rows(parts, lambda row: attrs.evolve(row, labels=tuple(map(label, row.labels))))


def _value_variant(text: str, kind: Kind) -> list[str]:
    """The ways extraction prints a value: 增3, 26.23万元, 262300元, 1,234, ３, a blank mark."""
    options: list[str] = []
    if text == BLANK:
        return list(_BLANK_MARKS)
    if kind == "signed" and text not in ("0",):
        number = int(text)
        options += (
            [f"增{number}", f"+{number}"] if number > 0 else [f"减{-number}", f"减少{-number}"]
        )
    if kind == "money":
        amount = Decimal(text)
        options += [f"{text}万元", f"{text} 万元", f"{format(amount.scaleb(4), 'f')}元"]
    if kind == "count" and len(text) > 3:
        options.append(f"{int(text):,}")
    options.append(text.translate(_FULL_WIDTH))
    return options


def _vary_values(draw: st.DrawFn, parts: _Parts) -> _Parts:
    """Some values printed another way; a blank may be an empty cell if the row has a value.

    Money and changes (a few cells) each get a draw; blanks and numbers of four digits or
    more are drawn from on their own, so that they are hit often; any cell may also get
    full-width digits.
    """
    cells = [
        (v, kind) for row in _rows(parts) for v, kind in zip(row.values, row.kinds, strict=True)
    ]
    few = {i for i, (_, kind) in enumerate(cells) if kind != "count"}
    special = [i for i, (text, _) in enumerate(cells) if text == BLANK or len(text) > 3]
    chosen = draw(st.sets(st.sampled_from(special), max_size=12)) if special else set()
    chosen |= draw(st.sets(st.integers(0, max(len(cells) - 1, 0)), max_size=8)) | few
    seen = 0

    def change(row: Row) -> Row:
        nonlocal seen
        visible = any(value != BLANK for value in row.values)
        values = list(row.values)
        for k, (text, kind) in enumerate(zip(row.values, row.kinds, strict=True)):
            if seen + k in chosen:
                # An empty cell first in a row whose other cells are filled is what a label
                # spanning two columns leaves, and one last in a row the layout pads is
                # padding or a lost number: parse refuses to guess, so never print those.
                last = k == len(values) - 1
                options = [
                    o for o in _value_variant(text, kind) if o or (visible and k and not last)
                ]
                values[k] = draw(st.sampled_from([text, *options]))
        seen += len(values)
        return attrs.evolve(row, values=tuple(values))

    return _map_rows(parts, change)


def _rows(parts: _Parts) -> list[Row]:
    return [
        row
        for part in parts
        if isinstance(part, Table)
        for row in part.rows
        if isinstance(row, Row)
    ]


def _extra_cells(draw: st.DrawFn, parts: _Parts) -> _Parts:
    """An extra trailing cell on some rows (seed 003): empty, or 0 in a row of zeros.

    A 0 after other numbers is refused (it may be a shifted value); after zeros every way
    of aligning the row reads the same, so it is read, and noted. Never after a blank
    printed as an empty cell: padding after it makes it a lost number or a blank, which is
    refused.
    """

    def change(row: Row) -> Row:
        if not row.values or not row.values[0].strip() or not row.values[-1].strip():
            return row
        if draw(st.integers(0, 5)) != 0:
            return row
        zeros = all(value.strip() == "0" for value in row.values)
        extra = draw(st.sampled_from(("0", ""))) if zeros else ""
        return attrs.evolve(row, values=(*row.values, extra), kinds=(*row.kinds, "count"))

    return _map_rows(parts, change)


def _page_break(draw: st.DrawFn, parts: _Parts) -> _Parts:
    """A page break inside 表三: blank lines, a page line, then a repeated header fragment."""
    index = next(i for i, p in enumerate(parts) if isinstance(p, Table) and p.name == "表三")
    table = parts[index]
    assert isinstance(table, Table)
    value_rows = [j for j, r in enumerate(table.rows) if isinstance(r, Row) and r.values]
    at = draw(st.sampled_from(value_rows[1:]))
    rows = list(table.rows)
    fragment = draw(st.sampled_from(("header", "group", "none")))
    if fragment == "header":
        header = draw(st.sampled_from([r for r in rows[: value_rows[0]] if isinstance(r, Row)]))
        rows.insert(at, header)
    elif fragment == "group":
        row = rows[at]
        assert isinstance(row, Row)
        rows[at] = attrs.evolve(row, labels=(draw(st.sampled_from(_FRAGMENTS)), *row.labels))
    blank = [""] * draw(st.integers(0, 3))
    rows[at:at] = [*blank, draw(st.sampled_from(_PAGE_BREAKS)), *blank]
    out = list(parts)
    out[index] = attrs.evolve(table, rows=tuple(rows))
    return out


def _pad(draw: st.DrawFn, text: str) -> str:
    return draw(st.sampled_from(_SPACES)) + text + draw(st.sampled_from(_SPACES))


def _spaces(draw: st.DrawFn, parts: _Parts) -> _Parts:
    """Extra spaces around some cells and lines, and inside some labels."""

    def label(text: str) -> str:
        if len(text) > 1 and "\n" not in text and draw(st.integers(0, 3)) == 0:
            at = draw(st.integers(1, len(text) - 1))
            text = text[:at] + " " + text[at:]
        return _pad(draw, text)

    def change(row: Row) -> Row:
        if draw(st.integers(0, 3)):
            return row
        return attrs.evolve(
            row,
            labels=tuple(map(label, row.labels)),
            values=tuple(_pad(draw, v) for v in row.values),
        )

    out = _map_rows(parts, change)
    for i, part in enumerate(out):
        if isinstance(part, Text) and draw(st.integers(0, 3)) == 0:
            indent = draw(st.sampled_from(("", "\u3000\u3000", "    ", "  ")))
            out[i] = attrs.evolve(part, text=indent + part.text + draw(st.sampled_from(_SPACES)))
    return out


def _continuation_ok(rest: str) -> bool:
    """Whether a line can be read as the rest of the cell above it (normalize's rule)."""
    rest = rest.strip()
    return (
        0 < len(rest) <= 12
        and re.match(r"[\u4e00-\u9fff]", rest) is not None
        and (rest[0] not in _NUMERALS)
    )


def _head_ok(head: str) -> bool:
    head = head.strip()
    return head == "" or re.search(r"[\u4e00-\u9fff]", head) is not None


def _split_cells(draw: st.DrawFn, parts: _Parts) -> _Parts:
    """``cells`` layout: labels split over two lines, values wrapped onto their own line."""
    out = list(parts)
    for i, part in enumerate(parts):
        if not isinstance(part, Table):
            continue
        last_row = max(j for j, r in enumerate(part.rows) if isinstance(r, Row))
        rows: list[Row | str] = []
        for j, row in enumerate(part.rows):
            if not isinstance(row, Row) or draw(st.integers(0, 3)):
                rows.append(row)
                continue
            labels = list(row.labels)
            for k, text in enumerate(labels):
                places = [
                    p
                    for p in range(len(text))
                    if "\n" not in text and _head_ok(text[:p]) and _continuation_ok(text[p:])
                ]
                if places and (row.values or k < len(labels) - 1 or j < last_row):
                    at = draw(st.sampled_from([None, *places]))
                    if at is not None:
                        gap = draw(st.sampled_from(("\n", "\n\n")))
                        labels[k] = text[:at] + gap + text[at:]
            values = list(row.values)
            for k, text in enumerate(values):
                wrappable = text.strip() and len(text.strip()) <= 12 and "\n" not in text
                if wrappable and (j < last_row or k < len(values) - 1) and draw(st.booleans()):
                    values[k] = "\n" + text.strip()
            rows.append(attrs.evolve(row, labels=tuple(labels), values=tuple(values)))
        out[i] = attrs.evolve(part, rows=tuple(rows))
    return out


def _blank_lines(draw: st.DrawFn, parts: _Parts) -> _Parts:
    """Extra blank lines between some table rows."""

    def change(table: Table) -> Table:
        rows: list[Row | str] = []
        for row in table.rows:
            rows.append(row)
            if draw(st.integers(0, 4)) == 0:
                rows += [""] * draw(st.integers(1, 3))
        return attrs.evolve(table, rows=tuple(rows))

    return _map_tables(parts, change)


def _heading_marks(draw: st.DrawFn, parts: _Parts, layout: str) -> _Parts:
    """Markdown marks on headings and the title: ## 一、…, **一、…**."""
    marks = ("", "**") if layout == "markdown" else ("", "# ", "## ", "### ", "#### ", "**")
    out = list(parts)
    for i, part in enumerate(parts):
        if isinstance(part, Text) and part.role in ("heading", "title"):
            mark = draw(st.sampled_from(marks))
            text = f"**{part.text}**" if mark == "**" else mark + part.text
            out[i] = attrs.evolve(part, text=text)
    return out


def _chinese_number(number: int) -> str:
    tens, ones = divmod(number, 10)
    head = ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" if tens else ""
    return head + (_NUMERALS[ones - 1] if ones else "")


def _chinese_date(date: datetime.date) -> str:
    year = "".join("〇一二三四五六七八九"[int(d)] for d in str(date.year))
    return f"{year}年{_chinese_number(date.month)}月{_chinese_number(date.day)}日"


def _names_agency(title: str, agency: str) -> bool:
    """Whether a title names the agency next to its year, where ``parse`` finds it:
    XX局2021年…, XX局关于2021年…, XX局 2021年…, 2021年度XX局政府信息公开…"""
    name = re.escape(agency)
    before = rf"{name}\s*(?:关于)?\s*(?:19|20)\d{{2}}\s*年"
    after = rf"(?:19|20)\d{{2}}年度?{name}(?:政府信息公开|政务公开|信息公开)"
    return re.match(before, title) is not None or re.match(after, title) is not None


def _signature(draw: st.DrawFn, parts: _Parts, report: Report) -> _Parts:
    """The title block and signature printed another way.

    The signature's organ line left out when the title names the agency (seed 004), the
    title split into an organ line and a line that starts with the year (seed 002), the
    date in Chinese numerals or full-width digits.
    """
    out = list(parts)
    agency, title = report.agency, report.title
    if agency and title and _names_agency(title, agency) and draw(st.booleans()):
        signer = max(i for i, p in enumerate(out) if _is_text(p, "organ"))
        del out[signer]
    split = agency and title and title.startswith(agency) and title[len(agency) :][:1].isdigit()
    if agency and title and split and draw(st.booleans()):
        at = next(i for i, p in enumerate(out) if _is_text(p, "title"))
        rest = title[len(agency) :]
        out[at : at + 1] = [Text("organ", agency), Text("title", rest)]
    if report.published_on is not None:
        date = report.published_on
        style = draw(st.sampled_from(("arabic", "chinese", "full-width")))
        text = format_date(date)
        if style == "chinese":
            text = _chinese_date(date)
        elif style == "full-width":
            text = text.translate(_FULL_WIDTH)
        out = [Text("date", text) if _is_text(p, "date") else p for p in out]
    return out


def _is_text(part: Piece, role: str) -> bool:
    return isinstance(part, Text) and part.role == role


@st.composite
def damaged(draw: st.DrawFn, report: Report, layout: Layout = "tsv") -> str:
    """The text of ``report`` in ``layout`` with the damage text extraction does.

    Each kind of damage is switched on by a drawn flag (so a failure shrinks to the damage
    that matters) and then hits a drawn few of the places it can: label variants and
    numbering styles, values printed another way (增3, 26.23万元, 262300元, 1,234, full-width
    digits, a blank as —, 无 or an empty cell), an extra trailing 0 cell, a page break with a
    repeated header fragment inside 表三, extra spaces, labels split over two lines and values
    wrapped onto their own line (``cells``), extra blank lines between rows, Markdown marks
    on headings, and the title and signature printed another way. ``parse`` reads the
    result back to ``report``.
    """
    parts: _Parts = pieces(report)
    if draw(st.booleans()):
        parts = _vary_labels(draw, parts, layout)
    if draw(st.booleans()):
        parts = _vary_values(draw, parts)
    if draw(st.booleans()):
        parts = _extra_cells(draw, parts)
    if draw(st.booleans()):
        parts = _page_break(draw, parts)
    if draw(st.booleans()):
        parts = _spaces(draw, parts)
    if layout == "cells" and draw(st.booleans()):
        parts = _split_cells(draw, parts)
    if draw(st.booleans()):
        parts = _blank_lines(draw, parts)
    if draw(st.booleans()):
        parts = _heading_marks(draw, parts, layout)
    if draw(st.booleans()):
        parts = _signature(draw, parts, report)
    return write(parts, layout)
