"""STIX 2.1 bundles in and out of the store."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from cdtoolbox.formats.stix import StixBundleImport, StixExportReport, write_bundle
from cdtoolbox.model import (
    Incident,
    IncidentFilter,
    Tlp,
)
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.exchange import KeptObject, StixImportReport
from cdtoolbox.model.statement import Statement
from cdtoolbox.store import Database, Repositories
from cdtoolbox.toolbox.access import require, require_export
from cdtoolbox.toolbox.actor_names import ActorCatalogues
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.progress import ProgressCallback, no_progress
from cdtoolbox.toolbox.resolution import StoreBackedResolver
from cdtoolbox.toolbox.statement_exchange import (
    chosen_statements,
    named_incidents,
    statement_refs,
    statements_within,
)

__all__ = ["StixService"]


class StixService:
    """STIX 2.1 bundles in and out (see docs/stix-mapping.md)."""

    def __init__(
        self,
        database: Database,
        stix_namespace: uuid.UUID,
        knowledge: KnowledgeSource,
        actors: ActorCatalogues,
        audit: AuditService,
    ) -> None:
        self._database = database
        self._stix_namespace = stix_namespace
        self._knowledge = knowledge
        self._actors = actors
        self._audit_trail = audit

    def import_bundle(
        self,
        path: Path,
        *,
        by: User,
        skip_invalid: bool = False,
        progress: ProgressCallback = no_progress,
    ) -> StixImportReport:
        """Import one bundle in one transaction, streaming it. A bundle with an invalid object
        imports nothing (``ImportRejected`` naming each object id and path) unless
        ``skip_invalid``, which imports the rest and reports the bad objects. One audit entry
        records the bundle's counts and the incidents it wrote."""
        require(by, Permission.IMPORT)
        # Objects fold only into the actors the importer may see, so an import tells nobody
        # that an actor above their clearance exists (without ``by``: the local operator).
        clearance = by.clearance
        actors = self._actors.at(clearance)
        resolver = StoreBackedResolver(self._knowledge, self._actors, clearance)
        size = path.stat().st_size
        stage = f"Importing {path.name}"
        with path.open("rb") as stream, self._database.transaction() as store:
            bundle = StixBundleImport(
                stream,
                source=path.name,
                resolver=resolver,
                actors=actors,
                progress=lambda _objects, done: progress(stage, done, size),
            )
            report = store.stix.apply(bundle, skip_invalid=skip_invalid)
            if report.created or report.updated:
                self._audit(store, by, report)
        progress(stage, size, size)
        return report

    def _audit(self, store: Repositories, by: User, report: StixImportReport) -> None:
        """One entry for the bundle with its counts; a repeated import that changed nothing
        leaves none, as it leaves the rest of the store unchanged."""
        written = (*report.incidents_created, *report.incidents_updated)
        found = store.incidents.get_many(written)
        self._audit_trail.record_import(
            store,
            by=by,
            action="stix.import",
            source=report.source,
            incidents=[found[i] for i in written if i in found],
            objects=report.objects,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            merged=report.merged,
            rejected=report.rejected,
            incidents_created=len(report.incidents_created),
            incidents_updated=len(report.incidents_updated),
            actors_created=len(report.actors_created),
        )

    def export_bundle(
        self,
        out: BinaryIO,
        query: IncidentFilter | None = None,
        *,
        by: User,
        max_tlp: Tlp = Tlp.CLEAR,
    ) -> StixExportReport:
        """Write the incidents matching ``query`` (at or below ``max_tlp``) as one bundle, with
        the actors they name and, as reports, the statements that name them; without a query,
        every statement of the archive and the partner objects kept as received. Forbidden
        when ``max_tlp`` is above ``by``'s clearance."""
        require_export(by, max_tlp)
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
            kept = store.stix.kept_objects(max_tlp) if whole else ()
            return self._write(out, store, incidents, statements, max_tlp, kept)

    def export_statements(
        self, out: BinaryIO, ids: Sequence[str], *, by: User, max_tlp: Tlp = Tlp.CLEAR
    ) -> StixExportReport:
        """Write the statements ``ids`` names as reports in one bundle, with the incidents and
        actors they name that may leave at ``max_tlp``. A statement ``by`` may not read is
        not found; one classified or marked above ``max_tlp`` is refused (``InvalidInput``);
        forbidden when ``max_tlp`` is above ``by``'s clearance."""
        require_export(by, max_tlp)
        with self._database.read() as store:
            statements = chosen_statements(store, ids, by, max_tlp)
            incidents = named_incidents(store, statements, max_tlp)
            return self._write(out, store, incidents, statements, max_tlp, ())

    def _write(
        self,
        out: BinaryIO,
        store: Repositories,
        incidents: list[Incident],
        statements: list[Statement],
        max_tlp: Tlp,
        kept: Iterable[KeptObject],
    ) -> StixExportReport:
        refs = statement_refs(statements, incidents, self._actors.at(max_tlp))
        named = {actor for incident in incidents for actor in _actors_named(incident)}
        named.update(actor for item in refs for actor in item.actor_ids)
        # Every actor named, whatever its marking: the writer leaves out those it must.
        actors = store.actors.get_many(named, max_tlp=Tlp.RED)
        return write_bundle(
            out,
            incidents,
            actors.values(),
            max_tlp=max_tlp,
            id_namespace=self._stix_namespace,
            kept=kept,
            country_names={c.code: c.name for c in self._knowledge.get().countries.all()},
            statements=refs,
        )


def _actors_named(incident: Incident) -> set[str]:
    named = set(incident.actor_ids)
    named.update(a.actor_id for a in incident.attributions if a.actor_id)
    return named
