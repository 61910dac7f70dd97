"""`cdt alerts …`: the alerts the rules raised, a check of the rules (for cron), and their
acknowledgement."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.model.alert_codec import alert_to_dict
from cdtoolbox.model.alerts import Alert

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Alerts raised by the rules (severity high or above in two or more Member States; an "
        "actor under EU sanctions active again), once per rule and subject, and their "
        "acknowledgement."
    ),
    no_args_is_help=True,
)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]


@app.command("list")
def list_command(
    ctx: typer.Context,
    acknowledged: Annotated[
        bool, typer.Option("--acknowledged", help="List the acknowledged alerts instead.")
    ] = False,
    every: Annotated[
        bool, typer.Option("--all", help="List open and acknowledged alerts.")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """The alerts you may read (those not yet acknowledged by default), the latest seen first."""
    with open_toolbox(ctx) as toolbox:
        found = toolbox.alerts.list(
            acknowledged=None if every else acknowledged, by=acting_user(ctx, toolbox)
        )
    if json_output:
        items = [alert_to_dict(alert) for alert in found]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("Alert", "Rule", "Summary", "Marking", "Last seen (UTC)", "Acknowledged")
    for alert in found:
        table.add_row(
            alert.id,
            alert.rule.value,
            escape(alert.summary),
            alert.tlp.label + (f", {alert.classification.value}" if alert.classification else ""),
            f"{alert.last_seen:%Y-%m-%d %H:%M}",
            escape(alert.acknowledged_by or "—"),
        )
    out_console.print(table)
    out_console.print(f"{counted(len(found), 'alert')}.")


@app.command("check")
def check_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """Run the rules over every stored incident (for cron; the rules also run after each
    write they read) and store what they find: new alerts, or old ones seen again."""
    with open_toolbox(ctx) as toolbox:
        result = toolbox.alerts.check(by=acting_user(ctx, toolbox))
    if json_output:
        print_json(
            {
                "raised": [alert_to_dict(a) for a in result.raised],
                "seen_again": [alert_to_dict(a) for a in result.seen_again],
            }
        )
        return
    for alert in result.raised:
        out_console.print(f"New: {escape(alert.summary)} ({alert.id})")
    out_console.print(
        f"{counted(len(result.raised), 'new alert')}, "
        f"{counted(len(result.seen_again), 'alert')} seen again."
    )


@app.command("acknowledge")
def acknowledge_command(
    ctx: typer.Context,
    alert_id: Annotated[str, typer.Argument(metavar="ALERT", help="The alert's id.")],
    json_output: JsonOption = False,
) -> None:
    """Acknowledge an alert (analysts): it leaves the open alerts, and the rules finding its
    subject again do not re-open it."""
    with open_toolbox(ctx) as toolbox:
        done: Alert = toolbox.alerts.acknowledge(alert_id, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(alert_to_dict(done))
        return
    out_console.print(f"Acknowledged {done.id}.")
