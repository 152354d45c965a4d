"""``render``: a report back to text, in each layout, that parses back to the same report."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import zfxxgk
from zfxxgk._labels import APPLICANT_COLUMNS, HEADINGS
from zfxxgk.rendering import BLANK, Layout, Row, Table, Text, pieces, write
from zfxxgk.strategies import CLAUSES, OFFICES

from .conftest import SEEDS


@pytest.fixture(scope="module")
def reports() -> dict[str, zfxxgk.Report]:
    return {path.stem[:3]: zfxxgk.parse_file(path) for path in SEEDS}


def test_layouts_are_exported() -> None:
    assert zfxxgk.rendering.LAYOUTS == ("tsv", "cells", "markdown")
    assert "render" in zfxxgk.__all__


@pytest.mark.parametrize("layout", ["tsv", "cells", "markdown"])
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_rendered_parses_back_to_itself(path: Path, layout: Layout) -> None:
    report = zfxxgk.parse_file(path)
    text = zfxxgk.render(report, layout)
    assert zfxxgk.parse(text) == report
    assert zfxxgk.render(zfxxgk.parse(text), layout) == text  # a fixed point


def test_render_is_deterministic(reports: dict[str, zfxxgk.Report]) -> None:
    for report in reports.values():
        copy = zfxxgk.from_dict(zfxxgk.to_dict(report))
        for layout in zfxxgk.rendering.LAYOUTS:
            assert zfxxgk.render(report, layout) == zfxxgk.render(copy, layout)


def test_render_is_write_of_pieces(reports: dict[str, zfxxgk.Report]) -> None:
    report = reports["000"]
    for layout in zfxxgk.rendering.LAYOUTS:
        assert write(pieces(report), layout) == zfxxgk.render(report, layout)


def test_wrong_arguments() -> None:
    with pytest.raises(TypeError, match="Report"):
        zfxxgk.render("text")  # type: ignore[arg-type]
    report = zfxxgk.parse_file(SEEDS[0])
    with pytest.raises(ValueError, match="tsv, cells, markdown"):
        zfxxgk.render(report, "html")  # type: ignore[arg-type]


def test_tsv_layout(reports: dict[str, zfxxgk.Report]) -> None:
    lines = zfxxgk.render(reports["001"], "tsv").split("\n")
    assert "规章\t0\t0\t0" in lines
    assert (
        "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t0\t0\t0\t0\t0\t0\t0" in lines
    )
    assert (
        "\t（六）其他处理\t1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        + ("\t0" * 7)
        in lines
    )
    assert "\t".join(["0"] * 15) in lines
    assert lines[:3] == ["政府信息公开工作年度报告", "", HEADINGS["SEC1"]]
    assert not any(line.startswith(("|", "#")) for line in lines)


def test_cells_layout(reports: dict[str, zfxxgk.Report]) -> None:
    text = zfxxgk.render(reports["002"], "cells")
    assert "\n\t规章\n\t0\n\t0\n\t0\n\n" in text
    assert "\n\t四、结转下年度继续办理\n" + "\t0\n" * 7 + "\n" in text
    table_lines = [line for line in text.split("\n") if "\t" in line]
    assert all(line.startswith("\t") and line.count("\t") == 1 for line in table_lines)


def test_markdown_layout(reports: dict[str, zfxxgk.Report]) -> None:
    lines = zfxxgk.render(reports["000"], "markdown").split("\n")
    assert "# 汾阳市卫生健康和体育局 2020年政府信息公开工作年度报告" in lines
    assert all(f"## {heading}" in lines for heading in HEADINGS.values())
    assert "| 政府集中采购 | 2 | 26.23 |  |" in lines
    assert "| " + " | ".join(["---"] * 15) + " |" in lines
    rows = [line for line in lines if line.startswith("|")]
    assert all(line.endswith(" |") for line in rows)


def test_official_labels_of_each_generation(reports: dict[str, zfxxgk.Report]) -> None:
    old, new = zfxxgk.render(reports["000"]), zfxxgk.render(reports["001"])
    assert "本年新制作数量" in old and "政府集中采购" in old and "本年制发件数" not in old
    assert "本年制发件数" in new and "行政规范性文件" in new and "政府集中采购" not in new
    assert "3. 其他" in new and "3. 其他" not in old
    assert all(column in old and column in new for column in APPLICANT_COLUMNS)


def test_signature_prints_agency_then_date(reports: dict[str, zfxxgk.Report]) -> None:
    assert zfxxgk.render(reports["000"]).endswith("汾阳市卫生健康和体育局\n\n2021年1月29日\n")
    # Seed 004 names its agency only in the title; the signature prints it all the same.
    assert zfxxgk.render(reports["004"]).endswith("无。\n\n黎平县卫生健康局\n")
    # Seed 001 names no agency and no date: no signature.
    assert zfxxgk.render(reports["001"]).endswith(HEADINGS["SEC6"] + "\n\n无\n")


def test_blank_cells_print_as_a_mark_never_as_nothing(reports: dict[str, zfxxgk.Report]) -> None:
    report = reports["002"]
    proactive = report.proactive
    assert isinstance(proactive, zfxxgk.model.Proactive2021)
    blank = attrs.evolve(
        report, proactive=attrs.evolve(proactive, licensing=zfxxgk.model.Decisions())
    )
    text = zfxxgk.render(blank)
    assert f"行政许可\t{BLANK}" in text.split("\n")
    assert zfxxgk.parse(text) == blank


def test_pieces_are_the_shared_content(reports: dict[str, zfxxgk.Report]) -> None:
    parts = pieces(reports["000"])
    texts = [p for p in parts if isinstance(p, Text)]
    tables = [p for p in parts if isinstance(p, Table)]
    assert [t.name for t in tables] == ["表二", "表三", "表四"]
    assert [t.text for t in texts if t.role == "heading"] == list(HEADINGS.values())
    assert [t.role for t in texts[:2]] == ["doc_number", "title"]
    assert [t.role for t in texts[-2:]] == ["organ", "date"]
    rows = [r for r in tables[1].rows if isinstance(r, Row) and r.values]
    assert len(rows) == 23 and all(len(r.values) == len(r.kinds) == 7 for r in rows)


def test_importing_zfxxgk_does_not_import_hypothesis() -> None:
    code = "import sys, zfxxgk; zfxxgk.render; assert 'hypothesis' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_word_pools_keep_the_rules_the_strategies_promise() -> None:
    numerals = "一二三四五六七八九十0123456789"
    assert not any(clause[0] in numerals for clause in CLAUSES)
    assert not any(ch.isdigit() for clause in CLAUSES for ch in clause)
    assert not any(
        word in clause for clause in CLAUSES for word in ("年报", "年度报告", "工作报告")
    )
    suffixes = ("局", "委员会", "政府", "办公室", "中心", "馆")
    assert all(office.endswith(suffixes) for office in OFFICES)


@pytest.mark.parametrize("layout", zfxxgk.rendering.LAYOUTS)
@pytest.mark.parametrize("other_matters", [None, "无。"])
def test_the_fee_table_of_the_2025_layout_is_written(
    reports: dict[str, zfxxgk.Report], layout: Layout, other_matters: str | None
) -> None:
    report = next(r for r in reports.values() if r.generation == "2021")
    fees = zfxxgk.model.ProcessingFees(2, Decimal("150.5"), None)
    report = attrs.evolve(report, processing_fees=fees, other_matters=other_matters)
    text = zfxxgk.render(report, layout)
    headings = [p.text for p in pieces(report) if isinstance(p, Text) and p.role == "heading"]
    assert headings[4:] == [
        "五、信息处理费收取情况",
        "六、存在的主要问题及改进情况",
        *(["七、其他需要报告的事项"] if other_matters else []),
    ]
    back = zfxxgk.parse(text)
    assert back.processing_fees == fees
    assert back == report
