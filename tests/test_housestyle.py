"""UK house style: "14 to 15 October 2027", "9:30am", "£9,950 plus VAT"."""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from prospectus import housestyle as hs
from prospectus.model import Fee, FeeKind, Vat


@pytest.mark.parametrize(("first", "last", "text"), [
    (date(2027, 10, 14), date(2027, 10, 15), "14 to 15 October 2027"),
    (date(2027, 9, 30), date(2027, 10, 1), "30 September to 1 October 2027"),
    (date(2027, 12, 31), date(2028, 1, 2), "31 December 2027 to 2 January 2028"),
    (date(2027, 3, 1), date(2027, 3, 1), "1 March 2027"),
])
def test_day_ranges(first: date, last: date, text: str) -> None:
    assert hs.day_range(first, last) == text


@pytest.mark.parametrize(("value", "text"), [
    (time(9, 30), "9:30am"), (time(17, 0), "5pm"), (time(12, 0), "midday"), (time(12, 30), "12:30pm"),
    (time(23, 59), "11:59pm"), (time(0, 0), "12am"), (time(0, 15), "12:15am"),
])
def test_clock_times(value: time, text: str) -> None:
    assert hs.clock(value) == text


def test_session_times_on_one_day_and_across_days() -> None:
    tz = ZoneInfo("Europe/London")
    assert hs.times(datetime(2027, 3, 10, 9, 30, tzinfo=tz), datetime(2027, 3, 10, 17, tzinfo=tz)) == "9:30am to 5pm"
    assert hs.times(datetime(2027, 3, 10, 9, 30, tzinfo=tz), datetime(2027, 3, 11, 13, tzinfo=tz)) == \
        "9:30am start, 1pm finish"


@pytest.mark.parametrize(("fee", "text"), [
    (Fee(FeeKind.PAID, Decimal("9950"), vat=Vat.PLUS_VAT), "£9,950 plus VAT"),
    (Fee(FeeKind.PAID, Decimal("11940.5"), vat=Vat.INCLUDING_VAT), "£11,940.50 including VAT"),
    (Fee(FeeKind.PAID, Decimal("500"), vat=Vat.NO_VAT), "£500 (no VAT)"),
    (Fee(FeeKind.PAID, Decimal("30000"), "EUR", Vat.PLUS_VAT, "organisation"), "€30,000 plus VAT per organisation"),
    (Fee(FeeKind.CONTACT_US), "Contact us for the fee"),
    (Fee(FeeKind.FUNDED), "Funded: no fee to pay"),
])
def test_fees(fee: Fee, text: str) -> None:
    assert hs.fee(fee) == text


@pytest.mark.parametrize(("days", "text"), [("2", "2 days"), ("1.5", "1½ days"), ("1", "1 day"), ("0.5", "½ day"),
                                            ("3.5", "3½ days")])
def test_days(days: str, text: str) -> None:
    assert hs.days(Decimal(days)) == text


def test_moments_and_months() -> None:
    tz = ZoneInfo("Europe/London")
    assert hs.moment(datetime(2027, 1, 15, 12, tzinfo=tz)) == "midday on Friday 15 January 2027"
    assert hs.moment(date(2027, 1, 15)) == "Friday 15 January 2027"
    assert hs.month_range(date(2027, 3, 10), date(2027, 11, 25)) == "March to November 2027"
    assert hs.month_range(date(2027, 11, 10), date(2028, 3, 1)) == "November 2027 to March 2028"
    assert hs.weeks_window((6, 4)) == "4 to 6 weeks before the programme starts"


@pytest.mark.parametrize(("count", "text"), [(1, "1 module"), (0, "0 modules"), (4, "4 modules"),
                                             (11_528, "11,528 modules")])
def test_counts_are_written_with_thousands_separated(count: int, text: str) -> None:
    assert hs.plural(count, "module") == text
