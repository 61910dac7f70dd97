"""Names a package offers but imports only when first used (PEP 562).

The command line starts often and most commands need only part of the library: ``cdt --help``
should not import the store, SQLAlchemy and the knowledge catalogues. A package lists which of
its names live where; the first access imports that module and keeps the name in the package.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["names_imported_on_use"]


def names_imported_on_use(
    package: str, namespace: dict[str, Any], homes: Mapping[str, str]
) -> Callable[[str], Any]:
    """The module ``__getattr__`` of ``package``: ``homes`` maps each name to its module."""

    def load(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    return load
