"""The public responses the EU and its Member States actually gave to malicious cyber activity.

A response is a dated, sourced act (a Council conclusion, a declaration of the High
Representative, a sanctions listing, a Member State's national attribution…) that may concern
one or more recorded incidents. Responses are reference data: they say what was done, not
what should be done.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cdtoolbox.model.dates import PartialDate
from cdtoolbox.model.diplomacy import Verification

__all__ = ["PublicResponse", "RespondingPartyKind", "ResponseLevel", "ResponseTier"]


class ResponseTier(StrEnum):
    """How far the public answer to an incident went, from nothing to EU sanctions.

    Used to compare the engine's recommendation with what was actually done: the tier of an
    incident is the highest tier of any response concerning it.
    """

    NONE = "none"  # no public EU or Member State response on record
    MEMBER_STATES = "member-states"  # national responses only, nothing at EU level
    STABILITY = "stability"  # an EU statement, declaration or Council conclusions
    RESTRICTIVE = "restrictive"  # a listing under the EU cyber sanctions regime

    @property
    def rank(self) -> int:
        return _TIER_RANKS[self]

    @property
    def label(self) -> str:
        return _TIER_LABELS[self]


_TIER_RANKS = {tier: position for position, tier in enumerate(ResponseTier)}
_TIER_LABELS = {
    ResponseTier.NONE: "no public response",
    ResponseTier.MEMBER_STATES: "national responses only",
    ResponseTier.STABILITY: "an EU statement, declaration or Council conclusions",
    ResponseTier.RESTRICTIVE: "EU restrictive measures",
}


class ResponseLevel(StrEnum):
    """The level at which an incident is answered politically, lowest first.

    ``national`` covers any state's own answer (an attribution statement, a démarche, an
    indictment, national sanctions), with the EU at most expressing solidarity. The values are
    those of the calibration codebook (docs/assessment.md).
    """

    NONE = "none"
    NATIONAL = "national"
    EU_STATEMENT = "eu-statement"
    EU_RESTRICTIVE_MEASURES = "eu-restrictive-measures"

    @property
    def rank(self) -> int:
        return _LEVEL_RANKS[self]

    @property
    def eu_tier(self) -> ResponseTier:
        """The public EU response the level amounts to (a national answer is none at EU level)."""
        return _EU_TIER[self]

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]


_LEVEL_RANKS = {level: position for position, level in enumerate(ResponseLevel)}
_LEVEL_LABELS = {
    ResponseLevel.NONE: "no political response",
    ResponseLevel.NATIONAL: "a national response (with EU solidarity at most)",
    ResponseLevel.EU_STATEMENT: "an EU-level statement",
    ResponseLevel.EU_RESTRICTIVE_MEASURES: "EU restrictive measures",
}
_EU_TIER = {
    ResponseLevel.NONE: ResponseTier.NONE,
    ResponseLevel.NATIONAL: ResponseTier.NONE,
    ResponseLevel.EU_STATEMENT: ResponseTier.STABILITY,
    ResponseLevel.EU_RESTRICTIVE_MEASURES: ResponseTier.RESTRICTIVE,
}


class RespondingPartyKind(StrEnum):
    EU = "eu"
    MEMBER_STATE = "member-state"


@dataclass(frozen=True)
class PublicResponse:
    """One public act answering malicious cyber activity.

    ``instrument_id`` names the Toolbox instrument an EU response used; a Member State's
    national measure (a national attribution, summoning an ambassador) has none.
    ``incidents`` are slugs of incidents in the bundled dataset; a general declaration that
    names no recorded incident has none.
    """

    id: str
    date: PartialDate
    party_kind: RespondingPartyKind
    party: str  # e.g. "Council of the European Union", "Germany"
    measure: str  # what was done, in words a diplomat would use
    sources: tuple[str, ...]
    status: Verification
    country: str | None = None  # ISO 3166-1 alpha-2 of a responding Member State
    instrument_id: str | None = None
    incidents: tuple[str, ...] = ()
    attribution_wording: str | None = None  # the response's own words on who was responsible
    state_named: str | None = None  # ISO alpha-2 of a state the response holds responsible
    listed: tuple[str, ...] = ()  # persons and entities a sanctions listing added

    def same_act_as(self, other: PublicResponse) -> bool:
        """Whether ``other`` records the same public act: the same speaker, instrument, day
        and incidents. Two records of one act would count it twice."""
        return (
            self._speaker() == other._speaker()
            and self.instrument_id == other.instrument_id
            and self.date == other.date
            and set(self.incidents) == set(other.incidents)
        )

    def _speaker(self) -> tuple[RespondingPartyKind, str | None]:
        # For the EU its instrument tells who spoke, whatever name a record gives the
        # speaker ("Council of the EU", "High Representative on behalf of the EU").
        if self.party_kind is RespondingPartyKind.MEMBER_STATE:
            return self.party_kind, self.country or self.party
        return self.party_kind, None
