"""The JSON text form in which incidents and actors are stored (``model.codec`` documents)."""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["read_document", "write_document"]


def write_document(document: dict[str, Any]) -> str:
    # Sorted keys and fixed separators: the same object always gives the same text, so a
    # changed document is a changed object and dumps are byte-stable.
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def read_document(text: str) -> dict[str, Any]:
    # orjson reads the stored text in half the time of json; every list of incidents pays it.
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError:
        # orjson refuses integers beyond 64 bits, which versions before the impact bounds
        # could store; one such document must not fail every list that includes it.
        document = json.loads(text)
    if not isinstance(document, dict):
        raise ValueError("a stored document must be a JSON object")
    return document
