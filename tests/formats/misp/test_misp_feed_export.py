"""MISP events and feeds written from the store load in PyMISP and agree with its own feed tools."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from pymisp import MISPEvent
from pymisp.tools import feed_meta_generator

from cdtoolbox.errors import InvalidInput
from cdtoolbox.formats.misp import FEED_HASHES, MispEventContext, write_misp_events, write_misp_feed
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Incident, Tlp
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Settings, Toolbox


@pytest.fixture(scope="module")
def box(initialised_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    with Toolbox(Settings(initialised_url), knowledge=knowledge) as toolbox:
        yield toolbox


@pytest.fixture(scope="module")
def feed(box: Toolbox, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("feed") / "cdtoolbox-feed"
    report = box.misp.export_feed(directory, max_tlp=Tlp.RED, organisation="EEAS", by=SYSTEM_USER)
    assert report.events >= 30 and report.withheld == 0
    return directory


def _event_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.json") if p.name != "manifest.json")


def test_every_event_file_loads_in_pymisp(box: Toolbox, feed: Path) -> None:
    files = _event_files(feed)
    incidents = statements = 0
    for path in files:
        event = MISPEvent()
        event.load_file(str(path))
        assert event.uuid == path.stem
        if any(tag.name.startswith("cdtoolbox:statement=") for tag in event.tags):
            # A statement naming no incident of the feed (the texts init bundles) is an
            # event of its own, carrying its text as an event report.
            statements += 1
            assert len(event.event_reports) == 1
        else:
            incidents += 1
            assert event.info == box.incidents.get(event.uuid, by=SYSTEM_USER).title
        assert event.orgc.name == "EEAS"
        assert any(tag.name.startswith("tlp:") for tag in event.tags)
        event.to_feed(with_meta=True)  # and PyMISP can publish it again itself
    assert incidents == box.incidents.list(limit=1, by=SYSTEM_USER).total
    assert statements >= 1


def test_manifest_and_hashes_are_what_pymisp_computes(feed: Path, tmp_path: Path) -> None:
    ours = json.loads((feed / "manifest.json").read_text())
    their_copy = tmp_path / "copy"
    shutil.copytree(feed, their_copy)
    (their_copy / "manifest.json").unlink()
    (their_copy / FEED_HASHES).unlink()
    feed_meta_generator(their_copy)
    theirs = json.loads((their_copy / "manifest.json").read_text())
    assert set(ours) == set(theirs) == {path.stem for path in _event_files(feed)}
    for event_uuid, entry in theirs.items():
        for field in ("info", "date", "analysis", "threat_level_id", "timestamp"):
            assert str(ours[event_uuid][field]) == str(entry[field]), (event_uuid, field)
        assert ours[event_uuid]["Orgc"] == entry["Orgc"]
        assert [t["name"] for t in ours[event_uuid]["Tag"]] == [t["name"] for t in entry["Tag"]]
    our_hashes = (feed / FEED_HASHES).read_text().splitlines()
    assert sorted(our_hashes) == sorted((their_copy / FEED_HASHES).read_text().splitlines())
    assert len(our_hashes) > 30


def test_hashes_are_the_md5_of_each_attribute_value(feed: Path) -> None:
    lines = set((feed / FEED_HASHES).read_text().splitlines())
    for path in _event_files(feed):
        event = orjson.loads(path.read_bytes())["Event"]
        for attribute in event["Attribute"]:
            digest = hashlib.md5(attribute["value"].encode()).hexdigest()
            assert f"{digest},{event['uuid']}" in lines


def test_an_incident_reads_as_misp_users_expect(box: Toolbox, feed: Path) -> None:
    wannacry = box.incidents.get("wannacry-2017", by=SYSTEM_USER)
    event = orjson.loads((feed / f"{wannacry.id}.json").read_bytes())["Event"]
    tags = {tag["name"] for tag in event["Tag"]}
    assert {
        "tlp:clear",
        'circl:incident-classification="ransomware"',
        'cdtoolbox:incident-type="ransomware"',
        'misp-galaxy:threat-actor="Lazarus Group"',
        'misp-galaxy:country="united kingdom"',
        'nis2:impact-sectors-impacted="health"',
        'cdtoolbox:attributed-state="KP"',
    } <= tags
    [galaxy] = event["Galaxy"]
    [lazarus] = [c for c in galaxy["GalaxyCluster"] if c["value"] == "Lazarus Group"]
    assert lazarus["uuid"] == box.actors.get("Lazarus Group", by=SYSTEM_USER).id
    assert "Hidden Cobra" in lazarus["meta"]["synonyms"]
    links = [a for a in event["Attribute"] if a["type"] == "link"]
    assert {a["value"] for a in links} == {s.url for s in wannacry.sources if s.url}
    reports = {report["name"]: report["content"] for report in event["EventReport"]}
    assert reports["Summary"] == wannacry.summary
    assert "United Kingdom" in reports["Attributions"]
    assert event["date"] == "2017-05-12"
    assert event["timestamp"] == str(int(wannacry.updated_at.timestamp()))  # type: ignore[union-attr]


def test_only_a_sponsor_the_cfr_tracker_names_is_exported_as_its_field(
    box: Toolbox, feed: Path
) -> None:
    def cluster(slug: str, actor: str) -> dict[str, object]:
        incident = box.incidents.get(slug, by=SYSTEM_USER)
        event = orjson.loads((feed / f"{incident.id}.json").read_bytes())["Event"]
        [galaxy] = event["Galaxy"]
        [found] = [c for c in galaxy["GalaxyCluster"] if c["value"] == actor]
        return dict(found["meta"])

    assert "cfr-suspected-state-sponsor" in cluster("wannacry-2017", "Lazarus Group")
    assert box.actors.get("Callisto", by=SYSTEM_USER).sponsor_inferred
    assert "cfr-suspected-state-sponsor" not in cluster("callisto-star-blizzard-2023", "Callisto")


def test_incidents_above_the_clearance_stay_home(knowledge: KnowledgeBase) -> None:
    incidents = [
        Incident(id=f"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4{n}", slug=f"i{n}", title=f"I{n}", tlp=tlp)
        for n, tlp in enumerate(Tlp)
    ]
    context = MispEventContext(
        organisation="EEAS",
        organisation_uuid="5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
        namespace=uuid.UUID("1b6c0d2e-8f4a-4c3b-9e7d-5a2f1c0b9d8e"),
        actors={},
    )
    out = io.BytesIO()
    report = write_misp_events(out, incidents, context, max_tlp=Tlp.GREEN)
    assert (report.events, report.withheld) == (2, 3)
    written = orjson.loads(out.getvalue())["response"]
    assert [e["Event"]["info"] for e in written] == ["I0", "I1"]
    first = MISPEvent()
    first.load(out.getvalue())  # PyMISP reads the first event of a search result
    assert first.info == "I0"


def test_a_feed_is_rewritten_in_place_but_never_over_other_files(
    box: Toolbox, tmp_path: Path
) -> None:
    directory = tmp_path / "feed"
    box.misp.export_feed(directory, max_tlp=Tlp.RED, by=SYSTEM_USER)
    stale = directory / "00000000-0000-4000-8000-000000000000.json"
    stale.write_text("{}")
    notes = directory / "README.txt"
    notes.write_text("kept")
    box.misp.export_feed(directory, max_tlp=Tlp.RED, by=SYSTEM_USER)
    assert not stale.exists() and notes.exists()
    other = tmp_path / "other"
    other.mkdir()
    (other / "thesis.docx").write_text("precious")
    with pytest.raises(InvalidInput, match="is not empty and holds no MISP feed"):
        context = MispEventContext("EEAS", str(uuid.uuid4()), uuid.uuid4(), {})
        write_misp_feed(other, [], context, max_tlp=Tlp.RED)
    assert (other / "thesis.docx").read_text() == "precious"
