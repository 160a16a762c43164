"""axe-core in real Chromium finds no WCAG 2.2 A/AA violations on any page, at phone and desktop widths;
no page asks any other website for anything; a screenshot of every page is kept for people to look at."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import BuiltSite
from .tools import AXE_JS, SCREENSHOTS, require

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (390, 1280)


def violations(page: object) -> list[str]:
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("site_name", ["example", "fixture"])
def test_no_accessibility_violations_on_any_page(sites: dict[str, BuiltSite], browser: object, site_name: str,
                                                 width: int) -> None:
    site = sites[site_name]
    axe = require(AXE_JS, "axe-core (npm)")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    found = {}
    folder = SCREENSHOTS / site_name
    folder.mkdir(parents=True, exist_ok=True)
    for route in site.pages():
        page.goto(site.url + route, wait_until="load")
        page.add_script_tag(path=axe)
        problems = violations(page)
        if problems:
            found[route or "(home)"] = problems
        name = (route.strip("/").replace("/", "__") or "home").removesuffix(".html")
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    context.close()
    assert found == {}
    others = sorted({u for u in requested if urlsplit(u).hostname != "127.0.0.1"})
    assert others == [], "pages must not load anything from other websites"
