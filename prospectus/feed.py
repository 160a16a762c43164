"""An Atom feed (RFC 4287) of the cohorts open for applications, for feed readers and newsletters.

Dates come from the content, never the clock: an entry is as new as its programme's `updated` date or the
last day its cohort changed by itself (published, closing soon …). Only when there is no such date is it
dated with the day the site is built for.
"""
from __future__ import annotations

from datetime import date

from . import housestyle, urls
from .memo import Memo
from .model import Cohort, Programme, Site
from .schedule import Change, Latest, latest_changes, newest
from .status import ACCEPTING, effective_status, upcoming_cohorts
from .urls import Urls
from .xmltext import escape, quoteattr


ATOM = "http://www.w3.org/2005/Atom"


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def entry_updated(programme: Programme, cohort: Cohort, today: date, latest: Latest) -> date:
    """Return the last day the cohort's entry changed: from the content, or the build's date if none says."""
    own = latest.cohorts.get(programme.slug, {})
    return newest(programme.updated if programme.updated and programme.updated <= today else None,
                  own.get(""), own.get(cohort.id)) or today


def _summary(programme: Programme, cohort: Cohort) -> str:
    parts = []
    if cohort.apply_by:
        parts.append(f"Apply by {housestyle.moment(cohort.apply_by)}.")
    if cohort.start and cohort.end:
        parts.append(f"{housestyle.day_range(cohort.start, cohort.end)}.")
    parts.append(f"Fee: {housestyle.fee(cohort.fee or programme.fee)}.")
    return " ".join([programme.summary, *parts])


def programme_entries(programme: Programme, today: date, u: Urls, latest: Latest) -> tuple[tuple[date, str], ...]:
    """Return the feed entries of a programme's cohorts whose applications are open on `today`."""
    entries = []
    for cohort in upcoming_cohorts(programme, today):
        if effective_status(cohort, today) not in ACCEPTING:
            continue
        address = u.absolute(urls.cohort(programme.slug, cohort.id))
        updated = entry_updated(programme, cohort, today, latest)
        entries.append((updated, "\n".join((
            "<entry>", f"<id>{escape(address)}</id>",
            f"<title>{escape(f'{programme.title}: {cohort.label}')}</title>",
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(address)}/>",
            f"<updated>{_stamp(updated)}</updated>",
            f"<summary>{escape(_summary(programme, cohort))}</summary>", "</entry>"))))
    return tuple(entries)


def feed(site: Site, today: date, u: Urls, history: tuple[Change, ...], memo: Memo | None = None) -> bytes:
    """Return the Atom feed of cohorts whose applications are open on `today`.

    With a memo (the preview), a programme that is the very object of the last build keeps its entries.
    """
    memo = memo or Memo()
    latest = latest_changes(history, today)
    entries: list[tuple[date, str]] = []
    for programme in site.programmes:
        key, inputs = "feed:" + programme.slug, (today, u, latest.cohorts.get(programme.slug))
        known = memo.views.get(key)
        if not (known and known[0][0] is programme and known[0][1] == inputs):
            known = memo.views[key] = ((programme, inputs), programme_entries(programme, today, u, latest))
        entries.extend(known[1])
    newest_day = max((d for d, _ in entries), default=None) or \
        max((c.day for c in history if c.day <= today), default=today)
    c = site.config
    head = ['<?xml version="1.0" encoding="utf-8"?>', f'<feed xmlns="{ATOM}" xml:lang="{c.language}">',
            f"<id>{escape(u.absolute(urls.HOME))}</id>",
            f"<title>{escape(f'{c.title}: cohorts open for applications')}</title>",
            f"<link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(u.absolute(urls.FEED))}/>",
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(u.absolute(urls.HOME))}/>",
            f"<updated>{_stamp(newest_day)}</updated>", f"<author><name>{escape(c.organisation)}</name></author>"]
    return ("\n".join([*head, *(text for _, text in entries), "</feed>"]) + "\n").encode("utf-8")
