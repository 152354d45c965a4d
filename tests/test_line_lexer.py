"""How the text path's lexer reads the grammars' patterns to leave out terminals.

``LineLexer`` tries at each position only the terminals that can match there: what each
pattern must start with, the words it must match before its first tab or newline, the
longest line it can match where it must end at a line's end, and whether it needs a tab.
Each reading may only ever leave a terminal in that cannot match; these tests check
the readings on patterns whose answers are known, and that the lexer still gives Lark's
tokens where the readings leave terminals out (tests/test_differential.py checks the
whole corpus and generated texts).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zfxxgk._detect import detect_template
from zfxxgk._grammar import parser_for
from zfxxgk._lexer import LineLexer, parse_tree, transform_text
from zfxxgk._lower import lower, lowering
from zfxxgk._normalize import normalize
from zfxxgk._patterns import _Reading


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (
            r"(?:\d{1,2}[.、]?)?属于第?三类内部事务[^\t\n]*(?:\t[^\t\n]*)+",
            [{"属于"}, {"三类内部事务"}],
        ),
        (r"(?:总计|合计)(?:\t[^\t\n]*)+", [{"总计", "合计"}]),
        (r"[^\t\n]{0,40}(?:年度报告|工作报告)\t*(?=\n|$)", [{"年度报告", "工作报告"}]),
        # The regular-expression parser takes the common 年 out of the alternatives.
        (r"(?:年度报告|年报)", [{"年"}, {"度报告", "报"}]),
        (r"(?:行政)?规范性文件", [{"规范性文件"}]),
        (r"(?:ab)+c", [{"ab"}, {"c"}]),
        (r"(?:ab)*c", [{"c"}]),
        (r"a\tb", [{"a"}]),  # b comes after a tab
        (r"a.b", [{"a"}]),  # "." may match a tab
        (r"a[^\n]b", [{"a"}]),  # so may [^\n]
        (r"a(?:x|\ty)b", [{"a"}]),  # a branch that may reach a tab stops the reading
        (r"(?:x|y\t)", [{"x", "y"}]),
        (r"(?:x|[0-9])z", [{"z"}]),  # an alternative with no word: no set from the branch
        (r"\n+", []),
        (r"(?i:abc)d", []),  # case ignored inside: not read, and the reading stops
    ],
)
def test_the_words_a_pattern_must_match_before_a_tab(pattern: str, words: list[set[str]]) -> None:
    assert [set(found) for found in _Reading.of(pattern).words] == words


@pytest.mark.parametrize(
    ("pattern", "bound"),
    [
        (r"[^\t\n]{0,40}(?:年度报告|年报|工作报告)[^\t\n]{0,8}\t*(?=\n|$)", 52),
        (r"(?:\d{4}|[一二]{4})年\d{1,2}月\t*(?=\n|$)", 8),
        (r"abc(?=\n)", 3),
        (r"abc(?=$)", 3),
        (r"abc\t*(?=x|\n)", None),  # the lookahead takes more than a line's end
        (r"abc\t*(?!\n)", None),  # a negative lookahead is no line's end
        (r"abc\t+(?=\n|$)", None),  # \t+ is no trailing tab that may match none
        (r"ab+\t*(?=\n|$)", None),  # any length
        (r"abc\t*", None),  # need not end at a line's end
        (r"(?:\t[\d/]*)+\t*(?=\n|$)", None),
    ],
)
def test_how_long_a_line_a_pattern_can_match(pattern: str, bound: int | None) -> None:
    assert _Reading.of(pattern).bound == bound


@pytest.mark.parametrize(
    ("pattern", "needs_tab"),
    [
        (r"[^\n]*\t[^\n]*", True),
        (r"(?:\d{1,2}[.、]?)?规章(?:\t[^\t\n]*)+", True),
        (r"(?:\t[^\t\n]*)+", True),
        (r"规章[^\t\n]*(?:\t[^\t\n]*)*", False),  # the cells may be left out
        (r"(?:a\t|b\t)", True),
        (r"(?:a\t|b)", False),
        (r".*\t", False),  # "." may match a newline where re.DOTALL is set: not read
        (r"a\n\t", False),  # a newline first
        (r"[^\t\n]+", False),
    ],
)
def test_which_patterns_need_a_tab_on_their_line(pattern: str, needs_tab: bool) -> None:
    assert _Reading.of(pattern).needs_tab is needs_tab


# Lines that the readings sort: labels that hold a row's words or nearly, short lines
# that are or nearly are headings, titles, dates and 文号, and long prose.
_LINES = [
    "1.属于国家秘密\t0\t0",
    "属于\t1",
    "（三）属于第三类内部事务\t\t2",
    "(三)属于三类内部事务\t/",
    "信访举报投诉类申请\t1",
    "信访举报\t类申请",
    "行政复议\t1\t2\t—",
    "行政复议\t1\tx",
    "二、主动公开政府信息情况",
    "二、主动公开政府信息情况\t\t",
    "二、主动公开" + "政府信息情况" * 6,
    "2021年1月20日",
    "2021年1月20日\t",
    "二〇二一年一月二十日",
    "XX市人民政府办公室",
    "XX市人民政府办公室\t\t",
    "X政办发〔2021〕14号",
    "XX局2020年政府信息公开工作年度报告",
    "XX局2020年政府信息公开工作" + "年度报告" * 12,
    "根据《中华人民共和国政府信息公开条例》，现公布本机关2020年度报告。" * 3,
    "\t3\t4",
]


@given(st.lists(st.sampled_from(_LINES), min_size=1, max_size=12), st.sampled_from(["\n", "\n\n"]))
def test_the_line_lexer_gives_larks_tokens_for_lines_the_readings_sort(
    lines: list[str], newline: str
) -> None:
    text = newline.join(lines)
    for generation in ("2019", "2021"):
        parser = parser_for(generation)
        lexer = LineLexer.of(parser)
        assert lexer is not None
        ours = [(t.type, str(t), t.line, t.column, t.end_pos) for t in lexer.tokens(text)]
        larks = [(t.type, str(t), t.line, t.column, t.end_pos) for t in parser.lex(text)]
        assert ours == larks


def test_a_long_line_is_matched_by_its_first_character_alone() -> None:
    """Prose longer than every bound: one matcher per first character, not per line."""
    lexer = LineLexer.of(parser_for("2021"))
    assert lexer is not None
    prose = [f"本机关{n}年共收到申请{n}件，" + "办理情况如下所述。" * 8 for n in range(50)]
    list(lexer.tokens("\n".join(prose)))
    assert not any(line in lexer._by_line for line in prose)
    # Only PROSE may match a long line of prose: no heading, title or table row.
    assert set(lexer._by_long_line["本"].__self__.groupindex) == {"PROSE"}  # type: ignore[attr-defined]


_SEEDS = sorted((Path(__file__).parent / "fixtures").glob("*.txt"))


@pytest.mark.parametrize("path", _SEEDS, ids=lambda path: path.name[:3])
def test_a_text_lowered_on_its_reductions_is_what_its_tree_lowers_to(path: Path) -> None:
    doc = normalize(path.read_text(encoding="utf-8"))
    template = detect_template(doc)
    parser = template.parser()
    done, report = transform_text(parser, doc.text, lowering(doc, template))
    assert done
    assert report == lower(parse_tree(parser, doc.text), doc, template)


def test_a_text_that_fails_is_left_to_the_tree_which_says_why() -> None:
    """A syntax error (a heading lost), or an unreadable cell: not lowered in one pass,
    so that ``parse`` says what its tree says (a syntax error first)."""
    text = _SEEDS[0].read_text(encoding="utf-8")
    unreadable = text.replace("\n规章\t0\t", "\n规章\t0.5\t", 1)
    assert unreadable != text
    cut = text[: text.index("三、收到和处理")]  # 表三 and all after it lost
    for broken in (unreadable, cut):
        doc = normalize(broken)
        template = detect_template(doc)
        assert transform_text(template.parser(), doc.text, lowering(doc, template)) == (
            False,
            None,
        )
