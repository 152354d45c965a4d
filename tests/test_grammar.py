"""The grammars: conflict-free LALR, terminals that do not collide, built once."""

from __future__ import annotations

from pathlib import Path

import pytest
from lark import Lark

from zfxxgk._grammar import parser_for

GRAMMARS = Path(__file__).resolve().parents[1] / "grammars"


@pytest.mark.parametrize("generation", ["2019", "2021"])
def test_grammar_is_strict_lalr(generation: str) -> None:
    # strict=True (needs lark[interegular]) turns shift/reduce conflicts and colliding
    # terminals of equal priority into errors instead of silent choices.
    parser = Lark.open(
        str(GRAMMARS / f"v{generation}.lark"),
        parser="lalr",
        lexer="basic",
        strict=True,
        maybe_placeholders=True,
    )
    assert parser.parse  # built without GrammarError or LexError


def test_each_parser_is_built_once() -> None:
    assert parser_for("2019") is parser_for("2019")
    assert parser_for("2019") is not parser_for("2021")
