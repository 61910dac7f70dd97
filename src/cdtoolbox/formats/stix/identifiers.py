"""STIX identifiers: checking ``type--UUID`` and deriving the ids of the objects we write.

Our objects get name-based ids so the same export is byte-stable: the UUID is the SHA-1 of
(namespace, kind, our id) as in UUIDv5, with the version nibble set to 4. STIX 2.1 asks for
UUIDv4 on domain and relationship objects (section 2.9), and validators warn on anything else;
a hash-derived value in the v4 layout satisfies both, and each producer's namespace keeps two
producers' exports of the same incident apart, as STIX requires of different creators.
"""

from __future__ import annotations

import re
import uuid
from typing import Final

__all__ = ["STIX_ID_FORM", "is_stix_id", "stix_id", "stix_id_type", "stix_uuid"]

STIX_ID_FORM: Final = "is not a STIX identifier (type--UUID)"

_STIX_ID = re.compile(
    r"[a-z0-9][a-z0-9-]*[a-z0-9]--"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
    re.ASCII,
)


def is_stix_id(value: object, object_type: str | None = None) -> bool:
    """True for ``type--UUID`` (lowercase, RFC 4122 variant), of ``object_type`` if given."""
    if not isinstance(value, str) or _STIX_ID.fullmatch(value) is None:
        return False
    return object_type is None or value.startswith(object_type + "--")


def stix_id_type(value: str) -> str:
    """The object type an identifier names (``incident`` for ``incident--…``)."""
    return value.partition("--")[0]


def stix_uuid(value: str) -> str:
    """The UUID part of an identifier."""
    return value.partition("--")[2]


def stix_id(namespace: uuid.UUID, object_type: str, key: str) -> str:
    """The id of the object of ``object_type`` we derive from ``key`` (e.g. an incident id)."""
    digest = uuid.uuid5(namespace, f"{object_type}:{key}")
    return f"{object_type}--{uuid.UUID(bytes=digest.bytes, version=4)}"
