"""`/api/v1/cases`: response cases — open, shape the measures, consult, decide, implement.

Every operation needs an account (401 without); what the account may do is the library's
decision (403), as are the workflow's rules (409 with the reason) and the version check
(409 when someone changed the case since the version given as `expected_version`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from cdtoolbox.errors import InvalidInput
from cdtoolbox.interfaces.api.case_schemas import (
    CaseFileOut,
    CaseListOut,
    CaseOpenIn,
    CaseOut,
    DecisionIn,
    ImplementationIn,
    ImplementationOut,
    MeasureChangesIn,
    MeasureIn,
    PositionIn,
    PositionOut,
    StateMoveIn,
    case_file_out,
    case_list_out,
    case_out,
    implementation_out,
    position_out,
)
from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.model.case import CaseState
from cdtoolbox.respond.workflow import allowed_next

__all__ = ["router"]

router = APIRouter(tags=["cases"], route_class=AuthenticateFirst)

CasePath = Annotated[str, Path(description="The case id", examples=["case-7f3a"])]
MeasurePath = Annotated[str, Path(description="The measure id within the case", examples=["m1"])]
_STATES = ", ".join(state.value for state in CaseState)


@router.get(
    "/cases",
    summary="List response cases",
    description=(
        "Response cases, newest first, with the count of every case by state. `state` keeps "
        "the cases in any of the states given; `incident` those opened on an incident. Cases "
        "about an incident above the caller's clearance are left out."
    ),
    response_model=CaseListOut,
    responses=errors(401, 403, 404, 422),
)
def list_cases(
    toolbox: ToolboxDep,
    by: SignedInDep,
    state: Annotated[
        list[CaseState] | None,
        Query(description=f"Case state, repeatable: {_STATES}", examples=[["consultation"]]),
    ] = None,
    incident: Annotated[
        str | None, Query(description="Incident id or slug", examples=["wannacry-2017"])
    ] = None,
) -> CaseListOut:
    cases = toolbox.cases.list(by=by, states=tuple(state or ()), incident=incident)
    return case_list_out(cases, toolbox.cases.count_by_state(by=by))


@router.post(
    "/cases",
    summary="Open a response case",
    description=(
        "Open a case on one or more incidents. Their assessments are kept with the case as "
        "it was opened, and the response options they rank become its proposed measures. "
        "Needs the analyst role; an incident above the caller's clearance answers 404, as one "
        "that does not exist."
    ),
    status_code=201,
    response_model=CaseOut,
    responses=errors(401, 403, 404, 422),
)
def open_case(
    toolbox: ToolboxDep, by: SignedInDep, opening: CaseOpenIn, response: Response
) -> CaseOut:
    case = toolbox.cases.open(opening.incidents, by=by, title=opening.title)
    response.headers["Location"] = f"/api/v1/cases/{case.id}"
    return case_out(case)


@router.get(
    "/cases/{case_id}",
    summary="Read a response case",
    description=(
        "The case file: measures with their history, every Member State's position, whether "
        "each measure could be adopted now and who blocks it, implementations, later "
        "incidents by the same actors or sponsors, and the states it may move to next. The "
        "`ETag` header carries the case version."
    ),
    response_model=CaseFileOut,
    responses=errors(401, 403, 404, 422),
)
def get_case(
    toolbox: ToolboxDep, by: SignedInDep, case_id: CasePath, response: Response
) -> CaseFileOut:
    case_file = toolbox.cases.get(case_id, by=by)
    response.headers["ETag"] = f'"{case_file.case.version}"'
    return case_file_out(case_file, allowed_next(case_file.case.state))


@router.post(
    "/cases/{case_id}/measures",
    summary="Propose a measure",
    description=(
        "Add a Toolbox instrument to the measures of a case in drafting, with its draft "
        "wording and the reason for adding it (kept in the measure's history)."
    ),
    status_code=201,
    response_model=CaseOut,
    responses=errors(401, 403, 404, 409, 422),
)
def add_measure(
    toolbox: ToolboxDep, by: SignedInDep, case_id: CasePath, measure: MeasureIn
) -> CaseOut:
    case = toolbox.cases.measures.add(
        case_id,
        measure.instrument_id,
        by=by,
        justification=measure.justification,
        text=measure.text,
        expected_version=measure.expected_version,
    )
    return case_out(case)


@router.patch(
    "/cases/{case_id}/measures/{measure_id}",
    summary="Change a measure",
    description=(
        "Change the title or draft wording of a measure while the case is in drafting, or "
        "drop it (`dropped: true`) or restore it (`dropped: false`); each change needs a "
        "justification, kept in the measure's history."
    ),
    response_model=CaseOut,
    responses=errors(401, 403, 404, 409, 422),
)
def change_measure(
    toolbox: ToolboxDep,
    by: SignedInDep,
    case_id: CasePath,
    measure_id: MeasurePath,
    changes: MeasureChangesIn,
) -> CaseOut:
    edits_text = changes.title is not None or changes.text is not None
    if changes.dropped is not None and edits_text:
        raise InvalidInput(
            "request", "dropped", changes.dropped, "cannot be combined with a text change"
        )
    if changes.dropped is True:
        case = toolbox.cases.measures.drop(
            case_id,
            measure_id,
            by=by,
            justification=changes.justification,
            expected_version=changes.expected_version,
        )
    elif changes.dropped is False:
        case = toolbox.cases.measures.restore(
            case_id,
            measure_id,
            by=by,
            justification=changes.justification,
            expected_version=changes.expected_version,
        )
    else:
        case = toolbox.cases.measures.edit(
            case_id,
            measure_id,
            by=by,
            justification=changes.justification,
            text=changes.text,
            title=changes.title,
            expected_version=changes.expected_version,
        )
    return case_out(case)


@router.delete(
    "/cases/{case_id}/measures/{measure_id}",
    summary="Drop a measure",
    description=(
        "Drop a measure from a case in drafting. It stays in the case, marked dropped, with "
        "the justification in its history, and can be restored with PATCH."
    ),
    response_model=CaseOut,
    responses=errors(401, 403, 404, 409, 422),
)
def drop_measure(
    toolbox: ToolboxDep,
    by: SignedInDep,
    case_id: CasePath,
    measure_id: MeasurePath,
    justification: Annotated[
        str,
        Query(description="Why the measure is dropped", examples=["Superseded by m3"]),
    ],
    expected_version: Annotated[
        int | None, Query(description="The case version edited", examples=[2])
    ] = None,
) -> CaseOut:
    case = toolbox.cases.measures.drop(
        case_id, measure_id, by=by, justification=justification, expected_version=expected_version
    )
    return case_out(case)


@router.post(
    "/cases/{case_id}/positions",
    summary="Record a Member State's position",
    description=(
        "A delegate records their own Member State's position on one measure during the "
        "consultation; a newer position replaces the older one. Delegates of another state, "
        "and every other role, are refused with 403."
    ),
    status_code=201,
    response_model=PositionOut,
    responses=errors(401, 403, 404, 409, 422),
)
def record_position(
    toolbox: ToolboxDep, by: SignedInDep, case_id: CasePath, position: PositionIn
) -> PositionOut:
    recorded = toolbox.cases.record_position(
        case_id,
        position.measure_id,
        by=by,
        member_state=position.member_state,
        position=position.position,
        comment=position.comment,
    )
    return position_out(recorded)


@router.post(
    "/cases/{case_id}/decision",
    summary="Record the decision",
    description=(
        "An approver records the Council's decision on a case in consultation: every "
        "measure adoptable now under its decision rule is adopted, the others are not. "
        "Returns the case file as decided."
    ),
    response_model=CaseFileOut,
    responses=errors(401, 403, 404, 409, 422),
)
def decide_case(
    toolbox: ToolboxDep, by: SignedInDep, case_id: CasePath, decision: DecisionIn
) -> CaseFileOut:
    case_file = toolbox.cases.decide(
        case_id, by=by, note=decision.note, expected_version=decision.expected_version
    )
    return case_file_out(case_file, allowed_next(case_file.case.state))


@router.post(
    "/cases/{case_id}/implementations",
    summary="Record an implementation",
    description=(
        "Record an adopted measure carried out: a statement published, a démarche "
        "delivered, a legal act adopted. The first one moves an adopted case to implementing."
    ),
    status_code=201,
    response_model=ImplementationOut,
    responses=errors(401, 403, 404, 409, 422),
)
def record_implementation(
    toolbox: ToolboxDep, by: SignedInDep, case_id: CasePath, implementation: ImplementationIn
) -> ImplementationOut:
    recorded = toolbox.cases.implement(
        case_id,
        implementation.measure_id,
        by=by,
        kind=implementation.kind,
        on=implementation.date,
        summary=implementation.summary,
        text=implementation.text,
        recipient=implementation.recipient,
        delegation=implementation.delegation,
        reference=implementation.reference,
    )
    return implementation_out(recorded)


@router.post(
    "/cases/{case_id}/state",
    summary="Move a case",
    description=(
        "Move a case along its workflow: drafting ⇄ consultation, adopted → implementing → "
        "under review → closed. A step the current state does not allow is refused with 409 "
        "saying which are; a decision is recorded with /decision instead."
    ),
    response_model=CaseOut,
    responses=errors(401, 403, 404, 409, 422),
)
def move_case(
    toolbox: ToolboxDep, by: SignedInDep, case_id: CasePath, move: StateMoveIn
) -> CaseOut:
    case = toolbox.cases.move(
        case_id,
        move.state,
        by=by,
        note=move.note,
        review_due=move.review_due,
        expected_version=move.expected_version,
    )
    return case_out(case)
