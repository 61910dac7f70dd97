"""Precedents: similar incidents with their recorded responses; the incident itself excluded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from assess_builders import attribution, incident

from cdtoolbox.assess import Assessment, Assessor, Precedent
from cdtoolbox.assess.facts import derive_facts
from cdtoolbox.assess.precedents import MATCHES_SHOWN, normalise_name
from cdtoolbox.assess.severity import assess_severity
from cdtoolbox.model import Incident, IncidentType, ResponseTier


def test_wannacry_finds_the_other_incidents_of_its_perpetrators(
    assessed: Callable[[str], Assessment],
) -> None:
    matches = assessed("wannacry-2017").precedents
    slugs = [match.slug for match in matches]
    assert slugs[:2] == ["bangladesh-bank-2016", "sony-pictures-2014"]
    assert "wannacry-2017" not in slugs
    first = matches[0]
    assert "same actor: Lazarus Group" in first.shared
    assert first.tier is ResponseTier.RESTRICTIVE
    assert any(response.instrument_id == "restrictive.listing" for response in first.responses)


def test_matches_are_ranked_bounded_and_above_the_threshold(
    assessed: Callable[[str], Assessment], bundled: dict[str, Incident]
) -> None:
    for slug in bundled:
        matches = assessed(slug).precedents
        assert len(matches) <= MATCHES_SHOWN
        scores = [match.similarity for match in matches]
        assert scores == sorted(scores, reverse=True)
        assert all(0.3 <= score <= 1 for score in scores)


def test_an_incident_without_shared_keys_has_no_precedents(assessor: Assessor) -> None:
    lonely = incident("lonely", types=(IncidentType.DEFACEMENT,), sectors=("food",))
    other = incident("other", types=(IncidentType.ESPIONAGE,), sectors=("space",))
    assert assessor.assess(lonely, [Precedent(other)]).precedents == ()


def test_related_incidents_share_identified_persons_whatever_the_spelling_case(
    assessor: Assessor, bundled: dict[str, Incident]
) -> None:
    assert normalise_name("Dmitry  Sergeyevich BADIN") == "dmitry sergeyevich badin"
    index = assessor.index(assessor.precedents_from(bundled.values()))
    # NotPetya shares indicted officers with Olympic Destroyer and the GRU's GTsST (the EU
    # listing) with the two Ukrainian grid attacks.
    facts = derive_facts(bundled["notpetya-2017"], assessor.tables)
    related = {item.precedent.incident.slug for item in index.related(facts)}
    assert {"olympic-destroyer-2018", "ukraine-power-grid-2015", "ukraine-power-grid-2016"} <= (
        related
    )
    assert "notpetya-2017" not in related


def test_candidates_follow_sorted_keys_whatever_the_process_hash_seed(assessor: Assessor) -> None:
    # 40 precedents name only China and 40 only Russia; the incident names both. Only the first
    # MAX_CANDIDATES sharing a key are scored, so the state keys must be taken in a fixed
    # (sorted) order, not in the set order that string hashing changes from run to run.
    spying = (IncidentType.ESPIONAGE,)
    china = [
        incident(f"cn-{n:02d}", types=spying, attributions=(attribution("CN"),)) for n in range(40)
    ]
    russia = [
        incident(f"ru-{n:02d}", types=spying, attributions=(attribution("RU"),)) for n in range(40)
    ]
    both = incident("both", types=spying, attributions=(attribution("RU"), attribution("CN")))
    index = assessor.index(Precedent(other) for other in (*russia, *china))
    slugs = [match.slug for match in assessor.assess(both, index).precedents]
    assert slugs == ["cn-00", "cn-01", "cn-02", "cn-03", "cn-04"]


def test_every_precedent_with_the_incidents_id_is_left_out(assessor: Assessor) -> None:
    # A caller may pass an earlier version of the incident alongside the current one: both carry
    # its id, and neither may be its own precedent or share "its" perpetrators with it.
    named = attribution("RU", perpetrators=("Ivan Example",))
    spying = (IncidentType.ESPIONAGE,)
    current = incident("current", types=spying, sectors=("space",), attributions=(named,))
    earlier = replace(current, title="An earlier version")
    other = incident("other", types=spying, sectors=("space",), attributions=(named,))
    index = assessor.index(Precedent(item) for item in (earlier, other, current))
    assessment = assessor.assess(current, index)
    assert [match.slug for match in assessment.precedents] == ["other"]
    facts = derive_facts(current, assessor.tables)
    assert [item.precedent.incident.slug for item in index.related(facts)] == ["other"]


def test_a_precedents_severity_is_computed_once_and_shared(
    assessor: Assessor, bundled: dict[str, Incident]
) -> None:
    index = assessor.index(assessor.precedents_from(bundled.values()))
    grid = bundled["ukraine-power-grid-2015"]
    facts = index.facts(grid)
    assert index.severity(facts) is index.severity(facts)
    assert index.severity(facts) == assess_severity(facts)
    later = index.facts(bundled["ukraine-power-grid-2016"])
    related = {item.precedent.incident.slug: item for item in index.related(later)}
    assert related["ukraine-power-grid-2015"].severity is index.severity(facts)
    # An incident outside the index is assessed on its own facts, not on a precedent's.
    outsider = derive_facts(replace(grid, id="id-outsider"), assessor.tables)
    assert index.severity(outsider) == index.severity(facts)
    assert index.severity(outsider) is not index.severity(facts)


def test_shared_persons_are_named_as_the_incident_spells_them(
    assessed: Callable[[str], Assessment],
) -> None:
    """Matched case-blind, shown with capitals: "Pavel Valeryevich Frolov", not lower case."""
    check = next(
        check
        for check in assessed("olympic-destroyer-2018").preconditions
        if "the same persons or entities" in check.reason
    )
    # The officers charged for both, as the indictment spells them, and the unit it names.
    assert "(Pavel Valeryevich Frolov, Petr Nikolayevich Pliskin, Unit 74455 of the GRU" in (
        check.reason
    )
