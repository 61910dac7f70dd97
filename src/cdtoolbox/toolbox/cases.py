"""Response cases: open on incidents, shape the measures, consult, decide, implement, review.

Every change is checked here (role, the delegate's own state, clearance, workflow state and
the version the caller edited), written in one transaction with its audit entry.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from datetime import date

from cdtoolbox.assess import assessment_to_dict
from cdtoolbox.errors import Forbidden, InvalidInput
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.case import (
    CaseFile,
    CaseState,
    Implementation,
    ImplementationKind,
    MeasureDecision,
    Position,
    PositionKind,
    RecidivismFlag,
    ResponseCase,
    StateChange,
)
from cdtoolbox.model.diplomacy import InstrumentCategory
from cdtoolbox.model.incident import Incident
from cdtoolbox.model.ports import Clock, IdFactory
from cdtoolbox.model.query import IncidentFilter
from cdtoolbox.respond.adoption import check_position_allowed, evaluate_adoption
from cdtoolbox.respond.proposals import proposed_measures
from cdtoolbox.respond.workflow import (
    check_can_implement,
    check_can_record_positions,
    check_transition,
)
from cdtoolbox.store.database import Database, Repositories
from cdtoolbox.toolbox.access import require
from cdtoolbox.toolbox.actors import ActorService
from cdtoolbox.toolbox.assessments import AssessmentService
from cdtoolbox.toolbox.audit import AuditService
from cdtoolbox.toolbox.case_measures import CaseMeasures
from cdtoolbox.toolbox.case_recidivism import RecidivismFinder
from cdtoolbox.toolbox.case_records import (
    MAX_TEXT,
    add_months,
    case_record,
    clean_text,
    default_title,
    find_measure,
    position_record,
    required,
)
from cdtoolbox.toolbox.case_transactions import CaseLedger
from cdtoolbox.toolbox.derived import DerivedCache
from cdtoolbox.toolbox.incidents import IncidentService, readable_incident, within_clearance
from cdtoolbox.toolbox.knowledge_source import KnowledgeSource

__all__ = ["CaseService"]

# Art. 13 of Regulation (EU) 2019/796: listings are reviewed at least every 12 months.
_RESTRICTIVE_REVIEW_MONTHS = 12


class CaseService:
    """Response cases: open, read, move, decide, shape measures, record positions and
    implementations."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        ids: IdFactory,
        knowledge: KnowledgeSource,
        incidents: IncidentService,
        actors: ActorService,
        assessments: AssessmentService,
        audit: AuditService,
        cache: DerivedCache,
        max_staleness: float = 0.0,
    ) -> None:
        self._database = database
        self._clock = clock
        self._ids = ids
        self._knowledge = knowledge
        self._incidents = incidents
        self._assessments = assessments
        self._audit = audit
        self._ledger = CaseLedger(knowledge, audit)
        self._recidivism = RecidivismFinder(database, actors, cache, max_staleness)
        #: Proposing, editing, dropping and restoring a case's measures, each with why.
        self.measures = CaseMeasures(database, clock, self._ledger)

    def get(self, case_id: str, *, by: User) -> CaseFile:
        """The case with its positions, implementations, adoptability and recidivism flags."""
        require(by, Permission.READ)
        with self._database.read() as store:
            case, incidents = self._ledger.readable(store, by, case_id)
            positions = store.cases.positions(case.id)
            implementations = store.cases.implementations(case.id)
        recidivism = self._recidivism.flags(case, incidents, by=by)
        return CaseFile(
            case=case,
            positions=tuple(positions),
            implementations=tuple(implementations),
            adoption=tuple(
                evaluate_adoption(
                    measure,
                    self._ledger.instrument(measure.instrument_id),
                    positions,
                    self._populations(),
                    self._shown_codes(),
                )
                for measure in case.active_measures
            ),
            recidivism=recidivism,
        )

    def list(
        self, *, by: User, states: Sequence[CaseState] = (), incident: str | None = None
    ) -> builtins.list[ResponseCase]:
        """Newest first; cases about incidents above the user's clearance are left out."""
        require(by, Permission.READ)
        with self._database.read() as store:
            # An incident hidden from ``by`` answers as one that does not exist.
            incident_ids = (readable_incident(store, incident, by).id,) if incident else ()
            cases = store.cases.list(states=states, incident_ids=incident_ids)
            hidden = self._hidden_incidents(store, by, {i for c in cases for i in c.incident_ids})
        return [case for case in cases if not hidden.intersection(case.incident_ids)]

    def for_actor(
        self, actor_id: str, *, by: User
    ) -> builtins.list[tuple[ResponseCase, tuple[RecidivismFlag, ...]]]:
        """The cases about an actor's incidents, each with the actor's incidents since.

        This is the actor's side of recidivism: what it did after each response.
        """
        require(by, Permission.READ)
        with self._database.read() as store:
            theirs = store.incidents.list(
                within_clearance(IncidentFilter(actor_ids=(actor_id,)), by), limit=1000
            ).items
            cases = store.cases.list(incident_ids=[incident.id for incident in theirs])
            hidden = self._hidden_incidents(store, by, {i for c in cases for i in c.incident_ids})
            shown = []
            for case in cases:
                if hidden.intersection(case.incident_ids):
                    continue
                found = store.incidents.get_many(list(case.incident_ids))
                shown.append((case, [found[i] for i in case.incident_ids if i in found]))
        own = {incident.id for incident in theirs}
        result = []
        for case, incidents in shown:
            flags = self._recidivism.flags(case, incidents, by=by)
            result.append((case, tuple(flag for flag in flags if flag.incident_id in own)))
        return result

    def count_by_state(self, *, by: User) -> dict[CaseState, int]:
        """How many cases the reader may see are in each state."""
        counts: dict[CaseState, int] = {}
        for case in self.list(by=by):
            counts[case.state] = counts.get(case.state, 0) + 1
        return counts

    def open(self, incidents: Sequence[str], *, by: User, title: str | None = None) -> ResponseCase:
        """Open a case on incidents (ids or slugs) with their assessments as its snapshot."""
        require(by, Permission.EDIT_CASES)
        if not incidents:
            raise InvalidInput("case", "incidents", [], "must name at least one incident")
        found: dict[str, Incident] = {}
        for key in incidents:
            incident = self._incidents.get(key, by=by)
            found.setdefault(incident.id, incident)
        chosen = list(found.values())
        assessments = [self._assessments.assess_incident(i, by=by) for i in chosen]
        now = self._clock.now()
        case = ResponseCase(
            id=self._ids.new_id("case"),
            title=clean_text("title", title, 300) or default_title(chosen),
            incident_ids=tuple(found),
            state=CaseState.DRAFTING,
            measures=proposed_measures(assessments, at=now, by=by.username),
            assessment_snapshot={a.incident_id: assessment_to_dict(a) for a in assessments},
            ruleset=assessments[0].ruleset,
            created_at=now,
            created_by=by.username,
            updated_at=now,
            history=(
                StateChange(at=now, by=by.username, from_state=None, to_state=CaseState.DRAFTING),
            ),
        )
        with self._database.transaction() as store:
            stored = store.cases.add(case)
            self._audit.record(
                store,
                by=by,
                action="case.open",
                entity="case",
                key=stored.id,
                before=None,
                after=case_record(stored),
            )
        return stored

    # Moving the case through its workflow ------------------------------------------------

    def move(
        self,
        case_id: str,
        target: CaseState,
        *,
        by: User,
        note: str = "",
        review_due: date | None = None,
        expected_version: int | None = None,
    ) -> ResponseCase:
        """Move the case to ``target`` (not to a decision: use ``decide``)."""
        if not (by.can(Permission.EDIT_CASES) or by.can(Permission.DECIDE_CASES)):
            # Refused before the case is read, so the refusal says nothing about its state.
            require(by, Permission.EDIT_CASES)
        with self._database.transaction() as store:
            case = self._ledger.current(store, by, case_id, expected_version)
            require(by, check_transition(case, target))
            now = self._clock.now()
            moved = case.evolve(
                state=target,
                updated_at=now,
                review_due=review_due or case.review_due,
                history=(
                    *case.history,
                    StateChange(
                        now, by.username, case.state, target, clean_text("note", note, 2000) or ""
                    ),
                ),
            )
            return self._ledger.save(store, by, case, moved, f"case.move.{target.value}")

    def preview_decision(self, case_id: str, *, by: User) -> CaseFile:
        """The case as ``decide`` finds it, for a decider to confirm the outcome first.

        Refused as ``decide`` would be (the right to decide, a case in consultation); its
        ``adoption`` says which measures ``decide`` would record as adopted, and its
        ``case.version`` is the version to pass to ``decide`` so that nothing changes between.
        """
        require(by, Permission.DECIDE_CASES)
        case_file = self.get(case_id, by=by)
        adopted = any(adoption.adoptable for adoption in case_file.adoption)
        target = CaseState.ADOPTED if adopted else CaseState.NOT_ADOPTED
        require(by, check_transition(case_file.case, target, deciding=True))
        return case_file

    def decide(
        self, case_id: str, *, by: User, note: str = "", expected_version: int | None = None
    ) -> CaseFile:
        """Record the Council's decision: every measure adoptable now is adopted, the rest not."""
        require(by, Permission.DECIDE_CASES)
        with self._database.transaction() as store:
            case = self._ledger.current(store, by, case_id, expected_version)
            positions = store.cases.positions(case.id)
            adoption = {
                m.id: evaluate_adoption(
                    m,
                    self._ledger.instrument(m.instrument_id),
                    positions,
                    self._populations(),
                    self._shown_codes(),
                )
                for m in case.active_measures
            }
            adopted = [m for m in case.active_measures if adoption[m.id].adoptable]
            target = CaseState.ADOPTED if adopted else CaseState.NOT_ADOPTED
            require(by, check_transition(case, target, deciding=True))
            now = self._clock.now()
            measures = tuple(
                m
                if m.dropped
                else m.evolve(
                    decision=MeasureDecision.ADOPTED
                    if adoption[m.id].adoptable
                    else MeasureDecision.NOT_ADOPTED
                )
                for m in case.measures
            )
            review_due = case.review_due
            if any(
                self._ledger.instrument(m.instrument_id).category is InstrumentCategory.RESTRICTIVE
                for m in adopted
            ):
                review_due = add_months(now.date(), _RESTRICTIVE_REVIEW_MONTHS)
            # Each explanation is a sentence of its own.
            summary = " ".join(
                f"{m.id} {m.title}: {adoption[m.id].explanation}" for m in case.active_measures
            )
            decided = case.evolve(
                state=target,
                measures=measures,
                decided_at=now,
                updated_at=now,
                review_due=review_due,
                history=(
                    *case.history,
                    StateChange(
                        now,
                        by.username,
                        case.state,
                        target,
                        clean_text("note", note, 2000) or summary,
                    ),
                ),
            )
            self._ledger.save(store, by, case, decided, "case.decide")
        return self.get(case_id, by=by)

    def record_position(
        self,
        case_id: str,
        measure_id: str,
        *,
        by: User,
        member_state: str,
        position: PositionKind,
        comment: str = "",
    ) -> Position:
        """A delegate records their own Member State's position on one measure."""
        require(by, Permission.RECORD_POSITION)
        state = self._member_state(member_state)
        if by.member_state != state:
            raise Forbidden(
                f"record {state}'s position",
                f"{by.username!r} is the delegate of {by.member_state or 'no Member State'}; "
                f"only a delegate of {state} records {state}'s position",
            )
        with self._database.transaction() as store:
            case, _ = self._ledger.readable(store, by, case_id)
            check_can_record_positions(case)
            measure = find_measure(case, measure_id)
            if measure.dropped:
                raise InvalidInput("position", "measure", measure_id, "was dropped from the case")
            check_position_allowed(self._ledger.instrument(measure.instrument_id), position)
            previous = next(
                (
                    p
                    for p in store.cases.positions(case.id)
                    if p.measure_id == measure.id and p.member_state == state
                ),
                None,
            )
            recorded = Position(
                case_id=case.id,
                measure_id=measure.id,
                member_state=state,
                position=position,
                recorded_at=self._clock.now(),
                recorded_by=by.username,
                comment=clean_text("comment", comment, 4000) or "",
            )
            store.cases.set_position(recorded)
            self._audit.record(
                store,
                by=by,
                action="case.position",
                entity="case",
                key=case.id,
                before=position_record(previous) if previous else None,
                after=position_record(recorded),
            )
        return recorded

    def implement(
        self,
        case_id: str,
        measure_id: str,
        *,
        by: User,
        kind: ImplementationKind,
        on: date,
        summary: str,
        text: str | None = None,
        recipient: str | None = None,
        delegation: str | None = None,
        reference: str | None = None,
    ) -> Implementation:
        """Record a measure carried out; the first one moves an adopted case to implementing."""
        require(by, Permission.EDIT_CASES)
        with self._database.transaction() as store:
            case, _ = self._ledger.readable(store, by, case_id)
            measure_id = find_measure(case, measure_id).id
            check_can_implement(case, measure_id)
            now = self._clock.now()
            implementation = Implementation(
                id=self._ids.new_id("implementation"),
                case_id=case.id,
                measure_id=measure_id,
                kind=kind,
                date=on,
                summary=clean_text("summary", summary, 2000) or required("summary"),
                recorded_at=now,
                recorded_by=by.username,
                text=clean_text("text", text, MAX_TEXT),
                recipient=clean_text("recipient", recipient, 300),
                delegation=clean_text("delegation", delegation, 300),
                reference=clean_text("reference", reference, 500),
                incident_ids=case.incident_ids,
            )
            store.cases.add_implementation(implementation)
            self._audit.record(
                store,
                by=by,
                action="case.implement",
                entity="case",
                key=case.id,
                before=None,
                after={
                    "implementation": implementation.id,
                    "measure_id": measure_id,
                    "kind": kind.value,
                    "date": on.isoformat(),
                    "summary": implementation.summary,
                    "recipient": implementation.recipient,
                    "delegation": implementation.delegation,
                    "reference": implementation.reference,
                },
            )
            if case.state is CaseState.ADOPTED:
                moving = case.evolve(
                    state=CaseState.IMPLEMENTING,
                    updated_at=now,
                    history=(
                        *case.history,
                        StateChange(
                            now,
                            by.username,
                            case.state,
                            CaseState.IMPLEMENTING,
                            f"first measure implemented: {implementation.summary}",
                        ),
                    ),
                )
                self._ledger.save(store, by, case, moving, "case.move.implementing")
        return implementation

    def _hidden_incidents(self, store: Repositories, by: User, incident_ids: set[str]) -> set[str]:
        found = store.incidents.get_many(sorted(incident_ids))
        return {i for i, incident in found.items() if not by.may_read(incident)}

    def _shown_codes(self) -> Mapping[str, str]:
        return {m.code: m.display_code for m in self._knowledge.get().countries.eu_members()}

    def _populations(self) -> Mapping[str, int]:
        countries = self._knowledge.get().countries
        return {m.code: countries.eu_population(m.code) or 0 for m in countries.eu_members()}

    def _member_state(self, text: str) -> str:
        country = self._knowledge.get().countries.find(text)
        if country is None or country.code not in self._populations():
            raise InvalidInput(
                "position", "member_state", text, "is not a Member State of the European Union"
            )
        return country.code
