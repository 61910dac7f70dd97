"""`cdt webhooks …`: the targets alerts are sent to (administrators), and the delivery log."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.model.webhook_codec import delivery_to_dict, target_to_dict

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Webhook targets that new alerts are sent to, signed (HMAC-SHA256), within the "
        "CDT_WEBHOOK_ALLOW allow-list; administrators only."
    ),
    no_args_is_help=True,
)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]


@app.command("add")
def add_command(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(metavar="URL", help="Where alerts are POSTed.")],
    secret_file: Annotated[
        Path,
        typer.Option(
            "--secret-file",
            help="A file holding the shared secret (at least 32 characters) the signature "
            "is made with; the receiver holds the same.",
        ),
    ],
    max_tlp: Annotated[
        str,
        typer.Option("--max-tlp", help="The most restricted alert marking sent to it."),
    ] = "green",
    json_output: JsonOption = False,
) -> None:
    """Add a target: its URL must start with a prefix of CDT_WEBHOOK_ALLOW."""
    try:
        secret = secret_file.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise InvalidInput("webhook target", "secret_file", str(secret_file), str(error)) from None
    with open_toolbox(ctx) as toolbox:
        target = toolbox.webhooks.add(
            url, secret=secret, max_tlp=max_tlp, by=acting_user(ctx, toolbox)
        )
    if json_output:
        print_json(target_to_dict(target))
        return
    out_console.print(f"Added {target.id}: {escape(target.url)} (up to {target.max_tlp.label}).")


@app.command("list")
def list_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """The configured targets (never their secrets)."""
    with open_toolbox(ctx) as toolbox:
        targets = toolbox.webhooks.list(by=acting_user(ctx, toolbox))
    if json_output:
        items = [target_to_dict(t) for t in targets]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("Target", "URL", "Up to", "Added (UTC)")
    for target in targets:
        table.add_row(
            target.id,
            escape(target.url),
            target.max_tlp.label,
            f"{target.added_at:%Y-%m-%d %H:%M} {escape(target.added_by)}",
        )
    out_console.print(table)
    out_console.print(f"{counted(len(targets), 'target')}.")


@app.command("remove")
def remove_command(
    ctx: typer.Context,
    target_id: Annotated[str, typer.Argument(metavar="TARGET", help="The target's id.")],
) -> None:
    """Remove a target: no alert is sent to it any more."""
    with open_toolbox(ctx) as toolbox:
        toolbox.webhooks.remove(target_id, by=acting_user(ctx, toolbox))
    out_console.print(f"Removed {target_id}.")


@app.command("deliveries")
def deliveries_command(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="How many.")] = 100,
    json_output: JsonOption = False,
) -> None:
    """The latest deliveries: delivered, failed (after how many attempts) or withheld."""
    with open_toolbox(ctx) as toolbox:
        found = toolbox.webhooks.deliveries(limit=limit, by=acting_user(ctx, toolbox))
    if json_output:
        items = [delivery_to_dict(d) for d in found]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("When (UTC)", "Target", "Alert", "Outcome", "Attempts", "Detail")
    for delivery in found:
        table.add_row(
            f"{delivery.at:%Y-%m-%d %H:%M:%S}",
            delivery.target_id,
            delivery.alert_id,
            delivery.outcome,
            str(delivery.attempts),
            escape(delivery.detail),
        )
    out_console.print(table)
