"""The editor's guide documents every field the loader accepts, and its examples are real."""
from __future__ import annotations

import re

import pytest

from prospectus.schema import ALL_SCHEMAS, field_names

from .sitekit import PROJECT

GUIDE = (PROJECT / "docs" / "editing.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"`([a-z_][a-z_.]*)`", GUIDE))


@pytest.mark.parametrize("file", sorted(ALL_SCHEMAS))
def test_every_field_is_documented(file: str) -> None:
    missing = [name for name in field_names(ALL_SCHEMAS[file])
               if name not in DOCUMENTED and name.rsplit(".", 1)[-1] not in DOCUMENTED]
    assert missing == [], f"document these fields of {file} in docs/editing.md, in `backticks`"


def test_yaml_examples_use_only_real_fields() -> None:
    fields = {part for schema in ALL_SCHEMAS.values() for name in field_names(schema) for part in name.split(".")}
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE, re.DOTALL)
    assert len(blocks) > 10
    keys = {key for block in blocks for key in re.findall(r"^\s*(?:-\s+)?([A-Za-z_]+):", block, re.MULTILINE)}
    assert keys - fields == set()


@pytest.mark.parametrize("name", sorted({n for schema in ALL_SCHEMAS.values() for n in field_names(schema)}))
def test_every_field_has_a_row_in_a_reference_table(name: str) -> None:
    row = rf"^\| `([a-z_]+\.)*{re.escape(name)}` \|"
    assert re.search(row, GUIDE, re.M), f"docs/editing.md has no row for `{name}`"


@pytest.mark.parametrize("name", ["draft", "publish", "expires", "updated"])
def test_publication_fields_have_examples(name: str) -> None:
    assert re.search(rf"^\s*{name}: \S", GUIDE, re.M)
