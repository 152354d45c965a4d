"""How fast zfxxgk reads reports as published: HTML pages, .docx and PDF, beside text.

    python benchmarks/formats_speed.py            # needs zfxxgk[all]
    python benchmarks/formats_speed.py --rounds 10

For each format, the five seed reports as written by tests/fixtures/make_fixtures.py
(tests/fixtures/formats/) are parsed from bytes in memory with ``zfxxgk.parse_bytes``;
the plain-text rate is ``zfxxgk.parse_bytes`` over the seeds' own .txt files. Prints
reports (pages) per CPU-second, best of interleaved rounds, each format's time per report
as a multiple of the text path's for the same reports ("x text"), its extraction part
(``zfxxgk.sources.extract_text``), and beside it the format library's own cost on the same
files ("library": lxml parsing the page, python-docx's ``Document()`` opening the file,
pdfplumber's own ``extract_tables()`` on every page; for text, the NFKC + regex floor of
``parse_speed.py``) with zfxxgk's time as a multiple of that cost plus the text path's
("x (lib+text)"). CPU time (``time.process_time``), not the wall clock: on a shared machine
the wall clock counts the time other processes hold the CPU. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import io
import re
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import zfxxgk
from zfxxgk.sources import extract_text

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
FORMATS = {
    "text (.txt)": sorted(FIXTURES.glob("*.txt")),
    "HTML portal page": sorted((FIXTURES / "formats").glob("0??.html")),
    "HTML, bare report": sorted((FIXTURES / "formats").glob("0??.bare.html")),
    "HTML, GB18030": sorted((FIXTURES / "formats").glob("0??.gb18030.html")),
    "Word .docx": sorted((FIXTURES / "formats").glob("0??.docx")),
    "PDF (3 pages)": sorted((FIXTURES / "formats").glob("0??.pdf")),
}


_TOKENS = re.compile(r"\d+(?:\.\d+)?|[^\s\d]+")


def _floor(data: bytes, filename: str) -> object:
    return _TOKENS.findall(unicodedata.normalize("NFKC", data.decode("utf-8")))


def _lxml(data: bytes, filename: str) -> object:
    from lxml import etree

    return etree.fromstring(data, etree.HTMLParser())


def _docx(data: bytes, filename: str) -> object:
    import docx

    return docx.Document(io.BytesIO(data))


def _pdfplumber(data: bytes, filename: str) -> object:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_tables() for page in pdf.pages]


#: Each format's library alone, on the same files.
LIBRARIES: dict[str, Callable[[bytes, str], object]] = {
    "text (.txt)": _floor,
    "HTML portal page": _lxml,
    "HTML, bare report": _lxml,
    "HTML, GB18030": _lxml,
    "Word .docx": _docx,
    "PDF (3 pages)": _pdfplumber,
}


def best_seconds(blobs: list[tuple[bytes, str]], run: object, rounds: int) -> float:
    """The best time over ``rounds`` for one pass over all the files."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for data, name in blobs:
            run(data, filename=name)  # type: ignore[operator]
        best = min(best, time.process_time() - started)
    return best


def measure(rounds: int) -> dict[str, tuple[int, float, float, float]]:
    """Per format: (reports, seconds per report for parse_bytes, of which extraction, the
    format library alone)."""
    loaded = {
        label: [(path.read_bytes(), path.name) for path in paths]
        for label, paths in FORMATS.items()
    }
    for blobs in loaded.values():  # warm up: grammars built, libraries imported
        for data, name in blobs:
            zfxxgk.parse_bytes(data, filename=name)
    parse_times = {label: float("inf") for label in loaded}
    extract_times = {label: float("inf") for label in loaded}
    library_times = {label: float("inf") for label in loaded}
    for _ in range(rounds):  # interleaved, so that a change in load favours no format
        for label, blobs in loaded.items():
            parse_times[label] = min(parse_times[label], best_seconds(blobs, zfxxgk.parse_bytes, 1))
            extract_times[label] = min(extract_times[label], best_seconds(blobs, extract_text, 1))
            library_times[label] = min(
                library_times[label], best_seconds(blobs, LIBRARIES[label], 1)
            )
    return {
        label: (
            len(blobs),
            parse_times[label] / len(blobs),
            extract_times[label] / len(blobs),
            library_times[label] / len(blobs),
        )
        for label, blobs in loaded.items()
    }


def print_table(figures: dict[str, tuple[int, float, float, float]]) -> None:
    text_time = figures["text (.txt)"][1]
    print(
        f"{'format':20} {'reports/s':>10} {'x text':>8} {'ms/report':>10} {'extract':>9} "
        f"{'library':>9} {'x (lib+text)':>13}"
    )
    for label, (_, per_report, extract, library) in figures.items():
        base = library + (text_time if label != "text (.txt)" else 0)
        print(
            f"{label:20} {1 / per_report:10.1f} {per_report / text_time:7.2f}x "
            f"{per_report * 1000:10.2f} {extract * 1000:7.2f}ms {library * 1000:7.2f}ms "
            f"{per_report / base:12.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print_table(measure(args.rounds))


if __name__ == "__main__":
    main()
