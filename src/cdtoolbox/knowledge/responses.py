"""The EU's and Member States' actual public responses, read from ``responses.yaml``.

Each response is checked on load: an EU response must name a Toolbox instrument that exists, a
Member State must be one, dates and country codes must be well formed. Whether the incident
slugs exist is checked by the tests against the bundled dataset (the ingest package sits above
this one and cannot be read from here).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from cdtoolbox.errors import InvalidInput
from cdtoolbox.knowledge.countries import CountryCatalogue
from cdtoolbox.knowledge.datafiles import DataFile, EntryReader
from cdtoolbox.knowledge.diplomacy import InstrumentRegister, Register
from cdtoolbox.model import (
    InstrumentCategory,
    PartialDate,
    PublicResponse,
    RespondingPartyKind,
    ResponseTier,
    Verification,
)

__all__ = ["ResponseRegister", "load_responses"]

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PUBLIC_STABILITY_LEVEL = 3  # stability measures from this ladder level up are public signals


class ResponseRegister(Register[PublicResponse]):
    """Responses in file order, found by id or by the incident they concern."""

    def __init__(
        self,
        responses: Iterable[PublicResponse],
        alignment_partners: frozenset[str],
        no_response: tuple[str, ...],
        version: int,
        instruments: InstrumentRegister,
        partners_echoed_since: date | None = None,
    ) -> None:
        super().__init__("public response", responses, version)
        self.alignment_partners = alignment_partners
        #: From when the Union echoes a partner's attribution of an attack on itself (None:
        #: always): the date of its first statement on an attack outside the Union.
        self.partners_echoed_since = partners_echoed_since
        #: Incidents known to have had no public response at all.
        self.no_response = no_response
        self._instruments = instruments
        by_incident: dict[str, list[PublicResponse]] = {}
        for response in self:
            for slug in response.incidents:
                by_incident.setdefault(slug, []).append(response)
        self._by_incident = {slug: tuple(found) for slug, found in by_incident.items()}

    def for_incident(self, slug: str) -> tuple[PublicResponse, ...]:
        """Every response concerning the incident with this slug, in date order of the file."""
        return self._by_incident.get(slug, ())

    def incident_slugs(self) -> tuple[str, ...]:
        """Every incident slug some response concerns."""
        return tuple(self._by_incident)

    def calibration_slugs(self) -> tuple[str, ...]:
        """Incidents whose actual response tier is on record: answered ones and known silences."""
        return (*self._by_incident, *self.no_response)

    def tier_of(self, response: PublicResponse) -> ResponseTier:
        """The tier one response reached (see ``ResponseTier``)."""
        if response.party_kind is RespondingPartyKind.MEMBER_STATE:
            return ResponseTier.MEMBER_STATES
        if response.instrument_id is None:
            return ResponseTier.NONE
        instrument = self._instruments.get(response.instrument_id)
        if instrument.category is InstrumentCategory.RESTRICTIVE:
            return ResponseTier.RESTRICTIVE
        if (
            instrument.category is InstrumentCategory.STABILITY
            and instrument.level >= _PUBLIC_STABILITY_LEVEL
        ):
            return ResponseTier.STABILITY
        return ResponseTier.NONE

    def tier_for(self, slug: str) -> ResponseTier:
        """The highest tier any response to the incident reached; NONE when there is none."""
        tiers = [self.tier_of(response) for response in self.for_incident(slug)]
        return max(tiers, key=lambda tier: tier.rank, default=ResponseTier.NONE)


def load_responses(
    data: DataFile, instruments: InstrumentRegister, countries: CountryCatalogue
) -> ResponseRegister:
    responses = [
        _response(reader, instruments, countries)
        for reader in data.entries("responses", "public response")
    ]
    section = data.section("alignment_partners", "alignment partners")
    if not isinstance(section, dict):
        raise InvalidInput(
            "alignment partners", "alignment_partners", "(a list)", "must be a mapping"
        )
    partners = EntryReader(section, "alignment partners", data.name)
    partners.sources()
    codes = frozenset(
        _country(partners, "countries", code, countries) for code in partners.texts("countries")
    )
    echoed_since = partners.date("echoed_since") if partners.has("echoed_since") else None
    silent = _no_response(data)
    answered = {slug for response in responses for slug in response.incidents}
    for slug in silent:
        if slug in answered:
            reason = "is listed under no_response but a response concerns it"
            raise InvalidInput("no response", "incidents", slug, reason, data.name)
    return ResponseRegister(responses, codes, silent, data.version, instruments, echoed_since)


def _no_response(data: DataFile) -> tuple[str, ...]:
    section = data.section("no_response", "no response")
    if not isinstance(section, dict):
        raise InvalidInput("no response", "no_response", "(a list)", "must be a mapping", data.name)
    reader = EntryReader(section, "no response", data.name)
    reader.sources()
    slugs = reader.texts("incidents")
    for slug in slugs:
        if not _SLUG.match(slug):
            raise reader.fail("incidents", slug, "is not an incident slug")
    return slugs


def _response(
    reader: EntryReader, instruments: InstrumentRegister, countries: CountryCatalogue
) -> PublicResponse:
    kind = reader.choice("party_kind", RespondingPartyKind)
    country = reader.optional_text("country")
    if kind is RespondingPartyKind.MEMBER_STATE:
        if country is None or not _known(country, countries, member=True):
            raise reader.fail("country", country, "must be the ISO code of an EU Member State")
    elif country is not None:
        raise reader.fail("country", country, "is only given for a Member State")
    instrument_id = reader.optional_text("instrument")
    if instrument_id is not None and instrument_id not in instruments:
        raise reader.fail(
            "instrument", instrument_id, "is not an instrument id in instruments.yaml"
        )
    if kind is RespondingPartyKind.EU and instrument_id is None:
        raise reader.fail(
            "instrument", None, "is missing: an EU response uses a Toolbox instrument"
        )
    incidents = reader.texts("incidents", required=False)
    for slug in incidents:
        if not _SLUG.match(slug):
            raise reader.fail("incidents", slug, "is not an incident slug")
    state = reader.optional_text("state_named")
    return PublicResponse(
        id=reader.text("id"),
        date=_partial_date(reader),
        party_kind=kind,
        party=reader.text("party"),
        country=country.upper() if country else None,
        instrument_id=instrument_id,
        measure=reader.text("measure"),
        incidents=incidents,
        attribution_wording=reader.optional_text("wording"),
        state_named=_country(reader, "state_named", state, countries) if state else None,
        listed=reader.texts("listed", required=False),
        sources=reader.sources(),
        status=reader.choice("status", Verification),
    )


def _partial_date(reader: EntryReader) -> PartialDate:
    value = reader.text("date")
    try:
        return PartialDate.parse(value)
    except ValueError as error:
        raise reader.fail("date", value, str(error)) from None


def _known(code: str, countries: CountryCatalogue, *, member: bool = False) -> bool:
    country = countries.find(code) if len(code) == 2 else None
    return (
        country is not None and country.code == code.upper() and (country.eu_member or not member)
    )


def _country(reader: EntryReader, field: str, code: str, countries: CountryCatalogue) -> str:
    if not _known(code, countries):
        raise reader.fail(field, code, "is not an ISO 3166 alpha-2 country code")
    return code.upper()
