"""Building reports: Hypothesis strategies for valid ``Report`` objects (private; the
public names are in ``zfxxgk.strategies``).

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
(blank cells count as 0 and are only ever blanks of a 0), the year is one its template
was issued for, and ``zfxxgk.validate`` has notes at most to say (表二's sanity checks
hold, and section 六 states the 信息处理费 where the template asks for it). With
``consistent=False`` each cell is drawn on its own and the year may be any of 2019-2030.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from .. import templates
from .._labels import Kind
from ..model import (
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
    ProcessingFees,
    Procurement,
    Report,
    Requests2019,
    Requests2021,
    Unavailable,
    Withheld,
)

__all__ = [
    "CLAUSES",
    "OFFICES",
    "PLACES",
    "appeal_tables",
    "counts",
    "doc_numbers",
    "fee_tables",
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
_Cell = TypeVar("_Cell", int, Decimal)

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
    """Statistics years its template was issued for (ten years of one still in use).

    With ``consistent=False``, any year of any built-in template.
    """
    if not consistent:
        spans = [_years(name) for name in GENERATIONS]
        return st.integers(min(first for first, _ in spans), max(last for _, last in spans))
    return st.integers(*_years(generation))


def _years(generation: Generation) -> tuple[int, int]:
    first, last = templates.get(generation).years
    return first, first + 9 if last is None else last


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
    ``fee_statement`` ends the text with a statement on 信息处理费, where the template
    asks for it in section 六.
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

    if templates.get(generation).proactive is Proactive2021:
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
    if templates.get(generation).other_handling == "three rows":
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
    template = templates.get(generation)
    if template.other_handling == "three rows":
        other_handling: Any = OtherHandling(
            *(rows[("other_handling", f.name)] for f in attrs.fields(OtherHandling))
        )
    else:
        other_handling = rows[("", "other_handling")]
    result: Requests2019 | Requests2021 = template.requests(
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
def fee_tables(draw: st.DrawFn, blanks: bool = False) -> ProcessingFees:
    """The 2025 layout's table of 信息处理费: notices and amounts in 元 (a 0 may be blank)."""
    notices, notified, collected = draw(counts()), draw(money()), draw(money())

    def shown(value: _Cell) -> _Cell | None:
        return None if blanks and value == 0 and draw(st.booleans()) else value

    return ProcessingFees(shown(notices), shown(notified), shown(collected))


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
    # Some templates ask section 六 to say whether 信息处理费 was charged.
    fee_statement = consistent and templates.get(gen).fee_statement
    report = Report(
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
    if templates.get(gen).fee_statement and draw(st.integers(0, 3)) == 0:
        # The 2025 layout: the fees in a table of their own, no 其他需要报告的事项.
        fees = draw(fee_tables(blanks))
        return attrs.evolve(report, processing_fees=fees, other_matters=None)
    return report
