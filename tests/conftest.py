"""Shared test setup: Hypothesis profiles and the seed reports."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import zfxxgk

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
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once for the suite as pip builds it: in an isolated
    environment holding only the build requires (so the build hook's tables are in it)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("zfxxgk-*.whl")
    return built


SEEDS = sorted(p for p in FIXTURES.glob("*.txt"))


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    assert len(SEEDS) >= 5, f"expected the seed reports in {FIXTURES}"
    return SEEDS


def fixture_maker() -> Any:
    """tests/fixtures/make_fixtures.py, imported once (not changed): seeds as laid-out
    reports, and variants of them written the same way."""
    import importlib.util

    if "make_fixtures" in sys.modules:
        return sys.modules["make_fixtures"]
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_fixtures"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def truth_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (FIXTURES / "truth" / f"{path.stem}.json").read_text(encoding="utf-8")
    )
    return data


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """A nested dict as {"requests.total.natural_person": 0, ...}."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(flatten(inner, f"{prefix}.{key}" if prefix else key))
        return out
    return {prefix: value}


def _fold(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def mismatches(report: zfxxgk.Report, truth: dict[str, Any]) -> list[tuple[str, object, object]]:
    """The truth file's keys whose value the report does not have, as score.py judges.

    Numbers compare as decimals, text with whitespace ignored, and the truth's
    ``_text_prefixes`` must start their field.
    """
    truth = dict(truth)
    prefixes = truth.pop("_text_prefixes", {})
    got = flatten(zfxxgk.to_dict(report))
    wrong: list[tuple[str, object, object]] = []
    for key, expected in flatten(truth).items():
        if key.startswith("_"):  # _notes: what is odd about the report, not a key
            continue
        actual = got.get(key, "<missing>")
        if isinstance(expected, str) and re.fullmatch(r"-?\d+(\.\d+)?", expected):
            same = actual is not None and Decimal(expected) == Decimal(str(actual))
        elif isinstance(expected, str):
            same = _fold(expected) == _fold(actual)
        else:
            same = expected == actual and type(actual) is type(expected)
        if not same:
            wrong.append((key, expected, actual))
    for field, prefix in prefixes.items():
        if not _fold(got[field]).startswith(_fold(prefix)):
            wrong.append((field, prefix, got[field]))
    return wrong
