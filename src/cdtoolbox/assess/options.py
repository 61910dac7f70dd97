"""The graduated ladder of Toolbox measures for one incident, and the ranked recommendation.

Every instrument of the knowledge base becomes an option with its preconditions checked. The
recommendation's top tier is the most escalated option whose preconditions all hold; an
option with a failing or unknown precondition is listed with what is missing and is never
recommended. Proportionality is built into the preconditions (public signals and listings
need a significant effect) and stated in the rationale.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from cdtoolbox.assess.assessment import (
    AttributionSynthesis,
    PrecedentMatch,
    PreconditionCheck,
    RankedOption,
    Recommendation,
    ResponseLevelDecision,
    ResponseOption,
    Severity,
    Truth,
)
from cdtoolbox.assess.labels import NAMING_STATE
from cdtoolbox.assess.option_profiles import OptionProfile, profile_for
from cdtoolbox.assess.preconditions import CheckContext, evaluate
from cdtoolbox.assess.reference_tables import ReferenceTables
from cdtoolbox.model import Instrument, InstrumentCategory, ResponseLevel

__all__ = ["LadderStep", "build_options", "prepare_ladder", "recommend"]

_PUBLIC_STABILITY_LEVEL = 3
_MOST_ESCALATED_FIRST = tuple(reversed(InstrumentCategory))
_RANKED_SHOWN = 4
# The most escalated ladder level the recommendation may reach at each level of response:
# below the EU level, only preventive, cooperative and private signalling measures.
_CEILING = {
    ResponseLevel.NONE: _PUBLIC_STABILITY_LEVEL - 1,
    ResponseLevel.NATIONAL: _PUBLIC_STABILITY_LEVEL - 1,
    ResponseLevel.EU_STATEMENT: _PUBLIC_STABILITY_LEVEL + 1,
    ResponseLevel.EU_RESTRICTIVE_MEASURES: 5,
}


@dataclass(frozen=True)
class LadderStep:
    """An instrument with its assessment profile, prepared once per ``Assessor``."""

    instrument: Instrument
    profile: OptionProfile
    decision_rule: str
    attribution_needed: str

    def option(
        self,
        checks: tuple[PreconditionCheck, ...],
        missing: tuple[str, ...],
        precedents: tuple[str, ...],
    ) -> ResponseOption:
        instrument, profile = self.instrument, self.profile
        # The fields in order, not by keyword: matching a dozen keyword arguments costs as much
        # as the rest of the call, and this runs for every option of every assessment.
        return ResponseOption(
            instrument.id,
            instrument.name,
            instrument.category,
            instrument.level,
            instrument.decided_by,
            self.decision_rule,
            self.attribution_needed,
            checks,
            not missing,  # available
            missing,
            profile.expected_effect,
            profile.risks,
            precedents,
        )

    @cached_property
    def unconditional(self) -> ResponseOption | None:
        """The option itself when it has no preconditions and no precedents: the same for
        every incident, so built once."""
        return None if self.profile.preconditions else self.option((), (), ())


def prepare_ladder(tables: ReferenceTables) -> tuple[LadderStep, ...]:
    return tuple(
        LadderStep(
            instrument,
            profile_for(instrument),
            instrument.decision_rule.value,
            instrument.attribution_needed.value,
        )
        for instrument in tables.ladder
    )


def build_options(
    context: CheckContext, ladder: tuple[LadderStep, ...], matches: tuple[PrecedentMatch, ...]
) -> tuple[tuple[ResponseOption, ...], tuple[PreconditionCheck, ...]]:
    """The option of every ladder step, and every check they use, once, in order of first use."""
    answered_with: dict[str, list[str]] = {}
    for match in matches:
        for response in match.responses:
            if response.instrument_id:
                slugs = answered_with.setdefault(response.instrument_id, [])
                if match.slug not in slugs:
                    slugs.append(match.slug)
    # Options share preconditions: each is checked, and its failure put in words, once.
    checked: dict[str, PreconditionCheck] = {}
    failures: dict[str, str] = {}
    options = []
    for step in ladder:
        precedents = tuple(answered_with.get(step.instrument.id, ())) if answered_with else ()
        if step.unconditional is not None and not precedents:
            options.append(step.unconditional)
            continue
        checks = []
        missing = []
        for precondition_id in step.profile.preconditions:
            check = checked.get(precondition_id)
            if check is None:
                check = checked[precondition_id] = evaluate(precondition_id, context)
                if check.status is not Truth.HOLDS:
                    failures[precondition_id] = (
                        f"{check.description} ({check.status}): {check.reason}"
                    )
            checks.append(check)
            if precondition_id in failures:
                missing.append(failures[precondition_id])
        options.append(step.option(tuple(checks), tuple(missing), precedents))
    return tuple(options), tuple(checked.values())


def _blocking(option: ResponseOption) -> list[str]:
    return [check.reason for check in option.preconditions if check.status is not Truth.HOLDS]


def _level_sentence(decision: ResponseLevelDecision) -> str:
    sentence = (
        f"Level of response: {decision.level.label} (rule: {decision.rule_title}): "
        + "; ".join(decision.reasons)
        + "."
    )
    if decision.internal_procedures:
        sentence += (
            " Internal procedures: "
            + "; ".join(f"{p.name} ({p.legal_basis})" for p in decision.internal_procedures)
            + "."
        )
    return sentence


def recommend(
    title: str,
    options: tuple[ResponseOption, ...],
    severity: Severity,
    attribution: AttributionSynthesis,
    matches: tuple[PrecedentMatch, ...],
    decision: ResponseLevelDecision,
) -> Recommendation:
    """The ranked Toolbox measures up to what the level of response calls for."""
    ceiling = _CEILING[decision.level]
    available = [option for option in options if option.available and option.level <= ceiling]
    tier = decision.level.eu_tier
    if not available:
        rationale = f"No Toolbox measure has all its preconditions met for {title}. " + (
            _level_sentence(decision)
        )
        return Recommendation(InstrumentCategory.PREVENTIVE, tier, decision, (), rationale)
    # The most escalated available option; on a tie, the first in ladder order.
    top = available[0]
    for option in available:
        if option.level > top.level:
            top = option
    # Per category, its most escalated available option up to the top's level (first on a tie).
    best: dict[InstrumentCategory, ResponseOption] = {}
    for option in available:
        if option.level <= top.level:
            current = best.get(option.category)
            if current is None or option.level > current.level:
                best[option.category] = option
    ranked = [
        RankedOption(
            1,
            top.instrument_id,
            top.name,
            "the most escalated measure whose preconditions all hold",
        )
    ]
    for category in _MOST_ESCALATED_FIRST:
        if category is top.category or len(ranked) >= _RANKED_SHOWN:
            continue
        complement = best.get(category)
        if complement is not None:
            why = f"complements it at level {complement.level} ({category.label.lower()})"
            ranked.append(
                RankedOption(len(ranked) + 1, complement.instrument_id, complement.name, why)
            )
    rationale = _rationale(title, top, options, severity, attribution, matches, decision)
    return Recommendation(top.category, tier, decision, tuple(ranked), rationale)


def _rationale(
    title: str,
    top: ResponseOption,
    options: tuple[ResponseOption, ...],
    severity: Severity,
    attribution: AttributionSynthesis,
    matches: tuple[PrecedentMatch, ...],
    decision: ResponseLevelDecision,
) -> str:
    rule = top.decision_rule_label
    spread = (
        f", range {severity.lower.value} to {severity.upper.value}"
        if severity.lower is not severity.upper
        else ""
    )
    sentences = [
        f"{title} is most likely of {severity.level.value} severity{spread} "
        f"({severity.summary.split(': ', 1)[-1].rstrip('.')}).",
        attribution.summary,
        _level_sentence(decision),
        f"Recommended: {top.name} ({top.category.label.lower()}, ladder level {top.level}); "
        f"decided by {top.decided_by}, it {rule}.",
    ]
    holding = [check.reason for check in top.preconditions]
    if holding:
        sentences.append("Its preconditions hold: " + "; ".join(holding) + ".")
    naming = next((r for r in attribution.readiness if r.measure == NAMING_STATE), None)
    if top.category is InstrumentCategory.RESTRICTIVE:
        sentences.append(
            "A listing targets persons and entities and does not attribute the activity to a state."
        )
    if naming is not None and top.category in (
        InstrumentCategory.STABILITY,
        InstrumentCategory.RESTRICTIVE,
    ):
        if naming.status is Truth.HOLDS:
            sentences.append(f"An accompanying statement may name the state: {naming.reason}.")
        else:
            sentences.append(f"An accompanying statement should not name a state: {naming.reason}.")
    if top.category is not InstrumentCategory.RESTRICTIVE:
        listing = next(
            (o for o in options if o.category is InstrumentCategory.RESTRICTIVE and o.missing), None
        )
        if listing is not None:
            sentences.append(
                f"{listing.name} are not available: " + "; ".join(_blocking(listing)) + "."
            )
    higher = [
        option
        for option in options
        if top.level < option.level
        and option.missing
        and option.category is not InstrumentCategory.RESTRICTIVE
    ]
    if higher and top.level < _PUBLIC_STABILITY_LEVEL + 1:
        sentences.append(f"{higher[0].name} is not available: {_blocking(higher[0])[0]}.")
    if top.level == max(option.level for option in options):
        sentences.append(
            "This is the top of the ladder; it stays proportionate because its preconditions tie "
            "it to a significant effect on the Union."
        )
    answered = [match for match in matches if match.responses]
    if answered:
        listed = "; ".join(f"{match.title} ({match.tier.label})" for match in answered[:3])
        sentences.append(f"Similar incidents and how they were answered: {listed}.")
    return " ".join(sentences)
