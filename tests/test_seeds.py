"""The seed reports parse to exactly the tables read from them by hand."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import zfxxgk

from .conftest import SEEDS, truth_of


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}.{key}" if prefix else key))
        return out
    return {prefix: value}


def _fold(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def test_the_fixtures_are_there() -> None:
    assert len(SEEDS) == 5
    assert all((p.parent / "truth" / f"{p.stem}.json").is_file() for p in SEEDS)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_matches_its_truth(path: Path) -> None:
    truth = truth_of(path)
    got = _flatten(zfxxgk.to_dict(zfxxgk.parse_file(path)))
    prefixes = truth.pop("_text_prefixes", {})
    wrong = []
    for key, expected in _flatten(truth).items():
        actual = got.get(key, "<missing>")
        if isinstance(expected, str) and re.fullmatch(r"-?\d+(\.\d+)?", expected):
            same = actual is not None and Decimal(expected) == Decimal(str(actual))
        elif isinstance(expected, str):
            same = _fold(expected) == _fold(actual)
        else:
            same = expected == actual and type(actual) is type(expected)
        if not same:
            wrong.append((key, expected, actual))
    assert wrong == []
    for field, prefix in prefixes.items():
        assert _fold(got[field]).startswith(_fold(prefix)), field


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_round_trips_through_dict(path: Path) -> None:
    report = zfxxgk.parse_file(path)
    assert zfxxgk.from_dict(zfxxgk.to_dict(report)) == report


def test_extra_zero_column_is_reported_not_shifted() -> None:
    # Seed 003 prints 8 cells in （六）其他处理 and 3 in 行政事业性收费.
    report = zfxxgk.parse_file(SEEDS[3])
    assert any("（六）其他处理" in note or "(六) 其他处理" in note for note in report.notes)
    assert any("行政事业性收费" in note for note in report.notes)
