"""The sanctions register pages: the listings with their filters and the regime's renewal
dates, one listing's page, and the "is this name listed?" check.

The register is public information (the Official Journal), so these pages are open to every
visitor; only the incidents a listing cites are subject to the reader's clearance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.knowledge.listed_names import name_words
from cdtoolbox.model import Incident
from cdtoolbox.model.access import User
from cdtoolbox.model.sanctions import ListeeKind, Listing, Regime, Renewal, ReviewDue
from cdtoolbox.toolbox import Toolbox

__all__ = ["LISTING_STATES", "RegimeView", "listing_matches", "router"]

router = APIRouter(route_class=AuthenticateFirst)

#: The values of the register's "status" filter, with what each keeps.
LISTING_STATES: dict[str, bool | None] = {"": None, "active": True, "delisted": False}


@dataclass(frozen=True)
class RegimeView:
    """A regime with what its page shows: renewals in date order and the dates due next."""

    regime: Regime
    renewals: tuple[Renewal, ...]
    reviews: tuple[ReviewDue, ...]
    active_listings: int


def listing_matches(listing: Listing, text: str) -> bool:
    """Whether every word of ``text`` appears (case and accents aside) in the listing's names,
    id, affiliation, grounds or legal acts: a search box, not the screening ``check``."""
    wanted = name_words(text)
    if not wanted:
        return True
    fields = (
        *listing.names,
        listing.id,
        listing.affiliation or "",
        listing.grounds,
        *listing.legal_acts,
    )
    haystack = " ".join(" ".join(name_words(field)) for field in fields)
    return all(word in haystack for word in wanted)


@router.get("/sanctions")
def sanctions_register(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    params = request.query_params
    values = {name: params.get(name, "").strip() for name in ("q", "sponsor", "kind", "status")}
    context: dict[str, object] = {
        "values": values,
        "kinds": tuple(ListeeKind),
        "countries": toolbox.knowledge.countries.all(),
        "regimes": _regime_views(toolbox, viewer),
    }
    try:
        if values["status"] not in LISTING_STATES:
            reason = "is not one of: active, delisted (or empty for both)"
            raise InvalidInput("query", "status", values["status"], reason)
        listings = toolbox.sanctions.list(
            sponsor=values["sponsor"] or None,
            kind=values["kind"] or None,
            active=LISTING_STATES[values["status"]],
            by=viewer,
        )
    except InvalidInput as error:
        context.update(problem=problem_for(error), listings=())
        return render(request, "sanctions/list.html", context, status_code=422)
    found = [listing for listing in listings if listing_matches(listing, values["q"])]
    context.update(problem=None, listings=found, filtered=any(values.values()))
    return render(request, "sanctions/list.html", context)


@router.get("/sanctions/check")
def sanctions_check(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    name = request.query_params.get("name", "")
    context: dict[str, object] = {"name": name, "check": None, "problem": None}
    if not name.strip():
        return render(request, "sanctions/check.html", context)
    try:
        context["check"] = toolbox.sanctions.check(name, by=viewer)
    except InvalidInput as error:
        context["problem"] = problem_for(error)
        return render(request, "sanctions/check.html", context, status_code=422)
    return render(request, "sanctions/check.html", context)


@router.get("/sanctions/{listing_id}")
def listing_page(
    request: Request, listing_id: str, toolbox: ToolboxDep, viewer: ReaderDep
) -> Response:
    listing = toolbox.sanctions.get(listing_id, by=viewer)
    regime = toolbox.sanctions.regime(listing.regime_id, by=viewer)
    return render(
        request,
        "sanctions/detail.html",
        {
            "listing": listing,
            "regime": regime,
            "round": regime.round(listing.round_id) if listing.round_id else None,
            "incidents": _cited_incidents(toolbox, listing.incidents, viewer),
        },
    )


def _regime_views(toolbox: Toolbox, viewer: User) -> list[RegimeView]:
    today = toolbox.clock.now().date()
    views = []
    for regime in toolbox.sanctions.regimes(by=viewer):
        active = len(toolbox.sanctions.list(regime_id=regime.id, active=True, by=viewer))
        views.append(
            RegimeView(
                regime=regime,
                renewals=tuple(sorted(regime.renewals, key=lambda renewal: renewal.decided_on)),
                reviews=regime.reviews(today, active),
                active_listings=active,
            )
        )
    return views


def _cited_incidents(
    toolbox: Toolbox, slugs: Iterable[str], reader: User
) -> list[tuple[str, Incident | None]]:
    """Each cited slug with its incident, or None when the reader cannot open it (withdrawn
    since, or above their clearance: the page does not say which)."""
    cited: list[tuple[str, Incident | None]] = []
    for slug in slugs:
        try:
            cited.append((slug, toolbox.incidents.get(slug, by=reader)))
        except NotFound:
            cited.append((slug, None))
    return cited
