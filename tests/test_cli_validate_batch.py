"""zfxxgk validate like parse: folders, --jobs, progress, --format, exit codes, signals, pipes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import zfxxgk
from zfxxgk._cli import main

from .conftest import SEEDS
from .test_cli_folders import PNG
from .test_cli_validate import _unbalanced

DRIVER = Path(__file__).with_name("fault_driver.py")
LIMIT = 120  # seconds a subprocess may take before the test fails as hung


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The seeds, one report that breaks its own arithmetic, one no report, one image."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for seed in SEEDS[:4]:
        shutil.copy(seed, root / (seed.stem if seed is SEEDS[0] else seed.name))  # one: no suffix
    shutil.move(_unbalanced(tmp_path), root / "sub" / "unbalanced.txt")
    (root / "sub" / "bad.jsp").write_text("<html><body>这不是年度报告</body></html>", "utf-8")
    (root / "logo.png").write_bytes(PNG)
    return root


def _expected(path: str) -> list[dict[str, Any]]:
    return [finding.to_dict() for finding in zfxxgk.validate(zfxxgk.parse_file(path))]


def test_a_folder_as_json_lines(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, errors = tmp_path / "findings.jsonl", tmp_path / "errors.jsonl"
    status = main(["validate", str(folder), "-j", "2", "-o", str(out), "--errors", str(errors)])
    assert status == 1  # bad.jsp failed, and unbalanced.txt has errors
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    sources = sorted({line["source"] for line in lines})
    assert {Path(source).name for source in sources} >= {"unbalanced.txt", SEEDS[1].name}
    for source in sources:
        found = [{k: v for k, v in line.items() if k != "source"} for line in lines
                 if line["source"] == source]  # fmt: skip
        assert found == _expected(source)
    # In file order, folders sorted: the subfolder's file last.
    assert Path(lines[-1]["source"]).name == "unbalanced.txt"
    (failure,) = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert Path(failure["path"]).name == "bad.jsp" and failure["error"] == "ParseError"
    err = capsys.readouterr().err
    assert "zfxxgk: 5 parsed, 1 failed, 1 skipped, 6 files in " in err
    assert "1 skipped, an image (PNG)" in err
    severities = [line["severity"] for line in lines]
    summed = ", ".join(f"{severities.count(s)} {s}" for s in sorted(set(severities)))
    assert f"  findings: {summed}\n" in err


def test_json_and_csv_on_stdout(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = str(folder / "sub" / "unbalanced.txt")
    assert main(["validate", target, "--format", "json"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [{k: v for k, v in line.items() if k != "source"} for line in lines] == _expected(target)
    assert {line["source"] for line in lines} == {target}

    assert main(["validate", target, "--format", "csv"]) == 1
    text = capsys.readouterr().out
    assert text.startswith("\ufeffsource,severity,code,message,expected,actual,cells,quote\n")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [(row["code"], row["severity"], row["cells"]) for row in rows] == [
        (f["code"], f["severity"], " ".join(f["cells"])) for f in _expected(target)
    ]
    assert main(["validate", target, "--format", "csv", "--no-bom"]) == 1
    assert capsys.readouterr().out.startswith("source,")


def test_the_format_follows_the_output_suffix(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = str(folder / "sub" / "unbalanced.txt")
    for name, start in (("f.csv", "\ufeffsource,"), ("f.jsonl", '{"source": '),
                        ("f.txt", f"{target}: error: ")):  # fmt: skip
        assert main(["validate", target, "-o", str(tmp_path / name)]) == 1
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start), name
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        main(["validate", target, "-o", str(tmp_path / "f.xlsx")])
    assert exited.value.code == 2
    assert "validate writes text, json, csv, not xlsx" in capsys.readouterr().err


def test_clean_reports_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for seed in SEEDS:
        shutil.copy(seed, tmp_path / seed.name)
    assert main(["validate", str(tmp_path), "-j", "2", "-q"]) == 0  # seed 001: a warning
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 1 and ": warning: FEE_NOT_STATED: " in captured.out
    assert captured.err == ""


def test_series_over_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SEEDS[0], tmp_path / "a.txt")
    shutil.copy(SEEDS[2], tmp_path / "b.txt")
    assert main(["validate", "--series", str(tmp_path), "--format", "json", "-q"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    series = [line["code"] for line in lines if line["source"] == "series"]
    reports = [zfxxgk.parse_file(tmp_path / name) for name in ("a.txt", "b.txt")]
    assert series == [finding.code for finding in zfxxgk.validate_series(reports)]
    assert series


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["validate", str(folder), "-j", "1"]) == 1
    shown = terminal.getvalue()
    assert "\r\033[K0/6 files · " in shown and "6/6 files · " in shown
    assert "\r\033[Kzfxxgk: 5 parsed, 1 failed" in shown
    assert "T3_BALANCE" in capsys.readouterr().out


def _slow_folder(root: Path, count: int) -> None:
    # Seed 001 has one finding (a warning): one line of output per file. ``slow`` files
    # make the fault driver's worker sleep a moment, so the batch is still running.
    root.mkdir()
    for number in range(count):
        shutil.copy(SEEDS[1], root / f"slow_{number:02}.txt")


def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    _slow_folder(tmp_path / "in", 30)
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), "cli", "validate", str(tmp_path / "in"), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # a file is done: the batch is running
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=LIMIT)
    finally:
        process.kill()
    assert ": warning: FEE_NOT_STATED: " in first
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert "stopped (SIGINT): the first " in err
    done = 1 + out.count("\n")
    assert 1 <= done < 30


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    # `zfxxgk validate DIR | head -1`: the reader goes away after one line.
    _slow_folder(tmp_path / "in", 30)
    done = subprocess.run(
        [
            "bash",
            "-c",
            'set -o pipefail; "$@" | head -1',
            "-",
            sys.executable,
            str(DRIVER),
            "cli",
            "validate",
            str(tmp_path / "in"),
            "-j",
            "2",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=LIMIT,
    )
    assert done.stdout.count("\n") == 1 and ": warning: FEE_NOT_STATED: " in done.stdout
    assert done.returncode == 1, done.stderr  # zfxxgk's own status, through pipefail
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
