"""The seed reports parse to exactly the tables read from them by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

import zfxxgk

from .conftest import SEEDS, mismatches, truth_of


def test_the_fixtures_are_there() -> None:
    assert len(SEEDS) == 5
    assert all((p.parent / "truth" / f"{p.stem}.json").is_file() for p in SEEDS)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_matches_its_truth(path: Path) -> None:
    assert mismatches(zfxxgk.parse_file(path), truth_of(path)) == []


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_round_trips_through_dict(path: Path) -> None:
    report = zfxxgk.parse_file(path)
    assert zfxxgk.from_dict(zfxxgk.to_dict(report)) == report


def test_extra_zero_column_is_reported_not_shifted() -> None:
    # Seed 003 prints 8 cells in （六）其他处理 and 3 in 行政事业性收费.
    report = zfxxgk.parse_file(SEEDS[3])
    assert any("（六）其他处理" in note or "(六) 其他处理" in note for note in report.notes)
    assert any("行政事业性收费" in note for note in report.notes)
