"""parse_many survives its workers: killed, hung, started by spawn or forkserver.

Each case runs in a subprocess with a time limit, so a hang fails the test. Every input
must come back exactly once, in order.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import zfxxgk

from .conftest import SEEDS

DRIVER = Path(__file__).with_name("fault_driver.py")
LIMIT = 120  # seconds a subprocess may take before the test fails as hung


def _run(*args: str, timeout: float = LIMIT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def _many(paths: list[Path], timeout: float, kill: bool = False) -> list[dict[str, Any]]:
    done = _run(str(DRIVER), "many", str(timeout), "1" if kill else "0", *map(str, paths))
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def _copies(folder: Path, names: list[str]) -> list[Path]:
    paths = []
    for number, name in enumerate(names):
        path = folder / name
        shutil.copy(SEEDS[number % len(SEEDS)], path)
        paths.append(path)
    return paths


def _check_reports(paths: list[Path], results: list[dict[str, Any]]) -> None:
    """Every input once, in order; the good files as parse_file reads them."""
    assert len(results) == len(paths)
    for path, result in zip(paths, results, strict=True):
        if result["kind"] == "Report":
            assert result["data"] == zfxxgk.to_dict(zfxxgk.parse_file(path))
        else:
            assert result["path"] == str(path)


def test_a_worker_that_dies_costs_only_its_file(tmp_path: Path) -> None:
    names = [f"{n:02}.txt" for n in range(12)]
    names[3] = "die_a.txt"
    names[8] = "die_b.txt"
    paths = _copies(tmp_path, names)
    results = _many(paths, timeout=60)
    _check_reports(paths, results)
    kinds = [result["kind"] for result in results]
    assert kinds == ["WorkerError" if "die" in name else "Report" for name in names]
    for result in results:
        if result["kind"] == "WorkerError":
            assert "died (killed by SIGKILL)" in result["message"]
            assert "out-of-memory" in result["message"]


def test_a_worker_killed_from_outside(tmp_path: Path) -> None:
    # Ten slow files on two workers, five each: when the first result comes in, both
    # workers are busy, and one is killed. Its file fails; the batch goes on.
    paths = _copies(tmp_path, [f"slow_{n}.txt" for n in range(10)])
    results = _many(paths, timeout=60, kill=True)
    _check_reports(paths, results)
    failed = [result for result in results if result["kind"] != "Report"]
    assert len(failed) == 1
    assert failed[0]["kind"] == "WorkerError" and "SIGKILL" in failed[0]["message"]


def test_a_file_past_the_time_limit_is_stopped(tmp_path: Path) -> None:
    names = ["00.txt", "hang_a.txt", "02.txt", "03.txt", "hang_b.txt", "05.txt"]
    paths = _copies(tmp_path, names)
    results = _many(paths, timeout=2)
    _check_reports(paths, results)
    for name, result in zip(names, results, strict=True):
        if name.startswith("hang"):
            assert result["kind"] == "ParseError"
            assert "longer than the time limit of 2 s" in result["message"]
        else:
            assert result["kind"] == "Report"


def test_results_held_by_a_stopped_worker_are_parsed_again(tmp_path: Path) -> None:
    # Twelve files, six a worker. The first worker parses three quick files after its
    # first (results it holds to send together), then hangs: stopped at the time limit,
    # it costs only the hung file, and the three it held come back from another worker.
    names = [f"{n:02}.txt" for n in range(12)]
    names[4] = "hang.txt"
    paths = _copies(tmp_path, names)
    results = _many(paths, timeout=2)
    _check_reports(paths, results)
    kinds = [result["kind"] for result in results]
    assert kinds == ["ParseError" if name == "hang.txt" else "Report" for name in names]


def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    paths = [SEEDS[0], fifo, Path("/dev/null"), SEEDS[1]]
    results = _many(paths, timeout=60)
    _check_reports(paths, results)
    assert [result["kind"] for result in results] == ["Report", "ParseError", "ParseError",
                                                      "Report"]  # fmt: skip
    assert "pipe.txt is a named pipe (FIFO), not a regular file" in results[1]["message"]
    assert "null is a character device" in results[2]["message"]


SCRIPT = """
import multiprocessing, sys
import zfxxgk

def main():
    context = multiprocessing.get_context(sys.argv[1])
    paths = sys.argv[2:]
    for path, result in zip(paths, zfxxgk.parse_many(paths, workers=2, mp_context=context)):
        print(type(result).__name__, zfxxgk.to_dict(result)["title"]
              if isinstance(result, zfxxgk.Report) else getattr(result, "path", None)
              or getattr(result, "filename", None))

{guard}
"""


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_spawn_and_forkserver(tmp_path: Path, method: str) -> None:
    script = tmp_path / "batch.py"
    script.write_text(SCRIPT.format(guard='if __name__ == "__main__":\n    main()'))
    bad = tmp_path / "bad.txt"
    bad.write_text("这不是年度报告\n", encoding="utf-8")
    paths = [*SEEDS, bad, tmp_path / "missing.txt"]
    done = _run(str(script), method, *map(str, paths))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    expected = [f"Report {zfxxgk.parse_file(path).title}" for path in SEEDS]
    assert lines == [*expected, f"ParseError {bad}", f"FileNotFoundError {paths[-1]}"]


def test_spawn_without_the_main_guard_says_what_to_do(tmp_path: Path) -> None:
    script = tmp_path / "unguarded.py"
    script.write_text(SCRIPT.format(guard="main()"))
    done = _run(str(script), "spawn", str(SEEDS[0]))
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("RuntimeError: a zfxxgk worker process could not start")
    assert "if __name__ == '__main__':" in last


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="timeout"):
        zfxxgk.parse_many(SEEDS, timeout=0)
    with pytest.raises(ValueError, match="workers"):
        zfxxgk.parse_many(SEEDS, workers=0)


def test_closing_early_stops_the_workers() -> None:
    import multiprocessing

    results = zfxxgk.parse_many(SEEDS * 4, workers=2)
    assert isinstance(next(results), zfxxgk.Report)
    assert len(multiprocessing.active_children()) == 2
    results.close()
    assert multiprocessing.active_children() == []


def test_worker_error_pickles() -> None:
    import pickle

    error = zfxxgk.errors.WorkerError("the worker died", path="a.txt")
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.path) == ("the worker died", "a.txt")
    assert isinstance(again, RuntimeError) and isinstance(again, zfxxgk.errors.ZfxxgkError)


def test_the_guarded_script_of_the_docs_runs_under_spawn(tmp_path: Path) -> None:
    text = (Path(__file__).parents[1] / "docs" / "batch.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", text, flags=re.S) if "spawn" in b]
    assert 'if __name__ == "__main__":' in block
    (tmp_path / "script.py").write_text(block, encoding="utf-8")
    (tmp_path / "reports" / "sub").mkdir(parents=True)
    shutil.copy(SEEDS[0], tmp_path / "reports" / SEEDS[0].name)
    shutil.copy(SEEDS[1], tmp_path / "reports" / "sub" / SEEDS[1].name)
    (tmp_path / "reports" / "bad.txt").write_text("不是报告\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "script.py"], cwd=tmp_path, capture_output=True, text=True,
        encoding="utf-8", timeout=LIMIT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{SEEDS[0].name} ok" and lines[2] == f"{SEEDS[1].name} ok"
    assert lines[1].startswith("bad.txt line 1, column 1: not an annual report")
