"""zfxxgk.validate and zfxxgk.validate_series: the report's own arithmetic, named by cell.

The Hypothesis strategies here build reports that are consistent *by construction*: for
表三 the leaf result rows are drawn and every total is derived from them (一 from the
balance, each row's 总计 from its columns); for 表四 the four results are drawn and 总计
derived; 表二 is drawn as a year's movement from a previous year, so series can be built
one year after another.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import zfxxgk
from zfxxgk import (
    Finding,
    Report,
    validate,
    validate_series,
)
from zfxxgk.model import (
    TABLES,
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
    Proactive2019,
    Proactive2021,
    Procurement,
    Requests2019,
    Requests2021,
    shape,
)
from zfxxgk.validation import CODES, SEVERITIES

from .conftest import SEEDS, flatten
from .reportkit import build_report, build_table

ARITHMETIC = re.compile(r"^(T2_|T3_|T4_|NEGATIVE_COUNT|BLANK_AS_ZERO)")
COLUMNS = tuple(a.name for a in attrs.fields(ApplicantCounts))
SIX = COLUMNS[:-1]


# Building reports -------------------------------------------------------------------------


def _cells(report: Report, table: str) -> list[str]:
    """Every count cell path of 表三 ("requests") or 表四 ("appeals")."""
    return sorted(flatten(zfxxgk.to_dict(report)[table], table))


def _get(obj: Any, path: str) -> Any:
    for key in path.split("."):
        obj = getattr(obj, key)
    return obj


def _set(obj: Any, path: str, value: Any) -> Any:
    """A copy of ``obj`` with the attribute at the dotted ``path`` replaced."""
    head, _, rest = path.partition(".")
    inner = value if not rest else _set(getattr(obj, head), rest, value)
    return attrs.evolve(obj, **{head: inner})


def _row(values: list[int | None] | tuple[int | None, ...]) -> ApplicantCounts:
    total = sum(v or 0 for v in values)
    return ApplicantCounts(*values, total=total)  # type: ignore[misc]


_NOT_RESULTS = ("new_received", "carried_over", "total", "carried_forward")


def _row_paths(cls: type, prefix: str = "") -> list[str]:
    """The key paths of a table's rows, in printed order, through its groups."""
    paths = []
    for name, group, row in shape(cls):
        if group is not None:
            paths += _row_paths(group, f"{prefix}{name}.")
        elif row is not None:
            paths.append(f"{prefix}{name}")
    return paths


def _result_paths(generation: Generation) -> list[str]:
    """The rows of 表三 三、本年度办理结果 above （七）总计."""
    return [path for path in _row_paths(TABLES[generation][1]) if path not in _NOT_RESULTS]


def _build_requests(
    generation: Generation,
    results: dict[str, tuple[int, ...]],
    carried_over: tuple[int, ...],
    carried_forward: tuple[int, ...],
) -> Requests2019 | Requests2021:
    """表三 from its leaf result rows (path → six counts); 一 is derived from the balance."""
    totals = tuple(sum(row[i] for row in results.values()) for i in range(6))
    new = tuple(t + f - o for t, f, o in zip(totals, carried_forward, carried_over, strict=True))
    assert min(new) >= 0, "carried_over too large for this draw"
    rows = results | {
        "new_received": new,
        "carried_over": carried_over,
        "total": totals,
        "carried_forward": carried_forward,
    }

    def fill(path: str) -> int:  # requests.<row>.<column>; each row's 总计 is its sum
        row, _, column = path.removeprefix("requests.").rpartition(".")
        return sum(rows[row]) if column == "total" else rows[row][SIX.index(column)]

    requests: Requests2019 | Requests2021 = build_table(TABLES[generation][1], fill, "requests")
    return requests


def _appeal(upheld: int, corrected: int, other: int, pending: int) -> AppealCounts:
    return AppealCounts(upheld, corrected, other, pending, upheld + corrected + other + pending)


def make_report(
    generation: Generation,
    *,
    year: int | None = None,
    overview: str = "",
    other_matters: str | None = None,
    agency: str | None = "某某县卫生健康局",
) -> Report:
    """A balanced all-zero report whose prose is given."""
    if year is None:
        year = 2020 if generation == "2019" else 2022
    if other_matters is None:
        other_matters = "本机关未收取信息处理费。" if generation == "2021" else "无。"
    return build_report(
        generation,
        year=year,
        agency=agency,
        title=None,
        published_on=datetime.date(year + 1, 1, 20),
        overview=overview,
        problems="",
        other_matters=other_matters,
    )


# Strategies -------------------------------------------------------------------------------

GENERATION = st.sampled_from(zfxxgk.model.GENERATIONS)
SMALL = st.one_of(st.just(0), st.just(0), st.integers(min_value=0, max_value=9))


def _blank_zeros(value: Any, draw: st.DrawFn, blanks: bool) -> Any:
    """Print some zeros blank: None counts as 0, so the report stays consistent."""
    if attrs.has(type(value)):
        return attrs.evolve(
            value,
            **{
                a.name: _blank_zeros(getattr(value, a.name), draw, blanks)
                for a in attrs.fields(type(value))
            },
        )
    if blanks and value == 0 and not isinstance(value, Decimal) and draw(st.booleans()):
        return None
    return value


@st.composite
def requests_tables(
    draw: st.DrawFn, generation: Generation, carried_over: tuple[int, ...] | None = None
) -> Requests2019 | Requests2021:
    """表三, consistent: leaf result rows drawn, totals and 一 derived."""
    results = {path: tuple(draw(SMALL) for _ in range(6)) for path in _result_paths(generation)}
    totals = [sum(row[i] for row in results.values()) for i in range(6)]
    forward = [draw(SMALL) for _ in range(6)]
    if carried_over is None:
        carried_over = tuple(
            draw(st.integers(min_value=0, max_value=totals[i] + forward[i])) for i in range(6)
        )
    # 一 = 总计 + 四 − 二 must not be negative: carry forward enough.
    forward = [max(f, o - t) for f, o, t in zip(forward, carried_over, totals, strict=True)]
    return _build_requests(generation, results, carried_over, tuple(forward))


@st.composite
def appeals_tables(draw: st.DrawFn) -> Appeals:
    """表四, consistent: the four results drawn, 总计 derived."""
    return Appeals(*(_appeal(*(draw(SMALL) for _ in range(4))) for _ in range(3)))


@st.composite
def proactive_tables(
    draw: st.DrawFn,
    generation: Generation,
    previous: Proactive2019 | Proactive2021 | None = None,
) -> Proactive2019 | Proactive2021:
    """表二, consistent with ``previous`` (the year before) when given."""
    if generation == "2021":
        docs = []
        for name in ("regulations", "normative_documents"):
            before = (
                (_get(previous, name).in_force or 0)
                if isinstance(previous, Proactive2021)
                else draw(SMALL)
            )
            issued = draw(SMALL)
            repealed = draw(st.integers(min_value=0, max_value=before + issued))
            docs.append(Documents2021(issued, repealed, before + issued - repealed))
        money = st.decimals(min_value=0, max_value=1000, places=2)
        return Proactive2021(
            docs[0],
            docs[1],
            Decisions(draw(SMALL)),
            Decisions(draw(SMALL)),
            Decisions(draw(SMALL)),
            Fees2021(draw(st.none() | money)),
        )

    def items(name: str) -> tuple[int, int]:
        if isinstance(previous, Proactive2019):
            row = _get(previous, name)
            last = (row.items_last_year or 0) + (row.items_change or 0)
        else:
            last = draw(SMALL)
        return last, draw(st.integers(min_value=-last, max_value=9))

    def documents() -> Documents2019:
        published = draw(SMALL)
        return Documents2019(draw(SMALL), published, published + draw(SMALL))

    rows = {
        name: Items2019(*items(name), draw(SMALL))
        for name in ("licensing", "other_services", "penalties", "coercion")
    }
    return Proactive2019(
        documents(),
        documents(),
        fees=Fees2019(*items("fees")),
        procurement=Procurement(draw(SMALL), draw(st.none() | st.decimals(0, 100, places=2))),
        **rows,
    )


def _prose(draw: st.DrawFn, report: Report) -> str:
    """Sentences in the phrasings of real reports, stating the tables' own figures."""
    new = report.requests.new_received.total or 0
    granted = report.requests.granted.total or 0
    review = report.appeals.review.total or 0
    suits = (report.appeals.litigation_direct.total or 0) + (
        report.appeals.litigation_after_review.total or 0
    )
    options = [
        f"{report.year}年，本机关本年新收政府信息公开申请{new}件。",
        f"全年共收到政府信息公开申请{new}件，其中予以公开{granted}件。",
        f"本年度因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{suits}件。",
    ]
    if new == 0:
        options.append("本年度无依申请公开事项。")
    if review == 0 and suits == 0:
        options.append("全年未发生因政府信息公开引起的行政复议和行政诉讼。")
    return "\n".join(draw(st.lists(st.sampled_from(options), max_size=3)))


@st.composite
def reports(
    draw: st.DrawFn,
    generation: Generation | None = None,
    previous: Report | None = None,
    blanks: bool | None = None,
) -> Report:
    """A report consistent by construction (zeros possibly printed blank).

    With ``previous``, the report is the year after it, carrying over what it carried
    forward and moving 表二 on from it.
    """
    if generation is None:
        generation = draw(GENERATION)
    if blanks is None:
        blanks = draw(st.booleans())
    if previous is not None:
        assert previous.year is not None
        year: int | None = previous.year + 1
        carried = tuple(_get(previous.requests.carried_forward, c) or 0 for c in SIX)
        previous_proactive = previous.proactive if previous.generation == generation else None
    else:
        years = st.sampled_from([2019, 2020] if generation == "2019" else [2021, 2022, 2024])
        year = draw(st.none() | years)
        carried = None
        previous_proactive = None
    report = build_report(
        generation,
        year=year,
        agency=previous.agency if previous is not None else "某某县卫生健康局",
        title=None,
        published_on=None,
        overview="",
        proactive=draw(proactive_tables(generation, previous_proactive)),
        requests=draw(requests_tables(generation, carried)),
        appeals=draw(appeals_tables()),
        problems="",
        other_matters="本机关未收取信息处理费。" if generation == "2021" else "无",
    )
    report = attrs.evolve(report, overview=_prose(draw, report))
    for table in ("proactive", "requests", "appeals"):
        report = attrs.evolve(report, **{table: _blank_zeros(getattr(report, table), draw, blanks)})
    return report


def _blank_all(value: Any) -> Any:
    if attrs.has(type(value)):
        return attrs.evolve(
            value, **{a.name: _blank_all(getattr(value, a.name)) for a in attrs.fields(type(value))}
        )
    return None


def _count_paths(report: Report) -> list[str]:
    data = zfxxgk.to_dict(report)
    return sorted(
        path
        for table in ("proactive", "requests", "appeals")
        for path, value in flatten(data[table], table).items()
        if value is None or isinstance(value, int)
    )


@st.composite
def wild_reports(draw: st.DrawFn) -> Report:
    """A well-typed report with any cells (None, negative, huge), year, agency and prose."""
    report = draw(reports())
    cell = st.none() | st.integers(min_value=-(10**12), max_value=10**12)
    for path, value in draw(
        st.lists(st.tuples(st.sampled_from(_count_paths(report)), cell), max_size=30)
    ):
        report = _set(report, path, value)
    blank = draw(st.sampled_from([None, "proactive", "requests", "appeals"]))
    if blank is not None:
        report = attrs.evolve(report, **{blank: _blank_all(getattr(report, blank))})
    words = "本年新收到受理政府信息公开申请予以无未没有发生行政复议诉讼和、件两十0129，。\n "
    prose = st.text(alphabet=words)
    return attrs.evolve(
        report,
        year=draw(st.none() | st.integers(min_value=1990, max_value=2100)),
        agency=draw(st.none() | st.text(max_size=8)),
        overview=draw(prose),
        problems=draw(prose),
        other_matters=draw(prose),
    )


# The seeds --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_seeds_give_no_arithmetic_findings(path: Path) -> None:
    findings = validate(zfxxgk.parse_file(path))
    assert [f for f in findings if ARITHMETIC.match(f.code)] == []
    assert [f for f in findings if f.severity == "error"] == []


def test_seed_2021_without_a_fee_statement_is_warned() -> None:
    # Seed 001 (2021 template) says only 无 in section 六; seed 002 states the fee.
    codes = {f.code for f in validate(zfxxgk.parse_file(SEEDS[1]))}
    assert "FEE_NOT_STATED" in codes
    assert validate(zfxxgk.parse_file(SEEDS[2])) == ()


def test_validate_is_pure() -> None:
    report = zfxxgk.parse_file(SEEDS[0])
    broken = _set(report, "requests.granted.natural_person", 4)
    copy = attrs.evolve(broken)
    assert validate(broken) == validate(broken)
    assert broken == copy
    assert validate(broken) != ()


def test_validate_takes_a_report() -> None:
    with pytest.raises(TypeError):
        validate(zfxxgk.to_dict(zfxxgk.parse_file(SEEDS[0])))  # type: ignore[arg-type]


# Consistent reports give no error; one changed cell is named -------------------------------


@given(reports())
def test_consistent_report_gives_no_error_or_warning(report: Report) -> None:
    findings = validate(report)
    assert [f for f in findings if f.severity != "note"] == []
    assert {f.code for f in findings} <= {"BLANK_AS_ZERO", "YEAR_UNKNOWN"}


@given(reports(blanks=True))
def test_blank_zeros_are_read_as_zero_and_said(report: Report) -> None:
    findings = validate(report)
    assert all(f.severity == "note" for f in findings)
    for finding in findings:
        if finding.code == "BLANK_AS_ZERO" and finding.cells not in (("requests",), ("appeals",)):
            assert all(_get(report, cell) is None for cell in finding.cells)


@given(st.data(), GENERATION, st.sampled_from(["requests", "appeals"]))
def test_one_changed_cell_is_named(data: st.DataObject, generation: Generation, table: str) -> None:
    report = data.draw(reports(generation))
    path = data.draw(st.sampled_from(_cells(report, table)))
    delta = data.draw(st.integers(min_value=-30, max_value=30).filter(bool))
    before = _get(report, path)
    changed = _set(report, path, (before or 0) + delta)
    findings = validate(changed)
    assert any(path in f.cells and f.severity == "error" for f in findings), findings
    if table == "requests":
        # The row and the column that fail meet in exactly this cell.
        suspects = [f for f in findings if f.code == "T3_SUSPECT_CELL"]
        assert [(f.cells, f.expected, f.actual) for f in suspects] == [
            ((path,), before or 0, (before or 0) + delta)
        ]


@given(wild_reports())
def test_validate_never_raises(report: Report) -> None:
    findings = validate(report)
    assert all(isinstance(f, Finding) for f in findings)
    assert all(f.code in CODES and f.severity == CODES[f.code][0] for f in findings)
    assert all(f.severity in SEVERITIES and "\n" not in f.message for f in findings)
    for finding in findings:
        if finding.quote is not None:
            text = getattr(report, finding.quote.field)
            assert text[finding.quote.start : finding.quote.end] == finding.quote.text


@given(st.lists(wild_reports(), max_size=3))
def test_validate_series_never_raises(reports_: list[Report]) -> None:
    assert all(isinstance(f, Finding) for f in validate_series(reports_))


# Each identity, by example -----------------------------------------------------------------


def test_row_and_column_failures_name_their_cells() -> None:
    report = make_report("2021")
    broken = _set(report, "requests.withheld.state_secret.commercial", 2)
    findings = {f.code: f for f in validate(broken)}
    row = findings["T3_ROW_TOTAL"]
    assert row.cells[0] == "requests.withheld.state_secret.total"
    assert "requests.withheld.state_secret.commercial" in row.cells
    assert (row.expected, row.actual) == (2, 0)
    assert "表三 （三）不予公开 1. 属于国家秘密" in row.message and "相差-2" in row.message
    column = findings["T3_RESULTS_TOTAL"]
    assert column.cells[0] == "requests.total.commercial"
    assert "（七）总计 商业企业" in column.message
    assert findings["T3_SUSPECT_CELL"].cells == ("requests.withheld.state_secret.commercial",)
    assert "T3_BALANCE" not in findings


def test_balance_names_the_four_cells() -> None:
    report = make_report("2019")
    broken = _set(report, "requests.carried_forward.other", 3)
    balance = [f for f in validate(broken) if f.code == "T3_BALANCE"]
    assert [(f.cells, f.expected, f.actual) for f in balance] == [
        (
            (
                "requests.total.other",
                "requests.carried_forward.other",
                "requests.new_received.other",
                "requests.carried_over.other",
            ),
            0,
            3,
        )
    ]
    assert "一、本年新收" in balance[0].message and "四、结转下年度继续办理" in balance[0].message


def test_appeal_block_total() -> None:
    broken = _set(make_report("2021"), "appeals.litigation_direct.pending", 1)
    [finding] = [f for f in validate(broken) if f.severity == "error"]
    assert finding.code == "T4_BLOCK_TOTAL"
    assert finding.cells[0] == "appeals.litigation_direct.total"
    assert "appeals.litigation_direct.pending" in finding.cells
    assert "表四 行政诉讼 未经复议直接起诉" in finding.message


def test_blanks_next_to_numbers_are_a_note() -> None:
    report = _set(make_report("2021"), "requests.granted", ApplicantCounts(1, None, 0, 0, 0, 0, 1))
    report = _set(report, "requests.total", ApplicantCounts(1, 0, 0, 0, 0, 0, 1))
    report = _set(report, "requests.new_received", ApplicantCounts(1, 0, 0, 0, 0, 0, 1))
    findings = validate(report)
    assert [f.code for f in findings] == ["BLANK_AS_ZERO"]
    assert findings[0].cells == ("requests.granted.commercial",)
    assert findings[0].severity == "note"


def test_a_blank_table_is_a_note() -> None:
    report = make_report("2019")
    blank_row = ApplicantCounts()
    for path in _cells(report, "requests"):
        report = _set(report, path, None)
    assert report.requests.granted == blank_row
    findings = validate(report)
    assert [(f.code, f.cells) for f in findings] == [("BLANK_AS_ZERO", ("requests",))]


def test_negative_counts_and_items() -> None:
    report = _set(make_report("2019"), "proactive.penalties", Items2019(2, -5, 0))
    report = _set(report, "proactive.licensing.decisions", -1)
    findings = {f.code: f for f in validate(report)}
    assert findings["NEGATIVE_COUNT"].cells == ("proactive.licensing.decisions",)
    items = findings["T2_ITEMS_NEGATIVE"]
    assert items.cells == (
        "proactive.penalties.items_last_year",
        "proactive.penalties.items_change",
    )
    assert items.actual == -3
    assert "行政处罚" in items.message


def test_documents_in_force_below_net() -> None:
    report = _set(make_report("2021"), "proactive.normative_documents", Documents2021(5, 1, 3))
    [finding] = validate(report)
    assert finding.code == "T2_IN_FORCE_BELOW_NET" and finding.severity == "warning"
    assert finding.cells[0] == "proactive.normative_documents.in_force"
    assert "行政规范性文件" in finding.message


@pytest.mark.parametrize(
    ("generation", "year", "flagged"),
    [("2019", 2020, False), ("2019", 2021, True), ("2021", 2021, False), ("2021", 2020, True)],
)
def test_year_against_generation(generation: Generation, year: int, flagged: bool) -> None:
    findings = validate(make_report(generation, year=year))
    assert [f.code for f in findings] == (["YEAR_GENERATION"] if flagged else [])
    if flagged:
        assert findings[0].cells == ("year", "generation")
        assert findings[0].actual == generation


def test_unknown_year_is_a_note() -> None:
    report = attrs.evolve(make_report("2021"), year=None)
    assert [(f.code, f.severity) for f in validate(report)] == [("YEAR_UNKNOWN", "note")]


def test_fee_statement_in_the_wrong_section() -> None:
    report = make_report("2021", overview="本年度未收取信息处理费。", other_matters="无。")
    [finding] = validate(report)
    assert finding.code == "FEE_OUTSIDE_SECTION6" and finding.quote is not None
    assert finding.quote.field == "overview"
    assert validate(make_report("2019", other_matters="无")) == ()


# The text against the tables ---------------------------------------------------------------


def _with(report: Report, **cells: int) -> Report:
    """Set table cells (``requests__granted__total=3``) without rebalancing."""
    for key, value in cells.items():
        report = _set(report, key.replace("__", "."), value)
    return report


def _text_findings(report: Report) -> list[Finding]:
    return [f for f in validate(report) if f.code.startswith("TEXT_")]


# fmt: off
TEXT_CASES = [
    # (sentence, table cells, expected code or None when it agrees)
    ("2021年，本机关本年新收政府信息公开申请3件，上年结转0件。",
     {"requests__new_received__total": 3}, None),
    ("2021年，本机关本年新收政府信息公开申请3件，上年结转0件。",
     {"requests__new_received__total": 2}, "TEXT_NEW_RECEIVED"),
    ("全年共收到政府信息公开申请5件，其中予以公开3件，部分公开1件，不予公开1件。",
     {"requests__new_received__total": 5, "requests__granted__total": 3}, None),
    ("全年共收到政府信息公开申请5件，其中予以公开3件，部分公开1件，不予公开1件。",
     {"requests__new_received__total": 5, "requests__granted__total": 2}, "TEXT_GRANTED"),
    ("2022年，全区各职能部门、镇街共收到政府信息依申请公开1499件。",
     {"requests__new_received__total": 1499}, None),
    ("2022年，全区各职能部门、镇街共收到政府信息依申请公开1499件。",
     {"requests__new_received__total": 1399}, "TEXT_NEW_RECEIVED"),
    ("本年度共受理依申请公开事项2件（含上年结转1件），均已按时答复。",
     {"requests__new_received__total": 1, "requests__carried_over__total": 1}, None),
    ("其中，予以公开答复966件，占66.48%。", {"requests__granted__total": 966}, None),
    ("其中，予以公开答复966件，占66.48%。", {"requests__granted__total": 96}, "TEXT_GRANTED"),
    ("本年度新收政府信息公开申请两件。", {"requests__new_received__total": 2}, None),
    ("本年度新收政府信息公开申请十二件。",
     {"requests__new_received__total": 21}, "TEXT_NEW_RECEIVED"),
    ("2023年度我局无依申请公开内容。", {}, None),
    ("2023年度我局无依申请公开内容。", {"requests__new_received__total": 4}, "TEXT_NO_REQUESTS"),
    ("截止2020年12月31日，我局无申请公开事项。",
     {"requests__new_received__total": 1}, "TEXT_NO_REQUESTS"),
    ("本年度未收到公民、法人或其他组织提出的政府信息公开申请。",
     {"requests__new_received__total": 2}, "TEXT_NO_REQUESTS"),
    ("本年度未收到公民、法人或其他组织提出的政府信息公开申请。", {}, None),
    ("本年度因政府信息公开工作被申请行政复议1件，被提起行政诉讼0件。",
     {"appeals__review__upheld": 1, "appeals__review__total": 1}, None),
    ("本年度因政府信息公开工作被申请行政复议1件，被提起行政诉讼0件。", {}, "TEXT_REVIEW"),
    ("本年度因政府信息公开工作被申请行政复议1件，被提起行政诉讼0件。",
     {"appeals__review__total": 1, "appeals__litigation_after_review__total": 2},
     "TEXT_LITIGATION"),
    ("全年未发生因政府信息公开引起的行政复议和行政诉讼。", {}, None),
    ("全年未发生因政府信息公开引起的行政复议和行政诉讼。",
     {"appeals__litigation_direct__total": 1}, "TEXT_APPEALS"),
    ("本机关2021年度没有因政府信息公开被申请行政复议、提起行政诉讼的情况。",
     {"appeals__review__total": 1}, "TEXT_APPEALS"),
    ("因政府信息公开申请行政复议、行政诉讼案件均为0件。", {}, None),
    ("因政府信息公开申请行政复议、行政诉讼案件均为0件。",
     {"appeals__review__total": 1}, "TEXT_APPEALS"),
    ("本年度无因政府信息公开引起的行政复议。", {"appeals__review__total": 3}, "TEXT_REVIEW"),
]
# fmt: on


@pytest.mark.parametrize(("sentence", "cells", "code"), TEXT_CASES)
def test_text_against_tables(sentence: str, cells: dict[str, int], code: str | None) -> None:
    overview = f"2021年，我局认真贯彻落实《条例》。\n（二）依申请公开情况。{sentence}"
    report = _with(make_report("2021", overview=overview), **cells)
    findings = _text_findings(report)
    assert [f.code for f in findings] == ([code] if code else [])
    if code:
        [finding] = findings
        assert finding.quote is not None and finding.quote.field == "overview"
        assert sentence.rstrip("。") in finding.quote.text
        assert overview[finding.quote.start : finding.quote.end] == finding.quote.text
        assert finding.quote.text in finding.message
        assert set(finding.cells) <= {
            "requests.new_received.total",
            "requests.granted.total",
            "appeals.review.total",
            "appeals.litigation_direct.total",
            "appeals.litigation_after_review.total",
        }
        assert finding.severity == "warning"


@pytest.mark.parametrize(
    "sentence",
    [
        "截至12月底，主动公开信息85条。",
        "对于书面申请公开的，我局将严格按照《条例》中相关规定予以公开。",
        "本年度不予公开3件，不予以公开2件。",
        "未来将依法做好行政复议应诉工作。",
        "对不服的，可以依法申请行政复议或者提起行政诉讼。",
        "全年收到上年结转申请2件。",
        "无论是否收到申请，均应及时答复。",
        "本机关无法提供的3件，均已告知申请人。",
        "全年共收到网上申请2件、信函申请1件。",
        "本年度主动予以公开文件30件。",
        "科室在拟文时务必按要求选择公开属性的类别（主动公开、依申请公开 或不公开）。",
    ],
)
def test_sentences_that_state_nothing(sentence: str) -> None:
    report = _with(
        make_report("2021", overview=sentence),
        requests__new_received__total=7,
        requests__granted__total=7,
        appeals__review__total=7,
        appeals__litigation_direct__total=7,
    )
    assert _text_findings(report) == []


def test_prose_in_other_sections_is_read() -> None:
    report = _with(
        make_report("2021", other_matters="本年度收到政府信息公开申请3件，未收取信息处理费。"),
        requests__new_received__total=1,
    )
    [finding] = _text_findings(report)
    assert finding.code == "TEXT_NEW_RECEIVED" and finding.quote is not None
    assert finding.quote.field == "other_matters"
    assert (finding.expected, finding.actual) == (1, 3)


# Series ------------------------------------------------------------------------------------


def _pair(data: st.DataObject, first: Generation, second: Generation) -> tuple[Report, Report]:
    years = {"2019": 2019, "2021": 2021}
    start = 2020 if (first, second) == ("2019", "2021") else years[first]
    before = data.draw(reports(first))
    before = attrs.evolve(before, year=start)
    after = data.draw(reports(second, previous=before))
    return before, after


PAIRS = st.sampled_from([("2019", "2019"), ("2021", "2021"), ("2019", "2021")])


@given(st.data(), PAIRS)
def test_series_of_consistent_years(data: st.DataObject, pair: tuple[Generation, ...]) -> None:
    before, after = _pair(data, *pair)
    findings = validate_series([after, before])
    assert [f for f in findings if f.severity != "note"] == []


@given(st.data(), PAIRS, st.sampled_from(COLUMNS))
def test_series_carried_mismatch(
    data: st.DataObject, pair: tuple[Generation, ...], column: str
) -> None:
    before, after = _pair(data, *pair)
    path = f"requests.carried_over.{column}"
    delta = data.draw(st.integers(min_value=-9, max_value=9).filter(bool))
    after = _set(after, path, (_get(after, path) or 0) + delta)
    carried = [f for f in validate_series([before, after]) if f.code == "SERIES_CARRIED"]
    assert [f.cells for f in carried] == [
        (f"{after.year}:{path}", f"{before.year}:requests.carried_forward.{column}")
    ]
    assert carried[0].severity == "error"


@given(
    st.data(),
    st.sampled_from(["regulations", "normative_documents"]),
    st.sampled_from(["issued", "repealed", "in_force"]),
)
def test_series_in_force_mismatch(data: st.DataObject, row: str, column: str) -> None:
    before, after = _pair(data, "2021", "2021")
    path = f"proactive.{row}.{column}"
    delta = data.draw(st.integers(min_value=1, max_value=9))
    after = _set(after, path, (_get(after, path) or 0) + delta)
    found = [f for f in validate_series([before, after]) if f.code == "SERIES_IN_FORCE"]
    assert len(found) == 1 and f"{after.year}:{path}" in found[0].cells


@given(st.data(), st.sampled_from(["licensing", "other_services", "penalties", "coercion", "fees"]))
def test_series_items_mismatch(data: st.DataObject, row: str) -> None:
    before, after = _pair(data, "2019", "2019")
    path = f"proactive.{row}.items_last_year"
    after = _set(after, path, (_get(after, path) or 0) + 1)
    found = [f for f in validate_series([after, before]) if f.code == "SERIES_ITEMS"]
    assert len(found) == 1
    assert found[0].cells[0] == f"{after.year}:{path}"
    assert f"{before.year}:proactive.{row}.items_change" in found[0].cells


def test_series_examples_2021() -> None:
    before = _set(make_report("2021", year=2021), "proactive.regulations", Documents2021(2, 0, 10))
    after = _set(make_report("2021", year=2022), "proactive.regulations", Documents2021(3, 1, 12))
    assert validate_series([before, after]) == ()
    wrong = _set(after, "proactive.regulations.in_force", 13)
    [finding] = validate_series([before, wrong])
    assert finding.code == "SERIES_IN_FORCE"
    assert (finding.expected, finding.actual) == (12, 13)
    assert finding.cells[0] == "2022:proactive.regulations.in_force"
    assert "2022年 表二 规章 现行有效件数" in finding.message


def test_series_examples_2019() -> None:
    before = _set(make_report("2019", year=2019), "proactive.licensing", Items2019(40, -3, 9))
    after = _set(make_report("2019", year=2020), "proactive.licensing", Items2019(37, 2, 5))
    assert validate_series([before, after]) == ()
    wrong = _set(after, "proactive.licensing.items_last_year", 40)
    [finding] = validate_series([before, wrong])
    assert finding.code == "SERIES_ITEMS" and (finding.expected, finding.actual) == (37, 40)


def test_series_example_requests_across_generations() -> None:
    forward = (1, 0, 0, 0, 0, 0)
    results = dict.fromkeys(_result_paths("2019"), (0,) * 6)
    results["granted"] = (2, 0, 0, 0, 0, 0)
    before = attrs.evolve(
        make_report("2019", year=2020),
        requests=_build_requests("2019", results, (0,) * 6, forward),
    )
    zero = dict.fromkeys(_result_paths("2021"), (0,) * 6)
    after = attrs.evolve(
        make_report("2021", year=2021),
        requests=_build_requests("2021", zero, forward, (1, 0, 0, 0, 0, 0)),
    )
    assert validate(before) == () and validate(after) == ()
    assert validate_series([before, after]) == ()
    dropped = attrs.evolve(after, requests=build_report("2021").requests)
    codes = [f.code for f in validate_series([before, dropped])]
    assert codes == ["SERIES_CARRIED", "SERIES_CARRIED"]  # 自然人 and 总计


def test_series_years_and_organs() -> None:
    a = make_report("2019", year=2019)
    b = make_report("2019", year=2020)
    d = make_report("2021", year=2022)
    findings = validate_series([a, b, b, d])
    assert {f.code for f in findings} == {"SERIES_DUPLICATE_YEAR", "SERIES_MISSING_YEAR"}
    other = make_report("2021", year=2021, agency="另一个局")
    unnamed = make_report("2021", year=2022, agency=None)
    no_year = attrs.evolve(make_report("2021"), year=None)
    codes = {f.code: f for f in validate_series([a, b, other, unnamed, no_year])}
    assert set(codes) == {"SERIES_MIXED_AGENCY", "SERIES_AGENCY_UNKNOWN", "SERIES_YEAR_UNKNOWN"}
    assert codes["SERIES_MIXED_AGENCY"].cells == ("2021:agency",)
    assert codes["SERIES_MIXED_AGENCY"].actual == "另一个局"
    assert validate_series([]) == ()


# The public API and its documentation ------------------------------------------------------


def test_every_code_is_documented() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "validation.md").read_text(encoding="utf-8")
    for code, (severity, _) in CODES.items():
        assert re.search(rf"\| `{code}` \| {severity} \|", doc), code
    assert all(code == code.upper() for code in CODES)


def test_finding_is_frozen_and_serialisable() -> None:
    finding = validate(_set(make_report("2021"), "appeals.review.upheld", 1))[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        finding.code = "X"  # type: ignore[misc]
    data = finding.to_dict()
    assert data["cells"] == list(finding.cells) and data["quote"] is None
    assert zfxxgk.Finding is Finding and zfxxgk.validate is validate
    assert {"Finding", "validate", "validate_series"} <= set(zfxxgk.__all__)
