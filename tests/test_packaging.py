"""The wheel carries the grammars and the sample, and the package works from anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_grammars_sample_and_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for grammar in sorted(p.name for p in (ROOT / "grammars").glob("*.lark")):
        assert f"zfxxgk/grammars/{grammar}" in names
    assert {"zfxxgk/sample.txt", "zfxxgk/py.typed", "zfxxgk/__init__.py"} <= names


def test_parses_from_another_working_directory(tmp_path: Path) -> None:
    code = "import zfxxgk; print(zfxxgk.parse_file(__import__('sys').argv[1]).generation)"
    report = ROOT / "tests" / "fixtures" / "001_df144eded8b1c4f8.txt"
    done = subprocess.run(
        [sys.executable, "-c", code, str(report)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "2021"
