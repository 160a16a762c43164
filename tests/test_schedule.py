"""The days on which the site changes by itself, worked out from the content with pinned dates."""
from __future__ import annotations

from datetime import date

import pytest

from prospectus.config import load_config
from prospectus.options import BuildOptions, ProjectPaths
from prospectus.discover import discover
from prospectus.markdown import MarkdownRenderer
from prospectus.model import Site
from prospectus.parse import parse_site
from prospectus.schedule import Change, changes, describe_next, latest_changes, newest, next_changes

from .sitekit import SiteKit

P = "content/programmes/test/"
MODULE = "---\ntitle: First module\ndays: 2\ntopics:\n  - A topic\n---\nAbout it.\n"
COHORTS = """\
- id: spring-2027
  label: Spring 2027
  status: open
  apply_by: 2027-01-15 12:00
  sessions:
    - module: 1
      start: 2027-03-10 9:30
      end: 2027-03-11 17:00
"""


def site_of(kit: SiteKit) -> Site:
    """Load a kit's content with the real loader."""
    paths = ProjectPaths.at(kit.root)
    config, problems = load_config(paths, BuildOptions(today=date(2026, 11, 26)))
    assert problems == ()
    site, _ = parse_site(config, discover(paths.content), paths.root, MarkdownRenderer(config.base_path))
    return site


@pytest.fixture
def dated(kit: SiteKit) -> SiteKit:
    return kit.write({P + "modules/01-first.md": MODULE, P + "cohorts.yaml": COHORTS})


def test_every_status_change_of_a_cohort(dated: SiteKit) -> None:
    name = "cohort 'spring-2027' of test"
    assert changes(site_of(dated)) == (
        Change(date(2027, 1, 1), f"{name} closes soon for applications", "test", "spring-2027"),
        Change(date(2027, 1, 16), f"{name} closes for applications", "test", "spring-2027"),
        Change(date(2027, 3, 10), f"{name} starts", "test", "spring-2027"),
        Change(date(2027, 3, 12), f"{name} is over", "test", "spring-2027"),
    )


@pytest.mark.parametrize(("today", "expected"), [
    ("2026-11-26", "Next change by itself: 2027-01-01, cohort 'spring-2027' of test closes soon for applications"),
    ("2027-01-01", "Next change by itself: 2027-01-16, cohort 'spring-2027' of test closes for applications"),
    ("2027-01-16", "Next change by itself: 2027-03-10, cohort 'spring-2027' of test starts"),
    ("2027-03-11", "Next change by itself: 2027-03-12, cohort 'spring-2027' of test is over"),
    ("2027-03-12", "Next change by itself: none (no deadline, session, publish or expiry date is still to come)."),
])
def test_every_build_prints_the_next_change(dated: SiteKit, today: str, expected: str) -> None:
    run = dated.run("--no-search", today=today)
    assert run.code == 0, run.err
    assert run.out.splitlines()[1] == expected
    assert dated.run("check", today=today).out.splitlines()[1] == expected


def test_changes_on_the_same_day_are_listed_together(dated: SiteKit) -> None:
    dated.write({"content/pages/news.md": "---\ntitle: News\npublish: 2027-01-01\nexpires: 2027-03-10\n---\nNew.\n"})
    site = site_of(dated)
    assert describe_next(changes(site), date(2026, 12, 1)) == (
        "Next change by itself: 2027-01-01, cohort 'spring-2027' of test closes soon for applications; "
        "page 'news' is published")
    assert [c.what for c in next_changes(changes(site), date(2027, 2, 1))] == ["cohort 'spring-2027' of test starts",
                                                                      "page 'news' expires"]


def test_a_day_with_many_changes_names_three_and_counts_the_rest() -> None:
    # (a catalogue whose cohorts share deadlines would otherwise print one line of thousands of characters)
    def cohorts(n: int) -> tuple[Change, ...]:
        return (Change(date(2027, 1, 1), "cohort 'old' of p0 is over", "p0", "old"),
                *(Change(date(2027, 1, 5), f"cohort 'c{i}' of p{i} starts", f"p{i}", f"c{i}") for i in range(n)),
                Change(date(2027, 2, 1), "cohort 'c0' of p0 is over", "p0", "c0"))
    assert describe_next(cohorts(1_204), date(2027, 1, 2)) == (
        "Next change by itself: 2027-01-05, cohort 'c0' of p0 starts; cohort 'c1' of p1 starts; "
        "cohort 'c2' of p2 starts; and 1,201 more that day")
    assert describe_next(cohorts(4), date(2027, 1, 2)) == (
        "Next change by itself: 2027-01-05, cohort 'c0' of p0 starts; cohort 'c1' of p1 starts; "
        "cohort 'c2' of p2 starts; cohort 'c3' of p3 starts"), "four are all named: no '1 more'"


def test_drafts_never_change_by_themselves_and_future_items_only_without_drafts(dated: SiteKit) -> None:
    dated.write({"content/pages/news.md": "---\ntitle: News\ndraft: true\npublish: 2027-01-01\n---\nNew.\n",
                 "content/pages/later.md": "---\ntitle: Later\npublish: 2027-02-01\n---\nLater.\n"})
    site = site_of(dated)
    assert [c.what for c in changes(site) if c.page] == ["page 'later' is published"]
    assert [c.what for c in changes(site, drafts=True) if c.page] == []


def test_a_hidden_programme_or_cohort_changes_nothing_until_it_is_shown(dated: SiteKit) -> None:
    dated.write({P + "cohorts.yaml": COHORTS.replace("  status: open\n", "  status: open\n  publish: 2027-01-10\n")})
    assert [(c.day.isoformat(), c.what.rsplit(" of test ", 1)[1]) for c in changes(site_of(dated))] == [
        ("2027-01-10", "is published"), ("2027-01-16", "closes for applications"), ("2027-03-10", "starts"),
        ("2027-03-12", "is over")]


def test_cancelled_and_postponed_cohorts_do_not_change_by_themselves(dated: SiteKit) -> None:
    for status in ("cancelled", "postponed"):
        dated.write({P + "cohorts.yaml": COHORTS.replace("status: open", f"status: {status}")})
        assert changes(site_of(dated)) == ()


def test_the_last_change_is_a_content_date_never_a_later_one(dated: SiteKit) -> None:
    found = changes(site_of(dated))
    assert latest_changes(found, date(2026, 12, 31)).programmes == {}
    latest = latest_changes(found, date(2027, 2, 1))
    assert latest.programmes == {"test": date(2027, 1, 16)}
    assert latest.cohorts == {"test": {"spring-2027": date(2027, 1, 16)}}
    assert newest(date(2026, 11, 2), latest.programmes.get("test"), None) == date(2027, 1, 16)
    assert newest(None, None) is None
