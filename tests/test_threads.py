"""Parsing from several threads at once gives what parsing one after the other gives.

The text path and the table writer keep what rows and cells read in module-level caches
(bounded dicts and ``lru_cache``), emptied when full or when a hostile file gave them a
long key (``zfxxgk._caches``). Each use is one dict operation, so threads sharing them
must read every report as a lone thread does, errors included.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import zfxxgk

from .conftest import FIXTURES, SEEDS

PAGES = sorted((FIXTURES / "corpus").glob("*.html")) + sorted(
    (FIXTURES / "formats").glob("0??.html")
)


def _texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    damaged = []
    for text in texts:
        damaged.append(text.replace("\t0\t", "\t\t", 3))  # blanks
        damaged.append(text.replace("\t0\t", "\t0 0\t", 1))  # two numbers in a cell: an error
        lines = text.splitlines()
        damaged.append("\n".join(lines[: len(lines) * 2 // 3]))  # cut short
        damaged.append(text.replace("本年新收", "本年新收" + "政" * 400, 1))  # a long label
    return texts + damaged


def _outcome(job: tuple[str, str | Path]) -> object:
    kind, what = job
    try:
        if kind == "text":
            assert isinstance(what, str)
            return zfxxgk.to_dict(zfxxgk.parse(what))
        assert isinstance(what, Path)
        return zfxxgk.to_dict(zfxxgk.parse_file(what))
    except zfxxgk.ParseError as error:
        return f"{error} (line {error.line}, column {error.column})"


def test_threads_read_every_report_as_one_thread_does() -> None:
    jobs: list[tuple[str, str | Path]] = [("text", text) for text in _texts()]
    jobs += [("file", path) for path in PAGES]
    alone = [_outcome(job) for job in jobs]
    assert any(isinstance(outcome, str) for outcome in alone)  # errors are compared too
    assert any(isinstance(outcome, dict) for outcome in alone)
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(3):
            assert list(pool.map(_outcome, jobs * 2)) == alone * 2
