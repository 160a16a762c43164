"""YAML read into small typed nodes that remember the line each value is on."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import yaml

from .errors import Problem
from .frozen import frozen
from .yamlhints import cut_by_comment, diagnose

try:  # libyaml is much faster; PyYAML's pure-Python loader gives the same nodes
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader, which works out the type of each short plain value once, not each time it is
    written (field names and the values of most fields are the same in file after file), and skips the steps
    for path resolvers, which the safe loader has none of."""

    _tags: dict[tuple[str, object], str] = {}
    SHORT, KEPT = 40, 100_000  # the longest value whose type is kept, and how many are kept at most

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]
        key = (value, implicit)
        tag = self._tags.get(key)  # type: ignore[arg-type]
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(value) < self.SHORT:  # type: ignore[arg-type]
                if len(self._tags) >= self.KEPT:  # a preview running all day
                    self._tags.clear()
                self._tags[key] = tag  # type: ignore[index]
        return tag


assert not _Loader.yaml_path_resolvers  # what lets _Loader skip their steps

STR = "tag:yaml.org,2002:str"
MAX_NODES = 100_000
MAX_DEPTH = 40


@frozen
class Scalar:
    """A single value: `value` as YAML reads it, `text` exactly as written."""

    value: object
    text: str
    line: int
    quoted: bool = False


@frozen
class Entry:
    """A field of a YAML group: its key, line and value."""

    key: str
    line: int
    value: Node


@frozen
class Mapping:
    """A YAML group of fields, each with its line."""

    entries: tuple[Entry, ...]
    line: int

    def get(self, key: str) -> Node | None:
        for entry in self.entries:
            if entry.key == key:
                return entry.value
        return None

    def line_of(self, key: str) -> int:
        """Return the line a field is on, or the group's own line if it is absent."""
        return next((e.line for e in self.entries if e.key == key), self.line)

    def keys(self) -> tuple[str, ...]:
        return tuple(e.key for e in self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)


@frozen
class Sequence:
    """A YAML list, with its line."""

    items: tuple[Node, ...]
    line: int

    def __iter__(self) -> Iterator[Node]:
        return iter(self.items)


Node = Scalar | Mapping | Sequence


def items_of(node: Node | None) -> tuple[Node, ...]:
    """Return the items of a list, or nothing if the node is not a list (its readers report that)."""
    return node.items if isinstance(node, Sequence) else ()


def line_of(node: Node | None, key: str) -> int:
    """Return the line of `key` in a group of fields, or the best line there is."""
    if isinstance(node, Mapping):
        return node.line_of(key)
    return node.line if node is not None else 1

_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)

_PLAIN_ENGLISH = (
    ("mapping values are not allowed", "a colon followed by a space inside a value confuses YAML",
     "put the whole value in quotes, like title: \"Leadership: the next step\""),
    ("could not find expected ':'", "YAML expected a field name followed by a colon on this line",
     "write it as 'name: value', like label: Spring 2027, or, in a list, start it with '- '"),
    ("did not find expected key", "this line is not indented like the lines around it",
     "line it up with the other fields at the same level, using spaces"),
    ("did not find expected '-' indicator", "this line is not indented like the list around it",
     "line up each '- ' item of the list"),
    ("expected <block end>", "this line is not indented like the lines around it",
     "line it up with the other fields at the same level, using spaces"),
    ("block sequence entries are not allowed", "a value starts with '- ', which YAML reads as a list item",
     "put the whole value in quotes"),
    ("found unexpected end of stream", "a quote is opened but never closed",
     "add the closing quote mark at the end of the value"),
    ("found undefined alias", "a value starts with '*', which YAML reads as a reference",
     "put the value in quotes"),
    ("found unknown escape character", "a backslash inside double quotes starts an escape",
     "use single quotes instead, or write two backslashes"),
    ("expected alphabetic or numeric character", "a value starts with '&' or '*', which YAML treats specially",
     "put the value in quotes"),
)


def read_yaml(text: str, path: str, first_line: int = 1) -> tuple[Node | None, tuple[Problem, ...]]:
    """Parse YAML text into nodes; `first_line` is the file line the text starts on."""
    tabs = _tab_problems(text, path, first_line)
    if tabs:
        return None, tabs
    try:
        composed = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, (_syntax_problem(exc, path, first_line, text),)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + first_line
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return None, (Problem(path, line, f"this line contains an invisible control character (U+{code:04X})",
                              "delete it: retype the line, or paste the text as plain text"),)
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "unknown problem"
        return None, (Problem(path, first_line, f"YAML could not read this file ({first})",
                              "check the file against the examples in docs/editing.md"),)
    if composed is None:
        return None, ()
    builder = _Builder(path, first_line, text.split("\n") if "#" in text else None,
                       text if "&" in text or "!" in text else None)
    node = builder.build(composed, 0)
    return (None if builder.problems else node), tuple(builder.problems)


def _tab_problems(text: str, path: str, first_line: int) -> tuple[Problem, ...]:
    if "\t" not in text:
        return ()
    problems = []
    for match in _TAB_INDENT.finditer(text):
        line = text.count("\n", 0, match.start()) + first_line
        problems.append(Problem(path, line, "this line is indented with a tab character",
                                "YAML needs spaces for indentation: replace the tab with spaces"))
    return tuple(problems)


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str, first_line: int, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if "could not find expected ':'" in (exc.problem or "") and exc.context_mark:
        mark = exc.context_mark  # where the field name without a colon starts, not the line after it
    line = (mark.line if mark else 0) + first_line
    found_line = diagnose(text.split("\n"), mark.line if mark else 0)
    if found_line:
        index, what, fix = found_line
        return Problem(path, index + first_line, f"YAML syntax error: {what}", fix)
    found = f"{exc.problem or ''} {exc.context or ''}"
    for needle, what, fix in _PLAIN_ENGLISH:
        if needle in found:
            return Problem(path, line, f"YAML syntax error: {what}", fix)
    problem = (exc.problem or "this line could not be read").strip()
    return Problem(path, line, f"YAML syntax error: {problem}",
                   "compare this line with the examples in docs/editing.md")


INT, TIMESTAMP = "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"


def _plain_value(tag: str, value: str) -> object:
    """Return what PyYAML's constructor makes of the plainest numbers and dates, which most values are: a whole
    number written in digits with no leading zero (with one, YAML 1.1 reads octal), or a date like 2027-03-10
    (raising ValueError for one that is not a day, as PyYAML does); None for any other value."""
    if tag == INT and value.isascii() and value.isdigit() and (value[0] != "0" or value == "0"):
        return int(value)
    if tag == TIMESTAMP and len(value) == 10:  # the resolver's only form of this length: digits and hyphens
        return date.fromisoformat(value)
    return None


class _Builder:
    """Turn PyYAML nodes into our nodes, bounding size and depth (aliases can explode)."""

    def __init__(self, path: str, first_line: int, lines: list[str] | None, marked: str | None = None):
        self.path = path
        self.lines = lines  # the text's lines, where it has a '#' (without one, no value is cut short by a note)
        self.marked = marked  # the text, where it has a '&' or '!' (without one, no value starts with either)
        self.first_line = first_line
        self.count = 0
        self.problems: list[Problem] = []
        self.constructor = yaml.constructor.SafeConstructor()

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line

    def build(self, node: yaml.Node, depth: int) -> Node:
        self.count += 1
        if self.problems or self.count > MAX_NODES or depth > MAX_DEPTH:
            return self.refused(node, depth)
        kind = type(node)
        if kind is yaml.ScalarNode:
            return self.scalar(node)
        if kind is yaml.SequenceNode:
            return Sequence(tuple([self.build(n, depth + 1) for n in node.value]),
                            node.start_mark.line + self.first_line)
        return self.mapping(node, depth)

    def refused(self, node: yaml.Node, depth: int) -> Scalar:
        """Stand in for a node not read: after a problem, or beyond the bounds (the first such is reported)."""
        if not self.problems and self.count > MAX_NODES:
            self.problems.append(Problem(self.path, self.line(node),
                                         f"this file holds more than {MAX_NODES:,} values (often from "
                                         "repeated '&' anchors and '*' references)",
                                         "write the values out plainly, without anchors"))
        elif not self.problems:
            self.problems.append(Problem(self.path, self.line(node),
                                         f"values are nested more than {MAX_DEPTH} levels deep",
                                         "flatten the structure; see docs/editing.md for the fields"))
        return Scalar(None, "", self.line(node))

    def scalar(self, node: yaml.ScalarNode) -> Scalar:
        tag, style, value = node.tag, node.style, node.value
        quoted = style == "'" or style == '"'
        if self.lines is not None and not style and value:
            end = node.end_mark
            if end.line < len(self.lines) and cut_by_comment(self.lines[end.line], end.column):
                self.problems.append(Problem(self.path, end.line + self.first_line,
                                             "the text after ' #' was left out, because YAML reads ' #' as the "
                                             "start of a note", "put the whole value in quotes"))
        first = self.marked[node.start_mark.index:node.start_mark.index + 1] if self.marked is not None else ""
        if first in ("&", "!") and not style and tag.startswith("tag:yaml.org,2002:"):  # (other tags: below)
            # '&name' or '!' before a plain value: YAML takes it for an anchor or a tag and leaves it out
            self.problems.append(Problem(self.path, self.line(node), f"YAML syntax error: the value starts with "
                                         f"'{first}', which YAML treats specially", "put the whole value in quotes"))
        if tag == STR:  # most values are text: no constructor needed
            return Scalar(value, value, node.start_mark.line + self.first_line, quoted)
        if not tag.startswith("tag:yaml.org,2002:"):
            self.problems.append(Problem(self.path, self.line(node), f"YAML syntax error: the value starts with "
                                         f"'{node.tag[0]}', which YAML treats specially",
                                         "put the whole value in quotes"))
        try:
            built = _plain_value(tag, value)
            if built is None:
                built = self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError, OverflowError):
            built = value  # e.g. 2027-02-30 looks like a date but is not one
        return Scalar(built, value, self.line(node), quoted)

    def mapping(self, node: yaml.MappingNode, depth: int) -> Mapping:
        entries: list[Entry] = []
        seen: dict[str, int] = {}
        first_line = self.first_line
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + first_line
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.path, line, "a field name must be plain text",
                                             "write the field as 'name: value'"))
                continue
            key = key_node.value
            if key in seen:
                self.problems.append(Problem(self.path, line,
                                             f"the field '{key}' appears twice (first on line {seen[key]})",
                                             "keep one of them and delete the other"))
                continue
            seen[key] = line
            entries.append(Entry(key, line, self.build(value_node, depth + 1)))
        return Mapping(tuple(entries), self.line(node))
