"""The report kit's two views are one report: its text parses to its object."""

from __future__ import annotations

import pytest

import zfxxgk
from zfxxgk import render

from .reportkit import blank, build_report, distinct, kit_cells, report_text, zero


@pytest.mark.parametrize("generation", ["2019", "2021"])
def test_report_text_is_the_kit_report(generation: zfxxgk.model.Generation) -> None:
    kit = build_report(generation, kit_cells(generation))
    assert zfxxgk.parse(report_text(generation)) == kit
    # and the hand-written text is not render's: it prints labels its own way
    assert report_text(generation) != render(kit, "tsv")


@pytest.mark.parametrize("generation", ["2019", "2021"])
def test_fills_reach_every_cell(generation: zfxxgk.model.Generation) -> None:
    def cells(report: zfxxgk.Report) -> dict[str, object]:
        data = zfxxgk.to_dict(report)
        return {
            f"{table}.{key}": value
            for table in ("proactive", "requests", "appeals")
            for key, value in _leaves(data[table])
        }

    zeros, blanks, distinct_ = (
        cells(build_report(generation, fill)) for fill in (zero, blank, distinct())
    )
    assert set(zeros) == set(blanks) == set(distinct_)
    assert {str(v) for v in zeros.values()} == {"0"}  # counts 0, money "0"
    assert set(blanks.values()) == {None}
    assert len({str(v).lstrip("-") for v in distinct_.values()}) == len(distinct_)


def _leaves(data: object, prefix: str = "") -> list[tuple[str, object]]:
    if not isinstance(data, dict):
        return [(prefix, data)]
    return [
        leaf
        for key, value in data.items()
        for leaf in _leaves(value, f"{prefix}.{key}" if prefix else key)
    ]
