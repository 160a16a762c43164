"""What HTML editors' text may contain: a narrow allow-list, checked with a message for each breach, and nh3 as
a second line of defence on the HTML that comes from editors' Markdown (all of it but what nh3 could not change:
see markdown._cleaned)."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

from .frozen import frozen

# HTML that Markdown itself produces from editors' text, and so what pages may contain.
TAGS = {"p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "hr", "strong", "em", "b", "i",
        "a", "img", "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "sup", "sub", "abbr", "small",
        "span", "s", "q", "cite", "mark"}
ATTRIBUTES = {"a": {"href", "title", "hreflang", "lang"}, "img": {"src", "alt", "title", "width", "height"},
              "th": {"style", "colspan", "rowspan", "scope"}, "td": {"style", "colspan", "rowspan"},
              "abbr": {"title"}, "ol": {"start"}, "span": {"lang"}, "q": {"cite"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# HTML editors may also type themselves, inside Markdown text.
RAW_TAGS = {"br", "sup", "sub", "abbr", "small", "span", "strong", "em", "b", "i", "s", "q", "cite", "mark", "code",
            "a", "img"}
RAW_ATTRIBUTES = {tag: attributes - {"style"} for tag, attributes in ATTRIBUTES.items()}
ALLOWED_HINT = "see 'HTML in your text' in docs/editing.md for what you can use"


@frozen
class Breach:
    """Something editors' text may not contain, and the text to find it by."""

    message: str
    hint: str
    near: str


def clean(fragment: str) -> str:
    """Return the HTML with anything outside the allow-list removed (the second line of defence)."""
    return nh3.clean(fragment, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
                     filter_style_properties={"text-align"}, strip_comments=True)


def url_breach(url: str, near: str | None = None) -> Breach | None:
    """Check a link or image address: web, email and telephone addresses and site pages only."""
    plain = re.sub(r"[\s\x00-\x1f]+", "", html.unescape(url)).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", plain)
    if scheme and scheme.group(1) not in URL_SCHEMES:
        shown = " ".join(url.split())
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return Breach(f"the address '{shown}' is not allowed: it would run code or embed content",
                      "links must start with https://, http://, mailto:, tel: or / (a page on this site)",
                      near or url)
    return None


class _RawHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.breaches: list[Breach] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        near = self.get_starttag_text() or f"<{tag}"
        if tag not in RAW_TAGS:
            self.breaches.append(Breach(f"the HTML tag <{tag}> is not allowed in the text",
                                        f"remove it; {ALLOWED_HINT}", near))
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.breaches.append(Breach(f"the HTML attribute '{name}' would run code and is not allowed",
                                            "remove it", near))
            elif name == "style":
                self.breaches.append(Breach("style attributes are not allowed: the site's stylesheet sets the look",
                                            "remove the style attribute", near))
            elif name not in RAW_ATTRIBUTES.get(tag, set()):
                self.breaches.append(Breach(f"the HTML attribute '{name}' is not allowed on <{tag}>",
                                            f"remove it; {ALLOWED_HINT}", near))
            elif name in ("href", "src", "cite") and value is not None:
                found = url_breach(value, near)
                if found:
                    self.breaches.append(found)
        if tag == "img" and not dict(attrs).get("alt"):
            self.breaches.append(Breach("an image has no description (alt text)",
                                        "add alt=\"what the image shows\"", near))

    def parse_html_declaration(self, i: int) -> int:
        """Read '<![' as browsers do, as the start of a comment (Python's parser before 3.13 raises
        AssertionError on most such text, as Python-Markdown, which works around it too, notes)."""
        if self.rawdata.startswith("<![", i):
            return self.parse_bogus_comment(i)
        return super().parse_html_declaration(i)

    def parse_comment(self, i: int, report: bool = True) -> int:
        """Read '<!-->' and '<!--->' as browsers (and nh3) do, as whole empty comments: Python's parser before
        3.13 reads on to the next '-->', so the HTML between went unchecked but was kept by nh3."""
        for empty in ("<!-->", "<!--->"):
            if self.rawdata.startswith(empty, i):
                return i + len(empty)
        return super().parse_comment(i, report)


def raw_html_breaches(chunk: str) -> list[Breach]:
    """Check a piece of HTML that an editor typed into Markdown text."""
    parser = _RawHtml()
    parser.feed(chunk)
    parser.close()
    return parser.breaches
