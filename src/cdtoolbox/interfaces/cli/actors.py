"""`cdt actors …`: the threat actors of the knowledge base and of imports."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import shown_line
from cdtoolbox.interfaces.cli.rendering import actor_table, actor_view
from cdtoolbox.model import Page
from cdtoolbox.model.codec import actor_to_dict

__all__ = ["app"]

app = typer.Typer(help="Threat actors, their aliases and suspected sponsors.", no_args_is_help=True)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]


@app.command("list")
def list_command(
    ctx: typer.Context,
    sponsor: Annotated[
        str | None, typer.Option("--sponsor", help="Suspected sponsor state, ISO code or name.")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, max=1000, help="Page size (default: every actor)."),
    ] = None,
    cursor: Annotated[str | None, typer.Option("--cursor", help="Continue after a page.")] = None,
    json_output: JsonOption = False,
) -> None:
    """List threat actors alphabetically, with their suspected sponsor and aliases."""
    with open_toolbox(ctx) as toolbox:
        if limit is None and cursor is None:
            items = toolbox.actors.all(by=acting_user(ctx, toolbox), sponsor=sponsor)
            page = Page(items=items, next_cursor=None, total=len(items))
        else:
            page = toolbox.actors.list(
                by=acting_user(ctx, toolbox), sponsor=sponsor, limit=limit or 100, cursor=cursor
            )
    if json_output:
        print_json(
            {
                "items": [actor_to_dict(actor) for actor in page.items],
                "next_cursor": page.next_cursor,
                "total": page.total,
            }
        )
        return
    out_console.print(actor_table(page.items))
    out_console.print(shown_line(len(page.items), page.total, "actor"))
    if page.next_cursor:
        out_console.print(f"More: add --cursor {page.next_cursor}")


@app.command("show")
def show_command(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="NAME_OR_ALIAS", help="Any name or alias, e.g. 'fancy bear'.")
    ],
    json_output: JsonOption = False,
) -> None:
    """Show an actor: canonical name, aliases, sponsor and the incidents linked to it."""
    with open_toolbox(ctx) as toolbox:
        by = acting_user(ctx, toolbox)
        actor = toolbox.actors.get(name, by=by)
        incidents = list(toolbox.actors.incidents(actor, by=by).items)
        cases = toolbox.cases.for_actor(actor.id, by=by)
    if json_output:
        document = actor_to_dict(actor)
        document["incidents"] = [
            {
                "id": i.id,
                "slug": i.slug,
                "title": i.title,
                "start": str(i.start) if i.start else None,
            }
            for i in incidents
        ]
        document["response_cases"] = [
            {
                "id": case.id,
                "title": case.title,
                "state": case.state.value,
                "later_incidents": [flag.slug for flag in flags],
            }
            for case, flags in cases
        ]
        print_json(document)
    else:
        out_console.print(actor_view(actor, incidents))
        for case, flags in cases:
            later = ", ".join(flag.slug for flag in flags) or "none recorded"
            out_console.print(
                f"Response case {case.id[:8]} ({case.state.label}): {escape(case.title)}; "
                f"incidents by this actor since: {later}"
            )
