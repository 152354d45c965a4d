"""to_dataframe (long, wide, findings; both generations), summarize, and the HTML views."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from typing import Any

import attrs
import pandas as pd
import pytest

import zfxxgk
from zfxxgk._cells import cells

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
    # to_dict writes money as a decimal string; the frames hold the exact Decimal.
    return {key: Decimal(v) if isinstance(v, str) else v for key, v in leaves.items()}


def _value(value: Any) -> Any:
    return None if value is pd.NA else value


@pytest.mark.parametrize("table", ["requests", "proactive", "appeals"])
def test_long_form_has_every_cell_of_every_report(reports: list[zfxxgk.Report], table: str) -> None:
    sources = [str(path) for path in SEEDS]
    frame = zfxxgk.to_dataframe(reports, table, sources=sources)
    money = ["amount"] if table == "proactive" else []
    assert list(frame.columns) == [
        "report", "source", "agency", "year", "generation",
        "table", "key", "group", "row", "column", "value", *money,
    ]  # fmt: skip
    for index, report in enumerate(reports):
        rows = frame[frame["report"] == index]
        assert set(rows["source"]) == {sources[index]}
        assert set(rows["generation"]) == {report.generation}
        assert set(rows["year"]) == {report.year}
        assert set(rows["table"]) == {table}
        amounts = rows["amount"] if money else [pd.NA] * len(rows)
        got = {
            key: _value(amount) if _value(amount) is not None else _value(value)
            for key, value, amount in zip(rows["key"], rows["value"], amounts, strict=True)
        }
        assert got == _expected(report, table)
        # The money is the exact Decimal, and its row holds no count.
        for value, amount in zip(rows["value"], amounts, strict=True):
            assert amount is pd.NA or (isinstance(amount, Decimal) and value is pd.NA)
    assert frame["value"].dtype == "Int64"


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
    got = wide.loc[0, "proactive.procurement.amount"]
    assert isinstance(got, Decimal) and got == amount and str(got) == str(amount)
    assert wide["proactive.procurement.amount"].dtype == object
    # Sums stay exact: Decimal arithmetic, blanks skipped.
    printed = [
        getattr(getattr(r.proactive, "procurement", None), "amount", None)
        for r in [*reports, blanked]
    ]
    total = wide["proactive.procurement.amount"].sum()
    assert total == sum(a for a in printed if a is not None) and isinstance(total, Decimal)
    assert wide.loc[len(reports), "requests.granted.research"] is pd.NA  # blank, not 0
    long = zfxxgk.to_dataframe([blanked], "requests")
    cell = long[long["key"] == "requests.granted.research"]["value"]
    assert cell.isna().all() and len(cell) == 1


def test_empty_input_gives_the_columns_and_dtypes() -> None:
    long = zfxxgk.to_dataframe([], "all")
    assert len(long) == 0 and long["value"].dtype == "Int64"
    assert long["amount"].dtype == object
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
    counts = zfxxgk.model.ApplicantCounts

    def row(n: int) -> zfxxgk.model.ApplicantCounts:
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
    appeals = zfxxgk.model.Appeals(
        review=zfxxgk.model.AppealCounts(upheld=2, corrected=1, other=1, pending=1, total=5),
        litigation_direct=zfxxgk.model.AppealCounts(
            upheld=1, corrected=1, other=0, pending=0, total=2
        ),
        litigation_after_review=zfxxgk.model.AppealCounts(None, None, None, None, None),
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


# to_dataframe(table="findings") -----------------------------------------------------------


def _broken(report: zfxxgk.Report) -> zfxxgk.Report:
    """The report with 表三 （一）予以公开 商业企业 raised by 2: its row and column fail."""
    requests = report.requests
    granted = attrs.evolve(requests.granted, commercial=(requests.granted.commercial or 0) + 2)
    return attrs.evolve(report, requests=attrs.evolve(requests, granted=granted))


def test_findings_frame_has_one_row_per_finding(reports: list[zfxxgk.Report]) -> None:
    everything = [*reports, _broken(reports[0])]
    frame = zfxxgk.to_dataframe(everything, "findings", sources=[f"r{i}" for i in range(6)])
    assert list(frame.columns) == [
        "report", "source", "agency", "year", "generation",
        "code", "severity", "cells", "expected", "actual", "message", "quote",
    ]  # fmt: skip
    for index, report in enumerate(everything):
        rows = frame[frame["report"] == index]
        found = zfxxgk.validate(report)
        assert len(rows) == len(found)
        for row, finding in zip(rows.itertuples(), found, strict=True):
            assert (row.code, row.severity, row.cells, row.message) == (
                finding.code, finding.severity, finding.cells, finding.message,
            )  # fmt: skip
            assert (row.expected, row.actual) == (finding.expected, finding.actual)
            assert row.source == f"r{index}"
    broken = frame[frame["report"] == len(reports)]
    assert {"T3_ROW_TOTAL", "T3_RESULTS_TOTAL"} <= set(broken["code"])
    errors = broken[broken["severity"] == "error"]
    assert all("requests.granted.commercial" in named for named in errors["cells"])
    assert frame["severity"].dtype == "string" and frame["year"].dtype == "Int64"
    with pytest.raises(ValueError, match="only the long form"):
        zfxxgk.to_dataframe(everything, "findings", "wide")
    assert list(zfxxgk.to_dataframe([], "findings").columns) == list(frame.columns)


# The HTML views ----------------------------------------------------------------------------


def _tree(page: str) -> Any:
    import lxml.html

    return lxml.html.fragment_fromstring(page, create_parent="div")


def _cell(tree: Any, key: str) -> Any:
    (found,) = tree.xpath(f'//td[@data-key="{key}"]')
    return found


def test_repr_html_shows_the_tables_escaped(reports: list[zfxxgk.Report]) -> None:
    report = attrs.evolve(reports[0], agency="<script>alert('x')</script>&co")
    page = report._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;co" in page
    tree = _tree(page)
    captions = [c.text_content() for c in tree.xpath("//table[@class='zfxxgk-table']/caption")]
    assert [c.split()[0] for c in captions] == ["表二", "表三", "表四"]
    assert "1. 属于国家秘密" in page and "结果纠正" in page and "采购总金额（万元）" in page
    # Money as printed, in 万元, and every cell of the generation, each once.
    assert _cell(tree, "proactive.procurement.amount").text_content() == "26.23"
    shown = tree.xpath("//td[contains(@class, 'zfxxgk-n')]/@data-key")
    expected = [c.key for t in ("proactive", "requests", "appeals") for c in cells("2019", t)]
    assert sorted(shown) == sorted(expected)
    later = reports[1]._repr_html_()
    assert "1. 申请人无正当理由逾期不补正" in later and "本年处理决定数量" in later


def test_repr_html_leaves_blank_cells_empty_and_hatched(reports: list[zfxxgk.Report]) -> None:
    report = attrs.evolve(
        reports[0], appeals=attrs.evolve(reports[0].appeals, review=zfxxgk.model.AppealCounts())
    )
    tree = _tree(report._repr_html_())
    blanks = tree.xpath("//td[contains(@class, 'zfxxgk-blank')]")
    assert sorted(td.get("data-key") for td in blanks) == sorted(
        f"appeals.review.{name}" for name in ("upheld", "corrected", "other", "pending", "total")
    )
    for td in blanks:
        assert td.text_content() == ""  # blank, not 0
        assert "repeating-linear-gradient" in td.get("style")


def test_repr_html_styles_survive_a_notebook_stylesheet(reports: list[zfxxgk.Report]) -> None:
    """Jupyter right-aligns cells, centres tables and stripes rows: inline styles win."""
    tree = _tree(_broken(reports[1])._repr_html_())
    for element in tree.xpath("//th | //td"):
        assert "text-align:" in element.get("style", ""), element.text_content()
    labels = tree.xpath("//table[@class='zfxxgk-table']//tr[td]/th")  # row labels
    assert len(labels) > 30
    for th in labels:
        assert "text-align:left" in th.get("style"), th.text_content()
    for row in tree.xpath("//tr"):
        assert row.get("style") == "background:transparent"
    for table in tree.xpath("//table"):
        assert "margin:0.3em 0 1em 0" in table.get("style")
    assert "<style" not in tree.text_content() and not tree.xpath("//style")


def test_repr_html_marks_the_cells_findings_name(reports: list[zfxxgk.Report]) -> None:
    report = _broken(reports[0])
    found = zfxxgk.validate(report)
    page = report._repr_html_()
    tree = _tree(page)
    errors = [n for n, f in enumerate(found, start=1) if f.severity == "error"]
    assert errors, "the broken identity is found"
    # The cell both failed identities name is shaded red and carries their numbers.
    cell = _cell(tree, "requests.granted.commercial")
    assert "zfxxgk-error" in cell.get("class") and "rgba(220,38,38" in cell.get("style")
    numbers = cell.xpath("./sup")[0].text_content().split(",")
    assert {str(n) for n in errors} <= set(numbers)
    # A cell no finding names is left alone.
    plain = _cell(tree, "requests.new_received.natural_person")
    assert plain.get("class") == "zfxxgk-n" and not plain.xpath("./sup")
    # The findings are listed under the tables, each with its code and message.
    listed = tree.xpath("//table[@class='zfxxgk-findings']/tbody/tr")
    assert len(listed) == len(found)
    for row, finding in zip(listed, found, strict=True):
        text = row.text_content()
        assert finding.code in text and finding.message.partition(" / ")[0] in text
    assert f"findings: {len(errors)} error" in tree.text_content()
    clean = _tree(reports[2]._repr_html_())
    assert not clean.xpath("//td[contains(@class, 'zfxxgk-error')]")


def test_findings_view(reports: list[zfxxgk.Report]) -> None:
    from zfxxgk.display import Findings

    found = zfxxgk.validate(_broken(reports[0]))
    view = Findings(found)
    assert view == found and isinstance(view, tuple)
    tree = _tree(view._repr_html_())
    rows = tree.xpath("//table[@class='zfxxgk-findings']/tbody/tr")
    assert [row.xpath("./td")[2].text_content() for row in rows] == [f.code for f in found]
    # A long list of cells folds away after four.
    long = next(f for f in found if len(f.cells) > 5)
    row = rows[found.index(long)]
    assert len(row.xpath("./td")[3].xpath("./code")) == 4
    assert len(row.xpath("./td")[3].xpath(".//details/code")) == len(long.cells) - 4
    assert "no findings" in Findings(())._repr_html_()
    # The findings of a series name cells with a year, and show as they are.
    series = Findings(zfxxgk.validate_series(reports))
    assert all(f.code in series._repr_html_() for f in series)


def test_a_one_row_other_handling_of_a_2021_report_is_in_every_view(
    reports: list[zfxxgk.Report],
) -> None:
    # The （六） of the older form in a 2021 table: its printed numbers are kept, under the
    # keys of the template that prints it so, never shown as blank sub-rows.
    report = next(r for r in reports if r.generation == "2021")
    one_row = zfxxgk.model.ApplicantCounts(3, 3, 3, 3, 3, 3, 18)
    report = attrs.evolve(report, requests=attrs.evolve(report.requests, other_handling=one_row))
    long = zfxxgk.to_dataframe([report])
    printed = long[long["key"].str.startswith("requests.other_handling")]
    assert list(printed["key"]) == [
        f"requests.other_handling.{n}" for n in attrs.fields_dict(zfxxgk.model.ApplicantCounts)
    ]
    assert list(printed["value"]) == [3, 3, 3, 3, 3, 3, 18]
    assert set(printed["row"]) == {"（六）其他处理"}
    wide = zfxxgk.to_dataframe([report], form="wide")
    assert wide["requests.other_handling.total"].iloc[0] == 18
    assert "requests.other_handling.no_correction.total" in wide.columns  # its own template's
    html = report._repr_html_()
    assert 'data-key="requests.other_handling.total"' in html
    assert "requests.other_handling.no_correction" not in html
