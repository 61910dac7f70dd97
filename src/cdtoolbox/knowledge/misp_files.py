"""MISP reference data read straight from the JSON files that pymispgalaxies and pytaxonomies
ship, without importing either library.

Both libraries import jsonschema when they load (over a second per process where its format
checkers are installed) and their loaders read every galaxy or taxonomy at once. The country
catalogue needs three plain fields of one galaxy and the sector catalogue one taxonomy, as
written in their files; tests check both catalogues against the libraries' own objects. The
threat-actor galaxies still go through pymispgalaxies, whose normalisation they rely on.
"""

from __future__ import annotations

import json
from importlib.util import find_spec
from pathlib import Path
from typing import Any

__all__ = ["galaxy_cluster_values", "taxonomy"]


def galaxy_cluster_values(name: str) -> list[dict[str, Any]]:
    """The values of the MISP galaxy cluster ``name`` (e.g. "country"), as in its file."""
    path = _package_folder("pymispgalaxies") / "data" / "misp-galaxy" / "clusters" / f"{name}.json"
    return list(_read(path).get("values", []))


def taxonomy(namespace: str) -> dict[str, Any]:
    """The MISP taxonomy ``namespace`` (e.g. "nis2"), as in its ``machinetag.json``."""
    folder = _package_folder("pytaxonomies") / "data" / "misp-taxonomies" / namespace
    return _read(folder / "machinetag.json")


def _package_folder(package: str) -> Path:
    # find_spec locates an installed package without running its __init__.
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {package} package is not installed", name=package)
    return Path(next(iter(spec.submodule_search_locations)))


def _read(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text("utf-8"))
    if not isinstance(document, dict):
        raise ValueError(f"{path} does not hold a JSON object")
    return document
