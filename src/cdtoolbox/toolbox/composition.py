"""The Toolbox: the one library API every interface calls, and the composition root that
builds its parts (the store, the knowledge base, the clock, the id factory, the one cache of
derived values) and hands each service only the collaborators it uses."""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType

from cdtoolbox.ingest.bundled import BUNDLED_DATASET_VERSION, bundled_incident_documents
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident, Tlp
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.ports import Clock, IdFactory, SystemClock, UuidIds
from cdtoolbox.model.taxii import PublishReport
from cdtoolbox.store.database import Database
from cdtoolbox.toolbox.actor_names import ActorCatalogues
from cdtoolbox.toolbox.actors import ActorService
from cdtoolbox.toolbox.assessments import AssessmentService
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.cases import CaseService
from cdtoolbox.toolbox.derived import DerivedCache
from cdtoolbox.toolbox.incidents import IncidentService, read_documents
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.misp import MispService
from cdtoolbox.toolbox.passwords import PasswordHasher
from cdtoolbox.toolbox.progress import ProgressCallback, no_progress
from cdtoolbox.toolbox.resolution import StoreBackedResolver
from cdtoolbox.toolbox.sanctions import SanctionsSeedReport, SanctionsService
from cdtoolbox.toolbox.sessions import SessionService
from cdtoolbox.toolbox.settings import Settings
from cdtoolbox.toolbox.statistics import StatisticsService
from cdtoolbox.toolbox.stix import StixService
from cdtoolbox.toolbox.taxii import TaxiiService
from cdtoolbox.toolbox.users import UserService

__all__ = ["InitReport", "Toolbox"]


@dataclass(frozen=True)
class InitReport:
    """What ``Toolbox.init`` did. On a second run every count of things added, changed or
    withdrawn is zero."""

    schema_revision: str | None
    actors_total: int
    actors_changed: int
    incidents_added: int
    incidents_present: int
    sanctions: SanctionsSeedReport
    taxii_collections_created: int
    taxii_publication: PublishReport
    dataset_version: str = BUNDLED_DATASET_VERSION


class Toolbox:
    """The cdtoolbox library API. Use as a context manager, or call ``close()``.

    Who is asking is an argument of every service call that reads or writes governed data,
    always the keyword-only ``by`` (a ``User``), never optional, as in
    ``toolbox.cases.open(["wannacry-2017"], by=user)``: the service checks the role's
    permission and the TLP clearance itself, so each interface only says who is asking. The
    command line's local operator and the library's own work (``init``, seeding,
    publishing) pass ``SYSTEM_USER`` explicitly. What lies above ``by``'s clearance is
    answered exactly as what does not exist (the same ``NotFound``), and left out of lists,
    counts, assessments' precedents, exports and the audit trail.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        ids: IdFactory | None = None,
        knowledge: KnowledgeBase | None = None,
        passwords: PasswordHasher | None = None,
    ) -> None:
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.ids: IdFactory = ids or UuidIds()
        self.passwords = passwords or PasswordHasher()
        self.database = Database(settings.database_url)
        self._knowledge = KnowledgeSource(knowledge)
        cache = DerivedCache(self.database)
        self._actor_names = ActorCatalogues(self.database, cache)
        database, reference, names = self.database, self._knowledge, self._actor_names
        self.audit = AuditService(database, self.clock)
        self.incidents = IncidentService(
            database, self.clock, self.ids, reference, names, self.audit
        )
        self.actors = ActorService(database, reference, names, self.incidents)
        self.statistics = StatisticsService(
            database, cache, max_staleness=settings.staleness.statistics
        )
        self.assessments = AssessmentService(
            database,
            reference,
            names,
            self.incidents,
            cache,
            max_staleness=settings.staleness.precedents,
        )
        self.stix = StixService(database, settings.stix_namespace, reference, names, self.audit)
        self.misp = MispService(
            database, self.clock, settings.stix_namespace, reference, names, self.audit
        )
        self.users = UserService(
            database, self.clock, self.ids, self.passwords, reference, self.audit
        )
        self.sessions = SessionService(database, self.clock)
        self.cases = CaseService(
            database,
            self.clock,
            self.ids,
            reference,
            self.incidents,
            self.actors,
            self.assessments,
            self.audit,
        )
        self.taxii = TaxiiService(
            database,
            self.clock,
            self.ids,
            self.stix,
            self.audit,
            max_objects=settings.taxii_max_objects,
        )
        self.sanctions = SanctionsService(database, self.clock, reference, names, self.audit)

    @property
    def knowledge(self) -> KnowledgeBase:
        """The reference knowledge, loaded on first use (it takes a second or two)."""
        return self._knowledge.get()

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

    def init(self, progress: ProgressCallback = no_progress) -> InitReport:
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
        progress("Storing threat actors", len(actors), len(actors))

        documents = bundled_incident_documents()
        # The bundled dataset names reference actors only, which are all TLP:CLEAR.
        resolver = self.resolver(Tlp.CLEAR)
        incidents = read_documents(documents, resolver, source="bundled dataset")
        added: list[Incident] = []
        present = 0
        progress("Loading the curated incident dataset", 0, len(incidents))
        with self.database.transaction() as store:
            for number, incident in enumerate(incidents, start=1):
                if store.incidents.exists(incident.id):
                    present += 1
                else:
                    now = self.clock.now()
                    added.append(
                        store.incidents.add(incident.evolve(created_at=now, updated_at=now))
                    )
                progress("Loading the curated incident dataset", number, len(incidents))
            if added:
                self.audit.record_import(
                    store,
                    by=SYSTEM_USER,
                    action="incident.import",
                    source="bundled dataset",
                    incidents=added,
                    created=len(added),
                )
        sanctions = self.sanctions.seed()
        collections_created = self.taxii.create_default_collections()
        publication = self.taxii.publish(progress, by=SYSTEM_USER)
        return InitReport(
            schema_revision=self.database.current_revision(),
            actors_total=len(actors),
            actors_changed=changed,
            incidents_added=len(added),
            incidents_present=present,
            sanctions=sanctions,
            taxii_collections_created=collections_created,
            taxii_publication=publication,
        )

    def resolver(self, clearance: Tlp) -> StoreBackedResolver:
        """Resolves what users type (country names, sector names, actor aliases) to ids, seeing
        the actors marked at most ``clearance`` (that of whoever typed it)."""
        return StoreBackedResolver(self._knowledge, self._actor_names, clearance)
