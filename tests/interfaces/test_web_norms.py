"""The Norms page lists, under each UN norm, the incidents the assessment engine finds
engaging it — exactly the engine's findings, within the reader's clearance, kept current."""

from __future__ import annotations

import re

import pytest

from cdtoolbox.assess import NormStatus
from cdtoolbox.ingest.incident_writer import incident_to_document
from cdtoolbox.interfaces.web import knowledge_pages
from cdtoolbox.model import Tlp
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

ROW = re.compile(
    r'<th scope="row"><a href="/incidents/([^"#]+)#assessment">[^<]*</a></th>\s*'
    r'<td class="nowrap">[^<]*</td>\s*'
    r'<td class="nowrap"><span class="finding finding--([a-z-]+)">'
)
ENGAGING = (NormStatus.ENGAGED.value, NormStatus.POSSIBLY_ENGAGED.value)


def rows_by_norm(page: str) -> dict[str, list[tuple[str, str]]]:
    """(incident slug, finding) rows under each norm's heading, in page order."""
    found: dict[str, list[tuple[str, str]]] = {}
    for part in page.split('<section class="panel" id="norm-')[1:]:
        norm_id = part.split('"', 1)[0]
        found[norm_id] = ROW.findall(part.split("</section>", 1)[0])
    return found


def engine_rows(toolbox: Toolbox, readable: set[str]) -> dict[str, set[tuple[str, str]]]:
    """What the assessment engine finds, for the incidents in ``readable`` (slugs)."""
    expected: dict[str, set[tuple[str, str]]] = {n.id: set() for n in toolbox.knowledge.norms.all()}
    for assessment in toolbox.assessments.assess_all(by=SYSTEM_USER):
        if assessment.slug not in readable:
            continue
        for finding in assessment.norms:
            if finding.status.value in ENGAGING:
                expected[finding.norm_id].add((assessment.slug, finding.status.value))
    return expected


def readable_slugs(toolbox: Toolbox, clearance: Tlp) -> set[str]:
    page = toolbox.incidents.list(limit=1000, by=SYSTEM_USER)
    return {incident.slug for incident in page.items if incident.tlp.rank <= clearance.rank}


def test_each_norm_lists_the_incidents_the_engine_finds(
    client: TestClient, app_toolbox: Toolbox
) -> None:
    page = client.get("/norms")
    assert page.status_code == 200
    shown = rows_by_norm(page.text)
    expected = engine_rows(app_toolbox, readable_slugs(app_toolbox, Tlp.GREEN))
    assert set(shown) == set(expected)
    for norm_id, rows in shown.items():
        assert set(rows) == expected[norm_id], norm_id
        assert len(rows) == len(set(rows))
        statuses = [status for _, status in rows]
        assert statuses == sorted(statuses, key=ENGAGING.index), "engaged first"
    # WannaCry is under every norm the engine finds it engaging, and under no other.
    wannacry = app_toolbox.assessments.assess("wannacry-2017", by=SYSTEM_USER)
    for finding in wannacry.norms:
        listed = [status for slug, status in shown[finding.norm_id] if slug == "wannacry-2017"]
        assert listed == ([finding.status.value] if finding.status.value in ENGAGING else [])
    assert any(finding.status.value in ENGAGING for finding in wannacry.norms)


def test_a_norm_incidents_cannot_show_says_so(client: TestClient, app_toolbox: Toolbox) -> None:
    page = client.get("/norms").text
    never = [
        norm.id
        for norm in app_toolbox.knowledge.norms.all()
        if all(
            assessment.norm(norm.id).status is NormStatus.NOT_ASSESSABLE
            for assessment in app_toolbox.assessments.assess_all(by=SYSTEM_USER)
        )
    ]
    assert never  # 13a: cooperation between States is not in incident records
    for norm_id in never:
        part = page.split(f'<section class="panel" id="norm-{norm_id}"', 1)[1].split("</section>")[
            0
        ]
        assert "Not assessed from incidents" in part


def test_incidents_above_clearance_are_left_out_and_changes_show(
    fresh_toolbox: Toolbox, fresh_client: TestClient, fresh_analyst: TestClient
) -> None:
    notpetya = fresh_toolbox.incidents.get("notpetya-2017", by=SYSTEM_USER)
    document = incident_to_document(
        notpetya, fresh_toolbox.actors.names(notpetya.actor_ids, by=SYSTEM_USER)
    )
    document = {key: value for key, value in document.items() if key not in ("id", "slug")}
    document.update(title="Wiper attack on a hospital network", tlp="amber")
    [hospital] = fresh_toolbox.incidents.add([document], by=SYSTEM_USER).created

    with TestClient(fresh_client.app) as anonymous:
        assert hospital.slug not in anonymous.get("/norms").text
    analyst_view = rows_by_norm(fresh_analyst.get("/norms").text)
    expected = engine_rows(fresh_toolbox, readable_slugs(fresh_toolbox, Tlp.AMBER))
    assert {norm: set(rows) for norm, rows in analyst_view.items()} == expected
    before = {norm for norm, rows in expected.items() if any(hospital.slug == s for s, _ in rows)}
    assert before  # a NotPetya-like wiper engages norms

    # Without its attributions the incident engages other norms; the page follows at once.
    fresh_toolbox.incidents.edit(hospital.slug, {"attributions": [], "actors": []}, by=SYSTEM_USER)
    changed = engine_rows(fresh_toolbox, readable_slugs(fresh_toolbox, Tlp.AMBER))
    after = {norm for norm, rows in changed.items() if any(hospital.slug == s for s, _ in rows)}
    assert after != before
    analyst_view = rows_by_norm(fresh_analyst.get("/norms").text)
    assert {norm: set(rows) for norm, rows in analyst_view.items()} == changed


def test_a_long_list_is_cut_with_its_count(
    client: TestClient, app_toolbox: Toolbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(knowledge_pages, "NORM_ROWS_SHOWN", 2)
    shown = rows_by_norm(client.get("/norms").text)
    expected = engine_rows(app_toolbox, readable_slugs(app_toolbox, Tlp.GREEN))
    page = client.get("/norms").text
    for norm_id, rows in expected.items():
        assert len(shown[norm_id]) == min(2, len(rows))
        if len(rows) > 2:
            part = page.split(f'id="norm-{norm_id}"', 1)[1].split("</section>", 1)[0]
            assert f"And {len(rows) - 2} more" in part
