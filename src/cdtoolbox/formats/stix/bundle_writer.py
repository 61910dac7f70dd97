"""Writing a STIX 2.1 bundle: incidents, the statements that name them, the actors and states
they name, and the objects kept as received, filtered by TLP on the way out.

The bundle is written as it is produced, so exporting a large store never holds it in
memory. Its id is derived from what it contains and comes last in the JSON object.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO, Final

import orjson

from cdtoolbox.formats.stix.identifiers import stix_id
from cdtoolbox.formats.stix.object_writer import (
    actor_object,
    attribution_objects,
    extension_objects,
    incident_object,
    incident_times,
    marking_object,
    state_object,
)
from cdtoolbox.formats.stix.report_writer import (
    StatementRefs,
    issuer_country,
    issuer_identity,
    issuer_identity_id,
    statement_report,
)
from cdtoolbox.formats.stix.vocabulary import TLP_BY_MARKING_ID
from cdtoolbox.model import Incident, ThreatActor, Tlp
from cdtoolbox.model.exchange import KeptObject

__all__ = ["DEFAULT_REFERENCE_TIME", "StixExportReport", "export_bundle", "write_bundle"]

#: The `created`/`modified` of objects that have no time of their own (actors, states):
#: pass the date of the reference data release to move it forward.
DEFAULT_REFERENCE_TIME: Final = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class StixExportReport:
    objects: int
    incidents: int
    actors: int
    states: int
    kept: int
    withheld: int  # incidents, statements, actors and kept objects above ``max_tlp``
    statements: int = 0


class _Writer:
    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._digest = hashlib.sha256()
        self.count = 0

    def write(self, document: bytes) -> None:
        self._out.write(b"\n" if self.count == 0 else b",\n")
        self._out.write(document)
        self._digest.update(document)
        self.count += 1

    def bundle_id(self, namespace: uuid.UUID) -> str:
        digest = uuid.uuid5(namespace, f"bundle:{self._digest.hexdigest()}")
        return f"bundle--{uuid.UUID(bytes=digest.bytes, version=4)}"


def write_bundle(
    out: BinaryIO,
    incidents: Iterable[Incident],
    actors: Iterable[ThreatActor],
    *,
    max_tlp: Tlp,
    id_namespace: uuid.UUID,
    kept: Iterable[KeptObject] = (),
    country_names: Mapping[str, str] | None = None,
    reference_time: datetime = DEFAULT_REFERENCE_TIME,
    statements: Iterable[StatementRefs] = (),
) -> StixExportReport:
    """Write one bundle to ``out``: every incident at or below ``max_tlp`` with its
    attributions, every unclassified statement at or below ``max_tlp`` as a report, the
    actors and states they name, then the ``kept`` objects at or below ``max_tlp``.
    ``actors`` must hold every actor the exported incidents and statements name.

    A report refers to the incidents of this bundle and the actors it names that are marked
    at most as the statement is, so a reader allowed the report may follow every reference
    in it; a statement left with nothing to refer to refers to the identity of its issuer.

    An actor or state object is marked with the least restrictive marking among the exported
    incidents that name it, and never below the actor's own marking: a reader who may see
    none of those incidents (a TAXII reader, who is filtered object by object) does not learn
    from it which actors and states the hidden incidents name. An actor marked above
    ``max_tlp`` is withheld; the incidents naming it keep their reference to it.

    ``id_namespace`` is the exporting organisation's own: two organisations exporting the
    same incident produce different STIX ids, as STIX requires of different creators.
    """
    names = country_names or {}
    known_actors = {actor.id: actor for actor in actors}
    writer = _Writer(out)
    out.write(b'{"type":"bundle","objects":[')
    for obj in extension_objects():
        writer.write(orjson.dumps(obj))
    used_tlps: set[Tlp] = {Tlp.CLEAR}
    actor_tlps: dict[str, Tlp] = {}  # actor id -> least restrictive incident naming it
    state_tlps: dict[str, Tlp] = {}
    issuer_tlps: dict[str, tuple[Tlp, StatementRefs]] = {}
    entries = list(statements)
    # Only the incidents a statement names are remembered: memory stays flat on a large store.
    named_incidents = {incident_id for entry in entries for incident_id in entry.incident_ids}
    written_incidents: dict[str, Tlp] = {}
    exported = withheld = 0
    for incident in incidents:
        if incident.tlp.rank > max_tlp.rank:
            withheld += 1
            continue
        exported += 1
        if incident.id in named_incidents:
            written_incidents[incident.id] = incident.tlp
        used_tlps.add(incident.tlp)
        created, modified = incident_times(incident, reference_time)
        writer.write(orjson.dumps(incident_object(incident, id_namespace, created, modified)))
        for position, attribution in enumerate(incident.attributions):
            for obj in attribution_objects(
                incident, position, attribution, id_namespace, created, modified
            ):
                writer.write(orjson.dumps(obj))
            if attribution.state:
                _note_least(state_tlps, attribution.state, incident.tlp)
            if attribution.actor_id:
                _note_least(actor_tlps, attribution.actor_id, incident.tlp)
        for actor_id in incident.actor_ids:
            _note_least(actor_tlps, actor_id, incident.tlp)
        _check_actors(incident, actor_tlps.keys(), known_actors)
    reports = 0
    for entry in entries:
        statement = entry.statement
        if statement.classification is not None or statement.tlp.rank > max_tlp.rank:
            # EU classified information never leaves through an exchange, whatever its TLP.
            withheld += 1
            continue
        reports += 1
        used_tlps.add(statement.tlp)
        refs = [
            stix_id(id_namespace, "incident", incident_id)
            for incident_id in entry.incident_ids
            if incident_id in written_incidents
            and written_incidents[incident_id].rank <= statement.tlp.rank
        ]
        for actor_id in entry.actor_ids:
            actor = known_actors.get(actor_id)
            if actor is None:
                raise ValueError(
                    f"statement {statement.id} names actor {actor_id}, not given to the export"
                )
            if actor.tlp.rank <= statement.tlp.rank:
                _note_least(actor_tlps, actor_id, statement.tlp)
                refs.append(stix_id(id_namespace, "intrusion-set", actor_id))
        if not refs:
            country = issuer_country(statement)
            if country is not None:
                _note_least(state_tlps, country, statement.tlp)
            else:
                issuer = issuer_identity_id(id_namespace, statement)
                current = issuer_tlps.get(issuer)
                if current is None or statement.tlp.rank < current[0].rank:
                    issuer_tlps[issuer] = (statement.tlp, entry)
            refs.append(issuer_identity_id(id_namespace, statement))
        writer.write(orjson.dumps(statement_report(statement, id_namespace, refs)))
    for issuer in sorted(issuer_tlps):
        tlp, issuer_entry = issuer_tlps[issuer]
        writer.write(
            orjson.dumps(issuer_identity(issuer_entry.statement, id_namespace, reference_time, tlp))
        )
    for country in sorted(state_tlps):
        tlp = state_tlps[country]
        writer.write(orjson.dumps(state_object(country, names, id_namespace, reference_time, tlp)))
    actors_written = 0
    for actor_id in sorted(actor_tlps):
        actor = known_actors[actor_id]
        tlp = max(actor.tlp, actor_tlps[actor_id], key=_rank)
        if tlp.rank > max_tlp.rank:
            withheld += 1
            continue
        used_tlps.add(tlp)
        actors_written += 1
        writer.write(orjson.dumps(actor_object(actor, id_namespace, reference_time, tlp)))
    kept_count = 0
    for item in kept:
        if item.tlp.rank > max_tlp.rank:
            withheld += 1
            continue
        if item.type == "marking-definition" and item.id in TLP_BY_MARKING_ID:
            continue  # written below, once, in its standard form
        writer.write(item.document)
        used_tlps.add(item.tlp)
        kept_count += 1
    for tlp in sorted(used_tlps, key=lambda level: level.rank):
        writer.write(orjson.dumps(marking_object(tlp)))
    out.write(b'\n],"id":"' + writer.bundle_id(id_namespace).encode() + b'"}\n')
    return StixExportReport(
        objects=writer.count,
        incidents=exported,
        actors=actors_written,
        states=len(state_tlps),
        kept=kept_count,
        withheld=withheld,
        statements=reports,
    )


def export_bundle(
    incidents: Iterable[Incident],
    actors: Iterable[ThreatActor],
    *,
    max_tlp: Tlp,
    id_namespace: uuid.UUID,
    **options: Any,
) -> bytes:
    """The bundle :func:`write_bundle` writes, as bytes."""
    buffer = io.BytesIO()
    write_bundle(buffer, incidents, actors, max_tlp=max_tlp, id_namespace=id_namespace, **options)
    return buffer.getvalue()


def _rank(level: Tlp) -> int:
    return level.rank


def _note_least(levels: dict[str, Tlp], key: str, tlp: Tlp) -> None:
    current = levels.get(key)
    if current is None or tlp.rank < current.rank:
        levels[key] = tlp


def _check_actors(
    incident: Incident, wanted: Iterable[str], known: Mapping[str, ThreatActor]
) -> None:
    missing = sorted(actor_id for actor_id in wanted if actor_id not in known)
    if missing:
        raise ValueError(
            f"incident {incident.id} names actors that were not given to the export: "
            + ", ".join(missing)
        )
