"""Hypothesis strategies: generated annual reports, and the damage text extraction does.

Importing this module needs Hypothesis (``pip install "zfxxgk[test]"``); nothing else in
zfxxgk imports it. Use the strategies in your own tests::

    from hypothesis import given
    from zfxxgk.strategies import reports

    @given(reports(generation="2021"))
    def test_my_pipeline(report):
        ...

``reports()`` is built with ``@st.composite`` from small pieces (``organ_names``,
``section_texts``, ``proactive_tables``, ``request_tables``, ``appeal_tables``, …), so a
failing property shrinks to a small report: zeros, short prose, no blanks.

**The derived fields agree with the text.** ``parse`` derives some fields from the text
instead of reading them from one place; a generated report is built so that what ``render``
prints derives back to the same values:

- ``title`` is printed as is (no leading, trailing or doubled whitespace) and is built from
  the agency and the year: ``{agency}{year}年政府信息公开工作年度报告`` and variants. A
  report with no agency has a title that names no organ; one with no year, a title with no
  year.
- ``year`` is the title's year; when the title has none, the first paragraph of 一、总体情况
  opens with ``{year}年，``. A report with ``year=None`` mentions no year in that paragraph
  and no statistics period (统计期限自…年1月1日) anywhere in its overview.
- ``agency`` is printed as the signature line, so ``parse`` reads it from there: an organ
  name of Chinese characters ending in 局, 委员会, 政府, 办公室, 中心, … (what the grammar's
  ORGAN line accepts).
- ``published_on`` is the signature date, printed on the line after the agency.
- Prose paragraphs never look like a section heading, a title, an organ or a date line:
  none starts with a numeral, none names a 年度报告/年报/工作报告, each ends with "。"
  (short ones such as "无" aside), and none holds a tab or Markdown marks.

With ``consistent=True`` the tables satisfy every identity at the bottom of ``schema.md``
(blank cells count as 0 and are only ever blanks of a 0), the year matches the generation
(2019 and 2020 for ``"2019"``, 2021 onwards for ``"2021"``), and ``zfxxgk.validate`` has
notes at most to say (表二's sanity checks hold, and a "2021" report's section 六 states
the 信息处理费). With
``consistent=False`` each cell is drawn on its own and the year may be any of 2019-2030.

``damaged(report, layout)`` prints a report the way extraction leaves it: extra spaces and
blank lines between cells, full-width digits, labels split over two lines (the ``cells``
layout), label variants (社会组织, 律师事务所, 不予以公开, 属于第三类, …), a page-break line
with a repeated header fragment inside 表三, Markdown marks on headings, and more. The damage
keeps the content: ``parse(text) == report``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from .labels import Kind
from .model import (
    GENERATIONS,
    AppealCounts,
    Appeals,
    ApplicantCounts,
    Decisions,
    Documents2019,
    Documents2021,
    Fees2019,
    Fees2021,
    Generation,
    Items2019,
    NotProcessed,
    OtherHandling,
    Proactive2019,
    Proactive2021,
    Procurement,
    Report,
    Requests2019,
    Requests2021,
    Unavailable,
    Withheld,
)
from .rendering import BLANK, Layout, Piece, Row, Table, Text, format_date, pieces, write

__all__ = [
    "CLAUSES",
    "LABEL_VARIANTS",
    "OFFICES",
    "PLACES",
    "appeal_tables",
    "counts",
    "damaged",
    "doc_numbers",
    "money",
    "organ_names",
    "paragraphs",
    "proactive_tables",
    "report_years",
    "reports",
    "request_tables",
    "section_texts",
    "signature_dates",
    "titles",
]

T = TypeVar("T")

# Words ---------------------------------------------------------------------------------

#: Places an organ belongs to: provinces, cities, counties, districts.
PLACES = (
    "汾阳市",
    "曲沃县",
    "黎平县",
    "丰城市",
    "北京市海淀区",
    "南京市江宁区",
    "成都市武侯区",
    "宁波市鄞州区",
    "洛阳市涧西区",
    "上海市浦东新区",
    "深圳市南山区",
    "长沙县",
    "昆山市",
    "遵义市",
    "大理市",
    "三亚市",
    "延吉市",
    "山西省",
    "贵州省",
    "浙江省",
)
#: Organs of a place. Each ends as the grammar's ORGAN line wants (局, 委员会, 政府, …).
OFFICES = (
    "卫生健康局",
    "卫生健康委员会",
    "卫生健康和体育局",
    "人民政府",
    "人民政府办公室",
    "教育局",
    "财政局",
    "民政局",
    "司法局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "文化和旅游局",
    "应急管理局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "人力资源和社会保障局",
    "退役军人事务局",
    "行政审批服务管理局",
    "发展和改革委员会",
    "公共资源交易中心",
    "档案馆",
    "城市管理综合行政执法局",
)
#: Clauses of report prose. None starts with a numeral or holds a digit or a 年 after one.
CLAUSES = (
    "认真贯彻落实《中华人民共和国政府信息公开条例》",
    "坚持以公开为常态、不公开为例外",
    "进一步健全政务公开工作机制",
    "及时更新政府信息公开指南和公开目录",
    "严格落实信息公开前的保密审查制度",
    "围绕群众关注的重点领域加大公开力度",
    "依托政府门户网站和政务新媒体发布信息",
    "规范依申请公开的受理、办理和答复流程",
    "加强政策解读并积极回应社会关切",
    "组织开展政务公开业务培训和专题学习",
    "做好政府信息的管理和动态调整工作",
    "把政务公开工作纳入年度绩效考核",
    "部分工作人员对政务公开的认识仍需提高",
    "公开内容的及时性和完整性有待加强",
    "政策解读的形式还比较单一、不够生动",
    "下一步将继续拓宽政务公开的渠道",
    "持续提升政务公开工作的质量和水平",
    "主动接受社会各界和新闻媒体的监督",
)
_NUMBER_CLAUSES = (
    "全年主动公开政府信息{}条",
    "办理政府信息公开申请{}件",
    "更新政府信息公开目录{}项",
    "发布政策解读材料{}篇",
    "组织业务培训{}次",
)
_OPENERS = ("", "", "（一）", "（二）", "（三）", "第一，", "同时，", "此外，", "首先，", "另外，")
_SHORT_ENDINGS = (
    "无。",
    "无",
    "本机关无其他需要报告的事项。",
    "本年度未收取政府信息公开信息处理费。",
)
_FEE_STATEMENTS = (
    "本年度未收取政府信息公开信息处理费。",
    "本机关未收取信息处理费。",
    "本年度本机关未向申请人收取信息处理费。",
)
_DOC_MARKS = ("卫体便函", "卫健发", "政办发", "政办函", "教字", "财发", "民发", "市监字", "医保发")
_BRACKETS = (("〔", "〕"), ("[", "]"), ("（", "）"), ("【", "】"))


# Small pieces ----------------------------------------------------------------------------


def organ_names() -> st.SearchStrategy[str]:
    """Realistic names of issuing organs: 汾阳市卫生健康和体育局, 南京市江宁区教育局, …"""
    return st.builds(
        lambda place, office: place + office, st.sampled_from(PLACES), st.sampled_from(OFFICES)
    )


def report_years(generation: Generation, consistent: bool = True) -> st.SearchStrategy[int]:
    """Statistics years: 2019-2020 for generation "2019", 2021-2030 for "2021".

    With ``consistent=False``, any of 2019-2030 for either generation.
    """
    if not consistent:
        return st.integers(2019, 2030)
    return st.integers(2019, 2020) if generation == "2019" else st.integers(2021, 2030)


def counts() -> st.SearchStrategy[int]:
    """Cell counts from 0 to large; 0 most often, as in real tables."""
    return st.one_of(st.just(0), st.integers(0, 99), st.integers(0, 10**12))


def money() -> st.SearchStrategy[Decimal]:
    """Amounts in 万元: non-negative decimals with 0 to 4 places."""
    return st.builds(_amount, st.integers(0, 10**10), st.integers(0, 4))


def _amount(whole: int, places: int) -> Decimal:
    """``whole`` hundredths (places=2) and the like: 2623, 2 → 26.23."""
    return Decimal(whole).scaleb(-places)


@st.composite
def paragraphs(draw: st.DrawFn, year: int | None = None, opens_with_year: bool = False) -> str:
    """One prose paragraph: clauses joined by "，" ending in "。".

    ``opens_with_year`` starts it with ``{year}年，`` and gives it three clauses at least,
    so it is longer than any section heading could be.
    """
    opener = (
        f"{year}年，" if opens_with_year and year is not None else draw(st.sampled_from(_OPENERS))
    )
    clause = st.one_of(
        st.sampled_from(CLAUSES),
        st.builds(str.format, st.sampled_from(_NUMBER_CLAUSES), st.integers(0, 10**6)),
    )
    clauses = draw(st.lists(clause, min_size=3 if opens_with_year else 1, max_size=5))
    return opener + "，".join(clauses) + "。"


@st.composite
def section_texts(
    draw: st.DrawFn,
    year: int | None = None,
    opens_with_year: bool = False,
    short_endings: bool = False,
    fee_statement: bool = False,
) -> str:
    """The prose of a section: paragraphs joined by "\\n", possibly none.

    ``opens_with_year`` makes the first paragraph open with the year (so ``parse`` finds
    it there); with a year, a statistics period sentence may be among the paragraphs.
    ``short_endings`` allows the short answers of 六 (无, 无。, …) as the whole text;
    ``fee_statement`` ends the text with a statement on 信息处理费, as the "2021" template
    asks of section 六.
    """
    if fee_statement:
        lines = [draw(section_texts(year, short_endings=short_endings))]
        lines.append(draw(st.sampled_from(_FEE_STATEMENTS)))
        return "\n".join(line for line in lines if line)
    if short_endings and draw(st.booleans()):
        return draw(st.sampled_from(_SHORT_ENDINGS))
    lines = draw(st.lists(paragraphs(year), max_size=3))
    if year is not None and draw(st.booleans()):
        period = f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        lines.insert(draw(st.integers(0, len(lines))), period)
    if opens_with_year:
        lines.insert(0, draw(paragraphs(year, opens_with_year=True)))
    return "\n".join(lines)


def titles(agency: str | None, year: int | None) -> st.SearchStrategy[str | None]:
    """Titles as printed, naming the agency and the year when there are ones (or no title).

    A title names no organ when ``agency`` is None and no year when ``year`` is None, so
    ``parse`` never derives an agency or a year the report does not have.
    """
    options: list[str | None] = []
    if agency and year:
        options += [
            f"{agency}{year}年政府信息公开工作年度报告",
            f"{agency}{year}年度政府信息公开工作年度报告",
            f"{agency}关于{year}年政府信息公开工作的年度报告",
            f"{agency} {year}年政府信息公开工作年度报告",
            f"{agency}{year}年政务公开年报",
            f"{year}年度{agency}政府信息公开工作年度报告",
        ]
    if agency:
        options.append(f"{agency}政府信息公开工作年度报告")
    if year:
        options.append(f"{year}年政府信息公开工作年度报告")
    options += ["政府信息公开工作年度报告", None]
    return st.sampled_from(options)


def doc_numbers(agency: str | None, year: int | None) -> st.SearchStrategy[str]:
    """文号 such as 汾卫体便函〔2021〕14号: the agency's first character, a mark, a year."""
    first = agency[0] if agency else "某"
    issued = st.just(year + 1) if year else st.integers(2019, 2031)
    return st.builds(
        lambda mark, brackets, when, number: (
            f"{first}{mark}{brackets[0]}{when}{brackets[1]}{number}号"
        ),
        st.sampled_from(_DOC_MARKS),
        st.sampled_from(_BRACKETS),
        issued,
        st.integers(1, 999),
    )


def signature_dates(year: int | None) -> st.SearchStrategy[datetime.date]:
    """Signature dates: from December of the report's year to April of the next."""
    if year is None:
        return st.dates(datetime.date(2019, 1, 1), datetime.date(2031, 12, 31))
    return st.dates(datetime.date(year, 12, 1), datetime.date(year + 1, 4, 30))


# Tables ----------------------------------------------------------------------------------


def _blank_zeros(draw: st.DrawFn, values: Sequence[int], blanks: bool) -> list[int | None]:
    """Print the zeros of some rows blank (None): the validator counts a blank as 0."""
    if not blanks or not draw(st.booleans()):
        return list(values)
    return [None if value == 0 else value for value in values]


def _free(draw: st.DrawFn, cells: Sequence[st.SearchStrategy[T]]) -> list[T | None]:
    """Cells drawn on their own, each possibly blank: no identity holds."""
    return [draw(st.one_of(cell, st.none())) for cell in cells]


def _build(cls: type[T], values: Sequence[object]) -> T:
    return cls(*values)


@st.composite
def proactive_tables(
    draw: st.DrawFn, generation: Generation, consistent: bool = True, blanks: bool = False
) -> Proactive2019 | Proactive2021:
    """表二 of a generation.

    ``consistent``: (2019) ``items_last_year + items_change >= 0``, and the validator's
    sanity checks hold too: (2021) 现行有效件数 >= 本年制发件数 - 本年废止件数, (2019)
    对外公开总数量 >= 本年新公开数量. ``blanks`` prints some zeros blank; with
    ``consistent=False`` any cell may be blank.
    """

    def cells(*kinds: Kind) -> list[Any]:
        if not consistent:
            free: dict[Kind, st.SearchStrategy[Any]] = {
                "count": counts(),
                "money": money(),
                "signed": st.integers(-(10**6), 10**6),
            }
            return _free(draw, [free[kind] for kind in kinds])
        drawn: list[Any] = []
        for kind in kinds:
            if kind == "money":
                drawn.append(draw(money()))
            elif kind == "signed":  # the change may take away at most what there was
                drawn.append(draw(st.integers(-(drawn[-1] or 0), 10**6)))
            else:
                drawn.append(draw(counts()))
        return _blank_zeros(draw, drawn, blanks)

    def documents(cls: type[T]) -> T:
        if not consistent:
            return _build(cls, cells("count", "count", "count"))
        first, second, stock = (draw(counts()) for _ in range(3))
        # 现行有效件数 covers this year's net, 对外公开总数量 this year's publications.
        stock += max(first - second, 0) if cls is Documents2021 else second
        return _build(cls, _blank_zeros(draw, [first, second, stock], blanks))

    if generation == "2021":
        return Proactive2021(
            regulations=documents(Documents2021),
            normative_documents=documents(Documents2021),
            licensing=_build(Decisions, cells("count")),
            penalties=_build(Decisions, cells("count")),
            coercion=_build(Decisions, cells("count")),
            fees=_build(Fees2021, cells("money")),
        )
    return Proactive2019(
        regulations=documents(Documents2019),
        normative_documents=documents(Documents2019),
        licensing=_build(Items2019, cells("count", "signed", "count")),
        other_services=_build(Items2019, cells("count", "signed", "count")),
        penalties=_build(Items2019, cells("count", "signed", "count")),
        coercion=_build(Items2019, cells("count", "signed", "count")),
        fees=_build(Fees2019, cells("count", "signed")),
        procurement=_build(Procurement, cells("count", "money")),
    )


# The outcome rows of 表三 (between 上年结转 and 总计), by generation: (group, row) names.
_GROUPS: dict[str, type] = {
    "withheld": Withheld,
    "unavailable": Unavailable,
    "not_processed": NotProcessed,
}


def _outcome_names(generation: Generation) -> list[tuple[str, str]]:
    names: list[tuple[str, str]] = [("", "granted"), ("", "partially_granted")]
    for group, cls in _GROUPS.items():
        names += [(group, f.name) for f in attrs.fields(cls)]
    if generation == "2021":
        names += [("other_handling", f.name) for f in attrs.fields(OtherHandling)]
    else:
        names.append(("", "other_handling"))
    return names


def _applicant_rows(draw: st.DrawFn, size: int) -> list[list[int]]:
    """Rows of six applicant columns: a few rows with numbers, the rest zeros, as in most
    real tables (and fewer draws than a number per cell)."""
    active = draw(st.sets(st.integers(0, size - 1), max_size=6))
    return [
        draw(st.lists(counts(), min_size=6, max_size=6)) if index in active else [0] * 6
        for index in range(size)
    ]


def _with_total(draw: st.DrawFn, columns: Sequence[int], blanks: bool) -> ApplicantCounts:
    return ApplicantCounts(*_blank_zeros(draw, [*columns, sum(columns)], blanks))


@st.composite
def request_tables(
    draw: st.DrawFn, generation: Generation, consistent: bool = True, blanks: bool = False
) -> Requests2019 | Requests2021:
    """表三 of a generation.

    ``consistent``: every row's 总计 is the sum of its six columns, every column's （七）总计
    the sum of the outcome rows, and 新收 + 上年结转 == 总计 + 结转下年度 in every column.
    """
    names = _outcome_names(generation)
    if consistent:
        *outcomes, forward = _applicant_rows(draw, len(names) + 1)
        totals = [sum(column) for column in zip(*outcomes, strict=True)]
        over = [draw(st.integers(0, t + f)) for t, f in zip(totals, forward, strict=True)]
        new = [t + f - o for t, f, o in zip(totals, forward, over, strict=True)]
        rows = {
            name: _with_total(draw, row, blanks) for name, row in zip(names, outcomes, strict=True)
        }
        top = {
            "new_received": _with_total(draw, new, blanks),
            "carried_over": _with_total(draw, over, blanks),
            "total": _with_total(draw, totals, blanks),
            "carried_forward": _with_total(draw, forward, blanks),
        }
    else:
        every = [*names, ("", "new_received"), ("", "carried_over"), ("", "total")]
        every.append(("", "carried_forward"))
        active = draw(st.sets(st.sampled_from(every), max_size=8))
        free = {
            name: ApplicantCounts(*_free(draw, [counts()] * 7))
            if name in active
            else ApplicantCounts()
            for name in every
        }
        rows = {name: free[name] for name in names}
        top = {name: free[("", name)] for name in ("new_received", "carried_over")}
        top |= {name: free[("", name)] for name in ("total", "carried_forward")}
    groups: dict[str, Any] = {
        group: cls(*(rows[(group, f.name)] for f in attrs.fields(cls)))
        for group, cls in _GROUPS.items()
    }
    if generation == "2021":
        other_handling: Any = OtherHandling(
            *(rows[("other_handling", f.name)] for f in attrs.fields(OtherHandling))
        )
        cls: type = Requests2021
    else:
        other_handling = rows[("", "other_handling")]
        cls = Requests2019
    result: Requests2019 | Requests2021 = cls(
        new_received=top["new_received"],
        carried_over=top["carried_over"],
        granted=rows[("", "granted")],
        partially_granted=rows[("", "partially_granted")],
        other_handling=other_handling,
        total=top["total"],
        carried_forward=top["carried_forward"],
        **groups,
    )
    return result


@st.composite
def appeal_tables(draw: st.DrawFn, consistent: bool = True, blanks: bool = False) -> Appeals:
    """表四. ``consistent``: each block's 总计 is the sum of its four results."""

    def block() -> AppealCounts:
        if not consistent:
            return AppealCounts(*_free(draw, [counts()] * 5))
        parts = draw(st.one_of(st.just([0] * 4), st.lists(counts(), min_size=4, max_size=4)))
        return AppealCounts(*_blank_zeros(draw, [*parts, sum(parts)], blanks))

    return Appeals(review=block(), litigation_direct=block(), litigation_after_review=block())


# The report ------------------------------------------------------------------------------


@st.composite
def reports(
    draw: st.DrawFn, generation: Generation | None = None, consistent: bool = True
) -> Report:
    """Valid ``Report`` objects of either generation (or of ``generation``).

    See the module's docstring for how the title, year, agency and date are built so that
    ``parse(render(report))`` derives them back. ``consistent=True`` (the default) gives
    tables that satisfy every identity of ``schema.md`` and a year that matches the
    generation; ``notes`` is always empty.
    """
    gen: Generation = generation if generation else draw(st.sampled_from(GENERATIONS))
    year = None if draw(st.integers(0, 9)) == 0 else draw(report_years(gen, consistent))
    agency = None if draw(st.integers(0, 7)) == 0 else draw(organ_names())
    title = draw(titles(agency, year))
    year_in_title = year is not None and title is not None and str(year) in title
    doc_number = draw(st.one_of(st.none(), doc_numbers(agency, year)))
    published_on = draw(st.one_of(st.none(), signature_dates(year)))
    blanks = draw(st.booleans())
    # The "2021" template asks section 六 to say whether 信息处理费 was charged.
    fee_statement = consistent and gen == "2021"
    return Report(
        generation=gen,
        year=year,
        agency=agency,
        title=title,
        doc_number=doc_number,
        published_on=published_on,
        overview=draw(section_texts(year, opens_with_year=year is not None and not year_in_title)),
        proactive=draw(proactive_tables(gen, consistent, blanks)),
        requests=draw(request_tables(gen, consistent, blanks)),
        appeals=draw(appeal_tables(consistent, blanks)),
        problems=draw(section_texts(year)),
        other_matters=draw(section_texts(year, short_endings=True, fee_statement=fee_statement)),
    )


# Damage ----------------------------------------------------------------------------------

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
                # spanning two columns leaves: parse refuses to guess, so never print that.
                options = [o for o in _value_variant(text, kind) if o or (visible and k)]
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
    of aligning the row reads the same, so it is read, and noted.
    """

    def change(row: Row) -> Row:
        if not row.values or not row.values[0].strip() or draw(st.integers(0, 5)) != 0:
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
