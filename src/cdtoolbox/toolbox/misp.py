"""MISP events and feeds in and out of the store (see docs/misp-mapping.md)."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import orjson

from cdtoolbox.errors import ImportRejected, InvalidInput, NotFound
from cdtoolbox.formats.misp import (
    MispEventContext,
    MispExportReport,
    MispImportPlan,
    PlannedEvent,
    apply_newer_event,
    read_misp_path,
    write_misp_events,
    write_misp_feed,
)
from cdtoolbox.formats.misp.tag_tables import MispTables, load_misp_tables
from cdtoolbox.formats.stix import StixBundleImport
from cdtoolbox.formats.stix.identifiers import stix_id
from cdtoolbox.formats.stix.report_writer import StatementRefs
from cdtoolbox.knowledge.misp_files import galaxy_cluster_values, taxonomy
from cdtoolbox.model import Incident, IncidentFilter, ThreatActor, Tlp
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.ports import Clock
from cdtoolbox.store import Database, Repositories
from cdtoolbox.toolbox.access import require, require_export
from cdtoolbox.toolbox.actor_names import ActorCatalogues
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.incident_slugs import free_incident_slug
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.resolution import StoreBackedResolver
from cdtoolbox.toolbox.settings import DEFAULT_ORGANISATION
from cdtoolbox.toolbox.statement_exchange import (
    chosen_statements,
    named_incidents,
    statement_refs,
    statements_within,
)

__all__ = ["DEFAULT_ORGANISATION", "MispImportReport", "MispService"]


@dataclass(frozen=True)
class MispImportReport:
    """What one file or directory of events did. Every event read is counted exactly once in
    ``created``, ``updated``, ``unchanged``, ``superseded``, ``rejected`` or ``skipped``."""

    source: str
    events: int
    created: tuple[str, ...]  # incident ids
    updated: tuple[str, ...]
    unchanged: int  # already held in this version (or a newer one)
    superseded: int  # an older or repeated version of an event of the same import
    rejected: int
    actors_created: tuple[str, ...]
    attributes: int  # attributes read in the events stored
    references: int  # kept as sources
    observables: int  # kept as STIX observables
    observables_stored: int  # STIX objects (observables and their links) new to the store
    rejected_attributes: int
    errors: tuple[InvalidInput, ...]
    # The events we write for statements: not incidents, and statements enter the archive
    # from their files (`cdt statements add`).
    skipped: int = 0


class MispService:
    """MISP events and feeds in and out."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        stix_namespace: uuid.UUID,
        knowledge: KnowledgeSource,
        actors: ActorCatalogues,
        audit: AuditService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._stix_namespace = stix_namespace
        self._knowledge = knowledge
        self._actors = actors
        self._audit_trail = audit

    def import_path(self, path: Path, *, by: User, skip_invalid: bool = False) -> MispImportReport:
        """Import a file of MISP events, or a directory of them (a feed), in one transaction.

        An event is identified by its uuid: the same version again changes nothing, a newer
        ``timestamp`` updates the incident. With any invalid event or attribute nothing is
        imported (``ImportRejected`` naming each field) unless ``skip_invalid``, which imports
        the rest and reports what was refused. One audit entry records the file's (or
        directory's) counts and the incidents it wrote.
        """
        require(by, Permission.IMPORT)
        if not path.exists():
            raise InvalidInput("MISP import", "path", str(path), "does not exist")
        # Events match only the actors the importer may see (without ``by``: the operator).
        clearance = by.clearance
        catalogue = self._actors.at(clearance)
        plan = read_misp_path(
            path,
            resolver=StoreBackedResolver(self._knowledge, self._actors, clearance),
            actors=catalogue,
            stix_namespace=self._stix_namespace,
            tables=self._tables(),
        )
        if plan.errors and not skip_invalid:
            raise ImportRejected(plan.source, plan.errors)
        with self._database.transaction() as store:
            new_actors = _with_free_slugs(plan.actors, catalogue.get)
            store.actors.upsert_many(new_actors)
            report = self._apply(store, plan, actors_created=tuple(a.id for a in new_actors))
            written = (*report.created, *report.updated)
            if written or report.actors_created or report.observables_stored:
                self._audit(store, by, report, store.incidents.get_many(written))
        return report

    def _audit(
        self,
        store: Repositories,
        by: User,
        report: MispImportReport,
        found: Mapping[str, Incident],
    ) -> None:
        """One entry for the file (or directory) with its counts; a repeated import that
        changed nothing leaves none, as it leaves the rest of the store unchanged."""
        written = (*report.created, *report.updated)
        self._audit_trail.record_import(
            store,
            by=by,
            action="misp.import",
            source=report.source,
            incidents=[found[i] for i in written if i in found],
            events=report.events,
            created=len(report.created),
            updated=len(report.updated),
            unchanged=report.unchanged,
            superseded=report.superseded,
            rejected=report.rejected,
            actors_created=len(report.actors_created),
            observables_stored=report.observables_stored,
        )

    def export_events(
        self,
        out: BinaryIO,
        query: IncidentFilter | None = None,
        *,
        by: User,
        max_tlp: Tlp = Tlp.CLEAR,
        organisation: str = DEFAULT_ORGANISATION,
    ) -> MispExportReport:
        """Write the incidents matching ``query`` (at or below ``max_tlp``) as MISP events, in
        the form of a MISP search result (``{"response": [...]}``), with the statements naming
        them as event reports (without a query, every statement; one naming no exported
        incident in an event of its own). Forbidden when ``max_tlp`` is above ``by``'s
        clearance."""
        require_export(by, max_tlp)
        incidents, statements, context = self._export_input(query, max_tlp, organisation)
        return write_misp_events(out, incidents, context, max_tlp=max_tlp, statements=statements)

    def export_feed(
        self,
        directory: Path,
        query: IncidentFilter | None = None,
        *,
        by: User,
        max_tlp: Tlp = Tlp.CLEAR,
        organisation: str = DEFAULT_ORGANISATION,
    ) -> MispExportReport:
        """Write the incidents matching ``query`` (at or below ``max_tlp``) as a MISP feed,
        with their statements as :meth:`export_events` does. Forbidden when ``max_tlp`` is
        above ``by``'s clearance."""
        require_export(by, max_tlp)
        incidents, statements, context = self._export_input(query, max_tlp, organisation)
        return write_misp_feed(
            directory, incidents, context, max_tlp=max_tlp, statements=statements
        )

    def export_statements(
        self,
        out: BinaryIO,
        ids: Sequence[str],
        *,
        by: User,
        max_tlp: Tlp = Tlp.CLEAR,
        organisation: str = DEFAULT_ORGANISATION,
    ) -> MispExportReport:
        """Write the statements ``ids`` names as event reports, in the events of the incidents
        they name that may leave at ``max_tlp`` (or in events of their own), as a MISP search
        result. A statement ``by`` may not read is not found; one classified or above
        ``max_tlp`` is refused (``InvalidInput``); forbidden when ``max_tlp`` is above
        ``by``'s clearance."""
        require_export(by, max_tlp)
        with self._database.read() as store:
            chosen = chosen_statements(store, ids, by, max_tlp)
            incidents = named_incidents(store, chosen, max_tlp)
            actors = self._named_actors(store, incidents)
        context = self._context(organisation, actors)
        refs = statement_refs(chosen, incidents, self._actors.at(max_tlp))
        return write_misp_events(out, incidents, context, max_tlp=max_tlp, statements=refs)

    # import ---------------------------------------------------------------------------

    def _apply(
        self, store: Repositories, plan: MispImportPlan, *, actors_created: tuple[str, ...]
    ) -> MispImportReport:
        clock = self._clock
        held = store.incidents.get_many([event.incident.id for event in plan.events])
        created: list[str] = []
        updated: list[str] = []
        written: list[PlannedEvent] = []
        taken: set[str] = set()
        for event in plan.events:
            current = held.get(event.incident.id)
            if current is None:
                now = clock.now()
                incident = event.incident.evolve(
                    slug=free_incident_slug(event.incident, taken, store.incidents.slug_exists),
                    created_at=event.incident.created_at or now,
                    updated_at=event.incident.updated_at or now,
                )
                taken.add(incident.slug)
                store.incidents.add(incident)
                created.append(incident.id)
            elif _later(event.timestamp, current.updated_at):
                store.incidents.update(
                    apply_newer_event(current, event), expected_version=current.version
                )
                updated.append(current.id)
            else:
                continue
            written.append(event)
        stored = self._keep_observables(store, plan.source, written)
        return MispImportReport(
            source=plan.source,
            events=plan.events_read,
            created=tuple(created),
            updated=tuple(updated),
            unchanged=len(plan.events) - len(written),
            superseded=plan.superseded,
            rejected=plan.rejected,
            actors_created=actors_created,
            attributes=sum(event.attributes for event in written),
            references=sum(event.references for event in written),
            observables=sum(event.observables for event in written),
            observables_stored=stored,
            rejected_attributes=plan.rejected_attributes,
            errors=plan.errors,
            skipped=plan.skipped,
        )

    def _keep_observables(
        self, store: Repositories, source: str, events: Sequence[PlannedEvent]
    ) -> int:
        """Store the observables of the written events with the STIX objects kept as received
        (the same table, TLP filter and STIX export), in the caller's transaction."""
        objects = [obj for event in events for obj in event.kept]
        if not objects:
            return 0
        bundle = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": objects}
        # Observables and their relationships name no actor: none needs to be seen.
        reading = StixBundleImport(
            io.BytesIO(orjson.dumps(bundle)),
            source=source,
            resolver=StoreBackedResolver(self._knowledge, self._actors, Tlp.CLEAR),
            actors=self._actors.at(Tlp.CLEAR),
        )
        # The events' incidents are named in the relationships by the STIX id an export gives
        # them, which is how the observables index finds which incident each value is on.
        refs = {
            stix_id(self._stix_namespace, "incident", event.incident.id): event.incident.id
            for event in events
        }
        report = store.stix.apply(reading, incident_refs=refs)
        return report.created + report.updated

    # export ---------------------------------------------------------------------------

    def _export_input(
        self, query: IncidentFilter | None, max_tlp: Tlp, organisation: str
    ) -> tuple[list[Incident], list[StatementRefs], MispEventContext]:
        # EU classified information never leaves through a partner exchange, whatever its TLP.
        query = replace(query or IncidentFilter(), max_tlp=max_tlp, max_classification=None)
        whole = query.is_empty_but_clearance
        with self._database.read() as store:
            incidents = list(store.incidents.every(query))
            slugs = {incident.slug for incident in incidents}
            statements = [
                statement
                for statement in statements_within(store, max_tlp)
                if whole or any(item.id in slugs for item in statement.reading.incidents)
            ]
            actors = self._named_actors(store, incidents)
        context = self._context(organisation, actors)
        refs = statement_refs(statements, incidents, self._actors.at(max_tlp))
        return incidents, refs, context

    def _named_actors(
        self, store: Repositories, incidents: Sequence[Incident]
    ) -> dict[str, ThreatActor]:
        named = {
            actor
            for incident in incidents
            for actor in (
                *incident.actor_ids,
                *(a.actor_id for a in incident.attributions if a.actor_id),
            )
        }
        # Every actor named, whatever its marking: the writer leaves out those it must.
        return store.actors.get_many(named, max_tlp=Tlp.RED)

    def _context(self, organisation: str, actors: Mapping[str, ThreatActor]) -> MispEventContext:
        name = organisation.strip()
        if not name:
            raise InvalidInput("MISP export", "organisation", organisation, "must not be empty")
        knowledge = self._knowledge.get()
        namespace = self._stix_namespace
        return MispEventContext(
            organisation=name,
            organisation_uuid=str(uuid.uuid5(namespace, f"misp-organisation:{name}")),
            namespace=namespace,
            actors=actors,
            tables=self._tables(),
            country_names={country.code: country.name for country in knowledge.countries.all()},
        )

    def _tables(self) -> MispTables:
        return load_misp_tables(
            galaxy_cluster_values("country"),
            self._knowledge.get().sectors.all(),
            taxonomy("nis2"),
        )


def _later(incoming: datetime | None, stored: datetime | None) -> bool:
    """Whether an event's ``timestamp`` is after the incident's ``updated_at``; an event
    without one can never be told newer."""
    if incoming is None:
        return False
    if stored is None:
        return True
    return _utc(incoming) > _utc(stored)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _with_free_slugs(
    actors: Sequence[ThreatActor], get: Callable[[str], ThreatActor]
) -> list[ThreatActor]:
    """New actors with slugs no stored actor (nor another new one) has."""
    taken: set[str] = set()
    result = []
    for actor in actors:
        candidate, number = actor.slug, 1
        while candidate in taken or _slug_known(candidate, get):
            number += 1
            candidate = f"{actor.slug}-{number}"
        taken.add(candidate)
        result.append(replace(actor, slug=candidate))
    return result


def _slug_known(slug: str, get: Callable[[str], ThreatActor]) -> bool:
    try:
        get(slug)
    except NotFound:
        return False
    return True
