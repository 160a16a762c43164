"""`{run} new …`: starting files for editors, each valid as it is and commented with what to change."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from .discover import MODULE_FILE, SLUG, suggested_slug
from .frozen import frozen

KINDS = ("programme", "module", "cohort", "person", "venue", "page")

PROGRAMME = """\
---
# A new programme. Replace each example value; docs/editing.md explains every field.
# Text containing a colon followed by a space must be in quotes.
title: {title}
summary: One or two sentences that say what the programme is and who it helps.
audience: Who it is for, in a line
duration: Six months
duration_months: 6          # or duration_weeks: 12
format: in person           # in person, online or blended
# time_commitment: Four modules, six days in all
# max_participants: 16
benefits:
  - What participants will be able to do afterwards
fee:
  amount: contact us        # a number like 9950 (then add  vat: plus VAT), 'contact us' or 'funded'
apply:
  email: {email}            # and/or  url: https://example.org/apply
# team:
#   - person: file-name-in-content-people
#     role: Programme director
# components:
#   - title: Telephone conversation with the programme director
#     weeks_before_start: [4, 6]
---
Write the overview here in Markdown. Start headings with ## (the page title is the only single-# heading).
"""

MODULE = """\
---
# Module {number}. The number comes from the start of the file name.
title: {title}
days: 1                     # whole or half days: 1, 1.5, 2
topics:
  - The first topic
  - The second topic
# summary: One sentence for the timeline.
---
Describe the module here.
"""

COHORT = """
# A new cohort. Change the id (it is used in web addresses and calendars) and the label, then set its status
# and, when you know them, its deadline, venue and dates. docs/editing.md explains every field.
- id: {ident}
  label: New cohort
  status: register interest   # open, full, waiting list, closed, register interest, postponed, cancelled
  dates_note: Dates to be confirmed
  # apply_by: 2027-01-15 12:00
  # venue: to be confirmed      # a file name in content/venues, online, or to be confirmed
  # sessions:
  #   - module: 1
  #     start: 2027-03-10 9:30
  #     end: 2027-03-11 17:00
"""

PERSON = """\
---
# A person, who can be on the team of any programme (refer to them as: person: {slug}).
name: {title}
job_title: Their job title
# honorific: Dr
# post_nominals: OBE
# organisation: Where they work, if not the site's organisation
# photo: images/people/{slug}.jpg
# photo_alt: {title}
---
A few sentences about them, written in the third person.
"""

VENUE = """\
---
# A venue, which cohorts and sessions refer to as: venue: {slug}
name: {title}
address:
  - First line of the address
  - Town
postcode: AB1 2CD
# map_link: https://www.openstreetmap.org/...
---
Access information: step-free access, hearing loops, parking, the nearest station.
"""

PAGE = """\
---
title: {title}
summary: One sentence about this page, for search results and link previews.
---
Write the page here in Markdown. Start headings with ##.
"""


@frozen
class Created:
    """A starting file written by 'build.py new', and what to edit next."""

    path: Path
    next_steps: str
    added: bool = False  # added to an existing file rather than a new one


class ScaffoldError(Exception):
    """Something the editor asked for cannot be made; the message says why and what to do."""


EXAMPLE_NAMES = {"programme": "leadership-for-change", "person": "jane-smith", "venue": "town-hall", "page": "news"}


def _slug(name: str | None, kind: str, run: str) -> str:
    if not name:
        raise ScaffoldError(f"say what the new {kind} is called, like: {run} new {kind} {EXAMPLE_NAMES[kind]}")
    slug = suggested_slug(name)
    if not SLUG.fullmatch(slug):
        raise ScaffoldError(f"'{name}' cannot be used in a web address: use letters, digits and hyphens")
    return slug


def _title(slug: str, kind: str = "") -> str:
    words = slug.replace("-", " ")
    return words.title() if kind in ("person", "venue") else words.capitalize()


def _write(path: Path, text: str, root: Path) -> Path:
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} already exists; choose another name")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _site_email(content: Path) -> str:
    match = re.search(r"^\s+email:\s*([^\s#]+@[^\s#]+)", (content / "site.yaml").read_text(encoding="utf-8")
                      if (content / "site.yaml").is_file() else "", re.MULTILINE)
    return match.group(1).strip("'\"") if match else "leadership@example.org"


def create(kind: str, name: str | None, root: Path, run: str = "python build.py") -> Created:
    """Write the starting file for a new programme, module, cohort, person, venue or page.

    `run` is how the editor runs Prospectus, for the instructions printed afterwards.
    """
    content = root / "content"
    if kind == "programme":
        slug = _slug(name, kind, run)
        path = _write(content / "programmes" / slug / "programme.md",
                      PROGRAMME.format(title=_title(slug), email=_site_email(content)), root)
        return Created(path, f"Open {path.relative_to(root)} and replace the example values. Then add modules "
                             f"with: {run} new module {slug}, and cohorts with: {run} new cohort {slug}")
    if kind in ("module", "cohort"):
        folder = _programme_folder(name, kind, content, run)
        return _new_module(folder, root) if kind == "module" else _new_cohort(folder, root)
    slug = _slug(name, kind, run)
    folder, template = {"person": ("people", PERSON), "venue": ("venues", VENUE), "page": ("pages", PAGE)}[kind]
    path = _write(content / folder / f"{slug}.md", template.format(slug=slug, title=_title(slug, kind)), root)
    refer = {"person": f"add them to a programme's team with  person: {slug}",
             "venue": f"use it in cohorts.yaml with  venue: {slug}",
             "page": f"it will be at /{slug}/; link to it from site.yaml's navigation with  link: /{slug}/"}[kind]
    return Created(path, f"Open {path.relative_to(root)} and replace the example values; {refer}")


def _programme_folder(name: str | None, kind: str, content: Path, run: str) -> Path:
    existing = sorted(p.name for p in (content / "programmes").iterdir() if p.is_dir()) \
        if (content / "programmes").is_dir() else []
    if not existing:
        raise ScaffoldError(f"there is no programme yet for the {kind} to belong to; make one first, like: {run} new "
                            "programme leadership-for-change")
    given = Path(name.strip()) if name else None  # as the shell completes it: 'folder/', content/programmes/folder
    folder = given.name if given and given.parent in (Path("."), Path("content/programmes")) else name
    if folder in existing:
        return content / "programmes" / folder
    listed = ", ".join(existing)
    if not name:
        raise ScaffoldError(f"say which programme the {kind} belongs to, like: {run} new {kind} {existing[0]} "
                            f"(programmes: {listed})")
    close = difflib.get_close_matches(folder, existing, n=1, cutoff=0.6)
    raise ScaffoldError(f"there is no programme folder '{name}' in content/programmes; give one of their names, "
                        f"like: {run} new {kind} {(close or existing)[0]} (programmes: {listed})")


def _new_module(folder: Path, root: Path) -> Created:
    numbers = [int(m.group(1)) for p in (folder / "modules").glob("*.md") if (m := MODULE_FILE.fullmatch(p.name))]
    number = max(numbers, default=0) + 1
    path = _write(folder / "modules" / f"{number:02d}-module-{number}.md",
                  MODULE.format(number=number, title=f"Module {number} title"), root)
    return Created(path, f"Open {path.relative_to(root)}, set the title and topics, and rename the file to match "
                         f"the title (keep the {number:02d}- at the start)")


def _new_cohort(folder: Path, root: Path) -> Created:
    path = folder / "cohorts.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    ident, n = "new-cohort", 1
    while re.search(rf"^- id: {ident}\s*$", text, re.MULTILINE):
        n += 1
        ident = f"new-cohort-{n}"
    path.write_text(text.rstrip("\n") + ("\n" if text else "") + COHORT.format(ident=ident).lstrip("\n" if not
                                                                                                 text else ""),
                    encoding="utf-8")
    return Created(path, f"Open {path.relative_to(root)}: the new cohort '{ident}' is at the end", added=bool(text))
