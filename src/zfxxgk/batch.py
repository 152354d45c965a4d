"""``parse_many``: many files on all cores, in order, one result per file, nothing dropped."""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ParseError
from .grammar import parser_for
from .model import GENERATIONS, Report
from .parsing import parse_file

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["parse_many"]

#: What ``parse_many`` yields for one file: its report, or the error that stopped it.
Result = Report | Exception

#: Files sent to a worker at a time.
_CHUNK = 16


def _parse_one(path: str) -> Result:
    """Parse one file; every failure comes back as a value, with its path."""
    try:
        return parse_file(path)
    except ParseError as error:
        error.path = path
        return error
    except OSError as error:
        if error.filename is None:
            error.filename = path
        return error
    except ImportError as error:  # a format whose extra is not installed: says what to do
        return error
    except Exception as error:  # a bug of ours must not stop the other 9,999 files
        failure = RuntimeError(f"zfxxgk failed on {path} (please report it): {error!r}")
        failure.__cause__ = error
        return failure


def _parse_chunk(paths: list[str]) -> list[Result]:
    return [_parse_one(path) for path in paths]


def _build_parsers() -> None:
    # Each worker builds its parsers once, up front (under fork they come built).
    for generation in GENERATIONS:
        parser_for(generation)


def _chunks(names: Iterator[str], size: int) -> Iterator[list[str]]:
    while chunk := list(itertools.islice(names, size)):
        yield chunk


def parse_many(
    paths: Iterable[str | os.PathLike[str]], *, workers: int | None = None
) -> Iterator[Result]:
    """Parse files in parallel and yield one result per path, in the order given.

    Each result is the file's ``Report``, or the exception that stopped it: a
    ``ParseError`` (its ``path`` says which file), an ``OSError`` (its ``filename``), an
    ``ImportError`` when the file's format needs an extra that is not installed, or,
    should zfxxgk have a bug, a ``RuntimeError`` that names the file. One bad file
    never stops the batch.

    ``workers`` is the number of processes (default: one per core); ``workers=1`` parses
    in this process. Files travel to the workers in small chunks (a report parses in a
    few milliseconds, about what sending it costs), paths are read lazily, and only a few
    chunks wait at a time, so memory stays flat over any number of files.
    """
    names = (os.fspath(Path(path)) for path in paths)
    count = (os.cpu_count() or 1) if workers is None else workers
    if count < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if count == 1:
        yield from map(_parse_one, names)
        return
    from concurrent.futures import ProcessPoolExecutor  # off the import path of zfxxgk

    _build_parsers()
    window: deque[Future[list[Result]]] = deque()
    with ProcessPoolExecutor(max_workers=count, initializer=_build_parsers) as pool:
        for chunk in _chunks(names, _CHUNK):
            window.append(pool.submit(_parse_chunk, chunk))
            if len(window) >= count * 2:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
