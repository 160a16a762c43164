"""sitemap.xml and robots.txt, for search engines.

A page's lastmod is a date from the content, never the clock: the newest of its `updated` date and of the
days on which it changed by itself (published, a deadline passed, a cohort started …) up to the build's date.
A page with no such date has no lastmod, which the sitemap protocol allows.
"""
from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from . import urls
from .model import Site
from .pages import PlannedPage
from .schedule import Change, last_changed
from .urls import Urls

XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def lastmod(page: PlannedPage, site: Site, today: date, history: tuple[Change, ...]) -> date | None:
    """Return the day a page's content last changed, from the content and the build's date."""
    route = page.route
    if route.startswith("programmes/"):
        slug = route.split("/")[1]
        programme = next(p for p in site.programmes if p.slug == slug)
        return last_changed(history, today, programme.updated, programme=slug)
    if page.template == "page.html":
        found = next(p for p in site.pages if urls.page(p.slug) == route)
        return last_changed(history, today, found.updated, page=found.slug)
    if route in (urls.HOME, urls.PEOPLE):
        days = [last_changed(history, today, p.updated, programme=p.slug) for p in site.programmes]
        return max((d for d in days if d), default=None)
    return None


def sitemap(pages: tuple[PlannedPage, ...], site: Site, today: date, u: Urls,
            history: tuple[Change, ...]) -> bytes:
    """Return sitemap.xml: every page but the 404 page, at its full address."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{XMLNS}">']
    for page in sorted(pages, key=lambda p: p.route):
        if page.route == urls.NOT_FOUND:
            continue
        day = lastmod(page, site, today, history)
        lines.append(f"<url><loc>{escape(u.absolute(page.route))}</loc>"
                     + (f"<lastmod>{day.isoformat()}</lastmod>" if day else "") + "</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(u: Urls) -> bytes:
    """Return robots.txt: everything may be crawled; the sitemap's full address when it is known."""
    text = "User-agent: *\nAllow: /\n"
    if u.base_url:
        text += f"\nSitemap: {u.absolute(urls.SITEMAP)}\n"
    return text.encode("utf-8")
