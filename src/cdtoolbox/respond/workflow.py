"""The life of a response case: which state may follow which, and who may move it.

    drafting ──▶ consultation ──▶ adopted ──▶ implementing ──▶ under-review ──▶ closed
        ▲  │          │   │                        ▲               │
        │  ▼          │   └──▶ not-adopted ──▶ closed              │
        └─────────────┘            │                               │
          (back to drafting) ◀─────┘          (renewed) ◀──────────┘

"adopted" and "not-adopted" are reached only by deciding the case, which computes each
measure's adoptability; every other step is a plain move.
"""

from __future__ import annotations

from cdtoolbox.errors import InvalidTransition
from cdtoolbox.model.access import Permission
from cdtoolbox.model.case import CaseState, MeasureDecision, ResponseCase

__all__ = [
    "DECIDED_STATES",
    "TRANSITIONS",
    "allowed_next",
    "check_can_edit_measures",
    "check_can_implement",
    "check_can_record_positions",
    "check_transition",
]

# from state -> {to state: the permission the move needs}
TRANSITIONS: dict[CaseState, dict[CaseState, Permission]] = {
    CaseState.DRAFTING: {
        CaseState.CONSULTATION: Permission.EDIT_CASES,
        CaseState.CLOSED: Permission.EDIT_CASES,  # withdrawn before consultation
    },
    CaseState.CONSULTATION: {
        CaseState.DRAFTING: Permission.EDIT_CASES,
        CaseState.ADOPTED: Permission.DECIDE_CASES,
        CaseState.NOT_ADOPTED: Permission.DECIDE_CASES,
    },
    CaseState.ADOPTED: {
        CaseState.IMPLEMENTING: Permission.EDIT_CASES,
        CaseState.CLOSED: Permission.DECIDE_CASES,
    },
    CaseState.NOT_ADOPTED: {
        CaseState.DRAFTING: Permission.EDIT_CASES,  # reworked options, new consultation
        CaseState.CLOSED: Permission.DECIDE_CASES,
    },
    CaseState.IMPLEMENTING: {
        CaseState.UNDER_REVIEW: Permission.EDIT_CASES,
    },
    CaseState.UNDER_REVIEW: {
        CaseState.IMPLEMENTING: Permission.EDIT_CASES,  # measures renewed
        CaseState.CLOSED: Permission.DECIDE_CASES,
    },
    CaseState.CLOSED: {},
}

DECIDED_STATES = frozenset({CaseState.ADOPTED, CaseState.NOT_ADOPTED})


def allowed_next(state: CaseState) -> tuple[CaseState, ...]:
    return tuple(TRANSITIONS[state])


def check_transition(
    case: ResponseCase, target: CaseState, *, deciding: bool = False
) -> Permission:
    """The permission the move needs; InvalidTransition with the reason when it is not allowed."""
    allowed = TRANSITIONS[case.state]
    if target not in allowed:
        nexts = ", ".join(state.value for state in allowed) or "none: the case is closed"
        raise InvalidTransition(
            "case",
            case.id,
            case.state.value,
            f"move to {target.value}",
            f"from {case.state.value} the case can move to: {nexts}",
        )
    if target in DECIDED_STATES and not deciding:
        raise InvalidTransition(
            "case",
            case.id,
            case.state.value,
            f"move to {target.value}",
            "a case is decided by `decide`, which computes each measure's adoptability",
        )
    if target is CaseState.CONSULTATION and not case.active_measures:
        raise InvalidTransition(
            "case",
            case.id,
            case.state.value,
            "open the consultation",
            "no measure is proposed: add one first",
        )
    return allowed[target]


def check_can_edit_measures(case: ResponseCase) -> None:
    if case.state is not CaseState.DRAFTING:
        raise InvalidTransition(
            "case",
            case.id,
            case.state.value,
            "change its measures",
            "measures are edited while drafting; move the case back to drafting first"
            if CaseState.DRAFTING in TRANSITIONS[case.state]
            else "measures are edited only while drafting",
        )


def check_can_record_positions(case: ResponseCase) -> None:
    if case.state is not CaseState.CONSULTATION:
        raise InvalidTransition(
            "case",
            case.id,
            case.state.value,
            "record a position",
            "Member States' positions are recorded during consultation",
        )


def check_can_implement(case: ResponseCase, measure_id: str) -> None:
    if case.state not in (CaseState.ADOPTED, CaseState.IMPLEMENTING, CaseState.UNDER_REVIEW):
        raise InvalidTransition(
            "case",
            case.id,
            case.state.value,
            "record an implementation",
            "only measures of an adopted case are implemented",
        )
    measure = case.measure(measure_id)
    if measure is None or measure.decision is not MeasureDecision.ADOPTED:
        raise InvalidTransition(
            "case",
            case.id,
            case.state.value,
            f"implement measure {measure_id}",
            "that measure was not adopted"
            if measure is not None
            else "the case has no such measure",
        )
