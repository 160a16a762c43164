"""The example site: every fact of the seed description is on it, key pages match their golden copies,
and two builds are byte-identical."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest


from .sitekit import PROJECT, build_copy, snapshot

TODAY = "2026-11-26"
GOLDEN = PROJECT / "tests" / "golden"
PROGRAMME = "programmes/building-collaborative-leadership/"
KEY_PAGES = ("", PROGRAMME, PROGRAMME + "structure/", PROGRAMME + "modules/defining-you-and-the-system/",
             PROGRAMME + "team/", PROGRAMME + "eligibility/", PROGRAMME + "dates-and-fees/", "people/", "404.html")


def build_example(root: Path, *extra: str) -> dict[str, bytes]:
    """Copy the project's content, templates and assets into `root` and build them."""
    return snapshot(build_copy(root, PROJECT / "content", *extra, today=TODAY))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return build_example(tmp_path_factory.mktemp("example"))


def text_of(page: bytes) -> str:
    """The words a reader sees on a page: tags removed, entities decoded, spaces collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def file_of(route: str) -> str:
    return route + "index.html" if route.endswith("/") or route == "" else route


TOPICS = {
    "defining-you-and-the-system": ("Module 1: Defining you and the system", "2 days", [
        "Explore the different organisational interests and perspectives in your system",
        "Define the leadership challenges", "Identify key collaborative leadership behaviours"]),
    "building-trust-and-sharing-power": ("Module 2: Building trust and sharing power", "1½ days", [
        "Developing a collaborative leadership mindset", "Enhancing your dialogue skills",
        "Working with ‘soft’ power", "Network theory and application"]),
    "creating-conditions-for-greater-collaboration": ("Module 3: Creating conditions for greater collaboration",
                                                      "1½ days", [
        "Understanding the neuroscience behind our behaviour", "Holding generative conversations",
        "Developing a shared purpose and commitment"]),
    "building-and-developing-collective-impact": ("Module 4: Building and developing collective impact", "1½ days", [
        "Building and developing collective responsibility", "Architects of complex decisions",
        "Designing your own model of collaborative leadership"]),
}

FACTS = {
    PROGRAMME: [
        "Building collaborative leadership across health and care organisations",
        "Nine months", "Up to 16 participants", "There is a maximum of 16 participants",
        "4 modules, 6½ days in total",
        "Telephone conversation with the programme director, 4 to 6 weeks before the programme starts",
        "chief executives and senior directors",
        "design your own collaborative strategy", "real issues", "protected space",
        "intense financial pressure", "sustainability and transformation plans (STPs)", "a vanguard",
        "accountable care organisation", "accountable care system", "formally competitive system",
        "staff at every level will need to work more collaboratively across organisational boundaries",
        "models and conceptual frameworks that support a more collaborative style of leadership",
        "tangible difference you will make as a collaborative leader in your local health and social care system",
        "overcoming the local challenges", "how different organisations see the same issues",
        "national network of NHS and social care leaders",
    ],
    PROGRAMME + "eligibility/": [
        "chief executives of NHS providers, chairs and chief operating officers of clinical commissioning groups, "
        "and experienced senior directors involved in planning and securing transformational change locally",
        "new care model, an accountable care system or a local sustainability and transformation plan (STP)",
    ],
    PROGRAMME + "team/": [
        "Dr Nicola Walsh", "Programme director",
        "Assistant Director of Leadership and Organisational Development, The King's Fund",
        "Senior staff from The King's Fund", "Guest leaders from the public and independent sectors",
        "share their own experience of securing change by working collaboratively",
    ],
    PROGRAMME + "structure/": [
        "Nine months: 4 modules, 6½ days in total.", "4 to 6 weeks before the programme starts",
        "identify your personal goals and ambitions", "design the content of the modules",
        *(f"{title} {days}" for title, days, _ in TOPICS.values()),
        *(topic for _, _, topics in TOPICS.values() for topic in topics),
    ],
}


@pytest.mark.parametrize("route", sorted(FACTS))
def test_every_fact_of_the_seed_description_is_on_the_site(example: dict[str, bytes], route: str) -> None:
    text = text_of(example[file_of(route)])
    missing = [fact for fact in FACTS[route] if fact not in text]
    assert missing == []


@pytest.mark.parametrize("slug", sorted(TOPICS))
def test_each_module_page_has_its_length_and_every_topic(example: dict[str, bytes], slug: str) -> None:
    title, days, topics = TOPICS[slug]
    text = text_of(example[f"{PROGRAMME}modules/{slug}/index.html"])
    assert f"{title} {days[:1].upper()}{days[1:]}" in text
    assert [t for t in topics if t not in text] == []


def test_both_illustrative_cohorts_show_their_status(example: dict[str, bytes]) -> None:
    text = text_of(example[PROGRAMME + "dates-and-fees/index.html"])
    assert "Spring 2027 Open for applications" in text
    assert "Apply by midday on Friday 15 January 2027" in text
    assert "Autumn 2027 Coming soon" in text
    assert "Starting in autumn 2027; dates to be confirmed" in text
    assert "Telephone conversation with the programme director: 27 January to 10 February 2027." in text
    assert "24 to 25 November 2027 (provisional)" in text


@pytest.mark.parametrize("route", KEY_PAGES)
def test_key_pages_match_their_golden_copies(example: dict[str, bytes], route: str, update_golden: bool) -> None:
    golden = GOLDEN / (file_of(route).replace("/", "__") or "index.html")
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(example[file_of(route)])
    assert golden.exists(), "run pytest --update-golden once, then review the files in tests/golden"
    assert example[file_of(route)].decode() == golden.read_text(encoding="utf-8")


def test_two_builds_of_the_example_are_byte_identical(example: dict[str, bytes], tmp_path: Path) -> None:
    assert build_example(tmp_path) == example
