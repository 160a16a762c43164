"""The site as frozen values: what the loader produces and every later stage reads."""
from __future__ import annotations

from dataclasses import field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from .frozen import frozen


class Format(StrEnum):
    IN_PERSON = "in person"
    ONLINE = "online"
    BLENDED = "blended"


class Status(StrEnum):
    """A cohort's status as editors write it, plus the states the build derives from dates."""

    OPEN = "open"
    FULL = "full"
    WAITING_LIST = "waiting list"
    CLOSED = "closed"
    REGISTER_INTEREST = "register interest"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"
    # derived at build time, never written by editors
    CLOSING_SOON = "closing soon"
    IN_PROGRESS = "in progress"
    PAST = "past"


EDITOR_STATUSES = tuple(s.value for s in Status)[:7]


class Vat(StrEnum):
    PLUS_VAT = "plus VAT"
    INCLUDING_VAT = "including VAT"
    NO_VAT = "no VAT"


@frozen
class Publication:
    """When an item is on the site: never while a draft, from `publish` (if given) until the day before `expires`."""

    draft: bool = False
    publish: date | None = None
    expires: date | None = None


class FeeKind(StrEnum):
    PAID = "paid"
    CONTACT_US = "contact us"
    FUNDED = "funded"


@frozen
class Fee:
    """A fee: what kind, how much, VAT, what it is charged per and what it includes."""

    kind: FeeKind
    amount: Decimal | None = None
    currency: str = "GBP"
    vat: Vat | None = None
    per: str = "participant"
    includes: tuple[str, ...] = ()
    note: str = ""


@frozen
class Contact:
    """Who to contact, and how."""

    name: str = ""
    email: str = ""
    phone: str = ""


@frozen
class Apply:
    """How to apply: a web address or an email address, the steps and a note."""

    url: str = ""
    email: str = ""
    steps: tuple[str, ...] = ()
    note: str = ""


@frozen
class Person:
    """A member of the team, from content/people."""

    slug: str
    name: str
    job_title: str
    honorific: str = ""
    post_nominals: str = ""
    organisation: str = ""
    bio_html: str = ""
    photo: str = ""
    photo_alt: str = ""
    source: str = ""
    made_from: str = field(default="", compare=False)  # a hash of what it was read from (see parse.Parser.file)

    @property
    def full_name(self) -> str:
        parts = [self.honorific, self.name]
        name = " ".join(p for p in parts if p)
        return f"{name} {self.post_nominals}" if self.post_nominals else name

    @property
    def sort_key(self) -> tuple[str, str]:
        family = self.name.split()[-1] if self.name.split() else self.name
        return (family.casefold(), self.name.casefold())


@frozen
class Venue:
    """A place where sessions are held, from content/venues."""

    slug: str
    name: str
    address: tuple[str, ...] = ()
    postcode: str = ""
    map_url: str = ""
    access_html: str = ""
    source: str = ""
    made_from: str = field(default="", compare=False)  # a hash of what it was read from (see parse.Parser.file)


ONLINE = "online"
TO_BE_CONFIRMED = "to be confirmed"


MATERIAL_KINDS = ("pre-reading", "reading", "slides", "workbook", "handout", "template", "video", "audio",
                  "article", "report", "website", "other")


@frozen
class Material:
    """Something participants use: a file kept in the programme's materials folder, or a link elsewhere."""

    title: str
    kind: str  # one of MATERIAL_KINDS
    file: str = ""  # its path inside the programme's materials folder, like 'module-1/slides.pdf'
    link: str = ""  # or a web address
    description: str = ""
    size: int = 0  # bytes, for a file
    line: int = 0


@frozen
class Module:
    """One module of a programme, from its modules folder."""

    number: int
    slug: str
    title: str
    days: Decimal
    topics: tuple[str, ...]
    summary: str
    description_html: str
    source: str
    materials: tuple[Material, ...] = ()


@frozen
class Component:
    """A part of the programme that is not a module, such as a call before the start."""

    title: str
    description: str = ""
    weeks_before_start: tuple[int, int] | None = None  # (earliest, latest), e.g. (6, 4)


@frozen
class TeamMember:
    """A role in a programme's team: a person, or a group of people."""

    role: str
    person: str = ""  # a person's slug, or empty for a group
    group: str = ""
    description: str = ""
    line: int = 0


@frozen
class Eligibility:
    """Who a programme is for: its text, criteria, commitments and who it is not for."""

    body_html: str = ""
    criteria: tuple[str, ...] = ()
    commitments: tuple[str, ...] = ()
    not_for: tuple[str, ...] = ()
    source: str = ""


@frozen
class Session:
    """One session of a cohort: which module, when and where."""

    module: int
    start: date | datetime | None = None
    end: date | datetime | None = None
    venue: str = ""  # a venue slug, ONLINE, TO_BE_CONFIRMED, or "" for the cohort's venue
    provisional: bool = False
    skipped: bool = False
    note: str = ""
    line: int = 0

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date | None:
        return as_date(self.start)

    @property
    def last_day(self) -> date | None:
        return as_date(self.end)


def as_date(moment: date | datetime | None) -> date | None:
    """Return the calendar day of a date or datetime."""
    return moment.date() if isinstance(moment, datetime) else moment


@frozen
class Cohort:
    """One intake of a programme: its dates, sessions, venue, fee and status."""

    id: str
    label: str
    status: Status
    apply_by: date | datetime | None = None
    capacity: int | None = None
    venue: str = TO_BE_CONFIRMED
    fee: Fee | None = None
    sessions: tuple[Session, ...] = ()
    dates_note: str = ""
    note: str = ""
    line: int = 0
    publication: Publication = Publication()

    def __getstate__(self) -> dict[str, object]:
        """Pickle the fields alone: the dates worked out below are not part of the value."""
        return {name: self.__dict__[name] for name in self.__dataclass_fields__}

    @cached_property  # asked for many times by statuses, views and calendars; the cohort never changes
    def dated_sessions(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if not s.skipped and s.start is not None)

    @cached_property
    def start(self) -> date | None:
        days = [s.first_day for s in self.dated_sessions]
        return min(days) if days else None  # type: ignore[type-var]

    @cached_property
    def end(self) -> date | None:
        days = [s.last_day for s in self.dated_sessions]
        return max(days) if days else None  # type: ignore[type-var]


@frozen
class Programme:
    """A programme, with its modules, cohorts, team and eligibility."""

    slug: str
    title: str
    short_title: str
    summary: str
    overview_html: str
    audience: str
    duration: str
    duration_months: int | None
    duration_weeks: int | None
    format: Format
    time_commitment: str
    max_participants: int | None
    benefits: tuple[str, ...]
    fee: Fee
    apply: Apply
    contact: Contact | None
    team: tuple[TeamMember, ...]
    components: tuple[Component, ...]
    modules: tuple[Module, ...]
    eligibility: Eligibility
    cohorts: tuple[Cohort, ...]
    order: int
    source: str
    cohorts_source: str
    publication: Publication = Publication()
    updated: date | None = None
    materials: tuple[Material, ...] = ()
    made_from: str = field(default="", compare=False)  # a hash of what it was read from (see parse.Parser.file)

    def module(self, number: int) -> Module | None:
        return next((m for m in self.modules if m.number == number), None)

    @property
    def total_days(self) -> Decimal:
        return sum((m.days for m in self.modules), Decimal(0))


@frozen
class Page:
    """A standalone page such as 'About us' or the accessibility statement."""

    slug: str
    title: str
    summary: str
    body_html: str
    source: str
    publication: Publication = Publication()
    updated: date | None = None


@frozen
class NavLink:
    """A link in the site's navigation."""

    title: str
    url: str


@frozen
class SiteConfig:
    """The site's settings, from content/site.yaml."""

    title: str
    organisation: str
    organisation_url: str
    base_url: str
    base_path: str
    timezone: str
    contact: Contact
    navigation: tuple[NavLink, ...]
    tagline: str = ""
    logo: str = ""
    logo_alt: str = ""
    brand_colour: str = "#0b5563"
    accent_colour: str = "#b5446e"
    footer_note: str = ""
    language: str = "en-GB"


@frozen
class Site:
    """Everything the content folder holds, read and checked."""

    config: SiteConfig
    programmes: tuple[Programme, ...]
    people: tuple[Person, ...]
    venues: tuple[Venue, ...]
    pages: tuple[Page, ...]
    images: tuple[str, ...]  # paths under content/images, copied to the site as they are

    @cached_property
    def person_index(self) -> dict[str, Person]:
        return {p.slug: p for p in self.people}

    @cached_property
    def venue_index(self) -> dict[str, Venue]:
        return {v.slug: v for v in self.venues}
