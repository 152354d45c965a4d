"""The template of 国办公开办函〔2019〕60号, for report years 2019 and 2020.

表二 counts items of the previous year, their change and decisions, and adds 政府集中采购;
表三 （六）其他处理 is one row.
"""

from __future__ import annotations

from .._labels import Kind, RowSpec
from ..model import Proactive2019, Requests2019
from ._base import Template, register

_DOCUMENTS: tuple[Kind, ...] = ("count",) * 3
_ITEMS: tuple[Kind, ...] = ("count", "signed", "count")
_ITEM_HEADERS = ("上一年项目数量", "本年增/减", "处理决定数量")
_DOCUMENT_ROWS = ("regulations", "normative_documents")

TEMPLATE = register(
    Template(
        generation="2019",
        grammar="v2019.lark",
        proactive=Proactive2019,
        requests=Requests2019,
        rows={
            "REGULATIONS": RowSpec("表二", "", "规章", _DOCUMENTS),
            "NORMATIVE_DOCUMENTS": RowSpec("表二", "", "规范性文件", _DOCUMENTS),
            "LICENSING": RowSpec("表二", "", "行政许可", _ITEMS),
            "OTHER_SERVICES": RowSpec("表二", "", "其他对外管理服务事项", _ITEMS),
            "PENALTIES": RowSpec("表二", "", "行政处罚", _ITEMS),
            "COERCION": RowSpec("表二", "", "行政强制", _ITEMS),
            "FEES": RowSpec("表二", "", "行政事业性收费", ("count", "signed")),
            "PROCUREMENT": RowSpec("表二", "", "政府集中采购", ("count", "money")),
        },
        blocks=(
            ("一", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), _DOCUMENT_ROWS),
            ("五", _ITEM_HEADERS, ("licensing", "other_services")),
            ("六", _ITEM_HEADERS, ("penalties", "coercion")),
            ("八", _ITEM_HEADERS[:2], ("fees",)),
            ("九", ("采购项目数量", "采购总金额（万元）"), ("procurement",)),
        ),
        columns={
            "made": "本年新制作数量",
            "published": "本年新公开数量",
            "total_published": "对外公开总数量",
            "items_last_year": "上一年项目数量",
            "items_change": "本年增/减",
            "decisions": "处理决定数量",
            "projects": "采购项目数量",
            "amount": "采购总金额（万元）",
        },
        evidence=(
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量",
            "上一年项目数量",
            "其他对外管理服务事项",
            "政府集中采购",
            "采购项目数量",
        ),
        other_handling="one row",
        years=(2019, 2020),
        notice="国办公开办函〔2019〕60号",
    )
)
