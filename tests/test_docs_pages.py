"""The documentation: the Sphinx build (warnings as errors), the API reference, the errors page.

The site is built from docs/ with ``sphinx-build -W``: a docstring that breaks reST, a link
to a page that does not exist, a name autodoc cannot import fail the suite.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import zfxxgk

from .test_notebook import _cells, _folded

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(source), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = _build(DOCS, out)
    assert done.returncode == 0, done.stderr
    return out


def test_every_page_is_built(site: Path) -> None:
    pages = {path.stem for path in DOCS.glob("*.md")}
    assert {"api", "errors", "supported", "notebook", "dask"} <= pages
    for page in pages:
        assert (site / f"{page}.html").is_file(), page
    index = (site / "index.html").read_text(encoding="utf-8")
    for page in pages - {"index"}:
        assert f'href="{page}.html"' in index, f"{page} is not in the table of contents"


def test_every_public_name_is_in_the_api_reference(site: Path) -> None:
    api = (site / "api.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="(zfxxgk\.[\w.]+)"', api))
    missing = [name for name in zfxxgk.__all__ if f"zfxxgk.{name}" not in anchors]
    assert not missing
    # Generated from the docstrings, not written by hand.
    assert "The cells of many reports as a pandas DataFrame" in api
    assert "zfxxgk.display.Findings" in anchors


def test_a_warning_fails_the_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("_build"))
    with (docs / "usage.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [a page that is not there](not_there.md).\n")
    done = _build(docs, tmp_path / "out")
    assert done.returncode != 0
    assert "not_there" in done.stderr


def test_errors_page_prints_what_it_shows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    cells = _cells(DOCS / "errors.md")
    assert len(cells) >= 7
    namespace: dict[str, object] = {"__name__": "errors"}
    for code, shown in cells:
        exec(compile(code, "docs/errors.md", "exec"), namespace)
        printed = capsys.readouterr().out
        assert shown is not None, code
        assert _folded(printed) == _folded(shown), code


def test_errors_page_quotes_the_missing_extra_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from zfxxgk.sources import MissingExtraError

    text = (DOCS / "errors.md").read_text(encoding="utf-8")
    section = text.split("## A missing optional extra", 1)[1]
    (quoted,) = re.findall(r"```text\n(.*?)\n```", section.split("##", 1)[0], flags=re.S)
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    pdf = (ROOT / "tests" / "fixtures" / "formats").glob("*.pdf")
    with pytest.raises(MissingExtraError) as raised:
        zfxxgk.parse_file(next(pdf))
    assert str(raised.value) == quoted
