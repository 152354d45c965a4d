"""CPU time per PDF page: zfxxgk's PDF reader beside pdfplumber's own ``extract_tables()``.

    .venv/bin/python benchmarks/pdf_speed.py [--repeat N]

For every PDF fixture (tests/fixtures/formats/0*.pdf) and the two real PDFs of
tests/fixtures/corpus/ it prints the CPU time per page (median of N runs, one process) of:

- ``zfxxgk``: ``extract_text`` (tables, lines, limits), what ``parse_bytes`` pays for a PDF;
- ``extract_tables``: pdfplumber's own ``Page.extract_tables()`` on every page;
- ``pdfminer``: pdfminer.six interpreting the pages into characters and lines only
  (``Page.chars`` and ``Page.edges``), the floor of any pdfplumber setting, since every
  setting starts from it;
- ``pdfium``: pypdfium2 (already installed with pdfplumber) reading every character with
  its box and every path object with its bounds: the floor of a reader built on it.

The last two are not readers: they show how much of the time is the PDF library's, which
settings of the table finder cannot change.
"""

from __future__ import annotations

import argparse
import ctypes
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from zfxxgk.sources import extract_text

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
PDFS = sorted((ROOT / "formats").glob("0*.pdf")) + sorted((ROOT / "corpus").glob("*.pdf"))


def with_zfxxgk(data: bytes) -> None:
    extract_text(data, filename="report.pdf")


def with_extract_tables(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def with_pdfminer(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            _ = page.chars, page.edges


def with_pdfium(data: bytes) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    box = [ctypes.c_double() for _ in range(4)]
    document = pdfium.PdfDocument(data)
    for index in range(len(document)):
        page = document[index]
        text = page.get_textpage()
        for char in range(text.count_chars()):
            raw.FPDFText_GetUnicode(text.raw, char)
            raw.FPDFText_GetLooseCharBox(text.raw, char, raw.FS_RECTF())
            raw.FPDFText_GetCharBox(text.raw, char, *box)
        for obj in page.get_objects(max_depth=2):
            if obj.type == raw.FPDF_PAGEOBJ_PATH:
                obj.get_bounds()
        text.close()
        page.close()
    document.close()


READERS: dict[str, Callable[[bytes], None]] = {
    "zfxxgk": with_zfxxgk,
    "extract_tables": with_extract_tables,
    "pdfminer": with_pdfminer,
    "pdfium": with_pdfium,
}


def pages_of(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per file")
    args = parser.parse_args()
    print(f"CPU ms per page, median of {args.repeat} runs")
    print(f"{'file':34} {'pages':>5} " + " ".join(f"{name:>14}" for name in READERS))
    totals = dict.fromkeys(READERS, 0.0)
    all_pages = 0
    for path in PDFS:
        data = path.read_bytes()
        pages = pages_of(data)
        all_pages += pages
        row = []
        for name, read in READERS.items():
            read(data)  # warm: imports, fonts, CMaps
            times = []
            for _ in range(args.repeat):
                start = time.process_time()
                read(data)
                times.append(time.process_time() - start)
            totals[name] += statistics.median(times)
            row.append(statistics.median(times) / pages * 1000)
        print(f"{path.name:34} {pages:5} " + " ".join(f"{ms:14.1f}" for ms in row))
    print(
        f"{'all':34} {all_pages:5} "
        + " ".join(f"{totals[name] / all_pages * 1000:14.1f}" for name in READERS)
    )


if __name__ == "__main__":
    main()
