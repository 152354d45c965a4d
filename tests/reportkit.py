"""The one way tests build a report, as a ``Report`` object or as its text.

- ``build_report(generation, fill, **changes)`` builds a ``Report`` object: every cell of
  every table filled by ``fill`` (``zero``, ``blank``, ``distinct()``, ``kit_cells(...)``,
  or a function of the cell's key path), the prose of the kit report, any field replaced
  by ``changes``. It walks the model's tables by field name, so it knows no generation.
- ``report_text(generation)`` is the same kit report written line by line in the tsv
  layout, by hand rather than by ``render``, so that parser tests do not rest on the
  renderer: ``parse(report_text(g)) == build_report(g, kit_cells(g))``
  (tests/test_reportkit.py). Every 表三 cell holds a different number (row * 10 +
  column), so a number that lands in the wrong row or column fails the test that reads
  it. Tests change one label or one line with ``str.replace`` and check where the
  numbers went.

Hypothesis strategies (``zfxxgk.strategies.reports`` and the consistent-by-construction
ones of tests/test_validate.py) draw the tables and hand them to ``build_report``, or
are the library's own.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from zfxxgk import Report
from zfxxgk.model import TABLES, Appeals, Generation, shape

# 表三 row labels as the tsv layout prints them: (label cells, schema key path).
REQUESTS_COMMON = [
    ("一、本年新收政府信息公开申请数量\t", "new_received"),
    ("二、上年结转政府信息公开申请数量\t", "carried_over"),
    ("三、本年度办理结果\t（一）予以公开", "granted"),
    ("\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_granted"),
    ("\t（三）不予公开\t1.属于国家秘密", "withheld.state_secret"),
    ("\t\t2.其他法律行政法规禁止公开", "withheld.prohibited_by_law"),
    ("\t\t3.危及“三安全一稳定”", "withheld.three_safeties"),
    ("\t\t4.保护第三方合法权益", "withheld.third_party_rights"),
    ("\t\t5.属于三类内部事务信息", "withheld.internal_affairs"),
    ("\t\t6.属于四类过程性信息", "withheld.process_information"),
    ("\t\t7.属于行政执法案卷", "withheld.enforcement_files"),
    ("\t\t8.属于行政查询事项", "withheld.inquiry_matters"),
    ("\t（四）无法提供\t1.本机关不掌握相关政府信息", "unavailable.not_held"),
    ("\t\t2.没有现成信息需要另行制作", "unavailable.needs_creation"),
    ("\t\t3.补正后申请内容仍不明确", "unavailable.unclear_after_correction"),
    ("\t（五）不予处理\t1.信访举报投诉类申请", "not_processed.petitions"),
    ("\t\t2.重复申请", "not_processed.duplicate"),
    ("\t\t3.要求提供公开出版物", "not_processed.publications"),
    ("\t\t4.无正当理由大量反复申请", "not_processed.excessive"),
    ("\t\t5.要求行政机关确认或重新出具已获取信息", "not_processed.confirmation"),
]
OTHER_HANDLING = {
    "2019": [("\t（六）其他处理", "other_handling")],
    "2021": [
        (
            "\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "other_handling.no_correction",
        ),
        (
            "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "other_handling.unpaid_fee",
        ),
        ("\t\t3.其他", "other_handling.other"),
    ],
}
REQUESTS_TAIL = [("\t（七）总计", "total"), ("四、结转下年度继续办理\t", "carried_forward")]
COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other")

PROACTIVE = {
    "2021": [
        "第二十条第（一）项",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t1\t2\t3",
        "行政规范性文件\t4\t5\t6",
        "第二十条第（五）项",
        "信息内容\t本年处理决定数量",
        "行政许可\t7",
        "第二十条第（六）项",
        "信息内容\t本年处理决定数量",
        "行政处罚\t8",
        "行政强制\t9",
        "第二十条第（八）项",
        "信息内容\t本年收费金额（单位：万元）",
        "行政事业性收费\t1.5",
    ],
    "2019": [
        "第二十条第（一）项",
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
        "规章\t1\t2\t3",
        "规范性文件\t4\t5\t6",
        "第二十条第（五）项",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
        "行政许可\t7\t增1\t8",
        "其他对外管理服务事项\t9\t0\t10",
        "第二十条第（六）项",
        "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
        "行政处罚\t11\t减2\t12",
        "行政强制\t13\t0\t14",
        "第二十条第（八）项",
        "信息内容\t上一年项目数量\t本年增/减",
        "行政事业性收费\t15\t0",
        "第二十条第（九）项",
        "信息内容\t采购项目数量\t采购总金额",
        "政府集中采购\t16\t26.23",
    ],
}


def request_rows(generation: str) -> list[tuple[str, str]]:
    """The 表三 rows of a generation: (label cells, key path), in printed order."""
    return REQUESTS_COMMON + OTHER_HANDLING[generation] + REQUESTS_TAIL


def cell_value(row: int, column: int) -> int:
    """The number the kit prints in 表三 row ``row``, column ``column`` (both 0-based)."""
    return row * 10 + column


def report_text(generation: str = "2021", year: int | None = None) -> str:
    """A complete, well-formed report in the tsv layout."""
    year = year or (2021 if generation == "2021" else 2020)
    lines = [
        f"测试县卫生健康局{year}年政府信息公开工作年度报告",
        "",
        "一、总体情况",
        f"{year}年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "二、主动公开政府信息情况",
        *PROACTIVE[generation],
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况\t\t\t\t\t\t总计",
        "\t\t自然人\t法人或其他组织",
        "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
    ]
    for row, (label, _) in enumerate(request_rows(generation)):
        cells = "\t".join(str(cell_value(row, column)) for column in range(7))
        lines.append(f"{label}\t{cells}")
    lines += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议\t\t\t\t\t行政诉讼",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
        "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
        "\t".join(str(100 + i) for i in range(15)),
        "五、存在的主要问题及改进情况",
        "一是公开内容还不够丰富。",
        "六、其他需要报告的事项",
        "本机关未收取信息处理费。",
        "",
        "测试县卫生健康局",
        f"{year + 1}年1月20日",
    ]
    return "\n".join(lines) + "\n"


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line of ``text`` that contains ``needle``."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


# Report objects ---------------------------------------------------------------------------

#: A cell's value from its key path (``requests.granted.natural_person``).
Fill = Callable[[str], Any]


def zero(path: str) -> Any:
    """Every count 0, every amount of money 0.00 (a balanced report)."""
    return Decimal("0") if path.endswith(".amount") else 0


def blank(path: str) -> Any:
    """Every cell printed blank."""
    return None


def distinct() -> Fill:
    """Every cell a different number (cubes, up to large), so a shifted cell shows."""
    numbers: Iterator[int] = itertools.count(7, 13)

    def cell(path: str) -> Any:
        number = next(numbers) ** 3
        name = path.rpartition(".")[2]
        if name == "amount":
            return Decimal(number).scaleb(-2)
        return -number if name == "items_change" else number

    return cell


#: The 表二 cells ``report_text`` prints, by key path.
KIT_PROACTIVE: dict[str, dict[str, Any]] = {
    "2021": {
        "regulations.issued": 1, "regulations.repealed": 2, "regulations.in_force": 3,
        "normative_documents.issued": 4, "normative_documents.repealed": 5,
        "normative_documents.in_force": 6,
        "licensing.decisions": 7, "penalties.decisions": 8, "coercion.decisions": 9,
        "fees.amount": Decimal("1.5"),
    },
    "2019": {
        "regulations.made": 1, "regulations.published": 2, "regulations.total_published": 3,
        "normative_documents.made": 4, "normative_documents.published": 5,
        "normative_documents.total_published": 6,
        "licensing.items_last_year": 7, "licensing.items_change": 1, "licensing.decisions": 8,
        "other_services.items_last_year": 9, "other_services.items_change": 0,
        "other_services.decisions": 10,
        "penalties.items_last_year": 11, "penalties.items_change": -2, "penalties.decisions": 12,
        "coercion.items_last_year": 13, "coercion.items_change": 0, "coercion.decisions": 14,
        "fees.items_last_year": 15, "fees.items_change": 0,
        "procurement.projects": 16, "procurement.amount": Decimal("26.23"),
    },
}  # fmt: skip


def kit_cells(generation: str) -> Fill:
    """The numbers ``report_text(generation)`` prints, cell by cell."""
    columns = (*COLUMNS, "total")
    cells: dict[str, Any] = {
        f"proactive.{path}": value for path, value in KIT_PROACTIVE[generation].items()
    }
    for row, (_, path) in enumerate(request_rows(generation)):
        for column, name in enumerate(columns):
            cells[f"requests.{path}.{name}"] = cell_value(row, column)
    appeals = (f"{block}.{name}" for block, _, row in shape(Appeals) for name, *_ in shape(row))
    for number, path in enumerate(appeals):
        cells[f"appeals.{path}"] = 100 + number
    return cells.__getitem__


def build_table(cls: type, fill: Fill, prefix: str) -> Any:
    """An attrs table of ``cls`` with every cell filled by ``fill`` (nested tables in turn)."""
    values = {}
    for name, group, row in shape(cls):
        nested = group or row
        path = f"{prefix}.{name}"
        values[name] = build_table(nested, fill, path) if nested else fill(path)
    return cls(**values)


def build_report(generation: Generation = "2021", fill: Fill = zero, **changes: Any) -> Report:
    """The kit report of ``generation``, its cells filled by ``fill``, ``changes`` applied.

    Without changes it is the report ``report_text`` prints (``fill=kit_cells(generation)``
    gives its numbers too): 测试县卫生健康局, the year the generation's template began to
    be used in, signed on 20 January of the next year.
    """
    year = 2021 if generation == "2021" else 2020
    proactive, requests = TABLES[generation]
    report = Report(
        generation=generation,
        year=year,
        agency="测试县卫生健康局",
        title=f"测试县卫生健康局{year}年政府信息公开工作年度报告",
        doc_number=None,
        published_on=datetime.date(year + 1, 1, 20),
        overview=f"{year}年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。",
        proactive=build_table(proactive, fill, "proactive"),
        requests=build_table(requests, fill, "requests"),
        appeals=build_table(Appeals, fill, "appeals"),
        problems="一是公开内容还不够丰富。",
        other_matters="本机关未收取信息处理费。",
    )
    return attrs.evolve(report, **changes)
