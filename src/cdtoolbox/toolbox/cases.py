"""Response cases: open on incidents, shape the measures, consult, decide, implement, review.

Every change is checked here (role, the delegate's own state, clearance, workflow state and
the version the caller edited), written in one transaction with its audit entry.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from cdtoolbox.assess import assessment_to_dict
from cdtoolbox.errors import Conflict, Forbidden, InvalidInput
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.case import (
    CaseFile,
    CaseState,
    Implementation,
    ImplementationKind,
    MeasureChange,
    MeasureDecision,
    MeasureOrigin,
    Position,
    PositionKind,
    ProposedMeasure,
    RecidivismFlag,
    ResponseCase,
    StateChange,
)
from cdtoolbox.model.diplomacy import Instrument, InstrumentCategory
from cdtoolbox.model.incident import Incident
from cdtoolbox.model.query import IncidentFilter
from cdtoolbox.respond.adoption import check_position_allowed, evaluate_adoption
from cdtoolbox.respond.proposals import next_measure_id, proposed_measures
from cdtoolbox.respond.recidivism import case_subjects, later_incidents, reference_date
from cdtoolbox.respond.workflow import (
    check_can_edit_measures,
    check_can_implement,
    check_can_record_positions,
    check_transition,
)
from cdtoolbox.store.database import Repositories
from cdtoolbox.toolbox.access import require, require_clearance

if TYPE_CHECKING:
    from cdtoolbox.toolbox.library import Toolbox

__all__ = ["CaseService", "case_record"]

# Art. 13 of Regulation (EU) 2019/796: listings are reviewed at least every 12 months.
_RESTRICTIVE_REVIEW_MONTHS = 12
_MAX_TEXT = 20_000


def case_record(case: ResponseCase) -> dict[str, object]:
    """What the audit trail keeps of a case (the assessment snapshot is not repeated)."""
    return {
        "title": case.title,
        "state": case.state.value,
        "incident_ids": list(case.incident_ids),
        "review_due": case.review_due.isoformat() if case.review_due else None,
        "measures": [
            {
                "id": m.id,
                "instrument_id": m.instrument_id,
                "title": m.title,
                "text": m.text,
                "dropped": m.dropped,
                "decision": m.decision.value,
            }
            for m in case.measures
        ],
        "version": case.version,
    }


class CaseService:
    def __init__(self, toolbox: Toolbox) -> None:
        self._toolbox = toolbox

    # Reading ---------------------------------------------------------------------------------

    def get(self, by: User, case_id: str) -> CaseFile:
        """The case with its positions, implementations, adoptability and recidivism flags."""
        require(by, Permission.READ)
        with self._toolbox.database.read() as store:
            case = store.cases.get(case_id)
            incidents = self._readable_incidents(store, by, case)
            positions = store.cases.positions(case.id)
            implementations = store.cases.implementations(case.id)
            recidivism = self._recidivism(store, by, case, incidents)
        return CaseFile(
            case=case,
            positions=tuple(positions),
            implementations=tuple(implementations),
            adoption=tuple(
                evaluate_adoption(
                    measure,
                    self._instrument(measure.instrument_id),
                    positions,
                    self._populations(),
                )
                for measure in case.active_measures
            ),
            recidivism=recidivism,
        )

    def list(
        self, by: User, *, states: Sequence[CaseState] = (), incident: str | None = None
    ) -> builtins.list[ResponseCase]:
        """Newest first; cases about incidents above the user's clearance are left out."""
        require(by, Permission.READ)
        with self._toolbox.database.read() as store:
            incident_ids = (store.incidents.get(incident).id,) if incident else ()
            cases = store.cases.list(states=states, incident_ids=incident_ids)
            hidden = self._hidden_incidents(store, by, {i for c in cases for i in c.incident_ids})
        return [case for case in cases if not hidden.intersection(case.incident_ids)]

    def for_actor(
        self, by: User, actor_id: str
    ) -> builtins.list[tuple[ResponseCase, tuple[RecidivismFlag, ...]]]:
        """The cases about an actor's incidents, each with the actor's incidents since.

        This is the actor's side of recidivism: what it did after each response.
        """
        require(by, Permission.READ)
        with self._toolbox.database.read() as store:
            theirs = store.incidents.list(
                IncidentFilter(actor_ids=(actor_id,), max_tlp=by.clearance), limit=1000
            ).items
            cases = store.cases.list(incident_ids=[incident.id for incident in theirs])
            hidden = self._hidden_incidents(store, by, {i for c in cases for i in c.incident_ids})
            result = []
            for case in cases:
                if hidden.intersection(case.incident_ids):
                    continue
                found = store.incidents.get_many(list(case.incident_ids))
                incidents = [found[i] for i in case.incident_ids if i in found]
                flags = self._recidivism(store, by, case, incidents)
                actor_flags = tuple(
                    flag for flag in flags if flag.incident_id in {i.id for i in theirs}
                )
                result.append((case, actor_flags))
        return result

    def count_by_state(self, by: User) -> dict[CaseState, int]:
        """How many cases the reader may see are in each state."""
        counts: dict[CaseState, int] = {}
        for case in self.list(by):
            counts[case.state] = counts.get(case.state, 0) + 1
        return counts

    # Opening and shaping ---------------------------------------------------------------------

    def open(self, by: User, incidents: Sequence[str], *, title: str | None = None) -> ResponseCase:
        """Open a case on incidents (ids or slugs) with their assessments as its snapshot."""
        require(by, Permission.EDIT_CASES)
        if not incidents:
            raise InvalidInput("case", "incidents", [], "must name at least one incident")
        found: dict[str, Incident] = {}
        for key in incidents:
            incident = self._toolbox.incidents.get(key)
            require_clearance(by, incident.tlp, f"incident {incident.slug}")
            found.setdefault(incident.id, incident)
        chosen = list(found.values())
        assessments = [self._toolbox.assessments.assess_incident(i, reader=by) for i in chosen]
        now = self._toolbox.clock.now()
        case = ResponseCase(
            id=self._toolbox.ids.new_id("case"),
            title=_text("title", title, 300) or _default_title(chosen),
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
        with self._toolbox.database.transaction() as store:
            stored = store.cases.add(case)
            self._toolbox.audit.record(
                store,
                by=by,
                action="case.open",
                entity="case",
                key=stored.id,
                before=None,
                after=case_record(stored),
            )
        return stored

    def add_measure(
        self,
        by: User,
        case_id: str,
        instrument_id: str,
        *,
        justification: str,
        text: str = "",
        expected_version: int | None = None,
    ) -> ResponseCase:
        require(by, Permission.EDIT_CASES)
        instrument = self._instrument(instrument_id, field="instrument")
        why = _justification(justification)

        def add(case: ResponseCase, now_by: MeasureChange) -> ResponseCase:
            check_can_edit_measures(case)
            if any(m.instrument_id == instrument.id and not m.dropped for m in case.measures):
                raise InvalidInput(
                    "case", "instrument", instrument.id, "is already proposed in this case"
                )
            options = [
                option
                for snapshot in case.assessment_snapshot.values()
                for option in _snapshot_options(snapshot)
                if option.get("instrument_id") == instrument.id
            ]
            measure = ProposedMeasure(
                id=next_measure_id(case.measures),
                instrument_id=instrument.id,
                title=instrument.name,
                origin=MeasureOrigin.ANALYST,
                text=_text("text", text, _MAX_TEXT) or "",
                available_when_proposed=(
                    any(bool(o.get("available")) for o in options) if options else None
                ),
                missing_when_proposed=tuple(
                    str(reason) for o in options for reason in _sequence(o.get("missing"))
                ),
                history=(now_by,),
            )
            return case.evolve(measures=(*case.measures, measure))

        return self._change(
            by, case_id, expected_version, Permission.EDIT_CASES, "case.measure.add", why, add
        )

    def edit_measure(
        self,
        by: User,
        case_id: str,
        measure_id: str,
        *,
        justification: str,
        text: str | None = None,
        title: str | None = None,
        expected_version: int | None = None,
    ) -> ResponseCase:
        require(by, Permission.EDIT_CASES)
        why = _justification(justification)

        def edit(case: ResponseCase, now_by: MeasureChange) -> ResponseCase:
            check_can_edit_measures(case)
            measure = _measure(case, measure_id)
            changed = measure.evolve(
                text=_text("text", text, _MAX_TEXT) if text is not None else measure.text,
                title=_text("title", title, 300) or measure.title,
                history=(*measure.history, now_by),
            )
            return _replace_measure(case, changed)

        return self._change(
            by, case_id, expected_version, Permission.EDIT_CASES, "case.measure.edit", why, edit
        )

    def drop_measure(
        self,
        by: User,
        case_id: str,
        measure_id: str,
        *,
        justification: str,
        expected_version: int | None = None,
    ) -> ResponseCase:
        return self._set_dropped(by, case_id, measure_id, True, justification, expected_version)

    def restore_measure(
        self,
        by: User,
        case_id: str,
        measure_id: str,
        *,
        justification: str,
        expected_version: int | None = None,
    ) -> ResponseCase:
        return self._set_dropped(by, case_id, measure_id, False, justification, expected_version)

    # Workflow --------------------------------------------------------------------------------

    def move(
        self,
        by: User,
        case_id: str,
        target: CaseState,
        *,
        note: str = "",
        review_due: date | None = None,
        expected_version: int | None = None,
    ) -> ResponseCase:
        """Move the case to ``target`` (not to a decision: use ``decide``)."""
        if not (by.can(Permission.EDIT_CASES) or by.can(Permission.DECIDE_CASES)):
            # Refused before the case is read, so the refusal says nothing about its state.
            require(by, Permission.EDIT_CASES)
        with self._toolbox.database.transaction() as store:
            case = self._current(store, by, case_id, expected_version)
            require(by, check_transition(case, target))
            now = self._toolbox.clock.now()
            moved = case.evolve(
                state=target,
                updated_at=now,
                review_due=review_due or case.review_due,
                history=(
                    *case.history,
                    StateChange(
                        now, by.username, case.state, target, _text("note", note, 2000) or ""
                    ),
                ),
            )
            return self._save(store, by, case, moved, f"case.move.{target.value}")

    def decide(
        self, by: User, case_id: str, *, note: str = "", expected_version: int | None = None
    ) -> CaseFile:
        """Record the Council's decision: every measure adoptable now is adopted, the rest not."""
        require(by, Permission.DECIDE_CASES)
        with self._toolbox.database.transaction() as store:
            case = self._current(store, by, case_id, expected_version)
            positions = store.cases.positions(case.id)
            adoption = {
                m.id: evaluate_adoption(
                    m, self._instrument(m.instrument_id), positions, self._populations()
                )
                for m in case.active_measures
            }
            adopted = [m for m in case.active_measures if adoption[m.id].adoptable]
            target = CaseState.ADOPTED if adopted else CaseState.NOT_ADOPTED
            require(by, check_transition(case, target, deciding=True))
            now = self._toolbox.clock.now()
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
                self._instrument(m.instrument_id).category is InstrumentCategory.RESTRICTIVE
                for m in adopted
            ):
                review_due = _add_months(now.date(), _RESTRICTIVE_REVIEW_MONTHS)
            summary = "; ".join(
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
                        now, by.username, case.state, target, _text("note", note, 2000) or summary
                    ),
                ),
            )
            self._save(store, by, case, decided, "case.decide")
        return self.get(by, case_id)

    def record_position(
        self,
        by: User,
        case_id: str,
        measure_id: str,
        *,
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
        with self._toolbox.database.transaction() as store:
            case = store.cases.get(case_id)
            self._readable_incidents(store, by, case)
            check_can_record_positions(case)
            measure = _measure(case, measure_id)
            if measure.dropped:
                raise InvalidInput("position", "measure", measure_id, "was dropped from the case")
            check_position_allowed(self._instrument(measure.instrument_id), position)
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
                recorded_at=self._toolbox.clock.now(),
                recorded_by=by.username,
                comment=_text("comment", comment, 4000) or "",
            )
            store.cases.set_position(recorded)
            self._toolbox.audit.record(
                store,
                by=by,
                action="case.position",
                entity="case",
                key=case.id,
                before=_position_record(previous) if previous else None,
                after=_position_record(recorded),
            )
        return recorded

    def implement(
        self,
        by: User,
        case_id: str,
        measure_id: str,
        *,
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
        with self._toolbox.database.transaction() as store:
            case = store.cases.get(case_id)
            self._readable_incidents(store, by, case)
            measure_id = _measure(case, measure_id).id
            check_can_implement(case, measure_id)
            now = self._toolbox.clock.now()
            implementation = Implementation(
                id=self._toolbox.ids.new_id("implementation"),
                case_id=case.id,
                measure_id=measure_id,
                kind=kind,
                date=on,
                summary=_text("summary", summary, 2000) or _missing("summary"),
                recorded_at=now,
                recorded_by=by.username,
                text=_text("text", text, _MAX_TEXT),
                recipient=_text("recipient", recipient, 300),
                delegation=_text("delegation", delegation, 300),
                reference=_text("reference", reference, 500),
                incident_ids=case.incident_ids,
            )
            store.cases.add_implementation(implementation)
            self._toolbox.audit.record(
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
                self._save(store, by, case, moving, "case.move.implementing")
        return implementation

    # Internals -------------------------------------------------------------------------------

    def _set_dropped(
        self,
        by: User,
        case_id: str,
        measure_id: str,
        dropped: bool,
        justification: str,
        expected_version: int | None,
    ) -> ResponseCase:
        require(by, Permission.EDIT_CASES)
        why = _justification(justification)
        action = "dropped" if dropped else "restored"

        def toggle(case: ResponseCase, now_by: MeasureChange) -> ResponseCase:
            check_can_edit_measures(case)
            measure = _measure(case, measure_id)
            if measure.dropped == dropped:
                raise InvalidInput("case", "measure", measure_id, f"is already {action}")
            changed = measure.evolve(dropped=dropped, history=(*measure.history, now_by))
            return _replace_measure(case, changed)

        return self._change(
            by,
            case_id,
            expected_version,
            Permission.EDIT_CASES,
            f"case.measure.{'drop' if dropped else 'restore'}",
            why,
            toggle,
        )

    def _change(
        self,
        by: User,
        case_id: str,
        expected_version: int | None,
        permission: Permission,
        action: str,
        justification: str,
        mutate: Callable[[ResponseCase, MeasureChange], ResponseCase],
    ) -> ResponseCase:
        require(by, permission)
        with self._toolbox.database.transaction() as store:
            case = self._current(store, by, case_id, expected_version)
            now = self._toolbox.clock.now()
            verb = action.rsplit(".", 1)[-1]
            change = MeasureChange(
                at=now,
                by=by.username,
                action={"add": "added", "edit": "edited", "drop": "dropped", "restore": "restored"}[
                    verb
                ],
                justification=justification,
            )
            changed = mutate(case, change).evolve(updated_at=now)
            return self._save(store, by, case, changed, action)

    def _current(
        self, store: Repositories, by: User, case_id: str, expected_version: int | None
    ) -> ResponseCase:
        case = store.cases.get(case_id)
        self._readable_incidents(store, by, case)
        if expected_version is not None and expected_version != case.version:
            raise Conflict("case", case.id, expected_version, case.version)
        return case

    def _save(
        self, store: Repositories, by: User, before: ResponseCase, after: ResponseCase, action: str
    ) -> ResponseCase:
        stored = store.cases.update(after, before.version)
        self._toolbox.audit.record(
            store,
            by=by,
            action=action,
            entity="case",
            key=stored.id,
            before=case_record(before),
            after=case_record(stored),
        )
        return stored

    def _readable_incidents(
        self, store: Repositories, by: User, case: ResponseCase
    ) -> builtins.list[Incident]:
        """The case's incidents still in the store; Forbidden if any is above ``by``'s clearance."""
        found = store.incidents.get_many(list(case.incident_ids))
        incidents = [found[i] for i in case.incident_ids if i in found]
        for incident in incidents:
            require_clearance(by, incident.tlp, f"case {case.id} (about incident {incident.slug})")
        return incidents

    def _hidden_incidents(self, store: Repositories, by: User, incident_ids: set[str]) -> set[str]:
        found = store.incidents.get_many(sorted(incident_ids))
        return {i for i, incident in found.items() if not by.cleared_for(incident.tlp)}

    def _recidivism(
        self, store: Repositories, by: User, case: ResponseCase, incidents: builtins.list[Incident]
    ) -> tuple[RecidivismFlag, ...]:
        actors = {a.id: a for a in self._toolbox.actors.all()}
        sponsors = {actor_id: actor.sponsor for actor_id, actor in actors.items()}
        subjects = case_subjects(incidents, sponsors)
        after = reference_date(incidents, case.decided_at.date() if case.decided_at else None)
        if not subjects or after is None:
            return ()
        candidates: dict[str, Incident] = {}
        for query in (
            IncidentFilter(actor_ids=subjects.actor_ids, since=after, max_tlp=by.clearance)
            if subjects.actor_ids
            else None,
            IncidentFilter(sponsors=subjects.states, since=after, max_tlp=by.clearance)
            if subjects.states
            else None,
        ):
            if query is not None:
                for incident in store.incidents.list(query, limit=1000).items:
                    candidates[incident.id] = incident
        return later_incidents(
            subjects,
            candidates.values(),
            after=after,
            excluded=case.incident_ids,
            sponsors=sponsors,
            actor_names={actor_id: actor.name for actor_id, actor in actors.items()},
        )

    def _instrument(self, instrument_id: str, field: str = "instrument") -> Instrument:
        instruments = self._toolbox.knowledge.instruments
        if instrument_id not in instruments:
            raise InvalidInput(
                "case",
                field,
                instrument_id,
                "is not a Toolbox instrument (see the knowledge base: e.g. "
                "stability.hr_declaration, restrictive.listing)",
            )
        return instruments.get(instrument_id)

    def _populations(self) -> Mapping[str, int]:
        countries = self._toolbox.knowledge.countries
        return {m.code: countries.eu_population(m.code) or 0 for m in countries.eu_members()}

    def _member_state(self, text: str) -> str:
        country = self._toolbox.knowledge.countries.find(text)
        if country is None or country.code not in self._populations():
            raise InvalidInput(
                "position", "member_state", text, "is not a Member State of the European Union"
            )
        return country.code


def _measure(case: ResponseCase, measure_id: str) -> ProposedMeasure:
    """A measure by its id (m1) or, among the active ones, by its instrument id."""
    measure = case.measure(measure_id) or next(
        (m for m in case.active_measures if m.instrument_id == measure_id), None
    )
    if measure is None:
        known = ", ".join(m.id for m in case.measures) or "none"
        raise InvalidInput(
            "case", "measure", measure_id, f"is not a measure of this case (it has: {known})"
        )
    return measure


def _replace_measure(case: ResponseCase, changed: ProposedMeasure) -> ResponseCase:
    return case.evolve(measures=tuple(changed if m.id == changed.id else m for m in case.measures))


def _justification(text: str) -> str:
    cleaned = _text("justification", text, 4000)
    if not cleaned:
        raise InvalidInput(
            "case", "justification", text, "is required: say why the measure changes"
        )
    return cleaned


def _text(field: str, value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise InvalidInput("case", field, cleaned, f"is longer than {limit} characters")
    return cleaned or None


def _missing(field: str) -> str:
    raise InvalidInput("case", field, "", "is required")


def _default_title(incidents: Sequence[Incident]) -> str:
    names = ", ".join(i.title for i in incidents[:3])
    more = f" and {len(incidents) - 3} more" if len(incidents) > 3 else ""
    return f"Response to {names}{more}"


def _snapshot_options(snapshot: object) -> builtins.list[Mapping[str, object]]:
    options = snapshot.get("options") if isinstance(snapshot, Mapping) else None
    return [o for o in _sequence(options) if isinstance(o, Mapping)]


def _sequence(value: object) -> builtins.list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _position_record(position: Position) -> dict[str, object]:
    return {
        "measure_id": position.measure_id,
        "member_state": position.member_state,
        "position": position.position.value,
        "comment": position.comment,
        "recorded_at": position.recorded_at.isoformat(),
    }


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")
