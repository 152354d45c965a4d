"""Fuzzing every source format: a damaged file is a report or a ``ParseError``, nothing else.

Hypothesis mutates every fixture of every format (tests/fixtures/formats: HTML, .docx,
PDF; tests/fixtures/corpus: real HTML and PDF reports; the seed texts): bytes flipped,
inserted, deleted, the file cut short, markup tokens put in; for a .docx also the XML
inside the zip (attribute values, element names, elements dropped or doubled) and the
package zipped again. ``parse_bytes`` must return a report or raise ``ParseError``: a
library's own exception (``MissingExtraError`` too: every extra is installed in the
tests), a hang (30 s an example) or a crash fails the test.

The CI profile (CI=true) runs 2,000 and more examples in all, PDFs fewer since each takes
a third of a second; ``pytest -s`` prints each test's outcomes.
"""

from __future__ import annotations

import io
import signal
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from zfxxgk import ParseError
from zfxxgk.sources import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(
    [
        *FIXTURES.glob("*.txt"),
        *(FIXTURES / "formats").glob("*.*"),
        *(FIXTURES / "corpus").glob("*.*"),
    ]
)
FILES = [path for path in FILES if path.suffix in (".txt", ".html", ".docx", ".pdf")]
_CI = settings.default.max_examples >= 200
#: Examples per test in the CI profile (2,000 and more in all) and locally (a quick look).
EXAMPLES = {
    "text": 700,
    "html": 600,
    "docx-bytes": 250,
    "docx-xml": 400,
    "pdf": 60,
}
_SECONDS_AN_EXAMPLE = 30

# Markup a mutation puts in: spans, table structure, encodings, and what readers trip on.
_TOKENS = [
    b'colspan="1000"',
    b'rowspan="0"',
    b'colspan="-1"',
    b'rowspan="65535"',
    b"<table>",
    b"</table>",
    b"<tr>",
    b"<td>",
    b"</td>",
    b"<![CDATA[",
    b"<!--",
    b'<meta charset="utf-16">',
    b'<meta charset="x-unknown">',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"\xff",
    b"\t",
    b"\n",
    b"\xe3\x80\x80",
    "（三）".encode(),
    "本年新收".encode(),
    b"%PDF-1.4",
    b"obj",
    b"endobj",
    b"stream",
    b"/Length 999999",
    b"R",
    b"PK\x03\x04",
]
_VALUES = ["", "two", "-1", "0", "1", "12", "100000000", "²", "restart", "continue", "x" * 300]
_TAGS = ["p", "r", "t", "tc", "tr", "tbl", "gridSpan", "vMerge", "numPr", "ilvl", "body", "lvl"]
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

positions = st.integers(min_value=0, max_value=2**31)
byte_edits = st.one_of(
    st.tuples(st.just("flip"), positions, st.integers(1, 255)),
    st.tuples(st.just("insert"), positions, st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("token"), positions, st.sampled_from(_TOKENS)),
    st.tuples(st.just("delete"), positions, st.integers(1, 256)),
    st.tuples(st.just("truncate"), positions, st.just(0)),
    st.tuples(st.just("repeat"), positions, st.integers(1, 4096)),
)


def mutate_bytes(data: bytes, edits: list[tuple[str, int, object]]) -> bytes:
    """Apply byte edits, each at a position taken modulo the data's length."""
    out = bytearray(data)
    for kind, where, arg in edits:
        at = where % (len(out) + 1)
        if kind == "flip" and at < len(out):
            out[at] ^= int(str(arg))
        elif kind in ("insert", "token"):
            assert isinstance(arg, bytes)
            out[at:at] = arg
        elif kind == "delete":
            del out[at : at + int(str(arg))]
        elif kind == "truncate":
            del out[at:]
        elif kind == "repeat":
            out[at:at] = out[at : at + int(str(arg))]
    return bytes(out)


def _of(*suffixes: str) -> list[Path]:
    return [path for path in FILES if path.suffix in suffixes]


class _TooSlow(Exception):
    pass


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail an example that runs too long (a hang), rather than the whole test run."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise _TooSlow(f"an example ran past {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(data: bytes, filename: str, outcomes: Counter[str]) -> None:
    """``parse_bytes`` gives a report or a ParseError; anything else fails the test."""
    try:
        with _deadline(_SECONDS_AN_EXAMPLE):
            parse_bytes(data, filename=filename)
    except ParseError as error:
        # The net under the readers names the library's exception: count those apart.
        net = error.reason.partition(" could not be read as ")[2]
        outcomes[f"ParseError (net: {net.split()[1].strip('(:')})" if net else "ParseError"] += 1
        return
    outcomes["parsed"] += 1


def _settings(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    examples = EXAMPLES[name] if _CI else max(3, EXAMPLES[name] // 40)
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _report(name: str, outcomes: Counter[str]) -> None:
    print(f"\n{name}: {sum(outcomes.values())} examples: {dict(outcomes.most_common())}")


def test_the_fuzz_covers_every_format_and_2000_examples() -> None:
    assert {path.suffix for path in FILES} == {".txt", ".html", ".docx", ".pdf"}
    assert len(_of(".html")) >= 10 and len(_of(".pdf")) >= 6 and len(_of(".docx")) == 5
    assert sum(EXAMPLES.values()) >= 2000


@pytest.mark.parametrize("kind", ["text", "html", "docx-bytes", "pdf"])
def test_damaged_bytes_are_a_report_or_a_parse_error(kind: str) -> None:
    suffixes = {"text": (".txt",), "html": (".html",), "docx-bytes": (".docx",), "pdf": (".pdf",)}
    paths = _of(*suffixes[kind])
    outcomes: Counter[str] = Counter()

    @_settings(kind)
    @given(path=st.sampled_from(paths), edits=st.lists(byte_edits, min_size=1, max_size=4))
    def damaged(path: Path, edits: list[tuple[str, int, object]]) -> None:
        check(mutate_bytes(_read(path), edits), path.name, outcomes)

    damaged()
    _report(kind, outcomes)


@cache
def _read(path: Path) -> bytes:
    return path.read_bytes()


@cache
def _parts(path: Path) -> tuple[tuple[str, bytes], ...]:
    package = zipfile.ZipFile(path)
    return tuple((member.filename, package.read(member)) for member in package.infolist())


_XML_PARTS = [
    "word/document.xml",
    "word/document.xml",
    "word/document.xml",
    "word/numbering.xml",
    "word/styles.xml",
    "[Content_Types].xml",
    "_rels/.rels",
    "word/_rels/document.xml.rels",
]
xml_edits = st.one_of(
    st.tuples(st.just("attribute"), positions, st.sampled_from(_VALUES)),
    st.tuples(st.just("rename"), positions, st.sampled_from(_TAGS)),
    st.tuples(st.just("drop"), positions, st.just("")),
    st.tuples(st.just("double"), positions, st.just("")),
    st.tuples(st.just("text"), positions, st.sampled_from(_VALUES)),
)


def mutate_xml(xml: bytes, edits: list[tuple[str, int, str]]) -> bytes:
    """Edit a part's XML: an attribute's value, an element's name, an element dropped or
    doubled, an element's text; each on the element at a position modulo their count."""
    root = etree.fromstring(xml)
    for kind, where, arg in edits:
        elements = list(root.iter())
        element = elements[where % len(elements)]
        parent = element.getparent()
        if kind == "attribute":
            names = list(element.attrib) or [_W + "val"]
            element.set(names[where % len(names)], arg)
        elif kind == "rename":
            element.tag = _W + arg
        elif kind == "drop" and parent is not None:
            parent.remove(element)
        elif kind == "double" and parent is not None:
            element.addnext(etree.fromstring(etree.tostring(element)))
        elif kind == "text":
            element.text = arg
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def test_damaged_docx_xml_is_a_report_or_a_parse_error() -> None:
    outcomes: Counter[str] = Counter()

    @_settings("docx-xml")
    @given(
        path=st.sampled_from(_of(".docx")),
        part=st.sampled_from(_XML_PARTS),
        edits=st.lists(xml_edits, min_size=1, max_size=4),
    )
    def damaged(path: Path, part: str, edits: list[tuple[str, int, str]]) -> None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
            for name, data in _parts(path):
                package.writestr(name, mutate_xml(data, edits) if name == part else data)
        check(out.getvalue(), path.name, outcomes)

    damaged()
    _report("docx-xml", outcomes)
