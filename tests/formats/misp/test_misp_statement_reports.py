"""A statement as a MISP event report (docs/misp-mapping.md, "Statements"): in the event of
an incident it names when the event is marked at least as it is, else in an event of its own;
its text kept as written in Markdown; its distribution from its TLP."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pymisp import MISPEvent

from cdtoolbox.formats.misp import (
    FEED_MANIFEST,
    MispEventContext,
    write_misp_events,
    write_misp_feed,
)
from cdtoolbox.formats.misp.statement_writer import statement_markdown
from cdtoolbox.formats.misp.vocabulary import DISTRIBUTION_BY_TLP
from cdtoolbox.formats.stix.report_writer import StatementRefs
from cdtoolbox.model import Incident, IncidentType, PartialDate, Tlp
from cdtoolbox.model.vocabulary import Classification
from statement_support import statement

NAMESPACE = uuid.UUID("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f")
CONTEXT = MispEventContext("CERT-EU", str(uuid.uuid5(NAMESPACE, "org")), NAMESPACE, {})
TEXT = "Declaration on *malicious* activities\n\nThe EU condemns <the> attack #1 [here]."


def incident(tlp: Tlp) -> Incident:
    moment = datetime(2026, 1, 2, tzinfo=UTC)
    return Incident(
        id=str(uuid.uuid5(NAMESPACE, tlp.value)),
        slug=f"attack-{tlp.value}",
        title=f"An attack ({tlp.value})",
        types=(IncidentType.ESPIONAGE,),
        start=PartialDate.parse("2025-03"),
        tlp=tlp,
        created_at=moment,
        updated_at=moment,
    )


def events(*refs: StatementRefs, incidents: list[Incident], max_tlp: Tlp) -> list[MISPEvent]:
    out = io.BytesIO()
    write_misp_events(out, incidents, CONTEXT, max_tlp=max_tlp, statements=refs)
    found = []
    for document in json.loads(out.getvalue())["response"]:
        event = MISPEvent()
        event.from_dict(**document)
        found.append(event)
    return found


def test_a_statement_rides_in_its_incidents_event_when_marked_no_higher() -> None:
    green = incident(Tlp.GREEN)
    clear = statement(TEXT)
    (event,) = events(StatementRefs(clear, (green.id,)), incidents=[green], max_tlp=Tlp.GREEN)
    assert event.uuid == green.id
    (report,) = event.event_reports
    assert report.name == "Declaration on *malicious* activities"
    assert int(report.distribution) == DISTRIBUTION_BY_TLP[Tlp.CLEAR] == 3
    assert report.content == statement_markdown(clear)


def test_a_statement_marked_above_its_incident_has_an_event_of_its_own() -> None:
    clear_incident = incident(Tlp.CLEAR)
    amber = statement(TEXT, tlp=Tlp.AMBER)
    found = events(
        StatementRefs(amber, (clear_incident.id,)), incidents=[clear_incident], max_tlp=Tlp.AMBER
    )
    by_uuid = {event.uuid: event for event in found}
    assert not by_uuid[clear_incident.id].event_reports
    (own,) = [event for uid, event in by_uuid.items() if uid != clear_incident.id]
    assert "tlp:amber" in {tag.name for tag in own.tags}
    assert int(own.distribution) == 1
    (report,) = own.event_reports
    assert int(report.distribution) == 1


@pytest.mark.parametrize(
    ("tlp", "classification"), [(Tlp.RED, None), (Tlp.CLEAR, Classification.SECRET_UE)]
)
def test_red_above_the_ceiling_and_classified_statements_never_leave(
    tlp: Tlp, classification: Classification | None
) -> None:
    hidden = statement(TEXT, tlp=tlp, classification=classification)
    out = io.BytesIO()
    report = write_misp_events(
        out, [], CONTEXT, max_tlp=Tlp.AMBER_STRICT, statements=[StatementRefs(hidden)]
    )
    assert (report.events, report.statements, report.withheld) == (0, 0, 1)
    assert hidden.sha256 not in out.getvalue().decode()


def test_the_text_is_kept_as_written_and_markup_is_escaped() -> None:
    content = statement_markdown(statement(TEXT, url="https://example.org/d"))
    assert r"The EU condemns \<the\> attack \#1 \[here\]." in content
    assert r"Declaration on \*malicious\* activities" in content
    assert "- Source: <https://example.org/d>" in content


def test_every_tlp_has_a_distribution() -> None:
    assert set(DISTRIBUTION_BY_TLP) == set(Tlp)
    ranks = [DISTRIBUTION_BY_TLP[level] for level in sorted(Tlp, key=lambda t: t.rank)]
    assert ranks == sorted(ranks, reverse=True)  # a stricter marking never shares wider


def test_a_feed_lists_a_statements_own_event(tmp_path: Path) -> None:
    own = statement(TEXT)
    report = write_misp_feed(
        tmp_path / "feed", [], CONTEXT, max_tlp=Tlp.CLEAR, statements=[StatementRefs(own)]
    )
    assert (report.events, report.statements) == (1, 1)
    manifest = json.loads((tmp_path / "feed" / FEED_MANIFEST).read_text("utf-8"))
    (event_uuid,) = manifest
    event = MISPEvent()
    event.load_file(str(tmp_path / "feed" / f"{event_uuid}.json"))
    assert event.event_reports[0].content == statement_markdown(own)
