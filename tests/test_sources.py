"""Reports as published: HTML pages, .docx and PDF files parse to their seed's truth.

The documents in fixtures/formats/ are written by fixtures/make_fixtures.py from the seed
reports; each must parse to exactly the seed's truth file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import zfxxgk
from zfxxgk.sources import MissingExtraError, extract_text, sniff_format
from zfxxgk.sources._common import _Cell, _expand

from .conftest import FIXTURES, SEEDS, mismatches, truth_of

FORMATS = FIXTURES / "formats"
SEED_OF = {path.stem[:3]: path for path in SEEDS}
DOCUMENTS = sorted(path for path in FORMATS.iterdir() if path.suffix in (".html", ".docx", ".pdf"))
REPORTS = [path for path in DOCUMENTS if path.name[:3] in SEED_OF]


def test_every_seed_has_every_format() -> None:
    names = {path.name for path in DOCUMENTS}
    for stem in SEED_OF:
        assert {f"{stem}.html", f"{stem}.bare.html", f"{stem}.docx", f"{stem}.pdf"} <= names
    assert {"002.gb18030.html", "004.gb18030.html", "scanned.pdf"} <= {
        path.name for path in FORMATS.iterdir()
    }
    assert sum(path.stat().st_size for path in FORMATS.iterdir()) < 3_000_000


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_document_matches_its_seeds_truth(path: Path) -> None:
    assert mismatches(zfxxgk.parse_file(path), truth_of(SEED_OF[path.name[:3]])) == []


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_parse_bytes_reads_the_format_from_the_bytes(path: Path) -> None:
    data = path.read_bytes()
    expected = {".html": "html", ".docx": "docx", ".pdf": "pdf"}[path.suffix]
    assert sniff_format(data) == expected  # no file name needed
    assert zfxxgk.parse_bytes(data) == zfxxgk.parse_file(path)


@pytest.mark.parametrize("stem", sorted(SEED_OF))
def test_portal_page_parses_as_the_bare_report(stem: str) -> None:
    portal = zfxxgk.parse_file(FORMATS / f"{stem}.html")
    bare = zfxxgk.parse_file(FORMATS / f"{stem}.bare.html")
    assert portal == bare
    page = (FORMATS / f"{stem}.html").read_text(encoding="utf-8")
    assert "<script" in page and "主办单位" in page and "当前位置" in page


def test_portal_chrome_stays_out_of_the_report() -> None:
    text = extract_text((FORMATS / "000.html").read_bytes(), filename="000.html")
    for chrome in ("当前位置", "主办单位", "打印本页", "信息公开目录", "document.write", "分享到"):
        assert chrome not in text
    # The hidden copy of the headings and the table in a script string are not read.
    assert text.count("主动公开政府信息情况") == 1


def test_a_menu_table_with_counts_is_not_the_report() -> None:
    # Portals list their 权责清单 with counts: 行政许可 and 行政处罚 with numbers, in a table.
    page = (FORMATS / "000.html").read_text(encoding="utf-8")
    menu = (
        "<table class='qzqd'><tr><th>权责清单</th><th>项数</th></tr>"
        "<tr><td>行政许可</td><td>123</td></tr><tr><td>行政处罚</td><td>456</td></tr>"
        "<tr><td>行政强制</td><td>7</td></tr></table>"
    )
    page = page.replace('<div class="side">', f'<div class="side">{menu}', 1)
    assert menu in page
    assert zfxxgk.sources.parse_html(page) == zfxxgk.parse_file(FORMATS / "000.bare.html")


def test_title_above_the_article_is_found() -> None:
    # In 001 and 003 the title is printed only in the page's <h1>, outside the content.
    for stem in ("001", "003"):
        page = (FORMATS / f"{stem}.html").read_text(encoding="utf-8")
        content = page[page.index('class="TRS_Editor"') :]
        report = zfxxgk.parse_file(FORMATS / f"{stem}.html")
        assert report.title is not None and report.title not in content


def test_parse_html_takes_a_string() -> None:
    page = (FORMATS / "002.html").read_text(encoding="utf-8")
    assert zfxxgk.sources.parse_html(page) == zfxxgk.parse_file(FORMATS / "002.html")


@pytest.mark.parametrize("stem", ["002", "004"])
def test_gb18030_pages(stem: str) -> None:
    data = (FORMATS / f"{stem}.gb18030.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    declares = b"charset=gb2312" in data
    assert declares == (stem == "002")  # 004 declares nothing: told by detection
    assert zfxxgk.parse_bytes(data) == zfxxgk.parse_file(FORMATS / f"{stem}.html")
    assert zfxxgk.sources.parse_html(data) == zfxxgk.parse_file(FORMATS / f"{stem}.html")


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_declared_gb2312_is_read_as_gb18030() -> None:
    # 镕 is in GBK but not in GB2312: pages that say gb2312 are written in GBK.
    page = (FORMATS / "000.bare.html").read_text(encoding="utf-8")
    page = page.replace('<meta charset="utf-8"/>', '<meta charset="gb2312">')
    page = page.replace("2020年度，我局严格按照", "2020年度，我局（镕）严格按照")
    report = zfxxgk.parse_bytes(page.encode("gb18030"), filename="page.htm")
    assert "我局（镕）严格按照" in report.overview


def test_http_equiv_charset() -> None:
    bare = (FORMATS / "003.bare.html").read_text(encoding="utf-8")
    page = bare.replace(
        '<meta charset="utf-8"/>',
        '<meta http-equiv="Content-Type" content="text/html; charset=GBK">',
    )
    assert zfxxgk.parse_bytes(page.encode("gbk", errors="strict")) == zfxxgk.parse_file(
        FORMATS / "003.bare.html"
    )


def test_pdf_table_continues_over_the_page_break() -> None:
    from zfxxgk.sources import _extract

    for path in sorted(FORMATS.glob("0*.pdf")):
        _, text = _extract(path.read_bytes(), path.name)
        rows = [
            (origin, line)
            for origin, line in zip(text.origins, text.lines, strict=True)
            if "\t" in line
            and any(w in line for w in ("本年新收", "危及", "保护第三方", "结转下年度"))
        ]
        pages = {origin.split(",")[0] for origin, _ in rows}
        tables = {origin.split(", ")[1] for origin, _ in rows}
        assert len(pages) == 2, rows  # 表三 is printed over two pages ...
        assert len(tables) == 1, rows  # ... and read as one table
        assert sum("申请人情况" in line for line in text.lines) == 1  # header not repeated


def test_docx_automatic_numbering_is_read() -> None:
    # 001 and 003 number their section headings with Word's list numbering (一、 is not in
    # the paragraphs' text); the headings must still be found.
    text = extract_text((FORMATS / "003.docx").read_bytes(), filename="003.docx")
    assert "一、总体情况" in text.splitlines()
    assert "四、政府信息公开行政复议、行政诉讼情况" in text.splitlines()


# ---- merged cells -------------------------------------------------------------------


def test_a_label_spanning_rows_repeats_and_a_number_never_moves() -> None:
    rows = [
        [
            _Cell("三、本年度办理结果", rowspan=3),
            _Cell("（三）不予公开", rowspan=2),
            _Cell("1. 属于国家秘密"),
            _Cell("5"),
        ],
        [_Cell("2. 其他法律行政法规禁止公开"), _Cell("7", rowspan=2)],
        [_Cell("（七）总计", colspan=2)],
        [_Cell("行政许可"), _Cell("3", colspan=3)],
    ]  # fmt: skip
    assert _expand(rows) == [
        ["三、本年度办理结果", "（三）不予公开", "1. 属于国家秘密", "5"],
        ["三、本年度办理结果", "（三）不予公开", "2. 其他法律行政法规禁止公开", "7"],
        ["三、本年度办理结果", "（七）总计", "", ""],
        ["行政许可", "3", "", ""],
    ]


def test_html_cells_blank_br_and_p_stay_in_their_cell() -> None:
    table = (
        "<table>"
        "<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>"
        "<tr><td>规章</td><td>&nbsp;</td><td></td><td><p>1</p></td></tr>"
        "<tr><td>规范<br>性文件</td><td>2</td><td>3</td><td>4</td></tr>"
        "</table>"
    )
    bare = (FORMATS / "000.bare.html").read_text(encoding="utf-8")
    start = bare.index("<table")
    end = bare.index("</table>") + len("</table>")
    page = bare[:start] + table + bare[end:]
    text = extract_text(page.encode("utf-8"), filename="x.html")
    # A blank among the numbers is written as a blank mark, told apart from padding.
    assert "规章\t—\t—\t1" in text.splitlines()
    assert "规范 性文件\t2\t3\t4" in text.splitlines()


def test_a_table_without_numbers_is_read_as_lines() -> None:
    # Word documents often lay the signature out in a borderless table.
    page = (FORMATS / "003.bare.html").read_text(encoding="utf-8")
    sign = '<p style="text-align:right"><span>丰城市卫生健康委员会</span></p>'
    date = '<p style="text-align:right"><span>2020年12月28日</span></p>'
    assert sign in page and date in page
    page = page.replace(sign, "").replace(
        date, "<table><tr><td></td><td>丰城市卫生健康委员会<br>2020年12月28日</td></tr></table>"
    )
    page = page.replace("<br>2020", "</td></tr><tr><td></td><td>2020")
    report = zfxxgk.sources.parse_html(page)
    assert report.agency == "丰城市卫生健康委员会"
    assert str(report.published_on) == "2020-12-28"


def test_error_names_the_row_and_the_source_position() -> None:
    page = (FORMATS / "000.bare.html").read_text(encoding="utf-8")
    broken = page.replace("<span>69</span>", "<span>6 9</span>", 1)
    assert broken != page
    with pytest.raises(zfxxgk.ParseError) as error:
        zfxxgk.sources.parse_html(broken)
    assert error.value.where == "表二 行政处罚"
    assert re.search(r"\(HTML table 1, row \d+\)", error.value.reason)


# ---- what is not read, and says so ----------------------------------------------------


def test_old_word_doc_says_to_convert_it(tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(zfxxgk.ParseError, match=r"report\.doc.*\.doc\b.*[Cc]onvert.*\.docx"):
        zfxxgk.parse_file(path)
    with pytest.raises(zfxxgk.ParseError, match="convert"):
        zfxxgk.parse_bytes(path.read_bytes())  # the bytes alone tell


def test_a_doc_that_is_really_a_web_page_is_read(tmp_path: Path) -> None:
    # Portals often serve Word-exported HTML under a .doc name.
    path = tmp_path / "report.doc"
    path.write_bytes((FORMATS / "004.bare.html").read_bytes())
    assert zfxxgk.parse_file(path) == zfxxgk.parse_file(FORMATS / "004.bare.html")


def test_scanned_pdf_says_ocr_is_out_of_scope() -> None:
    with pytest.raises(zfxxgk.ParseError, match=r"no text layer.*scanned.*OCR is out of scope"):
        zfxxgk.parse_file(FORMATS / "scanned.pdf")


def test_page_with_no_report() -> None:
    page = (FORMATS / "000.html").read_text(encoding="utf-8")
    start = page.index('<div class="TRS_Editor"')
    end = page.index('<div class="print">')
    listing = (
        page[:start] + "<ul><li><a href='/nb/2020.html'>2020年年度报告</a></li></ul>" + page[end:]
    )
    with pytest.raises(zfxxgk.ParseError, match="found no annual report in the page"):
        zfxxgk.sources.parse_html(listing)
    with pytest.raises(zfxxgk.ParseError, match=r"found no annual report in list\.html"):
        zfxxgk.parse_bytes(listing.encode("utf-8"), filename="list.html")


@pytest.mark.parametrize(
    ("name", "module", "extra"),
    [
        ("000.html", "lxml.html", "html"),
        ("000.docx", "docx", "docx"),
        ("000.pdf", "pdfplumber", "pdf"),
    ],
)
def test_missing_extra_names_the_pip_command(
    monkeypatch: pytest.MonkeyPatch, name: str, module: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # as if it were not installed
    with pytest.raises(
        MissingExtraError, match=re.escape(f"pip install 'zfxxgk[{extra}]'")
    ) as error:
        zfxxgk.parse_file(FORMATS / name)
    assert isinstance(error.value, ImportError)


def test_text_still_reads_as_text() -> None:
    data = SEEDS[1].read_bytes()
    assert sniff_format(data, "report.txt") == "text"
    assert zfxxgk.parse_bytes(data) == zfxxgk.parse_file(SEEDS[1])


def test_cli_reads_a_pdf_and_a_page(capsys: pytest.CaptureFixture[str]) -> None:
    from zfxxgk._cli import main

    assert main(["parse", str(FORMATS / "002.pdf"), str(FORMATS / "002.html")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all('"2021"' in line for line in lines)


@pytest.mark.parametrize("name", ["000.html", "001.docx", "002.pdf"])
def test_report_keeps_its_source_format(name: str) -> None:
    report = zfxxgk.parse_file(FORMATS / name)
    assert report.source_format == name.rsplit(".", 1)[1]
    assert zfxxgk.to_dict(report)["source_format"] == report.source_format
    assert zfxxgk.parse_file(SEEDS[0]).source_format == "text"
