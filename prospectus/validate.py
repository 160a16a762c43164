"""Whole-site checks: references between files, images that must exist, and content worth a second look."""
from __future__ import annotations

from .errors import Problem, Severity, did_you_mean
from .model import ONLINE, TO_BE_CONFIRMED, Cohort, Programme, Site


def check_site(site: Site) -> tuple[Problem, ...]:
    """Check what no single file can check on its own; return errors and warnings."""
    problems: list[Problem] = []
    people = {p.slug for p in site.people}
    venues = {v.slug for v in site.venues}
    for programme in site.programmes:
        problems += _team_problems(programme, people)
        for cohort in programme.cohorts:
            problems += _cohort_problems(programme, cohort, venues)
    for person in site.people:
        if not person.bio_html:
            problems.append(Problem(person.source, 1, f"{person.full_name} has no biography",
                                    "write a few sentences about them below the second '---' line",
                                    Severity.WARNING))
    if not site.programmes:
        problems.append(Problem("content/programmes", 1, "there are no programmes yet",
                                "add a folder for each programme; see docs/editing.md", Severity.WARNING))
    return tuple(problems)


def _team_problems(programme: Programme, people: set[str]) -> list[Problem]:
    problems = []
    for index, member in enumerate(programme.team, 1):
        if member.person and member.person not in people:
            problems.append(Problem(programme.source, member.line, f"'team', item {index}: there is no person "
                                    f"'{member.person}' in content/people",
                                    did_you_mean(member.person, people) if people else
                                    f"add content/people/{member.person}.md"))
    return problems


def _cohort_problems(programme: Programme, cohort: Cohort, venues: set[str]) -> list[Problem]:
    path, problems = programme.cohorts_source, []
    numbers = {m.number for m in programme.modules}
    where = f"cohort '{cohort.id}'"
    if cohort.venue not in venues | {ONLINE, TO_BE_CONFIRMED}:
        problems.append(Problem(path, cohort.line, f"{where}: there is no venue '{cohort.venue}' in content/venues",
                                did_you_mean(cohort.venue, venues | {ONLINE, TO_BE_CONFIRMED})))
    for index, session in enumerate(cohort.sessions, 1):
        if session.module not in numbers:
            listed = ", ".join(str(n) for n in sorted(numbers)) or "none yet"
            problems.append(Problem(path, session.line, f"{where}, session {index}: there is no module "
                                    f"{session.module} in this programme (modules: {listed})",
                                    "use the number at the start of the module's file name"))
        if session.venue and session.venue not in venues | {ONLINE, TO_BE_CONFIRMED}:
            problems.append(Problem(path, session.line, f"{where}, session {index}: there is no venue "
                                    f"'{session.venue}' in content/venues",
                                    did_you_mean(session.venue, venues | {ONLINE, TO_BE_CONFIRMED})))
    if cohort.sessions:
        covered = {s.module for s in cohort.sessions}
        for number in sorted(numbers - covered):
            problems.append(Problem(path, cohort.line, f"{where}: module {number} has no session",
                                    f"add its dates, or a session with 'module: {number}' and 'skip: true'",
                                    Severity.WARNING))
    limit = programme.max_participants
    if cohort.capacity and limit and cohort.capacity > limit:
        problems.append(Problem(path, cohort.line, f"{where}: 'capacity' ({cohort.capacity}) is more than the "
                                f"programme's 'max_participants' ({limit})",
                                "lower the capacity or raise the maximum", Severity.WARNING))
    return problems
