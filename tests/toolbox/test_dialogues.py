"""The dialogues register on SQLite and PostgreSQL: the bundled dialogues, rounds recorded
under their own marking, what is refused (with field, value and reason, writing nothing) and
what each reader may see."""

from __future__ import annotations

import pytest

from cdtoolbox.errors import Forbidden, InvalidInput, NotFound
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.dialogues import DialogueStatus
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox


def _user(toolbox: Toolbox, name: str, role: Role, clearance: Tlp) -> User:
    return toolbox.users.add(
        by=SYSTEM_USER, username=name, display_name=name, role=role, clearance=clearance
    )


def _written(toolbox: Toolbox) -> tuple[int, int]:
    """The versions of the dialogues and the audit trail's length: a refusal changes neither."""
    versions = sum(d.version for d in toolbox.dialogues.list(by=SYSTEM_USER))
    return versions, len(toolbox.audit.entries(by=SYSTEM_USER))


def test_seeding_stores_the_bundled_dialogues_once_each_audited(toolbox: Toolbox) -> None:
    bundled = len(toolbox.knowledge.dialogues)
    assert toolbox.dialogues.seed() == bundled
    assert toolbox.dialogues.seed() == 0
    entries = toolbox.audit.entries(by=SYSTEM_USER, entity="dialogue")
    assert len(entries) == bundled and {e.action for e in entries} == {"dialogue.add"}
    [china] = toolbox.dialogues.list(by=SYSTEM_USER, partner="China")
    assert china.id == "eu-cn-cyber-dialogue" and not china.status_confirmed
    assert china.last_round is not None and china.last_round.held_on.isoformat() == "2021-10-12"
    [russia] = toolbox.dialogues.list(by=SYSTEM_USER, partner="RU")
    assert russia.status is DialogueStatus.NONE and russia.rounds == ()
    organisations = toolbox.dialogues.list(by=SYSTEM_USER, kind="organisation")
    assert "nato" in {d.partner for d in organisations}
    active = toolbox.dialogues.list(by=SYSTEM_USER, status="active")
    assert all(d.status is DialogueStatus.ACTIVE for d in active) and len(active) > 5


def test_a_round_is_kept_in_date_order_and_audited_with_its_marking(toolbox: Toolbox) -> None:
    toolbox.dialogues.seed()
    toolbox.dialogues.update(
        "eu-gb-cyber-dialogue",
        by=SYSTEM_USER,
        next_meeting="2026-11-20",
        next_meeting_note="London",
    )
    changed = toolbox.dialogues.add_round(
        "eu-gb-cyber-dialogue",
        by=SYSTEM_USER,
        held_on="2026-11-20",
        number=4,
        place="London",
        topics=["ransomware", "OEWG follow-up"],
        outcomes=["joint statement on the Global Mechanism"],
        tlp="amber",
    )
    assert [r.number for r in changed.rounds] == [1, 2, 3, 4]
    # The announced meeting took place: it is no longer "next".
    assert changed.next_meeting is None and changed.version == 3
    [entry] = [
        e
        for e in toolbox.audit.entries(by=SYSTEM_USER, entity="dialogue")
        if e.action == "dialogue.round.add"
    ]
    assert entry.key == "eu-gb-cyber-dialogue" and entry.after is not None
    assert entry.after["tlp"] == "amber" and entry.after["held_on"] == "2026-11-20"
    green = _user(toolbox, "gwen", Role.ADMIN, Tlp.GREEN)
    seen = toolbox.dialogues.get("eu-gb-cyber-dialogue", by=green)
    assert [r.number for r in seen.rounds] == [1, 2, 3] and seen.rounds_withheld == 1
    shown = toolbox.audit.entries(by=green, entity="dialogue")
    assert "dialogue.round.add" not in {e.action for e in shown}


@pytest.mark.parametrize(
    ("call", "field", "value"),
    [
        ({"held_on": "2025-12-09"}, "held_on", "2025-12-09"),  # the 3rd round's day
        ({"held_on": "2026-02-30"}, "held_on", "2026-02-30"),
        ({"held_on": "2027-01-01"}, "held_on", "2027-01-01"),  # after today
        ({"held_on": "2026-03-01", "number": 3}, "number", 3),
        ({"held_on": "2026-03-01", "tlp": "purple"}, "tlp", "purple"),
        ({"held_on": "2026-03-01", "ends_on": "2026-02-01"}, "ends_on", "2026-02-01"),
        ({"held_on": "2026-03-01", "sources": ["not a link"]}, "sources", "not a link"),
    ],
)
def test_bad_rounds_are_refused_naming_field_value_and_reason_writing_nothing(
    toolbox: Toolbox, call: dict[str, object], field: str, value: object
) -> None:
    toolbox.dialogues.seed()
    before = _written(toolbox)
    with pytest.raises(InvalidInput) as refused:
        toolbox.dialogues.add_round("eu-gb-cyber-dialogue", by=SYSTEM_USER, **call)  # type: ignore[arg-type]
    assert (refused.value.field, refused.value.value) == (field, value)
    assert refused.value.reason
    assert _written(toolbox) == before


@pytest.mark.parametrize(
    ("call", "field", "value"),
    [
        ({"status": "frozen"}, "status", "frozen"),
        ({"next_meeting": "2025-12-01"}, "next_meeting", "2025-12-01"),  # before the 3rd round
        ({"next_meeting": "next spring"}, "next_meeting", "next spring"),
    ],
)
def test_bad_changes_are_refused_writing_nothing(
    toolbox: Toolbox, call: dict[str, object], field: str, value: object
) -> None:
    toolbox.dialogues.seed()
    before = _written(toolbox)
    with pytest.raises(InvalidInput) as refused:
        toolbox.dialogues.update("eu-gb-cyber-dialogue", by=SYSTEM_USER, **call)  # type: ignore[arg-type]
    assert (refused.value.field, refused.value.value) == (field, value)
    assert _written(toolbox) == before


def test_an_unknown_partner_is_refused_and_an_unknown_dialogue_not_found(
    toolbox: Toolbox,
) -> None:
    toolbox.dialogues.seed()
    with pytest.raises(InvalidInput) as refused:
        toolbox.dialogues.list(by=SYSTEM_USER, partner="Atlantis")
    assert (refused.value.field, refused.value.value) == ("partner", "Atlantis")
    with pytest.raises(NotFound):
        toolbox.dialogues.get("eu-atlantis", by=SYSTEM_USER)


def test_a_viewer_may_read_but_not_write(toolbox: Toolbox) -> None:
    toolbox.dialogues.seed()
    viewer = _user(toolbox, "vera", Role.VIEWER, Tlp.CLEAR)
    assert toolbox.dialogues.get("eu-us-cyber-dialogue", by=viewer).rounds
    with pytest.raises(Forbidden):
        toolbox.dialogues.add_round("eu-us-cyber-dialogue", by=viewer, held_on="2026-06-01")
    with pytest.raises(Forbidden):
        toolbox.dialogues.update("eu-us-cyber-dialogue", by=viewer, status="dormant")


def test_an_exchange_with_academia_names_a_new_organisation_and_is_audited(
    toolbox: Toolbox,
) -> None:
    toolbox.dialogues.seed()
    added = toolbox.dialogues.add(
        by=SYSTEM_USER,
        partner="eu-cyber-direct",
        partner_name="EU Cyber Direct",
        kind="academia",
        title="EU Cyber Direct research exchanges",
        first_held="2020-01-15",
        sources=["https://eucyberdirect.eu/"],
    )
    assert (added.id, added.partner, added.partner_name) == (
        "eu-cyber-direct-research-exchanges",
        "eu-cyber-direct",
        "EU Cyber Direct",
    )
    assert [d.id for d in toolbox.dialogues.list(by=SYSTEM_USER, kind="academia")] == [added.id]
    # The organisation is now a partner others may name without its name again.
    assert toolbox.dialogues.list(by=SYSTEM_USER, partner="eu-cyber-direct") == (added,)
    second = toolbox.dialogues.add(
        by=SYSTEM_USER, partner="eu-cyber-direct", kind="academia", title="EU Cyber Direct 2027"
    )
    assert second.partner_name == "EU Cyber Direct"
    [entry, _] = [
        e
        for e in toolbox.audit.entries(by=SYSTEM_USER, entity="dialogue")
        if e.action == "dialogue.add" and e.key.startswith("eu-cyber-direct")
    ]
    assert entry.after is not None and entry.after["kind"] == "academia"


@pytest.mark.parametrize(
    ("call", "field", "value"),
    [
        ({"partner": "Atlantis", "kind": "bilateral"}, "partner", "Atlantis"),
        ({"partner": "nato", "kind": "bilateral"}, "partner", "nato"),
        ({"partner": "think-tank", "kind": "academia"}, "partner", "think-tank"),
        ({"partner": "NO", "kind": "friendship"}, "kind", "friendship"),
        ({"partner": "NO", "status": "frozen"}, "status", "frozen"),
        ({"partner": "NO", "first_held": "2019-13-01"}, "first_held", "2019-13-01"),
        ({"partner": "JP", "title": "EU-Japan Cyber Dialogue"}, "title", "EU-Japan Cyber Dialogue"),
        ({"partner": "NO", "tlp": "red"}, "tlp", "red"),
    ],
)  # fmt: skip
def test_bad_dialogues_are_refused_naming_field_value_and_reason_writing_nothing(
    toolbox: Toolbox, call: dict[str, object], field: str, value: object
) -> None:
    toolbox.dialogues.seed()
    amber = _user(toolbox, "alba", Role.ANALYST, Tlp.AMBER)
    before = (len(toolbox.dialogues.list(by=SYSTEM_USER)), _written(toolbox))
    arguments: dict[str, object] = {"title": "EU-Norway cyber dialogue", "kind": "bilateral"}
    arguments.update(call)
    with pytest.raises(InvalidInput) as refused:
        toolbox.dialogues.add(by=amber, **arguments)  # type: ignore[arg-type]
    assert (refused.value.field, refused.value.value) == (field, value)
    assert refused.value.reason
    assert (len(toolbox.dialogues.list(by=SYSTEM_USER)), _written(toolbox)) == before
