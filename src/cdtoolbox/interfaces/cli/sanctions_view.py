"""Terminal views of the sanctions register (`--json` output comes from the codec)."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from cdtoolbox.interfaces.cli.context import fills_width, framed
from cdtoolbox.model.sanctions import Listing, ListingCheck, Regime, ReviewDue, ReviewKind

__all__ = ["check_view", "listing_table", "listing_view", "regime_view", "review_table"]


def _measures(listing: Listing) -> str:
    return ", ".join(measure.label for measure in listing.measures)


def listing_table(listings: Sequence[Listing]) -> Table:
    table = Table(header_style="bold", expand=fills_width(), box=box.SIMPLE_HEAD)
    table.add_column("Listed", no_wrap=True, min_width=10)
    table.add_column("Listee (id)", ratio=4, min_width=24, overflow="fold")
    table.add_column("Kind", no_wrap=True)
    table.add_column("Sponsor", no_wrap=True)
    table.add_column("Actors", ratio=2, overflow="fold")
    table.add_column("Incidents", ratio=2, overflow="fold")
    table.add_column("Status", no_wrap=True)
    for listing in listings:
        delisting = listing.delisting
        status = "listed" if delisting is None else f"delisted {delisting.delisted_on}"
        table.add_row(
            str(listing.listed_on),
            Text(listing.name, style="bold") + Text(f"\n{listing.id}", style="dim"),
            listing.kind.value,
            listing.sponsor or "",
            ", ".join(link.name for link in listing.actors),
            "\n".join(listing.incidents),
            status,
        )
    return table


def listing_view(listing: Listing) -> RenderableType:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    delisting = listing.delisting
    rows: list[tuple[str, str | None]] = [
        ("Id", f"{listing.id}  (regime {listing.regime_id})"),
        ("Kind", listing.kind.value),
        ("Also known as", "; ".join(listing.aliases)),
        ("Listed on", f"{listing.listed_on}  ({'; '.join(listing.legal_acts)})"),
        ("Measures", _measures(listing)),
        ("Status", "listed" if delisting is None else f"delisted on {delisting.delisted_on}"),
        ("Country", listing.country),
        ("Linked to State", listing.sponsor),
        ("Affiliation", listing.affiliation),
        ("Threat actors", ", ".join(f"{a.name} ({a.status.value})" for a in listing.actors)),
        ("Incidents", ", ".join(listing.incidents)),
        ("Verification", listing.status.value),
    ]
    rows += [(item.label, item.value) for item in listing.identifiers]
    for label, value in rows:
        if value:
            facts.add_row(label, escape(value))
    parts: list[RenderableType] = [facts, Text("\nGrounds", style="bold"), Text(listing.grounds)]
    if listing.amendments:
        parts.append(Text("\nAmendments", style="bold"))
        for item in listing.amendments:
            parts.append(Text(f"• {item.amended_on} {item.act}: {item.summary}"))
    if delisting is not None:
        parts.append(Text("\nDelisting", style="bold"))
        parts.append(Text(f"{delisting.delisted_on} {delisting.act}: {delisting.reason}"))
    parts.append(Text("\nSources", style="bold"))
    parts.extend(Text(f"• {source}") for source in listing.sources)
    return framed(listing.name, Group(*parts))


def check_view(check: ListingCheck) -> RenderableType:
    style = "bold green" if check.listed else "bold yellow"
    parts: list[RenderableType] = [Text(check.answer, style=style)]
    if check.actors:
        names = ", ".join(actor.name for actor in check.actors)
        parts.append(Text(f"Threat actor: {names}", style="dim"))
    if check.note:
        parts.append(Text(check.note, style="dim"))
    for match in check.matches:
        listing = match.listing
        status = _measures(listing) if listing.active else "delisted"
        heading = Text(f"\n• {listing.name}", style="bold") + Text(
            f" ({listing.id}) — {listing.kind.value}, listed {listing.listed_on}"
        )
        parts.append(heading)
        parts.append(
            Text(f"  Matched by {match.kind.value.replace('_', ' ')}: {match.explanation}")
        )
        details = f"  Measures: {status}"
        if listing.incidents:
            details += f" · Incidents: {', '.join(listing.incidents)}"
        parts.append(Text(details))
    return Group(*parts)


def regime_view(regime: Regime) -> RenderableType:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    for label, value in (
        ("Id", regime.id),
        ("Decision", regime.decision),
        ("Regulation", regime.regulation),
        ("Adopted", str(regime.adopted_on)),
        ("Framework until", str(regime.framework_until or "not recorded")),
        ("Listings until", str(regime.listings_until or "not recorded")),
        ("Review", f"listings at least every {regime.review_months} months"),
        ("Verification", regime.status.value),
    ):
        facts.add_row(label, escape(value))
    renewals = Table(
        header_style="bold", expand=fills_width(), box=box.SIMPLE_HEAD, title="Renewals"
    )
    renewals.add_column("Date", no_wrap=True)
    renewals.add_column("Act", ratio=2, overflow="fold")
    renewals.add_column("Effect", ratio=3, overflow="fold")
    renewals.add_column("Status", no_wrap=True)
    for renewal in sorted(regime.renewals, key=lambda item: item.decided_on):
        renewals.add_row(
            str(renewal.decided_on), renewal.act, renewal.summary, renewal.status.value
        )
    rounds = Table(
        header_style="bold", expand=fills_width(), box=box.SIMPLE_HEAD, title="Listing rounds"
    )
    rounds.add_column("Date", no_wrap=True)
    rounds.add_column("Persons + entities", no_wrap=True)
    rounds.add_column("Acts", ratio=2, overflow="fold")
    rounds.add_column("Summary", ratio=3, overflow="fold")
    rounds.add_column("Status", no_wrap=True)
    for item in regime.rounds:
        summary = item.summary + (f"\nNot recorded: {item.unrecorded}" if item.unrecorded else "")
        rounds.add_row(
            item.id,
            f"{item.persons} + {item.entities}",
            "\n".join(item.legal_acts),
            summary,
            item.status.value,
        )
    parts: list[RenderableType] = [facts, Text("\n" + regime.scope), renewals, rounds]
    return framed(regime.name, Group(*parts))


def review_table(reviews: Sequence[ReviewDue]) -> Table:
    table = Table(header_style="bold", expand=fills_width(), box=box.SIMPLE_HEAD)
    table.add_column("Due", no_wrap=True)
    table.add_column("What lapses", ratio=2, overflow="fold")
    table.add_column("Days left", no_wrap=True, justify="right")
    table.add_column("Set by", ratio=3, overflow="fold")
    table.add_column("Active listings", no_wrap=True, justify="right")
    for review in reviews:
        days = (
            f"{review.days_left} (no later renewal recorded)"
            if review.overdue
            else str(review.days_left)
        )
        table.add_row(
            str(review.due),
            (
                f"Listings under the {review.regime_name}"
                if review.kind is ReviewKind.LISTINGS
                else f"The framework of the {review.regime_name}"
            ),
            days,
            review.set_by,
            str(review.active_listings),
        )
    return table
