"""The report's front and back matter: its title, organ, 文号, year and signature date.

Read from the lines the grammar tells apart (``TITLE``, ``ORGAN``, ``DATE``,
``DOC_NUMBER``, prose) before 一、 and after the last section's text.
"""

from __future__ import annotations

import datetime
import re

from lark import Token

__all__ = ["signature", "statistics_year", "title_block"]


def _kind(token: Token) -> str:
    return token.type


_YEAR = re.compile(r"(?<![〔\[(（\d])((?:19|20)\d{2})年")
_PERIOD = re.compile(r"统计[^。]{0,12}?((?:19|20)\d{2})年1月1日")
_CHINESE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}


def _date(key: str) -> datetime.date | None:
    match = re.fullmatch(r"(.{4})年(.{1,3})月(.{1,3})日", key)
    if not match:
        return None
    year = "".join(str(_CHINESE_DIGITS.get(c, c)) for c in match.group(1))
    try:
        return datetime.date(
            int(year), _chinese_number(match.group(2)), _chinese_number(match.group(3))
        )
    except ValueError:
        return None


def _chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    tens, _, ones = text.partition("十") if "十" in text else ("", "", text)
    if "十" in text:
        return (_CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _CHINESE_DIGITS.get(ones, 0) if ones else 0
        )
    return _CHINESE_DIGITS.get(text, 0)


def signature(tokens: list[Token]) -> tuple[list[Token], str | None, datetime.date | None]:
    """Split the signature block (organ, then date) off the end of the last section."""
    body = list(tokens)
    signed_on = None
    if body and _kind(body[-1]) == "DATE":
        signed_on = _date(body.pop().value)
    organs: list[str] = []
    while body and _kind(body[-1]) == "ORGAN":
        organs.insert(0, body.pop().value)
    return body, "".join(organs) or None, signed_on


def _fold_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def title_block(
    lines: list[tuple[str, str, str]],
) -> tuple[str | None, str | None, str | None, str | None]:
    """Title, the agency its title names, 文号 and a lone organ line, from the preamble.

    ``lines`` holds each preamble line's (terminal, key, text as printed).
    """
    title = title_agency = doc_number = organ_line = None
    previous_kind = previous_text = ""
    for kind, key, text in lines:
        if kind == "TITLE" and title is None:
            title = _fold_space(text)
            if previous_kind == "ORGAN" and key[:1].isdigit():
                # The organ on one line and "2023年…年度报告" on the next: one title.
                title = previous_text + title
            title_agency = _agency_in_title(title)
        elif kind == "DOC_NUMBER" and doc_number is None:
            doc_number = text
        elif kind == "ORGAN" and organ_line is None:
            organ_line = key
        previous_kind, previous_text = kind, text
    return title, title_agency, doc_number, organ_line


_ORGAN_END = re.compile(r"(?:局|委员会|委|政府|办公室|办公厅|厅|部|署|中心|院|会|所|站|处|队|馆)$")


def _agency_in_title(title: str) -> str | None:
    """The organ a title names: before the year (XX局2020年…), else after it (2020年度XX局…)."""
    compact = re.sub(r"\s+", "", title)
    before = re.match(r"(.*?)(?:关于)?(?:19|20)\d{2}年", compact)
    if before and before.group(1):
        return before.group(1)
    # An empty organ is none: 2021年政府信息公开… names no organ (not "政府").
    after = re.match(r"(?:关于)?(?:19|20)\d{2}年度?(.*?)(政府信息公开|政务公开|信息公开)", compact)
    if not after or not after.group(1):
        return None
    organ = after.group(1)
    if after.group(2).startswith("政府") and not _ORGAN_END.search(organ):
        organ += "政府"  # 2021年度XX县人民政府信息公开…: the organ is XX县人民政府
    return organ


def statistics_year(title: str | None, preamble: list[Token], overview: list[Token]) -> int | None:
    """The statistics year: the title's, else the opening paragraph's, else the period's."""
    if title:
        match = _YEAR.search(re.sub(r"\s+", "", title))
        if match:
            return int(match.group(1))
    paragraphs = [t.value for t in preamble if _kind(t) == "PROSE"] + [t.value for t in overview]
    if paragraphs:
        match = _YEAR.search(paragraphs[0])
        if match:
            return int(match.group(1))
    for text in paragraphs:
        match = _PERIOD.search(text)
        if match:
            return int(match.group(1))
    return None
