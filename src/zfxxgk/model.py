"""The typed model of an annual report: frozen, slotted attrs classes.

The class and field names are the key names of ``schema.md``: ``zfxxgk.to_dict`` is the
cattrs unstructure of these classes and nothing more. A cell printed blank (or "/", "—",
"-", "无") is ``None``, never 0. The model knows nothing of text or of Lark.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

import attrs
from attrs import field, frozen

#: The two official template generations, named by the year their template was issued.
Generation = Literal["2019", "2021"]
GENERATIONS: tuple[Generation, ...] = ("2019", "2021")

Count = int | None
Money = Decimal | None


# 表三: one row of seven applicant columns ---------------------------------------------


@frozen
class ApplicantCounts:
    """One row of 表三: the six applicant columns and their 总计, in printed order."""

    natural_person: Count = None  #: 自然人
    commercial: Count = None  #: 商业企业
    research: Count = None  #: 科研机构
    social_welfare: Count = None  #: 社会公益组织 (also printed 社会组织)
    legal_services: Count = None  #: 法律服务机构 (also printed 律师事务所)
    other: Count = None  #: 其他
    total: Count = None  #: 总计


@frozen
class Withheld:
    """表三 （三）不予公开: the eight reasons for withholding."""

    state_secret: ApplicantCounts  #: 1. 属于国家秘密
    prohibited_by_law: ApplicantCounts  #: 2. 其他法律行政法规禁止公开
    three_safeties: ApplicantCounts  #: 3. 危及“三安全一稳定”
    third_party_rights: ApplicantCounts  #: 4. 保护第三方合法权益
    internal_affairs: ApplicantCounts  #: 5. 属于三类内部事务信息
    process_information: ApplicantCounts  #: 6. 属于四类过程性信息
    enforcement_files: ApplicantCounts  #: 7. 属于行政执法案卷
    inquiry_matters: ApplicantCounts  #: 8. 属于行政查询事项


@frozen
class Unavailable:
    """表三 （四）无法提供."""

    not_held: ApplicantCounts  #: 1. 本机关不掌握相关政府信息
    needs_creation: ApplicantCounts  #: 2. 没有现成信息需要另行制作
    unclear_after_correction: ApplicantCounts  #: 3. 补正后申请内容仍不明确


@frozen
class NotProcessed:
    """表三 （五）不予处理."""

    petitions: ApplicantCounts  #: 1. 信访举报投诉类申请
    duplicate: ApplicantCounts  #: 2. 重复申请
    publications: ApplicantCounts  #: 3. 要求提供公开出版物
    excessive: ApplicantCounts  #: 4. 无正当理由大量反复申请
    confirmation: ApplicantCounts  #: 5. 要求行政机关确认或重新出具已获取信息


@frozen
class OtherHandling:
    """表三 （六）其他处理 in generation "2021": three sub-rows."""

    no_correction: ApplicantCounts  #: 1. 申请人无正当理由逾期不补正…
    unpaid_fee: ApplicantCounts  #: 2. 申请人逾期未按收费通知要求缴纳费用…
    other: ApplicantCounts  #: 3. 其他


@frozen
class Requests2019:
    """表三 (收到和处理政府信息公开申请情况), generation "2019": （六）其他处理 is one row."""

    new_received: ApplicantCounts  #: 一、本年新收政府信息公开申请数量
    carried_over: ApplicantCounts  #: 二、上年结转政府信息公开申请数量
    granted: ApplicantCounts  #: 三、（一）予以公开
    partially_granted: ApplicantCounts  #: （二）部分公开
    withheld: Withheld  #: （三）不予公开
    unavailable: Unavailable  #: （四）无法提供
    not_processed: NotProcessed  #: （五）不予处理
    other_handling: ApplicantCounts  #: （六）其他处理
    total: ApplicantCounts  #: （七）总计
    carried_forward: ApplicantCounts  #: 四、结转下年度继续办理


@frozen
class Requests2021:
    """表三 (收到和处理政府信息公开申请情况), generation "2021": （六）其他处理 has three rows."""

    new_received: ApplicantCounts  #: 一、本年新收政府信息公开申请数量
    carried_over: ApplicantCounts  #: 二、上年结转政府信息公开申请数量
    granted: ApplicantCounts  #: 三、（一）予以公开
    partially_granted: ApplicantCounts  #: （二）部分公开
    withheld: Withheld  #: （三）不予公开
    unavailable: Unavailable  #: （四）无法提供
    not_processed: NotProcessed  #: （五）不予处理
    other_handling: OtherHandling  #: （六）其他处理
    total: ApplicantCounts  #: （七）总计
    carried_forward: ApplicantCounts  #: 四、结转下年度继续办理


# 表四 --------------------------------------------------------------------------------


@frozen
class AppealCounts:
    """One block of 表四: results of 行政复议 or 行政诉讼."""

    upheld: Count = None  #: 结果维持
    corrected: Count = None  #: 结果纠正
    other: Count = None  #: 其他结果
    pending: Count = None  #: 尚未审结
    total: Count = None  #: 总计


@frozen
class Appeals:
    """表四 (政府信息公开行政复议、行政诉讼情况)."""

    review: AppealCounts  #: 行政复议
    litigation_direct: AppealCounts  #: 行政诉讼 / 未经复议直接起诉
    litigation_after_review: AppealCounts  #: 行政诉讼 / 复议后起诉


# 表二, generation "2021" ---------------------------------------------------------------


@frozen
class Documents2021:
    """表二 (2021) 规章 / 行政规范性文件: documents issued, repealed and in force."""

    issued: Count = None  #: 本年制发件数
    repealed: Count = None  #: 本年废止件数
    in_force: Count = None  #: 现行有效件数


@frozen
class Decisions:
    """表二 (2021) 行政许可 / 行政处罚 / 行政强制: decisions made this year."""

    decisions: Count = None  #: 本年处理决定数量


@frozen
class Fees2021:
    """表二 (2021) 行政事业性收费."""

    amount: Money = None  #: 本年收费金额（万元）


@frozen
class Proactive2021:
    """表二 (主动公开政府信息情况), generation "2021"."""

    regulations: Documents2021  #: 规章
    normative_documents: Documents2021  #: 行政规范性文件
    licensing: Decisions  #: 行政许可
    penalties: Decisions  #: 行政处罚
    coercion: Decisions  #: 行政强制
    fees: Fees2021  #: 行政事业性收费


# 表二, generation "2019" ---------------------------------------------------------------


@frozen
class Documents2019:
    """表二 (2019) 规章 / 规范性文件."""

    made: Count = None  #: 本年新制作数量
    published: Count = None  #: 本年新公开数量
    total_published: Count = None  #: 对外公开总数量


@frozen
class Items2019:
    """表二 (2019) 行政许可 and the other item rows: items and decisions."""

    items_last_year: Count = None  #: 上一年项目数量
    items_change: Count = None  #: 本年增/减 (signed: 增3 is 3, 减2 is -2)
    decisions: Count = None  #: 处理决定数量


@frozen
class Fees2019:
    """表二 (2019) 行政事业性收费: items only."""

    items_last_year: Count = None  #: 上一年项目数量
    items_change: Count = None  #: 本年增/减


@frozen
class Procurement:
    """表二 (2019) 政府集中采购."""

    projects: Count = None  #: 采购项目数量
    amount: Money = None  #: 采购总金额（万元）


@frozen
class Proactive2019:
    """表二 (主动公开政府信息情况), generation "2019"."""

    regulations: Documents2019  #: 规章
    normative_documents: Documents2019  #: 规范性文件
    licensing: Items2019  #: 行政许可
    other_services: Items2019  #: 其他对外管理服务事项
    penalties: Items2019  #: 行政处罚
    coercion: Items2019  #: 行政强制
    fees: Fees2019  #: 行政事业性收费
    procurement: Procurement  #: 政府集中采购


# The report ---------------------------------------------------------------------------

#: The table classes of each generation: (表二 class, 表三 class).
TABLES: dict[Generation, tuple[type, type]] = {
    "2019": (Proactive2019, Requests2019),
    "2021": (Proactive2021, Requests2021),
}


def _tables_match_generation(
    report: Report, _: attrs.Attribute[Generation], generation: Generation
) -> None:
    if generation not in TABLES:
        raise ValueError(f"generation must be one of {GENERATIONS}, not {generation!r}")
    proactive_class, requests_class = TABLES[generation]
    if not isinstance(report.proactive, proactive_class) or not isinstance(
        report.requests, requests_class
    ):
        raise ValueError(
            f"generation {generation!r} needs {proactive_class.__name__} and "
            f"{requests_class.__name__}, not {type(report.proactive).__name__} and "
            f"{type(report.requests).__name__}"
        )


@frozen
class Report:
    """One 政府信息公开工作年度报告, parsed.

    ``proactive`` and ``requests`` hold the table classes of the report's ``generation``
    (``Proactive2019``/``Requests2019`` or ``Proactive2021``/``Requests2021``).
    ``notes`` says what the parser repaired or converted on the way (an ignored empty
    column, a sum printed in 元) and ``source_format`` what the report was read from
    (text, an HTML page, a .docx, a PDF); both are provenance, not content, and are left
    out of ``==``.
    """

    generation: Generation = field(validator=_tables_match_generation)
    year: int | None
    agency: str | None
    title: str | None
    doc_number: str | None
    published_on: datetime.date | None
    overview: str
    proactive: Proactive2019 | Proactive2021
    requests: Requests2019 | Requests2021
    appeals: Appeals
    problems: str
    other_matters: str
    notes: tuple[str, ...] = field(default=(), eq=False)
    #: The format the report was read from: "text", "html", "docx" or "pdf". Provenance.
    source_format: str = field(default="text", eq=False)

    def _repr_html_(self) -> str:
        """The report's identity and tables as HTML, for Jupyter and other notebooks."""
        from .display import report_html

        return report_html(self)
