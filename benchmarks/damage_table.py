"""What one damaged table cell does to zfxxgk's reading, per damage kind.

    python benchmarks/damage_table.py              # 12 sites per document and kind
    python benchmarks/damage_table.py --sites 40   # more
    python benchmarks/damage_table.py -v           # and every silent reading

Every HTML and .docx fixture (tests/fixtures/formats/) and every real HTML report of
tests/fixtures/corpus/ is damaged at sites drawn with a fixed seed, with the damages of
the test harness (tests/damagekit.py, tests/test_damage_sources.py), and read with the
public API. Prints, per kind: tries, ParseError, exact (every table cell as the truth file
says), flagged (wrong, but ``zfxxgk.validate`` names the row), silent (wrong and no
finding), and how many silent ones are two cells of one row that traded values (a swap
read faithfully, which no structure can see). Figures, not assertions.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import damagekit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=12, help="sites per document and kind")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("-v", "--verbose", action="store_true", help="list silent readings")
    args = parser.parse_args()
    draw = random.Random(args.seed)
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in damagekit.KINDS}
    silent: list[str] = []
    started = time.perf_counter()
    for name, path, truth_path in damagekit.documents():
        document = damagekit.load(path)
        expected = damagekit.truth(truth_path)
        for kind in damagekit.KINDS:
            for _ in range(args.sites):
                site = draw.randrange(1000)
                damaged = document.damaged(kind, site)
                if damaged is None:
                    continue
                outcome, word = damagekit.judge(damaged, expected)
                counts[kind]["tries"] += 1
                counts[kind][outcome] += 1
                if outcome == "silent":
                    counts[kind]["swap"] += damagekit.is_swap_within_a_row(word)
                    silent.append(f"{name} {kind} site {site}: {word}")
    elapsed = time.perf_counter() - started
    columns = ("tries", "error", "exact", "flagged", "silent", "swap")
    heads = ("tries", "ParseError", "exact", "flagged", "silent", "of which swaps")
    print(f"{'damage':<13}" + "".join(f"{head:>15}" for head in heads))
    total: Counter[str] = Counter()
    for kind, count in counts.items():
        total.update(count)
        print(f"{kind:<13}" + "".join(f"{count[c]:>15}" for c in columns))
    print(f"{'all':<13}" + "".join(f"{total[c]:>15}" for c in columns))
    print(f"{total['tries']} damaged documents in {elapsed:.1f} s")
    if args.verbose:
        print("\n".join(silent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
