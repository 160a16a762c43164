"""The editor's guide documents every field the loader accepts, each in backticks with an example row."""
from __future__ import annotations

import re

import pytest

from prospectus.schema import ALL_SCHEMAS, field_names

from .sitekit import PROJECT

GUIDE = (PROJECT / "docs/editing.md").read_text(encoding="utf-8")
EVERY = sorted({name for schema in ALL_SCHEMAS.values() for name in field_names(schema)})


@pytest.mark.parametrize("name", EVERY)
def test_every_field_has_a_row_in_the_reference(name: str) -> None:
    row = rf"^\| `([a-z_]+\.)*{re.escape(name)}` \|"
    assert re.search(row, GUIDE, re.M), f"docs/editing.md has no row for `{name}`"


@pytest.mark.parametrize("name", ["draft", "publish", "expires", "updated"])
def test_publication_fields_have_examples(name: str) -> None:
    assert re.search(rf"^{name}: \S", GUIDE, re.M) or re.search(rf"^\s+{name}: \S", GUIDE, re.M)
