"""Template generations: what differs between them, declared once for each.

The way sqlglot gives each SQL dialect one small module over a shared tree, each template
generation is one ``Template`` in a module of its own (``templates/v2019.py``,
``templates/v2021.py``): its grammar file, its table classes, its own 表二 rows and their
printed headers, the form of its 表三 （六）其他处理, the words only its 表二 prints (how a
report is told to be in it), and the variants of it that real reports print and that are
read as it. The rest of the package asks the template instead of testing the generation
string, so a new generation is a grammar file and a template module::

    from zfxxgk.templates import Template, register

    register(Template(generation="2030", grammar=Path("v2030.lark"), ...))

``register`` also records a template's table classes in ``zfxxgk.model.TABLES`` (which
``Report`` checks itself against), so the model never imports this module.
"""

from __future__ import annotations

from . import v2019, v2021  # the built-in generations register themselves
from ._base import TEMPLATES, Block, Template, for_year, get, register, row_spec

__all__ = [
    "TEMPLATES",
    "Block",
    "Template",
    "for_year",
    "get",
    "register",
    "row_spec",
    "v2019",
    "v2021",
]
