"""`/api/v1/cbm-…` and `/api/v1/pocs…`: confidence-building measures, the implementation
tracker, the points-of-contact directory and communication checks. Reads are open to every
reader; writes need an account with the right to edit the cooperation registers (analysts
and administrators), and each goes to the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cdtoolbox.interfaces.api.cooperation_schemas import (
    CheckRoundIn,
    CheckRoundOut,
    CheckStepIn,
    FrameworkOut,
    ImplementationIn,
    ImplementationOut,
    MatrixOut,
    PocIn,
    PocOut,
    StateImplementationOut,
    framework_out,
    implementation_out,
    matrix_out,
    poc_out,
    round_out,
    state_out,
)
from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.reference_schemas import EntryList
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep

__all__ = ["router"]

router = APIRouter(tags=["cooperation"], route_class=AuthenticateFirst)


def _query(description: str, example: str) -> object:
    return Query(description=description, examples=[example])


_STATE = Path(description="ISO 3166-1 alpha-2 code or name", examples=["FR"])
_ROUND = Path(description="The round's id", examples=["osce-2026-q4"])


@router.get(
    "/cbm-frameworks",
    summary="List the CBM frameworks",
    description=(
        "The four frameworks of confidence-building measures (OSCE, ARF, OAS/CICTE, UN) with "
        "their members by ISO code, the sources of each membership and remarks on members' "
        "standing."
    ),
    response_model=EntryList[FrameworkOut],
)
def list_frameworks(toolbox: ToolboxDep, by: ReaderDep) -> EntryList[FrameworkOut]:
    items = [framework_out(f) for f in toolbox.cbms.frameworks(by=by)]
    return EntryList(items=items, total=len(items))


@router.get(
    "/cbm-tracker/matrix",
    summary="The implementation matrix",
    description=(
        "States x measures, each cell the recorded status (not-reported when nothing is "
        "recorded or the record is above your clearance), for one framework (all when none "
        "is named) and optionally one region."
    ),
    response_model=MatrixOut,
    responses=errors(422),
)
def read_matrix(
    toolbox: ToolboxDep,
    by: ReaderDep,
    framework: Annotated[str | None, _query("osce, arf, oas or un", "osce")] = None,
    region: Annotated[str | None, _query("A continent, e.g. Europe", "Europe")] = None,
) -> MatrixOut:
    return matrix_out(toolbox.cbms.matrix(framework, region, by=by))


@router.get(
    "/cbm-tracker/states/{state}",
    summary="A State's CBM implementation",
    description=(
        "The State's status for every measure of the frameworks it takes part in and of the "
        "UN's global CBMs, with the records (evidence, who recorded it, when)."
    ),
    response_model=StateImplementationOut,
    responses=errors(422),
)
def read_state(
    toolbox: ToolboxDep, by: ReaderDep, state: Annotated[str, _STATE]
) -> StateImplementationOut:
    return state_out(toolbox.cbms.status(state, by=by))


@router.get(
    "/cbm-tracker/states/{state}/history",
    summary="A State's CBM implementation history",
    description="Every version recorded for the State (and one measure), oldest first.",
    response_model=EntryList[ImplementationOut],
    responses=errors(422),
)
def read_history(
    toolbox: ToolboxDep,
    by: ReaderDep,
    state: Annotated[str, _STATE],
    measure: Annotated[str | None, _query("A measure id", "OSCE-CBM-8")] = None,
) -> EntryList[ImplementationOut]:
    items = [implementation_out(r) for r in toolbox.cbms.history(state, measure, by=by)]
    return EntryList(items=items, total=len(items))


@router.post(
    "/cbm-tracker/states/{state}/measures/{cbm_id}",
    summary="Record a State's implementation of a measure",
    description=(
        "Record the status (not-reported, planned, partial, implemented) with the evidence "
        "that shows it: a document and its date (YYYY-MM-DD), optionally its address. An "
        "unknown State or measure, a State outside the measure's framework, a status outside "
        "the list or a malformed date is refused with 422 and nothing is written; the change "
        "goes to the audit trail and the history."
    ),
    response_model=ImplementationOut,
    responses=errors(401, 403, 409, 422),
)
def record_implementation(
    toolbox: ToolboxDep,
    by: SignedInDep,
    state: Annotated[str, _STATE],
    cbm_id: Annotated[str, Path(description="The measure's id", examples=["OSCE-CBM-8"])],
    body: ImplementationIn,
) -> ImplementationOut:
    record = toolbox.cbms.record(
        state,
        cbm_id,
        status=body.status,
        evidence=body.evidence,
        evidence_date=body.date,
        evidence_url=body.evidence_url,
        tlp=body.tlp,
        note=body.note,
        expected_version=body.expected_version,
        classification=body.classification,
        by=by,
    )
    return implementation_out(record)


@router.get(
    "/pocs",
    summary="List points of contact",
    description=(
        "The directory, by State: level, organisation, channel, languages, hours, when last "
        "verified and whether that is more than twelve months ago. Personal details are shown "
        "only to readers cleared for their marking (TLP:AMBER by default)."
    ),
    response_model=EntryList[PocOut],
    responses=errors(422),
)
def list_pocs(
    toolbox: ToolboxDep,
    by: ReaderDep,
    state: Annotated[str | None, _query("ISO code or name", "FR")] = None,
    network: Annotated[str | None, _query("A framework or network id", "osce")] = None,
    stale: Annotated[
        bool, Query(description="Only those not verified within a year", examples=[True])
    ] = False,
) -> EntryList[PocOut]:
    found = toolbox.pocs.list(state=state, network=network, stale=stale, by=by)
    items = [poc_out(p, toolbox.pocs.is_stale(p)) for p in found]
    return EntryList(items=items, total=len(items))


@router.post(
    "/pocs",
    summary="Add a point of contact",
    description=(
        "Add a State's contact in a framework or network. Its id is made from the State, the "
        "network and the organisation; name, e-mail and phone are marked `personal_tlp` "
        "(TLP:AMBER unless given)."
    ),
    status_code=201,
    response_model=PocOut,
    responses=errors(401, 403, 422),
)
def add_poc(toolbox: ToolboxDep, by: SignedInDep, body: PocIn) -> PocOut:
    poc = toolbox.pocs.add(by=by, **body.model_dump())
    return poc_out(poc, toolbox.pocs.is_stale(poc))


@router.get(
    "/pocs/{poc_id}",
    summary="Read a point of contact",
    description="One contact by id, with its personal details if you are cleared for them.",
    response_model=PocOut,
    responses=errors(404, 422),
)
def get_poc(
    toolbox: ToolboxDep,
    by: ReaderDep,
    poc_id: Annotated[str, Path(description="The contact's id", examples=["at-cert-at"])],
) -> PocOut:
    poc = toolbox.pocs.get(poc_id, by=by)
    return poc_out(poc, toolbox.pocs.is_stale(poc))


@router.get(
    "/poc-check-rounds",
    summary="List communication checks",
    description="Every communication-check round, oldest first, with its response figures.",
    response_model=EntryList[CheckRoundOut],
)
def list_rounds(toolbox: ToolboxDep, by: ReaderDep) -> EntryList[CheckRoundOut]:
    items = [round_out(toolbox.pocs.report(r.id, by=by)) for r in toolbox.pocs.rounds(by=by)]
    return EntryList(items=items, total=len(items))


@router.post(
    "/poc-check-rounds",
    summary="Open a communication check",
    description=(
        "Open a round over every contact of a framework or network. A title already used for "
        "a round of that network is refused with 422."
    ),
    status_code=201,
    response_model=CheckRoundOut,
    responses=errors(401, 403, 422),
)
def open_round(toolbox: ToolboxDep, by: SignedInDep, body: CheckRoundIn) -> CheckRoundOut:
    opened = toolbox.pocs.open_round(body.network, body.title, by=by)
    return round_out(toolbox.pocs.report(opened.id, by=by))


@router.get(
    "/poc-check-rounds/{round_id}",
    summary="Read a communication check",
    description=(
        "The round's entries (sent, acknowledged, time to acknowledge) and its response rate "
        "and median and 95th percentile time to acknowledge, overall and per State."
    ),
    response_model=CheckRoundOut,
    responses=errors(404, 422),
)
def read_round(
    toolbox: ToolboxDep, by: ReaderDep, round_id: Annotated[str, _ROUND]
) -> CheckRoundOut:
    return round_out(toolbox.pocs.report(round_id, by=by))


@router.post(
    "/poc-check-rounds/{round_id}/sent",
    summary="Record that a check was sent",
    description="Record when the test message went to one contact of the round (now if no `at`).",
    response_model=CheckRoundOut,
    responses=errors(401, 403, 404, 409, 422),
)
def mark_sent(
    toolbox: ToolboxDep, by: SignedInDep, round_id: Annotated[str, _ROUND], body: CheckStepIn
) -> CheckRoundOut:
    toolbox.pocs.mark_sent(round_id, body.poc_id, body.at, by=by)
    return round_out(toolbox.pocs.report(round_id, by=by))


@router.post(
    "/poc-check-rounds/{round_id}/acknowledgements",
    summary="Record an acknowledgement",
    description=(
        "Record when one contact acknowledged the check; an acknowledgement before the check "
        "was sent (or recorded twice) is refused with 422. It verifies the contact that day."
    ),
    response_model=CheckRoundOut,
    responses=errors(401, 403, 404, 409, 422),
)
def acknowledge(
    toolbox: ToolboxDep, by: SignedInDep, round_id: Annotated[str, _ROUND], body: CheckStepIn
) -> CheckRoundOut:
    toolbox.pocs.acknowledge(round_id, body.poc_id, body.at, by=by)
    return round_out(toolbox.pocs.report(round_id, by=by))
