"""Reading one incident document: the good case in full, then every kind of mistake."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from cdtoolbox.errors import ImportRejected
from cdtoolbox.ingest import read_incident_document
from cdtoolbox.model import (
    AttributingParty,
    AttributionBasis,
    Confidence,
    DatePrecision,
    Impact,
    IncidentStatus,
    IncidentType,
    InformationCredibility,
    Likelihood,
    Organisation,
    PartialDate,
    PartyKind,
    SourceReliability,
    Tlp,
)

DATA = Path(__file__).parent / "data"


@pytest.fixture
def wannacry() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((DATA / "wannacry.yaml").read_text("utf-8"))
    document["impact"]["physical_damage"] = False  # safe_load reads `no` as False anyway
    return document


def minimal(**fields: Any) -> dict[str, Any]:
    return {"title": "A defacement", "start": "2020", "types": ["defacement"], **fields}


def rejection(document: object, resolver: Any) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        read_incident_document(document, resolver, location="test.yaml")
    return caught.value


def test_a_full_document_becomes_the_incident_it_describes(wannacry, resolver):
    incident = read_incident_document(wannacry, resolver)

    assert incident.id == "5b2b6c1e-4d1a-4c3b-9f0e-2a7d8c9b1e01"
    assert incident.slug == "wannacry-2017"
    assert incident.title == "WannaCry ransomware worm"
    assert incident.summary.startswith("A self-spreading ransomware worm")
    assert incident.start == PartialDate(date(2017, 5, 12), DatePrecision.DAY)
    assert incident.end == PartialDate(date(2017, 5, 15))
    assert incident.disclosed == PartialDate(date(2017, 5, 12))
    assert incident.types == (IncidentType.RANSOMWARE, IncidentType.WIPER)
    assert incident.is_campaign is False
    assert incident.victim_countries == ("GB", "ES", "US", "UA")
    assert incident.victim_sectors == ("health", "transport")
    assert incident.victim_organisations == (
        Organisation("National Health Service", "GB", "health"),
        Organisation("Telefónica", "ES"),
    )
    # two aliases of one actor count once
    assert incident.actor_ids == ("actor--lazarus-group",)
    assert incident.tlp is Tlp.CLEAR  # written as TLP 1.0 "white"
    assert incident.status is IncidentStatus.CONFIRMED
    assert incident.impact == Impact(
        systems_affected=200_000,
        financial_loss_usd=4_000_000_000.0,
        physical_damage=False,
        notes="Figures are the commonly cited estimates.",
    )
    (source,) = incident.sources
    assert source.publisher == "National Audit Office"
    assert source.published == date(2017, 10, 27)
    assert source.grade == "A2"
    assert source.reliability is SourceReliability.A
    assert source.credibility is InformationCredibility.PROBABLY_TRUE


def test_attributions_are_read_with_party_actor_state_and_judgment(wannacry, resolver):
    uk, us, eu = read_incident_document(wannacry, resolver).attributions

    assert uk.party == AttributingParty(PartyKind.STATE, "United Kingdom", "GB")
    assert uk.actor_id == "actor--lazarus-group"
    assert uk.state == "KP"  # written as a name
    assert uk.date == PartialDate(date(2017, 12, 19))
    assert uk.likelihood is Likelihood.VERY_LIKELY
    assert uk.confidence is Confidence.HIGH
    assert uk.basis == (AttributionBasis.POLITICAL, AttributionBasis.INTELLIGENCE)
    assert uk.public is True
    assert uk.wording is not None and "Lazarus Group" in uk.wording
    assert uk.source is not None and uk.source.published == date(2017, 12, 19)
    # a state party's country follows from its name when not written
    assert us.party == AttributingParty(PartyKind.STATE, "United States", "US")
    assert us.date == PartialDate(date(2017, 12, 1), DatePrecision.MONTH)
    assert (us.public, us.actor_id, us.source) == (True, None, None)
    assert eu.party == AttributingParty(PartyKind.EU, "Council of the European Union", None)
    assert eu.public is False


def test_a_minimal_document_leaves_identity_to_the_toolbox(resolver):
    incident = read_incident_document(minimal(), resolver)

    assert (incident.id, incident.slug, incident.version) == ("", "", 0)
    assert (incident.created_at, incident.updated_at) == (None, None)
    assert incident.start == PartialDate(date(2020, 1, 1), DatePrecision.YEAR)
    assert incident.tlp is Tlp.CLEAR
    assert incident.status is IncidentStatus.CONFIRMED
    assert incident.impact.is_unknown
    assert incident.summary == ""


@pytest.mark.parametrize(
    ("changes", "field", "value", "reason"),
    [
        ({"title": None}, "title", None, "is required"),
        ({"title": "   "}, "title", "   ", "is required"),
        ({"title": 1984}, "title", 1984, "must be text"),
        ({"start": None}, "start", None, "is required"),
        ({"start": "12/05/2017"}, "start", "12/05/2017", "is not a date of the form YYYY, "),
        ({"start": "2017-02-30"}, "start", "2017-02-30", "is not a real calendar date"),
        ({"start": "2017-13"}, "start", "2017-13", "is not a real calendar date"),
        ({"start": True}, "start", True, "is not a date of the form YYYY, "),
        ({"disclosed": "last May"}, "disclosed", "last May", "is not a date of the form YYYY, "),
        ({"end": "2019-12-31"}, "end", "2019-12-31", "is before the start (2020)"),
        ({"types": None}, "types", None, "is required"),
        ({"types": []}, "types", [], "is required"),
        ({"types": "ransomware"}, "types", "ransomware", "must be a list"),
        ({"types": ["ransom"]}, "types[0]", "ransom", "is not one of: espionage, data-breach, "),
        ({"campaign": "maybe"}, "campaign", "maybe", "must be true or false"),
        ({"id": "incident-7"}, "id", "incident-7", "is not a UUID"),
        ({"slug": "WannaCry 2017"}, "slug", "WannaCry 2017", "is not a slug"),
        ({"summary": ["a"]}, "summary", ["a"], "must be text"),
        ({"actors": ["Fancy Bare"]}, "actors[0]", "Fancy Bare", "is not a known threat actor"),
        ({"actors": ["Team 74"]}, "actors[0]", "Team 74", "is an alias of several actors"),
        ({"actors": "APT28"}, "actors", "APT28", "must be a list"),
        ({"tlp": "purple"}, "tlp", "purple", "is not one of: clear, green, amber, amber+strict"),
        ({"status": "final"}, "status", "final", "is not one of: draft, confirmed"),
        ({"victims": ["GB"]}, "victims", ["GB"], "must be a mapping of field names to values"),
        ({"victms": {}}, "victms", "victms", "is not a known field (did you mean `victims`?)"),
        ({"impact": 5}, "impact", 5, "must be a mapping"),
        ({"sources": {"title": "x"}}, "sources", {"title": "x"}, "must be a list"),
        ({"sources": ["NAO"]}, "sources[0]", "NAO", "must be a mapping"),
        ({"attributions": ["UK"]}, "attributions[0]", "UK", "must be a mapping"),
    ],
)
def test_each_mistake_names_its_field_value_and_reason(changes, field, value, reason, resolver):
    (error,) = rejection(minimal(**changes), resolver).errors

    assert (error.entity, error.field, error.value) == ("incident", field, value)
    assert error.reason.startswith(reason)
    assert error.location == "test.yaml"


@pytest.mark.parametrize(
    ("section", "content", "field", "value", "reason"),
    [
        (
            "victims",
            {"countries": ["GB", "UA", "Ukrain"]},
            "victims.countries[2]",
            "Ukrain",
            "is not an ISO 3166 country code or name",
        ),
        (
            "victims",
            {"sectors": ["health", "hospitals"]},
            "victims.sectors[1]",
            "hospitals",
            "is not a known sector id or name",
        ),
        (
            "victims",
            {"country": ["GB"]},
            "victims.country",
            "country",
            "is not a known field (did you mean `countries`?)",
        ),
        (
            "victims",
            {"organisations": [{"country": "GB"}]},
            "victims.organisations[0].name",
            None,
            "is required",
        ),
        (
            "victims",
            {"organisations": [{"name": "NHS", "sector": "hospitals"}]},
            "victims.organisations[0].sector",
            "hospitals",
            "is not a known sector id or name",
        ),
        (
            "impact",
            {"records_exposed": -5},
            "impact.records_exposed",
            -5,
            "must be a whole number ≥ 0",
        ),
        (
            "impact",
            {"people_affected": 2.5},
            "impact.people_affected",
            2.5,
            "must be a whole number ≥ 0",
        ),
        (
            "impact",
            {"systems_affected": "many"},
            "impact.systems_affected",
            "many",
            "must be a whole number ≥ 0",
        ),
        (
            "impact",
            {"financial_loss_usd": -1},
            "impact.financial_loss_usd",
            -1,
            "must be a number ≥ 0",
        ),
        (
            "impact",
            {"outage_hours": float("nan")},
            "impact.outage_hours",
            None,
            "must be a number ≥ 0",
        ),
        ("impact", {"physical_damage": 1}, "impact.physical_damage", 1, "must be true or false"),
        ("impact", {"cost": 5}, "impact.cost", "cost", "is not a known field"),
        ("sources", [{"url": "https://example.org"}], "sources[0].title", None, "is required"),
        (
            "sources",
            [{"title": "t", "url": "ftp://example.org/x"}],
            "sources[0].url",
            "ftp://example.org/x",
            "is not an http or https URL",
        ),
        (
            "sources",
            [{"title": "t", "published": "2017-12"}],
            "sources[0].published",
            "2017-12",
            "is not a date of the form YYYY-MM-DD",
        ),
        (
            "sources",
            [{"title": "t", "reliability": "H"}],
            "sources[0].reliability",
            "H",
            "is not one of: a, b, c, d, e, f, g",
        ),
        (
            "sources",
            [{"title": "t", "credibility": 7}],
            "sources[0].credibility",
            7,
            "is not one of: 1, 2, 3, 4, 5, 6",
        ),
    ],
)
def test_mistakes_in_sections_name_the_nested_path(
    section, content, field, value, reason, resolver
):
    (error,) = rejection(minimal(**{section: content}), resolver).errors

    assert error.field == field
    if value is not None:
        assert error.value == value
    assert error.reason.startswith(reason)


@pytest.mark.parametrize(
    ("attribution", "field", "value", "reason"),
    [
        ({"actor": "APT28"}, "attributions[0].by", None, "is required"),
        ({"by": "UK"}, "attributions[0].by", "UK", "must be a mapping"),
        (
            {"by": {"kind": "government", "name": "UK"}},
            "attributions[0].by.kind",
            "government",
            "is not one of: state, eu, international-organisation, company, researcher, media, "
            "self-claimed",
        ),
        ({"by": {"kind": "state"}}, "attributions[0].by.name", None, "is required"),
        (
            {"by": {"kind": "company", "name": "X", "country": "Atlantis"}},
            "attributions[0].by.country",
            "Atlantis",
            "is not an ISO 3166 country code or name",
        ),
        (
            {"by": {"kind": "eu", "name": "EU"}, "confidence": "hgh"},
            "attributions[0].confidence",
            "hgh",
            "is not one of: low, moderate, high",
        ),
        (
            {"by": {"kind": "eu", "name": "EU"}, "likelihood": "probable"},
            "attributions[0].likelihood",
            "probable",
            "is not one of: almost-no-chance",
        ),
        (
            {"by": {"kind": "eu", "name": "EU"}, "state": "Narnia"},
            "attributions[0].state",
            "Narnia",
            "is not an ISO 3166 country code or name",
        ),
        (
            {"by": {"kind": "eu", "name": "EU"}, "actor": "Cozy Bear"},
            "attributions[0].actor",
            "Cozy Bear",
            "is not a known threat actor name or alias",
        ),
        (
            {"by": {"kind": "eu", "name": "EU"}, "basis": ["gut feeling"]},
            "attributions[0].basis[0]",
            "gut feeling",
            "is not one of: technical, intelligence, political, legal",
        ),
        (
            {"by": {"kind": "eu", "name": "EU"}, "date": "2017-02-29"},
            "attributions[0].date",
            "2017-02-29",
            "is not a real calendar date",
        ),
        (
            {"by": {"kind": "eu", "name": "EU"}, "public": "publicly"},
            "attributions[0].public",
            "publicly",
            "must be true or false",
        ),
        (
            {"by": {"kind": "eu", "name": "EU"}, "source": {"title": "t", "url": "example.org"}},
            "attributions[0].source.url",
            "example.org",
            "is not an http or https URL",
        ),
        (
            {"by": {"kind": "eu", "name": "EU"}, "confidnce": "high"},
            "attributions[0].confidnce",
            "confidnce",
            "is not a known field (did you mean `confidence`?)",
        ),
    ],
)
def test_attribution_mistakes_name_the_attribution(attribution, field, value, reason, resolver):
    (error,) = rejection(minimal(attributions=[attribution]), resolver).errors

    assert (error.field, error.value) == (field, value)
    assert error.reason.startswith(reason)


def test_every_error_of_a_record_is_reported_at_once(wannacry, resolver):
    document = copy.deepcopy(wannacry)
    document["start"] = "2017-02-30"
    document["victims"]["countries"][2] = "Untied States"
    document["attributions"][0]["confidence"] = "hgh"
    document["impact"]["records_exposed"] = "unknown"
    document["source"] = document.pop("sources")

    errors = rejection(document, resolver).errors

    assert [error.field for error in errors] == [
        "source",
        "start",
        "victims.countries[2]",
        "attributions[0].confidence",
        "impact.records_exposed",
    ]
    assert errors[0].reason == "is not a known field (did you mean `sources`?)"


def test_errors_read_as_sentences_that_say_where(resolver):
    rejected = rejection(minimal(victims={"countries": ["Ukrain"]}), resolver)

    assert str(rejected.errors[0]) == (
        "test.yaml: incident `victims.countries[0]`: 'Ukrain' "
        "is not an ISO 3166 country code or name"
    )
    assert rejected.source == "test.yaml"
    assert str(rejected).startswith("test.yaml: import refused, nothing was written (1 error)")


def test_something_other_than_a_mapping_is_one_error(resolver):
    (error,) = rejection(["title", "start"], resolver).errors

    assert error.reason == "must be a mapping of field names to values"


def test_keys_that_are_not_text_are_unknown_fields(resolver):
    (error,) = rejection({**minimal(), 2017: "start"}, resolver).errors

    assert (error.field, error.value) == ("2017", 2017)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("white", Tlp.CLEAR),
        ("TLP:WHITE", Tlp.CLEAR),
        ("TLP:AMBER+STRICT", Tlp.AMBER_STRICT),
        ("Green", Tlp.GREEN),
        ("red", Tlp.RED),
    ],
)
def test_tlp_accepts_labels_and_the_legacy_white(written, expected, resolver):
    assert read_incident_document(minimal(tlp=written), resolver).tlp is expected


def test_yaml_dates_and_bare_years_are_read_with_their_precision(resolver):
    incident = read_incident_document(
        minimal(start=2014, end=date(2015, 3, 1), disclosed="2015-03"), resolver
    )

    assert incident.start == PartialDate(date(2014, 1, 1), DatePrecision.YEAR)
    assert incident.end == PartialDate(date(2015, 3, 1), DatePrecision.DAY)
    assert incident.disclosed == PartialDate(date(2015, 3, 1), DatePrecision.MONTH)


def test_an_end_in_the_start_period_is_not_before_it(resolver):
    incident = read_incident_document(minimal(start="2020-05-12", end="2020-05"), resolver)

    assert incident.end == PartialDate(date(2020, 5, 1), DatePrecision.MONTH)


def test_the_same_country_written_twice_is_kept_once(resolver):
    victims = {"countries": ["GB", "United Kingdom", "gbr", "NO"]}

    incident = read_incident_document(minimal(victims=victims), resolver)

    assert incident.victim_countries == ("GB", "NO")


def test_null_and_blank_values_mean_unknown(resolver):
    document = minimal(summary=None, end="", impact={"records_exposed": None}, victims=None)

    incident = read_incident_document(document, resolver)

    assert (incident.summary, incident.end, incident.victim_countries) == ("", None, ())
    assert incident.impact.records_exposed is None


def test_an_unknown_start_is_accepted_with_a_disclosure_date(resolver):
    document = {"title": "Spyware found", "disclosed": "2021-07", "types": ["espionage"]}
    incident = read_incident_document(document, resolver)
    assert incident.start is None and str(incident.disclosed) == "2021-07"
