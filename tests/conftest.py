"""Shared test setup: Hypothesis profiles and the seed reports."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# CI (CI=true) runs many derandomized examples with no deadline, so a busy 2-core machine
# neither flakes nor finds a new failure on every run; locally the default is quick.
settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted(p for p in FIXTURES.glob("*.txt"))


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    assert len(SEEDS) >= 5, f"expected the seed reports in {FIXTURES}"
    return SEEDS


def truth_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (FIXTURES / "truth" / f"{path.stem}.json").read_text(encoding="utf-8")
    )
    return data
