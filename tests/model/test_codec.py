from datetime import UTC, date, datetime

from cdtoolbox.model import (
    AttributingParty,
    Attribution,
    AttributionBasis,
    Confidence,
    Impact,
    Incident,
    IncidentType,
    Likelihood,
    Organisation,
    PartialDate,
    PartyKind,
    Source,
    SourceReliability,
    Tlp,
)
from cdtoolbox.model.codec import incident_from_dict, incident_to_dict


def wannacry() -> Incident:
    source = Source(
        "Foreign Office Minister condemns North Korean actor for WannaCry attacks",
        url="https://www.gov.uk/government/news/foreign-office-minister-condemns-north-korean-actor-for-wannacry-attacks",
        publisher="UK Foreign and Commonwealth Office",
        published=date(2017, 12, 19),
        reliability=SourceReliability.A,
    )
    return Incident(
        id="6f1c9a52-9a4e-5d4c-8d8a-1f1d2b3c4d5e",
        slug="wannacry-2017",
        title="WannaCry",
        summary="A ransomware worm hit more than 200,000 computers in 150 countries.",
        start=PartialDate.parse("2017-05-12"),
        types=(IncidentType.RANSOMWARE,),
        victim_countries=("GB",),
        victim_sectors=("health",),
        victim_organisations=(Organisation("National Health Service", "GB", "health"),),
        actor_ids=("lazarus",),
        attributions=(
            Attribution(
                party=AttributingParty(PartyKind.STATE, "United Kingdom", "GB"),
                actor_id="lazarus",
                state="KP",
                date=PartialDate.parse("2017-12-19"),
                likelihood=Likelihood.ALMOST_CERTAIN,
                confidence=Confidence.HIGH,
                basis=(AttributionBasis.INTELLIGENCE, AttributionBasis.POLITICAL),
                wording="almost certainly responsible",
                source=source,
            ),
        ),
        impact=Impact(systems_affected=200_000, financial_loss_usd=4e9),
        sources=(source,),
        tlp=Tlp.CLEAR,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        updated_at=datetime(2026, 1, 2, tzinfo=UTC),
        version=3,
    )


def test_an_incident_survives_the_document_form() -> None:
    incident = wannacry()
    assert incident_from_dict(incident_to_dict(incident)) == incident


def test_unknown_impact_stays_unknown_in_the_document() -> None:
    document = incident_to_dict(wannacry())
    assert document["impact"]["records_exposed"] is None
    assert document["impact"]["systems_affected"] == 200_000


def test_attributed_states_are_listed_once() -> None:
    incident = wannacry()
    doubled = incident.evolve(attributions=incident.attributions * 2)
    assert doubled.attributed_states == ("KP",)


def test_admiralty_grade_is_written_as_analysts_write_it() -> None:
    assert wannacry().sources[0].grade == "A"
    assert Source("x", reliability=SourceReliability.B, credibility=None).grade == "B"
