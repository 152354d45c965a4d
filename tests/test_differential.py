"""``parse`` gives every text of the differential corpus exactly the outcome it gave before.

tests/differential/corpus.jsonl holds generated, damaged and real texts, each with the
outcome ``parse`` gave it when the corpus was made (tests/differential/make_corpus.py):
the report's ``to_dict``, or the ``ParseError``'s reason, row, line and column. A change
to the normalizer, the lexer, the parser or the lowering that is meant to change no
outcome (a speed-up) must keep every one of them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import zfxxgk

CORPUS = Path(__file__).parent / "differential" / "corpus.jsonl"
CASES: list[dict[str, Any]] = [
    json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()
]


def _outcome(text: str) -> dict[str, Any]:
    try:
        report = zfxxgk.parse(text)
    except zfxxgk.ParseError as error:
        return {
            "error": {
                "reason": error.reason,
                "where": error.where,
                "line": error.line,
                "column": error.column,
            }
        }
    return {"report": json.loads(json.dumps(zfxxgk.to_dict(report)))}


def test_the_corpus_holds_every_kind_of_text() -> None:
    kinds = {case["case"].partition("/")[0] for case in CASES}
    assert {"generated", "seed", "cut", "formats", "corpus", "test_errors"} <= kinds
    assert sum("error" in case for case in CASES) >= 50
    assert sum("report" in case for case in CASES) >= 250


@pytest.mark.parametrize("case", CASES, ids=[case["case"] for case in CASES])
def test_outcome_is_unchanged(case: dict[str, Any]) -> None:
    expected = {key: case[key] for key in ("report", "error") if key in case}
    assert _outcome(case["text"]) == expected
