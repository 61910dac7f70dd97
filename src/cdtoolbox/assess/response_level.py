"""The level at which an incident is to be answered: none, national, EU statement, EU listing.

EU practice, not only what the Toolbox would allow: most incidents that hit one Member State
are answered nationally (with EU solidarity at most); EU-level declarations follow shared,
state-level attributions, attacks on several Member States or on Union bodies, or a pattern
of behaviour already answered at EU level; listings need everything a listing needs, or an
EU listing of the incident's actor made after it (a listing answers its listees' earlier
conduct). Conduct of a Member State's own authorities is not a matter for the Toolbox at all.

``RESPONSE_LEVEL_RULES`` is tried in order; the first rule that applies decides, and its
reasons are given with the level.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cdtoolbox.assess.assessment import (
    PrecedentMatch,
    ResponseLevelDecision,
    ResponseOption,
    Severity,
    SeverityLevel,
    Truth,
)
from cdtoolbox.assess.described_response import described_government_response
from cdtoolbox.assess.facts import OFFICIAL_PARTIES, IncidentFacts, StateLink
from cdtoolbox.assess.precedents import SAME_ACTOR
from cdtoolbox.assess.reference_tables import ReferenceTables
from cdtoolbox.assess.severity import SIGNIFICANT_EFFECT_LEVEL
from cdtoolbox.model import (
    Attribution,
    AttributionBasis,
    InstrumentCategory,
    PartyKind,
    ResponseLevel,
    ResponseTier,
)

__all__ = ["RESPONSE_LEVEL_RULES", "LevelContext", "LevelRule", "decide_response_level"]

_PUBLIC_SIGNAL_LEVEL = 3  # ladder level of the public stability measures
# A state named by this many official parties has a broad coalition behind it, wherever they are.
_COALITION = 3
# A government's own words that put the activity on someone ("FBI confirms DarkSide ransomware
# is responsible", "attributes the attack to REvil") answer it even when the record names no
# actor of the catalogue; an indefinite culprit ("a sophisticated state actor is
# responsible") says by whom no more than a confirmation of the attack does.
_ASSIGNS_RESPONSIBILITY = re.compile(
    r"\b(?:responsible|behind|attribut\w*|conducted by|carried out by|perpetrated by)\b", re.I
)
_INDEFINITE_CULPRIT = re.compile(
    r"\b(?:an?|some|unnamed|unidentified|unknown)\s+(?:[\w-]+\s+){0,2}"
    r"(?:actors?|groups?|hackers?|states?|country|countries)\b",
    re.I,
)


@dataclass(frozen=True)
class LevelContext:
    facts: IncidentFacts
    severity: Severity
    options: tuple[ResponseOption, ...]
    matches: tuple[PrecedentMatch, ...]
    tables: ReferenceTables

    def available(self, category: InstrumentCategory, level: int = 0) -> ResponseOption | None:
        """The first available option of a category at or above a ladder level."""
        return next(
            (
                o
                for o in self.options
                if o.available and o.category is category and o.level >= level
            ),
            None,
        )

    def countries(self, codes: tuple[str, ...] | list[str]) -> str:
        return ", ".join(self.tables.country(code) for code in codes)


Reasons = tuple[str, ...] | None


@dataclass(frozen=True)
class LevelRule:
    id: str
    title: str  # what the rule says, in the words a reader sees beside the level
    level: ResponseLevel
    applies: Callable[[LevelContext], Reasons]  # the reasons when it applies, else None


def _member_state_conduct(context: LevelContext) -> Reasons:
    insiders = context.facts.member_state_conduct(context.tables.eu_members)
    if not insiders:
        return None
    return (
        f"the activity is attributed to the authorities of {context.countries(insiders)}, an EU "
        "Member State: the Toolbox is external action and does not address Member States, so "
        "there is no diplomatic response to give",
        "it is answered inside the Union: by the Member State's parliament, oversight bodies, "
        "courts and data-protection authorities, and at Union level by the European "
        "Parliament's inquiries and the rule-of-law mechanisms",
    )


def _listing(context: LevelContext) -> Reasons:
    listing = context.available(InstrumentCategory.RESTRICTIVE)
    if listing is None:
        return None
    return (
        f"every precondition of {listing.name} holds: "
        + "; ".join(check.reason for check in listing.preconditions),
    )


def _public_signal(context: LevelContext) -> ResponseOption | None:
    return context.available(InstrumentCategory.STABILITY, _PUBLIC_SIGNAL_LEVEL)


def _listing_effect(context: LevelContext) -> str | None:
    """Why the incident is of the kind a listing answers, or None: the effect test of the
    listing itself (Reg. 2019/796 arts 1-2, attempts included), or the significant effect on
    a victim the Union is concerned with that opens a public EU signal (art. 1(6) covers
    attacks on third states)."""
    for option in context.options:
        if option.category is InstrumentCategory.RESTRICTIVE:
            for check in option.preconditions:
                if check.id == "significant_effect_on_union" and check.status is Truth.HOLDS:
                    return check.reason
    if _public_signal(context) is not None:
        return (
            f"severity is {context.severity.level.value} and the Union is concerned "
            "(art. 1(6) of Reg. 2019/796 for attacks on third states)"
        )
    return None


def _listed_actor(context: LevelContext) -> Reasons:
    # A listing answers conduct that came before it: its statement of reasons cites the
    # listees' past attacks, and the annual reviews add others of theirs. An attack after the
    # listing meets persons already listed, and is answered, if at all, by other means.
    incident = context.facts.incident
    began = incident.start or incident.disclosed
    if began is None or not context.facts.actors:
        return None
    effect = _listing_effect(context)
    if effect is None:
        return None
    for actor in context.facts.actors:
        later = [
            listing
            for listing in context.tables.listings_by_actor.get(actor.id, ())
            if began.latest < listing.listed_on
        ]
        if later:
            first = later[0].listed_on
            listees = [listing.name for listing in later if listing.listed_on == first]
            shown = "; ".join(listees[:3])
            if len(listees) > 3:
                shown += f" and {len(listees) - 3} more"
            return (
                f"the EU listed persons or entities of {actor.name}, the actor of this incident, "
                f"under its cyber sanctions regime on {first.isoformat()} ({shown}); the incident "
                f"began before ({began}), so it is conduct such a listing answers: the "
                "statements of reasons cite the listees' earlier attacks and the annual reviews "
                "add others",
                effect,
            )
    return None


def _shared_attribution(context: LevelContext) -> Reasons:
    if _public_signal(context) is None:
        return None
    eu_members = context.tables.eu_members
    parties: dict[str, dict[str, bool]] = {}  # state → party → a Member State or the EU
    for attribution in context.facts.incident.attributions:
        kind = attribution.party.kind
        if attribution.state and kind in (PartyKind.STATE, PartyKind.EU):
            inside = kind is PartyKind.EU or attribution.party.country in eu_members
            parties.setdefault(attribution.state, {})[attribution.party.name] = inside
    for state, named_by in parties.items():
        if len(named_by) >= 2 and (any(named_by.values()) or len(named_by) >= _COALITION):
            return (
                f"{context.countries([state])} is named publicly by {len(named_by)} states or "
                f"the EU ({', '.join(named_by)}): a shared, state-level attribution",
                f"severity is {context.severity.level.value} and the Union is concerned, so a "
                "public EU signal is open",
            )
    return None


def _charges_only(attribution: Attribution) -> bool:
    """Whether the attribution is criminal charges and nothing else: a prosecutor's act."""
    return set(attribution.basis) == {AttributionBasis.LEGAL}


def _political_attribution(context: LevelContext) -> bool:
    """Whether a state, the EU or an international organisation named a state politically:
    on some ground other than criminal charges alone. An indictment is a national judicial act
    the Union does not echo; EU declarations follow governments' political attributions."""
    return any(
        attribution.state
        and attribution.party.kind in OFFICIAL_PARTIES
        and not _charges_only(attribution)
        for attribution in context.facts.incident.attributions
    )


def _official_namers(context: LevelContext) -> dict[str, list[str]]:
    """State named → the governments (not the EU) that named it publicly, on some ground
    other than criminal charges alone (``_political_attribution``)."""
    named: dict[str, list[str]] = {}
    for attribution in context.facts.incident.attributions:
        if (
            attribution.state
            and attribution.party.kind is PartyKind.STATE
            and not _charges_only(attribution)
        ):
            parties = named.setdefault(attribution.state, [])
            if attribution.party.name not in parties:
                parties.append(attribution.party.name)
    return named


def _victim_attribution(context: LevelContext) -> Reasons:
    # Solidarity: the Union echoes a Member State's own attribution of an attack on it, typically
    # the same day (domain reference §4.4), and a partner's since it first spoke of an attack on
    # a country outside the Union (``partners_echoed_since``); before that, Ukraine and Norway
    # named Russia for attacks on their governments and no EU statement followed.
    if _public_signal(context) is None:
        return None
    facts = context.facts
    since = context.tables.responses.partners_echoed_since
    for attribution in facts.incident.attributions:
        party = attribution.party
        if not attribution.state or party.kind is not PartyKind.STATE:
            continue
        if party.country in facts.member_states:
            role = "Member State"
        elif party.country in facts.partners and _made_since(attribution, facts, since):
            role = "partner aligned with EU declarations"
        else:
            continue
        return (
            f"{party.name}, a victim {role}, "
            f"attributed the attack on itself to {context.countries([attribution.state])}: "
            "the EU echoes such attributions with a statement of solidarity",
            f"severity is {context.severity.level.value}: a public EU signal is open",
        )
    return None


def _made_since(attribution: Attribution, facts: IncidentFacts, since: date | None) -> bool:
    """Whether the attribution was made on or after ``since`` (its date, else the incident's
    disclosure or start); one of unknown date counts."""
    if since is None:
        return True
    known = attribution.date or facts.incident.disclosed or facts.incident.start
    return known is None or known.latest >= since


def _grave_attribution(context: LevelContext) -> Reasons:
    severity = context.severity
    if _public_signal(context) is None or severity.level.rank < SeverityLevel.SEVERE.rank:
        return None
    named = _official_namers(context)
    if named:
        state, parties = next(iter(named.items()))
        return (
            f"a {severity.level.value} incident concerning the Union, attributed publicly to "
            f"{context.countries([state])} by {', '.join(parties)}: the gravest attributed "
            "incidents are answered at EU level",
        )
    # The gravest attacks are condemned at EU level even before any government names the
    # state politically: the attacks on Ukraine's government of 14 January 2022 were condemned
    # by the High Representative the same day, before any government's attribution.
    if context.facts.state_link is not StateLink.NONE:
        return (
            f"a {severity.level.value} incident concerning the Union, linked to "
            f"{context.countries(context.facts.states)} though no government has named it "
            "politically (the link is a company's or researchers' finding, the actor's known "
            "sponsor, or criminal charges): the gravest attacks are condemned at EU level "
            "without waiting for a government's attribution",
        )
    return None


def _several_member_states(context: LevelContext) -> Reasons:
    facts = context.facts
    # Companies' or researchers' attributions, or a state's charges, alone carry an EU
    # declaration only for the gravest attacks (``grave-attribution``, tried before).
    if _public_signal(context) is None or not _political_attribution(context):
        return None
    if len(facts.member_states) >= 2:
        hit = f"several Member States are hit: {context.countries(facts.member_states)}"
    elif facts.eu_bodies:
        hit = f"bodies of the Union are hit: {', '.join(facts.eu_bodies)}"
    else:
        return None
    return (hit, f"the activity is linked to {context.countries(facts.states)}")


def _pattern(context: LevelContext) -> Reasons:
    return _answered_precedent(context) or _listed_before(context)


def _answered_precedent(context: LevelContext) -> Reasons:
    facts = context.facts
    if _public_signal(context) is None or facts.state_link is not StateLink.OFFICIAL:
        return None
    for match in context.matches:
        same_actor = any(phrase.startswith(SAME_ACTOR) for phrase in match.shared)
        if same_actor and match.tier.rank >= ResponseTier.STABILITY.rank:
            return (
                f"a pattern of behaviour: the same actor's {match.title} ({match.slug}) was "
                f"answered at EU level ({match.tier.label})",
            )
    return None


def _listed_before(context: LevelContext) -> Reasons:
    # An EU listing is the Union's answer to an actor's conduct; the same actor striking a
    # Member State or a Union body again is the pattern of behaviour EU declarations name.
    # The declarations condemn the campaign, not one incident's effect, so no severity
    # threshold applies; a victim outside the Union is answered by its own state.
    facts = context.facts
    incident = facts.incident
    began = incident.start or incident.disclosed
    if began is None or not facts.in_union:
        return None
    hit = context.countries(facts.member_states) or ", ".join(facts.eu_bodies)
    for actor in facts.actors:
        earlier = [
            listing
            for listing in context.tables.listings_by_actor.get(actor.id, ())
            if listing.listed_on <= began.earliest
        ]
        if earlier:
            return (
                f"a pattern of behaviour: the EU listed persons or entities of {actor.name} "
                f"under its cyber sanctions regime on {earlier[0].listed_on.isoformat()}, before "
                f"this incident ({began}), which strikes {hit} again: EU declarations answer "
                "such a pattern",
            )
    return None


def _names_culprit(wording: str | None) -> bool:
    return bool(
        wording
        and _ASSIGNS_RESPONSIBILITY.search(wording)
        and not _INDEFINITE_CULPRIT.search(wording)
    )


def _national_attribution(context: LevelContext) -> Reasons:
    answering = []
    for attribution in context.facts.incident.attributions:
        # A government confirming it was attacked has not answered: it must say by whom, or
        # charge someone (an indictment, basis "legal").
        named = (
            attribution.state
            or attribution.perpetrators
            or attribution.actor_id
            or AttributionBasis.LEGAL in attribution.basis
            or _names_culprit(attribution.wording)
        )
        if (
            attribution.party.kind is PartyKind.STATE
            and named
            and attribution.party.name not in answering
        ):
            answering.append(attribution.party.name)
    if not answering:
        return None
    return (
        f"answered nationally: {', '.join(answering)} attributed it publicly or charged its "
        "perpetrators",
        "an EU-level statement would need a shared attribution, several Member States or EU "
        "bodies hit, or a pattern already answered at EU level",
    )


def _described_response(context: LevelContext) -> Reasons:
    # Read only when no recorded attribution answers: the description is the record's last
    # word on what governments did.
    incident = context.facts.incident
    clause = described_government_response(incident.summary, incident.title)
    if clause is None:
        return None
    return (
        f"answered nationally: the record says so in its own words (“{clause}”)",
        "an EU-level statement would need a shared attribution, several Member States or EU "
        "bodies hit, or a pattern already answered at EU level",
    )


def _no_response(context: LevelContext) -> Reasons:
    reasons = []
    if context.facts.state_link is StateLink.NONE:
        reasons.append("no state is linked to the activity")
    else:
        reasons.append("no state has attributed it publicly")
    if context.facts.member_states:
        reasons.append(
            f"{context.countries(context.facts.member_states)} may still answer nationally, "
            "with EU solidarity, should it attribute the activity"
        )
    if context.severity.level.rank < SIGNIFICANT_EFFECT_LEVEL.rank:
        reasons.append(
            f"severity is most likely {context.severity.level.value}, below the "
            f"{SIGNIFICANT_EFFECT_LEVEL.value} threshold of a political response"
        )
    return tuple(reasons)


RESPONSE_LEVEL_RULES: tuple[LevelRule, ...] = (
    LevelRule(
        "member-state-conduct",
        "Conduct of a Member State's own authorities",
        ResponseLevel.NONE,
        _member_state_conduct,
    ),
    LevelRule(
        "eu-listing",
        "Everything a listing needs is established",
        ResponseLevel.EU_RESTRICTIVE_MEASURES,
        _listing,
    ),
    LevelRule(
        "listed-actor",
        "The actor was listed by the EU after the attack",
        ResponseLevel.EU_RESTRICTIVE_MEASURES,
        _listed_actor,
    ),
    LevelRule(
        "shared-attribution",
        "A state named publicly by several states or the EU",
        ResponseLevel.EU_STATEMENT,
        _shared_attribution,
    ),
    LevelRule(
        "victim-attribution",
        "A victim Member State or partner named the state",
        ResponseLevel.EU_STATEMENT,
        _victim_attribution,
    ),
    LevelRule(
        "grave-attribution",
        "A grave attack linked to a state",
        ResponseLevel.EU_STATEMENT,
        _grave_attribution,
    ),
    LevelRule(
        "several-member-states",
        "Several Member States or Union bodies hit",
        ResponseLevel.EU_STATEMENT,
        _several_member_states,
    ),
    LevelRule(
        "pattern-of-behaviour",
        "A pattern of behaviour already answered at EU level",
        ResponseLevel.EU_STATEMENT,
        _pattern,
    ),
    LevelRule(
        "national-attribution",
        "Answered by a state's own attribution or charges",
        ResponseLevel.NATIONAL,
        _national_attribution,
    ),
    LevelRule(
        "described-response",
        "Answered by a government, as the description says",
        ResponseLevel.NATIONAL,
        _described_response,
    ),
    LevelRule(
        "no-response", "No ground for a political response", ResponseLevel.NONE, _no_response
    ),
)


def decide_response_level(context: LevelContext) -> ResponseLevelDecision:
    for rule in RESPONSE_LEVEL_RULES:
        reasons = rule.applies(context)
        if reasons is not None:
            procedures = (
                context.tables.internal_procedures if rule.id == "member-state-conduct" else ()
            )
            return ResponseLevelDecision(rule.level, rule.id, rule.title, reasons, procedures)
    raise AssertionError("the last rule always applies")  # pragma: no cover
