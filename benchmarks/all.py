"""Every speed figure of zfxxgk in one run, with the machine's load.

    python benchmarks/all.py                # needs zfxxgk[all]; about a minute on 2 cores
    python benchmarks/all.py --copies 100   # a smaller batch corpus (500 reports)
    python benchmarks/all.py --no-wheel     # no wheel: cold start and batch as installed here

Prints, from the other scripts of this folder: the text path's reports/s and its ratio to
the NFKC + regex floor (parse_speed.py); the CPU time of the first parse of each generation
in a fresh interpreter, for zfxxgk as installed here and (unless ``--no-wheel``) for a
wheel built from this checkout, which ships the parse tables; ``import zfxxgk``'s time;
HTML, .docx and PDF speeds beside text, with their extraction part (formats_speed.py); and
the batch speed-up of ``parse_many`` with every core over one (batch_speed.py), from the
wheel's zfxxgk as users install it (unless ``--no-wheel``).
Figures, not assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import batch_speed
import formats_speed
import parse_speed


def load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def print_first_parses(label: str, runs: list[dict[str, Any]]) -> None:
    source = "shipped tables" if all(run["tables"] for run in runs) else "built in memory"
    parses = sorted(run["parses"] for run in runs)
    print(
        f"  {label:22} {statistics.median(parses):6.3f} CPU-s median, "
        f"{parses[0]:.3f}–{parses[-1]:.3f} over {len(runs)} runs ({source})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="rounds of the text path")
    parser.add_argument("--format-rounds", type=int, default=5, help="rounds of each format")
    parser.add_argument("--copies", type=int, default=400, help="batch: copies of each seed")
    parser.add_argument(
        "--no-wheel", action="store_true", help="no wheel: cold start and batch as installed"
    )
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {load()}")
    texts = [
        path.read_text(encoding="utf-8") for path in sorted(parse_speed.FIXTURES.glob("*.txt"))
    ]
    for text in texts:  # parsers made before timing
        parse_speed.zfxxgk.parse(text)
    rate, floor = parse_speed.rates(texts, args.rounds)
    print()
    print(f"text path ({len(texts)} seed reports, best of {args.rounds} interleaved rounds)")
    print(f"  zfxxgk.parse           {rate:8.0f} reports/s")
    print(f"  NFKC + regex floor     {floor:8.0f} reports/s")
    print(f"  ratio to the floor     {floor / rate:8.2f}x")

    print()
    print("first parse of each generation in a fresh interpreter (time.process_time)")
    print_first_parses("as installed here", parse_speed.first_parses())
    with tempfile.TemporaryDirectory(prefix="zfxxgk-wheel-") as tmp:
        site = None if args.no_wheel else parse_speed.unpacked_wheel(Path(tmp))
        if site is not None:
            print_first_parses("from a wheel", parse_speed.first_parses(site=site))
        report_the_rest(args, site)


def report_the_rest(args: argparse.Namespace, site: Path | None) -> None:
    """Import time, formats and the batch (from the wheel's zfxxgk when ``site``)."""
    print()
    with_import, bare = parse_speed.import_wall_clock()
    print("import zfxxgk")
    print(f"  in the interpreter     {parse_speed.import_seconds() * 1000:6.1f} ms (best of 5)")
    print(
        f"  python -c 'import zfxxgk' {with_import * 1000:.0f} ms wall clock against "
        f"{bare * 1000:.0f} ms for 'pass' (median of 9): +{(with_import - bare) * 1000:.0f} ms"
    )

    print()
    print(f"formats (seed fixtures, best of {args.format_rounds} interleaved rounds)")
    formats_speed.print_table(formats_speed.measure(args.format_rounds))

    print()
    batch = batch_speed.measure(args.copies, site=site)
    batch_speed.print_figures(batch, args.copies)
    print(f"batch speed-up, {batch['cores']} workers over 1: {batch_speed.speed_up(batch):.2f}x")
    print()
    print(f"load average at the end: {load()}")


if __name__ == "__main__":
    main()
