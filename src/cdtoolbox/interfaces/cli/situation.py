"""`cdt situation …`: the event log of incidents, their status and crisis level, the board."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.model.situation import CrisisLevel, EventKind, IncidentEvent, OperationalStatus
from cdtoolbox.model.situation_codec import event_to_dict, row_to_dict

__all__ = ["app"]

app = typer.Typer(
    help=(
        "The live situation: each incident's event log, operational status and crisis level "
        "(technical, operational, strategic-political), and the board of incidents followed."
    ),
    no_args_is_help=True,
)

_STATUSES = ", ".join(s.value for s in OperationalStatus)
_LEVELS = ", ".join(level.value for level in CrisisLevel)
_KINDS = ", ".join(kind.value for kind in EventKind)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]
IncidentArgument = Annotated[
    str, typer.Argument(metavar="INCIDENT", help="The incident's id or slug.")
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When it happened, YYYY-MM-DDTHH:MM[:SS][+HH:MM] (UTC without an offset); "
        "default now. Never later than now.",
    ),
]
TlpOption = Annotated[
    str | None,
    typer.Option("--tlp", help="The event's TLP marking (default: the incident's)."),
]
ClassificationOption = Annotated[
    str | None,
    typer.Option(
        "--classification",
        help="EU classification: restreint-ue, confidentiel-ue or secret-ue (default: the "
        "incident's); never above your own clearance.",
    ),
]
SummaryOption = Annotated[str | None, typer.Option("--summary", help="What happened, in words.")]


@app.command("board")
def board_command(
    ctx: typer.Context,
    state: Annotated[
        str | None, typer.Option("--state", help="A Member State affected (ISO code or name).")
    ] = None,
    sector: Annotated[
        str | None, typer.Option("--sector", help="A victim sector (includes its sub-sectors).")
    ] = None,
    status: Annotated[str | None, typer.Option("--status", help=f"One of: {_STATUSES}.")] = None,
    level: Annotated[str | None, typer.Option("--level", help=f"One of: {_LEVELS}.")] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Mark the incidents updated after this time (ISO 8601, UTC unless it says).",
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """The incidents with events you may read, the latest updated first."""
    with open_toolbox(ctx) as toolbox:
        rows = toolbox.situation.board(
            state=state,
            sector=sector,
            status=status,
            level=level,
            since=since,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        items = [row_to_dict(row) for row in rows]
        print_json({"items": items, "total": len(items)})
        return
    table = Table(
        "Incident", "Status", "Level", "Member States", "Severity", "Attribution", "Updated"
    )
    for row in rows:
        changed = "\n[bold]changed since[/bold]" if row.changed else ""
        table.add_row(
            f"{escape(row.title)}\n[dim]{row.slug}[/dim]{changed}",
            row.status.value if row.status else "—",
            row.level.value,
            ", ".join(row.member_states) or "—",
            row.severity.value,
            escape(", ".join(row.attribution)),
            row.last_updated.strftime("%Y-%m-%d %H:%M"),
        )
    out_console.print(table)
    marked = sum(row.changed for row in rows)
    tail = f", {marked} changed since {since}" if since else ""
    out_console.print(f"{counted(len(rows), 'incident')}{tail}.")


@app.command("timeline")
def timeline_command(
    ctx: typer.Context, incident: IncidentArgument, json_output: JsonOption = False
) -> None:
    """The incident's events you may read, oldest first, with its status and level."""
    with open_toolbox(ctx) as toolbox:
        user = acting_user(ctx, toolbox)
        events = toolbox.situation.timeline(incident, by=user)
        standing = toolbox.situation.standing(incident, by=user)
    if json_output:
        print_json(
            {
                "status": standing.status.value if standing and standing.status else None,
                "level": (standing.level if standing else CrisisLevel.NONE).value,
                "items": [event_to_dict(e) for e in events],
                "total": len(events),
            }
        )
        return
    status = standing.status.value if standing and standing.status else "not recorded"
    level = (standing.level if standing else CrisisLevel.NONE).value
    out_console.print(f"Status: {status}  Crisis level: {level}")
    table = Table("When (UTC)", "Event", "Summary", "Marking", "By")
    for event in events:
        table.add_row(
            event.occurred_at.strftime("%Y-%m-%d %H:%M"),
            _event_label(event),
            escape(event.summary + (f" Reason: {event.reason}" if event.reason else "")),
            f"TLP:{event.tlp.value.upper()}"
            + (f", {event.classification.value}" if event.classification else ""),
            escape(event.recorded_by),
        )
    out_console.print(table)
    out_console.print(f"{counted(len(events), 'event')}.")


@app.command("event")
def event_command(
    ctx: typer.Context,
    incident: IncidentArgument,
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {_KINDS}.")],
    summary: Annotated[str, typer.Option("--summary", help="What happened, in words.")],
    at: AtOption = None,
    body: Annotated[
        str | None,
        typer.Option("--body", help="A body convened, e.g. csirts-network, eu-cyclone."),
    ] = None,
    tlp: TlpOption = None,
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record an event on an incident (writes act as --user)."""
    with open_toolbox(ctx) as toolbox:
        recorded = toolbox.situation.record_event(
            incident,
            kind=kind,
            summary=summary,
            occurred_at=at,
            body=body,
            tlp=tlp,
            classification=classification,
            by=acting_user(ctx, toolbox),
        )
    _done(recorded, json_output)


@app.command("status")
def status_command(
    ctx: typer.Context,
    incident: IncidentArgument,
    status: Annotated[str, typer.Argument(metavar="STATUS", help=f"One of: {_STATUSES}.")],
    summary: SummaryOption = None,
    at: AtOption = None,
    tlp: TlpOption = None,
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Change the incident's operational status (writes act as --user)."""
    with open_toolbox(ctx) as toolbox:
        recorded = toolbox.situation.set_status(
            incident,
            status,
            summary=summary,
            occurred_at=at,
            tlp=tlp,
            classification=classification,
            by=acting_user(ctx, toolbox),
        )
    _done(recorded, json_output)


@app.command("level")
def level_command(
    ctx: typer.Context,
    incident: IncidentArgument,
    level: Annotated[str, typer.Argument(metavar="LEVEL", help=f"One of: {_LEVELS}.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the level changes (required).")],
    summary: SummaryOption = None,
    at: AtOption = None,
    body: Annotated[
        str | None, typer.Option("--body", help="The body convened, e.g. eu-cyclone.")
    ] = None,
    tlp: TlpOption = None,
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Escalate or de-escalate the incident's crisis level (writes act as --user)."""
    with open_toolbox(ctx) as toolbox:
        recorded = toolbox.situation.change_level(
            incident,
            level,
            reason=reason,
            summary=summary,
            occurred_at=at,
            body=body,
            tlp=tlp,
            classification=classification,
            by=acting_user(ctx, toolbox),
        )
    _done(recorded, json_output)


def _done(event: IncidentEvent, json_output: bool) -> None:
    if json_output:
        print_json(event_to_dict(event))
        return
    out_console.print(f"Recorded {_event_label(event)} ({event.id}).")


def _event_label(event: IncidentEvent) -> str:
    if event.status is not None:
        return f"status: {event.status.value}"
    if event.level is not None and event.previous_level is not None:
        return f"{event.direction}: {event.previous_level.value} → {event.level.value}"
    return event.kind.value
