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
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import lark
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters
from lark.lexer import LexerThread
from lark.parsers.lalr_analysis import Shift

if TYPE_CHECKING:
    from importlib.abc import Traversable

    from lark.lexer import TerminalDef
    from lark.parser_frontends import ParsingFrontend

try:  # the regular expression parser of the standard library, renamed in Python 3.11
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

    from .model import Generation

__all__ = [
    "OPTIONS",
    "LineLexer",
    "build_parser",
    "grammar_digest",
    "parse_tree",
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


# ---- the text path: Lark's terminals, matched without Lark's per-token machinery -------------


def parse_tree(parser: Lark, text: str) -> Tree[Token]:
    """Parse ``text`` with ``parser``: the tree, tokens and errors ``parser.parse`` gives.

    The tokens come from ``LineLexer``, built once per parser from the parser's own
    terminals; where it cannot promise Lark's tokens, ``parser.parse`` does the work.
    """
    lexer = LineLexer.of(parser)
    if lexer is None:
        return parser.parse(text)
    return lexer.parse(text)


class LineLexer:
    """Lark's basic lexer for one parser, without its per-token overhead.

    The grammars' terminals each match one line, and an ignored ``NEWLINES`` separates
    them: Lark's lexer tries the alternation of all ~50 terminal patterns at every
    position, so half of its matches try every pattern to find a newline. This lexer uses
    the same alternation, built from the parser's own terminals in the order Lark's scanner
    tries them (so the first that matches wins, as in Lark), except where the text is at a
    newline: there it tries only the terminals whose pattern can start with one (found by
    reading each pattern with the standard library's regular-expression parser), in the
    same order. So it yields exactly Lark's tokens, with Lark's line and column numbers, and
    raises Lark's ``UnexpectedCharacters`` where Lark would.

    The tokens feed the parser's own LALR tables and tree builder (``parse``): a copy of
    the tables keyed by plain strings, read by a loop that does what Lark's does for a
    text it accepts. Any other text is parsed again by Lark's own loop, for its error.
    """

    def __init__(
        self,
        parser: Lark,
        terminals: list[TerminalDef],
        at_newline: list[TerminalDef],
        states: dict[Any, dict[str, tuple[bool, Any]]],
    ):
        basic = parser.parser.lexer
        flags = parser.lexer_conf.g_regex_flags
        self._parser = parser
        self._start: str = parser.options.start[0]
        table = parser.parser.parser.parser.parse_table
        self._start_state = table.start_states[self._start]
        self._end_state = table.end_states[self._start]
        self._states = states
        self._any = re.compile(_alternation(terminals), flags).match
        self._newline = re.compile(_alternation(at_newline), flags).match
        self._ignore: frozenset[str] = basic.ignore_types
        self._newline_types: frozenset[str] = basic.newline_types
        self._allowed = basic.scanner.allowed_types - basic.ignore_types or {"<END-OF-FILE>"}
        self._terminals_by_name = basic.terminals_by_name

    @staticmethod
    @functools.cache
    def of(parser: Lark) -> LineLexer | None:
        """The line lexer of ``parser``, or None where it cannot promise Lark's tokens.

        That is: another lexer or parser than basic/LALR, a lexer callback (Lark's own for
        string terminals that a pattern also matches, or the user's), a pattern this module
        cannot read, or one that may match the empty string.
        """
        if parser.options.parser != "lalr" or parser.options.lexer != "basic":
            return None
        if parser.options.postlex is not None or parser.options.lexer_callbacks:
            return None
        basic = parser.parser.lexer
        scanner = basic.scanner  # built now, with Lark's own callbacks
        if basic.callback or parser.lexer_conf.use_bytes:
            return None
        terminals = list(scanner.terminals)
        at_newline = []
        for terminal in terminals:
            starts = _may_start_with_newline(terminal.pattern.to_regexp())
            if starts is None:
                return None
            if starts:
                at_newline.append(terminal)
        if not at_newline:
            return None
        states = _plain_states(parser)
        if states is None:
            return None
        return LineLexer(parser, terminals, at_newline, states)

    def parse(self, text: str) -> Tree[Token]:
        """The tree of ``text``: the parser's LALR tables and tree builder, fed these tokens."""
        try:
            return self._accept(list(self.tokens(text)))
        except (KeyError, UnexpectedCharacters):
            # Not a text of the grammar: Lark's own loop says where, in its own words.
            tree: Tree[Token] = self._parser.parser.parser.parse(_Stream(self, text), self._start)
            return tree

    def _accept(self, tokens: list[Token]) -> Tree[Token]:
        """Lark's LALR loop (``ParserState.feed_token``) for a text the grammar accepts.

        Raises KeyError where the tables have no action: the text is not the grammar's.
        """
        states = self._states
        stack: list[Any] = [self._start_state]
        values: list[Any] = []
        for token in tokens:
            while True:
                shift, arg = states[stack[-1]][token.type]
                if shift:
                    stack.append(arg)
                    values.append(token)
                    break
                size, callback, origin = arg
                if size:
                    children = values[-size:]
                    del stack[-size:]
                    del values[-size:]
                else:
                    children = []
                values.append(callback(children))
                stack.append(states[stack[-1]][origin][1])
        while True:
            shift, arg = states[stack[-1]]["$END"]
            if shift:
                raise KeyError("$END")
            size, callback, origin = arg
            if size:
                children = values[-size:]
                del stack[-size:]
                del values[-size:]
            else:
                children = []
            values.append(callback(children))
            stack.append(states[stack[-1]][origin][1])
            if stack[-1] == self._end_state:
                tree: Tree[Token] = values[-1]
                return tree

    def tokens(self, text: str, parser_state: Any = None) -> Iterator[Token]:
        """Lark's tokens of ``text``: its ignored ones left out, with Lark's positions."""
        match_any, match_newline = self._any, self._newline
        ignore, newline_types = self._ignore, self._newline_types
        pos, line, line_start, end = 0, 1, 0, len(text)
        last: Token | None = None
        while pos < end:
            found = (match_newline if text[pos] == "\n" else match_any)(text, pos)
            if found is None:
                raise UnexpectedCharacters(  # type: ignore[no-untyped-call]
                    text,
                    pos,
                    line,
                    pos - line_start + 1,
                    allowed=self._allowed,
                    token_history=last and [last],
                    state=parser_state,
                    terminals_by_name=self._terminals_by_name,
                )
            value, kind, start = found.group(), str(found.lastgroup), pos
            start_line, start_column = line, pos - line_start + 1
            pos = found.end()
            if kind in newline_types:
                newlines = value.count("\n")
                if newlines:
                    line += newlines
                    line_start = start + value.rindex("\n") + 1
            if kind not in ignore:
                last = Token(
                    kind, value, start, start_line, start_column, line, pos - line_start + 1, pos
                )
                yield last


class _Stream(LexerThread):
    """What Lark's LALR parser reads tokens from: a ``LexerThread`` of ``LineLexer``'s.

    A ``LexerThread`` (not a look-alike), so that Lark's errors and interactive parser find
    everything they use on it.
    """

    def __init__(self, lexer: LineLexer, text: str) -> None:
        super().__init__(lexer._parser.parser.lexer, None)
        self._line_lexer = lexer
        self._text = text

    def lex(self, parser_state: Any) -> Iterator[Token]:
        return self._line_lexer.tokens(self._text, parser_state)

    def __copy__(self) -> _Stream:
        return _Stream(self._line_lexer, self._text)


def _plain_states(parser: Lark) -> dict[Any, dict[str, tuple[bool, Any]]] | None:
    """The parser's LALR table, keyed by plain strings, each reduction with its callback.

    Lark keys the table by ``Token`` objects, whose ``__eq__`` is Python code that every
    lookup by a token's type calls. None where a terminal has a callback of its own (then
    the loop would have to call it) or two keys would become one.
    """
    lalr = parser.parser.parser.parser
    callbacks = lalr.callbacks
    if any(isinstance(key, str) for key in callbacks):
        return None
    states: dict[Any, dict[str, tuple[bool, Any]]] = {}
    for state, actions in lalr.parse_table.states.items():
        row: dict[str, tuple[bool, Any]] = {}
        for symbol, (action, arg) in actions.items():
            if action is Shift:
                row[str(symbol)] = (True, arg)
            else:
                row[str(symbol)] = (
                    False,
                    (len(arg.expansion), callbacks[arg], str(arg.origin.name)),
                )
        if len(row) != len(actions):
            return None
        states[state] = row
    return states


def _alternation(terminals: list[TerminalDef]) -> str:
    """The pattern Lark's scanner compiles: each terminal a named group, in its order."""
    return "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)


# What each character category of a pattern says of "\n"; any other makes the reading fail.
_NEWLINE_IN_CATEGORY = {
    _sre.CATEGORY_DIGIT: False,
    _sre.CATEGORY_NOT_DIGIT: True,
    _sre.CATEGORY_SPACE: True,
    _sre.CATEGORY_NOT_SPACE: False,
    _sre.CATEGORY_WORD: False,
    _sre.CATEGORY_NOT_WORD: True,
}


def _may_start_with_newline(pattern: str) -> bool | None:
    """Whether ``pattern`` may match a text that starts with a newline.

    True when it may, False when it cannot (nor match the empty string), None when the
    pattern holds something this reading does not know, or may match the empty string.
    Lookarounds and anchors are read as matching anywhere: that only makes the answer
    True more often, never False where the pattern could start with a newline.
    """
    try:
        starts, empty = _first(list(_sre_parse.parse(pattern)))
    except (_Unknown, re.error):
        return None
    return None if empty else starts


class _Unknown(Exception):
    """A part of a pattern that ``_first`` does not read."""


def _first(items: list[Any]) -> tuple[bool, bool]:
    """(may the sequence start with "\n", may it match the empty string)."""
    starts = False
    for op, arg in items:
        item_starts, item_empty = _first_of(op, arg)
        starts = starts or item_starts
        if not item_empty:
            return starts, False
    return starts, True


def _first_of(op: Any, arg: Any) -> tuple[bool, bool]:
    newline = ord("\n")
    if op is _sre.LITERAL:
        return arg == newline, False
    if op is _sre.NOT_LITERAL:
        return arg != newline, False
    if op is _sre.ANY:
        return True, False  # "." with re.DOTALL matches a newline: say it may
    if op is _sre.IN:
        return _in_class(arg), False
    if op is _sre.BRANCH:
        readings = [_first(list(branch)) for branch in arg[1]]
        return any(s for s, _ in readings), any(e for _, e in readings)
    if op is _sre.SUBPATTERN:
        return _first(list(arg[-1]))
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) or op is getattr(_sre, "POSSESSIVE_REPEAT", op):
        low, _, body = arg
        starts, empty = _first(list(body))
        return starts, empty or low == 0
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _first(list(arg))
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return False, True  # zero-width: what follows decides
    raise _Unknown(op)


def _in_class(items: list[Any]) -> bool:
    """Whether a character class ``[...]`` holds "\n"."""
    newline, negate, holds = ord("\n"), False, False
    for op, arg in items:
        if op is _sre.NEGATE:
            negate = True
        elif op is _sre.LITERAL:
            holds = holds or arg == newline
        elif op is _sre.RANGE:
            holds = holds or arg[0] <= newline <= arg[1]
        elif op is _sre.CATEGORY and arg in _NEWLINE_IN_CATEGORY:
            holds = holds or _NEWLINE_IN_CATEGORY[arg]
        else:
            raise _Unknown(op)
    return holds != negate
