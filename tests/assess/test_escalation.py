"""The escalation-risk indicator, factor by factor, and the channels it puts first; the
cooperation handles drawn from a context built by hand (the engine reads no store)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from assess_builders import attribution, incident

from cdtoolbox.assess import Assessor
from cdtoolbox.assess.assessment import EscalationLevel, HandleKind, HandleStatus
from cdtoolbox.assess.cooperation import CooperationContext, LastCheck
from cdtoolbox.assess.escalation import ESCALATION_POINTS
from cdtoolbox.assess.precedents import Precedent
from cdtoolbox.model import Confidence
from cdtoolbox.model.cooperation import PocLevel, PointOfContact
from cdtoolbox.model.dialogues import Dialogue, DialogueKind, DialogueRound, DialogueStatus
from cdtoolbox.model.diplomacy import Verification

CONFIDENT = attribution("RU", confidence=Confidence.HIGH)
SENT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _dialogue(status: DialogueStatus, partner: str = "RU") -> Dialogue:
    return Dialogue(
        id=f"eu-{partner.lower()}",
        partner=partner,
        partner_name=partner,
        kind=DialogueKind.BILATERAL,
        title=f"EU-{partner} cyber dialogue",
        status=status,
        status_checked=Verification.VERIFIED,
        sources=("https://example.org/dialogue",),
        rounds=(DialogueRound(held_on=date(2025, 3, 1), number=2, place="Brussels"),),
        next_meeting=date(2027, 3, 1),
    )


CONTACT = PointOfContact(
    id="ru-osce-mfa",
    state="RU",
    network="osce",
    level=PocLevel.DIPLOMATIC,
    organisation="Ministry of Foreign Affairs",
    channel="OSCE Communications Network",
)


def _factor(assessor: Assessor, subject, context=None):  # type: ignore[no-untyped-def]
    assessment = (
        assessor.assess(subject) if context is None else assessor.assess(subject, (), context)
    )
    return assessment, {f.factor: f for f in assessment.escalation.factors}


def test_state_attribution_counts_by_its_strength(assessor: Assessor) -> None:
    _, confident = _factor(assessor, incident(attributions=(CONFIDENT,)))
    _, plain = _factor(assessor, incident(attributions=(attribution("RU"),)))
    _, none = _factor(assessor, incident())
    assert (
        confident["state-attribution"].points
        == ESCALATION_POINTS["state-attribution.official-high-confidence"]
    )
    assert plain["state-attribution"].points == ESCALATION_POINTS["state-attribution.official"]
    assert "without high confidence" in plain["state-attribution"].reason
    assert none["state-attribution"].points == 0


def test_military_targets_weigh_more_than_critical_infrastructure(assessor: Assessor) -> None:
    _, military = _factor(assessor, incident(sectors=("defence",)))
    _, energy = _factor(assessor, incident(sectors=("energy",)))
    _, media = _factor(assessor, incident(sectors=("media",)))
    assert military["critical-targets"].points == ESCALATION_POINTS["critical-targets.military"]
    assert energy["critical-targets"].points == ESCALATION_POINTS["critical-targets.infrastructure"]
    assert "Energy" in energy["critical-targets"].reason
    assert media["critical-targets"].points == 0


def test_an_armed_conflict_context_counts(assessor: Assessor) -> None:
    _, war = _factor(assessor, incident(summary="Wiper attacks during the invasion of Ukraine."))
    _, peace = _factor(assessor, incident(summary="Wiper attacks on a utility."))
    assert war["armed-conflict"].points == ESCALATION_POINTS["armed-conflict"]
    assert "invasion" in war["armed-conflict"].reason
    assert peace["armed-conflict"].points == 0


def test_no_working_channel_counts_only_when_the_registers_show_it(assessor: Assessor) -> None:
    subject = incident(attributions=(CONFIDENT,), countries=("DE",))
    _, unread = _factor(assessor, subject)
    assert unread["no-channel"].points == 0 and "unknown" in unread["no-channel"].reason
    empty = CooperationContext(consulted=True)
    _, nothing = _factor(assessor, subject, empty)
    assert nothing["no-channel"].points == 0  # nothing held: unknown, not absent
    closed = CooperationContext(consulted=True, dialogues=(_dialogue(DialogueStatus.SUSPENDED),))
    _, suspended = _factor(assessor, subject, closed)
    assert suspended["no-channel"].points == ESCALATION_POINTS["no-channel"]
    open_ = CooperationContext(consulted=True, dialogues=(_dialogue(DialogueStatus.ACTIVE),))
    _, active = _factor(assessor, subject, open_)
    assert active["no-channel"].points == 0 and "eu-ru" in active["no-channel"].reason
    answered = CooperationContext(
        consulted=True,
        dialogues=(_dialogue(DialogueStatus.SUSPENDED),),
        contacts=(CONTACT,),
        last_checks={CONTACT.id: LastCheck("osce-june", SENT, SENT, SENT.replace(hour=15))},
    )
    assessment, reached = _factor(assessor, subject, answered)
    assert reached["no-channel"].points == 0
    [contact] = [h for h in assessment.cooperation.handles if h.kind is HandleKind.POINT_OF_CONTACT]
    assert contact.status is HandleStatus.AVAILABLE and "6.0 hours" in contact.text


def test_repeated_activity_counts_other_incidents_of_the_same_state(assessor: Assessor) -> None:
    earlier = incident("earlier", attributions=(attribution("RU"),))
    subject = incident("later", attributions=(attribution("RU"),))
    index = assessor.index([Precedent(earlier, ())])
    found = {f.factor: f for f in assessor.assess(subject, index).escalation.factors}
    assert found["repeated-activity"].points == ESCALATION_POINTS["repeated-activity"]
    assert "earlier" in found["repeated-activity"].reason
    alone = {f.factor: f for f in assessor.assess(earlier, index).escalation.factors}
    assert alone["repeated-activity"].points == 0  # itself is no repetition


def _kinds(assessment) -> list[HandleKind]:  # type: ignore[no-untyped-def]
    """The kinds of the channels to the State held responsible, in order (capacity-building
    handles, which reach the victim's State, follow them and are left out here)."""
    return [h.kind for h in assessment.cooperation.handles if h.kind is not HandleKind.CAPACITY]


def test_high_risk_puts_consultations_and_the_contact_before_the_dialogue(
    assessor: Assessor,
) -> None:
    context = CooperationContext(consulted=True, dialogues=(_dialogue(DialogueStatus.SUSPENDED),))
    high = assessor.assess(
        incident(
            attributions=(CONFIDENT,),
            countries=("UA",),
            sectors=("defence",),
            summary="Attacks during the invasion.",
        ),
        (),
        context,
    )
    assert high.escalation.level is EscalationLevel.HIGH
    kinds = _kinds(high)
    assert kinds[0] is HandleKind.CONSULTATION and kinds[-1] is HandleKind.DIALOGUE
    assert kinds.index(HandleKind.POINT_OF_CONTACT) < kinds.index(HandleKind.CONTACT)
    assert high.cooperation.handles[0].reference == "OSCE-CBM-3"
    low = assessor.assess(
        incident(attributions=(attribution("RU"),), countries=("UA",)), (), context
    )
    assert low.escalation.level is EscalationLevel.LOW
    assert _kinds(low)[0] is HandleKind.DIALOGUE


@pytest.mark.parametrize(("points", "level"), [(0, "low"), (3, "medium"), (5, "high")])
def test_levels_follow_the_points(assessor: Assessor, points: int, level: str) -> None:
    cases = {
        0: incident(),
        3: incident(attributions=(CONFIDENT,), sectors=("energy",)),
        5: incident(attributions=(CONFIDENT,), sectors=("defence",), summary="During the war."),
    }
    risk = assessor.assess(cases[points]).escalation
    assert (risk.points, risk.level.value) == (points if points != 5 else 6, level)


def test_without_the_registers_every_channel_is_unknown_never_invented(
    assessor: Assessor,
) -> None:
    assessment = assessor.assess(incident(attributions=(CONFIDENT,), countries=("DE",)))
    handles = assessment.cooperation.handles
    assert not assessment.cooperation.consulted
    contact_and_dialogue = [
        h for h in handles if h.kind in (HandleKind.POINT_OF_CONTACT, HandleKind.DIALOGUE)
    ]
    assert {h.status for h in contact_and_dialogue} == {HandleStatus.UNKNOWN}
    # Membership is knowledge, not a register: the shared OSCE measures are still named.
    assert {"OSCE-CBM-3", "OSCE-CBM-8"} <= {h.reference for h in handles}


def test_no_victim_country_leaves_the_shared_measures_unknown(assessor: Assessor) -> None:
    assessment = assessor.assess(incident(attributions=(CONFIDENT,)))
    [measures] = [h for h in assessment.cooperation.handles if h.kind is HandleKind.CONSULTATION]
    assert measures.status is HandleStatus.UNKNOWN and measures.reference is None


def test_no_state_named_means_no_channel(assessor: Assessor) -> None:
    assessment = assessor.assess(incident(countries=("DE",)))
    assert assessment.cooperation.handles == ()
    assert "No State is held responsible" in assessment.cooperation.summary
