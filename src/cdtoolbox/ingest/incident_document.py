"""The incident document (YAML or JSON) that users write and the bundled dataset is written in.

Reading checks one document against the format and collects *every* error of the record,
each naming its field path (``victims.countries[2]``); writing produces the same format back
(actors by name, victims grouped), so ``read(write(incident)) == incident``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.ingest.fields import (
    UNDATED_REASON,
    read_classification,
    read_incident_slug,
    read_incident_status,
    read_incident_type,
    read_partial_date,
    read_text,
    read_tlp,
    read_uuid,
)
from cdtoolbox.ingest.incident_parts import (
    ATTRIBUTION_FIELDS,
    IMPACT_FIELDS,
    ORGANISATION_FIELDS,
    PARTY_FIELDS,
    SOURCE_FIELDS,
    VICTIM_FIELDS,
    IncidentPartsReader,
)
from cdtoolbox.ingest.incident_writer import incident_to_document
from cdtoolbox.ingest.record import MappingReader, RecordErrors
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import Incident, IncidentStatus, Tlp

__all__ = [
    "ATTRIBUTION_FIELDS",
    "IMPACT_FIELDS",
    "INCIDENT_FIELDS",
    "ORGANISATION_FIELDS",
    "PARTY_FIELDS",
    "SOURCE_FIELDS",
    "VICTIM_FIELDS",
    "incident_to_document",
    "read_incident_document",
    "read_incident_file",
    "read_incident_text",
]

INCIDENT_FIELDS = (
    "id",
    "slug",
    "title",
    "summary",
    "start",
    "end",
    "disclosed",
    "types",
    "campaign",
    "victims",
    "actors",
    "attributions",
    "impact",
    "sources",
    "tlp",
    "classification",
    "status",
)


class _DocumentReader:
    """Reads one incident document into an :class:`Incident`.

    Returns None when the document is wrong; the errors are in ``errors`` and the caller
    rejects the whole record.
    """

    def __init__(self, resolver: ReferenceResolver, errors: RecordErrors) -> None:
        self._errors = errors
        self._parts = IncidentPartsReader(resolver, state_country_from_name=True)

    def incident(self, data: object) -> Incident | None:
        doc = MappingReader.open(data, self._errors, INCIDENT_FIELDS)
        if doc is None:
            return None
        incident_id = doc.value("id", read_uuid)
        slug = doc.value("slug", read_incident_slug)
        title = doc.value("title", read_text, required=True)
        summary = doc.value("summary", read_text)
        start = doc.value("start", read_partial_date)
        end = doc.value("end", read_partial_date)
        if start is not None and end is not None and end.latest < start.earliest:
            doc.reject("end", str(end), f"is before the start ({start})")
        disclosed = doc.value("disclosed", read_partial_date)
        if start is None and disclosed is None and not doc.has("start"):
            doc.reject("start", None, UNDATED_REASON)
        types = doc.values("types", read_incident_type, required=True)
        parts = self._parts.read(doc)
        tlp = doc.value("tlp", read_tlp)
        classification = doc.value("classification", read_classification)
        status = doc.value("status", read_incident_status)
        if title is None or not doc.clean:
            return None
        return Incident(
            id=incident_id or "",
            slug=slug or "",
            title=title,
            summary=summary or "",
            start=start,
            end=end,
            disclosed=disclosed,
            types=types,
            tlp=tlp or Tlp.CLEAR,
            classification=classification,
            status=status or IncidentStatus.CONFIRMED,
            **parts,
        )


def read_incident_document(
    data: object, resolver: ReferenceResolver, *, location: str = ""
) -> Incident:
    """One incident from one parsed document (a mapping), checked field by field.

    ``id`` and ``slug`` are ``""`` when the document has none (the Toolbox assigns them);
    ``version`` is 0. Raises :class:`ImportRejected` carrying every error of the record,
    each an :class:`InvalidInput` placed at ``location``.
    """
    errors = RecordErrors("incident", location)
    incident = _DocumentReader(resolver, errors).incident(data)
    if incident is None or errors.found:
        raise ImportRejected(location or "incident document", errors.found)
    return incident


def read_incident_text(
    text: str, resolver: ReferenceResolver, *, name: str = "incidents.yaml"
) -> list[Incident]:
    """Every incident in YAML or JSON ``text``, all or nothing.

    ``name`` (a file name) picks the format by its suffix and places the errors. The text
    holds one incident, a list of incidents or a mapping ``{incidents: [...]}``.
    """
    # Imported here: the YAML parser is for reading files, and this module is imported by
    # every command that opens the incident service (listing, showing) for its other parts.
    from cdtoolbox.ingest.structured_text import load_structured_text

    records = _records(load_structured_text(text, name), name)
    errors: list[InvalidInput] = []
    read: list[tuple[str, Incident]] = []
    for location, record in records:
        try:
            read.append((location, read_incident_document(record, resolver, location=location)))
        except ImportRejected as rejected:
            errors.extend(rejected.errors)
    errors.extend(_repeated_handles(read))
    if errors:
        raise ImportRejected(name, errors)
    return [incident for _, incident in read]


def read_incident_file(path: Path, resolver: ReferenceResolver) -> list[Incident]:
    """Every incident in a ``.json``, ``.yaml`` or ``.yml`` file, all or nothing."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(path.name, "is not UTF-8 text") from None
    except OSError as error:
        raise _file_error(path.name, f"cannot be read: {error.strerror or error}") from None
    return read_incident_text(text, resolver, name=path.name)


def _file_error(
    name: str, reason: str, field: str | None = None, value: object = None
) -> ImportRejected:
    shown = name if field is None else value
    return ImportRejected(name, [InvalidInput("file", field or name, shown, reason, name)])


def _records(data: object, name: str) -> list[tuple[str, object]]:
    """The records of a file with the location each error in them will carry."""
    if isinstance(data, list):
        return [(f"{name}: incidents[{index}]", item) for index, item in enumerate(data)]
    if isinstance(data, Mapping) and "incidents" in data:
        extra = [key for key in data if key != "incidents"]
        if extra:
            raise _file_error(
                name,
                "is not a known field of an incidents file (only `incidents` is)",
                field=str(extra[0]),
                value=extra[0],
            )
        incidents = data["incidents"]
        if not isinstance(incidents, list):
            raise _file_error(name, "must be a list", field="incidents", value=incidents)
        return _records(incidents, name)
    if isinstance(data, Mapping):
        return [(name, data)]
    if data is None:
        raise _file_error(name, "holds no incidents")
    raise _file_error(
        name, "must hold an incident, a list of incidents or a mapping with an `incidents` list"
    )


def _repeated_handles(read: list[tuple[str, Incident]]) -> list[InvalidInput]:
    """Two records of one file with the same id or slug would overwrite each other."""
    errors = []
    for handle in ("id", "slug"):
        first_seen: dict[str, str] = {}
        for location, incident in read:
            value = getattr(incident, handle)
            if not value:
                continue
            if value in first_seen:
                reason = f"is used twice in this file (first at {first_seen[value]})"
                errors.append(InvalidInput("incident", handle, value, reason, location))
            else:
                first_seen[value] = location
    return errors
