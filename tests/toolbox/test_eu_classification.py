"""EU classification beside TLP: both markings must allow a read, in the library, on every path;
nobody writes above their own classification clearance; nothing classified leaves through a
partner exchange or a report; TRÈS SECRET UE is refused."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from cdtoolbox.errors import Forbidden, ImportRejected, InvalidInput, NotFound
from cdtoolbox.model import IncidentFilter, Tlp
from cdtoolbox.model.access import SYSTEM_USER, Role, User
from cdtoolbox.model.vocabulary import Classification
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.users import Keep


def account(toolbox: Toolbox, username: str, clearance: Tlp, level: Classification | None) -> User:
    return toolbox.users.add(
        by=SYSTEM_USER,
        username=username,
        display_name=username,
        role=Role.ANALYST,
        clearance=clearance,
        classification_clearance=level,
    )


def classified(toolbox: Toolbox, level: str = "restreint-ue", tlp: str = "clear") -> str:
    created = toolbox.incidents.add(
        [
            {
                "title": "Intrusion into a ministry's restricted network",
                "start": "2026-04-01",
                "types": ["espionage"],
                "tlp": tlp,
                "classification": level,
            }
        ],
        source="test",
        by=SYSTEM_USER,
    ).created[0]
    return created.slug


def test_tlp_red_does_not_stand_in_for_a_classification_clearance(toolbox: Toolbox) -> None:
    slug = classified(toolbox)
    red = account(toolbox, "red-only", Tlp.RED, None)
    cleared = account(toolbox, "restricted", Tlp.GREEN, Classification.RESTREINT_UE)
    with pytest.raises(NotFound):
        toolbox.incidents.get(slug, by=red)
    listed = {i.slug for i in toolbox.incidents.list(IncidentFilter(), by=red, limit=1000).items}
    assert slug not in listed
    assert toolbox.incidents.get(slug, by=cleared).classification is Classification.RESTREINT_UE
    wider = toolbox.incidents.list(IncidentFilter(), by=cleared, limit=1000).items
    assert slug in {i.slug for i in wider}
    both = account(toolbox, "red-restricted", Tlp.RED, Classification.RESTREINT_UE)
    counted = toolbox.statistics.summary(IncidentFilter(), by=both).total
    assert counted == toolbox.statistics.summary(IncidentFilter(), by=red).total + 1


def test_a_higher_level_hides_from_a_lower_clearance(toolbox: Toolbox) -> None:
    slug = classified(toolbox, "secret-ue")
    confidential = account(toolbox, "confidential", Tlp.RED, Classification.CONFIDENTIEL_UE)
    with pytest.raises(NotFound):
        toolbox.incidents.get(slug, by=confidential)
    assert toolbox.incidents.get(slug, by=SYSTEM_USER).classification is Classification.SECRET_UE


def test_nobody_records_above_their_own_classification_clearance(toolbox: Toolbox) -> None:
    restricted = account(toolbox, "writer", Tlp.RED, Classification.RESTREINT_UE)
    document = {"title": "T", "start": "2026", "types": ["ddos"], "classification": "secret-ue"}
    with pytest.raises(ImportRejected) as refused:
        toolbox.incidents.add([document], source="test", by=restricted)
    error = refused.value.errors[0]
    assert (error.field, error.value) == ("classification", "secret-ue")
    assert "above your classification clearance" in error.reason


@pytest.mark.parametrize(
    "spelling",
    ["tres-secret-ue", "TRÈS SECRET UE/EU TOP SECRET", "euci:TS-UE/EU-TS", "EU TOP SECRET"],
)
def test_tres_secret_ue_is_refused_with_the_reason(toolbox: Toolbox, spelling: str) -> None:
    document = {"title": "T", "start": "2026", "types": ["ddos"], "classification": spelling}
    with pytest.raises(ImportRejected) as refused:
        toolbox.incidents.add([document], source="test", by=SYSTEM_USER)
    assert "not accredited" in refused.value.errors[0].reason


@pytest.mark.parametrize(
    ("spelling", "level"),
    [
        ("restreint-ue", Classification.RESTREINT_UE),
        ("RESTREINT UE/EU RESTRICTED", Classification.RESTREINT_UE),
        ("euci:C-UE/EU-C", Classification.CONFIDENTIEL_UE),
        ("EU SECRET", Classification.SECRET_UE),
        ("unclassified", None),
    ],
)
def test_the_markings_are_read_in_every_spelling(
    toolbox: Toolbox, spelling: str, level: Classification | None
) -> None:
    document = {"title": "T", "start": "2026", "types": ["ddos"], "classification": spelling}
    created = toolbox.incidents.add([document], source="test", by=SYSTEM_USER).created[0]
    assert created.classification is level


def test_partner_exchanges_and_reports_carry_nothing_classified(
    toolbox: Toolbox, tmp_path: Path
) -> None:
    slug = classified(toolbox)
    bundle = io.BytesIO()
    toolbox.stix.export_bundle(bundle, by=SYSTEM_USER, max_tlp=Tlp.RED)
    assert "restricted network" not in bundle.getvalue().decode()
    events = io.BytesIO()
    toolbox.misp.export_events(events, by=SYSTEM_USER, max_tlp=Tlp.RED)
    assert "restricted network" not in events.getvalue().decode()
    with pytest.raises(Forbidden) as refused:
        toolbox.reports.document_brief(slug, by=SYSTEM_USER)
    assert "RESTREINT UE/EU RESTRICTED" in refused.value.reason
    # On the incident page, inside the system, a cleared reader reads the brief.
    assert toolbox.reports.brief(slug, by=SYSTEM_USER).slug == slug
    annual = toolbox.reports.annual("2026", by=SYSTEM_USER)
    unclassified = toolbox.reports.annual(
        "2026", by=SYSTEM_USER.evolve(classification_clearance=None)
    )
    assert annual == unclassified


def test_the_incident_file_keeps_the_classification_for_a_cleared_reader(
    toolbox: Toolbox,
) -> None:
    slug = classified(toolbox, "confidentiel-ue")
    exported = json.loads("".join(toolbox.incidents.export_json(by=SYSTEM_USER)))
    found = [item for item in exported["incidents"] if item["slug"] == slug]
    assert found[0]["classification"] == "confidentiel-ue"
    red = account(toolbox, "red-reader", Tlp.RED, None)
    exported = json.loads("".join(toolbox.incidents.export_json(by=red)))
    assert slug not in {item["slug"] for item in exported["incidents"]}


def test_a_clearance_is_given_and_withdrawn(toolbox: Toolbox) -> None:
    slug = classified(toolbox)
    user = account(toolbox, "later", Tlp.AMBER, None)
    toolbox.users.update("later", by=SYSTEM_USER, classification_clearance=Classification.SECRET_UE)
    assert toolbox.incidents.get(slug, by=toolbox.users.get("later")).slug == slug
    toolbox.users.update("later", by=SYSTEM_USER, role=Role.VIEWER)  # leaves it as it is
    assert toolbox.users.get("later").classification_clearance is Classification.SECRET_UE
    toolbox.users.update("later", by=SYSTEM_USER, classification_clearance=None)
    with pytest.raises(NotFound):
        toolbox.incidents.get(slug, by=toolbox.users.get("later"))
    assert user.classification_clearance is None
    kept = toolbox.users.update("later", by=SYSTEM_USER, classification_clearance=Keep.KEEP)
    assert kept.classification_clearance is None


def test_the_audit_trail_hides_the_entry_of_a_classified_import(toolbox: Toolbox) -> None:
    classified(toolbox)
    red = account(toolbox, "red-auditor", Tlp.RED, None)
    cleared = account(toolbox, "cleared-auditor", Tlp.RED, Classification.SECRET_UE)
    seen_by_red = {entry.seq for entry in toolbox.audit.entries(by=red)}
    seen_by_cleared = {entry.seq for entry in toolbox.audit.entries(by=cleared)}
    assert seen_by_red < seen_by_cleared
    hidden = [e for e in toolbox.audit.entries(by=cleared) if e.seq not in seen_by_red]
    assert [entry.action for entry in hidden] == ["incident.add"]
    assert hidden[0].after is not None and hidden[0].after["classification"] == "restreint-ue"


def test_cooperation_records_carry_the_classification_too(toolbox: Toolbox) -> None:
    measure = toolbox.knowledge.cbms.ids()[0]
    toolbox.cbms.record(
        "FR",
        measure,
        status="partial",
        by=SYSTEM_USER,
        evidence="National report",
        evidence_date="2026-01-10",
        classification="restreint-ue",
    )
    contact = toolbox.pocs.add(
        by=SYSTEM_USER,
        state="FR",
        network="osce",
        level="technical",
        organisation="Restricted desk",
        channel="e-mail",
        classification="RESTREINT UE/EU RESTRICTED",
    )
    red = account(toolbox, "red-coop", Tlp.RED, None)
    cleared = account(toolbox, "cleared-coop", Tlp.GREEN, Classification.RESTREINT_UE)
    assert toolbox.cbms.status("FR", by=red).records == ()
    assert [r.measure_id for r in toolbox.cbms.status("FR", by=cleared).records] == [measure]
    assert toolbox.cbms.history("FR", by=red) == ()
    assert "restreint-ue" in toolbox.cbms.export_csv(by=cleared)
    assert "restreint-ue" not in toolbox.cbms.export_csv(by=red)
    with pytest.raises(NotFound):
        toolbox.pocs.get(contact.id, by=red)
    assert toolbox.pocs.get(contact.id, by=cleared).classification is Classification.RESTREINT_UE
    assert contact.id not in {p.id for p in toolbox.pocs.list(by=red)}


def test_cooperation_writes_above_the_writers_classification_clearance_are_refused(
    toolbox: Toolbox,
) -> None:
    writer = account(toolbox, "coop-writer", Tlp.RED, Classification.RESTREINT_UE)
    with pytest.raises(InvalidInput) as refused:
        toolbox.cbms.record(
            "FR",
            toolbox.knowledge.cbms.ids()[0],
            status="planned",
            by=writer,
            classification="secret-ue",
        )
    assert (refused.value.field, refused.value.value) == ("classification", "secret-ue")
    with pytest.raises(InvalidInput) as refused:
        toolbox.pocs.add(
            by=writer,
            state="FR",
            network="osce",
            level="technical",
            organisation="Top desk",
            channel="e-mail",
            classification="tres-secret-ue",
        )
    assert "not accredited" in refused.value.reason
    assert toolbox.cbms.status("FR", by=SYSTEM_USER).records == ()


def test_un_and_dialogue_records_carry_the_classification_too(toolbox: Toolbox) -> None:
    paper = toolbox.un_process.add_document(
        "oewg-2021-2025-8",
        kind="apr-draft",
        title="Zero draft",
        dated="2024-06-01",
        classification="restreint-ue",
        by=SYSTEM_USER,
    )
    toolbox.un_process.add_paragraph(paper.id, "1", text="States should…", by=SYSTEM_USER)
    open_paper = toolbox.un_process.add_document(
        "oewg-2021-2025-8", kind="working-paper", title="Open", dated="2024-06-01", by=SYSTEM_USER
    )
    toolbox.un_process.add_paragraph(open_paper.id, "1", text="Open text.", by=SYSTEM_USER)
    position = toolbox.un_process.record_position(
        open_paper.id,
        "1",
        "EU",
        stance="oppose",
        classification="confidentiel-ue",
        by=SYSTEM_USER,
    )
    assert position.classification is Classification.CONFIDENTIEL_UE
    dialogue = toolbox.dialogues.add(
        by=SYSTEM_USER, partner="NO", kind="bilateral", title="EU-Norway cyber consultations"
    )
    toolbox.dialogues.add_round(
        dialogue.id,
        held_on="2026-03-03",
        outcomes=["Talking point"],
        classification="restreint-ue",
        by=SYSTEM_USER,
    )
    red = account(toolbox, "red-un", Tlp.RED, None)
    cleared = account(toolbox, "cleared-un", Tlp.RED, Classification.CONFIDENTIEL_UE)
    assert paper.id not in {d.id for d in toolbox.un_process.documents(by=red)}
    assert paper.id in {d.id for d in toolbox.un_process.documents(by=cleared)}
    with pytest.raises(NotFound):
        toolbox.un_process.positions(paper.id, by=red)
    shown = toolbox.un_process.positions(open_paper.id, by=red)
    assert [p for paragraph in shown.paragraphs for p in paragraph.positions] == []
    shown = toolbox.un_process.positions(open_paper.id, by=cleared)
    assert [p.party for paragraph in shown.paragraphs for p in paragraph.positions] == ["EU"]
    rounds_red = toolbox.dialogues.get(dialogue.id, by=red)
    rounds_cleared = toolbox.dialogues.get(dialogue.id, by=cleared)
    assert len(rounds_cleared.rounds) == len(rounds_red.rounds) + 1
    assert rounds_red.rounds_withheld == 1
    writer = account(toolbox, "un-writer", Tlp.RED, Classification.RESTREINT_UE)
    with pytest.raises(InvalidInput):
        toolbox.un_process.add_statement(
            "oewg-2021-2025-8",
            party="EU",
            dated="2024-07-09",
            title="Statement",
            classification="secret-ue",
            by=writer,
        )
