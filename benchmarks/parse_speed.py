"""How fast zfxxgk parses, against the floor of one NFKC + regex tokenizing pass.

    python benchmarks/parse_speed.py            # the seed reports in tests/fixtures
    python benchmarks/parse_speed.py --rounds 50

Prints reports per second for ``zfxxgk.parse`` over the seed reports (parsers built once,
texts in memory), the same for the floor (``unicodedata.normalize("NFKC")`` plus a regex
that splits the text into numbers and words), their ratio, peak memory while parsing,
and the time ``import zfxxgk`` takes in a fresh interpreter. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
import tracemalloc
import unicodedata
from pathlib import Path

import zfxxgk

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
_TOKENS = re.compile(r"\d+(?:\.\d+)?|[^\s\d]+")


def floor_pass(text: str) -> int:
    return len(_TOKENS.findall(unicodedata.normalize("NFKC", text)))


def rates(texts: list[str], rounds: int) -> tuple[float, float]:
    """Reports per second for zfxxgk.parse and for the floor, best of interleaved rounds.

    Interleaving keeps a change in the machine's load from favouring either side.
    """
    best_parse = best_floor = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            zfxxgk.parse(text)
        best_parse = min(best_parse, time.perf_counter() - started)
        started = time.perf_counter()
        for text in texts:
            floor_pass(text)
        best_floor = min(best_floor, time.perf_counter() - started)
    return len(texts) / best_parse, len(texts) / best_floor


def import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import zfxxgk; print(time.perf_counter() - t)"
    runs = [float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(5)]
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    zfxxgk.parse(texts[0])  # build both parsers before timing
    zfxxgk.parse(texts[1])
    started = time.perf_counter()
    zfxxgk_rate, floor_rate = rates(texts, args.rounds)
    tracemalloc.start()
    for text in texts:
        zfxxgk.parse(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"reports:            {len(texts)} seed reports, best of {args.rounds} rounds")
    print(f"zfxxgk.parse:       {zfxxgk_rate:8.0f} reports/s")
    print(f"NFKC + regex floor: {floor_rate:8.0f} reports/s")
    print(f"ratio to floor:     {floor_rate / zfxxgk_rate:8.1f}x")
    print(f"peak memory:        {peak / 1024:8.0f} KiB (tracemalloc, one pass over the seeds)")
    print(f"import zfxxgk:      {import_seconds() * 1000:8.1f} ms (fresh interpreter, best of 5)")
    print(f"benchmark took:     {time.perf_counter() - started:8.1f} s")


if __name__ == "__main__":
    main()
