"""Each programme's brochure: templates/brochure.html made into an A4 PDF, before the pages that give its size.

The brochure is drawn from the same programme view as the programme's pages, so it never has content of its
own. A PDF is made again only when its HTML or a site file it uses has changed (see pdfcache.py).
"""
from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jinja2

from . import housestyle, urls
from .cache import value_hash
from .errors import Problem, Severity
from .frozen import frozen
from .memo import Memo
from .pages import PlannedPage
from .sharing import fork_map
from .render import render_pages
from .urls import Urls

if TYPE_CHECKING:  # (imported where PDFs are made: a build without them has no need of the PDF engine's modules)
    from .pdf import Engine, Rendered
    from .pdfcache import PdfCache


NOTE_HINT = ("WeasyPrint said this while making the PDF: look at the brochure, and at templates/brochure.html and "
             "assets/brochure.css")


@frozen
class BrochureView:
    """What a brochure shows besides the programme: the day it was made, the web address and the stylesheet."""

    made: str  # the build's date, '2026-11-26': the PDF's creation date
    web_address: str  # the full address of the programme's overview, or '' if the site's address is not known
    stylesheet_href: str


@frozen
class Download:
    """A link to a file, with its size: 'Download the brochure (PDF, 180 KB)'."""

    href: str
    size: str


@frozen
class Brochures:
    """The brochure PDFs of a build: the files, each programme's download link, and what was made or reused."""

    files: Mapping[str, bytes] = field(default_factory=dict)  # route → PDF
    links: Mapping[str, Download] = field(default_factory=dict)  # programme slug → its brochure
    made: int = 0
    reused: int = 0
    notes: tuple[Problem, ...] = ()  # what WeasyPrint warned about, as warnings on each programme
    missing: str = ""  # why no PDF could be made on this computer, if none could


@frozen
class Renderer:
    """What turning brochure HTML into PDFs needs: the engine, the cache, and where the site's files are."""

    engine: Engine | None  # None: render the HTML (finding template errors) but make no PDF
    cache: PdfCache
    templates: Path
    root: Path
    jobs: int = 1  # processes to make PDFs with


def site_root(u: Urls) -> str:
    """Return the address the brochure's links and files are resolved against: the site's, if known."""
    return u.absolute("") if u.base_url else f"https://prospectus.invalid{u.base_path}"


def brochure_pages(pages: tuple[PlannedPage, ...], today: date, u: Urls, memo: Memo) -> tuple[PlannedPage, ...]:
    """Plan one brochure for each programme overview among `pages`, keeping the last build's when unchanged."""
    planned = []
    for page in pages:
        view = page.context.get("programme")
        if view is None or page.route != urls.programme(view.slug):
            continue
        route = urls.brochure(view.slug)
        brochure = BrochureView(today.isoformat(), page.canonical, u.href(urls.asset("brochure.css")))
        known = memo.views.get("brochure:" + route)
        if known and known[0][0] is view and known[0][1] == brochure:
            planned.append(known[1])
            continue
        made = PlannedPage(route, u.href(route), "brochure.html", f"{view.title}: programme brochure",
                           view.summary, MappingProxyType({"programme": view, "brochure": brochure}),
                           page.source, page.deps)
        memo.views["brochure:" + route] = ((view, brochure), made)
        planned.append(made)
    return tuple(planned)


def make_brochures(env: jinja2.Environment, closures: dict[str, str], common: dict[str, Any],
                   planned: tuple[PlannedPage, ...], files: Mapping[str, bytes], u: Urls, how: Renderer,
                   memo: Memo) -> Brochures:
    """Render each planned brochure's HTML and, with an engine, make its PDF; raise BuildError on template errors."""
    html = render_pages(env, closures, planned, common, how.templates, how.root, memo, common["site"].as_of)
    if how.engine is None:
        return Brochures()
    with _collecting_cycles():
        return _made(planned, html, files, u, how, memo)


@contextmanager
def _collecting_cycles() -> Iterator[None]:
    """Collect reference cycles while PDFs are made, even where the build turned Python's cycle collector off
    (cli.run_build): each PDF's layout, about 10 MB, is left in cycles (1,000 brochures held 9 GB). What the
    build made before is frozen, so that the collector looks only at what is made here."""
    was = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        gc.collect()  # the last PDF's too
        if not was:
            gc.disable()
        gc.unfreeze()


def _made(planned: tuple[PlannedPage, ...], html: Mapping[str, bytes], files: Mapping[str, bytes], u: Urls,
          how: Renderer, memo: Memo) -> Brochures:
    """Make (or reuse) each brochure's PDF from its HTML: those not made before across processor cores."""
    from .pdfcache import PdfCache, system_fonts
    assert how.engine is not None
    fonts, root, engine = "", site_root(u), how.engine
    pdfs: dict[str, tuple[Rendered, bool]] = {}  # route → the PDF, and whether it was made now
    todo: list[tuple[PlannedPage, str, str]] = []  # (page, its HTML with full addresses, its key in the cache)
    for page in planned:
        known = memo.pdfs.get(page.route)
        if known and known[0] is html[page.route] and all(files.get(r) is data for r, data in known[1].items()):
            pdfs[page.route] = (known[2], False)
            continue
        fonts = fonts or system_fonts()
        source = _absolute_links(html[page.route].decode("utf-8"), root)
        key = PdfCache.key(source, engine.version, fonts)
        cached = how.cache.get(page.context["programme"].slug, key, files)
        if cached is None:
            todo.append((page, source, key))
        else:
            pdfs[page.route] = (_remembered(page, html, cached, files, memo), False)
    if todo:
        if missing := engine.load():
            return Brochures(missing=missing)

        def make(item: tuple[PlannedPage, str, str]) -> Rendered:  # kept as soon as it is made, by its maker
            page, source, key = item
            pdf = engine.render(source, root, files)
            how.cache.put(page.context["programme"].slug, key, pdf)
            return pdf
        for (page, _, _), pdf in zip(todo, fork_map(make, todo, how.jobs), strict=True):
            pdfs[page.route] = (_remembered(page, html, pdf, files, memo), True)
    out, links, notes = {}, {}, []
    for page in planned:
        pdf, _ = pdfs[page.route]
        out[page.route] = pdf.data
        links[page.context["programme"].slug] = Download(page.href, housestyle.file_size(len(pdf.data)))
        notes.extend(_warnings(page.source, pdf))
    made = sum(fresh for _, fresh in pdfs.values())
    return Brochures(out, links, made, len(planned) - made, tuple(notes))


def _remembered(page: PlannedPage, html: Mapping[str, bytes], pdf: Rendered, files: Mapping[str, bytes],
                memo: Memo) -> Rendered:
    """Return a page's PDF, remembered for the next build in this process (the preview) with the HTML and files
    it was made from."""
    memo.pdfs[page.route] = (html[page.route], {r: files[r] for r, _ in pdf.resources}, pdf)
    return pdf


def _warnings(source: str, pdf: Rendered) -> list[Problem]:
    """Turn what happened while making a PDF into warnings on the programme's file."""
    return [*(Problem(source, 1, f"the brochure leaves out {url}, which is not a file of this site",
                      "a brochure shows only the site's own files: put the picture in content/images and use it "
                      "from there", Severity.WARNING) for url in pdf.left_out),
            *(Problem(source, 1, f"the brochure: {note}", NOTE_HINT, Severity.WARNING) for note in pdf.notes)]


_ROOT_RELATIVE = re.compile(r'(<a\b[^>]*\bhref=")(/(?!/))')


def _absolute_links(html: str, root: str) -> str:
    """Give links to the site's own pages their full address, because paper shows the address after the link."""
    parts = urlsplit(root)
    return _ROOT_RELATIVE.sub(lambda m: f"{m.group(1)}{parts.scheme}://{parts.netloc}/", html)


def with_brochures(pages: tuple[PlannedPage, ...], brochures: Brochures, memo: Memo) -> tuple[PlannedPage, ...]:
    """Give every page of a programme its brochure link (or None), keeping the last build's page if unchanged."""
    linked = []
    for page in pages:
        view = page.context.get("programme")
        if view is None:
            linked.append(page)
            continue
        link = brochures.links.get(view.slug)
        if link is None and "brochure" in page.context and page.context["brochure"] is None:
            linked.append(page)  # planned without one, as most are when no PDFs are made
            continue
        known = memo.views.get("linked:" + page.route)
        if known and known[0][0] is page and known[0][1] == link:
            linked.append(known[1])
            continue
        made = replace(page, context=MappingProxyType({**page.context, "brochure": link}),
                       made_from=value_hash((page.made_from, link)).hex() if page.made_from else "")
        memo.views["linked:" + page.route] = ((page, link), made)
        linked.append(made)
    return tuple(linked)
