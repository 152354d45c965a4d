"""Compare PDF libraries on the report fixtures: speed, and how many table rows come back.

    .venv/bin/pip install pdfplumber pymupdf pypdf     # the candidates
    .venv/bin/python benchmarks/pdf_libraries.py [--repeat N]

This is how ``zfxxgk[pdf]``'s library was chosen (docs/formats.md has the result). For
each PDF in tests/fixtures/formats/ it extracts the tables with each library and compares
their rows with the rows of the same report read from its .docx fixture (exact by
construction, and with the same columns as the PDF). A row counts as read when its own
label and its numbers, in order, are all there; group labels and empty cells are not
compared, since libraries lay merged cells out differently. It also checks that the prose
comes back as Chinese text (the fixtures use the non-embedded CID font STSong-Light, whose
codes an extractor must map to Unicode through the Adobe-GB1 CMaps).

- ``pdfplumber`` (on pdfminer.six): ``Page.find_tables`` from ruling lines;
- ``pymupdf``: ``Page.find_tables``;
- ``pypdf``: text only (no table finder); its layout mode is split into cells at runs
  of two or more spaces, the best a text-only extractor can do.

A library that is not installed is skipped.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from zfxxgk._normalize import fold, is_value
from zfxxgk.sources import extract_text

FORMATS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "formats"
Rows = list[list[str]]


def signature(cells: list[str]) -> tuple[str, ...] | None:
    """A row's own label and its numbers: what must survive extraction."""
    keys = [fold(cell) for cell in cells]
    first = next((i for i, key in enumerate(keys) if key and is_value(key)), None)
    if first is None:
        return None
    label = next((key for key in reversed(keys[:first]) if key), "")
    return (label, *(key for key in keys[first:] if key))


def reference(stem: str) -> Counter[tuple[str, ...]]:
    text = extract_text((FORMATS / f"{stem}.docx").read_bytes(), filename="x.docx")
    rows = (signature(line.split("\t")) for line in text.splitlines() if "\t" in line)
    return Counter(row for row in rows if row)


def with_pdfplumber(data: bytes) -> tuple[Rows, str]:
    import pdfplumber

    rows: Rows = []
    text = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                rows += [[cell or "" for cell in row] for row in table.extract()]
            text.append(page.extract_text() or "")
    return rows, "\n".join(text)


def with_pymupdf(data: bytes) -> tuple[Rows, str]:
    import pymupdf

    rows: Rows = []
    text = []
    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        for page in pdf:
            for table in page.find_tables().tables:
                rows += [[cell or "" for cell in row] for row in table.extract()]
            text.append(page.get_text())
    return rows, "\n".join(text)


def with_pypdf(data: bytes) -> tuple[Rows, str]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    rows: Rows = []
    text = []
    for page in reader.pages:
        layout = page.extract_text(extraction_mode="layout")
        rows += [re.split(r"\s{2,}", line.strip()) for line in layout.splitlines()]
        text.append(page.extract_text())
    return rows, "\n".join(text)


LIBRARIES: dict[str, Callable[[bytes], tuple[Rows, str]]] = {
    "pdfplumber": with_pdfplumber,
    "pymupdf": with_pymupdf,
    "pypdf": with_pypdf,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per file")
    args = parser.parse_args()
    pdfs = sorted(FORMATS.glob("0??.pdf"))  # the reports, not scanned.pdf
    print(f"{len(pdfs)} PDFs, {args.repeat} runs each; rows read / rows in the report")
    for name, extract in LIBRARIES.items():
        try:
            extract(pdfs[0].read_bytes())
        except ImportError:
            print(f"{name:11} not installed, skipped")
            continue
        times, found, wanted, chinese = [], 0, 0, 0
        for pdf in pdfs:
            data = pdf.read_bytes()
            for _ in range(args.repeat):
                start = time.perf_counter()
                rows, text = extract(data)
                times.append(time.perf_counter() - start)
            want = reference(pdf.stem[:3])
            got = Counter(row for row in map(signature, rows) if row)
            found += sum((want & got).values())
            wanted += sum(want.values())
            chinese += "主动公开政府信息情况" in fold(text)
        print(
            f"{name:11} {statistics.median(times) * 1000:7.1f} ms/report (median)  "
            f"rows {found}/{wanted} ({found / wanted:.0%})  "
            f"Chinese prose read back in {chinese}/{len(pdfs)}"
        )


if __name__ == "__main__":
    main()
