"""parse_file: encodings Chinese government files use, and clear errors for the rest."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import zfxxgk

from .conftest import SEEDS


@pytest.fixture(scope="module")
def text() -> str:
    # GBK has no no-break space; the rest of this real report encodes in all of them.
    return SEEDS[2].read_text(encoding="utf-8").replace("\xa0", " ")


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("gbk", errors="strict"),
        lambda t: t.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "utf-16-bom"],
)
def test_encodings(tmp_path: Path, text: str, encode: object) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(encode(text))  # type: ignore[operator]
    assert zfxxgk.parse_file(path) == zfxxgk.parse(text)


def test_markdown_suffix_and_str_path(tmp_path: Path, text: str) -> None:
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    assert zfxxgk.parse_file(str(path)) == zfxxgk.parse(text)


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(zfxxgk.ParseError, match=r"\.xlsx"):
        zfxxgk.parse_file(path)


def test_binary_data_under_a_text_name(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    with pytest.raises(zfxxgk.ParseError, match="binary"):
        zfxxgk.parse_file(path)


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        zfxxgk.parse_file(tmp_path / "nowhere.txt")
