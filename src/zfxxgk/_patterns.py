"""What a terminal's regular expression can match: read once, with the standard library's parser.

``LineLexer`` (``_lexer``) tries at each position only the terminals that can match
there. This module reads that from each terminal's pattern: the characters a match may
start with (``_starts``), the words every match holds before its first tab or newline
(``_words``), whether a tab comes before any newline (``_tab_first``), and how long a
line a pattern that must end at the end of its line can match (``_line_bound``).

Each reading may only let more terminals in, never leave out one that could match: where
a pattern holds something this module does not read, the answer is "any".
"""

from __future__ import annotations

import re
from typing import Any

try:  # the regular expression parser of the standard library, renamed in Python 3.11
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse


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
