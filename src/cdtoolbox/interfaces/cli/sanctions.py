"""`cdt sanctions …`: the sanctions register — listings, name checks, regime and reviews."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.interfaces.cli.option_values import option_date, option_partial_date
from cdtoolbox.interfaces.cli.sanctions_view import (
    check_view,
    listing_table,
    listing_view,
    regime_view,
    review_table,
)
from cdtoolbox.model.diplomacy import Verification
from cdtoolbox.model.sanctions import Delisting, Renewal
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
SourceOption = Annotated[
    list[str],
    typer.Option("--source", help="Where this is published (an EUR-Lex URL); repeat for more."),
]
StatusOption = Annotated[
    Verification,
    typer.Option(
        "--status",
        help="How it was checked: verified (read in the primary text), secondary (a reliable "
        "report) or unverified.",
    ),
]
VersionOption = Annotated[
    int | None,
    typer.Option(
        "--expected-version",
        help="Refuse the change (exit 1) if someone changed the entry since this version.",
    ),
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
            sponsor=sponsor,
            incident=incident,
            actor=actor,
            since=since,
            until=until,
            kind=kind,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json({"items": [listing_to_dict(item) for item in listings], "total": len(listings)})
        return
    out_console.print(listing_table(listings))
    active = sum(1 for item in listings if item.active)
    out_console.print(f"{counted(len(listings), 'listing')}, {active:,} of them in force.")


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
        listing = toolbox.sanctions.get(listing_id, by=acting_user(ctx, toolbox))
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
    finds the listings linked to APT10).

    Exit status: 0 when an active listing matches; 3 when none does, including when only a
    possible (partial-name) match or only delisted listings match; 2 when the input is
    invalid; 1 for any other error.
    """
    with open_toolbox(ctx) as toolbox:
        check = toolbox.sanctions.check(name, by=acting_user(ctx, toolbox))
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
        regime = toolbox.sanctions.regime(regime_id, by=acting_user(ctx, toolbox))
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
        reviews = toolbox.sanctions.upcoming_reviews(
            within_days=within, by=acting_user(ctx, toolbox)
        )
    if json_output:
        print_json({"items": [review_to_dict(item) for item in reviews], "total": len(reviews)})
        return
    if not reviews:
        out_console.print(f"No renewal falls due within {within} days.")
        return
    out_console.print(review_table(reviews))
    for review in reviews:
        if review.overdue:
            out_console.print(
                escape(review.recorded)
                + " Record it with `cdt sanctions renew --act ... --date ...`."
            )


@app.command("renew")
def renew_command(
    ctx: typer.Context,
    act: Annotated[
        str,
        typer.Option("--act", help="The Council act, e.g. 'Council Decision (CFSP) 2026/1043'."),
    ],
    decided_on: Annotated[
        str, typer.Option("--date", help="When the Council decided: YYYY-MM-DD (or YYYY-MM).")
    ],
    summary: Annotated[str, typer.Option("--summary", help="One line saying what it did.")],
    sources: SourceOption,
    listings_until: Annotated[
        str | None,
        typer.Option("--listings-until", help="The new date the listings lapse, YYYY-MM-DD."),
    ] = None,
    framework_until: Annotated[
        str | None,
        typer.Option("--framework-until", help="The new date the framework lapses, YYYY-MM-DD."),
    ] = None,
    status: StatusOption = Verification.VERIFIED,
    regime_id: Annotated[str, typer.Option("--regime", help="The regime's id.")] = "eu-cyber",
    expected_version: VersionOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record a Council renewal (or annual review) of a regime: it moves the review dates.

    Needs the edit-sanctions right (an analyst or administrator; --user or CDT_USER)."""
    with open_toolbox(ctx) as toolbox:
        renewal = Renewal(
            decided_on=option_partial_date("--date", decided_on),
            act=act,
            summary=summary,
            sources=tuple(sources),
            status=status,
            framework_until=option_date("--framework-until", framework_until)
            if framework_until
            else None,
            listings_until=option_date("--listings-until", listings_until)
            if listings_until
            else None,
        )
        by = acting_user(ctx, toolbox)
        regime = toolbox.sanctions.record_renewal(
            renewal,
            by=by,
            regime_id=regime_id,
            expected_version=expected_version,
        )
        reviews = toolbox.sanctions.upcoming_reviews(within_days=3660, by=by)
    if json_output:
        print_json(regime_to_dict(regime))
        return
    out_console.print(
        f"Recorded {escape(act)} for {escape(regime.id)} (regime version {regime.version})."
    )
    if reviews:
        out_console.print(review_table(reviews))


@app.command("delist")
def delist_command(
    ctx: typer.Context,
    listing_id: Annotated[str, typer.Argument(metavar="LISTING", help="The listing's id.")],
    delisted_on: Annotated[str, typer.Option("--date", help="When, YYYY-MM-DD.")],
    act: Annotated[str, typer.Option("--act", help="The Council act that removed the entry.")],
    reason: Annotated[str, typer.Option("--reason", help="Why, as the act or its recitals say.")],
    sources: SourceOption,
    status: StatusOption = Verification.VERIFIED,
    expected_version: VersionOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record that a listee was removed from the Annex (the listing stays, marked delisted).

    Needs the edit-sanctions right (an analyst or administrator; --user or CDT_USER)."""
    with open_toolbox(ctx) as toolbox:
        delisting = Delisting(
            delisted_on=option_date("--date", delisted_on),
            act=act,
            reason=reason,
            sources=tuple(sources),
            status=status,
        )
        listing = toolbox.sanctions.delist(
            listing_id, delisting, by=acting_user(ctx, toolbox), expected_version=expected_version
        )
    if json_output:
        print_json(listing_to_dict(listing))
        return
    out_console.print(
        f"{escape(listing.name)} is recorded as delisted on {delisting.delisted_on.isoformat()} "
        f"by {escape(act)} (listing version {listing.version})."
    )
