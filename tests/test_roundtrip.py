"""Round trips, proved on generated reports: parse ∘ render, damage, dict and JSON.

The layout quirks the seed reports show are pinned with ``@example``: each example is a
small report, or a rendered text changed by hand the way a seed prints it.
"""

from __future__ import annotations

import copy
import datetime
import json
import pickle
import re
from typing import Any

import attrs
from hypothesis import event, example, given
from hypothesis import strategies as st

import zfxxgk
from zfxxgk import Report, parse, render
from zfxxgk.model import Generation
from zfxxgk.rendering import LAYOUTS, Layout
from zfxxgk.strategies import damaged, reports

from .reportkit import blank, build_report, distinct

# Small reports for the examples ------------------------------------------------------------

_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")

# Seed 001: a title that names neither organ nor year; the year from the first paragraph.
SEED_001_LIKE = build_report(
    "2021",
    agency=None,
    title="政府信息公开工作年度报告",
    published_on=None,
    overview="2021年，在区委、区政府的正确领导下，我局认真贯彻落实《中华人民共和国政府信息公开"
    "条例》，依法、及时、准确地公开了相关政府信息。\n1、健全组织机构。我局由副书记分管此项工作。",
    other_matters="无",
)
# Seed 000: 文号, a space between organ and year in the title, money in 万元, 增/减.
SEED_000_LIKE = build_report(
    "2019",
    distinct(),
    agency="汾阳市卫生健康和体育局",
    title="汾阳市卫生健康和体育局 2020年政府信息公开工作年度报告",
    doc_number="汾卫体便函〔2021〕14号",
    published_on=datetime.date(2021, 1, 29),
    other_matters="无",
)
# Seed 004: the agency named only by the title, no date.
SEED_004_LIKE = build_report(
    "2019",
    agency="黎平县卫生健康局",
    title="黎平县卫生健康局2020年政务公开年报",
    published_on=None,
)
# The round trip found this one: a title that names no organ gave the agency "政府".
NO_ORGAN_TITLE = build_report("2021", agency=None, title="2021年政府信息公开工作年度报告")


# parse ∘ render ------------------------------------------------------------------------


@st.composite
def any_reports(draw: st.DrawFn, generation: Generation | None = None) -> Report:
    """Reports whose tables add up and, a quarter of them, reports whose tables do not."""
    consistent = draw(st.integers(0, 3)) > 0
    return draw(reports(generation, consistent=consistent))


def _has_blank(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_blank(inner) for inner in value.values())
    return value is None


def _check_round_trip(report: Report) -> None:
    year_in_title = report.title is not None and str(report.year) in report.title
    where = "title" if year_in_title else "overview" if report.year else "none"
    event(f"year: {where}")
    event(f"agency: {'set' if report.agency else 'None'}")
    data = zfxxgk.to_dict(report)
    blank = any(_has_blank(data[key]) for key in ("proactive", "requests", "appeals"))
    event(f"blank cells: {'some' if blank else 'none'}")
    for layout in LAYOUTS:
        assert parse(render(report, layout)) == report, layout


@example(report=build_report("2019"))
@example(report=build_report("2019", blank))  # every cell blank: rows of marks are still rows
@example(report=SEED_000_LIKE)
@example(report=SEED_004_LIKE)
@example(report=build_report("2019", year=None, title=None, agency=None, overview="", problems=""))
@given(report=any_reports("2019"))
def test_parse_inverts_render_2019(report: Report) -> None:
    _check_round_trip(report)


@example(report=build_report("2021", distinct()))
@example(report=build_report("2021", blank, doc_number="测政办发[2022]7号"))
@example(report=SEED_001_LIKE)
@example(report=NO_ORGAN_TITLE)
@example(report=build_report("2021", title="2021年度测试县卫生健康局政府信息公开工作年度报告"))
@given(report=any_reports("2021"))
def test_parse_inverts_render_2021(report: Report) -> None:
    _check_round_trip(report)


# Damage --------------------------------------------------------------------------------


@st.composite
def damaged_cases(draw: st.DrawFn, layout: Layout) -> tuple[Report, Layout, str]:
    """A report, and its text in ``layout`` with the damage extraction does."""
    report = draw(any_reports())
    return report, layout, draw(damaged(report, layout), label="text")


_DAMAGE_SIGNS = {
    "full-width digits": r"[０-９]",
    "page break": r"\n(?:---|- 2 -|— 3 —|第 ?2 ?页|2 / 5|====)\n",
    "heading marks": r"\n#{3,4} [一二三四五六]、|\*\*[一二三四五六]、",
    "增/减 or +n": r"[\t|] ?[增减+]",
    "money with a unit": r"\d ?万元|\d元",
    "thousands commas": r"\d,\d{3}",
    "blank mark variant": r"\t ?(?:—|无|-|／) ?(?:\t|\n)",
    "label variant": r"社会组织|律师事务所|办结情况|不予以公开|第三类|信访举报类|\(二\) 部分",
    "numbering 1、": r"\d、属于",
    "split cell": r"\t\n\S",
    "Chinese date": r"二〇",
}


def _check_damaged(case: tuple[Report, Layout, str]) -> None:
    report, layout, text = case
    for name, sign in _DAMAGE_SIGNS.items():
        if re.search(sign, text) and (layout == "cells" or name != "split cell"):
            event(f"damage: {name}")
    assert parse(text) == report, layout


def _quirk(report: Report, layout: Layout, *changes: tuple[str, str]) -> tuple[Any, ...]:
    """A rendered report changed by hand, as a seed prints it; each change must apply."""
    text = render(report, layout)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return (report, layout, text)


OLD = build_report("2019", distinct())
NEW = build_report("2021", distinct())
assert isinstance(OLD.proactive, zfxxgk.model.Proactive2019)
assert isinstance(NEW.proactive, zfxxgk.model.Proactive2021)
_BOUGHT = OLD.proactive.procurement
_FEES = OLD.proactive.fees
_NEW_TOTAL = NEW.requests.new_received.total
_RULES = NEW.proactive.regulations


@example(
    case=_quirk(  # seed 000: marks on headings, rules, trailing tabs, a page break in 表三
        SEED_000_LIKE,
        "tsv",
        ("一、总体情况", "### 一、总体情况\n\n---"),
        ("四、政府信息公开行政复议", "#### 四、政府信息公开行政复议"),
        ("第二十条第（一）项\n", "第二十条第（一）项\t\t\t\n"),
        ("\t\t5. 属于三类内部事务信息", "\n\n\n果\t\t5. 属于三类内部事务信息"),
        ("\t\t3. 危及", "三、本年度办理结果\t（三）不予公开\t3. 危及"),
    )
)
@example(
    case=_quirk(  # seeds 000 and 003: 万元 printed, 增/减, an extra empty trailing cell
        OLD,
        "tsv",
        (f"\t{_BOUGHT.amount}\n", f"\t{_BOUGHT.amount} 万元\n"),
        ("本年增/减", "本年增／减"),
        (f"\t{_FEES.items_change}\n", f"\t减{-(_FEES.items_change or 0)}\t\n"),
        ("\t（六）其他处理", "\t(六) 其他处理"),
    )
)
@example(
    case=_quirk(  # seeds 001 and 003: label variants, 1、 numbering
        NEW,
        "tsv",
        ("社会公益组织\t法律服务机构", "社会组织\t律师事务所"),
        ("三、本年度办理结果", "三、本年度办理办结情况"),
        ("（三）不予公开", "（三）不予以公开"),
        ("5. 属于三类内部事务信息", "5、属于第三类内部事务信息"),
        ("1. 信访举报投诉类申请", "1、信访举报类申请"),
        ("行政规范性文件", "规范性文件"),
    )
)
@given(case=damaged_cases("tsv"))
def test_parse_reads_damaged_tsv(case: tuple[Report, Layout, str]) -> None:
    _check_damaged(case)


@example(
    case=_quirk(  # seeds 002 and 004: a number on the line after its cell, wrapped headers
        NEW,
        "cells",
        (f"\t{_NEW_TOTAL}\n\n\t二、上年结转", f"\t\n{_NEW_TOTAL}\n\n\n\t二、上年结转"),
        ("\t结果纠正", "\t结果\n纠正"),
        ("\t商业企业", "\t商业\n\n企业"),
        ("\t社会公益组织", "\t社会公\n\n益组织"),
    )
)
@example(
    case=_quirk(  # seed 002: the organ over the title, an indented date, no blank lines
        attrs.evolve(
            SEED_001_LIKE,
            agency="曲沃县卫生健康和体育局",
            title="曲沃县卫生健康和体育局2021年政府信息公开工作年度报告",
            published_on=datetime.date(2022, 1, 28),
        ),
        "cells",
        ("曲沃县卫生健康和体育局2021年", "曲沃县卫生健康和体育局\n2021年"),
        ("\n\n2022年1月28日", "\n                          2022年1月28日       "),
        ("一、总体情况\n\n", "一、总体情况\n"),
    )
)
@example(
    case=_quirk(  # seed 004: 增/减 under 本年增／减, the agency only in the title
        attrs.evolve(SEED_004_LIKE, proactive=OLD.proactive),
        "cells",
        ("本年增/减", "本年增／减"),
        ("\n黎平县卫生健康局\n", "\n"),
    )
)
@given(case=damaged_cases("cells"))
def test_parse_reads_damaged_cells(case: tuple[Report, Layout, str]) -> None:
    _check_damaged(case)


@example(
    case=_quirk(  # converters: bold headings, full-width digits, an empty blank cell
        attrs.evolve(
            NEW,
            proactive=attrs.evolve(NEW.proactive, regulations=attrs.evolve(_RULES, repealed=None)),
        ),
        "markdown",
        ("## 二、主动公开政府信息情况", "## **二、主动公开政府信息情况**"),
        (f"| 规章 | {_RULES.issued} | / |", f"| 规章 | {str(_RULES.issued).translate(_WIDE)} |  |"),
    )
)
@given(case=damaged_cases("markdown"))
def test_parse_reads_damaged_markdown(case: tuple[Report, Layout, str]) -> None:
    _check_damaged(case)


# Dict, JSON, determinism ---------------------------------------------------------------------


@example(report=SEED_000_LIKE)
@example(report=build_report("2019", blank))
@given(report=any_reports())
def test_dict_and_json_round_trips(report: Report) -> None:
    data = zfxxgk.to_dict(report)
    assert zfxxgk.from_dict(data) == report
    through_json = json.loads(json.dumps(data, ensure_ascii=False))
    assert through_json == data
    assert zfxxgk.from_dict(through_json) == report
    assert zfxxgk.to_dict(zfxxgk.from_dict(through_json)) == data


@given(report=any_reports(), notes=st.lists(st.text(max_size=5), max_size=2))
def test_pickle_and_copy_keep_every_field(report: Report, notes: list[str]) -> None:
    # notes and source_format are left out of ==, so the fields are compared one by one.
    report = attrs.evolve(report, notes=tuple(notes), source_format="pdf")
    for again in (pickle.loads(pickle.dumps(report)), copy.deepcopy(report)):
        assert again == report
        assert attrs.asdict(again) == attrs.asdict(report)
        assert (again.notes, again.source_format) == (tuple(notes), "pdf")


@given(report=any_reports())
def test_render_is_deterministic_and_a_fixed_point(report: Report) -> None:
    copy = zfxxgk.from_dict(zfxxgk.to_dict(report))  # equal, not the same object
    for layout in LAYOUTS:
        text = render(report, layout)
        assert render(copy, layout) == text == render(report, layout)
        assert render(parse(text), layout) == text


# The strategies ---------------------------------------------------------------------------


@given(report=reports())
def test_consistent_reports_leave_validate_nothing_to_say(report: Report) -> None:
    # Notes only: blanks read as 0, a report that states no year.
    findings = [f for f in zfxxgk.validate(report) if f.severity != "note"]
    assert findings == []


# Parser bugs the round trips found ----------------------------------------------------------


def test_title_that_names_no_organ_gives_no_agency() -> None:
    for title in ("2021年政府信息公开工作年度报告", "2021年度政府信息公开工作年度报告"):
        report = attrs.evolve(NO_ORGAN_TITLE, title=title)
        assert parse(render(report)).agency is None
