"""Frozen dataclasses with a cheaper constructor, for the values the engine builds by the thousand.

The constructor ``dataclass`` writes for a frozen class sets every field through
``object.__setattr__``, several times slower than an ordinary assignment. The engine builds
about a hundred results per assessment (and a few records per stored incident when indexing),
and that came to a tenth of its time.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

__all__ = ["built_directly"]

_Frozen = TypeVar("_Frozen")


def built_directly(cls: type[_Frozen]) -> type[_Frozen]:
    """Give a frozen dataclass a constructor that fills the instance dictionary directly.

    Apply it above ``@dataclass(frozen=True)``. The class stays what ``dataclass`` made it:
    the same fields, defaults, equality, hashing and ``repr``, and assigning a field still
    raises ``FrozenInstanceError``. Fields are stored in field order, as ``dataclass`` does, so
    serialisers that read the instance (orjson) see the same keys in the same order.
    """
    if "__post_init__" in vars(cls) or "__slots__" in vars(cls):
        raise TypeError(f"{cls.__name__}: only plain frozen dataclasses can be built directly")
    parameters: list[str] = []
    assignments: list[str] = []
    namespace: dict[str, Any] = {}
    for field in fields(cls):  # type: ignore[arg-type]
        if field.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{field.name}: default factories are not supported")
        if field.default is MISSING:
            parameters.append(field.name)
        else:
            namespace[f"_default_{field.name}"] = field.default
            parameters.append(f"{field.name}=_default_{field.name}")
        assignments.append(f"    values[{field.name!r}] = {field.name}\n")
    source = f"def __init__(self, {', '.join(parameters)}):\n    values = self.__dict__\n"
    # Compiled from source, the way ``dataclasses`` writes its own constructors.
    exec(source + "".join(assignments), namespace)
    constructor = namespace["__init__"]
    constructor.__qualname__ = f"{cls.__qualname__}.__init__"
    setattr(cls, "__init__", constructor)  # noqa: B010 (mypy refuses to assign to a method)
    return cls
