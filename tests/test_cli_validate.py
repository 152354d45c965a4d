"""The command line: zfxxgk validate FILE... and zfxxgk parse --validate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zfxxgk._cli import main

from .conftest import SEEDS

ROW = "一、本年新收政府信息公开申请数量\t\t0\t0"


def _unbalanced(tmp_path: Path) -> Path:
    """Seed 000 with 1 new request from a 自然人 that the rest of 表三 never counts."""
    text = SEEDS[0].read_text(encoding="utf-8")
    assert text.count(ROW) == 1
    path = tmp_path / "unbalanced.txt"
    path.write_text(text.replace(ROW, "一、本年新收政府信息公开申请数量\t\t1\t0"), encoding="utf-8")
    return path


def test_seeds_have_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *map(str, SEEDS)]) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    # Only seed 001's missing 信息处理费 statement, a warning.
    assert len(lines) == 1
    assert lines[0].startswith(f"{SEEDS[1]}: warning: FEE_NOT_STATED: ")
    assert lines[0].endswith("[other_matters]")


def test_an_error_exits_1_and_names_cells_and_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _unbalanced(tmp_path)
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.strip().split("\n")
    balance = [line for line in lines if ": T3_BALANCE: " in line]
    assert len(balance) == 1
    assert balance[0].startswith(f"{path}: error: T3_BALANCE: 表三 自然人列")
    assert "(expected 1, actual 0)" in balance[0]
    assert "requests.new_received.natural_person" in balance[0]
    row = [line for line in lines if ": T3_ROW_TOTAL: " in line]
    assert len(row) == 1 and "requests.new_received.total" in row[0]
    suspect = [line for line in lines if ": T3_SUSPECT_CELL: " in line]
    assert suspect == [
        f"{path}: note: T3_SUSPECT_CELL: 表三 一、本年新收政府信息公开申请数量 自然人印为1；若为0，"
        "则其所在行与列的勾稽关系全部成立 / requests.new_received.natural_person is 1; 0 would "
        "make its row and column balance (expected 0, actual 1) "
        "[requests.new_received.natural_person]"
    ]


def test_an_unparsable_file_exits_1_like_parse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("这不是年度报告\n", encoding="utf-8")
    assert main(["validate", str(bad), str(SEEDS[0])]) == 1
    captured = capsys.readouterr()
    assert "bad.txt: line 1" in captured.err
    assert "zfxxgk: 1 parsed, 1 failed, 2 files" in captured.err
    assert main(["validate", str(bad), str(_unbalanced(tmp_path))]) == 1
    assert "T3_BALANCE" in capsys.readouterr().out  # the readable file is still checked
    assert main(["validate", "no/such/report.txt"]) == 1
    assert "no/such/report.txt: No such file or directory" in capsys.readouterr().err


def test_series(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--series", str(SEEDS[0]), str(SEEDS[2])]) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    codes = [line.split(": ")[2] for line in lines if line.startswith("series: ")]
    assert codes == ["SERIES_MIXED_AGENCY", "SERIES_MISSING_YEAR"]


def test_validate_needs_a_file() -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate"])
    assert exited.value.code == 2


def test_parse_validate_adds_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--validate", str(SEEDS[0]), str(_unbalanced(tmp_path))]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.strip().split("\n"))
    assert first["findings"] == []
    codes = {finding["code"] for finding in second["findings"]}
    assert {"T3_BALANCE", "T3_ROW_TOTAL", "T3_SUSPECT_CELL"} <= codes
    finding = second["findings"][0]
    assert set(finding) == {"code", "severity", "cells", "expected", "actual", "message", "quote"}


def test_parse_without_validate_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEEDS[0])]) == 0
    assert "findings" not in json.loads(capsys.readouterr().out)


def test_python_dash_m_validate(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zfxxgk", "validate", str(_unbalanced(tmp_path))],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == 1
    assert "T3_BALANCE" in done.stdout
