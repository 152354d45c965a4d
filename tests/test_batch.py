"""parse_many: order kept, errors in place, the same as a serial loop."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import zfxxgk
from zfxxgk._batch import parse_many

from .conftest import SEEDS


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("mixed")
    bad = folder / "not_a_report.txt"
    bad.write_text("这不是年度报告。\n", encoding="utf-8")
    return [SEEDS[0], bad, SEEDS[1], folder / "missing.txt", *SEEDS[2:]] * 3


def _summary(results: list[object]) -> list[object]:
    out: list[object] = []
    for result in results:
        if isinstance(result, zfxxgk.Report):
            out.append(zfxxgk.to_dict(result))
        else:
            out.append((type(result).__name__, str(result)))
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_order_kept_and_errors_in_place(mixed: list[Path], workers: int) -> None:
    results = list(parse_many(mixed, workers=workers))
    assert len(results) == len(mixed)
    for path, result in zip(mixed, results, strict=True):
        if path.name == "not_a_report.txt":
            assert isinstance(result, zfxxgk.ParseError)
            assert result.path == str(path)
        elif path.name == "missing.txt":
            assert isinstance(result, FileNotFoundError)
            assert result.filename == str(path)
        else:
            assert result == zfxxgk.parse_file(path)


def test_parallel_equals_serial(mixed: list[Path]) -> None:
    serial = [zfxxgk.parse_file(p) if p.exists() and "not_a" not in p.name else None for p in mixed]
    parallel = list(parse_many(mixed, workers=2))
    assert _summary(parallel) == _summary(list(parse_many(mixed, workers=1)))
    for expected, got in zip(serial, parallel, strict=True):
        if expected is not None:
            assert got == expected


def test_lazy_input_and_bad_worker_count() -> None:
    results = parse_many(iter(SEEDS[:2]), workers=1)
    assert next(results) == zfxxgk.parse_file(SEEDS[0])
    with pytest.raises(ValueError, match="workers"):
        list(parse_many(SEEDS, workers=0))


def test_results_and_errors_pickle(mixed: list[Path]) -> None:
    for result in parse_many(mixed[:4], workers=1):
        again = pickle.loads(pickle.dumps(result))
        assert str(again) == str(result)
        if isinstance(result, zfxxgk.Report):
            assert again == result


LONG_NAMES = """
import os, sys
import zfxxgk
folder = sys.argv[1]
paths = []
for root, _, names in os.walk(folder):
    paths += sorted(os.path.join(root, name) for name in names)
results = list(zfxxgk.parse_many(paths * 5, workers=int(sys.argv[2])))
print(len(results), sum(isinstance(result, zfxxgk.Report) for result in results))
"""


@pytest.mark.parametrize("workers", [1, 2])
def test_names_near_path_max(tmp_path: Path, workers: int) -> None:
    # Files are sent ahead to busy workers, but not a chunk of names this long (where a
    # pipe's buffer is small, as on macOS, it could fill): they wait until the worker is
    # idle. Every file still comes back once, in order.
    import os
    import shutil
    import subprocess
    import sys

    deep = tmp_path
    while len(os.fsencode(deep)) < 3700:
        deep = deep / ("长" * 80)  # 240 bytes a component
    deep.mkdir(parents=True)
    for number in range(24):
        shutil.copy(SEEDS[number % len(SEEDS)], deep / f"{number:02}{'报' * 30}.txt")
    assert 3800 < len(os.fsencode(next(deep.iterdir()))) < 4096
    done = subprocess.run(
        [sys.executable, "-c", LONG_NAMES, str(tmp_path), str(workers)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["120", "120"]
