"""When the site changes by itself, with no edit: deadlines, start and end dates, publish and expiry dates.

A build's output depends on the day it is built for. These functions find the days on which that output
changes: the next one ahead (printed by every build, so a site owner knows when the daily rebuild matters),
and the last one passed (the sitemap's lastmod and the feed's updated dates).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from .frozen import frozen
from .memo import Memo
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


def programme_changes(programme: Programme, drafts: bool = False) -> tuple[Change, ...]:
    """Return the days on which a programme, or one of its cohorts, changes by itself."""
    found: list[Change] = []
    for day in _flips(programme.publication, drafts):
        what = "is published" if is_shown(programme.publication, day, drafts) else "expires"
        found.append(Change(day, f"programme '{programme.slug}' {what}", programme.slug))
    for cohort in programme.cohorts:
        found.extend(_cohort_changes(programme, cohort, drafts))
    return tuple(found)


def changes(site: Site, drafts: bool = False, memo: Memo | None = None) -> tuple[Change, ...]:
    """Return every day on which the site's output changes by itself, past and future, in date order.

    With a memo (the preview), a programme that is the very object of the last build keeps its changes.
    """
    memo = memo or Memo()
    parts: list[tuple[Change, ...]] = []
    for programme in site.programmes:
        key = "changes:" + programme.slug
        known = memo.views.get(key)
        if not (known and known[0][0] is programme and known[0][1] == drafts):
            known = memo.views[key] = ((programme, drafts), programme_changes(programme, drafts))
        parts.append(known[1])
    for page in site.pages:
        flips = (Change(day, f"page '{page.slug}' " + ("is published" if is_shown(page.publication, day, drafts)
                                                         else "expires"), page=page.slug)
                 for day in _flips(page.publication, drafts))
        parts.append(tuple(flips))
    known = memo.views.get("changes:*")
    if known and len(known[0]) == len(parts) and all(a is b or a == b for a, b in zip(known[0], parts, strict=True)):
        return known[1]
    found = tuple(sorted(change for part in parts for change in part))
    memo.views["changes:*"] = (tuple(parts), found)
    return found


def next_changes(found: tuple[Change, ...], today: date) -> tuple[Change, ...]:
    """Return, of all the changes `found`, those due on the first day after `today` that has any."""
    ahead = [c for c in found if c.day > today]
    return tuple(c for c in ahead if c.day == ahead[0].day) if ahead else ()


SHOWN_CHANGES = 3  # of the changes due on the next day, named in the line; the rest are counted


def describe_next(found: tuple[Change, ...], today: date) -> str:
    """Say when the site next changes by itself, for the line every build prints (one line, however many
    programmes change that day)."""
    due = next_changes(found, today)
    if not due:
        return "Next change by itself: none (no deadline, session, publish or expiry date is still to come)."
    named = due if len(due) <= SHOWN_CHANGES + 1 else due[:SHOWN_CHANGES]  # never 'and 1 more'
    more = f"; and {len(due) - len(named):,} more that day" if len(named) < len(due) else ""
    return f"Next change by itself: {due[0].day.isoformat()}, " + "; ".join(c.what for c in named) + more


@frozen
class Latest:
    """The last day, up to the build's date, on which each programme, cohort and page changed by itself."""

    programmes: dict[str, date]
    cohorts: dict[str, dict[str, date]]  # programme → cohort id → day; '' for the programme itself
    pages: dict[str, date]


def latest_changes(found: tuple[Change, ...], today: date) -> Latest:
    """Return the newest change up to `today` of each programme, cohort and page, from all the changes found."""
    latest = Latest({}, {}, {})
    for change in found:
        if change.day > today:
            break  # the changes are in date order
        if change.page:
            latest.pages[change.page] = change.day
        else:
            latest.programmes[change.programme] = change.day
            latest.cohorts.setdefault(change.programme, {})[change.cohort] = change.day
    return latest


def newest(*days: date | None) -> date | None:
    """Return the latest of some days, ignoring those not given."""
    given = [d for d in days if d is not None]
    return max(given) if given else None
