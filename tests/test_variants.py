"""What real reports do to the template, each class in a small text of its own.

Tolerant about structure (rows found by their labels, absent rows noted, headings as organs
write them), strict about cells (a number's column comes from the table, never from
padding or dropping): every case here is read as printed, with a note, or refused.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

import zfxxgk

from .reportkit import cell_value, line_of, report_text, request_rows

ROWS_2021 = [path for _, path in request_rows("2021")]


def _error(text: str) -> zfxxgk.ParseError:
    with pytest.raises(zfxxgk.ParseError) as caught:
        zfxxgk.parse(text)
    return caught.value


def _row(text: str, path: str) -> zfxxgk.model.ApplicantCounts | None:
    row = zfxxgk.parse(text).requests
    for part in path.split("."):
        row = getattr(row, part)
    return row  # type: ignore[return-value]


# 1. Rows not printed, rows printed blank ------------------------------------------------


def test_a_row_not_printed_is_null_and_noted() -> None:
    report = zfxxgk.parse(report_text("2021").replace("规章\t1\t2\t3\n", ""))
    assert report.proactive.regulations is None
    assert report.proactive.normative_documents == zfxxgk.model.Documents2021(4, 5, 6)
    assert "表二: rows not printed (null): 规章" in report.notes


def test_a_request_row_not_printed_leaves_the_others_in_place() -> None:
    text = report_text("2021").replace("\t\t2.重复申请\t", "\t\t2.重复申请DROP\t")
    text = "\n".join(line for line in text.split("\n") if "DROP" not in line)
    report = zfxxgk.parse(text)
    assert report.requests.not_processed.duplicate is None
    index = ROWS_2021.index("not_processed.publications")
    assert report.requests.not_processed.publications == zfxxgk.model.ApplicantCounts(
        *(cell_value(index, c) for c in range(7))
    )
    assert any("not printed" in note and "2. 重复申请" in note for note in report.notes)


def test_rows_printed_with_every_cell_blank_are_rows_of_none() -> None:
    text = report_text("2021")
    for path in ("withheld.state_secret", "withheld.prohibited_by_law", "withheld.three_safeties"):
        index = ROWS_2021.index(path)
        numbers = "\t".join(str(cell_value(index, c)) for c in range(7))
        assert numbers in text
        text = text.replace(numbers, "\t".join("" for _ in range(7)), 1)
    report = zfxxgk.parse(text)
    blank = zfxxgk.model.ApplicantCounts()
    withheld = report.requests.withheld
    assert (withheld.state_secret, withheld.prohibited_by_law, withheld.three_safeties) == (
        blank,
        blank,
        blank,
    )
    index = ROWS_2021.index("withheld.third_party_rights")
    assert withheld.third_party_rights == zfxxgk.model.ApplicantCounts(
        *(cell_value(index, c) for c in range(7))
    )


def test_a_row_printed_twice_is_an_error() -> None:
    text = report_text("2021").replace("行政处罚\t8\n", "行政处罚\t8\n行政处罚\t10\n")
    error = _error(text)
    assert error.where == "表二 行政处罚"
    assert "printed twice" in error.reason


# 2. A 2021 table with （六）其他处理 as one row ----------------------------------------------


def _one_row_other_handling() -> str:
    text = report_text("2021")
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if "逾期不补正" in line)
    lines[first : first + 3] = ["\t（六）其他处理\t" + "\t".join(["3"] * 6 + ["18"])]
    return "\n".join(lines)


def test_a_2021_table_with_one_row_other_handling() -> None:
    report = zfxxgk.parse(_one_row_other_handling())
    assert report.generation == "2021"
    assert report.requests.other_handling == zfxxgk.model.ApplicantCounts(3, 3, 3, 3, 3, 3, 18)
    assert any("（六）其他处理 is printed as one row" in note for note in report.notes)
    assert zfxxgk.from_dict(zfxxgk.to_dict(report)) == report


def test_one_row_and_sub_rows_of_other_handling_together_are_an_error() -> None:
    text = report_text("2021").replace(
        "\t\t3.其他\t", "\t（六）其他处理\t1\t1\t1\t1\t1\t1\t6\n\t\t3.其他\t"
    )
    error = _error(text)
    assert "both as one row and as its sub-rows" in error.reason


# 3. The 2025 section layout -------------------------------------------------------------


def test_the_2025_layout_fee_table_and_sections() -> None:
    text = report_text("2021").replace(
        "五、存在的主要问题及改进情况\n一是公开内容还不够丰富。\n六、其他需要报告的事项\n本机关未收取信息处理费。\n",
        "五、信息处理费收取情况\n通知收取件数\t通知收取金额（元）\t实际收取金额（元）\n\t2\t150.5\t100\n"
        "六、存在的主要问题及改进措施\n一是公开内容还不够丰富。\n",
    )
    report = zfxxgk.parse(text)
    assert report.processing_fees == zfxxgk.model.ProcessingFees(
        2, Decimal("150.5"), Decimal("100")
    )
    assert report.problems == "一是公开内容还不够丰富。"
    assert report.other_matters is None
    assert zfxxgk.to_dict(report)["processing_fees"] == {
        "notices": 2,
        "notified_yuan": "150.5",
        "collected_yuan": "100",
    }
    assert zfxxgk.from_dict(zfxxgk.to_dict(report)) == report


# 4. Headings as organs write them --------------------------------------------------------


@pytest.mark.parametrize(
    ("official", "printed"),
    [
        ("一、总体情况", "一总体情况"),
        ("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况（附表）"),
        ("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施"),
        ("五、存在的主要问题及改进情况", "五、存在的主要问题及改进措施"),
    ],
)
def test_heading_variants(official: str, printed: str) -> None:
    report = zfxxgk.parse(report_text("2021").replace(official, printed))
    assert report.requests.total is not None
    assert report.problems == "一是公开内容还不够丰富。"


def test_table_two_between_prose_sub_sections() -> None:
    text = (
        report_text("2021")
        .replace(
            "二、主动公开政府信息情况\n",
            "二、主动公开政府信息情况\n（一）主动公开政府信息的数量\n本年主动公开政府信息1200条。\n",
        )
        .replace(
            "行政事业性收费\t1.5\n",
            "行政事业性收费\t1.5\n（二）主要类别\n以政策文件为主。\n（三）主要形式\n网站公开。\n",
        )
    )
    report = zfxxgk.parse(text)
    assert report.proactive.fees == zfxxgk.model.Fees2021(Decimal("1.5"))
    assert report.notes == ()


def test_prose_starting_with_a_section_number_is_no_heading() -> None:
    # A heading is short and has no full stop: this line is prose of section 一.
    line = "三、收到和处理申请的情况良好，全年依法办理。"
    report = zfxxgk.parse(report_text("2021").replace("一、总体情况\n", f"一、总体情况\n{line}\n"))
    assert line in report.overview


# 5. Labels with typos -------------------------------------------------------------------


def test_a_near_label_in_its_place_is_read_with_a_note() -> None:
    text = report_text("2021").replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
    report = zfxxgk.parse(text)
    index = ROWS_2021.index("withheld.prohibited_by_law")
    assert report.requests.withheld.prohibited_by_law == zfxxgk.model.ApplicantCounts(
        *(cell_value(index, c) for c in range(7))
    )
    assert any("2.其他法律行政止公开" in note for note in report.notes)


def test_a_near_label_two_rows_could_take_is_an_error() -> None:
    # Two rows missing around it: which one it is cannot be told, so neither is guessed,
    # and its numbers are not dropped either.
    text = report_text("2021").replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
    text = text.replace("3.危及“三安全一稳定”", "3.威胁三安全一稳定")
    error = _error(text)
    assert error.where == "表三 （三）不予公开 2. 其他法律行政法规禁止公开"
    assert "2. 其他法律行政法规禁止公开、3." in error.reason


def test_a_row_that_lost_its_label_next_to_a_near_label_is_an_error() -> None:
    # The label cell of 1.属于国家秘密 is gone, so its numbers follow the group label, and
    # the next row's label is mistyped: two rows missing, two rows of numbers unplaced.
    text = report_text("2021").replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
    text = text.replace("1.属于国家秘密\t", "", 1)
    error = _error(text)
    assert error.where == "表三 （三）不予公开 1. 属于国家秘密"
    assert "1. 属于国家秘密、2. 其他法律行政法规禁止公开" in error.reason


def test_numbers_under_another_label_where_one_row_is_missing_are_an_error() -> None:
    # Another item number: not the row, but its numbers stand where it belongs. Never
    # guessed, never dropped.
    text = report_text("2021").replace("2.其他法律行政法规禁止公开", "5.其他法律行政止公开")
    error = _error(text)
    assert error.where == "表三 （三）不予公开 2. 其他法律行政法规禁止公开"
    assert "5.其他法律行政止公开" in error.reason


# 6. Units and separators ----------------------------------------------------------------


def test_units_and_thousands_separators() -> None:
    text = report_text("2019").replace("政府集中采购\t16\t26.23", "政府集中采购\t16\t147230元")
    text = text.replace("行政许可\t7\t增1\t8", "行政许可\t7\t增1\t1,748件")
    report = zfxxgk.parse(text)
    assert report.proactive.procurement == zfxxgk.model.Procurement(16, Decimal("14.723"))  # type: ignore[union-attr]
    assert report.proactive.licensing == zfxxgk.model.Items2019(7, 1, 1748)  # type: ignore[union-attr]
    assert any("147230元" in note and "14.723 万元" in note for note in report.notes)


# 10. Errors that name the right thing ------------------------------------------------------


def test_a_table_published_as_an_image_names_its_table() -> None:
    text = report_text("2021")
    head, rest = text.split("三、收到和处理政府信息公开申请情况\n")
    tail = rest[rest.index("四、政府信息公开行政复议") :]
    damaged = head + "三、收到和处理政府信息公开申请情况\n（表三见附件图片）\n" + tail
    error = _error(damaged)
    assert error.where == "表三"
    assert "image or an attachment" in error.reason
    assert error.line == line_of(damaged, "（表三见附件图片）")


def test_a_free_form_report_is_told_from_no_report() -> None:
    free = (
        "某县人民政府2015年政府信息公开工作年度报告\n"
        "一、概述\n本年度，我县认真贯彻落实政府信息公开条例。\n"
        "二、主动公开政府信息情况\n全年主动公开政府信息1200条。\n"
    )
    assert "without the template's tables" in _error(free).reason
    assert "not an annual report" in _error("今天天气很好。\n明天也是。\n").reason


# Issue 10's text reproductions: an error naming the row, never a shifted number ----------


def test_a_missing_cell_before_padding_is_an_error() -> None:
    # Seed 000's 行政事业性收费 4 0 with its padding cell; the 4 lost.
    text = report_text("2019").replace(
        "信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t15\t0",
        "信息内容\t上一年项目数量\t本年增/减\t\n行政事业性收费\t0\t",
    )
    error = _error(text)
    assert error.where == "表二 行政事业性收费"
    assert error.line == line_of(text, "行政事业性收费")


def test_two_numbers_in_one_cell_are_an_error() -> None:
    text = report_text("2021").replace("行政规范性文件\t4\t5\t6", "行政规范性文件\t4\t6 5\t")
    error = _error(text)
    assert error.where == "表二 行政规范性文件"


def test_digits_spaced_one_by_one_are_one_number() -> None:
    text = report_text("2019").replace("行政许可\t7\t增1\t8", "行政许可\t7\t增1\t1 7 4 8")
    assert zfxxgk.parse(text).proactive.licensing == zfxxgk.model.Items2019(7, 1, 1748)  # type: ignore[union-attr]


def test_a_duplicated_cell_in_the_appeals_row_is_an_error() -> None:
    row = "\t".join(str(100 + i) for i in range(15))
    numbers = [str(100 + i) for i in range(15)]
    duplicated = "\t".join([*numbers[:8], numbers[7], *numbers[8:]])
    text = report_text("2021").replace(row, duplicated)
    error = _error(text)
    assert error.where.startswith("表四")


def test_an_empty_cell_inserted_among_numbers_is_an_error() -> None:
    index = ROWS_2021.index("granted")
    numbers = [str(cell_value(index, c)) for c in range(7)]
    text = report_text("2021")
    damaged = text.replace("\t".join(numbers), "\t".join([*numbers[:3], "", *numbers[3:]]))
    assert _error(damaged).where == "表三 三、本年度办理结果 （一）予以公开"


def test_a_garbled_number_is_blamed_on_its_own_row() -> None:
    text = report_text("2021").replace("规章\t1\t2\t3", "规章\t1x\t2\t3")
    error = _error(text)
    assert error.where == "表二 规章"
    assert "1x" in error.reason


# 9. Space-separated rows (PDF text) ------------------------------------------------------


def test_a_space_separated_row_of_blank_marks_is_a_blank_row() -> None:
    text = report_text("2021").replace("规章\t1\t2\t3", "规章 / / —")
    report = zfxxgk.parse(text)
    assert report.proactive.regulations == zfxxgk.model.Documents2021(None, None, None)
    assert report.notes == ()


def test_a_label_and_one_blank_mark_split_by_a_space_is_a_blank_row() -> None:
    # PDF text prints 行政许可 无: the one-cell row printed blank, not a row left out.
    text = report_text("2021")
    line = re.search(r"^行政许可\t.*$", text, re.M)
    assert line is not None
    for mark in ("无", "/", "—"):
        report = zfxxgk.parse(text.replace(line.group(), f"行政许可 {mark}"))
        assert report.proactive.licensing == zfxxgk.model.Decisions(decisions=None)
        assert not any("not printed" in note for note in report.notes)


def test_one_blank_mark_for_a_row_of_several_cells_is_an_error() -> None:
    text = report_text("2021")
    line = re.search(r"^规章\t.*$", text, re.M)
    assert line is not None
    error = _error(text.replace(line.group(), "规章 无"))
    assert error.where == "表二 规章"
    assert "one blank mark" in error.reason


def test_prose_ending_in_one_blank_mark_stays_prose() -> None:
    line = "本年度收取信息处理费情况：无"
    report = zfxxgk.parse(report_text("2021").replace("本机关未收取信息处理费。", line))
    assert report.other_matters == line
