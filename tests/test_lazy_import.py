"""``import zfxxgk`` loads nothing heavy; every public name still comes from ``zfxxgk``."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import zfxxgk

INIT = Path(zfxxgk.__file__)

# Run in a fresh process: what `import zfxxgk` alone brought in.
LOADED = "import sys, zfxxgk; print(*sorted(sys.modules))"


def test_import_loads_no_parser_model_or_format_reader() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOADED], capture_output=True, text=True, check=True
    )
    loaded = set(done.stdout.split())
    assert "zfxxgk.errors" in loaded
    heavy = {"lark", "attr", "cattrs", "lxml", "docx", "pdfplumber", "pandas", "concurrent"}
    modules = "model parsing grammar validation frames summary rendering sources batch convert"
    ours = {f"zfxxgk.{name}" for name in modules.split()}
    assert loaded.isdisjoint(heavy | ours), sorted(loaded & (heavy | ours))


def test_type_checkers_see_every_public_name() -> None:
    # The names imported under `if TYPE_CHECKING:` are __all__, less the error classes
    # (imported for real), so mypy and IDEs know each one's type.
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    (block,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    seen = {
        alias.asname or alias.name
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert seen | {"ParseError", "ZfxxgkError", "MissingExtraError"} == set(zfxxgk.__all__)


@pytest.mark.parametrize("name", sorted(zfxxgk.__all__))
def test_public_name_is_the_object_of_its_module(name: str) -> None:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    homes = {
        alias.asname or alias.name: node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }
    module = importlib.import_module(f"zfxxgk.{homes[name]}")
    assert getattr(zfxxgk, name) is getattr(module, name)
    assert name in dir(zfxxgk)


@pytest.mark.parametrize("name", ["ApplicantCounts", "GENERATIONS", "LAYOUTS", "parse_html"])
def test_old_names_still_import_with_a_deprecation_warning(name: str) -> None:
    with pytest.warns(DeprecationWarning, match=f"zfxxgk.{name} is deprecated"):
        value = getattr(zfxxgk, name)
    assert value is getattr(importlib.import_module(f"zfxxgk.{zfxxgk._DEPRECATED[name]}"), name)
    assert name not in zfxxgk.__all__


def test_the_public_face_is_small() -> None:
    assert len(zfxxgk.__all__) <= 16


def test_submodules_are_attributes_as_before() -> None:
    # docs/rendering.md uses zfxxgk.rendering.pieces after a bare `import zfxxgk`.
    code = "import zfxxgk; print(zfxxgk.rendering.pieces.__name__, zfxxgk.sources.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["pieces", "zfxxgk.sources"]


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'parse_everything'"):
        zfxxgk.parse_everything  # noqa: B018
