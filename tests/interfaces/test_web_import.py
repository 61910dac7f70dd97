"""The Import page: all or nothing, with every refused field listed (both backends)."""

from __future__ import annotations

import json
import re

from account_support import form_token
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Toolbox
from web_support import TestClient

GOOD = {
    "incidents": [
        {
            "title": "Wiper attack on a port operator",
            "start": "2024-06-02",
            "types": ["wiper"],
            "victims": {"countries": ["Netherlands"], "sectors": ["transport"]},
            "actors": ["Sandworm"],
        },
        {
            "title": "DDoS on a ministry's web sites",
            "start": "2024-07",
            "types": ["ddos"],
            "victims": {"countries": ["CZ"]},
        },
    ]
}


def upload(client: TestClient, name: str, content: bytes) -> tuple[int, str]:
    # The token as the Import page's own form carries it.
    response = client.post(
        "/import",
        files={"file": (name, content, "application/octet-stream")},
        data={"csrf_token": form_token(client, "/import")},
    )
    return response.status_code, response.text


def test_a_good_file_is_imported_and_listed(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    before = fresh_toolbox.incidents.list(by=SYSTEM_USER).total
    status, html = upload(fresh_analyst, "new.json", json.dumps(GOOD).encode())
    assert status == 200, html
    assert "2 incidents imported from new.json" in html
    assert 'href="/incidents/wiper-attack-on-a-port-operator-2024"' in html
    assert fresh_toolbox.incidents.list(by=SYSTEM_USER).total == (before or 0) + 2
    stored = fresh_toolbox.incidents.get("wiper-attack-on-a-port-operator-2024", by=SYSTEM_USER)
    assert stored.victim_countries == ("NL",)


def test_a_bad_file_imports_nothing_and_names_each_field(
    fresh_analyst: TestClient, fresh_toolbox: Toolbox
) -> None:
    before = fresh_toolbox.incidents.list(by=SYSTEM_USER).total
    bad = json.loads(json.dumps(GOOD))
    bad["incidents"][0]["start"] = "June"
    bad["incidents"][1]["victims"]["countries"] = ["Ukrain"]
    status, html = upload(fresh_analyst, "bad.json", json.dumps(bad).encode())
    assert status == 422
    assert "Nothing was imported" in html and "2 errors found" in html
    rows = re.findall(r"<tr><td>([^<]*)</td><th scope=\"row\"><code>([^<]*)</code>", html)
    assert rows == [
        ("bad.json: incidents[0]", "start"),
        ("bad.json: incidents[1]", "victims.countries[0]"),
    ]
    assert "<code>Ukrain</code>" in html
    assert fresh_toolbox.incidents.list(by=SYSTEM_USER).total == before


def test_a_yaml_file_and_a_csv_sheet(fresh_analyst: TestClient) -> None:
    yaml_text = b"title: Hack-and-leak of party e-mails\nstart: 2024\ntypes: [hack-and-leak]\n"
    status, html = upload(fresh_analyst, "one.yaml", yaml_text)
    assert status == 200 and "1 incident imported from one.yaml" in html
    sheet = b"title,start,types,victim_countries\nBreach of a ministry,2023-11,data-breach,FR; DE\n"
    status, html = upload(fresh_analyst, "sheet.csv", sheet)
    assert status == 200 and "1 incident imported from sheet.csv" in html


def test_a_bad_csv_row_names_its_line(fresh_analyst: TestClient) -> None:
    sheet = b"title,start,types\nGood row,2023,espionage\nBad row,soon,espionage\n"
    status, html = upload(fresh_analyst, "sheet.csv", sheet)
    assert status == 422 and "sheet.csv line 3" in html


def test_other_files_and_no_file_are_refused(fresh_analyst: TestClient) -> None:
    status, html = upload(fresh_analyst, "notes.docx", b"PK\x03\x04")
    assert status == 422 and "notes.docx" in html and ".csv" in html
    token = form_token(fresh_analyst, "/import")
    response = fresh_analyst.post("/import", data={"nothing": "here", "csrf_token": token})
    assert response.status_code == 422 and "choose a file" in response.text


def test_a_file_name_cannot_reach_outside_the_upload_folder(fresh_analyst: TestClient) -> None:
    status, html = upload(fresh_analyst, "../../etc/evil.json", json.dumps(GOOD).encode())
    assert status == 200 and "imported from evil.json" in html


def test_importing_needs_an_account_with_the_import_role(
    fresh_client: TestClient, fresh_toolbox: Toolbox
) -> None:
    before = fresh_toolbox.incidents.list(by=SYSTEM_USER).total
    page = fresh_client.get("/import", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Fimport"
    token = form_token(fresh_client)
    files = {"file": ("new.json", json.dumps(GOOD).encode(), "application/json")}
    response = fresh_client.post("/import", files=files, data={"csrf_token": token})
    assert response.status_code == 401 and "Sign in" in response.text
    assert fresh_toolbox.incidents.list(by=SYSTEM_USER).total == before
