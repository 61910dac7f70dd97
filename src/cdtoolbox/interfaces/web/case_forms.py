"""The forms of the case pages: open a case from an incident, shape its measures, move it,
decide it, record a Member State's position and an implementation.

Each post is one library call. On success the browser is sent back to the case (so a reload
does not post again) with a notice; when the library refuses the change as wrong, out of
step with the workflow or based on a stale version, the case page is shown again with the
reason, the current data and what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cdtoolbox.errors import Conflict, InvalidInput, InvalidTransition
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, SignedInDep, session_of
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.case_pages import case_page
from cdtoolbox.interfaces.web.csrf import CSRF_FIELD
from cdtoolbox.model.access import User
from cdtoolbox.model.case import CaseState, ImplementationKind, MeasureDecision, PositionKind
from cdtoolbox.toolbox import Toolbox

__all__ = ["router"]

router = APIRouter(route_class=AuthenticateFirst)

Form = dict[str, str]
EnumT = TypeVar("EnumT", bound=Enum)


@router.post("/incidents/{key}/cases")
async def open_case(request: Request, key: str, toolbox: ToolboxDep, by: SignedInDep) -> Response:
    values = await _form(request)
    title = values.get("title", "").strip() or None
    case = await run_in_threadpool(lambda: toolbox.cases.open([key], by=by, title=title))
    session_of(request).leave_notice(f"Case opened: {case.title}.")
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.post("/cases/{case_id}/measures")
async def add_measure(
    request: Request, case_id: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    def add(values: Form) -> str:
        case = toolbox.cases.measures.add(
            case_id,
            values.get("instrument_id", ""),
            by=by,
            justification=values.get("justification", ""),
            text=values.get("text", ""),
            expected_version=_version(values),
        )
        return f"Measure added: {case.measures[-1].title}."

    return await _submit(request, toolbox, by, case_id, "add-measure", "measures", add)


@router.post("/cases/{case_id}/measures/{measure_id}")
async def change_measure(
    request: Request, case_id: str, measure_id: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    def change(values: Form) -> str:
        action = values.get("action", "edit")
        justification, version = values.get("justification", ""), _version(values)
        if action in ("drop", "restore"):
            toggle = (
                toolbox.cases.measures.drop if action == "drop" else toolbox.cases.measures.restore
            )
            toggle(
                case_id, measure_id, by=by, justification=justification, expected_version=version
            )
            return f"Measure {measure_id} {'dropped' if action == 'drop' else 'restored'}."
        if action != "edit":
            raise InvalidInput("form", "action", action, "is not one of edit, drop, restore")
        toolbox.cases.measures.edit(
            case_id,
            measure_id,
            by=by,
            justification=justification,
            text=values.get("text"),
            title=values.get("title"),
            expected_version=version,
        )
        return f"Measure {measure_id} changed."

    return await _submit(
        request, toolbox, by, case_id, f"measure-{measure_id}", f"measure-{measure_id}", change
    )


@router.post("/cases/{case_id}/state")
async def move_case(
    request: Request, case_id: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    def move(values: Form) -> str:
        target = _choice(values, "state", CaseState)
        case = toolbox.cases.move(
            case_id,
            target,
            by=by,
            note=values.get("note", ""),
            review_due=_date(values, "review_due"),
            expected_version=_version(values),
        )
        return f"The case is now: {case.state.label}."

    return await _submit(request, toolbox, by, case_id, "move", "workflow", move)


@router.post("/cases/{case_id}/decision")
async def decide_case(
    request: Request, case_id: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    def decide(values: Form) -> str:
        # The decision records every measure not adoptable now (one still awaiting a Member
        # State's position under unanimity, say) as not adopted: the page states the outcome
        # and the decider confirms it.
        if values.get("confirm") != "yes":
            # Refused first as the decision itself would be (no right to decide, a case not in
            # consultation): only a decider is asked to confirm.
            toolbox.cases.preview_decision(case_id, by=by)
            raise InvalidInput(
                "decision",
                "confirm",
                values.get("confirm", ""),
                "tick the box to confirm: measures not adoptable now are recorded as not adopted",
            )
        case_file = toolbox.cases.decide(
            case_id, by=by, note=values.get("note", ""), expected_version=_version(values)
        )
        decided = case_file.case.active_measures
        adopted = sum(1 for measure in decided if measure.decision is MeasureDecision.ADOPTED)
        return (
            f"Decision recorded: {case_file.case.state.label} ({adopted} of "
            f"{len(decided)} adopted)."
        )

    return await _submit(request, toolbox, by, case_id, "decide", "workflow", decide)


@router.post("/cases/{case_id}/positions")
async def record_position(
    request: Request, case_id: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    def record(values: Form) -> str:
        position = toolbox.cases.record_position(
            case_id,
            values.get("measure_id", ""),
            by=by,
            member_state=values.get("member_state", ""),
            position=_choice(values, "position", PositionKind),
            comment=values.get("comment", ""),
        )
        return (
            f"Position of {position.member_state} on {position.measure_id} recorded: "
            f"{position.position.label}."
        )

    return await _submit(request, toolbox, by, case_id, "position", "positions", record)


@router.post("/cases/{case_id}/implementations")
async def record_implementation(
    request: Request, case_id: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    def implement(values: Form) -> str:
        implementation = toolbox.cases.implement(
            case_id,
            values.get("measure_id", ""),
            by=by,
            kind=_choice(values, "kind", ImplementationKind),
            on=_date(values, "date") or _missing("date"),
            summary=values.get("summary", ""),
            text=values.get("text") or None,
            recipient=values.get("recipient") or None,
            delegation=values.get("delegation") or None,
            reference=values.get("reference") or None,
        )
        return f"Implementation recorded: {implementation.summary}."

    return await _submit(request, toolbox, by, case_id, "implement", "implementations", implement)


async def _submit(
    request: Request,
    toolbox: Toolbox,
    by: User,
    case_id: str,
    form_name: str,
    anchor: str,
    change: Callable[[Form], str],
) -> Response:
    values = await _form(request)
    try:
        notice = await run_in_threadpool(change, values)
    except (Conflict, InvalidInput, InvalidTransition) as error:
        problem = problem_for(error)
        if isinstance(error, Conflict):
            problem.detail = (
                "Someone changed this case while you were working on it, so your change was "
                f"not saved. The page now shows version {error.actual_version}; what you "
                "typed is kept in the form: check the case and submit again."
            )
        return await run_in_threadpool(
            lambda: case_page(
                request,
                toolbox,
                by,
                case_id,
                problem=problem,
                submitted={**values, "form": form_name},
                status_code=problem.status,
            )
        )
    session_of(request).leave_notice(notice)
    return RedirectResponse(f"/cases/{case_id}#{anchor}", status_code=303)


async def _form(request: Request) -> Form:
    form = await request.form()
    return {
        name: value
        for name, value in form.multi_items()
        if isinstance(value, str) and name != CSRF_FIELD
    }


def _version(values: Form) -> int | None:
    text = values.get("expected_version", "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 20):
        raise InvalidInput("form", "expected_version", text, "is not a case version")
    return int(text)


def _choice(values: Form, field: str, kind: type[EnumT]) -> EnumT:
    text = values.get(field, "")
    for member in kind:
        if member.value == text:
            return member
    known = ", ".join(str(member.value) for member in kind)
    raise InvalidInput("form", field, text or None, f"is not one of: {known}")


def _missing(field: str) -> date:
    raise InvalidInput("form", field, None, "is required")


def _date(values: Form, field: str) -> date | None:
    text = values.get(field, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("form", field, text, "is not a date (YYYY-MM-DD)") from None
