"""Response cases through the library API, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest

from cdtoolbox.errors import Conflict, Forbidden, InvalidInput, InvalidTransition, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.case import (
    CaseState,
    ImplementationKind,
    MeasureDecision,
    PositionKind,
    ResponseCase,
)
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Settings, Staleness, Toolbox
from tests_support import wannacry_twin
from toolbox_support import CHEAP_PASSWORDS


class People:
    def __init__(self, toolbox: Toolbox) -> None:
        def add(username: str, role: Role, **extra: object) -> User:
            return toolbox.users.add(
                by=SYSTEM_USER, username=username, display_name=username, role=role, **extra
            )

        self.analyst = add("ana", Role.ANALYST)
        self.other_analyst = add("ben", Role.ANALYST)
        self.approver = add("apo", Role.APPROVER)
        self.viewer = add("vic", Role.VIEWER, clearance=Tlp.AMBER)
        self.members = [m.code for m in toolbox.knowledge.countries.eu_members()]
        self.delegates = {
            code: add(f"delegate-{code.lower()}", Role.DELEGATE, member_state=code)
            for code in self.members
        }


@pytest.fixture(scope="module")
def governed(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[tuple[Toolbox, People]]:
    with Toolbox(Settings(initialised_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS) as box:
        yield box, People(box)


def _consulting(box: Toolbox, people: People, slug: str = "wannacry-2017") -> ResponseCase:
    case = box.cases.open([slug], by=people.analyst)
    if not any(m.instrument_id == "restrictive.listing" for m in case.active_measures):
        case = box.cases.measures.add(
            case.id,
            "restrictive.listing",
            by=people.analyst,
            justification="listing proposed by FR",
        )
    return box.cases.move(case.id, CaseState.CONSULTATION, by=people.analyst)


def _listing(case: ResponseCase) -> str:
    return next(m.id for m in case.active_measures if m.instrument_id == "restrictive.listing")


def test_a_case_opens_on_its_incidents_with_the_assessment_snapshot(
    governed: tuple[Toolbox, People],
) -> None:
    box, people = governed
    case = box.cases.open(["wannacry-2017", "notpetya-2017"], by=people.analyst)
    incident_ids = [
        box.incidents.get(s, by=SYSTEM_USER).id for s in ("wannacry-2017", "notpetya-2017")
    ]
    assert case.state is CaseState.DRAFTING and list(case.incident_ids) == incident_ids
    assert set(case.assessment_snapshot) == set(incident_ids)
    instruments = [m.instrument_id for m in case.measures]
    assert "restrictive.listing" in instruments  # WannaCry and NotPetya allow listings
    assert all(m.available_when_proposed for m in case.measures)
    assert case.measures[0].history[0].justification.startswith("ranked 1 in the assessment")
    assert case.title.startswith("Response to ")
    assert box.audit.entries(by=people.analyst, entity="case", key=case.id)[0].action == "case.open"
    assert case.id in [c.id for c in box.cases.list(by=people.viewer, incident="wannacry-2017")]


def test_one_opposition_blocks_unanimity_and_a_constructive_abstention_does_not(
    governed: tuple[Toolbox, People],
) -> None:
    box, people = governed
    case = _consulting(box, people)
    measure = _listing(case)
    blocker = "HU"
    for state, delegate in people.delegates.items():
        position = PositionKind.OPPOSE if state == blocker else PositionKind.SUPPORT
        box.cases.record_position(
            case.id, measure, by=delegate, member_state=state, position=position
        )
    adoption = box.cases.get(case.id, by=people.viewer).adoption_of(measure)
    assert not adoption.adoptable
    assert adoption.blockers == (blocker,) and len(adoption.supporting) == 26
    assert "blocked by HU, which opposes" in adoption.explanation

    box.cases.record_position(
        case.id,
        measure,
        by=people.delegates[blocker],
        member_state=blocker,
        position=PositionKind.CONSTRUCTIVE_ABSTENTION,
        comment="formal declaration under Art. 31(1) TEU",
    )
    adoption = box.cases.get(case.id, by=people.viewer).adoption_of(measure)
    assert adoption.adoptable and adoption.blockers == ()
    assert adoption.constructive_abstentions == (blocker,)
    assert "HU abstains constructively" in adoption.explanation


def test_missing_positions_and_reserves_hold_unanimity_back(
    governed: tuple[Toolbox, People],
) -> None:
    box, people = governed
    case = _consulting(box, people)
    measure = _listing(case)
    for state in people.members[:-1]:
        box.cases.record_position(
            case.id,
            measure,
            by=people.delegates[state],
            member_state=state,
            position=PositionKind.SUPPORT,
        )
    last = people.members[-1]
    adoption = box.cases.get(case.id, by=people.viewer).adoption_of(measure)
    assert not adoption.adoptable and adoption.awaiting == (last,)
    box.cases.record_position(
        case.id,
        measure,
        by=people.delegates[last],
        member_state=last,
        position=PositionKind.RESERVE,
    )
    adoption = box.cases.get(case.id, by=people.viewer).adoption_of(measure)
    assert not adoption.adoptable and adoption.reserves == (last,)
    assert "scrutiny reserve" in adoption.explanation


def test_constructive_abstentions_of_a_third_of_states_and_people_defeat_the_decision(
    governed: tuple[Toolbox, People],
) -> None:
    box, people = governed
    case = _consulting(box, people)
    measure = _listing(case)
    # Nine states (a third) with DE, FR, IT among them (over a third of the population).
    abstaining = {"DE", "FR", "IT", "ES", "PL", "RO", "NL", "BE", "CZ"}
    for state in people.members:
        kind = PositionKind.CONSTRUCTIVE_ABSTENTION if state in abstaining else PositionKind.SUPPORT
        box.cases.record_position(
            case.id, measure, by=people.delegates[state], member_state=state, position=kind
        )
    adoption = box.cases.get(case.id, by=people.viewer).adoption_of(measure)
    assert not adoption.adoptable and "Art. 31(1) TEU threshold" in adoption.explanation


def test_a_delegate_records_only_their_own_states_position(
    governed: tuple[Toolbox, People],
) -> None:
    box, people = governed
    case = _consulting(box, people)
    measure = _listing(case)
    with pytest.raises(Forbidden, match="only a delegate of DE records DE's position"):
        box.cases.record_position(
            case.id,
            measure,
            by=people.delegates["FR"],
            member_state="DE",
            position=PositionKind.SUPPORT,
        )
    with pytest.raises(Forbidden):
        box.cases.record_position(
            case.id, measure, by=people.analyst, member_state="FR", position=PositionKind.SUPPORT
        )
    with pytest.raises(Forbidden):  # administrators do not speak for a state either
        box.cases.record_position(
            case.id, measure, by=SYSTEM_USER, member_state="FR", position=PositionKind.SUPPORT
        )
    assert box.cases.get(case.id, by=people.viewer).positions == ()


def test_constructive_abstention_is_refused_where_the_treaty_does_not_provide_it(
    governed: tuple[Toolbox, People],
) -> None:
    box, people = governed
    case = box.cases.open(["wannacry-2017"], by=people.analyst)
    case = box.cases.measures.add(
        case.id, "stability.council_conclusions", by=people.analyst, justification="FAC agenda"
    )
    case = box.cases.move(case.id, CaseState.CONSULTATION, by=people.analyst)
    conclusions = next(
        m.id for m in case.measures if m.instrument_id == "stability.council_conclusions"
    )
    with pytest.raises(InvalidInput, match="applies only to CFSP decisions"):
        box.cases.record_position(
            case.id,
            conclusions,
            by=people.delegates["AT"],
            member_state="AT",
            position=PositionKind.CONSTRUCTIVE_ABSTENTION,
        )


def test_invalid_transitions_are_refused_with_the_reason(governed: tuple[Toolbox, People]) -> None:
    box, people = governed
    case = box.cases.open(["dyn-ddos-2016"], by=people.analyst)
    with pytest.raises(InvalidTransition, match="can move to: consultation, closed"):
        box.cases.move(case.id, CaseState.IMPLEMENTING, by=people.analyst)
    with pytest.raises(InvalidTransition, match="decided by `decide`"):
        box.cases.move(case.id, CaseState.CONSULTATION, by=people.analyst)
        box.cases.move(case.id, CaseState.ADOPTED, by=people.approver)
    with pytest.raises(InvalidTransition, match="recorded during consultation"):
        other = box.cases.open(["dyn-ddos-2016"], by=people.analyst)
        box.cases.record_position(
            other.id,
            other.measures[0].id,
            by=people.delegates["FR"],
            member_state="FR",
            position=PositionKind.SUPPORT,
        )
    emptied = box.cases.open(["dyn-ddos-2016"], by=people.analyst)
    for measure in emptied.measures:
        emptied = box.cases.measures.drop(
            emptied.id, measure.id, by=people.analyst, justification="not proportionate"
        )
    with pytest.raises(InvalidTransition, match="no measure is proposed"):
        box.cases.move(emptied.id, CaseState.CONSULTATION, by=people.analyst)


def test_measures_change_only_with_a_justification_and_only_while_drafting(
    governed: tuple[Toolbox, People],
) -> None:
    box, people = governed
    case = box.cases.open(["wannacry-2017"], by=people.analyst)
    first = case.measures[0]
    with pytest.raises(InvalidInput, match="justification"):
        box.cases.measures.drop(case.id, first.id, by=people.analyst, justification="  ")
    case = box.cases.measures.edit(
        case.id, first.id, by=people.analyst, text="List Chosun Expo", justification="COREPER draft"
    )
    edited = case.measure(first.id)
    assert edited is not None and edited.text == "List Chosun Expo"
    assert [change.action for change in edited.history] == ["proposed", "edited"]
    with pytest.raises(Forbidden):
        box.cases.measures.edit(case.id, first.id, by=people.viewer, text="x", justification="y")
    box.cases.move(case.id, CaseState.CONSULTATION, by=people.analyst)
    with pytest.raises(InvalidTransition, match="back to drafting"):
        box.cases.measures.drop(case.id, first.id, by=people.analyst, justification="late")


def test_a_decided_case_is_implemented_and_reviewed(governed: tuple[Toolbox, People]) -> None:
    box, people = governed
    case = _consulting(box, people)
    listing = _listing(case)
    for state, delegate in people.delegates.items():
        box.cases.record_position(
            case.id, listing, by=delegate, member_state=state, position=PositionKind.SUPPORT
        )
    with pytest.raises(Forbidden):
        box.cases.decide(case.id, by=people.analyst)
    decided = box.cases.decide(case.id, by=people.approver)
    assert decided.case.state is CaseState.ADOPTED
    measure = decided.case.measure(listing)
    assert measure is not None and measure.decision is MeasureDecision.ADOPTED
    assert decided.case.review_due is not None  # listings are reviewed within 12 months
    assert (decided.case.review_due - decided.case.decided_at.date()).days in range(365, 367)  # type: ignore[union-attr]
    not_adopted = [
        m for m in decided.case.active_measures if m.decision is MeasureDecision.NOT_ADOPTED
    ]
    if not_adopted:  # measures nobody took a position on under unanimity
        with pytest.raises(InvalidTransition, match="not adopted"):
            box.cases.implement(
                case.id,
                not_adopted[0].id,
                by=people.analyst,
                kind=ImplementationKind.STATEMENT,
                on=date(2020, 7, 30),
                summary="x",
            )
    box.cases.implement(
        case.id,
        listing,
        by=people.analyst,
        kind=ImplementationKind.LEGAL_ACT,
        on=date(2020, 7, 30),
        summary="Listing adopted",
        reference="Council Implementing Regulation (EU) 2020/1125",
    )
    implemented = box.cases.get(case.id, by=people.viewer)
    assert implemented.case.state is CaseState.IMPLEMENTING
    assert (
        implemented.implementations[0].reference == "Council Implementing Regulation (EU) 2020/1125"
    )
    box.cases.move(case.id, CaseState.UNDER_REVIEW, by=people.analyst, note="annual review")
    closed = box.cases.move(case.id, CaseState.CLOSED, by=people.approver)
    assert [change.to_state for change in closed.history] == [
        CaseState.DRAFTING,
        CaseState.CONSULTATION,
        CaseState.ADOPTED,
        CaseState.IMPLEMENTING,
        CaseState.UNDER_REVIEW,
        CaseState.CLOSED,
    ]
    with pytest.raises(InvalidTransition, match="none: the case is closed"):
        box.cases.move(case.id, CaseState.DRAFTING, by=people.analyst)
    actions = [e.action for e in box.audit.entries(by=people.analyst, entity="case", key=case.id)]
    assert actions[0] == "case.open" and actions[-1] == "case.move.closed"
    assert actions.count("case.position") == 27 and "case.decide" in actions
    assert box.audit.verify(by=SYSTEM_USER).intact


def test_two_analysts_editing_the_same_case_one_wins_and_the_other_gets_a_conflict(
    governed: tuple[Toolbox, People],
) -> None:
    box, people = governed
    case = box.cases.open(["wannacry-2017"], by=people.analyst)
    measure = case.measures[0].id
    box.cases.measures.edit(
        case.id,
        measure,
        by=people.analyst,
        text="first",
        justification="a",
        expected_version=case.version,
    )
    with pytest.raises(Conflict, match="you edited version 1, the stored one is version 2"):
        box.cases.measures.edit(
            case.id,
            measure,
            by=people.other_analyst,
            text="second",
            justification="b",
            expected_version=case.version,
        )
    stored = box.cases.get(case.id, by=people.viewer).case.measure(measure)
    assert stored is not None and stored.text == "first"


def test_concurrent_edits_from_threads_lose_nothing(governed: tuple[Toolbox, People]) -> None:
    box, people = governed
    case = box.cases.open(["wannacry-2017"], by=people.analyst)
    measure = case.measures[0].id
    outcomes: list[str] = []
    lock = threading.Lock()

    def edit(analyst: User, text: str) -> None:
        with Toolbox(box.settings, knowledge=box.knowledge, passwords=CHEAP_PASSWORDS) as own:
            try:
                own.cases.measures.edit(
                    case.id,
                    measure,
                    by=analyst,
                    text=text,
                    justification="race",
                    expected_version=1,
                )
                result = f"won:{text}"
            except Conflict:
                result = "conflict"
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=edit, args=(analyst, f"text-{n}"))
        for n, analyst in enumerate([people.analyst, people.other_analyst] * 3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [o for o in outcomes if o.startswith("won:")]
    assert len(winners) == 1 and outcomes.count("conflict") == 5
    stored = box.cases.get(case.id, by=people.viewer).case
    assert stored.version == 2 and stored.measure(measure).text == winners[0][4:]  # type: ignore[union-attr]


def test_later_incidents_by_the_same_actor_or_sponsor_are_flagged(
    governed: tuple[Toolbox, People],
) -> None:
    box, people = governed
    case = box.cases.open(["bundestag-2015"], by=people.analyst)
    flags = {flag.slug: flag.shared for flag in box.cases.get(case.id, by=people.viewer).recidivism}
    assert flags["opcw-2018"] == "actor APT28"
    assert flags["notpetya-2017"] == "sponsor State RU"
    assert "bundestag-2015" not in flags and "stuxnet-2010" not in flags


def test_cases_on_restricted_incidents_stay_hidden_from_uncleared_readers(
    governed: tuple[Toolbox, People],
) -> None:
    box, people = governed
    document = {
        "title": "Intrusion at a ministry (restricted reporting)",
        "start": "2026-10-01",
        "types": ["espionage"],
        "victims": {"countries": ["BE"]},
        "tlp": "amber+strict",
    }
    restricted = box.incidents.add([document], source="test", by=SYSTEM_USER).created[0]
    case = box.cases.open([restricted.slug], by=people.analyst.evolve(clearance=Tlp.RED))
    # Hidden answers exactly as absent: the same error, naming only what was asked for.
    absent = "0" * len(case.id)
    with pytest.raises(NotFound) as hidden:
        box.cases.get(case.id, by=people.viewer)
    with pytest.raises(NotFound) as missing:
        box.cases.get(absent, by=people.viewer)
    assert str(hidden.value).replace(case.id, absent) == str(missing.value)
    assert "TLP" not in str(hidden.value) and restricted.slug not in str(hidden.value)
    assert case.id not in [c.id for c in box.cases.list(by=people.viewer)]
    assert case.id in [c.id for c in box.cases.list(by=SYSTEM_USER)]
    with pytest.raises(NotFound) as refused:
        box.cases.open([restricted.slug], by=people.analyst)  # cleared to AMBER only
    with pytest.raises(NotFound) as nothing:
        box.cases.open(["no-such-incident"], by=people.analyst)
    assert str(refused.value).replace(restricted.slug, "no-such-incident") == str(nothing.value)
    # Naming the hidden incident in a filter answers as naming a missing one.
    with pytest.raises(NotFound) as filtered:
        box.cases.list(by=people.viewer, incident=restricted.slug)
    with pytest.raises(NotFound) as unknown:
        box.cases.list(by=people.viewer, incident="no-such-incident")
    assert str(filtered.value).replace(restricted.slug, "no-such-incident") == str(unknown.value)


def test_the_actors_history_shows_the_cases_and_what_it_did_after(
    governed: tuple[Toolbox, People],
) -> None:
    box, people = governed
    case = box.cases.open(["bundestag-2015"], by=people.analyst)
    apt28 = box.actors.get("APT28", by=SYSTEM_USER)
    history = {c.id: flags for c, flags in box.cases.for_actor(apt28.id, by=people.viewer)}
    assert case.id in history
    slugs = {flag.slug for flag in history[case.id]}
    assert "opcw-2018" in slugs and "notpetya-2017" not in slugs  # Sandworm's, not APT28's


def test_assessments_for_a_reader_never_cite_precedents_above_their_clearance(
    governed: tuple[Toolbox, People],
) -> None:
    box, people = governed
    twin = wannacry_twin("Ransomware worm at a hospital network (red reporting)", tlp="red")
    secret = box.incidents.add([twin], source="test", by=SYSTEM_USER).created[0]

    def cited(reader: User) -> set[str]:
        assessment = box.assessments.assess("wannacry-2017", by=reader)
        return {p.slug for p in assessment.precedents} | {
            slug for option in assessment.options for slug in option.precedents
        }

    assert secret.slug in cited(SYSTEM_USER)  # the twin is a close precedent when all may be read
    assert secret.slug not in cited(people.viewer)
    case = box.cases.open(["wannacry-2017"], by=people.analyst)
    assert secret.slug not in str(case.assessment_snapshot)


def test_a_stale_precedent_index_still_hides_incidents_re_marked_above_clearance(
    governed: tuple[Toolbox, People], initialised_url: str, knowledge: KnowledgeBase
) -> None:
    box, people = governed
    twin = {
        "title": "Ransomware worm at a clinic chain (later restricted)",
        "start": "2017-05-14",
        "types": ["ransomware"],
        "victims": {"countries": ["GB"], "sectors": ["health"]},
        "actors": ["Lazarus Group"],
        "tlp": "green",
    }
    later_restricted = box.incidents.add([twin], source="test", by=SYSTEM_USER).created[0]
    # A server's Toolbox, whose precedents may lag an hour behind the writes of others.
    lagging = Settings(initialised_url, staleness=Staleness(precedents=3600.0))
    with Toolbox(lagging, knowledge=knowledge) as server:
        first = server.assessments.assess("wannacry-2017", by=people.viewer)
        assert later_restricted.slug in {p.slug for p in first.precedents}
        box.incidents.edit(later_restricted.slug, {"tlp": "red"}, by=SYSTEM_USER)
        newer = {**twin, "title": "Ransomware worm at a clinic chain (added later)", "tlp": "green"}
        added_later = box.incidents.add([newer], source="test", by=SYSTEM_USER).created[0]
        again = server.assessments.assess("wannacry-2017", by=people.viewer)
        assert added_later.slug not in {p.slug for p in again.precedents}  # the index is stale
        assert later_restricted.slug not in {p.slug for p in again.precedents}
        assert all(later_restricted.slug not in option.precedents for option in again.options)
