"""One cattrs converter: ``to_dict`` / ``from_dict`` in the key shape of schema.md.

``from_dict`` is strict: every key ``to_dict`` writes must be there, and no other (a
misspelled ``totl`` is an error naming ``$.requests.total``, not a blank cell). Decimal
travels as a string ("26.23"), dates as ISO strings, tuples as lists, so the
output of ``to_dict`` survives ``json.dumps``. The union fields of ``Report`` are told
apart by their keys (a 2019 表二 has ``procurement``; a 2021 表三 has three rows under
``other_handling``) and ``Report`` itself checks that they match its ``generation``.
"""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn
from cattrs.v import format_exception

from .model import (
    GENERATIONS,
    TABLES,
    ApplicantCounts,
    OtherHandling,
    Proactive2019,
    Proactive2021,
    Report,
    Requests2019,
    Requests2021,
)

__all__ = ["RECORD_KEYS", "from_dict", "to_dict"]

#: Keys a record of ``zfxxgk parse`` adds beside the report's; ``from_dict`` skips them.
RECORD_KEYS = ("source", "findings")


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"expected a decimal string such as '26.23', got {value!r}")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"expected a decimal string such as '26.23', got {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"expected a finite decimal, got {value!r}")
    return number


def _structure_int(value: object, _: type) -> int:
    # cattrs' default would turn "3" and 3.7 into 3; a count must already be an int.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def _structure_date(value: object, _: type) -> datetime.date:
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string such as '2021-01-29', got {value!r}")
    return datetime.date.fromisoformat(value)


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _say(exception: BaseException, type_: type | None) -> str:
    # Our hooks' and validators' messages say more than cattrs' "invalid value".
    if isinstance(exception, ValueError) and str(exception):
        return str(exception)
    return format_exception(exception, type_)


def _has_key(data: object, *path: str) -> bool:
    for key in path:
        if not isinstance(data, Mapping) or key not in data:
            return False
        data = data[key]
    return True


def _all_keys_hook(cls: type, converter: cattrs.Converter) -> Any:
    """Structure an attrs class from a dict that must hold every field, defaults too."""
    structure: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True
    )
    fields = attrs.fields(cls)

    def checked(data: Any, type_: type) -> Any:
        if isinstance(data, Mapping):
            missing = [field for field in fields if field.name not in data]
            if missing:
                errors: list[Exception] = []
                extra = set(data) - {field.name for field in fields}
                if extra:  # a misspelled key is missing under its right name, too
                    errors.append(
                        ForbiddenExtraKeysError(f"Extra fields in {cls.__name__}", cls, extra)
                    )
                for field in missing:
                    error = KeyError(field.name)
                    note = AttributeValidationNote(
                        f"Required field {field.name!r} missing", field.name, field.type
                    )
                    # As cattrs notes a missing field: transform_error reads the path off it
                    # (``__notes__`` itself, for Python 3.10, which lacks add_note).
                    setattr(error, "__notes__", [note])  # noqa: B010
                    errors.append(error)
                raise ClassValidationError(f"While structuring {cls.__name__}", errors, cls)
        return structure(data, type_)

    return checked


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook_factory(attrs.has, lambda cls: _all_keys_hook(cls, converter))
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    converter.register_structure_hook(datetime.date, _structure_date)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(str, _structure_str)
    # 表二's and 表三's classes differ by generation, and 表三's share their keys (2021's
    # （六） may be one row): the report's generation, read first, picks them.
    converter.register_structure_hook(
        Proactive2019 | Proactive2021,
        lambda data, _: converter.structure(data, _table_class(data, 0)),
    )
    converter.register_structure_hook(
        Requests2019 | Requests2021,
        lambda data, _: converter.structure(data, _table_class(data, 1)),
    )
    converter.register_structure_hook(
        OtherHandling | ApplicantCounts | None,
        lambda data, _: (
            None
            if data is None
            else converter.structure(
                data, OtherHandling if _has_key(data, "no_correction") else ApplicantCounts
            )
        ),
    )
    report_hook = converter.get_structure_hook(Report)

    def structure_report(data: Any, cls: type) -> Report:
        generation = data.get("generation") if isinstance(data, Mapping) else None
        token = _generation.set(generation)
        try:
            report: Report = report_hook(data, cls)
        finally:
            _generation.reset(token)
        return report

    converter.register_structure_hook(Report, structure_report)
    return converter


def _table_class(data: object, index: int) -> type:
    """The class of a report's 表二 (index 0) or 表三 (1): its generation's, unless the keys
    are another generation's (then ``Report`` says the two disagree, naming both)."""
    # An unknown generation: the latest built-in one's, for Report to name in its error.
    own = TABLES.get(_generation.get() or "", TABLES[GENERATIONS[-1]])[index]
    if not isinstance(data, Mapping):
        return own
    for cls in (own, *(tables[index] for tables in TABLES.values())):
        if set(data) == {field.name for field in attrs.fields(cls)}:
            return cls
    return own


#: The generation of the report being structured, for the hooks of its tables.
_generation: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "zfxxgk_generation", default=None
)


_converter = _make_converter()


def to_dict(report: Report) -> dict[str, Any]:
    """Return the report as plain data in the key shape of schema.md.

    The result holds only ``dict``, ``list``, ``str``, ``int`` and ``None`` and survives a
    round trip through ``json``: money is a decimal string, dates are ISO strings.

    >>> to_dict(report)["requests"]["total"]["natural_person"]  # doctest: +SKIP
    0
    """
    if not isinstance(report, Report):
        raise TypeError(f"to_dict() takes a zfxxgk.Report, not {type(report).__name__}")
    data: dict[str, Any] = _converter.unstructure(report)
    return data


def from_dict(data: Mapping[str, Any]) -> Report:
    """Build a ``Report`` from the output of ``to_dict`` (or JSON read back from it).

    ``from_dict(to_dict(report)) == report``. Strict: a key that is missing or unknown
    (a misspelled ``totl``) is an error, as is a value of the wrong type. The keys a
    record of ``zfxxgk parse`` adds at the top (``source``, ``findings``) are skipped, so
    its JSON lines read back as they are. Bad input raises ``ValueError`` whose message
    names every offending key, e.g. ``$.requests.total.natural_person``.
    """
    if not isinstance(data, Mapping):
        raise TypeError(f"from_dict() takes a mapping, not {type(data).__name__}")
    data = {key: value for key, value in data.items() if key not in RECORD_KEYS}
    try:
        report: Report = _converter.structure(data, Report)
    except cattrs.BaseValidationError as error:
        problems = "; ".join(cattrs.transform_error(error, format_exception=_say))
        raise ValueError(f"not a zfxxgk report: {problems}") from None
    return report
