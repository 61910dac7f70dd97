"""The dossier of one response case: the incidents it answers, its history told as
sentences, each measure with the Member States' positions, the decision and the rule it was
taken under, how the adopted measures were implemented, when the case is to be reviewed, and
the recidivism: later incidents by the same actor or sponsor State after the decision.

Like the decision brief, a ``CaseDossier`` holds words, not codes, and ``build_case_dossier``
is pure: the Toolbox reads the case file and the incidents with the reader's clearance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident, Tlp
from cdtoolbox.model.case import (
    CaseFile,
    CaseState,
    Implementation,
    MeasureDecision,
    ProposedMeasure,
)
from cdtoolbox.report.notes import Note, SourceNotes
from cdtoolbox.report.words import country, day, long_date, when

__all__ = [
    "CASE_DOSSIER_SCHEMA",
    "CaseDossier",
    "DossierEvent",
    "DossierImplementation",
    "DossierIncident",
    "DossierMeasure",
    "DossierPosition",
    "DossierRecidivism",
    "build_case_dossier",
]

CASE_DOSSIER_SCHEMA = "cdtoolbox/case-dossier/1"
"""Names the JSON layout (docs/reports.md); a change that breaks readers gets a new number."""

# Where each kind of step falls in the workflow, to order the steps of one second.
_STAGES = {state: 10 * rank for rank, state in enumerate(CaseState)}
_MEASURES_SHAPED = _STAGES[CaseState.DRAFTING] + 5
_POSITIONS_RECORDED = _STAGES[CaseState.CONSULTATION] + 5
_MEASURE_IMPLEMENTED = _STAGES[CaseState.IMPLEMENTING] - 5

_DECISIONS = {
    MeasureDecision.PENDING: "not decided",
    MeasureDecision.ADOPTED: "adopted",
    MeasureDecision.NOT_ADOPTED: "not adopted",
}


@dataclass(frozen=True, slots=True)
class DossierIncident:
    slug: str
    title: str
    active: str  # "June 2017", "unknown"
    tlp_label: str
    notes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DossierEvent:
    """One dated step of the case, told as a sentence."""

    date: str  # ISO day
    sentence: str


@dataclass(frozen=True, slots=True)
class DossierPosition:
    member_state: str  # "Germany (DE)"
    position: str  # "Support", "Scrutiny reserve"
    recorded: str  # ISO day
    comment: str


@dataclass(frozen=True, slots=True)
class DossierImplementation:
    date: str  # ISO day
    kind: str  # "statement", "legal-act", …
    summary: str
    recipient: str | None
    delegation: str | None
    reference: str | None
    notes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DossierMeasure:
    """A proposed Toolbox measure: what it is, who decides it and how, where it stands."""

    id: str  # "m1"
    instrument_id: str
    name: str  # the instrument's name
    title: str  # the case's own title for it
    text: str
    dropped: bool
    decision: str  # "adopted", "not adopted", "not decided"
    decided_by: str
    decision_rule: str  # "needs the unanimity of the Member States"
    adoption: str | None  # whether it can be adopted now and why; None once dropped
    positions: tuple[DossierPosition, ...]  # by Member State name
    awaiting: tuple[str, ...]  # Member States with no position recorded
    implementations: tuple[DossierImplementation, ...]


@dataclass(frozen=True, slots=True)
class DossierRecidivism:
    slug: str
    title: str
    start: str | None
    shared: str  # "actor APT28", "sponsor RU"


@dataclass(frozen=True, slots=True)
class CaseDossier:
    """One response case as its reader is cleared to see it.

    ``tlp`` is the most restrictive marking of the incidents the dossier names (those the
    case answers and the later ones listed as recidivism); ``as_of`` is when the case last
    changed, so the same store gives the same dossier.
    """

    schema: str
    case_id: str
    title: str
    tlp: str
    tlp_label: str
    as_of: str
    state: str  # "Decided: measures adopted"
    ruleset: str
    opened: str  # "3 March 2026 by alice"
    incidents: tuple[DossierIncident, ...]
    history: tuple[DossierEvent, ...]
    decision: str
    measures: tuple[DossierMeasure, ...]
    review: str
    recidivism_after: str | None  # the day after which later incidents count, if any
    recidivism: tuple[DossierRecidivism, ...]
    notes: tuple[Note, ...]


def build_case_dossier(
    case_file: CaseFile,
    incidents: Sequence[Incident],
    recidivism_markings: Mapping[str, Tlp],
    knowledge: KnowledgeBase,
    *,
    recidivism_after: str | None,
) -> CaseDossier:
    """The dossier of ``case_file``. ``incidents`` are the incidents the case answers;
    ``recidivism_markings`` gives, by incident id, the marking of each later incident the
    reader may read (a flag missing from it is left out); ``recidivism_after`` is the ISO day
    after which an incident counts as a repeat (the decision, else the latest incident)."""
    case = case_file.case
    notes = SourceNotes()
    shown = list(incidents)
    dossier_incidents = tuple(
        DossierIncident(
            slug=incident.slug,
            title=incident.title,
            active=when(incident.start),
            tlp_label=incident.tlp.label,
            notes=tuple(notes.cite(source) for source in incident.sources),
        )
        for incident in shown
    )
    recidivism = tuple(
        DossierRecidivism(flag.slug, flag.title, flag.start, flag.shared)
        for flag in case_file.recidivism
        if flag.incident_id in recidivism_markings
    )
    marking = max(
        (Tlp.CLEAR, *(i.tlp for i in shown), *recidivism_markings.values()),
        key=lambda tlp: tlp.rank,
    )
    measures = tuple(_measure(measure, case_file, knowledge, notes) for measure in case.measures)
    return CaseDossier(
        schema=CASE_DOSSIER_SCHEMA,
        case_id=case.id,
        title=case.title,
        tlp=marking.value,
        tlp_label=marking.label,
        as_of=day(case.updated_at) or "",
        state=case.state.label,
        ruleset=case.ruleset,
        opened=f"{long_date(case.created_at.date())} by {case.created_by}",
        incidents=dossier_incidents,
        history=_history(case_file, knowledge),
        decision=_decision(case_file),
        measures=measures,
        review=(
            f"The case is due for review on {long_date(case.review_due)}."
            if case.review_due
            else "No review date is set."
        ),
        recidivism_after=recidivism_after,
        recidivism=recidivism,
        notes=notes.all(),
    )


def _decision(case_file: CaseFile) -> str:
    case = case_file.case
    if case.decided_at is None:
        return f"Not decided: the case stands at “{case.state.label}”."
    adopted = [m for m in case.active_measures if m.decision is MeasureDecision.ADOPTED]
    decided = f"Decided on {long_date(case.decided_at.date())}"
    if not adopted:
        return f"{decided}: no measure adopted."
    named = "; ".join(f"{m.title} ({m.id})" for m in adopted)
    return f"{decided}: adopted {named}."


def _measure(
    measure: ProposedMeasure, case_file: CaseFile, knowledge: KnowledgeBase, notes: SourceNotes
) -> DossierMeasure:
    instrument = knowledge.instruments.get(measure.instrument_id)
    positions = sorted(
        (
            DossierPosition(
                member_state=country(p.member_state, knowledge),
                position=p.position.label,
                recorded=day(p.recorded_at) or "",
                comment=p.comment,
            )
            for p in case_file.positions
            if p.measure_id == measure.id
        ),
        key=lambda p: p.member_state,
    )
    adoption = None if measure.dropped else case_file.adoption_of(measure.id)
    return DossierMeasure(
        id=measure.id,
        instrument_id=measure.instrument_id,
        name=instrument.name,
        title=measure.title,
        text=measure.text,
        dropped=measure.dropped,
        decision=_DECISIONS[measure.decision],
        decided_by=instrument.decided_by,
        decision_rule=instrument.decision_rule.label,
        adoption=adoption.explanation if adoption else None,
        positions=tuple(positions),
        awaiting=tuple(
            sorted(country(code, knowledge) for code in adoption.awaiting) if adoption else ()
        ),
        implementations=tuple(
            _implementation(item, notes)
            for item in sorted(case_file.implementations, key=lambda i: (i.date, i.id))
            if item.measure_id == measure.id
        ),
    )


def _implementation(item: Implementation, notes: SourceNotes) -> DossierImplementation:
    return DossierImplementation(
        date=item.date.isoformat(),
        kind=item.kind.value.replace("-", " "),
        summary=item.summary,
        recipient=item.recipient,
        delegation=item.delegation,
        reference=item.reference,
        notes=(notes.cite_reference(item.reference),) if item.reference else (),
    )


def _history(case_file: CaseFile, knowledge: KnowledgeBase) -> tuple[DossierEvent, ...]:
    """Every dated step, oldest first. Steps recorded within the same second (the store keeps
    moments to the second) are told in the order the workflow allows them: measures are
    shaped before consultation, positions are recorded in it before the decision, a measure
    is implemented before the case moves to implementing."""
    case = case_file.case
    titles = {m.id: f"{m.title} ({m.id})" for m in case.measures}
    events: list[tuple[datetime, int, str]] = [
        (change.at, _STAGES[change.to_state], change.sentence) for change in case.history
    ]
    events += [
        (change.at, _MEASURES_SHAPED, f"Measure {titles[m.id]}: {change.sentence}")
        for m in case.measures
        for change in m.history
    ]
    events += [
        (
            p.recorded_at,
            _POSITIONS_RECORDED,
            f"{p.recorded_by} recorded the position of "
            f"{country(p.member_state, knowledge)} on {titles.get(p.measure_id, p.measure_id)}: "
            f"{p.position.label}.",
        )
        for p in case_file.positions
    ]
    events += [
        (
            i.recorded_at,
            _MEASURE_IMPLEMENTED,
            f"{i.recorded_by} recorded the implementation of "
            f"{titles.get(i.measure_id, i.measure_id)} on {long_date(i.date)} "
            f"({i.kind.value.replace('-', ' ')}): {i.summary}",
        )
        for i in case_file.implementations
    ]
    ordered = sorted(
        enumerate(events), key=lambda item: (_instant(item[1][0]), item[1][1], item[0])
    )
    return tuple(
        DossierEvent(day(at) or "", _full_stop(sentence)) for _, (at, _, sentence) in ordered
    )


def _full_stop(sentence: str) -> str:
    # Justifications and summaries are typed by analysts, with or without a final stop.
    return sentence if sentence.endswith((".", "!", "?")) else f"{sentence}."


def _instant(moment: datetime) -> datetime:
    # A naive moment cannot be compared with an aware one; the store's moments are UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
