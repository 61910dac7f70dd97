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
from tests_support import add_user

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
    return add_user(box, "green-reader", Role.VIEWER, clearance=Tlp.GREEN)


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


def attribution(kind: str, state: str | None = None, actor: str | None = None) -> dict[str, object]:
    made: dict[str, object] = {"by": {"kind": kind, "name": f"A {kind}"}, "source": SOURCE}
    if state:
        made["state"] = state
    if actor:
        made["actor"] = actor
    return made


def test_the_overview_names_official_states_attributed_actors_and_eu_responses(
    box: Toolbox, green: User
) -> None:
    unnamed = {
        **document("Unnamed wiper", ["wiper"], []),
        "slug": "opcw-2018",  # answered by the EU and by a Member State
        "attributions": [
            attribution("media", state="CN"),
            attribution("state", state="RU", actor="Sandworm"),
            attribution("eu", state="RU"),
        ],
    }
    named = {
        **document("Named ransomware", ["ransomware"], ["APT28"]),
        "slug": "notpetya-2017",  # the slug the responses register records answers for
        "attributions": [attribution("company", state="KP", actor="Lazarus Group")],
    }
    silent = document("Unattributed outage", ["ddos"], [])
    added(box, unnamed, named, silent)
    # The public responses are read from the store, where `init` loads the bundled ones.
    box.responses.seed()

    page = box.incidents.overview(sort=IncidentSort.TITLE, by=green)

    rows = {row.incident.title: row for row in page.items}
    assert page.total == 3 and list(rows) == [
        "Named ransomware",
        "Unattributed outage",
        "Unnamed wiper",
    ]
    # A newspaper's naming is not an official attribution; the state is listed once.
    assert rows["Unnamed wiper"].attributed_states == ("RU",)
    sandworm = box.actors.get("Sandworm", by=green)
    assert rows["Unnamed wiper"].actors == ((sandworm.id, "Sandworm"),)
    assert rows["Unnamed wiper"].actors_attributed
    # The incident's own actors win over those its attributions name; a vendor names no state.
    assert [name for _, name in rows["Named ransomware"].actors] == ["APT28"]
    assert not rows["Named ransomware"].actors_attributed
    assert rows["Named ransomware"].attributed_states == ()
    sanctions = [r for r in rows["Named ransomware"].eu_responses if str(r.date) == "2020-07-30"]
    assert [r.instrument for r in sanctions] == [
        "Restrictive measures against persons and entities (asset freeze, travel ban)"
    ]
    assert sanctions[0].url is not None and sanctions[0].url.startswith("https://")
    # A Member State's national response is not the EU's.
    assert [r.response_id for r in rows["Unnamed wiper"].eu_responses] == [
        "2018-10-04-joint-statement-opcw",
        "2020-07-30-first-listing",
        "2020-10-22-bundestag-listing",
    ]
    assert (
        rows["Unattributed outage"].actors == () and rows["Unattributed outage"].eu_responses == ()
    )
