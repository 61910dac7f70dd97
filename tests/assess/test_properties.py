"""Property tests: any incident, with any subset of its fields missing, is assessed without
crashing, deterministically, and within the engine's own invariants."""

from __future__ import annotations

import json
from dataclasses import fields

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdtoolbox.assess import (
    Assessor,
    DimensionStatus,
    Precedent,
    SeverityLevel,
    Truth,
    assessment_to_dict,
)
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
    PartyKind,
)

COUNTRIES = ("DE", "FR", "UA", "US", "RU", "CN", "NO", "MD", "GB", "XX")  # XX: unknown code
SECTORS = (
    "energy",
    "energy.electricity",
    "health",
    "public-administration",
    "government.elections",
    "civil-society",
    "media",
    "ict-services",
    "no-such-sector",
)
STATES = ("RU", "CN", "KP", "IR", "DE")
WORDINGS = (
    "undertaken from the territory of China",
    "Russia-controlled APT28",
    "associated with the Russian state",
    "conducted by the GRU",
    "",
)
TEXT = st.text(min_size=1, max_size=12)
ACTOR_IDS = ("f512de42-f76b-40d2-9923-59e7dbdfec35", "unknown-actor-id")


def maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


attributions = st.builds(
    Attribution,
    party=st.builds(
        AttributingParty, st.sampled_from(PartyKind), TEXT, maybe(st.sampled_from(COUNTRIES))
    ),
    actor_id=maybe(st.sampled_from(ACTOR_IDS)),
    state=maybe(st.sampled_from(STATES)),
    likelihood=maybe(st.sampled_from(Likelihood)),
    confidence=maybe(st.sampled_from(Confidence)),
    basis=st.lists(st.sampled_from(AttributionBasis), max_size=3, unique=True).map(tuple),
    public=st.booleans(),
    wording=maybe(st.sampled_from(WORDINGS)),
    perpetrators=st.lists(st.sampled_from(("A. B.", "C. D.", "GRU unit 1")), max_size=3).map(tuple),
)
figures = st.integers(min_value=0, max_value=10**10)
impacts = st.builds(
    Impact,
    records_exposed=maybe(figures),
    people_affected=maybe(figures),
    systems_affected=maybe(figures),
    financial_loss_usd=maybe(st.floats(min_value=0, max_value=1e12)),
    outage_hours=maybe(st.floats(min_value=0, max_value=1e5)),
    physical_damage=maybe(st.booleans()),
    physical_effects=maybe(TEXT),
)
incidents = st.builds(
    Incident,
    id=st.sampled_from(("a", "b", "c")),
    slug=st.sampled_from(("a", "b", "c")),
    title=TEXT,
    types=st.lists(st.sampled_from(IncidentType), max_size=4, unique=True).map(tuple),
    is_campaign=st.booleans(),
    victim_countries=st.lists(st.sampled_from(COUNTRIES), max_size=4, unique=True).map(tuple),
    victim_sectors=st.lists(st.sampled_from(SECTORS), max_size=4, unique=True).map(tuple),
    victim_organisations=st.lists(
        st.builds(
            Organisation, TEXT, maybe(st.sampled_from(COUNTRIES)), maybe(st.sampled_from(SECTORS))
        ),
        max_size=3,
    ).map(tuple),
    actor_ids=st.lists(st.sampled_from(ACTOR_IDS), max_size=2, unique=True).map(tuple),
    attributions=st.lists(attributions, max_size=4).map(tuple),
    impact=impacts,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _strip(incident: Incident, keep: frozenset[str]) -> Incident:
    """The incident with every optional field outside ``keep`` reset to its default."""
    defaults = Incident(id=incident.id, slug=incident.slug, title=incident.title)
    changes = {
        field.name: getattr(defaults, field.name)
        for field in fields(Incident)
        if field.name not in keep and field.name not in ("id", "slug", "title")
    }
    return incident.evolve(**changes)


OPTIONAL = frozenset(field.name for field in fields(Incident)) - {"id", "slug", "title"}


@SETTINGS
@given(
    incident=incidents,
    keep=st.frozensets(st.sampled_from(sorted(OPTIONAL))),
    others=st.lists(incidents, max_size=3),
)
def test_any_subset_of_fields_is_assessed_deterministically(
    assessor: Assessor, incident: Incident, keep: frozenset[str], others: list[Incident]
) -> None:
    sparse = _strip(incident, keep)
    precedents = [Precedent(other) for other in others]
    first = assessor.assess(sparse, precedents)
    second = assessor.assess(sparse, assessor.index(precedents))
    assert first == second
    document = assessment_to_dict(first)
    assert json.dumps(document) == json.dumps(assessment_to_dict(second))

    severity = first.severity
    for dimension in severity.dimensions:
        assert (dimension.score is None) is (dimension.status is DimensionStatus.UNKNOWN)
        scores = [s for s in (dimension.score, dimension.likely, dimension.upper) if s is not None]
        assert scores == sorted(scores) and all(0 <= s <= 4 for s in scores)
    if all(d.score is None and d.likely is None for d in severity.dimensions):
        assert severity.level is SeverityLevel.UNKNOWN
    else:
        assert severity.lower.rank <= severity.level.rank <= severity.upper.rank
    for option in first.options:
        assert option.available is all(c.status is Truth.HOLDS for c in option.preconditions)
    ranked = first.recommendation.ranked
    decision = first.recommendation.response_level
    if decision.rule == "member-state-conduct":
        assert not ranked and decision.internal_procedures, "no Toolbox measure for Member States"
        return
    assert ranked, "preventive measures are always available"
    assert all(first.option(r.instrument_id).available for r in ranked)
    assert all(match.incident_id != sparse.id for match in first.precedents)
    assert len(first.norms) == 11
    assert all(finding.reason for finding in (*first.norms, *first.law))
