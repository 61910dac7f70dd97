"""`cdt` starts without importing what a command does not use: help and option errors never
import the store, SQLAlchemy, YAML, the knowledge catalogues or the assessment engine."""

from __future__ import annotations

import json
import subprocess
import sys

# Each of these costs tens to hundreds of milliseconds of start-up.
HEAVY = (
    "sqlalchemy",
    "yaml",
    "pycountry",
    "rich.progress",
    "cdtoolbox.store",
    "cdtoolbox.toolbox.composition",
    "cdtoolbox.assess.engine",
    "cdtoolbox.knowledge.base",
    "cdtoolbox.formats.stix",
    "cdtoolbox.formats.misp",
)

_PROBE = """
import json, sys
{statement}
print(json.dumps(sorted(name for name in {heavy!r} if name in sys.modules)))
"""


def _imported_after(statement: str) -> list[str]:
    probe = _PROBE.format(statement=statement, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    imported: list[str] = json.loads(done.stdout)
    return imported


def test_the_command_line_is_declared_without_the_heavy_modules() -> None:
    assert _imported_after("import cdtoolbox.interfaces.cli.app") == []


def test_help_is_printed_without_the_heavy_modules() -> None:
    statement = (
        "from cdtoolbox.interfaces.cli.app import app\n"
        "from typer.testing import CliRunner\n"
        "result = CliRunner().invoke(app, ['incidents', 'list', '--help'])\n"
        "assert result.exit_code == 0 and '--victim-country' in result.output, result.output"
    )
    assert _imported_after(statement) == []


def test_the_library_surface_is_imported_on_use() -> None:
    assert _imported_after("import cdtoolbox") == []
    # Naming the Toolbox imports what it composes.
    assert "cdtoolbox.toolbox.composition" in _imported_after("from cdtoolbox import Toolbox")


def test_listing_incidents_imports_neither_the_engine_nor_the_formats(initialised_url: str) -> None:
    statement = (
        "import os\n"
        "from cdtoolbox.interfaces.cli.app import app\n"
        "from typer.testing import CliRunner\n"
        f"result = CliRunner().invoke(app, ['--database-url', {initialised_url!r}, 'incidents', "
        "'list', '--limit', '3', '--json'])\n"
        "assert result.exit_code == 0, result.output"
    )
    imported = _imported_after(statement)
    # The store is what a listing needs; the engine and the exchange formats are not.
    assert "cdtoolbox.store" in imported
    assert not {
        "cdtoolbox.assess.engine",
        "cdtoolbox.formats.stix",
        "cdtoolbox.formats.misp",
    } & set(imported)
