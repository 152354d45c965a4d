"""Where the command line writes records: whole lines or nothing, file names kept.

A record is written with one ``os.write`` loop while SIGINT and SIGTERM wait, so a stop
lands between records. When the disk fills (or the output otherwise fails) halfway
through a record, what was written of it is cut off again: the file ends with a whole
line, and the batch stops with ``OutputError``.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import importlib
import io
import json
import os
import re
from collections.abc import Sequence
from typing import IO, Any

from ._batch import signals_held

__all__ = ["Lines", "OutputError", "csv_line", "json_line"]

#: A lone surrogate: what ``os.fsdecode`` makes of a file name byte that is not UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


class OutputError(Exception):
    """The output could not be written (a full disk, a device error): the batch stops."""

    def __init__(self, name: str, error: OSError) -> None:
        self.name = name
        self.error = error
        super().__init__(f"cannot write {name}: {error.strerror or error}")


def json_line(data: Any, indent: int | None = None) -> str:
    """``data`` as JSON on one line (or indented), ending in a newline.

    A file name that is not UTF-8 is kept: its lone surrogates (``\\udcb9``) are written
    as JSON escapes, which ``json.loads`` reads back into the same ``str``, and
    ``os.fsencode`` into the same bytes.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def csv_line(row: Sequence[object]) -> str:
    """One CSV row, ending in a newline."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    return buffer.getvalue()


class Lines:
    """A file, or standard output, written one whole record at a time."""

    def __init__(self, name: str, fd: int | None, stream: IO[str] | None, owned: bool) -> None:
        self.name = name
        self._fd = fd
        self._stream = stream
        self._owned = owned

    @classmethod
    def open(cls, path: str) -> Lines:
        """Create (or empty) the file at ``path``; raises ``OSError`` when it cannot."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        return cls(path, os.open(path, flags, 0o666), None, owned=True)

    @classmethod
    def stdout(cls, stream: IO[str]) -> Lines:
        """Standard output: its file descriptor, or the stream itself where it has none
        (a notebook, a test's captured output)."""
        try:
            fd = stream.fileno()
        except (OSError, ValueError, AttributeError):
            return cls("standard output", None, stream, owned=False)
        stream.flush()  # what was printed before comes first
        return cls("standard output", fd, None, owned=False)

    def write(self, text: str) -> None:
        """Write one record (one or more whole lines); raises ``OutputError``."""
        if self._stream is not None:
            self._stream.write(text)
            self._stream.flush()
            return
        assert self._fd is not None
        # A surrogate left in (a CSV cell) is shown as \udcb9 rather than stopping here.
        data = text.encode("utf-8", errors="backslashreplace")
        with signals_held():
            self._write_all(self._fd, data)

    def _write_all(self, fd: int, data: bytes) -> None:
        written = 0
        try:
            while written < len(data):
                count = os.write(fd, data[written:])
                if count == 0:  # pragma: no cover - a regular file says ENOSPC instead
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                written += count
        except BrokenPipeError:
            raise  # the reader went away (`| head`): not a write error
        except OSError as error:
            if written:  # cut the half record off again, where the file can be cut
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, os.lseek(fd, 0, os.SEEK_CUR) - written)
            raise OutputError(self.name, error) from error

    def close(self) -> None:
        if self._owned and self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


#: What an .xlsx cell cannot hold: XML's forbidden control characters, lone surrogates.
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _xlsx_value(value: object) -> object:
    if isinstance(value, str):
        return _NOT_IN_XLSX.sub(lambda match: f"\\u{ord(match.group()):04x}", value)
    return value


class Workbook:
    """An .xlsx file written sheet by sheet, a row at a time, saved whole at the end.

    openpyxl (the ``xlsx`` extra) streams the rows (its write-only mode) and the file is
    saved under a temporary name and then renamed, so a full disk never leaves half a
    workbook under the output's name. Each sheet has two header rows: the key paths
    (``requests.total.natural_person``) and the labels the report prints.
    """

    def __init__(self, path: str) -> None:
        try:  # imported by name: openpyxl ships no type hints, and is optional
            openpyxl: Any = importlib.import_module("openpyxl")
        except ImportError as error:
            from .errors import MissingExtraError

            raise MissingExtraError(
                "writing .xlsx needs the optional dependency “openpyxl”, which is not "
                "installed: pip install 'zfxxgk[xlsx]'"
            ) from error
        self.path = path
        folder, name = os.path.split(os.path.abspath(path))
        self._partial = os.path.join(folder, f".{name}.partial")
        with open(self._partial, "wb"):  # an OSError now, not after the batch, if it can't
            pass
        self._book = openpyxl.Workbook(write_only=True)
        self._sheets: dict[str, Any] = {}

    def sheet(self, title: str, keys: Sequence[str], labels: Sequence[str]) -> None:
        """Add a sheet with its two header rows."""
        sheet = self._book.create_sheet(title)
        sheet.freeze_panes = "B3"
        sheet.append(list(keys))
        sheet.append(list(labels))
        self._sheets[title] = sheet

    def append(self, title: str, row: Sequence[object]) -> None:
        self._sheets[title].append([_xlsx_value(value) for value in row])

    def save(self) -> None:
        """Write the file; raises ``OutputError`` (and leaves no partial file) on failure."""
        partial = self._partial
        try:
            self._book.save(partial)
            os.replace(partial, self.path)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.remove(partial)
            raise OutputError(self.path, error) from error
