"""`cdt init`: create or migrate the database and load the bundled data."""

from __future__ import annotations

from typing import Annotated

import typer

from cdtoolbox.interfaces.cli.context import err_console, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.global_options import DatabaseUrlOption

__all__ = ["init_command"]


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
        "statements_added": result.statements_added,
        "statements_already_present": result.statements_present,
        "responses_added": result.responses.added,
        "responses_updated": result.responses.updated,
        "responses_removed": result.responses.removed,
        "taxii_collections_created": result.taxii_collections_created,
        "taxii_objects_published": result.taxii_publication.objects,
        "taxii_objects_added": result.taxii_publication.added,
        "taxii_objects_withdrawn": result.taxii_publication.withdrawn,
    }
    if json_output:
        print_json(summary)
        return
    sanctions, publication, responses = (
        result.sanctions,
        result.taxii_publication,
        result.responses,
    )
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
        f"Bundled official texts (statement archive): {result.statements_added} added, "
        f"{result.statements_present} already present.\n"
        f"Public responses of the release: {responses.added} added, {responses.updated} "
        f"updated, {responses.removed} withdrawn.\n"
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
