"""How fast ``parse_many`` parses a folder, with 1 process and with every core, and its memory.

    python benchmarks/batch_speed.py                # 2,000 reports: the seeds copied 400 times
    python benchmarks/batch_speed.py --copies 2000  # 10,000 reports
    python benchmarks/batch_speed.py --wheel        # zfxxgk from a wheel of this checkout

The seed reports of ``tests/fixtures`` are copied into a temporary folder many times. Each
run is a fresh interpreter (so each pays for building zfxxgk's parsers once per process,
as a real batch does) that consumes ``parse_many`` over every file and keeps nothing.
Prints, per worker count: seconds, reports per second, the speed-up over one process, the
seconds until the first result (process start-up and parser building), and the peak
resident memory of the consuming process and of the largest worker
(``resource.getrusage``), and the CPU seconds per report the workers and the consuming
process spend. A last run traces the consuming process's Python allocations
(``tracemalloc``) at a quarter, half and all of the corpus: flat numbers mean memory does
not grow with the number of files. Figures, not assertions.

``--wheel`` runs zfxxgk as users install it: from a wheel built from this checkout, which
ships the parse tables. An editable install builds its parsers in memory from the
grammars at the start of each run (about 0.3 CPU-s), which is part of the figures
without it.

On a shared machine the speed-up says as much about the other processes as about
``parse_many``. So each worker count runs ``--repeat`` times, alternating, and the
fastest run counts; before and after, two processes that only count (no I/O, no
pipes) are timed against one: their ratio is the speed-up the machine itself gives two
busy processes at that moment. Parsing asks more of the caches and memory than
counting, so the ceiling for ``parse_many`` is measured too: two processes parsing the
same files with ``parse_file``, warm, with no start-up, pipes or pickling, over one.
The CPU seconds per report tell the design apart from the machine: with the same CPU
per report for 1 and N workers, nothing is spent on the parallelism itself.
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

import parse_speed

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


def _own_peak_mib() -> float:
    """This process's peak resident memory since it started its program.

    Linux keeps ``ru_maxrss`` across ``exec``: a child started by a big process (all.py,
    after the PDF figures) would show its parent's. ``VmHWM`` starts again at ``exec``.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return _mib(int(line.split()[1]))
    return _mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def child(folder: str, workers: int, trace: bool) -> None:
    """One run, in its own interpreter: parse every file, print figures as JSON."""
    import zfxxgk

    paths = sorted(str(path) for path in Path(folder).iterdir())
    marks = {len(paths) // 4: "quarter", len(paths) // 2: "half", len(paths): "all"}
    traced: dict[str, float] = {}
    if trace:
        tracemalloc.start()
    cpu_before = _cpu(resource.RUSAGE_SELF)  # the import of zfxxgk left out
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
                "parent_rss": _own_peak_mib(),
                "worker_rss": _mib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
                "parent_cpu": _cpu(resource.RUSAGE_SELF) - cpu_before,
                "worker_cpu": _cpu(resource.RUSAGE_CHILDREN),
                "traced": traced,
            }
        )
    )


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _count(_: int) -> float:
    """Seconds to count to a few million: CPU only, as a calibration."""
    started = time.perf_counter()
    total = 0
    for number in range(5_000_000):
        total += number
    return time.perf_counter() - started


def machine_speed_up() -> float:
    """How much faster two busy processes get through the same work as one, right now:
    2.0 on two idle cores, less when other processes want them."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    one = min(_count(0) for _ in range(2))
    with context.Pool(2) as pool:
        two = min(max(pool.map(_count, [0, 1])) for _ in range(2))
    return 2 * one / two


def _parse_all(paths: list[str]) -> float:
    """Seconds to parse ``paths`` in this process, one after the other."""
    import zfxxgk

    started = time.perf_counter()
    for path in paths:
        zfxxgk.parse_file(path)
    return time.perf_counter() - started


def parse_ceiling(folder: str) -> None:
    """Print how much faster two processes parse than one, with no parse_many around them.

    Each process parses the same 1,000 files of ``folder`` with ``parse_file``, its parsers
    made and warmed before the fork: no start-up, no pipes, no pickling. This is the most
    ``parse_many`` could give on this machine now: two parsing processes share the
    cores' caches and memory, which counting (``machine_speed_up``) does not show.
    """
    import multiprocessing

    paths = sorted(str(path) for path in Path(folder).iterdir())[:1000]
    _parse_all(paths[:10])  # both generations' parsers, built and warm
    one = min(_parse_all(paths) for _ in range(2))
    with multiprocessing.get_context("fork").Pool(2) as pool:
        two = min(max(pool.map(_parse_all, [paths, paths])) for _ in range(2))
    print(json.dumps(2 * one / two))


def run(
    folder: Path, workers: int, trace: bool = False, site: Path | None = None
) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(folder), "--workers", str(workers)]
    if trace:
        command.append("--trace")
    figures: dict[str, Any] = json.loads(_child_output(command, site))
    return figures


def run_ceiling(folder: Path, site: Path | None = None) -> float:
    """``parse_ceiling`` in a fresh interpreter."""
    command = [sys.executable, __file__, "--ceiling", str(folder)]
    return float(json.loads(_child_output(command, site)))


def _child_output(command: list[str], site: Path | None) -> str:
    env = dict(os.environ)
    if site is not None:  # an unpacked wheel goes before the installed zfxxgk
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    return subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout


def measure(copies: int, repeat: int = 2, site: Path | None = None) -> dict[str, Any]:
    """Runs over ``copies`` copies of each seed: ``repeat`` per worker count, alternating
    (the fastest counts), then a traced one; with zfxxgk from ``site`` when given.

    Returns the corpus size, the cores, the load average and the machine's own speed-up
    for two processes before and after, one figures dict per worker count (as ``child``
    prints them) and the traced peaks.
    """
    cores = os.cpu_count() or 1
    load_before = os.getloadavg()
    machine_before = machine_speed_up()
    with tempfile.TemporaryDirectory(prefix="zfxxgk-batch-") as tmp:
        folder = Path(tmp)
        files = len(make_corpus(folder, copies))
        runs: dict[int, dict[str, Any]] = {}
        for _ in range(repeat):
            for workers in sorted({1, cores}):
                figures = run(folder, workers, site=site)
                if workers not in runs or figures["seconds"] < runs[workers]["seconds"]:
                    runs[workers] = figures
        traced = run(folder, cores, trace=True, site=site)["traced"]
        ceiling = run_ceiling(folder, site) if cores == 2 else None
    return {
        "files": files,
        "cores": cores,
        "zfxxgk": "from a wheel" if site is not None else "as installed here",
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "machine_before": machine_before,
        "machine_after": machine_speed_up(),
        "runs": runs,
        "traced": traced,
        "ceiling": ceiling,
    }


def speed_up(figures: dict[str, Any]) -> float:
    """Reports per second with every core over one process."""
    runs = figures["runs"]
    return float(runs[1]["seconds"] / runs[max(runs)]["seconds"])


def print_figures(figures: dict[str, Any], copies: int) -> None:
    cores = figures["cores"]
    print(
        f"corpus: {figures['files']} reports ({copies} copies of each seed), {cores} cores, "
        f"zfxxgk {figures['zfxxgk']}"
    )
    print(f"load average before: {' '.join(f'{n:.2f}' for n in figures['load_before'])}")
    print(f"two busy processes over one on this machine before: {figures['machine_before']:.2f}x")
    print()
    print(
        "workers  seconds  reports/s  speed-up  first result  parent RSS  worker RSS  failed"
        "  CPU ms/report (workers + parent)"
    )
    base = None
    files = figures["files"]
    for workers, run_figures in figures["runs"].items():
        seconds = run_figures["seconds"]
        rate = files / seconds
        base = base or rate
        worker_ms = 1000 * run_figures["worker_cpu"] / files
        parent_ms = 1000 * run_figures["parent_cpu"] / files
        print(
            f"{workers:>7}  {seconds:>7.1f}  {rate:>9.1f}  {rate / base:>7.2f}x  "
            f"{run_figures['first']:>10.1f} s  {run_figures['parent_rss']:>6.0f} MiB  "
            f"{run_figures['worker_rss']:>6.0f} MiB  {run_figures['failed']:>6}  "
            f"{worker_ms:>6.2f} + {parent_ms:.2f}"
        )
    print()
    print(f"tracemalloc peak of the consuming process (workers={cores}):")
    for mark, mib in figures["traced"].items():
        print(f"  after {mark:>7} of the corpus: {mib:6.2f} MiB")
    print(f"load average after: {' '.join(f'{n:.2f}' for n in figures['load_after'])}")
    print(f"two busy processes over one on this machine after: {figures['machine_after']:.2f}x")
    if figures["ceiling"] is not None:
        print(
            "two processes parsing with parse_file over one, no parse_many "
            f"(the ceiling): {figures['ceiling']:.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=400, help="copies of each seed report")
    parser.add_argument("--repeat", type=int, default=2, help="runs per worker count")
    parser.add_argument("--wheel", action="store_true", help="zfxxgk from a wheel of this checkout")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--ceiling", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.workers, args.trace)
        return
    if args.ceiling:
        parse_ceiling(args.ceiling)
        return
    if not args.wheel:
        print_figures(measure(args.copies, args.repeat), args.copies)
        return
    with tempfile.TemporaryDirectory(prefix="zfxxgk-wheel-") as tmp:
        site = parse_speed.unpacked_wheel(Path(tmp))
        print_figures(measure(args.copies, args.repeat, site=site), args.copies)


if __name__ == "__main__":
    main()
