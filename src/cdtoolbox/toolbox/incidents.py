"""Incidents: list, show, add, edit and import, each write one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cdtoolbox.errors import ImportRejected, InvalidInput, NotFound
from cdtoolbox.ingest.csv_incidents import read_incident_csv
from cdtoolbox.ingest.incident_document import (
    incident_to_document,
    read_incident_document,
    read_incident_file,
)
from cdtoolbox.ingest.query_parameters import read_incident_filter
from cdtoolbox.ingest.references import ReferenceResolver
from cdtoolbox.ingest.structured_text import load_structured_text
from cdtoolbox.model import (
    Incident,
    IncidentFilter,
    IncidentSort,
    Page,
)
from cdtoolbox.model.access import SYSTEM_USER, Permission, User
from cdtoolbox.model.ports import slugify
from cdtoolbox.toolbox.access import require

if TYPE_CHECKING:
    from cdtoolbox.toolbox.library import Toolbox

__all__ = ["ImportReport", "IncidentService", "read_documents", "within_clearance"]

# The same answer whether the incident does not exist or is above the reader's clearance,
# so that a reader cannot learn which.
_HIDDEN_HINT = "among the incidents you are cleared to read"


def within_clearance(query: IncidentFilter | None, reader: User | None) -> IncidentFilter:
    """``query`` narrowed to what ``reader`` may read (unchanged when there is no reader)."""
    query = query or IncidentFilter()
    if reader is None:
        return query
    require(reader, Permission.READ)
    if query.max_tlp is not None and query.max_tlp.rank <= reader.clearance.rank:
        return query
    return replace(query, max_tlp=reader.clearance)


def read_documents(
    documents: Sequence[object], resolver: ReferenceResolver, *, source: str
) -> list[Incident]:
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


class IncidentService:
    """Incidents: list, show, add, edit and import."""

    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox

    def filter_from(
        self, params: Mapping[str, str | Sequence[str] | None], *, reader: User
    ) -> IncidentFilter:
        """Build the canonical filter from user-typed values (CLI options, query parameters).

        An actor name resolves only among the actors ``reader`` may see: the name of one
        above their clearance is refused as unknown, as a name nobody uses would be."""
        return read_incident_filter(params, self._toolbox.resolver(reader.clearance))

    def list(
        self,
        query: IncidentFilter | None = None,
        *,
        sort: IncidentSort = IncidentSort.START_DESC,
        limit: int = 50,
        cursor: str | None = None,
        reader: User | None = None,
    ) -> Page[Incident]:
        """Incidents matching ``query``; with a ``reader``, only those within their clearance."""
        if not 1 <= limit <= 1000:
            raise InvalidInput("query", "limit", limit, "must be between 1 and 1000")
        query = within_clearance(query, reader)
        with self._toolbox.database.read() as store:
            return store.incidents.list(query, sort=sort, limit=limit, cursor=cursor)

    def get(self, key: str, *, reader: User | None = None) -> Incident:
        """An incident by id or slug; with a ``reader``, NotFound when it is above their
        clearance, exactly as when it does not exist."""
        if reader is not None:
            require(reader, Permission.READ)
        with self._toolbox.database.read() as store:
            try:
                incident = store.incidents.get(key)
            except NotFound as error:
                if reader is None:
                    raise
                raise NotFound("incident", key, _HIDDEN_HINT) from error
        if reader is not None and not reader.cleared_for(incident.tlp):
            raise NotFound("incident", key, _HIDDEN_HINT)
        return incident

    def add(
        self, documents: Iterable[object], *, source: str = "input", by: User | None = None
    ) -> ImportReport:
        """Validate every document, then store them all in one transaction (or none).

        ``by`` is checked when given; without it the caller is the local operator."""
        if by is not None:
            require(by, Permission.EDIT_INCIDENTS)
        incidents = read_documents(list(documents), self._resolver(by), source=source)
        return self._store_new(incidents, source)

    def import_file(self, path: Path, *, by: User | None = None) -> ImportReport:
        """Import incidents from a JSON or YAML incident file, all or nothing."""
        if by is not None:
            require(by, Permission.IMPORT)
        incidents = read_incident_file(path, self._resolver(by))
        return self._store_new(incidents, path.name)

    def import_csv(self, path: Path, *, by: User | None = None) -> ImportReport:
        """Import incidents from CSV, one per row, all or nothing."""
        if by is not None:
            require(by, Permission.IMPORT)
        incidents = read_incident_csv(path, self._resolver(by))
        return self._store_new(incidents, path.name)

    def read_changes(self, path: Path) -> dict[str, object]:
        """Read a file of fields to change (a partial incident document) for ``edit``."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidInput("file", path.name, str(path), f"cannot be read: {error}") from None
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
        expected_version: int | None = None,
        by: User | None = None,
    ) -> Incident:
        """Apply a partial incident document (same keys as an incident file) to a stored incident.

        ``expected_version`` is the version the caller based its change on; if someone else
        saved a newer one meanwhile, the store raises ``Conflict`` instead of overwriting it.
        """
        toolbox = self._toolbox
        if by is not None:
            require(by, Permission.EDIT_INCIDENTS)
            self.get(key, reader=by)  # an incident above the editor's clearance is not there
        with toolbox.database.transaction() as store:
            current = store.incidents.get(key)
            names = toolbox.actors.names(by or SYSTEM_USER, current.actor_ids)
            document = incident_to_document(current, names)
            for name in changes:
                if name in ("id", "version", "created_at", "updated_at"):
                    raise InvalidInput("incident", name, changes[name], "cannot be edited")
            document.update(changes)
            edited = read_incident_document(
                document, self._resolver(by), location=f"edit of {current.slug}"
            )
            edited = edited.evolve(
                id=current.id,
                created_at=current.created_at,
                updated_at=toolbox.clock.now(),
                version=current.version,
            )
            base = current.version if expected_version is None else expected_version
            updated = store.incidents.update(edited, expected_version=base)
        return updated

    def _resolver(self, by: User | None) -> ReferenceResolver:
        # Without ``by`` the caller is the local operator, who sees every actor.
        return self._toolbox.resolver((by or SYSTEM_USER).clearance)

    def _store_new(self, incidents: Sequence[Incident], source: str) -> ImportReport:
        toolbox = self._toolbox
        report = ImportReport(source)
        with toolbox.database.transaction() as store:
            taken: set[str] = set()
            for incident in incidents:
                now = toolbox.clock.now()
                identifier = incident.id or toolbox.ids.new_id("incident")
                slug = incident.slug or _unique_slug(incident, taken, store.incidents.slug_exists)
                taken.add(slug)
                stored = store.incidents.add(
                    incident.evolve(id=identifier, slug=slug, created_at=now, updated_at=now)
                )
                report.created.append(stored)
        toolbox.assessments.forget_cached()
        return report


def _unique_slug(incident: Incident, taken: set[str], exists: Callable[[str], bool]) -> str:
    base = slugify(incident.title)
    if incident.start is not None and str(incident.start.value.year) not in base:
        base = f"{base}-{incident.start.value.year}"
    candidate, number = base, 1
    while candidate in taken or exists(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate
