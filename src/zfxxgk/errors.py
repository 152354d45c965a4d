"""``ParseError``: the one error a bad report raises."""

from __future__ import annotations

__all__ = ["ParseError"]


class ParseError(ValueError):
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
