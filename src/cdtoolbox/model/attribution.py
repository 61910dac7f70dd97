"""Who said an incident was done by whom, how sure they were and on what basis."""

from __future__ import annotations

from dataclasses import dataclass

from cdtoolbox.model.dates import PartialDate
from cdtoolbox.model.sources import Source
from cdtoolbox.model.vocabulary import AttributionBasis, Confidence, Likelihood, PartyKind

__all__ = ["AttributingParty", "Attribution"]

_OFFICIAL_KINDS = frozenset({PartyKind.STATE, PartyKind.EU, PartyKind.INTERNATIONAL_ORGANISATION})


@dataclass(frozen=True)
class AttributingParty:
    """A state, the EU, a company, a researcher… that made an attribution."""

    kind: PartyKind
    name: str
    country: str | None = None  # ISO 3166-1 alpha-2 of the state, or of the company's seat

    @property
    def is_official(self) -> bool:
        """A government, the EU or an international organisation: a public authority whose
        attribution is a political act, unlike a vendor's report or a newspaper's story."""
        return self.kind in _OFFICIAL_KINDS


@dataclass(frozen=True)
class Attribution:
    """One dated attribution of an incident to an actor and/or a state.

    Technical (which cluster), legal (which state is responsible) and political (who says so
    publicly) attribution are different questions; ``basis`` says which this record answers.
    """

    party: AttributingParty
    actor_id: str | None = None
    state: str | None = None  # ISO 3166-1 alpha-2 of the state held responsible
    date: PartialDate | None = None
    likelihood: Likelihood | None = None
    confidence: Confidence | None = None
    basis: tuple[AttributionBasis, ...] = ()
    public: bool = True
    wording: str | None = None  # the attributing party's own words, e.g. "Russia-controlled APT28"
    # Persons or entities the party identified as responsible (indicted officers, front
    # companies, military units): what EU restrictive measures need to list anyone.
    perpetrators: tuple[str, ...] = ()
    source: Source | None = None
