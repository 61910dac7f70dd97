"""`cdt teams …`: the teams that can be sent (the PESCO CRRT bundled) and their deployments."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.model.assistance import Deployment, TeamKind
from cdtoolbox.model.assistance_codec import deployment_to_dict, team_to_dict

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Teams that can be sent (the PESCO Cyber Rapid Response Teams bundled, national teams, "
        "Reserve providers) and their deployments. Writes act as --user."
    ),
    no_args_is_help=True,
)

_KINDS = ", ".join(k.value for k in TeamKind)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]
TeamArgument = Annotated[str, typer.Argument(metavar="TEAM", help="The team's id.")]


@app.command("list")
def list_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """The bundled teams, then the recorded ones you may read."""
    with open_toolbox(ctx) as toolbox:
        found = toolbox.assistance.teams(by=acting_user(ctx, toolbox))
    if json_output:
        items = [team_to_dict(t) for t in found]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("Team", "Kind", "Lead", "Participants", "Observers", "Skills")
    for team in found:
        table.add_row(
            f"{escape(team.name)}\n[dim]{team.id}[/dim]",
            team.kind.value,
            team.lead or "—",
            ", ".join(team.participants) or "—",
            ", ".join(team.observers) or "—",
            escape(", ".join(team.skills)) or "—",
        )
    out_console.print(table)
    out_console.print(f"{counted(len(found), 'team')}.")


@app.command("show")
def show_command(
    ctx: typer.Context, team_id: TeamArgument, json_output: JsonOption = False
) -> None:
    """One team and its deployments."""
    with open_toolbox(ctx) as toolbox:
        user = acting_user(ctx, toolbox)
        team = toolbox.assistance.team(team_id, by=user)
        sent = toolbox.assistance.deployments(by=user, team=team.id)
    if json_output:
        print_json({**team_to_dict(team), "deployments": [deployment_to_dict(d) for d in sent]})
        return
    out_console.print(f"[bold]{escape(team.name)}[/bold] ({team.kind.value})")
    if team.lead:
        out_console.print(f"Lead: {team.lead}")
    out_console.print(f"Participants: {', '.join(team.participants) or '—'}")
    out_console.print(f"Observers: {', '.join(team.observers) or '—'}")
    if team.response_hours:
        out_console.print(f"Responds within {team.response_hours} hours of a request")
    for window in team.availability:
        ends = window.ends.isoformat() if window.ends else "open-ended"
        out_console.print(f"Available {window.starts.isoformat()} to {ends}")
    for source in team.sources:
        out_console.print(f"Source: {escape(source)}")
    _deployments(sent)


@app.command("add")
def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="The team's name.")],
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {_KINDS}.")],
    lead: Annotated[str | None, typer.Option("--lead", help="The lead State.")] = None,
    participant: Annotated[
        list[str] | None, typer.Option("--participant", help="A participating State; repeat.")
    ] = None,
    observer: Annotated[
        list[str] | None, typer.Option("--observer", help="An observer State; repeat.")
    ] = None,
    skill: Annotated[list[str] | None, typer.Option("--skill", help="A skill; repeat.")] = None,
    available: Annotated[
        list[str] | None,
        typer.Option(
            "--available",
            help="A window it can be sent in, FROM..TO or FROM.. (YYYY-MM-DD); repeat.",
        ),
    ] = None,
    tlp: Annotated[str, typer.Option("--tlp", help="TLP marking.")] = "amber",
    classification: Annotated[
        str | None, typer.Option("--classification", help="EU classification, if any.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Record a team."""
    windows = [_window(text) for text in available or []]
    with open_toolbox(ctx) as toolbox:
        team = toolbox.assistance.add_team(
            by=acting_user(ctx, toolbox),
            name=name,
            kind=kind,
            lead=lead,
            participants=participant or [],
            observers=observer or [],
            skills=skill or [],
            availability=windows,
            tlp=tlp,
            classification=classification,
        )
    if json_output:
        print_json(team_to_dict(team))
        return
    out_console.print(f"Recorded the team {team.id}.")


@app.command("deploy")
def deploy_command(
    ctx: typer.Context,
    team_id: TeamArgument,
    location: Annotated[
        str, typer.Option("--to", help="Where: a State (ISO code or name) or a body.")
    ],
    starts: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    task: Annotated[list[str], typer.Option("--task", help="A task; repeat.")],
    ends: Annotated[str | None, typer.Option("--until", help="Last day, YYYY-MM-DD.")] = None,
    incident: Annotated[
        str | None, typer.Option("--incident", help="The incident concerned (id or slug).")
    ] = None,
    tlp: Annotated[
        str | None, typer.Option("--tlp", help="TLP marking (default: the incident's).")
    ] = None,
    classification: Annotated[
        str | None, typer.Option("--classification", help="EU classification, if any.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Record a team sent somewhere; with --incident the incident's timeline shows it."""
    with open_toolbox(ctx) as toolbox:
        deployment = toolbox.assistance.deploy(
            team_id,
            by=acting_user(ctx, toolbox),
            location=location,
            starts=starts,
            ends=ends,
            tasks=task,
            incident=incident,
            tlp=tlp,
            classification=classification,
        )
    if json_output:
        print_json(deployment_to_dict(deployment))
        return
    out_console.print(f"Recorded the deployment {deployment.id}.")


@app.command("close")
def close_command(
    ctx: typer.Context,
    deployment_id: Annotated[str, typer.Argument(metavar="DEPLOYMENT")],
    outcome: Annotated[str, typer.Option("--outcome", help="How it went.")],
    lessons: Annotated[str | None, typer.Option("--lessons", help="Lessons learned.")] = None,
    ends: Annotated[str | None, typer.Option("--until", help="Last day, YYYY-MM-DD.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Close a deployment with its outcome and lessons."""
    with open_toolbox(ctx) as toolbox:
        deployment = toolbox.assistance.close_deployment(
            deployment_id, by=acting_user(ctx, toolbox), outcome=outcome, lessons=lessons, ends=ends
        )
    if json_output:
        print_json(deployment_to_dict(deployment))
        return
    out_console.print(f"Closed the deployment {deployment.id}.")


@app.command("deployments")
def deployments_command(
    ctx: typer.Context,
    team: Annotated[str | None, typer.Option("--team", help="A team's id.")] = None,
    incident: Annotated[
        str | None, typer.Option("--incident", help="The incident's id or slug.")
    ] = None,
    state: Annotated[str | None, typer.Option("--state", help="Where: a State.")] = None,
    json_output: JsonOption = False,
) -> None:
    """The deployments you may read, the latest started first."""
    with open_toolbox(ctx) as toolbox:
        found = toolbox.assistance.deployments(
            by=acting_user(ctx, toolbox), team=team, incident=incident, state=state
        )
    if json_output:
        items = [deployment_to_dict(d) for d in found]
        print_json({"items": items, "total": len(items)})
        return
    _deployments(found)


def _deployments(found: tuple[Deployment, ...]) -> None:
    table = Table("Deployment", "Team", "Where", "From", "Until", "Tasks", "Outcome")
    for deployment in found:
        table.add_row(
            deployment.id,
            deployment.team_id,
            escape(deployment.location),
            deployment.starts.isoformat(),
            deployment.ends.isoformat() if deployment.ends else "—",
            escape("; ".join(deployment.tasks)),
            escape(deployment.outcome or ("open" if not deployment.closed else "—")),
        )
    out_console.print(table)
    out_console.print(f"{counted(len(found), 'deployment')}.")


def _window(text: str) -> tuple[str, str | None]:
    """``FROM..TO`` or ``FROM..``; the library checks the dates."""
    starts, _, ends = text.partition("..")
    return starts, ends or None
