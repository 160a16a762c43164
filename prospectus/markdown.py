"""The only place that uses Python-Markdown (made quicker by markdown_quick.py): editors' text to HTML, with links
made to honour the base path."""
from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

from .errors import Problem
from .frozen import frozen
from .markdown_quick import quicken
from .sanitise import Breach, clean, raw_html_breaches, url_breach

# What editors need in brochure text: paragraphs, headings, lists, emphasis, links, images and tables. Each
# further extension slows every page and widens what editors' text can do (see docs/security.md).
EXTENSIONS = (TableExtension, SaneListExtension)

_FENCE = re.compile(r"^\s*(```|~~~)")
_H1 = re.compile(r"^#(?!#)\s*\S")
_SETEXT_H1 = re.compile(r"^=+\s*$")


@frozen
class Rendered:
    """An editor's text made into HTML, with the site links it contains and what it may not contain."""

    html: str
    links: tuple[str, ...]  # site-relative links found in the text, as written
    breaches: tuple[Breach, ...] = ()  # what the text may not contain (the HTML has it removed)


class _Links(Treeprocessor):
    """Prefix root-relative links and image sources with the base path, and remember them."""

    def __init__(self, md: markdown.Markdown, base_path: str):
        super().__init__(md)
        self.base_path = base_path
        self.found: list[str] = []
        self.breaches: list[Breach] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(attribute) if attribute else None
            if value is not None and (breach := url_breach(value)):
                self.breaches.append(breach)
            if element.tag == "img" and not (element.get("alt") or "").strip():
                self.breaches.append(Breach("an image has no description (alt text)",
                                            "write what it shows in the square brackets: ![what it shows](address)",
                                            f"]({value or ''}"))
            if value and value.startswith("/") and not value.startswith("//"):
                self.found.append(value)
                element.set(attribute, self.base_path + value[1:])


class _LinkExtension(Extension):
    def __init__(self, base_path: str):
        super().__init__()
        self.base_path = base_path
        self.processor: _Links | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        self.processor = _Links(md, self.base_path)
        md.treeprocessors.register(self.processor, "prospectus-links", 1)


class MarkdownRenderer:
    """Convert editors' Markdown to HTML; make one per build and pass it where it is needed."""

    def __init__(self, base_path: str, cache: dict[str, Rendered] | None = None):
        self.links = _LinkExtension(base_path)
        self.md = markdown.Markdown(extensions=[*(e() for e in EXTENSIONS), self.links], output_format="html")
        self.before = quicken(self.md)  # (see markdown_quick.py: the HTML is the same)
        self.cache = {} if cache is None else cache  # hash of the text → its rendering
        self.used: set[str] = set()
        self.fresh: dict[str, Rendered] = {}  # rendered since take_new() was last called

    def render(self, text: str) -> Rendered:
        """Return the HTML for `text` and the site links it contains."""
        key = text_key(text)
        self.used.add(key)
        known = self.cache.get(key)
        if known is None:
            known = self.cache[key] = self.fresh[key] = self._convert(text)
        return known

    def take_new(self) -> tuple[dict[str, Rendered], set[str]]:
        """Return what was rendered, and which renderings were used, since the last call; start afresh."""
        fresh, used = self.fresh, self.used
        self.fresh, self.used = {}, set()
        return fresh, used

    def _convert(self, text: str) -> Rendered:
        processor = self.links.processor
        assert processor is not None
        self.md.reset()
        processor.found, processor.breaches = [], []
        self.before(text)
        html = self.md.convert(text)
        breaches = [*processor.breaches, *(b for chunk in self.md.htmlStash.rawHtmlBlocks if isinstance(chunk, str)
                                           for b in raw_html_breaches(chunk))]
        return Rendered(_cleaned(html, text), tuple(processor.found), tuple(breaches))


# What Python-Markdown (with EXTENSIONS) makes of a text without any of these characters is HTML that nh3 gives
# back unchanged, except for a level-one heading (looked for in the HTML): no raw HTML or autolinks (<), no
# character references (&), no links or images ([), no tables (|: their alignment is a style), and neither of the
# characters html5ever writes differently (a NUL, which it drops; a no-break space, which it writes as &nbsp;).
# Most brochure prose is such a text, and nh3 is a sixth of the time Markdown takes. Tested on random text.
_CLEANING_NEEDS = ("<", "&", "[", "|", "\x00", "\xa0")
# What that was worked out for: these extensions only (another may make other tags, such as def_list's <dl>, or
# attributes, such as attr_list's, from text without those characters), and the pinned Python-Markdown.
CLEANING_CHECKED_WITH = ((TableExtension, SaneListExtension), "3.11.3")
_CLEANING_SKIPPABLE = (EXTENSIONS, markdown.__version__) == CLEANING_CHECKED_WITH


def _cleaned(html: str, text: str) -> str:
    """Return the HTML made of `text` cleaned with nh3, unless nh3 could not change it."""
    # each `in` is a quick scan for one character, many times quicker than a regular expression's
    return clean(html) if not _CLEANING_SKIPPABLE or any(c in text for c in _CLEANING_NEEDS) or "<h1" in html \
        else html


def text_key(text: str) -> str:
    """Return the cache key of a text: a hash of it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def breach_problems(rendered: Rendered, text: str, path: str, first_line: int) -> tuple[Problem, ...]:
    """Turn what a text may not contain into problems at the lines where it is written."""
    problems = []
    for breach in rendered.breaches:
        at = text.find(breach.near)
        line = first_line + (text.count("\n", 0, at) if at >= 0 else 0)
        problems.append(Problem(path, line, breach.message, breach.hint))
    return tuple(problems)


def _may_have_level_one(text: str) -> bool:
    """Say whether a line starts with '=' or with a '#' not followed by another (as a level-one heading does)."""
    lines = "\n" + text
    if "\n=" in lines:
        return True
    at = lines.find("\n#")
    while at >= 0:
        if lines[at + 2:at + 3] != "#":
            return True
        at = lines.find("\n#", at + 2)
    return False


def heading_problems(text: str, path: str, first_line: int) -> tuple[Problem, ...]:
    """Find level-one headings in body text: the page title is the only level-one heading."""
    return _level_one_headings(text, path, first_line) if _may_have_level_one(text) else ()


def _level_one_headings(text: str, path: str, first_line: int) -> tuple[Problem, ...]:
    problems = []
    fenced = False
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        setext = i > 0 and lines[i - 1].strip() and _SETEXT_H1.match(line)
        if _H1.match(line) or setext:
            number = first_line + i - (1 if setext else 0)
            problems.append(Problem(path, number, "a heading in the text uses a single '#', which makes it "
                                    "a second page title", "start headings in the text with '## '"))
    return tuple(problems)
