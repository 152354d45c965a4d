"""Write the differential corpus: texts, each with the outcome today's ``parse`` gives it.

    python tests/differential/make_corpus.py

Run it only to add texts or when a change of outcome is meant (and say so in the commit):
tests/test_differential.py checks that ``parse`` reproduces every stored outcome exactly,
so a speed-up that changes one number, note or error position fails there.

The texts:

- ``generated/``: ``zfxxgk.strategies.reports()`` (consistent or not) rendered in every
  layout, and ``damaged()`` in every layout, drawn derandomized (a fixed seed);
- ``seed/``: the seed reports in tests/fixtures/*.txt, and ``cut/``: each cut short at a
  few places;
- ``formats/``, ``corpus/``: ``zfxxgk.sources.extract_text`` of every file in
  tests/fixtures/formats and tests/fixtures/corpus (a file it refuses is left out);
- ``test_variants/``, ``test_errors/``, ``test_parse/``: every text those test modules pass
  to ``zfxxgk.parse`` (recorded while pytest runs them), errors and all.

An outcome is ``{"report": to_dict(report)}`` or ``{"error": {reason, where, line,
column}}``. One JSON object a line in corpus.jsonl.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import zfxxgk
from zfxxgk.rendering import LAYOUTS
from zfxxgk.strategies import damaged, reports

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
CORPUS = HERE / "corpus.jsonl"
#: Reports drawn per kind (consistent, free); each gives 2 × len(LAYOUTS) texts.
GENERATED = 20
#: Texts kept per test function at most (Hypothesis tests pass many).
PER_TEST = 12
SEEDS = sorted((TESTS / "fixtures").glob("*.txt"))
RECORDED_MODULES = ("test_variants", "test_errors", "test_parse")


def outcome(text: str) -> dict[str, Any]:
    """What ``parse`` makes of ``text``: the report as plain data, or the error's place."""
    try:
        report = zfxxgk.parse(text)
    except zfxxgk.ParseError as error:
        return {
            "error": {
                "reason": error.reason,
                "where": error.where,
                "line": error.line,
                "column": error.column,
            }
        }
    data: dict[str, Any] = json.loads(json.dumps(zfxxgk.to_dict(report)))
    return {"report": data}


def generated() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for consistent in (True, False):
        texts += _draw(consistent)
    return texts


def _draw(consistent: bool) -> list[tuple[str, str]]:
    """Reports drawn derandomized: each rendered, and damaged, in every layout."""
    kind = "consistent" if consistent else "free"
    texts: list[tuple[str, str]] = []

    @settings(
        max_examples=GENERATED,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(report=reports(consistent=consistent), data=st.data())
    def collect(report: zfxxgk.Report, data: st.DataObject) -> None:
        number = len(texts) // (2 * len(LAYOUTS))
        for layout in LAYOUTS:
            name = f"generated/{kind}-{number:02d}-{layout}"
            texts.append((name, zfxxgk.render(report, layout)))
            texts.append((f"{name}-damaged", data.draw(damaged(report, layout))))

    collect()
    return texts


def files() -> list[tuple[str, str]]:
    from zfxxgk.sources import extract_text

    texts = [(f"seed/{path.name}", path.read_text(encoding="utf-8")) for path in SEEDS]
    for folder in ("formats", "corpus"):
        for path in sorted((TESTS / "fixtures" / folder).iterdir()):
            if path.suffix.lower() not in (".html", ".docx", ".pdf"):
                continue
            try:
                text = extract_text(path.read_bytes(), filename=path.name)
            except zfxxgk.ParseError:
                continue  # a scan: no text to compare
            texts.append((f"{folder}/{path.name}.txt", text))
    # Each seed cut short at a few places: a report that ends inside a table or a section.
    for name, text in texts[: len(SEEDS)]:
        lines = text.split("\n")
        for tenth in (2, 4, 5, 7, 9):
            texts.append(
                (f"cut/{name[5:]}@{tenth}0%", "\n".join(lines[: len(lines) * tenth // 10]))
            )
    return texts


class _Recorder:
    """A pytest plugin that keeps every text the running tests pass to ``zfxxgk.parse``."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []
        self._test = ""
        self._counts: dict[str, int] = {}
        self._parse = zfxxgk.parse

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self._test = f"{item.module.__name__.rpartition('.')[2]}/{item.name}"  # type: ignore[attr-defined]

    def pytest_sessionstart(self) -> None:
        def recording(text: str) -> zfxxgk.Report:
            if isinstance(text, str):
                count = self._counts.get(self._test, 0)
                if count < PER_TEST:
                    self._counts[self._test] = count + 1
                    self.texts.append((f"{self._test}#{count}", text))
            return self._parse(text)

        zfxxgk.parse = recording  # type: ignore[assignment]

    def pytest_sessionfinish(self) -> None:
        zfxxgk.parse = self._parse  # type: ignore[assignment]


def recorded() -> list[tuple[str, str]]:
    recorder = _Recorder()
    paths = [str(TESTS / f"{name}.py") for name in RECORDED_MODULES]
    code = pytest.main([*paths, "-q", "-p", "no:cacheprovider"], plugins=[recorder])
    if code != 0:
        sys.exit(f"the recorded tests failed (exit {code}); fix them before recording")
    return recorder.texts


def main() -> None:
    texts = generated() + files() + recorded()
    seen: set[str] = set()
    with CORPUS.open("w", encoding="utf-8") as out:
        for case, text in texts:
            if text in seen:
                continue
            seen.add(text)
            record = {"case": case, "text": text, **outcome(text)}
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(seen)} texts written to {CORPUS.relative_to(TESTS.parent)}")


if __name__ == "__main__":
    main()
