"""Can a proposed measure be adopted now, and who blocks it?

The rule comes from the instrument's ``decision_rule`` in the knowledge data:

- unanimity (Council and CFSP acts): every Member State must have taken a position and none
  may oppose or hold a scrutiny reserve. An abstention does not prevent adoption (Art. 238(4)
  TFEU; for CFSP, Art. 31(1) TEU). Where the act is a CFSP decision, an abstention may be
  *constructive* (qualified by a formal declaration): the state need not apply the act, but
  if such abstentions reach one third of the Member States comprising one third of the
  Union's population, the decision is not adopted.
- consensus (working party, PSC, OSCE): adopted unless someone objects or holds a reserve;
  silence is consent.
- none: the HR, EEAS or Commission act within their remit; positions are consultative.
- case_specific: decided on the legal basis invoked; recorded objections are shown and
  treated as under consensus, which the explanation says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model.case import MeasureAdoption, Position, PositionKind, ProposedMeasure
from cdtoolbox.model.diplomacy import DecisionRule, Instrument

__all__ = ["check_position_allowed", "evaluate_adoption"]


def check_position_allowed(instrument: Instrument, position: PositionKind) -> None:
    if position is PositionKind.CONSTRUCTIVE_ABSTENTION and not instrument.constructive_abstention:
        raise InvalidInput(
            "position",
            "position",
            position.value,
            f"is not available for {instrument.name}: constructive abstention (Art. 31(1) TEU) "
            "applies only to CFSP decisions; record 'abstain' instead",
        )


def evaluate_adoption(
    measure: ProposedMeasure,
    instrument: Instrument,
    positions: Iterable[Position],
    populations: Mapping[str, int],
    shown_codes: Mapping[str, str],
) -> MeasureAdoption:
    """``populations``: every Member State's population (any unit), keyed by alpha-2 code;
    ``shown_codes``: the code the explanation shows for each (EL for Greece)."""
    by_state = {p.member_state: p.position for p in positions if p.measure_id == measure.id}

    def states(kind: PositionKind) -> tuple[str, ...]:
        return tuple(sorted(state for state, given in by_state.items() if given is kind))

    tally = {
        "supporting": states(PositionKind.SUPPORT),
        "opposing": states(PositionKind.OPPOSE),
        "abstaining": states(PositionKind.ABSTAIN),
        "constructive_abstentions": states(PositionKind.CONSTRUCTIVE_ABSTENTION),
        "reserves": states(PositionKind.RESERVE),
        "awaiting": tuple(sorted(set(populations) - set(by_state))),
    }
    # The tally keeps ISO codes (identifiers); the explanation names states as readers see them.
    shown = {
        key: tuple(sorted(shown_codes.get(c, c) for c in states)) for key, states in tally.items()
    }
    rule = instrument.decision_rule
    if rule is DecisionRule.NONE:
        adoptable, explanation = (
            True,
            (
                f"Decided by {instrument.decided_by} within their own remit: no Member State vote "
                "is needed; positions recorded are consultative."
            ),
        )
    elif rule is DecisionRule.UNANIMITY:
        adoptable, explanation = _unanimity(tally, shown, populations)
    else:
        adoptable, explanation = _consensus(rule, shown)
    return MeasureAdoption(
        measure_id=measure.id,
        instrument_id=instrument.id,
        decision_rule=rule.value,
        adoptable=adoptable,
        explanation=explanation,
        **tally,
    )


def _unanimity(
    tally: Mapping[str, tuple[str, ...]],
    shown: Mapping[str, tuple[str, ...]],
    populations: Mapping[str, int],
) -> tuple[bool, str]:
    problems: list[str] = []
    if tally["opposing"]:
        problems.append(
            f"blocked by {_states(shown['opposing'])}, which oppose{_s(shown['opposing'])}"
        )
    if tally["reserves"]:
        problems.append(
            f"{_states(shown['reserves'])} maintain{_s(shown['reserves'])} a scrutiny reserve "
            "that must be lifted"
        )
    if tally["awaiting"]:
        silent = len(tally["awaiting"])
        problems.append(
            f"no position yet from {silent} Member State{'' if silent == 1 else 's'} "
            f"({', '.join(shown['awaiting'])}); unanimity needs every Member State's position, "
            "so silence blocks adoption"
        )
    constructive = tally["constructive_abstentions"]
    if constructive:
        share_of_states = len(constructive) / len(populations)
        total = sum(populations.values())
        share_of_people = sum(populations.get(state, 0) for state in constructive) / total
        if share_of_states >= 1 / 3 and share_of_people >= 1 / 3:
            problems.append(
                f"constructive abstentions ({len(constructive)} Member States, "
                f"{share_of_people:.0%} of the population) reach the Art. 31(1) TEU threshold of "
                "one third of the Member States comprising one third of the population"
            )
    if problems:
        return False, "Not adoptable now (unanimity): " + "; ".join(problems) + "."
    parts = [f"Unanimity reached: {len(tally['supporting'])} Member States support"]
    abstentions = shown["abstaining"] + shown["constructive_abstentions"]
    if abstentions:
        parts.append(f"abstentions ({', '.join(sorted(abstentions))}) do not prevent adoption")
    if constructive:
        named = shown["constructive_abstentions"]
        parts.append(
            f"{_states(named)} abstain{_s(named)} constructively and will not be "
            "obliged to apply the decision"
        )
    return True, "; ".join(parts) + "."


def _consensus(rule: DecisionRule, tally: Mapping[str, tuple[str, ...]]) -> tuple[bool, str]:
    frame = (
        "consensus"
        if rule is DecisionRule.CONSENSUS
        else "case-specific rule, treated as consensus among the Member States consulted"
    )
    objections = tally["opposing"] + tally["reserves"]
    if objections:
        objecting = tuple(sorted(objections))
        return False, f"Not adoptable now ({frame}): {_states(objecting)} object{_s(objecting)}."
    return True, f"Adoptable ({frame}): no Member State objects; silence is consent."


def _states(states: tuple[str, ...]) -> str:
    return ", ".join(states)


def _s(states: tuple[str, ...] | list[str]) -> str:
    # English verb agreement: "FR opposes", "FR, DE oppose".
    return "s" if len(states) == 1 else ""
