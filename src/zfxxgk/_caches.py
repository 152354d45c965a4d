"""What the text path keeps between reports, bounded in the size of what it keeps.

A report prints the same few texts again and again (numbers, its template's labels), so
what a cell or a row reads is kept for the texts seen last (``functools.lru_cache``, and a
few dicts). Those bound how many texts they keep, not how long each is, and the texts come
from untrusted files. So a cache that a document gives a key longer than ``LONGEST``
characters is emptied once that document is read: a stream of hostile files with huge
cells cannot make a long-running process keep their text. The cells and rows of real
reports are far shorter, and keep their caches.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LONGEST", "done", "keeps", "note"]

#: The longest key (in characters; a row's cells added up) a cache keeps past a document.
LONGEST = 256

# The caches given a longer key by the document being read.
_spoiled: set[Any] = set()


def note(cache: Any, size: int) -> None:
    """On a miss of ``cache`` (an ``lru_cache``): its new key is ``size`` characters long."""
    if size > LONGEST:
        _spoiled.add(cache)


def keeps(size: int) -> bool:
    """Whether a dict that keeps what texts read may keep a key of ``size`` characters."""
    return size <= LONGEST


def done() -> None:
    """Empty the caches that the document just read gave a long key (one check when none)."""
    while _spoiled:
        try:
            cache = _spoiled.pop()
        except KeyError:  # another thread emptied it first
            return
        cache.cache_clear()
