"""People, venues and standalone pages: one Markdown file each, reusable across programmes."""
from __future__ import annotations

from .fields import Reader, complete, read_fields
from .images import image_name, missing_image_hint
from .markdown import MarkdownRenderer, breach_problems, heading_problems
from .model import Page, Person, Venue
from .publication import read_publication
from .schema import PAGE_FIELDS, PERSON_FIELDS, VENUE_FIELDS
from .sources import SourceDoc
from .yamlnodes import line_of


def body_html(doc: SourceDoc, md: MarkdownRenderer, r: Reader) -> str:
    """Render a file's Markdown body, recording a second page title as a problem."""
    r.problems.extend(heading_problems(doc.body, doc.path, doc.body_line))
    if not doc.body.strip():
        return ""
    rendered = md.render(doc.body)
    r.problems.extend(breach_problems(rendered, doc.body, doc.path, doc.body_line))
    return rendered.html


def parse_person(doc: SourceDoc, slug: str, images: frozenset[str], md: MarkdownRenderer,
                 r: Reader) -> Person | None:
    """Read a person from content/people/<slug>.md."""
    values = read_fields(doc.meta, PERSON_FIELDS, r)
    html = body_html(doc, md, r)
    if not complete(values):
        return None
    if values["photo"] and not values["photo_alt"]:
        r.fail(line_of(doc.meta, "photo"), "'photo' is set but 'photo_alt' is missing",
               f"add a line like  photo_alt: {values['name']}  (what the photo shows)")
    if values["photo"] and image_name(values["photo"]) not in images:
        r.fail(line_of(doc.meta, "photo"), f"'photo': the image '{values['photo']}' does not exist",
               missing_image_hint(values["photo"], images))
    return Person(slug=slug, name=values["name"], job_title=values["job_title"],
                  honorific=values["honorific"] or "", post_nominals=values["post_nominals"] or "",
                  organisation=values["organisation"] or "", bio_html=html, photo=values["photo"] or "",
                  photo_alt=values["photo_alt"] or "", source=doc.path)


def parse_venue(doc: SourceDoc, slug: str, md: MarkdownRenderer, r: Reader) -> Venue | None:
    """Read a venue from content/venues/<slug>.md; its text is the access information."""
    values = read_fields(doc.meta, VENUE_FIELDS, r)
    html = body_html(doc, md, r)
    if not complete(values):
        return None
    return Venue(slug=slug, name=values["name"], address=values["address"], postcode=values["postcode"] or "",
                 map_url=values["map_link"] or "", access_html=html, source=doc.path)


def parse_page(doc: SourceDoc, slug: str, md: MarkdownRenderer, r: Reader) -> Page | None:
    """Read a standalone page from content/pages/<slug>.md."""
    values = read_fields(doc.meta, PAGE_FIELDS, r)
    html = body_html(doc, md, r)
    if not complete(values):
        return None
    publication = read_publication(values, doc.meta, r)
    if publication is None:
        return None
    if slug == "accessibility":
        for key in ("draft", "publish", "expires"):
            if values[key]:
                r.fail(line_of(doc.meta, key), f"the accessibility statement cannot have '{key}': every page "
                       "links to it, so it is always published", f"remove the '{key}' line")
    return Page(slug=slug, title=values["title"], summary=values["summary"] or "", body_html=html,
                source=doc.path, publication=publication, updated=values["updated"])
