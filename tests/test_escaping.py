"""A hostile title and a hostile address come out inert in every output: pages, attributes, JSON-LD, calendars,
the feed and the sitemap."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import icalendar

from .sitekit import SiteKit, problems

ATTACK = "</script><script>alert(1)</script>"
P = "content/programmes/test/"


class Markup(HTMLParser):
    """What a browser would treat as code or fetch: scripts, event handlers, image sources."""

    def __init__(self) -> None:
        super().__init__()
        self.handlers: list[str] = []
        self.scripts: list[tuple[str, str, str]] = []
        self.images: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "script":
            self._script = dict(attrs).get("type") or ""
            self.scripts.append((self._script, dict(attrs).get("src") or "", ""))
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            kind, source, body = self.scripts[-1]
            self.scripts[-1] = (kind, source, body + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def hostile_site(kit: SiteKit) -> SiteKit:
    programme = kit.root.joinpath(P + "programme.md").read_text()
    programme = programme.replace("title: A test programme", f'title: "{ATTACK} & \\"quotes\\""')
    programme = programme.replace("summary: A short summary of the test programme.",
                                  f"summary: \"Summary {ATTACK} <img src=x onerror=alert(2)>\"")
    site = kit.root.joinpath("content/site.yaml").read_text() + "base_url: https://example.org/site/\n"
    return kit.write({
        "content/site.yaml": site, P + "programme.md": programme,
        P + "modules/01-one.md": f'---\ntitle: "{ATTACK}"\ndays: 1\ntopics: ["{ATTACK}"]\n---\nText.\n',
        P + "cohorts.yaml": f'- id: spring\n  label: "{ATTACK}"\n  status: open\n  note: "{ATTACK}"\n'
                            "  sessions:\n    - module: 1\n      start: 2027-03-10 9:30\n      end: 2027-03-10 17:00\n",
        "content/people/jane.md": f'---\nname: "{ATTACK}"\njob_title: "{ATTACK}"\n---\nBio.\n',
    })


def test_hostile_values_are_inert_everywhere(kit: SiteKit) -> None:
    run = hostile_site(kit).run("--no-search")
    assert run.code == 0, run.err
    files = kit.output_files()
    for name, data in files.items():
        text = data.decode("utf-8", "replace")
        if name.endswith(".html"):
            markup = Markup()
            markup.feed(text)
            assert markup.handlers == [], name
            for kind, source, body in markup.scripts:  # our own script files, and structured data (escaped)
                assert (source.startswith("/") and not body) or (kind == "application/ld+json" and "<" not in body), \
                    name
            assert all(not src.startswith("x") for src in markup.images), name
            for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.DOTALL):
                data_ld = json.loads(block)
                assert ATTACK in json.dumps(data_ld, ensure_ascii=False), "the title survives as data"
        elif name.endswith((".xml", ".atom")):
            ET.fromstring(data)  # well-formed: the title is escaped, not markup
            assert "<script>" not in text
        elif name.endswith(".ics"):
            calendar = icalendar.Calendar.from_ical(data)
            summaries = [str(e.get("SUMMARY")) for e in calendar.walk("VEVENT")]
            assert summaries and all(ATTACK in s for s in summaries), "kept as plain text, which calendars show as text"
    assert any(name.endswith(".ics") for name in files)
    assert any(name.endswith((".xml", ".atom")) for name in files)


def test_hostile_addresses_are_refused_where_editors_give_addresses(kit: SiteKit) -> None:
    programme = kit.root.joinpath(P + "programme.md").read_text().replace(
        "apply:\n  email: apply@example.org", "apply:\n  url: javascript:alert(1)")
    site = kit.root.joinpath("content/site.yaml").read_text() + (
        "organisation_url: javascript:alert(1)\nnavigation:\n  - title: Evil\n    link: javascript:alert(1)\n")
    venue = "---\nname: V\nmap_link: 'data:text/html,<script>alert(1)</script>'\n---\n"
    run = kit.write({P + "programme.md": programme, "content/site.yaml": site,
                     "content/venues/v.md": venue}).run()
    assert problems(run) == [
        "content/programmes/test/programme.md:12: 'apply', 'url': expected a web address starting with https://, got "
        "'javascript:alert(1)'; copy the full address from the browser's address bar",
        "content/site.yaml:5: 'organisation_url': expected a web address starting with https://, got "
        "'javascript:alert(1)'; copy the full address from the browser's address bar",
        "content/site.yaml:8: 'navigation', item 1, 'link': expected a web address starting with https:// or a page "
        "on this site starting with /, got 'javascript:alert(1)'; write a full address like "
        "https://example.org/page, or a site page like /about/",
        "content/venues/v.md:3: 'map_link': expected a web address starting with https://, got "
        "'data:text/html,<script>alert(1)</script>'; copy the full address from the browser's address bar",
    ]
