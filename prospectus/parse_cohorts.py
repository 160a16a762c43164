"""cohorts.yaml: each intake of a programme with its status, deadline, venue, fee and dated sessions."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from .discover import SLUG
from .errors import did_you_mean
from .fields import INVALID, Reader, complete, read_fields
from .frozen import frozen
from .model import ONLINE, TO_BE_CONFIRMED, Cohort, Fee, FeeKind, Session, Status, Vat
from .publication import read_publication
from .schema import COHORT_FIELDS
from .sources import SourceDoc
from .yamlnodes import Mapping, Node, Scalar, Sequence, items_of, line_of


def read_fee(values: dict[str, Any], node: Node | None, r: Reader, where: str) -> Fee | None:
    """Build a Fee from its fields, checking that an amount comes with its VAT treatment."""
    amount = values["amount"]
    if isinstance(amount, str):
        kind = FeeKind(amount)
        if values["vat"]:
            r.fail(line_of(node, "vat"), f"{where}'vat' only applies to a fee with an amount",
                   "remove the 'vat' line, or give the amount")
            return None
        return Fee(kind, note=values["note"] or "", includes=values["includes"])
    if not values["vat"]:
        r.fail(line_of(node, "amount"), f"{where}a fee with an amount needs 'vat'",
               "add a line like  vat: plus VAT  (or 'including VAT', or 'no VAT')")
        return None
    return Fee(FeeKind.PAID, amount, values["currency"] or "GBP", Vat(values["vat"]),
               values["per"] or "participant", values["includes"], values["note"] or "")


def deadline_moment(moment: date | datetime, tz: Any) -> datetime:
    """Return a deadline as an aware datetime; a date alone means the end of that day."""
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, time(23, 59, 59), tz)


def session_start_moment(moment: date | datetime, tz: Any) -> datetime:
    """Return when a session starts, as an aware datetime (the start of the day for a date)."""
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, time(0, 0), tz)


@frozen
class Known:
    """What a programme's cohorts may refer to: its module numbers and the site's venues."""

    modules: frozenset[int]
    venues: frozenset[str]


def parse_cohorts(doc: SourceDoc, known: Known, r: Reader) -> tuple[Cohort, ...]:
    """Read every cohort in a cohorts.yaml file."""
    if doc.meta is None:
        return ()
    if not isinstance(doc.meta, Sequence):
        r.fail(doc.meta.line, "cohorts.yaml must be a list of cohorts, each starting with '- id:'",
               "see the example in docs/editing.md")
        return ()
    cohorts: list[Cohort] = []
    seen: dict[str, int] = {}
    for number, node in enumerate(doc.meta, 1):
        ident = _id_of(node)
        if ident in seen:
            r.fail(node.line, f"cohort '{ident}': the id is used twice (first on line {seen[ident]})",
                   "give each cohort its own id")
            continue
        if ident:
            seen[ident] = node.line
        cohort = _cohort(node, f"cohort '{ident}'" if ident else f"cohort {number}", known, r)
        if cohort is not None:
            cohorts.append(cohort)
    return tuple(cohorts)


def _id_of(node: Node) -> str:
    ident = node.get("id") if isinstance(node, Mapping) else None
    return ident.text.strip() if isinstance(ident, Scalar) else ""


MAX_ID = 60  # a cohort's id names its calendar file, and file systems allow 255 bytes a name


def _cohort(node: Node, name: str, known: Known, r: Reader) -> Cohort | None:
    values = read_fields(node, COHORT_FIELDS, r, f"{name}, ")
    if values is INVALID:
        return None
    assert isinstance(node, Mapping)
    ok = complete(values)
    if values["id"] is not INVALID and not SLUG.fullmatch(values["id"]):
        r.fail(node.line_of("id"), f"{name}: the id '{values['id']}' cannot be used in a web address",
               "use lower-case letters, digits and hyphens, like spring-2027")
        ok = False
    elif values["id"] is not INVALID and len(values["id"]) > MAX_ID:
        r.fail(node.line_of("id"), f"{name}: the id is {len(values['id'])} characters long, too long for a file "
               "name", f"keep it to {MAX_ID} characters or fewer, like spring-2027")
        ok = False
    fee = None
    if values["fee"] is not None and complete(values["fee"]):
        fee = read_fee(values["fee"], node.get("fee"), r, f"{name}, 'fee', ")
        ok = ok and fee is not None
    if values["venue"] not in (None, INVALID) and not _venue_ok(values["venue"], node.line_of("venue"), name, known, r):
        ok = False
    listed = values["sessions"] if values["sessions"] is not INVALID else ()
    sessions = tuple(_session(v, n, f"{name}, session {i}", known, r) if complete(v) else None
                     for i, (v, n) in enumerate(zip(listed, items_of(node.get("sessions")), strict=True), 1))
    publication = read_publication(values, node, r, f"{name}: ") if ok else None
    if publication is None or None in sessions:
        return None
    cohort = Cohort(id=values["id"], label=values["label"], status=Status(values["status"]),
                    apply_by=values["apply_by"], capacity=values["capacity"],
                    venue=values["venue"] or TO_BE_CONFIRMED, fee=fee, sessions=sessions,  # type: ignore[arg-type]
                    dates_note=values["dates_note"] or "", note=values["note"] or "", line=node.line,
                    publication=publication)
    return cohort if _deadline_ok(cohort, node, name, r) else None


def _venue_ok(venue: str, line: int, where: str, known: Known, r: Reader) -> bool:
    if venue in known.venues or venue in (ONLINE, TO_BE_CONFIRMED):
        return True
    choices = {*known.venues, ONLINE, TO_BE_CONFIRMED}
    r.fail(line, f"{where}: there is no venue '{venue}' in content/venues", did_you_mean(venue, choices))
    return False


def _session(values: dict[str, Any], node: Node, where: str, known: Known, r: Reader) -> Session | None:
    ok = True
    if values["module"] not in known.modules:
        if known.modules:
            listed = ", ".join(str(n) for n in sorted(known.modules))
            r.fail(line_of(node, "module"), f"{where}: there is no module {values['module']} in this programme "
                   f"(its modules are {listed})", "use the number at the start of the module's file name")
        else:
            r.fail(line_of(node, "module"), f"{where}: there is no module {values['module']}: this programme has "
                   "no modules yet", "add the module as modules/01-name.md in the programme's folder")
        ok = False
    problem = _session_dates_problem(values, node, where)
    if problem:
        r.fail(*problem)
        ok = False
    if values["venue"] and not _venue_ok(values["venue"], line_of(node, "venue"), where, known, r):
        ok = False
    if not ok:
        return None
    return Session(module=values["module"], start=values["start"], end=values["end"],
                   venue=values["venue"] or "", provisional=bool(values["provisional"]),
                   skipped=bool(values["skip"]), note=values["note"] or "", line=node.line)


def _session_dates_problem(values: dict[str, Any], node: Node, where: str) -> tuple[int, str, str] | None:
    start, end = values["start"], values["end"]
    if values["skip"]:
        if start or end:
            return (node.line, f"{where}: a skipped module has no dates",
                    "remove 'start' and 'end', or remove 'skip: true'")
        return None
    if (start is None) != (end is None):
        missing = "end" if end is None else "start"
        return (node.line, f"{where}: '{missing}' is missing",
                "give both 'start' and 'end', or neither if the dates are not known yet")
    if start is None:
        return None
    if isinstance(start, datetime) != isinstance(end, datetime):
        return (line_of(node, "end"), f"{where}: 'start' and 'end' must both have times, or neither",
                "write both like 2027-03-10 9:30, or both as dates like 2027-03-10")
    if end < start:
        return (line_of(node, "end"), f"{where}: it ends ({end_text(end)}) before it starts ({end_text(start)})",
                "check the dates: 'end' must be after 'start'")
    return None


def end_text(moment: date | datetime) -> str:
    """Write a moment back the way an editor writes it, for messages."""
    return moment.strftime("%Y-%m-%d %H:%M") if isinstance(moment, datetime) else moment.isoformat()


def _deadline_ok(cohort: Cohort, node: Mapping, name: str, r: Reader) -> bool:
    if cohort.apply_by is None or not cohort.dated_sessions:
        return True
    first = min(session_start_moment(s.start, r.tz) for s in cohort.dated_sessions)  # type: ignore[arg-type]
    deadline = deadline_moment(cohort.apply_by, r.tz)
    if deadline >= first:
        r.fail(node.line_of("apply_by"), f"{name}: the application deadline ({end_text(cohort.apply_by)}) is not "
               f"before the first session ({end_text(first)})", "move 'apply_by' to before the programme starts")
        return False
    return True
