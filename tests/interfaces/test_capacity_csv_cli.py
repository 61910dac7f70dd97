"""`cdt capacity export --format csv` and `cdt capacity import FILE.csv`: the sheet a register
writes imports into another unchanged, the format told from the extension or --format, and a
bad sheet exits 2 naming the line, the field and the reason, writing nothing."""

from __future__ import annotations

import json
from pathlib import Path

from cdtoolbox.formats.csv.projects import MAX_BYTES
from cdtoolbox.model.access import SYSTEM_USER
from cdtoolbox.toolbox import Settings, Toolbox
from tests_support import Cli


def test_the_csv_sheet_round_trips_through_the_cli(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox, tmp_path: Path
) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    with Toolbox(Settings(empty)) as toolbox:
        toolbox.database.migrate()
    sheet = tmp_path / "projects.csv"
    result = cli(fresh_url, "capacity", "export", "--output", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert sheet.read_text(encoding="utf-8").startswith("id,title,funder,")
    imported = cli(empty, "capacity", "import", str(sheet), "--json")
    assert imported.exit_code == 0, imported.stderr
    ids = [item["id"] for item in json.loads(imported.stdout)["items"]]
    assert ids == [p.id for p in fresh_toolbox.capacity.list(by=SYSTEM_USER)]
    again = cli(empty, "capacity", "export", "--format", "csv")
    assert again.exit_code == 0 and again.stdout == sheet.read_text(encoding="utf-8")


def test_a_bad_sheet_exits_2_naming_the_line_and_writing_nothing(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox, tmp_path: Path
) -> None:
    before = len(fresh_toolbox.capacity.list(by=SYSTEM_USER))
    sheet = tmp_path / "projects.txt"  # not .csv: --format says what it is
    sheet.write_text(
        "title,funder,themes,sources,budget_eur\n"
        "Good,EU,skills,https://example.org/good,10\n"
        "Bad,EU,skills,https://example.org/bad,-5\n",
        encoding="utf-8",
    )
    result = cli(fresh_url, "capacity", "import", str(sheet), "--format", "csv")
    assert result.exit_code == 2
    assert "projects.txt line 3: capacity project `budget_eur`: -5 must not be negative" in (
        result.stderr
    )
    assert len(fresh_toolbox.capacity.list(by=SYSTEM_USER)) == before
    unknown = cli(fresh_url, "capacity", "import", str(sheet), "--format", "xlsx")
    assert unknown.exit_code == 2 and "'xlsx' is not one of 'iati', 'csv'" in unknown.stderr


def test_a_sheet_above_the_size_limit_is_refused_unread(
    cli: Cli, fresh_url: str, fresh_toolbox: Toolbox, tmp_path: Path
) -> None:
    before = len(fresh_toolbox.capacity.list(by=SYSTEM_USER))
    sheet = tmp_path / "huge.csv"
    with sheet.open("wb") as out:
        out.write(b"title,funder,themes,sources\n")
        out.truncate(MAX_BYTES + 1)  # sparse: nothing is written to disk
    result = cli(fresh_url, "capacity", "import", str(sheet))
    assert result.exit_code == 2
    assert f"is above the limit of {MAX_BYTES:,} bytes" in result.stderr
    assert len(fresh_toolbox.capacity.list(by=SYSTEM_USER)) == before
