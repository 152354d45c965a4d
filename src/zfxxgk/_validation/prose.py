"""The prose against the tables: figures stated in the text, and the 信息处理费 statement.

The ``TEXT_*`` rules read the sentences of 一、总体情况, 五 and 六 with patterns for the
phrasings real reports use and compare each stated figure with 表三 or 表四; patterns, not
understanding, so their findings are warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

from .. import templates
from ..model import Report
from .cells import blanks_said, cell_at
from .findings import Finding, Quote, finding

_PROSE_FIELDS = ("overview", "problems", "other_matters")
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")

_CHINESE_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}


def _number(text: str) -> int | None:
    """``"12"``, ``"１２"``, ``"十二"``, ``"一百零五"`` → the int; anything else → None."""
    try:
        return int(text)
    except ValueError:
        pass
    total, digit, last_unit = 0, None, 10_000
    for char in text:
        if char in _CHINESE_DIGITS:
            if digit is not None and digit != 0:
                return None  # 三五 is not a number we read
            digit = _CHINESE_DIGITS[char]
        elif char in _CHINESE_UNITS:
            unit = _CHINESE_UNITS[char]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    return total + (digit or 0)


_NUM = r"(?P<num>\d+|[零〇一二两三四五六七八九十百千]+)"
_UNIT = r"\s*(?:件|起|宗)"
_QUANTIFIER = r"(?:共|共计|合计|总计|累计)?(?:为|有|达)?\s*"
#: Up to 20 characters of one clause, no number: 因政府信息公开工作被申请.
_FILLER = r"(?P<filler>[^，,。；;：:！？\d\n]{0,20}?)"
#: A negation that governs what follows: 未发生, 没有收到, 未被, 无, 暂无 (not 无论, 无法).
_NO = (
    r"(?:(?:未|没有|并未|均未|从未)(?:发生|收到|接到|出现|产生|涉及|有|被|因)"
    r"|(?:暂无|并无|均无|无)(?!论|法|需|须|效|偿|关))"
)
_AND = r"(?:[和、及与或]|以及)(?:提起|发生)?"
_BOTH = rf"(?:行政复议{_AND}行政诉讼|行政诉讼{_AND}行政复议)"
#: Words that, inside the filler, mean the sentence is about something else.
_REQUESTS_OFF = re.compile(
    r"结转|复议|诉讼|咨询|举报|投诉|信访|留言|来信|办结|答复|但|而|其中"
    r"|网上|网络|信函|当面|现场|电子邮件|邮件|传真|书面|口头|电话"
)
_NEGATION_OFF = re.compile(r"但|而|仅|只|除|却")


class _Pattern(NamedTuple):
    code: str
    regex: re.Pattern[str]
    #: "number" reads the count from the match; "none" means the sentence says zero.
    reading: Literal["number", "none"]
    #: The match does not count when its filler holds one of these words.
    avoid: re.Pattern[str] | None = None


#: The phrasings read, most specific first: a later match overlapping an earlier one in
#: the same sentence is skipped (行政复议和行政诉讼均为0件 is one statement, not three).
_PATTERNS: tuple[_Pattern, ...] = (
    _Pattern(
        "TEXT_APPEALS",
        re.compile(rf"{_BOTH}(?:案件|案)?(?P<each>均|都|各)?{_QUANTIFIER}{_NUM}{_UNIT}"),
        "number",
    ),
    _Pattern("TEXT_APPEALS", re.compile(rf"{_NO}{_FILLER}{_BOTH}"), "none", _NEGATION_OFF),
    _Pattern(
        "TEXT_NEW_RECEIVED",
        re.compile(
            rf"新收(?:到)?(?:政府信息公开|依申请公开|信息公开)?(?:申请)?(?:数量|数)?"
            rf"{_QUANTIFIER}{_NUM}{_UNIT}"
        ),
        "number",
    ),
    _Pattern(
        "TEXT_NEW_RECEIVED",
        re.compile(
            rf"(?P<verb>收到|接收|接到|受理){_FILLER}(?:申请|依申请公开)"
            rf"(?:事项|件数|数量)?{_QUANTIFIER}{_NUM}{_UNIT}"
        ),
        "number",
        _REQUESTS_OFF,
    ),
    _Pattern(
        "TEXT_NO_REQUESTS",
        re.compile(
            r"(?:无|暂无|并无|没有|未)(?:收到|接到|受理|发生|产生)?(?:任何)?"
            r"(?:政府信息公开|信息公开)?(?:的)?依?申请公开"
        ),
        "none",
    ),
    _Pattern(
        "TEXT_NO_REQUESTS",
        re.compile(rf"(?:未|没有)(?:收到|接到|受理){_FILLER}申请(?![人书表])"),
        "none",
        _REQUESTS_OFF,
    ),
    _Pattern(
        "TEXT_GRANTED",
        re.compile(
            rf"(?<!不)(?<!主动)(?:予以公开|同意公开)(?:答复|的|申请)?{_QUANTIFIER}{_NUM}{_UNIT}"
        ),
        "number",
    ),
    _Pattern(
        "TEXT_REVIEW",
        re.compile(rf"行政复议(?:案件|申请|案)?{_QUANTIFIER}{_NUM}{_UNIT}"),
        "number",
    ),
    _Pattern(
        "TEXT_REVIEW",
        re.compile(rf"{_NO}{_FILLER}行政复议"),
        "none",
        re.compile(rf"{_NEGATION_OFF.pattern}|诉讼"),
    ),
    _Pattern(
        "TEXT_LITIGATION",
        re.compile(rf"(?:行政诉讼|起诉)(?:案件|案)?{_QUANTIFIER}{_NUM}{_UNIT}"),
        "number",
    ),
    _Pattern("TEXT_LITIGATION", re.compile(rf"{_NO}{_FILLER}行政诉讼"), "none", _NEGATION_OFF),
)


class _Statement(NamedTuple):
    """A figure the prose states: which rule, the number (0 for "none"), the sentence."""

    code: str
    number: int
    each: bool  # 行政复议和行政诉讼均为N件: N each, not N together
    verb: str  # 收到 / 受理 / … for requests, "" otherwise
    quote: Quote


def sentences(text: str | None, field: str) -> Iterator[Quote]:
    for match in _SENTENCE.finditer(text or ""):  # None: the report has no such section
        sentence = match.group()
        stripped = sentence.strip()
        if stripped:
            start = match.start() + (len(sentence) - len(sentence.lstrip()))
            yield Quote(field, start, start + len(stripped), stripped)


def _statements(report: Report) -> tuple[_Statement, ...]:
    """The figures the prose states about 表三 and 表四, in order of appearance."""
    statements: list[_Statement] = []
    for field in _PROSE_FIELDS:
        for quote in sentences(getattr(report, field), field):
            taken: list[tuple[int, int]] = []
            for pattern in _PATTERNS:
                for match in pattern.regex.finditer(quote.text):
                    if any(match.start() < end and start < match.end() for start, end in taken):
                        continue
                    groups = match.groupdict()
                    if pattern.avoid is not None and pattern.avoid.search(
                        groups.get("filler") or ""
                    ):
                        continue
                    number = 0 if pattern.reading == "none" else _number(groups["num"])
                    if number is None:
                        continue
                    taken.append(match.span())
                    statements.append(
                        _Statement(
                            pattern.code,
                            number,
                            bool(groups.get("each")),
                            groups.get("verb") or "",
                            quote,
                        )
                    )
    return tuple(statements)


_TEXT_TARGETS: dict[str, tuple[str, ...]] = {
    "TEXT_NEW_RECEIVED": ("requests.new_received.total",),
    "TEXT_NO_REQUESTS": ("requests.new_received.total",),
    "TEXT_GRANTED": ("requests.granted.total",),
    "TEXT_REVIEW": ("appeals.review.total",),
    "TEXT_LITIGATION": ("appeals.litigation_direct.total", "appeals.litigation_after_review.total"),
    "TEXT_APPEALS": (
        "appeals.review.total",
        "appeals.litigation_direct.total",
        "appeals.litigation_after_review.total",
    ),
}


def _text_finding(report: Report, statement: _Statement) -> Finding | None:
    cells = tuple(cell_at(report, path) for path in _TEXT_TARGETS[statement.code])
    table = sum(cell.number for cell in cells)
    stated = statement.number
    accepted = {table}
    if statement.code == "TEXT_NEW_RECEIVED" and statement.verb:
        # 收到/受理…申请N件 may count the requests carried over from last year as well.
        accepted.add(table + cell_at(report, "requests.carried_over.total").number)
    if statement.code == "TEXT_APPEALS" and statement.each:
        accepted = {stated} if all(cell.number == stated for cell in cells) else set()
    if statement.code == "TEXT_NO_REQUESTS":
        if table == 0:
            return None
    elif stated in accepted:
        return None
    quote = statement.quote
    sentence = re.sub(r"\s+", " ", quote.text)
    where = "、".join(cell.label for cell in cells)
    said = "没有" if statement.code == "TEXT_NO_REQUESTS" else f"{stated}件"
    zh_blank, en_blank = blanks_said(cells)
    return finding(
        statement.code,
        (cell.path for cell in cells),
        table,
        stated,
        f"{quote.field}第{quote.start + 1}字起「{sentence}」称{said}，而{where}合计为{table}"
        f"{zh_blank} / the sentence at {quote.field}[{quote.start}:{quote.end}] states "
        f"{stated}, the table holds {table} in {' + '.join(cell.path for cell in cells)}"
        f"{en_blank}",
        quote,
    )


def check_text_against_tables(report: Report) -> tuple[Finding, ...]:
    """Figures in the prose agree with the tables (``TEXT_*``, warnings).

    Reads sentences such as 本年新收政府信息公开申请3件, 共收到政府信息公开申请3件, 予以公开2件,
    因政府信息公开被申请行政复议1件, 未发生行政复议和行政诉讼, 无依申请公开 in the overview,
    section 五 and section 六, and compares each with 表三 or 表四. The finding's ``quote``
    is the sentence and where it stands; ``expected`` is the table's figure, ``actual``
    the sentence's.
    """
    findings = (_text_finding(report, statement) for statement in _statements(report))
    return tuple(finding for finding in findings if finding is not None)


_FEE = re.compile(r"信息处理费|处理费|收费|收取[^，,。；;]{0,12}费|费用")
#: Outside section 六 only the fee's own name counts (收费标准 there is about other things).
_FEE_ELSEWHERE = re.compile(r"信息处理费|处理费")


def _asks_fee_statement(report: Report) -> bool:
    """The template asks section 六 to state the 信息处理费, unless the report has the 2025
    layout's fee table, which states the fees in a table of its own."""
    return templates.get(report.generation).fee_statement and report.processing_fees is None


def check_fee_statement(report: Report) -> tuple[Finding, ...]:
    """Where the template asks for it, section 六 states the 信息处理费 charged, or that
    none was.

    ``FEE_NOT_STATED`` (warning) when the report never mentions it; ``FEE_OUTSIDE_SECTION6``
    (note) when only another section does.
    """
    if not _asks_fee_statement(report):
        return ()
    if _FEE.search(report.other_matters or ""):
        return ()
    for field in ("overview", "problems"):
        for quote in sentences(getattr(report, field), field):
            if _FEE_ELSEWHERE.search(quote.text):
                return (
                    finding(
                        "FEE_OUTSIDE_SECTION6",
                        ("other_matters", field),
                        None,
                        None,
                        f"信息处理费的情况写在{field}（第{quote.start + 1}字起）而非六、"
                        f"其他需要报告的事项 / 信息处理费 is stated in {field}, not in section 六 "
                        "(other_matters)",
                        quote,
                    ),
                )
    return (
        finding(
            "FEE_NOT_STATED",
            ("other_matters",),
            None,
            None,
            "六、其他需要报告的事项未说明信息处理费的收取情况（收取或未收取） / section 六 "
            "(other_matters) does not say whether 信息处理费 was charged",
        ),
    )
