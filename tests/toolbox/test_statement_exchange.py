"""Statements leave as STIX 2.1 reports and MISP event reports (docs/statements.md, "Exchange"):
each refers to the incidents and actors it names that may leave with it; classified ones and
those above the export's TLP never leave; our own reports and statement events come back
skipped, counted, never as incidents (both backends)."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pymisp import MISPEvent
from stix2validator import ValidationOptions, validate_string

from cdtoolbox.errors import Forbidden, InvalidInput, NotFound
from cdtoolbox.formats.stix import stix_id
from cdtoolbox.formats.stix.vocabulary import TLP2_MARKING_IDS
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.exchange import StixImportReport
from cdtoolbox.model.ports import FixedClock
from cdtoolbox.model.statement import Statement, StatementFile
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.toolbox import Settings, Toolbox
from toolbox_support import CHEAP_PASSWORDS

LABELLED = Path(__file__).parent.parent / "data" / "statements" / "train"
ANALYST = User(
    "ana", "Ana Analyst", Role.ANALYST, Tlp.RED, classification_clearance=Classification.SECRET_UE
)
GREEN_READER = User("gil", "Gil Green", Role.VIEWER, Tlp.GREEN)
VIASAT_URL = "https://www.consilium.europa.eu/en/press/press-releases/2022/05/10/"
# Warnings stix2-validator gives on the project's bundles, accepted as in
# tests/formats/stix/test_stix_export.py: 202 (incident relationships), 302 (no page hashes).
ACCEPTED_WARNINGS = {"202", "302"}


@pytest.fixture
def box(fresh_url: str, knowledge: KnowledgeBase) -> Iterator[Toolbox]:
    clock = FixedClock(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    with Toolbox(
        Settings(fresh_url), knowledge=knowledge, clock=clock, passwords=CHEAP_PASSWORDS
    ) as toolbox:
        yield toolbox


def add(box: Toolbox, name: str, **options: Any) -> Statement:
    (added,) = box.statements.add([LABELLED / f"{name}.txt"], by=ANALYST, **options)
    return added.statement


def stix(box: Toolbox, ids: list[str], max_tlp: Tlp = Tlp.CLEAR) -> dict[str, Any]:
    out = io.BytesIO()
    box.stix.export_statements(out, ids, by=ANALYST, max_tlp=max_tlp)
    return validated(out.getvalue())


def validated(data: bytes) -> dict[str, Any]:
    result = validate_string(data.decode(), ValidationOptions(version="2.1"))
    assert result.errors == [] and result.is_valid
    codes = Counter(str(warning).split("{")[1][:3] for warning in result.warnings)
    assert set(codes) <= ACCEPTED_WARNINGS, [str(w) for w in result.warnings]
    return dict(json.loads(data))


def of_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [obj for obj in bundle["objects"] if obj["type"] == kind]


def test_a_statement_is_a_report_on_the_incidents_it_names(box: Toolbox) -> None:
    statement = add(box, "viasat-2022-en", url=VIASAT_URL)
    bundle = stix(box, [statement.id])
    (report,) = of_type(bundle, "report")
    viasat = box.incidents.get("viasat-ka-sat-2022", by=ANALYST)
    namespace = box.settings.stix_namespace
    assert report["id"] == stix_id(namespace, "report", f"statement:{statement.sha256}")
    assert report["object_refs"] == [stix_id(namespace, "incident", viasat.id)]
    # The incident it refers to travels with it.
    assert [obj["id"] for obj in of_type(bundle, "incident")] == report["object_refs"]
    assert report["name"] == statement.text.strip().splitlines()[0]
    assert report["description"] == statement.text.strip()
    assert report["published"] == "2022-05-10T00:00:00.000Z"
    assert report["report_types"] == ["threat-report"] and report["lang"] == "en"
    assert report["object_marking_refs"] == [TLP2_MARKING_IDS[Tlp.CLEAR]]
    references = {ref["source_name"]: ref for ref in report["external_references"]}
    assert references["publisher"]["url"] == VIASAT_URL
    assert references["cdtoolbox-statement"]["external_id"] == statement.sha256


def test_the_actors_a_statement_names_are_its_intrusion_sets(box: Toolbox) -> None:
    statement = add(box, "apt28-2024-en")
    bundle = stix(box, [statement.id])
    (report,) = of_type(bundle, "report")
    (intrusion_set,) = of_type(bundle, "intrusion-set")
    assert intrusion_set["name"] == "APT28"
    assert report["object_refs"] == [intrusion_set["id"]]


def test_a_statement_naming_nothing_refers_to_its_issuer(box: Toolbox) -> None:
    statement = add(box, "rules-based-order-2019-en")
    bundle = stix(box, [statement.id])
    (report,) = of_type(bundle, "report")
    issuers = [obj for obj in of_type(bundle, "identity") if obj["id"] in report["object_refs"]]
    assert len(report["object_refs"]) == 1
    assert [issuer["name"] for issuer in issuers] == ["High Representative on behalf of the EU"]


def test_a_report_refers_to_nothing_marked_above_it(box: Toolbox) -> None:
    viasat = box.incidents.get("viasat-ka-sat-2022", by=ANALYST)
    box.incidents.edit(viasat.id, {"tlp": "amber"}, by=ANALYST)
    statement = add(box, "viasat-2022-en")
    # At the statement's own level (CLEAR) the AMBER incident is not exported with it.
    bundle = stix(box, [statement.id])
    assert of_type(bundle, "incident") == []
    (report,) = of_type(bundle, "report")
    assert all(not ref.startswith("incident--") for ref in report["object_refs"])
    # Exported at AMBER, the incident travels, but the CLEAR report still does not name it:
    # a reader allowed the report alone must be able to follow every reference in it.
    bundle = stix(box, [statement.id], max_tlp=Tlp.AMBER)
    assert len(of_type(bundle, "incident")) == 1
    (report,) = of_type(bundle, "report")
    assert all(not ref.startswith("incident--") for ref in report["object_refs"])


def test_classified_statements_and_those_above_the_ceiling_never_leave(box: Toolbox) -> None:
    red = add(box, "apt28-2024-en", tlp="red")
    secret = add(box, "china-2021-en", classification="RESTREINT UE/EU RESTRICTED")
    with pytest.raises(InvalidInput, match="above the export's TLP ceiling"):
        stix(box, [red.id], max_tlp=Tlp.AMBER)
    with pytest.raises(InvalidInput, match="never leaves"):
        stix(box, [secret.id], max_tlp=Tlp.RED)
    with pytest.raises(InvalidInput, match="never leaves"):
        box.misp.export_statements(io.BytesIO(), [secret.id], by=ANALYST, max_tlp=Tlp.RED)
    # A statement above the reader's clearance is not theirs to learn of.
    with pytest.raises(NotFound):
        box.stix.export_statements(io.BytesIO(), [red.id], by=GREEN_READER, max_tlp=Tlp.GREEN)
    with pytest.raises(Forbidden):
        box.stix.export_statements(io.BytesIO(), [red.id], by=GREEN_READER, max_tlp=Tlp.RED)
    # The whole-store export leaves both out, at every ceiling.
    for ceiling in (Tlp.CLEAR, Tlp.RED):
        out = io.BytesIO()
        report = box.stix.export_bundle(out, by=ANALYST, max_tlp=ceiling)
        bundle = validated(out.getvalue())
        shas = {
            ref["external_id"]
            for obj in of_type(bundle, "report")
            for ref in obj["external_references"]
            if ref["source_name"] == "cdtoolbox-statement"
        }
        assert secret.sha256 not in shas
        assert (red.sha256 in shas) is (ceiling is Tlp.RED)
        assert report.statements == len(shas)
        out = io.BytesIO()
        box.misp.export_events(out, by=ANALYST, max_tlp=ceiling)
        reports = _misp_report_contents(out.getvalue())
        assert not any(secret.sha256 in content for content in reports)
        assert any(red.sha256 in content for content in reports) is (ceiling is Tlp.RED)


def _misp_report_contents(data: bytes) -> list[str]:
    contents = []
    for document in json.loads(data)["response"]:
        event = MISPEvent()
        event.from_dict(**document)
        contents.extend(report.content for report in event.event_reports)
    return contents


def test_the_stix_export_carries_the_statements_naming_its_incidents(box: Toolbox) -> None:
    viasat = add(box, "viasat-2022-en")
    add(box, "apt28-2024-en")  # names no incident: only in the unfiltered export
    # With the texts init bundles: the Viasat declaration's own bundled excerpt names it too.
    naming = {s.id for s in box.statements.list(incident="viasat-ka-sat-2022", by=ANALYST).items}
    assert viasat.id in naming
    query = box.incidents.filter_from({"text": "Viasat"}, by=ANALYST)
    out = io.BytesIO()
    report = box.stix.export_bundle(out, query, by=ANALYST)
    bundle = validated(out.getvalue())
    assert report.statements == len(naming)
    carried = {
        r["extensions"][next(iter(r["extensions"]))]["statement"] for r in of_type(bundle, "report")
    }
    assert carried == naming
    out = io.BytesIO()
    every = box.statements.list(limit=1000, by=ANALYST).items
    assert box.stix.export_bundle(out, by=ANALYST).statements == len(every)
    validated(out.getvalue())


def test_our_reports_come_back_skipped_and_counted(box: Toolbox, tmp_path: Path) -> None:
    def round_trip(name: str) -> StixImportReport:
        path = tmp_path / name
        with path.open("wb") as out:
            box.stix.export_bundle(out, by=ANALYST)
        return box.stix.import_bundle(path, by=ANALYST)

    bundled = round_trip("bundled.json").skipped  # the texts init bundles, as reports
    add(box, "viasat-2022-en")
    add(box, "rules-based-order-2019-en")
    incidents = box.incidents.list(limit=1000, by=ANALYST).items
    report = round_trip("bundle.json")
    # Two more reports. The one naming nothing refers to its issuer's identity, which the
    # bundled declarations of the same issuer brought already (one id per issuer).
    reports = len(box.statements.list(limit=1000, by=ANALYST).items)
    assert bundled > reports - 2  # the bundled reports and their issuers' identities
    assert report.skipped == bundled + 2
    assert report.created == 0 and report.rejected == 0
    assert box.incidents.list(limit=1000, by=ANALYST).items == incidents


def test_a_statement_is_an_event_report_in_its_incidents_event(box: Toolbox) -> None:
    statement = add(box, "conclusions-2018-04-en", url="https://www.consilium.europa.eu/x")
    out = io.BytesIO()
    exported = box.misp.export_statements(out, [statement.id], by=ANALYST)
    documents = json.loads(out.getvalue())["response"]
    events = []
    for document in documents:
        event = MISPEvent()
        event.from_dict(**document)
        events.append(event)
    named = {box.incidents.get(slug, by=ANALYST).id for slug in ("wannacry-2017", "notpetya-2017")}
    assert {event.uuid for event in events} == named
    assert exported.statements == 2 and exported.events == 2
    for event in events:
        (report,) = [r for r in event.event_reports if r.name == statement.text.splitlines()[0]]
        assert int(report.distribution) == 3  # TLP:CLEAR: all communities
        assert statement.sha256 in report.content
        assert "Council conclusions on malicious cyber activities" in report.content
        assert "<https://www.consilium.europa.eu/x>" in report.content


def test_a_statement_naming_no_incident_is_an_event_of_its_own(
    box: Toolbox, tmp_path: Path
) -> None:
    statement = add(box, "apt28-2024-en", tlp="amber")
    path = tmp_path / "events.json"
    with path.open("wb") as out:
        box.misp.export_statements(out, [statement.id], by=ANALYST, max_tlp=Tlp.AMBER)
    (document,) = json.loads(path.read_bytes())["response"]
    event = MISPEvent()
    event.from_dict(**document)
    assert event.info == statement.text.strip().splitlines()[0]
    assert event.date == statement.date
    assert int(event.distribution) == 1  # TLP:AMBER: this community only
    assert {tag.name for tag in event.tags} >= {"tlp:amber"}
    (report,) = event.event_reports
    assert int(report.distribution) == 1
    # Importing it back stores no incident: the event is counted as skipped.
    before = box.incidents.list(limit=1000, by=ANALYST).items
    imported = box.misp.import_path(path, by=ANALYST)
    assert (imported.events, imported.skipped, imported.created) == (1, 1, ())
    assert box.incidents.list(limit=1000, by=ANALYST).items == before


def test_statement_files_from_bytes_export_the_same(box: Toolbox) -> None:
    text = (LABELLED / "viasat-2022-en.txt").read_bytes()
    (added,) = box.statements.add([StatementFile("viasat.txt", text)], by=ANALYST)
    first = stix(box, [added.statement.id])
    assert stix(box, [added.statement.id]) == first  # byte-stable ids and times


def test_the_taxii_repository_serves_each_report_to_the_readers_it_is_for(box: Toolbox) -> None:
    clear = add(box, "viasat-2022-en")
    amber = add(box, "apt28-2024-en", tlp="amber")
    secret = add(box, "china-2021-en", classification="SECRET UE/EU SECRET")
    box.taxii.publish(by=SYSTEM_USER)
    namespace = box.settings.stix_namespace

    def served(reader: User) -> set[str]:
        page = box.taxii.objects("repository", {"match[type]": ["report"]}, by=reader)
        return {item.id for item in page.objects}

    def report(statement: Statement) -> str:
        return stix_id(namespace, "report", f"statement:{statement.sha256}")

    # The texts init bundles are TLP:CLEAR: served to every reader.
    bundled = {report(s) for s in box.statements.list(limit=1000, by=SYSTEM_USER).items} - {
        report(clear),
        report(amber),
        report(secret),
    }
    assert served(GREEN_READER) == {report(clear)} | bundled
    assert served(ANALYST) == {report(clear), report(amber)} | bundled
    assert report(secret) not in served(ANALYST)
