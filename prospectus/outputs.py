"""Files the site publishes besides its HTML pages (calendars, feed, sitemap …), made from the same model."""
from __future__ import annotations

from datetime import date
from typing import Any

from . import urls
from .calendars import calendar_files
from .feed import feed
from .memo import Memo
from .model import Site
from .pages import PlannedPage
from .schedule import Change
from .sitemap import robots, sitemap
from .urls import Urls


def extra_files(site: Site, pages: tuple[PlannedPage, ...], today: date, u: Urls,
                history: tuple[Change, ...] = (), memo: Memo | None = None, jobs: int = 1,
                calendars: dict[str, Any] | None = None) -> dict[str, bytes]:
    """Return every non-HTML output file of the site as {path in the site: bytes}.

    The sitemap and the feed need full addresses, so they are made only when the site's base URL is known.
    `calendars` holds the programmes' calendars kept from the last build (see calendars.calendar_files).
    """
    files: dict[str, bytes] = calendar_files(site, today, u, memo, jobs, calendars)
    files[urls.ROBOTS] = robots(u)
    if u.base_url:
        files[urls.SITEMAP] = sitemap(pages, site, today, u, history, memo)
        files[urls.FEED] = feed(site, today, u, history, memo)
    return files
