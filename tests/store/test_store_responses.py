"""Public responses in the store: each kept whole under its markings, found by the incidents
it concerns, written with optimistic versions; every write moves the responses' revision."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from cdtoolbox.errors import Conflict, NotFound
from cdtoolbox.model import PartialDate, PublicResponse, RespondingPartyKind, Verification
from cdtoolbox.model.response_record import (
    IncidentDraft,
    ResponseOrigin,
    ResponseQuery,
    ResponseRecord,
    ResponseState,
)
from cdtoolbox.model.vocabulary import Classification, Confidence, Likelihood, Tlp
from cdtoolbox.store import Database, RecordKind

_NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _record(
    key: str,
    *,
    incidents: tuple[str, ...] = ("viasat-ka-sat-2022",),
    date: str = "2022-05-10",
    state: ResponseState = ResponseState.CONFIRMED,
    tlp: Tlp = Tlp.CLEAR,
    classification: Classification | None = None,
    position: int | None = None,
    draft: IncidentDraft | None = None,
) -> ResponseRecord:
    return ResponseRecord(
        response=PublicResponse(
            id=key,
            date=PartialDate.parse(date),
            party_kind=RespondingPartyKind.EU,
            party="High Representative on behalf of the EU",
            measure="Declaration attributing the attack",
            sources=("https://www.consilium.europa.eu/en/press/",),
            status=Verification.VERIFIED,
            instrument_id="stability.hr_declaration",
            incidents=incidents,
            attribution_wording="conducted by the Russian Federation",
            state_named="RU",
            listed=("Person A", "Entity B"),
        ),
        state=state,
        origin=ResponseOrigin.BUNDLED if position is not None else ResponseOrigin.ANALYST,
        tlp=tlp,
        classification=classification,
        drafted_by="analyst",
        drafted_at=_NOW,
        confirmed_by="analyst" if state is ResponseState.CONFIRMED else None,
        confirmed_at=_NOW if state is ResponseState.CONFIRMED else None,
        incident_draft=draft,
        bundled_position=position,
    )


def _add(database: Database, *records: ResponseRecord) -> None:
    with database.transaction() as store:
        for record in records:
            store.responses.add(record)


def test_a_response_is_kept_whole_with_its_draft_incident(database: Database) -> None:
    draft = IncidentDraft(
        slug="new-wiper-2026",
        title="New wiper",
        date="2026-11-02",
        countries=("EE", "LV"),
        sectors=("energy",),
        state="RU",
        actor="Sandworm",
        strength="explicit",
        likelihood=Likelihood.VERY_LIKELY,
        confidence=Confidence.HIGH,
        wording="conducted by the Russian Federation",
        source=None,
    )
    stored = _record("r1", incidents=("b-2020", "a-2019"), state=ResponseState.DRAFT, draft=draft)
    _add(database, stored)
    with database.read() as store:
        assert store.responses.get("r1", Tlp.CLEAR) == stored
        assert store.responses.find("r1") == stored
        assert store.responses.find("r2") is None


def test_reads_fail_closed_by_marking_and_classification(database: Database) -> None:
    _add(
        database,
        _record("clear"),
        _record("red", tlp=Tlp.RED),
        _record("secret", classification=Classification.SECRET_UE),
    )
    with database.read() as store:
        with pytest.raises(NotFound):
            store.responses.get("red", Tlp.AMBER)
        with pytest.raises(NotFound):
            store.responses.get("secret", Tlp.RED)  # no classification named: none read
        assert [r.id for r in store.responses.list(ResponseQuery(), Tlp.AMBER)] == ["clear"]
        everything = store.responses.list(ResponseQuery(), Tlp.RED, Classification.SECRET_UE)
        assert {r.id for r in everything} == {"clear", "red", "secret"}
        assert set(store.responses.confirmed_for(None, Tlp.AMBER)) == {"viasat-ka-sat-2022"}
        assert [
            r.id for r in store.responses.confirmed_for(None, Tlp.AMBER)["viasat-ka-sat-2022"]
        ] == ["clear"]


def test_bundled_ones_come_in_file_order_then_the_analysts_by_date(database: Database) -> None:
    _add(
        database,
        _record("analyst-late", date="2024-01-02"),
        _record("bundled-second", date="2019-01-01", position=1),
        _record("analyst-early", date="2023-05"),
        _record("bundled-first", date="2021-01-01", position=0),
        _record("draft", state=ResponseState.DRAFT),
        _record("elsewhere", incidents=("notpetya-2017",)),
    )
    with database.read() as store:
        confirmed = store.responses.confirmed_for(["viasat-ka-sat-2022"], Tlp.CLEAR)
        drafts = store.responses.list(ResponseQuery(state=ResponseState.DRAFT), Tlp.CLEAR)
        about = store.responses.list(ResponseQuery(incident="notpetya-2017"), Tlp.CLEAR)
        assert store.responses.confirmed_for([], Tlp.CLEAR) == {}
    assert list(confirmed) == ["viasat-ka-sat-2022"]
    assert [r.id for r in confirmed["viasat-ka-sat-2022"]] == [
        "bundled-first",
        "bundled-second",
        "analyst-early",
        "analyst-late",
    ]
    assert [r.id for r in drafts] == ["draft"]
    assert [r.id for r in about] == ["elsewhere"]


def test_updates_check_the_version_and_relink_the_incidents(database: Database) -> None:
    _add(database, _record("r1", state=ResponseState.DRAFT))
    with database.transaction() as store:
        first = store.responses.find("r1")
        assert first is not None and first.version == 1
        moved = first.evolve(
            response=replace(first.response, incidents=("notpetya-2017",)),
            state=ResponseState.CONFIRMED,
        )
        assert store.responses.update(moved, expected_version=1).version == 2
    with database.transaction() as store, pytest.raises(Conflict):
        store.responses.update(moved, expected_version=1)
    with database.read() as store:
        assert store.responses.list(ResponseQuery(incident="viasat-ka-sat-2022"), Tlp.CLEAR) == ()
        assert [
            r.id for r in store.responses.list(ResponseQuery(incident="notpetya-2017"), Tlp.CLEAR)
        ] == ["r1"]


def test_every_write_moves_the_responses_revision(database: Database) -> None:
    def revision() -> int:
        with database.read() as store:
            return store.revisions.current([RecordKind.RESPONSES])[0]

    start = revision()
    _add(database, _record("r1"))
    after_add = revision()
    with database.transaction() as store:
        stored = store.responses.find("r1")
        assert stored is not None
        store.responses.update(stored.evolve(tlp=Tlp.GREEN), stored.version)
    after_update = revision()
    with database.transaction() as store:
        store.responses.remove("r1")
    assert start < after_add < after_update < revision()
    with database.read() as store:
        assert store.responses.find("r1") is None
