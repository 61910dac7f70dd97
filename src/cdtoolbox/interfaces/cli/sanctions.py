"""`cdt sanctions …`: the sanctions register — listings, name checks, regime and reviews."""

from __future__ import annotations

from typing import Annotated

import typer

from cdtoolbox.interfaces.cli.context import open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.sanctions_view import (
    check_view,
    listing_table,
    listing_view,
    regime_view,
    review_table,
)
from cdtoolbox.model.sanctions_codec import (
    check_to_dict,
    listing_to_dict,
    regime_to_dict,
    review_to_dict,
)

__all__ = ["NOT_LISTED_EXIT_CODE", "app"]

# `check` answers with its exit status too, so scripts can branch on it: 0 listed, 3 not
# listed. 1 and 2 stay what they are for every command (an error; invalid input).
NOT_LISTED_EXIT_CODE = 3

app = typer.Typer(
    help=(
        "The EU cyber sanctions register: who is listed, on what grounds, for which incidents, "
        "and when the listings come up for renewal."
    ),
    no_args_is_help=True,
)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]


@app.command("list")
def list_command(
    ctx: typer.Context,
    sponsor: Annotated[
        str | None,
        typer.Option("--sponsor", help="State public attributions link listees to, code or name."),
    ] = None,
    incident: Annotated[
        str | None,
        typer.Option(
            "--incident", help="Incident id or slug the grounds cite, e.g. wannacry-2017."
        ),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="Threat actor the listing is linked to, any alias."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Listed on or after YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Listed on or before YYYY, YYYY-MM or YYYY-MM-DD."),
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only persons or only entities: person, entity.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """List listings, oldest first, with their sponsor State, actors and incidents."""
    with open_toolbox(ctx) as toolbox:
        listings = toolbox.sanctions.list(
            sponsor=sponsor, incident=incident, actor=actor, since=since, until=until, kind=kind
        )
    if json_output:
        print_json({"items": [listing_to_dict(item) for item in listings], "total": len(listings)})
        return
    out_console.print(listing_table(listings))
    active = sum(1 for item in listings if item.active)
    out_console.print(f"{len(listings)} listings shown, {active} of them in force.")


@app.command("show")
def show_command(
    ctx: typer.Context,
    listing_id: Annotated[
        str, typer.Argument(metavar="ID", help="The listing's id, e.g. gao-qiang.")
    ],
    json_output: JsonOption = False,
) -> None:
    """Show a listing: identifiers, grounds, measures, actors, incidents, amendments, sources."""
    with open_toolbox(ctx) as toolbox:
        listing = toolbox.sanctions.get(listing_id)
    if json_output:
        print_json(listing_to_dict(listing))
    else:
        out_console.print(listing_view(listing))


@app.command("check")
def check_command(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="A person's or entity's name, or a threat actor's, any alias or word order.",
        ),
    ],
    json_output: JsonOption = False,
) -> None:
    """Is this person, entity or threat actor listed? Names what matched and why.

    Matches the listed names and their aliases regardless of case, accents, punctuation and
    word order ("Qiang GAO" finds "GAO Qiang"), and threat actors by any alias ("Stone Panda"
    finds the listings linked to APT10). Exit status: 0 when listed, 3 when not.
    """
    with open_toolbox(ctx) as toolbox:
        check = toolbox.sanctions.check(name)
    if json_output:
        print_json(check_to_dict(check))
    else:
        out_console.print(check_view(check))
    if not check.listed:
        raise typer.Exit(NOT_LISTED_EXIT_CODE)


@app.command("regime")
def regime_command(
    ctx: typer.Context,
    regime_id: Annotated[
        str, typer.Argument(metavar="REGIME", help="The regime's id.")
    ] = "eu-cyber",
    json_output: JsonOption = False,
) -> None:
    """Show a regime: its legal acts, renewal history and listing rounds."""
    with open_toolbox(ctx) as toolbox:
        regime = toolbox.sanctions.regime(regime_id)
    if json_output:
        print_json(regime_to_dict(regime))
    else:
        out_console.print(regime_view(regime))


@app.command("reviews")
def reviews_command(
    ctx: typer.Context,
    within: Annotated[
        int,
        typer.Option("--within", min=0, help="Days ahead to look (dates already passed show too)."),
    ] = 90,
    json_output: JsonOption = False,
) -> None:
    """List the renewal dates coming up: when the listings and the frameworks lapse."""
    with open_toolbox(ctx) as toolbox:
        reviews = toolbox.sanctions.upcoming_reviews(within_days=within)
    if json_output:
        print_json({"items": [review_to_dict(item) for item in reviews], "total": len(reviews)})
        return
    if not reviews:
        out_console.print(f"No renewal falls due within {within} days.")
        return
    out_console.print(review_table(reviews))
