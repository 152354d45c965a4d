"""Files on disk: only regular files are opened, and text is decoded by one cascade."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from ..errors import ParseError
from ..limits import MAX_TEXT_BYTES

__all__ = ["TEXT_SUFFIXES", "decode", "file_kind", "read_regular_file"]

#: The file suffixes ``parse_file`` reads as text, whatever the bytes look like.
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words (``a named pipe (FIFO)``)."""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file (or of the one a symlink names); anything else is a
    ``ParseError`` saying what it is, and is never opened: a FIFO would wait for a writer
    forever, and a device never ends."""
    # stat follows a symlink, as open would, and opens nothing.
    mode = os.stat(path).st_mode
    if stat.S_ISREG(mode):
        # Should the file be swapped for a FIFO after the stat, O_NONBLOCK keeps the
        # open from waiting for a writer, and fstat tells what was opened.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with open(os.open(path, flags), "rb") as file:
            mode = os.fstat(file.fileno()).st_mode
            if stat.S_ISREG(mode):
                return file.read()
    raise ParseError(
        f"{path.name or path} is {file_kind(mode)}, not a regular file: zfxxgk "
        "reads only regular files"
    )


def decode(data: bytes, *, name: str = "the file") -> str:
    """Decode a report's bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030.

    Raises ``ParseError`` for binary data, bytes that are none of these encodings, and a
    file larger than ``zfxxgk.limits.MAX_TEXT_BYTES``.
    """
    if len(data) > MAX_TEXT_BYTES:
        raise ParseError(
            f"{name} is {len(data):,} bytes of text, more than the limit of "
            f"{MAX_TEXT_BYTES:,} (a report's text is some 10 KB): is it one report? "
            "Split it, or pass the one report's text"
        )
    if data.startswith(codecs.BOM_UTF8):
        bom = len(codecs.BOM_UTF8)
        return _decode_strict(data[bom:], "utf-8", name, "UTF-8 (its BOM says)", skipped=bom)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_strict(data, "utf-16", name, "UTF-16 (its BOM says)")
    if data.startswith(b"%PDF") or data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise ParseError(
            f"{name} holds binary data (a PDF, Word or other binary file), not text; "
            "extract the report's text first"
        )
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(f"{name} is neither UTF-8 nor GB18030 text; save it as UTF-8 and retry")


def _decode_strict(data: bytes, encoding: str, name: str, said: str, *, skipped: int = 0) -> str:
    """Decode in the encoding a BOM names; a bad byte is a ``ParseError`` saying where
    (``skipped``: the bytes of the BOM, not in ``data``)."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        text = data[: error.start].decode(encoding, errors="replace")
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
        raise ParseError(
            f"{name} is not {said}: byte {skipped + error.start + 1} ({error.reason}); "
            "save it again as UTF-8",
            line=line,
            column=column,
        ) from None
