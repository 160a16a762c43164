"""View models: everything a template prints, worked out in Python so templates only loop and print."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import quote

from . import housestyle, urls
from .frozen import frozen
from .model import ONLINE, TO_BE_CONFIRMED, Apply, Cohort, Contact, Person, Programme, Session, Site, Status, Venue
from .status import LABELS, effective_status
from .urls import Urls


@frozen
class Link:
    """A link as a page shows it."""

    title: str
    href: str
    current: bool = False


@frozen
class Tag:
    """A status as a page shows it, like 'Closing soon'."""

    label: str
    key: str  # a CSS-friendly name for the status, like 'closing-soon'


@frozen
class Fact:
    """One of a programme's key facts, like its duration or fee."""

    label: str
    value: str
    detail: str = ""
    tag: Tag | None = None


@frozen
class Action:
    """A call to action: a prominent link, with a sentence of context."""

    label: str
    href: str
    context: str = ""


@frozen
class VenueView:
    """A venue as a page shows it."""

    name: str
    address: tuple[str, ...]
    postcode: str
    map_url: str
    access_html: str

    @property
    def one_line(self) -> str:
        return ", ".join((self.name, *self.address, self.postcode) if self.postcode else (self.name, *self.address))


@frozen
class ContactView:
    """Who to contact, as a page shows it."""

    name: str
    email: str
    phone: str
    mailto: str


@frozen
class PersonView:
    """A person as a page shows them, with their roles."""

    slug: str
    name: str
    job_title: str
    organisation: str
    bio_html: str
    photo_href: str
    photo_alt: str
    href: str
    roles: tuple[Link, ...] = ()  # 'Programme director, Building collaborative leadership'


def tag(status: Status) -> Tag:
    return Tag(LABELS[status], status.value.replace(" ", "-"))


def mailto(address: str, subject: str = "") -> str:
    """Return a mailto: link, with a subject line if given."""
    return f"mailto:{address}" + (f"?subject={quote(subject)}" if subject else "")


def contact_view(contact: Contact, subject: str = "") -> ContactView:
    return ContactView(contact.name, contact.email, contact.phone,
                       mailto(contact.email, subject) if contact.email else "")


def venue_view(slug: str, site: Site) -> VenueView | None:
    venue: Venue | None = site.venue_index.get(slug)
    if venue is None:
        return None
    return VenueView(venue.name, venue.address, venue.postcode, venue.map_url, venue.access_html)


def venue_text(slug: str, site: Site) -> str:
    """Return a venue's name, 'Online' or 'Venue to be confirmed'."""
    if slug == ONLINE:
        return "Online"
    if slug in ("", TO_BE_CONFIRMED):
        return "Venue to be confirmed"
    view = venue_view(slug, site)
    return view.one_line if view else slug


def person_view(person: Person, site: Site, u: Urls, roles: tuple[Link, ...] = ()) -> PersonView:
    return PersonView(
        slug=person.slug, name=person.full_name, job_title=person.job_title,
        organisation=person.organisation or site.config.organisation, bio_html=person.bio_html,
        photo_href=u.href(urls.image(person.photo)) if person.photo else "", photo_alt=person.photo_alt,
        href=u.href(urls.person(person.slug)), roles=roles)


def session_dates(session: Session) -> str:
    if session.skipped:
        return "Not part of this cohort"
    if session.first_day is None or session.last_day is None:
        return "Dates to be confirmed"
    return housestyle.day_range(session.first_day, session.last_day)


def session_times(session: Session) -> str:
    if isinstance(session.start, datetime) and isinstance(session.end, datetime):
        return housestyle.times(session.start, session.end)
    return ""


def cohort_dates(cohort: Cohort) -> str:
    """Return 'March to November 2027', or the cohort's dates note, or 'Dates to be confirmed'."""
    if cohort.start and cohort.end:
        text = housestyle.month_range(cohort.start, cohort.end)
        return f"{text} ({cohort.dates_note})" if cohort.dates_note else text
    return cohort.dates_note or "Dates to be confirmed"


def window(start: date, weeks: tuple[int, int]) -> str:
    """Return the dates of a window some weeks before `start`: '27 January to 10 February 2027'."""
    earliest, latest = weeks
    return housestyle.day_range(start - timedelta(weeks=earliest), start - timedelta(weeks=latest))


def action_for(programme: Programme, cohort: Cohort | None, status: Status | None) -> Action | None:
    """Return the call to action for a cohort in a status, or for a programme with no dates yet."""
    apply, name = programme.apply, programme.short_title
    if cohort is None or status is None:
        return _interest(apply, name, "", "New dates will be announced here. Register your interest to hear "
                                          "about them first.")
    label = cohort.label
    if status in (Status.OPEN, Status.CLOSING_SOON):
        href = apply.url or mailto(apply.email, f"Application: {name} ({label})")
        return Action(f"Apply for {label}", href)
    if status is Status.WAITING_LIST:
        href = apply.url or mailto(apply.email, f"Waiting list: {name} ({label})")
        return Action(f"Join the waiting list for {label}", href, "This cohort is full, but places sometimes "
                                                                  "become free.")
    if status is Status.REGISTER_INTEREST:
        return _interest(apply, name, label, "Applications for this cohort are not open yet. Register your "
                                             "interest to hear as soon as they are.")
    return None


def _interest(apply: Apply, name: str, label: str, context: str) -> Action:
    subject = f"Register interest: {name}" + (f" ({label})" if label else "")
    href = mailto(apply.email, subject) if apply.email else apply.url
    return Action(f"Register your interest in {label}" if label else "Register your interest", href, context)


NOTICES = {
    Status.FULL: "This cohort is full.",
    Status.CLOSED: "Applications for this cohort have closed.",
    Status.POSTPONED: "This cohort has been postponed.",
    Status.CANCELLED: "This cohort has been cancelled.",
    Status.IN_PROGRESS: "This cohort is under way.",
    Status.PAST: "This cohort has finished.",
}


def status_of(cohort: Cohort, today: date) -> Status:
    return effective_status(cohort, today)
