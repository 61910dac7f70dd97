"""The UN process register on SQLite and PostgreSQL: the bundled processes and sessions, the
documents recorded paragraph by paragraph, the positions on each paragraph (the EU's first),
the statements delivered; what is refused (field, value and reason, nothing written) and what
each reader may see."""

from __future__ import annotations

import pytest

from cdtoolbox.errors import Conflict, Forbidden, InvalidInput, NotFound
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.diplomacy import Verification
from cdtoolbox.model.un_process import DocumentKind, Pillar, Stance
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox

SESSION = "oewg-2021-2025-8"  # 2024-07-08 to 2024-07-12


def _user(toolbox: Toolbox, name: str, role: Role, clearance: Tlp) -> User:
    return toolbox.users.add(
        by=SYSTEM_USER, username=name, display_name=name, role=role, clearance=clearance
    )


def _written(toolbox: Toolbox) -> tuple[int, int, int]:
    """How much the register and the audit trail hold, to show a refusal wrote nothing."""
    documents = len(toolbox.un_process.documents(by=SYSTEM_USER))
    statements = len(toolbox.un_process.statements(by=SYSTEM_USER))
    return documents, statements, len(toolbox.audit.entries(by=SYSTEM_USER))


def _draft(toolbox: Toolbox, **extra: object) -> str:
    document = toolbox.un_process.add_document(
        SESSION,
        kind="apr-draft",
        title="REV1 draft Annual Progress Report",
        dated="2024-07-01",
        symbol="A/AC.292/2024/CRP.1",
        by=SYSTEM_USER,
        **extra,  # type: ignore[arg-type]
    )
    for number, pillar, text in [
        ("1", None, "Introduction."),
        ("12", "threats", "States expressed concern about ransomware."),
        ("12bis", "threats", "States noted threats to the public core of the Internet."),
    ]:
        toolbox.un_process.add_paragraph(
            document.id, number, text=text, pillar=pillar, by=SYSTEM_USER
        )
    return document.id


def test_the_bundled_processes_sessions_and_pillars(toolbox: Toolbox) -> None:
    processes = {p.id: p for p in toolbox.un_process.processes(by=SYSTEM_USER)}
    assert processes["oewg-2021-2025"].mandate == "A/RES/75/240"
    assert processes["oewg-2021-2025"].reports[-1] == "A/80/257"
    mechanism = processes["global-mechanism"]
    assert mechanism.successor_of == ("oewg-2021-2025", "poa")
    assert all(p.sources for p in processes.values())
    # Resolution numbers the reference leaves unconfirmed are never given as a mandate.
    assert processes["poa"].mandate is None
    assert all("not confirmed" in m.fact for m in processes["poa"].milestones[:3])
    pillars = [info.pillar for info in toolbox.un_process.pillars(by=SYSTEM_USER)]
    assert pillars == list(Pillar)
    sessions = {s.id: s for s in toolbox.un_process.sessions("oewg-2021-2025", by=SYSTEM_USER)}
    assert sessions["oewg-2021-2025-11"].ends is not None
    assert sessions["oewg-2021-2025-11"].ends.isoformat() == "2025-07-11"
    unconfirmed = sessions["oewg-2021-2025-2"]
    assert unconfirmed.status is Verification.UNVERIFIED and unconfirmed.starts is None
    assert unconfirmed.note is not None and "not confirmed" in unconfirmed.note
    assert len(toolbox.un_process.sessions("global-mechanism", by=SYSTEM_USER)) == 3


def test_positions_are_listed_per_paragraph_eu_first_and_audited(toolbox: Toolbox) -> None:
    document = _draft(toolbox)
    assert document == "a-ac-292-2024-crp-1"
    toolbox.un_process.record_position(
        document, "12", "DE", stance="support", dated="2024-07-09", by=SYSTEM_USER
    )
    toolbox.un_process.record_position(
        document,
        "12",
        "EU",
        stance=Stance.SUPPORT_WITH_AMENDMENTS,
        wording="add 'and commercial intrusion capabilities'",
        dated="2024-07-09",
        by=SYSTEM_USER,
    )
    toolbox.un_process.record_position(document, "12", "France", stance="reserve", by=SYSTEM_USER)
    changed = toolbox.un_process.record_position(
        document,
        "12",
        "DE",
        stance="support-with-amendments",
        wording="delete 'public'",
        by=SYSTEM_USER,
    )
    assert changed.version == 2
    read = toolbox.un_process.positions(document, by=SYSTEM_USER)
    assert [p.paragraph.number for p in read.paragraphs] == ["1", "12", "12bis"]
    assert read.paragraphs[1].paragraph.pillar is Pillar.THREATS
    assert [p.party for p in read.paragraphs[1].positions] == ["EU", "DE", "FR"]
    assert read.paragraphs[1].positions[0].stance is Stance.SUPPORT_WITH_AMENDMENTS
    assert read.paragraphs[1].positions[2].dated.isoformat() == "2026-11-25"  # the clock's day
    assert read.session.id == SESSION
    entries = toolbox.audit.entries(by=SYSTEM_USER, entity="un position")
    assert [e.key for e in entries][-1] == f"{document}/12/DE"
    assert entries[-1].before is not None and entries[-1].before["stance"] == "support"
    with pytest.raises(Conflict):
        toolbox.un_process.record_position(
            document, "12", "DE", stance="oppose", expected_version=1, by=SYSTEM_USER
        )
    record = toolbox.un_process.session(SESSION, by=SYSTEM_USER)
    assert [d.id for d in record.documents] == [document]


def test_statements_are_kept_with_their_address_and_alignment(toolbox: Toolbox) -> None:
    statement = toolbox.un_process.add_statement(
        SESSION,
        party="EU",
        dated="2024-07-08",
        title="EU Statement - introduction and threats of the REV1 draft APR",
        url="https://eeas.europa.eu/delegations/un-new-york/eu-statement_en",
        pillar="threats",
        aligned=["Ukraine", "MD", "ukraine"],
        by=SYSTEM_USER,
    )
    assert statement.aligned == ("UA", "MD")
    # A session without confirmed dates takes any date not after today.
    toolbox.un_process.add_statement(
        "oewg-2021-2025-2", party="NL", dated="2022-03-29", title="Statement", by=SYSTEM_USER
    )
    assert [s.id for s in toolbox.un_process.statements(session=SESSION, by=SYSTEM_USER)] == [
        statement.id
    ]
    assert len(toolbox.un_process.statements(party="nl", by=SYSTEM_USER)) == 1
    assert toolbox.audit.entries(by=SYSTEM_USER, entity="un statement")[0].key == statement.id


@pytest.mark.parametrize(
    ("call", "field", "value", "reason"),
    [
        ("document-session", "session", "oewg-9", "is not a session"),
        ("document-kind", "kind", "memo", "is not one of"),
        ("document-date", "date", "2024-13-01", "YYYY-MM-DD"),
        ("document-duplicate", "symbol", "A/AC.292/2024/CRP.1", "already recorded"),
        ("document-duplicate", "symbol", "A/78/265\x00", "is not a UN document symbol"),
        ("paragraph-document", "document", "a-79-999", "is not a recorded document"),
        # PostgreSQL refuses a NUL even in a query: such a value names no document.
        ("paragraph-document", "document", "a-79\x00", "is not a recorded document"),
        ("paragraph-duplicate", "number", "12", "already a paragraph"),
        ("paragraph-number", "number", "12 a", "is not a paragraph number"),
        ("position-party", "party", "US", "neither the EU nor a Member State"),
        ("position-stance", "stance", "abstain", "is not one of"),
        ("position-date", "date", "09/07/2024", "YYYY-MM-DD"),
        ("position-paragraph", "paragraph", "99", "is not a paragraph"),
        ("position-paragraph", "paragraph", "§ 12", "is not a paragraph number"),
        ("statement-date", "date", "2024-07-15", "outside the session"),
        ("statement-party", "party", "Norway", "neither the EU nor a Member State"),
        ("statement-session", "session", "gge-2015", "is not a session"),
    ],
)
def test_bad_input_is_refused_naming_field_value_and_reason_and_nothing_is_written(
    toolbox: Toolbox, call: str, field: str, value: str, reason: str
) -> None:
    document = _draft(toolbox)
    before = _written(toolbox)
    un = toolbox.un_process
    calls = {
        "document-session": lambda: un.add_document(
            value, kind="apr-draft", title="T", dated="2024-07-01", by=SYSTEM_USER
        ),
        "document-kind": lambda: un.add_document(
            SESSION, kind=value, title="T", dated="2024-07-01", by=SYSTEM_USER
        ),
        "document-date": lambda: un.add_document(
            SESSION, kind="other", title="T", dated=value, by=SYSTEM_USER
        ),
        "document-duplicate": lambda: un.add_document(
            SESSION, kind="apr-final", title="T", dated="2024-07-12", symbol=value, by=SYSTEM_USER
        ),
        "paragraph-document": lambda: un.add_paragraph(value, "3", text="T", by=SYSTEM_USER),
        "paragraph-duplicate": lambda: un.add_paragraph(document, value, text="T", by=SYSTEM_USER),
        "paragraph-number": lambda: un.add_paragraph(document, value, text="T", by=SYSTEM_USER),
        "position-party": lambda: un.record_position(
            document, "12", value, stance="support", by=SYSTEM_USER
        ),
        "position-stance": lambda: un.record_position(
            document, "12", "EU", stance=value, by=SYSTEM_USER
        ),
        "position-date": lambda: un.record_position(
            document, "12", "EU", stance="support", dated=value, by=SYSTEM_USER
        ),
        "position-paragraph": lambda: un.record_position(
            document, value, "EU", stance="support", by=SYSTEM_USER
        ),
        "statement-date": lambda: un.add_statement(
            SESSION, party="EU", dated=value, title="T", by=SYSTEM_USER
        ),
        "statement-party": lambda: un.add_statement(
            SESSION, party=value, dated="2024-07-09", title="T", by=SYSTEM_USER
        ),
        "statement-session": lambda: un.add_statement(
            value, party="EU", dated="2024-07-09", title="T", by=SYSTEM_USER
        ),
    }
    with pytest.raises(InvalidInput) as raised:
        calls[call]()
    assert raised.value.field == field
    assert raised.value.value == value
    assert reason in raised.value.reason
    assert _written(toolbox) == before


def test_markings_hide_documents_positions_and_statements_from_readers_not_cleared(
    toolbox: Toolbox,
) -> None:
    viewer = _user(toolbox, "vera", Role.VIEWER, Tlp.GREEN)
    with pytest.raises(Forbidden):
        toolbox.un_process.add_statement(
            SESSION, party="EU", dated="2024-07-09", title="T", by=viewer
        )
    open_draft = _draft(toolbox)
    toolbox.un_process.record_position(open_draft, "12", "EU", stance="support", by=SYSTEM_USER)
    toolbox.un_process.record_position(
        open_draft, "12", "PL", stance="oppose", tlp="amber", by=SYSTEM_USER
    )
    restricted = toolbox.un_process.add_document(
        SESSION,
        kind=DocumentKind.WORKING_PAPER,
        title="Non-paper",
        dated="2024-07-02",
        tlp="amber",
        by=SYSTEM_USER,
    )
    toolbox.un_process.add_statement(
        SESSION, party="EU", dated="2024-07-09", title="T", tlp="red", by=SYSTEM_USER
    )
    toolbox.un_process.add_paragraph(restricted.id, "1", text="Non-paper text.", by=SYSTEM_USER)
    lifted = toolbox.un_process.record_position(
        restricted.id, "1", "EU", stance="oppose", by=SYSTEM_USER
    )
    assert lifted.tlp is Tlp.AMBER  # never below its document's marking
    seen = toolbox.un_process.positions(open_draft, by=viewer)
    assert [p.party for p in seen.paragraphs[1].positions] == ["EU"]
    assert [d.id for d in toolbox.un_process.documents(by=viewer)] == [open_draft]
    with pytest.raises(NotFound):
        toolbox.un_process.positions(restricted.id, by=viewer)
    assert toolbox.un_process.statements(by=viewer) == ()
    analyst = _user(toolbox, "ana", Role.ANALYST, Tlp.GREEN)
    with pytest.raises(InvalidInput) as raised:
        toolbox.un_process.add_paragraph(restricted.id, "1", text="T", by=analyst)
    assert raised.value.field == "document"
    with pytest.raises(InvalidInput) as above:
        toolbox.un_process.record_position(open_draft, "12", "PL", stance="support", by=analyst)
    assert above.value.field == "party"
    with pytest.raises(InvalidInput) as marking:
        toolbox.un_process.record_position(
            open_draft, "12", "IT", stance="support", tlp="amber", by=analyst
        )
    assert marking.value.field == "tlp"
    assert [e.key for e in toolbox.audit.entries(by=analyst, entity="un position")] == [
        f"{open_draft}/12/EU"
    ]
