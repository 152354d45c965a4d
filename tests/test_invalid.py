"""The invalid-input corpus: each tests/invalid/<name>.txt gives the error its .json states.

tests/invalid/make_cases.py writes the files from the report kit; the expected line,
column, ``where`` and a fragment of the reason are stated there by hand.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

import zfxxgk

INVALID = Path(__file__).parent / "invalid"
CASES = sorted(INVALID.glob("*.txt"))


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 15, f"expected the invalid inputs in {INVALID}"
    assert {p.stem for p in CASES} == {p.stem for p in INVALID.glob("*.json")}


def _make_cases() -> Any:
    spec = importlib.util.spec_from_file_location("make_cases", INVALID / "make_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_files_are_what_make_cases_writes() -> None:
    # Edit a case in make_cases.py, then run it: the files must not drift from it.
    make_cases = _make_cases()
    assert sorted(make_cases.CASES) == [p.stem for p in CASES]
    for name, (make, expected) in make_cases.CASES.items():
        text = make()
        assert (INVALID / f"{name}.txt").read_bytes() == text.encode("utf-8"), name
        stored = json.loads((INVALID / f"{name}.json").read_text(encoding="utf-8"))
        assert stored == make_cases.expected_json(text, expected), name


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_invalid_input_gives_its_error(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    text = path.read_bytes().decode("utf-8")  # as written: no newline translation
    with pytest.raises(zfxxgk.ParseError) as caught:
        zfxxgk.parse(text)
    error = caught.value
    assert (error.line, error.column) == (expected["line"], expected["column"]), error
    assert error.where == expected["where"], error
    assert expected["reason"] in error.reason, error
    assert str(error).startswith(f"line {expected['line']}, column {expected['column']}")
