"""The Toolbox: the one library API every interface calls, and the composition root that
builds its parts (the store, the knowledge base, the clock, the id factory, the one cache of
derived values) and hands each service only the collaborators it uses."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from cdtoolbox.ingest.bundled import BUNDLED_DATASET_VERSION, bundled_incident_documents
from cdtoolbox.model import Incident, Tlp
from cdtoolbox.model.access import SYSTEM_USER, User
from cdtoolbox.model.audit import AuditEntry
from cdtoolbox.model.ports import Clock, IdFactory, SystemClock, UuidIds
from cdtoolbox.store.database import Database
from cdtoolbox.toolbox.actor_names import ActorCatalogues
from cdtoolbox.toolbox.derived import DerivedCache
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource
from cdtoolbox.toolbox.passwords import PasswordHasher
from cdtoolbox.toolbox.progress import ProgressCallback, no_progress
from cdtoolbox.toolbox.resolution import StoreBackedResolver
from cdtoolbox.toolbox.settings import Settings

if TYPE_CHECKING:
    from cdtoolbox.knowledge import KnowledgeBase
    from cdtoolbox.model.taxii import PublishReport
    from cdtoolbox.toolbox.actors import ActorService
    from cdtoolbox.toolbox.alerts import AlertService
    from cdtoolbox.toolbox.assessments import AssessmentService
    from cdtoolbox.toolbox.assistance import AssistanceService
    from cdtoolbox.toolbox.audit import AuditService
    from cdtoolbox.toolbox.capacity import CapacityService
    from cdtoolbox.toolbox.cases import CaseService
    from cdtoolbox.toolbox.cbm_tracker import CbmService
    from cdtoolbox.toolbox.dialogues import DialogueService
    from cdtoolbox.toolbox.incidents import IncidentService
    from cdtoolbox.toolbox.misp import MispService
    from cdtoolbox.toolbox.observables import ObservableService
    from cdtoolbox.toolbox.pocs import PocService
    from cdtoolbox.toolbox.pqc import PqcService
    from cdtoolbox.toolbox.public_release import PublicReleaseService
    from cdtoolbox.toolbox.reports import ReportService
    from cdtoolbox.toolbox.responses import ResponseSeedReport, ResponseService
    from cdtoolbox.toolbox.sanctions import SanctionsSeedReport, SanctionsService
    from cdtoolbox.toolbox.sessions import SessionService
    from cdtoolbox.toolbox.sign_in_brake import SignInBrake
    from cdtoolbox.toolbox.signatures import SignatureService
    from cdtoolbox.toolbox.sitreps import SitrepService
    from cdtoolbox.toolbox.situation import SituationService
    from cdtoolbox.toolbox.statements import StatementService
    from cdtoolbox.toolbox.statistics import StatisticsService
    from cdtoolbox.toolbox.stix import StixService
    from cdtoolbox.toolbox.taxii import TaxiiService
    from cdtoolbox.toolbox.un_process import UnProcessService
    from cdtoolbox.toolbox.users import UserService
    from cdtoolbox.toolbox.webhooks import WebhookService

__all__ = ["InitReport", "Toolbox"]

S = TypeVar("S")


class _Service(Generic[S]):
    """A service of the Toolbox, built on first use with its module imported then.

    A command that lists incidents should not import the assessment engine, the exchange
    formats or the TAXII server, nor build them: start-up is most of what a command costs.
    Building holds the Toolbox's lock, so threads of the server that ask at once share one
    service; once built, the service is a plain attribute of the Toolbox.
    """

    def __init__(self, build: Callable[[Toolbox], S]) -> None:
        self._build = build
        self._name = build.__name__
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, toolbox: None, owner: type[Toolbox]) -> _Service[S]: ...
    @overload
    def __get__(self, toolbox: Toolbox, owner: type[Toolbox]) -> S: ...
    def __get__(self, toolbox: Toolbox | None, owner: type[Toolbox]) -> S | _Service[S]:
        if toolbox is None:
            return self
        with toolbox._building:
            built: dict[str, Any] = toolbox.__dict__
            if self._name not in built:
                built[self._name] = self._build(toolbox)
            return built[self._name]  # type: ignore[no-any-return]


def service(build: Callable[[Toolbox], S]) -> _Service[S]:
    return _Service(build)


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
    responses: ResponseSeedReport
    taxii_collections_created: int
    taxii_publication: PublishReport
    points_of_contact_added: int = 0
    dialogues_added: int = 0
    capacity_projects_added: int = 0
    statements_added: int = 0
    statements_present: int = 0
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
        self._cache = DerivedCache(self.database)
        self._actor_names = ActorCatalogues(self.database, self._cache)
        self._building = threading.RLock()

    @service
    def audit(self) -> AuditService:
        from cdtoolbox.toolbox.audit import AuditService

        # Alerts follow the writes the rules read. The alert service is looked up when an
        # entry is committed, not now: it is built from services that are built on the audit.
        # Through a weak reference: a service holding the Toolbox would keep it, and its
        # caches, alive past the last reference to it (tests/toolbox/test_composition.py).
        owner = weakref.ref(self)

        def raise_alerts(entry: AuditEntry, by: User) -> None:
            toolbox = owner()
            if toolbox is not None:
                toolbox.alerts.after_write(entry, by=by)

        return AuditService(self.database, self.clock, listeners=[raise_alerts])

    @service
    def incidents(self) -> IncidentService:
        from cdtoolbox.toolbox.incidents import IncidentService

        return IncidentService(
            self.database, self.clock, self.ids, self._knowledge, self._actor_names, self.audit
        )

    @service
    def actors(self) -> ActorService:
        from cdtoolbox.toolbox.actors import ActorService

        return ActorService(self.database, self._knowledge, self._actor_names, self.incidents)

    @service
    def statistics(self) -> StatisticsService:
        from cdtoolbox.toolbox.statistics import StatisticsService

        staleness = self.settings.staleness.statistics
        return StatisticsService(
            self.database, self._cache, self._knowledge, max_staleness=staleness
        )

    @service
    def assessments(self) -> AssessmentService:
        from cdtoolbox.toolbox.assessments import AssessmentService

        return AssessmentService(
            self.database,
            self._knowledge,
            self._actor_names,
            self.incidents,
            self._cache,
            max_staleness=self.settings.staleness.precedents,
        )

    @service
    def stix(self) -> StixService:
        from cdtoolbox.toolbox.stix import StixService

        namespace = self.settings.stix_namespace
        return StixService(self.database, namespace, self._knowledge, self._actor_names, self.audit)

    @service
    def misp(self) -> MispService:
        from cdtoolbox.toolbox.misp import MispService

        return MispService(
            self.database,
            self.clock,
            self.settings.stix_namespace,
            self._knowledge,
            self._actor_names,
            self.audit,
        )

    @service
    def public_release(self) -> PublicReleaseService:
        from cdtoolbox.toolbox.public_release import PublicReleaseService

        return PublicReleaseService(
            self.database, self.clock, self.incidents, self.stix, self.misp, self.audit
        )

    @service
    def users(self) -> UserService:
        from cdtoolbox.toolbox.users import UserService

        return UserService(
            self.database, self.clock, self.ids, self.passwords, self._knowledge, self.audit
        )

    @service
    def sessions(self) -> SessionService:
        from cdtoolbox.toolbox.sessions import SessionService

        return SessionService(self.database, self.clock, self.audit)

    @service
    def sign_in_brake(self) -> SignInBrake:
        from cdtoolbox.toolbox.sign_in_brake import SignInBrake

        return SignInBrake(self.database, self.clock)

    @service
    def cases(self) -> CaseService:
        from cdtoolbox.toolbox.cases import CaseService

        return CaseService(
            self.database,
            self.clock,
            self.ids,
            self._knowledge,
            self.incidents,
            self.actors,
            self.assessments,
            self.audit,
            self._cache,
            max_staleness=self.settings.staleness.precedents,
        )

    @service
    def taxii(self) -> TaxiiService:
        from cdtoolbox.toolbox.taxii import TaxiiService

        return TaxiiService(
            self.database,
            self.clock,
            self.ids,
            self.stix,
            self.audit,
            max_objects=self.settings.taxii_max_objects,
        )

    @service
    def sanctions(self) -> SanctionsService:
        from cdtoolbox.toolbox.sanctions import SanctionsService

        return SanctionsService(
            self.database, self.clock, self._knowledge, self._actor_names, self.audit
        )

    @service
    def reports(self) -> ReportService:
        from cdtoolbox.toolbox.reports import ReportService

        return ReportService(
            self._knowledge,
            self.incidents,
            self.assessments,
            self.cases,
            self.statistics,
            self.sanctions,
            self.cbms,
            self.pocs,
            self.capacity,
            self.un_process,
            self.dialogues,
        )

    @service
    def signatures(self) -> SignatureService:
        from cdtoolbox.toolbox.signatures import SignatureService

        return SignatureService(self.database, self.clock, self.audit)

    @service
    def cbms(self) -> CbmService:
        from cdtoolbox.toolbox.cbm_tracker import CbmService

        return CbmService(self.database, self.clock, self._knowledge, self.audit)

    @service
    def pocs(self) -> PocService:
        from cdtoolbox.toolbox.pocs import PocService

        return PocService(self.database, self.clock, self._knowledge, self.audit)

    @service
    def dialogues(self) -> DialogueService:
        from cdtoolbox.toolbox.dialogues import DialogueService

        return DialogueService(self.database, self.clock, self._knowledge, self.audit)

    @service
    def situation(self) -> SituationService:
        from cdtoolbox.toolbox.situation import SituationService

        return SituationService(
            self.database,
            self.clock,
            self.ids,
            self._knowledge,
            self.audit,
            self.assessments.assessor,
        )

    @service
    def assistance(self) -> AssistanceService:
        from cdtoolbox.toolbox.assistance import AssistanceService

        return AssistanceService(
            self.database, self.clock, self.ids, self._knowledge, self.audit, self.situation
        )

    @service
    def alerts(self) -> AlertService:
        from cdtoolbox.toolbox.alerts import AlertService

        return AlertService(
            self.database,
            self.clock,
            self.ids,
            self.audit,
            self.assessments.assessor,
            # Rule 3 reads the requests for assistance past their deadline.
            overdue_sources=[lambda at, by: self.assistance.overdue(at, by=by)],
            on_raised=[self.webhooks.notify],
        )

    @service
    def webhooks(self) -> WebhookService:
        from cdtoolbox.toolbox.webhook_delivery import UrllibTransport
        from cdtoolbox.toolbox.webhooks import WebhookService

        return WebhookService(
            self.database,
            self.clock,
            self.ids,
            self.audit,
            self.settings.webhook_allow,
            UrllibTransport(),
        )

    @service
    def sitreps(self) -> SitrepService:
        from cdtoolbox.toolbox.sitreps import SitrepService

        return SitrepService(self.database, self.clock, self.ids, self.audit)

    @service
    def capacity(self) -> CapacityService:
        from cdtoolbox.toolbox.capacity import CapacityService
        from cdtoolbox.toolbox.partner_profile import PartnerProfiles

        profiles = PartnerProfiles(
            self.database,
            self._knowledge,
            cbms=self.cbms,
            pocs=self.pocs,
            incidents=self.incidents,
            assessments=self.assessments,
        )
        return CapacityService(
            self.database,
            self.clock,
            self._knowledge,
            self.audit,
            self.assessments,
            self._cache,
            profiles=profiles,
        )

    @service
    def un_process(self) -> UnProcessService:
        from cdtoolbox.toolbox.un_process import UnProcessService

        return UnProcessService(self.database, self.clock, self.ids, self._knowledge, self.audit)

    @service
    def observables(self) -> ObservableService:
        from cdtoolbox.toolbox.observables import ObservableService

        return ObservableService(self.database, self.clock, self.audit)

    @service
    def pqc(self) -> PqcService:
        from cdtoolbox.toolbox.pqc import PqcService

        return PqcService(
            self.database,
            self.clock,
            self.ids,
            self._knowledge,
            self.audit,
            horizon_year=self.settings.pqc_quantum_horizon,
        )

    @service
    def statements(self) -> StatementService:
        from cdtoolbox.toolbox.statements import StatementService

        return StatementService(
            self.database, self.clock, self._knowledge, self.incidents, self.audit, self._cache
        )

    @service
    def responses(self) -> ResponseService:
        from cdtoolbox.toolbox.responses import ResponseService

        return ResponseService(
            self.database, self.clock, self._knowledge, self.incidents, self.audit
        )

    @classmethod
    def service_names(cls) -> tuple[str, ...]:
        """The names of the Toolbox's services, in the order they are declared."""
        return tuple(name for name, part in vars(cls).items() if isinstance(part, _Service))

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
        from cdtoolbox.toolbox.incidents import read_documents

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
        # Before the alert rules run and before anything is assessed: the precedents'
        # responses are read from the store.
        responses = self.responses.seed()
        sanctions = self.sanctions.seed()
        if sanctions.listings_added:
            # The rules ran after the import, before the register they read was seeded; a
            # second init adds nothing and so changes nothing, alerts included.
            self.alerts.check(by=SYSTEM_USER)
        points_of_contact_added = self.pocs.seed()
        dialogues_added = self.dialogues.seed()
        capacity_projects_added = self.capacity.seed()
        # The first run builds the statement reader to read the texts: a few seconds to show.
        progress("Adding the bundled official texts", 0, 1)
        statements = self.statements.seed()
        progress("Adding the bundled official texts", 1, 1)
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
            points_of_contact_added=points_of_contact_added,
            dialogues_added=dialogues_added,
            capacity_projects_added=capacity_projects_added,
            statements_added=statements.added,
            statements_present=statements.present,
            responses=responses,
        )

    def resolver(self, clearance: Tlp) -> StoreBackedResolver:
        """Resolves what users type (country names, sector names, actor aliases) to ids, seeing
        the actors marked at most ``clearance`` (that of whoever typed it)."""
        return StoreBackedResolver(self._knowledge, self._actor_names, clearance)
