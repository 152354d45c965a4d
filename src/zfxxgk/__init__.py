"""zfxxgk: China's government information-disclosure annual reports as typed data.

Parse the text of a 政府信息公开工作年度报告 into a ``Report`` in either template
generation, exactly, or get a ``ParseError`` that says where and why::

    import zfxxgk

    report = zfxxgk.parse_file("report.txt")
    report.requests.new_received.total
    zfxxgk.to_dict(report)  # the key shape of the schema, ready for JSON

The table classes are in ``zfxxgk.model``, the error classes in ``zfxxgk.errors``, the
template generations in ``zfxxgk.templates``.
"""

# Nothing but the error classes is imported here: each name below is imported from its
# module when first used (PEP 562), so `import zfxxgk` costs milliseconds and a program
# that only parses never loads validation, the DataFrames or the format readers.
import importlib
import warnings
from typing import TYPE_CHECKING, Any

from .errors import MissingExtraError, ParseError, ZfxxgkError

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time see __getattr__
    from ._batch import parse_many
    from ._convert import from_dict, to_dict
    from ._frames import summarize, to_dataframe
    from ._parsing import parse
    from .model import Report
    from .rendering import render
    from .sources import parse_bytes, parse_file
    from .validation import Finding, validate, validate_series

#: Where each public name lives, for __getattr__.
_HOMES = {
    "parse_many": "_batch",
    "from_dict": "_convert",
    "to_dict": "_convert",
    "summarize": "_frames",
    "to_dataframe": "_frames",
    "Report": "model",
    "parse": "_parsing",
    "parse_file": "sources",
    "render": "rendering",
    "parse_bytes": "sources",
    **dict.fromkeys(["Finding", "validate", "validate_series"], "validation"),
}

#: Names ``zfxxgk`` exported before 0.2: importable for one more release, with a warning
#: that says where they live now (the table classes in ``zfxxgk.model``).
_DEPRECATED = {
    **dict.fromkeys(
        [
            "GENERATIONS",
            "AppealCounts",
            "Appeals",
            "ApplicantCounts",
            "Decisions",
            "Documents2019",
            "Documents2021",
            "Fees2019",
            "Fees2021",
            "Generation",
            "Items2019",
            "NotProcessed",
            "OtherHandling",
            "Proactive2019",
            "Proactive2021",
            "Procurement",
            "Requests2019",
            "Requests2021",
            "Unavailable",
            "Withheld",
        ],
        "model",
    ),
    "LAYOUTS": "rendering",
    "parse_html": "sources",
    "Quote": "validation",
    "Severity": "validation",
}

#: The public submodules, loaded on first use, so ``zfxxgk.rendering.pieces`` (and the
#: like) works without its own import. Modules whose names start with ``_`` are the
#: implementation: no promise is made about them.
_SUBMODULES = frozenset(
    [
        "display",
        "errors",
        "limits",
        "model",
        "rendering",
        "sources",
        "strategies",
        "templates",
        "validation",
    ]
)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is not None:
        value = getattr(importlib.import_module(f".{home}", __name__), name)
    elif name in _DEPRECATED:
        home = _DEPRECATED[name]
        warnings.warn(
            f"zfxxgk.{name} is deprecated and will be removed in 0.3; use zfxxgk.{home}.{name}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(f".{home}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # the next lookup finds it without coming here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBMODULES})


__version__ = "0.1.0"

__all__ = [
    "Finding",
    "MissingExtraError",
    "ParseError",
    "Report",
    "ZfxxgkError",
    "from_dict",
    "parse",
    "parse_bytes",
    "parse_file",
    "parse_many",
    "render",
    "summarize",
    "to_dataframe",
    "to_dict",
    "validate",
    "validate_series",
]
