"""When the site changes by itself, with no edit: deadlines, start and end dates, publish and expiry dates.

A build's output depends on the day it is built for. These functions find the days on which that output
changes: the next one ahead (printed by every build, so a site owner knows when the daily rebuild matters),
and the last one passed (the sitemap's lastmod and the feed's updated dates).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from .model import Cohort, Programme, Publication, Site, Status, as_date
from .publication import is_shown
from .status import CLOSING_SOON_DAYS, effective_status

ONE_DAY = timedelta(days=1)

BECOMES = {
    Status.CLOSING_SOON: "closes soon for applications",
    Status.CLOSED: "closes for applications",
    Status.IN_PROGRESS: "starts",
    Status.PAST: "is over",
}


@dataclass(frozen=True, order=True)
class Change:
    """A day on which the site changes by itself, what changes, and the programme, cohort or page it is in."""

    day: date
    what: str
    programme: str = ""  # the programme's slug, if it is a programme or one of its cohorts
    cohort: str = ""  # the cohort's id, if it is a cohort
    page: str = ""  # the page's slug, if it is a standalone page


def _flips(publication: Publication, drafts: bool) -> Iterator[date]:
    """Yield the days on which an item appears or disappears."""
    for day in (publication.publish, publication.expires):
        if day is not None and is_shown(publication, day, drafts) != is_shown(publication, day - ONE_DAY, drafts):
            yield day


def _cohort_changes(programme: Programme, cohort: Cohort, drafts: bool) -> Iterator[Change]:
    name = f"cohort '{cohort.id}' of {programme.slug}"
    for day in _flips(cohort.publication, drafts):
        if is_shown(programme.publication, day, drafts):
            what = "is published" if is_shown(cohort.publication, day, drafts) else "expires"
            yield Change(day, f"{name} {what}", programme.slug, cohort.id)
    deadline = as_date(cohort.apply_by)
    days = {d for d in (deadline and deadline - timedelta(days=CLOSING_SOON_DAYS), deadline and deadline + ONE_DAY,
                        cohort.start, cohort.end and cohort.end + ONE_DAY) if d}
    for day in sorted(days):
        status = effective_status(cohort, day)
        if status != effective_status(cohort, day - ONE_DAY) and status in BECOMES and \
                is_shown(programme.publication, day, drafts) and is_shown(cohort.publication, day, drafts):
            yield Change(day, f"{name} {BECOMES[status]}", programme.slug, cohort.id)


def changes(site: Site, drafts: bool = False) -> tuple[Change, ...]:
    """Return every day on which the site's output changes by itself, past and future, in date order."""
    found: list[Change] = []
    for programme in site.programmes:
        for day in _flips(programme.publication, drafts):
            what = "is published" if is_shown(programme.publication, day, drafts) else "expires"
            found.append(Change(day, f"programme '{programme.slug}' {what}", programme.slug))
        for cohort in programme.cohorts:
            found.extend(_cohort_changes(programme, cohort, drafts))
    for page in site.pages:
        for day in _flips(page.publication, drafts):
            what = "is published" if is_shown(page.publication, day, drafts) else "expires"
            found.append(Change(day, f"page '{page.slug}' {what}", page=page.slug))
    return tuple(sorted(found))


def next_changes(site: Site, today: date, drafts: bool = False) -> tuple[Change, ...]:
    """Return the changes due on the first day after `today` on which the site changes by itself."""
    ahead = [c for c in changes(site, drafts) if c.day > today]
    return tuple(c for c in ahead if c.day == ahead[0].day) if ahead else ()


def describe_next(site: Site, today: date, drafts: bool = False) -> str:
    """Say when the site next changes by itself, for the line every build prints."""
    due = next_changes(site, today, drafts)
    if not due:
        return "Next change by itself: none (no deadline, session, publish or expiry date is still to come)."
    return f"Next change by itself: {due[0].day.isoformat()}, " + "; ".join(c.what for c in due)


def last_changed(found: tuple[Change, ...], today: date, *dates: date | None, programme: str | None = None,
                 cohort: str | None = None, page: str | None = None) -> date | None:
    """Return the newest of `dates` and of the changes up to `today` that match the programme, cohort or page."""
    days = [d for d in dates if d is not None and d <= today]
    days += [c.day for c in found if c.day <= today and (programme is None or c.programme == programme)
             and (cohort is None or c.cohort == cohort) and (page is None or c.page == page)]
    return max(days) if days else None
