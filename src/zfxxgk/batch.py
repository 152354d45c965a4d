"""``parse_many``: many files on all cores, in order, one result per file, nothing dropped."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .errors import ParseError
from .model import Report
from .parsing import parse_file

__all__ = ["parse_many"]

#: What ``parse_many`` yields for one file: its report, or the error that stopped it.
Result = Report | Exception


def _parse_one(path: str) -> Result:
    """Parse one file in a worker; every failure comes back as a value, with its path."""
    try:
        return parse_file(path)
    except ParseError as error:
        error.path = path
        return error
    except OSError as error:
        if error.filename is None:
            error.filename = path
        return error
    except Exception as error:  # a bug of ours must not stop the other 9,999 files
        failure = RuntimeError(f"zfxxgk failed on {path} (please report it): {error!r}")
        failure.__cause__ = error
        return failure


def parse_many(
    paths: Iterable[str | os.PathLike[str]], *, workers: int | None = None
) -> Iterator[Result]:
    """Parse files in parallel and yield one result per path, in the order given.

    Each result is the file's ``Report``, or the exception that stopped it: a
    ``ParseError`` (its ``path`` says which file), an ``OSError`` (its ``filename``), or,
    should zfxxgk have a bug, a ``RuntimeError`` that names the file. One bad file
    never stops the batch.

    ``workers`` is the number of processes (default: one per core); ``workers=1`` parses
    in this process. Paths are read lazily and only a few results wait at a time, so
    memory stays flat over any number of files.
    """
    names = (os.fspath(Path(path)) for path in paths)
    count = (os.cpu_count() or 1) if workers is None else workers
    if count < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if count == 1:
        yield from map(_parse_one, names)
        return
    window: deque[Future[Result]] = deque()
    with ProcessPoolExecutor(max_workers=count) as pool:
        for name in names:
            window.append(pool.submit(_parse_one, name))
            if len(window) >= count * 4:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
