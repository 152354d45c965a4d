"""``parse`` gives every text of the differential corpus exactly the outcome it gave before.

And the text path's own lexer (``zfxxgk._lexer.LineLexer``) gives Lark's tokens.

tests/differential/corpus.jsonl holds generated, damaged and real texts, each with the
outcome ``parse`` gave it when the corpus was made (tests/differential/make_corpus.py):
the report's ``to_dict``, or the ``ParseError``'s reason, row, line and column. A change
to the normalizer, the lexer, the parser or the lowering that is meant to change no
outcome (a speed-up) must keep every one of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark import Lark, Token
from lark.exceptions import UnexpectedInput

import zfxxgk
from zfxxgk._grammar import parser_for
from zfxxgk._lexer import LineLexer
from zfxxgk._normalize import normalize
from zfxxgk._patterns import _MayBeEmpty, _starts
from zfxxgk.model import Generation

from .differential.make_corpus import outcome

CORPUS = Path(__file__).parent / "differential" / "corpus.jsonl"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()
]


def test_the_corpus_holds_every_kind_of_text() -> None:
    kinds = {case["case"].partition("/")[0] for case in CASES}
    assert {"generated", "seed", "cut", "formats", "corpus", "test_errors"} <= kinds
    assert sum("error" in case for case in CASES) >= 50
    assert sum("report" in case for case in CASES) >= 250


@pytest.mark.parametrize("case", CASES, ids=[case["case"] for case in CASES])
def test_outcome_is_unchanged(case: dict[str, Any]) -> None:
    expected = {key: case[key] for key in ("report", "error") if key in case}
    assert outcome(case["text"]) == expected


# The text path's lexer: Lark's tokens, positions and errors, from the grammar's terminals. --

_PIECES = "一二三四五六、（）(). \t\n\n0123456789规章总计予以公开本年新收年度报告局委员会/|#—-"


def _tokens(tokens: Iterable[Token]) -> list[tuple[Any, ...]]:
    return [
        (t.type, str(t), t.start_pos, t.line, t.column, t.end_line, t.end_column, t.end_pos)
        for t in tokens
    ]


def _lexed(parser: Lark, text: str, lexer: Callable[[str], Iterable[Token]]) -> object:
    try:
        return _tokens(lexer(text))
    except UnexpectedInput as error:
        return (type(error), str(error), error.line, error.column)


@pytest.mark.parametrize("generation", ["2019", "2021"])
def test_the_line_lexer_gives_larks_tokens_for_the_corpus(generation: Generation) -> None:
    parser = parser_for(generation)
    line_lexer = LineLexer.of(parser)
    assert line_lexer is not None
    for case in CASES:
        try:
            text = normalize(case["text"]).text
        except zfxxgk.ParseError:
            continue
        assert _tokens(line_lexer.tokens(text)) == _tokens(parser.lex(text)), case["case"]


def _parsed(parse: Callable[[str], Any], text: str) -> object:
    try:
        return parse(text)
    except UnexpectedInput as error:
        token = getattr(error, "token", None)
        where = _tokens([token]) if token is not None else None
        return (type(error), str(error), error.line, error.column, where)


@pytest.mark.parametrize("generation", ["2019", "2021"])
def test_the_line_parser_gives_larks_trees_and_errors_for_the_corpus(
    generation: Generation,
) -> None:
    """Every corpus text, read by both generations' parsers (so many are refused)."""
    parser = parser_for(generation)
    line_lexer = LineLexer.of(parser)
    assert line_lexer is not None
    refused = 0
    for case in CASES:
        try:
            text = normalize(case["text"]).text
        except zfxxgk.ParseError:
            continue
        ours, larks = _parsed(line_lexer.parse, text), _parsed(parser.parse, text)
        assert ours == larks, case["case"]
        refused += isinstance(larks, tuple)
    assert refused >= 30


@given(st.text(alphabet=st.sampled_from(_PIECES), max_size=300))
def test_the_line_lexer_gives_larks_tokens_for_any_text(text: str) -> None:
    for generation in ("2019", "2021"):
        parser = parser_for(generation)
        line_lexer = LineLexer.of(parser)
        assert line_lexer is not None
        assert _lexed(parser, text, line_lexer.tokens) == _lexed(parser, text, parser.lex)


@pytest.mark.parametrize(
    ("pattern", "answer"),
    [
        (r"\n+", True),
        (r"\s+", True),
        (r"[^\t]x", True),
        (r"(?:a|\n)b", True),
        (r"a*\n", True),
        (r"[^\n]*\t[^\n]*", False),
        (r"(?:\t[^\t\n]*)+", False),
        (r"\t*(?=\n|$)x", False),
        (r"\d{4}年", False),
        (r"a?", None),  # may match the empty string: Lark's lexer is kept
        (r"(a)?\1", None),  # a back reference is not read: Lark's lexer is kept
    ],
)
def test_which_patterns_may_start_with_a_newline(pattern: str, answer: bool | None) -> None:
    try:
        starts = _starts(pattern)
    except _MayBeEmpty:
        starts = None
    assert (None if starts is None else "\n" in starts) is answer


@pytest.mark.parametrize(
    ("pattern", "inside", "outside"),
    [
        (r"(?:\([一二]\)|\d{1,2}[.、]?)?规章\t", "规(12", "本\t\n章"),
        (r"[^\t\n]{0,40}年报", "本1(年", "\t\n"),
        (r"\t*(?=\n|$)x", "\tx", "y\n"),
        (r"\s+", " \t\n\u3000", "x1"),
        (r"[\D]", "x\n", "1"),
    ],
)
def test_which_characters_a_pattern_may_start_with(pattern: str, inside: str, outside: str) -> None:
    starts = _starts(pattern)
    assert starts is not None
    assert all(char in starts for char in inside)
    assert not any(char in starts for char in outside)
