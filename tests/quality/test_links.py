"""Crawl each site as served under /brochures/: every internal link, fragment and asset works, and none
escapes the base path."""
from __future__ import annotations

import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from .conftest import BASE, BuiltSite


class _Links(HTMLParser):
    ATTRIBUTES = {"href", "src"}

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if name in self.ATTRIBUTES and value:
                self.links.append(value)
            if name == "srcset" and value:
                self.links.extend(part.split()[0] for part in value.split(","))


def fetch(url: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def crawl(site: BuiltSite) -> tuple[set[str], list[str]]:
    """Visit every page reachable from the home page; return the pages seen and every broken link."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site.url))
    queue, seen, broken = [site.url], set(), []
    ids: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, kind, body = fetch(url)
        if status != 200:
            continue
        if "html" not in kind:
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        ids[url] = parser.ids
        for link in parser.links:
            target = urljoin(url, link)
            parts = urlsplit(target)
            if parts.scheme in ("mailto", "tel") or (parts.scheme in ("http", "https") and
                                                      f"{parts.scheme}://{parts.netloc}" != origin):
                continue
            page = target.split("#")[0]
            if not parts.path.startswith(BASE):
                broken.append(f"{url}: '{link}' leaves the base path {BASE}")
                continue
            status, _, _ = fetch(page) if page not in seen else (200, "", b"")
            if status != 200:
                broken.append(f"{url}: '{link}' answers {status}")
                continue
            if parts.fragment:
                fragments.append((url, page, parts.fragment))
            if page not in seen and page.endswith((".html", "/")):
                queue.append(page)
    for url, page, fragment in fragments:
        if fragment not in ids.get(page, set()):
            broken.append(f"{url}: '#{fragment}' is not an id on {page}")
    return seen, broken


def test_no_broken_links_in_the_example_site(sites: dict[str, BuiltSite]) -> None:
    seen, broken = crawl(sites["example"])
    assert broken == []
    expected = {sites["example"].url + route for route in sites["example"].pages() if route != "404.html"}
    assert expected - seen == set(), "every page is reachable by following links"


def test_no_broken_links_in_the_fixture_site(sites: dict[str, BuiltSite]) -> None:
    seen, broken = crawl(sites["fixture"])
    assert broken == []
    expected = {sites["fixture"].url + route for route in sites["fixture"].pages() if route != "404.html"}
    assert expected - seen == set()


def test_unknown_addresses_get_the_404_page_at_any_depth(sites: dict[str, BuiltSite]) -> None:
    site = sites["example"]
    for path in ("nope", "programmes/nope/", "programmes/a/b/c/d"):
        status, _, body = fetch(site.url + path)
        assert status == 404
        assert b"<h1>Page not found</h1>" in body
        parser = _Links()
        parser.feed(body.decode())
        for link in parser.links:
            if link.startswith("/"):
                assert link.startswith(BASE)
                assert fetch(urljoin(site.url, link).split("#")[0])[0] == 200, link


def test_a_crawl_finds_a_broken_link(sites: dict[str, BuiltSite], tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The crawler itself is checked: break a link in a copy of a page and it must be reported."""
    page = sites["example"].output / "about" / "index.html"
    original = page.read_bytes()
    try:
        page.write_bytes(original.replace(b'href="/brochures/people/"', b'href="/brochures/peeple/"', 1))
        _, broken = crawl(sites["example"])
    finally:
        page.write_bytes(original)
    assert any("'/brochures/peeple/' answers 404" in b for b in broken)
