"""`cdt pocs …`: the points-of-contact directory and its communication checks."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.interfaces.cli.option_values import ClassificationOption
from cdtoolbox.model.cooperation_codec import poc_to_dict, report_to_dict, round_to_dict

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Points of contact per State and framework (organisation, channel, languages, hours, "
        "last verified) and communication checks of them."
    ),
    no_args_is_help=True,
)
rounds_app = typer.Typer(
    help="Communication checks: open a round, record sent and acknowledged, report.",
    no_args_is_help=True,
)
app.add_typer(rounds_app, name="check-round")

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]
RoundArgument = Annotated[str, typer.Argument(metavar="ROUND", help="The round's id.")]
PocArgument = Annotated[str, typer.Argument(metavar="POC", help="The contact's id.")]
AtOption = Annotated[
    str | None,
    typer.Option("--at", help="When, YYYY-MM-DDTHH:MM[:SS][+HH:MM] (UTC without offset); now."),
]


@app.command("list")
def list_command(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option("--state", help="ISO code or name.")] = None,
    network: Annotated[
        str | None,
        typer.Option("--network", help="osce, arf, oas, un or eu-csirts-network."),
    ] = None,
    stale: Annotated[
        bool, typer.Option("--stale", help="Only contacts not verified within a year.")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """List the contacts you may read; those not verified within a year are flagged."""
    with open_toolbox(ctx) as toolbox:
        contacts = toolbox.pocs.list(
            state=state, network=network, stale=stale, by=acting_user(ctx, toolbox)
        )
        flags = [toolbox.pocs.is_stale(poc) for poc in contacts]
    if json_output:
        items = [{**poc_to_dict(p), "stale": f} for p, f in zip(contacts, flags, strict=True)]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("Id", "State", "Network", "Level", "Organisation", "Last verified")
    for poc, flag in zip(contacts, flags, strict=True):
        verified = poc.last_verified.isoformat() if poc.last_verified else "never"
        table.add_row(
            poc.id,
            poc.state,
            poc.network,
            poc.level.value,
            escape(poc.organisation),
            f"{verified} (STALE)" if flag else verified,
        )
    out_console.print(table)
    out_console.print(
        f"{counted(len(contacts), 'contact')}, {sum(flags):,} not verified within a year."
    )


@app.command("add")
def add_command(
    ctx: typer.Context,
    state: Annotated[str, typer.Argument(metavar="STATE", help="ISO code or name.")],
    network: Annotated[
        str, typer.Argument(metavar="NETWORK", help="osce, arf, oas, un or eu-csirts-network.")
    ],
    organisation: Annotated[str, typer.Option("--organisation", help="Who answers.")],
    channel: Annotated[str, typer.Option("--channel", help="How a check reaches it.")],
    level: Annotated[
        str, typer.Option("--level", help="diplomatic, technical or political.")
    ] = "technical",
    language: Annotated[
        list[str] | None, typer.Option("--language", help="A working language; repeat.")
    ] = None,
    hours: Annotated[str | None, typer.Option("--hours", help="e.g. 24/7.")] = None,
    last_verified: Annotated[
        str | None, typer.Option("--last-verified", help="YYYY-MM-DD.")
    ] = None,
    tlp: Annotated[str, typer.Option("--tlp", help="The record's marking.")] = "clear",
    name: Annotated[str | None, typer.Option("--name", help="The person.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Their e-mail.")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Their phone.")] = None,
    personal_tlp: Annotated[
        str, typer.Option("--personal-tlp", help="The marking of name, e-mail and phone.")
    ] = "amber",
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Add a State's point of contact; personal details are TLP:AMBER unless marked."""
    with open_toolbox(ctx) as toolbox:
        poc = toolbox.pocs.add(
            state=state,
            network=network,
            level=level,
            organisation=organisation,
            channel=channel,
            languages=language or (),
            hours=hours,
            last_verified=last_verified,
            tlp=tlp,
            name=name,
            email=email,
            phone=phone,
            personal_tlp=personal_tlp,
            classification=classification,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json(poc_to_dict(poc))
        return
    out_console.print(f"Added {poc.id}.")


@rounds_app.command("list")
def rounds_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """List the rounds, oldest first."""
    with open_toolbox(ctx) as toolbox:
        rounds = toolbox.pocs.rounds(by=acting_user(ctx, toolbox))
    if json_output:
        print_json({"items": [round_to_dict(r) for r in rounds], "total": len(rounds)})
        return
    table = Table("Id", "Network", "Title", "Opened", "Contacts")
    for check in rounds:
        table.add_row(
            check.id,
            check.network,
            escape(check.title),
            check.opened_at.isoformat(),
            str(len(check.entries)),
        )
    out_console.print(table)


@rounds_app.command("open")
def open_command(
    ctx: typer.Context,
    network: Annotated[
        str, typer.Argument(metavar="NETWORK", help="osce, arf, oas, un or eu-csirts-network.")
    ],
    title: Annotated[str, typer.Argument(metavar="TITLE", help="e.g. 2026 Q4.")],
    json_output: JsonOption = False,
) -> None:
    """Open a check of every contact of a network; a title used before is refused (exit 2)."""
    with open_toolbox(ctx) as toolbox:
        check = toolbox.pocs.open_round(network, title, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(round_to_dict(check))
        return
    out_console.print(f"Opened {check.id} over {counted(len(check.entries), 'contact')}.")


@rounds_app.command("sent")
def sent_command(
    ctx: typer.Context, round_id: RoundArgument, poc_id: PocArgument, at: AtOption = None
) -> None:
    """Record when the test message went to a contact."""
    with open_toolbox(ctx) as toolbox:
        toolbox.pocs.mark_sent(round_id, poc_id, at, by=acting_user(ctx, toolbox))
    out_console.print(f"Recorded: sent to {poc_id}.")


@rounds_app.command("ack")
def ack_command(
    ctx: typer.Context, round_id: RoundArgument, poc_id: PocArgument, at: AtOption = None
) -> None:
    """Record a contact's acknowledgement (refused, exit 2, before the check was sent)."""
    with open_toolbox(ctx) as toolbox:
        toolbox.pocs.acknowledge(round_id, poc_id, at, by=acting_user(ctx, toolbox))
    out_console.print(f"Recorded: {poc_id} acknowledged.")


@rounds_app.command("report")
def report_command(
    ctx: typer.Context, round_id: RoundArgument, json_output: JsonOption = False
) -> None:
    """Response rate and median and 95th percentile time to acknowledge, overall and per State."""
    with open_toolbox(ctx) as toolbox:
        report = toolbox.pocs.report(round_id, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(report_to_dict(report))
        return
    table = Table("State", "Sent", "Acknowledged", "Rate", "Median", "95th percentile")
    for state, times in (("all", report.overall), *report.by_state):
        rate = f"{times.response_rate:.0%}" if times.response_rate is not None else "-"
        table.add_row(
            state,
            str(times.sent),
            str(times.acknowledged),
            rate,
            str(times.median) if times.median is not None else "-",
            str(times.p95) if times.p95 is not None else "-",
        )
    out_console.print(table)
