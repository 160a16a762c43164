"""A programme folder: programme.md, its modules, eligibility.md and cohorts.yaml."""
from __future__ import annotations

from collections.abc import Mapping as MappingT
from typing import Any

from .fields import INVALID, Reader, complete, read_fields
from .frozen import frozen
from .markdown import MarkdownRenderer
from .model import Apply, Component, Contact, Cohort, Eligibility, Format, Module, Programme, TeamMember
from .parse_cohorts import read_fee
from .parse_materials import read_materials
from .parse_people import body_html
from .publication import read_publication
from .schema import ELIGIBILITY_FIELDS, MODULE_FIELDS, PROGRAMME_FIELDS
from .sources import SourceDoc
from .yamlnodes import Mapping, items_of, line_of


@frozen
class MaterialFiles:
    """The files in a programme's materials folder: each one's path inside it, and its size."""

    folder: str  # as messages show it, like 'content/programmes/x/materials/'
    files: tuple[tuple[str, int], ...]  # (path inside the folder, size), a tuple so that it can be kept

    @property
    def sizes(self) -> MappingT[str, int]:
        return dict(self.files)


def parse_module(doc: SourceDoc, number: int, slug: str, files: MaterialFiles, md: MarkdownRenderer,
                 r: Reader) -> Module | None:
    """Read one module from modules/NN-slug.md."""
    values = read_fields(doc.meta, MODULE_FIELDS, r)
    html = body_html(doc, md, r)
    materials = read_materials(values["materials"], _node(doc).get("materials"), files.sizes, files.folder, r) \
        if values is not INVALID else None
    if not complete(values) or materials is None:
        return None
    if not values["topics"]:
        r.fail(line_of(doc.meta, "topics"), "'topics' is empty", "list at least one topic, each on a line "
                                                                  "starting with '- '")
        return None
    return Module(number=number, slug=slug, title=values["title"], days=values["days"], topics=values["topics"],
                  summary=values["summary"] or "", description_html=html, source=doc.path, materials=materials)


def _node(doc: SourceDoc) -> Mapping:
    return doc.meta if isinstance(doc.meta, Mapping) else Mapping((), 1)


def parse_eligibility(doc: SourceDoc, md: MarkdownRenderer, r: Reader) -> Eligibility | None:
    """Read eligibility.md: who the programme is for (the text), criteria and commitments."""
    values = read_fields(doc.meta, ELIGIBILITY_FIELDS, r)
    html = body_html(doc, md, r)
    if not complete(values):
        return None
    return Eligibility(body_html=html, criteria=values["criteria"], commitments=values["commitments"],
                       not_for=values["not_for"], source=doc.path)


def parse_programme(doc: SourceDoc, slug: str, parts: dict[str, Any], md: MarkdownRenderer,
                    r: Reader) -> Programme | None:
    """Read programme.md and combine it with the programme's modules, eligibility, cohorts and materials."""
    values = read_fields(doc.meta, PROGRAMME_FIELDS, r)
    html = body_html(doc, md, r)
    if values is INVALID:
        return None
    node = _node(doc)
    files: MaterialFiles = parts["materials"]
    materials = read_materials(values["materials"], node.get("materials"), files.sizes, files.folder, r)
    fee = read_fee(values["fee"], node.get("fee"), r, "'fee', ") if complete(values["fee"]) else None
    apply = values["apply"]
    if complete(apply) and not (apply["url"] or apply["email"]):
        r.fail(node.line_of("apply"), "'apply' needs a 'url' or an 'email' (or both)",
               "add a line like  url: https://example.org/apply  under 'apply'")
    _check_duration(values, node, r)
    team_values = values["team"] if values["team"] is not INVALID else ()
    team = tuple(_team_member(m, n, i, r) if complete(m) else None
                 for i, (m, n) in enumerate(zip(team_values, items_of(node.get("team")), strict=True), 1))
    publication = read_publication(values, node, r) if complete(values) else None
    if fee is None or None in team or publication is None or materials is None or \
            any(p.is_error for p in r.problems):
        return None
    contact = values["contact"]
    return Programme(
        slug=slug, title=values["title"], short_title=values["short_title"] or values["title"],
        summary=values["summary"], overview_html=html, audience=values["audience"],
        duration=values["duration"], duration_months=values["duration_months"],
        duration_weeks=values["duration_weeks"], format=Format(values["format"]),
        time_commitment=values["time_commitment"] or "", max_participants=values["max_participants"],
        benefits=values["benefits"], fee=fee,
        apply=Apply(apply["url"] or "", apply["email"] or "", apply["steps"], apply["note"] or ""),
        contact=Contact(contact["name"] or "", contact["email"] or "", contact["phone"] or "") if contact else None,
        team=team,  # type: ignore[arg-type]
        components=tuple(Component(c["title"], c["description"] or "", c["weeks_before_start"])
                         for c in values["components"]),
        modules=parts["modules"], eligibility=parts["eligibility"] or Eligibility(),
        cohorts=parts["cohorts"], order=values["order"] if values["order"] is not None else 1000,
        source=doc.path, cohorts_source=parts["cohorts_source"], publication=publication,
        updated=values["updated"], materials=materials)


def _check_duration(values: dict[str, Any], node: Mapping, r: Reader) -> None:
    months, weeks = values["duration_months"], values["duration_weeks"]
    if INVALID in (months, weeks):
        return
    if months and weeks:
        r.fail(node.line_of("duration_weeks"), "give 'duration_months' or 'duration_weeks', not both",
               "keep the one that describes the programme best")
    elif not (months or weeks):
        r.fail(node.line_of("duration"), "the length of the programme is also needed as a number",
               "add a line like  duration_months: 9  (or  duration_weeks: 6)")


def _team_member(values: dict[str, Any], node: Any, index: int, r: Reader) -> TeamMember | None:
    if bool(values["person"]) == bool(values["group"]):
        r.fail(node.line, f"'team', item {index}: give either 'person' or 'group'",
               "use 'person: file-name' for someone in content/people, or 'group: words' for a group")
        return None
    return TeamMember(role=values["role"], person=values["person"] or "", group=values["group"] or "",
                      description=values["description"] or "", line=node.line)


def cohorts_all(programme: Programme) -> tuple[Cohort, ...]:
    """Return the programme's cohorts in date order, undated ones last."""
    return tuple(sorted(programme.cohorts, key=lambda c: (c.start is None, c.start or 0, c.id)))
