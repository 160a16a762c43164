"""`python build.py new …` writes starting files that build as they are."""
from __future__ import annotations

import pytest

from prospectus.cli import invocation

from .sitekit import SiteKit, problems


@pytest.mark.parametrize(("args", "path", "examples"), [
    (("programme", "leadership-for-change"), "content/programmes/leadership-for-change/programme.md",
     [(5, "One or two sentences that say what the programme is and who it helps."),
      (6, "Who it is for, in a line"), (13, "What participants will be able to do afterwards"),
      (25, "Write the overview here in Markdown.")]),
    (("module", "test"), "content/programmes/test/modules/01-module-1.md",
     [(6, "The first topic"), (7, "The second topic"), (10, "Describe the module here.")]),
    (("cohort", "test"), "content/programmes/test/cohorts.yaml", [(4, "label: New cohort")]),
    (("person", "Jane Smith"), "content/people/jane-smith.md",
     [(4, "Their job title"), (11, "A few sentences about them, written in the third person.")]),
    (("venue", "town-hall"), "content/venues/town-hall.md",
     [(5, "First line of the address"),
      (10, "Access information: step-free access, hearing loops, parking, the nearest station.")]),
    (("page", "news"), "content/pages/news.md",
     [(3, "One sentence about this page, for search results and link previews."),
      (5, "Write the page here in Markdown.")]),
])
def test_each_new_file_builds_as_it_is_but_its_example_text_is_not_published(
        kit: SiteKit, args: tuple[str, str], path: str, examples: list[tuple[int, str]]) -> None:
    run = kit.run("new", *args)
    assert run.code == 0, run.err
    assert run.out.startswith(f"Created {path}.\n")
    assert run.out.endswith(f"Preview with: {invocation()} serve\n")
    assert (kit.root / path).is_file()
    warnings = [f"{path}:{line}: warning: this is still the example text that 'build.py new' wrote: '{text}'; "
                "replace it with your own words" for line, text in examples]
    check = kit.run("check")  # the preview and a build carry on …
    assert (check.code, problems(check)) == (0, warnings)
    assert kit.run("check", "--strict").code == 1  # … but a deploy (--strict) stops


def test_new_modules_and_cohorts_count_up(kit: SiteKit) -> None:
    kit.run("new", "module", "test")
    assert kit.run("new", "module", "test").out.startswith("Created content/programmes/test/modules/02-module-2.md")
    kit.run("new", "cohort", "test")
    again = kit.run("new", "cohort", "test").out
    assert again.startswith("Added a new cohort to content/programmes/test/cohorts.yaml.\n")
    assert "the new cohort 'new-cohort-2' is at the end" in again
    assert kit.run("check").code == 0


def test_nothing_is_overwritten_and_mistakes_are_explained(kit: SiteKit) -> None:
    kit.run("new", "person", "jane-smith")
    run = kit.run("new", "person", "jane-smith")
    assert (run.code, run.err) == (1, "Nothing was created: content/people/jane-smith.md already exists; choose "
                                      "another name.\n")
    run = kit.run("new", "module", "nope")
    assert (run.code, run.err) == (1, "Nothing was created: there is no programme folder 'nope' in "
                                      "content/programmes; give one of their names, like: "
                                      f"{invocation()} new module test (programmes: test).\n")
    run = kit.run("new", "cohort", "tset")
    assert run.err == ("Nothing was created: there is no programme folder 'tset' in content/programmes; give one of "
                       f"their names, like: {invocation()} new cohort test (programmes: test).\n")
    run = kit.run("new", "module")
    assert run.err == ("Nothing was created: say which programme the module belongs to, like: "
                       f"{invocation()} new module test (programmes: test).\n")
    for completed in ("test/", "content/programmes/test", "./content/programmes/test/"):  # as a shell completes it
        assert kit.run("new", "cohort", completed).code == 0
    run = kit.run("new", "programme")
    assert run.err == (f"Nothing was created: say what the new programme is called, like: {invocation()} new "
                       "programme leadership-for-change.\n")
    assert kit.run("new", "spaceship", "x").code == 2


def test_a_module_before_any_programme_says_to_make_the_programme_first(tmp_path) -> None:
    from prospectus.scaffold import ScaffoldError, create
    (tmp_path / "content").mkdir()
    with pytest.raises(ScaffoldError) as refused:
        create("module", "leadership", tmp_path, "python build.py")
    assert str(refused.value) == ("there is no programme yet for the module to belong to; make one first, like: "
                                  "python build.py new programme leadership-for-change")
    assert not (tmp_path / "content/programmes").exists()
