"""The typed model of an annual report: frozen, slotted attrs classes.

The class and field names are the key names of ``schema.md``: ``zfxxgk.to_dict`` is the
cattrs unstructure of these classes and nothing more. A cell printed blank (or "/", "—",
"-", "无") is ``None``, never 0; a row the report does not print at all is ``None`` as a
whole (its row object), and ``Report.notes`` says so. The model knows nothing of text or
of Lark.
"""

from __future__ import annotations

import datetime
import functools
import operator
import typing
from collections.abc import Callable
from decimal import Decimal

import attrs
from attrs import field, frozen

#: A template generation, named by the year its template was issued: "2019", "2021", or
#: one registered with ``zfxxgk.templates.register``.
Generation = str
#: The two official generations.
GENERATIONS: tuple[Generation, ...] = ("2019", "2021")

Count = int | None
Money = Decimal | None


class _Record:
    """The base of the model's classes: pickled as the class and its field values.

    ``parse_many`` sends each report from a worker process to the caller's, who unpickles
    it. Rebuilt through ``__init__`` (which checks it again), a report loads in under half
    the time of attrs' own ``__setstate__``, which sets one field at a time by name.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        cls: type = type(self)
        return cls, _field_values(cls)(self)


@functools.cache
def _field_values(cls: type) -> Callable[[object], tuple[object, ...]]:
    """A C-level getter of an attrs class's field values, in ``__init__``'s order."""
    names = [attribute.name for attribute in attrs.fields(cls)]
    if len(names) == 1:  # attrgetter of one name gives the value, not a tuple
        one = operator.attrgetter(names[0])
        return lambda record: (one(record),)
    return operator.attrgetter(*names)


# 表三: one row of seven applicant columns ---------------------------------------------


@frozen
class ApplicantCounts(_Record):
    """One row of 表三: the six applicant columns and their 总计, in printed order."""

    natural_person: Count = None  #: 自然人
    commercial: Count = None  #: 商业企业
    research: Count = None  #: 科研机构
    social_welfare: Count = None  #: 社会公益组织 (also printed 社会组织)
    legal_services: Count = None  #: 法律服务机构 (also printed 律师事务所)
    other: Count = None  #: 其他
    total: Count = None  #: 总计


@frozen
class Withheld(_Record):
    """表三 （三）不予公开: the eight reasons for withholding."""

    state_secret: ApplicantCounts | None  #: 1. 属于国家秘密
    prohibited_by_law: ApplicantCounts | None  #: 2. 其他法律行政法规禁止公开
    three_safeties: ApplicantCounts | None  #: 3. 危及“三安全一稳定”
    third_party_rights: ApplicantCounts | None  #: 4. 保护第三方合法权益
    internal_affairs: ApplicantCounts | None  #: 5. 属于三类内部事务信息
    process_information: ApplicantCounts | None  #: 6. 属于四类过程性信息
    enforcement_files: ApplicantCounts | None  #: 7. 属于行政执法案卷
    inquiry_matters: ApplicantCounts | None  #: 8. 属于行政查询事项


@frozen
class Unavailable(_Record):
    """表三 （四）无法提供."""

    not_held: ApplicantCounts | None  #: 1. 本机关不掌握相关政府信息
    needs_creation: ApplicantCounts | None  #: 2. 没有现成信息需要另行制作
    unclear_after_correction: ApplicantCounts | None  #: 3. 补正后申请内容仍不明确


@frozen
class NotProcessed(_Record):
    """表三 （五）不予处理."""

    petitions: ApplicantCounts | None  #: 1. 信访举报投诉类申请
    duplicate: ApplicantCounts | None  #: 2. 重复申请
    publications: ApplicantCounts | None  #: 3. 要求提供公开出版物
    excessive: ApplicantCounts | None  #: 4. 无正当理由大量反复申请
    confirmation: ApplicantCounts | None  #: 5. 要求行政机关确认或重新出具已获取信息


@frozen
class OtherHandling(_Record):
    """表三 （六）其他处理 in generation "2021": three sub-rows."""

    no_correction: ApplicantCounts | None  #: 1. 申请人无正当理由逾期不补正…
    unpaid_fee: ApplicantCounts | None  #: 2. 申请人逾期未按收费通知要求缴纳费用…
    other: ApplicantCounts | None  #: 3. 其他


@frozen
class Requests2019(_Record):
    """表三 (收到和处理政府信息公开申请情况), generation "2019": （六）其他处理 is one row."""

    new_received: ApplicantCounts | None  #: 一、本年新收政府信息公开申请数量
    carried_over: ApplicantCounts | None  #: 二、上年结转政府信息公开申请数量
    granted: ApplicantCounts | None  #: 三、（一）予以公开
    partially_granted: ApplicantCounts | None  #: （二）部分公开
    withheld: Withheld  #: （三）不予公开
    unavailable: Unavailable  #: （四）无法提供
    not_processed: NotProcessed  #: （五）不予处理
    other_handling: ApplicantCounts | None  #: （六）其他处理
    total: ApplicantCounts | None  #: （七）总计
    carried_forward: ApplicantCounts | None  #: 四、结转下年度继续办理


@frozen
class Requests2021(_Record):
    """表三 (收到和处理政府信息公开申请情况), generation "2021": （六）其他处理 has three rows."""

    new_received: ApplicantCounts | None  #: 一、本年新收政府信息公开申请数量
    carried_over: ApplicantCounts | None  #: 二、上年结转政府信息公开申请数量
    granted: ApplicantCounts | None  #: 三、（一）予以公开
    partially_granted: ApplicantCounts | None  #: （二）部分公开
    withheld: Withheld  #: （三）不予公开
    unavailable: Unavailable  #: （四）无法提供
    not_processed: NotProcessed  #: （五）不予处理
    #: （六）其他处理: three rows, or one (the 2019 form some 2021 tables keep)
    other_handling: OtherHandling | ApplicantCounts | None
    total: ApplicantCounts | None  #: （七）总计
    carried_forward: ApplicantCounts | None  #: 四、结转下年度继续办理


# 表四 --------------------------------------------------------------------------------


@frozen
class AppealCounts(_Record):
    """One block of 表四: results of 行政复议 or 行政诉讼."""

    upheld: Count = None  #: 结果维持
    corrected: Count = None  #: 结果纠正
    other: Count = None  #: 其他结果
    pending: Count = None  #: 尚未审结
    total: Count = None  #: 总计


@frozen
class Appeals(_Record):
    """表四 (政府信息公开行政复议、行政诉讼情况)."""

    review: AppealCounts  #: 行政复议
    litigation_direct: AppealCounts  #: 行政诉讼 / 未经复议直接起诉
    litigation_after_review: AppealCounts  #: 行政诉讼 / 复议后起诉


# 表二, generation "2021" ---------------------------------------------------------------


@frozen
class Documents2021(_Record):
    """表二 (2021) 规章 / 行政规范性文件: documents issued, repealed and in force."""

    issued: Count = None  #: 本年制发件数
    repealed: Count = None  #: 本年废止件数
    in_force: Count = None  #: 现行有效件数


@frozen
class Decisions(_Record):
    """表二 (2021) 行政许可 / 行政处罚 / 行政强制: decisions made this year."""

    decisions: Count = None  #: 本年处理决定数量


@frozen
class Fees2021(_Record):
    """表二 (2021) 行政事业性收费."""

    amount: Money = None  #: 本年收费金额（万元）


@frozen
class Proactive2021(_Record):
    """表二 (主动公开政府信息情况), generation "2021"."""

    regulations: Documents2021 | None  #: 规章
    normative_documents: Documents2021 | None  #: 行政规范性文件
    licensing: Decisions | None  #: 行政许可
    penalties: Decisions | None  #: 行政处罚
    coercion: Decisions | None  #: 行政强制
    fees: Fees2021 | None  #: 行政事业性收费


# 表二, generation "2019" ---------------------------------------------------------------


@frozen
class Documents2019(_Record):
    """表二 (2019) 规章 / 规范性文件."""

    made: Count = None  #: 本年新制作数量
    published: Count = None  #: 本年新公开数量
    total_published: Count = None  #: 对外公开总数量


@frozen
class Items2019(_Record):
    """表二 (2019) 行政许可 and the other item rows: items and decisions."""

    items_last_year: Count = None  #: 上一年项目数量
    items_change: Count = None  #: 本年增/减 (signed: 增3 is 3, 减2 is -2)
    decisions: Count = None  #: 处理决定数量


@frozen
class Fees2019(_Record):
    """表二 (2019) 行政事业性收费: items only."""

    items_last_year: Count = None  #: 上一年项目数量
    items_change: Count = None  #: 本年增/减


@frozen
class Procurement(_Record):
    """表二 (2019) 政府集中采购."""

    projects: Count = None  #: 采购项目数量
    amount: Money = None  #: 采购总金额（万元）


@frozen
class Proactive2019(_Record):
    """表二 (主动公开政府信息情况), generation "2019"."""

    regulations: Documents2019 | None  #: 规章
    normative_documents: Documents2019 | None  #: 规范性文件
    licensing: Items2019 | None  #: 行政许可
    other_services: Items2019 | None  #: 其他对外管理服务事项
    penalties: Items2019 | None  #: 行政处罚
    coercion: Items2019 | None  #: 行政强制
    fees: Fees2019 | None  #: 行政事业性收费
    procurement: Procurement | None  #: 政府集中采购


# 信息处理费 (the 2025 layout) -------------------------------------------------------------


@frozen
class ProcessingFees(_Record):
    """五、信息处理费收取情况, the small table reports print from 2025 on, in 元 as printed."""

    notices: Count = None  #: 通知收取件数
    notified_yuan: Money = None  #: 通知收取金额（元）
    collected_yuan: Money = None  #: 实际收取金额（元）


# The report ---------------------------------------------------------------------------

#: The table classes of each generation: (表二 class, 表三 class); ``zfxxgk.templates``
#: registers a new generation's here.
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
class Report(_Record):
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
    #: 六、其他需要报告的事项; ``None`` where the report has no such section (2025 layout).
    other_matters: str | None
    #: The fee table of the 2025 layout; ``None`` where the report has none.
    processing_fees: ProcessingFees | None = None
    notes: tuple[str, ...] = field(default=(), eq=False)
    #: The format the report was read from: "text", "html", "docx" or "pdf". Provenance.
    source_format: str = field(default="text", eq=False)

    def _repr_html_(self) -> str:
        """The report's identity and tables as HTML, for Jupyter and other notebooks."""
        from .display import report_html

        return report_html(self)


#: One field of a table class: its name, the group class it holds (rows under a label such
#: as （三）不予公开) and the row class it holds (cells); 2021's （六）其他处理 may hold either.
Shape = tuple[tuple[str, type | None, type | None], ...]


@functools.cache
def shape(cls: type) -> Shape:
    """The fields of a table class with the group and row classes each may hold."""
    hints = typing.get_type_hints(cls)
    found = []
    for attribute in attrs.fields(cls):
        options = typing.get_args(hints[attribute.name]) or (hints[attribute.name],)
        classes = [t for t in options if isinstance(t, type) and attrs.has(t)]
        group = next((t for t in classes if _is_group(t)), None)
        row = next((t for t in classes if not _is_group(t)), None)
        found.append((attribute.name, group, row))
    return tuple(found)


def _is_group(cls: type) -> bool:
    return any(group or row for _, group, row in shape(cls))
