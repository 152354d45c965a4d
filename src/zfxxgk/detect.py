"""Tell a report's template generation from its tables, never from its year."""

from __future__ import annotations

import re

from .errors import ParseError
from .model import Generation
from .normalize import Document, Line

__all__ = ["detect_generation"]

# Words that only one generation's 表二 prints (headers or rows).
_PROACTIVE_2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "其他对外管理服务事项",
    "政府集中采购",
    "采购项目数量",
)
_PROACTIVE_2021 = (
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
)
# 表三 （六）其他处理 has these sub-rows in 2021 only.
_REQUESTS_2021 = ("逾期不补正", "逾期未按收费通知")
_REQUESTS_ANY = ("本年新收", "上年结转", "结转下年度")
# ... and in 2019 （六）其他处理 is a row of numbers of its own.
_ONE_ROW_OTHER_HANDLING = re.compile(r"(?:\(六\)|六[、.])?其他处理")


_ANNUAL_REPORT = re.compile(r"(?:政府信息公开|政务公开)[^\t]{0,12}(?:年度报告|年报)")


def _first(lines: list[Line], words: tuple[str, ...]) -> Line | None:
    return next((line for line in lines if any(word in line.key for word in words)), None)


def detect_generation(doc: Document) -> Generation:
    """The generation whose tables the report prints.

    表二 decides; 表三's （六）其他处理 only where 表二 cannot tell. Raises ``ParseError``
    when the tables of neither template are there, or when a 2019 表二 stands beside 2021
    rows in 表三.
    """
    rows = [line for line in doc.lines if line.is_row]
    old, new = _first(rows, _PROACTIVE_2019), _first(rows, _PROACTIVE_2021)
    proactive: Generation | None = (
        "2019" if old and not new else "2021" if new and not old else None
    )
    requests: Generation | None = None
    if _first(rows, _REQUESTS_2021):
        requests = "2021"
    elif any(_ONE_ROW_OTHER_HANDLING.fullmatch(line.key.partition("\t")[0]) for line in rows):
        requests = "2019"
    if proactive == "2019" and requests == "2021":
        marker = _first(rows, _REQUESTS_2021)
        assert marker is not None
        raise ParseError(
            "表二 is in the 2019 template but 表三 in the 2021 template (（六）其他处理 has "
            "three rows): a 2019 table cannot hold 2021 rows, so the template cannot be told",
            line=marker.line,
            column=marker.column,
            where="表三",
        )
    # A 2021 表二 with （六）其他处理 as one row (the 2019 form some agencies kept) is a
    # 2021 report: 表二 decides, and the lowering reads the one row.
    generation = proactive or requests
    if generation is None and _first(rows, _REQUESTS_ANY):
        raise ParseError(
            "cannot tell the template: 表二 (主动公开政府信息情况) is missing or unreadable and "
            "表三 does not reach （六）其他处理, whose rows tell 2019 from 2021. "
            "Is the report cut short?",
            where="表二",
        )
    title = next((line for line in doc.lines[:12] if _ANNUAL_REPORT.search(line.key)), None)
    if generation is None and title is not None:
        raise ParseError(
            "an annual report without the template's tables: neither 表二 nor 表三 is printed "
            "as a table of text. Free-form reports (as organs wrote them before 2019) are not "
            "supported; a report whose tables are images or attachments cannot be read",
            line=title.line,
            column=title.column,
        )
    if generation is None:
        raise ParseError(
            "not an annual report in the 2019 or 2021 template: found neither 表二 "
            "(主动公开政府信息情况: rows such as 规章 under 本年制发件数 or 本年新制作数量) nor "
            "表三 (收到和处理政府信息公开申请情况: rows such as 一、本年新收政府信息公开申请数量). "
            "Free-form reports from before 2019 are not supported"
        )
    return generation
