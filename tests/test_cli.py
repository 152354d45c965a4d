"""The command line: zfxxgk parse FILE... and python -m zfxxgk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import zfxxgk
from zfxxgk._cli import main

from .conftest import FIXTURES, SEEDS


def test_sample_is_a_real_report_with_requests(capsys: pytest.CaptureFixture[str]) -> None:
    # The sample is the text of corpus report 001 (淮安市人民政府, 2024): real, non-zero
    # requests and appeals, so a first demo shows numbers, not zeros.
    assert main(["parse", "--sample"]) == 0
    data = json.loads(capsys.readouterr().out)
    truth = json.loads(
        (FIXTURES / "corpus" / "truth" / "001_huaian-gov-2024.json").read_text("utf-8")
    )
    assert data.pop("source") == "sample"
    assert data["requests"] == truth["requests"] and data["appeals"] == truth["appeals"]
    assert data["requests"]["new_received"]["total"] > 0
    assert data == zfxxgk.to_dict(zfxxgk.from_dict(data))


def test_several_files_print_one_object_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", *map(str, SEEDS[:3])]) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    assert [json.loads(line)["generation"] for line in lines] == ["2019", "2021", "2021"]


def test_bad_file_exits_1_with_the_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("这不是年度报告\n", encoding="utf-8")
    assert main(["parse", str(bad), str(SEEDS[0])]) == 1
    captured = capsys.readouterr()
    assert "bad.txt: line 1, column 1" in captured.err
    assert len(captured.out.strip().split("\n")) == 1  # the good file still printed


def test_missing_file_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "no/such/report.txt"]) == 1
    assert "no/such/report.txt" in capsys.readouterr().err


def test_no_file_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exited:
        main(["parse"])
    assert exited.value.code == 2


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zfxxgk", "parse", str(SEEDS[1])],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    assert json.loads(done.stdout)["year"] == 2021


def test_missing_extra_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from zfxxgk import _batch as batch
    from zfxxgk.sources import MissingExtraError

    def no_pdf_support(path: object) -> zfxxgk.Report:
        raise MissingExtraError("reading PDF needs pdfplumber: pip install 'zfxxgk[pdf]'")

    monkeypatch.setattr(batch, "parse_file", no_pdf_support)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    assert main(["parse", str(pdf)]) == 1
    assert "pip install 'zfxxgk[pdf]'" in capsys.readouterr().err
