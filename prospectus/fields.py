"""Typed readers for YAML values: each checks one kind of value and says, in plain words, what it expected."""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping as MappingT
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from .errors import Problem, Severity, did_you_mean
from .frozen import frozen
from .housestyle import MONTHS
from .moments import DATE, parse_moment
from .options import WEB_ADDRESS, WEB_ADDRESS_WANTED
from .yamlnodes import Mapping, Node, Scalar, Sequence

INVALID: Any = object()  # a value that was wrong; its problem has been recorded


@dataclass
class Reader:
    """Collects the problems found while reading one file."""

    path: str
    tz: ZoneInfo
    problems: list[Problem] = field(default_factory=list)

    def fail(self, line: int, message: str, hint: str = "") -> Any:
        self.problems.append(Problem(self.path, line, message, hint))
        return INVALID

    def warn(self, line: int, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, line, message, hint, Severity.WARNING))


@frozen
class Field:
    """A field editors may write: how to read it, whether it is required, and an example for the guide."""

    example: str
    required: bool = False
    doc: str = ""

    expected = "a value"
    fix = "see docs/editing.md for an example"

    def read(self, node: Node, r: Reader, label: str) -> Any:
        if not isinstance(node, Scalar) or node.value is None:
            return self.wrong(node, r, label)
        return self.scalar(node, r, label)

    def scalar(self, node: Scalar, r: Reader, label: str) -> Any:
        raise NotImplementedError

    def wrong(self, node: Node, r: Reader, label: str, fix: str = "") -> Any:
        return r.fail(node.line, f"{label}: expected {self.expected}, got {shown(node)}", fix or self.fix)

    @property
    def empty(self) -> Any:
        return None


def shown(node: Node) -> str:
    """Describe what an editor wrote, for 'got …' in a message."""
    if isinstance(node, Mapping):
        return "a group of fields"
    if isinstance(node, Sequence):
        return "a list"
    if node.value is None:
        return "nothing"
    text = " ".join(node.text.split())  # one line, whatever the value spans
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"'{text}'"


@frozen
class Text(Field):
    """Any text. Values YAML would read as yes/no or numbers are kept exactly as written."""

    expected = "some text"
    fix = "write the text after the colon, in quotes if it contains a colon"
    max_length: int = 20_000

    def scalar(self, node: Scalar, r: Reader, label: str) -> Any:
        text = node.text.strip() if isinstance(node.value, str) else node.text
        if not text:
            return self.wrong(node, r, label)
        if len(text) > self.max_length:
            return r.fail(node.line, f"{label}: is {len(text):,} characters long, more than the "
                          f"{self.max_length:,} allowed", "shorten it")
        return text


@frozen
class Pattern(Text):
    """Text that must match a pattern, such as an email address or a web address."""

    regex: str = ".*"
    what: str = "text"
    hint: str = ""

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.what

    @property
    def fix(self) -> str:  # type: ignore[override]
        return self.hint

    def scalar(self, node: Scalar, r: Reader, label: str) -> Any:
        text = super().scalar(node, r, label)
        if text is INVALID:
            return text
        if not re.fullmatch(self.regex, text):
            return r.fail(node.line, f"{label}: expected {self.what}, got {shown(node)}", self.hint)
        return text


def Email(example: str, required: bool = False, doc: str = "") -> Pattern:
    return Pattern(example, required, doc, regex=r"[^@\s<>\":]+@[^@\s<>\":]+\.[A-Za-z]{2,}",
                   what="an email address like leadership@example.org",
                   hint="write just the address, with no 'mailto:' and no spaces")


def Url(example: str, required: bool = False, doc: str = "") -> Pattern:
    return Pattern(example, required, doc, regex=WEB_ADDRESS, what=WEB_ADDRESS_WANTED,
                   hint="copy the full address from the browser's address bar")


def Link(example: str, required: bool = False, doc: str = "") -> Pattern:
    return Pattern(example, required, doc, regex=r"(https?://[^\s<>\"]+|/[^\s<>\"]*)",
                   what="a web address starting with https:// or a page on this site starting with /",
                   hint="write a full address like https://example.org/page, or a site page like /about/")


def Phone(example: str, required: bool = False, doc: str = "") -> Pattern:
    return Pattern(example, required, doc, regex=r"\+?[0-9][0-9 ()\-]{5,20}[0-9]",
                   what="a telephone number like 020 7946 0000",
                   hint="write digits and spaces only, starting with + for international numbers")


def Colour(example: str, required: bool = False, doc: str = "") -> Pattern:
    return Pattern(example, required, doc, regex=r"#[0-9A-Fa-f]{6}",
                   what="a colour like '#0b5563' (a # and six hex digits, in quotes)",
                   hint="YAML treats # as the start of a comment, so put the colour in quotes")


@frozen
class Integer(Field):
    """A field that is a whole number within a range."""

    minimum: int = 1
    maximum: int = 100_000
    expected = "a whole number like 16"
    fix = "write digits only, with no words or commas"

    def scalar(self, node: Scalar, r: Reader, label: str) -> Any:
        if type(node.value) is not int:
            return self.wrong(node, r, label)
        if not self.minimum <= node.value <= self.maximum:
            return r.fail(node.line, f"{label}: {node.value} is out of range",
                          f"use a number from {self.minimum:,} to {self.maximum:,}")
        return node.value


@frozen
class Days(Field):
    """A length in days, in whole or half days: 2, 1.5."""

    expected = "a number of days like 2 or 1.5"
    fix = "write the number of days using digits, in whole or half days (0.5, 1, 1.5, 2 …)"

    def scalar(self, node: Scalar, r: Reader, label: str) -> Any:
        if type(node.value) not in (int, float):
            return self.wrong(node, r, label)
        days = Decimal(node.text.strip())
        if days <= 0 or days > 365 or days * 2 != int(days * 2):
            return self.wrong(node, r, label)
        return days


@frozen
class Money(Field):
    """An amount of money in whole units or with pence: 9950, 9950.50."""

    expected = "an amount like 9950 or 9950.50, or 'contact us' or 'funded'"
    fix = "write the amount in digits without the £ sign or commas"
    words: tuple[str, ...] = ("contact us", "funded")

    def scalar(self, node: Scalar, r: Reader, label: str) -> Any:
        text = node.text.strip()
        if isinstance(node.value, str) and normalise(text) in self.words:
            return normalise(text)
        if type(node.value) not in (int, float):
            return self.wrong(node, r, label)
        try:
            amount = Decimal(text)
        except InvalidOperation:
            return self.wrong(node, r, label)
        if amount < 0 or amount != amount.quantize(Decimal("0.01")) or amount > 10_000_000:
            return self.wrong(node, r, label)
        return amount


def normalise(text: str) -> str:
    """Lower-case a choice and treat hyphens, underscores and spaces alike."""
    return re.sub(r"[\s_-]+", " ", text.strip().lower())


@frozen
class Choice(Field):
    """One of a fixed set of words; spelling of case, hyphens and spaces does not matter."""

    options: tuple[str, ...] = ()

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(f"'{o}'" for o in self.options)

    def scalar(self, node: Scalar, r: Reader, label: str) -> Any:
        chosen = normalise(node.text)
        for option in self.options:
            if normalise(option) == chosen:
                return option
        return r.fail(node.line, f"{label}: {shown(node)} is not one of the choices",
                      did_you_mean(" ".join(node.text.split()), self.options))


@frozen
class Flag(Field):
    """A field that is true or false."""

    expected = "true or false"
    fix = "write true or false"

    def scalar(self, node: Scalar, r: Reader, label: str) -> Any:
        if type(node.value) is not bool:
            if node.quoted and node.text.strip().lower() in ("true", "false"):
                return self.wrong(node, r, label, "write true or false without quotes")
            return self.wrong(node, r, label)
        return node.value


def no_such_day(text: str) -> str | None:
    """Say why text written as a date (2027-02-30) is not a day of the calendar, and how to put it right; return
    None if it is one, or is not written as a date at all."""
    match = re.match(DATE.pattern + r"(?!\d)", text.strip())
    if not match:
        return None
    year, month, day = map(int, match.groups())
    if year == 0:
        return "there is no year 0: write the year in four digits, like 2027"
    if not 1 <= month <= 12:
        return f"there is no month {month}: write the year, then the month (1 to 12), then the day"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{MONTHS[month - 1]} {year} has {days} days: check the day and the month"
    return None


@frozen
class When(Field):
    """A date, or a date with a time in the site's time zone."""

    needs_time: bool = False
    allow_time: bool = True

    @property
    def expected(self) -> str:  # type: ignore[override]
        if self.needs_time:
            return "a date and time like 2027-03-10 9:30"
        if self.allow_time:
            return "a date like 2027-03-10, or a date and time like 2027-03-10 12:00"
        return "a date like 2027-03-10"

    fix = "write dates as year-month-day and times as 9:30 or 14:00"

    def scalar(self, node: Scalar, r: Reader, label: str) -> Any:
        moment = parse_moment(node, r.tz)
        if moment is None:
            return self.wrong(node, r, label, no_such_day(node.text) or "")
        if isinstance(moment, datetime) and not self.allow_time:
            return self.wrong(node, r, label, "write the date only, like 2027-03-10")
        if self.needs_time and not isinstance(moment, datetime):
            return self.wrong(node, r, label, "add the time after the date, like 2027-03-10 9:30")
        return moment


@frozen
class ListOf(Field):
    """A list of values of one kind, written one per line starting with '- '. Bad items stay as INVALID."""

    item: Field = field(default_factory=lambda: Text(""))
    item_name: str = ""  # how messages name an item, like 'session' (default: "'sessions', item 2")
    expected = "a list, with each item on its own line starting with '- '"
    fix = "write each item on its own line, indented, starting with '- '"

    def read(self, node: Node, r: Reader, label: str) -> Any:
        if not isinstance(node, Sequence):
            return self.wrong(node, r, label)
        before = label.rsplit("'", 2)[0]
        return tuple(self.item.read(n, r, f"{before}{self.item_name} {i}" if self.item_name else f"{label}, item {i}")
                     for i, n in enumerate(node, 1))

    @property
    def empty(self) -> Any:
        return ()


@frozen
class Group(Field):
    """A group of fields indented under one name."""

    schema: MappingT[str, Field] = field(default_factory=dict)
    expected = "a group of fields indented under it"
    fix = "indent the fields of the group by two spaces under its name"

    def read(self, node: Node, r: Reader, label: str) -> Any:
        if not isinstance(node, Mapping):
            return self.wrong(node, r, label)
        return read_fields(node, self.schema, r, label + ", ")


@frozen
class Custom(Field):
    """A field read by a function of our own, for values with several forms."""

    reader: Callable[[Node, Reader, str], Any] | None = None
    expected = "a value"

    def read(self, node: Node, r: Reader, label: str) -> Any:
        assert self.reader is not None
        return self.reader(node, r, label)


Schema = MappingT[str, Field]


def complete(value: Any) -> bool:
    """Say whether a value read from YAML has no wrong or missing part anywhere inside it."""
    if value is INVALID:
        return False
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, tuple):
        return True
    # most parts are plain values: looked at here, without a call for each
    return all(part is not INVALID and (not isinstance(part, _NESTED) or complete(part)) for part in value)


_NESTED = (dict, tuple)  # (a tuple of types: `dict | tuple` would make a new union for each part looked at)


def read_fields(node: Node | None, schema: Schema, r: Reader, where: str = "",
                line: int = 1) -> dict[str, Any] | Any:
    """Read a group of fields against `schema`, recording every unknown, missing or wrong field.

    Returns a dict with every field of the schema (INVALID where a value was wrong or a required one missing),
    or INVALID if the node is not a group of fields at all.
    """
    if node is None:
        node = Mapping((), line)
    if not isinstance(node, Mapping):
        return r.fail(node.line, f"{where}expected fields written as 'name: value', got {shown(node)}",
                      "see docs/editing.md for an example of this file")
    values: dict[str, Any] = {}
    suggested: set[str] = set()
    for entry in node:
        spec = schema.get(entry.key)
        if spec is None:
            written = set(node.keys())
            hint = did_you_mean(entry.key, [k for k in schema if k not in written] or schema)
            r.fail(entry.line, f"{where}unknown field '{entry.key}'", hint)
            suggested.update(k for k in schema if hint == f"did you mean '{k}'?")
            continue
        values[entry.key] = spec.read(entry.value, r, f"{where}'{entry.key}'")
    for key, spec in schema.items():
        if key in values:
            continue
        if spec.required:
            if key not in suggested:
                r.fail(node.line, f"{where}the required field '{key}' is missing",
                       f"add a line like  {key}: {spec.example}")
            values[key] = INVALID
        else:
            values[key] = spec.empty
    return values
