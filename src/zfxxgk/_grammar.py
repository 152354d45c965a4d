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
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import lark
from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters
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
    position, so half of its matches try every pattern to find a newline. This lexer tries,
    at each position, the alternation of only those of the parser's own terminals whose
    pattern can start with the character there (found by reading each pattern with the
    standard library's regular-expression parser), in the order Lark's scanner tries them:
    a terminal left out cannot match there, so the first that matches is Lark's. So it
    yields exactly Lark's tokens, with Lark's line and column numbers, and raises Lark's
    ``UnexpectedCharacters`` where Lark would. The alternation of each set of terminals is
    compiled when a character first needs it; where most terminals may start with the
    character, the alternation of all of them is used, so that few large ones are compiled.

    The tokens feed the parser's own LALR tables and tree builder (``parse``): a copy of
    the tables keyed by plain strings, read by a loop that does what Lark's does for a
    text it accepts. Any other text is parsed again by Lark itself, for its error.
    """

    def __init__(
        self,
        parser: Lark,
        terminals: list[tuple[TerminalDef, _Starts | None]],
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
        self._terminals = terminals
        self._flags = flags
        # The matcher of each first character, and of each set of terminals.
        self._by_char: dict[str, Callable[[str, int], re.Match[str] | None]] = {}
        self._by_set: dict[tuple[int, ...], Callable[[str, int], re.Match[str] | None]] = {}
        # The alternation of all terminals is the one Lark's scanner compiled: reuse it
        # where it is that very pattern (one compile of ~50 patterns is ~15 ms).
        compiled = getattr(basic.scanner, "_mres", None)
        everything = _alternation([terminal for terminal, _ in terminals])
        if (
            compiled
            and len(compiled) == 1
            and compiled[0].pattern == everything
            and compiled[0].flags == re.compile("", flags).flags
        ):
            self._by_set[tuple(range(len(terminals)))] = compiled[0].match
        # As plain strings: Lark's names are Tokens, whose __eq__ is Python code.
        self._ignore = frozenset(str(name) for name in basic.ignore_types)
        self._newline_types = frozenset(str(name) for name in basic.newline_types)
        self._allowed = basic.scanner.allowed_types - basic.ignore_types or {"<END-OF-FILE>"}
        self._terminals_by_name = basic.terminals_by_name

    @staticmethod
    @functools.cache
    def of(parser: Lark) -> LineLexer | None:
        """The line lexer of ``parser``, or None where it cannot promise Lark's tokens.

        That is: another lexer or parser than basic/LALR, a lexer callback (Lark's own for
        string terminals that a pattern also matches, or the user's), case-insensitive
        matching, a pattern that may match the empty string, or a Lark whose parser objects
        are not laid out as this module reads them (another version): then ``parse_tree``
        leaves the work to Lark.
        """
        try:
            return LineLexer._made_for(parser)
        except (AttributeError, KeyError, TypeError, ValueError, IndexError):
            return None

    @staticmethod
    def _made_for(parser: Lark) -> LineLexer | None:
        if parser.options.parser != "lalr" or parser.options.lexer != "basic":
            return None
        if parser.options.postlex is not None or parser.options.lexer_callbacks:
            return None
        basic = parser.parser.lexer
        scanner = basic.scanner  # built now, with Lark's own callbacks
        if basic.callback or parser.lexer_conf.use_bytes:
            return None
        if parser.lexer_conf.g_regex_flags & re.IGNORECASE:  # literals would take other cases
            return None
        terminals = []
        for terminal in scanner.terminals:
            try:
                starts = _starts(terminal.pattern.to_regexp())
            except _MayBeEmpty:
                return None
            terminals.append((terminal, starts))
        states = _plain_states(parser)
        if states is None:
            return None
        return LineLexer(parser, terminals, states)

    def _matcher(self, char: str) -> Callable[[str, int], re.Match[str] | None]:
        """The alternation of the terminals that may start with ``char``, compiled once."""
        chosen = tuple(
            index
            for index, (_, starts) in enumerate(self._terminals)
            if starts is None or char in starts
        )
        if 2 * len(chosen) > len(self._terminals):
            # Most terminals: little to gain, and compiling an alternation of ~50 patterns
            # costs ~15 ms. All of them (Lark's own alternation) serve every such character.
            chosen = tuple(range(len(self._terminals)))
        matcher = self._by_set.get(chosen)
        if matcher is None:
            if chosen:
                pattern = _alternation([self._terminals[index][0] for index in chosen])
                matcher = re.compile(pattern, self._flags).match
            else:
                matcher = _no_match
            self._by_set[chosen] = matcher
        self._by_char[char] = matcher
        return matcher

    def parse(self, text: str) -> Tree[Token]:
        """The tree of ``text``: the parser's LALR tables and tree builder, fed these tokens."""
        try:
            return self._accept(list(self.tokens(text)))
        except (KeyError, UnexpectedCharacters):
            # Not a text of the grammar: Lark itself says where, in its own words.
            tree: Tree[Token] = self._parser.parse(text)
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
        by_char, new_char = self._by_char, self._matcher
        ignore, newline_types = self._ignore, self._newline_types
        pos, line, line_start, end = 0, 1, 0, len(text)
        last: Token | None = None
        while pos < end:
            char = text[pos]
            found = (by_char.get(char) or new_char(char))(text, pos)
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


def _no_match(text: str, pos: int) -> None:
    """The matcher where no terminal can start: Lark's scanner finds nothing there either."""
    return None


class _MayBeEmpty(Exception):
    """A pattern may match the empty string: Lark's lexer would not advance."""


class _Unknown(Exception):
    """A part of a pattern that ``_first`` does not read."""


class _Starts:
    """The characters a pattern's match may start with: any that one of its atoms takes.

    The atoms are the regular-expression parser's: a literal, a negated literal, any
    character, or a character class (``[...]``, ``\\d``).
    """

    def __init__(self, atoms: list[tuple[Any, Any]]) -> None:
        self._atoms = atoms

    def __contains__(self, char: str) -> bool:
        code = ord(char)
        for op, arg in self._atoms:
            if op is _sre.LITERAL:
                if code == arg:
                    return True
            elif op is _sre.NOT_LITERAL:
                if code != arg:
                    return True
            elif op is _sre.ANY or _in_class(arg, char):  # "." may take "\n" (re.DOTALL)
                return True
        return False


# Each character category, as a pattern of its own that says whether a character is in it.
_CATEGORIES = {
    _sre.CATEGORY_DIGIT: re.compile(r"\d"),
    _sre.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    _sre.CATEGORY_SPACE: re.compile(r"\s"),
    _sre.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    _sre.CATEGORY_WORD: re.compile(r"\w"),
    _sre.CATEGORY_NOT_WORD: re.compile(r"\W"),
}


def _starts(pattern: str) -> _Starts | None:
    """The characters a match of ``pattern`` may start with; None for any character.

    None where the pattern holds something this reading does not know. Lookarounds and
    anchors are read as matching anywhere: that only lets more characters in, never
    leaves out one that a match could start with. Raises ``_MayBeEmpty`` for a pattern
    that may match the empty string.
    """
    try:
        atoms, empty = _first(list(_sre_parse.parse(pattern)))
    except (_Unknown, re.error):
        return None
    if empty:
        raise _MayBeEmpty(pattern)
    return _Starts(atoms)


def _first(items: list[Any]) -> tuple[list[tuple[Any, Any]], bool]:
    """(the atoms a sequence may start with, whether it may match the empty string)."""
    atoms: list[tuple[Any, Any]] = []
    for op, arg in items:
        item_atoms, item_empty = _first_of(op, arg)
        atoms += item_atoms
        if not item_empty:
            return atoms, False
    return atoms, True


def _first_of(op: Any, arg: Any) -> tuple[list[tuple[Any, Any]], bool]:
    if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.ANY):
        return [(op, arg)], False
    if op is _sre.IN:
        for item, value in arg:  # a class this module can read, or None for the pattern
            if item not in (_sre.NEGATE, _sre.LITERAL, _sre.RANGE) and value not in _CATEGORIES:
                raise _Unknown(item)
        return [(op, arg)], False
    if op is _sre.BRANCH:
        readings = [_first(list(branch)) for branch in arg[1]]
        return [atom for atoms, _ in readings for atom in atoms], any(e for _, e in readings)
    if op is _sre.SUBPATTERN:
        if arg[1] or arg[2]:  # flags set or cleared inside, such as (?i:…): not read
            raise _Unknown(op)
        return _first(list(arg[-1]))
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) or op is getattr(_sre, "POSSESSIVE_REPEAT", op):
        low, _, body = arg
        atoms, empty = _first(list(body))
        return atoms, empty or low == 0
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _first(list(arg))
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return [], True  # zero-width: what follows decides
    raise _Unknown(op)


def _in_class(items: list[Any], char: str) -> bool:
    """Whether a character class ``[...]`` (as the parser reads it) holds ``char``."""
    code, negate, holds = ord(char), False, False
    for op, arg in items:
        if op is _sre.NEGATE:
            negate = True
        elif op is _sre.LITERAL:
            holds = holds or arg == code
        elif op is _sre.RANGE:
            holds = holds or arg[0] <= code <= arg[1]
        else:  # a category: _first_of let in only those of _CATEGORIES
            holds = holds or _CATEGORIES[arg].match(char) is not None
    return holds != negate
