"""The Python examples in the README run and print what they say."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_readme_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)```", text, flags=re.S)[:2]
    assert "zfxxgk parse --sample" in commands[0]
    assert "pytest" in commands[1]


@pytest.mark.parametrize("block", _python_blocks(ROOT / "README.md"))
def test_readme_example_runs(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    # Values written beside the code as "# value" comments must be what the code gives.
    for line in block.splitlines():
        match = re.match(r"(report\.[\w.]+(?:, report\.[\w.]+)*)\s+# (.+)$", line.strip())
        if match:
            assert repr(eval(match.group(1), namespace)) == match.group(2), line
    assert os.getcwd() == str(ROOT)
