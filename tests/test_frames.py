"""to_dataframe (long and wide, both generations), summarize, and Report._repr_html_."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from typing import Any

import attrs
import pandas as pd
import pytest

import zfxxgk
from zfxxgk.cells import cells

from .conftest import SEEDS


@pytest.fixture(scope="module")
def reports() -> list[zfxxgk.Report]:
    parsed = [zfxxgk.parse_file(path) for path in SEEDS]
    assert {report.generation for report in parsed} == {"2019", "2021"}
    return parsed


def _leaves(data: Any, prefix: str) -> dict[str, Any]:
    """The cells of to_dict's output under a table, by key path: an independent walk."""
    if not isinstance(data, dict):
        return {prefix: data}
    found: dict[str, Any] = {}
    for key, value in data.items():
        found.update(_leaves(value, f"{prefix}.{key}"))
    return found


def _expected(report: zfxxgk.Report, table: str) -> dict[str, Any]:
    leaves = _leaves(zfxxgk.to_dict(report)[table], table)
    # to_dict writes money as a decimal string; the frames hold it as a float.
    return {key: float(Decimal(v)) if isinstance(v, str) else v for key, v in leaves.items()}


def _value(value: Any) -> Any:
    return None if value is pd.NA else value


@pytest.mark.parametrize("table", ["requests", "proactive", "appeals"])
def test_long_form_has_every_cell_of_every_report(reports: list[zfxxgk.Report], table: str) -> None:
    sources = [str(path) for path in SEEDS]
    frame = zfxxgk.to_dataframe(reports, table, sources=sources)
    assert list(frame.columns) == [
        "report", "source", "agency", "year", "generation", "title",
        "table", "key", "group", "row", "column", "value",
    ]  # fmt: skip
    for index, report in enumerate(reports):
        rows = frame[frame["report"] == index]
        assert set(rows["source"]) == {sources[index]}
        assert set(rows["generation"]) == {report.generation}
        assert set(rows["year"]) == {report.year}
        assert set(rows["table"]) == {table}
        got = {key: _value(value) for key, value in zip(rows["key"], rows["value"], strict=True)}
        assert got == _expected(report, table)
    assert frame["value"].dtype == ("Float64" if table == "proactive" else "Int64")


def test_long_form_labels_are_the_printed_ones(reports: list[zfxxgk.Report]) -> None:
    frame = zfxxgk.to_dataframe(reports, "all")
    assert set(frame["table"]) == {"proactive", "requests", "appeals"}

    def labels(key: str) -> set[tuple[str, str, str]]:
        rows = frame[frame["key"] == key]
        return set(zip(rows["group"], rows["row"], rows["column"], strict=True))

    assert labels("requests.withheld.state_secret.natural_person") == {
        ("（三）不予公开", "1. 属于国家秘密", "自然人")
    }
    assert labels("appeals.litigation_direct.corrected") == {
        ("", "行政诉讼 未经复议直接起诉", "结果纠正")
    }
    assert labels("proactive.licensing.decisions") == {
        ("", "行政许可", "处理决定数量"),  # 2019
        ("", "行政许可", "本年处理决定数量"),  # 2021
    }
    # A key one generation lacks has no row for that generation's reports.
    only_2021 = frame[frame["key"] == "requests.other_handling.no_correction.total"]
    assert set(only_2021["generation"]) == {"2021"}
    assert len(only_2021) == sum(report.generation == "2021" for report in reports)


def test_wide_form_mixes_generations_with_missing_not_zero(
    reports: list[zfxxgk.Report],
) -> None:
    frame = zfxxgk.to_dataframe(reports, "requests", "wide")
    assert len(frame) == len(reports)
    assert frame.index.name == "report"
    assert list(frame.columns[:5]) == ["source", "agency", "year", "generation", "title"]
    keys = set(frame.columns[5:])
    assert keys == {cell.key for g in ("2019", "2021") for cell in cells(g, "requests")}
    for index, report in enumerate(reports):
        expected = _expected(report, "requests")
        row = frame.loc[index]
        for key in keys:
            if key in expected:
                assert _value(row[key]) == expected[key], key
            else:  # the other generation's key: missing, not 0
                assert row[key] is pd.NA, key
    assert all(frame[key].dtype == "Int64" for key in keys)
    # Columns in printed order: 2021's three 其他处理 rows sit where 2019's one row is.
    columns = list(frame.columns)
    assert (
        columns.index("requests.not_processed.confirmation.total")
        < columns.index("requests.other_handling.no_correction.natural_person")
        < columns.index("requests.total.natural_person")
    )


def test_wide_proactive_money_and_blank_cells(reports: list[zfxxgk.Report]) -> None:
    blanked = attrs.evolve(
        reports[0],
        requests=attrs.evolve(
            reports[0].requests,
            granted=attrs.evolve(reports[0].requests.granted, research=None),
        ),
    )
    wide = zfxxgk.to_dataframe([*reports, blanked], "all", "wide")
    amount = reports[0].proactive.procurement.amount  # type: ignore[union-attr]
    assert amount is not None
    assert wide.loc[0, "proactive.procurement.amount"] == float(amount)
    assert wide["proactive.procurement.amount"].dtype == "Float64"
    assert wide.loc[len(reports), "requests.granted.research"] is pd.NA  # blank, not 0
    long = zfxxgk.to_dataframe([blanked], "requests")
    cell = long[long["key"] == "requests.granted.research"]["value"]
    assert cell.isna().all() and len(cell) == 1


def test_empty_input_gives_the_columns_and_dtypes() -> None:
    long = zfxxgk.to_dataframe([], "all")
    assert len(long) == 0 and long["value"].dtype == "Float64"
    assert long["year"].dtype == "Int64"
    wide = zfxxgk.to_dataframe([], "appeals", "wide")
    assert len(wide) == 0 and "appeals.review.corrected" in wide.columns


def test_bad_arguments(reports: list[zfxxgk.Report]) -> None:
    with pytest.raises(ValueError, match="table must be one of"):
        zfxxgk.to_dataframe(reports, "表三")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="form must be"):
        zfxxgk.to_dataframe(reports, "requests", "tall")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="5 reports but 1 sources"):
        zfxxgk.to_dataframe(reports, sources=["one"])
    error = zfxxgk.ParseError("bad")
    with pytest.raises(TypeError, match=r"reports\[1\] is a ParseError.*parse_many"):
        zfxxgk.to_dataframe([reports[0], error])  # type: ignore[list-item]


def test_missing_pandas_says_which_extra(
    reports: list[zfxxgk.Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'zfxxgk\[pandas\]'"):
        zfxxgk.to_dataframe(reports)
    with pytest.raises(ImportError, match=r"pip install 'zfxxgk\[pandas\]'"):
        zfxxgk.summarize(reports)


def test_import_zfxxgk_loads_neither_pandas_nor_dask() -> None:
    code = (
        "import sys, zfxxgk; zfxxgk.parse_many; zfxxgk.to_dataframe; zfxxgk.summarize; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pandas', 'dask', 'distributed', 'pyarrow', 'matplotlib', 'numpy'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# summarize ---------------------------------------------------------------------------------


def _sum(*numbers: int | None) -> int | None:
    printed = [n for n in numbers if n is not None]
    return sum(printed) if printed else None


def _figures(report: zfxxgk.Report) -> dict[str, Any]:
    """The figures from the report's own fields, written out separately from summary.py."""
    q, a = report.requests, report.appeals
    w = q.withheld
    withheld = _sum(
        w.state_secret.total, w.prohibited_by_law.total, w.three_safeties.total,
        w.third_party_rights.total, w.internal_affairs.total, w.process_information.total,
        w.enforcement_files.total, w.inquiry_matters.total,
    )  # fmt: skip
    granted = _sum(q.granted.total, q.partially_granted.total)
    handled = q.total.total
    litigation = (a.litigation_direct, a.litigation_after_review)
    decided_review = _sum(a.review.upheld, a.review.corrected, a.review.other)
    decided_litigation = _sum(*(n for b in litigation for n in (b.upheld, b.corrected, b.other)))
    corrected_litigation = _sum(*(b.corrected for b in litigation))
    findings = zfxxgk.validate(report)
    return {
        "agency": report.agency,
        "year": report.year,
        "received": q.new_received.total,
        "handled": handled,
        "granted": q.granted.total,
        "partially_granted": q.partially_granted.total,
        "withheld": withheld,
        "review": a.review.total,
        "litigation": _sum(*(b.total for b in litigation)),
        "granted_share": granted / handled if granted is not None and handled else None,
        "review_corrected_share": (
            a.review.corrected / decided_review
            if a.review.corrected is not None and decided_review
            else None
        ),
        "litigation_corrected_share": (
            corrected_litigation / decided_litigation
            if corrected_litigation is not None and decided_litigation
            else None
        ),
        "findings": len(findings),
        "errors": sum(f.severity == "error" for f in findings),
    }


def _busy(report: zfxxgk.Report) -> zfxxgk.Report:
    """A seed with requests and appeals, so that every share has something to divide."""
    counts = zfxxgk.ApplicantCounts

    def row(n: int) -> zfxxgk.ApplicantCounts:
        return counts(natural_person=n, commercial=0, research=0, social_welfare=0,
                      legal_services=0, other=0, total=n)  # fmt: skip

    requests = attrs.evolve(
        report.requests,
        new_received=row(10),
        granted=row(5),
        partially_granted=row(2),
        withheld=attrs.evolve(report.requests.withheld, state_secret=row(1)),
        total=row(10),
    )
    appeals = zfxxgk.Appeals(
        review=zfxxgk.AppealCounts(upheld=2, corrected=1, other=1, pending=1, total=5),
        litigation_direct=zfxxgk.AppealCounts(upheld=1, corrected=1, other=0, pending=0, total=2),
        litigation_after_review=zfxxgk.AppealCounts(None, None, None, None, None),
    )
    return attrs.evolve(report, requests=requests, appeals=appeals, agency="测试局")


def _frame_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = [c for c in frame.columns if c not in ("report", "source", "generation", "title")]
    return [
        {column: _value(value) for column, value in zip(columns, values, strict=True)}
        for values in frame[columns].itertuples(index=False)
    ]


def test_summarize_figures_from_the_reports(reports: list[zfxxgk.Report]) -> None:
    everything = [*reports, _busy(reports[0])]
    frame = zfxxgk.summarize(everything, sources=[*map(str, SEEDS), "busy"])
    # One row per report, sorted by agency then year, unnamed agencies last.
    order = sorted(
        range(len(everything)),
        key=lambda i: (everything[i].agency is None, everything[i].agency or "", i),
    )
    assert list(frame["report"]) == order
    for got, index in zip(_frame_rows(frame), order, strict=True):
        assert got == pytest.approx(_figures(everything[index]))
    busy = frame[frame["source"] == "busy"].iloc[0]
    assert busy["granted_share"] == pytest.approx(0.7)
    assert busy["review_corrected_share"] == pytest.approx(0.25)
    assert busy["litigation_corrected_share"] == pytest.approx(0.5)
    assert busy["litigation"] == 2
    assert frame["received"].dtype == "Int64" and frame["granted_share"].dtype == "Float64"


# _repr_html_ -------------------------------------------------------------------------------


def test_repr_html_shows_the_tables_escaped(reports: list[zfxxgk.Report]) -> None:
    report = attrs.evolve(reports[0], agency="<script>alert('x')</script>&co")
    page = report._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;co" in page
    for table in ("表二", "表三", "表四"):
        assert f"<caption>{table} " in page
    assert "1. 属于国家秘密" in page and "结果纠正" in page and "采购总金额（万元）" in page
    assert ">26.23</td>" in page  # money as printed, in 万元
    assert page.count('<td class="n') == sum(
        len(cells("2019", t)) for t in ("proactive", "requests", "appeals")
    )
    later = reports[1]._repr_html_()
    assert "1. 申请人无正当理由逾期不补正" in later and "本年处理决定数量" in later


def test_repr_html_leaves_blank_cells_empty(reports: list[zfxxgk.Report]) -> None:
    report = attrs.evolve(
        reports[0], appeals=attrs.evolve(reports[0].appeals, review=zfxxgk.AppealCounts())
    )
    page = report._repr_html_()
    assert page.count('<td class="n blank" title="blank (None)"></td>') == 5
