"""Brochure PDFs with the real WeasyPrint: the same bytes for the same inputs, a cache that notices every input,
plain messages, and a build that goes on without them when Pango is missing."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from prospectus.pdf import Engine

from .pdftext import Pdf
from .sitekit import PROJECT, SiteKit

BROCHURE = "programmes/test/test-brochure.pdf"
CACHE = ".cache/prospectus/pdf"


def made(kit: SiteKit) -> str:
    """Change a page no brochure shows (so that the build is not skipped as unchanged), build with PDFs, and
    return what the build said about them."""
    page = kit.root / "content/pages/accessibility.md"
    page.write_text(page.read_text() + "\nUpdated.\n")
    run = kit.run(pdf=True)
    assert run.code == 0, run.err
    return next(line for line in run.out.splitlines() if line.startswith(("Brochure PDFs:", "Skipped")))


MADE = "Brochure PDFs: 1 made, 0 reused unchanged from .cache/prospectus/pdf/."
REUSED = "Brochure PDFs: 0 made, 1 reused unchanged from .cache/prospectus/pdf/."


def test_the_same_html_makes_the_same_bytes_and_its_identifier_comes_from_the_content() -> None:
    engine = Engine()
    assert engine.load() == ""
    page = ('<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{}</title>'
            '<meta name="dcterms.created" content="2027-01-02"></head><body><p>Hello</p></body></html>')
    first, second = (engine.render(page.format("A"), "https://example.org/", {}) for _ in range(2))
    other = engine.render(page.format("B"), "https://example.org/", {})
    assert first.data == second.data
    assert first.data != other.data
    assert PdfReader(io.BytesIO(first.data)).metadata["/CreationDate"] == "D:20270102"
    identifiers = [PdfReader(io.BytesIO(pdf.data)).trailer["/ID"][0] for pdf in (first, second, other)]
    assert identifiers[0] == identifiers[1] != identifiers[2]


def test_a_pdf_is_made_again_only_when_something_it_shows_or_uses_changes(kit: SiteKit) -> None:
    kit.write({"content/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>",
               "content/site.yaml": "title: Test programmes\norganisation: Test Organisation\ncontact:\n"
                                    "  email: hello@example.org\nlogo: images/logo.svg\nlogo_alt: Test Organisation\n"})
    assert made(kit) == MADE
    first = (kit.root / "output" / BROCHURE).read_bytes()
    assert made(kit) == REUSED
    kit.write({"assets/site.css": (kit.root / "assets/site.css").read_text() + "\n/* the web pages only */\n",
               "content/pages/accessibility.md": "---\ntitle: Accessibility statement\n---\nUpdated.\n"})
    assert made(kit) == REUSED, "nothing the brochure shows or uses"
    kit.write({"content/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg' width='20' height='10'/>"})
    assert made(kit) == MADE, "an image it uses"
    kit.write({"assets/brochure.css": (kit.root / "assets/brochure.css").read_text() + "\nh1 { color: #000; }\n"})
    assert made(kit) == MADE, "its stylesheet"
    programme = kit.root / "content/programmes/test/programme.md"
    original = programme.read_text()
    programme.write_text(original.replace("About the programme.", "About the programme, changed."))
    assert made(kit) == MADE, "its content"
    programme.write_text(original)
    assert made(kit) == REUSED, "back as it was: the cache keeps a few versions"
    assert (kit.root / "output" / BROCHURE).read_bytes() != first, "the logo and stylesheet changed"
    assert len(list((kit.root / CACHE).glob("test.*.pdf"))) == 2, "one for each text; files used are checked"
    for n in range(4):
        programme.write_text(original.replace("About the programme.", f"Version {n}."))
        assert made(kit) == MADE
    assert len(list((kit.root / CACHE).glob("test.*.pdf"))) == 4, "the oldest are forgotten"


def test_a_damaged_cache_entry_is_made_again(kit: SiteKit) -> None:
    assert made(kit) == MADE
    for entry in (kit.root / CACHE).glob("*.json"):
        entry.write_text("{not json")
    assert made(kit) == MADE
    assert Pdf(kit.root / "output" / BROCHURE).info()["Tagged"] == "yes"


def test_the_pdf_is_dated_by_the_build_not_the_clock(kit: SiteKit) -> None:
    kit.run(pdf=True, today="2027-01-05")
    assert Pdf(kit.root / "output" / BROCHURE).reader().metadata["/CreationDate"] == "D:20270105"
    assert "Correct as of 5 January 2027." in Pdf(kit.root / "output" / BROCHURE).text


def test_a_file_from_another_website_is_left_out_and_said_so(kit: SiteKit) -> None:
    kit.write({"content/programmes/test/programme.md": (kit.root / "content/programmes/test/programme.md")
               .read_text().replace("About the programme.", "![A chart](https://example.com/chart.png)")})
    run = kit.run(pdf=True)
    assert run.code == 0
    assert run.err == ("content/programmes/test/programme.md:1: warning: the brochure leaves out "
                       "https://example.com/chart.png, which is not a file of this site; a brochure shows only the "
                       "site's own files: put the picture in content/images and use it from there\n")
    assert kit.run("--strict", pdf=True).code == 1, "--strict turns it into an error"


def test_check_and_no_pdf_make_no_pdf(kit: SiteKit) -> None:
    assert kit.run("check", pdf=True).out.startswith("No problems found: 10 pages would be built as of 2026-11-26.\n")
    assert not (kit.root / ".cache/prospectus/pdf").exists()
    run = kit.run()
    assert ("Skipped the brochure PDFs, as --no-pdf asked: the programme pages do not link to them."
            in run.out.splitlines())
    assert not list((kit.root / "output").rglob("*.pdf"))
    assert "brochure" not in kit.page("programmes/test/")


def test_check_finds_a_mistake_in_the_brochure_template(kit: SiteKit) -> None:
    template = kit.root / "templates/brochure.html"
    template.write_text(template.read_text().replace("{{ programme.summary }}", "{{ programme.sumary }}", 1))
    run = kit.run("check", pdf=True)
    assert run.code == 1
    assert run.lines[0].startswith("templates/brochure.html:22: template error: ")


def pango_libraries() -> list[str]:
    found = sorted({str(p.resolve()) for pattern in ("/usr/lib/libpango-1.0.so*", "/usr/lib64/libpango-1.0.so*",
                                                    "/usr/lib/*-linux-gnu/libpango-1.0.so*")
                    for p in Path("/").glob(pattern.lstrip("/"))})
    assert found, "Pango is not installed: run scripts/test, which installs it"
    return found


def test_without_pango_everything_else_is_built_and_nothing_links_to_a_pdf(kit: SiteKit) -> None:
    """Hide the Pango library from a real build (a private mount namespace) and read what it says."""
    if not shutil.which("unshare"):
        pytest.fail("this check needs unshare (util-linux) to hide Pango from a build", pytrace=False)
    hide = " && ".join(f"mount --bind /dev/null {library}" for library in pango_libraries())
    build = f"{sys.executable} {PROJECT / 'build.py'} --root {kit.root} --today 2026-11-26"
    mapping = [] if os.geteuid() == 0 else ["--map-root-user"]
    run = subprocess.run(["unshare", *mapping, "--mount", "sh", "-c", f"{hide} && exec {build}"],
                         capture_output=True, text=True)
    if "unshare failed" in run.stderr or "mount:" in run.stderr:
        pytest.fail(f"this check could not hide Pango: {run.stderr}", pytrace=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Built 10 pages into output/ as of 2026-11-26 (25 files written, 0 unchanged, "
                                 "0 removed).\nNext change by itself: none")
    assert run.stderr == (
        "Skipped the brochure PDFs: WeasyPrint could not load the Pango library it needs (cannot load library "
        "'libpango-1.0-0'); install it with: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 (see README.md). "
        "Everything else was built, and the programme pages do not link to a brochure.\n")
    assert not list((kit.root / "output").rglob("*.pdf"))
    assert "brochure" not in kit.page("programmes/test/")
    before = {p: p.read_bytes() for p in (kit.root / "output").rglob("*") if p.is_file()}
    strict = subprocess.run(["unshare", *mapping, "--mount", "sh", "-c", f"{hide} && exec {build} --strict"],
                            capture_output=True, text=True)
    assert strict.returncode == 1, "a deploy never publishes without its brochures"
    assert strict.stderr.splitlines()[0] == (
        "templates/brochure.html:1: the brochure PDFs cannot be made here: WeasyPrint could not load the Pango "
        "library it needs (cannot load library 'libpango-1.0-0'); install it with: sudo apt-get install "
        "libpango-1.0-0 libpangoft2-1.0-0; a deploy (--strict) must not publish without them: "
        "install Pango, or build with --no-pdf")
    assert {p: p.read_bytes() for p in (kit.root / "output").rglob("*") if p.is_file()} == before
    assert made(kit) == MADE, "with Pango back, the same project makes its PDF"


def test_awkward_text_still_makes_a_brochure_and_any_warning_says_where(kit: SiteKit) -> None:
    awkward = ("A control character \x1f, a very long word " + "x" * 300 + ", an emoji 🎓, Arabic مرحبا, "
               "and a table:\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n")
    kit.write({"content/programmes/test/programme.md": (kit.root / "content/programmes/test/programme.md")
               .read_text().replace("About the programme.", awkward)})
    run = kit.run(pdf=True)
    assert run.code == 0, run.err
    assert all(line.startswith("content/programmes/test/programme.md:1: warning: the brochure: ")
               for line in run.err.splitlines()), run.err
    pdf = Pdf(kit.root / "output" / BROCHURE)
    assert pdf.info()["Tagged"] == "yes"
    assert "an emoji" in pdf.text and "Arabic" in pdf.text


def test_making_brochures_leaves_no_page_layout_behind(kit: SiteKit) -> None:
    # A build turns Python's cycle collector off (cli.run_build), and WeasyPrint leaves each PDF's layout in
    # reference cycles (about 10 MB a brochure: 1,000 brochures held 9 GB): they are collected as PDFs are made
    import gc

    from weasyprint.formatting_structure.boxes import Box

    def boxes() -> int:
        gc.unfreeze()  # a build leaves what it made frozen, which gc.get_objects() would not show
        return sum(isinstance(thing, Box) for thing in gc.get_objects())
    before = boxes()  # left by tests before this one, if any
    assert made(kit) == MADE
    assert gc.isenabled()  # on again after the build, as before it
    assert boxes() == before


def test_pdfs_made_across_processes_are_those_one_process_makes(kit: SiteKit, monkeypatch: pytest.MonkeyPatch) -> None:
    from prospectus import sharing

    from .sitekit import FIXTURE
    shutil.rmtree(kit.root / "content")
    shutil.copytree(FIXTURE, kit.root / "content")
    monkeypatch.setattr(sharing, "MIN_PER_JOB", 1)  # a helper for even a few brochures
    shared = kit.run("--jobs", "2", pdf=True)
    assert shared.code == 0, shared.err
    pdfs = {name: data for name, data in kit.output_files().items() if name.endswith("-brochure.pdf")}
    assert len(pdfs) == 3 and "Brochure PDFs: 3 made, 0 reused" in shared.out
    shutil.rmtree(kit.root / ".cache")
    shutil.rmtree(kit.root / "output")
    alone = kit.run("--jobs", "1", pdf=True)
    assert (alone.code, alone.out, alone.err) == (shared.code, shared.out, shared.err)
    assert {name: data for name, data in kit.output_files().items() if name.endswith("-brochure.pdf")} == pdfs
