"""Write docs/notebook.ipynb from docs/notebook.md: the page is the source, the notebook a copy.

Each ```python block becomes a code cell, the ```text block that shows its output is left
out (running the cell prints it), and everything else (prose, ```sh blocks) becomes
Markdown cells. The notebook is stored without outputs. Run after editing the page::

    python docs/make_notebook.py

``tests/test_notebook.py`` checks that the notebook is in step with the page and runs it in
a Jupyter kernel.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```[ \t]*\n", flags=re.M | re.S)


def notebook_from_page(page: Path) -> nbformat.NotebookNode:
    """The notebook of a Markdown page: code cells for its Python, Markdown for the rest."""
    text = page.read_text(encoding="utf-8")
    cells: list[nbformat.NotebookNode] = []
    prose: list[str] = []
    last = "python"

    def flush() -> None:
        joined = "".join(prose).strip()
        if joined:
            cells.append(nbformat.v4.new_markdown_cell(joined))
        prose.clear()

    position = 0
    for fence in _FENCE.finditer(text):
        between = text[position : fence.start()]
        language, body = fence.group(1), fence.group(2)
        position = fence.end()
        if language == "text" and last == "python" and not between.strip():
            continue  # the output of the cell above
        prose.append(between)
        if language == "python":
            flush()
            cells.append(nbformat.v4.new_code_cell(body.rstrip("\n")))
        else:
            prose.append(fence.group(0))
        last = language
    prose.append(text[position:])
    flush()
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def _stable(notebook: nbformat.NotebookNode) -> str:
    """The notebook as written, with cell ids that stay the same from run to run."""
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number}"
    return nbformat.writes(notebook) + "\n"


def render(page: Path = HERE / "notebook.md") -> str:
    """The text of the .ipynb file for ``page``."""
    return _stable(notebook_from_page(page))


if __name__ == "__main__":
    (HERE / "notebook.ipynb").write_text(render(), encoding="utf-8")
