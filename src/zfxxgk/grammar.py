"""Load the .lark grammars shipped with the package and build each parser once."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark

from .model import Generation

__all__ = ["parser_for"]

_OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    # Every terminal matches a whole line, and a line means the same wherever it
    # stands: a state-independent lexer gives the parser honest tokens to reject.
    "lexer": "basic",
    "maybe_placeholders": True,
    # Building a parser takes seconds where interegular is installed (Lark then checks
    # every pair of terminals for collisions); Lark's cache, in the temporary directory
    # and keyed by the grammar's text, makes every later process load it in milliseconds.
    "cache": True,
}


def _checkout_grammars() -> Path:
    # Running from a source checkout (or an editable install): grammars/ at the top.
    return Path(__file__).resolve().parents[2] / "grammars"


@functools.cache
def parser_for(generation: Generation) -> Lark:
    """The LALR parser of one template generation, built on first use."""
    name = f"v{generation}.lark"
    if (resources.files(__package__) / "grammars" / name).is_file():
        # Installed from a wheel, a zipapp, anywhere: read through the package loader.
        return Lark.open_from_package(__package__, name, ("grammars",), **_OPTIONS)
    return Lark.open(str(_checkout_grammars() / name), **_OPTIONS)
