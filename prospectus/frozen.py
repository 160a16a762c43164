"""`@frozen`: a frozen dataclass, as `@dataclass(frozen=True)` makes it, made quicker to define.

Python 3.11 writes out and compiles each method of each dataclass on its own as the class is made: for our
eighty, about 45 ms of a build's start-up. `@frozen` has `dataclass` make the methods that depend on the
class's own fields (`__init__`, and the `__setattr__` and `__delattr__` that keep it frozen), and gives it
`__repr__`, `__eq__` and `__hash__` made from the fields without compiling anything (a third of that time):
they return what dataclass's own would (tests/test_frozen.py compares them on every such class of the engine).
"""
from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T", bound=type)


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: T) -> T:
    """Make `cls` a frozen dataclass, equal to another of its class with equal fields, hashed by them, and
    shown by them, as @dataclass(frozen=True) would."""
    for name in ("__repr__", "__eq__", "__hash__"):
        if name in cls.__dict__:  # (dataclass would keep the class's own, or refuse it: not worth copying here)
            raise TypeError(f"@frozen makes {name} itself: use @dataclass(frozen=True) for {cls.__qualname__}")
    made = dataclasses.dataclass(frozen=True, repr=False, eq=False)(cls)
    fields = dataclasses.fields(made)
    values = _values([f.name for f in fields if f.compare])
    shown = tuple(f.name for f in fields if f.repr)
    hashed = _values([f.name for f in fields if (f.compare if f.hash is None else f.hash)])

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:  # noqa: N807 - the method's own name
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    def __eq__(self: Any, other: object) -> bool:  # noqa: N807
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    def __hash__(self: Any) -> int:  # noqa: N807
        return hash(hashed(self))

    for method in (__repr__, __eq__, __hash__):
        method.__qualname__ = f"{made.__qualname__}.{method.__name__}"
        setattr(made, method.__name__, method)
    return made


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """Return what gives the tuple of these attributes of an object, as (self.a, self.b, …) does."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda value: (one(value),)
    return lambda value: ()
