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
from lark.parse_tree_builder import ChildFilterLALR, ChildFilterLALR_NoPlaceholders
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
    position, so half of its matches try every pattern to find a newline, and a line of
    prose is tried against every heading and title pattern, each searching its words
    anywhere in the line's first 20 to 40 characters. This lexer tries, at each position,
    the alternation of only those of the parser's own terminals that can match there, in
    the order Lark's scanner tries them: a terminal left out cannot match there, so the
    first that matches is Lark's. So it yields exactly Lark's tokens, with Lark's line and
    column numbers, and raises Lark's ``UnexpectedCharacters`` where Lark would.

    Which terminals can match is read from each pattern with the standard library's
    regular-expression parser (``_Reading``): the characters its match may start with;
    the words it must match before its first tab or newline (a row's label words: the
    text up to the first tab is looked up once, and remembered with the terminals it
    leaves); and, for a pattern that must end at the end of its line, how long a line it
    can match (a long line of prose is no heading). The alternation of each set of
    terminals is compiled when it is first needed.

    The tokens feed the parser's own LALR tables and tree builder (``parse``): a copy of
    the tables keyed by plain strings, read by a loop that does what Lark's does for a
    text it accepts. Any other text is parsed again by Lark itself, for its error.
    """

    def __init__(
        self,
        parser: Lark,
        terminals: list[tuple[TerminalDef, _Reading]],
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
        # The matcher of each set of terminals; of each first character (where the text
        # there starts with a tab or a newline); of each label (the text up to a tab);
        # and of each first character and length class of the rest of a line.
        self._by_set: dict[tuple[int, ...], _Matcher] = {}
        self._by_char: dict[str, _Matcher] = {}
        self._by_label: dict[str, _Matcher] = {}
        self._by_line: dict[str, _Matcher] = {}
        # A line longer than every bound (prose) is matched by its first character.
        self._longest = max((r.bound for _, r in terminals if r.bound is not None), default=-1)
        self._by_long_line: dict[str, _Matcher] = {}
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
        self._newlines_ignored = all(
            str(terminal.name) in self._ignore and str(terminal.name) in self._newline_types
            for terminal, reading in terminals
            if reading.may_start("\n")
        )
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
                reading = _Reading.of(terminal.pattern.to_regexp())
            except _MayBeEmpty:
                return None
            terminals.append((terminal, reading))
        states = _plain_states(parser)
        if states is None:
            return None
        return LineLexer(parser, terminals, states)

    def _matcher(self, chosen: tuple[int, ...]) -> _Matcher:
        """The alternation of the terminals ``chosen`` (indexes, in Lark's order)."""
        matcher = self._by_set.get(chosen)
        if matcher is None:
            if chosen:
                pattern = _alternation([self._terminals[index][0] for index in chosen])
                matcher = re.compile(pattern, self._flags).match
            else:
                matcher = _no_match
            self._by_set[chosen] = matcher
        return matcher

    def _char_matcher(self, char: str) -> _Matcher:
        """The terminals that may start with ``char``."""
        matcher = self._matcher(
            tuple(i for i, (_, reading) in enumerate(self._terminals) if reading.may_start(char))
        )
        self._by_char[char] = matcher
        return matcher

    def _label_matcher(self, label: str) -> _Matcher:
        """The terminals that may match text that starts with ``label`` and then a tab."""
        matcher = self._matcher(
            tuple(
                i
                for i, (_, reading) in enumerate(self._terminals)
                if reading.may_start(label[0]) and reading.has_words(label)
            )
        )
        _remember(self._by_label, label, matcher)
        return matcher

    def _line_matcher(self, line: str) -> _Matcher:
        """The terminals that may match ``line``, the rest of a line, which has no tab."""
        long = len(line) > self._longest
        matcher = self._matcher(
            tuple(
                i
                for i, (_, reading) in enumerate(self._terminals)
                if reading.may_match_line(line, long)
            )
        )
        if long:  # the same for every long line with this first character
            self._by_long_line[line[0]] = matcher
        else:
            _remember(self._by_line, line, matcher)
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
                values.append(children if callback is None else callback(children))
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
            values.append(children if callback is None else callback(children))
            stack.append(states[stack[-1]][origin][1])
            if stack[-1] == self._end_state:
                tree: Tree[Token] = values[-1]
                return tree

    def tokens(self, text: str, parser_state: Any = None) -> Iterator[Token]:
        """Lark's tokens of ``text``: its ignored ones left out, with Lark's positions."""
        by_char, by_label, by_line = self._by_char, self._by_label, self._by_line
        by_long_line, longest = self._by_long_line, self._longest
        ignore, newline_types = self._ignore, self._newline_types
        # Where every terminal that may start with a newline is ignored and counts lines
        # (NEWLINES), newlines are matched and counted here, and no token is made.
        newlines_ignored = None
        if self._newlines_ignored:
            newlines_ignored = by_char.get("\n") or self._char_matcher("\n")
        pos, line, line_start, end = 0, 1, 0, len(text)
        last: Token | None = None
        new_token = str.__new__
        while pos < end:
            char = text[pos]
            if char == "\n":
                if newlines_ignored is not None:
                    found = newlines_ignored(text, pos)
                    if found is not None:
                        start, pos = pos, found.end()
                        line += text.count("\n", start, pos)
                        line_start = text.rindex("\n", start, pos) + 1
                        continue
                matcher = by_char.get(char) or self._char_matcher(char)
            elif char == "\t":
                matcher = by_char.get(char) or self._char_matcher(char)
            else:
                stop = text.find("\n", pos)
                if stop < 0:
                    stop = end
                tab = text.find("\t", pos, stop)
                if tab >= 0:  # a label, then a tab
                    label = text[pos:tab]
                    matcher = by_label.get(label) or self._label_matcher(label)
                elif stop - pos > longest:  # a long line, with no tab
                    matcher = by_long_line.get(char) or self._line_matcher(text[pos:stop])
                else:  # the rest of the line, with no tab
                    rest = text[pos:stop]
                    matcher = by_line.get(rest) or self._line_matcher(rest)
            found = matcher(text, pos)
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
                # Token(kind, value, …) without its Python __new__ and keyword checks.
                last = new_token(Token, value)
                last.type, last.value, last.start_pos = kind, value, start
                last.line, last.column = start_line, start_column
                last.end_line, last.end_column, last.end_pos = line, pos - line_start + 1, pos
                yield last


def _plain_states(parser: Lark) -> dict[Any, dict[str, tuple[bool, Any]]] | None:
    """The parser's LALR table, keyed by plain strings, each reduction with its callback.

    Lark keys the table by ``Token`` objects, whose ``__eq__`` is Python code that every
    lookup by a token's type calls. None where a terminal has a callback of its own (then
    the loop would have to call it) or two keys would become one.

    The callbacks build Lark's tree (``_builders``), without the subtrees that Lark makes
    for a rule inlined into its parents (``_line``) only to take their children out again.
    """
    lalr = parser.parser.parser.parser
    callbacks = lalr.callbacks
    if any(isinstance(key, str) for key in callbacks):
        return None
    callbacks = _builders(callbacks, set(parser.options.start)) or callbacks
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


def _builders(callbacks: dict[Any, Any], start: set[str]) -> dict[Any, Any] | None:
    """Lark's tree builders of each rule, read into plain callbacks; None where one of them
    is not what this reads (a ``?rule``, positions propagated, another tree class).

    Lark builds every rule's subtree (``partial(Tree, name)``), behind a filter where the
    rule drops tokens, inserts placeholders or takes the children of an inlined ``_rule``
    in place of its subtree. A rule that every parent inlines is built here as the plain
    list of its children (the callback None: the list is the value); the other rules build
    the same trees as Lark's.
    """
    read: dict[Any, tuple[list[tuple[int, bool, int]] | None, int, str]] = {}
    for rule, callback in callbacks.items():
        include: list[tuple[int, bool, int]] | None = None
        nones = 0
        if isinstance(callback, (ChildFilterLALR, ChildFilterLALR_NoPlaceholders)):
            if isinstance(callback, ChildFilterLALR):
                include, nones = list(callback.to_include), callback.append_none
            else:
                include = [(i, expand, 0) for i, expand in callback.to_include]
            callback = callback.node_builder
        if not (
            isinstance(callback, functools.partial)
            and callback.func is Tree
            and len(callback.args) == 1
            and not callback.keywords
        ):
            return None
        read[rule] = (include, nones, callback.args[0])
    # The rules whose subtrees their parents take the children of, and those kept whole.
    expanded: set[str] = set()
    kept = set(start)
    for rule, (include, _, _) in read.items():
        for i, symbol in enumerate(rule.expansion):
            if symbol.is_term:
                continue
            expand = include is not None and any(j == i and e for j, e, _ in include)
            (expanded if expand else kept).add(str(symbol.name))
    if expanded & kept:
        return None
    built: dict[Any, Any] = {}
    for rule, (include, nones, name) in read.items():
        tree = None if str(rule.origin.name) in expanded else functools.partial(Tree, name)
        built[rule] = tree if include is None else _filter(include, nones, tree)
    return built


def _filter(
    include: list[tuple[int, bool, int]], nones: int, tree: Callable[[list[Any]], Any] | None
) -> Callable[[list[Any]], Any]:
    """Lark's ``ChildFilterLALR``: the children kept, inlined lists spliced in, placeholders
    inserted; then the subtree, or (``tree`` None) the list for a parent to splice in."""

    def build(children: list[Any]) -> Any:
        filtered: list[Any] = []
        for i, expand, add_none in include:
            if add_none:
                filtered += [None] * add_none
            if expand:
                filtered += children[i]
            else:
                filtered.append(children[i])
        if nones:
            filtered += [None] * nones
        return filtered if tree is None else tree(filtered)

    return build


def _alternation(terminals: list[TerminalDef]) -> str:
    """The pattern Lark's scanner compiles: each terminal a named group, in its order."""
    return "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)


_Matcher = Callable[[str, int], "re.Match[str] | None"]
# How many labels (or short lines) a lexer remembers the terminals of at most.
_REMEMBERED = 4096


def _remember(memory: dict[str, _Matcher], text: str, matcher: _Matcher) -> None:
    if len(memory) >= _REMEMBERED:  # a bound on memory, which a report's labels never reach
        memory.clear()
    memory[text] = matcher


def _no_match(text: str, pos: int) -> None:
    """The matcher where no terminal can start: Lark's scanner finds nothing there either."""
    return None


class _Reading:
    """What a terminal's pattern says about where it can match, read once.

    ``starts``: the characters its match may start with (None: any). ``words``: sets of
    words, each of which has a member in every match, before the match's first tab or
    newline. ``bound``: for a pattern that must end at the end of its line (it ends with
    ``\\t*(?=\\n|$)``, as the grammars' ``EOL``), the most characters it can match before
    its trailing tabs; else None. ``needs_tab``: whether every match has a tab before its
    first newline (a table row's pattern).
    """

    def __init__(
        self,
        starts: _Starts | None,
        words: list[frozenset[str]],
        bound: int | None,
        needs_tab: bool,
    ) -> None:
        self.starts, self.words, self.bound, self.needs_tab = starts, words, bound, needs_tab

    @staticmethod
    def of(pattern: str) -> _Reading:
        """Read ``pattern``. Raises ``_MayBeEmpty`` for a pattern that may match nothing."""
        starts = _starts(pattern)
        try:
            parsed = _sre_parse.parse(pattern)
        except re.error:  # pragma: no cover - _starts has raised for it already
            return _Reading(starts, [], None, False)
        # Where case is ignored, its words may be printed in other cases.
        words = [] if parsed.state.flags & re.IGNORECASE else _words(list(parsed))[0]
        return _Reading(starts, words, _line_bound(parsed), _tab_first(list(parsed)) == "tab")

    def may_start(self, char: str) -> bool:
        return self.starts is None or char in self.starts

    def has_words(self, label: str) -> bool:
        """Whether a text whose first tab or newline ends ``label`` has the words to match."""
        return all(any(word in label for word in words) for words in self.words)

    def may_match_line(self, line: str, long: bool) -> bool:
        """Whether the pattern may match ``line``, the rest of a line, which has no tab.

        For a ``long`` line (longer than any bound), only its first character is read.
        """
        if self.needs_tab or not self.may_start(line[0]):
            return False
        if long:
            return self.bound is None
        return (self.bound is None or len(line) <= self.bound) and self.has_words(line)


def _words(items: list[Any]) -> tuple[list[frozenset[str]], bool]:
    """(the sets of words every match of a sequence has, before the first item that may
    match a tab or a newline; whether such an item was met).

    A run of literals is a word; a branch gives a set if each of its alternatives gives
    one (any match passes through one of them); a required repetition gives its body's.
    """
    found: list[frozenset[str]] = []
    run = ""
    for op, arg in items:
        if op is _sre.LITERAL and arg not in _TAB_AND_NEWLINE:
            run += chr(arg)
            continue
        if run:
            found.append(frozenset([run]))
            run = ""
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero-width: matches no character
        if op in (_sre.NOT_LITERAL, _sre.ANY, _sre.IN):
            if any(_takes(op, arg, char) for char in "\t\n"):
                return found, True
            continue
        if op is _sre.SUBPATTERN and not (arg[1] or arg[2]):  # no flags set inside
            inner, stopped = _words(list(arg[-1]))
        elif op is _sre.BRANCH:
            readings = [_words(list(branch)) for branch in arg[1]]
            if all(words for words, _ in readings):
                found.append(frozenset().union(*(words[0] for words, _ in readings)))
            inner, stopped = [], any(stopped for _, stopped in readings)
        elif op in _REPEATS:
            low, _, body = arg
            inner, stopped = _words(list(body))
            if low == 0:
                inner = []
        else:  # a literal tab or newline, or what this reading does not know
            return found, True
        found += inner
        if stopped:
            return found, True
    if run:
        found.append(frozenset([run]))
    return found, False


_TAB_AND_NEWLINE = (ord("\t"), ord("\n"))


def _tab_first(items: list[Any]) -> str:
    """Of a sequence: "tab" where every match has a tab before any newline; "stop" where
    a part before that may match a newline (or is not read); else "none"."""
    for op, arg in items:
        if op is _sre.LITERAL:
            if arg == ord("\t"):
                return "tab"
            if arg == ord("\n"):
                return "stop"
            continue
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue
        if op in (_sre.NOT_LITERAL, _sre.ANY, _sre.IN):
            if _takes(op, arg, "\n"):
                return "stop"
            continue
        if op is _sre.SUBPATTERN and not (arg[1] or arg[2]):
            found = _tab_first(list(arg[-1]))
        elif op is _sre.BRANCH:
            readings = {_tab_first(list(branch)) for branch in arg[1]}
            found = "stop" if "stop" in readings else "tab" if readings == {"tab"} else "none"
        elif op in _REPEATS:
            found = _tab_first(list(arg[2]))
            if arg[0] == 0 and found == "tab":
                found = "none"  # may be left out
        else:
            return "stop"
        if found != "none":
            return found
    return "none"


_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT))


def _takes(op: Any, arg: Any, char: str) -> bool:
    """Whether a one-character atom (``.``, ``[^x]``, a class) may match ``char``."""
    if op is _sre.NOT_LITERAL:
        return bool(ord(char) != arg)
    if op is _sre.ANY:
        return True  # "\n" too where re.DOTALL is set
    try:
        return _in_class(arg, char)
    except KeyError:  # a category _CATEGORIES does not hold
        return True


def _line_bound(parsed: Any) -> int | None:
    """How many characters a pattern that must end at a line's end can match, tabs at its
    end left out; None for a pattern that need not end there, or matches any length.

    Such a pattern ends with a lookahead for a newline or the end of the text, after which
    its match ends; tabs just before it (``\\t*``) may match none where the line has none.
    """
    items = list(parsed)
    if not items or items[-1][0] is not _sre.ASSERT or items[-1][1][0] != 1:
        return None
    if not _at_line_end(list(items[-1][1][1])):
        return None
    items = items[:-1]
    while items and items[-1][0] in _REPEATS and items[-1][1][0] == 0:
        body = list(items[-1][1][2])
        if body != [(_sre.LITERAL, ord("\t"))]:
            break
        items = items[:-1]  # \t*: the tabs at the line's end
    _, most = _sre_parse.SubPattern(parsed.state, items).getwidth()
    return None if most >= _sre.MAXREPEAT else int(most)


def _at_line_end(items: list[Any]) -> bool:
    """Whether a lookahead's pattern matches only where a newline or the text's end is next."""
    if len(items) == 1 and items[0][0] is _sre.BRANCH:
        return all(_at_line_end(list(branch)) for branch in items[0][1][1])
    if items == [(_sre.LITERAL, ord("\n"))]:
        return True
    return len(items) == 1 and items[0][0] is _sre.AT and items[0][1] in _ENDS


_ENDS = (_sre.AT_END, _sre.AT_END_STRING)


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
