"""Every address honours the base path, from site.yaml or --base-path."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from hypothesis import given, settings, strategies as st

from prospectus.options import normalise_base_path
from prospectus.urls import Urls

from .sitekit import SiteKit, problems


@pytest.mark.parametrize(("raw", "path"), [("/", "/"), ("", "/"), ("brochures", "/brochures/"),
                                           ("/brochures", "/brochures/"), ("/a/b/", "/a/b/"), ("/../x/", None),
                                           ("/a b/", None)])
def test_base_paths_are_normalised(raw: str, path: str | None) -> None:
    assert normalise_base_path(raw) == path


def internal_links(html: str) -> list[str]:
    return [u for u in re.findall(r'(?:href|src)="([^"]+)"', html)
            if not u.startswith(("http", "mailto:", "#"))]


def test_every_link_is_under_the_base_path(kit: SiteKit) -> None:
    assert kit.run("--base-path", "/brochures/").code == 0
    for name, data in kit.output_files().items():
        if name.endswith(".html"):
            links = internal_links(data.decode())
            assert links, name
            assert all(link.startswith("/brochures/") for link in links), (name, links)


def test_base_path_from_base_url_in_site_yaml(kit: SiteKit) -> None:
    site = kit.root.joinpath("content/site.yaml").read_text() + "base_url: https://example.github.io/courses\n"
    kit.write({"content/site.yaml": site}).run()
    assert 'href="/courses/assets/site.css"' in kit.page("")
    assert kit.run("--base-path", "/").code == 0
    assert 'href="/assets/site.css"' in kit.page("")


def test_markdown_links_to_site_pages_get_the_base_path(kit: SiteKit) -> None:
    kit.write({"content/pages/about.md": "---\ntitle: About\n---\nSee [the programme](/programmes/test/).\n"})
    assert kit.run("--base-path", "/b/").code == 0
    assert '<a href="/b/programmes/test/">the programme</a>' in kit.page("about/")


def test_the_404_page_uses_absolute_addresses(kit: SiteKit) -> None:
    kit.run("--base-path", "/brochures/")
    page = kit.page("404.html")
    assert 'href="/brochures/assets/site.css"' in page
    assert all(link.startswith("/brochures/") for link in internal_links(page))


def test_a_bad_base_path(kit: SiteKit) -> None:
    site = kit.root.joinpath("content/site.yaml").read_text() + "base_path: /my brochures/\n"
    run = kit.write({"content/site.yaml": site}).run()
    assert problems(run) == ["content/site.yaml:5: 'base_path': '/my brochures/' is not a folder path; use letters, "
                             "digits and hyphens between slashes, like /brochures/"]


@given(st.text())
@settings(max_examples=2000)
def test_a_route_is_quoted_as_urllib_quotes_it(route: str) -> None:
    # Urls.href gives back a route with nothing to quote as it is, without calling quote(): the same address
    assert Urls("/brochures/").href(route) == "/brochures/" + quote(route.lstrip("/"), safe="/#?=&%.-_~")


@pytest.mark.parametrize(("option", "said"), [
    (("--base-url", "owner.github.io/repo"), "argument --base-url: expected a web address starting with https://, "
                                             "like https://owner.github.io/repo/, got 'owner.github.io/repo'"),
    (("--base-url", "ftp://example.org/"), "argument --base-url: expected a web address starting with https://, "
                                           "like https://owner.github.io/repo/, got 'ftp://example.org/'"),
    (("--base-url", "https://owner.github.io/my_repo!/"),
     "argument --base-url: the path of 'https://owner.github.io/my_repo!/' is not a folder path: use letters, "
     "digits and hyphens between slashes, like https://owner.github.io/brochures/"),
    (("--base-path", "/my brochures/"), "argument --base-path: '/my brochures/' is not a folder path: use letters, "
                                        "digits and hyphens between slashes, like /brochures/"),
    (("--jobs", "0"), "argument --jobs: expected a number of processes of 1 or more, got '0'"),
    (("--today", "2027-02-30"), "argument --today: expected a date like 2027-03-10, got '2027-02-30'; February "
                                "2027 has 28 days: check the day and the month"),
])
def test_a_mistake_in_an_option_is_named_in_one_line_and_nothing_is_built(kit: SiteKit, option: tuple[str, str],
                                                                          said: str) -> None:
    # (given on the command line, it is the command line's mistake: not blamed on a line of site.yaml, nor taken
    # as it is to make links and a sitemap that do not work)
    from prospectus.cli import invocation, main
    kit.capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        main(["--root", str(kit.root), "--no-pdf", *option])
    assert stopped.value.code == 2
    assert kit.capsys.readouterr().err == f"python build.py: {said}\nSee the options with: {invocation()} --help\n"
    assert not (kit.root / "output").exists()
