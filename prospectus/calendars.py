"""Calendar files (RFC 5545, written with the icalendar library): one per cohort, and one of every session
of every cohort that has not finished.

Each session is one event. Its UID (programme/cohort/module-N@domain) never changes, so a calendar that
subscribes to a file updates the event when its dates move instead of adding another. The domain is that of
the site's contact email, which stays the same when the site moves to a new address. DTSTAMP is the build's
date, not the clock, so two builds for the same day are byte-identical.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.resources
import zoneinfo
from pathlib import Path
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from . import housestyle, icalfold, urls
from .cache import engine_fingerprint, stable_hash
from .frozen import frozen
from .memo import Memo
from .model import ONLINE, TO_BE_CONFIRMED, Cohort, Programme, Session, Site, Status
from .status import effective_status
from .urls import Urls

PRODID = "-//Prospectus//Programme calendar//EN"

@functools.cache
def _icalendar():  # type: ignore[no-untyped-def]
    """Import icalendar when calendars are first made (by a helper process, where there are two cores: the
    build does not wait for the import), folding lines with icalfold."""
    import icalendar
    icalfold.install()  # the same folds, cut a line at a time (see icalfold.py)
    return icalendar


def uid_domain(site: Site) -> str:
    """Return the domain that makes event UIDs unique: the one in the site's contact email."""
    return site.config.contact.email.rsplit("@", 1)[-1].lower()


def _where(slug: str, site: Site) -> str:
    if slug == ONLINE:
        return "Online"
    venue = site.venue_index.get(slug)
    if venue is None or slug == TO_BE_CONFIRMED:
        return "Venue to be confirmed"
    return ", ".join((venue.name, *venue.address, venue.postcode) if venue.postcode else (venue.name, *venue.address))


def _event_status(cohort: Cohort, session: Session, today: date) -> str:
    status = effective_status(cohort, today)
    if status is Status.CANCELLED:
        return "CANCELLED"
    if session.provisional or status is Status.POSTPONED:
        return "TENTATIVE"
    return "CONFIRMED"


def session_event(programme: Programme, cohort: Cohort, session: Session, site: Site, today: date,
                  u: Urls) -> Properties:
    """Return one dated session as a calendar event: its properties, with plain values (text, a date or time,
    the address for URL) that event_block writes as Event.add would type them, in the order icalendar writes
    them."""
    module = programme.module(session.module)
    title = f"Module {session.module}: {module.title}" if module else f"Module {session.module}"
    where = _where(session.venue or cohort.venue, site)
    when = housestyle.day_range(session.first_day, session.last_day)  # type: ignore[arg-type]
    if isinstance(session.start, datetime) and isinstance(session.end, datetime):
        when += ", " + housestyle.times(session.start, session.end)
    details = [f"{programme.title}, {cohort.label}.", f"{when}.", where + "."]
    if session.provisional:
        details.append("These dates are provisional.")
    if session.note:
        details.append(session.note)
    event: dict[str, object] = {"UID": f"{programme.slug}/{cohort.id}/module-{session.module}@{uid_domain(site)}",
                                "DTSTAMP": datetime.combine(today, time(0, 0), UTC)}
    if session.all_day:
        event["DTSTART"] = session.first_day
        event["DTEND"] = session.last_day + timedelta(days=1)  # type: ignore[operator]  # the end is exclusive
    else:
        event["DTSTART"] = session.start
        event["DTEND"] = session.end
    event["SUMMARY"] = f"{programme.short_title}: {title}"
    event["DESCRIPTION"] = "\n".join(details)
    event["LOCATION"] = where
    event["STATUS"] = _event_status(cohort, session, today)
    if site.config.base_url:
        event["URL"] = u.absolute(urls.cohort(programme.slug, cohort.id))
    return tuple((name, event[name]) for name in _written_order(tuple(event)))


Properties = tuple[tuple[str, Any], ...]  # an event's properties (name, plain value), in the order written
MOMENTS = frozenset({"DTSTAMP", "DTSTART", "DTEND"})  # typed as dates or times (vDDDTypes); URL as a URI (vUri)


@functools.cache
def _written_order(names: tuple[str, ...]) -> tuple[str, ...]:
    """Return the order in which icalendar's Event writes these properties."""
    from icalendar.caselessdict import canonsort_keys
    return tuple(canonsort_keys(names, _icalendar().Event.canonical_order))


@functools.cache
def _line_writers():  # type: ignore[no-untyped-def]
    """Return icalendar's line folder (icalfold's, once installed), its decoder of written values and its
    escaping of text."""
    _icalendar()
    from icalendar.parser import content_line
    from icalendar.parser.string import _escape_char
    return content_line._foldline, content_line.to_unicode, _escape_char


def _moment(value: date) -> str:
    """Return a date or time written as icalendar's vDDDTypes writes it, with its parameters (such as TZID)
    first: ';TZID=Europe/London:20270414T093000'."""
    _, unicode, _ = _line_writers()
    typed = _icalendar().vDDDTypes(value)
    params = unicode(typed.params.to_ical(sorted=True)) if typed.params else ""
    return f";{params}:{unicode(typed.to_ical())}" if params else f":{unicode(typed.to_ical())}"


@functools.lru_cache(maxsize=8192)
def _known_moment(value: date, timed: bool, zone: object) -> str:
    """_moment, written once for each value: dates repeat from event to event. Whether it has a time, and its
    `zone`, are part of the key, as times in different zones that are the same moment are equal (see _keyed)."""
    return _moment(value)


def _keyed(zone: object) -> bool:
    """Say whether a date or time in this zone is written the same whenever it is equal (so _known_moment may
    keep it): no zone, UTC, or a time-zone database zone with a name (icalendar writes the name). Zones that
    compare equal but are written differently (fixed offsets with different names) are written each time."""
    return zone is None or zone is UTC or (isinstance(zone, ZoneInfo) and bool(zone.key))


def event_block(properties: Properties) -> bytes:
    """Return an event as icalendar's Event.to_ical writes it after Event.add of each property (a DTSTAMP in UTC,
    as session_event gives, which add would otherwise convert), without making the Event: each value written
    as its icalendar type writes it (text escaped by icalendar's own escaping, dates and times by vDDDTypes),
    each line put together and folded as Contentline.from_parts and to_ical do (for the pinned icalendar;
    tests/test_calendars.py compares the two on random values)."""
    _, unicode, escaped = _line_writers()
    lines = ["BEGIN:VEVENT"]
    for name, value in properties:
        if name in MOMENTS:
            zone = getattr(value, "tzinfo", None)
            line = name + (_known_moment(value, isinstance(value, datetime), zone) if _keyed(zone) else _moment(value))
        elif name == "URL":
            line = f"{name}:{unicode(value.encode())}"  # as vUri writes it
        else:
            line = f"{name}:{unicode(escaped(value).encode())}"  # as vText writes it
        lines.append(_folded(name, line))
    lines.append("END:VEVENT\r\n")
    return "\r\n".join(lines).encode()


def _folded(name: str, line: str) -> str:
    """Return a property's line folded as icalendar folds it; raise ValueError for a line break in it, as
    icalendar's Contentline and vUri refuse one."""
    if "\n" in line or "\r" in line:
        raise ValueError(f"an unescaped line break in {name}")
    return _line_writers()[0](line)  # type: ignore[no-any-return]


def _verbatim_line(name: str, value: str) -> bytes:
    """Return the line of a property icalendar does not know (an X- property, written verbatim by vUnknown) as it
    writes it, folded, with its line ending."""
    _, unicode, _ = _line_writers()
    return (_folded(name, f"{name}:{unicode(value.encode())}") + "\r\n").encode()


BEGIN, END = b"BEGIN:VCALENDAR\r\n", b"END:VCALENDAR\r\n"


@frozen
class CohortCalendar:
    """A cohort's events, each already written as a VEVENT block, with what is needed to sort and wrap them."""

    blocks: tuple[bytes, ...]
    starts: tuple[datetime, ...]  # when each starts, for sorting the site-wide calendar
    years: tuple[int, int]  # the first and last year with an event
    file: bytes = b""  # the cohort's own calendar file
    finished: bool = False  # its dates are over, so it is not in the site-wide calendar


def calendar_file(name: str, blocks: list[bytes], years: tuple[int, int] | None, timezone: str,
                  shared: dict[tuple[object, ...], bytes]) -> bytes:
    """Return a calendar of VEVENT blocks as bytes, with a VTIMEZONE covering the years of its events.

    `shared` keeps what the calendars of a build have in common, each made once by icalendar: the properties
    around the name, and the VTIMEZONE of each span of years."""
    if ("before", timezone) not in shared:
        shared["before", timezone] = _lines(("prodid", PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"),
                                            ("method", "PUBLISH"))
        shared["after", timezone] = _lines(("x-wr-timezone", timezone))
    name = " ".join(name.split())  # a title written over two lines: one line (icalendar refuses a line break here)
    head = BEGIN + shared["before", timezone] + _verbatim_line("X-WR-CALNAME", name) + shared["after", timezone]
    if years is not None:
        if ("zone", timezone, years) not in shared:
            shared["zone", timezone, years] = _icalendar().Timezone.from_tzid(
                timezone, first_date=date(years[0] - 1, 1, 1), last_date=date(years[1] + 2, 1, 1)).to_ical()
        head += shared["zone", timezone, years]
    return head + b"".join(blocks) + END


def _lines(*properties: tuple[str, str]) -> bytes:
    """Return the lines icalendar writes for these properties of a calendar."""
    calendar = _icalendar().Calendar()
    for name, value in properties:
        calendar.add(name, value)
    return calendar.to_ical()[len(BEGIN):-len(END)]


def cohort_calendar(programme: Programme, cohort: Cohort, site: Site, today: date, u: Urls,
                    shared: dict[tuple[object, ...], bytes]) -> CohortCalendar:
    """Return the events of a cohort's dated sessions, and its calendar file if it has any."""
    events = [session_event(programme, cohort, s, site, today, u) for s in cohort.dated_sessions]
    starts = tuple(_sortable(dict(e)["DTSTART"], site.config.timezone) for e in events)
    years = (min(s.year for s in starts), max(s.year for s in starts)) if starts else (0, 0)
    blocks = tuple(event_block(e) for e in events)
    file = calendar_file(f"{programme.short_title}: {cohort.label}", list(blocks), years, site.config.timezone,
                         shared) if blocks else b""
    return CohortCalendar(blocks, starts, years, file, effective_status(cohort, today) is Status.PAST)


def _programme_calendars(programme: Programme, site: Site, today: date, u: Urls, memo: Memo,
                         shared: dict[tuple[object, ...], bytes]) -> tuple[tuple[Cohort, CohortCalendar], ...]:
    """Return each cohort's events, reusing the last build's if made from the very same objects."""
    key = "ics:" + programme.slug
    known = memo.views.get(key)
    if known and known[0][0] is programme and known[0][1:3] == (today, u) \
            and all(site.venue_index.get(slug) is venue for slug, venue in known[0][3]):
        return known[1]
    made = tuple((c, cohort_calendar(programme, c, site, today, u, shared)) for c in programme.cohorts)
    memo.views[key] = ((programme, today, u, tuple((s, site.venue_index.get(s)) for s in _venues(programme))),
                       made)
    return made


def _venues(programme: Programme) -> list[str]:
    return sorted({v for c in programme.cohorts for v in (c.venue, *(s.venue for s in c.sessions)) if v})


def stored_key(programme: Programme, site: Site, today: date, u: Urls) -> str:
    """Return a hash of everything a programme's calendars are made from, for keeping them between builds.

    The programme and its venues are known by a hash of the files they were read from (and the cohorts shown)
    where they have one, else by their values."""
    venues = tuple((slug, site.venue_index.get(slug)) for slug in _venues(programme))
    if programme.made_from and all(venue is None or venue.made_from for _, venue in venues):
        what: object = (programme.made_from, tuple(c.id for c in programme.cohorts),
                        tuple((slug, venue.made_from if venue else None) for slug, venue in venues))
    else:
        what = (programme.slug, programme.title, programme.short_title,
                tuple((m.number, m.title) for m in programme.modules), programme.cohorts, venues)
    made_from = (engine_fingerprint(), what, today, u, uid_domain(site), site.config.timezone,
                 zone_rules(site.config.timezone))
    return stable_hash(made_from).hex()


@functools.cache
def zone_rules(name: str) -> bytes:
    """Return a hash of the time-zone database's file for a zone, which changes when its rules are updated."""
    for folder in zoneinfo.TZPATH:
        with contextlib.suppress(OSError):
            return hashlib.blake2b(Path(folder, name).read_bytes(), digest_size=16).digest()
    with contextlib.suppress(Exception):  # the tzdata package, where the system has no database
        return hashlib.blake2b(importlib.resources.files("tzdata.zoneinfo").joinpath(name).read_bytes(),
                               digest_size=16).digest()
    return b""


def calendar_files(site: Site, today: date, u: Urls, memo: Memo | None = None,
                   kept: dict[str, tuple[CohortCalendar, ...]] | None = None) -> dict[str, bytes]:
    """Return every calendar file: one per cohort with dates, and the site-wide one of cohorts not finished.

    With a memo (the preview), a cohort made from the very same objects as last time keeps its events. With
    `kept` (what the last build kept, by `stored_key`), a programme's calendars made from equal values are
    reused, and `kept` is left holding this build's. (The build makes them in a helper process of their own.)
    """
    memo = memo or Memo()
    files: dict[str, bytes] = {}
    current: list[tuple[str, CohortCalendar]] = []
    shared: dict[tuple[object, ...], bytes] = {}
    keys = {p.slug: stored_key(p, site, today, u) for p in site.programmes} if kept is not None else {}
    reused: dict[str, tuple[tuple[Cohort, CohortCalendar], ...]] = {}
    for programme in site.programmes:
        stored = kept.get(keys[programme.slug]) if kept is not None else None
        if stored is not None and len(stored) == len(programme.cohorts):
            reused[programme.slug] = tuple(zip(programme.cohorts, stored, strict=True))
    todo = [p for p in site.programmes if p.slug not in reused]
    made_by = {**dict(zip((p.slug for p in todo),
                          [_programme_calendars(p, site, today, u, memo, shared) for p in todo],
                          strict=True)), **reused}
    if kept is not None:
        kept.clear()
        kept.update({keys[slug]: tuple(made for _, made in cohorts) for slug, cohorts in made_by.items()})
    for programme in site.programmes:
        cohorts = made_by[programme.slug]
        for cohort, made in cohorts:
            if made.blocks:
                files[urls.cohort_calendar(programme.slug, cohort.id)] = made.file
                if not made.finished:
                    current.append((f"{programme.slug}/{cohort.id}", made))
    known = memo.views.get("ics:*")
    if not (known and len(known[0]) == len(current)
            and all(a[0] == b[0] and a[1] is b[1] for a, b in zip(known[0], current, strict=True))):
        known = memo.views["ics:*"] = (tuple(current), _site_calendar(site, current, shared))
    files[urls.CALENDAR] = known[1]
    return files


def _site_calendar(site: Site, current: list[tuple[str, CohortCalendar]],
                   shared: dict[tuple[object, ...], bytes]) -> bytes:
    """Return the calendar of every session of the cohorts given, in the order they start."""
    events = sorted((start, f"{name}/{i:03d}", block) for name, made in current
                    for i, (start, block) in enumerate(zip(made.starts, made.blocks, strict=True)))
    years = (min(s.year for s, _, _ in events), max(s.year for s, _, _ in events)) if events else None
    return calendar_file(f"{site.config.title}: upcoming sessions", [block for _, _, block in events], years,
                         site.config.timezone, shared)


def _sortable(moment: date | datetime, zone: str) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, time(0, 0), ZoneInfo(zone))
