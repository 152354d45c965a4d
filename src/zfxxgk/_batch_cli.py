"""The batch side of the command line: finding files, running them, and saying how it went.

Shared by ``zfxxgk parse``, ``validate`` and ``summary``: folders are walked for report
files (regular files only: a FIFO or a device is skipped and reported, never opened),
the files are parsed with ``parse_many``, a progress line is drawn on a terminal, and a
closing summary groups the failures by reason. SIGINT and SIGTERM stop the batch between
two records (``Stopped``); the caller writes out what is done and exits 130 or 143.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import signal
import stat
import threading
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import IO, Any

from ._batch import parse_many
from .errors import ParseError
from .model import Report
from .sources._files import TEXT_SUFFIXES, file_kind

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_USAGE",
    "REPORT_SUFFIXES",
    "Stopped",
    "Tally",
    "error_record",
    "expand",
    "message",
    "report_files",
    "run_batch",
    "shown",
    "stopping_on_signals",
]

#: Exit statuses: every file parsed; a file failed; a usage error; the output could not
#: be written (74 is EX_IOERR of sysexits.h). A signal N exits 128 + N (130, 143).
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 74

# Showing names on a terminal ----------------------------------------------------------------


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """``text`` safe to print: control and format characters, and the lone surrogates of
    a name that is not UTF-8, written as escapes (``\\x1b``, ``\\udcb9``), never raw."""
    return "".join(_escape(c) if unicodedata.category(c) in ("Cc", "Cf", "Cs") else c for c in text)


def message(error: BaseException) -> str:
    """An error's message, without the file name an ``OSError`` repeats."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


# Finding the files ------------------------------------------------------------------------

#: The suffixes of the formats zfxxgk reads. Deprecated: a folder is no longer searched by
#: suffix; every regular file in it is read by its content (see ``report_files``).
REPORT_SUFFIXES = (*TEXT_SUFFIXES, ".html", ".htm", ".docx", ".pdf")

#: Bytes read from each file of a folder to tell its format.
_HEAD = 8192

#: The openings of image files: a report published as a picture, or a page's logo.
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
#: Control characters no text report holds (tab, newlines, form feed and the ^Z that
#: ends old DOS files are fine).
_CONTROL = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")
#: A CJK ideograph: every report's title and headings are Chinese.
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _hidden(name: str) -> bool:
    # Hidden files and folders, and the lock files Word and WPS leave beside open documents.
    return name.startswith((".", "~$"))


def _as_text(head: bytes) -> str | None:
    """The opening of a file as text (as ``decode`` reads a file), None when it is not
    text; the last character may be cut by ``_HEAD``, which is not held against it."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        head = head.removeprefix(codecs.BOM_UTF8)
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
    return None


def _docx_or_why(file: IO[bytes]) -> str | None:
    """A zip file: None when it is a .docx, or one too damaged to tell (the parser
    says what is wrong with it); else why it is skipped."""
    try:
        names = zipfile.ZipFile(file).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None if "word/document.xml" in names else "a zip archive, not a Word .docx"


def _skipped_for(path: str) -> str | None:
    """Why a regular file of a folder is not read, or None when it is: its format is told
    from its first bytes, as ``parse_file`` tells it (``sniff_format``), whatever its name.

    Read: HTML, PDF, .docx, and text with Chinese in it. Skipped: an empty file, images,
    old binary Office files (.doc), RTF, other zip files, binary data, and text without a
    Chinese character (a stylesheet, a script, a README), which cannot be a report. A
    file that cannot be opened is read, so that its error is reported as a failure.
    """
    from .sources import sniff_format  # off the import path of the command line

    try:
        # O_NONBLOCK: should the file have become a FIFO since it was stat'ed, opening
        # it does not wait for a writer, and fstat below tells what it is.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            return f"{file_kind(mode)}, not a regular file"
        head = file.read(_HEAD)
        if not head:
            return "an empty file"
        for magic, kind in _IMAGES:
            if head.startswith(magic):
                return f"an image ({kind}): zfxxgk reads no images (a scan needs OCR)"
        if head.startswith(_ZIP):
            return _docx_or_why(file)
    try:
        kind = sniff_format(head, os.path.basename(path))
    except ParseError as error:  # a format zfxxgk does not read; its own words, shorter
        if head.startswith(b"{\\rtf"):
            return "an RTF document: save it as .docx to read it"
        if head.startswith(_OLE) or Path(path).suffix.lower() in (".doc", ".wps", ".dot"):
            return "an old binary Word or Office file (.doc): save it as .docx to read it"
        return error.reason
    if kind != "text":
        return None
    text = _as_text(head)
    if text is None or _CONTROL.search(text):
        return "binary data, not text, HTML, PDF or .docx"
    if not _HAN.search(text):
        return "text without a Chinese character, so not a report"
    return None


def _walk(folder: str) -> Iterator[tuple[str, str | None]]:
    """Each file under ``folder``, sorted, with why it is skipped (None: it is read)."""
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not _hidden(name))
        for name in sorted(names):
            if _hidden(name):
                continue
            path = os.path.join(root, name)
            try:
                mode = os.stat(path).st_mode  # follows a symlink, never opens the file
            except OSError as error:
                yield path, f"cannot be read: {message(error)}"
                continue
            if not stat.S_ISREG(mode):
                yield path, f"{file_kind(mode)}, not a regular file"
            else:
                yield path, _skipped_for(path)


def report_files(folder: str | os.PathLike[str]) -> Iterator[str]:
    """The report files in a folder and its subfolders, sorted.

    Every regular file (a symlink to one is followed) whose first bytes are HTML, PDF,
    .docx or text with Chinese in it, whatever its name: ``.shtml``, ``.jsp``, ``.HTML``,
    ``.aspx`` or none. Left out: hidden files and folders (``.git``), Office lock files
    (``~$report.docx``), what is not a regular file (a FIFO, a device, a socket, never
    opened), empty files, images, old ``.doc`` files, other binary files, and text
    without a Chinese character.
    """
    for path, skipped in _walk(os.fspath(folder)):
        if skipped is None:
            yield path


def expand(inputs: Sequence[str], stream: IO[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files as given, folders replaced by their report files, and what was skipped.

    Says on ``stream`` when a folder holds no report file.
    """
    files: list[str] = []
    skipped: list[tuple[str, str]] = []
    for name in inputs:
        if os.path.isdir(name):
            found = passed = 0
            for path, why in _walk(name):
                if why is None:
                    files.append(path)
                    found += 1
                else:
                    skipped.append((path, why))
                    passed += 1
            if not found:
                also = f" ({passed} other files skipped)" if passed else ""
                print(f"zfxxgk: {shown(name)}: no report files in this folder{also}",
                      file=stream)  # fmt: skip
        else:
            files.append(name)
    return files, skipped


# Stopping on a signal ----------------------------------------------------------------------


class Stopped(BaseException):
    """SIGINT or SIGTERM arrived: stop the batch, write out what is done, exit 128 + N.

    A ``BaseException``, as ``KeyboardInterrupt`` is, so no ``except Exception`` keeps
    the batch going.
    """

    def __init__(self, number: int) -> None:
        self.number = number
        super().__init__(signal.Signals(number).name)


def _stop(number: int, frame: FrameType | None) -> None:
    # Once: a second Ctrl-C while the workers are being stopped does not break the
    # stopping (it takes well under a second).
    for name in (signal.SIGINT, signal.SIGTERM):
        signal.signal(name, signal.SIG_IGN)
    raise Stopped(number)


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    """Within: SIGINT and SIGTERM raise ``Stopped``; the handlers are restored after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (a command run from a thread)
        return
    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    for number in previous:
        signal.signal(number, _stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


# Progress and the closing summary ----------------------------------------------------------


class Tally:
    """What a batch did: files parsed, failed and skipped, failures grouped by reason."""

    #: File names shown per reason (of failing, or of being skipped) in the closing summary.
    SHOWN = 3

    def __init__(self, total: int, stream: IO[str], progress: bool) -> None:
        self.total = total
        self.parsed = 0
        self.failed = 0
        self.started = time.monotonic()
        self.reasons: dict[str, list[str]] = {}
        self.counts: dict[str, int] = {}
        self.skipped: dict[str, list[str]] = {}
        self.stopped: str | None = None
        #: The reader of standard output went away (`| head`): no closing summary.
        self.reader_gone = False
        #: Lines the closing summary prints below its counts (``findings: 2 error``).
        self.notes: list[str] = []
        self.stream = stream
        self.progress = progress
        self._drawn = 0.0
        self._line = False

    @property
    def done(self) -> int:
        return self.parsed + self.failed

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def ok(self) -> None:
        self.parsed += 1
        self.draw()

    def fail(self, path: str, error: BaseException) -> None:
        self.failed += 1
        self._count(self.counts, self.reasons, _reason(path, error), path)
        self.draw()

    def skip(self, path: str, why: str) -> None:
        """A file of a folder that is not read, and why."""
        self.skipped.setdefault(why, []).append(path)

    @staticmethod
    def _count(counts: dict[str, int], names: dict[str, list[str]], reason: str, path: str) -> None:
        counts[reason] = counts.get(reason, 0) + 1
        listed = names.setdefault(reason, [])
        if len(listed) < Tally.SHOWN:
            listed.append(path)

    def say(self, line: str) -> None:
        """Print a line on the stream, above the progress line; control characters escaped."""
        self.clear()
        print(shown(line), file=self.stream)

    def draw(self, force: bool = False) -> None:
        if not self.progress:
            return
        now = time.monotonic()
        if not force and now - self._drawn < 0.1 and self.done < self.total:
            return
        self._drawn = now
        rate = self.rate()
        eta = ""
        if rate > 0 and self.done < self.total:
            eta = f" · {(self.total - self.done) / rate:.0f}s left"
        self.stream.write(
            f"\r\033[K{self.done}/{self.total} files · {rate:.1f} files/s · "
            f"{self.failed} failed{eta}"
        )
        self.stream.flush()
        self._line = True

    def clear(self) -> None:
        if self._line:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._line = False

    def close(self, quiet: bool, errors_file: str | None) -> None:
        """The closing summary: counts, each reason with a few of its files, the skipped."""
        self.clear()
        if quiet and not self.failed and not self.skipped and self.stopped is None:
            return
        elapsed = time.monotonic() - self.started
        out = self.stream
        skipped = sum(len(names) for names in self.skipped.values())
        also = f", {skipped} skipped" if skipped else ""
        print(
            f"zfxxgk: {self.parsed} parsed, {self.failed} failed{also}, {self.done} files in "
            f"{elapsed:.1f} s ({self.rate():.1f} files/s)",
            file=out,
        )
        for note in self.notes:
            print(f"  {shown(note)}", file=out)
        if self.stopped is not None:
            print(f"  stopped ({shown(self.stopped)}): the first {self.done} of {self.total} "
                  "files are done, the others were not written", file=out)  # fmt: skip
        ranked = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        for reason, count in ranked:
            print(f"  {count} × {shown(_clip(reason, 160))}", file=out)
            names = self.reasons[reason]
            more = f", and {count - len(names)} more" if count > len(names) else ""
            print(f"      {shown(', '.join(names))}{more}", file=out)
        if self.failed:
            where = shown(errors_file) if errors_file is not None else "stderr above"
            print(f"  every failed file with its error: {where}", file=out)
        for why, names in sorted(self.skipped.items()):
            more = f", and {len(names) - self.SHOWN} more" if len(names) > self.SHOWN else ""
            listed = shown(", ".join(names[: self.SHOWN]))
            print(f"  {len(names)} skipped, {shown(why)}: {listed}{more}", file=out)


_SMALL_NUMBER = re.compile(r"(?<![\d.])\d{1,3}(?![\d.])")


def _reason(path: str, error: BaseException) -> str:
    """A failure's reason for grouping: its type and message, without file names or counts.

    ``expected 7 numbers, found 6`` and ``found 5`` are one reason; a message naming its
    file (``a.txt holds binary data``) is the same reason for every file.
    """
    text = error.reason if isinstance(error, ParseError) else message(error)
    for name in sorted({path, os.path.basename(path)}, key=len, reverse=True):
        if name:
            text = text.replace(name, "FILE")
    return f"{type(error).__name__}: {_SMALL_NUMBER.sub('N', text)}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error_record(path: str, error: BaseException) -> dict[str, Any]:
    """A failed file as the ``--errors`` file has it: path, error type, message, where."""
    record: dict[str, Any] = {"path": path, "error": type(error).__name__}
    record["message"] = message(error)
    if isinstance(error, ParseError):
        record.update(line=error.line, column=error.column, where=error.where)
        record["reason"] = error.reason
    return record


def run_batch(
    files: Sequence[str],
    jobs: int | None,
    timeout: float | None,
    tally: Tally,
    on_report: Callable[[str, Report], None],
    on_error: Callable[[str, BaseException], None],
) -> None:
    """Parse ``files`` with ``parse_many`` and hand each result on, in input order.

    ``Stopped`` (a signal) ends it after the last whole record; the workers are stopped.
    """
    if not files:
        return
    workers = min(jobs or os.cpu_count() or 1, len(files))
    tally.draw(force=True)
    results = parse_many(files, workers=workers, timeout=timeout)
    try:
        for path, result in zip(files, results, strict=True):
            if isinstance(result, Report):
                on_report(path, result)
                tally.ok()
            else:
                on_error(path, result)
                tally.fail(path, result)
    except Stopped as stop:
        tally.stopped = signal.Signals(stop.number).name
        raise
    finally:
        results.close()
