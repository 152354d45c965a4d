"""parse(): every cell lands in its field, through label variants and extraction damage."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

import zfxxgk

from .reportkit import COLUMNS, cell_value, line_of, report_text, request_rows


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _assert_requests_in_place(report: zfxxgk.Report) -> None:
    for row, (_, path) in enumerate(request_rows(report.generation)):
        counts = _get(report.requests, path)
        got = [getattr(counts, column) for column in (*COLUMNS, "total")]
        assert got == [cell_value(row, column) for column in range(7)], path


@pytest.mark.parametrize("generation", ["2019", "2021"])
def test_every_cell_lands_in_its_field(generation: str) -> None:
    report = zfxxgk.parse(report_text(generation))
    assert report.generation == generation
    _assert_requests_in_place(report)
    review = report.appeals.review
    assert (review.upheld, review.total) == (100, 104)
    assert report.appeals.litigation_after_review.total == 114
    assert report.agency == "测试县卫生健康局"
    assert report.year == (2021 if generation == "2021" else 2020)
    assert report.published_on == datetime.date(report.year + 1, 1, 20)
    assert report.overview.startswith(f"{report.year}年，本局")
    assert report.problems == "一是公开内容还不够丰富。"
    assert report.other_matters == "本机关未收取信息处理费。"


def test_proactive_2021() -> None:
    proactive = zfxxgk.parse(report_text("2021")).proactive
    assert isinstance(proactive, zfxxgk.model.Proactive2021)
    assert proactive.regulations == zfxxgk.model.Documents2021(1, 2, 3)
    assert proactive.normative_documents == zfxxgk.model.Documents2021(4, 5, 6)
    assert (proactive.licensing.decisions, proactive.penalties.decisions) == (7, 8)
    assert proactive.coercion.decisions == 9
    assert proactive.fees.amount == Decimal("1.5")


def test_proactive_2019() -> None:
    proactive = zfxxgk.parse(report_text("2019")).proactive
    assert isinstance(proactive, zfxxgk.model.Proactive2019)
    assert proactive.licensing == zfxxgk.model.Items2019(7, 1, 8)
    assert proactive.other_services == zfxxgk.model.Items2019(9, 0, 10)
    assert proactive.penalties == zfxxgk.model.Items2019(11, -2, 12)
    assert proactive.fees == zfxxgk.model.Fees2019(15, 0)
    assert proactive.procurement == zfxxgk.model.Procurement(16, Decimal("26.23"))


# Label variants real reports print: each maps to the same field. -----------------------

VARIANTS = [
    ("社会公益组织", "社会组织"),
    ("法律服务机构", "律师事务所"),
    ("行政规范性文件", "规范性文件"),
    ("三、本年度办理结果", "三、本年度办理办结情况"),
    ("（三）不予公开", "（三）不予以公开"),
    ("5.属于三类内部事务信息", "5.属于第三类内部事务信息"),
    ("6.属于四类过程性信息", "6.属于第四类过程性信息"),
    ("1.信访举报投诉类申请", "1.信访举报类申请"),
    ("第二十条第（六）项", "第二十六条第（六）项"),
    ("1.属于国家秘密", "1、属于国家秘密"),
    ("2.其他法律行政法规禁止公开", "2．其他法律行政法规禁止公开"),
    ("（一）予以公开", "(一) 予以公开"),
    ("3.要求提供公开出版物", "（3）要求提供公开出版物"),
]


@pytest.mark.parametrize(("official", "variant"), VARIANTS, ids=[v for _, v in VARIANTS])
def test_label_variant(official: str, variant: str) -> None:
    text = report_text("2021")
    assert official in text
    report = zfxxgk.parse(text.replace(official, variant))
    _assert_requests_in_place(report)
    assert report.proactive.normative_documents == zfxxgk.model.Documents2021(4, 5, 6)  # type: ignore[union-attr]


def test_signed_change_variants() -> None:
    text = report_text("2019").replace("行政许可\t7\t增1\t8", "行政许可\t7\t+3\t8")
    text = text.replace("行政处罚\t11\t减2\t12", "行政处罚\t11\t减少2\t12")
    proactive = zfxxgk.parse(text).proactive
    assert isinstance(proactive, zfxxgk.model.Proactive2019)
    assert (proactive.licensing.items_change, proactive.penalties.items_change) == (3, -2)


def test_section_heading_variants() -> None:
    text = report_text("2021")
    text = text.replace("五、存在的主要问题及改进情况", "#### 五、存在的主要问题和改进措施")
    text = text.replace("四、政府信息公开行政复议、行政诉讼情况", "四、公开行政复议、行政诉讼情况")
    text = text.replace("一、总体情况", "### 一、政府信息公开工作总体情况")
    report = zfxxgk.parse(text)
    assert report.problems == "一是公开内容还不够丰富。"
    assert report.overview.startswith("2021年")


# Normalization: extraction damage the grammar never sees. -----------------------------


def test_full_width_digits_and_padded_cells() -> None:
    text = report_text("2021").replace("规章\t1\t2\t3", "规章\t１\t 2\t３ ")
    assert zfxxgk.parse(text).proactive.regulations == zfxxgk.model.Documents2021(1, 2, 3)  # type: ignore[union-attr]


def test_spaces_inside_labels_and_thousands() -> None:
    text = report_text("2021").replace("行政许可\t7", "行 政 许 可\t1,342")
    assert zfxxgk.parse(text).proactive.licensing.decisions == 1342  # type: ignore[union-attr]


def test_blank_lines_and_page_break_inside_table() -> None:
    text = report_text("2021")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if "4.保护第三方合法权益" in line)
    junk = ["", "---", "", "- 3 -", "果\t\t申请人情况", "\t\t自然人\t法人或其他组织", ""]
    lines[at + 1 : at + 1] = junk
    # The row after the break carries a broken fragment of its group label.
    lines[at + 1 + len(junk)] = "果" + lines[at + 1 + len(junk)]
    _assert_requests_in_place(zfxxgk.parse("\n".join(lines)))


def test_markdown_marks_and_bookmarks() -> None:
    heading = "二、主动公开政府信息情况"
    text = report_text("2021").replace(heading, f"## **{heading}**")
    text = text.replace("本机关未收取信息处理费。", "[bookmark: _GoBack]本机关未收取信息处理费。")
    report = zfxxgk.parse(text)
    assert report.other_matters == "本机关未收取信息处理费。"


def _as_cells_layout(text: str) -> str:
    """Rewrite the tsv tables in the one-cell-per-line layout of Word extraction."""
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            out.extend("\t" + cell for cell in line.split("\t"))
            out.append("")
        else:
            out.append(line)
    return "\n".join(out)


def test_one_cell_per_line_layout() -> None:
    report = zfxxgk.parse(_as_cells_layout(report_text("2019")))
    _assert_requests_in_place(report)


def test_label_split_over_lines_in_cells_layout() -> None:
    text = _as_cells_layout(report_text("2021"))
    text = text.replace("\t5.属于三类内部事务信息\n", "\t5.属于三类\n\n内部事务信息\n")
    text = text.replace("\t社会公益组织\n", "\t社会公\n益组织\n")
    _assert_requests_in_place(zfxxgk.parse(text))


def test_markdown_pipe_tables() -> None:
    lines = []
    for line in report_text("2021").split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            lines.append("| " + " | ".join(cells) + " |")
            if cells[0].startswith("信息内容"):
                lines.append("|" + "---|" * len(cells))
        else:
            lines.append(line)
    _assert_requests_in_place(zfxxgk.parse("\n".join(lines)))


def test_crlf_and_bom_free_text() -> None:
    _assert_requests_in_place(zfxxgk.parse(report_text("2021").replace("\n", "\r\n")))


# Blanks are not zeros, extra columns are not shifted. -----------------------------------


@pytest.mark.parametrize("blank", ["", "/", "—", "-", "无"])
def test_blank_cell_is_none(blank: str) -> None:
    text = report_text("2021").replace("规章\t1\t2\t3", f"规章\t1\t{blank}\t3")
    assert zfxxgk.parse(text).proactive.regulations == zfxxgk.model.Documents2021(1, None, 3)  # type: ignore[union-attr]


def test_extra_zero_past_the_header_is_an_error() -> None:
    # A 0 where the header has no column may be a shifted value: never dropped.
    index = [path for _, path in request_rows("2021")].index("total")
    row = "\t（七）总计\t" + "\t".join(str(cell_value(index, c)) for c in range(7))
    text = report_text("2021")
    assert row in text
    damaged = text.replace(row, row + "\t0")
    with pytest.raises(zfxxgk.ParseError) as caught:
        zfxxgk.parse(damaged)
    assert caught.value.line == line_of(damaged, "（七）总计")
    assert "（七）总计" in caught.value.where
    assert "found 8 cells" in str(caught.value)


def test_empty_cells_past_the_header_are_padding() -> None:
    index = [path for _, path in request_rows("2021")].index("total")
    row = "\t（七）总计\t" + "\t".join(str(cell_value(index, c)) for c in range(7))
    text = report_text("2021")
    report = zfxxgk.parse(text.replace(row, row + "\t\t"))
    _assert_requests_in_place(report)


def test_money_in_yuan_is_converted_and_noted() -> None:
    text = report_text("2021").replace("行政事业性收费\t1.5", "行政事业性收费\t251000元")
    report = zfxxgk.parse(text)
    assert report.proactive.fees.amount == Decimal("25.1")  # type: ignore[union-attr]
    assert any("251000元" in note for note in report.notes)


def test_generation_comes_from_the_tables_not_the_year() -> None:
    report = zfxxgk.parse(report_text("2019", year=2022))
    assert (report.generation, report.year) == ("2019", 2022)


def test_row_of_blank_cells_and_headings_with_trailing_tabs() -> None:
    text = report_text("2019").replace("政府集中采购\t16\t26.23", "政府集中采购\t\t")
    text = text.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况\t\t")
    text = text.replace("本机关未收取信息处理费。", "本机关未收取信息处理费。\t")
    report = zfxxgk.parse(text)
    assert report.proactive.procurement == zfxxgk.model.Procurement(None, None)  # type: ignore[union-attr]
    assert report.problems == "一是公开内容还不够丰富。"
    assert report.other_matters == "本机关未收取信息处理费。"


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("测试县卫生健康局2021年政府信息公开工作年度报告", "测试县卫生健康局", 2021),
        ("2021年度测试县卫生健康局政府信息公开工作年度报告", "测试县卫生健康局", 2021),
        ("测试县卫生健康局关于2021年度政府信息公开工作的年度报告", "测试县卫生健康局", 2021),
        ("测试县卫生健康局 2021 年政务公开年报", "测试县卫生健康局", 2021),
        ("关于2021年度测试县人民政府信息公开工作的年度报告", "测试县人民政府", 2021),
        ("2021年度测试县政府信息公开工作年度报告", "测试县政府", 2021),
        ("2021年政府信息公开工作年度报告", None, 2021),
    ],
)
def test_title_variants_without_signature(title: str, agency: str | None, year: int) -> None:
    text = report_text("2021").replace("测试县卫生健康局2021年政府信息公开工作年度报告", title)
    text = text.replace("\n测试县卫生健康局\n2022年1月20日\n", "\n")
    report = zfxxgk.parse(text)
    assert (report.agency, report.year, report.published_on) == (agency, year, None)


def test_missing_overview_heading_is_noted() -> None:
    report = zfxxgk.parse(report_text("2021").replace("一、总体情况\n", ""))
    assert report.overview.startswith("2021年，本局")
    assert any("一、总体情况" in note for note in report.notes)


def test_total_printed_as_heji() -> None:
    _assert_requests_in_place(zfxxgk.parse(report_text("2021").replace("（七）总计", "（七）合计")))


def test_prose_starting_with_a_year_is_not_a_heading() -> None:
    text = report_text("2021").replace(
        "一、总体情况\n", "一、总体情况\n2023年主动公开信息120条。\n3年来收到申请5件。\n"
    )
    report = zfxxgk.parse(text)
    assert report.overview.startswith("2023年主动公开信息120条。\n3年来收到申请5件。")


def test_rows_with_cells_separated_by_spaces() -> None:
    # PDF text extraction often separates cells with runs of spaces instead of tabs.
    lines = []
    for line in report_text("2021").split("\n"):
        cells = [cell for cell in line.split("\t") if cell]
        lines.append("   ".join(cells) if cells and cells[-1].isdigit() else line)
    report = zfxxgk.parse("\n".join(lines))
    _assert_requests_in_place(report)
    assert report.proactive.licensing.decisions == 7  # type: ignore[union-attr]
    assert report.appeals.litigation_after_review.total == 114


@pytest.mark.parametrize("line", ["无", "电话：0855－6210427", "共收到申请 3 件。", "附件 1"])
def test_prose_that_ends_in_numbers_stays_in_its_section(line: str) -> None:
    text = report_text("2021").replace(
        "本机关未收取信息处理费。", f"本机关未收取信息处理费。\n{line}"
    )
    other = zfxxgk.parse(text).other_matters
    assert other.startswith("本机关未收取信息处理费。")
    assert other.endswith(line) or line == "附件 1"


@pytest.mark.parametrize("cut", [5, 8, 10])
def test_appeals_row_wrapped_over_lines(cut: int) -> None:
    row = "\t".join(str(100 + i) for i in range(15))
    cells = row.split("\t")
    wrapped = "\t".join(cells[:cut]) + "\t\n" + "\t".join(cells[cut:])
    report = zfxxgk.parse(report_text("2021").replace(row, wrapped))
    appeals = report.appeals
    assert (appeals.review.upheld, appeals.litigation_direct.upheld) == (100, 105)
    assert appeals.litigation_after_review.total == 114
    assert any("表四" in note for note in report.notes)


def test_appeals_row_missing_a_number_over_lines_fails() -> None:
    row = "\t".join(str(100 + i) for i in range(15))
    cells = row.split("\t")
    wrapped = "\t".join(cells[:8]) + "\n" + "\t".join(cells[9:])
    with pytest.raises(zfxxgk.ParseError, match="found 14"):
        zfxxgk.parse(report_text("2021").replace(row, wrapped))
