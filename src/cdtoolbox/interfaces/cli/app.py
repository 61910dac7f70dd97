"""`cdt`: the command line of the Cyber Diplomacy Toolbox."""

from __future__ import annotations

from typing import Annotated

import typer

from cdtoolbox.interfaces.cli import (
    actors,
    assess,
    audit,
    cases,
    cbms,
    exchange,
    incidents,
    keys,
    misp_commands,
    pocs,
    pqc,
    report,
    sanctions,
    serve,
    taxii,
    users,
)
from cdtoolbox.interfaces.cli.context import (
    USER_VARIABLE,
    err_console,
    open_toolbox,
    out_console,
    print_json,
)
from cdtoolbox.toolbox.settings import DATABASE_URL_VARIABLE

__all__ = ["app", "main"]

app = typer.Typer(
    name="cdt",
    help=(
        "Cyber Diplomacy Toolbox: record malicious cyber activities, the actors behind them and "
        "the attributions made, assess them and prepare the EU's diplomatic response."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(incidents.app, name="incidents")
app.add_typer(actors.app, name="actors")
app.add_typer(cases.app, name="cases")
app.add_typer(users.app, name="users")
app.add_typer(audit.app, name="audit")
app.add_typer(sanctions.app, name="sanctions")
app.add_typer(cbms.app, name="cbms")
app.add_typer(pocs.app, name="pocs")
app.add_typer(taxii.app, name="taxii")
app.command("assess")(assess.assess_command)
app.add_typer(report.app, name="report")
app.add_typer(exchange.import_app, name="import")
app.add_typer(exchange.export_app, name="export")
exchange.import_app.command("misp")(misp_commands.import_misp_command)
exchange.export_app.command("misp")(misp_commands.export_misp_command)
app.command("serve")(serve.serve_command)
app.add_typer(keys.app, name="keys")
app.command("verify")(keys.verify_command)
app.add_typer(pqc.app, name="pqc")

DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar=DATABASE_URL_VARIABLE,
        help=(
            "Database to use: sqlite:///PATH (embedded, the default lives in your user data "
            "directory) or postgresql+psycopg://USER:PASSWORD@HOST/DB."
        ),
        show_envvar=True,
    ),
]


UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        envvar=USER_VARIABLE,
        help=(
            "Act as this account: its role, Member State and clearance apply and the audit "
            "trail names it. Default: the local operator 'system' (an administrator who "
            "cannot record a Member State's position)."
        ),
        show_envvar=True,
    ),
]


@app.callback()
def root(
    ctx: typer.Context, database_url: DatabaseUrlOption = None, user: UserOption = None
) -> None:
    """Cyber Diplomacy Toolbox command line."""
    state = ctx.ensure_object(dict)
    state["database_url"] = database_url
    state["user"] = user


@app.command("init")
def init_command(
    ctx: typer.Context,
    database_url: DatabaseUrlOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Create or migrate the database and load the reference actors and the curated dataset.

    Safe to run again: a second run finds everything in place and changes nothing.
    """
    if database_url:
        ctx.ensure_object(dict)["database_url"] = database_url
    with open_toolbox(ctx) as toolbox:
        # Imported here: the bars cost 50 ms of start-up that every other command would pay.
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskID,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = (
            TextColumn("{task.description:<38}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=err_console, disable=json_output) as progress:
            tasks: dict[str, TaskID] = {}

            def report(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = progress.add_task(stage, total=max(total, 1))
                progress.update(tasks[stage], completed=done, total=max(total, 1))

            result = toolbox.init(report)
    summary = {
        "database": _redact(toolbox.settings.database_url),
        "schema_revision": result.schema_revision,
        "actors_total": result.actors_total,
        "actors_changed": result.actors_changed,
        "incidents_added": result.incidents_added,
        "incidents_already_present": result.incidents_present,
        "dataset_version": result.dataset_version,
        "sanctions_listings_added": result.sanctions.listings_added,
        "sanctions_listings_already_present": result.sanctions.listings_present,
        "sanctions_renewals_added": result.sanctions.renewals_added,
        "taxii_collections_created": result.taxii_collections_created,
        "taxii_objects_published": result.taxii_publication.objects,
        "taxii_objects_added": result.taxii_publication.added,
        "taxii_objects_withdrawn": result.taxii_publication.withdrawn,
    }
    if json_output:
        print_json(summary)
        return
    sanctions, publication = result.sanctions, result.taxii_publication
    renewals = f", {sanctions.renewals_added} renewals added" if sanctions.renewals_added else ""
    created = result.taxii_collections_created
    collections = f"\nTAXII collections created: {created}." if created else ""
    out_console.print(
        f"Database ready at {summary['database']} (schema {result.schema_revision}).\n"
        f"Threat actors: {result.actors_total} in the knowledge base, {result.actors_changed} "
        f"added or updated.\nCurated incidents (dataset {result.dataset_version}): "
        f"{result.incidents_added} added, {result.incidents_present} already present.\n"
        f"EU cyber sanctions register: {sanctions.listings_added} listings added, "
        f"{sanctions.listings_present} already present{renewals}.\n"
        f"TAXII repository collection: {publication.objects} objects, {publication.added} "
        f"new or updated, {publication.withdrawn} withdrawn.{collections}"
    )


def _redact(url: str) -> str:
    """Hide a password in a database URL before printing it."""
    scheme, separator, rest = url.partition("://")
    if "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}{separator}{user}:***@{host}"


def main() -> None:
    app()
