"""A TAXII envelope posted to a collection, read into the objects to add and those refused.

Each object passes the same checks as an object of an imported STIX bundle
(``formats.stix.validation``); an object that fails is refused alone, with its errors in its
status entry, and the rest are added. A body that is not an envelope at all is refused as a
whole (:class:`ImportRejected`; TAXII answers 422).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import orjson

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.formats.stix.markings import held_tlp
from cdtoolbox.formats.stix.validation import ObjectChecker
from cdtoolbox.formats.stix.vocabulary import SPEC_VERSION
from cdtoolbox.model.taxii import PostedObject, StatusDetail

__all__ = ["ENVELOPE_SOURCE", "posted_object", "read_envelope", "read_object"]

ENVELOPE_SOURCE: Final = "TAXII envelope"

_MAX_MESSAGE_ERRORS: Final = 10
_MAX_MESSAGE_LENGTH: Final = 1000


def read_envelope(body: bytes, max_objects: int) -> list[Any]:
    """The ``objects`` of a posted envelope (none when it has no ``objects``), at most
    ``max_objects`` of them."""
    try:
        envelope = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise _refused("(the body)", None, f"is not valid JSON ({error})") from None
    if not isinstance(envelope, dict):
        raise _refused("(the body)", None, "is not a TAXII envelope (a JSON object)")
    objects = envelope.get("objects", [])
    if not isinstance(objects, list):
        raise _refused("objects", None, "must be a list of STIX objects")
    if len(objects) > max_objects:
        raise _refused(
            "objects",
            None,
            f"holds {len(objects):,} objects; an envelope may hold at most {max_objects:,}: "
            "post them in several envelopes",
        )
    return objects


def read_object(obj: Any, index: int, checker: ObjectChecker) -> PostedObject | StatusDetail:
    """The object at ``index`` ready to be added, or the failure to report for it."""
    errors = checker.check(obj, index)
    if errors.found:
        found = errors.found
        # The status entry names the object already: each error says only what is wrong.
        message = "; ".join(_without_object(error) for error in found[:_MAX_MESSAGE_ERRORS])
        if len(found) > _MAX_MESSAGE_ERRORS:
            message += f"; … and {len(found) - _MAX_MESSAGE_ERRORS} more"
        if len(message) > _MAX_MESSAGE_LENGTH:  # each status entry stays small
            message = message[: _MAX_MESSAGE_LENGTH - 1] + "…"
        label = obj.get("id") if isinstance(obj, Mapping) else None
        return StatusDetail(
            id=label if isinstance(label, str) and label else f"objects[{index}]",
            version=_version(obj) if isinstance(obj, Mapping) else "",
            message=message,
        )
    return posted_object(obj)


def posted_object(obj: Mapping[str, Any]) -> PostedObject:
    """A valid STIX object ready to be added to a collection."""
    return PostedObject(
        id=obj["id"],
        type=obj["type"],
        version=_version(obj),
        spec_version=obj.get("spec_version") or SPEC_VERSION,
        tlp=held_tlp(obj),
        document=orjson.dumps(obj).decode(),
    )


def _without_object(error: InvalidInput) -> str:
    return str(InvalidInput("", error.field, error.value, error.reason)).strip()


def _version(obj: Mapping[str, Any]) -> str:
    version = obj.get("modified") or obj.get("created")
    return version if isinstance(version, str) else ""


def _refused(field: str, value: object, reason: str) -> ImportRejected:
    return ImportRejected(
        ENVELOPE_SOURCE, [InvalidInput(ENVELOPE_SOURCE, field, value, reason, ENVELOPE_SOURCE)]
    )
