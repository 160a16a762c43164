"""`@frozen` makes the dataclass `@dataclass(frozen=True)` makes: its repr, equality and hash are those of
dataclass's own, on tricky classes with random values and on every value a real build makes."""
from __future__ import annotations

import ast
import dataclasses
import shutil
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prospectus.frozen import frozen

from .sitekit import FIXTURE, PROJECT

PACKAGE = PROJECT / "prospectus"


def twin_of(cls: type) -> type:
    """Return a class with the same fields made by @dataclass(frozen=True) itself."""
    spec = [(f.name, f.type, dataclasses.field(default=f.default, default_factory=f.default_factory, init=f.init,
                                                repr=f.repr, hash=f.hash, compare=f.compare))
            for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__qualname__, spec, frozen=True)


def twin(value: Any, twins: dict[type, type]) -> Any:
    """Return the twin class's instance with the same fields as `value`."""
    kind = twins.setdefault(type(value), twin_of(type(value)))
    fields = dataclasses.fields(value)
    made = kind(**{f.name: getattr(value, f.name) for f in fields if f.init})
    for f in fields:
        object.__setattr__(made, f.name, getattr(value, f.name))  # (fields made in __post_init__ too)
    return made


def outcome(compute: Any) -> object:
    try:
        return compute()
    except TypeError as error:  # a value that cannot be hashed: both must say so
        return ("TypeError", str(error))


def assert_the_same(values: list[Any], twins: dict[type, type]) -> None:
    made = [twin(v, twins) for v in values]
    for value, other in zip(values, made, strict=True):
        assert repr(value) == repr(other)
        assert outcome(lambda value=value: hash(value)) == outcome(lambda other=other: hash(other))
        if all(f.init for f in dataclasses.fields(value)):
            assert value == dataclasses.replace(value)
        assert (value != 1) and (value == value)
    for i, (a, ta) in enumerate(zip(values, made, strict=True)):
        for b, tb in zip(values[i:i + 8], made[i:i + 8], strict=True):
            assert (a == b) == (ta == tb) and (a != b) == (ta != tb)


@frozen
class Nothing:
    """No fields at all."""


@frozen
class One:
    """One field."""

    value: Any


@frozen
class Several:
    """Fields shown, compared and hashed in every combination dataclass allows."""

    a: Any
    b: Any = 1
    hidden: Any = dataclasses.field(default=2, repr=False)
    ignored: Any = dataclasses.field(default=3, compare=False)
    unhashed: Any = dataclasses.field(default=4, hash=False)
    hashed_only: Any = dataclasses.field(default=5, compare=False, hash=True)
    listed: Any = dataclasses.field(default_factory=tuple)
    later: Any = dataclasses.field(default=6, init=False)


@frozen
class More(Several):
    """A subclass with a field of its own."""

    extra: Any = None


class Undecorated(Several):
    """A subclass that is not a dataclass of its own, comparing as its base does."""


values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5) | st.dates(),
                      lambda inner: st.tuples(inner, inner) | st.frozensets(inner, max_size=3), max_leaves=6)


@given(st.lists(st.tuples(values, values, values, values, values, values), min_size=1, max_size=6))
def test_repr_equality_and_hash_are_dataclass_own(rows: list[tuple[Any, ...]]) -> None:
    twins: dict[type, type] = {}
    made: list[Any] = [Nothing(), Nothing()]
    for a, b, c, d, e, f in rows:
        made += [One(a), One(b), Several(a, b, c, d, e, f), Several(a, b), Several(a, b, 0, d), More(a, b, extra=c)]
        made += [Several(a, b, c, 99, e, f), Several(a, b, c, d, 99, 99)]  # differing only where not compared
    for kind in (Nothing, One, Several, More):
        assert_the_same([m for m in made if type(m) is kind], twins)


def test_values_that_are_not_equal_to_themselves_compare_as_dataclass_compares_them() -> None:
    # (dataclass compares the tuples of the fields, in which a value is equal to itself: Python 3.13 compares
    # field by field, and there NaN is not)
    nan, kind = float("nan"), twin_of(One)
    value, other = One(nan), kind(nan)
    assert (value == value) is (other == other) is True
    assert (value == One(nan)) is (other == kind(nan)) is True  # the very same NaN
    assert (value == One(float("nan"))) is (other == kind(float("nan"))) is False  # another
    assert value.__eq__(1) is other.__eq__(1) is NotImplemented
    assert One(1).__eq__(Several(1)) is NotImplemented and One(1) != Several(1)


def test_a_value_that_holds_itself_is_shown_as_dataclass_shows_it() -> None:
    box, other = Several([]), twin_of(Several)([])
    box.a.append(box)
    other.a.append(other)
    assert repr(box) == repr(other) == "Several(a=[...], b=1, ignored=3, unhashed=4, hashed_only=5, listed=(), " \
                                       "later=6)"


def test_it_stays_frozen_and_keeps_dataclass_ways() -> None:
    value = Several(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.a = 2  # type: ignore[misc]
    assert dataclasses.replace(value, b=7) == Several(1, 7) and dataclasses.astuple(One(date(2027, 3, 1))) == (
        date(2027, 3, 1),)
    assert Several.__match_args__ == ("a", "b", "hidden", "ignored", "unhashed", "hashed_only", "listed")
    assert Undecorated(1) == Undecorated(1) and Undecorated(1) != Several(1)
    assert repr(Undecorated(1)).startswith("Undecorated(a=1, b=1,")
    assert Several.__eq__.__qualname__ == "Several.__eq__"


def test_a_class_that_makes_its_own_methods_is_told_to_use_dataclass() -> None:
    with pytest.raises(TypeError, match="@frozen makes __eq__ itself: use @dataclass"):
        @frozen
        class Own:
            """Compares as it likes."""

            def __eq__(self, other: object) -> bool:
                return True


def test_the_engine_makes_its_frozen_dataclasses_with_it() -> None:
    # (dataclass(frozen=True, order=True) stays: @frozen makes no ordering)
    others = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                made = [ast.unparse(d) for d in node.decorator_list if "frozen=True" in ast.unparse(d)]
                others += [f"{path.stem}.{node.name}: {m}" for m in made if "order=True" not in m]
    assert others == []


def collected(value: Any, found: dict[type, list[Any]], seen: set[int]) -> None:
    """Gather every frozen dataclass instance reachable from `value`, up to fifty of each class."""
    todo = [value]
    while todo:
        value = todo.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if type(value).__eq__.__module__ == "prospectus.frozen" and len(found[type(value)]) < 50:
                found[type(value)].append(value)
            todo += [getattr(value, f.name) for f in dataclasses.fields(value)]
        elif isinstance(value, dict):
            todo += [*value.keys(), *value.values()]
        elif isinstance(value, list | tuple | set | frozenset):
            todo += list(value)


def test_every_value_of_a_real_build_is_shown_compared_and_hashed_as_dataclass_would(tmp_path: Path) -> None:
    from prospectus.build import build_site
    from prospectus.options import BuildOptions, Pdfs, ProjectPaths
    shutil.copytree(FIXTURE, tmp_path / "content")
    for folder in ("templates", "assets"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    paths = ProjectPaths.at(tmp_path)
    result = build_site(paths, BuildOptions(today=date(2026, 11, 26), jobs=1, pdfs=Pdfs.SKIP), keep=True)
    found: dict[type, list[Any]] = defaultdict(list)
    collected((result, paths, [page.context for page in result.pages]), found, set())
    assert len(found) >= 40, sorted(kind.__name__ for kind in found)  # (43 of the engine's classes, here)
    twins: dict[type, type] = {}
    for values in found.values():
        assert_the_same(values, twins)
