"""`cdt dialogues …`: the EU's cyber dialogues and partnerships and their rounds."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.interfaces.cli.option_values import ClassificationOption
from cdtoolbox.model.cooperation_codec import dialogue_to_dict
from cdtoolbox.model.dialogues import Dialogue

__all__ = ["app"]

app = typer.Typer(
    help=(
        "The EU's cyber dialogues and partnerships (third countries, organisations, cyber "
        "ambassadors): status, rounds with their marking, next meeting."
    ),
    no_args_is_help=True,
)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]
DialogueArgument = Annotated[
    str, typer.Argument(metavar="DIALOGUE", help="The dialogue's id (`cdt dialogues list`).")
]


@app.command("list")
def list_command(
    ctx: typer.Context,
    partner: Annotated[
        str | None,
        typer.Option("--partner", help="ISO code, country name or organisation id (nato, …)."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="bilateral, organisation, multilateral, ambassadors, civil-society, academia "
            "or industry.",
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="active, dormant, suspended, none or unknown."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """List the dialogues you may read, with their last round and next meeting."""
    with open_toolbox(ctx) as toolbox:
        found = toolbox.dialogues.list(
            partner=partner, kind=kind, status=status, by=acting_user(ctx, toolbox)
        )
    if json_output:
        items = [dialogue_to_dict(d) for d in found]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("Id", "Partner", "Kind", "Status", "Last round", "Next meeting")
    for dialogue in found:
        last = dialogue.last_round
        table.add_row(
            dialogue.id,
            escape(dialogue.partner_name),
            dialogue.kind.value,
            _status(dialogue),
            last.held_on.isoformat() if last else "none recorded",
            escape(dialogue.next_in_words() or "unknown"),
        )
    out_console.print(table)
    out_console.print(f"{counted(len(found), 'dialogue')}.")


@app.command("show")
def show_command(
    ctx: typer.Context, dialogue_id: DialogueArgument, json_output: JsonOption = False
) -> None:
    """Show a dialogue with the rounds you may read (each round's marking shown)."""
    with open_toolbox(ctx) as toolbox:
        dialogue = toolbox.dialogues.get(dialogue_id, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(dialogue_to_dict(dialogue))
        return
    out_console.print(f"[bold]{escape(dialogue.title)}[/bold] ({dialogue.id})")
    out_console.print(f"Partner: {escape(dialogue.partner_name)} ({dialogue.partner})")
    out_console.print(f"Kind: {dialogue.kind.value}  Status: {_status(dialogue)}")
    if dialogue.first_held:
        out_console.print(f"First held: {dialogue.first_held.isoformat()}")
    out_console.print(f"Next meeting: {escape(dialogue.next_in_words() or 'unknown')}")
    if dialogue.note:
        out_console.print(escape(dialogue.note))
    for meeting in dialogue.rounds:
        checked = "" if meeting.confirmed else " (not confirmed)"
        out_console.print(
            f"- {escape(meeting.label)} [TLP:{meeting.tlp.value.upper()}]{escape(checked)}"
        )
        for topic in meeting.topics:
            out_console.print(f"    topic: {escape(topic)}")
        for outcome in meeting.outcomes:
            out_console.print(f"    outcome: {escape(outcome)}")
    if dialogue.rounds_withheld:
        out_console.print(
            f"{counted(dialogue.rounds_withheld, 'round')} above your clearance not shown."
        )
    out_console.print("Sources: " + escape("; ".join(dialogue.sources)))


@app.command("add")
def add_command(
    ctx: typer.Context,
    partner: Annotated[
        str,
        typer.Argument(
            metavar="PARTNER", help="ISO code, country name or organisation id (nato, …)."
        ),
    ],
    title: Annotated[str, typer.Option("--title", help="e.g. EU-Norway cyber dialogue.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="bilateral, organisation, multilateral, ambassadors, civil-society, academia "
            "or industry.",
        ),
    ] = "bilateral",
    partner_name: Annotated[
        str | None,
        typer.Option("--partner-name", help="Names a new organisation (not bilateral)."),
    ] = None,
    status: Annotated[
        str, typer.Option("--status", help="active, dormant, suspended, none or unknown.")
    ] = "active",
    first_held: Annotated[str | None, typer.Option("--first-held", help="YYYY-MM-DD.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A remark.")] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="A public address; repeat.")
    ] = None,
    tlp: Annotated[str, typer.Option("--tlp", help="The dialogue's marking.")] = "clear",
    json_output: JsonOption = False,
) -> None:
    """Add a dialogue or partnership (writes act as --user)."""
    with open_toolbox(ctx) as toolbox:
        dialogue = toolbox.dialogues.add(
            partner=partner,
            kind=kind,
            title=title,
            status=status,
            partner_name=partner_name,
            first_held=first_held,
            note=note,
            sources=source or (),
            tlp=tlp,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json(dialogue_to_dict(dialogue))
        return
    out_console.print(f"Added {dialogue.id} with {escape(dialogue.partner_name)}.")


@app.command("add-round")
def add_round_command(
    ctx: typer.Context,
    dialogue_id: DialogueArgument,
    held_on: Annotated[str, typer.Option("--held-on", help="First day, YYYY-MM-DD.")],
    ends_on: Annotated[str | None, typer.Option("--ends-on", help="Last day, YYYY-MM-DD.")] = None,
    number: Annotated[int | None, typer.Option("--number", help="The round's ordinal.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Where it met.")] = None,
    level: Annotated[
        str | None, typer.Option("--level", help="e.g. senior officials, Track 2.")
    ] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="A topic; repeat.")] = None,
    outcome: Annotated[
        list[str] | None,
        typer.Option("--outcome", help="An outcome or talking point; repeat."),
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="A public address; repeat.")
    ] = None,
    tlp: Annotated[str, typer.Option("--tlp", help="The round's marking.")] = "clear",
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record a round that took place (writes act as --user)."""
    with open_toolbox(ctx) as toolbox:
        dialogue = toolbox.dialogues.add_round(
            dialogue_id,
            held_on=held_on,
            ends_on=ends_on,
            number=number,
            place=place,
            level=level,
            topics=topic or (),
            outcomes=outcome or (),
            sources=source or (),
            tlp=tlp,
            classification=classification,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json(dialogue_to_dict(dialogue))
        return
    out_console.print(f"Recorded a round of {dialogue.id} on {held_on}.")


@app.command("update")
def update_command(
    ctx: typer.Context,
    dialogue_id: DialogueArgument,
    status: Annotated[
        str | None,
        typer.Option("--status", help="active, dormant, suspended, none or unknown."),
    ] = None,
    next_meeting: Annotated[
        str | None,
        typer.Option("--next-meeting", help="YYYY-MM-DD, after the last round."),
    ] = None,
    next_meeting_note: Annotated[
        str | None, typer.Option("--next-meeting-note", help="e.g. London, 2027.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Change a dialogue's status or announce its next meeting (writes act as --user)."""
    with open_toolbox(ctx) as toolbox:
        dialogue = toolbox.dialogues.update(
            dialogue_id,
            status=status,
            next_meeting=next_meeting,
            next_meeting_note=next_meeting_note,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json(dialogue_to_dict(dialogue))
        return
    out_console.print(
        f"{dialogue.id}: {_status(dialogue)}; next meeting "
        f"{escape(dialogue.next_in_words() or 'unknown')}."
    )


def _status(dialogue: Dialogue) -> str:
    return dialogue.status.value + ("" if dialogue.status_confirmed else " (not confirmed)")
