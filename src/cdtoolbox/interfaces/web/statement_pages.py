"""The statements pages: the archive the reader may read, searched and filtered with the
library's own filters; the form that adds statement files (all or none, as `cdt statements
add` does); one statement's page, its text with every item of its reading highlighted in
place; and the section listing, on an incident's or an actor's page, the statements that
name it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePath
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from cdtoolbox.errors import ImportRejected, InvalidInput, NotFound
from cdtoolbox.ingest.statements.source import MAX_STATEMENT_BYTES
from cdtoolbox.interfaces.api.statements import MAX_STATEMENT_REQUEST_BYTES
from cdtoolbox.interfaces.http.authentication import (
    AuthenticateFirst,
    ReaderDep,
    SignedInDep,
    session_of,
)
from cdtoolbox.interfaces.http.errors import problem_for
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.extensions import PageSection
from cdtoolbox.interfaces.web.import_page import read_bounded
from cdtoolbox.interfaces.web.statement_highlights import (
    anchor,
    instrument_name,
    marked_text,
    read_items,
)
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model import Incident, ThreatActor
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.statement import READING_INSTRUMENTS, IssuerKind, Statement, StatementFile
from cdtoolbox.model.vocabulary import Classification, Tlp
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.access import require

__all__ = [
    "ACTOR_STATEMENTS_SECTION",
    "INCIDENT_STATEMENTS_SECTION",
    "MAX_STATEMENT_FILES",
    "MAX_STATEMENT_FORM_BYTES",
    "NEW_STATEMENT_PATH",
    "STATEMENTS_PER_PAGE",
    "router",
]

router = APIRouter(route_class=AuthenticateFirst)

NEW_STATEMENT_PATH = "/statements/new"
STATEMENTS_PER_PAGE = 50
#: Files one form takes, as the API's upload does.
MAX_STATEMENT_FILES = 5
# The whole form: as the API's upload, plus the form token.
MAX_STATEMENT_FORM_BYTES = MAX_STATEMENT_REQUEST_BYTES + 64 * 1024
#: Statements listed on an incident's or an actor's page, newest first.
SECTION_LIMIT = 20
# The library's filters, by the names of its keyword arguments (and of the API's parameters).
_FILTERS = (
    "text",
    "issuer",
    "instrument",
    "language",
    "since",
    "until",
    "actor",
    "state",
    "incident",
)
_FORM_FIELDS = ("url", "issuer", "issuer_name", "date", "tlp", "classification")
_LANGUAGES = (("en", "English"), ("fr", "French"), ("de", "German"))


@router.get("/statements")
def statement_list(request: Request, toolbox: ToolboxDep, viewer: ReaderDep) -> Response:
    params = request.query_params
    values = {name: params.get(name, "").strip() for name in _FILTERS}
    context = _filter_context(toolbox, viewer, values)
    try:
        page = toolbox.statements.list(
            **{name: value or None for name, value in values.items()},
            limit=STATEMENTS_PER_PAGE,
            cursor=params.get("cursor") or None,
            by=viewer,
        )
    except InvalidInput as error:
        context.update(
            problem=problem_for(error), errors=_field_error(error), rows=(), next_cursor=None
        )
        return render(request, "statements/list.html", context, status_code=422)
    context.update(
        rows=_rows(toolbox, viewer, page.items),
        next_cursor=page.next_cursor,
        paged=bool(params.get("cursor")),
    )
    return render(request, "statements/list.html", context)


@router.get(NEW_STATEMENT_PATH)
def new_statement_form(request: Request, by: SignedInDep) -> Response:
    require(by, Permission.IMPORT)
    return render(request, "statements/new.html", _form_context(by))


@router.post(NEW_STATEMENT_PATH)
async def add_statements(request: Request, toolbox: ToolboxDep, by: SignedInDep) -> Response:
    require(by, Permission.IMPORT)
    form = await request.form()
    values = {name: str(form.get(name) or "").strip() for name in _FORM_FIELDS}
    uploads = [item for item in form.getlist("files") if isinstance(item, UploadFile)]
    try:
        chosen = [upload for upload in uploads if upload.filename]
        if not chosen:
            raise InvalidInput("statement", "files", None, "is required: choose a file")
        if len(chosen) > MAX_STATEMENT_FILES:
            reason = f"is more files than one upload takes ({MAX_STATEMENT_FILES})"
            raise InvalidInput("statement", "files", len(chosen), reason)
        files = []
        for upload in chosen:
            # The file's own name, without the client's folders: errors name what was chosen.
            name = PurePath((upload.filename or "").replace("\\", "/")).name
            files.append(StatementFile(name, await read_bounded(upload, name, MAX_STATEMENT_BYTES)))
        added = await run_in_threadpool(
            lambda: toolbox.statements.add(
                files,
                url=values["url"] or None,
                issuer=values["issuer"] or None,
                issuer_name=values["issuer_name"] or None,
                date=values["date"] or None,
                tlp=values["tlp"] or Tlp.CLEAR,
                classification=values["classification"] or None,
                by=by,
            )
        )
    except (InvalidInput, ImportRejected) as error:
        refused = error.errors if isinstance(error, ImportRejected) else (error,)
        context = _form_context(by, values=values, refused=tuple(refused))
        return render(request, "statements/new.html", context, status_code=422)
    finally:
        await form.close()
    if len(added) == 1:
        (one,) = added
        notice = "Statement added to the archive." if one.new else "Already in the archive."
        session_of(request).leave_notice(f"{notice} {one.statement.file_name}")
        return RedirectResponse(f"/statements/{one.statement.id}", status_code=303)
    return render(request, "statements/new.html", _form_context(by, added=added))


@router.get("/statements/{statement_id}")
def statement_page(
    request: Request, statement_id: str, toolbox: ToolboxDep, viewer: ReaderDep
) -> Response:
    statement = toolbox.statements.get(statement_id, by=viewer)
    knowledge = toolbox.knowledge
    titles = _incident_titles(toolbox, viewer, (n.id for n in statement.reading.incidents))
    items = read_items(statement.reading, knowledge, titles.get)
    return render(
        request,
        "statements/detail.html",
        {
            "statement": statement,
            "text": marked_text(statement.text, items),
            "items": items,
            "anchor": anchor,
            "instrument": instrument_name(knowledge, statement.instrument),
            "issuer": _issuer(statement),
            "language": dict(_LANGUAGES).get(statement.language or "", statement.language),
            "source_link": _web_link(statement.source_url),
            "can_review": viewer.can(Permission.EDIT_INCIDENTS)
            and toolbox.responses.is_a_response(statement),
        },
    )


def _filter_context(toolbox: Toolbox, viewer: User, values: dict[str, str]) -> dict[str, object]:
    knowledge = toolbox.knowledge
    instruments = [(i.id, i.name) for i in knowledge.instruments.all()]
    instruments += [(i, instrument_name(knowledge, i)) for i in READING_INSTRUMENTS]
    return {
        "values": values,
        "issuer_kinds": [(kind.value, kind.label) for kind in IssuerKind],
        "instruments": instruments,
        "languages": _LANGUAGES,
        "problem": None,
        "errors": {},
        "paged": False,
        "can_add": viewer.can(Permission.IMPORT),
    }


def _field_error(error: InvalidInput) -> dict[str, str]:
    given = f"“{error.value}” " if error.value not in (None, "") else ""
    return {error.field: f"{given}{error.reason}"}


def _form_context(
    by: User,
    *,
    values: dict[str, str] | None = None,
    refused: tuple[InvalidInput, ...] = (),
    added: Iterable[object] = (),
) -> dict[str, object]:
    return {
        "values": values or {name: "" for name in _FORM_FIELDS},
        "issuer_kinds": [(kind.value, kind.label) for kind in IssuerKind],
        # Only the markings the writer is cleared for: the library refuses any other.
        "markings": [tlp for tlp in Tlp if by.cleared_for(tlp)],
        "classifications": [
            level
            for level in Classification
            if Classification.rank_of(level) <= Classification.rank_of(by.classification_clearance)
        ],
        "refused": refused,
        "added": tuple(added),
        "max_files": MAX_STATEMENT_FILES,
        "max_megabytes": MAX_STATEMENT_BYTES // (1024 * 1024),
    }


def _rows(
    toolbox: Toolbox, viewer: User, statements: Iterable[Statement]
) -> list[dict[str, object]]:
    statements = list(statements)
    knowledge = toolbox.knowledge
    titles = _incident_titles(
        toolbox, viewer, (n.id for s in statements for n in s.reading.incidents)
    )
    rows = []
    for statement in statements:
        reading = statement.reading
        actors = []
        for named in reading.actors:
            actor = knowledge.actors.find(named.id)
            actors.append((named.id, actor.slug if actor else None))
        rows.append(
            {
                "statement": statement,
                "issuer": _issuer(statement),
                "instrument": instrument_name(knowledge, statement.instrument),
                "incidents": [(n.id, titles[n.id]) for n in reading.incidents if n.id in titles],
                "actors": actors,
                "states": list(dict.fromkeys(reading.attributed_states)),
            }
        )
    return rows


def _incident_titles(toolbox: Toolbox, viewer: User, slugs: Iterable[str]) -> dict[str, str]:
    """The titles of the incidents named. The library names to a reader only the incidents
    they may read; one marked above them between the two reads is left out."""
    titles: dict[str, str] = {}
    for slug in dict.fromkeys(slugs):
        try:
            titles[slug] = toolbox.incidents.get(slug, by=viewer).title
        except NotFound:
            continue
    return titles


def _issuer(statement: Statement) -> str:
    return statement.issuer_name or statement.issuer_kind.label


def _web_link(url: str | None) -> str | None:
    # Only a web address is a link: any other scheme would run in the reader's browser.
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


def _incident_statements(toolbox: Toolbox, incident: Incident, reader: User) -> object:
    page = toolbox.statements.list(incident=incident.slug, limit=SECTION_LIMIT, by=reader)
    return _section(toolbox, page.items, page.next_cursor, {"incident": incident.slug})


def _actor_statements(toolbox: Toolbox, actor: ThreatActor, reader: User) -> object:
    page = toolbox.statements.list(actor=actor.name, limit=SECTION_LIMIT, by=reader)
    return _section(toolbox, page.items, page.next_cursor, {"actor": actor.name})


def _section(
    toolbox: Toolbox, statements: Sequence[Statement], more: str | None, query: dict[str, str]
) -> dict[str, object]:
    return {
        "rows": [
            {
                "statement": statement,
                "issuer": _issuer(statement),
                "instrument": instrument_name(toolbox.knowledge, statement.instrument),
            }
            for statement in statements
        ],
        "more": bool(more),
        "all": "/statements?" + urlencode(query),
    }


INCIDENT_STATEMENTS_SECTION: PageSection[Incident] = PageSection(
    "statements", "Statements", "statements/section.html", _incident_statements
)
ACTOR_STATEMENTS_SECTION: PageSection[ThreatActor] = PageSection(
    "statements", "Statements", "statements/section.html", _actor_statements
)
