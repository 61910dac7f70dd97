"""Marked canaries planted in every kind of record and every free-text field: none reaches a
reader it is not for, through the public release, any page, any API route or TAXII.

Each canary is a word that names its record's markings (``CANARY`` + TLP + classification).
A reader may meet a canary only when both markings allow it: the TLP by their clearance, the
EU classification by their classification clearance. A control record (TLP:CLEAR,
unclassified) and a cleared reader who does see the classified canary show that the crawl
reads the places where a canary would be.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.interfaces.http.authentication import ANONYMOUS_CLEARANCE
from cdtoolbox.interfaces.web.situation_stream import STREAM_PATH
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.response_record import DraftCorrections
from cdtoolbox.model.statement import StatementFile
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.toolbox import Settings, Toolbox
from cdtoolbox.toolbox.sitreps import SitrepText
from tests_support import CHEAP_PASSWORDS
from web_support import TestClient

PASSWORD = "a long enough passphrase"
TAXII = "application/taxii+json;version=2.1"
CONTROL = "PUBLICCONTROLWORD"
# STIX 2.1's TLP 1.0 marking definitions (the ids are fixed by the specification).
STIX_AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
STIX_RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"

MARKINGS: tuple[tuple[Tlp, Classification | None], ...] = (
    (Tlp.GREEN, None),
    (Tlp.AMBER, None),
    (Tlp.AMBER_STRICT, None),
    (Tlp.RED, None),
    (Tlp.CLEAR, Classification.RESTREINT_UE),
    (Tlp.CLEAR, Classification.SECRET_UE),
    (Tlp.GREEN, Classification.CONFIDENTIEL_UE),
)


def canary(tlp: Tlp, level: Classification | None) -> str:
    words = re.sub(r"[^A-Z]", "", tlp.value.upper()) + (
        re.sub(r"[^A-Z]", "", level.value.upper()) if level else "UNCLASSIFIED"
    )
    return f"CANARY{words}"


@dataclass(frozen=True)
class Reader:
    name: str
    clearance: Tlp
    classification: Classification | None

    def may_meet(self, tlp: Tlp, level: Classification | None) -> bool:
        return tlp.rank <= self.clearance.rank and Classification.rank_of(
            level
        ) <= Classification.rank_of(self.classification)


READERS = (
    Reader("anonymous", ANONYMOUS_CLEARANCE, None),
    Reader("viewer", Tlp.AMBER, None),
    # Cleared for every TLP but for no EU classification: TLP never stands in for it.
    Reader("admin", Tlp.RED, None),
    Reader("cleared", Tlp.RED, Classification.SECRET_UE),
)


@dataclass
class Planted:
    toolbox: Toolbox
    values: dict[str, list[str]]
    incidents: dict[str, tuple[Tlp, Classification | None]]  # slug -> markings
    tokens: dict[str, str]  # reader -> bearer token


def _incident_document(tlp: Tlp, level: Classification | None, word: str) -> dict[str, Any]:
    document: dict[str, Any] = {
        "title": f"Incident {word}",
        "summary": f"What happened, told in {word} words.",
        "start": "2026-03-01",
        "types": ["espionage"],
        "victims": {
            "countries": ["DE"],
            "sectors": ["government"],
            "organisations": [{"name": f"Ministry {word}", "country": "DE"}],
        },
        "attributions": [
            {
                "by": {"kind": "state", "name": "Germany", "country": "DE"},
                "actor": "APT28",
                "state": "RU",
                "wording": f"Attributed, said {word}.",
                "public": False,
            }
        ],
        "impact": {"notes": f"Impact noted by {word}."},
        "sources": [{"title": f"Report {word}", "url": f"https://example.org/{word.lower()}"}],
        "tlp": tlp.value,
    }
    if level is not None:
        document["classification"] = level.value
    return document


def _stix_bundle(path: Path) -> None:
    objects = [
        {
            "type": "threat-actor",
            "spec_version": "2.1",
            "id": "threat-actor--5a1e0000-0000-4000-8000-00000000ca01",
            "created": "2026-02-01T00:00:00.000Z",
            "modified": "2026-02-01T00:00:00.000Z",
            "name": f"Actor {canary(Tlp.AMBER, None)}",
            "description": f"Described as {canary(Tlp.AMBER, None)}.",
            "object_marking_refs": [STIX_AMBER],
        },
        {
            "type": "indicator",
            "spec_version": "2.1",
            "id": "indicator--5a1e0000-0000-4000-8000-00000000ca02",
            "created": "2026-02-01T00:00:00.000Z",
            "modified": "2026-02-01T00:00:00.000Z",
            "name": f"Indicator {canary(Tlp.RED, None)}",
            "pattern": "[domain-name:value = 'canary.example.org']",
            "pattern_type": "stix",
            "valid_from": "2026-02-01T00:00:00Z",
            "object_marking_refs": [STIX_RED],
        },
    ]
    bundle = {"type": "bundle", "id": "bundle--5a1e0000-0000-4000-8000-00000000ca00"}
    path.write_text(json.dumps({**bundle, "objects": objects}), encoding="utf-8")


def _cbom(word: str) -> bytes:
    component = {
        "type": "cryptographic-asset",
        "bom-ref": "rsa",
        "name": f"RSA-2048 in {word}",
        "cryptoProperties": {
            "assetType": "algorithm",
            "algorithmProperties": {"primitive": "signature", "parameterSetIdentifier": "2048"},
            "oid": "1.2.840.113549.1.1.1",
        },
    }
    document = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {"component": {"type": "application", "name": f"System {word}"}},
        "components": [component],
    }
    return json.dumps(document).encode()


@pytest.fixture
def planted(fresh_url: str, knowledge: KnowledgeBase, tmp_path: Path) -> Iterator[Planted]:
    with Toolbox(Settings(fresh_url), knowledge=knowledge, passwords=CHEAP_PASSWORDS) as toolbox:
        incidents: dict[str, tuple[Tlp, Classification | None]] = {}
        documents = [_incident_document(Tlp.CLEAR, None, CONTROL)]
        documents += [_incident_document(tlp, level, canary(tlp, level)) for tlp, level in MARKINGS]
        created = toolbox.incidents.add(documents, source="canaries", by=SYSTEM_USER).created
        for incident in created:
            incidents[incident.slug] = (incident.tlp, incident.classification)
        hidden = [i for i in created if i.tlp is not Tlp.CLEAR or i.classification]
        # Each incident's observable names its markings in a URL's path (kept as written), and
        # the control's shares a domain with every other, so each is linked to the control.
        for incident in created:
            word = (
                CONTROL
                if incident.tlp is Tlp.CLEAR and not incident.classification
                else (canary(incident.tlp, incident.classification))
            )
            toolbox.observables.add(
                incident.slug, "url", f"https://shared.example.org/{word}", by=SYSTEM_USER
            )
            toolbox.observables.add(incident.slug, "domain", "shared.example.org", by=SYSTEM_USER)
        cases = [toolbox.cases.open([incident.slug], by=SYSTEM_USER) for incident in hidden]
        # The control incident's situation log: one event anyone may read, an escalation at
        # TLP:RED and a meeting classified SECRET UE, whose words must stay with their readers.
        control = next(i for i in created if i.tlp is Tlp.CLEAR and not i.classification)
        toolbox.situation.record_event(
            control.slug, by=SYSTEM_USER, kind="notified", summary=f"Notified {CONTROL}."
        )
        toolbox.situation.change_level(
            control.slug,
            "strategic-political",
            by=SYSTEM_USER,
            reason=f"Escalated for {canary(Tlp.RED, None)}",
            summary=f"Escalation {canary(Tlp.RED, None)}",
            body="council-ipcr",
            tlp=Tlp.RED,
        )
        toolbox.situation.record_event(
            control.slug,
            by=SYSTEM_USER,
            kind="meeting-held",
            summary=f"Meeting {canary(Tlp.CLEAR, Classification.SECRET_UE)}",
            classification=Classification.SECRET_UE,
        )
        # The control incident's sitrep: an approved version anyone may read, then an approved
        # TLP:RED revision; beside it a sitrep classified SECRET UE.
        sitrep_approver = toolbox.users.add(
            by=SYSTEM_USER,
            username="canary-sitrep-approver",
            display_name="approver",
            role=Role.APPROVER,
            clearance=Tlp.RED,
            classification_clearance=Classification.SECRET_UE,
        )
        sitrep = toolbox.sitreps.draft(
            control.slug, _sitrep_text(CONTROL), by=SYSTEM_USER, tlp=Tlp.CLEAR
        )
        toolbox.sitreps.approve(sitrep.id, version=1, by=sitrep_approver)
        toolbox.sitreps.revise(
            sitrep.id,
            _sitrep_text(canary(Tlp.RED, None)),
            expected_version=1,
            tlp=Tlp.RED,
            by=SYSTEM_USER,
        )
        toolbox.sitreps.approve(sitrep.id, version=2, by=sitrep_approver)
        classified_sitrep = toolbox.sitreps.draft(
            control.slug,
            _sitrep_text(canary(Tlp.CLEAR, Classification.SECRET_UE)),
            by=SYSTEM_USER,
            tlp=Tlp.CLEAR,
            classification=Classification.SECRET_UE,
        )
        amber = canary(Tlp.AMBER, None)
        toolbox.pocs.add(
            by=SYSTEM_USER,
            state="FR",
            network="osce",
            level="technical",
            organisation=f"Office {amber}",
            channel="e-mail",
            tlp=Tlp.AMBER,
            name=f"Person {canary(Tlp.AMBER, None)}",
            email="person@example.org",
        )
        toolbox.pocs.add(
            by=SYSTEM_USER,
            state="DE",
            network="osce",
            level="technical",
            organisation="Federal office",
            channel="e-mail",
            name=f"Person {canary(Tlp.RED, None)}",
            email="someone@example.org",
            personal_tlp=Tlp.RED,
        )
        toolbox.cbms.record(
            "FR",
            toolbox.knowledge.cbms.ids()[0],
            status="partial",
            by=SYSTEM_USER,
            evidence=f"Evidence {canary(Tlp.RED, None)}",
            evidence_date="2026-01-10",
            tlp=Tlp.RED,
            note=f"Note {canary(Tlp.RED, None)}",
        )
        confidential = canary(Tlp.GREEN, Classification.CONFIDENTIEL_UE)
        toolbox.cbms.record(
            "DE",
            toolbox.knowledge.cbms.ids()[0],
            status="implemented",
            by=SYSTEM_USER,
            evidence=f"Evidence {confidential}",
            evidence_date="2026-01-12",
            tlp=Tlp.GREEN,
            note=f"Note {confidential}",
            classification=Classification.CONFIDENTIEL_UE,
        )
        toolbox.pocs.add(
            by=SYSTEM_USER,
            state="IT",
            network="osce",
            level="diplomatic",
            organisation=f"Unit {confidential}",
            channel="e-mail",
            tlp=Tlp.GREEN,
            classification=Classification.CONFIDENTIEL_UE,
        )
        toolbox.pqc.import_document(
            _cbom(canary(Tlp.AMBER, None)),
            "canary-cbom.json",
            organisation=f"Agency {canary(Tlp.AMBER, None)}",
            member_state="FR",
            sector="government",
            tlp=Tlp.AMBER,
            by=SYSTEM_USER,
        )
        restricted = canary(Tlp.CLEAR, Classification.RESTREINT_UE)
        toolbox.pqc.import_document(
            _cbom(restricted),
            "classified-cbom.json",
            organisation=f"Service {restricted}",
            member_state="DE",
            sector="government",
            tlp=Tlp.CLEAR,
            classification=Classification.RESTREINT_UE,
            by=SYSTEM_USER,
        )
        dialogue = toolbox.dialogues.list(by=SYSTEM_USER)[0]
        toolbox.dialogues.add_round(
            dialogue.id,
            by=SYSTEM_USER,
            held_on="2026-02-10",
            place=f"Venue {canary(Tlp.AMBER_STRICT, None)}",
            topics=[f"Talking point {canary(Tlp.AMBER_STRICT, None)}"],
            outcomes=[f"Outcome {canary(Tlp.AMBER_STRICT, None)}"],
            tlp=Tlp.AMBER_STRICT,
        )
        red = canary(Tlp.RED, None)
        amber_strict = canary(Tlp.AMBER_STRICT, None)
        hidden_paper = planted_un_document(toolbox, Tlp.AMBER_STRICT, amber_strict)
        open_paper = planted_un_document(toolbox, Tlp.CLEAR, "open")
        toolbox.un_process.record_position(
            open_paper,
            "1",
            "EU",
            stance="support-with-amendments",
            wording=f"Amend as {red}",
            dated="2024-07-10",
            tlp=Tlp.RED,
            by=SYSTEM_USER,
        )
        toolbox.un_process.add_statement(
            "oewg-2021-2025-8",
            party="EU",
            dated="2024-07-09",
            title=f"Statement {red}",
            tlp=Tlp.RED,
            by=SYSTEM_USER,
        )
        secret = canary(Tlp.CLEAR, Classification.SECRET_UE)
        toolbox.un_process.record_position(
            open_paper,
            "1",
            "DE",
            stance="oppose",
            wording=f"Reserve: {secret}",
            dated="2024-07-10",
            classification=Classification.SECRET_UE,
            by=SYSTEM_USER,
        )
        toolbox.dialogues.add_round(
            dialogue.id,
            by=SYSTEM_USER,
            held_on="2026-02-20",
            outcomes=[f"Talking point {secret}"],
            classification=Classification.SECRET_UE,
        )
        hidden_project = toolbox.capacity.add(
            by=SYSTEM_USER,
            title=f"Project {red}",
            funder=f"Funder {red}",
            themes=["skills"],
            partner_countries=["NO"],
            sources=["https://example.org/canary"],
            tlp=Tlp.RED,
        )
        classified_project = toolbox.capacity.add(
            by=SYSTEM_USER,
            title=f"Project {secret}",
            funder="European Union",
            themes=["skills"],
            partner_countries=["NO"],
            sources=["https://example.org/canary"],
            classification=Classification.SECRET_UE,
        )
        # Requests for assistance about the control incident: at TLP:RED and SECRET UE, they
        # must not surface on /requests, a request's page, the situation board's count or the
        # incident's timeline; nor a team and a deployment at TLP:RED.
        red_request = toolbox.assistance.request(
            by=SYSTEM_USER,
            requester="EE",
            channel="norm-13h",
            addressee="DE",
            incident=control.slug,
            asked=f"Asked {red}",
            sent_at="2026-01-05T10:00",
            deadline="2026-01-06T10:00",
            tlp=Tlp.RED,
        )
        toolbox.assistance.offer(
            by=SYSTEM_USER, offered_by="SE", what=f"Offer {red}", request=red_request.id
        )
        secret_request = toolbox.assistance.request(
            by=SYSTEM_USER,
            requester="LT",
            channel="pesco-crrt",
            incident=control.slug,
            asked=f"Asked {secret}",
            classification=Classification.SECRET_UE,
        )
        open_request = toolbox.assistance.request(
            by=SYSTEM_USER,
            requester="FI",
            channel="eu-cybersecurity-reserve",
            asked=f"Asked {CONTROL}",
            tlp=Tlp.CLEAR,
        )
        red_team = toolbox.assistance.add_team(
            by=SYSTEM_USER, name=f"Team {red}", kind="national", lead="EE", tlp=Tlp.RED
        )
        toolbox.assistance.deploy(
            red_team.id,
            by=SYSTEM_USER,
            location="MD",
            starts="2026-01-10",
            tasks=[f"Task {secret}"],
            incident=control.slug,
            classification=Classification.SECRET_UE,
        )
        # Statements in the archive: the canary in the text, in the file's name and in the
        # issuer's name, and the control word in a statement anyone may read.
        statements = [
            toolbox.statements.add(
                [StatementFile(f"{word}.txt", f"Declaration {word}: the EU condemns it.".encode())],
                tlp=tlp,
                classification=level,
                issuer="council",
                issuer_name=f"Council {word}",
                by=SYSTEM_USER,
            )[0].statement.id
            for word, tlp, level in (
                (CONTROL, Tlp.CLEAR, None),
                (red, Tlp.RED, None),
                (secret, Tlp.CLEAR, Classification.SECRET_UE),
            )
        ]
        # Their responses, at their markings: the control's a draft, the canaries' confirmed
        # as responses to the control incident, so that they would show wherever its public
        # responses and its precedents do.
        for statement_id in statements:
            toolbox.responses.draft(statement_id, by=SYSTEM_USER)
        for day, statement_id in enumerate(statements[1:], start=1):
            toolbox.responses.confirm(
                statement_id,
                DraftCorrections(
                    instrument="stability.hr_declaration",
                    incidents=(control.slug,),
                    wording=f"Conducted by {statement_id}",
                    # Another day each: two records of one act are refused as a repeat.
                    date=f"2026-12-0{day}",
                ),
                by=SYSTEM_USER,
            )
        bundle = tmp_path / "canary-bundle.json"
        _stix_bundle(bundle)
        toolbox.stix.import_bundle(bundle, by=SYSTEM_USER)
        toolbox.taxii.publish(by=SYSTEM_USER)
        tokens = {}
        for reader in READERS[1:]:
            role = Role.VIEWER if reader.name == "viewer" else Role.ADMIN
            toolbox.users.add(
                by=SYSTEM_USER,
                username=f"canary-{reader.name}",
                display_name=reader.name,
                role=role,
                clearance=reader.clearance,
                classification_clearance=reader.classification,
                password=PASSWORD,
            )
            tokens[reader.name] = toolbox.users.issue_token(
                f"canary-{reader.name}", "canaries", by=SYSTEM_USER
            )[1]
        pocs = [poc.id for poc in toolbox.pocs.list(by=SYSTEM_USER)]
        values = {
            "key": [*incidents, "wannacry-2017"],
            # Handles in lower case: a page that echoes what was asked is no leak.
            "name": ["APT28", toolbox.actors.get(f"Actor {amber}", by=SYSTEM_USER).slug],
            "case_id": [case.id for case in cases],
            "state": ["FR", "DE", "IT"],
            "poc_id": pocs[:3] + [poc for poc in pocs if "office" in poc or "unit" in poc][:4],
            "round_id": ["none"],
            "listing_id": [toolbox.sanctions.list(by=SYSTEM_USER)[0].id],
            "regime_id": ["eu-cyber"],
            "collection": [c.id for c in toolbox.taxii.collections(by=SYSTEM_USER)]
            + ["repository"],
            "object_id": [
                "threat-actor--5a1e0000-0000-4000-8000-00000000ca01",
                "indicator--5a1e0000-0000-4000-8000-00000000ca02",
            ],
            "status_id": ["5a1e0000-0000-4000-8000-00000000feed"],
            "upload_id": ["5a1e0000-0000-4000-8000-0000000000up"],
            "format_name": ["md", "json", "html"],
            "code": ["DE", "FR"],
            "sector": ["government"],
            "norm_id": ["13f"],
            "principle_id": [toolbox.knowledge.law.ids()[0]],
            "instrument_id": ["restrictive.listing"],
            "cbm_id": [toolbox.knowledge.cbms.ids()[0]],
            "dialogue": [dialogue.id],
            "session_id": ["oewg-2021-2025-8"],
            "document_id": [hidden_paper, open_paper],
            "dialogue_id": [dialogue.id],
            "project_id": [hidden_project.id, classified_project.id, "cybereast"],
            "statement_id": statements,
            # Partner profiles: the canary projects' partner, the canary incidents' victim and
            # the State they are attributed to.
            "country": ["NO", "DE", "RU"],
            "request_id": [red_request.id, secret_request.id, open_request.id],
            "sitrep_id": [sitrep.id, classified_sitrep.id],
        }
        yield Planted(toolbox, values, incidents, tokens)


def _sitrep_text(word: str) -> SitrepText:
    return SitrepText(
        summary=f"Known to {word}.",
        assessment=f"Judged by {word}.",
        actions=f"Done by {word}.",
        next_steps=f"Next for {word}.",
    )


def planted_un_document(toolbox: Toolbox, tlp: Tlp, word: str) -> str:
    """A working paper of the eighth OEWG session with one paragraph, both holding ``word``."""
    paper = toolbox.un_process.add_document(
        "oewg-2021-2025-8",
        kind="working-paper",
        title=f"Paper {word}",
        dated="2024-07-01",
        tlp=tlp,
        by=SYSTEM_USER,
    )
    toolbox.un_process.add_paragraph(paper.id, "1", text=f"Paragraph {word}.", by=SYSTEM_USER)
    return paper.id


def _get_routes(app: Any) -> set[str]:
    found: set[str] = set()

    def walk(routes: Any, prefix: str) -> None:
        for route in routes:
            if hasattr(route, "original_router"):
                walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif getattr(route, "methods", None):
                if "GET" in route.methods:
                    found.add(prefix + route.path)
            elif hasattr(route, "routes"):
                walk(route.routes, prefix + getattr(route, "path", ""))

    walk(app.routes, "")
    return found


def _urls(path: str, values: dict[str, list[str]]) -> list[str]:
    names = re.findall(r"{([^}]+)}", path)
    unknown = [name for name in names if name not in values]
    assert not unknown, f"{path}: give the canary crawl values for {unknown}"
    urls = [path]
    for name in names:
        urls = [url.replace("{" + name + "}", value) for url in urls for value in values[name]]
    return urls


# Listings read again with a text search for the canaries, and the exports by format.
SEARCHES = (
    "/incidents?q=CANARY",
    "/incidents?text=CANARY",
    "/api/v1/incidents?text=CANARY",
    "/api/v1/incidents?q=CANARY",
    "/incidents/export.csv?text=CANARY",
    "/api/v1/actors?q=CANARY",
    "/actors?q=CANARY",
    "/statements?text=CANARY",
    "/statements?text=Declaration",
    "/api/v1/audit?limit=1000",
    "/api/v1/observables?value=shared.example.org",
    "/reports?kind=annual&since=2026&format=html",
    "/reports?kind=landscape&since=2026&format=json",
    "/reports?kind=un&since=2026&format=md",
)


def _read(client: TestClient, url: str, reader: Reader, planted: Planted) -> str:
    headers: dict[str, str] = {}
    if url.startswith("/taxii2"):
        headers["Accept"] = TAXII
    if url.startswith(("/api/", "/taxii2")) and reader.name != "anonymous":
        headers["Authorization"] = f"Bearer {planted.tokens[reader.name]}"
    response = client.get(url, headers=headers, follow_redirects=False)
    return response.text


def _forbidden_words(reader: Reader) -> set[str]:
    markings = [*MARKINGS, (Tlp.CLEAR, None)]
    return {canary(tlp, level) for tlp, level in markings if not reader.may_meet(tlp, level)}


def test_no_canary_leaves_through_the_public_release(planted: Planted, tmp_path: Path) -> None:
    release = planted.toolbox.public_release.write(tmp_path / "release", by=SYSTEM_USER)
    texts = {
        path.relative_to(release.directory).as_posix(): path.read_text("utf-8")
        for path in release.directory.rglob("*")
        if path.is_file()
    }
    for name, text in texts.items():
        assert "CANARY" not in text, name
    for name in ("incidents.json", "incidents.csv", "stix-bundle.json"):
        assert CONTROL in texts[name], name
    assert any(CONTROL in text for name, text in texts.items() if name.startswith("misp-feed/"))


@pytest.mark.parametrize("reader", READERS, ids=[reader.name for reader in READERS])
def test_no_canary_reaches_a_reader_it_is_not_for(planted: Planted, reader: Reader) -> None:
    app = create_app(planted.toolbox, secret_key=b"c" * 32)
    forbidden = _forbidden_words(reader)
    allowed = {canary(tlp, level) for tlp, level in MARKINGS} - forbidden
    met: set[str] = set()
    leaks: list[str] = []
    with TestClient(app, raise_server_exceptions=False) as client:
        if reader.name != "anonymous":
            _sign_in(client, f"canary-{reader.name}")
        urls = [url for path in sorted(_get_routes(app)) for url in _urls(path, planted.values)]
        # A statement's exports at the widest ceilings a reader may ask for over HTTP.
        exports = [
            f"/api/v1/statements/{statement}/export?format={kind}&max_tlp={ceiling}"
            for statement in planted.values["statement_id"]
            for kind in ("stix", "misp")
            for ceiling in ("green", "amber%2Bstrict")
        ]
        for url in [*urls, *SEARCHES, *exports]:
            # The board's event stream stays open (for minutes); each of its messages is the
            # /situation page's table drawn by the same function for the same reader, which the
            # crawl reads, and tests/interfaces/test_situation_stream.py proves that an event
            # above the reader never reaches their stream.
            if url in ("/logout",) or url.startswith(STREAM_PATH):
                continue
            text = _read(client, url, reader, planted)
            leaks.extend(f"{url}: {word}" for word in forbidden if word in text)
            met.update(word for word in allowed if word in text)
    assert not leaks, "\n".join(leaks)
    # The crawl reads the pages where the canaries are: each one the reader may meet is met.
    assert met == allowed


def _sign_in(client: TestClient, username: str) -> None:
    page = client.get("/login").text
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]
