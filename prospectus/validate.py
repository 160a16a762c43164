"""Whole-site checks: references between files, images that must exist, and content worth a second look."""
from __future__ import annotations

from .errors import Problem, Severity, did_you_mean
from .model import Cohort, Programme, Site


def check_site(site: Site, page_files: frozenset[str]) -> tuple[Problem, ...]:
    """Check what only the whole site can tell; return errors and warnings.

    `page_files` are the names of the files in content/pages, whether or not they could be read.
    """
    problems: list[Problem] = []
    for person in site.people:
        if not person.bio_html:
            problems.append(Problem(person.source, 1, f"{person.full_name} has no biography",
                                    "write a few sentences about them below the second '---' line",
                                    Severity.WARNING))
    if "accessibility" not in page_files:
        problems.append(Problem("content/pages/accessibility.md", 1, "the accessibility statement is missing",
                                "every page links to it: create content/pages/accessibility.md (see "
                                "docs/editing.md)"))
    return tuple(problems)


def team_problems(programme: Programme, people: set[str]) -> list[Problem]:
    """Check that everyone on a programme's team has a file in content/people."""
    problems = []
    for index, member in enumerate(programme.team, 1):
        if member.person and member.person not in people:
            problems.append(Problem(programme.source, member.line, f"'team', item {index}: there is no person "
                                    f"'{member.person}' in content/people",
                                    did_you_mean(member.person, people) if people else
                                    f"add content/people/{member.person}.md"))
    return problems


def cohort_problems(cohort: Cohort, path: str, numbers: set[int], limit: int | None) -> list[Problem]:
    """Check that a cohort runs every module (or says it skips it) and fits the programme's size."""
    problems = []
    where = f"cohort '{cohort.id}'"
    if cohort.sessions:
        covered = {s.module for s in cohort.sessions}
        for number in sorted(numbers - covered):
            problems.append(Problem(path, cohort.line, f"{where}: module {number} has no session",
                                    f"add its dates, or a session with 'module: {number}' and 'skip: true'",
                                    Severity.WARNING))
    if cohort.capacity and limit and cohort.capacity > limit:
        problems.append(Problem(path, cohort.line, f"{where}: 'capacity' ({cohort.capacity}) is more than the "
                                f"programme's 'max_participants' ({limit})",
                                "lower the capacity or raise the maximum", Severity.WARNING))
    return problems
