"""The LALR parser of each .lark grammar: loaded from the tables the wheel ships, else built.

Building a parser from a grammar costs tens of milliseconds, and seconds where
``interegular`` is installed (Lark then checks every pair of terminals for collisions).
So the wheel ships each parser's tables, made from the .lark files at build time
(``hatch_build.py`` calls ``write_tables``), with a stamp: the SHA-256 of the grammar
texts, the Lark version and the options they were built with. A process loads the
tables only from inside the package, and only when the stamp matches the grammar files
beside them; otherwise (a source checkout, an editable install, a grammar edited after
the build, another Lark) it builds the parser in memory. Nothing is read from or
written to the temporary directory, where another user of the machine could plant a
pickle.

This module needs only Lark and the standard library: the build hook loads it by its
path, before zfxxgk and its dependencies are installed.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import lark
from lark import Lark

if TYPE_CHECKING:
    from importlib.abc import Traversable

    from lark.parser_frontends import ParsingFrontend

    from .model import Generation

__all__ = [
    "OPTIONS",
    "build_parser",
    "grammar_digest",
    "parser_for",
    "parser_for_file",
    "write_tables",
]

#: How every parser is built, by the build hook and in memory alike.
OPTIONS: dict[str, Any] = {
    "parser": "lalr",
    # Every terminal matches a whole line, and a line means the same wherever it
    # stands: a state-independent lexer gives the parser honest tokens to reject.
    "lexer": "basic",
    "maybe_placeholders": True,
}

#: The folder of the tables inside the installed package.
TABLES = "tables"


def grammar_digest(texts: dict[str, str]) -> str:
    """The SHA-256 of grammar files (name → text) that a parser's tables are built from."""
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    return digest.hexdigest()


def write_tables(grammars: Path, out: Path) -> list[Path]:
    """Build the parser of every ``v*.lark`` in ``grammars`` and save its tables in ``out``.

    Each ``v<generation>.pickle`` (Lark's own ``Lark.save`` format) gets a
    ``v<generation>.json`` stamp beside it; ``parser_for`` loads the pickle only when the
    stamp matches the grammar files it finds. Returns the files written.
    """
    texts = {path.name: path.read_text(encoding="utf-8") for path in grammars.glob("*.lark")}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for grammar in sorted(grammars.glob("v*.lark")):
        buffer = io.BytesIO()
        Lark.open(str(grammar), **OPTIONS).save(buffer)
        tables = buffer.getvalue()
        pickled = out / f"{grammar.stem}.pickle"
        pickled.write_bytes(tables)
        stamp = out / f"{grammar.stem}.json"
        stamp.write_text(json.dumps(_stamp(texts, tables), indent=1, sort_keys=True) + "\n")
        written += [pickled, stamp]
    return written


def _stamp(texts: dict[str, str], tables: bytes) -> dict[str, Any]:
    return {
        "grammar_sha256": grammar_digest(texts),
        "lark": lark.__version__,
        "options": OPTIONS,
        "tables_sha256": hashlib.sha256(tables).hexdigest(),
    }


def _package() -> Traversable:
    return resources.files(__package__ or "zfxxgk")


def _grammar_folder() -> Traversable:
    shipped = _package() / "grammars"
    if shipped.is_dir():  # installed from a wheel (a zipapp, anywhere)
        return shipped
    # A source checkout or an editable install: grammars/ at the top of the repository.
    return Path(__file__).resolve().parents[2] / "grammars"


def _grammar_texts(folder: Traversable) -> dict[str, str]:
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".lark")
    }


def _load_tables(name: str, folder: Traversable) -> Lark | None:
    """The shipped tables of grammar ``name``, or None when absent or not made from it."""
    tables = _package() / TABLES
    stamp_file = tables / f"{name}.json"
    if not stamp_file.is_file():
        return None
    stamp = json.loads(stamp_file.read_text(encoding="utf-8"))
    data = (tables / f"{name}.pickle").read_bytes()
    # The pickle is as trusted as the code beside it; the stamp says it is this grammar's,
    # made by this Lark with these options, and whole.
    if stamp != _stamp(_grammar_texts(folder), data):
        return None
    return Lark.load(io.BytesIO(data))


class _Unchecked(Lark):
    """A Lark that skips the terminal-collision check while it builds.

    Where ``interegular`` is installed, Lark compares every pair of terminals while it
    builds a lexer: seconds, and in non-strict mode its only outcome is a log message.
    tests/test_grammar.py runs that check with ``strict=True``, where a collision fails.
    """

    def _build_parser(self) -> ParsingFrontend:
        self.lexer_conf.skip_validation = True
        return super()._build_parser()


@functools.cache
def parser_for(generation: Generation) -> Lark:
    """The LALR parser of one template generation, loaded or built once per process."""
    loaded = _load_tables(f"v{generation}", _grammar_folder())
    return loaded if loaded is not None else build_parser(generation)


@functools.cache
def parser_for_file(path: Path) -> Lark:
    """The parser of a grammar file of your own, built in memory once per process.

    The file may ``%import common (…)`` the shared grammar: the package's grammar folder
    is on its import path.
    """
    folder = _grammar_folder()
    if not isinstance(folder, Path):  # the shared grammar is inside a zip: read it out
        return _Unchecked(path.read_text(encoding="utf-8"), **OPTIONS, source_path=str(path))
    return _Unchecked.open(str(path), import_paths=[str(folder)], **OPTIONS)


def build_parser(generation: Generation) -> Lark:
    """Build the parser of one generation in memory from its grammar file (about 50 ms)."""
    name = f"v{generation}.lark"
    folder = _grammar_folder()
    if isinstance(folder, Path):
        return _Unchecked.open(str(folder / name), **OPTIONS)
    return _Unchecked.open_from_package(__package__ or "zfxxgk", name, ("grammars",), **OPTIONS)
