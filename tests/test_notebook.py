"""docs/notebook.md (and its .ipynb, in a Jupyter kernel) and docs/dask.md run as written."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path
from types import ModuleType

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


def _make_notebook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_notebook", ROOT / "docs" / "make_notebook.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ipynb_is_made_from_the_page() -> None:
    written = (ROOT / "docs" / "notebook.ipynb").read_text(encoding="utf-8")
    assert written == _make_notebook().render(), "run: python docs/make_notebook.py"


def test_ipynb_runs_in_a_jupyter_kernel(reports_folder: Path) -> None:
    """The notebook, executed by a real IPython kernel as Jupyter would: every cell runs,
    prints what the page shows, and the rich outputs are the HTML views."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.reads(
        (ROOT / "docs" / "notebook.ipynb").read_text(encoding="utf-8"), as_version=4
    )
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(reports_folder.parent)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, if one fails
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    page = _cells(ROOT / "docs" / "notebook.md")
    assert [cell.source for cell in code] == [source.rstrip("\n") for source, _ in page]
    html: dict[str, str] = {}
    for cell, (_, shown) in zip(code, page, strict=True):
        printed = "".join(
            out.get("text", "")
            for out in cell.outputs
            if out.output_type == "stream" and out.name == "stdout"
        )
        if shown is not None:
            assert _folded(printed) == _folded(shown), cell.source
        for out in cell.outputs:
            if out.output_type == "execute_result" and "text/html" in out.data:
                html[cell.source] = out.data["text/html"]
    report_view = html["reports[0]"]
    assert 'class="zfxxgk-report"' in report_view and "表三" in report_view
    (findings_view,) = [view for source, view in html.items() if "Findings(" in source]
    assert "FEE_NOT_STATED" in findings_view and "zfxxgk-findings" in findings_view
    assert (reports_folder.parent / "penalties.png").read_bytes().startswith(b"\x89PNG")


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
