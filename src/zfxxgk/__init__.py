"""zfxxgk: China's government information-disclosure annual reports as typed data.

Parse the text of a 政府信息公开工作年度报告 into a ``Report`` in either template
generation, exactly, or get a ``ParseError`` that says where and why::

    import zfxxgk

    report = zfxxgk.parse_file("report.txt")
    report.requests.new_received.total
    zfxxgk.to_dict(report)  # the key shape of the schema, ready for JSON
"""

from .batch import parse_many
from .convert import from_dict, to_dict
from .errors import ParseError
from .frames import summarize, to_dataframe
from .model import (
    GENERATIONS,
    AppealCounts,
    Appeals,
    ApplicantCounts,
    Decisions,
    Documents2019,
    Documents2021,
    Fees2019,
    Fees2021,
    Generation,
    Items2019,
    NotProcessed,
    OtherHandling,
    Proactive2019,
    Proactive2021,
    Procurement,
    Report,
    Requests2019,
    Requests2021,
    Unavailable,
    Withheld,
)
from .parsing import parse, parse_file
from .rendering import LAYOUTS, render
from .sources import parse_bytes, parse_html
from .validation import Finding, Quote, Severity, validate, validate_series

__version__ = "0.1.0"

__all__ = [
    "GENERATIONS",
    "LAYOUTS",
    "AppealCounts",
    "Appeals",
    "ApplicantCounts",
    "Decisions",
    "Documents2019",
    "Documents2021",
    "Fees2019",
    "Fees2021",
    "Finding",
    "Generation",
    "Items2019",
    "NotProcessed",
    "OtherHandling",
    "ParseError",
    "Proactive2019",
    "Proactive2021",
    "Procurement",
    "Quote",
    "Report",
    "Requests2019",
    "Requests2021",
    "Severity",
    "Unavailable",
    "Withheld",
    "from_dict",
    "parse",
    "parse_bytes",
    "parse_file",
    "parse_html",
    "parse_many",
    "render",
    "summarize",
    "to_dataframe",
    "to_dict",
    "validate",
    "validate_series",
]
