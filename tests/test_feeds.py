"""sitemap.xml, robots.txt, the Atom feed, canonical addresses and link-preview tags."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from .sitekit import SiteKit

BASE = "https://example.github.io/brochures/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def output(fixture_output: Path) -> Path:
    return fixture_output


def sitemap(output: Path) -> dict[str, str | None]:
    root = ET.parse(output / "sitemap.xml").getroot()
    return {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.findall(f"{SM}url")}


def test_the_sitemap_lists_every_page_but_the_404_at_its_full_address(output: Path) -> None:
    pages = {BASE + p.relative_to(output).as_posix().removesuffix("index.html") for p in output.rglob("*.html")}
    assert set(sitemap(output)) == pages - {BASE + "404.html"}


def test_lastmod_comes_from_content_dates_never_the_build_date(output: Path) -> None:
    found = sitemap(output)
    # strategic-leadership is 'updated: 2026-11-02', but its January 2027 cohort began closing soon on
    # 2026-11-21 (14 days before its deadline): a change by itself, and the newest.
    assert found[BASE + "programmes/strategic-leadership/"] == "2026-11-21"
    assert found[BASE + "programmes/strategic-leadership/modules/leading-others/"] == "2026-11-21"
    assert found[BASE + "about/"] == "2026-10-01"
    assert found[BASE + "programmes/minimal/"] is None, "no date in the content: no lastmod"
    assert found[BASE + "accessibility/"] is None
    assert found[BASE] == "2026-11-21", "the catalogue: the newest of its programmes"
    assert "2026-11-26" not in (output / "sitemap.xml").read_text()


def test_robots_txt_gives_the_sitemap(output: Path) -> None:
    assert (output / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


def test_the_feed_has_the_cohorts_open_for_applications(output: Path) -> None:
    feed = ET.parse(output / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}id") == BASE
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == BASE + "feed.xml"
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.findall(f"{ATOM}entry")}
    assert sorted(entries) == ["Strategic leadership for system change: January 2027",
                               "Strategic leadership for system change: March 2027"]
    march = entries["Strategic leadership for system change: March 2027"]
    assert march.findtext(f"{ATOM}id") == BASE + "programmes/strategic-leadership/dates-and-fees/#cohort-open-2027"
    assert march.findtext(f"{ATOM}updated") == "2026-11-02T00:00:00Z"
    assert "Apply by midday on Wednesday 20 January 2027. 10 March to 12 May 2027. Fee: £6,500 plus VAT." in \
        march.findtext(f"{ATOM}summary")
    assert feed.findtext(f"{ATOM}updated") == "2026-11-21T00:00:00Z"
    january = entries["Strategic leadership for system change: January 2027"]
    assert january.findtext(f"{ATOM}updated") == "2026-11-21T00:00:00Z", "the day it began closing soon"


def test_every_page_has_a_canonical_address_sharing_tags_and_the_feed(output: Path) -> None:
    for path in output.rglob("*.html"):
        page = path.read_text()
        route = path.relative_to(output).as_posix().removesuffix("index.html")
        if route == "404.html":
            continue
        assert f'<link rel="canonical" href="{BASE}{route}">' in page, route
        assert f'<meta property="og:url" content="{BASE}{route}">' in page
        title = re.search(r"<title>(.*?)(?: \| Fixture programmes)?</title>", page).group(1)
        assert f'<meta property="og:title" content="{title}">' in page
        assert f'<meta name="twitter:title" content="{title}">' in page
        assert '<meta name="twitter:card" content="summary">' in page
        assert '<link rel="alternate" type="application/atom+xml" title="Fixture programmes: cohorts open for ' \
               'applications" href="/brochures/feed.xml">' in page


def test_without_a_base_url_there_is_no_sitemap_feed_or_canonical_address(kit: SiteKit) -> None:
    run = kit.run("--no-search")
    assert run.code == 0
    assert run.out.splitlines()[-1] == (
        "No base URL is set, so pages have no canonical address or sharing links, and there is no sitemap or "
        "feed: set base_url in content/site.yaml, or build with --base-url.")
    out = kit.root / "output"
    assert not (out / "sitemap.xml").exists() and not (out / "feed.xml").exists()
    assert (out / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    home = kit.page("")
    assert 'rel="canonical"' not in home and "og:url" not in home and "application/atom+xml" not in home
    assert '<meta property="og:title" content="Test programmes">' in home


def test_base_url_from_the_command_line_sets_the_base_path(kit: SiteKit) -> None:
    site = (kit.root / "content/site.yaml").read_text()
    kit.write({"content/site.yaml": site + "base_path: /brochures/\n"})
    assert kit.run("--no-search", "--base-url", "https://owner.github.io/repo").code == 0
    home = kit.page("")
    assert '<link rel="canonical" href="https://owner.github.io/repo/">' in home
    assert 'href="/repo/people/"' in home and "/brochures/" not in home
    assert kit.run("--no-search", "--base-url", "https://www.example.org").code == 0
    assert 'href="/people/"' in kit.page("")


@given(st.text(alphabet=st.sampled_from("a&<>\"'\n\r\t é"), max_size=30) | st.text(max_size=30))
@settings(max_examples=500, deadline=None)
def test_xml_escaping_is_what_the_standard_library_gives(text: str) -> None:
    from xml.sax import saxutils

    from prospectus import xmltext
    assert (xmltext.escape(text), xmltext.quoteattr(text)) == (saxutils.escape(text), saxutils.quoteattr(text))
