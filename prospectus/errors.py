"""Problems found in content, as values with a location, and the one way they are printed."""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: where it is, what is wrong and how to fix it."""

    path: str
    line: int
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class BuildError(Exception):
    """Raised by a stage that found problems; carries every problem it found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(format_problem(p) for p in self.problems))


def format_problem(problem: Problem) -> str:
    """Format a problem as `path:line: what is wrong; how to fix it`."""
    prefix = "warning: " if problem.severity is Severity.WARNING else ""
    text = f"{problem.path}:{problem.line}: {prefix}{problem.message}"
    return f"{text}; {problem.hint}" if problem.hint else text


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return "did you mean 'x'?" for the nearest choice, or a list of what is allowed."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {o.lower(): o for o in options}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    if close:
        return f"did you mean '{close[0]}'?"
    return "use one of: " + ", ".join(f"'{o}'" for o in options)


def errors_in(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Return only the errors among `problems`."""
    return tuple(p for p in problems if p.is_error)


def promote_warnings(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Turn warnings into errors (what `--strict` does)."""
    return tuple(
        Problem(p.path, p.line, p.message, p.hint, Severity.ERROR) for p in problems
    )
