"""Building small STIX 2.1 bundles for tests, and reading them through the import."""

from __future__ import annotations

import io
import json
import uuid
from typing import Any

from cdtoolbox.formats.stix import StixBundleImport
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model.exchange import KeptObject, StixImportPlan
from cdtoolbox.model.ports import ActorFinder

TLP_CLEAR = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
TLP_AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
TLP_RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
CREATED = "2024-03-01T10:00:00.000Z"
_NAMESPACE = uuid.UUID("0f6b7c2e-3d4a-4b5c-8d9e-1a2b3c4d5e6f")


def sid(object_type: str, name: str) -> str:
    """A stable UUIDv4-shaped id for a test object."""
    digest = uuid.uuid5(_NAMESPACE, f"{object_type}:{name}")
    return f"{object_type}--{uuid.UUID(bytes=digest.bytes, version=4)}"


def sdo(object_type: str, key: str, /, **properties: Any) -> dict[str, Any]:
    """A STIX domain or relationship object with the common properties filled in; ``key``
    picks its (stable) id."""
    obj: dict[str, Any] = {
        "type": object_type,
        "spec_version": "2.1",
        "id": sid(object_type, key),
        "created": CREATED,
        "modified": CREATED,
    }
    obj.update(properties)
    return obj


def relationship(kind: str, source: str, target: str, **properties: Any) -> dict[str, Any]:
    return sdo(
        "relationship",
        f"{kind}:{source}:{target}",
        relationship_type=kind,
        source_ref=source,
        target_ref=target,
        **properties,
    )


def bundle(*objects: object) -> bytes:
    # The standard library writes any integer (orjson stops at 64 bits), as partners may.
    document = {"type": "bundle", "id": sid("bundle", "test"), "objects": list(objects)}
    return json.dumps(document, ensure_ascii=False).encode()


def read_plan(
    data: bytes, resolver: ReferenceResolver, actors: ActorFinder, source: str = "test.json"
) -> tuple[StixImportPlan, list[KeptObject]]:
    """The plan of a bundle and every object it keeps, without a store."""
    reading = StixBundleImport(io.BytesIO(data), source=source, resolver=resolver, actors=actors)
    kept = [item for batch in reading.kept() for item in batch]
    return reading.plan, kept
