"""to_dict / from_dict: the schema's key shape, JSON-safe, and clear errors on bad input."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import zfxxgk

from .conftest import SEEDS


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return zfxxgk.to_dict(zfxxgk.parse_file(SEEDS[0]))


def test_keys_are_the_schema(data: dict[str, Any]) -> None:
    assert list(data)[:12] == [
        "generation",
        "year",
        "agency",
        "title",
        "doc_number",
        "published_on",
        "overview",
        "proactive",
        "requests",
        "appeals",
        "problems",
        "other_matters",
    ]
    assert data["proactive"]["procurement"] == {"projects": 2, "amount": "26.23"}
    assert data["published_on"] == "2021-01-29"
    assert set(data["appeals"]["review"]) == {"upheld", "corrected", "other", "pending", "total"}


def test_json_round_trip(data: dict[str, Any]) -> None:
    again = json.loads(json.dumps(data, ensure_ascii=False))
    assert again == data
    assert zfxxgk.from_dict(again) == zfxxgk.parse_file(SEEDS[0])


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_from_dict_gives_back_the_same_classes(path: Any) -> None:
    report = zfxxgk.parse_file(path)
    again = zfxxgk.from_dict(zfxxgk.to_dict(report))
    assert type(again.proactive) is type(report.proactive)
    assert type(again.requests) is type(report.requests)


def _broken(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    broken = copy.deepcopy(data)
    *parents, last = path.split(".")
    target = broken
    for key in parents:
        target = target[key]
    target[last] = value
    return broken


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("requests.total.natural_person", "many"),
        ("requests.total.natural_person", 1.5),
        ("proactive.procurement.amount", "lots"),
        ("published_on", "29 January"),
        ("appeals.review.upheld", True),
    ],
)
def test_bad_value_names_its_key(data: dict[str, Any], path: str, value: Any) -> None:
    with pytest.raises(ValueError, match=r"\$\." + path.replace(".", r"\.")):
        zfxxgk.from_dict(_broken(data, path, value))


def test_missing_key_is_named(data: dict[str, Any]) -> None:
    broken = copy.deepcopy(data)
    del broken["requests"]["withheld"]
    with pytest.raises(ValueError, match=r"requests\.withheld"):
        zfxxgk.from_dict(broken)


def test_generation_must_match_the_tables(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="generation '2021'"):
        zfxxgk.from_dict(_broken(data, "generation", "2021"))


def test_wrong_types_of_argument() -> None:
    with pytest.raises(TypeError):
        zfxxgk.from_dict([1, 2])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        zfxxgk.to_dict({"generation": "2019"})  # type: ignore[arg-type]


def test_decimal_travels_as_string() -> None:
    report = zfxxgk.parse_file(SEEDS[0])
    assert report.proactive.procurement.amount == Decimal("26.23")  # type: ignore[union-attr]


def test_a_misspelled_key_is_an_error_naming_it(data: dict[str, Any]) -> None:
    broken = copy.deepcopy(data)
    broken["requests"]["total"]["totl"] = broken["requests"]["total"].pop("total")
    with pytest.raises(ValueError) as raised:
        zfxxgk.from_dict(broken)
    assert r"extra fields found (totl) @ $.requests.total" in str(raised.value)
    assert r"required field missing @ $.requests.total.total" in str(raised.value)


@pytest.mark.parametrize(
    ("where", "key"),
    [("", "agencyy"), ("appeals.review", "upheld_"), ("proactive.procurement", "note")],
)
def test_an_unknown_key_is_an_error(data: dict[str, Any], where: str, key: str) -> None:
    broken = copy.deepcopy(data)
    target = broken
    for part in filter(None, where.split(".")):
        target = target[part]
    target[key] = 0
    path = "$." + where if where else "$"
    with pytest.raises(ValueError, match=re.escape(f"extra fields found ({key}) @ {path}")):
        zfxxgk.from_dict(broken)


@pytest.mark.parametrize("key", ["notes", "source_format", "doc_number"])
def test_a_key_with_a_default_must_be_there_too(data: dict[str, Any], key: str) -> None:
    broken = copy.deepcopy(data)
    del broken[key]
    with pytest.raises(ValueError, match=re.escape(f"required field missing @ $.{key}")):
        zfxxgk.from_dict(broken)


def test_a_record_of_the_command_line_reads_back(tmp_path: Path) -> None:
    from zfxxgk._cli import main

    out = tmp_path / "out.jsonl"
    assert main(["parse", str(SEEDS[0]), "--validate", "-o", str(out), "-q"]) == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert {"source", "findings"} <= set(record)
    assert zfxxgk.from_dict(record) == zfxxgk.parse_file(SEEDS[0])
