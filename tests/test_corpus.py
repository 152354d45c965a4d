"""Real reports exactly as their organs published them read to their hand-read truth.

``fixtures/corpus`` holds PDFs and portal pages from two provinces with their tables typed
by hand; the notes each report earns say what in it is not the template as issued.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import zfxxgk

from .conftest import FIXTURES, mismatches

CORPUS = FIXTURES / "corpus"
REPORTS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".pdf", ".html"))


def _truth(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (CORPUS / "truth" / f"{path.stem}.json").read_text(encoding="utf-8")
    )
    return data


def _report(stem: str) -> zfxxgk.Report:
    return zfxxgk.parse_file(next(p for p in REPORTS if p.stem == stem))


def test_the_corpus_is_there() -> None:
    assert len(REPORTS) == 8
    assert all((CORPUS / "truth" / f"{p.stem}.json").is_file() for p in REPORTS)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_real_report_matches_its_truth(path: Path) -> None:
    report = zfxxgk.parse_file(path)
    assert mismatches(report, _truth(path)) == []
    assert zfxxgk.from_dict(json.loads(json.dumps(zfxxgk.to_dict(report)))) == report


def test_a_2021_table_with_one_row_other_handling() -> None:
    for stem in ("002_hongze-2023", "005_pingtan-htp-2023"):
        report = _report(stem)
        assert report.generation == "2021"
        assert isinstance(report.requests.other_handling, zfxxgk.model.ApplicantCounts)
        assert any("printed as one row (the 2019 form)" in n for n in report.notes)


def test_a_row_not_printed_is_null_and_noted() -> None:
    for stem in ("005_pingtan-htp-2023", "013_pingtan-jjp-2025"):
        report = _report(stem)
        assert report.proactive.regulations is None
        assert zfxxgk.to_dict(report)["proactive"]["regulations"] is None
        assert "表二: rows not printed (null): 规章" in report.notes


def test_the_2025_section_layout() -> None:
    report = _report("013_pingtan-jjp-2025")
    assert report.processing_fees == zfxxgk.model.ProcessingFees(0, Decimal(0), Decimal(0))
    assert report.other_matters is None
    assert report.problems.startswith("2025年，我局政府信息公开工作取得阶段性成效")
    assert zfxxgk.validate(report) == ()


def test_a_mistyped_label_in_its_place_is_read_and_noted() -> None:
    report = _report("002_hongze-2023")
    assert any(
        "read “2.其他法律行政止公开” as the row 2. 其他法律行政法规禁止公开" in note
        for note in report.notes
    )


def test_money_in_yuan_is_converted_and_noted() -> None:
    report = _report("007_pingtan-jjp-2019")
    assert report.proactive.procurement == zfxxgk.model.Procurement(3, Decimal("14.723"))  # type: ignore[union-attr]
    assert any("“147230元” is in 元; read as 14.723 万元" in note for note in report.notes)


def test_reports_that_need_no_tolerance_get_no_note() -> None:
    for stem in ("001_huaian-gov-2024", "004_shuyang-fgj-2023", "011_pingtan-jjp-2021"):
        assert _report(stem).notes == ()
