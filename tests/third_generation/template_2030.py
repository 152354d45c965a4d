"""A made-up template generation "2030": the 2021 template with 行政强制 renamed 行政检查.

It is what a new generation takes: a grammar file and a template module, registered by
``zfxxgk.templates.register``; no module of the package changes.
"""

from __future__ import annotations

from pathlib import Path

from zfxxgk._labels import RowSpec
from zfxxgk.model import Proactive2021, Requests2021
from zfxxgk.templates import Template, v2021

TEMPLATE = Template(
    generation="2030",
    grammar=Path(__file__).with_name("v2030.lark"),
    proactive=Proactive2021,
    requests=Requests2021,
    rows={**v2021.TEMPLATE.rows, "COERCION": RowSpec("表二", "", "行政检查", ("count",))},
    blocks=v2021.TEMPLATE.blocks,
    columns=v2021.TEMPLATE.columns,
    evidence=(*v2021.TEMPLATE.evidence, "行政检查"),
    other_handling="three rows",
    years=(2030, None),
)
