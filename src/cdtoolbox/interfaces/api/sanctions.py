"""`/api/v1/sanctions`: the sanctions register — listings, name checks, regime, reviews; and
the two changes the register sees every year: renewals and delistings (an account with the
right to edit the register: analysts and administrators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.sanctions_inputs import DelistingIn, RenewalIn
from cdtoolbox.interfaces.api.sanctions_schemas import (
    ListingCheckOut,
    ListingOut,
    ListingPageOut,
    RegimeOut,
    ReviewPageOut,
    check_out,
    listing_out,
    listing_page_out,
    regime_out,
    review_page_out,
)
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep

__all__ = ["router"]

router = APIRouter(tags=["sanctions"], route_class=AuthenticateFirst)


def _text(description: str, example: str) -> object:
    return Query(description=description, examples=[example])


@router.get(
    "/sanctions/listings",
    summary="List sanctions listings",
    description=(
        "Every listing that matches, oldest first: the filters are those of `cdt sanctions "
        "list`. `sponsor` is the State public attributions link the listee to (a listing is "
        "not an attribution to a State); `incident` an incident id or slug the grounds cite; "
        "`actor` any alias of a threat actor the listing is linked to; `since`/`until` bound "
        "the listing date."
    ),
    response_model=ListingPageOut,
    responses=errors(404, 422),
)
def list_listings(
    toolbox: ToolboxDep,
    by: ReaderDep,
    sponsor: Annotated[str | None, _text("State, ISO code or name", "RU")] = None,
    incident: Annotated[str | None, _text("Incident id or slug", "wannacry-2017")] = None,
    actor: Annotated[str | None, _text("Threat actor, any alias", "Fancy Bear")] = None,
    since: Annotated[str | None, _text("Listed on or after YYYY[-MM[-DD]]", "2024")] = None,
    until: Annotated[str | None, _text("Listed on or before YYYY[-MM[-DD]]", "2025-01")] = None,
    kind: Annotated[str | None, _text("person or entity", "person")] = None,
) -> ListingPageOut:
    listings = toolbox.sanctions.list(
        sponsor=sponsor,
        incident=incident,
        actor=actor,
        since=since,
        until=until,
        kind=kind,
        by=by,
    )
    return listing_page_out(listings)


@router.get(
    "/sanctions/listings/{listing_id}",
    summary="Read a sanctions listing",
    description=(
        "One listing by id: identifying information, grounds, measures (asset freeze for all, "
        "travel ban for persons), linked actors and incidents, amendments, delisting, sources."
    ),
    response_model=ListingOut,
    responses=errors(404, 422),
)
def get_listing(
    toolbox: ToolboxDep,
    by: ReaderDep,
    listing_id: Annotated[str, Path(description="The listing's id", examples=["gao-qiang"])],
) -> ListingOut:
    return listing_out(toolbox.sanctions.get(listing_id, by=by))


@router.get(
    "/sanctions/check",
    summary="Check whether a name is listed",
    description=(
        "Is this person, entity or threat actor listed? The name is matched against listed "
        "names and aliases regardless of case, accents, punctuation and word order, and "
        "resolved as a threat actor by any alias. The answer is 200 either way: `listed` says "
        "whether an active listing matched, `matches` says which and why."
    ),
    response_model=ListingCheckOut,
    responses=errors(422),
)
def check_name(
    toolbox: ToolboxDep,
    by: ReaderDep,
    name: Annotated[str, _text("A person's, entity's or threat actor's name", "Stone Panda")],
) -> ListingCheckOut:
    return check_out(toolbox.sanctions.check(name, by=by))


@router.get(
    "/sanctions/regimes/{regime_id}",
    summary="Read a sanctions regime",
    description=(
        "A regime's legal acts, renewal history (with the dates the framework and the "
        "listings lapse) and listing rounds with the numbers each added."
    ),
    response_model=RegimeOut,
    responses=errors(404, 422),
)
def get_regime(
    toolbox: ToolboxDep,
    by: ReaderDep,
    regime_id: Annotated[str, Path(description="The regime's id", examples=["eu-cyber"])],
) -> RegimeOut:
    return regime_out(toolbox.sanctions.regime(regime_id, by=by))


@router.get(
    "/sanctions/reviews",
    summary="Upcoming sanctions renewals",
    description=(
        "The dates within `within_days` on which listings or frameworks lapse unless the "
        "Council renews them, soonest first; dates already passed with no newer renewal "
        "recorded are included and marked overdue."
    ),
    response_model=ReviewPageOut,
    responses=errors(422),
)
def upcoming_reviews(
    toolbox: ToolboxDep,
    by: ReaderDep,
    within_days: Annotated[
        int, Query(ge=0, le=3650, description="Days ahead to look", examples=[90])
    ] = 90,
) -> ReviewPageOut:
    return review_page_out(toolbox.sanctions.upcoming_reviews(within_days=within_days, by=by))


@router.post(
    "/sanctions/regimes/{regime_id}/renewals",
    summary="Record a renewal",
    description=(
        "Add a Council renewal or annual review to a regime's history; `listings_until` and "
        "`framework_until` move the review dates. A renewal already recorded (same act and "
        "date) is refused with 422; the change and the record before and after go to the "
        "audit trail."
    ),
    status_code=201,
    response_model=RegimeOut,
    responses=errors(401, 403, 404, 409, 422),
)
def record_renewal(
    toolbox: ToolboxDep,
    by: SignedInDep,
    regime_id: Annotated[str, Path(description="The regime's id", examples=["eu-cyber"])],
    renewal: RenewalIn,
) -> RegimeOut:
    regime = toolbox.sanctions.record_renewal(
        renewal.to_renewal(),
        by=by,
        regime_id=regime_id,
        expected_version=renewal.expected_version,
    )
    return regime_out(regime)


@router.post(
    "/sanctions/listings/{listing_id}/delisting",
    summary="Record a delisting",
    description=(
        "Record that a listee was removed from the Annex: the listing stays in the register, "
        "marked delisted, and no longer answers a name check as listed. A listing already "
        "delisted, or a date before the listing, is refused with 422."
    ),
    response_model=ListingOut,
    responses=errors(401, 403, 404, 409, 422),
)
def record_delisting(
    toolbox: ToolboxDep,
    by: SignedInDep,
    listing_id: Annotated[str, Path(description="The listing's id", examples=["gao-qiang"])],
    delisting: DelistingIn,
) -> ListingOut:
    listing = toolbox.sanctions.delist(
        listing_id, delisting.to_delisting(), by=by, expected_version=delisting.expected_version
    )
    return listing_out(listing)
