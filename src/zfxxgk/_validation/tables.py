"""The rules on a report's tables: 表三 and 表四 arithmetic, 表二 sanity, the year's template.

Each ``check_*`` is a pure function of one report returning its findings; ``validate``
runs them in order. Blank cells count as 0 in every sum (``check_blanks`` says where).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from .. import templates
from ..model import AppealCounts, ApplicantCounts, Generation, Report
from .cells import (
    APPEAL_FIELDS,
    APPLICANT_FIELDS,
    APPLICANT_LABELS,
    DOCUMENT_ROWS,
    ITEM_ROWS,
    TABLES,
    Cell,
    Equation,
    blank_findings,
    blanks_said,
    cell_at,
    counts_in_force,
    counts_items,
    off_by,
    row_where,
    table_rows,
)
from .findings import Finding, finding

# 表三 and 表四 as equations ---------------------------------------------------------------


def _requests_rows(report: Report) -> tuple[str, ...]:
    return tuple(path for path, _ in table_rows(report.requests, "requests", ApplicantCounts))


_NOT_RESULTS = frozenset(
    ("requests.new_received", "requests.carried_over", "requests.total", "requests.carried_forward")
)


def _result_rows(report: Report) -> tuple[str, ...]:
    """The rows of 表三 三、本年度办理结果 above （七）总计, in printed order."""
    return tuple(path for path in _requests_rows(report) if path not in _NOT_RESULTS)


def _row_totals(report: Report) -> tuple[Equation, ...]:
    """表三, each row: the six applicant columns give the row's 总计."""
    return tuple(
        Equation(
            "T3_ROW_TOTAL",
            tuple(cell_at(report, f"{row}.{column}") for column in APPLICANT_FIELDS[:-1]),
            (cell_at(report, f"{row}.total"),),
        )
        for row in _requests_rows(report)
    )


def _results_totals(report: Report) -> tuple[Equation, ...]:
    """表三, each column: the result rows give （七）总计."""
    results = _result_rows(report)
    return tuple(
        Equation(
            "T3_RESULTS_TOTAL",
            tuple(cell_at(report, f"{row}.{column}") for row in results),
            (cell_at(report, f"requests.total.{column}"),),
        )
        for column in APPLICANT_FIELDS
    )


def _balances(report: Report) -> tuple[Equation, ...]:
    """表三, each column: 一 + 二 == 三（七）总计 + 四."""
    return tuple(
        Equation(
            "T3_BALANCE",
            (
                cell_at(report, f"requests.new_received.{column}"),
                cell_at(report, f"requests.carried_over.{column}"),
            ),
            (
                cell_at(report, f"requests.total.{column}"),
                cell_at(report, f"requests.carried_forward.{column}"),
            ),
        )
        for column in APPLICANT_FIELDS
    )


def _block_totals(report: Report) -> tuple[Equation, ...]:
    """表四, each block: the four results give 总计."""
    return tuple(
        Equation(
            "T4_BLOCK_TOTAL",
            tuple(cell_at(report, f"{block}.{column}") for column in APPEAL_FIELDS[:-1]),
            (cell_at(report, f"{block}.total"),),
        )
        for block, _ in table_rows(report.appeals, "appeals", AppealCounts)
    )


def _column_label(path: str) -> str:
    return APPLICANT_LABELS.get(path.rpartition(".")[2], path)


def _equation_message(equation: Equation, generation: Generation) -> str:
    expected, actual = equation.expected, equation.actual
    off = off_by(actual, expected)
    zh_blank, en_blank = blanks_said(equation.cells)
    target = equation.right[0]
    if equation.code == "T3_ROW_TOTAL":
        row = target.path.rpartition(".")[0]
        return (
            f"{row_where(target.path, generation)}：总计为{actual}，六类申请人之和为{expected}，"
            f"相差{off}{zh_blank} / {row}.total is {actual} but the six applicant columns "
            f"sum to {expected}, off by {off}{en_blank}"
        )
    if equation.code == "T3_RESULTS_TOTAL":
        return (
            f"{target.label}为{actual}，三、本年度办理结果各项之和为{expected}，相差{off}"
            f"{zh_blank} / {target.path} is {actual} but the result rows above it sum to "
            f"{expected}, off by {off}{en_blank}"
        )
    if equation.code == "T3_BALANCE":
        column = _column_label(target.path)
        new, old = (cell.number for cell in equation.left)
        total, forward = (cell.number for cell in equation.right)
        return (
            f"表三 {column}列：一、本年新收{new} + 二、上年结转{old} = {expected}，"
            f"但（七）总计{total} + 四、结转下年度继续办理{forward} = {actual}，相差{off}"
            f"{zh_blank} / column {target.path.rpartition('.')[2]}: new_received + "
            f"carried_over = {expected} but total + carried_forward = {actual}, off by {off}"
            f"{en_blank}"
        )
    block = target.path.rpartition(".")[0]
    return (
        f"{row_where(target.path, generation)}：总计为{actual}，结果维持、结果纠正、其他结果、"
        f"尚未审结之和为{expected}，相差{off}{zh_blank} / {block}.total is {actual} but "
        f"upheld + corrected + other + pending = {expected}, off by {off}{en_blank}"
    )


def _failures(equations: Iterable[Equation], generation: Generation) -> tuple[Finding, ...]:
    return tuple(
        finding(
            equation.code,
            (cell.path for cell in equation.cells),
            equation.expected,
            equation.actual,
            _equation_message(equation, generation),
        )
        for equation in equations
        if not equation.holds
    )


# Rules on one report ---------------------------------------------------------------------


def check_t3_balance(report: Report) -> tuple[Finding, ...]:
    """表三 per column: 一 + 二 == 三（七）总计 + 四 (``T3_BALANCE``)."""
    return _failures(_balances(report), report.generation)


def check_t3_results_total(report: Report) -> tuple[Finding, ...]:
    """表三 per column: （七）总计 == every result row and sub-row (``T3_RESULTS_TOTAL``)."""
    return _failures(_results_totals(report), report.generation)


def check_t3_row_total(report: Report) -> tuple[Finding, ...]:
    """表三 per row: 总计 == the six applicant columns (``T3_ROW_TOTAL``)."""
    return _failures(_row_totals(report), report.generation)


def check_t3_suspect_cell(report: Report) -> tuple[Finding, ...]:
    """表三: the one cell that explains every failed identity, if there is one.

    Every 表三 cell takes part in its row's sum and in one or two column identities, and no
    two cells take part in the same ones; so when the failed identities are exactly those
    of one cell, each off by the same amount in that cell's direction, that cell is the
    likely misprint (``T3_SUSPECT_CELL``, a note beside the errors).
    """
    equations = _row_totals(report) + _results_totals(report) + _balances(report)
    failed = [equation for equation in equations if not equation.holds]
    if not failed:
        return ()
    # A cell printed ``d`` too high moves ``actual - expected`` by +d where it is on the
    # right, -d where it is on the left.
    suspects: dict[str, tuple[Cell, int]] = {}
    candidates: set[str] | None = None
    for equation in failed:
        sides = {cell.path: 1 for cell in equation.right} | {
            cell.path: -1 for cell in equation.left
        }
        off = equation.actual - equation.expected
        here: set[str] = set()
        for cell in equation.cells:
            amount = off * sides[cell.path]
            if cell.path in suspects and suspects[cell.path][1] != amount:
                continue
            suspects.setdefault(cell.path, (cell, amount))
            here.add(cell.path)
        candidates = here if candidates is None else candidates & here
    passing = {cell.path for equation in equations if equation.holds for cell in equation.cells}
    found = sorted((candidates or set()) - passing)
    if len(found) != 1:
        return ()
    cell, amount = suspects[found[0]]
    should = cell.number - amount
    if should < 0:  # no count can be negative: the misprint is elsewhere
        return ()
    return (
        finding(
            "T3_SUSPECT_CELL",
            (cell.path,),
            should,
            cell.number,
            f"{cell.label}印为{cell.number}；若为{should}，则其所在行与列的勾稽关系全部成立 / "
            f"{cell.path} is {cell.number}; {should} would make its row and column balance",
        ),
    )


def check_t4_block_total(report: Report) -> tuple[Finding, ...]:
    """表四 per block: 总计 == 维持 + 纠正 + 其他 + 尚未审结 (``T4_BLOCK_TOTAL``)."""
    return _failures(_block_totals(report), report.generation)


def _leaf_rows(table: Any, prefix: str) -> tuple[tuple[str, Any], ...]:
    rows: list[tuple[str, Any]] = []
    for attribute in attrs.fields(type(table)):
        value = getattr(table, attribute.name)
        path = f"{prefix}.{attribute.name}"
        if value is None:  # a row the report does not print: no cells to check
            continue
        children = attrs.fields(type(value))
        if any(attrs.has(type(getattr(value, child.name))) for child in children):
            rows.extend(_leaf_rows(value, path))
        else:
            rows.append((path, value))
    return tuple(rows)


def _counts(report: Report) -> tuple[Cell, ...]:
    """Every count cell of 表二, 表三 and 表四 (not 本年增/减, not money)."""
    cells: list[Cell] = []
    for table in ("proactive", "requests", "appeals"):
        for row_path, row in _leaf_rows(getattr(report, table), table):
            for attribute in attrs.fields(type(row)):
                value = getattr(row, attribute.name)
                if attribute.name == "items_change" or not (
                    value is None or isinstance(value, int)
                ):
                    continue
                cells.append(cell_at(report, f"{row_path}.{attribute.name}"))
    return tuple(cells)


def check_negative_counts(report: Report) -> tuple[Finding, ...]:
    """No count in 表二, 表三, 表四 is negative (``NEGATIVE_COUNT``)."""
    return tuple(
        finding(
            "NEGATIVE_COUNT",
            (cell.path,),
            ">= 0",
            cell.number,
            f"{cell.label}为{cell.number}，件数不能为负 / {cell.path} is {cell.number}, "
            "a count cannot be negative",
        )
        for cell in _counts(report)
        if cell.number < 0
    )


def _items_checks(report: Report) -> tuple[tuple[Cell, Cell], ...]:
    if not counts_items(report):
        return ()
    return tuple(
        (
            cell_at(report, f"proactive.{row}.items_last_year"),
            cell_at(report, f"proactive.{row}.items_change"),
        )
        for row in ITEM_ROWS
    )


def check_t2_items(report: Report) -> tuple[Finding, ...]:
    """表二 (2019): 上一年项目数量 + 本年增/减 is not negative (``T2_ITEMS_NEGATIVE``)."""
    findings: list[Finding] = []
    for last, change in _items_checks(report):
        now = last.number + change.number
        if now < 0:
            zh_blank, en_blank = blanks_said((last, change))
            row = last.path.rpartition(".")[0]
            findings.append(
                finding(
                    "T2_ITEMS_NEGATIVE",
                    (last.path, change.path),
                    ">= 0",
                    now,
                    f"{row_where(last.path, report.generation)}：上一年项目数量{last.number} + "
                    f"本年增/减{change.number} = {now}，项目数不能为负{zh_blank} / {row}: "
                    f"items_last_year + items_change = {now}, below 0{en_blank}",
                )
            )
    return tuple(findings)


def _in_force_checks(report: Report) -> tuple[tuple[Cell, Cell, Cell], ...]:
    if not counts_in_force(report):
        return ()
    return tuple(
        (
            cell_at(report, f"proactive.{row}.issued"),
            cell_at(report, f"proactive.{row}.repealed"),
            cell_at(report, f"proactive.{row}.in_force"),
        )
        for row in DOCUMENT_ROWS
    )


def check_t2_in_force(report: Report) -> tuple[Finding, ...]:
    """表二 (2021): 现行有效件数 >= 本年制发件数 − 本年废止件数 (``T2_IN_FORCE_BELOW_NET``).

    It follows from 现行有效(N) = 现行有效(N−1) + 制发(N) − 废止(N) with 现行有效(N−1) >= 0.
    """
    findings: list[Finding] = []
    for issued, repealed, in_force in _in_force_checks(report):
        net = issued.number - repealed.number
        if in_force.number < net:
            zh_blank, en_blank = blanks_said((issued, repealed, in_force))
            row = issued.path.rpartition(".")[0]
            findings.append(
                finding(
                    "T2_IN_FORCE_BELOW_NET",
                    (in_force.path, issued.path, repealed.path),
                    f">= {net}",
                    in_force.number,
                    f"{row_where(issued.path, report.generation)}：现行有效件数为"
                    f"{in_force.number}，少于本年制发{issued.number} − 本年废止{repealed.number}"
                    f" = {net}{zh_blank} / {row}.in_force is {in_force.number}, less than "
                    f"issued − repealed = {net}{en_blank}",
                )
            )
    return tuple(findings)


def _published_checks(report: Report) -> tuple[tuple[Cell, Cell], ...]:
    if not counts_items(report):
        return ()
    return tuple(
        (
            cell_at(report, f"proactive.{row}.published"),
            cell_at(report, f"proactive.{row}.total_published"),
        )
        for row in DOCUMENT_ROWS
    )


def check_t2_total_published(report: Report) -> tuple[Finding, ...]:
    """表二 (2019): 对外公开总数量 >= 本年新公开数量 (``T2_TOTAL_BELOW_NEW``)."""
    findings: list[Finding] = []
    for published, total in _published_checks(report):
        if total.value is not None and total.number < published.number:
            row = total.path.rpartition(".")[0]
            findings.append(
                finding(
                    "T2_TOTAL_BELOW_NEW",
                    (total.path, published.path),
                    f">= {published.number}",
                    total.number,
                    f"{row_where(total.path, report.generation)}：对外公开总数量{total.number}"
                    f"少于本年新公开数量{published.number} / {row}.total_published is "
                    f"{total.number}, less than published = {published.number}",
                )
            )
    return tuple(findings)


# The template for the year ----------------------------------------------------------------


def check_year_generation(report: Report) -> tuple[Finding, ...]:
    """The template fits the year (``YEAR_GENERATION``), or the year is unknown
    (``YEAR_UNKNOWN``)."""
    if report.year is None:
        return (
            finding(
                "YEAR_UNKNOWN",
                ("year",),
                None,
                None,
                f"报告未写明年度，未核对所用模板（{report.generation}版）/ the report states no "
                f"year, so its {report.generation!r} template was not checked against it",
            ),
        )
    # A year before the first template is held to the first.
    template = templates.for_year(report.year) or min(
        templates.TEMPLATES.values(), key=lambda template: template.years[0]
    )
    if template.generation == report.generation:
        return ()
    expected, used = template.generation, templates.get(report.generation)
    return (
        finding(
            "YEAR_GENERATION",
            ("year", "generation"),
            expected,
            report.generation,
            f"{report.year}年度报告应使用{template.notice}的表格，却使用了"
            f"{used.notice}的表格 / a report for {report.year} should use the "
            f"{expected!r} tables, it uses the {report.generation!r} ones",
        ),
    )


# Blank cells -------------------------------------------------------------------------------


def _sum_groups(report: Report) -> tuple[tuple[Cell, ...], ...]:
    """Every group of cells that some check adds up, for ``BLANK_AS_ZERO``."""
    equations = (
        _row_totals(report) + _results_totals(report) + _balances(report) + _block_totals(report)
    )
    return (
        tuple(equation.cells for equation in equations)
        + _items_checks(report)
        + _in_force_checks(report)
        + _published_checks(report)
    )


def check_blanks(report: Report) -> tuple[Finding, ...]:
    """Blank cells read as 0 where they took part in a check (``BLANK_AS_ZERO``, notes).

    One note per table lists the blank cells that were summed next to printed numbers; a
    table of 表三 or 表四 with no printed number at all gets one note naming the table.
    """
    findings = list(blank_findings(_sum_groups(report)))
    counts = _counts(report)
    for table in ("requests", "appeals"):
        cells = [cell for cell in counts if cell.path.startswith(f"{table}.")]
        if cells and all(cell.value is None for cell in cells):
            findings.append(
                finding(
                    "BLANK_AS_ZERO",
                    (table,),
                    None,
                    None,
                    f"{TABLES[table]}全部为空白，按0计 / {TABLES[table]} ({table}) is blank "
                    "throughout and was read as all 0",
                )
            )
    return tuple(findings)
