"""Property tests: ingest never fails with anything but ImportRejected, and documents round-trip."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdtoolbox.errors import ImportRejected
from cdtoolbox.formats.csv import read_incident_csv
from cdtoolbox.formats.csv.vocabulary import COLUMNS
from cdtoolbox.ingest import (
    incident_to_document,
    read_incident_document,
    read_incident_file,
    read_incident_text,
)
from cdtoolbox.ingest.incident_document import (
    ATTRIBUTION_FIELDS,
    IMPACT_FIELDS,
    INCIDENT_FIELDS,
    ORGANISATION_FIELDS,
    PARTY_FIELDS,
    SOURCE_FIELDS,
    VICTIM_FIELDS,
)
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

SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- anything at all ------------------------------------------------------------------------

KNOWN_KEYS = sorted(
    {
        *INCIDENT_FIELDS,
        *VICTIM_FIELDS,
        *ORGANISATION_FIELDS,
        *ATTRIBUTION_FIELDS,
        *PARTY_FIELDS,
        *SOURCE_FIELDS,
        *IMPACT_FIELDS,
    }
)
WORDS = st.sampled_from(
    [
        "GB",
        "Ukraine",
        "health",
        "Fancy Bear",
        "Team 74",
        "ransomware",
        "state",
        "2017-05",
        "2017-02-30",
        "white",
        "https://example.org",
        "no",
        "",
        " ",
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | WORDS
    | st.dates()
)
JSON_LIKE = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=30,
)


@SLOW
@given(JSON_LIKE)
def test_any_data_gives_an_incident_or_a_rejection(resolver, data):
    try:
        incident = read_incident_document(data, resolver, location="x")
    except ImportRejected as rejected:
        assert rejected.errors, "a rejection always says why"
        assert all(error.location == "x" for error in rejected.errors)
    else:
        assert incident.title and incident.types and incident.start is not None
        assert set(incident.victim_countries) <= set(resolver.country_codes)


@SLOW
@given(st.text(), st.sampled_from(["a.json", "a.yaml", "a.yml"]))
def test_any_text_gives_incidents_or_a_rejection(resolver, text, name):
    try:
        incidents = read_incident_text(text, resolver, name=name)
    except ImportRejected as rejected:
        assert rejected.errors and rejected.source == name
    else:
        assert isinstance(incidents, list)


@SLOW
@given(st.binary(max_size=200), st.sampled_from([".json", ".yaml", ".csv"]))
def test_any_file_gives_incidents_or_a_rejection(resolver, tmp_path_factory, content, suffix):
    path = tmp_path_factory.mktemp("files") / f"incidents{suffix}"
    path.write_bytes(content)
    try:
        if suffix == ".csv":
            read_incident_csv(path, resolver)
        else:
            read_incident_file(path, resolver)
    except ImportRejected as rejected:
        assert rejected.errors


CSV_CELLS = st.lists(
    st.text(max_size=12) | WORDS | st.sampled_from(['"a;b"', '"x,y"', '"', "\n"]), max_size=8
)


@SLOW
@given(
    st.lists(st.sampled_from(COLUMNS) | st.text(max_size=8), max_size=8),
    st.lists(CSV_CELLS, max_size=5),
    st.sampled_from([",", ";"]),
)
def test_any_spreadsheet_gives_incidents_or_a_rejection(resolver, header, rows, delimiter):
    text = "\n".join(delimiter.join(cells) for cells in [header, *rows])
    try:
        incidents = read_incident_csv(text, resolver)
    except ImportRejected as rejected:
        assert rejected.errors
    else:
        assert all(incident.title and incident.types for incident in incidents)


@SLOW
@given(st.text())
def test_any_text_as_a_spreadsheet_gives_incidents_or_a_rejection(resolver, text):
    try:
        read_incident_csv(text, resolver)
    except ImportRejected as rejected:
        assert rejected.errors


# --- round trip -----------------------------------------------------------------------------

TEXT = (
    st.text(st.characters(codec="utf-8", exclude_categories=["Cc"]) | st.just("\n"), max_size=40)
    .map(str.strip)
    .filter(bool)
)
URLS = st.builds(
    "{}://{}.example.org/{}".format,
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z0-9]{1,10}", fullmatch=True),
    st.from_regex(r"[a-zA-Z0-9/._~-]{0,20}", fullmatch=True),
)
SLUGS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def unique_tuples(strategy: st.SearchStrategy[Any], **kwargs: Any) -> st.SearchStrategy[Any]:
    return st.lists(strategy, unique=True, **kwargs).map(tuple)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(min_value=date(1, 1, 1)))
    precision = draw(st.sampled_from(DatePrecision))
    if precision is DatePrecision.YEAR:
        day = day.replace(month=1, day=1)
    elif precision is DatePrecision.MONTH:
        day = day.replace(day=1)
    return PartialDate(day, precision)


SOURCES = st.builds(
    Source,
    title=TEXT,
    url=optional(URLS),
    publisher=optional(TEXT),
    published=optional(st.dates(min_value=date(1, 1, 1))),
    reliability=optional(st.sampled_from(SourceReliability)),
    credibility=optional(st.sampled_from(InformationCredibility)),
)
IMPACTS = st.builds(
    Impact,
    records_exposed=optional(st.integers(min_value=0, max_value=MAX_IMPACT_FIGURE)),
    people_affected=optional(st.integers(min_value=0, max_value=MAX_IMPACT_FIGURE)),
    systems_affected=optional(st.integers(min_value=0, max_value=MAX_IMPACT_FIGURE)),
    financial_loss_usd=optional(st.floats(min_value=0, max_value=MAX_IMPACT_FIGURE)),
    outage_hours=optional(st.floats(min_value=0, max_value=MAX_IMPACT_FIGURE)),
    physical_damage=optional(st.booleans()),
    physical_effects=optional(TEXT),
    notes=optional(TEXT),
)


@st.composite
def incidents(draw: st.DrawFn, resolver: Any) -> Incident:
    countries = st.sampled_from(resolver.country_codes)
    sectors = st.sampled_from(resolver.sector_ids)
    actors = st.sampled_from(sorted(resolver.actor_names))

    @st.composite
    def parties(draw: st.DrawFn) -> AttributingParty:
        kind = draw(st.sampled_from(PartyKind))
        # a state party's country is always known: the reader infers it from the name
        country = draw(countries if kind is PartyKind.STATE else optional(countries))
        return AttributingParty(kind, draw(TEXT), country)

    attributions = st.builds(
        Attribution,
        party=parties(),
        actor_id=optional(actors),
        state=optional(countries),
        date=optional(partial_dates()),
        likelihood=optional(st.sampled_from(Likelihood)),
        confidence=optional(st.sampled_from(Confidence)),
        basis=unique_tuples(st.sampled_from(AttributionBasis)),
        public=st.booleans(),
        wording=optional(TEXT),
        perpetrators=unique_tuples(TEXT),
        source=optional(SOURCES),
    )
    start = draw(partial_dates())
    end = draw(optional(partial_dates().filter(lambda end: end.latest >= start.earliest)))
    return Incident(
        id=draw(st.just("") | st.uuids().map(str)),
        slug=draw(st.just("") | SLUGS),
        title=draw(TEXT),
        summary=draw(st.just("") | TEXT),
        start=start,
        end=end,
        disclosed=draw(optional(partial_dates())),
        types=draw(unique_tuples(st.sampled_from(IncidentType), min_size=1)),
        is_campaign=draw(st.booleans()),
        victim_countries=draw(unique_tuples(countries)),
        victim_sectors=draw(unique_tuples(sectors)),
        victim_organisations=draw(
            st.lists(
                st.builds(Organisation, TEXT, optional(countries), optional(sectors)), max_size=3
            ).map(tuple)
        ),
        actor_ids=draw(unique_tuples(actors)),
        attributions=draw(st.lists(attributions, max_size=3).map(tuple)),
        impact=draw(IMPACTS),
        sources=draw(st.lists(SOURCES, max_size=3).map(tuple)),
        tlp=draw(st.sampled_from(Tlp)),
        status=draw(st.sampled_from(IncidentStatus)),
    )


@SLOW
@given(st.data())
def test_reading_a_written_document_gives_the_incident_back(resolver, data):
    incident = data.draw(incidents(resolver))

    document = incident_to_document(incident, resolver.actor_names)

    assert read_incident_document(document, resolver) == incident


@SLOW
@given(st.data())
def test_written_documents_survive_json_and_yaml_files(resolver, data):
    batch = data.draw(st.lists(incidents(resolver), min_size=1, max_size=3))
    # ids and slugs must be unique within one file
    batch = [item.evolve(id="", slug="") for item in batch]
    documents = {"incidents": [incident_to_document(item, resolver.actor_names) for item in batch]}

    as_json = read_incident_text(json.dumps(documents), resolver, name="x.json")
    as_yaml = read_incident_text(yaml.safe_dump(documents), resolver, name="x.yaml")

    assert as_json == as_yaml == batch


def test_the_written_document_reads_like_the_format(resolver):
    incident = Incident(
        id="",
        slug="notpetya-2017",
        title="NotPetya",
        start=PartialDate(date(2017, 6, 27)),
        types=(IncidentType.WIPER,),
        victim_countries=("UA",),
        actor_ids=("actor--sandworm",),
        attributions=(
            Attribution(
                AttributingParty(PartyKind.STATE, "United Kingdom", "GB"),
                actor_id="actor--sandworm",
                state="RU",
            ),
        ),
        impact=Impact(financial_loss_usd=10e9, physical_damage=False),
        sources=(
            Source(
                "A report",
                reliability=SourceReliability.B,
                credibility=InformationCredibility.PROBABLY_TRUE,
            ),
        ),
    )

    assert incident_to_document(incident, resolver.actor_names) == {
        "slug": "notpetya-2017",
        "title": "NotPetya",
        "start": "2017-06-27",
        "types": ["wiper"],
        "victims": {"countries": ["UA"]},
        "actors": ["Sandworm"],
        "attributions": [
            {
                "by": {"kind": "state", "name": "United Kingdom", "country": "GB"},
                "actor": "Sandworm",
                "state": "RU",
                "public": True,
            }
        ],
        "impact": {"financial_loss_usd": 10_000_000_000, "physical_damage": False},
        "sources": [{"title": "A report", "reliability": "B", "credibility": 2}],
        "tlp": "clear",
        "status": "confirmed",
    }
