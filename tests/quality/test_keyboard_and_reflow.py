"""Keyboard: the skip link comes first and works, every link and button is reached, focus is always visible
and never hidden. Reflow: at 320px wide no page scrolls sideways."""
from __future__ import annotations

import pytest

from .conftest import BuiltSite

PROGRAMME = "programmes/building-collaborative-leadership/"

MARK_FOCUSABLE = """() => {
  const all = [...document.querySelectorAll('a[href], button, summary, input, select, textarea, [tabindex]')]
    .filter(el => el.tabIndex >= 0 && el.getClientRects().length > 0);
  all.forEach((el, i) => el.dataset.stop = String(i));
  return all.length;
}"""

FOCUS_STATE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {stop: el.dataset.stop ?? null, tag: el.tagName, text: el.textContent.trim().slice(0, 40),
          cls: el.className, outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          shadow: style.boxShadow !== 'none',
          inView: r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight + 1};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_tabbing_through_a_programme_overview(sites: dict[str, BuiltSite], browser: object, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(sites["example"].url + PROGRAMME)
    count = page.evaluate(MARK_FOCUSABLE)
    assert count > 20

    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_STATE)
    assert (first["cls"], first["text"], first["inView"]) == ("skip-link", "Skip to main content", True)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    assert page.evaluate("() => location.hash") == "#main"

    page.goto(sites["example"].url + PROGRAMME)
    page.evaluate(MARK_FOCUSABLE)
    reached, problems = [], []
    for _ in range(count + 1):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["stop"] is None:
            break
        reached.append(int(state["stop"]))
        if not (state["outline"] or state["shadow"]):
            problems.append(f"no visible focus on {state['tag']} '{state['text']}'")
        if not state["inView"]:
            problems.append(f"focus hidden or off screen on {state['tag']} '{state['text']}'")
    page.close()
    assert problems == []
    assert reached == list(range(count)), "every link and button is reached, in order"


@pytest.mark.parametrize("site_name", ["example", "fixture"])
def test_no_page_scrolls_sideways_at_320px(sites: dict[str, BuiltSite], browser: object, site_name: str) -> None:
    site = sites[site_name]
    page = browser.new_page(viewport={"width": 320, "height": 640})
    wide = {}
    for route in site.pages():
        page.goto(site.url + route)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            wide[route or "(home)"] = width
    page.close()
    assert wide == {}
