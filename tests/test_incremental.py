"""The preview's incremental builds always equal a clean full build, whatever the sequence of edits."""
from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import prospectus.build
from prospectus.build import build_site
from prospectus.errors import BuildError
from prospectus.options import BuildOptions, Pdfs, ProjectPaths
from prospectus.serve import Preview

from .sitekit import FIXTURE, PROJECT, largest_file_written, snapshot

OPTIONS = BuildOptions(today=__import__("datetime").date(2026, 11, 26), pdfs=Pdfs.SKIP)
WITH_PDFS = BuildOptions(today=OPTIONS.today)
PROGRAMME = "content/programmes/strategic-leadership/"



def clean_build(root: Path, elsewhere: Path, options: BuildOptions = OPTIONS) -> dict[str, bytes] | None:
    """Build `root` from nothing into `elsewhere`; None if the content has an error.

    Brochure PDFs come from the project's cache, as they would: tests/quality/test_brochures.py checks that a PDF made
    afresh is byte for byte the one in the cache.
    """
    if elsewhere.exists():
        shutil.rmtree(elsewhere)
    try:
        build_site(ProjectPaths.at(root, elsewhere), options)
    except BuildError:  # a content error: the preview must show problems, not files
        return None
    return snapshot(elsewhere)


Edit = Callable[[Path, random.Random], list[Path]]


def append(path: str, text: str) -> Edit:
    def edit(root: Path, rng: random.Random) -> list[Path]:
        target = root / path
        if not target.exists():
            return []
        target.write_text(target.read_text() + text.format(n=rng.randrange(1000)))
        return [target]
    return edit


def replace_text(path: str, old: str, new: str) -> Edit:
    def edit(root: Path, rng: random.Random) -> list[Path]:
        target = root / path
        if not target.exists() or old not in target.read_text():
            return []
        target.write_text(target.read_text().replace(old, new.format(n=rng.randrange(10, 28)), 1))
        return [target]
    return edit


def create(path: str, text: str) -> Edit:
    def edit(root: Path, rng: random.Random) -> list[Path]:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
        return [root / path]
    return edit


def delete(path: str) -> Edit:
    def edit(root: Path, rng: random.Random) -> list[Path]:
        target = root / path
        if not target.exists():
            return []
        target.unlink()
        return [target]
    return edit


EDITS: list[Edit] = [
    append(PROGRAMME + "modules/01-leading-yourself.md", "\nAnother paragraph {n}.\n"),
    append(PROGRAMME + "modules/02-leading-others.md", "\nMore about teams {n}.\n"),
    replace_text(PROGRAMME + "cohorts.yaml", "2027-04-14 9:30", "2027-04-{n} 9:30"),
    replace_text(PROGRAMME + "cohorts.yaml", "status: full", "status: waiting list"),
    replace_text(PROGRAMME + "cohorts.yaml", "status: waiting list", "status: full"),
    replace_text(PROGRAMME + "programme.md", "max_participants: 20", "max_participants: {n}"),
    create(PROGRAMME + "modules/04-leading-change.md", "---\ntitle: Leading change\ndays: 1\ntopics: [Change]\n"
                                                      "---\nChange.\n"),
    delete(PROGRAMME + "modules/04-leading-change.md"),
    append("content/people/ada-jones.md", "\nAda also mentors {n} leaders.\n"),
    append("content/venues/riverside.md", "\nA quiet room is available ({n}).\n"),
    replace_text("content/site.yaml", "tagline: Every field, every status", "tagline: Edition {n}"),
    create("content/programmes/new-one/programme.md", "---\ntitle: A new one\nsummary: New.\naudience: All\n"
                                                      "duration: One week\nduration_weeks: 1\nformat: online\nfee:\n"
                                                      "  amount: funded\napply:\n  email: a@example.org\n---\n"),
    delete("content/programmes/new-one/programme.md"),
    create("content/pages/news.md", "---\ntitle: News\n---\nNothing yet.\n"),
    delete("content/pages/news.md"),
    append("templates/partials/tag.html", "{{# edited {n} #}}\n"),
    append("templates/module.html", "{{# module edited {n} #}}\n"),
    append("assets/site.css", "\n/* edit {n} */\n"),
    append("assets/brochure.css", "\n.lede {{ font-size: 1{n}pt; }}\n"),
    append("templates/brochure.html", "{{# brochure edited {n} #}}\n"),
    create("content/images/extra.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"),
    delete("content/images/extra.svg"),
    replace_text(PROGRAMME + "programme.md", "format: blended", "format: hybrid"),  # an error …
    replace_text(PROGRAMME + "programme.md", "format: hybrid", "format: blended"),  # … and its fix
    append(PROGRAMME + "materials/module-1/pre-reading.txt", "3. Another piece to read ({n}).\n"),
    create(PROGRAMME + "materials/notes.txt", "Not listed anywhere: an error until it is deleted.\n"),
    delete(PROGRAMME + "materials/notes.txt"),
    replace_text(PROGRAMME + "modules/01-leading-yourself.md", "file: materials/module-1/pre-reading.txt",
                 "file: materials/module-1/pre-reading.pdf"),  # a missing file …
    replace_text(PROGRAMME + "modules/01-leading-yourself.md", "file: materials/module-1/pre-reading.pdf",
                 "file: materials/module-1/pre-reading.txt"),  # … and the fix
    replace_text("content/people/ben-okafor.md", "job_title: Programme Manager", "job_titel: Programme Manager"),
    replace_text("content/people/ben-okafor.md", "job_titel: Programme Manager", "job_title: Programme Manager"),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root / "content")
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "assets", root / "assets")
    return root


def settle(folder: Path, seconds_ago: int = 3600) -> None:
    """Make every folder under `folder` look as if it last changed so many seconds ago."""
    then = time.time_ns() - seconds_ago * 1_000_000_000
    for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        os.utime(path, ns=(then, then))


@pytest.mark.parametrize(("seed", "options", "steps"), [*((seed, OPTIONS, 30) for seed in range(6)),
                                                         (6, WITH_PDFS, 12)], ids=[*map(str, range(6)), "6-pdfs"])
def test_random_edits_give_what_a_clean_build_gives(project: Path, tmp_path: Path, seed: int,
                                                    options: BuildOptions, steps: int) -> None:
    rng = random.Random(seed)
    # Folders unchanged for an hour, whose listings the preview keeps until they change; or changed just now,
    # which it lists again on every build.
    settle(project / "content", 3600 if seed % 2 == 0 else 0)
    preview = Preview(ProjectPaths.at(project), options)
    assert preview.rebuild()
    assert bool(preview.memo.listings) == (seed % 2 == 0)
    last_good = snapshot(project / "output")
    assert last_good == clean_build(project, tmp_path / "clean", options)
    for step in range(steps):
        changed = rng.choice(EDITS)(project, rng)
        ok = preview.rebuild([str(p) for p in changed])
        expected = clean_build(project, tmp_path / "clean", options)
        assert ok == (expected is not None), f"step {step}"
        if expected is not None:
            last_good = expected
        assert snapshot(project / "output") == last_good, f"seed {seed}, step {step}"


def test_only_what_depends_on_a_change_is_rendered_again(project: Path) -> None:
    preview = Preview(ProjectPaths.at(project), WITH_PDFS)
    preview.rebuild()
    rendered, pdfs = dict(preview.memo.rendered), dict(preview.memo.pdfs)
    module = project / PROGRAMME / "modules/02-leading-others.md"
    module.write_text(module.read_text() + "\nA new paragraph.\n")
    preview.rebuild([str(module)])
    again = sorted(route for route, entry in preview.memo.rendered.items() if entry is not rendered.get(route))
    assert again == sorted(["programmes/strategic-leadership/", "programmes/strategic-leadership/structure/",
                            "programmes/strategic-leadership/team/", "programmes/strategic-leadership/eligibility/",
                            "programmes/strategic-leadership/dates-and-fees/",
                            "programmes/strategic-leadership/materials/",
                            "programmes/strategic-leadership/modules/leading-yourself/",
                            "programmes/strategic-leadership/modules/leading-others/",
                            "programmes/strategic-leadership/modules/leading-systems/",
                            "programmes/strategic-leadership/strategic-leadership-brochure.pdf"])
    made_again = sorted(route for route, entry in preview.memo.pdfs.items() if entry is not pdfs.get(route))
    assert made_again == ["programmes/strategic-leadership/strategic-leadership-brochure.pdf"]


def rerendered_after(project: Path, edit: Callable[[Path], Path]) -> list[str]:
    preview = Preview(ProjectPaths.at(project), OPTIONS)
    preview.rebuild()
    before = dict(preview.memo.rendered)
    changed = edit(project)
    assert preview.rebuild([str(changed)])
    return sorted(route for route, entry in preview.memo.rendered.items() if entry is not before.get(route))


def test_a_template_edit_renders_only_the_pages_that_use_it(project: Path) -> None:
    def edit(root: Path) -> Path:
        team = root / "templates/team.html"
        team.write_text(team.read_text().replace("<h1>Programme team</h1>", "<h1>The programme team</h1>"))
        return team
    assert rerendered_after(project, edit) == [
        "programmes/clinical-fellowship/team/", "programmes/minimal/team/", "programmes/strategic-leadership/team/"]


def test_a_site_settings_edit_renders_everything(project: Path) -> None:
    def edit(root: Path) -> Path:
        site = root / "content/site.yaml"
        site.write_text(site.read_text().replace("Every field, every status", "A new tagline"))
        return site
    assert len(rerendered_after(project, edit)) == len(list((project / "output").rglob("*.html")))


def test_a_cohorts_edit_renders_only_its_programme(project: Path) -> None:
    def edit(root: Path) -> Path:
        cohorts = root / PROGRAMME / "cohorts.yaml"
        cohorts.write_text(cohorts.read_text().replace("2027-04-14 9:30", "2027-04-13 9:30"))
        return cohorts
    pages = rerendered_after(project, edit)
    assert pages and all(route.startswith("programmes/strategic-leadership/") for route in pages)


@pytest.mark.parametrize("seed", range(3))
def test_command_line_builds_after_random_edits_give_what_a_clean_build_gives(
        project: Path, tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds that reuse the last build's pages and calendars (by keys kept in .cache/) equal clean builds."""
    rng = random.Random(seed)
    days = (OPTIONS, replace(OPTIONS, today=OPTIONS.today + timedelta(days=10)))  # statuses that change
    rendered: list[int] = []
    rendering = prospectus.build.Rendering

    def counted(env: Any, closures: Any, pages: Any, *args: Any) -> Any:
        rendered.append(len(pages))
        return rendering(env, closures, pages, *args)
    monkeypatch.setattr(prospectus.build, "Rendering", counted)
    reused = False
    for step in range(20):
        options = rng.choice(days)
        changed = rng.choice(EDITS)(project, rng)
        expected = clean_build(project, tmp_path / "clean", options)
        try:
            result = build_site(ProjectPaths.at(project), options, keep=True)
        except BuildError:  # a content error, which the clean build must have met too
            assert expected is None, f"seed {seed}, step {step}: {changed}"
            continue
        assert expected is not None, f"seed {seed}, step {step}: {changed}"
        assert snapshot(project / "output") == expected, f"seed {seed}, step {step}: {changed}"
        if step and rendered[-1] < len(result.pages):
            reused = True
    assert reused  # some builds really did keep pages from the build before


def test_the_preview_lists_a_settled_programme_folder_again_when_it_changes(project: Path, tmp_path: Path) -> None:
    settle(project / "content")
    preview = Preview(ProjectPaths.at(project), OPTIONS)
    assert preview.rebuild()
    folder = str(project / PROGRAMME.rstrip("/"))
    assert folder in preview.memo.listings
    module = project / PROGRAMME / "modules/04-leading-change.md"
    module.write_text("---\ntitle: Leading change\ndays: 1\ntopics: [Change]\n---\nChange.\n")
    assert preview.rebuild([str(module)])
    assert "programmes/strategic-leadership/modules/leading-change/index.html" in snapshot(project / "output")
    assert snapshot(project / "output") == clean_build(project, tmp_path / "clean")
    assert folder not in preview.memo.listings  # changed a moment ago: listed again until it settles
    module.rename(module.with_name("04-leading-well.md"))
    assert preview.rebuild([str(module)])
    assert snapshot(project / "output") == clean_build(project, tmp_path / "clean")


def test_a_programme_is_read_again_when_its_cohorts_read_differently_with_the_same_file(project: Path,
                                                                                       tmp_path: Path) -> None:
    """A cohorts file naming a venue there is no file for is an error; adding the venue file makes the same
    cohorts file good, and the programme must then show its cohorts (not what it was read as with the error)."""
    preview = Preview(ProjectPaths.at(project), OPTIONS)
    assert preview.rebuild()
    venue = project / "content/venues/riverside.md"
    text = venue.read_text()
    venue.unlink()
    assert not preview.rebuild([str(venue)])
    programme = project / PROGRAMME / "programme.md"  # edited meanwhile: read again while its cohorts cannot be
    programme.write_text(programme.read_text() + "\nA further sentence.\n")
    assert not preview.rebuild([str(programme)])
    venue.write_text(text)
    assert preview.rebuild([str(venue)])
    assert "A further sentence." in (project / "output/programmes/strategic-leadership/index.html").read_text()
    assert snapshot(project / "output") == clean_build(project, tmp_path / "clean")


def test_the_preview_writes_the_whole_site_again_after_it_could_not_write_some_of_it(project: Path,
                                                                                  tmp_path: Path) -> None:
    preview = Preview(ProjectPaths.at(project), OPTIONS)
    assert preview.rebuild()
    module = project / "content/programmes/strategic-leadership/modules/01-leading-yourself.md"
    text = module.read_text()
    module.write_text(text.replace("\n---\n", "\n---\nA sentence that is written before the failure.\n\n", 1))
    (project / "assets/large.bin").write_bytes(b"a" * 3_000_000)  # written after the pages, and too large
    with largest_file_written(2_000_000):
        assert not preview.rebuild([str(module), str(project / "assets/large.bin")])
    assert "A sentence that is written before the failure." in \
        (project / "output/programmes/strategic-leadership/modules/leading-yourself/index.html").read_text()
    module.write_text(text)  # both edits undone: the page the failed build wrote must be written again
    (project / "assets/large.bin").unlink()
    assert preview.rebuild([str(module), str(project / "assets/large.bin")])
    expected = clean_build(project, tmp_path / "clean")
    assert expected is not None and snapshot(project / "output") == expected



def test_the_preview_reuses_what_it_read_from_a_folder_only_while_its_files_are_the_same(project: Path) -> None:
    then = time.time_ns() - 3600 * 1_000_000_000
    for path in (project / "content").rglob("*"):
        os.utime(path, ns=(then, then))  # settled: what was read from them can be kept
    preview = Preview(ProjectPaths.at(project), OPTIONS)
    assert preview.rebuild()
    folders = {name: result for name, (_, _, result) in preview.memo.folders.items()}
    edited = project / "content/programmes/strategic-leadership"
    assert str(edited) in folders and str(project / "content/programmes/minimal") in folders
    module = edited / "modules/01-leading-yourself.md"
    module.write_text(module.read_text().replace("\n---\n", "\n---\nA new first sentence.\n\n", 1))
    assert preview.rebuild([str(module)])
    again = {name: result for name, (_, _, result) in preview.memo.folders.items()}
    assert all(again[name] is result for name, result in folders.items() if name != str(edited))
    assert str(edited) not in again  # changed a moment ago: read again next time, not kept
    assert "A new first sentence." in (project / "output/programmes/strategic-leadership/modules/leading-yourself/"
                                                  "index.html").read_text()


def test_the_preview_forgets_what_it_read_from_folders_that_are_gone_or_renamed(project: Path) -> None:
    then = time.time_ns() - 3600 * 1_000_000_000
    for path in (project / "content").rglob("*"):
        os.utime(path, ns=(then, then))
    preview = Preview(ProjectPaths.at(project), OPTIONS)
    assert preview.rebuild()
    modules = project / "content/programmes/strategic-leadership/modules"
    gone = project / "content/programmes/minimal"
    assert str(gone) in preview.memo.folders
    shutil.rmtree(gone)
    (modules / "01-leading-yourself.md").rename(modules / "01-leading-oneself.md")  # same place, time and size
    assert preview.rebuild()
    assert str(gone) not in preview.memo.folders
    assert (project / "output/programmes/strategic-leadership/modules/leading-oneself/index.html").is_file()
