"""How fast ``parse_many`` parses a folder, with 1 process and with every core, and its memory.

    python benchmarks/batch_speed.py                # 2,000 reports: the seeds copied 400 times
    python benchmarks/batch_speed.py --copies 2000  # 10,000 reports

The seed reports of ``tests/fixtures`` are copied into a temporary folder many times. Each
run is a fresh interpreter (so each pays for building zfxxgk's parsers once per process,
as a real batch does) that consumes ``parse_many`` over every file and keeps nothing.
Prints, per worker count: seconds, reports per second, the speed-up over one process, the
seconds until the first result (process start-up and parser building), and the peak
resident memory of the consuming process and of the largest worker
(``resource.getrusage``). A last run traces the consuming process's Python allocations
(``tracemalloc``) at a quarter, half and all of the corpus: flat numbers mean memory does
not grow with the number of files. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def make_corpus(folder: Path, copies: int) -> list[str]:
    seeds = sorted(FIXTURES.glob("*.txt"))
    paths = []
    for copy in range(copies):
        for seed in seeds:
            target = folder / f"{copy:05d}_{seed.name}"
            shutil.copyfile(seed, target)
            paths.append(str(target))
    return paths


def _mib(kib: int) -> float:
    return kib / 1024  # ru_maxrss is in KiB on Linux


def child(folder: str, workers: int, trace: bool) -> None:
    """One run, in its own interpreter: parse every file, print figures as JSON."""
    import zfxxgk

    paths = sorted(str(path) for path in Path(folder).iterdir())
    marks = {len(paths) // 4: "quarter", len(paths) // 2: "half", len(paths): "all"}
    traced: dict[str, float] = {}
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    first = None
    failed = 0
    for done, result in enumerate(zfxxgk.parse_many(paths, workers=workers), start=1):
        if first is None:
            first = time.perf_counter() - started
        if not isinstance(result, zfxxgk.Report):
            failed += 1
        if trace and done in marks:
            traced[marks[done]] = tracemalloc.get_traced_memory()[1] / 2**20
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "files": len(paths),
                "failed": failed,
                "seconds": elapsed,
                "first": first,
                "parent_rss": _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
                "worker_rss": _mib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
                "traced": traced,
            }
        )
    )


def run(folder: Path, workers: int, trace: bool = False) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(folder), "--workers", str(workers)]
    if trace:
        command.append("--trace")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def measure(copies: int) -> dict[str, Any]:
    """Runs over ``copies`` copies of each seed: one per worker count, then a traced one.

    Returns the corpus size, the cores, the load average before and after, one figures
    dict per worker count (as ``child`` prints them) and the traced peaks.
    """
    cores = os.cpu_count() or 1
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="zfxxgk-batch-") as tmp:
        folder = Path(tmp)
        files = len(make_corpus(folder, copies))
        runs = {workers: run(folder, workers) for workers in sorted({1, cores})}
        traced = run(folder, cores, trace=True)["traced"]
    return {
        "files": files,
        "cores": cores,
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "runs": runs,
        "traced": traced,
    }


def speed_up(figures: dict[str, Any]) -> float:
    """Reports per second with every core over one process."""
    runs = figures["runs"]
    return float(runs[1]["seconds"] / runs[max(runs)]["seconds"])


def print_figures(figures: dict[str, Any], copies: int) -> None:
    cores = figures["cores"]
    print(f"corpus: {figures['files']} reports ({copies} copies of each seed), {cores} cores")
    print(f"load average before: {' '.join(f'{n:.2f}' for n in figures['load_before'])}")
    print()
    print("workers  seconds  reports/s  speed-up  first result  parent RSS  worker RSS  failed")
    base = None
    for workers, run_figures in figures["runs"].items():
        seconds = run_figures["seconds"]
        rate = figures["files"] / seconds
        base = base or rate
        print(
            f"{workers:>7}  {seconds:>7.1f}  {rate:>9.1f}  {rate / base:>7.2f}x  "
            f"{run_figures['first']:>10.1f} s  {run_figures['parent_rss']:>6.0f} MiB  "
            f"{run_figures['worker_rss']:>6.0f} MiB  {run_figures['failed']:>6}"
        )
    print()
    print(f"tracemalloc peak of the consuming process (workers={cores}):")
    for mark, mib in figures["traced"].items():
        print(f"  after {mark:>7} of the corpus: {mib:6.2f} MiB")
    print(f"load average after: {' '.join(f'{n:.2f}' for n in figures['load_after'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=400, help="copies of each seed report")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.workers, args.trace)
        return
    print_figures(measure(args.copies), args.copies)


if __name__ == "__main__":
    main()
