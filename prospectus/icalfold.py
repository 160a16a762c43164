"""Line folding for the icalendar library, a line at a time instead of a character at a time.

icalendar 7 folds every content line (RFC 5545 section 3.1: at most 75 octets, then CRLF and a space) by
walking it character by character, which is a third of the time a large site's calendars take. For a line of
plain ASCII, every character is one octet, so the same folds can be cut by slicing. `install()` puts this
in icalendar's place only for the version it was checked against (pyproject.toml pins it); for any other
line (non-ASCII, or other arguments) icalendar's own function does the work. `tests/test_calendars.py`
checks that both give the same text on random lines, escapes at the folds included.
"""
from __future__ import annotations

from collections.abc import Callable

CHECKED_WITH = "7.3.2"  # the icalendar version whose _foldline this reproduces


def folder(original: Callable[..., str]) -> Callable[..., str]:
    """Return a line folder giving exactly what `original` (icalendar's _foldline) gives, faster on ASCII."""

    def fold(line: str, limit: int = 75, fold_sep: str = "\r\n ") -> str:
        if not line.isascii() or limit < 3:
            return original(line, limit, fold_sep)
        if len(line) < limit:
            return line
        parts = []
        start, width = 0, limit - 1
        while len(line) - start >= limit:
            end = start + width
            if line[end - 1] in "\\^":  # icalendar never ends a fold on an escape character: it moves it on
                end -= 1
            parts.append(line[start:end])
            start = end
        parts.append(line[start:])
        return fold_sep.join(parts)

    return fold


def install() -> None:
    """Make icalendar fold lines with `folder`, if it is the version this was checked against."""
    import icalendar
    from icalendar.parser import content_line
    original = getattr(content_line, "_foldline", None)
    if icalendar.__version__ != CHECKED_WITH or original is None or getattr(original, "fast", False):
        return
    fast = folder(original)
    fast.fast = True  # type: ignore[attr-defined]
    content_line._foldline = fast
