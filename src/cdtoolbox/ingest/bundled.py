"""The curated incident dataset that ships inside the package and ``cdt init`` loads.

The data live in ``ingest/data/incidents.yaml`` (see docs/dataset.md): a top-level
``version`` and an ``incidents`` list written in the incident document format. This module
only hands out the raw documents; :func:`cdtoolbox.ingest.read_incident_document` checks
each one against the knowledge base, like any file a user imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files

from cdtoolbox.errors import ImportRejected, InvalidInput

__all__ = ["BUNDLED_DATASET_FILE", "BUNDLED_DATASET_VERSION", "bundled_incident_documents"]

#: Release of the curated data, ``YYYY.MM.N``. It must equal the file's ``version``:
#: stores record it to tell whether a newer dataset has shipped since ``cdt init``.
BUNDLED_DATASET_VERSION = "2026.12.1"

#: File name used to place errors, as in "incidents.yaml (bundled): incidents[3] …".
BUNDLED_DATASET_FILE = "incidents.yaml"

_LOCATION = f"{BUNDLED_DATASET_FILE} (bundled)"
_TOP_LEVEL_FIELDS = ("version", "incidents")


def bundled_incident_documents() -> list[dict[str, object]]:
    """Every incident document of the bundled dataset, in file order.

    Reads the packaged file afresh on each call (nothing is cached). Raises
    :class:`ImportRejected` when the installed file is damaged or its ``version`` is not
    :data:`BUNDLED_DATASET_VERSION` — both mean a broken installation, not a user error.
    """
    # Imported here: every command that opens the Toolbox imports this module for the version,
    # and only `cdt init` reads the file (YAML costs a hundredth of a second to import).
    from cdtoolbox.ingest.structured_text import load_structured_text

    resource = files("cdtoolbox.ingest").joinpath("data", BUNDLED_DATASET_FILE)
    data = load_structured_text(resource.read_text(encoding="utf-8"), BUNDLED_DATASET_FILE)
    if not isinstance(data, Mapping):
        raise _damaged("(the file)", data, "must be a mapping with `version` and `incidents`")
    unknown = [key for key in data if key not in _TOP_LEVEL_FIELDS]
    if unknown:
        raise _damaged(str(unknown[0]), unknown[0], "is not a field of the bundled dataset")
    version = data.get("version")
    if str(version) != BUNDLED_DATASET_VERSION:
        reason = f"does not match the release this code expects ({BUNDLED_DATASET_VERSION})"
        raise _damaged("version", version, reason)
    incidents = data.get("incidents")
    if not isinstance(incidents, list) or not incidents:
        raise _damaged("incidents", incidents, "must be a non-empty list of incidents")
    documents: list[dict[str, object]] = []
    for position, record in enumerate(incidents):
        if not isinstance(record, Mapping):
            raise _damaged(f"incidents[{position}]", record, "must be a mapping")
        documents.append({str(key): value for key, value in record.items()})
    return documents


def _damaged(field: str, value: object, reason: str) -> ImportRejected:
    error = InvalidInput("bundled dataset", field, value, reason, _LOCATION)
    return ImportRejected(_LOCATION, [error])
