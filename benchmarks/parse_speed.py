"""How fast zfxxgk parses, against the floor of one NFKC + regex tokenizing pass.

    python benchmarks/parse_speed.py            # the seed reports in tests/fixtures
    python benchmarks/parse_speed.py --rounds 50

Prints reports per CPU-second for ``zfxxgk.parse`` over the seed reports (parsers built once,
texts in memory), the same for the floor (``unicodedata.normalize("NFKC")`` plus a regex
that splits the text into numbers and words), their ratio, the same over the reports of
the differential corpus each read once (texts new to the process), peak memory while parsing,
the time ``import zfxxgk`` takes in a fresh interpreter (in the interpreter, and as the
wall clock of ``python -c "import zfxxgk"``), and the CPU time of the first parse of
each generation in a fresh interpreter. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import zfxxgk

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "tests" / "differential" / "corpus.jsonl"
_TOKENS = re.compile(r"\d+(?:\.\d+)?|[^\s\d]+")


def floor_pass(text: str) -> int:
    return len(_TOKENS.findall(unicodedata.normalize("NFKC", text)))


def rates(texts: list[str], rounds: int) -> tuple[float, float]:
    """Reports per CPU-second for zfxxgk.parse and for the floor, best of interleaved rounds.

    CPU time (``time.process_time``), not the wall clock: on a shared machine the wall
    clock counts the time other processes hold the CPU. Interleaving keeps a change in the
    machine's load (caches, frequency) from favouring either side.
    """
    best_parse = best_floor = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for text in texts:
            zfxxgk.parse(text)
        best_parse = min(best_parse, time.process_time() - started)
        started = time.process_time()
        for text in texts:
            floor_pass(text)
        best_floor = min(best_floor, time.process_time() - started)
    return len(texts) / best_parse, len(texts) / best_floor


def stream_rates(texts: list[str]) -> tuple[float, float]:
    """Reports per CPU-second over ``texts`` read once each, as a stream of new reports is.

    The seeds are read again and again, so whatever zfxxgk keeps between calls (compiled
    patterns, cleaned labels) is always at hand there; here each text is new to the
    process.
    """
    started = time.process_time()
    for text in texts:
        zfxxgk.parse(text)
    parsed = time.process_time() - started
    started = time.process_time()
    for text in texts:
        floor_pass(text)
    floor = time.process_time() - started
    return len(texts) / parsed, len(texts) / floor


def import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import zfxxgk; print(time.perf_counter() - t)"
    runs = [float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(5)]
    return min(runs)


def import_wall_clock(runs: int = 9) -> tuple[float, float]:
    """Median wall-clock seconds of ``python -c "import zfxxgk"`` and of ``python -c pass``.

    The difference is what ``import zfxxgk`` adds to a command's start-up.
    """

    def median_of(code: str) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    return median_of("import zfxxgk"), median_of("pass")


# A fresh interpreter: CPU time (time.process_time) of `import zfxxgk`, then of parsing the
# texts named on the command line, and whether each parser came from the shipped tables
# (Lark.load names the source of what it loads "<deserialized>") or was built in memory.
_FIRST_PARSES = """
import json, sys, time
started = time.process_time()
import zfxxgk
imported = time.process_time()
for path in sys.argv[1:]:
    zfxxgk.parse(open(path, encoding="utf-8").read())
parsed = time.process_time()
from zfxxgk._grammar import parser_for
print(json.dumps({
    "import": imported - started,
    "parses": parsed - imported,
    "tables": all(parser_for(g).source_path == "<deserialized>" for g in ("2019", "2021")),
    "module": zfxxgk.__file__,
}))
"""


def one_seed_per_generation() -> list[Path]:
    """The first seed report of each template generation."""
    firsts: dict[str, Path] = {}
    for path in sorted(FIXTURES.glob("*.txt")):
        generation = zfxxgk.parse(path.read_text(encoding="utf-8")).generation
        firsts.setdefault(generation, path)
    return [firsts[generation] for generation in sorted(firsts)]


def unpacked_wheel(folder: Path) -> Path:
    """A wheel built from this checkout (as pip builds it), unpacked into ``folder``."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(folder),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = folder.glob("zfxxgk-*.whl")
    site = folder / "site"
    zipfile.ZipFile(wheel).extractall(site)
    return site


def first_parses(runs: int = 5, site: Path | None = None) -> list[dict[str, Any]]:
    """``_FIRST_PARSES`` in ``runs`` fresh interpreters, one seed of each generation.

    ``site``, when given, goes first on PYTHONPATH (an unpacked wheel, say).
    """
    env = dict(os.environ)
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    seeds = [str(path) for path in one_seed_per_generation()]
    command = [sys.executable, "-c", _FIRST_PARSES, *seeds]
    return [json.loads(subprocess.check_output(command, env=env)) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    zfxxgk.parse(texts[0])  # build both parsers before timing
    zfxxgk.parse(texts[1])
    started = time.perf_counter()
    # The differential corpus's reports (generated, damaged, real), before any is read.
    cases = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    stream = [case["text"] for case in cases if "report" in case]
    stream_rate, stream_floor = stream_rates(stream)
    zfxxgk_rate, floor_rate = rates(texts, args.rounds)
    tracemalloc.start()
    for text in texts:
        zfxxgk.parse(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"reports:            {len(texts)} seed reports, best of {args.rounds} rounds")
    print(f"zfxxgk.parse:       {zfxxgk_rate:8.0f} reports/s (CPU time)")
    print(f"NFKC + regex floor: {floor_rate:8.0f} reports/s (CPU time)")
    print(f"ratio to floor:     {floor_rate / zfxxgk_rate:8.1f}x")
    print(
        f"new texts:          {stream_rate:8.0f} reports/s, floor {stream_floor:.0f}, ratio "
        f"{stream_floor / stream_rate:.1f}x ({len(stream)} reports of the differential "
        "corpus, each read once)"
    )
    print(f"peak memory:        {peak / 1024:8.0f} KiB (tracemalloc, one pass over the seeds)")
    print(f"import zfxxgk:      {import_seconds() * 1000:8.1f} ms (fresh interpreter, best of 5)")
    with_import, bare = import_wall_clock()
    print(
        f"python -c 'import zfxxgk': {with_import * 1000:.0f} ms wall clock, "
        f"'pass' {bare * 1000:.0f} ms (median of 9)"
    )
    first = first_parses()
    print(
        f"first parses:       {statistics.median(f['parses'] for f in first):8.3f} CPU-s "
        f"(fresh interpreter, one seed of each generation, median of {len(first)}, "
        f"{'shipped tables' if first[0]['tables'] else 'parsers built in memory'})"
    )
    print(f"benchmark took:     {time.perf_counter() - started:8.1f} s")


if __name__ == "__main__":
    main()
