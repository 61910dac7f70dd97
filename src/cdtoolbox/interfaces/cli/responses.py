"""`cdt responses …`: the public responses of the EU and its Member States in the store."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.response_view import print_response
from cdtoolbox.model.response_codec import response_record_to_dict

__all__ = ["app"]

app = typer.Typer(
    help=(
        "The public responses of the EU and its Member States: the release's and those "
        "analysts confirmed from statements, the precedents of the assessment."
    ),
    no_args_is_help=True,
)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of text for people.")
]


@app.command("list")
def list_command(
    ctx: typer.Context,
    incident: Annotated[
        str | None, typer.Option("--incident", help="An incident concerned, by its slug.")
    ] = None,
    state: Annotated[
        str,
        typer.Option("--state", help="confirmed, draft, or all."),
    ] = "confirmed",
    statement: Annotated[
        str | None, typer.Option("--statement", help="Drafted from this statement (its id).")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """List the responses you may read: the release's in its file's order, then the
    analysts' by date."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        found = toolbox.responses.list(
            incident=incident,
            state=None if state.strip().lower() == "all" else state,
            statement=statement,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json({"items": [response_record_to_dict(record) for record in found]})
        return
    table = Table("Id", "Date", "Party", "Instrument", "Incidents", "State", "TLP")
    for record in found:
        response = record.response
        table.add_row(
            escape(response.id),
            str(response.date),
            escape(response.party),
            response.instrument_id or "",
            ", ".join(response.incidents),
            record.state.value,
            record.tlp.value,
        )
    out_console.print(table)


@app.command("show")
def show_command(
    ctx: typer.Context,
    response_id: Annotated[
        str, typer.Argument(metavar="ID", help="The response's id (`cdt responses list`).")
    ],
    json_output: JsonOption = False,
) -> None:
    """Show one response: what was done, by whom, about which incidents, from which source."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        record = toolbox.responses.get(response_id, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(response_record_to_dict(record))
        return
    print_response(record)
