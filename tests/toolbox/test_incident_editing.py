"""What an editor starts from (``incidents.editable``), and the handles no incident may take."""

from __future__ import annotations

import pytest

from cdtoolbox.errors import Forbidden, ImportRejected, NotFound
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.toolbox import Toolbox

PARTY = {"kind": "state", "name": "United Kingdom"}


@pytest.fixture
def box(toolbox: Toolbox, knowledge: KnowledgeBase) -> Toolbox:
    with toolbox.database.transaction() as store:
        store.actors.upsert_many(knowledge.actors.all())
    return toolbox


def _user(box: Toolbox, name: str, role: Role, clearance: Tlp = Tlp.AMBER) -> User:
    return box.users.add(
        by=SYSTEM_USER, username=name, display_name=name, role=role, clearance=clearance
    )


def test_an_editor_starts_from_the_stored_version_with_every_actor_by_name(box: Toolbox) -> None:
    stored = box.incidents.add(
        [
            {
                "title": "Grid intrusion",
                "start": "2026-03",
                "types": ["sabotage"],
                "actors": ["APT28"],
                "attributions": [{"by": PARTY, "actor": "Sandworm", "state": "RU"}],
            }
        ],
        by=SYSTEM_USER,
    ).created[0]
    edited = box.incidents.edit(stored.slug, {"summary": "Seen again."}, by=SYSTEM_USER)
    editable = box.incidents.editable(stored.slug, by=_user(box, "ana", Role.ANALYST))
    assert editable.incident == edited and editable.incident.version == stored.version + 1
    assert editable.document["actors"] == ["APT28"]
    # The attribution's actor by name as well, not by its id: an editor reads and types names.
    assert editable.document["attributions"][0]["actor"] == "Sandworm"
    assert editable.document["summary"] == "Seen again."


def test_a_reader_is_refused_before_anything_is_looked_up(box: Toolbox) -> None:
    reader = _user(box, "vic", Role.VIEWER)
    for key in ("no-such-incident", "wannacry-2017"):
        with pytest.raises(Forbidden):
            box.incidents.editable(key, by=reader)


def test_an_incident_above_the_editors_clearance_is_not_found_as_a_missing_one(
    box: Toolbox,
) -> None:
    hidden = box.incidents.add(
        [{"title": "Red", "start": "2026-01", "types": ["espionage"], "tlp": "red"}],
        by=SYSTEM_USER,
    ).created[0]
    analyst = _user(box, "ana", Role.ANALYST)
    with pytest.raises(NotFound) as hidden_error:
        box.incidents.editable(hidden.slug, by=analyst)
    with pytest.raises(NotFound) as missing_error:
        box.incidents.editable("no-such-incident", by=analyst)
    assert str(hidden_error.value).replace(hidden.slug, "?") == str(missing_error.value).replace(
        "no-such-incident", "?"
    )


def test_no_incident_takes_a_handle_that_names_a_page(box: Toolbox) -> None:
    """``/incidents/new`` creates an incident: an incident slugged ``new`` could not be
    reached by its slug."""
    # Known only by its disclosure, so its slug carries no start year.
    undated = {"title": "New", "disclosed": "2026-01", "types": ["ddos"]}
    (created,) = box.incidents.add([undated], by=SYSTEM_USER).created
    assert created.slug == "new-2"
    with pytest.raises(ImportRejected) as refused:
        box.incidents.add([{**undated, "slug": "new"}], by=SYSTEM_USER)
    (error,) = refused.value.errors
    assert (error.field, error.value) == ("slug", "new")
    assert "reserved" in error.reason
