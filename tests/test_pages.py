"""What visitors see: calls to action that follow the status, cohorts by date, fees, venues and the catalogue."""
from __future__ import annotations

import html
import re

import pytest

from .sitekit import SiteKit

P = "content/programmes/test/"
MODULES = {
    P + "modules/01-first.md": "---\ntitle: First steps\ndays: 2\ntopics: [Mapping the system]\n---\nText.\n",
    P + "modules/02-second.md": "---\ntitle: Second steps\ndays: 1.5\ntopics: [Trust]\n---\nText.\n",
}


def text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def cohort(ident: str, status: str, first: str | None, extra: str = "") -> str:
    entry = f"- id: {ident}\n  label: {ident.title()}\n  status: {status}\n{extra}"
    if first:
        entry += (f"  sessions:\n    - module: 1\n      start: {first} 9:30\n      end: {first} 17:00\n"
                  f"    - module: 2\n      skip: true\n")
    return entry


def build(kit: SiteKit, cohorts: str, today: str = "2026-11-26") -> dict[str, str]:
    kit.write({**MODULES, P + "cohorts.yaml": cohorts})
    run = kit.run(today=today)
    assert run.code == 0, run.err
    return {name: text(kit.page(route)) for name, route in
            (("home", ""), ("overview", "programmes/test/"), ("dates", "programmes/test/dates-and-fees/"),
             ("structure", "programmes/test/structure/"), ("apply", "programmes/test/eligibility/"))}


@pytest.mark.parametrize(("status", "extra", "tag", "action"), [
    ("open", "  apply_by: 2027-02-01\n", "Open for applications", "Apply for Spring"),
    ("open", "  apply_by: 2026-12-01\n", "Closing soon", "Apply for Spring"),
    ("open", "  apply_by: 2026-11-01\n", "Applications closed", "Applications for this cohort have closed."),
    ("waiting list", "", "Waiting list open", "Join the waiting list for Spring"),
    ("full", "", "Full", "This cohort is full."),
    ("register interest", "", "Coming soon", "Register your interest in Spring"),
    ("postponed", "  note: Moved to the autumn.\n", "Postponed", "This cohort has been postponed."),
])
def test_the_call_to_action_follows_the_status(kit: SiteKit, status: str, extra: str, tag: str, action: str) -> None:
    pages = build(kit, cohort("spring", status, "2027-03-10", extra))
    assert f"Spring {tag}" in pages["dates"]
    assert action in pages["dates"]
    if status == "postponed":  # nothing to apply for: the overview waits for new dates
        assert "Next dates To be announced" in pages["overview"]
    else:
        assert f"Status {tag}" in pages["overview"]


def test_apply_links_use_the_form_or_an_email_with_a_subject(kit: SiteKit) -> None:
    kit.write({**MODULES, P + "cohorts.yaml": cohort("spring", "open", "2027-03-10")})
    kit.run()
    page = kit.page("programmes/test/")
    assert ('<a class="button" href="mailto:apply@example.org?subject=Application%3A%20A%20test%20programme%20'
            '%28Spring%29">Apply for Spring</a>') in page


def test_the_featured_cohort_is_one_you_can_act_on(kit: SiteKit) -> None:
    cohorts = (cohort("spring", "full", "2027-03-10") + cohort("summer", "postponed", "2027-06-10")
               + cohort("autumn", "open", "2027-09-10"))
    pages = build(kit, cohorts)
    assert "Next dates September 2027 Autumn" in pages["overview"]
    assert "Apply for Autumn" in pages["overview"]


def test_cancelled_and_postponed_cohorts_move_to_the_past_when_their_dates_do(kit: SiteKit) -> None:
    pages = build(kit, cohort("spring", "cancelled", "2027-03-10") + cohort("summer", "postponed", "2027-06-10"),
                  today="2027-07-01")
    assert "Past cohorts Summer: June 2027 (postponed) Spring: March 2027 (cancelled)" in pages["dates"]
    assert "Upcoming cohorts Dates for the next cohort are to be announced." in pages["dates"]


def test_a_cancelled_cohort_is_not_the_next_one(kit: SiteKit) -> None:
    pages = build(kit, cohort("spring", "cancelled", "2027-03-10") + cohort("summer", "open", "2027-06-10"))
    assert "Next dates June 2027 Summer" in pages["overview"]
    assert "Spring Cancelled" in pages["dates"]
    assert "This cohort has been cancelled." in pages["dates"]


def test_cohorts_in_progress_and_past(kit: SiteKit) -> None:
    cohorts = cohort("spring", "closed", "2027-03-10") + cohort("winter", "closed", "2026-01-10")
    pages = build(kit, cohorts, today="2027-03-10")
    assert "Cohorts under way Spring In progress" in pages["dates"]
    assert "Past cohorts Winter: January 2026" in pages["dates"]
    assert "Next dates To be announced" in pages["overview"]
    assert "Dates for the next cohort are to be announced." in pages["overview"]
    assert "Register your interest" in pages["overview"]


def test_a_programme_without_cohorts_says_dates_are_to_be_announced(kit: SiteKit) -> None:
    pages = build(kit, "")
    assert "Next dates To be announced" in pages["home"]
    assert "Dates for the next cohort are to be announced." in pages["dates"]


def test_cohorts_are_listed_by_date_with_undated_ones_last(kit: SiteKit) -> None:
    cohorts = (cohort("later", "register interest", None, "  dates_note: Autumn 2027\n")
               + cohort("summer", "open", "2027-06-10") + cohort("spring", "open", "2027-03-10"))
    dates = build(kit, cohorts)["dates"]
    assert dates.index("Spring Open") < dates.index("Summer Open") < dates.index("Later Coming soon")
    assert "Dates Autumn 2027" in dates


def test_fee_override_capacity_and_venues(kit: SiteKit) -> None:
    extra = ("  capacity: 12\n  venue: online\n  fee:\n    amount: 8000.5\n    vat: including VAT\n"
             "    includes: [Coaching]\n")
    dates = build(kit, cohort("spring", "open", "2027-03-10", extra) + cohort("summer", "open", "2027-06-10"))["dates"]
    assert "Spring Open for applications Dates March 2027 Venue Online Fee £8,000.50 including VAT " \
           "Includes Coaching. Places Up to 12 participants" in dates
    assert "Summer Open for applications Dates June 2027 Venue Venue to be confirmed Fee £1,000 plus VAT" in dates


def test_skipped_modules_and_pre_programme_windows(kit: SiteKit) -> None:
    programme = kit.root.joinpath(P + "programme.md").read_text().replace("apply:", (
        "components:\n  - title: A call with the director\n    weeks_before_start: [4, 6]\napply:"))
    kit.write({P + "programme.md": programme})
    pages = build(kit, cohort("spring", "open", "2027-03-10"))
    assert "A call with the director 4 to 6 weeks before the programme starts" in pages["structure"]
    assert "A call with the director: 27 January to 10 February 2027." in pages["structure"]
    assert "Module 2: Second steps Not part of this cohort" in pages["dates"]
    assert "Module 1: First steps 10 March 2027 9:30am to 5pm" in pages["dates"]
