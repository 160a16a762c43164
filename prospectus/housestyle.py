"""UK house style for dates, times, money and lengths: one formatter used by every output."""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (the model is imported where a fee is written: the templates' helper has no need of it)
    from .model import Fee

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
FRACTIONS = {Decimal("0.5"): "½"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _month(d: date) -> str:
    return MONTHS[d.month - 1]


def day(d: date, weekday: bool = False) -> str:
    """Return '10 March 2027', or 'Wednesday 10 March 2027'."""
    text = f"{d.day} {_month(d)} {d.year}"
    return f"{WEEKDAYS[d.weekday()]} {text}" if weekday else text


def day_range(first: date, last: date) -> str:
    """Return '14 to 15 October 2027', '30 September to 1 October 2027' or a single day."""
    if first == last:
        return day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {day(last)}"
    if first.year == last.year:
        return f"{first.day} {_month(first)} to {day(last)}"
    return f"{day(first)} to {day(last)}"


def month_range(first: date, last: date) -> str:
    """Return 'March to November 2027' or 'November 2027 to March 2028'."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{_month(first)} {first.year}"
    if first.year == last.year:
        return f"{_month(first)} to {_month(last)} {last.year}"
    return f"{_month(first)} {first.year} to {_month(last)} {last.year}"


def clock(t: time) -> str:
    """Return '9:30am', '5pm' or 'midday'; never 'midnight' or '12:00am'."""
    if (t.hour, t.minute) == (12, 0):
        return "midday"
    hour = t.hour % 12 or 12
    suffix = "am" if t.hour < 12 else "pm"
    return f"{hour}{suffix}" if t.minute == 0 else f"{hour}:{t.minute:02d}{suffix}"


def times(start: datetime, end: datetime) -> str:
    """Return '9:30am to 5pm' for one day, or '9:30am start, 1pm finish' across days."""
    if start.date() == end.date():
        return f"{clock(start.timetz())} to {clock(end.timetz())}"
    return f"{clock(start.timetz())} start, {clock(end.timetz())} finish"


def moment(value: date | datetime) -> str:
    """Return 'midday on Friday 15 January 2027', or the day alone for a date."""
    if isinstance(value, datetime):
        return f"{clock(value.timetz())} on {day(value.date(), weekday=True)}"
    return day(value, weekday=True)


def money(amount: Decimal, currency: str = "GBP") -> str:
    """Return '£9,950' or '£9,950.50'."""
    symbol = SYMBOLS.get(currency, currency + " ")
    if amount == amount.to_integral_value():
        return f"{symbol}{int(amount):,}"
    return f"{symbol}{amount:,.2f}"


def fee(value: Fee) -> str:
    """Return '£9,950 plus VAT', 'Contact us for the fee' or 'Funded: no fee to pay'."""
    from .model import FeeKind, Vat
    if value.kind is FeeKind.CONTACT_US:
        return "Contact us for the fee"
    if value.kind is FeeKind.FUNDED:
        return "Funded: no fee to pay"
    assert value.amount is not None
    text = money(value.amount, value.currency)
    text += {Vat.PLUS_VAT: " plus VAT", Vat.INCLUDING_VAT: " including VAT", Vat.NO_VAT: " (no VAT)",
             None: ""}[value.vat]
    return text + (" per organisation" if value.per == "organisation" else "")


def days(count: Decimal) -> str:
    """Return '2 days', '1½ days', '1 day' or '½ day'."""
    whole = int(count)
    fraction = FRACTIONS.get(count - whole, "")
    number = (str(whole) if whole else "") + fraction
    return f"{number} {'day' if count <= 1 else 'days'}"


def plural(count: int, word: str) -> str:
    """Return '1 module', '4 modules' or '11,528 files'."""
    return f"{count} {word}" if count == 1 else f"{count:,} {word}s"


def weeks_window(weeks: tuple[int, int]) -> str:
    """Return '4 to 6 weeks before the programme starts'."""
    earliest, latest = weeks
    if earliest == latest:
        return f"{plural(earliest, 'week')} before the programme starts"
    return f"{latest} to {earliest} weeks before the programme starts"


def file_size(size: int) -> str:
    """Return '1 byte', '820 bytes', '180 KB' or '1.2 MB' (1 KB is 1,024 bytes, as file managers count)."""
    if size < 1024:
        return "1 byte" if size == 1 else f"{size:,} bytes"
    kilobytes = max(1, round(size / 1024))
    if kilobytes < 1024:
        return f"{kilobytes:,} KB"
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.1f} MB" if megabytes < 99.95 else f"{round(megabytes):,} MB"
