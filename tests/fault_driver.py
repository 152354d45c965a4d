"""Run parse_many or the command line with files that make their worker misbehave.

The batch fault tests run this script in a subprocess with a time limit, so that a hang
fails the test instead of stalling the suite. A file's name says what its worker does:

- ``die…``: the worker kills itself with SIGKILL, as the out-of-memory killer would;
- ``hang…``: the worker sleeps for an hour;
- ``slow…``: the worker sleeps a moment, then parses (a batch that takes a while);
- anything else: parsed as usual.

Usage: ``python fault_driver.py cli ARG...`` runs ``zfxxgk._cli.main(ARG...)`` and exits
with its status; ``python fault_driver.py many TIMEOUT KILL PATH...`` prints one JSON line
per result of ``parse_many(PATH..., workers=2, timeout=TIMEOUT)`` and, when KILL is 1,
kills one busy worker with SIGKILL from outside once the first result is in.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import time

import zfxxgk
from zfxxgk import _batch as batch

_parse_file = batch.parse_file


def _misbehaving(path: str) -> zfxxgk.Report:
    name = os.path.basename(path)
    if name.startswith("die"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("hang"):
        time.sleep(3600)
    if name.startswith("slow"):
        time.sleep(0.3)
    return _parse_file(path)


def _describe(result: object) -> dict[str, object]:
    if isinstance(result, zfxxgk.Report):
        return {"kind": "Report", "data": zfxxgk.to_dict(result)}
    assert isinstance(result, Exception)
    return {
        "kind": type(result).__name__,
        "message": str(result),
        "path": getattr(result, "path", None) or getattr(result, "filename", None),
    }


def _many(timeout: float, kill: bool, paths: list[str]) -> None:
    results = zfxxgk.parse_many(paths, workers=2, timeout=timeout)
    for number, result in enumerate(results):
        print(json.dumps(_describe(result), ensure_ascii=False), flush=True)
        if kill and number == 0:
            os.kill(multiprocessing.active_children()[0].pid or 0, signal.SIGKILL)


if __name__ == "__main__":
    # The misbehaviour reaches the workers by fork; the workers of the real thing may be
    # started otherwise (spawn, forkserver), which test_batch_faults checks on its own.
    multiprocessing.set_start_method("fork")
    batch.parse_file = _misbehaving
    if sys.argv[1] == "cli":
        from zfxxgk._cli import main

        sys.exit(main(sys.argv[2:]))
    _many(float(sys.argv[2]), sys.argv[3] == "1", sys.argv[4:])
