"""`Toolbox.sitreps` on SQLite and PostgreSQL: versions kept, approval by someone else with
the approver's right, export of approved versions only at their TLP, never classified, and
what a reader cleared for less does not see."""

from __future__ import annotations

import json

import pytest

from cdtoolbox.errors import Conflict, Forbidden, InvalidInput, NotFound
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.sitrep import SitrepStatus
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.report.formats import ReportFormat
from cdtoolbox.store.table_dump import dump
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.sitreps import SitrepText

TEXT = SitrepText(
    summary="Ransomware halted admissions in three hospitals.",
    assessment="Criminal group; no state link established.",
    actions="CSIRTs Network exchanged indicators.",
    next_steps="Review at the next EU-CyCLONe meeting.",
)


def _user(
    toolbox: Toolbox,
    name: str,
    role: Role = Role.ANALYST,
    clearance: Tlp = Tlp.AMBER,
    classification: Classification | None = None,
) -> User:
    return toolbox.users.add(
        by=SYSTEM_USER,
        username=name,
        display_name=name,
        role=role,
        clearance=clearance,
        classification_clearance=classification,
    )


def _incident(toolbox: Toolbox, title: str = "Hospital ransomware", **extra: object) -> str:
    document = {
        "title": title,
        "start": "2026-11",
        "types": ["ransomware"],
        "summary": "Ransomware disrupted hospitals.",
        "victims": {"countries": ["FR", "DE"], "sectors": ["health"]},
        "sources": [{"title": "CERT advisory", "url": "https://example.org/advisory"}],
        "tlp": "green",
        **extra,
    }
    (created,) = toolbox.incidents.add([document], source="tests", by=SYSTEM_USER).created
    return created.id


def test_a_revision_is_a_new_version_and_the_previous_ones_are_kept(toolbox: Toolbox) -> None:
    analyst = _user(toolbox, "ana")
    incident = _incident(toolbox)
    first = toolbox.sitreps.draft(incident, TEXT, by=analyst)
    assert (first.version, first.status, first.tlp) == (1, SitrepStatus.DRAFT, Tlp.GREEN)
    second = toolbox.sitreps.revise(
        first.id, SitrepText(next_steps="Convene EU-CyCLONe."), by=analyst, expected_version=1
    )
    assert second.version == 2
    assert second.summary == TEXT.summary  # carried over
    assert second.next_steps == "Convene EU-CyCLONe."
    versions = toolbox.sitreps.versions(first.id, by=analyst)
    assert [(v.version, v.next_steps) for v in versions] == [
        (1, TEXT.next_steps),
        (2, "Convene EU-CyCLONe."),
    ]
    assert toolbox.sitreps.list(incident, by=analyst) == (second,)
    with pytest.raises(Conflict):
        toolbox.sitreps.revise(first.id, TEXT, by=analyst, expected_version=1)
    actions = [e.action for e in toolbox.audit.entries(by=SYSTEM_USER) if e.entity == "sitrep"]
    assert sorted(actions) == ["sitrep.draft", "sitrep.revise"]


def test_approval_needs_the_approver_right_and_another_person(toolbox: Toolbox) -> None:
    analyst = _user(toolbox, "ana")
    approver = _user(toolbox, "apo", Role.APPROVER)
    admin = _user(toolbox, "adm", Role.ADMIN)
    incident = _incident(toolbox)
    draft = toolbox.sitreps.draft(incident, TEXT, by=admin)
    with pytest.raises(Forbidden, match="approve situation reports"):
        toolbox.sitreps.approve(draft.id, by=analyst, version=1)
    with pytest.raises(Forbidden, match="another person must approve"):
        toolbox.sitreps.approve(draft.id, by=admin, version=1)
    with pytest.raises(Forbidden):
        toolbox.sitreps.draft(incident, TEXT, by=approver)  # approvers do not write them
    approved = toolbox.sitreps.approve(draft.id, by=approver, version=1)
    assert (approved.status, approved.approved_by) == (SitrepStatus.APPROVED, "apo")
    with pytest.raises(InvalidInput, match="already approved"):
        toolbox.sitreps.approve(draft.id, by=admin, version=1)
    revised = toolbox.sitreps.revise(draft.id, TEXT, by=analyst, expected_version=1)
    with pytest.raises(Conflict):
        toolbox.sitreps.approve(draft.id, by=approver, version=1)
    assert toolbox.sitreps.approve(draft.id, by=approver, version=2).approved_by == "apo"
    # The approved version 1 is still there, unchanged.
    assert toolbox.sitreps.versions(draft.id, by=approver)[0] == approved
    assert revised.status is SitrepStatus.DRAFT


def test_refused_input_names_the_field_and_writes_nothing(toolbox: Toolbox) -> None:
    analyst = _user(toolbox, "ana")
    incident = _incident(toolbox)
    before = dump(toolbox.database)
    cases: list[tuple[str, dict[str, object]]] = [
        (
            "assessment",
            {"text": SitrepText(summary="s", assessment=" ", actions="a", next_steps="n")},
        ),
        ("incident", {"incident": "no-such-incident"}),
        ("tlp", {"tlp": "red"}),
        ("tlp", {"tlp": "purple"}),
        ("classification", {"classification": "secret-ue"}),
    ]
    for field, change in cases:
        arguments: dict[str, object] = {"incident": incident, "text": TEXT} | change
        with pytest.raises(InvalidInput) as refused:
            toolbox.sitreps.draft(by=analyst, **arguments)  # type: ignore[arg-type]
        assert refused.value.field == field
    assert dump(toolbox.database) == before


def test_only_an_approved_unclassified_version_is_exported_with_its_banner(
    toolbox: Toolbox,
) -> None:
    analyst = _user(toolbox, "ana", clearance=Tlp.RED, classification=Classification.SECRET_UE)
    approver = _user(
        toolbox, "apo", Role.APPROVER, Tlp.RED, classification=Classification.SECRET_UE
    )
    incident = _incident(toolbox)
    draft = toolbox.sitreps.draft(incident, TEXT, by=analyst, tlp="amber")
    with pytest.raises(InvalidInput, match="no version is approved"):
        toolbox.sitreps.export(draft.id, ReportFormat.MARKDOWN, by=analyst)
    toolbox.sitreps.approve(draft.id, by=approver, version=1)
    toolbox.sitreps.revise(
        draft.id, SitrepText(summary="Later news."), by=analyst, expected_version=1
    )
    with pytest.raises(InvalidInput, match="is a draft"):
        toolbox.sitreps.export(draft.id, ReportFormat.MARKDOWN, by=analyst, version=2)
    markdown = toolbox.sitreps.export(draft.id, ReportFormat.MARKDOWN, by=analyst).decode()
    assert markdown.startswith("**TLP:AMBER**")
    assert "version 1" in markdown and TEXT.summary in markdown and "Later news." not in markdown
    html = toolbox.sitreps.export(draft.id, ReportFormat.HTML, by=analyst).decode()
    assert '<p class="brief-banner">TLP:AMBER</p>' in html and "Actions taken" in html
    document = json.loads(toolbox.sitreps.export(draft.id, ReportFormat.JSON, by=analyst))
    assert (document["schema"], document["version"], document["tlp"]) == (
        "cdtoolbox/sitrep/1",
        1,
        "amber",
    )
    classified = toolbox.sitreps.draft(incident, TEXT, by=analyst, classification="restreint-ue")
    toolbox.sitreps.approve(classified.id, by=approver, version=1)
    with pytest.raises(Forbidden, match="classified"):
        toolbox.sitreps.export(classified.id, ReportFormat.MARKDOWN, by=analyst)


def test_a_reader_cleared_for_less_sees_neither_the_version_nor_the_incident(
    toolbox: Toolbox,
) -> None:
    writer = _user(toolbox, "red", clearance=Tlp.RED)
    reader = _user(toolbox, "amber", Role.VIEWER)
    incident = _incident(toolbox)
    sitrep = toolbox.sitreps.draft(incident, TEXT, by=writer, tlp="green")
    toolbox.sitreps.revise(sitrep.id, TEXT, by=writer, expected_version=1, tlp="red")
    assert [v.version for v in toolbox.sitreps.versions(sitrep.id, by=reader)] == [1]
    assert [s.version for s in toolbox.sitreps.list(incident, by=reader)] == [1]
    hidden = toolbox.sitreps.draft(incident, TEXT, by=writer, tlp="red")
    with pytest.raises(NotFound):
        toolbox.sitreps.versions(hidden.id, by=reader)
    secret = _incident(toolbox, "Secret incident", tlp="red")
    with pytest.raises(NotFound):
        toolbox.sitreps.list(secret, by=reader)
