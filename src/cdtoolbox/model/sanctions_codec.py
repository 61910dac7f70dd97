"""Sanctions register objects ↔ plain JSON-ready dicts: the document the store keeps, what
``--json`` prints, what the API sends and what the audit trail records before and after,
declared once with ``Codec``.

``*_from_dict`` reads documents these codecs wrote; checking what a user typed is the
service's job.
"""

from __future__ import annotations

from cdtoolbox.model.codec import ACTORS
from cdtoolbox.model.dataclass_codec import Codec, Document
from cdtoolbox.model.sanctions import (
    ActorLink,
    Listing,
    ListingCheck,
    ListingMatch,
    ListingRound,
    Regime,
    Renewal,
    ReviewDue,
)

__all__ = [
    "CHECKS",
    "LISTINGS",
    "REGIMES",
    "REVIEWS",
    "check_to_dict",
    "listing_from_dict",
    "listing_to_dict",
    "regime_from_dict",
    "regime_to_dict",
    "review_to_dict",
]

# The dates a regime and a renewal run to are written beside the renewals that set them.
REGIMES = Codec(
    Regime,
    keys=[
        *("id", "name", "decision", "regulation", "adopted_on", "scope", "review_months"),
        *("framework_until", "listings_until", "renewals", "rounds", "sources", "status"),
        "version",
    ],
    codecs=[
        Codec(
            Renewal,
            keys=[
                *("decided_on", "act", "summary", "framework_until", "listings_until"),
                *("sources", "status"),
            ],
        ),
        Codec(
            ListingRound,
            keys=[
                *("id", "listed_on", "legal_acts", "persons", "entities", "summary"),
                *("unrecorded", "sources", "status"),
            ],
        ),
    ],
)
# ``measures`` (what the kind of listee brings) and ``active`` are written for readers.
LISTINGS = Codec(
    Listing,
    keys=[
        *("id", "regime_id", "kind", "name", "aliases", "identifiers", "country", "sponsor"),
        *("affiliation", "grounds", "listed_on", "round_id", "legal_acts", "measures"),
        *("incidents", "actors", "amendments", "delisting", "active", "sources", "status"),
        *("created_at", "updated_at", "version"),
    ],
)


def _actor_names(actors: tuple[ActorLink, ...]) -> list[str]:
    return [actor.name for actor in actors]


# A check names each matching listing briefly, and each actor by id and name.
CHECKS = Codec(
    ListingCheck,
    keys=["query", "listed", "answer", "actors", "note", "matches"],
    codecs=[
        ACTORS.view("id", "name", rename={"id": "actor_id"}),
        Codec(
            ListingMatch,
            keys=["kind", "matched", "explanation", "listing"],
            codecs=[
                LISTINGS.view(
                    *("id", "kind", "name", "listed_on", "active", "measures", "incidents"),
                    "actors",
                    encoders={"actors": _actor_names},
                )
            ],
        ),
    ],
)
REVIEWS = Codec(
    ReviewDue,
    keys=[
        *("regime_id", "regime_name", "kind", "due", "days_left", "overdue", "set_by"),
        *("active_listings", "recorded"),
    ],
)


def regime_to_dict(regime: Regime) -> Document:
    return REGIMES.encode(regime)


def regime_from_dict(document: Document) -> Regime:
    return REGIMES.decode(document)


def listing_to_dict(listing: Listing) -> Document:
    return LISTINGS.encode(listing)


def listing_from_dict(document: Document) -> Listing:
    return LISTINGS.decode(document)


def check_to_dict(check: ListingCheck) -> Document:
    return CHECKS.encode(check)


def review_to_dict(review: ReviewDue) -> Document:
    return REVIEWS.encode(review)
