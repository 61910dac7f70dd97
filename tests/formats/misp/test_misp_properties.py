"""Whatever a file holds, reading it as MISP events gives a plan with errors, never a crash."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdtoolbox.errors import CdtError, InvalidInput
from cdtoolbox.formats.misp import MispImportPlan, read_misp_path
from cdtoolbox.knowledge import KnowledgeBase
from misp_support import NAMESPACE, cloud_hopper, event_document, read_events

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "tlp:red",
            'misp-galaxy:threat-actor="APT28"',
            'misp-galaxy:country="ukraine"',
            'nis2:impact-subsectors-impacted="water"',
            'cdtoolbox:attributed-state="RU"',
            "ip-dst|port",
            "198.51.100.1|99999",
            "2024-02-30",
            "1709287200",
            "5c1f3e2a-9b7d-4e6f-8a1c-2d3b4e5f6a70",
        ]
    )
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
VALID = event_document(cloud_hopper())
KEYS = sorted({*VALID, "Galaxy", "Object", "analysis", "publish_timestamp", "Org"})


def _check(plan: MispImportPlan) -> None:
    assert all(isinstance(error, InvalidInput) for error in plan.errors)
    assert all(str(error) for error in plan.errors)  # every error renders as a sentence
    assert len(plan.events) + plan.rejected + plan.superseded >= plan.events_read
    for event in plan.events:
        assert event.incident.id and event.incident.title


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_any_json_gives_a_plan(knowledge: KnowledgeBase, document: Any) -> None:
    _check(read_events(document, knowledge, knowledge.actors))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(KEYS), JSON, st.integers(min_value=0, max_value=12), JSON)
def test_a_mutated_event_gives_a_plan(
    knowledge: KnowledgeBase, key: str, value: Any, index: int, inner: Any
) -> None:
    document = copy.deepcopy(VALID)
    document[key] = value
    for name in ("Attribute", "Tag"):
        items = document.get(name)
        if isinstance(items, list) and items and isinstance(items[index % len(items)], dict):
            item = items[index % len(items)]
            item[sorted(item)[index % len(item)] if item else "value"] = inner
    _check(read_events({"response": [{"Event": document}]}, knowledge, knowledge.actors))


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=200))
def test_any_file_gives_a_plan_or_a_project_error(
    knowledge: KnowledgeBase, tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(data)
    try:
        plan = read_misp_path(
            path, resolver=knowledge, actors=knowledge.actors, stix_namespace=NAMESPACE
        )
    except CdtError:
        return
    _check(plan)
