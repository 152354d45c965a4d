"""Lark's LALR table and tree builders, read into plain dicts and callbacks.

The text path's LALR loop (``_lexer``) runs on these: the table keyed by plain strings,
each reduction with the callback that builds Lark's own subtree, or (``transform``) the
filter it reads to call a transformer's method instead. What is read here is Lark's
internal layout (``ChildFilterLALR``, ``partial(Tree, name)``): where it is not as read,
``plain_states`` gives None and Lark does the work.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from lark import Lark, Tree
from lark.parse_tree_builder import ChildFilterLALR, ChildFilterLALR_NoPlaceholders
from lark.parsers.lalr_analysis import Shift

__all__ = ["SPLICE", "filter_children", "plain_states"]


def plain_states(parser: Lark) -> dict[Any, dict[str, tuple[bool, Any]]] | None:
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
    read = _read_builders(callbacks, set(parser.options.start))
    recipes: dict[Any, tuple[Any, int, str | None]] = {}
    if read is not None:
        callbacks = _builders(*read)
        recipes = {
            rule: (
                SPLICE if _splices(include, nones) else include,
                nones,
                None if str(rule.origin.name) in read[1] else name,
            )
            for rule, (include, nones, name) in read[0].items()
        }
    states: dict[Any, dict[str, tuple[bool, Any]]] = {}
    for state, actions in lalr.parse_table.states.items():
        row: dict[str, tuple[bool, Any]] = {}
        for symbol, (action, arg) in actions.items():
            if action is Shift:
                row[str(symbol)] = (True, arg)
            else:
                # The rule's size, tree builder and name, and what transform() calls
                # instead of the tree builder (None where the builder was not read).
                reduction = (
                    len(arg.expansion),
                    callbacks[arg],
                    str(arg.origin.name),
                    recipes.get(arg),
                )
                row[str(symbol)] = (False, reduction)
        if len(row) != len(actions):
            return None
        states[state] = row
    return states


_Include = list[tuple[int, bool, int]]


def _read_builders(
    callbacks: dict[Any, Any], start: set[str]
) -> tuple[dict[Any, tuple[_Include | None, int, str]], set[str]] | None:
    """Lark's tree builder of each rule, read (its filter and its subtree's name), and the
    rules that every parent inlines; None where a builder is not what this reads (a
    ``?rule``, positions propagated, another tree class).

    Lark builds every rule's subtree (``partial(Tree, name)``), behind a filter where the
    rule drops tokens, inserts placeholders or takes the children of an inlined ``_rule``
    in place of its subtree.
    """
    read: dict[Any, tuple[_Include | None, int, str]] = {}
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
    return read, expanded


def _builders(
    read: dict[Any, tuple[_Include | None, int, str]], expanded: set[str]
) -> dict[Any, Any]:
    """Plain callbacks that build Lark's trees from the builders ``_read_builders`` read.

    A rule that every parent inlines is built as the plain list of its children (the
    callback None: the list is the value); the other rules build the same trees as Lark's.
    """
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
        kept = filter_children(include, nones, children)
        return kept if tree is None else tree(kept)

    return build


# A filter that splices in the children of all its children: inlined rules, in order.
SPLICE: Any = object()


def _splices(include: _Include | None, nones: int) -> bool:
    """Whether ``include`` takes every child of the rule in order, each an inlined rule,
    and inserts no placeholder: its children are its children's children."""
    return (
        bool(include) and not nones and [(i, True, 0) for i in range(len(include or ()))] == include
    )


def filter_children(include: _Include, nones: int, children: list[Any]) -> list[Any]:
    """``ChildFilterLALR``'s children: those kept, inlined lists spliced in, placeholders."""
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
    return filtered
