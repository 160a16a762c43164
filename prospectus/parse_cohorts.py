"""cohorts.yaml: each intake of a programme with its status, deadline, venue, fee and dated sessions."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from .discover import SLUG
from .fields import INVALID, Reader, read_fields
from .model import TO_BE_CONFIRMED, Cohort, Fee, FeeKind, Session, Status, Vat
from .schema import COHORT_FIELDS
from .sources import SourceDoc
from .yamlnodes import Mapping, Node, Sequence, line_of


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


def parse_cohorts(doc: SourceDoc, r: Reader) -> tuple[Cohort, ...]:
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
        cohort = _cohort(node, number, r)
        if cohort is None:
            continue
        if cohort.id in seen:
            r.fail(cohort.line, f"cohort '{cohort.id}': the id is used twice (first on line {seen[cohort.id]})",
                   "give each cohort its own id")
            continue
        seen[cohort.id] = cohort.line
        cohorts.append(cohort)
    return tuple(cohorts)


def _cohort(node: Node, number: int, r: Reader) -> Cohort | None:
    ident = node.get("id") if isinstance(node, Mapping) else None
    name = f"cohort '{ident.text}'" if ident is not None and hasattr(ident, "text") else f"cohort {number}"
    values = read_fields(node, COHORT_FIELDS, r, f"{name}, ")
    if values is INVALID:
        return None
    assert isinstance(node, Mapping)
    ok = True
    if not SLUG.fullmatch(values["id"]):
        r.fail(node.line_of("id"), f"{name}: the id '{values['id']}' cannot be used in a web address",
               "use lower-case letters, digits and hyphens, like spring-2027")
        ok = False
    fee = None
    if values["fee"] is not None:
        fee = read_fee(values["fee"], node.get("fee"), r, f"{name}, 'fee', ")
        ok = ok and fee is not None
    sessions = tuple(_session(v, n, name, i, r)
                     for i, (v, n) in enumerate(zip(values["sessions"], node.get("sessions") or (), strict=True), 1))
    if not ok or None in sessions:
        return None
    cohort = Cohort(id=values["id"], label=values["label"], status=Status(values["status"]),
                    apply_by=values["apply_by"], capacity=values["capacity"],
                    venue=values["venue"] or TO_BE_CONFIRMED, fee=fee, sessions=sessions,  # type: ignore[arg-type]
                    dates_note=values["dates_note"] or "", note=values["note"] or "", line=node.line)
    return cohort if _deadline_ok(cohort, node, name, r) else None


def _session(values: dict[str, Any], node: Node, cohort: str, index: int, r: Reader) -> Session | None:
    problem = _session_dates_problem(values, node, f"{cohort}, session {index}")
    if problem:
        r.fail(*problem)
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
