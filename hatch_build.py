"""Build hook: ship each grammar's LALR parse tables in the wheel, made from grammars/*.lark.

Hatchling runs it for ``python -m build --wheel`` (and ``pip wheel``/``pip install .``) in
the build environment, where only what ``[build-system] requires`` lists is installed:
hatchling and Lark. The tables and their stamps land in ``zfxxgk/tables/``; see
``zfxxgk._grammar`` for how they are checked and loaded. An editable install gets none and
builds its parsers in memory, from the grammars as they stand.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).resolve().parent


def grammar_module() -> ModuleType:
    """src/zfxxgk/_grammar.py, loaded by its path: zfxxgk itself is not installed here."""
    spec = importlib.util.spec_from_file_location(
        "_zfxxgk_grammar_for_build", ROOT / "src" / "zfxxgk" / "_grammar.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ParseTablesHook(BuildHookInterface):
    """Write the parse tables into a scratch folder and force-include them in the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return  # an editable install reads the grammars as they change
        grammar = grammar_module()
        # A scratch folder of the build, removed in finalize; nothing of it is read back
        # except by this build.
        self._scratch = Path(tempfile.mkdtemp(prefix="zfxxgk-tables-"))
        for path in grammar.write_tables(ROOT / "grammars", self._scratch):
            build_data["force_include"][str(path)] = f"zfxxgk/{grammar.TABLES}/{path.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
