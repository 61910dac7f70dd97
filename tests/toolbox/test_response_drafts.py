"""The drafts a statement's reading gives, pure: a national attribution drafted as the Member
State's national measure, a listing's persons and no State named, and the wording quoted as
whole sentences."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cdtoolbox.ingest.statements import StatementReader, read_source
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import RespondingPartyKind
from cdtoolbox.model.statement import IssuerKind, Statement, text_digest
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox.response_drafts import draft_response

TRAIN = Path(__file__).parents[1] / "data" / "statements" / "train"


@pytest.fixture(scope="module")
def reader(knowledge: KnowledgeBase) -> StatementReader:
    return StatementReader.from_knowledge(knowledge)


def _statement(reader: StatementReader, name: str) -> Statement:
    source = read_source(TRAIN / name)
    reading = reader.read(source)
    return Statement(
        id=f"st-{name}",
        sha256=text_digest(source.text),
        text=source.text,
        file_name=name,
        media_type="text/plain",
        source_url=None,
        language=reading.language,
        issuer_kind=reading.issuer.kind,
        issuer_name=reading.issuer.name,
        date=reading.date.value if reading.date else None,
        instrument=reading.instrument.id,
        tlp=Tlp.CLEAR,
        classification=None,
        recorded_by="analyst",
        recorded_at=datetime(2026, 12, 7, 9, 0, tzinfo=UTC),
        reading=reading,
        reader_version="test",
    )


def test_a_national_attribution_is_the_member_states_national_measure(
    reader: StatementReader, knowledge: KnowledgeBase
) -> None:
    statement = _statement(reader, "germany-apt28-2024-en.txt")
    assert statement.issuer_kind is IssuerKind.MEMBER_STATE
    drafted = draft_response(statement, knowledge)
    response = drafted.response
    assert (response.party_kind, response.party, response.country) == (
        RespondingPartyKind.MEMBER_STATE,
        "Germany",
        "DE",
    )
    assert (response.instrument_id, response.state_named) == (None, "RU")
    assert response.measure == "National attribution statement"
    assert drafted.missing == ()
    # Whole sentences, each as the text has it.
    wording = response.attribution_wording
    assert wording is not None and wording.endswith(".")
    assert wording in " ".join(statement.text.split())


def test_a_listing_names_its_persons_and_no_state(
    reader: StatementReader, knowledge: KnowledgeBase
) -> None:
    statement = _statement(reader, "listing-2020-10-en.txt")
    response = draft_response(statement, knowledge).response
    assert response.instrument_id == "restrictive.listing"
    assert response.state_named is None
    assert any("GTsSS" in name for name in response.listed)
    assert response.sources == (f"statement {statement.id}",)
