"""Search in a real browser: pagefind's index, built with the site, answers a query typed on the search page
under /brochures/, a result leads to its page, nothing is asked of another website, and without JavaScript
the page says what to do instead."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from .conftest import BuiltSite


def test_typing_a_query_and_following_a_result(sites: dict[str, BuiltSite], browser: object) -> None:
    site = sites["example"]
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site.url + "search/")
    page.get_by_label("Search for").fill("trust")
    page.get_by_label("Search for").press("Enter")
    result = page.get_by_role("link", name="Module 2: Building trust and sharing power")
    result.wait_for(timeout=10_000)
    assert page.inner_text("#search-status").endswith("for ‘trust’.")
    assert page.url == site.url + "search/?q=trust"
    result.click()
    module = "programmes/building-collaborative-leadership/modules/building-trust-and-sharing-power/"
    page.wait_for_url(site.url + module)
    assert page.inner_text("h1") == "Module 2: Building trust and sharing power"
    context.close()
    assert sorted({u for u in requested if urlsplit(u).hostname != "127.0.0.1"}) == []
    assert any("/brochures/pagefind/" in u for u in requested), "the index is loaded from under the base path"


def test_people_are_found_by_name_and_lead_to_their_entry(sites: dict[str, BuiltSite], browser: object) -> None:
    site = sites["fixture"]
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.url + "search/?q=Okafor")
    link = page.get_by_role("link", name="Ben Okafor")
    link.wait_for(timeout=10_000)
    link.click()
    page.wait_for_url(site.url + "people/#ben-okafor")
    context.close()


def test_without_javascript_the_search_page_says_what_to_do(sites: dict[str, BuiltSite], browser: object) -> None:
    site = sites["example"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "search/?q=trust")
    status = page.inner_text("#search-status")
    assert status.startswith("Search works in your browser with JavaScript, which is off or has not loaded.")
    page.get_by_role("link", name="the list of all programmes").click()
    page.wait_for_url(site.url)
    context.close()


def test_what_is_indexed(sites: dict[str, BuiltSite]) -> None:
    entry = json.loads((sites["example"].output / "pagefind/pagefind-entry.json").read_text())
    assert entry["version"] == "1.5.2"
    assert entry["languages"]["en-gb"]["page_count"] == 6, "the programme, its four modules and the people page"
    assert not list((sites["example"].output / "pagefind").glob("pagefind-ui*")), "only what the site uses"
