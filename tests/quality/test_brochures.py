"""The brochure PDFs of the example and fixture sites, read back with pdftotext, pdfinfo and pypdf: every section
and fact, A4 pages with running headers and page numbers, title, language and tags, links printed as text, the
same bytes when made again from nothing. The first pages are rendered to PNG in .ci/artifacts/brochures/."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from prospectus.cli import main
from prospectus.housestyle import file_size

from ..pdftext import Pdf
from ..test_example_site import FACTS, TOPICS
from .conftest import BASE, SITES, BuiltSite
from .tools import PROJECT

ARTIFACTS = PROJECT / ".ci" / "artifacts" / "brochures"
EXAMPLE = "programmes/building-collaborative-leadership/"
EXAMPLE_PDF = EXAMPLE + "building-collaborative-leadership-brochure.pdf"
WEB_ADDRESS = "https://example.github.io/brochures/" + EXAMPLE

SECTIONS = ["Contents", "Overview", "What you will gain", "Programme structure", "Dates, venues and fees",
            "Programme team", "Who it is for", "What we look for", "What you commit to", "How to apply",
            "Contact us"]

COVER = [
    "The King's Fund", "PROGRAMME BROCHURE",
    "Building collaborative leadership across health and care organisations",
    "Protected time for chief executives and senior directors to develop the strategies, skills and behaviours",
    "Key facts",
    "Who it is for Chief executives, chairs and chief operating officers, and senior directors leading change across "
    "local health and care",
    "Duration Nine months 4 modules, 6½ days in total",
    "Format In person Six and a half days away from your organisation over nine months, plus a telephone conversation "
    "before the start",
    "Next dates March to November 2027 Spring 2027",
    "Venue The King's Fund, 11–13 Cavendish Square, London, W1G 0AN",
    "Fee £9,950 plus VAT", "Places Up to 16 participants", "Apply by Midday on Friday 15 January 2027",
    "Status Open for applications", "Correct as of 26 November 2026. The latest version is at",
]

DATES_AND_APPLYING = [
    "Fee £9,950 plus VAT The fee includes: • All four modules • The telephone conversation with the programme "
    "director before the programme starts",
    "Spring 2027: open for applications", "Dates March to November 2027",
    "Apply by midday on Friday 15 January 2027", "Places Up to 16 participants",
    "Telephone conversation with the programme director: 27 January to 10 February 2027.",
    "Module dates for Spring 2027",
    "Module 1: Defining you and the system 10 to 11 March 2027, 9:30am start, 5pm finish",
    "Module 2: Building trust and sharing power 12 to 13 May 2027, 9:30am start, 1pm finish",
    "Module 3: Creating conditions for greater collaboration 14 to 15 July 2027, 9:30am start, 1pm finish",
    "Module 4: Building and developing collective impact 24 to 25 November 2027 (provisional), 9:30am start, "
    "1pm finish",
    "Tell us about any access requirements when you apply",
    "Autumn 2027: coming soon", "Starting in autumn 2027; dates to be confirmed",
    "1. Email the programme team to ask for an application form.",
    "2. Return the completed form by the application deadline for your cohort.",
    "3. Four to six weeks before the programme starts, the programme director will speak to you by telephone",
    "Deadlines • Spring 2027: apply by midday on Friday 15 January 2027",
    "Email leadership@example.org",
    "Contact Leadership programmes team Email leadership@example.org Telephone 020 7946 0000 Online",
    "© The King's Fund. This is an example site: its cohort dates, venue, fees and contact details are "
    "illustrative. Information correct as of 26 November 2026.",
]

# Everything the programme's own pages say about the seed description, less one sentence the overview page
# words for the web ("Also part of the programme: …"); the brochure gives the same facts under a heading.
SEED_FACTS = [fact for route, facts in FACTS.items() for fact in facts
              if not fact.startswith("Telephone conversation with the programme director, ")]


def loose(text: str) -> str:
    """Text without spaces or hyphens: an address may wrap across lines, where pdftotext drops the hyphen."""
    return re.sub(r"[\s\-]+", "", text)


@pytest.fixture(scope="module")
def example_pdf(sites: dict[str, BuiltSite]) -> Pdf:
    return Pdf(sites["example"].output / EXAMPLE_PDF)


def test_the_brochure_has_every_section_and_fact_of_the_example_programme(example_pdf: Pdf) -> None:
    text = example_pdf.text
    topics = [f"{title} {days} " for title, days, _ in TOPICS.values()] + \
             [topic for _, _, topics in TOPICS.values() for topic in topics]
    missing = [fact for fact in [*SECTIONS, *COVER, *SEED_FACTS, *topics, *DATES_AND_APPLYING] if fact not in text]
    assert missing == []
    assert "Dr Nicola Walsh Programme director Assistant Director of Leadership and Organisational Development, " \
           "The King's Fund Nicola directs the Building collaborative leadership programme." in text


def test_the_cover_has_the_title_key_facts_and_the_date_it_is_correct_as_of(example_pdf: Pdf) -> None:
    cover = example_pdf.pages()[0]
    assert all(fact in cover for fact in COVER), cover
    assert loose(WEB_ADDRESS) in loose(cover)


def test_a4_pages_with_running_headers_and_page_numbers(example_pdf: Pdf) -> None:
    info = example_pdf.info()
    assert info["Page size"] == "595.276 x 841.89 pts (A4)"
    pages = example_pdf.pages()
    count = len(pages)
    assert 4 <= count <= 12
    assert int(info["Pages"]) == count
    for number, page in enumerate(pages, 1):
        assert page.endswith(f"Page {number} of {count}") and "The King's Fund" in page[-120:], page[-120:]
        if number > 1:  # the cover has no running header
            assert page.startswith("Building collaborative leadership Correct as of 26 November 2026 "), page[:80]
    assert "Correct as of 26 November 2026 " not in pages[0][:60]


def test_contents_give_the_page_of_each_section(example_pdf: Pdf) -> None:
    pages = example_pdf.pages()
    listed = dict(re.findall(r"([A-Z][a-z ,]+?) (?:\. )+(\d+)", pages[1]))
    assert list(listed) == ["Overview", "Programme structure", "Dates, venues and fees", "Programme team",
                            "Who it is for", "How to apply", "Contact us"]
    for title, number in listed.items():
        body = pages[int(number) - 1].split("Contents", 1)[-1] if title == "Overview" else pages[int(number) - 1]
        assert title in body, f"'{title}' is not on page {number}"


def test_title_language_tags_and_dates_are_set(example_pdf: Pdf) -> None:
    info = example_pdf.info()
    assert info["Title"] == "Building collaborative leadership across health and care organisations: " \
                            "programme brochure"
    assert info["Author"] == "The King's Fund"
    assert info["Tagged"] == "yes"
    root = example_pdf.reader().trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - pypdf's own boolean
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    metadata = example_pdf.reader().metadata
    assert (metadata["/CreationDate"], metadata["/ModDate"]) == ("D:20261126", "D:20261126"), "the build's date"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp, "identifies itself as PDF/UA-1"


def test_the_tags_give_headings_tables_and_pictures_with_their_descriptions(sites: dict[str, BuiltSite]) -> None:
    pdf = Pdf(sites["fixture"].output / "programmes/strategic-leadership/strategic-leadership-brochure.pdf")
    kinds, alts = pdf.structure()
    assert kinds.count("/H1") == 1 and kinds.index("/H1") < kinds.index("/H2")
    assert {"/H2", "/H3", "/Table", "/TH", "/TD", "/Caption", "/L", "/LI", "/Link"} <= set(kinds)
    assert alts == ["Fixture Health Trust", "Ada Jones, smiling, in a blue jacket"]


def test_links_are_printed_as_text_and_go_to_full_addresses(sites: dict[str, BuiltSite]) -> None:
    pdf = Pdf(sites["fixture"].output / "programmes/strategic-leadership/strategic-leadership-brochure.pdf")
    text = pdf.text
    assert "experience in system leadership (https://www.example.org/system-leadership)." in text
    for address in ("https://www.example.org/apply/strategic-leadership", "office@example.org", "ben@example.org",
                    "https://www.openstreetmap.org/#map=18/53.4808/-2.2426",
                    "https://example.github.io/brochures/programmes/strategic-leadership/"):
        assert loose(address) in loose(text), address
    targets = pdf.link_targets()
    assert "https://www.example.org/system-leadership" in targets
    assert "mailto:ben@example.org" in targets
    assert all(t.startswith(("https://", "mailto:")) for t in targets), targets
    assert not [t for t in targets if "prospectus.invalid" in t or t.startswith(BASE)]


def test_every_programme_links_to_its_brochure_with_its_size(sites: dict[str, BuiltSite]) -> None:
    for site in sites.values():
        for folder in sorted((site.output / "programmes").iterdir()):
            pdf = folder / f"{folder.name}-brochure.pdf"
            assert pdf.read_bytes().startswith(b"%PDF-1.7"), pdf
            link = (f'<a href="{BASE}programmes/{folder.name}/{pdf.name}">Download the brochure '
                    f'<span class="download__meta">(PDF, {file_size(pdf.stat().st_size)})</span></a>')
            for page in folder.rglob("index.html"):
                assert link in page.read_text(), page


def test_a_brochure_with_only_the_required_fields(sites: dict[str, BuiltSite]) -> None:
    text = Pdf(sites["fixture"].output / "programmes/minimal/minimal-brochure.pdf").text
    for fact in ("The modules of this programme will be announced soon.",
                 "Dates for the next cohort are to be announced.",
                 "The team for this programme will be announced soon."):
        assert fact in text


def test_made_again_from_nothing_the_pdfs_are_byte_identical(sites: dict[str, BuiltSite],
                                                             tmp_path: Path) -> None:
    for name in ("content", "templates", "assets"):
        shutil.copytree(SITES["fixture"] if name == "content" else PROJECT / name, tmp_path / name)
    assert main(["--root", str(tmp_path), "--today", "2026-11-26", "--base-path", BASE, "--strict"]) == 0
    again = sorted((tmp_path / "output").rglob("*-brochure.pdf"))
    assert len(again) == 3
    assert not (tmp_path / ".cache/prospectus/pdf").samefile(sites["fixture"].output.parent / ".cache/prospectus/pdf")
    for pdf in again:
        assert pdf.read_bytes() == (sites["fixture"].output / pdf.relative_to(tmp_path / "output")).read_bytes()


@pytest.mark.parametrize("site", ["example", "fixture"])
def test_the_first_pages_are_rendered_for_people_to_look_at(sites: dict[str, BuiltSite], site: str) -> None:
    for pdf in sorted(sites[site].output.rglob("*-brochure.pdf")):
        pngs = Pdf(pdf).png(ARTIFACTS / f"{site}-{pdf.stem}", 1, 3)
        assert len(pngs) == 3
        for png in pngs:
            with Image.open(png) as image:
                width, height = image.size
                assert abs(height / width - 297 / 210) < 0.01, "A4 portrait"
                darkest, _ = image.convert("L").getextrema()
                assert darkest < 64, f"{png} has text on it"
