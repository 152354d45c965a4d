"""The errors zfxxgk raises, all under one base class, ``ZfxxgkError``.

- ``ParseError`` (a ``ValueError``): a report's text could not be read into the model;
- ``MissingExtraError`` (an ``ImportError``): reading a format needs an optional extra;
- ``WorkerError`` (a ``RuntimeError``): in ``parse_many``, the process parsing a file died.

Each also keeps the built-in class it has always been, so ``except ValueError`` and
``except ImportError`` still catch what they caught; ``except ZfxxgkError`` catches them
all.
"""

from __future__ import annotations

__all__ = ["MissingExtraError", "ParseError", "WorkerError", "ZfxxgkError"]


class ZfxxgkError(Exception):
    """The base class of every error zfxxgk raises on purpose."""


class ParseError(ZfxxgkError, ValueError):
    """A report's text could not be read into the model.

    The attributes are the contract, the wording of the message is not:

    - ``line``, ``column``: 1-based position in the text the user passed in (before any
      clean-up), of the line or cell where reading failed;
    - ``where``: the table and row being read, in the report's own words
      (``表三 （三）不予公开 3. 危及“三安全一稳定”``), or ``""`` outside the tables;
    - ``reason``: what was expected and what was found;
    - ``path``: the file it came from, when it came from one (else ``None``).

    ``str(error)`` reads ``line 57, column 9: 表三 …: expected 7 numbers, found 6``.
    """

    line: int
    column: int
    where: str
    reason: str
    path: str | None

    def __init__(
        self,
        reason: str,
        *,
        line: int = 1,
        column: int = 1,
        where: str = "",
        path: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.where = where
        self.reason = reason
        place = f"line {line}, column {column}"
        super().__init__(f"{place}: {where}: {reason}" if where else f"{place}: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments need this to survive pickling (process pools, dask).
        return (_rebuild, (self.reason, self.line, self.column, self.where, self.path))


def _rebuild(reason: str, line: int, column: int, where: str, path: str | None) -> ParseError:
    return ParseError(reason, line=line, column=column, where=where, path=path)


class MissingExtraError(ZfxxgkError, ImportError):
    """Reading a format needs an optional extra that is not installed.

    The message names the ``pip install`` command, e.g. ``pip install 'zfxxgk[pdf]'``.
    """


class WorkerError(ZfxxgkError, RuntimeError):
    """In ``parse_many``, the worker process parsing a file died before it finished.

    The kernel's out-of-memory killer does this to the process that uses the most memory,
    so the file is the likely cause, but not a certain one. ``path`` names the file; the
    other files of the batch are parsed by a new worker.
    """

    path: str | None

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_worker_error, (str(self), self.path))


def _rebuild_worker_error(message: str, path: str | None) -> WorkerError:
    return WorkerError(message, path=path)
