"""Portal pages as agencies write them: blank cells, titles only in the page, bold headings.

Each test changes one thing in a seed's bare page (tests/fixtures/formats/000.bare.html)
and checks the reading.
"""

from __future__ import annotations

import pytest

import zfxxgk

from .damagekit import FORMATS

PAGE = (FORMATS / "000.bare.html").read_text(encoding="utf-8")
TITLE = "汾阳市卫生健康和体育局 2020年政府信息公开工作年度报告"
TITLE_LINE = (
    f'<p style="text-align:center"><strong><span style="font-size:22px">{TITLE}</span></strong></p>'
)
HEADING = (
    '<p style="text-indent:2em"><strong><span style="font-family:黑体">一、政务公开工作总体情况'
    "</span></strong></p>"
)


def _first_cell_after(page: str, label: str, cell: str) -> str:
    """The page with the first value cell of the row labelled ``label`` replaced."""
    start = page.index("<td", page.index("</td>", page.index(label)))
    end = page.index("</td>", start) + len("</td>")
    return page[:start] + cell + page[end:]


@pytest.mark.parametrize(
    "cell",
    [
        "<td>&nbsp;</td>",
        "<td>\u3000</td>",
        "<td><br/></td>",
        "<td><p><o:p> </o:p></p></td>",
        '<td><p class="MsoNormal"><span lang="EN-US">&nbsp;<o:p></o:p></span></p></td>',
        "<td><p></p><p>&nbsp;</p></td>",
    ],
)
def test_a_blank_cell_as_portals_write_it_is_null(cell: str) -> None:
    # The first number column: a blank there is told from a label's padding.
    page = _first_cell_after(PAGE, "属于国家秘密", cell)
    report = zfxxgk.sources.parse_html(page)
    assert report.requests.withheld.state_secret.natural_person is None
    assert report.requests.withheld.state_secret.commercial == 0


def test_a_number_padded_with_empty_paragraphs_is_read() -> None:
    cell = "<td><p>&nbsp;</p><p><span>\u30007</span></p><p><o:p></o:p></p></td>"
    page = _first_cell_after(PAGE, "属于国家秘密", cell)
    assert zfxxgk.sources.parse_html(page).requests.withheld.state_secret.natural_person == 7


def _untitled(title_tag: str, head: str = "") -> str:
    assert TITLE_LINE in PAGE
    page = PAGE.replace(TITLE_LINE, "")
    return page.replace(f"<title>{TITLE}</title>", f"{head}<title>{title_tag}</title>")


def test_title_from_the_page_title_without_the_site_name() -> None:
    report = zfxxgk.sources.parse_html(
        _untitled("汾阳市卫生健康和体育局2020年政府信息公开工作年度报告_汾阳市人民政府")
    )
    assert report.title == "汾阳市卫生健康和体育局2020年政府信息公开工作年度报告"
    assert report.agency == "汾阳市卫生健康和体育局"
    assert report.year == 2020


def test_title_from_the_article_title_meta() -> None:
    meta = (
        '<meta name="ArticleTitle" content="汾阳市卫生健康和体育局2020年政府信息公开工作年度报告">'
    )
    report = zfxxgk.sources.parse_html(_untitled("汾阳市人民政府 - 政务公开", meta))
    assert report.title == "汾阳市卫生健康和体育局2020年政府信息公开工作年度报告"


def test_a_site_name_is_never_the_title() -> None:
    report = zfxxgk.sources.parse_html(_untitled("汾阳市人民政府"))
    assert report.title is None
    assert report.agency == "汾阳市卫生健康和体育局"  # from the page's organ line, as before


@pytest.mark.parametrize(
    "heading",
    [
        '<p><font face="黑体" size="4">一、政务公开工作总体情况</font></p>',
        '<p><span>一、</span><b style="font-size:16px">政务公开</b><span>工作总体情况</span></p>',
        "<p><span>&nbsp;&nbsp;一、政务公开工作总体情况&nbsp;</span></p>",
    ],
)
def test_a_heading_in_span_strong_or_font(heading: str) -> None:
    report = zfxxgk.sources.parse_html(PAGE.replace(HEADING, heading))
    assert report == zfxxgk.sources.parse_html(PAGE)


@pytest.mark.parametrize("tag", ["strong", "b", "font", "span"])
def test_a_bold_heading_with_its_paragraph_run_on(tag: str) -> None:
    # <p><strong>一、…总体情况</strong>2020年度，我局…</p>: the heading is a line of its own.
    start = PAGE.index(HEADING) + len(HEADING)
    end = PAGE.index("</p>", start) + len("</p>")
    paragraph = PAGE[start:end]
    body = paragraph[paragraph.index("2020年度") : paragraph.index("</span>")]
    page = PAGE[: PAGE.index(HEADING)] + (
        f"<p><{tag}>一、政务公开工作总体情况</{tag}>{body}</p>" + PAGE[end:]
    )
    report = zfxxgk.sources.parse_html(page)
    assert report.overview.startswith("2020年度，我局严格按照")
    assert report == zfxxgk.sources.parse_html(PAGE)


def test_a_heading_cut_over_two_spans_is_not_split() -> None:
    heading = "<p><span>一、政务公开</span><span>工作总体情况</span></p>"
    assert zfxxgk.sources.parse_html(PAGE.replace(HEADING, heading)) == zfxxgk.sources.parse_html(
        PAGE
    )
