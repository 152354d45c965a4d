"""Tell a report's template from its tables, never from its year.

Each template declares the words only its 表二 prints (``Template.evidence``) and how its
表三 prints （六）其他处理; the template whose 表二 the report prints is the report's. 表三
decides only where 表二 cannot tell.
"""

from __future__ import annotations

import re

from ._lines import Document, Line
from .errors import ParseError
from .templates import TEMPLATES, Template

__all__ = ["detect_template"]

# 表三 （六）其他处理's three sub-rows (their words), and the row printed alone.
_SUB_ROWS = ("逾期不补正", "逾期未按收费通知")
_ONE_ROW = re.compile(r"(?:\(六\)|六[、.])?其他处理")  # (it holds 其他处理)
_REQUESTS_ANY = ("本年新收", "上年结转", "结转下年度")
_ANNUAL_REPORT = re.compile(r"(?:政府信息公开|政务公开)[^\t]{0,12}(?:年度报告|年报)")


def _first(lines: list[Line], words: tuple[str, ...]) -> Line | None:
    return next((line for line in lines if any(word in line.key for word in words)), None)


def _by_proactive(rows: list[Line], keys: str) -> Template | None:
    """The template whose 表二 the rows print: the most words only it prints, then the most
    of its words (a template that extends another wins on its own rows only).

    ``keys``: the rows' keys, one text to search (a word without a newline is in it
    where it is in a row's key)."""
    templates = list(TEMPLATES.values())
    scores = []
    for index, template in enumerate(templates):
        others = {word for other in templates if other is not template for word in other.evidence}
        found = [
            word
            for word in template.evidence
            if (word in keys if "\n" not in word else _first(rows, (word,)))
        ]
        own = [word for word in found if word not in others]
        scores.append((len(own), len(found), -index))
    best = max(scores, default=(0, 0, 0))
    if best[1] == 0 or scores.count(best) > 1:
        return None
    return templates[scores.index(best)]


def _by_requests(rows: list[Line], keys: str) -> Template | None:
    """The first template whose （六）其他处理 has the form 表三 prints, if it shows one."""
    if any(word in keys for word in _SUB_ROWS):  # (no word of _SUB_ROWS has a newline)
        form = "three rows"
    elif "其他处理" in keys and any(
        _ONE_ROW.fullmatch(line.key.partition("\t")[0]) for line in rows if "其他处理" in line.key
    ):
        form = "one row"
    else:
        return None
    return next((t for t in TEMPLATES.values() if t.other_handling == form), None)


def detect_template(doc: Document) -> Template:
    """The template whose tables the report prints.

    Raises ``ParseError`` when the tables of no template are there, or when a 表二 whose
    template has （六） as one row stands beside 表三's three sub-rows.
    """
    rows = [line for line in doc.lines if "\t" in line.key]  # line.is_row
    keys = "\n".join([line.key for line in rows])
    proactive, requests = _by_proactive(rows, keys), _by_requests(rows, keys)
    if (
        proactive
        and proactive.other_handling == "one row"
        and requests
        and (requests.other_handling == "three rows")
    ):
        marker = _first(rows, _SUB_ROWS)
        assert marker is not None
        raise ParseError(
            f"表二 is in the {proactive.generation} template but 表三 in the "
            f"{requests.generation} template (（六）其他处理 has three rows): a "
            f"{proactive.generation} table cannot hold them, so the template cannot be told",
            line=marker.line,
            column=marker.column,
            where="表三",
        )
    # A 2021 表二 with （六）其他处理 as one row (the 2019 form some organs kept) is a 2021
    # report: 表二 decides, and the lowering reads the one row.
    template = proactive or requests
    if template is not None:
        return template
    if _first(rows, _REQUESTS_ANY):
        raise ParseError(
            "cannot tell the template: 表二 (主动公开政府信息情况) is missing or unreadable and "
            "表三 does not reach （六）其他处理, whose rows tell 2019 from 2021. "
            "Is the report cut short?",
            where="表二",
        )
    title = next((line for line in doc.lines[:12] if _ANNUAL_REPORT.search(line.key)), None)
    if title is not None:
        raise ParseError(
            "an annual report without the template's tables: neither 表二 nor 表三 is printed "
            "as a table of text. Free-form reports (as organs wrote them before 2019) are not "
            "supported; a report whose tables are images or attachments cannot be read",
            line=title.line,
            column=title.column,
        )
    raise ParseError(
        "not an annual report in the 2019 or 2021 template: found neither 表二 "
        "(主动公开政府信息情况: rows such as 规章 under 本年制发件数 or 本年新制作数量) nor "
        "表三 (收到和处理政府信息公开申请情况: rows such as 一、本年新收政府信息公开申请数量). "
        "Free-form reports from before 2019 are not supported"
    )
