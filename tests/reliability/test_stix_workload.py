"""The STIX workload generator the benchmarks and crash tests use: valid, exact, repeatable,
streaming, and imported by ``cdt import stix`` without a single rejected object."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from stix2validator import ValidationOptions, validate_file

from cdtoolbox.formats.stix.vocabulary import TLP2_EXTENSION_ID, TLP2_MARKING_IDS
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Settings, Toolbox
from workload_support import WORKLOAD_SCRIPT, stix_workload, write_workload

# Warnings stix2-validator gives that the workload shares with our own exports (see
# docs/stix-mapping.md): STIX suggests no relationships for its incident stub (202), and a
# reference with a URL has no hash of the page (302).
ACCEPTED_WARNINGS = {"202", "302"}

RELATIONSHIP_TYPES = {"attributed-to", "targets", "uses", "indicates", "related-to", "mitigates"}
OBJECT_TYPES = {
    "marking-definition",
    "identity",
    "location",
    "attack-pattern",
    "malware",
    "threat-actor",
    "intrusion-set",
    "campaign",
    "incident",
    "indicator",
    "course-of-action",
    "relationship",
    "report",
    "note",
    "opinion",
}


def objects_of(path: Path) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["objects"]
    return objects


def test_a_small_bundle_passes_the_stix_validator(tmp_path: Path) -> None:
    bundle = write_workload(tmp_path / "bundle.json", 400, seed=7)
    result = validate_file(str(bundle), ValidationOptions(version="2.1"))
    errors = [str(error) for item in result.object_results for error in item.errors]
    assert errors == []
    assert result.is_valid
    warnings = Counter(
        str(warning).split("{")[1][:3]
        for item in result.object_results
        for warning in item.warnings
    )
    assert set(warnings) <= ACCEPTED_WARNINGS, warnings


@pytest.mark.parametrize("count", [200, 201, 389, 1000, 4321])
def test_a_bundle_holds_exactly_the_objects_asked_for_and_only_links_among_them(
    tmp_path: Path, count: int
) -> None:
    objects = objects_of(write_workload(tmp_path / "bundle.json", count, seed=count))
    assert len(objects) == count
    ids = [obj["id"] for obj in objects]
    assert len(set(ids)) == count
    assert {obj["type"] for obj in objects} == OBJECT_TYPES
    kinds = {obj["relationship_type"] for obj in objects if obj["type"] == "relationship"}
    assert kinds >= RELATIONSHIP_TYPES
    known = set(ids)
    for obj in objects:
        references = [value for key, value in obj.items() if key.endswith("_ref")]
        references += [
            item for key, value in obj.items() if key.endswith("_refs") for item in value
        ]
        assert set(references) <= known, obj["id"]
        if obj["type"] != "marking-definition":
            assert len(obj["object_marking_refs"]) == 1, obj["id"]
            assert obj["object_marking_refs"][0] in TLP2_MARKING_IDS.values(), obj["id"]


def test_every_incident_is_attributed_and_has_a_victim(tmp_path: Path) -> None:
    objects = objects_of(write_workload(tmp_path / "bundle.json", 2000, seed=3))
    incidents = {obj["id"] for obj in objects if obj["type"] == "incident"}
    links = Counter(
        (obj["source_ref"], obj["relationship_type"])
        for obj in objects
        if obj["type"] == "relationship" and obj["source_ref"] in incidents
    )
    for incident in incidents:
        assert links[incident, "attributed-to"] == 1
        assert links[incident, "targets"] == 1
    indicators = [obj for obj in objects if obj["type"] == "indicator"]
    indicated = {
        obj["source_ref"] for obj in objects if obj.get("relationship_type") == "indicates"
    }
    assert indicated == {obj["id"] for obj in indicators}
    assert all(obj["pattern"].startswith("[") for obj in indicators)


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_ones(tmp_path: Path) -> None:
    first = write_workload(tmp_path / "first.json", 1500, seed=11).read_bytes()
    again = write_workload(tmp_path / "again.json", 1500, seed=11).read_bytes()
    other = write_workload(tmp_path / "other.json", 1500, seed=12).read_bytes()
    assert first == again
    assert first != other
    # The markings are shared by every producer, so they are the only objects two seeds share.
    shared = {o["id"] for o in json.loads(first)["objects"]} & {
        o["id"] for o in json.loads(other)["objects"]
    }
    assert shared == set(TLP2_MARKING_IDS.values())


def test_the_command_line_writes_what_the_function_writes(tmp_path: Path) -> None:
    out = tmp_path / "cli.json"
    subprocess.run(
        [sys.executable, str(WORKLOAD_SCRIPT), "600", str(out), "--seed", "5"],
        check=True,
        capture_output=True,
        cwd=tmp_path,  # the script needs no particular current directory
    )
    assert out.read_bytes() == write_workload(tmp_path / "function.json", 600, seed=5).read_bytes()


def test_fewer_objects_than_the_smallest_mix_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 200"):
        stix_workload.generate(199, 1, io.StringIO())
    refused = subprocess.run(
        [sys.executable, str(WORKLOAD_SCRIPT), "50", str(tmp_path / "small.json")],
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2
    assert "at least 200" in refused.stderr


class _Sink(io.TextIOBase):
    """Counts what is written and keeps none of it."""

    def __init__(self) -> None:
        self.characters = 0

    def write(self, text: str) -> int:
        self.characters += len(text)
        return len(text)


def test_objects_are_written_as_they_are_made_so_memory_does_not_grow_with_the_count() -> None:
    sink = _Sink()
    tracemalloc.start()
    try:
        stix_workload.generate(6_000, 1, sink)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # A few megabytes of JSON written with a few kilobytes held (about 15 KiB when measured):
    # nothing is kept per object, so a million objects need no more.
    assert sink.characters > 3_000_000
    assert peak < 256 * 1024, peak


def test_the_markings_are_the_published_tlp_2_0_definitions() -> None:
    levels = {level: marking_id for level, marking_id in stix_workload.TLP2_MARKINGS}
    assert levels == {tlp.value: marking_id for tlp, marking_id in TLP2_MARKING_IDS.items()}
    assert stix_workload.TLP2_EXTENSION == TLP2_EXTENSION_ID


FOLDED = ("attributed-to", "targets")  # what an incident's relationships fold into it


def _foldable_links(path: Path) -> int:
    """Attributions and victims that may fold into their incident: the link, and for an
    attribution the actor it names, marked no higher than the incident (a partner's facts
    marked above the incident stay apart from it, as they came)."""
    level = {marking_id: tlp.rank for tlp, marking_id in TLP2_MARKING_IDS.items()}
    objects = {obj["id"]: obj for obj in objects_of(path)}

    def rank(obj: dict[str, Any]) -> int:
        return max(level[ref] for ref in obj["object_marking_refs"])

    foldable = 0
    for link in objects.values():
        if link["type"] != "relationship" or link["relationship_type"] not in FOLDED:
            continue
        if not link["source_ref"].startswith("incident--"):
            continue
        incident = rank(objects[link["source_ref"]])
        named = [link]
        if link["relationship_type"] == "attributed-to":
            named.append(objects[link["target_ref"]])
        foldable += all(rank(obj) <= incident for obj in named)
    return foldable


def test_a_bundle_imports_without_a_rejected_object_and_folds_what_its_markings_allow(
    fresh_url: str, knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    plan = stix_workload.plan(3000)
    with Toolbox(Settings(fresh_url), knowledge=knowledge) as toolbox:
        for seed in (1, 2):
            path = write_workload(tmp_path / f"bundle-{seed}.json", 3000, seed)
            report = toolbox.stix.import_bundle(path, by=SYSTEM_USER)
            assert (report.rejected, report.errors) == (0, ())
            assert len(report.incidents_created) == plan.incidents
            if seed == 1:
                # Markings, and the attributions and victims marked within their incident's
                # level, fold into our model. (The second bundle meets actors already stored,
                # whose own markings then decide.)
                foldable = _foldable_links(path)
                assert plan.incidents < foldable < 2 * plan.incidents
                assert report.merged == len(TLP2_MARKING_IDS) + foldable
                # Made-up names: no generated actor is taken for one of the reference catalogue.
                assert len(report.actors_created) == plan.threat_actors + plan.intrusion_sets
        resolver = toolbox.resolver(Tlp.RED)
        for obj in objects_of(tmp_path / "bundle-1.json"):
            if obj["type"] == "location":
                assert resolver.country_code(obj["name"]) == obj["country"], obj["name"]


def test_every_size_has_room_for_the_links_each_object_needs() -> None:
    # plan() checks that the relationship budget covers the structural links and one of each
    # filler kind; the tightest sizes are the small ones.
    for count in range(stix_workload.MINIMUM_OBJECTS, 20_000):
        planned = stix_workload.plan(count)
        assert planned.total == count
