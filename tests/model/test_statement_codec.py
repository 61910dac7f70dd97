"""The statement codec: a stored reading and a stored statement read back are the objects
written, for every labelled statement's reading (the archive keeps them as these documents)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cdtoolbox.ingest.bundled import bundled_incident_documents
from cdtoolbox.ingest.statements import IncidentName, IncidentNames, StatementReader
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.statement import Statement, text_digest
from cdtoolbox.model.statement_codec import (
    reading_from_dict,
    reading_to_dict,
    statement_from_dict,
    statement_to_dict,
)
from cdtoolbox.model.vocabulary import Classification, Tlp

TEXTS = sorted((Path(__file__).parent.parent / "data" / "statements").glob("*/*.txt"))


@pytest.fixture(scope="module")
def reader(knowledge: KnowledgeBase) -> tuple[StatementReader, IncidentNames]:
    built = StatementReader.from_knowledge(knowledge)
    names = built.incident_names(
        IncidentName(str(document["slug"]), str(document["title"]))
        for document in bundled_incident_documents()
    )
    return built, names


@pytest.mark.parametrize("path", TEXTS, ids=[path.name for path in TEXTS])
def test_a_reading_and_a_statement_read_back_are_those_written(
    reader: tuple[StatementReader, IncidentNames], path: Path
) -> None:
    built, names = reader
    text = path.read_text("utf-8")
    reading = built.read(text, names)
    assert reading_from_dict(reading_to_dict(reading)) == reading
    statement = Statement(
        id="st-0",
        sha256=text_digest(text),
        text=text,
        file_name=path.name,
        media_type="text/plain",
        source_url=None,
        language=reading.language,
        issuer_kind=reading.issuer.kind,
        issuer_name=reading.issuer.name,
        date=reading.date.value if reading.date else None,
        instrument=reading.instrument.id,
        tlp=Tlp.AMBER,
        classification=Classification.RESTREINT_UE,
        recorded_by="ana",
        recorded_at=datetime(2026, 12, 7, 9, 0, tzinfo=UTC),
        reading=reading,
        reader_version=built.version,
        given=("date",),
    )
    assert statement_from_dict(statement_to_dict(statement)) == statement


def test_the_labelled_texts_are_there() -> None:
    assert len(TEXTS) >= 30
