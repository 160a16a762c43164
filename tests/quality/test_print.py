"""Pages printed to PDF by Chromium (Playwright's page.pdf, print styles) and read back with pdftotext: A4, no
navigation or buttons, link addresses after link text, apply and contact details as text, and modules, session
rows and team cards never split across pages."""
from __future__ import annotations

from pathlib import Path

from ..pdftext import Pdf
from .test_brochures import loose
from ..test_example_site import TOPICS
from .conftest import BuiltSite

PROGRAMME = "programmes/building-collaborative-leadership/"
NAVIGATION = ["Skip to main content", "Programmes People About Contact", "Overview Structure Team",
              "Who it is for and how to apply Dates and fees", "All programmes", "Accessibility statement"]


def printed(browser: object, url: str, path: Path) -> Pdf:
    """Print a page the way a browser's Print to PDF does, on A4."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        page.pdf(path=str(path), prefer_css_page_size=True)
    finally:
        context.close()
    return Pdf(path)


def test_a_programme_page_prints_its_facts_and_how_to_apply_without_navigation_or_buttons(
        sites: dict[str, BuiltSite], browser: object, tmp_path: Path) -> None:
    pdf = printed(browser, sites["example"].url + PROGRAMME, tmp_path / "programme.pdf")
    assert pdf.info()["Page size"].endswith("pts (A4)")
    text = pdf.text
    assert [words for words in NAVIGATION if words in text] == []
    assert "Apply for Spring 2027" not in text, "buttons do not work on paper"
    assert "Download the brochure" not in text
    for fact in ("Building collaborative leadership across health and care organisations", "Key facts",
                 "Duration Nine months 4 modules, 6½ days in total", "Next dates March to November 2027",
                 "Fee £9,950 plus VAT", "Places Up to 16 participants", "Apply by Midday on Friday 15 January 2027",
                 "What you will gain", "Module 4: Building and developing collective impact (1½ days)",
                 "How to apply Apply by email to leadership@example.org.",
                 "Questions Leadership programmes team, email leadership@example.org, telephone 020 7946 0000.",
                 "Information correct as of 26 November 2026."):
        assert fact in text, fact
    assert loose("The latest version is at https://example.github.io/brochures/" + PROGRAMME) in loose(text)
    assert "(https://www.kingsfund.org.uk/)" not in text, "the footer's links are not printed"


def test_link_addresses_follow_their_words_and_closed_details_are_printed(
        sites: dict[str, BuiltSite], browser: object, tmp_path: Path) -> None:
    site = sites["fixture"]
    team = printed(browser, site.url + "programmes/strategic-leadership/team/", tmp_path / "team.pdf").text
    assert "in system leadership (https://www.example.org/system-leadership)." in team
    dates = printed(browser, site.url + "programmes/strategic-leadership/dates-and-fees/", tmp_path / "d.pdf").text
    assert "Getting there and access at Example Conference Centre Step-free access from the street." in dates
    assert "Map of Example Conference Centre (https://www.openstreetmap.org/#map=18/53.4808/-2.2426)" in dates
    overview = printed(browser, site.url + "programmes/strategic-leadership/", tmp_path / "o.pdf").text
    assert ("How to apply Apply online at https://www.example.org/apply/strategic-leadership, or by email to "
            "office@example.org. Questions Ben Okafor, email ben@example.org, telephone 020 7946 0998.") in overview
    assert "strategic-leadership (https://www.example.org/apply/strategic-leadership)" not in overview, \
        "an address shown as the link's words is not printed twice"


def test_modules_session_rows_and_team_cards_are_not_split_across_pages(
        sites: dict[str, BuiltSite], browser: object, tmp_path: Path) -> None:
    pages = printed(browser, sites["example"].url + PROGRAMME + "structure/", tmp_path / "s.pdf").pages()
    assert len(pages) > 1, "the structure page is long enough to need a page break"
    for title, days, topics in TOPICS.values():
        holding = [page for page in pages if title in page]
        assert len(holding) >= 1 and all(topic in holding[0] for topic in topics), title
        assert f"{title} {days.capitalize()}" in holding[0]
    dates = printed(browser, sites["fixture"].url + "programmes/strategic-leadership/dates-and-fees/",
                    tmp_path / "d.pdf").pages()
    assert len(dates) > 1
    for row in (("Module 2: Leading", "others", "14 to 15 April 2027", "9:30am start, 1pm finish", "Riverside Rooms"),
                ("Module 3: Leading", "systems", "12 May 2027 (provisional)", "Afternoon finish for travel.")):
        assert any(all(cell in page for cell in row) for page in dates), row
    team = printed(browser, sites["fixture"].url + "programmes/strategic-leadership/team/", tmp_path / "t.pdf")
    assert any("Professor Ada Jones CBE Programme director Director of Leadership, Fixture Health Trust" in page
               for page in team.pages())


def test_every_kind_of_page_prints_on_a4_without_navigation(sites: dict[str, BuiltSite], browser: object,
                                                             tmp_path: Path) -> None:
    urls = [sites["example"].url + route for route in sites["example"].pages()]
    urls.append(sites["fixture"].url + "programmes/strategic-leadership/materials/")
    context = browser.new_context()
    tab = context.new_page()
    for number, url in enumerate(urls):
        tab.goto(url)
        tab.pdf(path=str(tmp_path / f"{number}.pdf"), prefer_css_page_size=True)
        pdf = Pdf(tmp_path / f"{number}.pdf")
        box = pdf.reader().pages[0].mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297), url
        text = pdf.text
        assert "Skip to main content" not in text and "All programmes People Accessibility statement" not in text, \
            url
        assert "Information correct as of 26 November 2026." in text, url
    context.close()
