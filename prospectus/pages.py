"""The page plan: every page of the site, its address, template and what it shows. Reads and writes nothing."""
from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import field, fields
from datetime import date
from types import MappingProxyType
from typing import Any

from . import housestyle, urls
from .errors import BuildError, Problem
from .frozen import frozen
from .memo import Memo
from .model import ONLINE, TO_BE_CONFIRMED, Programme, Site
from .structured_data import course, script_json
from .cache import engine_fingerprint, stable_hash, value_hash
from .urls import Urls
from .views import Link, PersonView, Tag, person_view
from .views_programme import ProgrammeView, programme_view


@frozen
class PlannedPage:
    """One output page: where it goes, which template draws it, and the values the template gets."""

    route: str
    href: str
    template: str
    title: str
    description: str
    context: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""  # the content file it comes from, for messages
    deps: tuple[str, ...] = ()  # content files it shows (a path ending in '/' means everything under it)
    canonical: str = ""  # its full address, for search engines and link previews ('' with no base URL)
    json_ld: str = ""  # schema.org structured data, as JSON safe to print inside a <script> element
    made_from: str = ""  # a hash of all the plan made this page from, when known: its values are then known too

    def __reduce__(self) -> tuple[Any, ...]:  # kept between builds: its values as a dict, which can be pickled
        return (_page, (_values(self), dict(self.context)))

    def depends_on(self, changed: frozenset[str]) -> bool:
        """Say whether a change to any of the `changed` content files can change this page."""
        return any(path == dep or (dep.endswith("/") and path.startswith(dep)) for dep in self.deps
                   for path in changed)


_NAMES = tuple(f.name for f in fields(PlannedPage) if f.name != "context")  # the values a kept page keeps
_values = operator.attrgetter(*_NAMES)


def _page(values: tuple[Any, ...], context: dict[str, Any]) -> PlannedPage:
    return PlannedPage(**dict(zip(_NAMES, values, strict=True)), context=MappingProxyType(context))


@frozen
class SiteView:
    """What every page shows of the site: its name, organisation, branding and contact."""

    title: str
    organisation: str
    organisation_url: str
    tagline: str
    logo_href: str
    logo_alt: str
    brand_colour: str
    accent_colour: str
    footer_note: str
    contact_name: str
    contact_email: str
    contact_phone: str
    language: str
    as_of: str
    home_href: str
    people_href: str
    accessibility_href: str
    stylesheet_href: str
    favicon_href: str
    search_href: str
    calendar_href: str  # every upcoming session of every programme, as an .ics file
    feed_href: str  # the Atom feed of cohorts open for applications ('' with no base URL: there is no feed)
    locale: str  # the language for link previews, like 'en_GB'
    navigation: tuple[Link, ...]


@frozen
class Card:
    """A programme as the catalogue lists it."""

    title: str
    summary: str
    href: str
    status: Tag | None
    next_dates: str
    duration: str
    format: str
    fee: str


def site_view(site: Site, today: date, u: Urls) -> SiteView:
    c = site.config
    return SiteView(
        title=c.title, organisation=c.organisation, organisation_url=c.organisation_url, tagline=c.tagline,
        logo_href=u.href(urls.image(c.logo)) if c.logo else "", logo_alt=c.logo_alt, brand_colour=c.brand_colour,
        accent_colour=c.accent_colour, footer_note=c.footer_note, contact_name=c.contact.name,
        contact_email=c.contact.email, contact_phone=c.contact.phone, language=c.language,
        as_of=housestyle.day(today), home_href=u.href(urls.HOME), people_href=u.href(urls.PEOPLE),
        accessibility_href=u.href(urls.page("accessibility")), stylesheet_href=u.href(urls.asset("site.css")),
        favicon_href=u.href(urls.asset("favicon.svg")), search_href=u.href(urls.SEARCH),
        calendar_href=u.href(urls.CALENDAR),
        feed_href=u.href(urls.FEED) if c.base_url else "", locale=c.language.replace("-", "_"),
        navigation=tuple(Link(n.title, u.href(n.url) if n.url.startswith("/") else n.url)
                         for n in c.navigation))


def _card(view: ProgrammeView, site: Site, today: date) -> Card:
    dates = next((f.value for f in view.facts if f.label == "Next dates"), "To be announced")
    return Card(view.title, view.summary, view.href, view.status, dates,
                next(f.value for f in view.facts if f.label == "Duration"),
                next(f.value for f in view.facts if f.label == "Format"),
                next(f.value for f in view.facts if f.label == "Fee"))


def plan_pages(site: Site, today: date, u: Urls, memo: Memo | None = None,
               kept: dict[str, Any] | None = None) -> tuple[PlannedPage, ...]:
    """Plan every page of the site as of `today`; raise BuildError if two pages would share an address.

    With a memo, a programme whose content, team and venues are the very objects of the last build keeps the
    very pages of the last build, and so does a catalogue or people page whose values are equal. With `kept`
    (each programme's plan as the last command-line build made it, by a hash of all it was made from), a
    programme made from equal values keeps its plan; `kept` is left holding this build's plans.
    """
    memo = memo or Memo()
    base = stable_hash((engine_fingerprint(), site.config, today, u)) if kept is not None else b""
    planned = [_programme_plan(p, site, today, u, memo, kept, base) for p in site.programmes]
    if kept is not None:
        for gone in kept.keys() - {p.slug for p in site.programmes}:
            del kept[gone]
    views = tuple(view for view, _ in planned)
    home = _same_page(memo, PlannedPage(urls.HOME, u.href(urls.HOME), "home.html", site.config.title,
                                        site.config.tagline or site.config.title,
                                        MappingProxyType({"programmes": tuple(_card(v, site, today) for v in views)}),
                                        deps=(PROGRAMMES,), canonical=u.canonical(urls.HOME)))
    pages = [home, *(page for _, programme_pages in planned for page in programme_pages)]
    pages.append(_same_page(memo, PlannedPage(
        urls.PEOPLE, u.href(urls.PEOPLE), "people.html", "People",
        f"The people who teach on {site.config.organisation}'s programmes.",
        MappingProxyType({"people": _people(site, views, u)}), deps=(PEOPLE, PROGRAMMES),
        canonical=u.canonical(urls.PEOPLE))))
    for page in site.pages:
        route = urls.page(page.slug)
        pages.append(_same_page(memo, PlannedPage(route, u.href(route), "page.html", page.title,
                                                  page.summary or page.title,
                                                  MappingProxyType({"body_html": page.body_html}), page.source,
                                                  (page.source,), u.canonical(route))))
    pages.append(_same_page(memo, PlannedPage(
        urls.SEARCH, u.href(urls.SEARCH), "search.html", "Search",
        f"Search {site.config.title}: programmes, modules and people.",
        MappingProxyType({"home_href": u.href(urls.HOME), "people_href": u.href(urls.PEOPLE),
                          "script_href": u.href(urls.asset("search.js"))}), canonical=u.canonical(urls.SEARCH))))
    pages.append(_same_page(memo, PlannedPage(urls.NOT_FOUND, u.href(urls.NOT_FOUND), "404.html", "Page not found",
                                              "This page could not be found.")))
    _check_unique(pages)
    return tuple(pages)


def _programme_plan(programme: Programme, site: Site, today: date, u: Urls, memo: Memo,
                    kept: dict[str, Any] | None = None, base: bytes = b"") -> tuple[ProgrammeView,
                                                                                 tuple[PlannedPage, ...]]:
    """Return a programme's view and pages, reusing the last build's if made from the very same objects, or
    the plan `kept` from the last command-line build if made from equal values."""
    inputs = (programme, *(site.person_index.get(m.person) for m in programme.team),
              *(site.venue_index.get(slug) for slug in programme_venues(programme)))
    known = memo.views.get(programme.slug)
    if known and known[0][0] == (today, u) and len(known[0][1]) == len(inputs) \
            and all(a is b for a, b in zip(known[0][1], inputs, strict=True)):
        return known[1]
    made_from = _made_from(base, inputs) if kept is not None else ""
    stored = kept.get(programme.slug) if kept is not None else None
    if stored is not None and stored[0] == made_from:
        view, pages = stored[1]
    else:
        view = programme_view(programme, site, today, u)
        made = {"deps": programme_deps(programme), "made_from": made_from}  # what every page of it has
        pages = (*_programme_pages(view, programme.source, u, script_json(course(programme, site, today, u)), made),
                 *_module_pages(view, programme, u, made))
        if kept is not None:
            kept[programme.slug] = (made_from, (view, pages))
    memo.views[programme.slug] = (((today, u), inputs), (view, pages))
    return view, pages


def _made_from(base: bytes, inputs: tuple[Any, ...]) -> str:
    """Return a hash of all a programme's plan reads: the site settings and day (in `base`), the programme (as
    shown that day: its cohorts, which the settings and day decide too), its team's people and its venues, each
    known by a hash of the files it was read from where it has one, else by its own value."""
    programme, *others = inputs
    parts = (programme.made_from, tuple(c.id for c in programme.cohorts),
             *(None if value is None else value.made_from for value in others))
    return value_hash((base, parts if all(parts[:1] + parts[2:]) else inputs)).hex()


def _same_page(memo: Memo, page: PlannedPage) -> PlannedPage:
    """Return the last build's page for this route if it shows equal values, else this one."""
    known = memo.views.get("page:" + page.route)
    if known and known[1] == page:
        return known[1]
    memo.views["page:" + page.route] = ((), page)
    return page


def programme_venues(programme: Programme) -> tuple[str, ...]:
    """Return the venue files a programme's cohorts refer to."""
    return tuple(sorted({v for c in programme.cohorts for v in (c.venue, *(s.venue for s in c.sessions))
                         if v and v not in (ONLINE, TO_BE_CONFIRMED)}))


PROGRAMMES = "content/programmes/"
PEOPLE = "content/people/"


def programme_deps(programme: Programme) -> tuple[str, ...]:
    """Return the content files a programme's pages show: its folder, its team's people and its venues."""
    folder = programme.source.rsplit("/", 1)[0] + "/"
    people = {f"{PEOPLE}{m.person}.md" for m in programme.team if m.person}
    venues = [f"content/venues/{v}.md" for v in programme_venues(programme)]
    return (folder, *sorted(people), *venues)


def _programme_pages(view: ProgrammeView, source: str, u: Urls, json_ld: str, made: dict[str, Any]
                     ) -> list[PlannedPage]:
    """Return the overview (with the programme's structured data, `json_ld`) and its other sections' pages."""
    titles = {"": ("programme.html", view.title, view.summary),
              "structure/": ("structure.html", f"Structure: {view.short_title}",
                             f"The modules, topics and timeline of {view.title}."),
              "team/": ("team.html", f"Team: {view.short_title}", f"Who teaches {view.title}."),
              "eligibility/": ("eligibility.html", f"Who it is for and how to apply: {view.short_title}",
                               f"Who {view.title} is for, and how to apply."),
              "dates-and-fees/": ("dates.html", f"Dates and fees: {view.short_title}",
                                  f"Cohort dates, venues and fees for {view.title}.")}
    if view.materials:
        titles["materials/"] = ("materials.html", f"Materials: {view.short_title}",
                                f"Reading, slides and other materials for {view.title}, by module.")
    return [PlannedPage(urls.programme(view.slug, section), u.href(urls.programme(view.slug, section)), template,
                        title, description,
                        MappingProxyType({"programme": view, "sections": view.sections(section),
                                          "facts_first": section == "", "brochure": None}), source,
                        canonical=u.canonical(urls.programme(view.slug, section)),
                        json_ld=json_ld if section == "" else "", **made)
            for section, (template, title, description) in titles.items()]


def _module_pages(view: ProgrammeView, programme: Programme, u: Urls, made: dict[str, Any]) -> list[PlannedPage]:
    pages = []
    for index, module in enumerate(view.modules):
        previous = view.modules[index - 1] if index else None
        following = view.modules[index + 1] if index + 1 < len(view.modules) else None
        dates = tuple((c.label, c.href, s) for c in view.upcoming for s in c.sessions
                      if s.module_href == module.href and not s.skipped)
        source = programme.modules[index].source
        pages.append(PlannedPage(
            module.route, module.href, "module.html", f"Module {module.number}: {module.title}",
            module.summary or f"Module {module.number} of {view.title}: {', '.join(module.topics)}.",
            MappingProxyType({"programme": view, "module": module, "dates": dates, "previous": previous,
                              "next": following, "sections": view.sections("structure/"),
                              "facts_first": False, "brochure": None}), source, canonical=u.canonical(module.route),
            **made))
    return pages


def _people(site: Site, views: tuple[ProgrammeView, ...], u: Urls) -> tuple[PersonView, ...]:
    roles: dict[str, list[Link]] = {}
    for view in views:
        for member in view.team:
            if member.person:
                roles.setdefault(member.person.slug, []).append(Link(f"{member.role}, {view.title}", view.href))
    return tuple(person_view(p, site, u, tuple(roles.get(p.slug, ()))) for p in site.people)


def _check_unique(pages: list[PlannedPage]) -> None:
    seen: dict[str, PlannedPage] = {}
    problems = []
    for page in pages:
        file = Urls.output_file(page.route)
        if file in seen:
            first = seen[file]
            problems.append(Problem(page.source or first.source or "content", 1,
                                    f"this page would be written to /{page.route}, where "
                                    f"{first.source or 'a built-in page'} already goes",
                                    "rename one of the files so that each page has its own address"))
        else:
            seen[file] = page
    if problems:
        raise BuildError(problems)
