"""Hostile and broken files: each fails with a ``ParseError`` within a time and memory limit.

Every file is made here from a few bytes and a fixture (a page of 2,000 ``colspan="1000"``
cells, a .docx of 1.45 million empty paragraphs, a zip bomb), never checked in. Each runs
in a subprocess limited to 20 CPU-seconds and 2 GB of address space (``setrlimit``): a
hang or a memory blow-up kills the child, and the test fails saying so. Cases just under a
limit show the limits are low enough to be read within those bounds.

``python -m tests.test_hostile`` prints every case's time, peak memory and outcome.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import zfxxgk
from zfxxgk import ParseError, limits
from zfxxgk.sources import extract_text, parse_bytes

FORMATS = Path(__file__).parent / "fixtures" / "formats"
_ROOT = Path(__file__).parent.parent
_CPU_SECONDS = 20
_MEMORY_BYTES = 2 * 2**30
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# -- the hostile files -----------------------------------------------------------------


def _page(body: str) -> bytes:
    return f"<html><body><h1>2023年政府信息公开工作年度报告</h1>{body}</body></html>".encode()


def _report_row(cells: str) -> str:
    """A table that reads as the report's 表三 (its words and numbers), with ``cells``."""
    return f"<tr><td>本年新收</td><td>1</td><td>2</td><td>3</td>{cells}</tr>"


def _docx(
    body: str | bytes, *, numbering: bytes | None = None, extra: dict[str, bytes] | None = None
) -> bytes:
    """A fixture .docx with its body (and numbering, and more parts) replaced."""
    template = zipfile.ZipFile(FORMATS / "000.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for member in template.infolist():
            data = template.read(member)
            if member.filename == "word/document.xml":
                inner = body.encode() if isinstance(body, str) else body
                data = (
                    f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}">'
                    "<w:body>".encode()
                    + inner
                    + b"</w:body></w:document>"
                )
            elif member.filename == "word/numbering.xml" and numbering is not None:
                data = numbering
            package.writestr(member.filename, data)
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return out.getvalue()


def _numbered_docx(ilvl: str, level: str = "0") -> bytes:
    """A .docx whose list definition has level ``ilvl``; one paragraph at ``level``."""
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{_W}">'
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    ).encode()
    body = (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>总体情况</w:t></w:r></w:p>"
    )
    return _docx(body, numbering=numbering)


def _cell(span: str = "", merge: str = "", text: str = "1") -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span else "") + merge
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _docx_table(rows: Iterator[str] | list[str]) -> str:
    first = "<w:tr>" + _cell(text="本年新收") + _cell() + _cell() + _cell() + "</w:tr>"
    return "<w:tbl>" + first + "".join(rows) + "</w:tbl>"


def _zip_bomb() -> bytes:
    """A .docx whose one extra part unzips from about 300 KB to 300 MB of zeros."""
    out = io.BytesIO(_docx("<w:p/>"))
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as package,
        package.open("word/media/image1.png", "w", force_zip64=True) as part,
    ):
        block = bytes(2**20)
        for _ in range(300):
            part.write(block)
    return out.getvalue()


def _many_members(count: int) -> bytes:
    out = io.BytesIO(_docx("<w:p/>"))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_STORED) as package:
        for index in range(count):
            package.writestr(f"m/{index}", b"")
    return out.getvalue()


#: Each case: the bytes, and a word its ParseError's message must hold (the limit or the
#: damage it names).
CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    # An 83 KB page: 2,000 cells of colspan 1000 in one row of a report table.
    "html: 2,000 cells colspan=1000": (
        lambda: _page("<table>" + _report_row('<td colspan="1000">1</td>' * 2000) + "</table>"),
        "columns",
    ),
    "html: rowspan=65534 on 1,000 rows": (
        lambda: _page(
            "<table>" + _report_row("") + '<tr><td rowspan="65534">1</td></tr>' * 1000 + "</table>"
        ),
        "cells",
    ),
    "html: 20,000 rows": (
        lambda: _page("<table>" + _report_row("") * 20_000 + "</table>"),
        "rows",
    ),
    "html: 3 million elements": (lambda: _page("<p>" * 3_000_000), "tags"),
    "html: 2 million characters of text": (lambda: _page("<p>" + "一" * 2_000_000), "characters"),
    "html: 30 million characters in 300,000 lines": (
        lambda: _page(
            "<table><tr><td>" + ("<br>" + "本年新收 1 2 3 " * 8) * 300_000 + "</td></tr></table>"
        ),
        "characters",
    ),
    "html: 200 tables of 1,000 x 200 cells": (
        lambda: _page(
            "<p>一、总体情况</p><table>"
            + _report_row("")
            + "</table>"
            + ("<table>" + '<tr><td colspan="999">x</td><td>y</td></tr>' * 200 + "</table>") * 200
        ),
        "document",
    ),
    # Just under the limits: read (and found no report, or a broken one) in time.
    "html: 490,000 elements (under the limit)": (
        lambda: _page("<div>" + "<p>1</p>" * 245_000 + "</div>"),
        "found no annual report",
    ),
    "html: a table of 1,000 x 199 cells (under the limit)": (
        lambda: _page(
            "<table>"
            + _report_row("")
            + ('<tr><td colspan="996">本年新收</td><td>1</td><td>2</td><td>3</td></tr>') * 198
            + "</table>"
        ),
        "",
    ),
    "docx: gridSpan=100000000": (
        lambda: _docx(_docx_table([f"<w:tr>{_cell('100000000')}</w:tr>"])),
        "columns",
    ),
    "docx: vMerge over 9,000 rows of gridSpan 1000": (
        lambda: _docx(
            _docx_table(
                ["<w:tr>" + _cell("1000", '<w:vMerge w:val="restart"/>') + "</w:tr>"]
                + [f"<w:tr>{_cell('1000', '<w:vMerge/>')}</w:tr>"] * 8_999
            )
        ),
        "cells",
    ),
    "docx: 20,000 rows": (
        lambda: _docx(_docx_table([f"<w:tr>{_cell()}{_cell()}</w:tr>"] * 20_000)),
        "rows",
    ),
    "docx: 1.45 million empty paragraphs": (lambda: _docx("<w:p/>" * 1_450_000), "elements"),
    "docx: 490,000 empty paragraphs (under the limit)": (
        lambda: _docx("<w:p/>" * 490_000),
        "empty",
    ),
    "docx: zip bomb (300 MB of zeros)": (_zip_bomb, "unzips"),
    "docx: 20 MB of XML in a part": (
        lambda: _docx(
            "<w:p/>", extra={"word/glossary.xml": b"<a>" + b"<b/>" * 5_000_000 + b"</a>"}
        ),
        "XML",
    ),
    "docx: 20 MB of XML under another name": (
        lambda: _docx("<w:p/>", extra={"word/x.bin": b"<a>" + b"<b/>" * 5_000_000 + b"</a>"}),
        "XML",
    ),
    "docx: 20,000 parts": (lambda: _many_members(20_000), "files"),
    "text: one line of 40 MB": (lambda: b"1 " * 20_000_000, "bytes"),
    "text: one line of a million characters (under the limit)": (
        lambda: b"1 " * 499_999,
        "not an annual report",
    ),
    "any: 70 MB": (lambda: b"%PDF-1.4\n" + bytes(70 * 2**20), "bytes"),
}

#: The child process: build the case's file, parse it, print what happened as JSON.
_CHILD = """
import json, resource, sys, time
from tests.test_hostile import CASES
data = CASES[sys.argv[1]][0]()
start = time.process_time()
try:
    from zfxxgk.sources import parse_bytes
    parse_bytes(data, filename=sys.argv[2])
    outcome, message = "parsed", ""
except Exception as error:
    outcome, message = type(error).__name__, str(error)
print(json.dumps({
    "outcome": outcome, "message": message, "seconds": time.process_time() - start,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "size": len(data),
}))
"""


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (_CPU_SECONDS, _CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_BYTES, _MEMORY_BYTES))


def run_case(name: str) -> dict[str, object]:
    """Run one case in a child limited to 20 CPU-seconds and 2 GB; what it printed."""
    filename = "report.docx" if name.startswith("docx") else "report.txt"
    if name.startswith("html"):
        filename = "report.html"
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, name, filename],
        cwd=_ROOT,
        capture_output=True,
        text=True,
        preexec_fn=_limit,
        timeout=120,  # wall clock, on a busy machine: the CPU limit is the real bound
        env={**os.environ, "PYTHONPATH": str(_ROOT)},
    )
    if done.returncode != 0 or not done.stdout.strip():
        return {"outcome": f"died ({done.returncode})", "message": done.stderr[-2000:]}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_file_is_a_parse_error_in_bounded_time_and_memory(name: str) -> None:
    result = run_case(name)
    assert result["outcome"] == "ParseError", result
    assert CASES[name][1] in str(result["message"]), result


# -- library failures on damaged files: ParseError, saying what and where ----------------


def _raises(data: bytes, filename: str | None = None) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_bytes(data, filename=filename)
    return caught.value


def test_a_bad_byte_after_a_bom_is_a_parse_error_saying_where() -> None:
    error = _raises(b"\xef\xbb\xbf\xff")
    assert "UTF-8" in error.reason and "byte 4" in error.reason
    error = _raises(b"\xef\xbb\xbf\xe4\xb8\x80\n\xe4\xb8\x80\xff")
    assert (error.line, error.column) == (2, 2)
    assert "UTF-16" in _raises(b"\xff\xfe\x00\xd8").reason


def test_a_span_that_is_no_number_names_the_part() -> None:
    error = _raises(_docx(_docx_table([f"<w:tr>{_cell('two')}</w:tr>"])))
    assert "word/document.xml" in error.reason and "“two”" in error.reason
    error = _raises(_docx(_docx_table(['<w:tr><w:trPr><w:gridBefore w:val="x"/></w:trPr></w:tr>'])))
    assert "gridBefore" in error.reason


@pytest.mark.parametrize(("ilvl", "found"), [("one", "“one”"), ("12", "level 12"), ("²", "“²”")])
def test_a_list_level_that_is_no_word_level_names_the_part(ilvl: str, found: str) -> None:
    error = _raises(_numbered_docx(ilvl, level=ilvl))
    assert "word/numbering.xml" in error.reason and found in error.reason


def test_a_paragraph_list_level_that_is_no_number_is_read_as_level_0() -> None:
    # The paragraph's own w:ilvl is read as Word reads it; only the list's definition
    # (in numbering.xml) is checked, since a wrong number there changes every label.
    assert extract_text(_numbered_docx("0", level="one")) == "一、 总体情况"  # a tab: a space


def test_a_damaged_zip_is_a_parse_error() -> None:
    whole = (FORMATS / "000.docx").read_bytes()
    for cut in (100, len(whole) // 2, len(whole) - 10):
        error = _raises(whole[:cut])
        assert ".docx" in error.reason
    error = _raises(_docx("<w:p>"))  # XML not closed: python-docx's lxml fails
    assert "docx" in error.reason.lower()


def test_a_library_exception_is_a_parse_error_naming_the_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The net under every reader: whatever a library raises becomes a ParseError."""
    from zfxxgk.sources import _docx, _html, _pdf

    def broken(*args: object) -> None:
        raise TypeError("object of type 'PDFObjRef' has no len() on page 3")

    for module, function, fixture, named in (
        (_pdf, "pdf_report", "000.pdf", "PDF"),
        (_docx, "docx_report", "000.docx", "DOCX"),
        (_html, "html_report", "000.html", "HTML"),
    ):
        monkeypatch.setattr(module, function, broken)
        error = _raises((FORMATS / fixture).read_bytes())
        assert f"as {named} (TypeError" in error.reason and "page 3" in error.reason
    with pytest.raises(ParseError, match="as HTML"):
        zfxxgk.sources.parse_html("<table></table>")


def test_the_limits_are_far_above_the_fixtures() -> None:
    """The fixtures read as before: no real report comes near a limit."""
    for path in sorted(FORMATS.glob("*")):
        if path.name != "scanned.pdf":
            assert extract_text(path.read_bytes(), filename=path.name)
    assert limits.MAX_TABLE_COLUMNS >= 50 * 15 and limits.MAX_TABLE_ROWS >= 100 * 51


if __name__ == "__main__":  # the figures for the note: python -m tests.test_hostile
    print(f"{'case':58} {'size':>11} {'CPU s':>6} {'peak MB':>8}  outcome")
    for case in CASES:
        began = time.perf_counter()
        got = run_case(case)
        print(
            f"{case:58} {got.get('size', 0):>11,} {float(str(got.get('seconds', 0))):6.2f} "
            f"{float(str(got.get('peak_mb', 0))):8.0f}  {got['outcome']}: "
            f"{str(got['message'])[:110]}"
        )
