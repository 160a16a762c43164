"""The editor's guide documents every field the loader accepts, by its full name in backticks."""
from __future__ import annotations

from prospectus.schema import ALL_SCHEMAS, field_names

from .sitekit import PROJECT


def test_every_field_is_in_the_editors_guide() -> None:
    guide = (PROJECT / "docs/editing.md").read_text(encoding="utf-8")
    missing = sorted({name for schema in ALL_SCHEMAS.values() for name in field_names(schema)
                      if f"`{name}`" not in guide})
    assert missing == []
