"""Files the site publishes besides its HTML pages and calendars (feed, sitemap, robots.txt), made from the same
model."""
from __future__ import annotations

from datetime import date

from . import urls
from .feed import feed
from .memo import Memo
from .model import Site
from .pages import PlannedPage
from .schedule import Change
from .sitemap import robots, sitemap
from .urls import Urls


def extra_files(site: Site, pages: tuple[PlannedPage, ...], today: date, u: Urls,
                history: tuple[Change, ...] = (), memo: Memo | None = None) -> dict[str, bytes]:
    """Return the files the site publishes besides its pages and calendars, as {path in the site: bytes}.

    The sitemap and the feed need full addresses, so they are made only when the site's base URL is known.
    """
    files: dict[str, bytes] = {urls.ROBOTS: robots(u)}
    if u.base_url:
        files[urls.SITEMAP] = sitemap(pages, site, today, u, history, memo)
        files[urls.FEED] = feed(site, today, u, history, memo)
    return files
