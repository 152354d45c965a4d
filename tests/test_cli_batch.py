"""zfxxgk parse DIR... --output/--errors/--format/--jobs, and zfxxgk summary DIR."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import zfxxgk
from zfxxgk._cells import all_keys
from zfxxgk._cli import main, report_files

from .conftest import FIXTURES, SEEDS

NOT_A_REPORT = "这不是年度报告。\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Five good reports (one in a subfolder, one as HTML) and three bad files."""
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    for seed in SEEDS[:3]:
        shutil.copy(seed, root / seed.name)
    shutil.copy(SEEDS[3], root / "sub" / SEEDS[3].name)
    shutil.copy(FIXTURES / "formats" / "003.html", root / "sub" / "003.html")
    (root / "bad_one.txt").write_text(NOT_A_REPORT, encoding="utf-8")
    (root / "sub" / "bad_two.md").write_text(NOT_A_REPORT, encoding="utf-8")
    shutil.copy(FIXTURES / "formats" / "scanned.pdf", root / "scanned")  # a PDF, no suffix
    # Not report files: skipped by the walk, or left out.
    (root / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (root / "notes.json").write_text("{}", encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.txt").write_text(NOT_A_REPORT, encoding="utf-8")
    (root / "~$lock.txt").write_text(NOT_A_REPORT, encoding="utf-8")
    return root


GOOD = {SEEDS[0].name, SEEDS[1].name, SEEDS[2].name, SEEDS[3].name, "003.html"}
BAD = {"bad_one.txt", "bad_two.md", "scanned"}


def test_walk_finds_report_files_only(folder: Path) -> None:
    names = [Path(path).name for path in report_files(folder)]
    assert set(names) == GOOD | BAD
    assert names == sorted(names[:-3]) + sorted(names[-3:])  # sorted, subfolder after


def test_folder_to_jsonl_with_errors_file(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    status = main(["parse", str(folder), "--jobs", "2", "--output", str(out), "--errors",
                   str(errors)])  # fmt: skip
    assert status == 1
    captured = capsys.readouterr()
    assert captured.out == ""

    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {Path(line["source"]).name for line in lines} == GOOD
    for line in lines:
        source = line.pop("source")
        assert line == zfxxgk.to_dict(zfxxgk.parse_file(source))

    failed = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert {Path(record["path"]).name for record in failed} == BAD
    for record in failed:
        assert record["error"] == "ParseError"
        assert record["line"] == 1 and record["column"] == 1
        with pytest.raises(zfxxgk.ParseError) as raised:
            zfxxgk.parse_file(record["path"])
        assert record["message"] == str(raised.value)

    # The closing summary: counts, failures grouped by reason, a few names each.
    err = captured.err
    assert "zfxxgk: 5 parsed, 3 failed, 2 skipped, 8 files in " in err
    assert "  1 skipped, binary data, not text, HTML, PDF or .docx: " in err
    assert "  2 × ParseError: not an annual report in the 2019 or 2021 template" in err
    assert "  1 × ParseError: FILE has no text layer" in err
    grouped = err.split("2 × ParseError: not an annual report")[1].splitlines()[1]
    assert "bad_one.txt" in grouped and "bad_two.md" in grouped
    assert f"every failed file with its error: {errors}" in err
    assert "files/s ·" not in err  # no progress line when stderr is not a terminal


def test_all_good_exits_0_and_quiet_says_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["parse", *map(str, SEEDS[:2]), "-j", "1", "-o", str(out)]) == 0
    assert "zfxxgk: 2 parsed, 0 failed" in capsys.readouterr().err
    assert main(["parse", *map(str, SEEDS[:2]), "-j", "1", "-o", str(out), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_failures_go_to_stderr_without_errors_file(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = folder / "missing.txt"
    assert main(["parse", str(folder / "bad_one.txt"), str(missing), str(SEEDS[0]), "-j",
                 "1", "--quiet"]) == 1  # fmt: skip
    captured = capsys.readouterr()
    assert json.loads(captured.out)["title"] == zfxxgk.parse_file(SEEDS[0]).title
    assert f"zfxxgk: {folder / 'bad_one.txt'}: line 1, column 1: " in captured.err
    assert f"zfxxgk: {missing}: No such file or directory" in captured.err
    assert "1 × FileNotFoundError: No such file or directory" in captured.err
    assert "every failed file with its error: stderr above" in captured.err


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def test_csv_has_one_row_per_report_and_every_key(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert main(["parse", str(folder), "--format", "csv", "-o", str(out), "-j", "1",
                 "--validate", "-q"]) == 1  # fmt: skip
    assert out.read_bytes().startswith(b"\xef\xbb\xbfsource,")  # the BOM Excel wants
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {Path(row["source"]).name for row in rows} == GOOD
    header = list(rows[0])
    assert header[:7] == ["source", "agency", "year", "generation", "title", "doc_number",
                          "published_on"]  # fmt: skip
    assert header[7:-1] == list(all_keys()) and header[-1] == "findings"
    for row in rows:
        report = zfxxgk.parse_file(row["source"])
        assert row["generation"] == report.generation
        assert row["findings"] == " ".join(f.code for f in zfxxgk.validate(report))
        cells: dict[str, Any] = {}
        for table in ("proactive", "requests", "appeals"):
            stack: list[tuple[str, Any]] = [(table, getattr(report, table))]
            while stack:
                key, value = stack.pop()
                if hasattr(value, "__attrs_attrs__"):
                    stack.extend(
                        (f"{key}.{a.name}", getattr(value, a.name)) for a in value.__attrs_attrs__
                    )
                else:
                    cells[key] = value
        for key in all_keys():
            # A key of the other generation is an empty cell, as is a blank one.
            assert row[key] == _csv_cell(cells.get(key)), key
    capsys.readouterr()


def test_csv_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEEDS[0]), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 2 and rows[1][0] == str(SEEDS[0])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal_only(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    args = ["parse", str(folder), "-j", "1", "-o", str(tmp_path / "o.jsonl"), "--errors",
            str(tmp_path / "e.jsonl")]  # fmt: skip
    assert main(args) == 1
    shown = terminal.getvalue()
    assert "\r\033[K0/8 files · " in shown
    assert "8/8 files · " in shown and " files/s · 3 failed" in shown
    # Drawn over itself, and wiped before the closing summary.
    assert "\r\033[Kzfxxgk: 5 parsed, 3 failed" in shown

    quiet = _Terminal()
    monkeypatch.setattr("sys.stderr", quiet)
    assert main([*args, "--quiet"]) == 1
    assert "files/s ·" not in quiet.getvalue()
    assert "zfxxgk: 5 parsed, 3 failed" in quiet.getvalue()  # failures are still summed up


def test_usage_errors_exit_2(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in (
        ["parse", str(folder), "--jobs", "0"],
        ["parse", str(folder), "--jobs", "many"],
        ["parse", str(empty)],
        ["parse", str(SEEDS[0]), "--format", "csv", "--indent", "2"],
        ["parse", str(SEEDS[0]), "--format", "xml"],
        ["summary"],
        ["summary", str(empty)],
    ):
        with pytest.raises(SystemExit) as exited:
            main(args)
        assert exited.value.code == 2, args
    assert "no report files" in capsys.readouterr().err
    nowhere = tmp_path / "no" / "such" / "dir" / "out.jsonl"
    assert main(["parse", str(SEEDS[0]), "-o", str(nowhere)]) == 2
    assert f"cannot write {nowhere}" in capsys.readouterr().err


def test_summary_prints_a_table_and_the_failures(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", str(folder), "-j", "1"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split()[:4] == ["agency", "year", "received", "handled"]
    assert lines[1].split()[:2] == ["机关", "年度"]
    body = lines[3:8]
    reports = [zfxxgk.parse_file(path) for path in report_files(folder) if
               Path(path).name in GOOD]  # fmt: skip
    agencies = sorted(r.agency for r in reports if r.agency is not None)
    assert [line.split()[0] for line in body[: len(agencies)]] == agencies
    for line in body:
        assert line.split()[-1] in {str(len(zfxxgk.validate(r))) for r in reports}
    assert body[-1].startswith("(")  # the report without an agency, by its title, last
    assert "granted% = (予以公开 + 部分公开) / 办理总计" in captured.out
    assert "note: 1 agency-year(s) have more than one report" in captured.out  # 003 twice
    assert "zfxxgk: 5 parsed, 3 failed" in captured.err
    assert main(["summary", *map(str, SEEDS), "-j", "1", "-q"]) == 0
    assert capsys.readouterr().err == ""
