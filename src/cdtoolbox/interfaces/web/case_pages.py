"""The response cases pages: the list with its state filter, and one case's file.

A case page shows each form only to those the library would let use it (the library checks
again on every post). Cases are for signed-in users: they hold the Member States' positions,
which are the Council's deliberations, whatever the marking of the incidents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cdtoolbox.errors import InvalidInput, NotFound
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, SignedInDep
from cdtoolbox.interfaces.http.problem import ProblemOut
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model import Incident
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.case import (
    CaseFile,
    CaseState,
    ImplementationKind,
    MeasureDecision,
    Position,
    PositionKind,
    ProposedMeasure,
)
from cdtoolbox.respond.adoption import check_position_allowed
from cdtoolbox.respond.workflow import DECIDED_STATES, TRANSITIONS
from cdtoolbox.toolbox import Toolbox

__all__ = ["PositionRow", "case_page", "router"]

router = APIRouter(route_class=AuthenticateFirst)

_IMPLEMENTABLE = (CaseState.ADOPTED, CaseState.IMPLEMENTING, CaseState.UNDER_REVIEW)


@dataclass(frozen=True)
class PositionRow:
    """One Member State's row of the positions matrix: a position (or None) per measure."""

    code: str  # ISO 3166-1 alpha-2: what the position form sends
    shown_code: str  # what the reader sees: EL for Greece
    name: str
    cells: tuple[Position | None, ...]
    editable: bool  # the signed-in delegate's own state, while consulting


@router.get("/cases")
def case_list(request: Request, toolbox: ToolboxDep, viewer: SignedInDep) -> Response:
    chosen = request.query_params.getlist("state")
    states: list[CaseState] = []
    for value in chosen:
        try:
            states.append(CaseState(value))
        except ValueError:
            known = ", ".join(state.value for state in CaseState)
            raise InvalidInput("query", "state", value, f"is not a case state ({known})") from None
    cases = toolbox.cases.list(by=viewer, states=states)
    counts = toolbox.cases.count_by_state(by=viewer)
    titles = _incident_titles(toolbox, viewer, {i for case in cases for i in case.incident_ids})
    return render(
        request,
        "cases/list.html",
        {
            "cases": cases,
            "counts": [(state, counts.get(state, 0)) for state in CaseState],
            "chosen": set(states),
            "titles": titles,
            "can_open": viewer.can(Permission.EDIT_CASES),
        },
    )


@router.get("/cases/{case_id}")
def case_detail(
    request: Request, case_id: str, toolbox: ToolboxDep, viewer: SignedInDep
) -> Response:
    return case_page(request, toolbox, viewer, case_id)


def case_page(
    request: Request,
    toolbox: Toolbox,
    viewer: User,
    case_id: str,
    *,
    problem: ProblemOut | None = None,
    submitted: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The case file page; after a refused change, with the reason and what was submitted."""
    case_file = toolbox.cases.get(case_id, by=viewer)
    case = case_file.case
    incidents = _incidents(toolbox, viewer, case.incident_ids)
    active = case.active_measures
    instruments = toolbox.knowledge.instruments
    audit = (
        toolbox.audit.entries(by=viewer, entity="case", key=case.id)
        if viewer.can(Permission.READ_AUDIT)
        else None
    )
    proposed = {m.instrument_id for m in active}
    return render(
        request,
        "cases/detail.html",
        {
            "file": case_file,
            "case": case,
            "incidents": incidents,
            "measures": case.measures,
            "active": active,
            "adoption": {a.measure_id: a for a in case_file.adoption},
            "adoptable_now": sum(1 for a in case_file.adoption if a.adoptable),
            "rows": _position_rows(toolbox, viewer, case_file, active),
            "position_kinds": {m.id: _position_kinds(toolbox, m) for m in active},
            "implementation_kinds": tuple(ImplementationKind),
            "moves": _moves(viewer, case.state),
            "can_edit": case.state is CaseState.DRAFTING and viewer.can(Permission.EDIT_CASES),
            "can_decide": case.state is CaseState.CONSULTATION
            and viewer.can(Permission.DECIDE_CASES),
            "can_implement": case.state in _IMPLEMENTABLE and viewer.can(Permission.EDIT_CASES),
            "adopted": [m for m in active if m.decision is MeasureDecision.ADOPTED],
            "addable": [i for i in instruments.ladder() if i.id not in proposed],
            "instrument_names": {i.id: i.name for i in instruments.all()},
            "audit": audit,
            "problem": problem,
            "submitted": submitted or {},
        },
        status_code=status_code,
    )


def _moves(viewer: User, state: CaseState) -> list[CaseState]:
    """The plain moves (not decisions) this user may make from ``state``."""
    return [
        target
        for target, permission in TRANSITIONS[state].items()
        if target not in DECIDED_STATES and viewer.can(permission)
    ]


def _position_rows(
    toolbox: Toolbox, viewer: User, case_file: CaseFile, active: Sequence[ProposedMeasure]
) -> list[PositionRow]:
    consulting = case_file.case.state is CaseState.CONSULTATION
    may_record = consulting and viewer.can(Permission.RECORD_POSITION)
    return [
        PositionRow(
            code=member.code,
            shown_code=member.display_code,
            name=member.name,
            cells=tuple(case_file.position(m.id, member.code) for m in active),
            editable=may_record and viewer.member_state == member.code,
        )
        for member in sorted(toolbox.knowledge.countries.eu_members(), key=lambda c: c.name)
    ]


def _position_kinds(toolbox: Toolbox, measure: ProposedMeasure) -> list[PositionKind]:
    instrument = toolbox.knowledge.instruments.get(measure.instrument_id)
    kinds = []
    for kind in PositionKind:
        try:
            check_position_allowed(instrument, kind)
        except InvalidInput:
            continue
        kinds.append(kind)
    return kinds


def _incidents(toolbox: Toolbox, viewer: User, ids: Sequence[str]) -> list[Incident]:
    found = []
    for incident_id in ids:
        try:
            found.append(toolbox.incidents.get(incident_id, by=viewer))
        except NotFound:  # deleted since the case was opened
            continue
    return found


def _incident_titles(toolbox: Toolbox, viewer: User, ids: set[str]) -> dict[str, Incident]:
    return {incident.id: incident for incident in _incidents(toolbox, viewer, sorted(ids))}
