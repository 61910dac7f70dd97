"""Reading incidents for someone beyond a listing: the incidents like one, and the downloads
in CSV and as an incident file — each limited to what the reader may read."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cdtoolbox.formats.csv.vocabulary import COLUMNS
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident, IncidentSort, Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox import incidents as incident_service

SOURCE = {"title": "Report", "url": "https://example.org/report"}


def document(
    title: str, types: list[str], actors: list[str], tlp: str = "green"
) -> dict[str, object]:
    return {
        "title": title,
        "start": "2020-01-01",
        "types": types,
        "actors": actors,
        "tlp": tlp,
        "sources": [SOURCE],
    }


@pytest.fixture
def box(toolbox: Toolbox, knowledge: KnowledgeBase) -> Toolbox:
    with toolbox.database.transaction() as store:
        store.actors.upsert_many(knowledge.actors.all())
    return toolbox


@pytest.fixture
def green(box: Toolbox) -> User:
    return box.users.add(
        by=SYSTEM_USER,
        username="green-reader",
        display_name="Green Reader",
        role=Role.VIEWER,
        clearance=Tlp.GREEN,
    )


def added(box: Toolbox, *documents: dict[str, object]) -> dict[str, Incident]:
    report = box.incidents.add(list(documents), by=SYSTEM_USER)
    return {incident.title: incident for incident in report.created}


def test_similar_incidents_come_by_actor_then_sponsor_then_type_within_clearance(
    box: Toolbox, green: User
) -> None:
    stored = added(
        box,
        document("Base", ["espionage"], ["APT28"]),
        document("Same actor", ["ransomware"], ["APT28"]),
        document("Same sponsor", ["sabotage"], ["Sandworm"]),
        document("Same type", ["espionage"], ["Lazarus Group"]),
        document("Unrelated", ["ransomware"], ["Lazarus Group"]),
        document("Same actor, amber", ["espionage"], ["APT28"], tlp="amber"),
    )
    base = stored["Base"]

    seen = [(item.incident.title, item.reason) for item in box.incidents.similar(base, by=green)]
    assert seen == [
        ("Same actor", "same actor"),
        ("Same sponsor", "same suspected sponsor"),
        ("Same type", "same type"),
    ]
    cleared = {item.incident.title for item in box.incidents.similar(base, by=SYSTEM_USER)}
    assert "Same actor, amber" in cleared and "Base" not in cleared


def test_exports_read_every_page_and_only_what_the_reader_may_read(
    box: Toolbox, green: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(incident_service, "_EXPORT_PAGE", 2)
    attributed = {
        **document("Attributed only", ["espionage"], []),
        "attributions": [{"by": {"kind": "state", "name": "United Kingdom"}, "actor": "Sandworm"}],
    }
    added(
        box,
        *(document(f"Visible {n}", ["espionage"], ["APT28"]) for n in range(4)),
        attributed,
        document("Amber", ["espionage"], ["APT28"], tlp="amber"),
    )
    visible = box.incidents.list(sort=IncidentSort.TITLE, by=green).items
    assert len(visible) == 5

    text = "".join(box.incidents.export_csv(sort=IncidentSort.TITLE, by=green))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert [row["title"] for row in rows] == [incident.title for incident in visible]
    assert {row["actors"] for row in rows[1:]} == {"APT28"}

    exported = json.loads("".join(box.incidents.export_json(sort=IncidentSort.TITLE, by=green)))
    titles = [item["title"] for item in exported["incidents"]]
    assert titles == [incident.title for incident in visible]
    (attribution,) = exported["incidents"][0]["attributions"]
    assert attribution["actor"] == "Sandworm"  # named, though not among the incident's actors
