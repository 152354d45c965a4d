"""docs/notebook.md and docs/dask.md run as written, on a reports/ folder of seeds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import zfxxgk

from .conftest import SEEDS

ROOT = Path(__file__).resolve().parents[1]


def _cells(page: Path) -> list[tuple[str, str | None]]:
    """Each python block of a page, with the ```text block that shows its output, if any."""
    text = page.read_text(encoding="utf-8")
    found = re.findall(r"```python\n(.*?)```\n(?:\s*```text\n(.*?)```)?", text, flags=re.S)
    return [(code, shown or None) for code, shown in found]


def _folded(text: str) -> str:
    # Column padding differs with the terminal's idea of CJK width; the words may not.
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines())


@pytest.fixture
def reports_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    (folder / "not_a_report.txt").write_text("这不是年度报告。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_notebook_page_runs_and_prints_what_it_shows(
    reports_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cells = _cells(ROOT / "docs" / "notebook.md")
    assert len(cells) >= 6
    namespace: dict[str, object] = {"__name__": "notebook"}
    for code, shown in cells:
        exec(compile(code, "docs/notebook.md", "exec"), namespace)
        printed = capsys.readouterr().out
        if shown is not None:
            assert _folded(printed) == _folded(shown), code
    assert len(namespace["reports"]) == len(SEEDS)  # type: ignore[arg-type]
    assert isinstance(namespace["requests"], pd.DataFrame)
    figure = reports_folder.parent / "penalties.png"
    assert figure.read_bytes().startswith(b"\x89PNG")


def test_dask_recipe_on_a_local_cluster(
    reports_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (code, _), *_ = _cells(ROOT / "docs" / "dask.md")
    namespace: dict[str, object] = {"__name__": "recipe"}
    exec(compile(code, "docs/dask.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert f"{len(SEEDS) + 1} files, 1 failed" in out

    # The error came back from a worker process as a value, beside the results.
    with pytest.raises(zfxxgk.ParseError) as raised:
        zfxxgk.parse_file(reports_folder / "not_a_report.txt")
    assert namespace["errors"] == [
        {
            "path": str(Path("reports") / "not_a_report.txt"),
            "error": "ParseError",
            "message": str(raised.value),
        }
    ]
    table = pd.read_parquet(reports_folder.parent / "requests.parquet")
    expected = zfxxgk.to_dataframe(
        [zfxxgk.parse_file(seed) for seed in SEEDS],
        table="all",
        sources=[str(Path("reports") / seed.name) for seed in SEEDS],
    )
    # The recipe stores the exact Decimal amounts as their text.
    expected["amount"] = [pd.NA if a is pd.NA else str(a) for a in expected["amount"]]
    # Every report arrived, each with all its cells, values as parsed here.
    got = table.sort_values(["source", "key"]).reset_index(drop=True)
    want = expected.sort_values(["source", "key"]).reset_index(drop=True)
    assert list(got.columns) == list(want.columns)
    shown = ("source", "agency", "year", "generation", "key", "row", "column", "value", "amount")
    for column in shown:
        pd.testing.assert_series_equal(got[column], want[column], check_dtype=False)


def test_batch_page_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    (code, _), *_ = _cells(ROOT / "docs" / "batch.md")
    exec(compile(code, "docs/batch.md", "exec"), {"__name__": "batch"})
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [path.name for path in SEEDS]
