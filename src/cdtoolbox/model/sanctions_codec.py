"""Sanctions register objects ↔ plain JSON-ready dicts: the document the store keeps, what
``--json`` prints, what the API sends and what the audit trail records before and after.

``*_from_dict`` reads documents this module wrote; checking what a user typed is the
service's job.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cdtoolbox.model.dates import PartialDate
from cdtoolbox.model.diplomacy import Verification
from cdtoolbox.model.sanctions import (
    ActorLink,
    Delisting,
    Identifier,
    ListeeKind,
    Listing,
    ListingAmendment,
    ListingCheck,
    ListingMatch,
    ListingRound,
    Regime,
    Renewal,
    ReviewDue,
)

__all__ = [
    "check_to_dict",
    "listing_from_dict",
    "listing_to_dict",
    "regime_from_dict",
    "regime_to_dict",
    "review_to_dict",
]

Document = dict[str, Any]


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def regime_to_dict(regime: Regime) -> Document:
    return {
        "id": regime.id,
        "name": regime.name,
        "decision": regime.decision,
        "regulation": regime.regulation,
        "adopted_on": regime.adopted_on.isoformat(),
        "scope": regime.scope,
        "review_months": regime.review_months,
        "framework_until": _iso(regime.framework_until),
        "listings_until": _iso(regime.listings_until),
        "renewals": [_renewal_to_dict(renewal) for renewal in regime.renewals],
        "rounds": [_round_to_dict(item) for item in regime.rounds],
        "sources": list(regime.sources),
        "status": regime.status.value,
        "version": regime.version,
    }


def regime_from_dict(document: Document) -> Regime:
    return Regime(
        id=document["id"],
        name=document["name"],
        decision=document["decision"],
        regulation=document["regulation"],
        adopted_on=date.fromisoformat(document["adopted_on"]),
        scope=document["scope"],
        review_months=document["review_months"],
        renewals=tuple(_renewal_from_dict(item) for item in document["renewals"]),
        rounds=tuple(_round_from_dict(item) for item in document["rounds"]),
        sources=tuple(document["sources"]),
        status=Verification(document["status"]),
        version=document.get("version", 1),
    )


def _renewal_to_dict(renewal: Renewal) -> Document:
    return {
        "decided_on": str(renewal.decided_on),
        "act": renewal.act,
        "summary": renewal.summary,
        "framework_until": _iso(renewal.framework_until),
        "listings_until": _iso(renewal.listings_until),
        "sources": list(renewal.sources),
        "status": renewal.status.value,
    }


def _renewal_from_dict(document: Document) -> Renewal:
    return Renewal(
        decided_on=PartialDate.parse(document["decided_on"]),
        act=document["act"],
        summary=document["summary"],
        framework_until=_day(document.get("framework_until")),
        listings_until=_day(document.get("listings_until")),
        sources=tuple(document["sources"]),
        status=Verification(document["status"]),
    )


def _round_to_dict(item: ListingRound) -> Document:
    return {
        "id": item.id,
        "listed_on": item.listed_on.isoformat(),
        "legal_acts": list(item.legal_acts),
        "persons": item.persons,
        "entities": item.entities,
        "summary": item.summary,
        "unrecorded": item.unrecorded,
        "sources": list(item.sources),
        "status": item.status.value,
    }


def _round_from_dict(document: Document) -> ListingRound:
    return ListingRound(
        id=document["id"],
        listed_on=date.fromisoformat(document["listed_on"]),
        legal_acts=tuple(document["legal_acts"]),
        persons=document["persons"],
        entities=document["entities"],
        summary=document["summary"],
        unrecorded=document.get("unrecorded"),
        sources=tuple(document["sources"]),
        status=Verification(document["status"]),
    )


def listing_to_dict(listing: Listing) -> Document:
    delisting = listing.delisting
    return {
        "id": listing.id,
        "regime_id": listing.regime_id,
        "kind": listing.kind.value,
        "name": listing.name,
        "aliases": list(listing.aliases),
        "identifiers": [{"label": i.label, "value": i.value} for i in listing.identifiers],
        "country": listing.country,
        "sponsor": listing.sponsor,
        "affiliation": listing.affiliation,
        "grounds": listing.grounds,
        "listed_on": listing.listed_on.isoformat(),
        "round_id": listing.round_id,
        "legal_acts": list(listing.legal_acts),
        "measures": [measure.value for measure in listing.measures],
        "incidents": list(listing.incidents),
        "actors": [
            {"actor_id": a.actor_id, "name": a.name, "status": a.status.value}
            for a in listing.actors
        ],
        "amendments": [_amendment_to_dict(item) for item in listing.amendments],
        "delisting": _delisting_to_dict(delisting) if delisting else None,
        "active": listing.active,
        "sources": list(listing.sources),
        "status": listing.status.value,
        "created_at": _iso(listing.created_at),
        "updated_at": _iso(listing.updated_at),
        "version": listing.version,
    }


def listing_from_dict(document: Document) -> Listing:
    delisting = document.get("delisting")
    return Listing(
        id=document["id"],
        regime_id=document["regime_id"],
        kind=ListeeKind(document["kind"]),
        name=document["name"],
        aliases=tuple(document.get("aliases", ())),
        identifiers=tuple(
            Identifier(item["label"], item["value"]) for item in document.get("identifiers", ())
        ),
        country=document.get("country"),
        sponsor=document.get("sponsor"),
        affiliation=document.get("affiliation"),
        grounds=document["grounds"],
        listed_on=date.fromisoformat(document["listed_on"]),
        round_id=document.get("round_id"),
        legal_acts=tuple(document.get("legal_acts", ())),
        incidents=tuple(document.get("incidents", ())),
        actors=tuple(
            ActorLink(item["actor_id"], item["name"], Verification(item["status"]))
            for item in document.get("actors", ())
        ),
        amendments=tuple(_amendment_from_dict(item) for item in document.get("amendments", ())),
        delisting=_delisting_from_dict(delisting) if delisting else None,
        sources=tuple(document["sources"]),
        status=Verification(document["status"]),
        created_at=_moment(document.get("created_at")),
        updated_at=_moment(document.get("updated_at")),
        version=document.get("version", 1),
    )


def _amendment_to_dict(item: ListingAmendment) -> Document:
    return {
        "amended_on": item.amended_on.isoformat(),
        "act": item.act,
        "summary": item.summary,
        "sources": list(item.sources),
        "status": item.status.value,
    }


def _amendment_from_dict(document: Document) -> ListingAmendment:
    return ListingAmendment(
        amended_on=date.fromisoformat(document["amended_on"]),
        act=document["act"],
        summary=document["summary"],
        sources=tuple(document["sources"]),
        status=Verification(document["status"]),
    )


def _delisting_to_dict(item: Delisting) -> Document:
    return {
        "delisted_on": item.delisted_on.isoformat(),
        "act": item.act,
        "reason": item.reason,
        "sources": list(item.sources),
        "status": item.status.value,
    }


def _delisting_from_dict(document: Document) -> Delisting:
    return Delisting(
        delisted_on=date.fromisoformat(document["delisted_on"]),
        act=document["act"],
        reason=document["reason"],
        sources=tuple(document["sources"]),
        status=Verification(document["status"]),
    )


def _match_to_dict(match: ListingMatch) -> Document:
    listing = match.listing
    return {
        "kind": match.kind.value,
        "matched": match.matched,
        "explanation": match.explanation,
        "listing": {
            "id": listing.id,
            "kind": listing.kind.value,
            "name": listing.name,
            "listed_on": listing.listed_on.isoformat(),
            "active": listing.active,
            "measures": [measure.value for measure in listing.measures],
            "incidents": list(listing.incidents),
            "actors": [a.name for a in listing.actors],
        },
    }


def check_to_dict(check: ListingCheck) -> Document:
    return {
        "query": check.query,
        "listed": check.listed,
        "answer": check.answer,
        "actors": [{"actor_id": a.id, "name": a.name} for a in check.actors],
        "note": check.note,
        "matches": [_match_to_dict(match) for match in check.matches],
    }


def review_to_dict(review: ReviewDue) -> Document:
    return {
        "regime_id": review.regime_id,
        "regime_name": review.regime_name,
        "kind": review.kind.value,
        "due": review.due.isoformat(),
        "days_left": review.days_left,
        "overdue": review.overdue,
        "set_by": review.set_by,
        "active_listings": review.active_listings,
    }
