"""`python build.py new …` writes starting files that build as they are."""
from __future__ import annotations

import pytest

from prospectus.cli import invocation

from .sitekit import SiteKit


@pytest.mark.parametrize(("args", "path"), [
    (("programme", "leadership-for-change"), "content/programmes/leadership-for-change/programme.md"),
    (("module", "test"), "content/programmes/test/modules/01-module-1.md"),
    (("cohort", "test"), "content/programmes/test/cohorts.yaml"),
    (("person", "Jane Smith"), "content/people/jane-smith.md"),
    (("venue", "town-hall"), "content/venues/town-hall.md"),
    (("page", "news"), "content/pages/news.md"),
])
def test_each_new_file_builds_as_it_is(kit: SiteKit, args: tuple[str, str], path: str) -> None:
    run = kit.run("new", *args)
    assert run.code == 0, run.err
    assert run.out.startswith(f"Created {path}.\n")
    assert run.out.endswith(f"Preview with: {invocation()} serve\n")
    assert (kit.root / path).is_file()
    check = kit.run("check", "--strict")
    assert check.code == 0, check.err


def test_new_modules_and_cohorts_count_up(kit: SiteKit) -> None:
    kit.run("new", "module", "test")
    assert kit.run("new", "module", "test").out.startswith("Created content/programmes/test/modules/02-module-2.md")
    kit.run("new", "cohort", "test")
    again = kit.run("new", "cohort", "test").out
    assert again.startswith("Added a new cohort to content/programmes/test/cohorts.yaml.\n")
    assert "the new cohort 'new-cohort-2' is at the end" in again
    assert kit.run("check", "--strict").code == 0


def test_nothing_is_overwritten_and_mistakes_are_explained(kit: SiteKit) -> None:
    kit.run("new", "person", "jane-smith")
    run = kit.run("new", "person", "jane-smith")
    assert (run.code, run.err) == (1, "Nothing was created: content/people/jane-smith.md already exists; choose "
                                      "another name.\n")
    run = kit.run("new", "module", "nope")
    assert (run.code, run.err) == (1, "Nothing was created: say which programme the module belongs to, like: "
                                      f"{invocation()} new module test (programmes: test).\n")
    run = kit.run("new", "programme")
    assert run.err == (f"Nothing was created: say what the new programme is called, like: {invocation()} new "
                       "programme leadership-for-change.\n")
    assert kit.run("new", "spaceship", "x").code == 2
