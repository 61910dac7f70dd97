"""The parts an incident document and our STIX payload share, read by one reader."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cdtoolbox.formats.stix.extension import PayloadReader
from cdtoolbox.formats.stix.vocabulary import EXTENSION_ID
from cdtoolbox.ingest.incident_parts import IncidentPartsReader
from cdtoolbox.ingest.record import MappingReader, RecordErrors
from cdtoolbox.model import AttributingParty, PartyKind, Tlp

STATE_WITHOUT_COUNTRY = {"attributions": [{"by": {"kind": "state", "name": "France"}}]}


@pytest.mark.parametrize(("fill", "country"), [(True, "FR"), (False, None)])
def test_a_state_partys_country_comes_from_its_name_only_when_asked(resolver, fill, country):
    errors = RecordErrors("incident")
    record = MappingReader(STATE_WITHOUT_COUNTRY, errors, ("attributions",))

    parts = IncidentPartsReader(resolver, state_country_from_name=fill).read(record)

    (attribution,) = parts["attributions"]

    assert attribution.party == AttributingParty(PartyKind.STATE, "France", country)
    assert errors.found == []


def test_a_stix_payload_gives_back_the_state_party_as_stored(resolver):
    errors = RecordErrors("incident")
    payload = {
        "extension_type": "property-extension",
        "id": "3b0bd1ee-8b4c-4b61-9a30-0d1f7b1b8a10",
        "slug": "ours-2024",
        **STATE_WITHOUT_COUNTRY,
    }
    moment = datetime(2024, 1, 1, tzinfo=UTC)

    incident = PayloadReader(resolver, errors, "objects[0]").incident(
        payload, title="Ours", summary="", tlp=Tlp.GREEN, created=moment, modified=moment
    )

    assert errors.found == []
    assert incident is not None
    assert incident.attributions[0].party.country is None


def test_errors_in_a_part_name_their_path_in_the_whole_record(resolver):
    errors = RecordErrors("incident")
    data = {"attributions": [{"state": "RU"}], "sources": [{"url": "https://example.org"}]}
    record = MappingReader(data, errors, ("attributions", "sources"), f"extensions.{EXTENSION_ID}")
    parts = IncidentPartsReader(resolver, state_country_from_name=False).read(record)

    assert (parts["attributions"], parts["sources"]) == ((), ())
    assert [(error.field, error.reason) for error in errors.found] == [
        (f"extensions.{EXTENSION_ID}.attributions[0].by", "is required"),
        (f"extensions.{EXTENSION_ID}.sources[0].title", "is required"),
    ]
