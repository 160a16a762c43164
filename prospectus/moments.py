"""Reading dates and times the way editors write them: 2027-03-10, 2027-03-10 9:30, 9:30am, 5pm."""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .housestyle import MONTHS
from .yamlnodes import Scalar

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::00)?\s*([ap]\.?m\.?)?", re.IGNORECASE)


def parse_date_text(text: str) -> date | None:
    """Read '2027-03-10' as a date, or return None."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def no_such_day(text: str) -> str | None:
    """Say why text written as a date (2027-02-30) is not a day of the calendar, and how to put it right; return
    None if it is one, or is not written as a date at all."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    year, month, day = map(int, match.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}: write the year, then the month (1 to 12), then the day"
    days = calendar.monthrange(year, month)[1] if year else 31
    if not 1 <= day <= days:
        return f"{MONTHS[month - 1]} {year} has {days} days: check the day and the month"
    return None


def parse_time_text(text: str) -> time | None:
    """Read '9:30', '09:30', '9:30am', '5pm' or '17:00' as a time, or return None."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        return None
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower().startswith("p") else 0)
    elif match.group(2) is None:
        return None
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_moment(node: Scalar, tz: ZoneInfo) -> date | datetime | None:
    """Read a date, or a date and a time (in the site's time zone), or return None."""
    value = node.value
    if isinstance(value, datetime):
        return value.astimezone(tz) if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return value
    text = node.text.strip()
    parts = re.split(r"[T\s]+", text, maxsplit=1)
    day = parse_date_text(parts[0])
    if day is None:
        return None
    if len(parts) == 1:
        return day
    clock = parse_time_text(parts[1])
    return datetime.combine(day, clock, tz) if clock else None
