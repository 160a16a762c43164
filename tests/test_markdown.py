"""Our quicker inline step and block tests give exactly what Python-Markdown's own give."""
from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import markdown.serializers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prospectus.markdown import EXTENSIONS, MarkdownRenderer, _LinkExtension, heading_problems
from prospectus.sanitise import clean

from .sitekit import PROJECT

TRICKY = [
    "Plain words only, nothing else at all.", "Some *emphasis*, **strong** and _under_ __scores__.",
    "A [link](https://example.org) and ![an image](/x.png \"t\").", "Code `x = 1` and \\*escaped\\* stars.",
    "Entities &amp; &copy; and a <abbr title=\"x\">tag</abbr>.", "Two spaces at the end  \nmake a break.",
    "An autolink <https://example.org> and <a@example.org>.", "Snake_case_words and 2*3*4 maths.",
    "A [reference][ref] link.\n\n[ref]: https://example.org", "- a list\n- with *items*\n\n1. and\n2. numbers",
    "| a | b |\n| --- | --- |\n| *x* | [y](/y/) |", "> a quote with `code`", "Unicode: café, naïve, 🎓 — dashes",
    "*[a link in emphasis](/x/)* and [*emphasis in a link*](/y/)", "`code with *stars* and [brackets]`",
    "\\`not code\\` and \\\\`code after two backslashes`", "&lt;not a tag&gt; and <b>*bold stars*</b>",
    "![image][ref] and [text][ref]\n\n[ref]: /i.png", "a_b_c *a*b*c* **a**b__c__", "line  \n*break*  \nend",
    "## A heading ##\ntext after it", "Setext\n======\n\nand\n---", "text\n\n***\n\n- - -\n\n_ _ _",
    "a line\n# heading in the block\n> quote in the block", "[a]: /a/ \"Title\"\n[b]: /b/\ntext [a] [b]",
    "a | b\n- | -\n1 | 2", "[c]:/c/\n[c]", "3 - 2 - 1 is not a rule",
    "> quote\n> more\n\n    code block\n\n1986\\. a year", "<div>\n*raw HTML block*\n</div>\n\n*after* it",
    "<!-- a comment -->\n\ntext", "  - - -\nindented rule", "text\n  ***", "## heading\n#not a heading",
    "a reference without its semicolon: &#39",
]


def plain(text: str) -> str:
    md = markdown.Markdown(extensions=[*(e() for e in EXTENSIONS), _LinkExtension("/")], output_format="html")
    return clean(md.convert(text))


@pytest.mark.parametrize("text", TRICKY)
def test_quick_inline_matches_python_markdown(text: str) -> None:
    assert MarkdownRenderer("/").render(text).html == plain(text)


def test_quick_inline_matches_on_the_example_and_fixture_content() -> None:
    texts = [p.read_text().split("---\n", 2)[2] for folder in ("content", "tests/fixtures/full/content")
             for p in sorted((PROJECT / folder).rglob("*.md"))]
    assert len(texts) > 20
    renderer = MarkdownRenderer("/")
    assert [renderer.render(t).html for t in texts] == [plain(t) for t in texts]


# Text made of the characters inline patterns need, and the words and spaces between them.
PIECES = st.sampled_from(["*", "**", "_", "__", "`", "``", "\\", "[", "]", "(", ")", "![", "<", ">", "&", ";",
                          "amp", "#39", "  \n", "\n", " ", "word", "a@b.org", "https://x.org", "/p/", "\"t\"",
                          "<b>", "</b>", "<!--", "-->", "\n\n", "- ", "1. ", "> ", "|", "---",
                          "#", "## ", "\n=", "\n-", "]:", "***", "___", " * ", "    ", "\t", "<div>", "</div>",
                          "\n<p>\n", "  -", "<![", "&#"])


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_quick_inline_matches_python_markdown_on_random_text(text: str) -> None:
    assert MarkdownRenderer("/").render(text).html == plain(text)


# Text of words, spaces, line breaks, punctuation and runs of '*': emphasis that pairs plainly, which our inline
# step makes at once, and all that is near it (runs of three, unpaired or lone stars, stars against punctuation).
STARRED = st.sampled_from(["*", "**", "***", "*", "**", " ", " ", "\n", "word", "wörd", "2", ".", ",", "(", ")",
                           "'", "-", "\u00a0", "\u2003", "\n\n", "- ", "1. ", "## ", "Word", "\n*", "* ", "|", ">",
                           "]:", "=", "\n=", "[a](/b)"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(STARRED, max_size=30).map("".join))
def test_emphasis_made_at_once_matches_python_markdown(text: str) -> None:
    assert MarkdownRenderer("/").render(text).html == plain(text)


def test_prose_goes_to_the_paragraph_processor_at_once_with_the_pinned_extensions() -> None:
    from prospectus.markdown_quick import _BLOCK_PROCESSORS
    md = MarkdownRenderer("/").md
    registry = md.parser.blockprocessors
    assert tuple(sorted(registry._priority, key=lambda item: -item.priority)[i].name
                 for i in range(len(registry))) == _BLOCK_PROCESSORS
    assert md.parser.parseBlocks.__qualname__.startswith("_quick_paragraphs")


def test_emphasis_that_pairs_plainly_is_made_at_once() -> None:
    from prospectus.markdown_quick import _simple_emphasis
    assert _simple_emphasis("a *b c* and **d**.\n*e*") == [(2, 7, 1), (12, 17, 2), (19, 22, 1)]
    for text in ("a*b*", "* b*", "*b *", "***b***", "*b**", "*b* *c", "2 * 3"):  # left to Python-Markdown
        assert _simple_emphasis(text) is None, text
    renderer = MarkdownRenderer("/")
    renderer.render("Some *plain* emphasis.")
    assert renderer.md.treeprocessors["inline"].quick_emphasis  # the patterns are the ones it was worked out for


# Each needs nh3, and is made without it only from text with one of the characters that have it used.
NEEDS_CLEANING = ["&copy; 2027", "<i onclick=\"x\">a</i>", "[a](javascript:alert(1))", "a | b\n:- | -:\n1 | 2",
                  "a\x00b", "a\xa0b", "# Title", "Title\n==="]


def test_html_is_passed_over_by_nh3_only_with_what_that_was_worked_out_for() -> None:
    from prospectus.markdown import _CLEANING_SKIPPABLE, CLEANING_CHECKED_WITH
    # checked again on a change (see markdown._cleaned and test_html_made_without_nh3_is_what_nh3_would_give)
    assert (EXTENSIONS, markdown.__version__) == CLEANING_CHECKED_WITH and _CLEANING_SKIPPABLE


@pytest.mark.parametrize("text", NEEDS_CLEANING)
def test_text_whose_html_nh3_changes_is_cleaned(text: str) -> None:
    md = markdown.Markdown(extensions=[*(e() for e in EXTENSIONS), _LinkExtension("/")], output_format="html")
    assert clean(md.convert(text)) != md.convert(text)
    assert MarkdownRenderer("/").render(text).html == plain(text)


# Text without the characters that have nh3 used: Markdown's block and inline syntax, and any other characters.
UNCLEANED = st.lists(st.one_of(
    st.sampled_from(["*", "**", "_", "__", "`", "\\", "]", "(", ")", "!", ">", ";", "\n", "\n\n", "  \n", " ", "- ",
                     "1. ", "3. ", "> ", "---", "===", "#", "## ", "\n=", "\n-", "***", "    ", "\t", "\r\n", "```\n",
                     "~~~", "word", "https://x.org", "a@b.org", "\x02", "\x03", "\u2028", "\ufeff", "\ufffe", "\x85"]),
    st.characters(exclude_categories=("Cs",), exclude_characters="<&[|\x00\xa0"),
), max_size=50).map("".join)


@settings(max_examples=1500, deadline=None)
@given(UNCLEANED)
def test_html_made_without_nh3_is_what_nh3_would_give(text: str) -> None:
    assert MarkdownRenderer("/").render(text).html == plain(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "\t", "\n", "\r", "\r\n", "\x02", "\x03", "a", "- ", "\n \n"]),
                max_size=30).map("".join))
def test_quick_whitespace_matches_python_markdown(text: str) -> None:
    from markdown.preprocessors import NormalizeWhitespace

    from prospectus.markdown_quick import _QuickWhitespace
    md = markdown.Markdown()
    assert _QuickWhitespace(md).run(text.split("\n")) == NormalizeWhitespace(md).run(text.split("\n"))


def test_quick_whitespace_is_what_builds_use_with_the_pinned_python_markdown() -> None:
    from prospectus.markdown_quick import _QuickWhitespace
    assert markdown.__version__ == _QuickWhitespace.CHECKED_WITH  # pyproject.toml pins it: check it again on a change
    assert isinstance(MarkdownRenderer("/").md.preprocessors["normalize_whitespace"], _QuickWhitespace)


@pytest.mark.parametrize(("text", "lines"), [
    ("Words\n===\n", [1]), ("# Title\n", [1]), ("Words\n\n## Fine\n\nA = B\n", []), ("No headings at all.\n", []),
    ("```\n# not a heading, in code\n```\nTitle\n=====\n", [4])])
def test_level_one_headings_are_found_written_either_way(text: str, lines: list[int]) -> None:
    assert [p.line for p in heading_problems(text, "m.md", 1)] == lines


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["#", "##", "# ", "=", "==", "-", "\n", " ", "word", "```", "~~~", "\t"]),
                max_size=30).map("".join))
def test_text_passed_over_for_level_one_headings_has_none(text: str) -> None:
    from prospectus.markdown import _level_one_headings, _may_have_level_one
    assert _may_have_level_one(text) or not _level_one_headings(text, "m.md", 1)


def _tree(draw: st.DrawFn, depth: int = 0) -> etree.Element:
    """A random element tree of what Python-Markdown's serializer meets: plain, empty, script and style
    elements, attributes (boolean ones, valueless ones, QNames), comments, processing instructions, QName and
    None tags, and text and tails to escape (or not)."""
    words = st.sampled_from(["", "a", "a & b", "&amp;", "<x>", "1 > 0", "\"q\"", "\n", "café", "&#39;"])
    kind = draw(st.sampled_from(["p", "em", "br", "hr", "img", "script", "style", "a", "Div", "comment", "pi",
                                 "qname", "none"]))
    if kind == "comment":
        element = etree.Comment(draw(words))
    elif kind == "pi":
        element = etree.ProcessingInstruction("x", draw(words))
    else:
        element = etree.Element({"qname": etree.QName("{urn:x}q"), "none": None}.get(kind, kind))
        for name in draw(st.lists(st.sampled_from(["href", "title", "hidden", "open", "class"]), max_size=3)):
            value = draw(st.sampled_from([None, name, "v", "a & b", "\"x\" <y>", etree.QName("qv")]))
            element.set(etree.QName(name) if draw(st.booleans()) else name, value)
        element.text = draw(words) or None
        if depth < 3:
            element.extend(_tree(draw, depth + 1) for _ in range(draw(st.integers(0, 3))))
    element.tail = draw(words) or None
    return element


@settings(max_examples=800, deadline=None)
@given(st.composite(_tree)())
def test_quick_html_serializer_matches_python_markdown(tree: etree.Element) -> None:
    from markdown.serializers import to_html_string

    from prospectus.markdown_quick import _html_string
    root = etree.Element("div")
    root.append(tree)
    assert _html_string(root) == to_html_string(root)


def test_quick_html_serializer_is_what_builds_use_and_copes_with_any_depth() -> None:
    from prospectus.markdown_quick import SERIALIZER_CHECKED_WITH, _html_string
    assert markdown.__version__ == SERIALIZER_CHECKED_WITH  # pyproject.toml pins it: check it again on a change
    assert MarkdownRenderer("/").md.serializer is _html_string
    deep = root = etree.Element("div")
    for _ in range(5000):
        deep = etree.SubElement(deep, "blockquote")
    deep.text = "a & b"
    assert _html_string(root) == markdown.serializers.to_html_string(root)
