"""The bundled sanctions register (``data/sanctions.yaml``): the EU cyber regime, its renewals,
its listing rounds and every listing, checked entry by entry as it is read.

Listings name threat actors the way the Annex does ("APT10", "Armageddon"); each name is
resolved through the actor catalogue to the actor's stable id, so a name the galaxies do not
know, or share between actors, is an error in the data file, not a silent gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from cdtoolbox.errors import NotFound
from cdtoolbox.knowledge.actors import ActorCatalogue
from cdtoolbox.knowledge.countries import CountryCatalogue
from cdtoolbox.knowledge.datafiles import DataFile, EntryReader
from cdtoolbox.model.dates import PartialDate
from cdtoolbox.model.diplomacy import Verification
from cdtoolbox.model.sanctions import (
    ActorLink,
    Identifier,
    ListeeKind,
    Listing,
    ListingAmendment,
    ListingRound,
    Regime,
    Renewal,
)

__all__ = ["SanctionsData", "load_sanctions", "read_amendment"]

_MOST_LISTEES_IN_A_ROUND = 1000


@dataclass(frozen=True)
class SanctionsData:
    """The register as bundled: one regime and its listings, in the data file's order."""

    regime: Regime
    listings: tuple[Listing, ...]
    data_version: int

    def listing(self, listing_id: str) -> Listing:
        found = next((item for item in self.listings if item.id == listing_id), None)
        if found is None:
            raise NotFound("listing", listing_id, "`cdt sanctions list` shows every listing")
        return found

    def in_round(self, round_id: str) -> tuple[Listing, ...]:
        return tuple(item for item in self.listings if item.round_id == round_id)


class _Entry(EntryReader):
    """An entry reader that can also hand out a field's raw value, for nested structures."""

    def __init__(self, raw: Mapping[str, Any], entity: str, location: str) -> None:
        super().__init__(raw, entity, location)
        self._fields = raw

    def raw(self, field: str) -> Any:
        return self._fields.get(field)


def load_sanctions(
    data: DataFile, actors: ActorCatalogue, countries: CountryCatalogue
) -> SanctionsData:
    regime = _read_regime(_nested(data.content, "regime", "sanctions regime", data.name))
    data.entries("listings", "listing")  # checks every entry is a mapping with a unique id
    listings = tuple(
        _read_listing(
            _Entry(raw, "listing", f"{data.name} entry {raw['id']!r}"), regime, actors, countries
        )
        for raw in data.content["listings"]
    )
    for item in regime.rounds:
        _check_round_counts(item, [x for x in listings if x.round_id == item.id], data.name)
    return SanctionsData(regime=regime, listings=listings, data_version=data.version)


def _nested(raw: Mapping[str, Any], field: str, entity: str, location: str) -> _Entry:
    value = raw.get(field)
    if not isinstance(value, dict):
        raise EntryReader(raw, entity, location).fail(field, value, "must be a mapping")
    return _Entry(value, entity, f"{location} {field}")


def _mappings(reader: _Entry, field: str, entity: str) -> list[_Entry]:
    """Readers for a list of mappings nested in an entry (empty when the field is absent)."""
    value = reader.raw(field)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise reader.fail(field, value, "must be a list of mappings")
    return [
        _Entry(item, entity, f"{reader.location} {field}[{index}]")
        for index, item in enumerate(value)
    ]


def _read_regime(reader: _Entry) -> Regime:
    return Regime(
        id=reader.text("id"),
        name=reader.text("name"),
        decision=reader.text("decision"),
        regulation=reader.text("regulation"),
        adopted_on=reader.date("adopted_on"),
        scope=reader.text("scope"),
        review_months=reader.integer("review_months", 1, 120),
        renewals=tuple(_read_renewal(item) for item in _mappings(reader, "renewals", "renewal")),
        rounds=tuple(_read_round(item) for item in _mappings(reader, "rounds", "listing round")),
        sources=reader.sources(),
        status=reader.choice("status", Verification),
    )


def _read_renewal(reader: _Entry) -> Renewal:
    return Renewal(
        decided_on=_partial_date(reader, "decided_on"),
        act=reader.text("act"),
        summary=reader.text("summary"),
        framework_until=reader.date("framework_until") if reader.has("framework_until") else None,
        listings_until=reader.date("listings_until") if reader.has("listings_until") else None,
        sources=reader.sources(),
        status=reader.choice("status", Verification),
    )


def _partial_date(reader: _Entry, field: str) -> PartialDate:
    value = reader.raw(field)
    if isinstance(value, date):
        return PartialDate(value)
    try:
        return PartialDate.parse(reader.text(field))
    except ValueError as error:
        raise reader.fail(field, value, str(error)) from None


def _read_round(reader: _Entry) -> ListingRound:
    item = ListingRound(
        id=reader.text("id"),
        listed_on=reader.date("listed_on"),
        legal_acts=reader.texts("legal_acts"),
        persons=reader.integer("persons", 0, _MOST_LISTEES_IN_A_ROUND),
        entities=reader.integer("entities", 0, _MOST_LISTEES_IN_A_ROUND),
        summary=reader.text("summary"),
        unrecorded=reader.optional_text("unrecorded"),
        sources=reader.sources(),
        status=reader.choice("status", Verification),
    )
    if item.id != item.listed_on.isoformat():
        raise reader.fail("id", item.id, "must be the round's date, YYYY-MM-DD")
    return item


def read_amendment(reader: EntryReader) -> ListingAmendment:
    """One amendment of a listing, as the data file (or a user's input) writes it."""
    return ListingAmendment(
        amended_on=reader.date("amended_on"),
        act=reader.text("act"),
        summary=reader.text("summary"),
        sources=reader.sources(),
        status=reader.choice("status", Verification),
    )


def _read_listing(
    reader: _Entry, regime: Regime, actors: ActorCatalogue, countries: CountryCatalogue
) -> Listing:
    kind = reader.choice("kind", ListeeKind)
    listed_on = reader.date("listed_on")
    round_id = reader.optional_text("round")
    if round_id is not None:
        listing_round = regime.round(round_id)
        if listing_round is None:
            raise reader.fail("round", round_id, "is not a listing round of the regime")
        if listing_round.listed_on != listed_on:
            raise reader.fail("listed_on", listed_on, f"differs from the date of round {round_id}")
    return Listing(
        id=reader.text("id"),
        regime_id=regime.id,
        kind=kind,
        name=reader.text("name"),
        aliases=reader.texts("aliases", required=False),
        identifiers=_identifiers(reader),
        country=_country(reader, "country", countries),
        sponsor=_country(reader, "sponsor", countries),
        affiliation=reader.optional_text("affiliation"),
        grounds=reader.text("grounds"),
        listed_on=listed_on,
        round_id=round_id,
        legal_acts=_legal_acts(reader, regime, round_id),
        incidents=reader.texts("incidents", required=False),
        actors=tuple(_actor_link(item, actors) for item in _mappings(reader, "actors", "actor")),
        amendments=tuple(
            read_amendment(item) for item in _mappings(reader, "amendments", "amendment")
        ),
        sources=reader.sources(),
        status=reader.choice("status", Verification),
    )


def _legal_acts(reader: EntryReader, regime: Regime, round_id: str | None) -> tuple[str, ...]:
    """The entry's own acts, or else those of its round."""
    own = reader.texts("legal_acts", required=False)
    if own or round_id is None:
        return own
    listing_round = regime.round(round_id)
    return listing_round.legal_acts if listing_round else ()


def _identifiers(reader: _Entry) -> tuple[Identifier, ...]:
    value = reader.raw("identifiers")
    if value is None:
        return ()
    pairs = value if isinstance(value, list) else None
    if pairs is None or not all(_is_label_value(pair) for pair in pairs):
        raise reader.fail("identifiers", value, "must be a list of [label, value] pairs of text")
    return tuple(Identifier(label.strip(), str(text).strip()) for label, text in pairs)


def _is_label_value(pair: object) -> bool:
    return (
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(part, str) and part.strip() for part in pair)
    )


def _country(reader: EntryReader, field: str, countries: CountryCatalogue) -> str | None:
    code = reader.optional_text(field)
    if code is None:
        return None
    country = countries.find(code)
    if country is None or country.code != code:
        raise reader.fail(field, code, "is not an ISO 3166 alpha-2 country code")
    return code


def _actor_link(reader: EntryReader, actors: ActorCatalogue) -> ActorLink:
    name = reader.text("name")
    actor = actors.find(name, "actors")
    if actor is None:
        raise reader.fail("name", name, "is not a threat actor of the MISP galaxies")
    return ActorLink(
        actor_id=actor.id, name=actor.name, status=reader.choice("status", Verification)
    )


def _check_round_counts(item: ListingRound, listings: list[Listing], location: str) -> None:
    """The register may hold fewer listees than a round reported only if it says why."""
    for kind, reported in ((ListeeKind.PERSON, item.persons), (ListeeKind.ENTITY, item.entities)):
        recorded = sum(1 for listing in listings if listing.kind is kind)
        reader = EntryReader({}, "listing round", f"{location} round {item.id}")
        if recorded > reported:
            reason = f"is fewer than the {recorded} {kind.value} listings recorded for the round"
            raise reader.fail(f"{kind.value}s", reported, reason)
        if recorded < reported and item.unrecorded is None:
            reason = (
                f"is more than the {recorded} {kind.value} listings recorded; say in "
                "`unrecorded` who is left out and why"
            )
            raise reader.fail(f"{kind.value}s", reported, reason)
