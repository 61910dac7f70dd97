"""`/api/v1/statements`: statement files uploaded, listed, searched and read through the API, on
SQLite and PostgreSQL; a file that gives no text answers 422 naming it, and nothing is stored."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfWriter

from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.store import dump
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli, add_user
from web_support import TestClient

LABELLED = Path(__file__).parent.parent / "data" / "statements" / "train"


def _stored(toolbox: Toolbox) -> list[str]:
    """Every table, less the API tokens: each request records when its token was last used."""
    return [
        table
        for table in dump(toolbox.database).split("\n== ")
        if not table.startswith(("api_tokens ", "== api_tokens "))
    ]


def _file(name: str) -> tuple[str, bytes, str]:
    return (name, (LABELLED / name).read_bytes(), "text/plain")


def test_files_are_uploaded_listed_searched_and_read(api_writer: TestClient) -> None:
    response = api_writer.post(
        "/api/v1/statements",
        files=[("files", _file("viasat-2022-en.txt")), ("files", _file("china-2021-fr.txt"))],
        data={"tlp": "green", "url": "https://www.consilium.europa.eu/viasat"},
    )
    assert response.status_code == 422  # one address for two files
    assert response.json()["errors"][0]["field"] == "url"
    response = api_writer.post(
        "/api/v1/statements",
        files=[("files", _file("viasat-2022-en.txt")), ("files", _file("china-2021-fr.txt"))],
        data={"tlp": "green", "issuer": "hr-on-behalf-of-eu"},
    )
    assert response.status_code == 201, response.text
    viasat, china = response.json()["items"]
    assert (viasat["new"], viasat["tlp"], viasat["given"]) == (True, "green", ["issuer"])
    assert "text" not in viasat or viasat["text"] is None
    again = api_writer.post("/api/v1/statements", files=[("files", _file("viasat-2022-en.txt"))])
    assert again.status_code == 201 and again.json()["items"][0]["new"] is False
    assert again.json()["items"][0]["id"] == viasat["id"]

    # The store holds the bundled official texts too (cdt init): the 2025 Czechia statement
    # names APT31, the bundled Viasat declaration KA-SAT.
    listed = api_writer.get("/api/v1/statements", params={"actor": "APT 31"}).json()
    assert china["id"] in [item["id"] for item in listed["items"]]
    assert viasat["id"] not in [item["id"] for item in listed["items"]]
    found = api_writer.get("/api/v1/statements", params={"text": "Viasat KA-SAT"}).json()
    assert viasat["id"] in [item["id"] for item in found["items"]]
    assert china["id"] not in [item["id"] for item in found["items"]]
    paged = api_writer.get("/api/v1/statements", params={"limit": 1}).json()
    assert paged["next_cursor"] and len(paged["items"]) == 1
    shown = api_writer.get(f"/api/v1/statements/{viasat['id']}").json()
    assert shown["text"] == (LABELLED / "viasat-2022-en.txt").read_text("utf-8")
    assert shown["reading"]["instrument"] == "stability.hr_declaration"
    assert api_writer.get("/api/v1/statements/st-0000").status_code == 404
    bad_filter = api_writer.get("/api/v1/statements", params={"state": "Atlantis"})
    assert bad_filter.status_code == 422 and bad_filter.json()["errors"][0]["field"] == "state"


def _pdf(password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if password is not None:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("garbage.txt", b"\x7fELF\x02\x01\x01\x00" * 512, "is not text"),
        ("locked.pdf", _pdf(password="secret"), "encrypted PDF"),
        ("scan.pdf", _pdf(), "without a text layer"),
        ("empty.md", b"", "is empty"),
        ("menu.html", b"<html><body><nav>Home</nav></body></html>", "no main text"),
        ("latin1.txt", b"D\xe9claration de la haute repr\xe9sentante", "is not UTF-8 text"),
    ],
)
def test_a_file_that_gives_no_text_answers_422_and_nothing_is_stored(
    api_writer: TestClient, fresh_toolbox: Toolbox, name: str, content: bytes, reason: str
) -> None:
    before = _stored(fresh_toolbox)
    response = api_writer.post(
        "/api/v1/statements",
        files=[("files", _file("viasat-2022-en.txt")), ("files", (name, content, "text/plain"))],
    )
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert name in error["location"] and reason in error["reason"]
    assert _stored(fresh_toolbox) == before


def test_a_50_mb_upload_is_refused_before_it_is_read(
    api_writer: TestClient, fresh_toolbox: Toolbox
) -> None:
    before = _stored(fresh_toolbox)
    huge = b"a" * (50 * 1024 * 1024)
    response = api_writer.post("/api/v1/statements", files=[("files", ("dump.txt", huge))])
    assert response.status_code == 413
    assert _stored(fresh_toolbox) == before


def test_a_viewer_may_not_upload(fresh_client: TestClient, fresh_toolbox: Toolbox) -> None:
    kept = fresh_toolbox.statements.list(by=SYSTEM_USER).items  # the bundled texts
    add_user(fresh_toolbox, "viewer", Role.VIEWER)
    _, secret = fresh_toolbox.users.issue_token("viewer", "tests", by=SYSTEM_USER)
    response = fresh_client.post(
        "/api/v1/statements",
        files=[("files", _file("viasat-2022-en.txt"))],
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 403
    assert fresh_toolbox.statements.list(by=SYSTEM_USER).items == kept


def test_an_upload_of_more_files_than_a_batch_takes_is_refused(
    api_writer: TestClient, fresh_toolbox: Toolbox
) -> None:
    kept = fresh_toolbox.statements.list(by=SYSTEM_USER).items  # the bundled texts
    files = [
        ("files", (f"s{n}.txt", f"Statement number {n}.".encode(), "text/plain")) for n in range(6)
    ]
    response = api_writer.post("/api/v1/statements", files=files)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "files"
    assert fresh_toolbox.statements.list(by=SYSTEM_USER).items == kept


@pytest.mark.parametrize(
    "filters",
    [
        {"state": "RU"},
        {"actor": "APT31", "language": "en"},
        {"text": "sanctions", "since": "2020-01-01"},
        {"issuer": "council", "until": "2024-12-31"},
    ],
    ids=lambda filters: ",".join(filters),
)
def test_one_query_gives_the_same_statements_through_library_cli_and_api(
    api_writer: TestClient,
    fresh_toolbox: Toolbox,
    fresh_url: str,
    cli: Cli,
    filters: dict[str, str],
) -> None:
    names = (
        "viasat-2022-en.txt",
        "china-2021-en.txt",
        "china-2021-fr.txt",
        "listing-2020-07-en.txt",
        "uk-apt31-2024-en.txt",
    )
    fresh_toolbox.statements.add([LABELLED / name for name in names], by=SYSTEM_USER)
    library = [s.id for s in fresh_toolbox.statements.list(by=SYSTEM_USER, **filters).items]
    options = [part for name, value in filters.items() for part in (f"--{name}", value)]
    printed = cli(fresh_url, "statements", "list", *options, "--json")
    assert printed.exit_code == 0, printed.output
    answered = api_writer.get("/api/v1/statements", params=filters).json()
    assert library, "the query finds something"
    assert [item["id"] for item in json.loads(printed.stdout)["items"]] == library
    assert [item["id"] for item in answered["items"]] == library


def test_a_statement_is_exported_as_stix_or_misp_within_the_ceiling(
    api_writer: TestClient, fresh_client: TestClient
) -> None:
    response = api_writer.post(
        "/api/v1/statements",
        files=[("files", _file("viasat-2022-en.txt"))],
        data={"url": "https://www.consilium.europa.eu/viasat"},
    )
    viasat = response.json()["items"][0]["id"]
    response = api_writer.post(
        "/api/v1/statements", files=[("files", _file("apt28-2024-en.txt"))], data={"tlp": "amber"}
    )
    amber = response.json()["items"][0]["id"]
    path = f"/api/v1/statements/{viasat}/export"

    stix = fresh_client.get(path)  # anonymous: a TLP:CLEAR statement, at the default ceiling
    assert stix.status_code == 200, stix.text
    assert stix.headers["content-type"].startswith("application/stix+json")
    objects = stix.json()["objects"]
    (report,) = [obj for obj in objects if obj["type"] == "report"]
    (incident,) = [obj for obj in objects if obj["type"] == "incident"]
    assert report["object_refs"] == [incident["id"]]

    misp = fresh_client.get(path, params={"format": "misp"})
    assert misp.status_code == 200, misp.text
    (event,) = misp.json()["response"]
    assert event["Event"]["info"] == "Attack on the Viasat KA-SAT satellite network"
    assert any("Viasat" in report["content"] for report in event["Event"]["EventReport"])

    # TLP:RED never leaves over HTTP; an AMBER statement only at an AMBER ceiling; a ceiling
    # above the reader's clearance is forbidden; a statement above it is not found.
    assert api_writer.get(path, params={"max_tlp": "red"}).status_code == 422
    assert api_writer.get(path, params={"format": "pdf"}).status_code == 422
    amber_path = f"/api/v1/statements/{amber}/export"
    refused = api_writer.get(amber_path)
    assert refused.status_code == 422 and "TLP ceiling" in refused.text
    assert api_writer.get(amber_path, params={"max_tlp": "amber"}).status_code == 200
    assert fresh_client.get(amber_path, params={"max_tlp": "amber"}).status_code == 403
    assert fresh_client.get(amber_path).status_code == 404
