"""Damaged documents: one table cell deleted, inserted, merged, spanned, duplicated, moved
or swapped in an HTML page or a .docx, and what zfxxgk made of it.

The damages are made on the document's own tree (lxml for HTML, ``word/document.xml``
of the .docx zip for Word), as an editor, a converter or a careless hand makes them. A
*site* is an index into the cells a damage can apply to, so Hypothesis picks sites by
number and shrinks them. ``judge`` says what reading the damaged document gave:

- ``error``: a ``ParseError``;
- ``exact``: every table cell as the truth file says;
- ``flagged``: wrong cells, but ``zfxxgk.validate`` has a finding naming a wrong row;
- ``silent``: wrong cells and no finding about them — what must never happen.
"""

from __future__ import annotations

import copy
import io
import itertools
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from lxml import etree
from lxml import html as lxml_html

import zfxxgk
from zfxxgk.sources._html_decode import html_decode

from .conftest import FIXTURES, flatten, mismatches

Kind = Literal[
    "delete", "insert_empty", "merge", "merge_space", "colspan", "duplicate", "move", "swap"
]
KINDS: tuple[Kind, ...] = (
    "delete",
    "insert_empty",
    "merge",
    "merge_space",
    "colspan",
    "duplicate",
    "move",
    "swap",
)
Outcome = Literal["error", "exact", "flagged", "silent"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Words of the report's three tables: a table holding one is damaged, others are not.
_ANCHORS = ("行政许可", "规范性文件", "本年新收", "申请人情况", "行政复议")
_VALUE = re.compile(r"[增减+-]?\d[\d,.]*(?:万元|元|件)?")

FORMATS = FIXTURES / "formats"
CORPUS = FIXTURES / "corpus"


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u3000", " ").replace("\xa0", " "))


def is_value_text(text: str) -> bool:
    """A cell printing one number (as the truth files' cells are)."""
    return _VALUE.fullmatch(_key(text)) is not None


# ---- documents and their truth ----------------------------------------------------------


def documents() -> list[tuple[str, Path, Path]]:
    """Every HTML and .docx fixture and corpus HTML page: (name, document, truth file)."""
    seeds = {path.stem[:3]: path.stem for path in FIXTURES.glob("*.txt")}
    out = []
    for path in sorted(FORMATS.iterdir()):
        if path.suffix in (".html", ".docx") and path.name[:3] in seeds:
            out.append((path.name, path, FIXTURES / "truth" / f"{seeds[path.name[:3]]}.json"))
    for path in sorted(CORPUS.glob("*.html")):
        out.append((path.name, path, CORPUS / "truth" / f"{path.stem}.json"))
    return out


def truth(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


# ---- HTML ----------------------------------------------------------------------------------


class HtmlDocument:
    """A page's tree, parsed once; each damage works on a copy."""

    def __init__(self, data: bytes) -> None:
        self.root = lxml_html.document_fromstring(html_decode(data, "page"))

    def cells(self, root: Any) -> list[list[Any]]:
        rows = []
        for table in root.iter("table"):
            if any(True for _ in table.iterdescendants("table")):
                continue
            if not any(anchor in _key(table.text_content()) for anchor in _ANCHORS):
                continue
            for tr in table.iter("tr"):
                cells = [cell for cell in tr if cell.tag in ("td", "th")]
                if cells:
                    rows.append(cells)
        return rows

    def damaged(self, kind: Kind, site: int) -> str | None:
        """The page with one damage at the ``site``-th place it applies to, as a string;
        ``None`` when the page has no such place."""
        root = copy.deepcopy(self.root)
        done = _damage(
            self.cells(root),
            kind,
            site,
            text=lambda cell: cell.text_content(),
            set_text=_set_html_text,
            span=lambda cell: int(cell.get("colspan", "1") or 1),
            set_span=lambda cell, n: cell.set("colspan", str(n)),
            empty=lambda: lxml_html.Element("td"),
        )
        return lxml_html.tostring(root, encoding="unicode") if done else None


def _set_html_text(cell: Any, text: str) -> None:
    for child in list(cell):
        cell.remove(child)
    cell.text = text


# ---- .docx -------------------------------------------------------------------------------


class DocxDocument:
    """A .docx's parts, with ``word/document.xml`` parsed once."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            self.parts = [(info, package.read(info)) for info in package.infolist()]
        body = next(raw for info, raw in self.parts if info.filename == "word/document.xml")
        self.root = etree.fromstring(body)

    def cells(self, root: Any) -> list[list[Any]]:
        rows = []
        for tbl in root.iter(_W + "tbl"):
            if not any(anchor in _key("".join(tbl.itertext())) for anchor in _ANCHORS):
                continue
            for tr in tbl.iter(_W + "tr"):
                cells = [tc for tc in tr if tc.tag == _W + "tc"]
                if cells:
                    rows.append(cells)
        return rows

    def damaged(self, kind: Kind, site: int) -> bytes | None:
        root = copy.deepcopy(self.root)
        done = _damage(
            self.cells(root),
            kind,
            site,
            text=lambda tc: "".join(t.text or "" for t in tc.iter(_W + "t")),
            set_text=_set_docx_text,
            span=_grid_span,
            set_span=_set_grid_span,
            empty=lambda: etree.fromstring(f'<w:tc xmlns:w="{_W[1:-1]}"><w:p/></w:tc>'),
        )
        if not done:
            return None
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for info, raw in self.parts:
                if info.filename == "word/document.xml":
                    raw = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
                package.writestr(info, raw)
        return out.getvalue()


def _set_docx_text(tc: Any, text: str) -> None:
    paragraphs = list(tc.iter(_W + "p"))
    for extra in paragraphs[1:]:
        extra.getparent().remove(extra)
    if not paragraphs:
        paragraphs = [etree.SubElement(tc, _W + "p")]
    paragraph = paragraphs[0]
    for run in list(paragraph.iter(_W + "r")):
        run.getparent().remove(run)
    if text:
        run = etree.SubElement(paragraph, _W + "r")
        etree.SubElement(run, _W + "t").text = text


def _grid_span(tc: Any) -> int:
    span = tc.find(f"{_W}tcPr/{_W}gridSpan")
    return int(span.get(_W + "val", "1")) if span is not None else 1


def _set_grid_span(tc: Any, n: int) -> None:
    pr = tc.find(_W + "tcPr")
    if pr is None:
        pr = etree.Element(_W + "tcPr")
        tc.insert(0, pr)
    span = pr.find(_W + "gridSpan")
    if span is None:
        span = etree.SubElement(pr, _W + "gridSpan")
    span.set(_W + "val", str(n))


# ---- the damages ---------------------------------------------------------------------------


def _damage(
    rows: list[list[Any]],
    kind: Kind,
    site: int,
    *,
    text: Callable[[Any], str],
    set_text: Callable[[Any, str], None],
    span: Callable[[Any], int],
    set_span: Callable[[Any, int], None],
    empty: Callable[[], Any],
) -> bool:
    """Apply one damage at the ``site``-th (modulo their number) place it can go."""
    cells = [cell for row in rows for cell in row]
    pairs = [
        (a, b)
        for row in rows
        for a, b in itertools.pairwise(row)
        if is_value_text(text(a)) and is_value_text(text(b))
    ]
    values = [cell for cell in cells if is_value_text(text(cell))]
    places: list[Any] = (
        pairs if kind in ("merge", "merge_space", "swap") else
        [(a, b) for row in rows for a, b in itertools.pairwise(row)
         if is_value_text(text(a))] if kind == "move" else
        values if kind == "colspan" else
        cells
    )  # fmt: skip
    if not places:
        return False
    place = places[site % len(places)]
    if kind == "delete":
        place.getparent().remove(place)
    elif kind == "insert_empty":
        place.addnext(empty())
    elif kind == "duplicate":
        place.addnext(copy.deepcopy(place))
    elif kind == "colspan":
        set_span(place, span(place) + 1)
    else:
        a, b = place
        first, second = _key(text(a)), _key(text(b))
        if kind == "swap":
            set_text(a, second)
            set_text(b, first)
        elif kind == "move":
            set_text(a, "")
            set_text(b, f"{first} {second}".strip())
        else:
            set_text(a, first + (" " if kind == "merge_space" else "") + second)
            b.getparent().remove(b)
    return True


def load(path: Path) -> HtmlDocument | DocxDocument:
    data = path.read_bytes()
    return DocxDocument(data) if path.suffix == ".docx" else HtmlDocument(data)


def read(damaged: str | bytes) -> zfxxgk.Report:
    if isinstance(damaged, str):
        return zfxxgk.sources.parse_html(damaged)
    return zfxxgk.parse_bytes(damaged, filename="damaged.docx")


def judge(
    damaged: str | bytes,
    expected: dict[str, Any],
    reader: Callable[[Any], zfxxgk.Report] | None = None,
) -> tuple[Outcome, str]:
    """What reading a damaged document gave, and a word on it (the error, the cells).

    ``reader`` reads it (``read``, an HTML page or a .docx, unless given: ``zfxxgk.parse``
    for a text)."""
    try:
        report = (reader or read)(damaged)
    except zfxxgk.ParseError as error:
        return "error", str(error)
    keys = _table_keys(expected)
    wrong = [(key, want, got) for key, want, got in mismatches(report, expected) if key in keys]
    if not wrong:
        return "exact", ""
    rows = {key.rpartition(".")[0] for key, _, _ in wrong}
    shown = ", ".join(f"{key}: {want} read as {got}" for key, want, got in wrong)
    for finding in zfxxgk.validate(report):
        if finding.severity == "note":
            continue
        if any(cell.rpartition(".")[0] in rows for cell in finding.cells):
            return "flagged", f"{finding.code}: {shown}"
    return "silent", shown


def is_swap_within_a_row(word: str) -> bool:
    """Whether a silent reading's wrong cells are two cells of one row that traded their
    values: what a swap (or a number moved into a blank next to it) does to a document,
    read faithfully; no column shifted."""
    cells = [part.split(": ", 1) for part in word.split(", ")]
    if len(cells) != 2:
        return False
    (key_a, a), (key_b, b) = cells
    want_a, got_a = a.split(" read as ")
    want_b, got_b = b.split(" read as ")
    same_row = key_a.rpartition(".")[0] == key_b.rpartition(".")[0]
    return same_row and (want_a, want_b) == (got_b, got_a)


def _table_keys(expected: dict[str, Any]) -> set[str]:
    return {
        key
        for key in flatten(expected)
        if key.startswith(("proactive.", "requests.", "appeals.", "processing_fees"))
    }
