"""What a cohort's status is on the day the site is built, and what a visitor can do about it."""
from __future__ import annotations

from datetime import date, timedelta

from .model import Cohort, Programme, Status, as_date

CLOSING_SOON_DAYS = 14

LABELS = {
    Status.OPEN: "Open for applications",
    Status.CLOSING_SOON: "Closing soon",
    Status.FULL: "Full",
    Status.WAITING_LIST: "Waiting list open",
    Status.CLOSED: "Applications closed",
    Status.REGISTER_INTEREST: "Coming soon",
    Status.POSTPONED: "Postponed",
    Status.CANCELLED: "Cancelled",
    Status.IN_PROGRESS: "In progress",
    Status.PAST: "Finished",
}

ACCEPTING = frozenset({Status.OPEN, Status.CLOSING_SOON})
FINISHED_OR_RUNNING = frozenset({Status.IN_PROGRESS, Status.PAST})


def effective_status(cohort: Cohort, today: date) -> Status:
    """Return the cohort's status as of `today`: deadlines close applications, dates start and end it."""
    declared = cohort.status
    if declared in (Status.CANCELLED, Status.POSTPONED):
        return declared
    if cohort.end is not None and cohort.end < today:
        return Status.PAST
    if cohort.start is not None and cohort.start <= today:
        return Status.IN_PROGRESS
    deadline = as_date(cohort.apply_by)
    if declared in (Status.OPEN, Status.WAITING_LIST, Status.FULL) and deadline and deadline < today:
        return Status.CLOSED
    if declared is Status.OPEN and deadline and deadline - today <= timedelta(days=CLOSING_SOON_DAYS):
        return Status.CLOSING_SOON
    return declared


def is_over(cohort: Cohort, today: date) -> bool:
    """Say whether the cohort's dates are all in the past (whatever became of it)."""
    return cohort.end is not None and cohort.end < today


def upcoming_cohorts(programme: Programme, today: date) -> tuple[Cohort, ...]:
    """Return cohorts that have not started, dated ones first in date order, then those without dates."""
    upcoming = [c for c in programme.cohorts
                if effective_status(c, today) not in FINISHED_OR_RUNNING and not is_over(c, today)]
    return tuple(sorted(upcoming, key=_date_order))


def running_cohorts(programme: Programme, today: date) -> tuple[Cohort, ...]:
    """Return cohorts in progress on `today`."""
    return tuple(sorted((c for c in programme.cohorts if effective_status(c, today) is Status.IN_PROGRESS),
                        key=_date_order))


def past_cohorts(programme: Programme, today: date) -> tuple[Cohort, ...]:
    """Return cohorts whose dates are over (including ones cancelled or postponed), most recent first."""
    past = [c for c in programme.cohorts if is_over(c, today)]
    return tuple(sorted(past, key=_date_order, reverse=True))


# Which cohort the catalogue and key facts feature: one you can apply for, else one with a waiting list,
# else one you can register interest in, else the next that is neither cancelled nor postponed.
FEATURE_ORDER = ((Status.OPEN, Status.CLOSING_SOON), (Status.WAITING_LIST,), (Status.REGISTER_INTEREST,),
                 (Status.FULL, Status.CLOSED))


def next_cohort(programme: Programme, today: date) -> Cohort | None:
    """Return the cohort to feature: the first one a visitor can act on, in the order of FEATURE_ORDER."""
    upcoming = upcoming_cohorts(programme, today)
    for statuses in FEATURE_ORDER:
        found = next((c for c in upcoming if effective_status(c, today) in statuses), None)
        if found:
            return found
    return None


def _date_order(cohort: Cohort) -> tuple[bool, date, str]:
    return (cohort.start is None, cohort.start or date.min, cohort.id)
