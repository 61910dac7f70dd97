"""Whatever a file holds, reading it as a STIX bundle gives a plan or a refusal, never a crash."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.formats.stix.bundle_stream import MAX_DEPTH
from cdtoolbox.formats.stix.vocabulary import EXTENSION_ID
from cdtoolbox.knowledge import KnowledgeBase
from stix_support import bundle, read_plan, relationship, sdo

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "2024-03-01T10:00:00.000Z",
            "2024-02-30T10:00:00.000Z",
            "incident--1a2b",
            "identity--0f6b7c2e-3d4a-4b5c-8d9e-1a2b3c4d5e6f",
            "2.1",
            "bundle",
        ]
    )
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)

INCIDENT = sdo("incident", "i", name="Incident", labels=["ddos"])
SET = sdo("intrusion-set", "s", name="Fancy Bear")
STATE = sdo(
    "identity", "st", name="France", identity_class="organization", sectors=["government-national"]
)
VALID = [
    INCIDENT,
    SET,
    STATE,
    relationship("attributed-to", INCIDENT["id"], SET["id"], confidence=50),
    relationship("attributed-to", INCIDENT["id"], STATE["id"]),
    relationship("targets", INCIDENT["id"], STATE["id"]),
    sdo(
        "indicator",
        "x",
        pattern="[ipv4-addr:value = '198.51.100.1']",
        pattern_type="stix",
        valid_from="2024-03-01T10:00:00.000Z",
    ),
]
KEYS = sorted({key for obj in VALID for key in obj} | {"extensions", "aliases", "sectors"})


def _read(knowledge: KnowledgeBase, data: bytes) -> None:
    try:
        plan, _ = read_plan(data, knowledge, knowledge.actors)
    except ImportRejected as rejected:
        assert all(isinstance(error, InvalidInput) for error in rejected.errors)
        assert rejected.errors
        return
    assert all(isinstance(error, InvalidInput) for error in plan.errors)
    assert plan.rejected <= plan.objects


# No deadline: the first example builds the catalogue's lazy alias indexes (a second on a
# busy machine), which would fail a per-example deadline that says nothing of the parser.
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(JSON, max_size=6))
def test_any_objects_give_a_plan_with_errors_or_a_refusal(
    knowledge: KnowledgeBase, objects: list[Any]
) -> None:
    _read(knowledge, bundle(*objects))


@settings(max_examples=150)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_plan_or_a_refusal(knowledge: KnowledgeBase, data: bytes) -> None:
    _read(knowledge, data)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(VALID) - 1), st.sampled_from(KEYS), JSON),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_bundles_give_a_plan_with_errors_or_a_refusal(
    knowledge: KnowledgeBase, mutations: list[tuple[int, str, Any]]
) -> None:
    objects = copy.deepcopy(VALID)
    for index, key, value in mutations:
        objects[index][key] = value
    _read(knowledge, bundle(*objects))


@settings(max_examples=100)
@given(st.integers(min_value=1, max_value=400))
def test_truncated_bundles_are_refused_or_read(knowledge: KnowledgeBase, cut: int) -> None:
    data = bundle(*VALID)
    _read(knowledge, data[: min(cut, len(data))])
    assert orjson.loads(data)["type"] == "bundle"


OURS = sdo(
    "incident",
    "ours",
    name="Ours",
    extensions={
        EXTENSION_ID: {
            "extension_type": "property-extension",
            "id": "3b0bd1ee-8b4c-4b61-9a30-0d1f7b1b8a10",
            "slug": "ours-2024",
            "types": ["ddos"],
            "victims": {"countries": ["FR"], "organisations": [{"name": "Ministry"}]},
            "attributions": [{"by": {"kind": "state", "name": "France"}, "state": "RU"}],
            "impact": {"outage_hours": 4},
            "sources": [{"title": "Report", "url": "https://example.org"}],
        }
    },
)
PAYLOAD_KEYS = sorted(
    {*OURS["extensions"][EXTENSION_ID], "start", "actors", "status", "campaign", "unknown"}
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PAYLOAD_KEYS), JSON), min_size=1, max_size=3))
def test_a_mutated_extension_gives_errors_not_crashes(
    knowledge: KnowledgeBase, mutations: list[tuple[str, Any]]
) -> None:
    incident = copy.deepcopy(OURS)
    for key, value in mutations:
        incident["extensions"][EXTENSION_ID][key] = value
    _read(knowledge, bundle(incident))


def _nested(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


@pytest.mark.parametrize(
    "data",
    [
        # 30,000 levels inside one object took 2.3 GB before the object was complete
        bundle()[:-2] + b'{"type": "note", "x": ' + _nested(30_000) + b"}]}",
        # and before `objects`, in the envelope that is checked first
        b'{"type": "bundle", "x": ' + _nested(30_000) + b', "objects": []}',
    ],
)
def test_deep_nesting_is_refused_before_it_is_built(knowledge: KnowledgeBase, data: bytes) -> None:
    with pytest.raises(ImportRejected) as rejected:
        read_plan(data, knowledge, knowledge.actors)
    [error] = rejected.value.errors
    assert error.reason.startswith(f"nests deeper than {MAX_DEPTH} levels")


def test_nesting_up_to_the_bound_is_read(knowledge: KnowledgeBase) -> None:
    # the bundle, `objects` and the object are three levels; the rest fits in the bound
    deep: Any = []
    for _ in range(MAX_DEPTH - 4):
        deep = [deep]
    note = sdo("note", "n", content="deep", object_refs=[INCIDENT["id"]], x_deep=deep)
    plan, _ = read_plan(bundle(INCIDENT, note), knowledge, knowledge.actors)
    assert plan.objects == 2
