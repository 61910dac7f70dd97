"""`cdt audit …`: read the audit trail and verify its hash chain."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import (
    acting_user,
    err_console,
    open_toolbox,
    out_console,
    print_json,
)
from cdtoolbox.model.audit_codec import AUDIT_ENTRIES, AUDIT_VERIFICATIONS

__all__ = ["app"]

app = typer.Typer(
    help="The audit trail of incidents, imports, cases, listings and accounts.",
    no_args_is_help=True,
)


@app.command("verify")
def verify_command(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Recompute the hash chain; exit 1 and name the first broken entry if any was altered."""
    with open_toolbox(ctx) as toolbox:
        result = toolbox.audit.verify(by=acting_user(ctx, toolbox))
    if json_output:
        print_json(AUDIT_VERIFICATIONS.encode(result))
    elif result.intact:
        out_console.print(result.summary)
    else:
        err_console.print(f"[bold red]{escape(result.summary)}[/]")
    if not result.intact:
        raise typer.Exit(1)


@app.command("log")
def log_command(
    ctx: typer.Context,
    entity: Annotated[
        str | None, typer.Option("--entity", help="case, listing, user, token, …")
    ] = None,
    key: Annotated[str | None, typer.Option("--key", help="The record's id.")] = None,
    after: Annotated[int, typer.Option("--after", help="Entries after this number.")] = 0,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=10_000, help="Show at most this many entries.")
    ] = 100,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show audit entries in the order they were written."""
    with open_toolbox(ctx) as toolbox:
        entries = toolbox.audit.entries(
            by=acting_user(ctx, toolbox), entity=entity, key=key, after_seq=after, limit=limit
        )
    if json_output:
        print_json([AUDIT_ENTRIES.encode(entry) for entry in entries])
        return
    # The labels of the /audit page, from the same table; --json keeps the stored codes.
    table = Table("#", "When", "Who", "Change", "Record", title="Audit trail")
    for entry in entries:
        table.add_row(
            str(entry.seq),
            entry.at.isoformat(),
            escape(entry.actor),
            escape(entry.action_label),
            escape(f"{entry.record_kind} {entry.key}"),
        )
    out_console.print(table)
