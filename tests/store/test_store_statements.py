"""The statements archive in the store: each statement kept with its reading, found by its
filters and by words, each language stemmed where the backend can, accents folded."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cdtoolbox.errors import NotFound
from cdtoolbox.model.statement import (
    AttributionStrength,
    Evidence,
    IssuerKind,
    Named,
    ReadAttribution,
    ReadInstrument,
    ReadIssuer,
    Statement,
    StatementQuery,
    StatementReading,
    text_digest,
)
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store import Database

_ENGLISH = (
    "Declaration by the High Representative on behalf of the EU. The cyber-attack against "
    "Ukraine was conducted by the Russian Federation; the EU sanctioned those responsible."
)
_FRENCH = (
    "Déclaration du Haut représentant au nom de l'UE. L'Union condamne les cyberattaques "
    "menées contre l'Ukraine : le réseau a été attaqué par la Russie."
)


def _statement(
    key: str,
    text: str,
    *,
    language: str | None = "en",
    issued: date | None = date(2022, 5, 10),
    tlp: Tlp = Tlp.CLEAR,
    classification: Classification | None = None,
    actors: tuple[str, ...] = (),
    state: str | None = None,
    incident: str | None = None,
    issuer: IssuerKind = IssuerKind.HR_ON_BEHALF_OF_EU,
    instrument: str = "stability.hr_declaration",
) -> Statement:
    where = (Evidence(0, 11, text[:11]),)
    reading = StatementReading(
        date=None,
        issuer=ReadIssuer(issuer, None, None, where),
        aligned=(),
        language=language,
        instrument=ReadInstrument(instrument, where),
        incidents=(Named(incident, where),) if incident else (),
        actors=tuple(Named(actor, where) for actor in actors),
        attributions=(
            (ReadAttribution(state, None, AttributionStrength.EXPLICIT, where),) if state else ()
        ),
    )
    return Statement(
        id=key,
        sha256=text_digest(text),
        text=text,
        file_name=f"{key}.txt",
        media_type="text/plain",
        source_url=None,
        language=language,
        issuer_kind=issuer,
        issuer_name=None,
        date=issued,
        instrument=instrument,
        tlp=tlp,
        classification=classification,
        recorded_by="analyst",
        recorded_at=datetime(2026, 12, 7, 12, 0, tzinfo=UTC),
        reading=reading,
        reader_version="reader 1, phrases 1",
    )


def _add(database: Database, *items: Statement) -> None:
    with database.transaction() as store:
        for item in items:
            store.statements.add(item)


def _ids(database: Database, query: StatementQuery, clearance: Tlp = Tlp.RED) -> list[str]:
    with database.read() as store:
        page = store.statements.list(query, clearance, Classification.SECRET_UE)
    return [item.id for item in page.items]


def test_a_statement_is_kept_whole_with_its_reading(database: Database) -> None:
    stored = _statement("viasat", _ENGLISH, actors=("Sandworm",), state="RU", incident="viasat")
    _add(database, stored)
    with database.read() as store:
        assert store.statements.get("viasat", Tlp.CLEAR) == stored
        assert store.statements.with_digest(text_digest(_ENGLISH)) == stored
        assert store.statements.with_digest(text_digest("another text")) is None


def test_the_same_text_is_one_digest_however_it_is_spaced() -> None:
    assert text_digest("A  text\r\n\r\n  on two lines ") == text_digest("A text\non two lines")
    assert text_digest("attaqu\u0065\u0301") == text_digest("attaqué")
    assert text_digest("one text") != text_digest("another text")


def test_reads_fail_closed_by_marking_and_classification(database: Database) -> None:
    _add(
        database,
        _statement("clear", _ENGLISH),
        _statement("red", _FRENCH, tlp=Tlp.RED, language="fr"),
        _statement("secret", "A classified text.", classification=Classification.SECRET_UE),
    )
    with database.read() as store:
        with pytest.raises(NotFound):
            store.statements.get("red", Tlp.AMBER)
        with pytest.raises(NotFound):
            store.statements.get("secret", Tlp.RED)  # no classification named: none read
        assert [s.id for s in store.statements.list(StatementQuery(), Tlp.AMBER).items] == ["clear"]
    assert sorted(_ids(database, StatementQuery())) == ["clear", "red", "secret"]


def test_filters_by_the_indexed_columns_and_the_names_read(database: Database) -> None:
    _add(
        database,
        _statement("a", _ENGLISH, actors=("Sandworm",), state="RU", incident="viasat"),
        _statement(
            "b",
            _FRENCH,
            language="fr",
            issued=date(2020, 7, 30),
            state="CN",
            issuer=IssuerKind.COUNCIL,
            instrument="restrictive.listing",
        ),
        _statement("c", "An undated text.", issued=None),
    )
    assert _ids(database, StatementQuery()) == ["a", "b", "c"]  # newest first, undated last
    assert _ids(database, StatementQuery(actor="Sandworm")) == ["a"]
    assert _ids(database, StatementQuery(state="CN")) == ["b"]
    assert _ids(database, StatementQuery(incident="viasat")) == ["a"]
    assert _ids(database, StatementQuery(issuer=IssuerKind.COUNCIL)) == ["b"]
    assert _ids(database, StatementQuery(instrument="stability.hr_declaration")) == ["a", "c"]
    assert _ids(database, StatementQuery(language="fr")) == ["b"]
    assert _ids(database, StatementQuery(since=date(2021, 1, 1))) == ["a"]
    assert _ids(database, StatementQuery(until=date(2021, 1, 1))) == ["b"]


def test_pages_follow_one_another(database: Database) -> None:
    _add(database, *(_statement(f"s{n}", f"Text number {n}.", issued=None) for n in range(5)))
    seen: list[str] = []
    cursor = None
    with database.read() as store:
        while True:
            page = store.statements.list(StatementQuery(), Tlp.CLEAR, limit=2, cursor=cursor)
            seen.extend(item.id for item in page.items)
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    assert seen == ["s4", "s3", "s2", "s1", "s0"]


def test_words_are_found_with_accents_folded_or_stemmed_alike(database: Database) -> None:
    _add(
        database,
        _statement("en", _ENGLISH),
        _statement("fr", _FRENCH, language="fr"),
    )
    assert _ids(database, StatementQuery(text="attaque")) == ["fr"]
    assert _ids(database, StatementQuery(text="ATTAQUÉ réseau")) == ["fr"]
    assert _ids(database, StatementQuery(text="sanctions")) == ["en"]  # "sanctioned"
    assert _ids(database, StatementQuery(text="Russian Federation")) == ["en"]
    assert _ids(database, StatementQuery(text="conducted attaque")) == []
    # Query syntax is searched for as words, never run.
    assert _ids(database, StatementQuery(text='"NEAR( OR * AND')) == []


def test_french_and_english_are_each_stemmed_on_postgresql(
    database: Database, backend: str
) -> None:
    if backend != "postgres":
        pytest.skip("SQLite stems English only (docs/statements.md)")
    _add(
        database,
        _statement("en", _ENGLISH),
        _statement("fr", _FRENCH, language="fr"),
    )
    assert _ids(database, StatementQuery(text="cyberattaque condamnée")) == ["fr"]
    assert _ids(database, StatementQuery(text="attaques")) == ["fr"]
    assert _ids(database, StatementQuery(text="attacks conduct")) == ["en"]


def test_sqlite_folds_accents_in_any_language(database: Database, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL keeps accents and stems each language instead")
    _add(database, _statement("en", "The café was attacked.", language="en"))
    assert _ids(database, StatementQuery(text="cafe")) == ["en"]
