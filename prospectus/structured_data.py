"""schema.org JSON-LD for search engines: a Course for each programme, with its provider, upcoming cohorts as
course instances, offers and team.

Follows Google's course information guidance (see docs/development.md): a value is left out, never invented,
when the content does not give it, so a 'contact us' fee has an offer with no price rather than a price of 0.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from . import urls
from .model import ONLINE, TO_BE_CONFIRMED, Cohort, Fee, FeeKind, Format, Person, Programme, Site, Status, Vat
from .status import effective_status, upcoming_cohorts
from .urls import Urls

SCHEMA = "https://schema.org/"
COURSE_MODE = {Format.IN_PERSON: "Onsite", Format.ONLINE: "Online", Format.BLENDED: "Blended"}  # Google's values
ATTENDANCE = {Format.IN_PERSON: "OfflineEventAttendanceMode", Format.ONLINE: "OnlineEventAttendanceMode",
              Format.BLENDED: "MixedEventAttendanceMode"}
AVAILABILITY = {Status.OPEN: "InStock", Status.CLOSING_SOON: "LimitedAvailability", Status.FULL: "SoldOut",
                Status.WAITING_LIST: "BackOrder", Status.CLOSED: "SoldOut", Status.REGISTER_INTEREST: "PreOrder",
                Status.POSTPONED: "PreOrder"}


def iso_days(days: Decimal) -> str:
    """Return a number of days as an ISO 8601 duration: 2 → 'P2D', 1.5 → 'P1DT12H', 0.5 → 'PT12H'."""
    whole, hours = int(days), int((days - int(days)) * 24)
    return "P" + (f"{whole}D" if whole else "") + (f"T{hours}H" if hours else "") if days else "P0D"


def _moment(value: date | datetime) -> str:
    return value.isoformat(timespec="minutes") if isinstance(value, datetime) else value.isoformat()


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def organisation(site: Site, u: Urls) -> dict[str, Any]:
    """Return the organisation that runs the programmes."""
    c = site.config
    data: dict[str, Any] = {"@type": "Organization", "name": c.organisation}
    if c.organisation_url:
        data["url"] = c.organisation_url
    if c.logo and c.base_url:
        data["logo"] = u.absolute(urls.image(c.logo))
    return data


def person(who: Person, site: Site, u: Urls) -> dict[str, Any]:
    """Return a team member."""
    data: dict[str, Any] = {"@type": "Person", "name": who.name}
    if who.honorific:
        data["honorificPrefix"] = who.honorific
    if who.post_nominals:
        data["honorificSuffix"] = who.post_nominals
    data["jobTitle"] = who.job_title
    data["worksFor"] = {"@type": "Organization", "name": who.organisation or site.config.organisation}
    if site.config.base_url:
        data["url"] = u.absolute(urls.person(who.slug))
        if who.photo:
            data["image"] = u.absolute(urls.image(who.photo))
    return data


def offer(fee: Fee, url: str, status: Status | None = None, deadline: date | datetime | None = None) -> dict[str, Any]:
    """Return the offer for a fee: a price only when there is one, VAT said only when the content says it."""
    data: dict[str, Any] = {"@type": "Offer", "category": "Free" if fee.kind is FeeKind.FUNDED else "Paid"}
    if fee.kind is FeeKind.PAID and fee.amount is not None:
        data.update(price=_number(fee.amount), priceCurrency=fee.currency)
        if fee.vat in (Vat.PLUS_VAT, Vat.INCLUDING_VAT):
            data["priceSpecification"] = {"@type": "PriceSpecification", "price": _number(fee.amount),
                                          "priceCurrency": fee.currency,
                                          "valueAddedTaxIncluded": fee.vat is Vat.INCLUDING_VAT}
    elif fee.kind is FeeKind.FUNDED:
        data.update(price=0, priceCurrency=fee.currency)
    if status in AVAILABILITY:
        data["availability"] = SCHEMA + AVAILABILITY[status]  # type: ignore[index]
    if deadline is not None:
        data["validThrough"] = _moment(deadline)
    if url:
        data["url"] = url
    return data


def _place(slug: str, site: Site) -> dict[str, Any] | None:
    venue = site.venue_index.get(slug)
    if venue is None or slug in (ONLINE, TO_BE_CONFIRMED):
        return None
    address: dict[str, Any] = {"@type": "PostalAddress"}
    if venue.address:
        address["streetAddress"] = ", ".join(venue.address)
    if venue.postcode:
        address["postalCode"] = venue.postcode
    return {"@type": "Place", "name": venue.name, "address": address}


def course_instance(programme: Programme, cohort: Cohort, site: Site, today: date, u: Urls) -> dict[str, Any]:
    """Return one cohort as a CourseInstance."""
    status = effective_status(cohort, today)
    data: dict[str, Any] = {"@type": "CourseInstance", "name": f"{programme.title}: {cohort.label}",
                            "courseMode": COURSE_MODE[programme.format]}
    if programme.modules:
        data["courseWorkload"] = iso_days(programme.total_days)
    if cohort.start and cohort.end:
        data.update(startDate=cohort.start.isoformat(), endDate=cohort.end.isoformat())
    data["eventStatus"] = SCHEMA + ("EventPostponed" if status is Status.POSTPONED else "EventScheduled")
    data["eventAttendanceMode"] = SCHEMA + ATTENDANCE[programme.format]
    place = _place(cohort.venue, site)
    if place:
        data["location"] = place
    team = [site.person_index[m.person] for m in programme.team if m.person in site.person_index]
    if team:
        data["instructor"] = [person(p, site, u) for p in team]
    capacity = cohort.capacity or programme.max_participants
    if capacity:
        data["maximumAttendeeCapacity"] = capacity
    dates_page = u.canonical(urls.cohort(programme.slug, cohort.id))
    data["offers"] = offer(cohort.fee or programme.fee, programme.apply.url or dates_page, status, cohort.apply_by)
    return data


def course(programme: Programme, site: Site, today: date, u: Urls) -> dict[str, Any]:
    """Return a programme as a schema.org Course, with an instance for each upcoming cohort not cancelled."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Course", "name": programme.title,
                            "description": programme.summary}
    if site.config.base_url:
        data["url"] = u.absolute(urls.programme(programme.slug))
    data["provider"] = organisation(site, u)
    data["inLanguage"] = site.config.language
    data["offers"] = offer(programme.fee, programme.apply.url or data.get("url", ""))
    instances = [course_instance(programme, c, site, today, u) for c in upcoming_cohorts(programme, today)
                 if effective_status(c, today) is not Status.CANCELLED]
    if instances:
        data["hasCourseInstance"] = instances
    if programme.modules:
        data["syllabusSections"] = [{"@type": "Syllabus", "name": f"Module {m.number}: {m.title}",
                                     "description": m.summary or "; ".join(m.topics),
                                     "timeRequired": iso_days(m.days)} for m in programme.modules]
    return data


def script_json(data: dict[str, Any]) -> str:
    """Return JSON that is safe inside <script type="application/ld+json">: no '<', '>' or '&' can end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # compact: the quick C encoder
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text
