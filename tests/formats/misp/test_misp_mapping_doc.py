"""docs/misp-mapping.md states the same tables as the code (one source, checked)."""

from __future__ import annotations

import re
from pathlib import Path

from cdtoolbox.formats.misp.observables import OBSERVABLE_TYPES
from cdtoolbox.formats.misp.vocabulary import (
    ACTOR_GALAXIES,
    CDT_PREDICATES,
    INCIDENT_TYPE_TAGS,
    NIS2_SECTOR_PREDICATES,
    TLP_BY_TAG,
    TLP_NOT_LEVELS,
)

PAGE = (Path(__file__).parents[3] / "docs" / "misp-mapping.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = PAGE.index(f"## {title}")
    end = PAGE.find("\n## ", start + 1)
    return PAGE[start : end if end > 0 else None]


def test_every_incident_classification_tag_is_listed_with_its_type() -> None:
    table = _section("Tags")
    rows = {line for line in table.splitlines() if line.startswith("| `")}
    for (namespace, predicate, value), kind in INCIDENT_TYPE_TAGS:
        row = next(
            (r for r in rows if f"`{namespace}:{predicate}=" in r and f'"{value}"' in r), None
        )
        assert row is not None, (namespace, predicate, value)
        assert row.rstrip(" |").endswith(kind.value), row


def test_every_tag_namespace_we_read_is_documented() -> None:
    table = _section("Tags")
    for value in (*TLP_BY_TAG, *TLP_NOT_LEVELS):
        assert f"tlp:{value}" in table
    for galaxy in ACTOR_GALAXIES:
        assert f"misp-galaxy:{galaxy}=" in table
    for predicate in (*NIS2_SECTOR_PREDICATES, *CDT_PREDICATES):
        assert predicate in table


def test_every_observable_type_is_documented() -> None:
    table = _section("Attributes")
    listed = set(re.findall(r"`([A-Za-z0-9-]+)`", table))
    for misp_type in OBSERVABLE_TYPES:
        assert misp_type.partition("|")[0] in listed, misp_type
