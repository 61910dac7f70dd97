"""toolbox.responses: the bundled responses loaded by init into the store, a later release's
file applied to the bundled ones only, and the store's confirmed responses as the precedents
of the next assessment (both backends)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cdtoolbox.errors import Conflict, Forbidden, InvalidInput, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.knowledge.responses import ResponseRegister
from cdtoolbox.model import PartialDate, PublicResponse, RespondingPartyKind, Verification
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.ports import FixedClock
from cdtoolbox.model.response import ResponseLevel
from cdtoolbox.model.response_record import (
    DraftCorrections,
    ResponseOrigin,
    ResponseRecord,
    ResponseState,
)
from cdtoolbox.model.statement import StatementFile
from cdtoolbox.model.vocabulary import Classification, Confidence, Likelihood, Tlp
from cdtoolbox.toolbox import Settings, Toolbox
from cdtoolbox.toolbox.settings import Staleness
from toolbox_support import CHEAP_PASSWORDS

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
VIEWER = User("vera", "Vera Viewer", Role.VIEWER, Tlp.CLEAR)


def _toolbox(url: str, knowledge: KnowledgeBase) -> Toolbox:
    # As a server holds its derived views (Staleness): a confirmed response must still show
    # in the very next assessment.
    return Toolbox(
        Settings(url, staleness=Staleness(precedents=3600.0)),
        knowledge=knowledge,
        clock=FixedClock(NOW),
        passwords=CHEAP_PASSWORDS,
    )


@pytest.fixture
def toolbox(fresh_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    with _toolbox(fresh_url, knowledge) as box:
        yield box


def _analysts(
    key: str,
    slugs: tuple[str, ...],
    *,
    instrument: str = "restrictive.listing",
    tlp: Tlp = Tlp.CLEAR,
    classification: Classification | None = None,
) -> ResponseRecord:
    return ResponseRecord(
        response=PublicResponse(
            id=key,
            date=PartialDate.parse("2025-06-02"),
            party_kind=RespondingPartyKind.EU,
            party="Council of the European Union",
            measure="Listing of the persons responsible",
            sources=("https://eur-lex.europa.eu/",),
            status=Verification.VERIFIED,
            instrument_id=instrument,
            incidents=slugs,
        ),
        state=ResponseState.CONFIRMED,
        origin=ResponseOrigin.ANALYST,
        tlp=tlp,
        classification=classification,
        drafted_by="analyst",
        drafted_at=NOW,
        confirmed_by="analyst",
        confirmed_at=NOW,
    )


def _store(toolbox: Toolbox, record: ResponseRecord) -> None:
    with toolbox.database.transaction() as store:
        store.responses.add(record)


def test_init_loads_the_bundled_responses_confirmed_and_public(
    toolbox: Toolbox, knowledge: KnowledgeBase
) -> None:
    stored = toolbox.responses.list(by=VIEWER)
    assert [record.response for record in stored] == list(knowledge.responses)
    assert {(r.state, r.origin, r.tlp, r.drafted_by) for r in stored} == {
        (ResponseState.CONFIRMED, ResponseOrigin.BUNDLED, Tlp.CLEAR, SYSTEM_USER.username)
    }
    viasat = toolbox.responses.list(incident="viasat-ka-sat-2022", by=VIEWER)
    assert [r.response for r in viasat] == list(
        knowledge.responses.for_incident("viasat-ka-sat-2022")
    )
    assert toolbox.responses.get(viasat[0].id, by=VIEWER) == viasat[0]
    assert toolbox.responses.seed() == type(toolbox.responses.seed())(0, 0, 0)


def test_a_later_release_changes_the_bundled_responses_never_an_analysts(
    toolbox: Toolbox, knowledge: KnowledgeBase, fresh_url: str
) -> None:
    _store(toolbox, _analysts("analyst-listing", ("viasat-ka-sat-2022",)))
    bundled = list(knowledge.responses)
    reworded = replace(bundled[0], measure="Reworded by the next release")
    # The last one withdrawn, a new one in its place: the others keep their places.
    added = replace(bundled[-1], id="2026-12-01-new-declaration")
    later = copy.copy(knowledge)
    later.__dict__["responses"] = ResponseRegister(
        [reworded, *bundled[1:-1], added],
        knowledge.responses.alignment_partners,
        knowledge.responses.no_response,
        knowledge.responses.data_version + 1,
        knowledge.instruments,
    )
    with _toolbox(fresh_url, later) as next_release:
        report = next_release.responses.seed()
        stored = {r.id: r for r in next_release.responses.list(by=VIEWER)}
        assert next_release.responses.seed() == type(report)(0, 0, 0)
    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    assert stored[reworded.id].response.measure == "Reworded by the next release"
    assert added.id in stored and bundled[-1].id not in stored
    assert stored["analyst-listing"] == toolbox.responses.get("analyst-listing", by=VIEWER)
    assert stored["analyst-listing"].origin is ResponseOrigin.ANALYST


def test_reads_of_responses_fail_closed(toolbox: Toolbox) -> None:
    _store(toolbox, _analysts("amber", ("viasat-ka-sat-2022",), tlp=Tlp.AMBER))
    _store(
        toolbox,
        _analysts("secret", ("viasat-ka-sat-2022",), classification=Classification.SECRET_UE),
    )
    with pytest.raises(NotFound):
        toolbox.responses.get("amber", by=VIEWER)
    seen = {r.id for r in toolbox.responses.list(incident="viasat-ka-sat-2022", by=VIEWER)}
    assert "amber" not in seen and "secret" not in seen
    cleared = {r.id for r in toolbox.responses.list(incident="viasat-ka-sat-2022", by=SYSTEM_USER)}
    assert {"amber", "secret"} <= cleared
    # Nor do they reach the incident's row in a list, or the precedents of an assessment.
    row = next(
        item
        for item in toolbox.incidents.overview(by=VIEWER).items
        if item.incident.slug == "viasat-ka-sat-2022"
    )
    assert {r.response_id for r in row.eu_responses}.isdisjoint({"amber", "secret"})


def _wiper(title: str, start: str) -> dict[str, object]:
    # A wiper at French energy firms, which the United States attributes to Iran: no bundled
    # precedent of the same actor was answered at EU level.
    return {
        "title": title,
        "start": start,
        "types": ["wiper"],
        "summary": "Wiper attack on energy firms.",
        "victims": {"countries": ["FR"], "sectors": ["energy"]},
        "attributions": [
            {
                "by": {"kind": "state", "name": "United States", "country": "US"},
                "actor": "APT35",
                "state": "IR",
            }
        ],
        "sources": [{"title": "CERT advisory", "url": "https://example.org/advisory"}],
        "tlp": "clear",
    }


def test_a_newly_confirmed_response_changes_the_next_assessment_of_a_similar_incident(
    toolbox: Toolbox,
) -> None:
    created = toolbox.incidents.add(
        [_wiper("Energy wiper A", "2024-03"), _wiper("Energy wiper B", "2025-03")],
        source="tests",
        by=SYSTEM_USER,
    ).created
    first, second = created
    before = toolbox.assessments.assess(second.slug, by=SYSTEM_USER)
    precedent = next(p for p in before.precedents if p.slug == first.slug)
    assert precedent.responses == ()
    assert before.recommendation.response_level.level is ResponseLevel.NATIONAL

    _store(toolbox, _analysts("2025-06-02-listing-wiper-a", (first.slug,), tlp=Tlp.AMBER))
    after = toolbox.assessments.assess(second.slug, by=SYSTEM_USER)
    precedent = next(p for p in after.precedents if p.slug == first.slug)
    assert [r.response_id for r in precedent.responses] == ["2025-06-02-listing-wiper-a"]
    listing = next(o for o in after.options if o.instrument_id == "restrictive.listing")
    assert first.slug in listing.precedents
    decision = after.recommendation.response_level
    assert (decision.level, decision.rule) == (
        ResponseLevel.EU_STATEMENT,
        "pattern-of-behaviour",
    )
    # A reader who may not read the response (TLP:AMBER) is assessed without it.
    unseen = toolbox.assessments.assess(second.slug, by=VIEWER)
    assert next(p for p in unseen.precedents if p.slug == first.slug).responses == ()
    assert unseen.recommendation.response_level.level is ResponseLevel.NATIONAL


VIASAT = Path(__file__).parents[1] / "data" / "statements" / "train" / "viasat-2022-en.txt"
VIASAT_URL = "https://www.consilium.europa.eu/en/press/press-releases/2022/05/10/"
ESTONIA = (
    b"Declaration by the High Representative on behalf of the EU on malicious cyber "
    b"activities against Estonia\n\nBrussels, 3 November 2026\n\nThe European Union strongly "
    b"condemns the malicious cyber activity conducted by the Russian Federation against the "
    b"energy sector of Estonia. Such behaviour is unacceptable."
)
ANALYST = User("ana", "Ana Analyst", Role.ANALYST, Tlp.AMBER)


def _statement(toolbox: Toolbox, source: Path | StatementFile, **given: object) -> str:
    (added,) = toolbox.statements.add([source], by=SYSTEM_USER, **given)  # type: ignore[arg-type]
    return added.statement.id


def test_a_statement_is_drafted_into_a_response_confirmed_with_corrections(
    toolbox: Toolbox,
) -> None:
    statement = _statement(toolbox, VIASAT, url=VIASAT_URL)
    draft = toolbox.responses.draft(statement, by=ANALYST)
    response = draft.response
    assert (draft.state, draft.statement_id, draft.tlp) == (
        ResponseState.DRAFT,
        statement,
        Tlp.CLEAR,
    )
    assert (response.instrument_id, str(response.date), response.state_named) == (
        "stability.hr_declaration",
        "2022-05-10",
        "RU",
    )
    assert response.incidents == ("viasat-ka-sat-2022",)
    assert response.sources == (VIASAT_URL,)
    assert response.attribution_wording is not None
    assert "conducted by the Russian Federation" in response.attribution_wording
    assert draft.incident_draft is None  # the incident is stored
    # Drafting again changes nothing; a draft is neither a precedent nor on the incident.
    assert toolbox.responses.draft(statement, by=ANALYST) == draft
    assert draft.id not in {r.id for r in toolbox.responses.list(by=ANALYST)}
    assert draft.id in {r.id for r in toolbox.responses.list(state=None, by=ANALYST)}

    confirmed = toolbox.responses.confirm(
        statement, DraftCorrections(date="2022-05-11", wording="Conducted by Russia."), by=ANALYST
    )
    assert (confirmed.state, confirmed.confirmed_by, confirmed.version) == (
        ResponseState.CONFIRMED,
        "ana",
        2,
    )
    assert (str(confirmed.response.date), confirmed.response.attribution_wording) == (
        "2022-05-11",
        "Conducted by Russia.",
    )
    on_page = toolbox.incidents.overview(by=VIEWER).items
    row = next(item for item in on_page if item.incident.slug == "viasat-ka-sat-2022")
    assert draft.id in {r.response_id for r in row.eu_responses}
    actions = [e.action for e in toolbox.audit.entries(by=SYSTEM_USER) if e.key == draft.id]
    assert actions.count("response.draft") == 1 and actions.count("response.confirm") == 1
    with pytest.raises(InvalidInput, match="confirmed already"):
        toolbox.responses.confirm(statement, by=ANALYST)


def test_a_response_on_record_already_is_not_confirmed_again(toolbox: Toolbox) -> None:
    # The release records the declaration of 10 May 2022 on Viasat; a statement of the same
    # act drafts the same response, which would count twice in the statistics.
    statement = _statement(toolbox, VIASAT, url=VIASAT_URL)
    draft = toolbox.responses.draft(statement, by=ANALYST)
    on_record = toolbox.responses.list(incident="viasat-ka-sat-2022", by=ANALYST)
    repeated = toolbox.responses.repeat_of(draft.response, by=ANALYST)
    assert repeated is not None and repeated.id == "2022-05-10-hr-declaration-viasat"
    with pytest.raises(InvalidInput, match="2022-05-10-hr-declaration-viasat") as refused:
        toolbox.responses.confirm(statement, by=ANALYST)
    assert refused.value.field == "incidents"
    assert toolbox.responses.get(draft.id, by=ANALYST) == draft  # still a draft, unchanged
    assert toolbox.responses.list(incident="viasat-ka-sat-2022", by=ANALYST) == on_record
    with pytest.raises(InvalidInput, match="longer than 5,000 characters"):
        toolbox.responses.confirm(statement, DraftCorrections(wording="x" * 5_001), by=ANALYST)
    # Another act of the same speaker on the same incident (another day) is confirmed.
    later = toolbox.responses.confirm(statement, DraftCorrections(date="2022-05-12"), by=ANALYST)
    assert later.confirmed
    # So is a Member State's own statement on the day the EU spoke.
    assert not later.response.same_act_as(
        replace(later.response, party_kind=RespondingPartyKind.MEMBER_STATE, country="DE")
    )


def test_a_viewer_may_read_drafts_but_not_make_or_confirm_them(toolbox: Toolbox) -> None:
    statement = _statement(toolbox, VIASAT)
    with pytest.raises(Forbidden):
        toolbox.responses.draft(statement, by=VIEWER)
    toolbox.responses.draft(statement, by=ANALYST)
    with pytest.raises(Forbidden):
        toolbox.responses.confirm(statement, by=VIEWER)
    assert len(toolbox.responses.list(statement=statement, state=None, by=VIEWER)) == 1


def test_a_statement_about_an_unrecorded_incident_drafts_the_incident_too(
    toolbox: Toolbox,
) -> None:
    statement = _statement(
        toolbox, StatementFile("estonia.txt", ESTONIA), tlp="green", url="https://example.eu/d"
    )
    draft = toolbox.responses.draft(statement, by=ANALYST)
    assert draft.response.incidents == () and draft.tlp is Tlp.GREEN
    incident = draft.incident_draft
    assert incident is not None
    assert (incident.countries, incident.sectors, incident.state, incident.date) == (
        ("EE",),
        ("energy",),
        "RU",
        "2026-11-03",
    )
    assert (incident.strength, incident.likelihood, incident.confidence) == (
        "explicit",
        Likelihood.VERY_LIKELY,
        Confidence.HIGH,
    )
    with pytest.raises(InvalidInput, match="types"):
        toolbox.responses.confirm(statement, by=ANALYST)
    confirmed = toolbox.responses.confirm(
        statement,
        DraftCorrections(
            incident_title="Energy grid intrusion in Estonia", incident_types=("sabotage",)
        ),
        by=ANALYST,
    )
    (slug,) = confirmed.response.incidents
    stored = toolbox.incidents.get(slug, by=ANALYST)
    assert (stored.title, stored.tlp) == ("Energy grid intrusion in Estonia", Tlp.GREEN)
    (attribution,) = stored.attributions
    assert (attribution.state, attribution.likelihood, attribution.confidence) == (
        "RU",
        Likelihood.VERY_LIKELY,
        Confidence.HIGH,
    )
    assert confirmed.incident_draft is None
    assert [r.id for r in toolbox.responses.list(incident=slug, by=ANALYST)] == [confirmed.id]


def test_a_draft_that_no_longer_matches_is_refused(toolbox: Toolbox) -> None:
    statement = _statement(toolbox, VIASAT)
    draft = toolbox.responses.draft(statement, by=ANALYST)
    with pytest.raises(InvalidInput, match="not a stored incident"):
        toolbox.responses.confirm(
            statement, DraftCorrections(incidents=("no-such-incident-2020",)), by=ANALYST
        )
    with pytest.raises(InvalidInput, match="not an instrument"):
        toolbox.responses.confirm(statement, DraftCorrections(instrument="bogus"), by=ANALYST)
    # Marked otherwise than its statement (the statement re-marked since): draft it again.
    with toolbox.database.transaction() as store:
        store.responses.update(draft.evolve(tlp=Tlp.AMBER), draft.version)
    with pytest.raises(InvalidInput, match="marking"):
        toolbox.responses.confirm(statement, by=ANALYST)
    redrafted = toolbox.responses.draft(statement, by=ANALYST)
    assert redrafted.tlp is Tlp.CLEAR
    # An incident it concerns deleted since the draft.
    with toolbox.database.transaction() as store:
        viasat = store.incidents.get("viasat-ka-sat-2022")
        store.incidents.delete(viasat.id, viasat.version)
    with pytest.raises(InvalidInput, match="viasat-ka-sat-2022"):
        toolbox.responses.confirm(statement, by=ANALYST)
    with pytest.raises(Conflict):
        toolbox.responses.confirm(
            statement,
            DraftCorrections(incidents=("wannacry-2017",)),
            by=ANALYST,
            expected_version=redrafted.version - 1,
        )


def test_a_third_states_statement_is_no_response_of_the_eu(toolbox: Toolbox) -> None:
    statement = _statement(
        toolbox, StatementFile("us.txt", ESTONIA), issuer="third-state", issuer_name="US"
    )
    with pytest.raises(InvalidInput, match="EU or a Member State"):
        toolbox.responses.draft(statement, by=ANALYST)


def test_the_calibration_reads_the_coded_responses_not_the_store(toolbox: Toolbox) -> None:
    """The responses file is the coded truth of the calibration: a response an analyst
    confirms (here to an incident coded as never answered) moves neither its actual tiers
    nor its precedents."""
    before = toolbox.assessments.calibrate(by=SYSTEM_USER)
    _store(toolbox, _analysts("2026-01-01-listing-stuxnet", ("stuxnet-2010",)))
    after = toolbox.assessments.calibrate(by=SYSTEM_USER)
    assert after == before
    stuxnet = next(case for case in after.cases if case.slug == "stuxnet-2010")
    assert stuxnet.actual.value == "none"
