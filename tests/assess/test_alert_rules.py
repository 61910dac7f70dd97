"""The alert rules as pure functions over a snapshot: what each raises and what it does not,
and the overdue-request rule against any object shaped as the Protocol says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from cdtoolbox.assess.alert_rules import (
    AlertSnapshot,
    IncidentFacts,
    ListedActor,
    evaluate,
    request_overdue,
    sanctioned_actor_active_again,
    severe_in_several_member_states,
)
from cdtoolbox.model import Incident
from cdtoolbox.model.alerts import AlertRule
from cdtoolbox.model.attribution import AttributingParty, Attribution, PartyKind
from cdtoolbox.model.dates import PartialDate
from cdtoolbox.model.vocabulary import Classification, SeverityLevel, Tlp


def _incident(start: str | None = "2026-03", actor: str | None = None, **extra: object) -> Incident:
    attributions = (
        (Attribution(AttributingParty(PartyKind.STATE, "Germany", "DE"), actor_id=actor),)
        if actor is not None
        else ()
    )
    return Incident(
        id=f"incident-{start}-{actor}",
        slug=f"incident-{start}-{actor}".lower(),
        title="Ministries breached",
        start=PartialDate.parse(start) if start else None,
        attributions=attributions,
        **extra,  # type: ignore[arg-type]
    )


def _facts(
    severity: SeverityLevel, states: tuple[str, ...], incident: Incident | None = None
) -> IncidentFacts:
    return IncidentFacts(incident or _incident(), states, lambda _incident: severity)


def test_severity_high_or_above_in_two_member_states_is_raised_and_nothing_less() -> None:
    snapshot = AlertSnapshot(
        incidents=[
            _facts(SeverityLevel.HIGH, ("DE", "FR")),
            _facts(SeverityLevel.CRITICAL, ("DE", "FR", "IT"), _incident("2026-04")),
        ]
    )
    found = list(severe_in_several_member_states(snapshot))
    assert [f.subject_id for f in found] == ["incident-2026-03-None", "incident-2026-04-None"]
    assert "severity high, Member States DE, FR" in found[0].summary
    for severity, states in ((SeverityLevel.MEDIUM, ("DE", "FR")), (SeverityLevel.SEVERE, ("DE",))):
        assert not list(severe_in_several_member_states(AlertSnapshot([_facts(severity, states)])))


def test_an_incident_in_fewer_than_two_member_states_is_never_graded() -> None:
    # Grading is most of a run's time after an import of thousands of incidents.
    def ungradable(incident: Incident) -> SeverityLevel:
        raise AssertionError(f"{incident.id} graded")

    lone = [IncidentFacts(_incident(), states, ungradable) for states in ((), ("DE",))]
    assert not list(severe_in_several_member_states(AlertSnapshot(lone)))
    graded: list[str] = []

    def high(incident: Incident) -> SeverityLevel:
        graded.append(incident.id)
        return SeverityLevel.HIGH

    shared = IncidentFacts(_incident(), ("DE", "FR"), high)
    assert len(list(severe_in_several_member_states(AlertSnapshot([shared, shared])))) == 2
    assert graded == [shared.incident.id]  # once, however often a rule reads it


def test_an_actor_listed_before_the_incident_began_is_active_again() -> None:
    listed = {"apt28": ListedActor("APT28", date(2020, 10, 22))}
    after = _incident("2026-03", "apt28", tlp=Tlp.AMBER, classification=Classification.RESTREINT_UE)
    before = _incident("2019-05", "apt28")
    undated = _incident(None, "apt28")
    other = _incident("2026-03", "apt29")
    snapshot = AlertSnapshot(
        incidents=[_facts(SeverityLevel.LOW, (), i) for i in (after, before, undated, other)],
        listed_actors=listed,
    )
    (found,) = sanctioned_actor_active_again(snapshot)
    assert (found.rule, found.subject_id) == (AlertRule.SANCTIONED_ACTOR_ACTIVE, after.id)
    assert "APT28, listed by the EU on 2020-10-22" in found.summary
    # The alert carries its subject's markings, never lower.
    assert (found.tlp, found.classification) == (Tlp.AMBER, Classification.RESTREINT_UE)


@dataclass(frozen=True)
class _Request:
    id: str
    deadline: datetime | None
    tlp: Tlp = Tlp.GREEN
    classification: Classification | None = None
    requester: str = "EE"
    asked: str = "Mitigate the servers."


def test_an_overdue_request_raises_one_alert_per_request_and_rule() -> None:
    late = _Request("request-1", datetime(2026, 11, 20, 12, 0, tzinfo=UTC), Tlp.AMBER)
    snapshot = AlertSnapshot(overdue_requests=[late, late])
    (found,) = evaluate(snapshot)
    assert (found.rule, found.subject_kind, found.subject_id, found.tlp) == (
        AlertRule.REQUEST_OVERDUE,
        "request",
        "request-1",
        Tlp.AMBER,
    )
    assert found.summary == (
        "Request of EE unanswered since its deadline 2026-11-20 12:00 UTC: Mitigate the servers."
    )
    assert [f.subject_id for f in request_overdue(AlertSnapshot())] == []
