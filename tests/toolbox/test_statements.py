"""toolbox.statements: the incidents a statement refers to are those its reader may see, as
stored now (both backends)."""

from __future__ import annotations

from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.vocabulary import Tlp
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
