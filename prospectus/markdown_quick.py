"""What makes Python-Markdown quicker, each way giving the very HTML it gives (tests/test_markdown.py compares
them on tricky and random text and on the example): patterns and block processors not tried on text they could
not match, plain emphasis and prose made at once, steps passed over on text they have nothing to do with, and
registries of steps put in order once. Only markdown.py uses it."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown import serializers, util
from markdown.preprocessors import NormalizeWhitespace
from markdown.treeprocessors import InlineProcessor


def quicken(md: markdown.Markdown) -> Callable[[str], None]:
    """Make a Markdown instance quicker in every way worked out here; return what to call with each text before
    converting it (it passes over the steps that text needs nothing of)."""
    md.treeprocessors.register(_QuickInline(md), "inline", 20)
    _quick_blocks(md)
    _quick_paragraphs(md)
    if markdown.__version__ == _QuickWhitespace.CHECKED_WITH:  # pyproject.toml pins it
        md.preprocessors.register(_QuickWhitespace(md), "normalize_whitespace", 30)
    if markdown.__version__ == SERIALIZER_CHECKED_WITH and md.serializer is serializers.to_html_string:
        md.serializer = _html_string
    skippable = _skippable(md)
    _settle(md)
    _remembering_block_level(md)

    def before(text: str) -> None:
        for step, run, needs in skippable:
            step.run = run if any(need in text for need in needs) else _as_it_is  # type: ignore[attr-defined]
    return before


class _Needs:
    """Whether a text holds any of some characters, or a line break after two spaces: a search for one of the
    characters, then for the line break (a regular expression with both alternatives is three times slower)."""

    def __init__(self, characters: str):
        self.characters = re.compile(f"[{re.escape(characters)}]")

    def search(self, text: str) -> bool:
        return self.characters.search(text) is not None or "  \n" in text


# Every inline pattern of Python-Markdown (code, escapes, links, images, autolinks, raw HTML, entities,
# emphasis, line breaks) needs one of these characters, or a line break after two spaces, or a placeholder
# (\x02) for stashed content.
_INLINE_TRIGGER = _Needs("`\\[!<&*_\x02")


# What each of Python-Markdown's inline patterns needs in a text to match at all: one of these strings. A
# pattern not named here (one an extension adds) is always tried.
_NEEDS = {"backtick": ("`",), "escape": ("\\",), "reference": ("[",), "link": ("[",), "short_reference": ("[",),
          "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",), "autolink": ("<",),
          "automail": ("<",), "html": ("<",), "linebreak": ("  \n",), "entity": ("&",), "em_strong": ("*", "_")}


# What a text needs for an inline pattern other than emphasis with '*' to match, or a placeholder (\x02), or
# emphasis with '_' (which follows other rules): text with none of these, whose every '*' pairs plainly (see
# _simple_emphasis), is made into emphasis at once, as Python-Markdown's em_strong pattern would make it.
_NOT_EMPHASIS = _Needs("".join(sorted({need[-1] for name, needs in _NEEDS.items() if name != "em_strong"
                                        for need in needs if need != "  \n"})) + "_\x02")  # '[' for '!['
_STARS = re.compile(r"\*+")
EMPHASIS_CHECKED_WITH = "3.11.3"  # the Python-Markdown whose em_strong pattern _simple_emphasis agrees with


def _simple_emphasis(data: str) -> list[tuple[int, int, int]] | None:
    """Return the spans (start, end, 1 for em or 2 for strong) of each pair of runs of '*' in a text, where each
    pairs plainly with the next: an opening run of one or two after a space or line break (or at the start) and
    before a non-space, and a closing run of the same length after a non-space; None if any run does not (such a
    text is left to Python-Markdown). Python-Markdown makes <em> or <strong> of each such pair, around the text
    between (tested on random text)."""
    runs = [(m.start(), m.end()) for m in _STARS.finditer(data)]
    if len(runs) % 2:
        return None
    spans = []
    for (a, b), (c, d) in zip(runs[::2], runs[1::2], strict=True):
        size = b - a
        if size > 2 or d - c != size or (a and not data[a - 1].isspace()) or data[b].isspace() \
                or data[c - 1].isspace():
            return None
        spans.append((a, d, size))
    return spans


def _emphasis_elements(data: str, spans: list[tuple[int, int, int]]) -> tuple[str | None, list[etree.Element]]:
    """Return the text before the first span of emphasis (None if there is none), and an <em> or <strong> for
    each span, with the text after it as its tail (None if there is none)."""
    made = []
    for k, (start, end, size) in enumerate(spans):
        element = etree.Element("strong" if size == 2 else "em")
        element.text = data[start + size:end - size]
        element.tail = data[end:spans[k + 1][0] if k + 1 < len(spans) else len(data)] or None
        made.append(element)
    return data[:spans[0][0]] or None, made


class _QuickInline(InlineProcessor):
    """Python-Markdown's inline processor, which does not try a pattern on text it could not match.

    It tries every pattern at every position, which is most of the time Markdown takes; for text with none of
    the characters a pattern needs, the answer is known at once, and so is emphasis that pairs plainly in text
    that needs no other pattern (most brochure prose). The output is identical (tested on the example, the
    fixture, the benchmark catalogue and random text).
    """

    needs: list[tuple[str, ...] | None] = []
    patterns: list[object] = []

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        if not self.patterns:  # they are all registered by the time the first text is converted
            registry = self.md.inlinePatterns
            self.patterns = list(registry)
            self.needs = [None] * len(registry)
            for name, needs in _NEEDS.items():
                if name in registry:
                    self.needs[registry.get_index_for_name(name)] = (needs[0], needs[-1])
            # emphasis is made at once only where the other patterns are those _NOT_EMPHASIS knows, before it
            self.quick_emphasis = markdown.__version__ == EMPHASIS_CHECKED_WITH and "em_strong" in registry and \
                registry.get_index_for_name("em_strong") == len(registry) - 1 == sum(n in registry for n in _NEEDS) - 1
        if ancestors is None and self._placed_at_once(tree):
            return tree
        return super().run(tree, ancestors)

    def _spans(self, data: str | None) -> list[tuple[int, int, int]] | None:
        """Return the spans of emphasis in a text or tail that needs no inline pattern but plainly paired
        emphasis ([] if it needs none at all), or None if it needs Python-Markdown's patterns."""
        if not data or isinstance(data, util.AtomicString) or not _INLINE_TRIGGER.search(data):
            return []
        return _simple_emphasis(data) if self.quick_emphasis and not _NOT_EMPHASIS.search(data) else None

    def _placed_at_once(self, tree: etree.Element) -> bool:
        """Make the emphasis in a tree whose every text and tail needs no inline pattern but plainly paired
        emphasis, as Python-Markdown's run would: each text and tail keeps what comes before its first span,
        and each span becomes an element, with what follows it as its tail, put first among the element's
        children (for a text) or just after the element (for a tail). Say False, changing nothing, if some text
        needs more."""
        found = []
        for parent in tree.iter():
            for child in parent:
                in_text, in_tail = self._spans(child.text), self._spans(child.tail)
                if in_text is None or in_tail is None:
                    return False
                if in_text or in_tail:
                    found.append((parent, child, in_text, in_tail))
        for parent, child, in_text, in_tail in found:
            if in_text:
                child.text, made = _emphasis_elements(child.text, in_text)
                for index, element in enumerate(made):
                    child.insert(index, element)
            if in_tail:
                child.tail, made = _emphasis_elements(child.tail, in_tail)
                at = list(parent).index(child) + 1
                for index, element in enumerate(made, at):
                    parent.insert(index, element)
        return True

    quick_emphasis = False  # worked out with the patterns: see run

    def _emphasised(self, data: str, spans: list[tuple[int, int, int]]) -> str:
        """Return the text with each span of emphasis (see _simple_emphasis) stashed as its element and put in
        place as a placeholder, as Python-Markdown's em_strong pattern does."""
        out, at = [], 0
        stash = self._InlineProcessor__stashNode  # type: ignore[attr-defined]
        for start, end, size in spans:
            element = etree.Element("strong" if size == 2 else "em")
            element.text = data[start + size:end - size]
            out.append(data[at:start])
            out.append(stash(element, "em_strong"))
            at = end
        out.append(data[at:])
        return "".join(out)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802,N803
        if isinstance(data, util.AtomicString) or (patternIndex == 0 and not _INLINE_TRIGGER.search(data)):
            return data
        if patternIndex == 0 and self.quick_emphasis and not _NOT_EMPHASIS.search(data):
            spans = _simple_emphasis(data)
            if spans is not None:
                return self._emphasised(data, spans)
        start = 0
        patterns, needed = self.patterns, self.needs
        while patternIndex < len(patterns):  # as Python-Markdown's loop, skipping hopeless patterns
            needs = needed[patternIndex]  # one or two strings, the first written twice if one
            if needs is not None and needs[0] not in data and needs[1] not in data:
                patternIndex, start = patternIndex + 1, 0
                continue
            data, matched, start = self._InlineProcessor__applyPattern(  # type: ignore[attr-defined]
                patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class _QuickWhitespace(NormalizeWhitespace):
    """Python-Markdown's whitespace normaliser (as in the pinned 3.11.3), which looks for lines of nothing but
    spaces with a regular expression that looks behind every character: here only where a space comes before a
    line break. The lines are the same (tested on random text)."""

    CHECKED_WITH = "3.11.3"  # the Python-Markdown whose NormalizeWhitespace this reproduces

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        source = source.replace(util.STX, "").replace(util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        if " \n" in source:
            source = _SPACES_LINE.sub("\n", source)
        return source.split("\n")


_SPACES_LINE = re.compile(r"(?<=\n) +\n")


# What each of Python-Markdown's block processors needs in a block to match it at all. Each searches the whole
# block with a regular expression, which most blocks (paragraphs of prose) could never match.
_BLOCK_NEEDS: dict[str, Callable[[str], bool]] = {
    "hashheader": lambda block: block.startswith("#") or "\n#" in block,  # a line starting with '#'
    "quote": lambda block: ">" in block, "reference": lambda block: "]:" in block, "table": lambda block: "|" in block,
    # a rule is a line of '-', '*' or '_', after up to 3 spaces
    "hr": lambda block: block[:1] in " -*_" or "\n-" in block or "\n*" in block or "\n_" in block or "\n " in block}


def _quick_blocks(md: markdown.Markdown) -> None:
    """Make Python-Markdown's block processors named in _BLOCK_NEEDS decline a block they could not match
    without searching it: the output is identical (tested as for _QuickInline)."""
    processors = md.parser.blockprocessors
    for name, could_match in _BLOCK_NEEDS.items():
        if name in processors:
            processor = processors[name]
            processor.test = _declining(processor.test, could_match)  # type: ignore[method-assign]


def _declining(test: Callable[[etree.Element, str], bool], could_match: Callable[[str], bool]
               ) -> Callable[[etree.Element, str], bool]:
    def quick_test(parent: etree.Element, block: str) -> bool:
        return could_match(block) and test(parent, block)
    return quick_test


# The block processors of Python-Markdown with EXTENSIONS, in order. A block of prose that starts with a letter,
# whose every other line starts with a letter or with '*' and a letter (emphasis), with no '|', '>' or ']:'
# anywhere, could match none of them but the paragraph's (each of the others needs a line starting with a space,
# '#', '=', '-', '_', '+', '>', '[', a digit, or '*' and a space or another '*', or a '|'); it goes to the
# paragraph's at once, without testing the others.
_BLOCK_PROCESSORS = ("empty", "indent", "code", "table", "hashheader", "setextheader", "hr", "olist", "ulist",
                     "quote", "reference", "paragraph")
_NOT_PROSE_LINE = re.compile(r"\n(?!\*?[^\W\d_])")  # (begins with '\n': quicker than any alternation)


def _quick_paragraphs(md: markdown.Markdown) -> None:
    """Make Python-Markdown's block parser give a block of prose (see _BLOCK_PROCESSORS) to the paragraph
    processor at once, where its block processors are the ones that was worked out for; the output is
    identical (tested as for _QuickInline)."""
    registry = md.parser.blockprocessors
    if tuple(item.name for item in sorted(registry._priority, key=lambda item: -item.priority)) != \
            _BLOCK_PROCESSORS:  # type: ignore[attr-defined]
        return
    paragraph = registry["paragraph"]

    def parse_blocks(parent: etree.Element, blocks: list[str]) -> None:  # BlockParser.parseBlocks, quicker
        while blocks:
            block = blocks[0]
            if block[:1].isalpha() and "|" not in block and ">" not in block and "]:" not in block \
                    and not _NOT_PROSE_LINE.search(block) and paragraph.run(parent, blocks) is not False:
                continue
            for processor in registry:
                if processor.test(parent, block) and processor.run(parent, blocks) is not False:
                    break  # run returns True or None

    md.parser.parseBlocks = parse_blocks  # type: ignore[method-assign]


SERIALIZER_CHECKED_WITH = "3.11.3"  # the Python-Markdown whose HTML serializer _html_string reproduces


def _html_string(root: etree.Element) -> str:
    """Python-Markdown's HTML serializer (as in the pinned 3.11.3), which keeps a queue of what is still to be
    written, element by element: here a recursive walk, each element written as there (attributes in order,
    text and tails escaped, no end tag for an empty element, script and style left as they are), and anything
    but a plain element (a comment, a processing instruction, a QName) given to Python-Markdown's own. The HTML
    is the same (tested on random text)."""
    out: list[str] = []
    try:
        _write_element(out.append, root)
    except RecursionError:  # nested deeper than Python recurses: Python-Markdown's own keeps a queue instead
        return serializers.to_html_string(root)
    return "".join(out)


def _write_element(write: Callable[[str], None], element: etree.Element) -> None:
    tag = element.tag
    if type(tag) is not str:
        serializers._serialize_html(write, element, "html")  # writes its tail too
        return
    if element.attrib:
        write(f"<{tag}")
        _write_attributes(write, element)
        write(">")
    else:
        write(f"<{tag}>")
    text, lower = element.text, tag.lower()
    if text:
        write(text if lower == "script" or lower == "style" else _escape_text(text))
    for child in element:
        _write_element(write, child)
    if lower not in serializers.HTML_EMPTY:
        write(f"</{tag}>")
    if element.tail:
        write(_escape_text(element.tail))


def _escape_text(text: str) -> str:
    """Python-Markdown's escaping of text (its _escape_cdata), with nothing to do for most text."""
    return serializers._escape_cdata(text) if "&" in text or "<" in text or ">" in text else text


def _write_attributes(write: Callable[[str], None], element: etree.Element) -> None:
    """Write an element's attributes as Python-Markdown's HTML serializer does."""
    for k, v in sorted(element.items()):
        if isinstance(k, etree.QName):
            k = k.text
        if isinstance(v, etree.QName):
            v = v.text
        if v is None:
            write(f" {k}")
            continue
        v = serializers._escape_attrib_html(v)
        write(f" {v}" if k == v and k in serializers.BOOLEAN_ATTRIBUTES["html"] else f' {k}="{v}"')


# Steps of Python-Markdown with nothing to do on a text lacking certain characters: the raw HTML extractor (no
# '<', no HTML; no '&', no character references, which it reads even without their ';') and the restoring of
# backslash escapes (no backslash, no escapes), and the restoring of raw HTML (none stashed without '<' or '&';
# it makes a closure that refers to itself, never freed while the collector is off). They are passed over on
# such a text.
_TEXT_NEEDS = (("preprocessors", "html_block", ("<", "&")), ("treeprocessors", "unescape", ("\\",)),
               ("postprocessors", "raw_html", ("<", "&")))


def _as_it_is(value: object) -> object:
    return value  # a preprocessor gives back the lines, a treeprocessor the tree, unchanged


def _skippable(md: markdown.Markdown) -> list[tuple[object, Callable[..., object], tuple[str, ...]]]:
    """Return each step named in _TEXT_NEEDS, with its own `run` and the characters it needs (any one)."""
    return [(step, step.run, needs) for kind, name, needs in _TEXT_NEEDS
            if name in (registry := getattr(md, kind)) and (step := registry[name])]


class _Settled(util.Registry):  # type: ignore[type-arg]
    """A registry of Python-Markdown's steps whose order is worked out once, not on every pass over it (Python-
    Markdown's sorts and copies itself each time: for every block of every text); registering or removing a
    step works it out again."""

    settled: list[object]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.settled)

    def register(self, item: object, name: str, priority: float) -> None:
        super().register(item, name, priority)
        self.settle()

    def deregister(self, name: str, strict: bool = True) -> None:
        super().deregister(name, strict)
        self.settle()

    def settle(self) -> None:
        self.settled = list(super().__iter__())


def _remembering_block_level(md: markdown.Markdown) -> None:
    """Make Python-Markdown remember which tags are block-level (it asks hundreds of times a text, of a handful
    of tags, lower-casing each); the list of them is settled once every extension is loaded."""
    known: dict[object, bool] = {}
    ask = md.is_block_level

    def is_block_level(tag: object) -> bool:
        try:
            return known[tag]
        except KeyError:
            answer = known[tag] = ask(tag)
            return answer
        except TypeError:  # a tag that cannot be a key (ElementTree allows any object)
            return ask(tag)  # type: ignore[no-any-return]

    md.is_block_level = is_block_level  # type: ignore[method-assign]


def _settle(md: markdown.Markdown) -> None:
    """Make each of Python-Markdown's registries of steps work out its order once."""
    for registry in (md.preprocessors, md.parser.blockprocessors, md.inlinePatterns, md.treeprocessors,
                     md.postprocessors):
        registry.__class__ = _Settled
        registry.settle()  # type: ignore[attr-defined]
