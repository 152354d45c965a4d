"""The text path's lexer and LALR loop: Lark's tokens and tree, without Lark's per-token machinery.

``parse_tree`` parses a text with a parser of ``_grammar``: its tokens come from
``LineLexer``, which tries at each position only the parser's terminals that can match
there (``_patterns`` reads which), and feed a copy of the parser's own LALR tables and
tree builders (``_lalr_tables`` reads them). Where it cannot promise Lark's tokens and
tree, Lark does the work.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from lark import Discard, Lark, Token, Transformer, Tree
from lark.exceptions import UnexpectedCharacters
from lark.tree import Meta

from ._caches import keeps
from ._lalr_tables import SPLICE, filter_children, plain_states
from ._patterns import _MayBeEmpty, _Reading

if TYPE_CHECKING:
    from lark.lexer import TerminalDef

__all__ = ["LineLexer", "parse_tree", "transform_text"]


def parse_tree(parser: Lark, text: str) -> Tree[Token]:
    """Parse ``text`` with ``parser``: the tree, tokens and errors ``parser.parse`` gives.

    The tokens come from ``LineLexer``, built once per parser from the parser's own
    terminals; where it cannot promise Lark's tokens, ``parser.parse`` does the work.
    """
    lexer = LineLexer.of(parser)
    if lexer is None:
        return parser.parse(text)
    return lexer.parse(text)


def transform_text(
    parser: Lark, text: str, transformer: Transformer[Token, Any]
) -> tuple[bool, Any]:
    """``transformer.transform(parse_tree(parser, text))`` in one pass, where it can be promised.

    Each reduction of the LALR loop calls the transformer's method of its rule with the
    children the rule's subtree would have had, in the order ``Transformer.transform``
    calls them (bottom-up, left to right: the order of an LALR parser's reductions), so
    no tree is built. Returns ``(True, result)``; ``(False, None)`` where this cannot
    promise the result (no ``LineLexer``, a tree builder it does not read, a method with
    a ``visit_wrapper``), or the text is not the grammar's, or a method raises: then the
    caller parses the tree and transforms it, which says what is wrong, a syntax error
    before an error of the transformer's, and ``transformer`` is to be thrown away.
    """
    lexer = LineLexer.of(parser)
    if lexer is None or not lexer.transforms:
        return False, None
    try:
        return True, lexer.transform(text, transformer)
    except Exception:  # the caller does it again the long way, and says why
        return False, None


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
        # Whether every reduction carries what transform() needs (plain_states).
        self.transforms = all(
            shift or arg[3] is not None for row in states.values() for shift, arg in row.values()
        )
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
        # Where the one terminal that may start with a newline is an ignored /\n+/ (the
        # grammars' NEWLINES), its match is the run of newlines there: no regex needed.
        starting = [terminal for terminal, reading in terminals if reading.may_start("\n")]
        self._newline_run = (
            self._newlines_ignored
            and len(starting) == 1
            and starting[0].pattern.to_regexp() in ("\n+", "\\n+", "(?:\n)+", "(?:\\n)+")
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
        states = plain_states(parser)
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
                size, callback, origin, _ = arg
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
            size, callback, origin, _ = arg
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

    def transform(self, text: str, transformer: Transformer[Token, Any]) -> Any:
        """``transform_text``'s loop: ``_accept``'s, calling ``transformer`` on each
        reduction. Raises KeyError where the text is not the grammar's, and whatever
        a method raises."""
        tokens = list(self.tokens(text))
        states, end_state = self._states, self._end_state
        stack: list[Any] = [self._start_state]
        values: list[Any] = []
        methods: dict[str, Any] = {}
        discards = 0  # how many Discards are among the values, for their parents to drop
        end = Token("$END", "")
        for token in [*tokens, end]:
            kind = token.type
            while True:
                shift, arg = states[stack[-1]][kind]
                if shift:
                    if token is end:
                        raise KeyError("$END")
                    stack.append(arg)
                    values.append(token)
                    break
                size, _, origin, (include, nones, name) = arg
                if size:
                    children = values[-size:]
                    del stack[-size:]
                    del values[-size:]
                else:
                    children = []
                if include is SPLICE:  # (most: a rule of inlined rules, ``_a*``'s)
                    spliced = children[0]  # a list of this loop's, which it may extend
                    for more in children[1:]:
                        spliced += more
                    children = spliced
                elif include is not None:
                    children = filter_children(include, nones, children)
                if name is not None:
                    if discards:  # Transformer.transform leaves them out
                        kept = [child for child in children if child is not Discard]
                        discards -= len(children) - len(kept)
                        children = kept
                    method = methods.get(name) or _method(methods, transformer, name)
                    children = method(children)
                    if children is Discard:
                        discards += 1
                values.append(children)
                stack.append(states[stack[-1]][origin][1])
                if stack[-1] == end_state:
                    return None if values[-1] is Discard else values[-1]

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
        newline_run = self._newline_run
        pos, line, line_start, end = 0, 1, 0, len(text)
        last: Token | None = None
        new_token = str.__new__
        while pos < end:
            char = text[pos]
            if char == "\n":
                if newline_run:  # the match of /\n+/, counted
                    start, pos = pos, pos + 1
                    while pos < end and text[pos] == "\n":
                        pos += 1
                    line += pos - start
                    line_start = pos
                    continue
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


def _method(methods: dict[str, Any], transformer: Transformer[Token, Any], name: str) -> Any:
    """What ``Transformer.transform`` calls for a subtree named ``name``: the method of that
    name, else ``__default__`` (a ``Tree``); kept in ``methods``. Raises TypeError for a
    method with a ``visit_wrapper`` (``v_args``), which this does not call as Lark does."""
    try:
        method = getattr(transformer, name)
    except AttributeError:
        default = transformer.__default__

        def method(children: list[Any]) -> Any:
            return default(name, children, Meta())  # type: ignore[no-untyped-call]

    if getattr(method, "visit_wrapper", None) is not None:
        raise TypeError(f"{name}: a method with a visit_wrapper")
    methods[name] = method
    return method


def _alternation(terminals: list[TerminalDef]) -> str:
    """The pattern Lark's scanner compiles: each terminal a named group, in its order."""
    return "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals)


_Matcher = Callable[[str, int], "re.Match[str] | None"]
# How many labels (or short lines) a lexer remembers the terminals of at most.
_REMEMBERED = 4096


def _remember(memory: dict[str, _Matcher], text: str, matcher: _Matcher) -> None:
    if not keeps(len(text)):  # a label of a hostile file's size: not kept (see _caches)
        return
    if len(memory) >= _REMEMBERED:  # a bound on memory, which a report's labels never reach
        memory.clear()
    memory[text] = matcher


def _no_match(text: str, pos: int) -> None:
    """The matcher where no terminal can start: Lark's scanner finds nothing there either."""
    return None
