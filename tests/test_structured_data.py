"""schema.org JSON-LD: a Course per programme with what Google's course information guidance requires and
recommends (DOMAIN.md §3.2), no invalid value where data is missing, and safe inside its <script>."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .sitekit import PROGRAMME_MD, SiteKit

BASE = "https://example.github.io/brochures/"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(page: str) -> list[dict]:
    return [json.loads(text) for text in SCRIPT.findall(page)]


@pytest.fixture
def fixture_site(fixture_output: Path) -> Path:
    return fixture_output


def course_of(output: Path, slug: str) -> dict:
    (course,) = json_ld((output / "programmes" / slug / "index.html").read_text())
    return course


def test_only_programme_overviews_carry_a_course(fixture_site: Path) -> None:
    with_data = sorted(p.relative_to(fixture_site).as_posix() for p in fixture_site.rglob("*.html")
                       if SCRIPT.search(p.read_text()))
    assert with_data == ["programmes/clinical-fellowship/index.html", "programmes/minimal/index.html",
                         "programmes/strategic-leadership/index.html"]


def test_a_course_has_every_required_and_recommended_property(fixture_site: Path) -> None:
    course = course_of(fixture_site, "strategic-leadership")
    assert course["@context"] == "https://schema.org"
    assert course["@type"] == "Course"
    assert course["name"] == "Strategic leadership for system change"
    assert course["description"] == "A six-month programme for directors leading change across organisations."
    assert course["url"] == BASE + "programmes/strategic-leadership/"
    assert course["provider"] == {"@type": "Organization", "name": "Fixture Health Trust",
                                  "url": "https://www.example.org/", "logo": BASE + "images/logo.svg"}
    assert course["offers"]["category"] == "Paid"
    assert [s["name"] for s in course["syllabusSections"]] == [
        "Module 1: Leading yourself", "Module 2: Leading others", "Module 3: Leading systems"]
    instances = course["hasCourseInstance"]
    # upcoming cohorts that are not cancelled, in date order; drafts and unpublished cohorts are not there
    assert [i["name"].split(": ")[1] for i in instances] == [
        "January 2027", "February 2027", "March 2027", "April 2027", "May 2027", "June 2027", "2028"]
    for instance in instances:
        assert instance["@type"] == "CourseInstance"
        assert instance["courseMode"] == "Blended"
        assert instance["courseWorkload"] == "P3D"
        assert instance["instructor"][0] == {
            "@type": "Person", "name": "Ada Jones", "honorificPrefix": "Professor", "honorificSuffix": "CBE",
            "jobTitle": "Director of Leadership", "worksFor": {"@type": "Organization", "name": "Fixture Health Trust"},
            "url": BASE + "people/#ada-jones", "image": BASE + "images/people/ada-jones.svg"}
        assert instance["offers"]["@type"] == "Offer"


def test_a_cohort_instance_has_dates_place_offer_and_availability(fixture_site: Path) -> None:
    course = course_of(fixture_site, "strategic-leadership")
    instances = {i["name"].split(": ")[1]: i for i in course["hasCourseInstance"]}
    march = instances["March 2027"]
    assert (march["startDate"], march["endDate"]) == ("2027-03-10", "2027-05-12")
    assert march["location"] == {"@type": "Place", "name": "Example Conference Centre", "address": {
        "@type": "PostalAddress", "streetAddress": "1 Example Street, Manchester", "postalCode": "M1 1AA"}}
    assert march["maximumAttendeeCapacity"] == 18
    assert march["offers"] == {
        "@type": "Offer", "category": "Paid", "price": 6500, "priceCurrency": "GBP",
        "priceSpecification": {"@type": "PriceSpecification", "price": 6500, "priceCurrency": "GBP",
                               "valueAddedTaxIncluded": False},
        "availability": "https://schema.org/InStock", "validThrough": "2027-01-20T12:00+00:00",
        "url": "https://www.example.org/apply/strategic-leadership"}
    assert instances["January 2027"]["offers"]["availability"] == "https://schema.org/LimitedAvailability"
    assert instances["January 2027"]["offers"]["price"] == 5000
    assert instances["January 2027"]["offers"]["validThrough"] == "2026-12-05"
    assert "location" not in instances["January 2027"], "an online cohort has no place"
    assert instances["April 2027"]["offers"]["availability"] == "https://schema.org/SoldOut"
    assert instances["June 2027"]["offers"]["availability"] == "https://schema.org/BackOrder"
    assert instances["2028"]["offers"]["availability"] == "https://schema.org/PreOrder"
    assert "startDate" not in instances["2028"], "no dates are invented for a cohort without them"
    assert instances["May 2027"]["eventStatus"] == "https://schema.org/EventPostponed"


def test_missing_data_is_left_out_never_invented(fixture_site: Path) -> None:
    minimal = course_of(fixture_site, "minimal")
    assert minimal["offers"] == {"@type": "Offer", "category": "Paid", "url": BASE + "programmes/minimal/"}, \
        "'contact us': no price, not 0"
    assert "hasCourseInstance" not in minimal and "syllabusSections" not in minimal
    funded = course_of(fixture_site, "clinical-fellowship")
    assert funded["offers"] == {"@type": "Offer", "category": "Free", "price": 0, "priceCurrency": "GBP",
                                "url": "https://www.example.org/apply/fellowship"}


@pytest.mark.parametrize(("vat", "included"), [("plus VAT", False), ("including VAT", True), ("no VAT", None)])
def test_vat_is_stated_only_when_the_fee_says(kit: SiteKit, vat: str, included: bool | None) -> None:
    kit.write({"content/programmes/test/programme.md": PROGRAMME_MD.replace("plus VAT", vat)})
    assert kit.run("--no-search").code == 0
    (course,) = json_ld(kit.page("programmes/test/"))
    assert course["offers"].get("priceSpecification", {}).get("valueAddedTaxIncluded") == included
    assert "url" not in course, "no base URL: no address is invented"


def test_a_title_that_closes_the_script_stays_inert(kit: SiteKit) -> None:
    title = "</script><script>alert(1)</script> & <!--\u2028-->"
    kit.write({"content/programmes/test/programme.md": PROGRAMME_MD.replace("A test programme", f"'{title}'")})
    assert kit.run("--no-search").code == 0
    page = kit.page("programmes/test/")
    head = page.split("</head>")[0]
    assert head.count("<script") == 1 and head.count("</script>") == 1
    (course,) = json_ld(page)
    assert course["name"] == title
    assert "<script>alert(1)" not in page
