"""Calendar files (RFC 5545, written with the icalendar library): one per cohort, and one of every session
of every cohort that has not finished.

Each session is one event. Its UID (programme/cohort/module-N@domain) never changes, so a calendar that
subscribes to a file updates the event when its dates move instead of adding another. The domain is that of
the site's contact email, which stays the same when the site moves to a new address. DTSTAMP is the build's
date, not the clock, so two builds for the same day are byte-identical.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from . import housestyle, urls
from .model import ONLINE, TO_BE_CONFIRMED, Cohort, Programme, Session, Site, Status
from .status import effective_status
from .urls import Urls

PRODID = "-//Prospectus//Programme calendar//EN"


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
                  u: Urls) -> Event:
    """Return one dated session as a calendar event."""
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
    event = Event()
    event.add("uid", f"{programme.slug}/{cohort.id}/module-{session.module}@{uid_domain(site)}")
    event.add("dtstamp", datetime.combine(today, time(0, 0), UTC))
    if session.all_day:
        event.add("dtstart", session.first_day)
        event.add("dtend", session.last_day + timedelta(days=1))  # type: ignore[operator]  # the end is exclusive
    else:
        event.add("dtstart", session.start)
        event.add("dtend", session.end)
    event.add("summary", f"{programme.short_title}: {title}")
    event.add("description", "\n".join(details))
    event.add("location", where)
    event.add("status", _event_status(cohort, session, today))
    if site.config.base_url:
        event.add("url", u.absolute(urls.programme(programme.slug, "dates-and-fees/")) + f"#cohort-{cohort.id}")
    return event


def calendar_file(name: str, events: list[Event], timezone: str) -> bytes:
    """Return a calendar of events as bytes, with a VTIMEZONE for the time zone its timed events use."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    for event in events:
        calendar.add_component(event)
    years = [e.decoded("dtstart").year for e in events]
    if years:
        calendar.add_missing_timezones(date(min(years) - 1, 1, 1), date(max(years) + 2, 1, 1))
    return calendar.to_ical()


def cohort_events(programme: Programme, cohort: Cohort, site: Site, today: date, u: Urls) -> list[Event]:
    """Return an event for each dated session of a cohort."""
    return [session_event(programme, cohort, s, site, today, u) for s in cohort.dated_sessions]


def calendar_files(site: Site, today: date, u: Urls) -> dict[str, bytes]:
    """Return every calendar file: one per cohort with dates, and the site-wide one of cohorts not finished."""
    files: dict[str, bytes] = {}
    everything: list[Event] = []
    zone = site.config.timezone
    for programme in site.programmes:
        for cohort in programme.cohorts:
            events = cohort_events(programme, cohort, site, today, u)
            if not events:
                continue
            files[urls.cohort_calendar(programme.slug, cohort.id)] = calendar_file(
                f"{programme.short_title}: {cohort.label}", events, zone)
            if effective_status(cohort, today) is not Status.PAST:
                everything.extend(events)
    everything.sort(key=lambda e: (_sortable(e.decoded("dtstart"), zone), str(e["uid"])))
    files[urls.CALENDAR] = calendar_file(f"{site.config.title}: upcoming sessions", everything, zone)
    return files


def _sortable(moment: date | datetime, zone: str) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, time(0, 0), ZoneInfo(zone))
