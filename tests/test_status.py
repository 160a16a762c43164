"""Status against the build date: deadlines close applications; dates start and finish cohorts."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from prospectus.model import Cohort, Session, Status
from prospectus.status import effective_status

LONDON = ZoneInfo("Europe/London")


def cohort(status: str = "open", apply_by: date | datetime | None = date(2027, 1, 15),
           first: date = date(2027, 3, 10), last: date = date(2027, 11, 25), **extra: object) -> Cohort:
    sessions = (Session(1, datetime(first.year, first.month, first.day, 9, 30, tzinfo=LONDON),
                        datetime(first.year, first.month, first.day + 1, 17, 0, tzinfo=LONDON)),
                Session(2, last, last))
    return Cohort("c", "C", Status(status), apply_by=apply_by, sessions=sessions, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(("declared", "today", "expected"), [
    ("open", date(2026, 11, 26), Status.OPEN),
    ("open", date(2027, 1, 1), Status.CLOSING_SOON),  # 14 days before the deadline
    ("open", date(2026, 12, 31), Status.OPEN),  # 15 days before
    ("open", date(2027, 1, 15), Status.CLOSING_SOON),  # the deadline is today: still open
    ("open", date(2027, 1, 16), Status.CLOSED),  # the day after the deadline
    ("full", date(2027, 1, 16), Status.CLOSED),
    ("waiting list", date(2027, 1, 10), Status.WAITING_LIST),
    ("waiting list", date(2027, 1, 16), Status.CLOSED),
    ("register interest", date(2027, 1, 16), Status.REGISTER_INTEREST),
    ("open", date(2027, 3, 10), Status.IN_PROGRESS),  # first session starts today
    ("closed", date(2027, 11, 25), Status.IN_PROGRESS),  # the last day
    ("closed", date(2027, 11, 26), Status.PAST),
    ("open", date(2028, 1, 1), Status.PAST),
    ("cancelled", date(2027, 4, 1), Status.CANCELLED),
    ("postponed", date(2028, 1, 1), Status.POSTPONED),
])
def test_status_on_a_given_day(declared: str, today: date, expected: Status) -> None:
    assert effective_status(cohort(declared), today) is expected


def test_a_deadline_with_a_time_closes_the_day_after() -> None:
    c = cohort(apply_by=datetime(2027, 1, 15, 12, 0, tzinfo=LONDON))
    assert effective_status(c, date(2027, 1, 15)) is Status.CLOSING_SOON
    assert effective_status(c, date(2027, 1, 16)) is Status.CLOSED


def test_a_cohort_without_dates_keeps_its_status() -> None:
    c = Cohort("c", "C", Status.REGISTER_INTEREST)
    assert effective_status(c, date(2030, 1, 1)) is Status.REGISTER_INTEREST


def test_skipped_and_undated_sessions_do_not_count() -> None:
    c = Cohort("c", "C", Status.OPEN, sessions=(Session(1, skipped=True), Session(2, date(2027, 5, 1),
                                                                                    date(2027, 5, 2)), Session(3)))
    assert c.start == date(2027, 5, 1)
    assert effective_status(c, date(2027, 5, 3)) is Status.PAST
