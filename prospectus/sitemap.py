"""sitemap.xml and robots.txt, for search engines.

A page's lastmod is a date from the content, never the clock: the newest of its `updated` date and of the
days on which it changed by itself (published, a deadline passed, a cohort started …) up to the build's date.
A page with no such date has no lastmod, which the sitemap protocol allows.
"""
from __future__ import annotations

from datetime import date

from . import urls
from .memo import Memo
from .model import Site
from .pages import PlannedPage
from .schedule import Change, Latest, latest_changes, newest
from .urls import Urls
from .xmltext import escape

XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def lastmod(page: PlannedPage, site: Site, latest: Latest, updated: dict[str, date | None]) -> date | None:
    """Return the day a page's content last changed: its `updated` date or a change by itself, if later."""
    route = page.route
    if route.startswith("programmes/"):
        slug = route.split("/")[1]
        return newest(updated["programmes/" + slug], latest.programmes.get(slug))
    if page.template == "page.html":
        slug = route.rstrip("/")
        return newest(updated[slug], latest.pages.get(slug))
    if route in (urls.HOME, urls.PEOPLE):
        return newest(*(newest(updated["programmes/" + p.slug], latest.programmes.get(p.slug))
                        for p in site.programmes))
    return None


def sitemap(pages: tuple[PlannedPage, ...], site: Site, today: date, u: Urls, history: tuple[Change, ...],
            memo: Memo | None = None) -> bytes:
    """Return sitemap.xml: every page but the 404 page, at its full address (each line kept in the memo)."""
    memo = memo or Memo()
    latest = latest_changes(history, today)
    def known(day: date | None) -> date | None:  # a date still to come is not a change yet
        return day if day and day <= today else None
    updated = {**{f"programmes/{p.slug}": known(p.updated) for p in site.programmes},
               **{p.slug: known(p.updated) for p in site.pages}}
    home = lastmod(PlannedPage(urls.HOME, "", "home.html", "", ""), site, latest, updated)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{XMLNS}">']
    for page in sorted(pages, key=lambda p: p.route):
        if page.route == urls.NOT_FOUND:
            continue
        day = home if page.route in (urls.HOME, urls.PEOPLE) else lastmod(page, site, latest, updated)
        key = "sitemap:" + page.route
        known = memo.views.get(key)
        if not (known and known[0] == (u, day)):
            known = memo.views[key] = ((u, day), f"<url><loc>{escape(u.absolute(page.route))}</loc>"
                                       + (f"<lastmod>{day.isoformat()}</lastmod>" if day else "") + "</url>")
        lines.append(known[1])
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(u: Urls) -> bytes:
    """Return robots.txt: everything may be crawled; the sitemap's full address when it is known."""
    text = "User-agent: *\nAllow: /\n"
    if u.base_url:
        text += f"\nSitemap: {u.absolute(urls.SITEMAP)}\n"
    return text.encode("utf-8")
