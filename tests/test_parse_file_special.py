"""parse_file on what is not a regular file: a ParseError saying what it is, never opened.

Each case runs in a subprocess with a time limit: a FIFO that was opened would wait for a
writer forever, and /dev/zero would fill memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import zfxxgk

from .conftest import SEEDS

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev")

SCRIPT = """
import json, resource, sys
import zfxxgk
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
try:
    zfxxgk.parse_file(sys.argv[1])
except Exception as error:
    print(json.dumps({"kind": type(error).__name__, "message": str(error),
                      "path": getattr(error, "path", None)}))
"""


def _outcome(path: Path | str) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path)], capture_output=True, text=True, timeout=20
    )
    assert done.returncode == 0, done.stderr
    outcome: dict[str, str] = json.loads(done.stdout)
    return outcome


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda p: os.mkfifo(p), "a named pipe (FIFO)"),
        (lambda p: p.symlink_to("/dev/zero"), "a character device"),
        (lambda p: p.mkdir(), "a folder"),
    ],
    ids=["fifo", "dev-zero-symlink", "folder"],
)
def test_not_a_regular_file(tmp_path: Path, make: object, what: str) -> None:
    path = tmp_path / "report.txt"
    make(path)  # type: ignore[operator]
    outcome = _outcome(path)
    assert outcome == {
        "kind": "ParseError",
        "message": f"line 1, column 1: report.txt is {what}, not a regular file: zfxxgk "
        "reads only regular files",
        "path": str(path),
    }


def test_a_device_by_its_own_name() -> None:
    outcome = _outcome("/dev/zero")
    assert outcome["kind"] == "ParseError"
    assert "zero is a character device, not a regular file" in outcome["message"]


def test_the_parse_error_is_raised_in_process_too(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    with pytest.raises(zfxxgk.ParseError, match=r"pipe\.html is a named pipe") as raised:
        zfxxgk.parse_file(fifo)
    assert raised.value.path == str(fifo)


def test_a_missing_file_is_an_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        zfxxgk.parse_file(tmp_path / "missing.txt")


def test_a_symlink_to_a_report_is_read(tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(SEEDS[0].resolve())
    assert zfxxgk.parse_file(link) == zfxxgk.parse_file(SEEDS[0])
