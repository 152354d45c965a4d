"""The official wording every template shares: section headings and 表三/表四's rows.

The grammars hold the label *variants* that real reports print, for matching; this module
holds the *official* wording, for messages (``ParseError`` names the row the parser was
reading) and for writing reports back out. Rows are keyed by the grammar's terminal name.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal, NamedTuple

from ._lines import fold

__all__ = [
    "APPEAL_COLUMNS",
    "APPLICANT_COLUMNS",
    "HEADINGS",
    "ROWS",
    "RowSpec",
    "item_number",
    "near_label",
    "row_terminal",
]

#: How a cell is read: a count, a signed change (增3 / 减2), or money in 万元.
Kind = Literal["count", "signed", "money"]

HEADINGS: dict[str, str] = {
    "SEC1": "一、总体情况",
    "SEC2": "二、主动公开政府信息情况",
    "SEC3": "三、收到和处理政府信息公开申请情况",
    "SEC4": "四、政府信息公开行政复议、行政诉讼情况",
    "SEC5": "五、存在的主要问题及改进情况",
    "SEC6": "六、其他需要报告的事项",
}

#: The heading of the 2025 layout's section on 信息处理费, which then moves 存在的主要问题
#: to 六 and drops 其他需要报告的事项.
FEES_HEADING = {"SEC_FEES": "五、信息处理费收取情况"}

APPLICANT_COLUMNS = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
)
APPEAL_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


class RowSpec(NamedTuple):
    """One table row of a template: where it stands, its official label, its cells."""

    table: str  #: 表二, 表三 or 表四
    group: str  #: the label of the group the row belongs to, "" for none
    label: str  #: the row's own official label
    kinds: tuple[Kind, ...]  #: how each cell is read, in printed order

    @property
    def where(self) -> str:
        """The row in words: ``表三 （三）不予公开 1. 属于国家秘密``."""
        return " ".join(part for part in (self.table, self.group, self.label) if part)


_SEVEN: tuple[Kind, ...] = ("count",) * 7


def _requests(group: str, label: str) -> RowSpec:
    return RowSpec("表三", group, label, _SEVEN)


_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER_HANDLING = "（六）其他处理"

#: The rows every generation shares (表三, 表四), by grammar terminal. A generation's own
#: rows (表二's) are declared by its template (``zfxxgk.templates``).
ROWS: dict[str, RowSpec] = {
    # 表三
    "NEW_RECEIVED": _requests("", "一、本年新收政府信息公开申请数量"),
    "CARRIED_OVER": _requests("", "二、上年结转政府信息公开申请数量"),
    "GRANTED": _requests("三、本年度办理结果", "（一）予以公开"),
    "PARTIALLY_GRANTED": _requests(
        "三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    ),
    "STATE_SECRET": _requests(_WITHHELD, "1. 属于国家秘密"),
    "PROHIBITED_BY_LAW": _requests(_WITHHELD, "2. 其他法律行政法规禁止公开"),
    "THREE_SAFETIES": _requests(_WITHHELD, "3. 危及“三安全一稳定”"),
    "THIRD_PARTY_RIGHTS": _requests(_WITHHELD, "4. 保护第三方合法权益"),
    "INTERNAL_AFFAIRS": _requests(_WITHHELD, "5. 属于三类内部事务信息"),
    "PROCESS_INFORMATION": _requests(_WITHHELD, "6. 属于四类过程性信息"),
    "ENFORCEMENT_FILES": _requests(_WITHHELD, "7. 属于行政执法案卷"),
    "INQUIRY_MATTERS": _requests(_WITHHELD, "8. 属于行政查询事项"),
    "NOT_HELD": _requests(_UNAVAILABLE, "1. 本机关不掌握相关政府信息"),
    "NEEDS_CREATION": _requests(_UNAVAILABLE, "2. 没有现成信息需要另行制作"),
    "UNCLEAR_AFTER_CORRECTION": _requests(_UNAVAILABLE, "3. 补正后申请内容仍不明确"),
    "PETITIONS": _requests(_NOT_PROCESSED, "1. 信访举报投诉类申请"),
    "DUPLICATE": _requests(_NOT_PROCESSED, "2. 重复申请"),
    "PUBLICATIONS": _requests(_NOT_PROCESSED, "3. 要求提供公开出版物"),
    "EXCESSIVE": _requests(_NOT_PROCESSED, "4. 无正当理由大量反复申请"),
    "CONFIRMATION": _requests(_NOT_PROCESSED, "5. 要求行政机关确认或重新出具已获取信息"),
    "OTHER_HANDLING": _requests("", _OTHER_HANDLING),
    "NO_CORRECTION": _requests(
        _OTHER_HANDLING, "1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    ),
    "UNPAID_FEE": _requests(
        _OTHER_HANDLING, "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    ),
    "OTHER": _requests(_OTHER_HANDLING, "3. 其他"),
    "TOTAL": _requests("", "（七）总计"),
    "CARRIED_FORWARD": _requests("", "四、结转下年度继续办理"),
    # 表四
    "APPEALS_ROW": RowSpec("表四", "", "", ("count",) * 15),
    "REVIEW_ROW": RowSpec("表四", "", "行政复议", ("count",) * 5),
    "DIRECT_ROW": RowSpec("表四", "", "行政诉讼 未经复议直接起诉", ("count",) * 5),
    "AFTER_REVIEW_ROW": RowSpec("表四", "", "行政诉讼 复议后起诉", ("count",) * 5),
}


# The model's row fields whose terminal is not simply the field name upper-cased.
_TERMINAL_OF_ROW = {
    "review": "REVIEW_ROW",
    "litigation_direct": "DIRECT_ROW",
    "litigation_after_review": "AFTER_REVIEW_ROW",
}


def row_terminal(field_name: str) -> str:
    """The grammar terminal of a model row field: ``state_secret`` → ``STATE_SECRET``."""
    return _TERMINAL_OF_ROW.get(field_name, field_name.upper())


_ITEM_NUMBER = re.compile(
    r"(\d{1,2})[.、]|\(([一二三四五六七八九十]{1,3})\)|([一二三四五六七八九十]{1,3})、"
)


def item_number(label: str) -> tuple[str | None, str]:
    """A label's item number (``2`` of ``2.``, ``三`` of ``(三)``) and the rest of it."""
    key = fold(label)
    match = _ITEM_NUMBER.match(key)
    if not match:
        return None, key
    return next(g for g in match.groups() if g), key[match.end() :]


def near_label(printed: str, official: str) -> bool:
    """Whether a printed label is the official one mistyped: same item number, close words."""
    number, words = item_number(printed)
    official_number, official_words = item_number(official)
    return (
        number is not None
        and number == official_number
        and difflib.SequenceMatcher(None, words, official_words).ratio() >= 0.6
    )
