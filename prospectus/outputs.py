"""Files the site publishes besides its HTML pages (calendars, feeds, sitemap …), made from the same model."""
from __future__ import annotations

from datetime import date

from .model import Site
from .pages import PlannedPage
from .urls import Urls


def extra_files(site: Site, pages: tuple[PlannedPage, ...], today: date, u: Urls) -> dict[str, bytes]:
    """Return every non-HTML output file of the site as {path in the site: bytes}."""
    files: dict[str, bytes] = {}
    return files
