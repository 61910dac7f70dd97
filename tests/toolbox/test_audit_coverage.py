"""Every write to incidents leaves an audit entry, and each entry is shown only to readers
cleared for the record it concerns (issue 11, findings 1 and 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdtoolbox.model import Incident
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.audit import AuditEntry
from cdtoolbox.model.case import ResponseCase
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox
from stix_support import TLP_RED, bundle, sdo
from tests_support import add_user


def _document(title: str, tlp: str) -> dict[str, object]:
    return {"title": title, "start": "2026-10-01", "types": ["espionage"], "tlp": tlp}


def _green_analyst(toolbox: Toolbox) -> User:
    return add_user(toolbox, "gina", Role.ANALYST, clearance=Tlp.GREEN)


def _actions(entries: list[AuditEntry]) -> list[str]:
    return [entry.action for entry in entries]


def test_each_incident_write_and_import_leaves_one_entry(toolbox: Toolbox, tmp_path: Path) -> None:
    added = toolbox.incidents.add(
        [_document("Open reporting", "clear"), _document("Closed reporting", "red")],
        source="analyst input",
        by=SYSTEM_USER,
    ).created
    [creation] = toolbox.audit.entries(by=SYSTEM_USER, entity="import")
    assert creation.action == "incident.add" and creation.key == "analyst input"
    assert creation.after is not None
    assert creation.after["created"] == 2
    assert creation.after["incident_ids"] == [incident.id for incident in added]
    assert creation.after["tlp"] == "red"  # the most restricted of the batch

    file = tmp_path / "incidents.json"
    file.write_text(json.dumps([_document("From a file", "green")]), encoding="utf-8")
    toolbox.incidents.import_file(file, by=SYSTEM_USER)
    imported = toolbox.audit.entries(by=SYSTEM_USER, entity="import")[-1]
    assert (imported.action, imported.key) == ("incident.import", "incidents.json")

    # A declassification is an edit like any other: its entry shows the marking before/after.
    secret = added[1]
    toolbox.incidents.edit(secret.id, {"tlp": "clear", "summary": "Now public."}, by=SYSTEM_USER)
    [edit] = toolbox.audit.entries(by=SYSTEM_USER, entity="incident", key=secret.id)
    assert edit.action == "incident.edit"
    assert edit.before == {"summary": None, "tlp": "red"}
    assert edit.after == {"summary": "Now public.", "tlp": "clear"}

    stix = tmp_path / "partner.json"
    incident = sdo("incident", "partner", name="Partner report", object_marking_refs=[TLP_RED])
    stix.write_bytes(bundle(incident))
    report = toolbox.stix.import_bundle(stix, by=SYSTEM_USER)
    received = toolbox.audit.entries(by=SYSTEM_USER, entity="import")[-1]
    assert (received.action, received.key) == ("stix.import", "partner.json")
    assert received.after is not None
    assert received.after["incident_ids"] == list(report.incidents_created)
    assert received.after["objects"] == report.objects and received.after["tlp"] == "red"
    # Importing the same bundle again changes nothing, and so records nothing.
    count = len(toolbox.audit.entries(by=SYSTEM_USER))
    toolbox.stix.import_bundle(stix, by=SYSTEM_USER)
    assert len(toolbox.audit.entries(by=SYSTEM_USER)) == count
    assert toolbox.audit.verify(by=SYSTEM_USER).intact


MarkedTrail = tuple[User, Incident, ResponseCase]


@pytest.fixture
def marked_trail(toolbox: Toolbox) -> MarkedTrail:
    """A trail of four entries: a TLP:GREEN analyst's account, a TLP:RED incident, a GREEN one
    and a case on the RED one; the analyst, the RED incident and the case."""
    reader = _green_analyst(toolbox)
    secret = toolbox.incidents.add(
        [_document("Closed reporting", "red")], source="closed", by=SYSTEM_USER
    ).created[0]
    toolbox.incidents.add([_document("Open reporting", "green")], source="open", by=SYSTEM_USER)
    return reader, secret, toolbox.cases.open([secret.id], by=SYSTEM_USER)


def test_entries_are_shown_only_to_readers_cleared_for_their_record(
    toolbox: Toolbox, marked_trail: MarkedTrail
) -> None:
    reader, secret, case = marked_trail

    seen = toolbox.audit.entries(by=reader)
    assert _actions(seen) == ["user.add", "incident.add"]
    assert [entry.key for entry in seen] == ["gina", "open"]
    # Naming the hidden case finds what naming no case finds: nothing.
    assert toolbox.audit.entries(by=reader, entity="case", key=case.id) == []
    assert toolbox.audit.entries(by=reader, entity="case", key="no-such-case") == []
    assert _actions(toolbox.audit.entries(by=SYSTEM_USER, entity="case")) == ["case.open"]
    # A page is filled with visible entries, past the hidden ones.
    assert [e.key for e in toolbox.audit.entries(by=reader, after_seq=1, limit=1)] == ["open"]

    toolbox.incidents.edit(secret.id, {"tlp": "clear"}, by=SYSTEM_USER)
    # The case now concerns a TLP:CLEAR incident; the entries that show the incident while
    # it was TLP:RED (its creation, its declassification) stay hidden.
    assert _actions(toolbox.audit.entries(by=reader)) == ["user.add", "incident.add", "case.open"]
    assert toolbox.audit.entries(by=reader, entity="incident", key=secret.id) == []
    assert len(toolbox.audit.entries(by=SYSTEM_USER)) == 5


def test_the_trail_reads_newest_first_a_page_before_another(
    toolbox: Toolbox, marked_trail: MarkedTrail
) -> None:
    reader, _, _ = marked_trail

    everything = toolbox.audit.entries(by=SYSTEM_USER, newest_first=True)
    assert _actions(everything) == ["case.open", "incident.add", "incident.add", "user.add"]
    # Pages newest first skip what the reader may not see, and the next page starts before
    # the last entry shown.
    [first] = toolbox.audit.entries(by=reader, newest_first=True, limit=1)
    assert first.key == "open"
    rest = toolbox.audit.entries(by=reader, newest_first=True, before_seq=first.seq)
    assert [entry.key for entry in rest] == ["gina"]
