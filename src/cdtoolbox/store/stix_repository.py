"""STIX in the store: applying an import plan in the caller's transaction, and reading back
the objects kept as received.

A plan is applied in one transaction: objects of types we do not model are written in
batches while the bundle is still being read (so a million-object bundle never sits in
memory), then the planned actors and incidents. When the bundle had errors and the caller
did not ask to skip them, :class:`ImportRejected` is raised and the transaction takes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, delete, func, select

from cdtoolbox.errors import ImportRejected
from cdtoolbox.model import Incident, ThreatActor, Tlp
from cdtoolbox.model.exchange import (
    KeptObject,
    PlannedActor,
    PlannedIncident,
    StixImport,
    StixImportReport,
)
from cdtoolbox.model.observables import ObservableRecord
from cdtoolbox.model.ports import slugify
from cdtoolbox.store.actor_repository import ActorRepository
from cdtoolbox.store.batches import chunks, insert_plain_rows
from cdtoolbox.store.incident_repository import IncidentRepository
from cdtoolbox.store.observable_repository import ObservableRepository
from cdtoolbox.store.schema import actors, incidents
from cdtoolbox.store.stix_schema import stix_imports, stix_objects

__all__ = ["StixRepository"]

_TLPS = tuple(Tlp)
_RANKS = {level: level.rank for level in Tlp}
_KEPT_COLUMNS = ("id", "modified", "type", "tlp_rank", "document")
_INCIDENT_BATCH = 2000


@dataclass
class _Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class StixRepository:
    """STIX objects kept as received, and the STIX origin of imported incidents and actors."""

    def __init__(
        self, connection: Connection, incidents: IncidentRepository, actors: ActorRepository
    ) -> None:
        self._connection = connection
        self._incidents = incidents
        self._actors = actors

    def apply(
        self,
        bundle: StixImport,
        *,
        skip_invalid: bool = False,
        incident_refs: Mapping[str, str] | None = None,
    ) -> StixImportReport:
        """Read ``bundle`` to the end and store what it plans, with the observables it ties to
        incidents in the observables index. An incident is named by its STIX id: one this or an
        earlier import recorded, or one of ``incident_refs`` (STIX id to local id) for
        incidents written otherwise (MISP events); links to any other are left out.

        Raises :class:`ImportRejected` (the caller's transaction then rolls back) when an
        object was invalid and ``skip_invalid`` is false; with it, the valid objects are
        stored and the invalid ones are reported.
        """
        counts = _Counts()
        for batch in bundle.kept():
            if bundle.errors_found and not skip_invalid:
                continue  # the import will be refused: read on only to report every error
            self._keep(batch, counts)
        plan = bundle.plan
        if plan.errors and not skip_invalid:
            raise ImportRejected(plan.source, plan.errors)
        actors_created = self._apply_actors(plan.actors, counts)
        created, updated = self._apply_incidents(plan.incidents, counts)
        self._index_observables(bundle, plan.source, incident_refs or {})
        return StixImportReport(
            source=plan.source,
            objects=plan.objects,
            created=counts.created,
            updated=counts.updated,
            unchanged=counts.unchanged,
            merged=plan.merged,
            rejected=plan.rejected,
            skipped=plan.skipped,
            errors=plan.errors,
            incidents_created=created,
            incidents_updated=updated,
            actors_created=actors_created,
        )

    def kept_objects(self, max_tlp: Tlp | None = None) -> Iterator[KeptObject]:
        """Every kept object version at or below ``max_tlp``, by type and id."""
        query = select(stix_objects).order_by(
            stix_objects.c.type, stix_objects.c.id, stix_objects.c.modified
        )
        if max_tlp is not None:
            query = query.where(stix_objects.c.tlp_rank <= max_tlp.rank)
        result = self._connection.execution_options(yield_per=2000).execute(query)
        for row in result:
            yield KeptObject(
                row.id, row.type, row.modified, _TLPS[row.tlp_rank], row.document.encode()
            )

    def count_kept(self) -> int:
        """How many object versions are kept."""
        return int(
            self._connection.execute(select(func.count()).select_from(stix_objects)).scalar_one()
        )

    # observables ----------------------------------------------------------------------

    def _index_observables(
        self, bundle: StixImport, source: str, incident_refs: Mapping[str, str]
    ) -> None:
        links = list(bundle.observed())
        if not links:
            return
        local = dict(incident_refs)
        wanted = sorted({link.incident_ref for link in links} - local.keys())
        for part in chunks(wanted):
            query = select(stix_imports.c.stix_id, stix_imports.c.local_id).where(
                stix_imports.c.stix_id.in_(part), stix_imports.c.kind == "incident"
            )
            local.update((row.stix_id, row.local_id) for row in self._connection.execute(query))
        ObservableRepository(self._connection).add_many(
            ObservableRecord(
                incident_id=local[link.incident_ref],
                observable=link.observable,
                source=source,
                tlp=link.tlp,
                first_seen=link.first_seen,
                last_seen=link.last_seen,
                sightings=link.sightings,
            )
            for link in links
            if link.incident_ref in local
        )

    # objects kept as received ---------------------------------------------------------

    def _keep(self, batch: Sequence[KeptObject], counts: _Counts) -> None:
        unique: dict[tuple[str, str], KeptObject] = {}
        for kept in batch:
            if (kept.id, kept.modified) in unique:
                counts.unchanged += 1
            else:
                unique[(kept.id, kept.modified)] = kept
        held: set[tuple[str, str]] = set()
        ids_held: set[str] = set()
        for part in chunks(sorted({key[0] for key in unique})):
            query = select(stix_objects.c.id, stix_objects.c.modified).where(
                stix_objects.c.id.in_(part)
            )
            for object_id, modified in self._connection.execute(query):
                held.add((object_id, modified))
                ids_held.add(object_id)
        rows = []
        for key, kept in unique.items():
            if key in held:
                counts.unchanged += 1
                continue
            if kept.id in ids_held:
                counts.updated += 1
            else:
                counts.created += 1
            rows.append(
                (kept.id, kept.modified, kept.type, _RANKS[kept.tlp], kept.document.decode())
            )
        # A million of these rows would spend seconds in SQLAlchemy's parameter processing.
        insert_plain_rows(self._connection, stix_objects, _KEPT_COLUMNS, rows)

    # actors ---------------------------------------------------------------------------

    def _apply_actors(self, planned: Sequence[PlannedActor], counts: _Counts) -> tuple[str, ...]:
        newest: dict[str, PlannedActor] = {}
        for item in planned:
            if item.known:
                counts.unchanged += 1
                continue
            current = newest.get(item.actor.id)
            if current is not None:
                counts.unchanged += 1
                if current.modified >= item.modified:
                    continue
            newest[item.actor.id] = item
        if not newest:
            return ()
        recorded = self._recorded([item.stix_id for item in newest.values()])
        stored = self._actors.get_many(newest, max_tlp=Tlp.RED)
        new: list[ThreatActor] = []
        changed: list[ThreatActor] = []
        written: list[PlannedActor] = []
        for actor_id, item in newest.items():
            current_actor = stored.get(actor_id)
            if current_actor is None:
                new.append(item.actor)
            elif _with_slug(item.actor, current_actor.slug) != current_actor and (
                item.modified > recorded.get(item.stix_id, item.modified)
            ):
                changed.append(_with_slug(item.actor, current_actor.slug))
            else:
                counts.unchanged += 1
                continue
            written.append(item)
        new = _unique_actor_slugs(self._connection, new)
        self._actors.upsert_many([*new, *changed])
        counts.created += len(new)
        counts.updated += len(changed)
        self._record("actor", [(item.stix_id, item.modified, item.actor.id) for item in written])
        return tuple(actor.id for actor in new)

    # incidents ------------------------------------------------------------------------

    def _apply_incidents(
        self, planned: Sequence[PlannedIncident], counts: _Counts
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        newest: dict[str, PlannedIncident] = {}
        for item in planned:
            current = newest.get(item.incident.id)
            if current is not None:
                counts.unchanged += 1
                if current.modified >= item.modified:
                    continue
            newest[item.incident.id] = item
        created: list[str] = []
        updated: list[str] = []
        # In batches, so a million-object bundle never holds every incident's rows at once.
        for part in chunks(list(newest.values()), _INCIDENT_BATCH):
            new_ids, changed_ids = self._apply_incident_batch(part, counts)
            created += new_ids
            updated += changed_ids
        return tuple(created), tuple(updated)

    def _apply_incident_batch(
        self, batch: Sequence[PlannedIncident], counts: _Counts
    ) -> tuple[list[str], list[str]]:
        recorded = self._recorded([item.stix_id for item in batch])
        pending = {
            item.incident.id: item for item in batch if recorded.get(item.stix_id) != item.modified
        }
        counts.unchanged += len(batch) - len(pending)
        stored = self._incidents.get_many(list(pending))
        new: list[PlannedIncident] = []
        changed: list[tuple[Incident, int]] = []
        written: list[PlannedIncident] = []
        for incident_id, item in pending.items():
            held = stored.get(incident_id)
            if held is None:
                new.append(item)
                written.append(item)
                continue
            candidate = item.incident.evolve(
                slug=item.incident.slug or held.slug, version=held.version
            )
            if candidate != held and _later(candidate.updated_at, held.updated_at):
                changed.append((candidate, held.version))
                written.append(item)
            else:
                counts.unchanged += 1
        created = self._incidents.add_many(_unique_incident_slugs(self._connection, new))
        for candidate, version in changed:
            self._incidents.update(candidate, expected_version=version)
        counts.created += len(created)
        counts.updated += len(changed)
        self._record(
            "incident", [(item.stix_id, item.modified, item.incident.id) for item in written]
        )
        return [incident.id for incident in created], [candidate.id for candidate, _ in changed]

    # where imported objects came from -------------------------------------------------

    def _recorded(self, stix_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for part in chunks(sorted(set(stix_ids))):
            query = select(stix_imports.c.stix_id, stix_imports.c.modified).where(
                stix_imports.c.stix_id.in_(part)
            )
            found.update((row.stix_id, row.modified) for row in self._connection.execute(query))
        return found

    def _record(self, kind: str, rows: Sequence[tuple[str, str, str]]) -> None:
        for part in chunks(rows):
            self._connection.execute(
                delete(stix_imports).where(stix_imports.c.stix_id.in_([row[0] for row in part]))
            )
            insert_plain_rows(
                self._connection,
                stix_imports,
                ("stix_id", "modified", "kind", "local_id"),
                [(stix_id, modified, kind, local) for stix_id, modified, local in part],
            )


def _with_slug(actor: ThreatActor, slug: str) -> ThreatActor:
    return ThreatActor(**{**actor.__dict__, "slug": slug})


def _later(incoming: datetime | None, stored: datetime | None) -> bool:
    """Whether ``incoming`` is after ``stored`` (naive times are UTC, as the store keeps them)."""
    if incoming is None:
        return False
    if stored is None:
        return True
    return _utc(incoming) > _utc(stored)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _taken(connection: Connection, column: Column[Any], candidates: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for part in chunks(sorted(set(candidates))):
        found.update(connection.execute(select(column).where(column.in_(part))).scalars())
    return found


def _free_slugs(connection: Connection, column: Column[Any], wanted: Sequence[str]) -> list[str]:
    """A slug for each wanted one, unique in the store and among themselves: ``x``, ``x-2``…"""
    result = list(wanted)
    pending = list(range(len(wanted)))
    number = 1
    used: set[str] = set()
    while pending:
        candidates = {
            index: wanted[index] if number == 1 else f"{wanted[index]}-{number}"
            for index in pending
        }
        taken = _taken(connection, column, candidates.values())
        still: list[int] = []
        for index, candidate in candidates.items():
            if candidate in taken or candidate in used:
                still.append(index)
            else:
                used.add(candidate)
                result[index] = candidate
        pending = still
        number += 1
    return result


def _unique_incident_slugs(
    connection: Connection, planned: Sequence[PlannedIncident]
) -> list[Incident]:
    wanted = [item.incident.slug or _incident_slug(item.incident) for item in planned]
    slugs = _free_slugs(connection, incidents.c.slug, wanted)
    return [item.incident.evolve(slug=slug) for item, slug in zip(planned, slugs, strict=True)]


def _incident_slug(incident: Incident) -> str:
    base = slugify(incident.title)
    if incident.start is not None and str(incident.start.value.year) not in base:
        base = f"{base}-{incident.start.value.year}"
    return base


def _unique_actor_slugs(connection: Connection, new: Sequence[ThreatActor]) -> list[ThreatActor]:
    slugs = _free_slugs(connection, actors.c.slug, [actor.slug for actor in new])
    return [_with_slug(actor, slug) for actor, slug in zip(new, slugs, strict=True)]
