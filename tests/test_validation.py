"""Every mistake an editor can make gets one exact, located message and exit status 1."""
from __future__ import annotations

import pytest

from .sitekit import SiteKit, problems

P = "content/programmes/test/"
MODULE = """\
---
title: First module
days: 2
topics:
  - A topic
---
About the first module.
"""
VENUE = """\
---
name: Cavendish Square
---
"""


def cohorts(text: str) -> dict[str, str]:
    return {P + "cohorts.yaml": text, P + "modules/01-first.md": MODULE,
            "content/venues/cavendish-square.md": VENUE}


def check(kit: SiteKit, files: dict[str, str | bytes | None]) -> list[str]:
    run = kit.write(files).run("check")
    assert run.code == 1, run.out
    return problems(run)


def test_wrong_types_unknown_keys_and_bad_choices(kit: SiteKit) -> None:
    found = check(kit, cohorts("""
        - id: spring
          label: Spring
          status: opne
          apply_by: 10/03/2027
          venu: online
          capacity: sixteen
    """))
    assert found == [
        "content/programmes/test/cohorts.yaml:3: cohort 'spring', 'status': 'opne' is not one of the choices; "
        "did you mean 'open'?",
        "content/programmes/test/cohorts.yaml:4: cohort 'spring', 'apply_by': expected a date like 2027-03-10, or a "
        "date and time like 2027-03-10 12:00, got '10/03/2027'; write dates as year-month-day and times as 9:30 or "
        "14:00",
        "content/programmes/test/cohorts.yaml:5: cohort 'spring', unknown field 'venu'; did you mean 'venue'?",
        "content/programmes/test/cohorts.yaml:6: cohort 'spring', 'capacity': expected a whole number like 16, got "
        "'sixteen'; write digits only, with no words or commas",
    ]


def test_every_problem_in_every_file_is_reported_in_one_run(kit: SiteKit) -> None:
    run = kit.write({
        **cohorts("- id: spring\n  label: Spring\n  status: open\n  capacity: lots\n"),
        "content/people/jane-doe.md": "---\nname: Jane Doe\n---\n",
    }).run("check")
    assert problems(run) == [
        "content/people/jane-doe.md:2: the required field 'job_title' is missing; add a line like  job_title: "
        "Assistant Director of Leadership",
        "content/programmes/test/cohorts.yaml:4: cohort 'spring', 'capacity': expected a whole number like 16, got "
        "'lots'; write digits only, with no words or commas",
    ]
    assert run.lines[-1] == "Found 2 problems in 2 files."


def test_sessions_are_checked_for_dates_modules_and_venues(kit: SiteKit) -> None:
    found = check(kit, cohorts("""
        - id: spring
          label: Spring
          status: open
          sessions:
            - module: 5
              start: 2027-03-10 9:30
              end: 2027-03-09 17:00
            - module: 1
              start: 2027-03-10
            - module: 1
              start: 2027-03-10 9:30
              end: 2027-03-11
            - module: 1
              venue: cavendish
            - module: 1
              skip: true
              start: 2027-03-10
    """))
    assert found == [
        "content/programmes/test/cohorts.yaml:5: cohort 'spring', session 1: there is no module 5 in this programme "
        "(its modules are 1); use the number at the start of the module's file name",
        "content/programmes/test/cohorts.yaml:7: cohort 'spring', session 1: it ends (2027-03-09 17:00) before it "
        "starts (2027-03-10 09:30); check the dates: 'end' must be after 'start'",
        "content/programmes/test/cohorts.yaml:8: cohort 'spring', session 2: 'end' is missing; give both 'start' and "
        "'end', or neither if the dates are not known yet",
        "content/programmes/test/cohorts.yaml:12: cohort 'spring', session 3: 'start' and 'end' must both have times, "
        "or neither; write both like 2027-03-10 9:30, or both as dates like 2027-03-10",
        "content/programmes/test/cohorts.yaml:14: cohort 'spring', session 4: there is no venue 'cavendish' in "
        "content/venues; did you mean 'cavendish-square'?",
        "content/programmes/test/cohorts.yaml:15: cohort 'spring', session 5: a skipped module has no dates; remove "
        "'start' and 'end', or remove 'skip: true'",
    ]


def test_deadline_must_come_before_the_first_session(kit: SiteKit) -> None:
    found = check(kit, cohorts("""
        - id: spring
          label: Spring
          status: open
          apply_by: 2027-03-10
          sessions:
            - module: 1
              start: 2027-03-10 9:30
              end: 2027-03-11 17:00
    """))
    assert found == [
        "content/programmes/test/cohorts.yaml:4: cohort 'spring': the application deadline (2027-03-10) is not before "
        "the first session (2027-03-10 09:30); move 'apply_by' to before the programme starts",
    ]


def test_duplicate_cohort_ids(kit: SiteKit) -> None:
    found = check(kit, cohorts("""
        - id: spring
          label: Spring
          status: open
        - id: spring
          label: Spring again
          status: full
    """))
    assert found == ["content/programmes/test/cohorts.yaml:4: cohort 'spring': the id is used twice (first on line 1); "
                     "give each cohort its own id"]


def test_unknown_venue_and_person(kit: SiteKit) -> None:
    found = check(kit, {
        **cohorts("- id: spring\n  label: Spring\n  status: open\n  venue: cavendish-sq\n"),
        P + "programme.md": kit.root.joinpath(P + "programme.md").read_text().replace(
            "apply:", "team:\n  - person: jane-doh\n    role: Director\napply:"),
        "content/people/jane-doe.md": "---\nname: Jane Doe\njob_title: Director\n---\nJane.\n",
    })
    assert found == [
        "content/programmes/test/cohorts.yaml:4: cohort 'spring': there is no venue 'cavendish-sq' in content/venues; "
        "did you mean 'cavendish-square'?",
        "content/programmes/test/programme.md:12: 'team', item 1: there is no person 'jane-doh' in content/people; "
        "did you mean 'jane-doe'?",
    ]


def test_missing_required_fields_suggest_a_line_to_add(kit: SiteKit) -> None:
    found = check(kit, {P + "modules/01-first.md": "---\ntitle: First\n---\n"})
    assert found == [
        "content/programmes/test/modules/01-first.md:2: the required field 'days' is missing; add a line like  "
        "days: 1.5",
        "content/programmes/test/modules/01-first.md:2: the required field 'topics' is missing; add a line like  "
        "topics: (a list)",
    ]


def test_a_misspelt_required_field_is_reported_once(kit: SiteKit) -> None:
    text = kit.root.joinpath(P + "programme.md").read_text().replace("title:", "titel:")
    assert check(kit, {P + "programme.md": text}) == [
        "content/programmes/test/programme.md:2: unknown field 'titel'; did you mean 'title'?"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("format", "face to face", "'format': 'face to face' is not one of the choices; use one of: 'blended', "
                               "'in person', 'online'"),
    ("max_participants", "16 people", "'max_participants': expected a whole number like 16, got '16 people'; write "
                                      "digits only, with no words or commas"),
    ("max_participants", "0", "'max_participants': 0 is out of range; use a number from 1 to 10,000"),
    ("duration_months", "nine", "'duration_months': expected a whole number like 16, got 'nine'; write digits only, "
                                "with no words or commas"),
    ("benefits", "Better leadership", "'benefits': expected a list, with each item on its own line starting with "
                                      "'- ', got 'Better leadership'; write each item on its own line, indented, "
                                      "starting with '- '"),
    ("summary", "", "'summary': expected some text, got nothing; write the text after the colon, in quotes if it "
                    "contains a colon"),
])
def test_programme_field_types(kit: SiteKit, field: str, value: str, message: str) -> None:
    path = kit.root / P / "programme.md"
    lines = [line for line in path.read_text().splitlines() if not line.startswith(f"{field}:")]
    lines.insert(1, f"{field}: {value}")
    assert check(kit, {P + "programme.md": "\n".join(lines) + "\n"}) == [f"{P}programme.md:2: {message}"]


@pytest.mark.parametrize(("fee", "message"), [
    ("amount: £1,000\n  vat: plus VAT", "3: 'fee', 'amount': expected an amount like 9950 or 9950.50, or 'contact us' "
                                        "or 'funded', got '£1,000'; write the amount in digits without the £ sign or "
                                        "commas"),
    ("amount: 1000", "3: 'fee', a fee with an amount needs 'vat'; add a line like  vat: plus VAT  (or 'including "
                     "VAT', or 'no VAT')"),
    ("amount: contact us\n  vat: plus VAT", "4: 'fee', 'vat' only applies to a fee with an amount; remove the 'vat' "
                                            "line, or give the amount"),
    ("amount: 1000\n  vat: plus tax", "4: 'fee', 'vat': 'plus tax' is not one of the choices; did you mean "
                                      "'plus VAT'?"),
    ("amount: 99.999\n  vat: plus VAT", "3: 'fee', 'amount': expected an amount like 9950 or 9950.50, or 'contact "
                                        "us' or 'funded', got '99.999'; write the amount in digits without the £ "
                                        "sign or commas"),
])
def test_fee_rules(kit: SiteKit, fee: str, message: str) -> None:
    text = f"---\nfee:\n  {fee}\n" + kit.root.joinpath(P + "programme.md").read_text().split("---\n", 1)[1]
    text = text.replace("fee:\n  amount: 1000\n  vat: plus VAT\n", "", 1) if text.count("fee:") > 1 else text
    assert check(kit, {P + "programme.md": text}) == [f"{P}programme.md:{message}"]


def test_days_are_whole_or_half(kit: SiteKit) -> None:
    assert check(kit, {P + "modules/01-first.md": MODULE.replace("days: 2", "days: 1.25")}) == [
        f"{P}modules/01-first.md:3: 'days': expected a number of days like 2 or 1.5, got '1.25'; write the number of "
        "days using digits, in whole or half days (0.5, 1, 1.5, 2 …)"]


def test_headings_in_text_start_at_level_two(kit: SiteKit) -> None:
    assert check(kit, {P + "modules/01-first.md": MODULE + "\n# A second title\n\nText\n===\n"}) == [
        f"{P}modules/01-first.md:9: a heading in the text uses a single '#', which makes it a second page title; "
        "start headings in the text with '## '",
        f"{P}modules/01-first.md:11: a heading in the text uses a single '#', which makes it a second page title; "
        "start headings in the text with '## '",
    ]


def test_brand_colours_must_keep_white_text_readable(kit: SiteKit) -> None:
    site = kit.root.joinpath("content/site.yaml").read_text() + "colours:\n  brand: '#ffcc00'\n  accent: #123456\n"
    assert check(kit, {"content/site.yaml": site}) == [
        "content/site.yaml:7: 'colours', 'accent': expected a colour like '#0b5563' (a # and six hex digits, in "
        "quotes), got nothing; YAML treats # as the start of a comment, so put the colour in quotes"]
    site = site.replace("#123456", "'#123456'")
    assert check(kit, {"content/site.yaml": site}) == [
        "content/site.yaml:5: 'colours', 'brand': '#ffcc00' is too light: white text on it has a contrast of 1.5:1, "
        "and WCAG AA needs at least 4.5:1; choose a darker shade of the colour"]


def test_files_that_would_be_ignored_are_errors(kit: SiteKit) -> None:
    found = check(kit, {"content/notes.txt": "hi", "content/people/Jane Doe.md": "---\nname: J\n---\n",
                        P + "modules/one.md": MODULE, P + "draft.md": "---\ntitle: x\n---\n"})
    assert found == [
        "content/notes.txt:1: Prospectus does not use this file; content/ holds site.yaml and the folders people, "
        "venues, pages, images and programmes; move it or delete it",
        "content/people/Jane Doe.md:1: the name 'Jane Doe.md' cannot be used in a web address; rename it to "
        "'jane-doe.md' (lower-case letters, digits and hyphens)",
        "content/programmes/test/draft.md:1: Prospectus does not use this file; a programme folder holds "
        "programme.md, eligibility.md, cohorts.yaml, a modules folder and a materials folder; move it or delete it",
        "content/programmes/test/modules/one.md:1: the name 'one.md' cannot be used in a web address; rename it to "
        "'01-one.md' (lower-case letters, digits and hyphens)",
    ]


def test_two_pages_on_one_address(kit: SiteKit) -> None:
    assert check(kit, {"content/pages/people.md": "---\ntitle: People\n---\n"}) == [
        "content/pages/people.md:1: this page would be written to /people/, where a built-in page already goes; "
        "rename one of the files so that each page has its own address"]


def test_missing_images_and_alt_text(kit: SiteKit) -> None:
    found = check(kit, {"content/people/jane-doe.md": "---\nname: Jane Doe\njob_title: Director\n"
                                                      "photo: images/jane.jpg\n---\nJane.\n",
                        "content/images/jane-doe.jpg": b"\xff\xd8\xff"})
    assert found == [
        "content/people/jane-doe.md:4: 'photo' is set but 'photo_alt' is missing; add a line like  photo_alt: Jane "
        "Doe  (what the photo shows)",
        "content/people/jane-doe.md:4: 'photo': the image 'images/jane.jpg' does not exist; put the file at "
        "content/images/jane.jpg; did you mean 'jane-doe.jpg'?",
    ]


def test_the_accessibility_statement_is_required(kit: SiteKit) -> None:
    assert check(kit, {"content/pages/accessibility.md": None}) == [
        "content/pages/accessibility.md:1: the accessibility statement is missing; every page links to it: create "
        "content/pages/accessibility.md (see docs/editing.md)"]


def test_warnings_pass_unless_strict(kit: SiteKit) -> None:
    kit.write({"content/people/jane-doe.md": "---\nname: Jane Doe\njob_title: Director\n---\n"})
    run = kit.run("check")
    assert run.code == 0
    assert run.err == ("content/people/jane-doe.md:1: warning: Jane Doe has no biography; write a few sentences "
                       "about them below the second '---' line\n")
    strict = kit.run("check", "--strict")
    assert strict.code == 1
    assert problems(strict) == ["content/people/jane-doe.md:1: Jane Doe has no biography; write a few sentences "
                                "about them below the second '---' line"]
    built = kit.run()  # the last line says so too: the warning may have scrolled out of sight
    assert built.code == 0 and built.out.splitlines()[0].endswith(
        "removed), with 1 warning above (publishing stops at warnings).")
    again = kit.run()
    assert again.out.splitlines()[0] == ("Nothing has changed since the last build: output/ is up to date (10 pages "
                                         "as of 2026-11-26), with 1 warning above (publishing stops at warnings).")


@pytest.mark.parametrize(("file", "text", "message"), [
    ("content/site.yaml", "title: T\norganisation: O\ncontact:\n  email: hello at example.org\n",
     "content/site.yaml:4: 'contact', 'email': expected an email address like leadership@example.org, got 'hello at "
     "example.org'; write just the address, with no 'mailto:' and no spaces"),
    ("content/site.yaml", "title: T\norganisation: O\norganisation_url: www.example.org\ncontact:\n  email: a@b.org\n",
     "content/site.yaml:3: 'organisation_url': expected a web address starting with https://, got 'www.example.org'; "
     "copy the full address from the browser's address bar"),
    ("content/site.yaml", "title: T\norganisation: O\ncontact:\n  email: a@b.org\nnavigation:\n  - title: X\n"
                          "    link: about\n",
     "content/site.yaml:7: 'navigation', item 1, 'link': expected a web address starting with https:// or a page on "
     "this site starting with /, got 'about'; write a full address like https://example.org/page, or a site page "
     "like /about/"),
    ("content/site.yaml", "title: T\norganisation: O\ncontact:\n  email: a@b.org\ntimezone: London\n",
     "content/site.yaml:5: 'timezone': 'London' is not a time zone; use a name like Europe/London"),
    (P + "cohorts.yaml", "- id: Spring 2027\n  label: S\n  status: open\n",
     f"{P}cohorts.yaml:1: cohort 'Spring 2027': the id 'Spring 2027' cannot be used in a web address; use lower-case "
     "letters, digits and hyphens, like spring-2027"),
    (P + "cohorts.yaml", f"- id: {'a' * 61}\n  label: S\n  status: open\n",
     f"{P}cohorts.yaml:1: cohort '{'a' * 61}': the id is 61 characters long, too long for a file name; keep it to "
     "60 characters or fewer, like spring-2027"),
    (P + "cohorts.yaml", "- id: s\n  label: S\n  status: open\n  sessions:\n    - module: 1\n      skip: yes please\n",
     f"{P}cohorts.yaml:6: cohort 's', session 1, 'skip': expected true or false, got 'yes please'; write true or "
     "false"),
    (P + "cohorts.yaml", "id: s\nlabel: S\n", f"{P}cohorts.yaml:1: cohorts.yaml must be a list of cohorts, each "
                                             "starting with '- id:'; see the example in docs/editing.md"),
    (P + "cohorts.yaml", "- id: s\n  label: S\n  status: open\n  apply_by: 2027-02-30\n",
     f"{P}cohorts.yaml:4: cohort 's', 'apply_by': expected a date like 2027-03-10, or a date and time like 2027-03-10 "
     "12:00, got '2027-02-30'; February 2027 has 28 days: check the day and the month"),
    (P + "cohorts.yaml", "- id: s\n  label: S\n  status: open\n  apply_by: 2028-02-30 9:30\n",
     f"{P}cohorts.yaml:4: cohort 's', 'apply_by': expected a date like 2027-03-10, or a date and time like 2027-03-10 "
     "12:00, got '2028-02-30 9:30'; February 2028 has 29 days: check the day and the month"),
    (P + "cohorts.yaml", "- id: s\n  label: S\n  status: open\n  apply_by: 0000-02-10\n",
     f"{P}cohorts.yaml:4: cohort 's', 'apply_by': expected a date like 2027-03-10, or a date and time like 2027-03-10 "
     "12:00, got '0000-02-10'; there is no year 0: write the year in four digits, like 2027"),
    (P + "cohorts.yaml", "- id: s\n  label: S\n  status: open\n  apply_by: 2027-02-300\n",  # not day 30 of it
     f"{P}cohorts.yaml:4: cohort 's', 'apply_by': expected a date like 2027-03-10, or a date and time like 2027-03-10 "
     "12:00, got '2027-02-300'; write dates as year-month-day and times as 9:30 or 14:00"),
    (P + "cohorts.yaml", "- id: s\n  label: S\n  status: open\n  apply_by: 2027-15-03\n",
     f"{P}cohorts.yaml:4: cohort 's', 'apply_by': expected a date like 2027-03-10, or a date and time like 2027-03-10 "
     "12:00, got '2027-15-03'; there is no month 15: write the year, then the month (1 to 12), then the day"),
    (P + "cohorts.yaml", "- id: s\n  label: S\n  status: open\n  apply_by: 2027-02-03 25:00\n",
     f"{P}cohorts.yaml:4: cohort 's', 'apply_by': expected a date like 2027-03-10, or a date and time like 2027-03-10 "
     "12:00, got '2027-02-03 25:00'; write dates as year-month-day and times as 9:30 or 14:00"),
])
def test_more_field_types(kit: SiteKit, file: str, text: str, message: str) -> None:
    assert check(kit, {file: text, P + "modules/01-first.md": MODULE}) == [message]


def test_dates_and_times_in_the_forms_editors_write(kit: SiteKit) -> None:
    kit.write(cohorts("""
        - id: s
          label: S
          status: open
          apply_by: 2027-02-01 5pm
          sessions:
            - module: 1
              start: 2027-03-10T09:30
              end: 2027-03-11 1:30pm
    """))
    run = kit.run()
    assert run.code == 0, run.err
    page = kit.page("programmes/test/dates-and-fees/")
    assert "5pm on Monday 1 February 2027" in page
    assert "9:30am start, 1:30pm finish" in page


def test_problems_in_the_site_settings_and_the_content_come_together(kit: SiteKit) -> None:
    found = check(kit, {"content/site.yaml": "title: T\norganisation: O\ncontact:\n  email: nowhere\n",
                        "content/pages/about.md": "---\ntitel: About\n---\n"})
    assert found == [
        "content/pages/about.md:2: unknown field 'titel'; did you mean 'title'?",
        "content/site.yaml:4: 'contact', 'email': expected an email address like leadership@example.org, got "
        "'nowhere'; write just the address, with no 'mailto:' and no spaces",
    ]
