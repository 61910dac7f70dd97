"""The Import page with partners' formats: STIX 2.1 bundles and MISP events, told apart by
their content, reported object by object, all or nothing unless "skip invalid" is ticked."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from account_support import add_user, form_token, sign_in
from cdtoolbox.interfaces.web.upload_format import UploadFormat, detect_format
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.statement import StatementFile
from cdtoolbox.toolbox import Toolbox
from misp_support import CLOUD_HOPPER_UUID, cloud_hopper
from stix_support import TLP_GREEN, bundle, relationship, sdo
from test_web_pages import parse
from web_support import TestClient

# Marked as the incident is: what is marked more restrictively does not fold into it.
HERON = sdo(
    "intrusion-set",
    "heron",
    name="Obsidian Heron",
    aliases=["UNC9999"],
    object_marking_refs=[TLP_GREEN],
)
RAIL = sdo(
    "incident",
    "rail",
    name="Rail signalling outage",
    labels=["sabotage"],
    object_marking_refs=[TLP_GREEN],
)
BY_HERON = relationship("attributed-to", RAIL["id"], HERON["id"], object_marking_refs=[TLP_GREEN])
BROKEN = {**sdo("intrusion-set", "broken", name="Broken cluster"), "created": "yesterday"}
ERROR_ROW = re.compile(r'<tr><td>([^<]*)</td><th scope="row"><code>([^<]*)</code></th>')


def upload(
    client: TestClient, name: str, content: bytes, *, skip_invalid: bool = False
) -> tuple[int, str]:
    data = {"csrf_token": form_token(client, "/import")}
    if skip_invalid:
        data["skip_invalid"] = "yes"
    response = client.post(
        "/import", files={"file": (name, content, "application/json")}, data=data
    )
    return response.status_code, response.text


def counts(html: str) -> dict[str, int]:
    """The report's table of outcomes, by row label."""
    table = html.split('<table class="counts">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', table)
    return {label: int(number) for label, number in rows}


def test_a_stix_bundle_is_imported_and_reported(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    status, html = upload(fresh_analyst, "partner.json", bundle(HERON, RAIL, BY_HERON))
    assert status == 200, html
    assert "partner.json imported" in html and "Read as a STIX 2.1 bundle: 3 objects" in html
    report = counts(html)
    assert (report["Created"], report["Rejected"]) == (2, 0)
    assert sum(report.values()) == 3  # every object counted once: the attribution is merged
    stored = fresh_toolbox.incidents.get(RAIL["id"].partition("--")[2], by=SYSTEM_USER)
    assert f'href="/incidents/{stored.slug}">Rail signalling outage</a>' in html
    heron = fresh_toolbox.actors.get("UNC9999", by=SYSTEM_USER)
    assert f'href="/actors/{heron.id}">Obsidian Heron</a>' in html

    status, again = upload(fresh_analyst, "partner.json", bundle(HERON, RAIL, BY_HERON))
    assert status == 200 and "Nothing new" in again
    assert counts(again)["Created"] == 0


def test_a_bundle_with_one_bad_object_imports_nothing_and_names_it(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    before = fresh_toolbox.incidents.list(by=SYSTEM_USER).total
    status, html = upload(fresh_analyst, "partner.json", bundle(HERON, RAIL, BY_HERON, BROKEN))
    assert status == 422
    assert "Nothing was imported" in html and "read as a STIX 2.1 bundle" in html
    assert ERROR_ROW.findall(html) == [(BROKEN["id"], "objects[3].created")]
    assert '<th scope="col">JSON path</th>' in html and "<code>yesterday</code>" in html
    assert "is not a STIX timestamp" in html
    assert "Skip invalid objects” to store the valid objects" in html
    assert fresh_toolbox.incidents.list(by=SYSTEM_USER).total == before
    assert fresh_toolbox.actors.find("UNC9999", by=SYSTEM_USER) is None


def test_skipping_invalid_objects_imports_the_rest(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    status, html = upload(
        fresh_analyst, "partner.json", bundle(HERON, RAIL, BY_HERON, BROKEN), skip_invalid=True
    )
    assert status == 200, html
    assert "partner.json imported, 1 object refused" in html
    assert counts(html)["Rejected"] == 1
    assert ERROR_ROW.findall(html) == [(BROKEN["id"], "objects[3].created")]
    assert 'name="skip_invalid" value="yes" aria-describedby="skip-hint" checked' in html
    assert fresh_toolbox.incidents.get(RAIL["id"].partition("--")[2], by=SYSTEM_USER).title == (
        "Rail signalling outage"
    )
    assert fresh_toolbox.actors.find("Broken cluster", by=SYSTEM_USER) is None


def misp_event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(cloud_hopper().to_json())
    event.update(changes)
    return event


def test_misp_events_are_told_from_their_content_and_imported(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    search_result = json.dumps({"response": [{"Event": misp_event()}]}).encode()
    status, html = upload(fresh_analyst, "events.json", search_result)
    assert status == 200, html
    assert "Read as a MISP event file: 1 event." in html
    report = counts(html)
    assert (report["Created"], report["Rejected"], report["Attributes kept as sources"]) == (
        1,
        0,
        1,
    )
    incident = fresh_toolbox.incidents.get(CLOUD_HOPPER_UUID, by=SYSTEM_USER)
    assert incident.title == "Operation Cloud Hopper"
    # The event is marked TLP:AMBER+STRICT and the analyst is cleared for TLP:AMBER: it is
    # stored and counted, but the report does not show it.
    assert "1 more incident is marked above your clearance" in html
    assert f'href="/incidents/{incident.slug}"' not in html


def test_a_bad_misp_event_is_refused_with_its_path_unless_skipped(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    before = fresh_toolbox.incidents.list(by=SYSTEM_USER).total
    wrapped = json.dumps([{"Event": misp_event(date="never")}]).encode()
    status, html = upload(fresh_analyst, "events.json", wrapped)
    assert status == 422 and "(read as a MISP event file)" in html
    assert ERROR_ROW.findall(html) == [(f"MISP event {CLOUD_HOPPER_UUID}", "[0].Event.date")]
    assert "is not a date of the form YYYY-MM-DD" in html
    skipped_status, skipped = upload(fresh_analyst, "events.json", wrapped, skip_invalid=True)
    assert skipped_status == 200 and counts(skipped)["Rejected"] == 1
    assert ERROR_ROW.findall(skipped) == [(f"MISP event {CLOUD_HOPPER_UUID}", "[0].Event.date")]
    assert fresh_toolbox.incidents.list(by=SYSTEM_USER).total == before


def test_the_progress_of_an_upload_is_reported_to_its_user_only(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    page = fresh_analyst.get("/import").text
    upload_id = re.search(r'name="upload_id" value="([^"]+)"', page)
    assert upload_id is not None
    progress = f"/import/progress/{upload_id.group(1)}"
    assert fresh_analyst.get(progress).json() == {"stage": None}
    token = form_token(fresh_analyst, "/import")
    response = fresh_analyst.post(
        "/import",
        files={"file": ("partner.json", bundle(HERON), "application/json")},
        data={"csrf_token": token, "upload_id": upload_id.group(1)},
    )
    assert response.status_code == 200
    state = fresh_analyst.get(progress).json()
    assert state == {"stage": "Imported", "done": 1, "total": 1, "percent": 100, "finished": True}
    assert fresh_analyst.get(progress).headers["cache-control"] == "no-store"

    add_user(fresh_toolbox, "other-analyst", Role.ANALYST)
    with TestClient(fresh_analyst.app) as other:
        sign_in(other, "other-analyst")
        assert other.get(progress).json() == {"stage": None}


def test_the_progress_needs_the_import_permission(fresh_client: TestClient) -> None:
    response = fresh_client.get("/import/progress/abcdefgh12345678", follow_redirects=False)
    assert response.status_code in (303, 401)


def test_the_form_works_without_javascript(fresh_analyst: TestClient) -> None:
    html = fresh_analyst.get("/import").text
    form = html.split('<form class="upload"', 1)[1].split("</form>", 1)[0]
    assert 'method="post" action="/import" enctype="multipart/form-data"' in form
    assert 'name="csrf_token"' in form and 'name="upload_id"' in form
    assert '<label class="check-label"><input type="checkbox" name="skip_invalid"' in form
    assert 'id="import-progress-panel" hidden' in form  # shown by the script only


# --- Telling formats apart ------------------------------------------------------------------


def test_formats_are_told_by_content_then_by_name() -> None:
    stix = bundle(HERON)
    assert detect_format("x.json", stix) is UploadFormat.STIX
    assert detect_format("x.json", b'{"Event": {"info": "x"}}') is UploadFormat.MISP
    assert detect_format("x.json", b'{"response": []}') is UploadFormat.MISP
    assert detect_format("x.json", b'[{"Event": {"info": "x"}}]') is UploadFormat.MISP
    assert detect_format("x.json", b'{"info": "bare event", "Attribute": []}') is UploadFormat.MISP
    assert detect_format("x.json", b'{"title": "ours", "start": "2024"}') is (
        UploadFormat.INCIDENT_FILE
    )
    assert detect_format("x.json", b'{"incidents": []}') is UploadFormat.INCIDENT_FILE
    assert detect_format("x.yaml", b"title: ours\nstart: 2024\n") is UploadFormat.INCIDENT_FILE
    assert detect_format("x.json", b"{not json") is UploadFormat.INCIDENT_FILE
    assert detect_format("x.csv", stix) is UploadFormat.CSV


incident_documents = st.fixed_dictionaries(
    {"title": st.text(min_size=1, max_size=30)},
    optional={
        "start": st.sampled_from(["2017", "2024-05", "2020-01-02"]),
        "types": st.lists(st.sampled_from(["wiper", "ddos", "espionage"]), max_size=2),
        "summary": st.text(max_size=40),
        "info": st.text(max_size=10),  # a stray key never turns ours into MISP
    },
)


@given(st.one_of(incident_documents, st.lists(incident_documents, min_size=1, max_size=3)))
def test_any_incident_document_is_read_as_one(document: object) -> None:
    content = json.dumps(document).encode()
    assert detect_format("incidents.json", content) is UploadFormat.INCIDENT_FILE


@given(st.lists(st.dictionaries(st.text(max_size=8), st.integers(), max_size=3), max_size=3))
def test_any_bundle_is_read_as_stix(objects: list[dict[str, int]]) -> None:
    content = json.dumps({"type": "bundle", "id": "bundle--x", "objects": objects}).encode()
    assert detect_format("feed.json", content) is UploadFormat.STIX


def test_every_control_of_the_import_page_is_labelled(fresh_analyst: TestClient) -> None:
    page = parse(fresh_analyst.get("/import").text)
    assert [control.get("name") for control in page.controls] == ["file", "skip_invalid"]
    for control in page.controls:
        assert (
            control.get("id") in page.label_targets
            or control.get("aria-label")
            or control.get("wrapped")
        ), control
    progress = fresh_analyst.get("/import").text.split('<progress id="import-progress"', 1)[1]
    assert progress.split(">", 1)[0].count('aria-label="Import progress"') == 1


def test_our_statement_reports_are_counted_as_skipped(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox, tmp_path: Path
) -> None:
    fresh_toolbox.statements.add(
        [StatementFile("rules.txt", b"Declaration by the High Representative on behalf of the EU")],
        by=SYSTEM_USER,
    )
    out = io.BytesIO()
    fresh_toolbox.stix.export_bundle(out, by=SYSTEM_USER)
    status, html = upload(fresh_analyst, "ours.json", out.getvalue())
    assert status == 200, html
    report = counts(html)
    # Our reports (this one's, and those of the texts init bundles) and the identities of
    # the issuers of those naming nothing: as the library counts them, every object once.
    skipped = [number for label, number in report.items() if label.startswith("Statement")]
    bundle = json.loads(out.getvalue())["objects"]
    reports = [o for o in bundle if o["type"] == "report"]
    path = tmp_path / "ours.json"
    path.write_bytes(out.getvalue())
    assert skipped == [fresh_toolbox.stix.import_bundle(path, by=SYSTEM_USER).skipped]
    assert skipped[0] > len(reports) >= 1
    assert sum(report.values()) == len(json.loads(out.getvalue())["objects"])
