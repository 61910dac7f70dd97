"""`/api/v1/un/…`: the UN process on ICTs. Processes, sessions and pillars are reference data;
documents (paragraph by paragraph), positions per paragraph and statements are recorded by
analysts. Reads are open to every reader and filtered by clearance; writes need an account
with the right to edit the cooperation registers, and each goes to the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.reference_schemas import EntryList
from cdtoolbox.interfaces.api.un_schemas import (
    DocumentIn,
    DocumentOut,
    DocumentPositionsOut,
    ParagraphIn,
    ParagraphOut,
    PillarOut,
    PositionIn,
    PositionOut,
    ProcessOut,
    SessionOut,
    SessionRecordOut,
    StatementIn,
    StatementOut,
    document_out,
    document_positions_out,
    paragraph_out,
    pillar_out,
    position_out,
    process_out,
    session_out,
    session_record_out,
    statement_out,
)
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep

__all__ = ["router"]

router = APIRouter(prefix="/un", tags=["UN process"], route_class=AuthenticateFirst)

_SESSION = Path(description="The session's id", examples=["oewg-2021-2025-8"])
_DOCUMENT = Path(description="The document's id", examples=["a-ac-292-2024-crp-1"])


@router.get(
    "/processes",
    summary="List the UN processes on ICTs",
    description=(
        "The Groups of Governmental Experts, the Open-Ended Working Groups, the Programme of "
        "Action proposal and the Global Mechanism that succeeds them, with their mandates, "
        "reports, milestones and sources; facts the sources leave unconfirmed say so."
    ),
    response_model=EntryList[ProcessOut],
)
def list_processes(toolbox: ToolboxDep, by: ReaderDep) -> EntryList[ProcessOut]:
    items = [process_out(p) for p in toolbox.un_process.processes(by=by)]
    return EntryList(items=items, total=len(items))


@router.get(
    "/pillars",
    summary="List the agenda pillars",
    description="The six pillars of the OEWG 2021-2025 mandate (GA res. 75/240).",
    response_model=EntryList[PillarOut],
)
def list_pillars(toolbox: ToolboxDep, by: ReaderDep) -> EntryList[PillarOut]:
    items = [pillar_out(p) for p in toolbox.un_process.pillars(by=by)]
    return EntryList(items=items, total=len(items))


@router.get(
    "/sessions",
    summary="List the sessions",
    description=(
        "The sessions of every process (or of one), with their dates when confirmed and "
        "their outcomes."
    ),
    response_model=EntryList[SessionOut],
    responses=errors(422),
)
def list_sessions(
    toolbox: ToolboxDep,
    by: ReaderDep,
    process: Annotated[
        str | None, Query(description="A process id", examples=["oewg-2021-2025"])
    ] = None,
) -> EntryList[SessionOut]:
    items = [session_out(s) for s in toolbox.un_process.sessions(process, by=by)]
    return EntryList(items=items, total=len(items))


@router.get(
    "/sessions/{session_id}",
    summary="A session with its documents and statements",
    description="The session and the documents and statements recorded of it you may read.",
    response_model=SessionRecordOut,
    responses=errors(404, 422),
)
def read_session(
    toolbox: ToolboxDep, by: ReaderDep, session_id: Annotated[str, _SESSION]
) -> SessionRecordOut:
    return session_record_out(toolbox.un_process.session(session_id, by=by))


@router.post(
    "/documents",
    summary="Record a document of a session",
    description=(
        "A draft or final Annual Progress Report, a Chair's summary, a working paper or another "
        "document; its id is made from its symbol (or session, kind and title). An unknown "
        "session, a kind outside the list, a malformed date or a symbol already recorded is "
        "refused with 422 and nothing is written."
    ),
    response_model=DocumentOut,
    responses=errors(401, 403, 422),
)
def add_document(toolbox: ToolboxDep, by: SignedInDep, body: DocumentIn) -> DocumentOut:
    document = toolbox.un_process.add_document(
        body.session,
        kind=body.kind,
        title=body.title,
        dated=body.date,
        symbol=body.symbol,
        url=body.url,
        tlp=body.tlp,
        classification=body.classification,
        by=by,
    )
    return document_out(document)


@router.get(
    "/documents/{document_id}",
    summary="A document with the positions per paragraph",
    description=(
        "The document's paragraphs in order, each with the positions you may read: the EU's "
        "first, then the Member States' by code. A document above your clearance is unknown "
        "(404)."
    ),
    response_model=DocumentPositionsOut,
    responses=errors(404, 422),
)
def read_document(
    toolbox: ToolboxDep, by: ReaderDep, document_id: Annotated[str, _DOCUMENT]
) -> DocumentPositionsOut:
    return document_positions_out(toolbox.un_process.positions(document_id, by=by))


@router.post(
    "/documents/{document_id}/paragraphs",
    summary="Add a paragraph to a document",
    description=(
        "Paragraphs are listed in the order they are added. An unknown document, a number the "
        "document already has or a pillar outside the list is refused with 422 and nothing is "
        "written."
    ),
    response_model=ParagraphOut,
    responses=errors(401, 403, 422),
)
def add_paragraph(
    toolbox: ToolboxDep,
    by: SignedInDep,
    document_id: Annotated[str, _DOCUMENT],
    body: ParagraphIn,
) -> ParagraphOut:
    paragraph = toolbox.un_process.add_paragraph(
        document_id, body.number, text=body.text, pillar=body.pillar, by=by
    )
    return paragraph_out(paragraph)


@router.post(
    "/documents/{document_id}/positions",
    summary="Record a party's position on a paragraph",
    description=(
        "The stance (support, support-with-amendments, oppose, reserve, no-position) of the EU "
        "or a Member State, with the wording it proposes (required with "
        "support-with-amendments). An unknown document or paragraph, a party neither the EU "
        "nor a Member State, a stance outside the list or a malformed date is refused with 422 "
        "and nothing is written; a change is a new version, kept in the audit trail."
    ),
    response_model=PositionOut,
    responses=errors(401, 403, 409, 422),
)
def record_position(
    toolbox: ToolboxDep,
    by: SignedInDep,
    document_id: Annotated[str, _DOCUMENT],
    body: PositionIn,
) -> PositionOut:
    position = toolbox.un_process.record_position(
        document_id,
        body.paragraph,
        body.party,
        stance=body.stance,
        wording=body.wording,
        dated=body.date,
        tlp=body.tlp,
        classification=body.classification,
        expected_version=body.expected_version,
        by=by,
    )
    return position_out(position)


@router.get(
    "/statements",
    summary="List the statements delivered",
    description="The statements you may read (of one session, by one party), by date.",
    response_model=EntryList[StatementOut],
    responses=errors(422),
)
def list_statements(
    toolbox: ToolboxDep,
    by: ReaderDep,
    session: Annotated[
        str | None, Query(description="A session id", examples=["oewg-2021-2025-8"])
    ] = None,
    party: Annotated[str | None, Query(description="EU or a Member State", examples=["EU"])] = None,
) -> EntryList[StatementOut]:
    found = toolbox.un_process.statements(session=session, party=party, by=by)
    items = [statement_out(s) for s in found]
    return EntryList(items=items, total=len(items))


@router.post(
    "/statements",
    summary="Record a statement delivered at a session",
    description=(
        "Kept by its title and the address where it is published. An unknown session, a party "
        "neither the EU nor a Member State, a malformed date or a date outside the session's "
        "confirmed dates is refused with 422 and nothing is written."
    ),
    response_model=StatementOut,
    responses=errors(401, 403, 422),
)
def add_statement(toolbox: ToolboxDep, by: SignedInDep, body: StatementIn) -> StatementOut:
    statement = toolbox.un_process.add_statement(
        body.session,
        party=body.party,
        dated=body.date,
        title=body.title,
        url=body.url,
        pillar=body.pillar,
        aligned=body.aligned,
        tlp=body.tlp,
        classification=body.classification,
        by=by,
    )
    return statement_out(statement)
