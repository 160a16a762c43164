"""The view of one programme that its pages share: key facts, cohorts, sessions, modules and team."""
from __future__ import annotations

from datetime import date

from . import housestyle, urls
from .frozen import frozen
from .model import Cohort, Fee, Programme, Site, Status
from .status import ACCEPTING, next_cohort, past_cohorts, running_cohorts, upcoming_cohorts
from .urls import Urls
from .views_materials import MaterialGroup, MaterialView, material_groups, material_view
from .views import (NOTICES, Action, ContactView, Fact, Link, PersonView, Tag, VenueView, action_for, cohort_dates,
                    contact_view, mailto, person_view, session_dates, session_times, status_of, tag, venue_text,
                    venue_view, window)

SECTIONS = (("Overview", ""), ("Structure", "structure/"), ("Team", "team/"),
            ("Who it is for and how to apply", "eligibility/"), ("Dates and fees", "dates-and-fees/"))
MATERIALS = ("Materials", "materials/")  # only for a programme that has some


@frozen
class ModuleView:
    """A module as a page shows it."""

    number: int
    title: str
    days: str
    topics: tuple[str, ...]
    summary: str
    description_html: str
    href: str
    route: str
    materials: tuple[MaterialView, ...] = ()


@frozen
class SessionView:
    """A session as a cohort's timetable shows it."""

    module: str  # 'Module 1: Defining you and the system'
    module_href: str
    dates: str
    times: str
    venue: str
    provisional: bool
    skipped: bool
    note: str


@frozen
class Window:
    """The dates of a part of the programme that comes before a cohort starts (an induction, say), for that
    cohort."""

    title: str
    dates: str


@frozen
class CohortView:
    """A cohort as pages show it."""

    id: str
    anchor: str
    label: str
    status: Tag
    dates: str
    apply_by: str
    venue: str
    venue_detail: VenueView | None
    fee: str
    fee_includes: tuple[str, ...]
    fee_note: str
    places: str
    note: str
    notice: str
    action: Action | None
    sessions: tuple[SessionView, ...]
    windows: tuple[Window, ...]
    href: str
    calendar_href: str  # its sessions as an .ics file, or '' if it has no dates


@frozen
class ComponentView:
    """A part of the programme's structure besides the modules."""

    title: str
    description: str
    timing: str


@frozen
class TeamView:
    """A role in the team as a page shows it."""

    role: str
    person: PersonView | None
    group: str
    description: str


@frozen
class ProgrammeView:
    """Everything a programme's pages show of it."""

    slug: str
    title: str
    short_title: str
    summary: str
    overview_html: str
    audience: str
    duration: str
    benefits: tuple[str, ...]
    facts: tuple[Fact, ...]
    status: Tag | None
    action: Action | None
    notice: str
    modules: tuple[ModuleView, ...]
    structure: str
    components: tuple[ComponentView, ...]
    upcoming: tuple[CohortView, ...]
    running: tuple[CohortView, ...]
    past: tuple[CohortView, ...]
    team: tuple[TeamView, ...]
    eligibility_html: str
    criteria: tuple[str, ...]
    commitments: tuple[str, ...]
    not_for: tuple[str, ...]
    apply_url: str
    apply_email: str
    apply_mailto: str
    apply_steps: tuple[str, ...]
    apply_note: str
    contact: ContactView
    fee: str
    fee_includes: tuple[str, ...]
    fee_note: str
    href: str
    materials: tuple[MaterialGroup, ...] = ()
    materials_href: str = ""  # the programme's materials page, if it has one

    def sections(self, current: str) -> tuple[Link, ...]:
        """Return the programme's own menu, marking the section being shown."""
        sections = (*SECTIONS, MATERIALS) if self.materials else SECTIONS
        return tuple(Link(title, self.href + section, section == current) for title, section in sections)


def programme_view(programme: Programme, site: Site, today: date, u: Urls) -> ProgrammeView:
    """Work out everything a programme's pages show, as of `today`."""
    modules = tuple(ModuleView(m.number, m.title, housestyle.days(m.days), m.topics, m.summary, m.description_html,
                               u.href(urls.module(programme.slug, m.slug)), urls.module(programme.slug, m.slug),
                               tuple(material_view(material, programme.slug, u) for material in m.materials))
                    for m in programme.modules)
    coming = tuple(cohort_view(c, programme, site, today, u) for c in upcoming_cohorts(programme, today))
    nxt = next_cohort(programme, today)
    nxt_view = next((c for c in coming if nxt and c.id == nxt.id), None)
    status = status_of(nxt, today) if nxt else None
    contact = programme.contact or site.config.contact
    materials = material_groups(programme, u)
    return ProgrammeView(
        slug=programme.slug, title=programme.title, short_title=programme.short_title, summary=programme.summary,
        overview_html=programme.overview_html, audience=programme.audience,
        duration=programme.duration, benefits=programme.benefits,
        facts=_facts(programme, nxt, nxt_view, status, site),
        status=tag(status) if status else None,
        action=nxt_view.action if nxt_view else action_for(programme, None, None),
        notice=nxt_view.notice if nxt_view else "Dates for the next cohort are to be announced.",
        modules=modules, structure=_structure(programme),
        components=tuple(ComponentView(c.title, c.description, housestyle.weeks_window(c.weeks_before_start)
                                       if c.weeks_before_start else "") for c in programme.components),
        upcoming=coming,
        running=tuple(cohort_view(c, programme, site, today, u) for c in running_cohorts(programme, today)),
        past=tuple(cohort_view(c, programme, site, today, u) for c in past_cohorts(programme, today)),
        team=tuple(_team(m, programme, site, u) for m in programme.team),
        eligibility_html=programme.eligibility.body_html, criteria=programme.eligibility.criteria,
        commitments=programme.eligibility.commitments, not_for=programme.eligibility.not_for,
        apply_url=programme.apply.url, apply_email=programme.apply.email,
        apply_mailto=mailto(programme.apply.email, f"Application: {programme.short_title}")
        if programme.apply.email else "",
        apply_steps=programme.apply.steps, apply_note=programme.apply.note,
        contact=contact_view(contact, f"Question about {programme.short_title}"),
        fee=housestyle.fee(programme.fee), fee_includes=programme.fee.includes, fee_note=programme.fee.note,
        href=u.href(urls.programme(programme.slug)), materials=materials,
        materials_href=u.href(urls.materials(programme.slug)) if materials else "")


def _structure(programme: Programme) -> str:
    if not programme.modules:
        return ""
    return (f"{housestyle.plural(len(programme.modules), 'module')}, "
            f"{housestyle.days(programme.total_days)} in total")


def _team(member, programme: Programme, site: Site, u: Urls) -> TeamView:  # type: ignore[no-untyped-def]
    person = site.person_index.get(member.person) if member.person else None
    return TeamView(member.role, person_view(person, site, u) if person else None, member.group,
                    member.description)


def _fee_of(cohort: Cohort | None, programme: Programme) -> Fee:
    return cohort.fee if cohort and cohort.fee else programme.fee


def _places(cohort: Cohort | None, programme: Programme) -> str:
    places = (cohort.capacity if cohort else None) or programme.max_participants
    return f"Up to {places} participants" if places else ""


def _facts(programme: Programme, cohort: Cohort | None, view: CohortView | None, status: Status | None,
           site: Site) -> tuple[Fact, ...]:
    facts = [Fact("Who it is for", programme.audience),
             Fact("Duration", programme.duration, _structure(programme)),
             Fact("Format", programme.format.value.capitalize(), programme.time_commitment)]
    if cohort is None or view is None:
        facts.append(Fact("Next dates", "To be announced"))
    else:
        facts.append(Fact("Next dates", view.dates, cohort.label))
        facts.append(Fact("Venue", view.venue))
    fee = _fee_of(cohort, programme)
    facts.append(Fact("Fee", housestyle.fee(fee)))
    places = _places(cohort, programme)
    if places:
        facts.append(Fact("Places", places))
    if view and view.apply_by and status in ACCEPTING:
        facts.append(Fact("Apply by", view.apply_by[:1].upper() + view.apply_by[1:]))
    if status is not None:
        facts.append(Fact("Status", tag(status).label, tag=tag(status)))
    return tuple(facts)


def cohort_view(cohort: Cohort, programme: Programme, site: Site, today: date, u: Urls) -> CohortView:
    """Work out what a cohort shows: its status, dates, sessions, fee, venue and call to action."""
    status = status_of(cohort, today)
    fee = _fee_of(cohort, programme)
    sessions = tuple(_session_view(s, programme, site, u) for s in cohort.sessions)
    windows = tuple(Window(c.title, window(cohort.start, c.weeks_before_start))
                    for c in programme.components if c.weeks_before_start and cohort.start)
    return CohortView(
        id=cohort.id, anchor=urls.cohort_anchor(cohort.id), label=cohort.label, status=tag(status),
        dates=cohort_dates(cohort),
        apply_by=housestyle.moment(cohort.apply_by) if cohort.apply_by else "",
        venue=venue_text(cohort.venue, site), venue_detail=venue_view(cohort.venue, site),
        fee=housestyle.fee(fee), fee_includes=cohort.fee.includes if cohort.fee else (),
        fee_note=cohort.fee.note if cohort.fee else "",
        places=_places(cohort, programme), note=cohort.note, notice=NOTICES.get(status, ""),
        action=action_for(programme, cohort, status), sessions=sessions, windows=windows,
        href=u.href(urls.cohort(programme.slug, cohort.id)),
        calendar_href=u.href(urls.cohort_calendar(programme.slug, cohort.id)) if cohort.dated_sessions else "")


def _session_view(session, programme: Programme, site: Site, u: Urls) -> SessionView:  # type: ignore[no-untyped-def]
    module = programme.module(session.module)
    title = f"Module {session.module}: {module.title}" if module else f"Module {session.module}"
    href = u.href(urls.module(programme.slug, module.slug)) if module else ""
    return SessionView(title, href, session_dates(session), session_times(session),
                       venue_text(session.venue, site) if session.venue else "", session.provisional,
                       session.skipped, session.note)
