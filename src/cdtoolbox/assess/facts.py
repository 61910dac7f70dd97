"""The facts of one incident that the rules read, derived once per assessment.

Rules never look at the raw ``Incident`` for notions such as "state-linked" or "victim in the
Union": they read them here, so every rule means the same thing by the same word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from cdtoolbox.assess.assessment import Fact, WordingLevel
from cdtoolbox.assess.cues import Cue, find_cues, find_figures
from cdtoolbox.assess.reference_tables import ReferenceTables
from cdtoolbox.model import (
    Attribution,
    AttributionBasis,
    Confidence,
    Incident,
    IncidentType,
    Likelihood,
    PartyKind,
    Sector,
    ThreatActor,
)

__all__ = [
    "DISRUPTIVE_TYPES",
    "OFFICIAL_PARTIES",
    "STATE_ORGAN_MARKERS",
    "WORDING_LEVELS",
    "IncidentFacts",
    "StateLink",
    "derive_facts",
    "high_confidence",
    "wording_level",
]

# Parties whose attributions are acts of a public authority rather than analysis or reporting.
OFFICIAL_PARTIES = frozenset({PartyKind.STATE, PartyKind.EU, PartyKind.INTERNATIONAL_ORGANISATION})
# Types that impair the availability or operation of systems, not only their confidentiality.
DISRUPTIVE_TYPES = frozenset(
    {IncidentType.SABOTAGE, IncidentType.WIPER, IncidentType.RANSOMWARE, IncidentType.DDOS}
)
_HIGH_LIKELIHOOD = frozenset({Likelihood.VERY_LIKELY, Likelihood.ALMOST_CERTAIN})

# Victim organisations that are institutions, bodies or agencies of the Union (art. 1(5) of
# Reg. 2019/796). Organisations carry no "EU body" flag, so their names are matched.
_EU_BODY = re.compile(
    r"^(?:(?:european|eu)\b.*\b(?:authority|agency|commission|parliament|council|central bank|"
    r"investment bank|court|ombudsman|external action service|delegation|office|centre|"
    r"institute|union)\b|council of the european union|eeas|europol|eurojust|frontex|enisa|"
    r"cert-eu)",
    re.IGNORECASE,
)

#: Phrases mapped to how strongly they tie an activity to a state, checked in this order
#: (the first match wins: "conducted by the Russia-controlled APT28" is "controlled").
WORDING_LEVELS: tuple[tuple[WordingLevel, re.Pattern[str]], ...] = (
    (
        WordingLevel.CONTROLLED,
        re.compile(
            r"controlled|steered|subordinate to|directed by|sponsored|backed|on behalf of", re.I
        ),
    ),
    (
        WordingLevel.TERRITORIAL,
        re.compile(r"from (?:the|its|their) territory|operating out of|based in", re.I),
    ),
    (WordingLevel.ASSOCIATED, re.compile(r"associated|linked to|affiliated", re.I)),
    (
        WordingLevel.CONDUCTED,
        re.compile(r"conducted by|carried out by|responsible|behind|perpetrated by", re.I),
    ),
)

#: Words in perpetrators' names or attribution wording that identify a state organ
#: (military or intelligence units): the ARSIWA art. 4 route.
STATE_ORGAN_MARKERS = re.compile(
    r"\bGRU\b|\bGU/GRU\b|\bFSB\b|\bSVR\b|\bPLA\b|People's Liberation Army|"
    r"Ministry of State Security|\bMSS\b|military unit|\bUnit \d+|Main Centre|"
    r"military intelligence|intelligence service|"
    r"Reconnaissance General Bureau|North Korean government|Russian military|armed forces",
    re.I,
)


class StateLink(StrEnum):
    """How firmly the record ties the activity to a state."""

    OFFICIAL = "official"  # a state, the EU or an international organisation named a state
    SUSPECTED = "suspected"  # only companies, media or the actor catalogue point to a state
    NONE = "none"


def wording_level(wording: str | None) -> WordingLevel | None:
    if not wording:
        return None
    return next((level for level, pattern in WORDING_LEVELS if pattern.search(wording)), None)


def high_confidence(attribution: Attribution) -> tuple[bool, str]:
    """Whether an attribution is high-confidence, and why (or why not) in words.

    Indictments, court findings and listings (basis ``legal``) count as high confidence: they
    name persons on evidence that must stand before a court.
    """
    if AttributionBasis.LEGAL in attribution.basis:
        return True, "legal act (indictment, warrant or listing) naming its evidence"
    if attribution.confidence is Confidence.HIGH:
        return True, "stated with high confidence"
    if attribution.likelihood in _HIGH_LIKELIHOOD:
        return True, f"judged {attribution.likelihood.value.replace('-', ' ')}"
    if attribution.confidence is not None or attribution.likelihood is not None:
        grade = attribution.confidence or attribution.likelihood
        return False, f"stated as {grade.value.replace('-', ' ') if grade else ''}"
    return False, "no confidence or likelihood stated"


@dataclass(frozen=True)
class IncidentFacts:
    incident: Incident
    types: frozenset[IncidentType]
    sectors: tuple[Sector, ...]
    unknown_sectors: tuple[str, ...]
    countries: tuple[str, ...]
    member_states: tuple[str, ...]
    partners: tuple[str, ...]  # victims among the countries aligning with EU declarations
    eu_bodies: tuple[str, ...]  # victim organisations that are EU institutions or bodies
    actors: tuple[ThreatActor, ...]
    official_states: tuple[str, ...]  # named by a state, the EU or an international organisation
    suspected_states: tuple[str, ...]  # named only by others, or the actors' catalogue sponsor
    perpetrators: tuple[str, ...]  # persons and entities named by official parties
    perpetrators_high_confidence: tuple[str, ...]  # … in a high-confidence attribution
    self_claimants: tuple[str, ...]
    state_link: StateLink
    wording_levels: tuple[WordingLevel | None, ...]  # one per attribution, in order
    organ_evidence: tuple[Fact, ...]  # official acts naming military or intelligence organs
    cues: dict[Cue, str]  # cue → the phrase of the title, summary or impact notes that said it
    figures: dict[str, tuple[int, str]]  # impact field → a count the summary gives, its words
    official_parties: dict[str, tuple[str, ...]]  # state named → official parties naming it

    # Facts cited by many rules of one assessment, built once with the others.
    _type_fact: Fact
    _sector_fact: Fact
    _country_fact: Fact
    _state_fact: Fact

    @property
    def in_union(self) -> bool:
        return bool(self.member_states or self.eu_bodies)

    @property
    def states(self) -> tuple[str, ...]:
        return self.official_states or self.suspected_states

    def member_state_conduct(self, eu_members: frozenset[str]) -> tuple[str, ...]:
        """The states held responsible when every one of them is an EU Member State, else ().

        The Toolbox is external action: conduct of a Member State's own authorities (spyware
        turned on its own citizens) is answered by the Union's and its own internal procedures.
        """
        states = self.states
        return states if states and all(state in eu_members for state in states) else ()

    def count(self, field: str) -> tuple[int | None, Fact | None]:
        """A count (``systems_affected``, ``people_affected``, ``organisations``) as recorded,
        else as a figure of the summary ("about 30,000 workstations"), with the fact to cite."""
        if field == "organisations":
            listed = len(self.incident.victim_organisations)
            figure = self.figures.get(field)
            if figure and figure[0] > listed:
                return figure[0], Fact("summary figure (organisations)", figure[1])
            return (listed, Fact("victims.organisations", str(listed))) if listed else (None, None)
        recorded = getattr(self.incident.impact, field)
        if recorded is not None:
            return recorded, Fact(f"impact.{field}", f"{recorded:,}")
        figure = self.figures.get(field)
        if figure is not None:
            return figure[0], Fact(f"summary figure ({field})", figure[1])
        return None, None

    def cue_fact(self, *cues: Cue) -> Fact | None:
        """The summary's words for the first of ``cues`` found, as a fact to cite."""
        for cue in cues:
            if cue in self.cues:
                return Fact(f"summary cue ({cue})", self.cues[cue])
        return None

    def type_fact(self) -> Fact:
        return self._type_fact

    def sector_fact(self) -> Fact:
        return self._sector_fact

    def country_fact(self) -> Fact:
        return self._country_fact

    def state_fact(self) -> Fact:
        return self._state_fact


def derive_facts(incident: Incident, tables: ReferenceTables) -> IncidentFacts:
    sectors: list[Sector] = []
    unknown_sectors: list[str] = []
    for sector_id in incident.victim_sectors:
        sector = tables.sectors.get(sector_id)
        if sector is None:
            unknown_sectors.append(sector_id)
        else:
            sectors.append(sector)
    countries = _unique(incident.victim_countries)
    for organisation in incident.victim_organisations:
        if organisation.sector and organisation.sector not in incident.victim_sectors:
            sector = tables.sectors.get(organisation.sector)
            if sector is not None and sector not in sectors:
                sectors.append(sector)
        if organisation.country and organisation.country not in countries:
            countries = (*countries, organisation.country)

    actor_ids = _unique(
        (*incident.actor_ids, *(a.actor_id for a in incident.attributions if a.actor_id))
    )
    actors = tuple(tables.actors[actor_id] for actor_id in actor_ids if actor_id in tables.actors)

    official: list[str] = []
    official_parties: dict[str, list[str]] = {}
    suspected: list[str] = []
    perpetrators: list[str] = []
    confident: list[str] = []
    claimants: list[str] = []
    for attribution in incident.attributions:
        is_official = attribution.party.kind in OFFICIAL_PARTIES
        if attribution.party.kind is PartyKind.SELF_CLAIMED:
            claimants.append(attribution.party.name)
        if attribution.state:
            (official if is_official else suspected).append(attribution.state)
            if is_official:
                parties = official_parties.setdefault(attribution.state, [])
                if attribution.party.name not in parties:
                    parties.append(attribution.party.name)
        if is_official and attribution.perpetrators:
            perpetrators.extend(attribution.perpetrators)
            if high_confidence(attribution)[0]:
                confident.extend(attribution.perpetrators)
    official_states = _unique(official)
    suspected.extend(actor.sponsor for actor in actors if actor.sponsor)
    suspected_states = tuple(state for state in _unique(suspected) if state not in official_states)
    if official_states:
        link = StateLink.OFFICIAL
        state_fact = Fact("attribution.states (official)", ", ".join(official_states))
    elif suspected_states:
        link = StateLink.SUSPECTED
        state_fact = Fact("attribution.states (suspected)", ", ".join(suspected_states))
    else:
        link = StateLink.NONE
        state_fact = Fact("attribution.states", "none named")
    types = frozenset(incident.types)
    return IncidentFacts(
        incident=incident,
        types=types,
        sectors=tuple(sectors),
        unknown_sectors=tuple(unknown_sectors),
        countries=countries,
        member_states=tuple(code for code in countries if code in tables.eu_members),
        partners=tuple(code for code in countries if code in tables.alignment_partners),
        eu_bodies=tuple(
            organisation.name
            for organisation in incident.victim_organisations
            if _EU_BODY.match(organisation.name.strip())
        ),
        actors=actors,
        official_states=official_states,
        suspected_states=suspected_states,
        perpetrators=_unique(perpetrators),
        perpetrators_high_confidence=_unique(confident),
        self_claimants=_unique(claimants),
        state_link=link,
        wording_levels=tuple(wording_level(a.wording) for a in incident.attributions),
        organ_evidence=_organ_evidence(incident),
        cues=find_cues(
            incident.title,
            incident.summary,
            incident.impact.notes,
            incident.impact.physical_effects,
        ),
        official_parties={state: tuple(names) for state, names in official_parties.items()},
        figures=find_figures(incident.title, incident.summary, incident.impact.notes),
        _type_fact=Fact("types", ", ".join(sorted(types)) or "none recorded"),
        _sector_fact=Fact(
            "victims.sectors", ", ".join(sector.id for sector in sectors) or "none recorded"
        ),
        _country_fact=Fact("victims.countries", ", ".join(countries) or "none recorded"),
        _state_fact=state_fact,
    )


def _organ_evidence(incident: Incident) -> tuple[Fact, ...]:
    found = []
    for attribution in incident.attributions:
        if attribution.party.kind not in OFFICIAL_PARTIES:
            continue
        for text in (*attribution.perpetrators, attribution.wording or ""):
            if text and STATE_ORGAN_MARKERS.search(text):
                found.append(Fact(f"attribution ({attribution.party.name})", text))
                break
    return tuple(found)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
