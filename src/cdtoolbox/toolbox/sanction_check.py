"""Answering "is X listed?": a person's or entity's name, any alias, or a threat actor's name.

Three routes, strongest first: the listed name or an alias (case, accents, punctuation and
word order aside: ``knowledge.listed_names``); a threat actor the name designates and the
listing's grounds link to; and, only when nothing else matched, the words given all appearing
in a listed name — a possible match an analyst must confirm against the identifying
information.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cdtoolbox.knowledge.listed_names import name_key, words_within
from cdtoolbox.model import ThreatActor, Verification
from cdtoolbox.model.sanctions import Listing, ListingCheck, ListingMatch, MatchKind

__all__ = ["build_check", "partial_matches"]

_STRENGTH = {kind: rank for rank, kind in enumerate(MatchKind)}


def build_check(
    query: str,
    *,
    named: Sequence[tuple[Listing, str]],
    actors: Sequence[ThreatActor],
    linked: Iterable[Listing],
    partial: Iterable[tuple[Listing, str]],
    note: str | None = None,
) -> ListingCheck:
    """Combine what each route found into one answer, one match per listing (its strongest)."""
    found: dict[str, ListingMatch] = {}

    def keep(match: ListingMatch) -> None:
        current = found.get(match.listing.id)
        if current is None or _STRENGTH[match.kind] < _STRENGTH[current.kind]:
            found[match.listing.id] = match

    for listing, matched in named:
        keep(_by_name(query, listing, matched))
    actor_ids = {actor.id for actor in actors}
    for listing in linked:
        keep(_by_actor(query, listing, actor_ids))
    for listing, matched in partial:
        keep(_partly(query, listing, matched))
    ordered = sorted(
        found.values(),
        key=lambda m: (_STRENGTH[m.kind], m.listing.listed_on, m.listing.id),
    )
    return ListingCheck(query=query, matches=tuple(ordered), actors=tuple(actors), note=note)


def _by_name(query: str, listing: Listing, matched: str) -> ListingMatch:
    if name_key(matched) == name_key(listing.name):
        return ListingMatch(
            listing,
            MatchKind.NAME,
            listing.name,
            f"{query!r} is the listed name {listing.name!r}.",
        )
    return ListingMatch(
        listing,
        MatchKind.ALIAS,
        matched,
        f"{query!r} is {matched!r}, a name the listing of {listing.name} gives.",
    )


def _by_actor(query: str, listing: Listing, actor_ids: set[str]) -> ListingMatch:
    link = next(link for link in listing.actors if link.actor_id in actor_ids)
    caveat = "" if link.status is Verification.VERIFIED else f" (the link is {link.status.value})"
    return ListingMatch(
        listing,
        MatchKind.ACTOR,
        link.name,
        f"{query!r} designates the threat actor {link.name}, which the grounds for listing "
        f"{listing.name} point to{caveat}.",
    )


def _partly(query: str, listing: Listing, matched: str) -> ListingMatch:
    return ListingMatch(
        listing,
        MatchKind.PARTIAL_NAME,
        matched,
        f"Every word of {query!r} is in the listed name {matched!r}: a possible match; "
        "compare the identifying information.",
    )


def partial_matches(query: str, names: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(listing id, name) pairs whose name contains every telling word of ``query``."""
    return [(listing_id, name) for listing_id, name in names if words_within(query, name)]
