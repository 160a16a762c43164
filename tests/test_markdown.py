"""Our quicker inline step gives exactly what Python-Markdown's own gives."""
from __future__ import annotations

import markdown
import pytest

from prospectus.markdown import EXTENSIONS, MarkdownRenderer, _LinkExtension
from prospectus.sanitise import clean

from .sitekit import PROJECT

TRICKY = [
    "Plain words only, nothing else at all.", "Some *emphasis*, **strong** and _under_ __scores__.",
    "A [link](https://example.org) and ![an image](/x.png \"t\").", "Code `x = 1` and \\*escaped\\* stars.",
    "Entities &amp; &copy; and a <abbr title=\"x\">tag</abbr>.", "Two spaces at the end  \nmake a break.",
    "An autolink <https://example.org> and <a@example.org>.", "Snake_case_words and 2*3*4 maths.",
    "A [reference][ref] link.\n\n[ref]: https://example.org", "- a list\n- with *items*\n\n1. and\n2. numbers",
    "| a | b |\n| --- | --- |\n| *x* | [y](/y/) |", "> a quote with `code`", "Unicode: café, naïve, 🎓 — dashes",
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
