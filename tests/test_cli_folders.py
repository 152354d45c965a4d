"""Folders are read by content: every regular file, whatever its name, told by its bytes."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

import zfxxgk
from zfxxgk._cli import main, report_files

from .conftest import FIXTURES, SEEDS

FORMATS = FIXTURES / "formats"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def _portal(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A folder as a scraper leaves it: report pages under the names portals serve,
    beside what is no report. Returns the folder and, per file, what happens to it."""
    root = tmp_path / "saved"
    (root / "page_files").mkdir(parents=True)
    shutil.copy(FORMATS / "000.html", root / "000.shtml")
    shutil.copy(FORMATS / "001.bare.html", root / "001.jsp")
    shutil.copy(FORMATS / "002.gb18030.html", root / "002.HTML")
    shutil.copy(FORMATS / "003.docx", root / "003.aspx")
    shutil.copy(SEEDS[4], root / "004")  # a text report with no suffix at all
    (root / "broken.shtml").write_text(
        "<html><body><p>2021年度政府信息公开工作年度报告</p></body></html>", encoding="utf-8"
    )
    (root / "page_files" / "logo.png").write_bytes(PNG)
    (root / "page_files" / "style.css").write_text("body { margin: 0 }\n", encoding="utf-8")
    (root / "old.doc").write_bytes(OLE)
    (root / "junk.txt").write_bytes(bytes(range(256)) * 4)
    (root / "empty.html").write_bytes(b"")
    with zipfile.ZipFile(root / "photos.zip", "w") as archive:
        archive.writestr("a.txt", "x")
    fates = {
        "000.shtml": "parsed",
        "001.jsp": "parsed",
        "002.HTML": "parsed",
        "003.aspx": "parsed",
        "004": "parsed",
        "broken.shtml": "failed",
        "logo.png": "an image (PNG): zfxxgk reads no images (a scan needs OCR)",
        "style.css": "text without a Chinese character, so not a report",
        "old.doc": "an old binary Word or Office file (.doc): save it as .docx to read it",
        "junk.txt": "binary data, not text, HTML, PDF or .docx",
        "empty.html": "an empty file",
        "photos.zip": "a zip archive, not a Word .docx",
    }
    return root, fates


def test_report_files_by_content(tmp_path: Path) -> None:
    root, fates = _portal(tmp_path)
    found = [Path(path).name for path in report_files(root)]
    assert found == sorted(name for name, fate in fates.items() if fate in ("parsed", "failed"))


def test_a_folder_of_saved_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, fates = _portal(tmp_path)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    status = main(["parse", str(root), "-j", "2", "-o", str(out), "--errors", str(errors)])
    assert status == 1  # broken.shtml failed
    err = capsys.readouterr().err

    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    parsed = {Path(record["source"]).name for record in records}
    assert parsed == {name for name, fate in fates.items() if fate == "parsed"}
    # Each page as the fixture it was copied from reads, whatever its new name.
    origins = {"000.shtml": FORMATS / "000.html", "001.jsp": FORMATS / "001.bare.html",
               "002.HTML": FORMATS / "002.gb18030.html", "003.aspx": FORMATS / "003.docx",
               "004": SEEDS[4]}  # fmt: skip
    for record in records:
        source = record.pop("source")
        assert record == zfxxgk.to_dict(zfxxgk.parse_file(origins[Path(source).name]))
    (failure,) = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert Path(failure["path"]).name == "broken.shtml" and failure["error"] == "ParseError"

    skipped = {name: fate for name, fate in fates.items() if fate not in ("parsed", "failed")}
    assert f"zfxxgk: 5 parsed, 1 failed, {len(skipped)} skipped, 6 files in " in err
    for name, why in skipped.items():
        line = next(line for line in err.splitlines() if line.startswith(f"  1 skipped, {why}: "))
        assert line.endswith(name), line


def test_skipped_files_do_not_fail_a_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = _portal(tmp_path)
    (root / "broken.shtml").unlink()
    assert main(["parse", str(root), "-j", "1", "-o", str(tmp_path / "o.csv")]) == 0
    err = capsys.readouterr().err
    assert "zfxxgk: 5 parsed, 0 failed, 6 skipped" in err
    assert "1 skipped, an image (PNG)" in err


def test_a_folder_with_nothing_to_read_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "logo.png").write_bytes(PNG)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(SystemExit) as exited:
        main(["parse", str(tmp_path)])
    assert exited.value.code == 2
    assert "no report files in this folder (2 other files skipped)" in capsys.readouterr().err


def test_a_file_named_on_the_command_line_is_read_whatever_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Skipping is for what a folder holds: a file named is parsed, and fails if no report.
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    assert main(["parse", str(logo), str(SEEDS[0]), "-j", "1", "-q"]) == 1
    captured = capsys.readouterr()
    assert f"zfxxgk: {logo}: " in captured.err
    assert json.loads(captured.out)["source"] == str(SEEDS[0])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_file_that_turns_into_a_fifo_is_not_waited_on(tmp_path: Path) -> None:
    # A FIFO seen at the walk's stat is skipped without opening; the sniffer opens with
    # O_NONBLOCK, so one made after the stat cannot hang it either.
    from zfxxgk._batch_cli import _skipped_for

    fifo = tmp_path / "x.html"
    os.mkfifo(fifo)
    assert _skipped_for(str(fifo)) == "a named pipe (FIFO), not a regular file"


def test_many_skipped_files_are_counted_and_a_few_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SEEDS[0], tmp_path / "report")
    for number in range(5):
        (tmp_path / f"logo{number}.png").write_bytes(PNG)
    assert main(["parse", str(tmp_path), "-j", "1", "-o", str(tmp_path / "o.jsonl")]) == 0
    err = capsys.readouterr().err
    assert "1 parsed, 0 failed, 5 skipped" in err
    names = ", ".join(str(tmp_path / f"logo{number}.png") for number in range(3))
    why = "an image (PNG): zfxxgk reads no images (a scan needs OCR)"
    assert f"  5 skipped, {why}: {names}, and 2 more\n" in err
