"""`/api/v1/statements…`: the archive of official statements. Reads are open to every reader
(statements above their clearance left out); adding statements needs an account with the
right to import data, and goes to the audit trail."""

from __future__ import annotations

import io
from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.statements.source import MAX_STATEMENT_BYTES
from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.statement_schemas import (
    ISSUER_KINDS,
    StatementAddedPageOut,
    StatementOut,
    StatementPageOut,
    statement_added_out,
    statement_out,
)
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.model.statement import StatementExchange, StatementFile
from cdtoolbox.model.taxii import STIX_MEDIA_TYPE
from cdtoolbox.model.vocabulary import Tlp

__all__ = ["MAX_STATEMENTS_PER_UPLOAD", "MAX_STATEMENT_REQUEST_BYTES", "STATEMENTS_PATH", "router"]

router = APIRouter(tags=["statements"], route_class=AuthenticateFirst)

STATEMENTS_PATH = "/api/v1/statements"
#: Files one upload may carry: a batch of a day's texts, not a dump.
MAX_STATEMENTS_PER_UPLOAD = 5
# The whole form: the files at their limit each would be 50 MB; one statement file at its
# limit, with room for the others' small texts and the multipart headers, is what is taken.
MAX_STATEMENT_REQUEST_BYTES = MAX_STATEMENT_BYTES + 1024 * 1024

_ID = Path(description="The statement's id", examples=["st-53139be03f3fd412"])


@router.get(
    "/statements",
    summary="List statements",
    description=(
        "The statements you may read, newest first (undated last), that match every filter "
        "given, without their text. `text`: words that must all occur, stemmed and with "
        "accents folded as docs/statements.md says for each backend. An unknown actor, "
        "country, issuer kind, instrument, language code or a malformed date is refused "
        "with 422."
    ),
    response_model=StatementPageOut,
    responses=errors(422),
)
def list_statements(
    toolbox: ToolboxDep,
    by: ReaderDep,
    text: Annotated[str | None, Query(description="Words", examples=["cyber-attack"])] = None,
    issuer: Annotated[
        str | None, Query(description=f"One of: {ISSUER_KINDS}", examples=["council"])
    ] = None,
    instrument: Annotated[
        str | None, Query(description="An instrument id", examples=["stability.hr_declaration"])
    ] = None,
    actor: Annotated[
        str | None, Query(description="A threat actor named, by any alias", examples=["APT28"])
    ] = None,
    state: Annotated[
        str | None,
        Query(description="A State held responsible: ISO code or name", examples=["RU"]),
    ] = None,
    incident: Annotated[
        str | None,
        Query(description="An incident referred to, by slug", examples=["viasat-ka-sat-2022"]),
    ] = None,
    since: Annotated[
        str | None, Query(description="Issued on or after (YYYY-MM-DD)", examples=["2022-01-01"])
    ] = None,
    until: Annotated[
        str | None,
        Query(description="Issued on or before (YYYY-MM-DD)", examples=["2022-12-31"]),
    ] = None,
    language: Annotated[str | None, Query(description="en, fr, de …", examples=["fr"])] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size", examples=[50])] = 50,
    cursor: Annotated[
        str | None,
        Query(description="`next_cursor` of the page before", examples=["eyJvcmRlciI6ImRhdGUifQ"]),
    ] = None,
) -> StatementPageOut:
    page = toolbox.statements.list(
        text=text,
        issuer=issuer,
        instrument=instrument,
        actor=actor,
        state=state,
        incident=incident,
        since=since,
        until=until,
        language=language,
        limit=limit,
        cursor=cursor,
        by=by,
    )
    return StatementPageOut(
        items=[statement_out(item, with_text=False) for item in page.items],
        next_cursor=page.next_cursor,
    )


@router.get(
    "/statements/{statement_id}",
    summary="Read a statement",
    description=(
        "One statement with its full text and its reading; one above your clearance answers "
        "404, as one never stored."
    ),
    response_model=StatementOut,
    responses=errors(404, 422),
)
def get_statement(
    toolbox: ToolboxDep, by: ReaderDep, statement_id: Annotated[str, _ID]
) -> StatementOut:
    return statement_out(toolbox.statements.get(statement_id, by=by))


@router.post(
    "/statements",
    summary="Add statements to the archive",
    description=(
        "Upload statement files (multipart/form-data, field `files`, at most "
        f"{MAX_STATEMENTS_PER_UPLOAD}): .txt, .md, .html or .pdf, each read and kept with its "
        "reading, all or none. A file that gives no text (empty, binary, not UTF-8, an HTML "
        "page without main text, an encrypted or image-only PDF, over "
        f"{MAX_STATEMENT_BYTES // (1024 * 1024)} MB) is refused with 422 naming it, and "
        "nothing is written; a request body over "
        f"{MAX_STATEMENT_REQUEST_BYTES // (1024 * 1024)} MB is refused with 413 before it is "
        "read. A text already in the archive is not stored again: its item says `new: false`."
    ),
    status_code=201,
    response_model=StatementAddedPageOut,
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "examples": {
                        "one declaration": {
                            "summary": "One file, its address and its marking",
                            "value": {
                                "files": ["viasat-2022-en.txt"],
                                "url": "https://www.consilium.europa.eu/en/press/",
                                "tlp": "clear",
                            },
                        }
                    }
                }
            }
        }
    },
    responses=errors(401, 403, 413, 422),
)
async def add_statements(
    toolbox: ToolboxDep,
    by: SignedInDep,
    files: Annotated[list[UploadFile], File(description="The statement files")],
    url: Annotated[str | None, Form(description="Where the one file was published")] = None,
    issuer: Annotated[
        str | None, Form(description=f"The issuer's kind over the one read: {ISSUER_KINDS}")
    ] = None,
    issuer_name: Annotated[str | None, Form(description="The issuer's name")] = None,
    date: Annotated[
        str | None, Form(description="The date of issue (YYYY-MM-DD) over the one read")
    ] = None,
    tlp: Annotated[str, Form(description="The statements' TLP marking")] = "clear",
    classification: Annotated[
        str | None, Form(description="EU classification; none: unclassified")
    ] = None,
) -> StatementAddedPageOut:
    if len(files) > MAX_STATEMENTS_PER_UPLOAD:
        raise InvalidInput(
            "statement",
            "files",
            len(files),
            f"is more files than one upload takes ({MAX_STATEMENTS_PER_UPLOAD})",
        )
    # The file's own name, without the client's folders: messages name what the user chose.
    uploads = [
        StatementFile(
            PurePath((upload.filename or "statement.txt").replace("\\", "/")).name,
            await upload.read(),
        )
        for upload in files
    ]
    added = await run_in_threadpool(
        lambda: toolbox.statements.add(
            uploads,
            url=url,
            issuer=issuer,
            issuer_name=issuer_name,
            date=date,
            tlp=tlp,
            classification=classification,
            by=by,
        )
    )
    return StatementAddedPageOut(items=[statement_added_out(item) for item in added])


# The ceilings an export over HTTP may ask for: TLP:RED is for named recipients, handed over
# in person or with `cdt statements export --max-tlp red`, never downloaded from the service.
_HTTP_CEILINGS = tuple(level for level in Tlp if level is not Tlp.RED)
_MEDIA_TYPES = {StatementExchange.STIX: STIX_MEDIA_TYPE, StatementExchange.MISP: "application/json"}
_STIX_EXAMPLE = {
    "type": "bundle",
    "objects": [
        {
            "type": "report",
            "spec_version": "2.1",
            "id": "report--0b7a3f5e-9c1d-4e2f-8a6b-5d4c3b2a1f0e",
            "name": "Russian cyber operations against Ukraine: Declaration by the High "
            "Representative on behalf of the European Union",
            "published": "2022-05-10T00:00:00.000Z",
            "report_types": ["threat-report"],
            "object_refs": ["incident--3a25d171-f522-4606-a098-3e436c4769e8"],
            "object_marking_refs": ["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"],
        }
    ],
    "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
}
_MISP_EXAMPLE = {
    "response": [
        {
            "Event": {
                "info": "Attack on the Viasat KA-SAT satellite network",
                "EventReport": [
                    {
                        "name": "Russian cyber operations against Ukraine: Declaration by the "
                        "High Representative on behalf of the European Union",
                        "content": "- Issuer: hr-on-behalf-of-eu\n- Date: 2022-05-10\n…",
                        "distribution": "3",
                    }
                ],
            }
        }
    ]
}


@router.get(
    "/statements/{statement_id}/export",
    summary="Export a statement as STIX or MISP",
    description=(
        "The statement in an exchange format, with the incidents and actors it names that may "
        "leave at `max_tlp`: `format=stix`, a STIX 2.1 bundle where the statement is a "
        "`report` whose `object_refs` are the incidents and intrusion sets it names (the "
        "identity of its issuer when it names none); `format=misp`, MISP events in the form of "
        "a search result, the statement an event report in the event of each incident it names "
        "(or in an event of its own). A classified statement never leaves, nor one above "
        "`max_tlp` (422); TLP:RED never leaves over HTTP. One above your clearance answers "
        "404, as one never stored; a `max_tlp` above your clearance answers 403. The mapping "
        "is in docs/statements.md, section Exchange."
    ),
    responses={
        200: {
            "description": "The bundle (stix) or the events (misp)",
            "content": {
                STIX_MEDIA_TYPE: {"schema": {"type": "object", "examples": [_STIX_EXAMPLE]}},
                "application/json": {"schema": {"type": "object", "examples": [_MISP_EXAMPLE]}},
            },
        },
        **errors(403, 404, 422),
    },
    response_class=Response,
)
def export_statement(
    toolbox: ToolboxDep,
    by: ReaderDep,
    statement_id: Annotated[str, _ID],
    format: Annotated[
        StatementExchange, Query(description="stix or misp", examples=["stix"])
    ] = StatementExchange.STIX,
    max_tlp: Annotated[
        str,
        Query(
            description="The most restricted marking that may leave: "
            + ", ".join(level.value for level in _HTTP_CEILINGS),
            examples=["clear"],
        ),
    ] = Tlp.CLEAR.value,
) -> Response:
    ceiling = next((level for level in _HTTP_CEILINGS if level.value == max_tlp), None)
    if ceiling is None:
        raise InvalidInput(
            "statement export",
            "max_tlp",
            max_tlp,
            "must be one of "
            + ", ".join(level.value for level in _HTTP_CEILINGS)
            + " (TLP:RED never leaves over HTTP)",
        )
    out = io.BytesIO()
    if format is StatementExchange.MISP:
        toolbox.misp.export_statements(out, [statement_id], by=by, max_tlp=ceiling)
    else:
        toolbox.stix.export_statements(out, [statement_id], by=by, max_tlp=ceiling)
    return Response(out.getvalue(), media_type=_MEDIA_TYPES[format])
