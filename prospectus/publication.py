"""Drafts, publish dates and expiry dates: which programmes, cohorts and pages are on the site on a given day."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from .fields import INVALID, Reader
from .housestyle import day
from .memo import Memo
from .model import Cohort, Programme, Publication, Site
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
    hidden = {f"/{p.slug}/" for p in site.pages if p not in pages} | \
             {f"/programmes/{p.slug}/" for p in site.programmes if is_shown(p.publication, today, drafts) is False}
    navigation = tuple(n for n in site.config.navigation if not any(n.url.startswith(h) for h in hidden))
    if programmes == site.programmes and pages == site.pages and navigation == site.config.navigation:
        return site
    config = site.config if navigation == site.config.navigation else replace(site.config, navigation=navigation)
    return replace(site, config=config, programmes=programmes, pages=pages)


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


def hidden_cohorts(programme: Programme, today: date, drafts: bool = False) -> tuple[Cohort, ...]:
    """Return the cohorts of a programme that are not on the site on `today`."""
    return tuple(c for c in programme.cohorts if not is_shown(c.publication, today, drafts))
