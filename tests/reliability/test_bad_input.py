"""Mutated and random input through every importer of the Toolbox: only the project's own
errors come out, and a refused import leaves the store byte-for-byte as it was.

Each importer starts from a valid seed document (so mutations reach deep into the readers),
then hypothesis drops keys, replaces values with arbitrary JSON, truncates or garbles bytes.
The store is compared with ``cdtoolbox.store.dump`` (every table, every row) before and after.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdtoolbox.errors import CdtError
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.store import dump
from cdtoolbox.toolbox import Settings, Toolbox
from database_support import SqliteStages, Stage

EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**65), max_value=2**65)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["2017-05-12", "2017-02-30", "ransomware", "Lazarus Group", "UA", "red", ""])
)
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=10,
)

INCIDENT_DOCUMENT: dict[str, Any] = {
    "title": "Ransomware at a hospital network",
    "start": "2017-05-12",
    "types": ["ransomware"],
    "victims": {"countries": ["GB"], "sectors": ["health"]},
    "actors": ["Lazarus Group"],
    "attributions": [
        {
            "by": {"kind": "state", "name": "United Kingdom", "country": "GB"},
            "actor": "Lazarus Group",
            "state": "KP",
            "confidence": "high",
            "basis": ["political"],
        }
    ],
    "tlp": "clear",
    "sources": [{"title": "NCSC statement", "url": "https://www.ncsc.gov.uk/"}],
}
CSV_TEXT = (
    "title,start,types,victim_countries,actors\n"
    "Ransomware at a hospital network,2017-05-12,ransomware,GB,Lazarus Group\n"
)
STIX_BUNDLE: dict[str, Any] = {
    "type": "bundle",
    "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
    "objects": [
        {
            "type": "incident",
            "spec_version": "2.1",
            "id": "incident--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
            "created": "2024-03-01T10:00:00.000Z",
            "modified": "2024-03-01T10:00:00.000Z",
            "name": "DDoS against a ministry",
            "labels": ["ddos"],
        },
        {
            "type": "intrusion-set",
            "spec_version": "2.1",
            "id": "intrusion-set--2b1b2a3c-4d5e-4f60-8a7b-9c0d1e2f3a4b",
            "created": "2024-03-01T10:00:00.000Z",
            "modified": "2024-03-01T10:00:00.000Z",
            "name": "Fancy Bear",
        },
        {
            "type": "relationship",
            "spec_version": "2.1",
            "id": "relationship--3c2d1e0f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
            "created": "2024-03-01T10:00:00.000Z",
            "modified": "2024-03-01T10:00:00.000Z",
            "relationship_type": "attributed-to",
            "source_ref": "incident--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
            "target_ref": "intrusion-set--2b1b2a3c-4d5e-4f60-8a7b-9c0d1e2f3a4b",
            "confidence": 85,
        },
    ],
}
MISP_EVENT: dict[str, Any] = {
    "Event": {
        "uuid": "5b8b9c2e-1f3a-4d5e-9a7b-0c1d2e3f4a5b",
        "info": "Phishing campaign against a foreign ministry",
        "date": "2023-04-02",
        "timestamp": "1680400000",
        "threat_level_id": "2",
        "analysis": "2",
        "distribution": "1",
        "Tag": [
            {"name": "tlp:green"},
            {"name": 'misp-galaxy:threat-actor="Stone Panda"'},
            {"name": 'estimative-language:likelihood-probability="likely"'},
        ],
        "Attribute": [
            {"type": "domain", "category": "Network activity", "value": "example.org"},
            {"type": "link", "category": "External analysis", "value": "https://example.org/r"},
        ],
    }
}


@pytest.fixture(scope="module")
def toolbox(
    tmp_path_factory: pytest.TempPathFactory, knowledge: KnowledgeBase, sqlite_stages: SqliteStages
) -> Iterator[Toolbox]:
    url = sqlite_stages.copy(
        Stage.INITIALISED, tmp_path_factory.mktemp("bad-input") / "cdt.sqlite3"
    )
    with Toolbox(Settings(url), knowledge=knowledge) as box:
        yield box


@st.composite
def mutated(draw: st.DrawFn, seed: Any) -> Any:
    """The seed with one to three random changes at random places."""
    document = copy.deepcopy(seed)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        document = _mutate_once(draw, document)
    return document


def _mutate_once(draw: st.DrawFn, node: Any) -> Any:
    containers = list(_paths(node))
    path = draw(st.sampled_from(containers))
    parent = node
    for step in path:
        parent = parent[step]
    if isinstance(parent, dict) and parent:
        key = draw(st.sampled_from(sorted(parent)))
        action = draw(st.sampled_from(["drop", "replace", "add"]))
        if action == "drop":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(ANY_JSON)
        else:
            parent[draw(st.text(max_size=8))] = draw(ANY_JSON)
    elif isinstance(parent, list):
        if parent and draw(st.booleans()):
            parent[draw(st.integers(0, len(parent) - 1))] = draw(ANY_JSON)
        else:
            parent.append(draw(ANY_JSON))
    return node


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        yield path
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        yield path
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _garbled(draw: st.DrawFn, text: bytes) -> bytes:
    cut = draw(st.integers(min_value=0, max_value=len(text)))
    noise = draw(st.binary(max_size=12))
    return text[:cut] + noise + text[cut + len(noise) :]


def _check(toolbox: Toolbox, run: Callable[[], object]) -> None:
    before = dump(toolbox.database)
    try:
        run()
    except CdtError:
        assert dump(toolbox.database) == before, "a refused import changed the store"


def _write(tmp_path_factory: pytest.TempPathFactory, name: str, content: bytes) -> Path:
    path = tmp_path_factory.mktemp("input") / name
    path.write_bytes(content)
    return path


@EXAMPLES
@given(document=mutated(INCIDENT_DOCUMENT), suffix=st.sampled_from([".json", ".yaml"]))
def test_incident_files(
    toolbox: Toolbox, tmp_path_factory: pytest.TempPathFactory, document: Any, suffix: str
) -> None:
    path = _write(
        tmp_path_factory, f"incident{suffix}", json.dumps([document], default=str).encode()
    )
    _check(toolbox, lambda: toolbox.incidents.import_file(path, by=SYSTEM_USER))


@EXAMPLES
@given(data=st.data())
def test_csv_files(
    toolbox: Toolbox, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    content = _garbled(data.draw, CSV_TEXT.encode())
    path = _write(tmp_path_factory, "incidents.csv", content)
    _check(toolbox, lambda: toolbox.incidents.import_csv(path, by=SYSTEM_USER))


@EXAMPLES
@given(bundle=mutated(STIX_BUNDLE), skip_invalid=st.booleans())
def test_stix_bundles(
    toolbox: Toolbox, tmp_path_factory: pytest.TempPathFactory, bundle: Any, skip_invalid: bool
) -> None:
    path = _write(tmp_path_factory, "bundle.json", json.dumps(bundle, default=str).encode())
    _check(
        toolbox, lambda: toolbox.stix.import_bundle(path, skip_invalid=skip_invalid, by=SYSTEM_USER)
    )


@EXAMPLES
@given(data=st.data())
def test_garbled_stix_bytes(
    toolbox: Toolbox, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    path = _write(
        tmp_path_factory, "bundle.json", _garbled(data.draw, json.dumps(STIX_BUNDLE).encode())
    )
    _check(toolbox, lambda: toolbox.stix.import_bundle(path, by=SYSTEM_USER))


@EXAMPLES
@given(event=mutated(MISP_EVENT), skip_invalid=st.booleans())
def test_misp_events(
    toolbox: Toolbox, tmp_path_factory: pytest.TempPathFactory, event: Any, skip_invalid: bool
) -> None:
    path = _write(tmp_path_factory, "event.json", json.dumps(event, default=str).encode())
    _check(
        toolbox, lambda: toolbox.misp.import_path(path, skip_invalid=skip_invalid, by=SYSTEM_USER)
    )


@EXAMPLES
@given(data=st.data())
def test_garbled_misp_bytes(
    toolbox: Toolbox, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    path = _write(
        tmp_path_factory, "event.json", _garbled(data.draw, json.dumps(MISP_EVENT).encode())
    )
    _check(toolbox, lambda: toolbox.misp.import_path(path, by=SYSTEM_USER))


def test_the_seeds_themselves_import(
    toolbox: Toolbox, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The mutations start from valid input, so they exercise the readers beyond the first field."""
    incident = _write(tmp_path_factory, "seed.json", json.dumps([INCIDENT_DOCUMENT]).encode())
    assert toolbox.incidents.import_file(incident, by=SYSTEM_USER).created
    csv = _write(tmp_path_factory, "seed.csv", CSV_TEXT.encode())
    assert toolbox.incidents.import_csv(csv, by=SYSTEM_USER).created
    stix = _write(tmp_path_factory, "seed-bundle.json", json.dumps(STIX_BUNDLE).encode())
    assert toolbox.stix.import_bundle(stix, by=SYSTEM_USER).objects == 3
    misp = _write(tmp_path_factory, "seed-event.json", json.dumps(MISP_EVENT).encode())
    toolbox.misp.import_path(misp, by=SYSTEM_USER)
