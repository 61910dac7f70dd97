"""Incidents: list, show, find similar, add, edit, import and export, each write one
transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdtoolbox.errors import ImportRejected, InvalidInput, NotFound
from cdtoolbox.ingest.query_parameters import FILTER_PARAMETERS, read_incident_filter
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.model import (
    Incident,
    IncidentFilter,
    IncidentSort,
    Page,
)
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.ports import Clock, IdFactory
from cdtoolbox.store import MAX_PAGE_SIZE, every_page
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.toolbox.access import classification_refusal, require
from cdtoolbox.toolbox.actor_names import ActorCatalogues, actor_names
from cdtoolbox.toolbox.audit import CLASSIFICATION_FIELD, MARKING_FIELD, AuditService
from cdtoolbox.toolbox.incident_listing import ListedIncident, listed_incident
from cdtoolbox.toolbox.incident_slugs import IncidentSlugs
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.resolution import StoreBackedResolver
from cdtoolbox.toolbox.similar_incidents import SimilarIncident, similar_incidents

if TYPE_CHECKING:
    from cdtoolbox.ingest.incident_export import ExportPage

# The readers and writers of incident files (JSON, YAML, CSV) are imported by the methods that
# read or write one: listing incidents, what most commands do, has no use for them.

__all__ = [
    "EditableIncident",
    "ImportReport",
    "IncidentService",
    "hidden_or_missing",
    "read_documents",
    "readable_incident",
    "within_clearance",
]

# The same answer whether the incident does not exist or is above the reader's clearance,
# so that a reader cannot learn which.
_HIDDEN_HINT = "among the incidents you are cleared to read"


def hidden_or_missing(key: str) -> NotFound:
    """The one error for an incident that is not stored or that the reader may not read."""
    return NotFound("incident", key, _HIDDEN_HINT)


def within_clearance(query: IncidentFilter | None, by: User) -> IncidentFilter:
    """``query`` narrowed to what ``by`` may read."""
    query = query or IncidentFilter()
    require(by, Permission.READ)
    if query.max_tlp is None or query.max_tlp.rank > by.clearance.rank:
        query = replace(query, max_tlp=by.clearance)
    # No query narrows the classification (unset means "unclassified only"): the reader's
    # classification clearance is the bound.
    return replace(query, max_classification=by.classification_clearance)


def _listing_query(query: IncidentFilter | None, limit: int, by: User) -> IncidentFilter:
    if not 1 <= limit <= 1000:
        raise InvalidInput("query", "limit", limit, "must be between 1 and 1000")
    return within_clearance(query, by)


def read_documents(
    documents: Sequence[object], resolver: ReferenceResolver, *, source: str
) -> list[Incident]:
    from cdtoolbox.ingest.incident_document import read_incident_document

    incidents: list[Incident] = []
    errors: list[InvalidInput] = []
    for index, document in enumerate(documents):
        try:
            incidents.append(
                read_incident_document(document, resolver, location=f"{source}: incidents[{index}]")
            )
        except ImportRejected as rejected:
            errors.extend(rejected.errors)
    if errors:
        raise ImportRejected(source, errors)
    return incidents


@dataclass
class ImportReport:
    """The outcome of an import: what was created; an import either fully succeeds or raises."""

    source: str
    created: list[Incident] = field(default_factory=list)


@dataclass(frozen=True)
class EditableIncident:
    """A stored incident and the document ``edit`` applies changes to, actors by name."""

    incident: Incident
    document: Mapping[str, Any]


# An export reads the largest page ``list`` serves: the fewest queries, while never holding
# more than one page of incidents.
_EXPORT_PAGE = 1000


class IncidentService:
    """Incidents: list, show, find similar, add, edit, import and export."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        ids: IdFactory,
        knowledge: KnowledgeSource,
        actors: ActorCatalogues,
        audit: AuditService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._ids = ids
        self._knowledge = knowledge
        self._actors = actors
        self._audit = audit

    def _resolver(self, by: User) -> StoreBackedResolver:
        """Resolves names among what ``by`` may see: the name of an actor above their
        clearance is refused as unknown, as a name nobody uses would be."""
        return StoreBackedResolver(self._knowledge, self._actors, by.clearance)

    def filter_from(
        self,
        params: Mapping[str, str | Sequence[str] | None],
        *,
        by: User,
        accepted: Sequence[str] = FILTER_PARAMETERS,
    ) -> IncidentFilter:
        """Build the canonical filter from user-typed values (CLI options, query parameters).

        Only the filters named in ``accepted`` may be given (every one by default; a view
        offering fewer, as the dashboard's period, refuses the others).
        An actor name resolves only among the actors ``by`` may see: the name of one
        above their clearance is refused as unknown, as a name nobody uses would be."""
        return read_incident_filter(params, self._resolver(by), accepted)

    def list(
        self,
        query: IncidentFilter | None = None,
        *,
        sort: IncidentSort = IncidentSort.START_DESC,
        limit: int = 50,
        cursor: str | None = None,
        by: User,
        counted: bool = True,
    ) -> Page[Incident]:
        """Incidents matching ``query`` within ``by``'s clearance; the page's ``total`` is
        None unless ``counted``."""
        query = _listing_query(query, limit, by)
        with self._database.read() as store:
            return store.incidents.list(
                query, sort=sort, limit=limit, cursor=cursor, counted=counted
            )

    def overview(
        self,
        query: IncidentFilter | None = None,
        *,
        sort: IncidentSort = IncidentSort.START_DESC,
        limit: int = 50,
        cursor: str | None = None,
        by: User,
    ) -> Page[ListedIncident]:
        """The page ``list`` answers, each incident with what a list shows beside it: the
        states officially held responsible, its actors (or those its attributions name) and
        the EU's public responses on record."""
        query = _listing_query(query, limit, by)
        knowledge = self._knowledge.get()
        with self._database.read() as store:
            page = store.incidents.list(query, sort=sort, limit=limit, cursor=cursor)
            wanted = {a for i in page.items for a in (i.actor_ids or i.attributed_actor_ids)}
            names = actor_names(store, wanted, by.clearance)
            responses = store.responses.confirmed_for(
                [item.slug for item in page.items], by.clearance, by.classification_clearance
            )
        return Page(
            items=tuple(
                listed_incident(item, knowledge, names, responses.get(item.slug, ()))
                for item in page.items
            ),
            next_cursor=page.next_cursor,
            total=page.total,
        )

    def pages(
        self,
        query: IncidentFilter | None = None,
        *,
        sort: IncidentSort = IncidentSort.START_DESC,
        by: User,
    ) -> Iterator[Page[Incident]]:
        """Every page of the incidents matching ``query`` within ``by``'s clearance, for
        readers that stream them all out (exports, indexes).

        Each page is read in a read of its own, so a slow consumer (a download) holds no
        transaction open between pages; keyset cursors keep the pages apart whatever is
        written meanwhile. The first page is read when the first is asked for."""
        query = within_clearance(query, by)

        def read_page(cursor: str | None) -> Page[Incident]:
            with self._database.read() as store:
                return store.incidents.list(query, sort=sort, limit=MAX_PAGE_SIZE, cursor=cursor)

        return every_page(read_page)

    def get(self, key: str, *, by: User) -> Incident:
        """An incident by id or slug; NotFound when it is above ``by``'s clearance, exactly as
        when it does not exist."""
        require(by, Permission.READ)
        with self._database.read() as store:
            return readable_incident(store, key, by)

    def editable(self, key: str, *, by: User) -> EditableIncident:
        """The incident ``key`` names as an editor starts from it: its version and its
        document, with every actor (its own and those its attributions name) by name.

        Refused as ``edit`` refuses: Forbidden to who may not edit incidents, before anything
        is looked up; NotFound when the incident is missing or above ``by``'s clearance."""
        from cdtoolbox.ingest.incident_document import incident_to_document

        require(by, Permission.EDIT_INCIDENTS)
        with self._database.read() as store:
            incident = readable_incident(store, key, by)
            wanted = {*incident.actor_ids, *incident.attributed_actor_ids}
            names = actor_names(store, wanted, by.clearance)
        return EditableIncident(incident, incident_to_document(incident, names))

    def similar(self, incident: Incident, *, by: User) -> tuple[SimilarIncident, ...]:
        """Incidents like ``incident`` that ``by`` may read, the most alike first: same actor,
        then same suspected sponsor state (an actor's sponsor or an attributed state), then
        same type."""
        # The actors ``by`` may see: a sponsor is read only from an actor within clearance.
        visible = self._actors.at(by.clearance)
        return similar_incidents(incident, incidents=self, actors=visible, by=by)

    def export_csv(
        self,
        query: IncidentFilter | None = None,
        *,
        sort: IncidentSort = IncidentSort.START_DESC,
        by: User,
    ) -> Iterator[str]:
        """The incidents matching ``query`` within ``by``'s clearance as CSV text in the
        columns ``import_csv`` reads, produced page by page as it is consumed."""
        from cdtoolbox.formats.csv import csv_lines

        return csv_lines(self._export_pages(within_clearance(query, by), sort, by))

    def export_json(
        self,
        query: IncidentFilter | None = None,
        *,
        sort: IncidentSort = IncidentSort.START_DESC,
        by: User,
    ) -> Iterator[str]:
        """The incidents matching ``query`` within ``by``'s clearance as an incident file
        (JSON) that ``add`` and ``import_file`` read back, produced page by page."""
        from cdtoolbox.ingest.incident_export import json_chunks

        return json_chunks(self._export_pages(within_clearance(query, by), sort, by))

    def _export_pages(
        self, query: IncidentFilter, sort: IncidentSort, by: User
    ) -> Iterator[ExportPage]:
        for page in self.pages(query, sort=sort, by=by):
            items = page.items
            ids = {actor for incident in items for actor in incident.actor_ids}
            ids.update(
                item.actor_id
                for incident in items
                for item in incident.attributions
                if item.actor_id
            )
            with self._database.read() as store:
                names = actor_names(store, ids, by.clearance)
            yield items, names

    def add(self, documents: Iterable[object], *, by: User, source: str = "input") -> ImportReport:
        """Validate every document, then store them all in one transaction (or none)."""
        require(by, Permission.EDIT_INCIDENTS)
        incidents = read_documents(list(documents), self._resolver(by), source=source)
        return self._store_new(incidents, source, by=by, action="incident.add")

    def import_file(self, path: Path, *, by: User) -> ImportReport:
        """Import incidents from a JSON or YAML incident file, all or nothing."""
        from cdtoolbox.ingest.incident_document import read_incident_file

        require(by, Permission.IMPORT)
        incidents = read_incident_file(path, self._resolver(by))
        return self._store_new(incidents, path.name, by=by, action="incident.import")

    def import_csv(self, path: Path, *, by: User) -> ImportReport:
        """Import incidents from CSV, one per row, all or nothing."""
        from cdtoolbox.formats.csv import read_incident_csv

        require(by, Permission.IMPORT)
        incidents = read_incident_csv(path, self._resolver(by))
        return self._store_new(incidents, path.name, by=by, action="incident.import")

    def read_changes(self, path: Path) -> dict[str, object]:
        """Read a file of fields to change (a partial incident document) for ``edit``."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInput("file", path.name, str(path), f"cannot be read: {error}") from None
        # Imported here, as in read_incident_text: only reading a file needs the YAML parser.
        from cdtoolbox.ingest.structured_text import load_structured_text

        changes = load_structured_text(text, path.name)
        if not isinstance(changes, dict):
            raise InvalidInput(
                "file",
                path.name,
                type(changes).__name__,
                "must hold one mapping of fields to change",
            )
        return {str(key): value for key, value in changes.items()}

    def edit(
        self,
        key: str,
        changes: Mapping[str, object],
        *,
        by: User,
        expected_version: int | None = None,
    ) -> Incident:
        """Apply a partial incident document (same keys as an incident file) to a stored incident.

        ``expected_version`` is the version the caller based its change on; if someone else
        saved a newer one meanwhile, the store raises ``Conflict`` instead of overwriting it.
        The audit entry holds the changed fields before and after.
        """
        from cdtoolbox.ingest.incident_document import (
            incident_to_document,
            read_incident_document,
        )

        require(by, Permission.EDIT_INCIDENTS)
        with self._database.transaction() as store:
            # An incident above the editor's clearance is not there for them.
            current = readable_incident(store, key, by)
            names = actor_names(store, current.actor_ids, by.clearance)
            document = incident_to_document(current, names)
            for name in changes:
                if name in ("id", "version", "created_at", "updated_at"):
                    raise InvalidInput("incident", name, changes[name], "cannot be edited")
            edited_document = {**document, **changes}
            edited = read_incident_document(
                edited_document, self._resolver(by), location=f"edit of {current.slug}"
            )
            refuse_above_classification_clearance([edited], by, f"edit of {current.slug}")
            edited = edited.evolve(
                id=current.id,
                created_at=current.created_at,
                updated_at=self._clock.now(),
                version=current.version,
            )
            base = current.version if expected_version is None else expected_version
            updated = store.incidents.update(edited, expected_version=base)
            before, after = _changed_fields(
                document,
                incident_to_document(updated, actor_names(store, updated.actor_ids, by.clearance)),
            )
            self._audit.record(
                store,
                by=by,
                action="incident.edit",
                entity="incident",
                key=updated.id,
                before=before,
                after=after,
            )
        return updated

    def _store_new(
        self, incidents: Sequence[Incident], source: str, *, by: User, action: str
    ) -> ImportReport:
        refuse_above_classification_clearance(incidents, by, source)
        report = ImportReport(source)
        with self._database.transaction() as store:
            slugs = IncidentSlugs(incidents, store.incidents.taken_slugs)
            named: list[Incident] = []
            for incident in incidents:
                now = self._clock.now()
                identifier = incident.id or self._ids.new_id("incident")
                named.append(
                    incident.evolve(
                        id=identifier, slug=slugs.slug_of(incident), created_at=now, updated_at=now
                    )
                )
            report.created.extend(store.incidents.add_many(named))
            self._audit.record_import(
                store,
                by=by,
                action=action,
                source=source,
                incidents=report.created,
                created=len(report.created),
            )
        return report


def refuse_above_classification_clearance(
    incidents: Sequence[Incident], by: User, source: str
) -> None:
    """ImportRejected when any incident is classified above what ``by`` may read: nobody
    writes a record they could not read back."""
    errors = [
        refusal
        for incident in incidents
        if (refusal := classification_refusal("incident", incident.classification, by))
    ]
    if errors:
        raise ImportRejected(source, errors)


def readable_incident(store: Repositories, key: str, by: User) -> Incident:
    """The incident ``key`` names, or ``hidden_or_missing`` when it is not stored or is above
    ``by``'s clearance."""
    try:
        incident = store.incidents.get(key)
    except NotFound:
        raise hidden_or_missing(key) from None
    if not by.may_read(incident):
        raise hidden_or_missing(key)
    return incident


# Fields every save changes; the entry's own time and the chain say as much.
_BOOKKEEPING = frozenset({"version", "updated_at"})


def _changed_fields(
    before: Mapping[str, object], after: Mapping[str, object]
) -> tuple[dict[str, object], dict[str, object]]:
    """The fields whose value differs, as they were and as they are; the marking is always
    included on both sides, so that the entry is shown only to readers cleared for both."""
    names = sorted(
        name
        for name in before.keys() | after.keys()
        if name not in _BOOKKEEPING and before.get(name) != after.get(name)
    )
    was = {name: before.get(name) for name in names}
    now = {name: after.get(name) for name in names}
    was.setdefault(MARKING_FIELD, before.get(MARKING_FIELD))
    now.setdefault(MARKING_FIELD, after.get(MARKING_FIELD))
    for side, document in ((was, before), (now, after)):
        if document.get(CLASSIFICATION_FIELD) is not None:
            side.setdefault(CLASSIFICATION_FIELD, document[CLASSIFICATION_FIELD])
    return was, now
