"""Plain-English diagnoses of YAML mistakes, found by looking at the lines editors wrote.

PyYAML often notices a mistake a line or more after it was made, and its words are for programmers. These
checks look for the usual causes (a quote that ends early or never ends, a value starting with a character
YAML treats specially, a line indented too far) so the message names the line where the mistake is.
"""
from __future__ import annotations

import re

SPECIAL_FIRST = "@`%!|>[]{}*&"
_KEY_VALUE = re.compile(r"^(\s*)((?:-\s+)*)[^\s#'\"][^:]*:\s+\S")


def value_of(line: str) -> str:
    """Return what follows 'key: ' or '- ' on a line, or the line itself."""
    match = re.match(r"^\s*(?:-\s+)?(?:[^\s#'\"][^:#]*?:(?:\s+|$))?(.*)$", line)
    return match.group(1) if match else line.strip()


def _quoted_end(value: str) -> int | None:
    """Return where a quoted value's closing quote is, or None if it does not close on this line."""
    quote = value[0]
    i = 1
    while i < len(value):
        if quote == "'" and value.startswith("''", i):
            i += 2
            continue
        if quote == '"' and value[i] == "\\":
            i += 2
            continue
        if value[i] == quote:
            return i
        i += 1
    return None


def quote_mistake(line: str) -> tuple[str, str] | None:
    """Diagnose a quoted value that ends early or never ends on its line."""
    value = value_of(line).strip()
    if not value or value[0] not in "'\"":
        return None
    end = _quoted_end(value)
    if end is None:
        return ("a quote is opened on this line but never closed",
                "add the closing quote mark at the end of the value")
    rest = value[end + 1:].strip()
    if rest and not rest.startswith("#"):
        if value[0] == "'":
            return ("an apostrophe inside single quotes ends the value early",
                    "put the value in double quotes instead, like title: \"The King's Fund\"")
        return ("a double quote inside double quotes ends the value early",
                "put the value in single quotes instead, or write \\\" for each quote inside it")
    return None


def special_first(line: str) -> tuple[str, str] | None:
    """Diagnose a plain value that starts with a character YAML treats specially."""
    value = value_of(line).strip()
    if value and value[0] in SPECIAL_FIRST and not re.fullmatch(r"\[[^\]]*\]|\{[^}]*\}|[|>][-+]?", value):
        return (f"the value starts with '{value[0]}', which YAML treats specially",
                "put the whole value in quotes")
    return None


def over_indented(lines: list[str], index: int) -> bool:
    """Say whether line `index` is indented further than a 'key: value' line above it (for a list item,
    '- key: value', further than its key: the item's other fields line up with that)."""
    line = lines[index]
    previous = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()
                     and not lines[i].lstrip().startswith("#")), None)
    above = _KEY_VALUE.match(previous) if previous is not None else None
    if above is None:
        return False
    indent = len(line) - len(line.lstrip())
    return indent > len(above.group(1)) + len(above.group(2)) and ":" in line


def diagnose(lines: list[str], error_index: int) -> tuple[int, str, str] | None:
    """Find the line a YAML error most likely comes from: (index, what is wrong, how to fix it)."""
    for index, line in enumerate(lines[:error_index + 1]):
        if line.lstrip().startswith("#"):
            continue
        mistake = quote_mistake(line)
        if mistake:
            return (index, *mistake)
    for index in (error_index, error_index - 1):
        if 0 <= index < len(lines):
            mistake = special_first(lines[index])
            if mistake:
                return (index, *mistake)
    if 0 <= error_index < len(lines) and over_indented(lines, error_index):
        return (error_index, "this line is indented further than the line above",
                "line it up with the fields at the same level, using spaces")
    return None


def cut_by_comment(line: str, column: int) -> bool:
    """Say whether a plain value ending at `column` was cut short by ' #' (YAML reads it as a note)."""
    return bool(re.match(r"\s+#\S", line[column:]))
