"""The parse tables the wheel ships: made from the grammar files, loaded only when they match.

Also: neither ``import zfxxgk`` nor a parse writes to the temporary directory.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lark import Lark
from lark.exceptions import UnexpectedInput

from zfxxgk._grammar import OPTIONS, build_parser, grammar_digest, parser_for, write_tables
from zfxxgk._normalize import normalize
from zfxxgk.model import GENERATIONS, Generation

ROOT = Path(__file__).resolve().parents[1]
GRAMMARS = ROOT / "grammars"
SEEDS = sorted((ROOT / "tests" / "fixtures").glob("*.txt"))

# In a fresh process: import, parse one seed of each generation, say where the parsers
# came from. Lark.load names the source of a parser it loads "<deserialized>".
FIRST_PARSES = """
import sys, zfxxgk
from zfxxgk._grammar import parser_for
for path in sys.argv[1:]:
    zfxxgk.parse(open(path, encoding="utf-8").read())
print(zfxxgk.__file__)
print(*(parser_for(generation).source_path for generation in ("2019", "2021")))
"""


def grammar_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in GRAMMARS.glob("*.lark")}


def texts_to_parse() -> list[str]:
    """The seeds as the parser reads them, whole and each with one line in seven dropped."""
    keyed = [normalize(path.read_text(encoding="utf-8")).text for path in SEEDS]
    damaged = []
    for text in keyed:
        lines = text.split("\n")
        damaged += ["\n".join(lines[:i] + lines[i + 1 :]) for i in range(0, len(lines), 7)]
    return keyed + damaged


def outcome(parser: Lark, text: str) -> Any:
    """The tree, or where and why the parser stopped."""
    try:
        return parser.parse(text)
    except UnexpectedInput as error:
        # Lark prints the expected terminals from a set, in no fixed order: compare the set.
        expected = sorted(getattr(error, "expected", None) or getattr(error, "allowed", None) or ())
        token = getattr(error, "token", None)
        return type(error).__name__, error.line, error.column, expected, repr(token)


@pytest.fixture(scope="module")
def unpacked(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    zipfile.ZipFile(wheel).extractall(folder)
    return folder


def run_first_parses(site: Path | None, tmp: Path) -> list[str]:
    """FIRST_PARSES in a fresh process, zfxxgk from ``site`` (else as installed)."""
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "TEMP": str(tmp), "TMP": str(tmp)}
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    seeds = [str(path) for path in SEEDS]
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PARSES, *seeds],
        env=env,
        cwd=tmp.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert list(tmp.iterdir()) == []  # nothing written to the temporary directory
    return done.stdout.splitlines()


@pytest.mark.parametrize("generation", GENERATIONS)
def test_wheel_tables_are_made_from_the_grammar_files(wheel: Path, generation: Generation) -> None:
    shipped = zipfile.ZipFile(wheel)
    stamp = json.loads(shipped.read(f"zfxxgk/tables/v{generation}.json"))
    tables = shipped.read(f"zfxxgk/tables/v{generation}.pickle")
    assert stamp["grammar_sha256"] == grammar_digest(grammar_texts())
    assert stamp["tables_sha256"] == hashlib.sha256(tables).hexdigest()
    assert stamp["options"] == OPTIONS
    for name, text in grammar_texts().items():
        assert shipped.read(f"zfxxgk/grammars/{name}").decode("utf-8") == text
    # The tables parse (and reject) exactly as a parser built from the grammar file does.
    loaded = Lark.load(io.BytesIO(tables))
    built = Lark.open(str(GRAMMARS / f"v{generation}.lark"), **OPTIONS)
    for text in texts_to_parse():
        assert outcome(loaded, text) == outcome(built, text)


def test_installed_wheel_loads_its_tables_and_writes_no_temp_file(
    unpacked: Path, tmp_path: Path
) -> None:
    where, sources = run_first_parses(unpacked, tmp_path / "tmp")
    assert Path(where).is_relative_to(unpacked)
    assert sources.split() == ["<deserialized>", "<deserialized>"]


def test_tables_of_other_grammars_are_not_loaded(unpacked: Path, tmp_path: Path) -> None:
    # A grammar edited after the build: the tables no longer match it, so both parsers
    # are built in memory from the grammars as they stand (the stamp covers every file).
    edited = tmp_path / "site"
    shutil.copytree(unpacked / "zfxxgk", edited / "zfxxgk")
    common = edited / "zfxxgk" / "grammars" / "common.lark"
    common.write_text(common.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    where, sources = run_first_parses(edited, tmp_path / "tmp")
    assert Path(where).is_relative_to(edited)
    assert "<deserialized>" not in sources.split()


def test_package_under_test_writes_no_temp_file(tmp_path: Path) -> None:
    # The package as installed here: from a wheel (CI) it loads its tables, from a
    # checkout (an editable install) it builds its parsers in memory.
    where, sources = run_first_parses(None, tmp_path / "tmp")
    shipped = (Path(where).parent / "tables").is_dir()
    if shipped:
        assert sources.split() == ["<deserialized>", "<deserialized>"]
    else:
        assert sources.split() == [str(GRAMMARS / f"v{g}.lark") for g in ("2019", "2021")]


@pytest.mark.parametrize("generation", GENERATIONS)
def test_in_memory_parser_is_lark_built_from_the_grammar(generation: Generation) -> None:
    built = Lark.open(str(GRAMMARS / f"v{generation}.lark"), **OPTIONS)
    for text in texts_to_parse():
        assert outcome(build_parser(generation), text) == outcome(built, text)
        assert outcome(parser_for(generation), text) == outcome(built, text)


def test_write_tables_stamps_what_it_wrote(tmp_path: Path) -> None:
    written = write_tables(GRAMMARS, tmp_path)
    assert sorted(path.name for path in written) == sorted(
        f"v{generation}.{suffix}" for generation in GENERATIONS for suffix in ("json", "pickle")
    )
    for generation in GENERATIONS:
        stamp = json.loads((tmp_path / f"v{generation}.json").read_text(encoding="utf-8"))
        tables = (tmp_path / f"v{generation}.pickle").read_bytes()
        assert stamp["tables_sha256"] == hashlib.sha256(tables).hexdigest()
        assert stamp["grammar_sha256"] == grammar_digest(grammar_texts())
