"""zfxxgk parse under faults: a killed worker, SIGTERM/SIGINT, a full disk, a FIFO, odd names.

Each case runs the command in a subprocess with a time limit, so a hang fails the test,
and checks that every input is accounted for exactly once (a record in the output or in
the errors file, or a skipped file in the summary) and the exit status.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from zfxxgk._cli import main

from .conftest import SEEDS

DRIVER = Path(__file__).with_name("fault_driver.py")
LIMIT = 120  # seconds a subprocess may take before the test fails as hung


def _cli(*args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    options.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, str(DRIVER), "cli", *args],
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=LIMIT,
        **options,
    )


def _records(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    assert text == "" or text.endswith("\n"), "a half-written line"
    return [json.loads(line) for line in text.splitlines()]


def _accounted(files: list[Path], out: Path, errors: Path) -> list[str]:
    """The files the output and errors file hold, each once, in input order."""
    written = {record["source"]: "report" for record in _records(out)}
    failed = {record["path"]: record["error"] for record in _records(errors)}
    assert not set(written) & set(failed)
    assert len(written) == len(_records(out)) and len(failed) == len(_records(errors))
    seen = [str(path) for path in files if str(path) in written or str(path) in failed]
    assert set(seen) == set(written) | set(failed)
    return seen


def _folder(root: Path, names: list[str]) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, name in enumerate(names):
        shutil.copy(SEEDS[number % len(SEEDS)], root / name)
        paths.append(root / name)
    return sorted(paths)


def test_a_killed_worker_costs_one_file(tmp_path: Path) -> None:
    names = [f"{n:02}.txt" for n in range(10)]
    names[4] = "die.txt"
    files = _folder(tmp_path / "in", names)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    done = _cli("parse", str(tmp_path / "in"), "-j", "2", "-o", str(out), "--errors",
                str(errors))  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert _accounted(files, out, errors) == [str(path) for path in files]
    failed = _records(errors)
    assert [(Path(r["path"]).name, r["error"]) for r in failed] == [("die.txt", "WorkerError")]
    assert "zfxxgk: 9 parsed, 1 failed, 10 files" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_hung_file_is_stopped_by_the_timeout(tmp_path: Path) -> None:
    files = _folder(tmp_path / "in", ["a.txt", "hang.txt", "c.txt"])
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    done = _cli("parse", *map(str, files), "-j", "2", "--timeout", "1.5", "-o", str(out),
                "--errors", str(errors))  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert _accounted(files, out, errors) == [str(path) for path in files]
    (record,) = _records(errors)
    assert record["error"] == "ParseError" and "time limit of 1.5 s" in record["reason"]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize(("number", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_workers_and_keeps_what_is_done(
    tmp_path: Path, number: int, status: int
) -> None:
    files = _folder(tmp_path / "in", [f"slow_{n:02}.txt" for n in range(40)])
    bad = tmp_path / "in" / "slow_bad.txt"  # one failure, so the errors file is flushed too
    bad.write_text("这不是年度报告\n", encoding="utf-8")
    files = sorted([*files, bad])
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    args = ["parse", str(tmp_path / "in"), "-j", "2", "-o", str(out), "--errors", str(errors)]
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), "cli", *args],
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        deadline = time.monotonic() + LIMIT
        while len(out.read_bytes().splitlines()) < 4 if out.exists() else True:
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.05)
        workers = _children(process.pid)
        assert len(workers) == 2
        process.send_signal(number)
        _, err = process.communicate(timeout=LIMIT)
    finally:
        process.kill()
    assert process.returncode == status, err
    seen = _accounted(files, out, errors)
    assert 4 <= len(seen) < len(files)
    assert seen == [str(path) for path in files[: len(seen)]]  # a prefix, nothing skipped
    assert f"stopped ({signal.Signals(number).name}): the first {len(seen)} of 41 files" in err
    assert "Traceback" not in err
    time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "orphaned workers"


def _limited(size: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def test_a_full_disk_stops_the_batch_without_a_half_line(tmp_path: Path) -> None:
    files = _folder(tmp_path / "in", [f"{n:02}.txt" for n in range(8)])
    (tmp_path / "in" / "01.txt").write_text("这不是年度报告\n", encoding="utf-8")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    args = ["parse", str(tmp_path / "in"), "-j", "2", "-o", str(out), "--errors", str(errors)]
    assert _cli(*args).returncode == 1
    lines = out.read_bytes().splitlines(keepends=True)
    # The "disk" holds two records and part of the third (files 00 and 02, then 03).
    limit = len(lines[0]) + len(lines[1]) + len(lines[2]) // 2
    done = _cli(*args, preexec_fn=lambda: _limited(limit))
    assert done.returncode == 74, done.stderr
    assert out.read_bytes() == b"".join(lines[:2])
    seen = _accounted(files, out, errors)
    assert len(_records(errors)) == 1
    assert seen == [str(path) for path in files[:3]]
    assert f"cannot write {out}: File too large" in done.stderr
    assert "stopped (cannot write" in done.stderr and "the first 3 of 8 files" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_device_that_is_full(tmp_path: Path) -> None:
    done = _cli("parse", str(SEEDS[0]), "-o", "/dev/full")
    assert done.returncode == 74
    assert "cannot write /dev/full: No space left on device" in done.stderr
    with open("/dev/full", "w") as full:
        done = _cli("parse", str(SEEDS[0]), stdout=full)
    assert done.returncode == 74
    assert "cannot write standard output: No space left on device" in done.stderr


def test_a_fifo_and_a_device_in_a_folder_are_skipped(tmp_path: Path) -> None:
    files = _folder(tmp_path / "in", ["a.txt", "b.txt"])
    os.mkfifo(tmp_path / "in" / "x.txt")
    (tmp_path / "in" / "zero.txt").symlink_to("/dev/zero")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    done = _cli("parse", str(tmp_path / "in"), "-o", str(out), "--errors", str(errors))
    assert done.returncode == 0, done.stderr
    assert _accounted(files, out, errors) == [str(path) for path in files]
    assert "2 parsed, 0 failed, 2 skipped" in done.stderr
    assert f"1 skipped, a named pipe (FIFO), not a regular file: {tmp_path / 'in' / 'x.txt'}" in (
        done.stderr
    )
    assert f"1 skipped, a character device, not a regular file: {tmp_path / 'in'}" in done.stderr
    # Named on the command line, it is an error of its own, still without opening it.
    done = _cli("parse", str(tmp_path / "in" / "x.txt"), str(files[0]))
    assert done.returncode == 1
    assert "x.txt is a named pipe (FIFO), not a regular file" in done.stderr


def test_a_name_that_is_not_utf8_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good, bad = "报告".encode("gbk") + b".txt", "坏".encode("gbk") + b"\x1b[31m.txt"
    shutil.copy(SEEDS[0], os.fsencode(folder) + b"/" + good)
    Path(os.fsdecode(os.fsencode(folder) + b"/" + bad)).write_text("不是报告\n", encoding="utf-8")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    done = _cli("parse", str(folder), "-o", str(out), "--errors", str(errors))
    assert done.returncode == 1, done.stderr
    (record,) = _records(out)
    assert os.fsencode(record["source"]) == os.fsencode(folder) + b"/" + good
    (failure,) = _records(errors)
    assert os.fsencode(failure["path"]) == os.fsencode(folder) + b"/" + bad
    # On the terminal: escapes, never the raw bytes of the escape sequence.
    assert "\x1b" not in done.stderr
    assert "\\udcbb\\udcb5\\x1b[31m.txt" in done.stderr
    # JSON on stdout: the surrogates as JSON escapes.
    done = _cli("parse", os.fsdecode(os.fsencode(folder) + b"/" + good), "--format", "csv")
    assert done.returncode == 0 and "\\udcb1\\udca8\\udcb8\\udce6.txt" in done.stdout


def test_usage_of_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    for value in ("0", "-1", "soon", "inf"):
        with pytest.raises(SystemExit) as exited:
            main(["parse", str(SEEDS[0]), "--timeout", value])
        assert exited.value.code == 2
    assert "--timeout" in capsys.readouterr().err
