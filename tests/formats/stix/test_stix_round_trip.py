"""import(export(x)) == x for any incident the mapping can express (property test)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdtoolbox.formats.stix import export_bundle
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model import (
    MAX_IMPACT_FIGURE,
    AttributingParty,
    Attribution,
    AttributionBasis,
    Confidence,
    DatePrecision,
    Impact,
    Incident,
    IncidentStatus,
    IncidentType,
    InformationCredibility,
    Likelihood,
    Organisation,
    PartialDate,
    PartyKind,
    Source,
    SourceReliability,
    Tlp,
)
from stix_support import read_plan

NAMESPACE = uuid.UUID("a4b3c2d1-e5f6-4a7b-8c9d-0e1f2a3b4c5d")
COUNTRIES = ["UA", "RU", "US", "FR", "DE", "KP", "IR", "EE", "GB", "CN"]
SECTORS = ["energy", "health", "energy.electricity", "transport", "digital-infrastructure"]
ACTOR_NAMES = ["APT28", "Sandworm", "Lazarus Group", "APT29", "Turla"]
URLS = ["https://example.org/a", "http://example.com/report?id=7", "https://gov.example/x#y"]

texts = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
maybe_text = st.none() | texts
amounts = st.floats(min_value=0, max_value=MAX_IMPACT_FIGURE, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=0, max_value=MAX_IMPACT_FIGURE)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(days)
    precision = draw(st.sampled_from(list(DatePrecision)))
    if precision is DatePrecision.MONTH:
        day = day.replace(day=1)
    elif precision is DatePrecision.YEAR:
        day = day.replace(month=1, day=1)
    return PartialDate(day, precision)


def unique(strategy: st.SearchStrategy, max_size: int = 3) -> st.SearchStrategy:
    return st.lists(strategy, max_size=max_size, unique=True).map(tuple)


sources = st.builds(
    Source,
    title=texts,
    url=st.none() | st.sampled_from(URLS),
    publisher=maybe_text,
    published=st.none() | days,
    reliability=st.none() | st.sampled_from(list(SourceReliability)),
    credibility=st.none() | st.sampled_from(list(InformationCredibility)),
)


@st.composite
def incidents(draw: st.DrawFn, actor_ids: list[str]) -> Incident:
    actors = st.sampled_from(actor_ids)
    countries = st.sampled_from(COUNTRIES)
    attribution = st.builds(
        Attribution,
        party=st.builds(
            AttributingParty,
            kind=st.sampled_from(list(PartyKind)),
            name=texts,
            country=st.none() | countries,
        ),
        actor_id=st.none() | actors,
        state=st.none() | countries,
        date=st.none() | partial_dates(),
        likelihood=st.none() | st.sampled_from(list(Likelihood)),
        confidence=st.none() | st.sampled_from(list(Confidence)),
        basis=unique(st.sampled_from(list(AttributionBasis))),
        public=st.booleans(),
        wording=maybe_text,
        perpetrators=unique(texts),
        source=st.none() | sources,
    )
    created = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)))
    created = created.replace(tzinfo=UTC)
    updated = created + draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=900)))
    return Incident(
        id=str(draw(st.uuids())),
        slug=draw(st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}\Z")),
        title=draw(texts),
        summary=draw(st.just("") | texts),
        start=draw(st.none() | partial_dates()),
        end=draw(st.none() | partial_dates()),
        disclosed=draw(st.none() | partial_dates()),
        types=draw(unique(st.sampled_from(list(IncidentType)), 4)),
        is_campaign=draw(st.booleans()),
        victim_countries=draw(unique(countries, 4)),
        victim_sectors=draw(unique(st.sampled_from(SECTORS))),
        victim_organisations=draw(
            unique(
                st.builds(
                    Organisation,
                    name=texts,
                    country=st.none() | countries,
                    sector=st.none() | st.sampled_from(SECTORS),
                )
            )
        ),
        actor_ids=draw(unique(actors)),
        attributions=draw(st.lists(attribution, max_size=3).map(tuple)),
        impact=draw(
            st.builds(
                Impact,
                records_exposed=st.none() | counts,
                people_affected=st.none() | counts,
                systems_affected=st.none() | counts,
                financial_loss_usd=st.none() | amounts,
                outage_hours=st.none() | amounts,
                physical_damage=st.none() | st.booleans(),
                physical_effects=maybe_text,
                notes=maybe_text,
            )
        ),
        sources=draw(unique(sources)),
        tlp=draw(st.sampled_from(list(Tlp))),
        status=draw(st.sampled_from(list(IncidentStatus))),
        created_at=created,
        updated_at=updated,
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_import_of_export_gives_the_incidents_back(
    knowledge: KnowledgeBase, data: st.DataObject
) -> None:
    catalogue = knowledge.actors
    actor_ids = [catalogue.resolve(name).id for name in ACTOR_NAMES]
    given = data.draw(
        st.lists(incidents(actor_ids), min_size=1, max_size=3, unique_by=lambda i: i.id)
    )
    actors = [catalogue.get(actor_id) for actor_id in actor_ids]
    bundle = export_bundle(given, actors, max_tlp=Tlp.RED, id_namespace=NAMESPACE)
    plan, kept = read_plan(bundle, knowledge, catalogue)
    assert plan.errors == ()
    assert kept == []
    assert [planned.incident for planned in plan.incidents] == given
