"""Wire schemas of the sanctions register (Pydantic v2) and the converters from domain objects.

Each object travels as the document ``cdt sanctions … --json`` prints
(``model.sanctions_codec``), so the API and the command line agree field for field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cdtoolbox.model.sanctions import Listing, ListingCheck, Regime, ReviewDue
from cdtoolbox.model.sanctions_codec import (
    check_to_dict,
    listing_to_dict,
    regime_to_dict,
    review_to_dict,
)

__all__ = [
    "ListingCheckOut",
    "ListingOut",
    "ListingPageOut",
    "RegimeOut",
    "ReviewPageOut",
    "check_out",
    "listing_out",
    "listing_page_out",
    "regime_out",
    "review_page_out",
]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


_ANNEX = "Annex I of Council Regulation (EU) 2019/796, consolidated text 02019R0796-20250127"

_LISTING_EXAMPLE: dict[str, Any] = {
    "id": "gao-qiang",
    "regime_id": "eu-cyber",
    "kind": "person",
    "name": "GAO Qiang",
    "aliases": [],
    "identifiers": [
        {"label": "Date of birth", "value": "4 October 1983"},
        {"label": "Nationality", "value": "Chinese"},
    ],
    "country": "CN",
    "sponsor": "CN",
    "affiliation": "Employed by Tianjin Huaying Haitai; linked to APT10",
    "grounds": "Involved in Operation Cloud Hopper, carried out by APT10 …",
    "listed_on": "2020-07-30",
    "round_id": "2020-07-30",
    "legal_acts": ["Council Implementing Regulation (EU) 2020/1125"],
    "measures": ["asset_freeze", "travel_ban"],
    "incidents": ["cloud-hopper-2017"],
    "actors": [
        {
            "actor_id": "56b37b05-72e7-4a89-ba8a-61ce45269a8c",
            "name": "APT10",
            "status": "verified",
        }
    ],
    "amendments": [
        {
            "amended_on": "2020-11-20",
            "act": "Council Implementing Regulation (EU) 2020/1744",
            "summary": "Annex I entry replaced …",
            "sources": [_ANNEX],
            "status": "verified",
        }
    ],
    "delisting": None,
    "active": True,
    "sources": [_ANNEX],
    "status": "verified",
    "created_at": "2026-11-25T09:00:00+00:00",
    "updated_at": "2026-11-25T09:00:00+00:00",
    "version": 1,
}


class IdentifierOut(BaseModel):
    label: str
    value: str


class ActorLinkOut(BaseModel):
    actor_id: str
    name: str
    status: str = Field(description="How firmly the link is sourced: verified, secondary, …")


class AmendmentOut(BaseModel):
    amended_on: str
    act: str
    summary: str
    sources: list[str]
    status: str


class DelistingOut(BaseModel):
    delisted_on: str
    act: str
    reason: str
    sources: list[str]
    status: str


class ListingOut(BaseModel):
    """A person or entity listed under a sanctions regime."""

    model_config = _examples(_LISTING_EXAMPLE)

    id: str
    regime_id: str
    kind: str = Field(description="person or entity")
    name: str = Field(description="As Annex I spells it")
    aliases: list[str]
    identifiers: list[IdentifierOut]
    country: str | None = Field(description="ISO alpha-2 of nationality or seat")
    sponsor: str | None = Field(
        description="ISO alpha-2 of the State public attributions link the listee to (a "
        "listing does not attribute responsibility to a State)"
    )
    affiliation: str | None
    grounds: str = Field(description="The statement of reasons, paraphrased")
    listed_on: str
    round_id: str | None
    legal_acts: list[str]
    measures: list[str] = Field(description="asset_freeze (all), travel_ban (persons only)")
    incidents: list[str] = Field(description="Slugs of the incidents the grounds cite")
    actors: list[ActorLinkOut]
    amendments: list[AmendmentOut]
    delisting: DelistingOut | None
    active: bool
    sources: list[str]
    status: str
    created_at: str | None
    updated_at: str | None
    version: int


class ListingPageOut(BaseModel):
    """Every listing that matches, oldest first (the register is small: no pages)."""

    model_config = _examples({"items": [_LISTING_EXAMPLE], "total": 1})

    items: list[ListingOut]
    total: int


class MatchedListingOut(BaseModel):
    id: str
    kind: str
    name: str
    listed_on: str
    active: bool
    measures: list[str]
    incidents: list[str]
    actors: list[str]


class MatchOut(BaseModel):
    kind: str = Field(description="name, alias, actor or partial_name (a possible match)")
    matched: str
    explanation: str
    listing: MatchedListingOut


class CheckActorOut(BaseModel):
    actor_id: str
    name: str


class ListingCheckOut(BaseModel):
    """The answer to "is X listed?", naming what matched and why."""

    model_config = _examples(
        {
            "query": "Stone Panda",
            "listed": True,
            "answer": "Listed: 'Stone Panda' matches 3 active listings (listed 2020-07-30).",
            "actors": [{"actor_id": "56b37b05-72e7-4a89-ba8a-61ce45269a8c", "name": "APT10"}],
            "note": None,
            "matches": [
                {
                    "kind": "actor",
                    "matched": "APT10",
                    "explanation": "'Stone Panda' designates the threat actor APT10, which the "
                    "grounds for listing GAO Qiang point to.",
                    "listing": {
                        "id": "gao-qiang",
                        "kind": "person",
                        "name": "GAO Qiang",
                        "listed_on": "2020-07-30",
                        "active": True,
                        "measures": ["asset_freeze", "travel_ban"],
                        "incidents": ["cloud-hopper-2017"],
                        "actors": ["APT10"],
                    },
                }
            ],
        }
    )

    query: str
    listed: bool = Field(description="True when an active listing matches by name, alias or actor")
    answer: str
    actors: list[CheckActorOut] = Field(description="Threat actors the name designates")
    note: str | None
    matches: list[MatchOut]


class RenewalOut(BaseModel):
    decided_on: str = Field(description="YYYY-MM-DD, or YYYY-MM when only the month is known")
    act: str
    summary: str
    framework_until: str | None
    listings_until: str | None
    sources: list[str]
    status: str


class RoundOut(BaseModel):
    id: str
    listed_on: str
    legal_acts: list[str]
    persons: int = Field(description="Persons the round listed, as reported")
    entities: int = Field(description="Entities the round listed, as reported")
    summary: str
    unrecorded: str | None = Field(description="Listees the register leaves out, and why")
    sources: list[str]
    status: str


class RegimeOut(BaseModel):
    """A sanctions framework with its renewal history and listing rounds."""

    model_config = _examples(
        {
            "id": "eu-cyber",
            "name": "EU restrictive measures against cyber-attacks threatening the Union …",
            "decision": "Council Decision (CFSP) 2019/797 of 17 May 2019",
            "regulation": "Council Regulation (EU) 2019/796 of 17 May 2019",
            "adopted_on": "2019-05-17",
            "scope": "Cyber-attacks with a significant effect …",
            "review_months": 12,
            "framework_until": "2028-05-18",
            "listings_until": "2026-05-18",
            "renewals": [],
            "rounds": [],
            "sources": [_ANNEX],
            "status": "verified",
            "version": 1,
        }
    )

    id: str
    name: str
    decision: str
    regulation: str
    adopted_on: str
    scope: str
    review_months: int
    framework_until: str | None
    listings_until: str | None
    renewals: list[RenewalOut]
    rounds: list[RoundOut]
    sources: list[str]
    status: str
    version: int


class ReviewOut(BaseModel):
    regime_id: str
    regime_name: str
    kind: str = Field(description="listings or framework: what lapses on `due`")
    due: str
    days_left: int = Field(description="Negative once passed with no newer renewal recorded")
    overdue: bool = Field(
        description=(
            "The date has passed and the register records no later renewal: a renewal the "
            "Council has decided since, if any, is missing from the register"
        )
    )
    set_by: str
    active_listings: int
    recorded: str = Field(description="What the register records about this date, in words")


class ReviewPageOut(BaseModel):
    """Renewal dates coming up, soonest first."""

    model_config = _examples(
        {
            "items": [
                {
                    "regime_id": "eu-cyber",
                    "regime_name": "EU restrictive measures against cyber-attacks …",
                    "kind": "listings",
                    "due": "2026-05-18",
                    "days_left": 30,
                    "overdue": False,
                    "set_by": "Council decision amending Decision (CFSP) 2019/797 (2025-05-12)",
                    "active_listings": 24,
                    "recorded": (
                        "The register records the listings in force until 18 May 2026, set by "
                        "Council decision amending Decision (CFSP) 2019/797 (2025-05-12)."
                    ),
                }
            ],
            "total": 1,
        }
    )

    items: list[ReviewOut]
    total: int


def listing_out(listing: Listing) -> ListingOut:
    return ListingOut.model_validate(listing_to_dict(listing))


def listing_page_out(listings: Sequence[Listing]) -> ListingPageOut:
    return ListingPageOut(items=[listing_out(item) for item in listings], total=len(listings))


def check_out(check: ListingCheck) -> ListingCheckOut:
    return ListingCheckOut.model_validate(check_to_dict(check))


def regime_out(regime: Regime) -> RegimeOut:
    return RegimeOut.model_validate(regime_to_dict(regime))


def review_page_out(reviews: Sequence[ReviewDue]) -> ReviewPageOut:
    items = [ReviewOut.model_validate(review_to_dict(item)) for item in reviews]
    return ReviewPageOut(items=items, total=len(items))
