"""Calendar files: parsed back with icalendar, every session an event with a stable UID, the right time zone,
exclusive all-day ends and the right status; linked from the dates pages; the same bytes for the same day."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st
from icalendar import Calendar

from prospectus import icalfold

from .sitekit import FIXTURE, build_copy

LONDON = ZoneInfo("Europe/London")
PROGRAMME = "programmes/strategic-leadership/"


@pytest.fixture
def output(fixture_output: Path) -> Path:
    return fixture_output


def calendar(output: Path, route: str) -> Calendar:
    return Calendar.from_ical((output / route).read_bytes())


def events(cal: Calendar) -> dict[str, object]:
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_every_file_parses_and_has_what_rfc_5545_requires(output: Path) -> None:
    files = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.ics"))
    assert files == ["calendar.ics", *(f"{PROGRAMME}cohorts/{c}.ics" for c in (
        "cancelled-2027", "closed-2027", "closing-2027", "full-2027", "open-2027", "past-2026", "postponed-2027",
        "running-2026", "waiting-2027"))], "one per dated cohort; none for drafts or cohorts without dates"
    for name in files:
        raw = (output / name).read_bytes()
        assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
        cal = calendar(output, name)
        assert (str(cal["version"]), str(cal["prodid"]), str(cal["method"])) == (
            "2.0", "-//Prospectus//Programme calendar//EN", "PUBLISH")
        uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
        assert len(uids) == len(set(uids))
        for event in cal.walk("VEVENT"):
            assert event.decoded("dtstamp") == datetime(2026, 11, 26, tzinfo=ZoneInfo("UTC"))
            assert event.decoded("dtend") > event.decoded("dtstart")


def test_timed_sessions_are_in_london_time_with_a_vtimezone(output: Path) -> None:
    cal = calendar(output, f"{PROGRAMME}cohorts/open-2027.ics")
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    found = events(cal)
    assert sorted(found) == [f"strategic-leadership/open-2027/module-{n}@example.org" for n in (1, 2, 3)]
    second = found["strategic-leadership/open-2027/module-2@example.org"]
    assert second.decoded("dtstart") == datetime(2027, 4, 14, 9, 30, tzinfo=LONDON)
    assert second.decoded("dtend") == datetime(2027, 4, 15, 13, 0, tzinfo=LONDON)
    assert second["dtstart"].params["TZID"] == "Europe/London"
    assert str(second["summary"]) == "Strategic leadership: Module 2: Leading others"
    assert str(second["location"]) == "Riverside Rooms, 2 River Walk, Leeds, LS1 1AA"
    assert str(second["status"]) == "CONFIRMED"
    assert str(second["url"]) == ("https://example.github.io/brochures/programmes/strategic-leadership/"
                                  "dates-and-fees/#cohort-open-2027")
    assert "14 to 15 April 2027, 9:30am start, 1pm finish." in str(second["description"])
    third = found["strategic-leadership/open-2027/module-3@example.org"]
    assert str(third["status"]) == "TENTATIVE", "a provisional session"
    assert "These dates are provisional." in str(third["description"])


def test_all_day_sessions_end_the_day_after_their_last_day(output: Path) -> None:
    found = events(calendar(output, f"{PROGRAMME}cohorts/closing-2027.ics"))
    second = found["strategic-leadership/closing-2027/module-2@example.org"]
    assert (second.decoded("dtstart"), second.decoded("dtend")) == (date(2027, 2, 9), date(2027, 2, 11))
    assert "VALUE=DATE:20270209" in (output / f"{PROGRAMME}cohorts/closing-2027.ics").read_text()
    assert str(second["location"]) == "Online"
    assert "strategic-leadership/closing-2027/module-3@example.org" not in found, "a skipped module"


def test_cancelled_and_postponed_cohorts(output: Path) -> None:
    cancelled = events(calendar(output, f"{PROGRAMME}cohorts/cancelled-2027.ics"))
    assert [str(e["status"]) for e in cancelled.values()] == ["CANCELLED"]
    postponed = events(calendar(output, f"{PROGRAMME}cohorts/postponed-2027.ics"))
    assert [str(e["status"]) for e in postponed.values()] == ["TENTATIVE"]


def test_the_site_wide_calendar_has_every_session_of_cohorts_not_finished(output: Path) -> None:
    cal = calendar(output, "calendar.ics")
    cohorts = [str(e["uid"]).split("/")[1] for e in cal.walk("VEVENT")]
    assert sorted(set(cohorts)) == ["cancelled-2027", "closed-2027", "closing-2027", "full-2027", "open-2027",
                                    "postponed-2027", "running-2026", "waiting-2027"]
    assert cohorts.count("open-2027") == 3
    starts = [e.decoded("dtstart") for e in cal.walk("VEVENT")]
    as_datetimes = [s if isinstance(s, datetime) else datetime(s.year, s.month, s.day, tzinfo=LONDON) for s in starts]
    assert as_datetimes == sorted(as_datetimes)
    same = events(calendar(output, f"{PROGRAMME}cohorts/open-2027.ics"))
    assert all(uid in events(cal) for uid in same), "the same UIDs as the cohort's own file"


def test_the_dates_page_links_each_calendar(output: Path) -> None:
    page = (output / PROGRAMME / "dates-and-fees/index.html").read_text()
    links = re.findall(r'<a href="/brochures/(programmes/[^"]+\.ics)" type="text/calendar">([^<]+)</a>', page)
    assert ("programmes/strategic-leadership/cohorts/open-2027.ics", "Add the March 2027 dates to your calendar") \
        in links
    assert all((output / route).is_file() for route, _ in links)
    assert "Add the 2028 dates" not in page, "a cohort without dates has no calendar"


def test_uids_stay_when_the_site_moves_and_files_change_only_with_the_day(tmp_path: Path, output: Path) -> None:
    moved = build_copy(tmp_path / "moved", FIXTURE, "--no-search", "--base-url", "https://www.example.com/")
    assert set(events(calendar(moved, "calendar.ics"))) == set(events(calendar(output, "calendar.ics")))
    again = build_copy(tmp_path / "again", FIXTURE, "--no-search")
    assert (again / "calendar.ics").read_bytes() == (output / "calendar.ics").read_bytes()


@given(st.text(alphabet=st.sampled_from("ab \\^;,:\t\"'"), max_size=400)
       | st.text(alphabet=st.sampled_from("ab \\^é£–"), max_size=200) | st.text(max_size=300),
       st.integers(min_value=2, max_value=80))
@settings(max_examples=3000, deadline=None)
def test_quick_folding_gives_what_icalendar_gives(line: str, limit: int) -> None:
    from icalendar.parser.string import _foldline
    line = line.replace("\n", " ").replace("\r", " ")
    assert icalfold.folder(_foldline)(line, limit) == _foldline(line, limit)
    assert icalfold.folder(_foldline)(line) == _foldline(line)


def test_quick_folding_is_what_builds_use_with_the_pinned_icalendar() -> None:
    import icalendar
    from icalendar.parser import content_line

    from prospectus.calendars import _icalendar
    _icalendar()  # the first calendar made imports icalendar and installs the quick folding
    assert icalendar.__version__ == icalfold.CHECKED_WITH  # pyproject.toml pins it: check the folding again on a change
    assert getattr(content_line._foldline, "fast", False)
    event = icalendar.Event()
    event.add("description", "A \\ long, line; with escapes^ " * 20)
    assert icalendar.Event.from_ical(event.to_ical())["description"] == "A \\ long, line; with escapes^ " * 20


def test_events_are_written_as_event_add_would_write_them(output: Path) -> None:
    # calendars.session_event gives each property its type itself, quicker than Event.add: the same bytes
    import icalendar
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", (output / "calendar.ics").read_bytes(), re.S)
    assert len(blocks) > 5 and all(b"\r\nURL:" in b for b in blocks)
    assert any(b"VALUE=DATE:" in b for b in blocks) and any(b"TZID=Europe/London:" in b for b in blocks)
    for block in blocks:
        event = icalendar.Event.from_ical(block)
        again = icalendar.Event()
        for name in event:
            again.add(name, event.decoded(name) if name != "URL" else str(event[name]))
        assert again.to_ical() == block


MOMENTS = st.one_of(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)),
                    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2999, 12, 31),
                                 timezones=st.sampled_from([LONDON, ZoneInfo("UTC")])))


@given(st.lists(st.text(max_size=120), min_size=4, max_size=4), MOMENTS, MOMENTS, st.booleans())
@settings(max_examples=500, deadline=None)
def test_an_event_block_is_what_icalendar_writes(texts: list[str], start: date, end: date, linked: bool) -> None:
    # calendars.event_block writes an event's lines itself, quicker than making an icalendar Event and adding each
    # property (which types them: text, dates and times, the URL): the same bytes
    import icalendar

    from prospectus.calendars import _icalendar, _written_order, event_block
    _icalendar()  # as builds use it: the quick folding installed
    values: dict[str, object] = {"UID": texts[0], "DTSTAMP": datetime(2026, 1, 1, tzinfo=UTC), "DTSTART": start,
                                 "DTEND": end, "SUMMARY": texts[1], "DESCRIPTION": texts[2], "LOCATION": texts[3],
                                 "STATUS": "CONFIRMED"}
    if linked:
        values["URL"] = "https://example.org/programmes/" + quote(texts[1])
    event = icalendar.Event()
    for name, value in values.items():
        event.add(name, value)
    assert event_block(tuple((name, values[name]) for name in _written_order(tuple(values)))) == event.to_ical()


def test_the_same_moment_in_two_zones_is_written_in_each() -> None:
    # event_block writes each date or time once (they repeat from event to event): equal moments in different
    # zones, and a date and a time, are each still written as they are
    import icalendar

    from prospectus.calendars import event_block
    london, utc = datetime(2027, 1, 6, 9, 30, tzinfo=LONDON), datetime(2027, 1, 6, 9, 30, tzinfo=ZoneInfo("UTC"))
    assert london == utc
    written = [event_block((("DTSTART", moment),)) for moment in (london, utc, date(2027, 1, 6), london)]
    assert [block.split(b"\r\n")[1] for block in written] == [
        b"DTSTART;TZID=Europe/London:20270106T093000", b"DTSTART:20270106T093000Z", b"DTSTART;VALUE=DATE:20270106",
        b"DTSTART;TZID=Europe/London:20270106T093000"]
    # zones that are equal but named differently (fixed offsets) are each written by name, as icalendar does
    for name in ("CET", "BST", "CET"):
        moment = datetime(2027, 1, 6, 9, 30, tzinfo=timezone(timedelta(hours=1), name))
        event = icalendar.Event()
        event.add("DTSTART", moment)
        assert event_block((("DTSTART", moment),)) == event.to_ical()
        assert f"TZID={name}:".encode() in event.to_ical()


@given(st.text(min_size=1, max_size=200))
@settings(max_examples=300, deadline=None)
def test_a_calendar_head_is_what_icalendar_writes(name: str) -> None:
    # calendars.calendar_file makes the properties every calendar shares once: the same bytes as making all
    import icalendar

    from prospectus.calendars import END, PRODID, calendar_file
    whole = icalendar.Calendar()
    for key, value in (("prodid", PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"), ("method", "PUBLISH"),
                       ("x-wr-calname", " ".join(name.split())), ("x-wr-timezone", "Europe/London")):
        whole.add(key, value)
    zone = icalendar.Timezone.from_tzid("Europe/London", first_date=date(2026, 1, 1), last_date=date(2029, 1, 1))
    shared: dict[tuple[object, ...], bytes] = {}
    calendar_file("Another calendar first", [], None, "Europe/London", shared)
    assert calendar_file(name, [b"EVENTS"], (2027, 2027), "Europe/London", shared) == \
        whole.to_ical()[:-len(END)] + zone.to_ical() + b"EVENTS" + END


def test_a_calendar_named_over_two_lines_is_named_on_one() -> None:
    from prospectus.calendars import calendar_file
    made = calendar_file("Leadership\nprogramme:  Spring 2027", [], None, "Europe/London", {})
    assert Calendar.from_ical(made)["x-wr-calname"] == "Leadership programme: Spring 2027"
