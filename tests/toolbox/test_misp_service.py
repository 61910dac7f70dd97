"""`Toolbox.misp`: MISP events and feeds into the store (one transaction) and out again."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
import stix2
from pymisp import MISPEvent

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import IncidentFilter, Tlp
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.model.ports import FixedClock
from cdtoolbox.store import dump
from cdtoolbox.toolbox import Settings, Toolbox
from cdtoolbox.toolbox.misp import MispService
from misp_support import APT10_ID, CLOUD_HOPPER_UUID, STAMP, cloud_hopper, event_document


@pytest.fixture
def box(fresh_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    """A Toolbox over a new database holding the reference actors and the bundled dataset."""
    clock = FixedClock(datetime(2026, 2, 1, 9, 0, tzinfo=UTC))
    with Toolbox(Settings(fresh_url), knowledge=knowledge, clock=clock) as toolbox:
        yield toolbox


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_pymisp_event_imports_with_its_actor_resolved_by_alias(
    box: Toolbox, tmp_path: Path
) -> None:
    path = tmp_path / "cloud-hopper.json"
    path.write_text(cloud_hopper().to_json(), encoding="utf-8")
    report = box.misp.import_path(path, by=SYSTEM_USER)
    assert report.created == (CLOUD_HOPPER_UUID,) and report.errors == ()
    assert (report.references, report.observables, report.observables_stored) == (1, 2, 4)
    incident = box.incidents.get(CLOUD_HOPPER_UUID, by=SYSTEM_USER)
    assert incident.actor_ids == (APT10_ID,)
    assert (
        box.actors.get("Stone Panda", by=SYSTEM_USER).id
        == APT10_ID
        == incident.attributions[0].actor_id
    )
    assert incident.slug == "operation-cloud-hopper-2017"
    assert incident.updated_at == STAMP
    assert incident.tlp is Tlp.AMBER_STRICT
    listed = box.incidents.list(IncidentFilter(actor_ids=(APT10_ID,)), limit=100, by=SYSTEM_USER)
    assert CLOUD_HOPPER_UUID in {item.id for item in listed.items}


def test_the_same_event_again_changes_nothing(box: Toolbox, tmp_path: Path) -> None:
    path = write(tmp_path / "event.json", {"Event": event_document(cloud_hopper())})
    box.misp.import_path(path, by=SYSTEM_USER)
    before = dump(box.database)
    again = box.misp.import_path(path, by=SYSTEM_USER)
    assert (again.created, again.updated, again.unchanged) == ((), (), 1)
    assert dump(box.database) == before


def test_an_event_without_a_timestamp_is_imported_once(box: Toolbox, tmp_path: Path) -> None:
    path = write(tmp_path / "event.json", event_document(cloud_hopper(timestamp=None)))
    first = box.misp.import_path(path, by=SYSTEM_USER)
    before = dump(box.database)
    assert box.misp.import_path(path, by=SYSTEM_USER).unchanged == 1
    assert dump(box.database) == before
    stored = box.incidents.get(first.created[0], by=SYSTEM_USER)
    # Recorded at import time (the test clock's), as no version time was given.
    assert stored.updated_at == stored.created_at
    assert stored.updated_at is not None and stored.updated_at.year == 2026


def test_a_newer_timestamp_updates_and_an_older_one_is_ignored(
    box: Toolbox, tmp_path: Path
) -> None:
    box.misp.import_path(
        write(tmp_path / "v1.json", event_document(cloud_hopper())), by=SYSTEM_USER
    )
    newer = cloud_hopper(info="Operation Cloud Hopper (APT10)", timestamp=STAMP + timedelta(days=1))
    report = box.misp.import_path(
        write(tmp_path / "v2.json", event_document(newer)), by=SYSTEM_USER
    )
    assert report.updated == (CLOUD_HOPPER_UUID,)
    incident = box.incidents.get(CLOUD_HOPPER_UUID, by=SYSTEM_USER)
    assert (incident.title, incident.version) == ("Operation Cloud Hopper (APT10)", 2)
    assert incident.slug == "operation-cloud-hopper-2017"  # the handle people use stays
    stale = box.misp.import_path(
        write(tmp_path / "v0.json", event_document(cloud_hopper(info="Old"))), by=SYSTEM_USER
    )
    assert stale.unchanged == 1
    assert (
        box.incidents.get(CLOUD_HOPPER_UUID, by=SYSTEM_USER).title
        == "Operation Cloud Hopper (APT10)"
    )


def test_a_file_with_a_bad_event_imports_nothing_unless_told_to_skip(
    box: Toolbox, tmp_path: Path
) -> None:
    bad = event_document(cloud_hopper())
    bad["uuid"] = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    bad["Tag"].append({"name": "tlp:purple"})
    path = write(tmp_path / "two.json", {"response": [event_document(cloud_hopper()), bad]})
    before = dump(box.database)
    with pytest.raises(ImportRejected) as refused:
        box.misp.import_path(path, by=SYSTEM_USER)
    assert [error.field for error in refused.value.errors] == ["response[1].Tag[10].name"]
    assert "two.json: import refused, nothing was written" in str(refused.value)
    assert dump(box.database) == before
    report = box.misp.import_path(path, skip_invalid=True, by=SYSTEM_USER)
    assert (report.created, report.rejected) == ((CLOUD_HOPPER_UUID,), 1)


def test_a_directory_with_an_unreadable_file_imports_nothing(box: Toolbox, tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    write(folder / "a.json", event_document(cloud_hopper()))
    (folder / "b.json").write_text("{not json", encoding="utf-8")
    before = dump(box.database)
    with pytest.raises(ImportRejected) as refused:
        box.misp.import_path(folder, by=SYSTEM_USER)
    assert "feed/b.json" in str(refused.value) and "is not valid JSON" in str(refused.value)
    assert dump(box.database) == before


def test_a_failure_after_the_incidents_are_written_takes_them_back(
    box: Toolbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> int:
        raise InvalidInput("STIX object", "id", "x", "stands in for any failure in the store")

    monkeypatch.setattr(MispService, "_keep_observables", fail)
    before = dump(box.database)
    with pytest.raises(InvalidInput):
        box.misp.import_path(
            write(tmp_path / "event.json", event_document(cloud_hopper())), by=SYSTEM_USER
        )
    assert dump(box.database) == before


def test_an_unknown_actor_is_created_once_and_found_by_its_aliases(
    box: Toolbox, tmp_path: Path
) -> None:
    document = event_document(cloud_hopper(actor_tag='misp-galaxy:threat-actor="Obsidian Heron"'))
    document["Galaxy"] = [
        {
            "type": "threat-actor",
            "GalaxyCluster": [
                {
                    "uuid": "0d7c1e52-3f4b-4a6e-9b8d-7c6e5f4a3b21",
                    "type": "threat-actor",
                    "value": "Obsidian Heron",
                    "tag_name": 'misp-galaxy:threat-actor="Obsidian Heron"',
                    "meta": {"synonyms": ["UNC9999"]},
                }
            ],
        }
    ]
    path = write(tmp_path / "heron.json", document)
    report = box.misp.import_path(path, by=SYSTEM_USER)
    assert report.actors_created == ("0d7c1e52-3f4b-4a6e-9b8d-7c6e5f4a3b21",)
    heron = box.actors.get("UNC9999", by=SYSTEM_USER)
    assert heron.name == "Obsidian Heron" and heron.origin == "misp"
    assert box.misp.import_path(path, by=SYSTEM_USER).actors_created == ()


def test_observables_are_kept_and_shared_in_stix_exports(box: Toolbox, tmp_path: Path) -> None:
    box.misp.import_path(
        write(tmp_path / "event.json", event_document(cloud_hopper())), by=SYSTEM_USER
    )
    out = io.BytesIO()
    box.stix.export_bundle(out, max_tlp=Tlp.RED, by=SYSTEM_USER)
    objects = {obj["id"]: obj for obj in orjson.loads(out.getvalue())["objects"]}
    address = stix2.IPv4Address(value="198.51.100.7").id
    assert objects[address]["value"] == "198.51.100.7"
    [link] = [o for o in objects.values() if o.get("target_ref") == address]
    assert objects[link["source_ref"]]["name"] == "Operation Cloud Hopper"
    cleared = io.BytesIO()
    box.stix.export_bundle(cleared, max_tlp=Tlp.AMBER, by=SYSTEM_USER)
    assert address not in cleared.getvalue().decode()  # amber+strict stays home


def test_our_feed_imports_back_unchanged(box: Toolbox, tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    exported = box.misp.export_feed(feed, max_tlp=Tlp.RED, by=SYSTEM_USER)
    incidents = box.incidents.list(limit=1, by=SYSTEM_USER).total
    # With an event of its own for each statement naming none of them (the bundled texts).
    assert exported.events > incidents
    before = dump(box.database)
    report = box.misp.import_path(feed, by=SYSTEM_USER)
    assert report.errors == () and report.unchanged == incidents
    assert report.skipped == exported.events - incidents  # statements enter from their files
    assert dump(box.database) == before


def test_an_edited_copy_of_our_event_updates_without_losing_what_misp_cannot_say(
    box: Toolbox, tmp_path: Path
) -> None:
    wannacry = box.incidents.get("wannacry-2017", by=SYSTEM_USER)
    out = io.BytesIO()
    box.misp.export_events(out, IncidentFilter(text="WannaCry"), max_tlp=Tlp.RED, by=SYSTEM_USER)
    [wrapped] = [
        e for e in orjson.loads(out.getvalue())["response"] if e["Event"]["uuid"] == wannacry.id
    ]
    event = MISPEvent(force_timestamps=True)
    event.load(wrapped)
    event.info = "WannaCry ransomware worm (partner edit)"
    event.timestamp = wannacry.updated_at + timedelta(days=1)  # type: ignore[operator]
    report = box.misp.import_path(
        write(tmp_path / "edited.json", json.loads(event.to_json())), by=SYSTEM_USER
    )
    assert report.updated == (wannacry.id,)
    edited = box.incidents.get(wannacry.id, by=SYSTEM_USER)
    assert edited.title == "WannaCry ransomware worm (partner edit)"
    assert edited.impact == wannacry.impact
    assert set(wannacry.attributions) <= set(edited.attributions)
    assert edited.victim_countries == wannacry.victim_countries
    assert edited.start == wannacry.start
    # The links come back as the sources we hold, not as copies without publisher and grade.
    assert [s.url for s in edited.sources if s.url] == [s.url for s in wannacry.sources if s.url]


def test_a_missing_path_is_named(box: Toolbox, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="does not exist"):
        box.misp.import_path(tmp_path / "nowhere.json", by=SYSTEM_USER)


def test_an_import_leaves_one_audit_entry_with_its_counts(box: Toolbox, tmp_path: Path) -> None:
    path = write(tmp_path / "event.json", {"Event": event_document(cloud_hopper())})
    before = len(box.audit.entries(by=SYSTEM_USER))
    box.misp.import_path(path, by=SYSTEM_USER)
    [entry] = box.audit.entries(by=SYSTEM_USER)[before:]
    assert (entry.action, entry.entity, entry.key) == ("misp.import", "import", "event.json")
    assert entry.after is not None
    assert entry.after["created"] == 1 and entry.after["incident_ids"] == [CLOUD_HOPPER_UUID]
    assert entry.after["tlp"] == "amber+strict"
    box.misp.import_path(path, by=SYSTEM_USER)  # nothing new: nothing recorded
    assert len(box.audit.entries(by=SYSTEM_USER)) == before + 1
