"""Reading dates and times the way editors write them: 2027-03-10, 2027-03-10 9:30, 9:30am, 5pm."""
from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .yamlnodes import Scalar

DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::00)?\s*([ap]\.?m\.?)?", re.IGNORECASE)


def parse_date_text(text: str) -> date | None:
    """Read '2027-03-10' as a date, or return None."""
    match = DATE.fullmatch(text.strip())
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
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
