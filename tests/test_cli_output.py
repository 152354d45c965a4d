"""One record shape: source on every line, the format by suffix, CSV with a BOM, .xlsx, stdin."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import zfxxgk
from zfxxgk._cells import cells, values
from zfxxgk._cli import main

from .conftest import FIXTURES, SEEDS


def test_every_json_line_carries_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", *map(str, SEEDS[:3]), "-q"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["source"] for line in lines] == list(map(str, SEEDS[:3]))
    for line in lines:
        assert zfxxgk.from_dict(line) == zfxxgk.parse_file(line["source"])


@pytest.mark.parametrize(
    ("name", "chosen", "kind"),
    [("out.csv", None, "csv"), ("out.CSV", None, "csv"), ("out.jsonl", None, "jsonl"),
     ("out.csv", "jsonl", "jsonl"), ("out.txt", None, "jsonl")],
)  # fmt: skip
def test_the_format_follows_the_suffix(
    tmp_path: Path, name: str, chosen: str | None, kind: str
) -> None:
    out = tmp_path / name
    args = ["parse", str(SEEDS[0]), "-o", str(out), "-q"]
    assert main([*args, "--format", chosen] if chosen else args) == 0
    text = out.read_text(encoding="utf-8-sig")
    if kind == "csv":
        assert text.startswith("source,agency,year,")
    else:
        assert json.loads(text)["source"] == str(SEEDS[0])


def test_csv_has_a_bom_unless_told(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert main(["parse", str(SEEDS[0]), "-o", str(out), "-q"]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfsource,")
    assert main(["parse", str(SEEDS[0]), "-o", str(out), "-q", "--no-bom"]) == 0
    assert out.read_bytes().startswith(b"source,")


def test_xlsx_has_a_sheet_per_table_with_labels(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    assert main(["parse", *map(str, SEEDS[:2]), "-o", str(out), "--validate", "-q"]) == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["reports", "表二 proactive", "表三 requests", "表四 appeals"]
    reports = list(book["reports"].iter_rows(values_only=True))
    assert reports[0][:3] == ("source", "agency", "year") and reports[0][-1] == "findings"
    assert reports[1][:3] == ("来源文件", "机关", "年度")
    assert [row[0] for row in reports[2:]] == list(map(str, SEEDS[:2]))
    for table, sheet in (("requests", "表三 requests"), ("appeals", "表四 appeals")):
        rows = list(book[sheet].iter_rows(values_only=True))
        header, labels = rows[0], rows[1]
        for path, row in zip(SEEDS[:2], rows[2:], strict=True):
            report = zfxxgk.parse_file(path)
            specs = cells(report.generation, table)
            for cell, value in zip(specs, values(report, table), strict=True):
                column = header.index(cell.key)
                assert row[column] == value, cell.key
                assert cell.column in labels[column] and "表" in labels[column]
    assert not any(path.name.endswith(".partial") for path in tmp_path.iterdir())


def test_xlsx_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["parse", str(SEEDS[0]), "--format", "xlsx"])
    assert exited.value.code == 2
    assert ".xlsx needs --output" in capsys.readouterr().err


def test_indent_with_several_files_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["parse", *map(str, SEEDS[:2]), "--indent", "2"])
    assert exited.value.code == 2
    assert "--indent is for one report" in capsys.readouterr().err
    assert main(["parse", str(SEEDS[0]), "--indent", "2"]) == 0
    assert capsys.readouterr().out.startswith('{\n  "source": ')


@pytest.mark.parametrize("name", ["summary.csv", "summary.xlsx"])
def test_summary_to_csv_and_xlsx(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    assert main(["summary", *map(str, SEEDS), "-o", str(out), "-q"]) == 0
    if name.endswith(".csv"):
        assert out.read_bytes().startswith(b"\xef\xbb\xbfsource,agency,year,title,received,")
        with out.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.DictReader(stream))
    else:
        sheet = openpyxl.load_workbook(out, read_only=True)["summary"]
        table = list(sheet.iter_rows(values_only=True))
        assert table[1][:5] == ("来源文件", "机关", "年度", "标题", "本年新收")
        rows = [{k: "" if v is None else str(v) for k, v in zip(table[0], row, strict=True)}
                for row in table[2:]]  # fmt: skip
    assert [row["source"] for row in rows] == list(map(str, SEEDS))
    for row in rows:
        report = zfxxgk.parse_file(row["source"])
        assert row["received"] == str(report.requests.new_received.total)
        assert row["agency"] == (report.agency or "")


def _stdin(data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "zfxxgk", "parse", *args], input=data,
                          capture_output=True, timeout=120)  # fmt: skip


@pytest.mark.parametrize("path", [SEEDS[1], FIXTURES / "formats" / "002.html"])
def test_dash_reads_standard_input(path: Path) -> None:
    done = _stdin(path.read_bytes(), "-")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record.pop("source") == "-"
    assert zfxxgk.from_dict(record) == zfxxgk.parse_file(path)


def test_dash_with_files_keeps_the_order_and_fails_by_its_name() -> None:
    done = _stdin(b"not a report\n", str(SEEDS[0]), "-", str(SEEDS[1]))
    assert done.returncode == 1
    sources = [json.loads(line)["source"] for line in done.stdout.splitlines()]
    assert sources == [str(SEEDS[0]), str(SEEDS[1])]
    assert b"zfxxgk: -: line 1" in done.stderr


def test_validate_reads_standard_input_too() -> None:
    data = SEEDS[1].read_bytes()
    done = subprocess.run([sys.executable, "-m", "zfxxgk", "validate", "-", "--format", "json"],
                          input=data, capture_output=True, timeout=120)  # fmt: skip
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    expected = zfxxgk.validate(zfxxgk.parse_file(SEEDS[1]))
    assert [line["code"] for line in lines] == [finding.code for finding in expected]
    assert {line["source"] for line in lines} <= {"-"}
    errors = any(finding.severity == "error" for finding in expected)
    assert done.returncode == (1 if errors else 0), done.stderr
    twice = subprocess.run([sys.executable, "-m", "zfxxgk", "validate", "-", "-"],
                           input=data, capture_output=True, timeout=120)  # fmt: skip
    assert twice.returncode == 2 and b"can be read once" in twice.stderr
