"""A new template generation is a grammar file and a template module: nothing else changes.

``third_generation/`` holds a made-up generation "2030" (the 2021 template with one 表二
row renamed) as a user would write it; registered, it parses, validates and round-trips,
and reports of the official generations still read as before.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pytest

import zfxxgk
from zfxxgk import model, templates

from .reportkit import report_text
from .third_generation import template_2030


@pytest.fixture
def registered() -> Iterator[templates.Template]:
    template = templates.register(template_2030.TEMPLATE)
    try:
        yield template
    finally:
        del templates.TEMPLATES[template.generation]
        del model.TABLES[template.generation]


def test_a_registered_generation_parses(registered: templates.Template) -> None:
    text = report_text("2021").replace("行政强制\t9", "行政检查\t9")
    report = zfxxgk.parse(text)
    assert report.generation == "2030"
    assert report.proactive.coercion == zfxxgk.model.Decisions(9)
    assert report.requests.total is not None
    assert report.notes == ()
    assert zfxxgk.from_dict(zfxxgk.to_dict(report)) == report


def test_its_rows_are_named_in_its_own_words(registered: templates.Template) -> None:
    text = report_text("2021").replace("行政强制\t9", "行政检查\t9\t8")
    with pytest.raises(zfxxgk.ParseError) as caught:
        zfxxgk.parse(text)
    assert caught.value.where == "表二 行政检查"


def test_validation_asks_the_template_its_years_and_fee_rule(
    registered: templates.Template,
) -> None:
    text = report_text("2021").replace("行政强制\t9", "行政检查\t9")
    report = attrs.evolve(zfxxgk.parse(text), year=2030, other_matters="无。")
    codes = {finding.code for finding in zfxxgk.validate(report)}
    # Its own years, and no fee statement asked of section 六, which the 2021 template asks.
    assert not codes & {"YEAR_GENERATION", "FEE_NOT_STATED"}
    official = attrs.evolve(zfxxgk.parse(report_text("2021")), other_matters="无。")
    assert "FEE_NOT_STATED" in {finding.code for finding in zfxxgk.validate(official)}
    assert templates.for_year(2030) is registered
    assert templates.for_year(2029) is templates.get("2021")
    late = {finding.code for finding in zfxxgk.validate(attrs.evolve(report, year=2029))}
    assert "YEAR_GENERATION" in late


def test_the_official_generations_read_as_before(registered: templates.Template) -> None:
    assert zfxxgk.parse(report_text("2021")).generation == "2021"
    assert zfxxgk.parse(report_text("2019")).generation == "2019"


def test_unregistered_it_is_not_a_template() -> None:
    text = report_text("2021").replace("行政强制\t9", "行政检查\t9")
    with pytest.raises(zfxxgk.ParseError) as caught:  # 行政检查 is no 2021 row
        zfxxgk.parse(text)
    assert caught.value.where == "表二 行政强制"
    with pytest.raises(ValueError, match="no template generation '2030'"):
        templates.get("2030")
