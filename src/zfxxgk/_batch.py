"""``parse_many``: many files on all cores, in order, one result per file, nothing dropped.

The workers are processes this module starts and watches itself, one pipe each, rather
than a ``concurrent.futures`` pool: a pool that loses a worker breaks for every file in
flight, and it cannot stop a task that runs too long. Here the parent knows which file
each worker is on, so a worker that dies (the out-of-memory killer sends SIGKILL) or runs
past the time limit costs that one file: the file gets an error, the worker is replaced,
the rest of its files go to the next free worker, and the batch goes on.

A worker sends its results several at a time, while files go quickly: one message and one
wake-up of the parent for several reports instead of one each. Which file a worker is
on, and since when, it writes to a few numbers of memory it shares with the parent, so a
worker that dies or runs late still costs only the file it was on; results it had not
yet sent are parsed again by another worker.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import selectors
import signal
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ._grammar import parser_for
from .errors import ParseError, WorkerError
from .model import GENERATIONS, Report
from .sources import parse_file

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

__all__ = ["DEFAULT_TIMEOUT", "Result", "parse_many", "signals_held"]

#: What ``parse_many`` yields for one file: its report, or the error that stopped it.
Result = Report | Exception

#: Seconds one file may take in ``parse_many`` (a report takes milliseconds to seconds).
DEFAULT_TIMEOUT = 120.0

#: Most files sent to a worker at a time (a report parses in a few milliseconds, about
#: what sending it costs); fewer when few files wait, so every worker gets some.
_CHUNK = 16

#: A worker is sent its next chunk while it still holds this many files, so it never
#: waits for the parent between two chunks (on a busy machine the parent may be slow to
#: be scheduled).
_LOW = _CHUNK // 2

#: The most bytes of paths sent ahead to a busy worker: what waits unread in its pipe
#: stays below the smallest buffer of a pipe (8 KiB, macOS's sockets), so the parent
#: never blocks on a send while the worker blocks on sending it a result.
_AHEAD_BYTES = 4 * 1024

#: What a worker sends once its parsers are built.
_READY = b"ready"

#: A worker sends its results this many at a time (with its chunk's last file, or after a
#: file that took longer than ``_QUICK`` seconds, the results it holds go at once). As many
#: as ``_LOW``: the parent learns that a worker is low on files as soon as it is.
_SEND_EVERY = _LOW
_QUICK = 0.01

# The numbers a worker shares with the parent (a ``RawArray`` of doubles): how many files
# it has started and finished, and when it started the last one (``time.monotonic``).
_STARTED, _SINCE, _FINISHED = range(3)

_STOPS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back within; they arrive (if they came) after it."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _parse_one(path: str) -> Result:
    """Parse one file; every failure comes back as a value, with its path."""
    try:
        # parse_file reads only regular files: a FIFO or a device is a ParseError.
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


def _build_parsers() -> None:
    # Each worker builds its parsers once, up front (under fork they come built).
    for generation in GENERATIONS:
        parser_for(generation)


def _dump(result: Result, path: str) -> bytes:
    try:
        return pickle.dumps(result)
    except Exception as error:  # an exception of a library that does not pickle
        return pickle.dumps(RuntimeError(f"zfxxgk failed on {path} (please report it): {error!r}"))


def _load(data: bytes, path: str) -> Result:
    try:
        result: Result = pickle.loads(data)
    except Exception as error:
        return RuntimeError(f"zfxxgk failed on {path} (please report it): {error!r}")
    return result


def _serve(conn: Connection, progress: Any) -> None:
    """A worker: parse the chunks of paths it is sent; send back one result per file, in
    lists of a few, and keep ``progress`` (see ``_STARTED``) up to date."""
    # Ctrl-C reaches the whole process group: the parent stops the workers itself, so a
    # worker neither prints a traceback nor dies before the parent decides. Under fork
    # the worker inherits the parent's handlers: SIGTERM is made to end it again.
    # The worker is started with both held (see _Worker), so neither reaches an inherited
    # handler before these lines.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
    _build_parsers()
    started = finished = 0
    held: list[bytes] = []
    try:
        conn.send_bytes(_READY)
        while (chunk := conn.recv()) is not None:
            last = len(chunk) - 1
            for number, path in enumerate(chunk):
                since = time.monotonic()
                progress[_SINCE] = since
                started += 1
                progress[_STARTED] = started  # after _SINCE: with it, the time is there
                held.append(_dump(_parse_one(path), path))
                finished += 1
                progress[_FINISHED] = finished
                if len(held) >= _SEND_EVERY or number == last or time.monotonic() - since > _QUICK:
                    conn.send_bytes(pickle.dumps(held))
                    held.clear()
    except (EOFError, OSError):  # the parent is gone: so is the work
        return


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exit status {code}"


class _Worker:
    """One worker process, its pipe, and the files it holds (the first is in progress)."""

    def __init__(self, context: BaseContext, number: int) -> None:
        parent_end, child_end = context.Pipe()
        #: What the worker writes of its progress (see ``_STARTED``).
        self.progress: Any = context.RawArray("d", 3)
        process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(child_end, self.progress),
            name=f"zfxxgk-worker-{number}",
            daemon=True,
        )
        with signals_held():  # the child starts with them held, and sets its own handlers
            process.start()
        child_end.close()
        self.process = process
        self.conn = parent_end
        self.ready = False
        #: The files sent and not yet come back, in order.
        self.files: deque[tuple[int, str]] = deque()
        #: How many results have come back from it.
        self.taken = 0

    def give(self, files: list[tuple[int, str]]) -> None:
        self.files.extend(files)
        self.conn.send([path for _, path in files])

    def busy_since(self) -> float | None:
        """When the worker started the file it is on; None between two files."""
        started, since, finished = self.progress[:]
        return since if started > finished else None

    def split(self) -> tuple[list[tuple[int, str]], tuple[int, str] | None]:
        """Once the worker has ended or been stopped: the files it holds that others must
        parse (those whose results it had not sent, and those it had not started), and
        the file it was on, if it was on one."""
        files = list(self.files)
        started, _, finished = (int(number) for number in self.progress[:])
        unsent = finished - self.taken  # parsed, their results gone with the worker
        if started > finished and unsent < len(files):
            return files[:unsent] + files[unsent + 1 :], files[unsent]
        return files, None

    def stop(self, *, kill: bool = False) -> None:
        self.conn.close()
        if self.process.is_alive():
            if kill:
                self.process.kill()
            else:
                self.process.terminate()
        self.process.join(5)
        if self.process.is_alive():  # pragma: no cover - SIGTERM is not caught by workers
            self.process.kill()
            self.process.join()


class _Watch:
    """What the parent waits on: each worker's pipe (a result) and its sentinel (it ended).

    On POSIX one selector is kept for the whole batch: ``multiprocessing``'s ``wait`` and
    ``Connection.poll`` build a new one on every call, which cost more than unpickling the
    report that came. Elsewhere (Windows pipes are no sockets) ``wait`` is used.
    """

    def __init__(self) -> None:
        self._selector = selectors.DefaultSelector() if os.name == "posix" else None
        self._owners: dict[object, tuple[_Worker, bool]] = {}

    def add(self, worker: _Worker) -> None:
        for handle, ended in ((worker.conn, False), (worker.process.sentinel, True)):
            self._owners[handle] = (worker, ended)
            if self._selector is not None:
                self._selector.register(handle, selectors.EVENT_READ, (worker, ended))

    def remove(self, worker: _Worker) -> None:
        """Before the worker's pipe is closed: a closed descriptor cannot be unregistered."""
        for handle in (worker.conn, worker.process.sentinel):
            del self._owners[handle]
            if self._selector is not None:
                self._selector.unregister(handle)

    def wait(self, timeout: float | None) -> tuple[set[_Worker], set[_Worker]]:
        """The workers whose pipe can be read, and those that ended, within ``timeout``."""
        if self._selector is not None:
            ready = [key.data for key, _ in self._selector.select(timeout)]
        else:  # pragma: no cover - Windows
            from multiprocessing.connection import wait

            handles = wait(list(self._owners), timeout=timeout)  # type: ignore[arg-type]
            ready = [self._owners[handle] for handle in handles]
        readable = {worker for worker, ended in ready if not ended}
        return readable, {worker for worker, ended in ready if ended}

    def close(self) -> None:
        if self._selector is not None:
            self._selector.close()


class _Pool:
    """The workers of one ``parse_many`` call, and the files between them."""

    def __init__(self, count: int, timeout: float | None, context: BaseContext) -> None:
        self.count = count
        self.timeout = timeout
        self.context = context
        self.started = 0
        self.watch = _Watch()
        self.workers: list[_Worker] = []
        try:
            for _ in range(count):
                self.workers.append(self._start())
        except BaseException:
            self.close()
            raise
        #: Files read from the input and not yet sent; files given back go first.
        self.waiting: deque[tuple[int, str]] = deque()
        self.done: dict[int, Result] = {}

    def _start(self) -> _Worker:
        self.started += 1
        worker = _Worker(self.context, self.started)
        self.watch.add(worker)
        return worker

    def results(self, names: Iterator[str]) -> Iterator[Result]:
        """One result per name, in order, reading ``names`` only a little ahead."""
        ahead = self.count * (_CHUNK + _LOW) * 2
        read = shown = 0
        exhausted = False
        while True:
            while not exhausted and read - shown < ahead:
                name = next(names, None)
                if name is None:
                    exhausted = True
                else:
                    self.waiting.append((read, name))
                    read += 1
            self._dispatch()
            while shown in self.done:
                yield self.done.pop(shown)
                shown += 1
            if exhausted and shown == read:
                return
            self._wait()

    def _dispatch(self) -> None:
        # The idlest workers first, so that the last files go where nothing waits.
        for worker in sorted(self.workers, key=lambda worker: len(worker.files)):
            if not self.waiting:
                return
            if not (worker.ready and len(worker.files) <= _LOW and worker.process.is_alive()):
                continue
            size = min(max(1, min(_CHUNK, len(self.waiting) // self.count)), len(self.waiting))
            if worker.files:
                ahead = sum(len(path.encode(errors="surrogateescape")) for _, path in
                            itertools.islice(self.waiting, size))  # fmt: skip
                if ahead > _AHEAD_BYTES:
                    continue  # very long names: it gets them once it is idle
            worker.give([self.waiting.popleft() for _ in range(size)])

    def _wait(self) -> None:
        now = time.monotonic()
        limit = None
        if self.timeout is not None:
            # A worker between two files starts the next at once: now is its start.
            starts = [
                worker.busy_since() for worker in self.workers if worker.ready and worker.files
            ]
            busy = [(now if start is None else start) + self.timeout for start in starts]
            limit = max(0.0, min(busy) - now) if busy else None
        readable, ended = self.watch.wait(limit)
        for index, worker in enumerate(self.workers):
            if self._check(worker, worker in readable, worker in ended):
                self.workers[index] = self._start()

    def _take(self, worker: _Worker, data: bytes) -> None:
        if not worker.ready:
            worker.ready = data == _READY
            return
        results: list[bytes] = pickle.loads(data)  # a list of bytes, made by _serve
        for result in results:
            index, path = worker.files.popleft()
            self.done[index] = _load(result, path)
        worker.taken += len(results)

    def _check(self, worker: _Worker, readable: bool, ended: bool) -> bool:
        """Take in what the worker sent; True when it is gone and must be replaced."""
        try:
            if ended:  # what it sent before it ended is in the pipe still
                while worker.conn.poll():
                    self._take(worker, worker.conn.recv_bytes())
            elif readable:  # one message; should more wait, the selector says so at once
                self._take(worker, worker.conn.recv_bytes())
        except (EOFError, OSError):
            # Its end of the pipe is closed: it is ending, or ended (its sentinel may
            # not have said so yet).
            worker.process.join(1)
            ended = True
        if ended:
            self.watch.remove(worker)
            worker.stop()
            if not worker.ready:
                raise RuntimeError(
                    f"a zfxxgk worker process could not start ({_death(worker.process.exitcode)}"
                    "). Under the spawn or forkserver start method (macOS, Windows, Python "
                    "3.14) the script that calls parse_many must guard its entry point with "
                    "`if __name__ == '__main__':`; see docs/batch.md"
                )
            others, failed = worker.split()
            if failed is not None:
                index, path = failed
                self.done[index] = WorkerError(
                    f"the worker process parsing {path} died "
                    f"({_death(worker.process.exitcode)}) before it finished; the system's "
                    "out-of-memory killer does this (SIGKILL) when memory runs out, so the "
                    "file may need more memory than a report does. The other files went on",
                    path=path,
                )
            self.waiting.extendleft(reversed(others))
            return True
        timeout = self.timeout
        since = worker.busy_since() if timeout is not None and worker.files else None
        if since is not None and timeout is not None and time.monotonic() - since > timeout:
            self.watch.remove(worker)
            worker.stop(kill=True)
            others, failed = worker.split()
            if failed is not None:  # it was: the file it was on when the time ran out
                index, path = failed
                self.done[index] = ParseError(
                    f"parsing took longer than the time limit of {timeout:g} s, and was "
                    "stopped (the timeout of parse_many, --timeout on the command line); no "
                    "report takes that long, so the file is likely not one, or hostile",
                    path=path,
                )
            self.waiting.extendleft(reversed(others))
            return True
        return False

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.watch.close()


def parse_many(
    paths: Iterable[str | bytes | os.PathLike[str] | os.PathLike[bytes]],
    *,
    workers: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    mp_context: BaseContext | None = None,
) -> Generator[Result, None, None]:
    """Parse files in parallel and yield one result per path, in the order given.

    Each result is the file's ``Report``, or the exception that stopped it: a
    ``ParseError`` (its ``path`` says which file; also for a file that is no regular file,
    such as a FIFO or a device, and for one that took longer than ``timeout``), an
    ``OSError`` (its ``filename``), an ``ImportError`` when the file's format needs an
    extra that is not installed, a ``WorkerError`` when the process parsing it died (the
    out-of-memory killer, say), or, should zfxxgk have a bug, a ``RuntimeError`` that names
    the file. One bad file never stops the batch.

    ``workers`` is the number of worker processes (default: one per core). ``timeout`` is
    the most seconds one file may take (``None``: no limit); a file past it is stopped
    and gets a ``ParseError``. ``mp_context`` is the ``multiprocessing`` context that
    starts the workers (default: the platform's); under ``spawn`` and ``forkserver`` the
    calling script must guard its entry point with ``if __name__ == "__main__":``.

    Paths are read lazily and only a few files wait at a time, so memory stays flat over
    any number of files. Closing the iterator (``break``, an exception, Ctrl-C) stops
    the workers.
    """
    count = (os.cpu_count() or 1) if workers is None else workers
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"workers must be a whole number of at least 1, not {workers!r}")
    if timeout is not None and not timeout > 0:
        raise ValueError(f"timeout must be a number of seconds above 0, or None, not {timeout!r}")
    return _parse_many(paths, count, timeout, mp_context)


def _parse_many(
    paths: Iterable[str | bytes | os.PathLike[str] | os.PathLike[bytes]],
    count: int,
    timeout: float | None,
    mp_context: BaseContext | None,
) -> Generator[Result, None, None]:
    import multiprocessing  # off the import path of zfxxgk

    context = mp_context if mp_context is not None else multiprocessing.get_context()
    if context.get_start_method() == "fork":
        _build_parsers()  # once here, and every worker is born with them
    # A name that is not UTF-8 (from a GBK zip) is kept as os.fsdecode gives it.
    names = (os.fsdecode(path) for path in paths)
    pool = _Pool(count, timeout, context)
    try:
        yield from pool.results(names)
    finally:
        pool.close()
