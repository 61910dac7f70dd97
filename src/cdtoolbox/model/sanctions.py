"""The sanctions register: regimes, their renewals, listing rounds and the listings themselves.

A listing names a person or an entity under a regime (the EU cyber regime: Council Decision
(CFSP) 2019/797 and Regulation (EU) 2019/796). It records the grounds the Council gave, the
incidents and threat actors the grounds point to, and every later amendment or delisting.
A listing is not an attribution of responsibility to a State (recital of Decision 2019/797):
``sponsor`` is the State public attributions link the listee to, kept only so analysts can
query the register by it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from cdtoolbox.model.actor import ThreatActor
from cdtoolbox.model.dates import PartialDate
from cdtoolbox.model.diplomacy import Verification
from cdtoolbox.model.wording import counted

__all__ = [
    "ActorLink",
    "Delisting",
    "Identifier",
    "ListeeKind",
    "Listing",
    "ListingAmendment",
    "ListingCheck",
    "ListingFilter",
    "ListingMatch",
    "ListingRound",
    "MatchKind",
    "Regime",
    "Renewal",
    "ReviewDue",
    "ReviewKind",
    "SanctionMeasure",
    "measures_for",
]


class ListeeKind(StrEnum):
    PERSON = "person"  # a natural person
    ENTITY = "entity"  # a legal person, entity or body


class SanctionMeasure(StrEnum):
    ASSET_FREEZE = "asset_freeze"  # freeze, and ban on making funds or resources available
    TRAVEL_BAN = "travel_ban"  # entry into and transit through the Member States

    @property
    def label(self) -> str:
        return _MEASURE_LABELS[self]


_MEASURE_LABELS = {
    SanctionMeasure.ASSET_FREEZE: "asset freeze",
    SanctionMeasure.TRAVEL_BAN: "travel ban",
}


def measures_for(kind: ListeeKind) -> tuple[SanctionMeasure, ...]:
    """What a listing imposes: every listee's assets are frozen; only people can be barred
    from travelling (Decision 2019/797 travel ban; Regulation 2019/796 art. 3 asset freeze)."""
    if kind is ListeeKind.PERSON:
        return (SanctionMeasure.ASSET_FREEZE, SanctionMeasure.TRAVEL_BAN)
    return (SanctionMeasure.ASSET_FREEZE,)


@dataclass(frozen=True)
class Renewal:
    """A Council act that prolonged the framework or the listings, or an annual review."""

    decided_on: PartialDate  # some reviews are known only to the month
    act: str
    summary: str
    sources: tuple[str, ...]
    status: Verification
    framework_until: date | None = None
    listings_until: date | None = None


@dataclass(frozen=True)
class ListingRound:
    """One Council decision adding listees, with the numbers the Council reported.

    ``persons``/``entities`` are the counts reported for the round; when the register holds
    fewer (a name could not be verified), ``unrecorded`` says who is missing and why.
    """

    id: str  # the ISO date of the round, e.g. "2020-07-30"
    listed_on: date
    legal_acts: tuple[str, ...]
    persons: int
    entities: int
    summary: str
    sources: tuple[str, ...]
    status: Verification
    unrecorded: str | None = None


@dataclass(frozen=True)
class Regime:
    """A sanctions framework: its legal acts, renewal history and listing rounds."""

    id: str  # e.g. "eu-cyber"
    name: str
    decision: str
    regulation: str
    adopted_on: date
    scope: str
    review_months: int  # listings are reviewed at least this often
    renewals: tuple[Renewal, ...]
    rounds: tuple[ListingRound, ...]
    sources: tuple[str, ...]
    status: Verification
    version: int = 1

    @property
    def framework_until(self) -> date | None:
        """Until when the framework applies, per the newest renewal that said so."""
        return _newest(renewal.framework_until for renewal in self._by_date())

    @property
    def listings_until(self) -> date | None:
        """Until when the listings apply, per the newest renewal that said so."""
        return _newest(renewal.listings_until for renewal in self._by_date())

    def reviews(self, today: date, active_listings: int) -> tuple[ReviewDue, ...]:
        """The next listing review and the framework's expiry, from the newest renewal that
        set each (``days_left`` counted from ``today``; negative once passed)."""
        history = sorted(self.renewals, key=lambda renewal: renewal.decided_on)
        reviews: list[ReviewDue] = []
        for kind in (ReviewKind.LISTINGS, ReviewKind.FRAMEWORK):
            setting = [(r, due) for r in history if (due := _lapse(r, kind)) is not None]
            if not setting:
                continue
            renewal, due = setting[-1]
            reviews.append(
                ReviewDue(
                    regime_id=self.id,
                    regime_name=self.name,
                    kind=kind,
                    due=due,
                    set_by=f"{renewal.act} ({renewal.decided_on})",
                    days_left=(due - today).days,
                    active_listings=active_listings,
                )
            )
        return tuple(reviews)

    def round(self, round_id: str) -> ListingRound | None:
        return next((item for item in self.rounds if item.id == round_id), None)

    def evolve(self, **changes: object) -> Regime:
        return replace(self, **changes)  # type: ignore[arg-type]

    def _by_date(self) -> list[Renewal]:
        return sorted(self.renewals, key=lambda renewal: renewal.decided_on)


def _lapse(renewal: Renewal, kind: ReviewKind) -> date | None:
    return renewal.listings_until if kind is ReviewKind.LISTINGS else renewal.framework_until


def _newest(dates: Iterable[date | None]) -> date | None:
    """The last date given (in renewal order), skipping renewals that set none."""
    found: date | None = None
    for value in dates:
        if value is not None:
            found = value
    return found


@dataclass(frozen=True)
class Identifier:
    """One line of the Annex's "identifying information", e.g. ("Date of birth", "4.10.1983")."""

    label: str
    value: str


@dataclass(frozen=True)
class ActorLink:
    """A threat actor of the knowledge base the listing's grounds point to.

    ``status`` says how firmly the link is sourced: ``verified`` when the Annex names the
    actor or one of its aliases, lower when the link comes from other public reporting.
    """

    actor_id: str
    name: str
    status: Verification


@dataclass(frozen=True)
class ListingAmendment:
    """A later change to a listing's Annex entry (a replacement, a correction)."""

    amended_on: date
    act: str
    summary: str
    sources: tuple[str, ...]
    status: Verification


@dataclass(frozen=True)
class Delisting:
    """The removal of a listee from the Annex."""

    delisted_on: date
    act: str
    reason: str
    sources: tuple[str, ...]
    status: Verification


@dataclass(frozen=True)
class Listing:
    """One person or entity listed under a regime."""

    id: str  # a readable, stable handle, e.g. "gao-qiang"
    regime_id: str
    kind: ListeeKind
    name: str  # as the Annex spells it
    listed_on: date
    grounds: str  # the statement of reasons, paraphrased
    sources: tuple[str, ...]
    status: Verification
    aliases: tuple[str, ...] = ()  # a.k.a., original-script spellings, online monikers
    identifiers: tuple[Identifier, ...] = ()
    country: str | None = None  # ISO alpha-2 of nationality (persons) or seat (entities)
    sponsor: str | None = None  # ISO alpha-2 of the State public attributions link it to
    affiliation: str | None = None
    round_id: str | None = None
    legal_acts: tuple[str, ...] = ()
    incidents: tuple[str, ...] = ()  # incident slugs
    actors: tuple[ActorLink, ...] = ()
    amendments: tuple[ListingAmendment, ...] = ()
    delisting: Delisting | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 1

    @property
    def measures(self) -> tuple[SanctionMeasure, ...]:
        return measures_for(self.kind)

    @property
    def active(self) -> bool:
        return self.delisting is None

    @property
    def names(self) -> tuple[str, ...]:
        """The listed name followed by every alias."""
        return (self.name, *self.aliases)

    def evolve(self, **changes: object) -> Listing:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ListingFilter:
    """Which listings to return; filters combine with AND. Values are canonical: ISO alpha-2
    codes, incident slugs, actor ids. ``since``/``until`` bound the listing date, inclusive."""

    regime_id: str | None = None
    kind: ListeeKind | None = None
    sponsor: str | None = None
    incident: str | None = None
    actor_ids: tuple[str, ...] = ()  # linked to any of these actors
    since: date | None = None
    until: date | None = None
    active: bool | None = None  # None: listed and delisted alike


class MatchKind(StrEnum):
    """Why a listing answered a check, strongest first."""

    NAME = "name"  # the listed name, in any word order
    ALIAS = "alias"  # an a.k.a., an original-script spelling or an online moniker
    ACTOR = "actor"  # the name designates a threat actor the listing is linked to
    PARTIAL_NAME = "partial_name"  # every word given is in a listed name: a possible match

    @property
    def conclusive(self) -> bool:
        return self is not MatchKind.PARTIAL_NAME


@dataclass(frozen=True)
class ListingMatch:
    listing: Listing
    kind: MatchKind
    matched: str  # the listed name, alias or actor that matched
    explanation: str  # one sentence an analyst can repeat


@dataclass(frozen=True)
class ListingCheck:
    """The answer to "is X listed?", naming what matched and why.

    ``actors`` are the knowledge-base actors the name designates (empty when it names none).
    """

    query: str
    matches: tuple[ListingMatch, ...]
    actors: tuple[ThreatActor, ...] = ()
    note: str | None = None  # e.g. that the name is shared by several actors

    @property
    def listed(self) -> bool:
        """True when an active listing matches by name, alias or linked actor."""
        return any(match.kind.conclusive and match.listing.active for match in self.matches)

    @property
    def answer(self) -> str:
        active = [m for m in self.matches if m.kind.conclusive and m.listing.active]
        if active:
            dates = sorted({str(m.listing.listed_on) for m in active})
            return (
                f"Listed: {self.query!r} matches {counted(len(active), 'active listing')} "
                f"(listed {', '.join(dates)})."
            )
        delisted = [m for m in self.matches if m.kind.conclusive]
        if delisted:
            return f"Not listed now: {self.query!r} matches only listings since delisted."
        if self.matches and not any(m.listing.active for m in self.matches):
            return f"Not listed now: {self.query!r} partly matches only listings since delisted."
        if self.matches:
            count = len(self.matches)
            return (
                f"Possible match: {self.query!r} is not a listed name, but every word of it is "
                f"in {counted(count, 'listed name')}; compare the identifying "
                "information before concluding."
            )
        subject = f"{self.query!r}"
        if self.actors:
            subject += f" (the threat actor {', '.join(a.name for a in self.actors)})"
        return f"Not listed: no listing matches {subject} by name, alias or linked actor."


class ReviewKind(StrEnum):
    LISTINGS = "listings"  # the listings lapse unless the Council renews them
    FRAMEWORK = "framework"  # the regime itself lapses unless prolonged


@dataclass(frozen=True)
class ReviewDue:
    """A date by which the Council must renew a regime's framework or its listings."""

    regime_id: str
    regime_name: str
    kind: ReviewKind
    due: date
    set_by: str  # the renewal that set the date
    days_left: int  # negative once the date has passed with no newer renewal recorded
    active_listings: int

    @property
    def overdue(self) -> bool:
        """The date has passed and the register records no later renewal. That is a fact
        about the register, not the world: the Council may well have renewed by an act not
        recorded yet, which is why ``recorded`` words it as what is recorded."""
        return self.days_left < 0

    @property
    def recorded(self) -> str:
        """What the register records about this date, in one sentence an analyst can check."""
        subject = "the listings" if self.kind is ReviewKind.LISTINGS else "the framework"
        due = f"{self.due.day} {self.due:%B %Y}"
        if not self.overdue:
            return f"The register records {subject} in force until {due}, set by {self.set_by}."
        days = -self.days_left
        return (
            f"The newest renewal recorded keeps {subject} in force until {due}, "
            f"{counted(days, 'day')} ago ({self.set_by}); no later renewal is "
            f"recorded: if the Council has renewed {subject} since, the register lacks that act."
        )
