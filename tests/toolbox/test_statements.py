"""toolbox.statements: the incidents a statement refers to are those its reader may see, as
stored now; the archive keeps each text once with its reading, all files of a batch or none,
read within each reader's markings (both backends)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cdtoolbox.errors import Forbidden, ImportRejected, InvalidInput, NotFound
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.statement import IssuerKind, StatementFile
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.store import dump
from cdtoolbox.toolbox import Toolbox

GREEN_READER = User("gil", "Gil Green", Role.VIEWER, Tlp.GREEN)
TEXT = (
    b"Declaration by the High Representative on behalf of the EU\n\n"
    b"The EU condemns the Frostbite Harbour intrusion against Estonia."
)


def incident(title: str, tlp: str) -> dict[str, object]:
    return {"title": title, "types": ["espionage"], "start": "2025-03", "tlp": tlp}


def referred(toolbox: Toolbox, by: User) -> list[str]:
    reading = toolbox.statements.read(TEXT, name="declaration.txt", by=by)
    return [item.id for item in reading.incidents]


def test_an_incident_stored_after_a_reading_is_found_by_the_next(toolbox: Toolbox) -> None:
    assert referred(toolbox, SYSTEM_USER) == []
    added = toolbox.incidents.add(
        [incident("Frostbite Harbour intrusion", "green")], source="tests", by=SYSTEM_USER
    ).created[0]
    assert referred(toolbox, SYSTEM_USER) == [added.slug]


def test_an_incident_above_the_readers_clearance_is_never_referred_to(
    toolbox: Toolbox,
) -> None:
    toolbox.incidents.add(
        [incident("Frostbite Harbour intrusion", "red")], source="tests", by=SYSTEM_USER
    )
    assert referred(toolbox, GREEN_READER) == []
    assert len(referred(toolbox, SYSTEM_USER)) == 1


def test_a_kept_reading_names_to_each_reader_only_the_incidents_they_may_read(
    toolbox: Toolbox,
) -> None:
    hidden = toolbox.incidents.add(
        [incident("Frostbite Harbour intrusion", "red")], source="tests", by=SYSTEM_USER
    ).created[0]
    (added,) = toolbox.statements.add(
        [StatementFile("declaration.txt", TEXT)], tlp=Tlp.CLEAR, by=SYSTEM_USER
    )
    kept = added.statement.id
    assert [n.id for n in toolbox.statements.get(kept, by=SYSTEM_USER).reading.incidents] == [
        hidden.slug
    ]
    assert toolbox.statements.get(kept, by=GREEN_READER).reading.incidents == ()
    listed = toolbox.statements.list(by=GREEN_READER).items
    assert [s.id for s in listed] == [kept] and listed[0].reading.incidents == ()
    # Asked by its slug, the incident is answered as one never stored.
    assert toolbox.statements.list(incident=hidden.slug, by=GREEN_READER).items == ()
    assert len(toolbox.statements.list(incident=hidden.slug, by=SYSTEM_USER).items) == 1


# The archive: statements kept with their reading.

LABELLED = Path(__file__).parent.parent / "data" / "statements" / "train"
ANALYST = User("ana", "Ana Analyst", Role.ANALYST, Tlp.RED)


def test_a_statement_is_kept_with_its_reading_and_found_again(toolbox: Toolbox) -> None:
    viasat = LABELLED / "viasat-2022-en.txt"
    (added,) = toolbox.statements.add([viasat], url="https://www.consilium.europa.eu/x", by=ANALYST)
    statement = added.statement
    assert added.new
    assert statement.file_name == "viasat-2022-en.txt" and statement.media_type == "text/plain"
    assert statement.instrument == "stability.hr_declaration"
    assert statement.date == date(2022, 5, 10) and statement.language == "en"
    assert statement.issuer_kind is IssuerKind.HR_ON_BEHALF_OF_EU and statement.given == ()
    assert statement.reading == toolbox.statements.read(viasat, by=ANALYST)
    assert statement.reader_version == toolbox.statements.reader().version
    assert toolbox.statements.get(statement.id, by=ANALYST) == statement
    entry = toolbox.audit.entries(by=SYSTEM_USER, newest_first=True)[0]
    assert (entry.action, entry.key) == ("statement.add", statement.id)
    listed = toolbox.statements.list(by=ANALYST, state="Russia", actor=None, text="Ukraine")
    assert [item.id for item in listed.items] == [statement.id]


def test_the_same_text_twice_is_a_no_op_returning_the_kept_statement(
    toolbox: Toolbox, tmp_path: Path
) -> None:
    first = toolbox.statements.add([StatementFile("a.txt", TEXT)], by=ANALYST)[0]
    before = dump(toolbox.database)
    respaced = TEXT.replace(b"\n\n", b"\r\n\r\n  ") + b"\n"
    again = toolbox.statements.add([StatementFile("b.md", respaced)], tlp="amber", by=ANALYST)[0]
    assert not again.new and again.statement == first.statement
    assert dump(toolbox.database) == before


def test_a_text_kept_above_the_writers_clearance_is_not_shown_to_them(toolbox: Toolbox) -> None:
    toolbox.statements.add([StatementFile("a.txt", TEXT)], tlp="red", by=ANALYST)
    green_analyst = User("gus", "Gus", Role.ANALYST, Tlp.GREEN)
    with pytest.raises(InvalidInput, match="under a marking you may not read"):
        toolbox.statements.add([StatementFile("a.txt", TEXT)], by=green_analyst)
    assert toolbox.statements.list(by=green_analyst).items == ()


def test_given_issuer_and_date_override_the_reading_and_say_so(toolbox: Toolbox) -> None:
    (added,) = toolbox.statements.add(
        [LABELLED / "viasat-2022-en.txt"],
        issuer="council",
        issuer_name="Council of the EU",
        date="2022-05-11",
        by=ANALYST,
    )
    statement = added.statement
    assert statement.given == ("issuer", "date")
    assert (statement.issuer_kind, statement.issuer_name) == (
        IssuerKind.COUNCIL,
        "Council of the EU",
    )
    assert statement.date == date(2022, 5, 11)
    assert statement.reading.date is not None and statement.reading.date.value == date(2022, 5, 10)
    assert statement.reading.issuer.kind is IssuerKind.HR_ON_BEHALF_OF_EU
    assert toolbox.statements.list(by=ANALYST, issuer="council").items == (statement,)


def test_one_bad_file_refuses_the_batch_and_nothing_is_stored(
    toolbox: Toolbox, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    before = dump(toolbox.database)
    with pytest.raises(InvalidInput) as refused:
        toolbox.statements.add([LABELLED / "viasat-2022-en.txt", empty], by=ANALYST)
    assert str(empty) in str(refused.value) and "is empty" in str(refused.value)
    binary = StatementFile("garbage.txt", bytes(range(256)))
    with pytest.raises(ImportRejected) as rejected:
        toolbox.statements.add([empty, binary], by=ANALYST)
    assert [error.location for error in rejected.value.errors] == [str(empty), "garbage.txt"]
    assert dump(toolbox.database) == before


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"tlp": "ultraviolet"}, "tlp"),
        ({"classification": "TRES SECRET UE"}, "classification"),
        ({"url": "not a web address"}, "url"),
        ({"issuer": "the moon"}, "issuer"),
        ({"date": "2999-01-01"}, "date"),
        ({"issuer_name": "Council of the EU"}, "issuer_name"),
    ],
)
def test_bad_values_are_refused_before_anything_is_read(
    toolbox: Toolbox, arguments: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        toolbox.statements.add([StatementFile("a.txt", TEXT)], by=ANALYST, **arguments)
    assert refused.value.field == field
    assert toolbox.statements.list(by=ANALYST).items == ()


def test_a_viewer_may_read_the_archive_but_not_add_to_it(toolbox: Toolbox) -> None:
    with pytest.raises(Forbidden):
        toolbox.statements.add([StatementFile("a.txt", TEXT)], by=GREEN_READER)
    assert toolbox.statements.list(by=GREEN_READER).items == ()


def test_the_archive_is_read_within_each_readers_markings(toolbox: Toolbox) -> None:
    toolbox.statements.add([StatementFile("clear.txt", TEXT)], by=ANALYST)
    secret = User(
        "sam", "Sam", Role.ANALYST, Tlp.RED, classification_clearance=Classification.SECRET_UE
    )
    toolbox.statements.add(
        [LABELLED / "china-2021-fr.txt"], tlp="amber", classification="SECRET UE", by=secret
    )
    assert len(toolbox.statements.list(by=secret).items) == 2
    assert len(toolbox.statements.list(by=ANALYST).items) == 1  # no classification clearance
    (hidden,) = [s for s in toolbox.statements.list(by=secret).items if s.tlp is Tlp.AMBER]
    with pytest.raises(NotFound):
        toolbox.statements.get(hidden.id, by=ANALYST)
    assert toolbox.statements.list(by=secret, language="fr", actor="APT 31").items == (hidden,)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"actor": "Nobody Panda Bear"}, "actor"),
        ({"state": "Atlantis"}, "state"),
        ({"since": "last year"}, "since"),
        ({"language": "french"}, "language"),
        ({"issuer": "the moon"}, "issuer"),
    ],
)
def test_bad_filters_are_refused(toolbox: Toolbox, arguments: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        toolbox.statements.list(by=ANALYST, **arguments)
    assert refused.value.field == field


def test_the_audit_entry_of_a_statement_is_shown_only_to_readers_cleared_for_it(
    toolbox: Toolbox,
) -> None:
    red = toolbox.statements.add([StatementFile("a.txt", TEXT)], tlp="red", by=ANALYST)[0]
    green_analyst = User("gus", "Gus", Role.ANALYST, Tlp.GREEN)
    assert [e.key for e in toolbox.audit.entries(by=ANALYST)] == [red.statement.id]
    assert toolbox.audit.entries(by=green_analyst) == []
