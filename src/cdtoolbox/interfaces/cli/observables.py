"""`cdt observables …`: observables on incidents, and which incidents share them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.model.observable_codec import linked_to_dict, record_to_dict, shared_to_dict

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Observables (IP addresses, domains, URLs, file hashes, certificate fingerprints, "
        "e-mail addresses) on incidents, and the incidents that share them."
    ),
    no_args_is_help=True,
)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]
IncidentArgument = Annotated[
    str, typer.Argument(metavar="INCIDENT", help="The incident's id or slug.")
]
KINDS = "ipv4, ipv6, domain, url, md5, sha1, sha256, sha512, certificate or email"


@app.command("add")
def add_command(
    ctx: typer.Context,
    incident: IncidentArgument,
    kind: Annotated[str, typer.Argument(metavar="KIND", help=f"One of {KINDS}.")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The value, in any usual form.")],
    json_output: JsonOption = False,
) -> None:
    """Record an observable on an incident, normalised (an invalid value is refused, exit 2).
    Acts as --user."""
    with open_toolbox(ctx) as toolbox:
        record = toolbox.observables.add(incident, kind, value, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(record_to_dict(record))
        return
    found = record.observable
    out_console.print(f"Recorded {found.kind.value} {escape(found.value)} on {record.incident_id}.")


@app.command("find")
def find_command(
    ctx: typer.Context,
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="The value; its kind is read from its form.")
    ],
    kind: Annotated[
        str | None, typer.Option("--kind", help=f"Read VALUE as this kind: {KINDS}.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """The incidents you may read that carry VALUE."""
    with open_toolbox(ctx) as toolbox:
        found = toolbox.observables.find(value, kind=kind, by=acting_user(ctx, toolbox))
    if json_output:
        items = [shared_to_dict(item) for item in found]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("Incident", "Title", "Kind", "Value", "Source", "Sightings")
    for item in found:
        table.add_row(
            item.incident_id,
            escape(item.incident_title),
            item.observable.kind.value,
            escape(item.observable.value),
            escape(item.source),
            str(item.sightings),
        )
    out_console.print(table)
    out_console.print(f"{counted(len(found), 'incident')}.")


@app.command("linked")
def linked_command(
    ctx: typer.Context, incident: IncidentArgument, json_output: JsonOption = False
) -> None:
    """The other incidents you may read sharing an observable with INCIDENT, with the values
    shared."""
    with open_toolbox(ctx) as toolbox:
        found = toolbox.observables.linked(incident, by=acting_user(ctx, toolbox))
    if json_output:
        items = [linked_to_dict(item) for item in found]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("Incident", "Title", "Shared observables")
    for item in found:
        shared = ", ".join(f"{o.kind.value} {o.value}" for o in item.shared)
        table.add_row(item.incident_id, escape(item.title), escape(shared))
    out_console.print(table)
    out_console.print(f"{counted(len(found), 'linked incident')}.")


@app.command("list")
def list_command(
    ctx: typer.Context, incident: IncidentArgument, json_output: JsonOption = False
) -> None:
    """The observables recorded on INCIDENT that you may read."""
    with open_toolbox(ctx) as toolbox:
        found = toolbox.observables.of_incident(incident, by=acting_user(ctx, toolbox))
    if json_output:
        items = [record_to_dict(item) for item in found]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("Kind", "Value", "Source", "TLP", "First seen", "Last seen", "Sightings")
    for item in found:
        table.add_row(
            item.observable.kind.value,
            escape(item.observable.value),
            escape(item.source),
            item.tlp.value,
            item.first_seen.isoformat() if item.first_seen else "",
            item.last_seen.isoformat() if item.last_seen else "",
            str(item.sightings),
        )
    out_console.print(table)
    out_console.print(f"{counted(len(found), 'observable')}.")
