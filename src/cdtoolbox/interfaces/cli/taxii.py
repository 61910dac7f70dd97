"""`cdt taxii …`: the TAXII 2.1 collections served under /taxii2/ by `cdt serve`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json

__all__ = ["app"]

app = typer.Typer(
    help="The TAXII 2.1 server's collections (served under /taxii2/ by `cdt serve`).",
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


@app.command("collections")
def collections_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """List the collections: id, alias, who may read and add to them, how many object
    versions each holds (of those your clearance lets you read)."""
    with open_toolbox(ctx) as toolbox:
        user = acting_user(ctx, toolbox)
        rows = [
            {
                "id": collection.id,
                "alias": collection.alias,
                "title": collection.title,
                "read_permission": collection.read_permission.value,
                "write_permission": collection.write_permission.value
                if collection.write_permission
                else None,
                "object_versions": toolbox.taxii.object_count(collection.id, by=user)
                if collection.can_read(user)
                else None,
            }
            for collection in toolbox.taxii.collections(by=user)
        ]
    if json_output:
        print_json(rows)
        return
    for row in rows:
        adding = f"needs '{row['write_permission']}'" if row["write_permission"] else "read-only"
        versions = row["object_versions"]
        out_console.print(
            f"[bold]{escape(str(row['alias'] or row['id']))}[/] — {escape(str(row['title']))}\n"
            f"  id {row['id']}\n"
            f"  reading needs '{row['read_permission']}'; adding: {adding}"
            + ("" if versions is None else f"; {versions} object versions you may read")
        )


@app.command("publish")
def publish_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """Publish the incident repository to its TAXII collection ("repository"): new objects
    and versions are added, objects gone from the repository are withdrawn. `cdt init` does
    it too; running it again on an unchanged repository changes nothing."""
    with open_toolbox(ctx) as toolbox:
        report = toolbox.taxii.publish(by=acting_user(ctx, toolbox))
    if json_output:
        print_json(
            {
                "collection_id": report.collection_id,
                "objects": report.objects,
                "added": report.added,
                "unchanged": report.unchanged,
                "withdrawn": report.withdrawn,
            }
        )
        return
    out_console.print(
        f"Published {report.objects} objects to the repository collection "
        f"({report.collection_id}): {report.added} new or newer, {report.unchanged} unchanged, "
        f"{report.withdrawn} withdrawn."
    )
