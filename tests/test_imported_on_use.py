"""Packages that import their names on first use (PEP 562) stay correct whatever is imported
first: no name may share its spelling with a submodule of the package, because importing that
submodule later would put the module where the name was (``from cdtoolbox.store import dump``
once gave the module ``store/dump.py`` instead of the function, depending on test order)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import cdtoolbox

SOURCE = Path(cdtoolbox.__file__).parent


def _lazy_packages() -> list[str]:
    packages = []
    for init in sorted(SOURCE.rglob("__init__.py")):
        if "names_imported_on_use(" in init.read_text(encoding="utf-8"):
            parts = init.parent.relative_to(SOURCE.parent).parts
            packages.append(".".join(parts))
    return packages


def test_some_packages_import_their_names_on_use() -> None:
    assert {"cdtoolbox", "cdtoolbox.store", "cdtoolbox.toolbox"} <= set(_lazy_packages())


def test_no_name_offered_on_use_is_also_a_submodule() -> None:
    for name in _lazy_packages():
        package = importlib.import_module(name)
        submodules = {info.name for info in pkgutil.iter_modules(package.__path__)}
        offered = set(getattr(package, "__all__", ()))
        assert offered & submodules == set(), name


def test_a_name_stays_itself_after_every_submodule_is_imported() -> None:
    for name in _lazy_packages():
        package = importlib.import_module(name)
        values = {offered: getattr(package, offered) for offered in package.__all__}
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{name}.{info.name}")
        for offered, value in values.items():
            assert getattr(package, offered) is value, f"{name}.{offered}"
