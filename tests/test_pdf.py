"""PDFs: hostile and damaged files fail fast with a ParseError, and real layouts read.

The hostile PDFs are written here by hand (a few objects and one content stream), so that
each is exactly the case it names; each is parsed in a subprocess with a time and memory
limit, so that a hang or a runaway fails the test instead of the machine.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zfxxgk
from zfxxgk.sources import _pdf

from .conftest import FIXTURES, SEEDS, fixture_maker, mismatches, truth_of

PDFS = sorted((FIXTURES / "formats").glob("0*.pdf")) + sorted((FIXTURES / "corpus").glob("*.pdf"))


# ---- a PDF written by hand ------------------------------------------------------------


class Deflated(bytes):
    """Content already compressed (a stream too large to hold unpacked)."""


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    body = data if isinstance(data, Deflated) else zlib.compress(data, 9)
    return b"<< /Filter /FlateDecode %s/Length %d >>\nstream\n%s\nendstream" % (
        extra,
        len(body),
        body,
    )


def _deflated_spaces(size: int) -> Deflated:
    pack = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(pack.compress(chunk) for _ in range(size >> 20)) + pack.flush()
    return Deflated(body)


def handmade_pdf(pages: list[bytes], forms: dict[bytes, bytes] | None = None) -> bytes:
    """A PDF of ``pages`` (one content stream each) in Helvetica, with form XObjects
    ``forms`` (name -> content) every page may draw with ``/name Do``."""
    forms = forms or {}
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font "]
    objects[2] += b"/Subtype /Type1 /BaseFont /Helvetica >>"
    form_refs = b""
    for name, content in forms.items():
        objects.append(_stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "))
        form_refs += b"/%s %d 0 R " % (name, len(objects))
    resources = b"<< /Font << /F1 3 0 R >> /XObject << %s>> >>" % form_refs
    kids = []
    for content in pages:
        objects.append(_stream(content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s "
            b"/Contents %d 0 R >>" % (resources, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _text_objects(count: int) -> bytes:
    return b"".join(
        b"BT /F1 8 Tf %d %d Td (%d) Tj ET\n" % (20 + i % 50 * 11, 20 + i // 50 % 80 * 10, i % 10)
        for i in range(count)
    )


# ---- hostile files: each a ParseError naming its limit, fast and small ----------------

_RUNNER = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
import zfxxgk
start = time.process_time()
try:
    zfxxgk.parse_bytes(open(sys.argv[1], "rb").read(), filename="hostile.pdf")
    outcome = "parsed"
except zfxxgk.ParseError as error:
    outcome = "ParseError: " + str(error)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "cpu": time.process_time() - start, "peak_kb": peak}))
"""


def _parse_in_a_box(data: bytes, tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "hostile.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(path)],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


HOSTILE = {
    # a million text objects (about 2 MB of file)
    "text_objects": (lambda: handmade_pdf([_text_objects(1_000_000)]), "MAX_PAGE_CONTENT"),
    # under the content limit, over the text objects limit
    "text_objects_small": (lambda: handmade_pdf([b"BT ET\n" * 30_000]), "MAX_TEXT_OBJECTS"),
    # one string of a million characters
    "one_long_string": (
        lambda: handmade_pdf([b"BT /F1 1 Tf 10 10 Td (" + b"a" * 1_000_000 + b") Tj ET"]),
        "MAX_CHARS",
    ),
    # a small Flate stream that unpacks to a gigabyte
    "flate_bomb": (lambda: handmade_pdf([_deflated_spaces(1 << 30)]), "MAX_PAGE_CONTENT"),
    # a form of 100 text objects drawn 300 times
    "form_drawn_often": (
        lambda: handmade_pdf([b"/Fm0 Do\n" * 300], {b"Fm0": _text_objects(100)}),
        "MAX_TEXT_OBJECTS",
    ),
    "pages": (lambda: handmade_pdf([b""] * (_pdf.MAX_PAGES + 1)), "MAX_PAGES"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_pdf_fails_fast_naming_the_limit(case: str, tmp_path: Path) -> None:
    make, limit = HOSTILE[case]
    result = _parse_in_a_box(make(), tmp_path)
    outcome = str(result["outcome"])
    assert outcome.startswith("ParseError"), outcome
    assert limit in outcome and "hostile.pdf" in outcome
    assert ("PDF page 1 of" in outcome) == (case != "pages")
    assert float(str(result["cpu"])) < 10


def test_a_form_drawn_once_is_read_within_the_limits() -> None:
    # A form of text drawn once is an ordinary page: its text objects count once.
    data = handmade_pdf([b"/Fm0 Do\n"], {b"Fm0": _text_objects(100)})
    text = _pdf.pdf_report(data, "x.pdf").text
    assert sorted(text.replace(" ", "")) == sorted("0123456789" * 10)


def test_the_limits_are_far_above_the_real_reports() -> None:
    # The pages of the real reports and the fixtures, scanned as the limits scan them.
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    for path in PDFS:
        document = PDFDocument(PDFParser(path.open("rb")))
        for page in PDFPage.create_pages(document):
            weight = _pdf._weight(page.contents, page.resources, 0, {})
            assert weight.content * 20 < _pdf.MAX_PAGE_CONTENT, path
            assert weight.text_objects * 50 < _pdf.MAX_TEXT_OBJECTS, path
            assert weight.chars * 5 < _pdf.MAX_CHARS, path


# ---- damaged files: every failure is a ParseError naming PDF --------------------------


def _damage(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    return bytes(damaged)


def _read_or_refuse(data: bytes) -> str:
    try:
        zfxxgk.parse_bytes(data, filename="damaged.pdf")
    except zfxxgk.ParseError as error:
        assert "PDF" in error.reason or "pdf" in error.reason, error.reason
        return error.reason
    return ""


def test_pdfs_with_a_few_bytes_changed_raise_only_parse_errors() -> None:
    # Seeded: the same 25 damaged files each run (most failed inside pdfminer before).
    rng = random.Random(14)
    reasons = [_read_or_refuse(_damage(rng.choice(PDFS).read_bytes(), rng)) for _ in range(25)]
    refused = [reason for reason in reasons if reason]
    assert len(refused) >= 10  # the damage is real: most of the files are refused
    assert any("PDF page" in reason for reason in refused)  # ... some in a page


@settings(max_examples=25)
@given(st.sampled_from(PDFS), st.randoms(use_true_random=False))
def test_damaged_pdfs_raise_only_parse_errors(path: Path, rng: random.Random) -> None:
    _read_or_refuse(_damage(path.read_bytes(), rng))


def test_a_damaged_page_names_its_page() -> None:
    page = b"BT /F1 12 Tf 72 720 Td (zfxxgk) Tj ET\n" * 60
    data = handmade_pdf([page, page, page])
    # The third page's stream names a filter no reader knows.
    at = data.rindex(b"/Filter /FlateDecode")
    data = data[:at] + b"/Filter /FlateDecodf" + data[at + 20 :]
    with pytest.raises(zfxxgk.ParseError) as raised:
        _pdf.pdf_report(data, "x.pdf")
    assert raised.value.reason.startswith("PDF page 3 of x.pdf cannot be read")
    assert "FlateDecodf" in raised.value.reason


# ---- tables as real PDFs print them -----------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_a_table_continued_without_its_header_reads_exactly(
    seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    maker = fixture_maker()
    cut = maker.split_requests

    def without_header(table: Any, split: int) -> tuple[Any, Any]:
        first, rest = cut(table, split)
        return first, rest[table.header_rows :]  # the next page goes on with the rows

    monkeypatch.setattr(maker, "split_requests", without_header)
    path = tmp_path / "report.pdf"
    maker.write_pdf(maker.read_seed(seed), path)
    text = zfxxgk.sources.extract_text(path.read_bytes(), filename="report.pdf")
    assert sum("申请人情况" in line for line in text.splitlines()) == 1  # printed once
    assert mismatches(zfxxgk.parse_file(path), truth_of(seed)) == []


def _ruled_table(cells: list[list[str]], missing: tuple[int, int] | None = None) -> bytes:
    """One page with a table drawn cell by cell, the box of cell ``missing`` not drawn."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    widths = [260.0] + [60.0] * (len(cells[0]) - 1)
    top = 760.0
    for r, row in enumerate(cells):
        x = 40.0
        for c, text in enumerate(row):
            if (r, c) != missing:
                page.rect(x, top - 20 * (r + 1), widths[c], 20)
            page.setFont("STSong-Light", 9)
            page.drawString(x + 3, top - 20 * (r + 1) + 6, text)
            x += widths[c]
    page.save()
    return buffer.getvalue()


REQUESTS = [
    ["申请人情况", "自然人", "商业企业", "总计"],
    ["一、本年新收政府信息公开申请数量", "3", "1", "4"],
    ["二、上年结转政府信息公开申请数量", "0", "2", "2"],
    ["（一）予以公开", "1", "1", "2"],
]


def test_a_ruled_table_reads_cell_by_cell() -> None:
    text = zfxxgk.sources.extract_text(_ruled_table(REQUESTS), filename="x.pdf")
    assert "二、上年结转政府信息公开申请数量\t0\t2\t2" in text.splitlines()


@pytest.mark.parametrize(
    ("row", "column", "label"), [(2, 3, "二、上年结转"), (3, 1, "（一）予以公开")]
)
def test_a_cell_box_not_drawn_is_an_error_not_a_blank(row: int, column: int, label: str) -> None:
    # The last column's box (its right side), or a box of the last row (its bottom side),
    # is not drawn: the number printed there is in no cell.
    with pytest.raises(zfxxgk.ParseError) as raised:
        zfxxgk.sources.extract_text(_ruled_table(REQUESTS, (row, column)), filename="x.pdf")
    assert f"(PDF page 1, table 1, row {row + 1})" in raised.value.reason
    assert "a cell is missing" in raised.value.reason
    assert raised.value.where.startswith(f"表三 {label}")


def test_a_header_cell_box_not_drawn_is_an_empty_header_cell() -> None:
    # A header position with no box (as a real 表二 prints its corner) is harmless.
    text = zfxxgk.sources.extract_text(_ruled_table(REQUESTS, (0, 0)), filename="x.pdf")
    assert "一、本年新收政府信息公开申请数量\t3\t1\t4" in text.splitlines()


def test_pdfs_parsed_in_threads_read_as_in_one() -> None:
    # pdfium is one state per process: calls into it take turns, so threads are safe.
    from concurrent.futures import ThreadPoolExecutor

    expected = [zfxxgk.parse_file(path) for path in PDFS]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(zfxxgk.parse_file, PDFS * 2)) == expected * 2


_DAMAGED_PDFS = """
import logging, random, sys
import zfxxgk
if sys.argv[1] == "logging":
    logging.basicConfig(level=logging.WARNING)
data = open(sys.argv[2], "rb").read()
rnd = random.Random(3)
for _ in range(30):
    damaged = bytearray(data)
    for _ in range(5):
        damaged[rnd.randrange(len(damaged))] = rnd.randrange(256)
    try:
        zfxxgk.parse_bytes(bytes(damaged))
    except zfxxgk.ParseError:
        pass
"""


def test_pdfminer_warnings_stay_off_stderr_unless_logging_is_set_up() -> None:
    def stderr(mode: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", _DAMAGED_PDFS, mode, str(FIXTURES / "formats" / "001.pdf")],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stderr

    assert "WARNING:pdfminer" in stderr("logging")  # the damage makes pdfminer warn
    assert stderr("quiet") == ""
