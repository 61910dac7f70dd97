"""Settings and the Toolbox: the one library API that every interface (CLI, HTTP API, pages) calls.

The Toolbox wires the store, the knowledge base, the clock and the id factory together and owns
transactions: one call that writes is one transaction, so a failed import changes nothing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import platformdirs

from cdtoolbox.assess import Assessment, Assessor, CalibrationReport, PrecedentIndex, calibrate
from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.ingest.bundled import BUNDLED_DATASET_VERSION, bundled_incident_documents
from cdtoolbox.ingest.csv_incidents import read_incident_csv
from cdtoolbox.ingest.incident_document import (
    incident_to_document,
    read_incident_document,
    read_incident_file,
)
from cdtoolbox.ingest.query_parameters import read_incident_filter
from cdtoolbox.ingest.stix import StixBundleImport
from cdtoolbox.ingest.structured_text import load_structured_text
from cdtoolbox.knowledge import KnowledgeBase, load_knowledge
from cdtoolbox.knowledge.actors import ActorCatalogue
from cdtoolbox.model import (
    Incident,
    IncidentFilter,
    IncidentSort,
    Page,
    ThreatActor,
    Tlp,
)
from cdtoolbox.model.ports import Clock, IdFactory, SystemClock, UuidIds, slugify
from cdtoolbox.model.statistics import IncidentStatistics
from cdtoolbox.share import StixExportReport, write_bundle
from cdtoolbox.store import MAX_PAGE_SIZE
from cdtoolbox.store.database import Database
from cdtoolbox.store.stix_repository import StixImportReport

__all__ = [
    "DATABASE_URL_VARIABLE",
    "InitReport",
    "ProgressCallback",
    "Settings",
    "Toolbox",
    "default_database_url",
]

DATABASE_URL_VARIABLE = "CDT_DATABASE_URL"
STIX_NAMESPACE_VARIABLE = "CDT_STIX_NAMESPACE"
# The default namespace of the STIX ids we mint; an organisation sharing with partners sets its
# own (CDT_STIX_NAMESPACE) so that two producers never mint the same id for different objects.
DEFAULT_STIX_NAMESPACE = uuid.UUID("6c0b2f5e-3d1a-4e8b-9f7c-2a4d6e8f0b1c")

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while long operations run."""


def default_database_url() -> str:
    """The embedded SQLite database in the user's data directory."""
    path = Path(platformdirs.user_data_dir("cdtoolbox", appauthor=False)) / "cdtoolbox.db"
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class Settings:
    """Runtime configuration. ``database_url`` selects the backend: ``sqlite:///PATH`` (embedded,
    the default) or ``postgresql+psycopg://USER:PASSWORD@HOST/DB`` (scale-out)."""

    database_url: str
    stix_namespace: uuid.UUID = DEFAULT_STIX_NAMESPACE

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, *, database_url: str | None = None
    ) -> Settings:
        env = os.environ if environ is None else environ
        url = database_url or env.get(DATABASE_URL_VARIABLE) or default_database_url()
        namespace = env.get(STIX_NAMESPACE_VARIABLE)
        try:
            stix_namespace = uuid.UUID(namespace) if namespace else DEFAULT_STIX_NAMESPACE
        except ValueError:
            raise InvalidInput(
                "setting", STIX_NAMESPACE_VARIABLE, namespace, "is not a UUID"
            ) from None
        return cls(database_url=url, stix_namespace=stix_namespace)


@dataclass(frozen=True)
class InitReport:
    """What ``Toolbox.init`` did; all zeros but ``*_present`` on a second run."""

    schema_revision: str | None
    actors_total: int
    actors_changed: int
    incidents_added: int
    incidents_present: int
    dataset_version: str = BUNDLED_DATASET_VERSION

    @property
    def changed_anything(self) -> bool:
        return bool(self.actors_changed or self.incidents_added)


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


class Toolbox:
    """The cdtoolbox library API. Use as a context manager, or call ``close()``."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        ids: IdFactory | None = None,
        knowledge: KnowledgeBase | None = None,
    ) -> None:
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.ids: IdFactory = ids or UuidIds()
        self.database = Database(settings.database_url)
        self._knowledge = knowledge
        self.incidents = IncidentService(self)
        self.actors = ActorService(self)
        self.statistics = StatisticsService(self)
        self.assessments = AssessmentService(self)
        self.stix = StixService(self)

    @property
    def knowledge(self) -> KnowledgeBase:
        """The reference knowledge, loaded on first use (it takes a second or two)."""
        if self._knowledge is None:
            self._knowledge = load_knowledge()
        return self._knowledge

    def __enter__(self) -> Toolbox:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.database.dispose()

    def init(self, progress: ProgressCallback = _no_progress) -> InitReport:
        """Create or migrate the database, load the reference actors and the bundled dataset.

        Idempotent: a second run finds everything in place and changes nothing. Bundled
        incidents already present (perhaps edited since) are left as they are.
        """
        progress("Migrating the database schema", 0, 1)
        self.database.migrate()
        progress("Migrating the database schema", 1, 1)

        progress("Loading reference knowledge", 0, 1)
        actors = self.knowledge.actors.all()
        progress("Loading reference knowledge", 1, 1)

        progress("Storing threat actors", 0, len(actors))
        with self.database.transaction() as store:
            changed = store.actors.upsert_many(actors)
        self.actors.forget_cached()
        progress("Storing threat actors", len(actors), len(actors))

        documents = bundled_incident_documents()
        resolver = self.resolver()
        incidents = _read_documents(documents, resolver, source="bundled dataset")
        added = present = 0
        progress("Loading the curated incident dataset", 0, len(incidents))
        with self.database.transaction() as store:
            for number, incident in enumerate(incidents, start=1):
                if store.incidents.exists(incident.id):
                    present += 1
                else:
                    now = self.clock.now()
                    store.incidents.add(incident.evolve(created_at=now, updated_at=now))
                    added += 1
                progress("Loading the curated incident dataset", number, len(incidents))
        return InitReport(
            schema_revision=self.database.current_revision(),
            actors_total=len(actors),
            actors_changed=changed,
            incidents_added=added,
            incidents_present=present,
        )

    def resolver(self) -> StoreBackedResolver:
        """Resolves what users type (country names, sector names, actor aliases) to ids."""
        return StoreBackedResolver(self)


class StoreBackedResolver:
    """Countries and sectors from the knowledge base; actors from the store, so actors added by
    imports resolve as well as those of the reference galaxies."""

    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox

    def country_code(self, text: str) -> str | None:
        country = self._toolbox.knowledge.countries.find(text)
        return country.code if country else None

    def sector_id(self, text: str) -> str | None:
        sector = self._toolbox.knowledge.sectors.find(text)
        return sector.id if sector else None

    def actor_id(self, text: str) -> str | None:
        actor = self._toolbox.actors.find(text, "actor")
        return actor.id if actor else None


def _read_documents(
    documents: Sequence[object], resolver: StoreBackedResolver, *, source: str
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

    def filter_from(self, params: Mapping[str, str | Sequence[str] | None]) -> IncidentFilter:
        """Build the canonical filter from user-typed values (CLI options, query parameters)."""
        return read_incident_filter(params, self._toolbox.resolver())

    def list(
        self,
        query: IncidentFilter | None = None,
        *,
        sort: IncidentSort = IncidentSort.START_DESC,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[Incident]:
        if not 1 <= limit <= 1000:
            raise InvalidInput("query", "limit", limit, "must be between 1 and 1000")
        with self._toolbox.database.read() as store:
            return store.incidents.list(
                query or IncidentFilter(), sort=sort, limit=limit, cursor=cursor
            )

    def get(self, key: str) -> Incident:
        """An incident by id or slug."""
        with self._toolbox.database.read() as store:
            return store.incidents.get(key)

    def add(self, documents: Iterable[object], *, source: str = "input") -> ImportReport:
        """Validate every document, then store them all in one transaction (or none)."""
        incidents = _read_documents(list(documents), self._toolbox.resolver(), source=source)
        return self._store_new(incidents, source)

    def import_file(self, path: Path) -> ImportReport:
        """Import incidents from a JSON or YAML incident file, all or nothing."""
        incidents = read_incident_file(path, self._toolbox.resolver())
        return self._store_new(incidents, path.name)

    def import_csv(self, path: Path) -> ImportReport:
        """Import incidents from CSV, one per row, all or nothing."""
        incidents = read_incident_csv(path, self._toolbox.resolver())
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
        self, key: str, changes: Mapping[str, object], *, expected_version: int | None = None
    ) -> Incident:
        """Apply a partial incident document (same keys as an incident file) to a stored incident.

        ``expected_version`` is the version the caller based its change on; if someone else
        saved a newer one meanwhile, the store raises ``Conflict`` instead of overwriting it.
        """
        toolbox = self._toolbox
        with toolbox.database.transaction() as store:
            current = store.incidents.get(key)
            names = toolbox.actors.names(current.actor_ids)
            document = incident_to_document(current, names)
            for name in changes:
                if name in ("id", "version", "created_at", "updated_at"):
                    raise InvalidInput("incident", name, changes[name], "cannot be edited")
            document.update(changes)
            edited = read_incident_document(
                document, toolbox.resolver(), location=f"edit of {current.slug}"
            )
            edited = edited.evolve(
                id=current.id,
                created_at=current.created_at,
                updated_at=toolbox.clock.now(),
                version=current.version,
            )
            base = current.version if expected_version is None else expected_version
            updated = store.incidents.update(edited, expected_version=base)
        toolbox.assessments.forget_cached()
        return updated

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


class ActorService:
    """Threat actors as stored: the reference galaxies plus any added by imports.

    Lookup by name goes through the knowledge package's ``ActorCatalogue`` built over the
    stored actors, so stored and reference actors resolve by exactly the same rules.
    """

    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox
        self._catalogue: ActorCatalogue | None = None

    def catalogue(self) -> ActorCatalogue:
        if self._catalogue is None:
            actors: list[ThreatActor] = []
            cursor: str | None = None
            with self._toolbox.database.read() as store:
                while True:
                    page = store.actors.list(limit=MAX_PAGE_SIZE, cursor=cursor)
                    actors.extend(page.items)
                    if page.next_cursor is None:
                        break
                    cursor = page.next_cursor
            self._catalogue = ActorCatalogue(actors)
        return self._catalogue

    def forget_cached(self) -> None:
        """Drop the name index after actors were written."""
        self._catalogue = None

    def all(self, *, sponsor: str | None = None) -> tuple[ThreatActor, ...]:
        """Every stored actor by name, or those a state is suspected of sponsoring."""
        actors = self.catalogue().all()
        if sponsor is None:
            return actors
        code = self._sponsor_code(sponsor)
        return tuple(actor for actor in actors if actor.sponsor == code)

    def list(
        self, *, sponsor: str | None = None, limit: int = 100, cursor: str | None = None
    ) -> Page[ThreatActor]:
        code = self._sponsor_code(sponsor) if sponsor else None
        with self._toolbox.database.read() as store:
            return store.actors.list(sponsor=code, limit=limit, cursor=cursor)

    def find(self, name: str, field: str = "name") -> ThreatActor | None:
        """The actor with this id, slug, name, alias or MITRE id (case-, space- and
        punctuation-blind); ``InvalidInput`` when the name is shared and nothing singles one out."""
        return self.catalogue().find(name, field)

    def get(self, name: str) -> ThreatActor:
        """Like ``find``; an unknown name raises ``NotFound`` naming the closest known names."""
        return self.catalogue().resolve(name)

    def names(self, actor_ids: Iterable[str]) -> dict[str, str]:
        """Canonical names for actor ids (ids unknown to the store map to themselves)."""
        wanted = set(actor_ids)
        if not wanted:
            return {}
        with self._toolbox.database.read() as store:
            found = store.actors.get_many(wanted)
        return {
            actor_id: found[actor_id].name if actor_id in found else actor_id for actor_id in wanted
        }

    def incidents(self, actor: ThreatActor, *, limit: int = 100) -> Page[Incident]:
        return self._toolbox.incidents.list(IncidentFilter(actor_ids=(actor.id,)), limit=limit)

    def _sponsor_code(self, text: str) -> str:
        country = self._toolbox.knowledge.countries.find(text)
        if country is None:
            raise InvalidInput("filter", "sponsor", text, "is not an ISO 3166 country code or name")
        return country.code


class StatisticsService:
    """Counts over the incidents for the dashboard, aggregated by the store."""

    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox

    def summary(self, query: IncidentFilter | None = None, *, top: int = 10) -> IncidentStatistics:
        """Incidents matching ``query`` by year and type, victim country, sponsor and actor;
        ``top`` bounds the sponsor and actor lists."""
        if not 1 <= top <= 100:
            raise InvalidInput("query", "top", top, "must be between 1 and 100")
        with self._toolbox.database.read() as store:
            return store.statistics.summary(query or IncidentFilter(), top=top)


class AssessmentService:
    """Assessments of stored incidents, with every other stored incident as a precedent.

    The engine is pure; this service gathers its inputs. The precedent index is built once and
    kept until this Toolbox writes incidents again.
    """

    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox
        self._assessor: Assessor | None = None
        self._index: PrecedentIndex | None = None

    def forget_cached(self) -> None:
        self._index = None

    def assessor(self) -> Assessor:
        if self._assessor is None:
            # The store holds every actor a stored incident may name (the galaxies' as stored
            # by `init`, and imported ones), so the galaxies themselves are never loaded here.
            self._assessor = Assessor(self._toolbox.knowledge, actors=self._toolbox.actors.all())
        return self._assessor

    def assess(self, key: str) -> Assessment:
        """The assessment of one incident (by id or slug)."""
        return self.assess_incident(self._toolbox.incidents.get(key))

    def assess_incident(self, incident: Incident) -> Assessment:
        return self.assessor().assess(incident, self._precedents())

    def assess_all(self) -> Iterator[Assessment]:
        """Every stored incident's assessment, newest first."""
        assessor, index = self.assessor(), self._precedents()
        # The index holds every stored incident in store order: no second read of the store.
        for precedent in index:
            yield assessor.assess(precedent.incident, index)

    def calibrate(self) -> CalibrationReport:
        """Recommended response tier against the EU's actual public response, per incident."""
        return calibrate(self._stored_incidents(), self.assessor())

    def _precedents(self) -> PrecedentIndex:
        if self._index is None:
            assessor = self.assessor()
            self._index = assessor.index(assessor.precedents_from(self._stored_incidents()))
        return self._index

    def _stored_incidents(self) -> list[Incident]:
        incidents: list[Incident] = []
        cursor: str | None = None
        while True:
            page = self._toolbox.incidents.list(limit=1000, cursor=cursor)
            incidents.extend(page.items)
            if page.next_cursor is None:
                return incidents
            cursor = page.next_cursor


class StixService:
    """STIX 2.1 bundles in and out (see docs/stix-mapping.md)."""

    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox

    def import_bundle(
        self, path: Path, *, skip_invalid: bool = False, progress: ProgressCallback = _no_progress
    ) -> StixImportReport:
        """Import one bundle in one transaction, streaming it. A bundle with an invalid object
        imports nothing (``ImportRejected`` naming each object id and path) unless
        ``skip_invalid``, which imports the rest and reports the bad objects."""
        toolbox = self._toolbox
        actors = toolbox.actors.catalogue()
        resolver = toolbox.resolver()
        size = path.stat().st_size
        stage = f"Importing {path.name}"
        with path.open("rb") as stream, toolbox.database.transaction() as store:
            bundle = StixBundleImport(
                stream,
                source=path.name,
                resolver=resolver,
                actors=actors,
                progress=lambda _objects, done: progress(stage, done, size),
            )
            report = store.stix.apply(bundle, skip_invalid=skip_invalid)
        progress(stage, size, size)
        toolbox.actors.forget_cached()
        toolbox.assessments.forget_cached()
        return report

    def export_bundle(
        self, out: BinaryIO, query: IncidentFilter | None = None, *, max_tlp: Tlp = Tlp.CLEAR
    ) -> StixExportReport:
        """Write the incidents matching ``query`` (at or below ``max_tlp``) as one bundle, with
        the actors they name; without a query, also the partner objects kept as received."""
        toolbox = self._toolbox
        query = replace(query or IncidentFilter(), max_tlp=max_tlp)
        incidents: list[Incident] = []
        cursor: str | None = None
        with toolbox.database.read() as store:
            while True:
                page = store.incidents.list(query, limit=MAX_PAGE_SIZE, cursor=cursor)
                incidents.extend(page.items)
                if page.next_cursor is None:
                    break
                cursor = page.next_cursor
            named = {actor for incident in incidents for actor in _actors_named(incident)}
            actors = store.actors.get_many(named)
            kept = store.stix.kept_objects(max_tlp) if query.is_empty_but_clearance else ()
            return write_bundle(
                out,
                incidents,
                actors.values(),
                max_tlp=max_tlp,
                id_namespace=toolbox.settings.stix_namespace,
                kept=kept,
                country_names={c.code: c.name for c in toolbox.knowledge.countries.all()},
            )


def _actors_named(incident: Incident) -> set[str]:
    named = set(incident.actor_ids)
    named.update(a.actor_id for a in incident.attributions if a.actor_id)
    return named
