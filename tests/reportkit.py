"""Small report texts for tests: a complete report in the tsv layout, built line by line.

Every 表三 cell holds a different number (row * 10 + column), so a number that lands in
the wrong row or column fails the test that reads it. Tests change one label or one line
with ``str.replace`` and check where the numbers went.
"""

from __future__ import annotations

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
