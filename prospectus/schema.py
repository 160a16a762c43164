"""Every field editors may write, file by file: the loader reads with these and the editor's guide documents them."""
from __future__ import annotations

from typing import Any

from .fields import (INVALID, Choice, Colour, Custom, Days, Email, Field, Flag, Group, Integer, Link, ListOf, Money,
                     Reader, Schema, Text, Url, When)
from .model import EDITOR_STATUSES, MATERIAL_KINDS, Format, Vat
from .options import DEFAULT_TIMEZONE
from .yamlnodes import Node, Scalar, Sequence

CONTACT_FIELDS: Schema = {
    "name": Text("Leadership programmes team", doc="Who to contact."),
    "email": Email("leadership@example.org", required=True, doc="An email address people can write to."),
    "phone": Text("020 7946 0000", doc="A telephone number, written as people should dial it."),
}

FEE_FIELDS: Schema = {
    "amount": Money("9950", required=True,
                    doc="The fee in pounds without the £ sign or commas; or 'contact us'; or 'funded'."),
    "currency": Choice("GBP", options=("GBP", "EUR", "USD"), doc="The currency; GBP unless you say otherwise."),
    "vat": Choice("plus VAT", options=tuple(v.value for v in Vat),
                  doc="Whether VAT is added: 'plus VAT', 'including VAT' or 'no VAT'. Needed with an amount."),
    "per": Choice("participant", options=("participant", "organisation"),
                  doc="Who the amount is for; 'participant' unless you say otherwise."),
    "includes": ListOf("(a list)", doc="What the fee covers, one item per line."),
    "note": Text("Bursaries are available for some participants.", doc="Anything else about the fee."),
}


PUBLICATION_FIELDS: Schema = {
    "draft": Flag("true", doc="true to keep it off the published site while you work on it."),
    "publish": When("2027-01-04", allow_time=False, doc="The first day it appears on the published site."),
    "expires": When("2027-07-01", allow_time=False, doc="The first day it no longer appears on the site."),
}

UPDATED_FIELD: Schema = {
    "updated": When("2026-11-20", allow_time=False,
                    doc="The day its content last changed: the sitemap and the feed say so."),
}


def _weeks(node: Node, r: Reader, label: str) -> Any:
    """Read 'weeks_before_start': one number (4) or two ([4, 6])."""
    numbers = list(node) if isinstance(node, Sequence) else [node]
    ok = 1 <= len(numbers) <= 2 and all(isinstance(n, Scalar) and type(n.value) is int and 0 <= n.value <= 104
                                        for n in numbers)
    if not ok:
        return r.fail(node.line, f"{label}: expected a number of weeks like 4, or two numbers like [4, 6]",
                      "write [4, 6] for 'four to six weeks before the start'")
    values = sorted(n.value for n in numbers)  # type: ignore[union-attr]
    return (values[-1], values[0])


MATERIAL_FIELDS: Schema = {
    "title": Text("Reading list for module 1", required=True, doc="What it is called."),
    "kind": Choice("reading", required=True, options=MATERIAL_KINDS,
                   doc="What sort of thing it is: " + ", ".join(MATERIAL_KINDS) + "."),
    "file": Text("reading-list.pdf", doc="A file in the programme's materials folder."),
    "link": Url("https://www.example.org/article", doc="Or the web address of something on another website."),
    "description": Text("Read chapters 1 and 2 before the first module.", doc="A sentence about it."),
}

MATERIALS = ListOf("(a list)", item=Group("", schema=MATERIAL_FIELDS), item_name="material",
                   doc="Files and links for participants, each with a title and a kind.")

PROGRAMME_FIELDS: Schema = {
    "title": Text("Building collaborative leadership", required=True, doc="The programme's full name."),
    "short_title": Text("Collaborative leadership", doc="A shorter name for menus and page headers."),
    "summary": Text("Time and space for senior leaders to ...", required=True,
                    doc="One or two sentences: shown on the catalogue and in search results."),
    "audience": Text("Chief executives and senior directors", required=True,
                     doc="Who it is for, in a line: shown in the key facts."),
    "duration": Text("Nine months", required=True, doc="How long the programme lasts, in words."),
    "duration_months": Integer("9", maximum=120, doc="The same length as a number of months."),
    "duration_weeks": Integer("6", maximum=520, doc="Or the length as a number of weeks."),
    "format": Choice("blended", required=True, options=tuple(f.value for f in Format),
                     doc="'in person', 'online' or 'blended'."),
    "time_commitment": Text("Six and a half days over nine months",
                            doc="How much time participants need to set aside."),
    "max_participants": Integer("16", maximum=10_000, doc="The most people a cohort can take."),
    "benefits": ListOf("(a list)", doc="What participants gain, one item per line."),
    "fee": Group("(a group of fields)", required=True, schema=FEE_FIELDS,
                 doc="The standard fee; a cohort can have its own."),
    "apply": Group("(a group of fields)", required=True, schema={
        "url": Url("https://example.org/apply", doc="The application form's web address."),
        "email": Email("leadership@example.org", doc="An address to email an application or a question to."),
        "steps": ListOf("(a list)", doc="What happens when someone applies, step by step."),
        "note": Text("Please discuss your application with your sponsor first.", doc="Anything else to know."),
    }, doc="How to apply: a link, an email address, or both."),
    "contact": Group("(a group of fields)", schema=CONTACT_FIELDS,
                     doc="Who to ask about this programme; the site's contact if left out."),
    "team": ListOf("(a list)", item=Group("", schema={
        "person": Text("nicola-walsh", doc="A person's file name in content/people, without '.md'."),
        "group": Text("Senior staff from The King's Fund", doc="Or a group of people, described in words."),
        "role": Text("Programme director", required=True, doc="Their role on this programme."),
        "description": Text("Leaders share their experience ...", doc="A sentence about a group."),
    }), doc="Who teaches the programme, in order."),
    "components": ListOf("(a list)", item=Group("", schema={
        "title": Text("Telephone conversation with the programme director", required=True,
                      doc="What it is."),
        "description": Text("To set your personal goals.", doc="A sentence or two about it."),
        "weeks_before_start": Custom("[4, 6]", reader=_weeks,
                                     doc="When it happens: weeks before the first module, like [4, 6]."),
    }), doc="Parts of the programme that are not modules, such as a call before the start."),
    "order": Integer("1", minimum=0, doc="The programme's position in the catalogue (lowest first)."),
    **UPDATED_FIELD, **PUBLICATION_FIELDS,
    "materials": MATERIALS,
}

MODULE_FIELDS: Schema = {
    "title": Text("Defining you and the system", required=True, doc="The module's name."),
    "days": Days("1.5", required=True, doc="How long it lasts in days; halves are allowed, like 1.5."),
    "topics": ListOf("(a list)", required=True, doc="What it covers, one topic per line."),
    "summary": Text("Mapping the interests across your system.", doc="One sentence for the timeline."),
    "materials": MATERIALS,
}

ELIGIBILITY_FIELDS: Schema = {
    "criteria": ListOf("(a list)", doc="What applicants need to have or be, one per line."),
    "commitments": ListOf("(a list)", doc="What participants agree to, such as attending every module."),
    "not_for": ListOf("(a list)", doc="Who the programme is not meant for."),
}

SESSION_FIELDS: Schema = {
    "module": Integer("1", required=True, maximum=99, doc="The module's number."),
    "start": When("2027-03-10 9:30", doc="When it starts: a date, or a date and time."),
    "end": When("2027-03-11 16:30", doc="When it ends: a date, or a date and time."),
    "venue": Text("cavendish-square", doc="Only if it differs from the cohort's venue."),
    "provisional": Flag("true", doc="true if the dates may still change."),
    "skip": Flag("true", doc="true if this cohort does not run this module."),
    "note": Text("Includes a dinner with guest speakers.", doc="Anything else about this session."),
}

COHORT_FIELDS: Schema = {
    "id": Text("spring-2027", required=True, doc="A short name that never changes, used in web addresses."),
    "label": Text("Spring 2027", required=True, doc="The name people see."),
    "status": Choice("open", required=True, options=EDITOR_STATUSES,
                     doc="open, full, waiting list, closed, register interest, postponed or cancelled."),
    "apply_by": When("2027-01-15 12:00", doc="The application deadline: a date, or a date and time."),
    "capacity": Integer("16", maximum=10_000, doc="Places on this cohort, if not the programme's maximum."),
    "venue": Text("cavendish-square", doc="A venue's file name in content/venues, 'online', or "
                                          "'to be confirmed'."),
    "fee": Group("(a group of fields)", schema=FEE_FIELDS, doc="Only if this cohort's fee differs."),
    "sessions": ListOf("(a list)", item=Group("", schema=SESSION_FIELDS), item_name="session",
                       doc="The dates of each module for this cohort."),
    "dates_note": Text("Dates to be confirmed", doc="A note shown with the dates, such as 'Autumn 2027'."),
    "note": Text("This cohort has moved to the autumn.", doc="A notice shown with the cohort."),
    **PUBLICATION_FIELDS,
}

PERSON_FIELDS: Schema = {
    "name": Text("Nicola Walsh", required=True, doc="Their name, without a title such as Dr."),
    "honorific": Text("Dr", doc="A title that goes before the name: Dr, Professor, Dame …"),
    "post_nominals": Text("OBE", doc="Letters after the name."),
    "job_title": Text("Assistant Director of Leadership", required=True, doc="Their job title."),
    "organisation": Text("The King's Fund", doc="Where they work, if not the site's organisation."),
    "photo": Text("images/people/nicola-walsh.jpg", doc="A photo in content/images."),
    "photo_alt": Text("Nicola Walsh", doc="A description of the photo for people who cannot see it."),
}

VENUE_FIELDS: Schema = {
    "name": Text("The King's Fund, Cavendish Square", required=True, doc="The venue's name."),
    "address": ListOf("(a list)", doc="The address, one line per item."),
    "postcode": Text("W1G 0AN", doc="The postcode."),
    "map_link": Url("https://www.openstreetmap.org/...", doc="A link to a map of the venue."),
}

PAGE_FIELDS: Schema = {
    "title": Text("About us", required=True, doc="The page's title."),
    "summary": Text("Who we are and what we do.", doc="One sentence, for search results and link previews."),
    **UPDATED_FIELD, **PUBLICATION_FIELDS,
}


SITE_FIELDS = {
    "title": Text("Leadership programmes", required=True, doc="The name of the site, shown in the header."),
    "organisation": Text("The King's Fund", required=True, doc="The organisation that runs the programmes."),
    "organisation_url": Url("https://www.example.org/", doc="The organisation's main website."),
    "tagline": Text("Leadership development for health and care", doc="A short line under the site title."),
    "base_url": Url("https://example.github.io/brochures/",
                    doc="The full address the site is published at; its path becomes the base path."),
    "base_path": Text("/brochures/", doc="The folder the site lives under, for GitHub Pages project sites."),
    "timezone": Text(DEFAULT_TIMEZONE, doc="The time zone dates and times are in."),
    "contact": Group("(a group of fields)", required=True, schema={
        **CONTACT_FIELDS, "email": Email("leadership@example.org", required=True,
                                         doc="An email address people can write to.")},
                     doc="How to contact the organisation; shown on every page."),
    "navigation": ListOf("(a list)", item=Group("", schema={
        "title": Text("About us", required=True, doc="The words of the link."),
        "link": Link("/about/", required=True, doc="A page on this site, like /about/, or a full web address."),
    }), doc="The links in the site's main menu, in order."),
    "logo": Text("images/logo.svg", doc="A logo file in content/images, shown in the header."),
    "logo_alt": Text("The King's Fund", doc="What the logo says, for people who cannot see it."),
    "colours": Group("(a group of fields)", schema={
        "brand": Colour("'#0b5563'", doc="The main brand colour: header, buttons and links."),
        "accent": Colour("'#b5446e'", doc="A second colour for highlights."),
    }, doc="Brand colours; each must be dark enough for white text on it."),
    "footer_note": Text("Registered charity number 000000", doc="A line of small print in the footer."),
}


ALL_SCHEMAS: dict[str, Schema] = {
    "site.yaml": SITE_FIELDS,
    "programme.md": PROGRAMME_FIELDS, "modules/NN-name.md": MODULE_FIELDS,
    "eligibility.md": ELIGIBILITY_FIELDS, "cohorts.yaml": COHORT_FIELDS, "cohort sessions": SESSION_FIELDS,
    "fee": FEE_FIELDS, "contact": CONTACT_FIELDS, "people/NAME.md": PERSON_FIELDS,
    "venues/NAME.md": VENUE_FIELDS, "pages/NAME.md": PAGE_FIELDS, "materials": MATERIAL_FIELDS,
}


def field_names(schema: Schema, prefix: str = "") -> list[str]:
    """List every field name in a schema, nested groups included, for the guide's completeness test."""
    names = []
    for key, spec in schema.items():
        names.append(prefix + key)
        inner: Field | None = spec.item if isinstance(spec, ListOf) else spec
        if isinstance(inner, Group):
            names.extend(field_names(inner.schema, prefix + key + "."))
    return names


__all__ = ["ALL_SCHEMAS", "field_names", "INVALID"]
