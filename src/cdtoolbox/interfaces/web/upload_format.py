"""Which importer an uploaded file is for: told by its content first, by its name second.

A STIX 2.1 bundle and MISP events are JSON files like our own incident files, so the name
cannot tell them apart: a JSON object with ``"type": "bundle"`` is STIX; a MISP export
(``{"Event": …}``), a MISP search result (``{"response": […]}``), a bare event (with
``info`` and no ``title``) or a list of such events is MISP; anything else is read by its
suffix — ``.csv`` as a sheet, ``.json``/``.yaml``/``.yml`` as an incident file (whose reader
then explains what is wrong with it).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

import orjson

from cdtoolbox.errors import InvalidInput

__all__ = ["ACCEPTED_SUFFIXES", "UploadFormat", "detect_format"]


class UploadFormat(StrEnum):
    INCIDENT_FILE = "incident-file"
    CSV = "csv"
    STIX = "stix"
    MISP = "misp"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def object_word(self) -> str:
        """What the file holds, as the report counts it."""
        return _OBJECT_WORDS[self]

    @property
    def may_skip_invalid(self) -> bool:
        """Whether the importer can store the valid part of a file and report the rest."""
        return self in (UploadFormat.STIX, UploadFormat.MISP)


_LABELS = {
    UploadFormat.INCIDENT_FILE: "incident file",
    UploadFormat.CSV: "CSV sheet",
    UploadFormat.STIX: "STIX 2.1 bundle",
    UploadFormat.MISP: "MISP event file",
}
_OBJECT_WORDS = {
    UploadFormat.INCIDENT_FILE: "incident",
    UploadFormat.CSV: "row",
    UploadFormat.STIX: "object",
    UploadFormat.MISP: "event",
}

INCIDENT_FILE_SUFFIXES = (".json", ".yaml", ".yml")
CSV_SUFFIX = ".csv"
ACCEPTED_SUFFIXES = (*INCIDENT_FILE_SUFFIXES, CSV_SUFFIX)


def detect_format(name: str, content: bytes) -> UploadFormat:
    """The importer for the file ``name`` holding ``content``; InvalidInput for a file of a
    kind no importer reads."""
    lowered = name.lower()
    if not lowered.endswith(ACCEPTED_SUFFIXES):
        reason = f"is not a {', '.join(ACCEPTED_SUFFIXES)} file"
        raise InvalidInput("file", "name", name, reason)
    if lowered.endswith(CSV_SUFFIX):
        return UploadFormat.CSV
    if content.lstrip()[:1] in (b"{", b"["):
        try:
            document = orjson.loads(content)
        except orjson.JSONDecodeError:
            # Not JSON after all (YAML flow style, or broken): the incident reader says why.
            return UploadFormat.INCIDENT_FILE
        if _is_stix_bundle(document):
            return UploadFormat.STIX
        if _is_misp(document):
            return UploadFormat.MISP
    return UploadFormat.INCIDENT_FILE


def _is_stix_bundle(document: object) -> bool:
    return isinstance(document, Mapping) and document.get("type") == "bundle"


def _is_misp(document: object) -> bool:
    if isinstance(document, Mapping):
        return "Event" in document or "response" in document or _is_bare_event(document)
    if isinstance(document, list) and document:
        return all(
            isinstance(item, Mapping) and ("Event" in item or _is_bare_event(item))
            for item in document
        )
    return False


def _is_bare_event(item: Mapping[str, object]) -> bool:
    # Our incident documents always have a title; a MISP event has `info` instead.
    return "info" in item and "title" not in item
