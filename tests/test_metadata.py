"""The package metadata: one version, and what PyPI shows."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import zfxxgk

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def test_the_version_has_one_place() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert importlib.metadata.version("zfxxgk") == zfxxgk.__version__


def test_metadata_says_what_the_package_is() -> None:
    metadata = importlib.metadata.metadata("zfxxgk")
    classifiers = set(metadata.get_all("Classifier") or [])
    assert "Typing :: Typed" in classifiers and "Framework :: Jupyter" in classifiers
    python = {c.rpartition(":: ")[2] for c in classifiers if c.count("::") == 2}
    assert "3.10" in python  # requires-python's floor is listed
    assert metadata["Requires-Python"] == ">=3.10"
