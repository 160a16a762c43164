"""Drafts, publish dates and expiry dates: which programmes, cohorts and pages are on the site on a given day."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from .errors import Problem, Severity
from .fields import INVALID, Reader
from .housestyle import day
from .memo import Memo
from .model import Programme, Publication, Site
from .yamlnodes import Node, line_of


def read_publication(values: dict[str, Any], node: Node | None, r: Reader, where: str = "") -> Publication | None:
    """Build a Publication from the 'draft', 'publish' and 'expires' fields; None if they contradict."""
    draft, publish, expires = values["draft"], values["publish"], values["expires"]
    if INVALID in (draft, publish, expires):
        return None
    if publish and expires and expires <= publish:
        r.fail(line_of(node, "expires"), f"{where}'expires' ({expires.isoformat()}) is not after 'publish' "
               f"({publish.isoformat()})", "'expires' is the first day it is no longer shown: make it later "
                                           "than 'publish'")
        return None
    return Publication(bool(draft), publish, expires)


def is_shown(publication: Publication, today: date, drafts: bool = False) -> bool:
    """Say whether an item is on the site on `today`; with `drafts`, drafts and future items are too."""
    if publication.expires is not None and publication.expires <= today:
        return False
    if drafts:
        return True
    return not publication.draft and (publication.publish is None or publication.publish <= today)


def why_hidden(publication: Publication, today: date) -> str:
    """Say in words why an item is not on the site on `today`."""
    if publication.expires is not None and publication.expires <= today:
        return f"it expired on {day(publication.expires)}"
    if publication.draft:
        return "it is a draft"
    assert publication.publish is not None
    return f"it is not published until {day(publication.publish)}"


def visible_site(site: Site, today: date, drafts: bool = False, memo: Memo | None = None) -> Site:
    """Return the site as visitors see it on `today`: without drafts, items not yet published or expired.

    Menu links to pages or programmes that are not shown are left out, so nothing links to a missing page.
    A programme keeps its identity when none of its cohorts is hidden, so the preview can reuse its pages.
    """
    programmes = tuple(_visible_programme(p, today, drafts, memo or Memo()) for p in site.programmes
                       if is_shown(p.publication, today, drafts))
    pages = tuple(p for p in site.pages if is_shown(p.publication, today, drafts))
    hidden = {"/" + route for route, _ in _hidden(site, today, drafts)}
    navigation = tuple(n for n in site.config.navigation if not any(n.url.startswith(h) for h in hidden))
    if programmes == site.programmes and pages == site.pages and navigation == site.config.navigation:
        return site
    config = site.config if navigation == site.config.navigation else replace(site.config, navigation=navigation)
    return replace(site, config=config, programmes=programmes, pages=pages)


def _hidden(site: Site, today: date, drafts: bool) -> list[tuple[str, Publication]]:
    """Return the route and publication dates of every page and programme that is not on the site on `today`."""
    return [(route, item.publication) for route, item in
            (*((f"{p.slug}/", p) for p in site.pages), *((f"programmes/{p.slug}/", p) for p in site.programmes))
            if not is_shown(item.publication, today, drafts)]


def _visible_programme(programme: Programme, today: date, drafts: bool, memo: Memo) -> Programme:
    cohorts = tuple(c for c in programme.cohorts if is_shown(c.publication, today, drafts))
    if len(cohorts) == len(programme.cohorts):
        return programme
    key = "visible:" + programme.slug
    known = memo.views.get(key)
    if known and known[0][0] is programme and known[0][1:] == (today, drafts):
        return known[1]
    visible = replace(programme, cohorts=cohorts)
    memo.views[key] = ((programme, today, drafts), visible)
    return visible


def _texts(site: Site) -> Iterator[tuple[str, str]]:
    """Yield (file, HTML) for every text editors wrote on the site."""
    for programme in site.programmes:
        yield programme.source, programme.overview_html
        yield programme.eligibility.source, programme.eligibility.body_html
        yield from ((m.source, m.description_html) for m in programme.modules)
    yield from ((p.source, p.body_html) for p in site.pages)
    yield from ((p.source, p.bio_html) for p in site.people)
    yield from ((v.source, v.access_html) for v in site.venues)


def hidden_links(site: Site, shown: Site, today: date, drafts: bool = False) -> tuple[Problem, ...]:
    """Warn about links in the text of what is shown to programmes or pages that are not (they would break)."""
    if shown is site:
        return ()
    hidden = _hidden(site, today, drafts)
    problems = []
    base = site.config.base_path
    for route, publication in hidden:
        link = re.compile(f'href="{re.escape(base + route.rstrip("/"))}[/"#]')
        for source, html in _texts(shown):
            if source and link.search(html):
                problems.append(Problem(source, 1, f"the text links to /{route}, which is not on the site on "
                                        f"{day(today)} ({why_hidden(publication, today)}), so the link would be "
                                        "broken", "remove the link until it is published", Severity.WARNING))
    return tuple(problems)
