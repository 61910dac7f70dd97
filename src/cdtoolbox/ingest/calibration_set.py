"""A calibration set from a folder: incident files with their hand-coded labels.

Each ``NAME.yaml`` (incident documents, docs/incident-format.md) goes with ``NAME-labels.csv``
whose header is :data:`LABEL_COLUMNS`; every incident has exactly one label and every label
an incident. An optional ``split.csv`` (header :data:`SPLIT_COLUMNS`) freezes the train and
test parts of the incidents it names (``SPLIT_RULE``). All or nothing: every error of every
file is reported together.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.ingest.incident_document import read_incident_file
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import (
    CalibrationLabel,
    CalibrationSet,
    Incident,
    ResponseLevel,
    SeverityLevel,
)

__all__ = [
    "LABEL_COLUMNS",
    "SPLIT_COLUMNS",
    "SPLIT_FILE",
    "UNKNOWN_RESPONSE",
    "read_calibration_set",
]

LABEL_COLUMNS = (
    "slug",
    "severity",
    "response_level",
    "response_evidence",
    "label_source",
    "coder_note",
)
#: The file freezing the parts of the incidents it names, and its header.
SPLIT_FILE = "split.csv"
SPLIT_COLUMNS = ("slug", "part")
_PARTS = ("train", "test")
#: The response level a coder writes when the actual response cannot be told (not scored).
UNKNOWN_RESPONSE = "unknown"
_LABELS_SUFFIX = "-labels.csv"
_CODED_SEVERITIES = tuple(level for level in SeverityLevel if level is not SeverityLevel.UNKNOWN)


def read_calibration_set(folder: Path, resolver: ReferenceResolver) -> CalibrationSet:
    """Every incident of the folder's ``*.yaml`` files with its label, by file name order.

    Incidents get the id ``calibration:<slug>``: they are not stored, but the engine tells an
    incident from its precedents by id.
    """
    if not folder.is_dir():
        raise ImportRejected(
            str(folder),
            [InvalidInput("calibration set", "folder", str(folder), "is not a folder")],
        )
    errors: list[InvalidInput] = []
    incidents: list[Incident] = []
    labels: dict[str, CalibrationLabel] = {}
    files = sorted(folder.glob("*.yaml"))
    if not files:
        reason = "holds no incident file (NAME.yaml with NAME-labels.csv)"
        errors.append(InvalidInput("calibration set", "folder", str(folder), reason))
    for incident_file in files:
        labels_file = incident_file.with_name(incident_file.stem + _LABELS_SUFFIX)
        try:
            read = read_incident_file(incident_file, resolver)
        except ImportRejected as rejected:
            errors.extend(rejected.errors)
            continue
        if not labels_file.is_file():
            reason = f"is missing: the labels of {incident_file.name}"
            errors.append(InvalidInput("calibration set", "file", labels_file.name, reason))
            continue
        coded = _read_labels(labels_file, errors)
        slugs = {incident.slug for incident in read}
        for incident in read:
            if incident.slug in labels:
                reason = "appears in two files of the set"
                errors.append(
                    InvalidInput("incident", "slug", incident.slug, reason, incident_file.name)
                )
                continue
            label = coded.get(incident.slug)
            if label is None:
                reason = f"has no label in {labels_file.name}"
                errors.append(
                    InvalidInput("incident", "slug", incident.slug, reason, incident_file.name)
                )
                continue
            incidents.append(incident.evolve(id=f"calibration:{incident.slug}"))
            labels[incident.slug] = label
        for slug in coded.keys() - slugs:
            reason = f"labels no incident of {incident_file.name}"
            errors.append(InvalidInput("label", "slug", slug, reason, labels_file.name))
    frozen_parts: dict[str, str] = {}
    if (folder / SPLIT_FILE).is_file():
        frozen_parts = _read_split(folder / SPLIT_FILE, errors)
        for slug in frozen_parts.keys() - labels.keys():
            reason = "names no incident of the set"
            errors.append(InvalidInput("split", "slug", slug, reason, SPLIT_FILE))
    if errors:
        raise ImportRejected(str(folder), errors)
    return CalibrationSet(tuple(incidents), labels, frozen_parts)


def _read_rows(
    path: Path, columns: tuple[str, ...], entity: str, errors: list[InvalidInput]
) -> list[tuple[str, list[str]]]:
    """The non-blank rows after the header, each with its location; a wrong header or an
    unreadable file is one error and no rows."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        errors.append(InvalidInput("file", path.name, path.name, f"cannot be read: {error}"))
        return []
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    if header is None or tuple(cell.strip() for cell in header) != columns:
        reason = f"must be the header {','.join(columns)}"
        errors.append(InvalidInput(entity, "header", header, reason, path.name))
        return []
    read = []
    for cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        location = f"{path.name}: line {rows.line_num}"
        if len(cells) != len(columns):
            reason = f"has {len(cells)} cells, not {len(columns)}"
            errors.append(InvalidInput(entity, "row", cells[:1], reason, location))
            continue
        read.append((location, [cell.strip() for cell in cells]))
    return read


def _read_split(path: Path, errors: list[InvalidInput]) -> dict[str, str]:
    parts: dict[str, str] = {}
    for location, (slug, part) in _read_rows(path, SPLIT_COLUMNS, "split", errors):
        if slug in parts:
            errors.append(InvalidInput("split", "slug", slug, "is listed twice", location))
        elif part not in _PARTS:
            reason = f"is not one of: {', '.join(_PARTS)}"
            errors.append(InvalidInput("split", "part", part, reason, location))
        else:
            parts[slug] = part
    return parts


def _read_labels(path: Path, errors: list[InvalidInput]) -> dict[str, CalibrationLabel]:
    labels: dict[str, CalibrationLabel] = {}
    for location, cells in _read_rows(path, LABEL_COLUMNS, "labels", errors):
        slug, severity, level, evidence, source, note = cells
        found = len(errors)
        if slug in labels:
            errors.append(InvalidInput("label", "slug", slug, "is labelled twice", location))
        if severity not in _CODED_SEVERITIES:
            allowed = ", ".join(_CODED_SEVERITIES)
            reason = f"is not one of: {allowed}"
            errors.append(InvalidInput("label", "severity", severity, reason, location))
        if level != UNKNOWN_RESPONSE and level not in tuple(ResponseLevel):
            allowed = ", ".join((*ResponseLevel, UNKNOWN_RESPONSE))
            reason = f"is not one of: {allowed}"
            errors.append(InvalidInput("label", "response_level", level, reason, location))
        if len(errors) > found:
            continue
        labels[slug] = CalibrationLabel(
            slug=slug,
            severity=SeverityLevel(severity),
            response_level=None if level == UNKNOWN_RESPONSE else ResponseLevel(level),
            response_evidence=evidence,
            label_source=source,
            coder_note=note,
        )
    return labels
