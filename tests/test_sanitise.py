"""Editors' Markdown cannot smuggle code into pages: each breach is an error at its line; the rest is allowed."""
from __future__ import annotations

import pytest

from .sitekit import SiteKit, problems

PAGE = "content/pages/about.md"


def body(kit: SiteKit, text: str) -> list[str]:
    run = kit.write({PAGE: "---\ntitle: About\n---\nFirst line.\n\n" + text + "\n"}).run("check")
    return problems(run) if run.code else []


@pytest.mark.parametrize(("text", "message"), [
    ("<script>alert(1)</script>", "6: the HTML tag <script> is not allowed in the text; remove it; see 'HTML in "
                                  "your text' in docs/editing.md for what you can use"),
    ("<iframe src=\"https://example.org\"></iframe>", "6: the HTML tag <iframe> is not allowed in the text; remove "
                                                      "it; see 'HTML in your text' in docs/editing.md for what you "
                                                      "can use"),
    ("<form action=\"/x\"></form>", "6: the HTML tag <form> is not allowed in the text; remove it; see 'HTML in "
                                    "your text' in docs/editing.md for what you can use"),
    ("Text <span onmouseover=\"alert(1)\">here</span>", "6: the HTML attribute 'onmouseover' would run code and is "
                                                        "not allowed; remove it"),
    ("Text <span style=\"color:red\">red</span>", "6: style attributes are not allowed: the site's stylesheet sets "
                                                  "the look; remove the style attribute"),
    ("[Click](javascript:alert(1))", "6: the address 'javascript:alert(1)' is not allowed: it would run code or "
                                     "embed content; links must start with https://, http://, mailto:, tel: or / (a "
                                     "page on this site)"),
    ("[Click](JaVaScRiPt&#58;alert(1))", "6: the address 'JaVaScRiPt&#58;alert(1)' is not allowed: it would run "
                                         "code or embed content; links must start with https://, http://, mailto:, "
                                         "tel: or / (a page on this site)"),
    ("![Logo](data:image/png;base64,iVBORw0KGgo=)", "6: the address 'data:image/png;base64,iVBORw0KGgo=' is not "
                                                    "allowed: it would run code or embed content; links must start "
                                                    "with https://, http://, mailto:, tel: or / (a page on this "
                                                    "site)"),
    ("<a href=\"vbscript:msgbox\">x</a>", "6: the address 'vbscript:msgbox' is not allowed: it would run code or "
                                          "embed content; links must start with https://, http://, mailto:, tel: or "
                                          "/ (a page on this site)"),
    ("![](/images/photo.jpg)", "6: an image has no description (alt text); write what it shows in the square "
                               "brackets: ![what it shows](address)"),
    ("<img src=\"/images/x.jpg\">", "6: an image has no description (alt text); add alt=\"what the image shows\""),
    ("<style>body{display:none}</style>", "6: the HTML tag <style> is not allowed in the text; remove it; see 'HTML "
                                          "in your text' in docs/editing.md for what you can use"),

])
def test_each_kind_of_smuggling_is_an_error_at_its_line(kit: SiteKit, text: str, message: str) -> None:
    assert body(kit, text) == [f"{PAGE}:{message}"]


def test_html_past_a_marked_section_is_checked_too(kit: SiteKit) -> None:
    # '<![' (a conditional comment copied from an email, say) made Python's HTML reader raise: a traceback
    found = body(kit, "<div>\n<![ endif ]> <script>bad()</script>\n</div>")
    assert found == [f"{PAGE}:{line}: the HTML tag <{tag}> is not allowed in the text; remove it; see 'HTML in your "
                     f"text' in docs/editing.md for what you can use" for line, tag in ((6, "div"), (7, "script"))]


@pytest.mark.parametrize(("text", "tag"), [
    ("Text <!--> <h2>hidden</h2> --> more", "h2"), ("Text <!---> <hr> -->", "hr"),  # empty comments, to browsers
    ("Text <![CDATA[ > <h2>big</h2> ]]> more", "h2"),  # a comment ending at the first '>', to browsers
])
def test_html_after_what_browsers_read_as_a_short_comment_is_checked(kit: SiteKit, text: str, tag: str) -> None:
    # Python's HTML reader read on to '-->' (or ']]>'), so these went unchecked, and nh3 kept them
    assert body(kit, text) == [f"{PAGE}:6: the HTML tag <{tag}> is not allowed in the text; remove it; see 'HTML in "
                               f"your text' in docs/editing.md for what you can use"]


def test_what_editors_need_is_allowed(kit: SiteKit) -> None:
    text = ("Water is H<sub>2</sub>O and E=mc<sup>2</sup>; the <abbr title=\"National Health Service\">NHS</abbr>."
            "<br>\nA [link](https://example.org \"Title\"), an [email](mailto:a@example.org), a [phone](tel:+4420), "
            "a [page](/people/) and ![A chart](https://example.org/chart.png).\n\n"
            "| Module | Days |\n| :--- | ---: |\n| One | 2 |\n")
    assert body(kit, text) == []
    kit.run()
    page = kit.page("about/")
    for fragment in ("H<sub>2</sub>O", '<abbr title="National Health Service">NHS</abbr>',
                     '<a href="https://example.org" title="Title">link</a>', '<img alt="A chart"',
                     '<th style="text-align:left">Module</th>', 'href="mailto:a@example.org"'):
        assert fragment in page


def test_html_that_slips_past_the_checks_is_still_removed() -> None:
    from prospectus.sanitise import clean
    assert clean('<p onclick="x()">Hi<script>bad()</script><img src="javascript:x" alt="a"></p>') == \
        '<p>Hi<img alt="a"></p>'
