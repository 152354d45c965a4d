"""The template of 国办公开办函〔2021〕30号, for report years 2021 onwards.

表二 counts documents issued, repealed and in force, and decisions; 表三 （六）其他处理
has three sub-rows. Real reports also print, and this template reads (each with a note):
（六） as one row (the 2019 form some organs kept), and the 2025 section layout.
"""

from __future__ import annotations

from .._labels import Kind, RowSpec
from ..model import Proactive2021, Requests2021
from ._base import Template, register

_DOCUMENTS: tuple[Kind, ...] = ("count",) * 3

_DOCUMENT_ROWS = ("regulations", "normative_documents")

TEMPLATE = register(
    Template(
        generation="2021",
        grammar="v2021.lark",
        proactive=Proactive2021,
        requests=Requests2021,
        rows={
            "REGULATIONS": RowSpec("表二", "", "规章", _DOCUMENTS),
            "NORMATIVE_DOCUMENTS": RowSpec("表二", "", "行政规范性文件", _DOCUMENTS),
            "LICENSING": RowSpec("表二", "", "行政许可", ("count",)),
            "PENALTIES": RowSpec("表二", "", "行政处罚", ("count",)),
            "COERCION": RowSpec("表二", "", "行政强制", ("count",)),
            "FEES": RowSpec("表二", "", "行政事业性收费", ("money",)),
        },
        blocks=(
            ("一", ("本年制发件数", "本年废止件数", "现行有效件数"), _DOCUMENT_ROWS),
            ("五", ("本年处理决定数量",), ("licensing",)),
            ("六", ("本年处理决定数量",), ("penalties", "coercion")),
            ("八", ("本年收费金额（单位：万元）",), ("fees",)),
        ),
        columns={
            "issued": "本年制发件数",
            "repealed": "本年废止件数",
            "in_force": "现行有效件数",
            "decisions": "本年处理决定数量",
            "amount": "本年收费金额（万元）",
        },
        evidence=(
            "本年制发件数",
            "本年废止件数",
            "现行有效件数",
            "本年处理决定数量",
            "本年收费金额",
        ),
        other_handling="three rows",
        years=(2021, None),
        notice="国办公开办函〔2021〕30号",
        fee_statement=True,
        variants=(
            "表三 （六）其他处理 printed as one row (the 2019 form)",
            "the 2025 section layout: 五、信息处理费收取情况 with its own table",
        ),
    )
)
