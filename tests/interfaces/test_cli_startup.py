"""`cdt` starts without importing what a command does not use: help and option errors never
import the store, SQLAlchemy, YAML, the knowledge catalogues or the assessment engine."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from cdtoolbox.interfaces.cli.app import SUBCOMMANDS, app
from cdtoolbox.interfaces.cli.lazy_commands import LazySubcommand, LazyTyperGroup

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


_MODULES_PROBE = """
import json, sys
{statement}
print(json.dumps(sorted(name for name in sys.modules if name.startswith({prefixes!r}))))
"""


def _modules_after(statement: str, *prefixes: str) -> set[str]:
    probe = _MODULES_PROBE.format(statement=statement, prefixes=prefixes)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


# What `cdt` itself is made of; every other module of the package is a sub-command's.
_ROOT_MODULES = {
    "cdtoolbox.interfaces.cli",
    "cdtoolbox.interfaces.cli.app",
    "cdtoolbox.interfaces.cli.global_options",
    "cdtoolbox.interfaces.cli.lazy_commands",
}

# `cdt --help` listed these, in this order, when app.py imported every command module.
_COMMANDS_IN_ORDER = [
    "assess",
    "serve",
    "verify",
    "init",
    "incidents",
    "actors",
    "observables",
    "situation",
    "requests",
    "teams",
    "alerts",
    "webhooks",
    "sitreps",
    "cases",
    "users",
    "audit",
    "sanctions",
    "cbms",
    "pocs",
    "dialogues",
    "capacity",
    "un",
    "statements",
    "responses",
    "taxii",
    "report",
    "import",
    "export",
    "keys",
    "pqc",
]


def test_top_level_help_imports_no_command_module_and_no_sqlalchemy() -> None:
    statement = (
        "from cdtoolbox.interfaces.cli.app import app\n"
        "from typer.testing import CliRunner\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0 and 'Malicious cyber' in result.output, result.output"
    )
    imported = _modules_after(statement, "cdtoolbox.interfaces", "cdtoolbox.model", "sqlalchemy")
    assert imported - {"cdtoolbox.interfaces"} == _ROOT_MODULES


def test_a_command_imports_its_own_module_and_no_other_command_module() -> None:
    statement = (
        "from cdtoolbox.interfaces.cli.app import app\n"
        "from typer.testing import CliRunner\n"
        "result = CliRunner().invoke(app, ['taxii', '--help'])\n"
        "assert result.exit_code == 0 and 'collections' in result.output, result.output"
    )
    imported = _modules_after(statement, "cdtoolbox.interfaces.cli")
    assert "cdtoolbox.interfaces.cli.taxii" in imported
    others = {"incidents", "actors", "assess", "cases", "exchange", "keys", "pqc", "report"}
    assert not {f"cdtoolbox.interfaces.cli.{name}" for name in others} & imported


def test_the_lazy_group_lists_the_commands_in_the_same_order() -> None:
    group = typer.main.get_command(app)
    context = group.context_class(group)
    assert isinstance(group, LazyTyperGroup)
    assert group.list_commands(context) == _COMMANDS_IN_ORDER
    listed = CliRunner().invoke(app, ["--help"]).output.split("Commands:")[1]
    assert [line.split()[0] for line in listed.strip().splitlines()] == _COMMANDS_IN_ORDER


@pytest.mark.parametrize("declared", SUBCOMMANDS, ids=lambda declared: declared.name)
def test_each_declared_help_is_the_commands_own(declared: LazySubcommand) -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, LazyTyperGroup)
    command = declared.load(group)
    assert command.help is not None
    first_paragraph = " ".join(command.help.split("\n\n")[0].split())
    assert declared.help == first_paragraph
    for limit in (30, 45, 80):
        assert declared.short_help(limit) == command.get_short_help_str(limit)


def test_a_misspelt_command_is_still_suggested_and_completion_names_commands() -> None:
    result = CliRunner().invoke(app, ["incidnts"])
    assert result.exit_code == 2 and "Did you mean 'incidents'" in result.output
    group = typer.main.get_command(app)
    context = group.context_class(group)
    completions = group.shell_complete(context, "in")
    assert [(item.value, item.help) for item in completions] == [
        ("init", "Create or migrate the database and load..."),
        ("incidents", "Malicious cyber activities: incidents and..."),
    ]


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


# What the rarely used paths of the library need, each tens to hundreds of milliseconds: the
# statements reader's (date parsing, language detection, alias automaton, HTML and PDF text),
# the reports' PDF writer, the web app, outgoing HTTP, signatures, the exchange formats' and
# the MISP libraries, the migrations, CBOM reading, and the full country catalogue (a listing
# shows stored codes, which it reads without pycountry).
_LIBRARIES_NOT_FOR_A_LISTING = (
    "dateparser",
    "lingua",
    "ahocorasick",
    "trafilatura",
    "pypdf",
    "lxml",
    "weasyprint",
    "jinja2",
    "markdown_it",
    "fastapi",
    "starlette",
    "uvicorn",
    "httpx",
    "cryptography",
    "stix2",
    "pymisp",
    "pymispgalaxies",
    "pytaxonomies",
    "jsonschema",
    "jsonschema_rs",
    "cyclonedx",
    "ijson",
    "alembic",
    "pycountry",
    "cdtoolbox.assess",
    "cdtoolbox.share",
    "cdtoolbox.formats",
    "cdtoolbox.interfaces.api",
    "cdtoolbox.interfaces.web",
    "cdtoolbox.interfaces.http",
)


@pytest.mark.parametrize("json_output", [False, True], ids=["table", "json"])
def test_listing_incidents_imports_none_of_the_rarely_used_libraries(
    initialised_url: str, json_output: bool
) -> None:
    arguments = ["incidents", "list", "--limit", "10", *(["--json"] if json_output else [])]
    statement = (
        "from cdtoolbox.interfaces.cli.app import app\n"
        "from typer.testing import CliRunner\n"
        f"result = CliRunner().invoke(app, ['--database-url', {initialised_url!r}, "
        f"*{arguments!r}])\n"
        "assert result.exit_code == 0 and 'viasat-ka-sat-2022' in result.output, result.output"
    )
    imported = _modules_after(statement, *_LIBRARIES_NOT_FOR_A_LISTING)
    assert imported == set()


# The store's and the knowledge base's modules that listing incidents has no use for.
_NOT_FOR_A_LISTING = (
    {
        f"cdtoolbox.store.{name}"
        for name in (
            "account_repository",
            "audit_log",
            "case_repository",
            "cooperation_repository",
            "table_dump",
            "keyring_repository",
            "pqc_repository",
            "sanction_repository",
            "session_repository",
            "statistics",
            "stix_repository",
            "taxii_repository",
        )
    }
    | {
        f"cdtoolbox.knowledge.{name}"
        for name in ("actors", "cbms", "pqc", "sanctions", "scales", "sectors")
    }
    | {
        # Neither the model's cases, responses, instruments, calibration or TAXII types, nor the
        # incident file readers and writers, nor the keys command that --sign once came from.
        *(
            f"cdtoolbox.model.{name}"
            for name in ("calibration", "case", "diplomacy", "response", "signing", "taxii")
        ),
        "cdtoolbox.formats.csv",
        "cdtoolbox.ingest.incident_document",
        "cdtoolbox.ingest.incident_export",
        "cdtoolbox.interfaces.cli.keys",
    }
)


def test_listing_incidents_imports_only_the_repositories_and_catalogues_it_reads(
    initialised_url: str,
) -> None:
    statement = (
        "from cdtoolbox.interfaces.cli.app import app\n"
        "from typer.testing import CliRunner\n"
        f"result = CliRunner().invoke(app, ['--database-url', {initialised_url!r}, 'incidents', "
        "'list', '--limit', '3'])\n"
        "assert result.exit_code == 0, result.output"
    )
    imported = _modules_after(
        statement,
        "cdtoolbox.store",
        "cdtoolbox.knowledge",
        "cdtoolbox.model",
        "cdtoolbox.formats",
        "cdtoolbox.ingest",
        "cdtoolbox.interfaces.cli",
        "sqlalchemy",
    )
    assert {
        "cdtoolbox.store.incident_repository",
        "cdtoolbox.store.actor_repository",
        "cdtoolbox.knowledge.countries",
    } <= imported
    assert not _NOT_FOR_A_LISTING & imported
    # The store speaks SQLAlchemy Core only, and only the dialect of its database.
    assert "sqlalchemy.orm" not in imported
    if initialised_url.startswith("sqlite"):
        assert "sqlalchemy.dialects.postgresql" not in imported


def test_python_dash_m_cdtoolbox_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cdtoolbox", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Cyber Diplomacy Toolbox" in done.stdout
    assert "incidents" in done.stdout
