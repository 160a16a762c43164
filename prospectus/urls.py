"""Every address on the site comes from here, so all of them honour the base path."""
from __future__ import annotations

import re
from urllib.parse import quote

from .frozen import frozen

_SAFE = "/#?=&%.-_~"  # besides letters and digits, what a link may hold as it is
_AS_IT_IS = re.compile(r"[A-Za-z0-9/#?=&%._~-]*")  # a route quote() would give back unchanged (most are)
PROGRAMME_SECTIONS = ("", "structure/", "team/", "eligibility/", "dates-and-fees/")


@frozen
class Urls:
    """Site addresses for one build. A route is a path inside the site, like 'programmes/x/'."""

    base_path: str = "/"
    base_url: str = ""

    def href(self, route: str) -> str:
        """Return the address a link uses: the base path plus the route."""
        route = route.lstrip("/")
        return self.base_path + (route if _AS_IT_IS.fullmatch(route) else quote(route, safe=_SAFE))

    def absolute(self, route: str) -> str:
        """Return the full address of a route, or the base-path one if no base URL is known."""
        if not self.base_url:
            return self.href(route)
        return self.base_url.rstrip("/") + "/" + route.lstrip("/")

    def canonical(self, route: str) -> str:
        """Return the full address of a route for search engines and sharing, or '' if no base URL is known."""
        return self.absolute(route) if self.base_url else ""

    @staticmethod
    def output_file(route: str) -> str:
        """Return the file a route is written to: 'programmes/x/' → 'programmes/x/index.html'."""
        return route + "index.html" if route.endswith("/") or route == "" else route


HOME = ""
PEOPLE = "people/"
NOT_FOUND = "404.html"
SEARCH = "search/"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
FEED = "feed.xml"
CALENDAR = "calendar.ics"


def programme(slug: str, section: str = "") -> str:
    """Return the route of a programme page: its overview, or a section like 'team/'."""
    return f"programmes/{slug}/{section}"


def module(programme_slug: str, module_slug: str) -> str:
    return f"programmes/{programme_slug}/modules/{module_slug}/"


def brochure(programme_slug: str) -> str:
    """Return the route of a programme's brochure PDF, named so that a downloaded copy says what it is."""
    return f"programmes/{programme_slug}/{programme_slug}-brochure.pdf"


def materials(programme_slug: str) -> str:
    return f"programmes/{programme_slug}/materials/"


def material_file(programme_slug: str, name: str) -> str:
    """Return the route of a file from a programme's materials folder ('notes/reading-list.pdf')."""
    return f"programmes/{programme_slug}/materials/{name}"


def cohort_anchor(cohort_id: str) -> str:
    """Return the fragment id of a cohort on its programme's dates and fees page."""
    return f"cohort-{cohort_id}"


def cohort(programme_slug: str, cohort_id: str) -> str:
    """Return the route of a cohort: its place on its programme's dates and fees page."""
    return programme(programme_slug, "dates-and-fees/") + "#" + cohort_anchor(cohort_id)


def cohort_calendar(programme_slug: str, cohort_id: str) -> str:
    """Return the route of a cohort's calendar file."""
    return f"programmes/{programme_slug}/cohorts/{cohort_id}.ics"


def person(slug: str) -> str:
    return f"{PEOPLE}#{slug}"


def page(slug: str) -> str:
    return f"{slug}/"


def asset(name: str) -> str:
    return f"assets/{name}"


def image(name: str) -> str:
    return f"images/{name.removeprefix('/').removeprefix('content/').removeprefix('images/')}"
