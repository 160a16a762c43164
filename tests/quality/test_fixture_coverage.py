"""The fixture site the quality checks run on fills in every field the loader accepts."""
from __future__ import annotations

from pathlib import Path

import yaml

from prospectus.schema import ALL_SCHEMAS, field_names

from .tools import PROJECT

FIXTURE = PROJECT / "tests/fixtures/full/content"


def keys_in(value: object, prefix: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            found.add(prefix + key)
            found |= keys_in(inner, prefix + key + ".")
    elif isinstance(value, list):
        for item in value:
            found |= keys_in(item, prefix)
    return found


def fields_of(path: Path) -> object:
    text = path.read_text()
    if path.suffix == ".md":
        text = text.split("---\n")[1]
    return yaml.safe_load(text)


def test_every_field_is_used_by_the_fixture() -> None:
    used: set[str] = set()
    for path in FIXTURE.rglob("*"):
        if path.suffix in (".md", ".yaml"):
            used |= {k.rsplit(".", 1)[-1] for k in keys_in(fields_of(path))}
    every = {name.rsplit(".", 1)[-1] for schema in ALL_SCHEMAS.values() for name in field_names(schema)}
    assert every - used == set()
