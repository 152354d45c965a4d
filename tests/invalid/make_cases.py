"""Write the invalid-input corpus: tests/invalid/<name>.txt and <name>.json.

Run from the repository root after changing a case: ``python tests/invalid/make_cases.py``.
Each case is a text made from the report kit (tests/reportkit.py) with one fault, and the
error ``parse`` must give for it, stated here by hand: the line (found in the text by a
piece of it, never by parsing), the column, ``where`` and a fragment of ``reason``. The
cases come from tests/test_errors.py and tests/test_variants.py, which keep their own
tests; tests/test_invalid.py reads the files this writes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.reportkit import cell_value, line_of, report_text, request_rows  # noqa: E402

SEC3 = "三、收到和处理政府信息公开申请情况"
SEC4 = "四、政府信息公开行政复议、行政诉讼情况"


class Expected(NamedTuple):
    """The error a case must give."""

    #: The line it points at: a number, or a piece of that line's text (its first line).
    line: int | str
    column: int
    #: The table and row (``表二 规章``), "" when the error is about the whole text.
    where: str
    #: A fragment of the reason.
    reason: str


def _request_cells(path: str, columns: int = 7) -> str:
    row = next(i for i, (_, p) in enumerate(request_rows("2021")) if p == path)
    return "\t".join(str(cell_value(row, c)) for c in range(columns))


def _replaced(generation: str, old: str, new: str) -> str:
    original = report_text(generation)
    assert old in original, old
    return original.replace(old, new)


def _missing_cell() -> str:
    cells = _request_cells("withheld.three_safeties")
    short = _request_cells("withheld.three_safeties", 6)
    return _replaced("2021", f"3.危及“三安全一稳定”\t{cells}", f"3.危及“三安全一稳定”\t{short}")


def _cut_short() -> str:
    text = report_text("2021")
    return text[: text.index("\t\t6.属于四类过程性信息")]


def _wrong_generation() -> str:
    head = report_text("2019").split(SEC3)[0]
    return head + SEC3 + report_text("2021").split(SEC3)[1]


def _table_as_image() -> str:
    head, rest = report_text("2021").split(SEC3 + "\n")
    return head + SEC3 + "\n（表三见附件图片）\n" + rest[rest.index(SEC4) :]


def _duplicated_appeals_cell() -> str:
    numbers = [str(100 + i) for i in range(15)]
    duplicated = [*numbers[:8], numbers[7], *numbers[8:]]
    return _replaced("2021", "\t".join(numbers), "\t".join(duplicated))


def _empty_cell_among_numbers() -> str:
    numbers = _request_cells("granted").split("\t")
    return _replaced("2021", "\t".join(numbers), "\t".join([*numbers[:3], "", *numbers[3:]]))


NOTICE = "关于开展政务公开工作的通知\n各单位：\n请认真做好政务公开工作。\n"
FREE_FORM = (
    "某县人民政府2015年政府信息公开工作年度报告\n"
    "一、概述\n本年度，我县认真贯彻落实政府信息公开条例。\n"
    "二、主动公开政府信息情况\n全年主动公开政府信息1200条。\n"
)

#: name → the faulty text, and the error it must give.
CASES: dict[str, tuple[Callable[[], str], Expected]] = {
    "empty": (lambda: "", Expected(1, 1, "", "empty")),
    "whitespace_only": (lambda: "   \n\n\t \n", Expected(1, 1, "", "empty")),
    "binary_junk": (
        lambda: "abc\n%PDF-1.7\x00\x01\x02garbage",
        Expected("%PDF", 9, "", "binary"),  # column 9: the first control character
    ),
    "notice_not_a_report": (lambda: NOTICE, Expected(1, 1, "", "found neither 表二")),
    "chatter_not_a_report": (
        lambda: "今天天气很好。\n明天也是。\n",
        Expected(1, 1, "", "not an annual report"),
    ),
    "free_form_report": (lambda: FREE_FORM, Expected(1, 1, "", "without the template's tables")),
    "missing_cell": (
        _missing_cell,
        Expected(
            "3.危及", 3, "表三 （三）不予公开 3.危及“三安全一稳定”", "expected 7 numbers, found 6"
        ),
    ),
    "cell_not_a_number": (
        lambda: _replaced("2021", "规章\t1\t2\t3", "规章\t1\tabc\t3"),
        Expected("规章\t1\tabc", 6, "表二 规章", "“abc”"),
    ),
    "garbled_number": (
        lambda: _replaced("2021", "规章\t1\t2\t3", "规章\t1x\t2\t3"),
        Expected("规章\t1x", 4, "表二 规章", "“1x”"),
    ),
    "extra_cell_not_zero": (
        lambda: _replaced("2021", "规章\t1\t2\t3", "规章\t1\t2\t3\t4"),
        Expected("规章\t1\t2\t3\t4", 1, "表二 规章", "found 4 cells"),
    ),
    "two_numbers_in_a_cell": (
        lambda: _replaced("2021", "行政规范性文件\t4\t5\t6", "行政规范性文件\t4\t6 5\t"),
        Expected("行政规范性文件\t4\t6 5", 11, "表二 行政规范性文件", "“6 5”"),
    ),
    "missing_cell_before_padding": (
        lambda: _replaced(
            "2019",
            "信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t15\t0",
            "信息内容\t上一年项目数量\t本年增/减\t\n行政事业性收费\t0\t",
        ),
        Expected("行政事业性收费\t0\t", 1, "表二 行政事业性收费", "a cell is missing"),
    ),
    "duplicated_appeals_cell": (
        _duplicated_appeals_cell,
        Expected("107\t107", 1, "表四", "expected 15 numbers, found 16 cells"),
    ),
    "empty_cell_among_numbers": (
        _empty_cell_among_numbers,
        Expected(
            "（一）予以公开\t20",
            11,
            "表三 三、本年度办理结果 （一）予以公开",
            "expected 7 numbers, found 8 cells",
        ),
    ),
    "row_without_its_cells": (
        lambda: _replaced("2021", "行政许可\t7", "行政许可"),
        Expected("行政许可", 1, "表二 行政许可", "without its cells"),
    ),
    "row_printed_twice": (
        lambda: _replaced("2021", "行政处罚\t8\n", "行政处罚\t8\n行政处罚\t10\n"),
        Expected("行政处罚\t10", 1, "表二 行政处罚", "printed twice"),
    ),
    "other_handling_in_both_forms": (
        lambda: _replaced(
            "2021", "\t\t3.其他\t", "\t（六）其他处理\t1\t1\t1\t1\t1\t1\t6\n\t\t3.其他\t"
        ),
        Expected(
            "（六）其他处理\t1\t1", 2, "表三 （六）其他处理", "both as one row and as its sub-rows"
        ),
    ),
    "cut_short": (
        _cut_short,  # the error points at the last line there is
        Expected("5.属于三类内部事务信息", 3, "", f"ends before the heading {SEC4}"),
    ),
    "missing_heading": (
        lambda: _replaced("2021", SEC4 + "\n", ""),
        Expected("106\t107", 1, "", f"expected the heading {SEC4}"),
    ),
    "table_of_the_wrong_generation": (
        _wrong_generation,  # a 2019 表二 before a 2021 表三: the first of 2021's （六） rows
        Expected("1.申请人无正当理由", 10, "表三", "a 2019 table cannot hold them"),
    ),
    "table_as_image_caption": (
        _table_as_image,
        Expected("（表三见附件图片）", 1, "表三", "image or an attachment"),
    ),
}


def expected_json(text: str, expected: Expected) -> dict[str, object]:
    """The .json of a case: its line found by the piece of text given, not by parsing."""
    line = expected.line if isinstance(expected.line, int) else line_of(text, expected.line)
    return {
        "line": line,
        "column": expected.column,
        "where": expected.where,
        "reason": expected.reason,
    }


def main() -> None:
    for old in [*HERE.glob("*.txt"), *HERE.glob("*.json")]:
        old.unlink()
    for name, (make, expected) in CASES.items():
        text = make()
        (HERE / f"{name}.txt").write_bytes(text.encode("utf-8"))
        data = expected_json(text, expected)
        dumped = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        (HERE / f"{name}.json").write_text(dumped, encoding="utf-8")
    print(f"wrote {len(CASES)} cases to {HERE}")


if __name__ == "__main__":
    main()
