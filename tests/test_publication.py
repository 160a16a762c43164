"""Drafts, publish dates and expiry dates: what is on the site on a given day, and nothing links to the rest."""
from __future__ import annotations

import re

from .sitekit import PROGRAMME_MD, SiteKit, problems

P = "content/programmes/test/"
PAGE = "---\ntitle: Open evening\n{fields}---\nCome and meet us.\n"
COHORTS = """\
- id: spring
  label: Spring 2027
  status: open
{fields}"""


def links_in(kit: SiteKit) -> set[str]:
    """Every href and src on every built page."""
    found: set[str] = set()
    for path in (kit.root / "output").rglob("*.html"):
        found |= set(re.findall(r'(?:href|src)="([^"]+)"', path.read_text()))
    return found


def with_menu(kit: SiteKit) -> SiteKit:
    site = (kit.root / "content/site.yaml").read_text()
    return kit.write({"content/site.yaml": site + "navigation:\n  - title: Open evening\n    link: /open-evening/\n"})


def test_a_draft_page_is_only_built_with_drafts_and_its_menu_link_goes_with_it(kit: SiteKit) -> None:
    with_menu(kit).write({"content/pages/open-evening.md": PAGE.format(fields="draft: true\n")})
    assert kit.run().code == 0
    assert not (kit.root / "output/open-evening").exists()
    assert not any("open-evening" in link for link in links_in(kit))
    assert kit.run("--drafts").code == 0
    assert "<h1>Open evening</h1>" in kit.page("open-evening/")
    assert "/open-evening/" in links_in(kit)


def test_a_page_appears_on_its_publish_date_and_goes_on_its_expiry_date(kit: SiteKit) -> None:
    kit.write({"content/pages/open-evening.md": PAGE.format(fields="publish: 2026-12-01\nexpires: 2027-01-29\n")})
    shown = {}
    for day in ("2026-11-30", "2026-12-01", "2027-01-28", "2027-01-29"):
        assert kit.run(today=day).code == 0
        shown[day] = (kit.root / "output/open-evening/index.html").exists()
    assert shown == {"2026-11-30": False, "2026-12-01": True, "2027-01-28": True, "2027-01-29": False}
    assert kit.run("--drafts", today="2026-11-30").code == 0, "drafts show items still to be published"
    assert (kit.root / "output/open-evening/index.html").exists()
    assert kit.run("--drafts", today="2027-01-29").code == 0, "but never expired ones"
    assert not (kit.root / "output/open-evening/index.html").exists()


def test_a_draft_programme_leaves_no_page_card_person_role_or_calendar(kit: SiteKit) -> None:
    kit.write({P + "programme.md": PROGRAMME_MD.replace("---\nAbout", "draft: true\n---\nAbout"),
               P + "cohorts.yaml": COHORTS.format(fields="  sessions: []\n")})
    run = kit.run()
    assert run.code == 0, run.err
    assert not (kit.root / "output/programmes").exists()
    assert not any("programmes/" in link for link in links_in(kit))
    assert "A test programme" not in kit.page("")
    assert "A test programme" not in (kit.root / "output/calendar.ics").read_text()


def test_a_cohort_can_be_a_draft_or_dated(kit: SiteKit) -> None:
    kit.write({P + "cohorts.yaml": COHORTS.format(fields="  draft: true\n") + """
- id: autumn
  label: Autumn 2027
  status: register interest
  publish: 2027-01-04
"""})
    assert kit.run().code == 0
    dates = kit.page("programmes/test/dates-and-fees/")
    assert "Spring 2027" not in dates and "Autumn 2027" not in dates
    assert kit.run(today="2027-01-04").code == 0
    assert "Autumn 2027" in kit.page("programmes/test/dates-and-fees/")
    assert "Spring 2027" not in kit.page("programmes/test/dates-and-fees/")


def test_publication_mistakes(kit: SiteKit) -> None:
    run = kit.write({
        "content/pages/open-evening.md": PAGE.format(fields="publish: 2027-02-01\nexpires: 2027-01-01\n"),
        "content/pages/accessibility.md": "---\ntitle: Accessibility statement\ndraft: true\n---\nText.\n",
        P + "cohorts.yaml": COHORTS.format(fields="  publish: 2027-01-04 9:30\n  draft: yes please\n"),
    }).run("check")
    assert run.code == 1
    assert problems(run) == [
        "content/pages/accessibility.md:3: the accessibility statement cannot have 'draft': every page links to "
        "it, so it is always published; remove the 'draft' line",
        "content/pages/open-evening.md:4: 'expires' (2027-01-01) is not after 'publish' (2027-02-01); 'expires' "
        "is the first day it is no longer shown: make it later than 'publish'",
        "content/programmes/test/cohorts.yaml:4: cohort 'spring', 'publish': expected a date like 2027-03-10, got "
        "'2027-01-04 9:30'; write the date only, like 2027-03-10",
        "content/programmes/test/cohorts.yaml:5: cohort 'spring', 'draft': expected true or false, got "
        "'yes please'; write true or false",
    ]


def test_a_link_in_the_text_to_something_not_shown_is_a_warning(kit: SiteKit) -> None:
    kit.write({"content/pages/open-evening.md": PAGE.format(fields="publish: 2027-01-04\n"),
               "content/pages/about.md": "---\ntitle: About\n---\nCome to [our open evening](/open-evening/).\n"})
    run = kit.run("--no-search")
    assert run.code == 0
    assert run.err.splitlines() == [
        "content/pages/about.md:1: warning: the text links to /open-evening/, which is not on the site on "
        "26 November 2026 (it is not published until 4 January 2027), so the link would be broken; remove the "
        "link until it is published"]
    assert kit.run("--no-search", "--strict").code == 1, "so a deploy (always --strict) never publishes it"
    assert kit.run("--no-search", today="2027-01-04").err == ""
    assert kit.run("--no-search", "--drafts").err == ""
