"""Sphinx configuration: the Markdown pages of docs/ (MyST) and the API reference (autodoc).

Build with warnings as errors, as the test suite does (tests/test_docs_build.py)::

    pip install '.[docs]'
    sphinx-build -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import zfxxgk

project = "zfxxgk"
author = "zfxxgk developers"
copyright = "zfxxgk developers"
release = zfxxgk.__version__
version = release

extensions = ["myst_parser", "sphinx.ext.autodoc"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "*.ipynb"]
language = "zh_CN"

# Markdown pages: ```python fences are code, [text](page.md) links are cross-references,
# and headings get anchors so that pages can link to one another's sections.
myst_heading_anchors = 3

# The API reference: signatures with their type hints, members in source order.
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "show-inheritance": False}

html_theme = "alabaster"
html_title = f"zfxxgk {release}"
