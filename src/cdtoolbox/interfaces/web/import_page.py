"""The Import page: upload an incident file (JSON or YAML), a CSV sheet, a STIX 2.1 bundle or
MISP events, and read what was imported and what was refused, object by object.

The form is a plain ``multipart/form-data`` POST that works without JavaScript. With it,
``static/js/import.js`` sends the same form by XMLHttpRequest to show the upload's progress,
then asks ``/import/progress/{upload_id}`` what the server is doing until the report arrives.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.import_outcome import (
    ImportOutcome,
    RejectedRecord,
    outcome_of_incidents,
    outcome_of_misp,
    outcome_of_stix,
    rejected_records,
)
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.interfaces.web.upload_format import ACCEPTED_SUFFIXES, UploadFormat, detect_format
from cdtoolbox.interfaces.web.upload_progress import UploadProgress, new_upload_id
from cdtoolbox.model.access import Permission, User
from cdtoolbox.toolbox import ProgressCallback, Toolbox
from cdtoolbox.toolbox.access import require

__all__ = [
    "ACCEPTED_SUFFIXES",
    "IMPORT_PATH",
    "MAX_IMPORT_REQUEST_BYTES",
    "MAX_UPLOAD_BYTES",
    "Refusal",
    "read_bounded",
    "router",
]

router = APIRouter(route_class=AuthenticateFirst)

IMPORT_PATH = "/import"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# The whole form: the file, its multipart headers and the other fields.
MAX_IMPORT_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
_CHUNK = 1024 * 1024
_UPLOAD_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
_TICKED = frozenset({"on", "yes", "true", "1"})


@dataclass(frozen=True)
class Refusal:
    """An import refused as a whole: nothing was stored."""

    format: UploadFormat | None  # None when the file could not even be told apart
    source: str | None
    rows: tuple[RejectedRecord, ...]
    skipped_invalid: bool

    @property
    def could_skip(self) -> bool:
        """Whether ticking "skip invalid" would import the rest."""
        return bool(self.format and self.format.may_skip_invalid and not self.skipped_invalid)


@router.get("/import")
def import_form(request: Request, by: SignedInDep) -> Response:
    require(by, Permission.IMPORT)
    return render(request, "import.html", _context())


@router.get("/import/progress/{upload_id}")
def import_progress(request: Request, upload_id: str, by: SignedInDep) -> Response:
    """What the server is doing with this user's upload, as JSON for the page's script;
    ``{"stage": null}`` before the file has arrived (or for an unknown id)."""
    require(by, Permission.IMPORT)
    stage = _board(request).stage(by.username, upload_id)
    body = stage.as_dict() if stage else {"stage": None}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


@router.post(IMPORT_PATH)
async def import_upload(request: Request, toolbox: ToolboxDep, by: SignedInDep) -> Response:
    require(by, Permission.IMPORT)
    form = await request.form()
    upload = form.get("file")
    upload_id = _upload_id(form)
    skip_invalid = str(form.get("skip_invalid", "")).lower() in _TICKED
    board = _board(request)
    progress = _progress(board, by, upload_id)
    kind: UploadFormat | None = None
    name: str | None = None
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("form", "file", None, "is required: choose a file to import")
        name = PurePath(upload.filename.replace("\\", "/")).name
        progress(f"Receiving {name}", 0, 0)
        content = await read_bounded(upload, name, MAX_UPLOAD_BYTES)
        kind = detect_format(name, content)
        outcome = await run_in_threadpool(
            _import, toolbox, kind, name, content, by, skip_invalid, progress
        )
    except (InvalidInput, ImportRejected) as error:
        errors = error.errors if isinstance(error, ImportRejected) else (error,)
        refusal = Refusal(
            kind, name, tuple(rejected_records(errors, kind or _GENERIC)), skip_invalid
        )
        _finish(board, by, upload_id, "Refused: nothing was imported")
        return render(request, "import.html", _context(refusal=refusal), 422)
    finally:
        await form.close()
    _finish(board, by, upload_id, "Imported")
    return render(request, "import.html", _context(outcome=outcome))


# Errors found before the format is known (no file, a .docx) are about the upload itself:
# listed like the incident readers' errors, by what they concern and the field.
_GENERIC = UploadFormat.INCIDENT_FILE


def _context(
    *, outcome: ImportOutcome | None = None, refusal: Refusal | None = None
) -> dict[str, object]:
    return {
        "outcome": outcome,
        "refusal": refusal,
        "accepted": ACCEPTED_SUFFIXES,
        "upload_id": new_upload_id(),
        "max_megabytes": MAX_UPLOAD_BYTES // (1024 * 1024),
    }


def _board(request: Request) -> UploadProgress:
    board: UploadProgress = request.app.state.upload_progress
    return board


def _upload_id(form: FormData) -> str | None:
    value = form.get("upload_id")
    if isinstance(value, str) and _UPLOAD_ID.fullmatch(value):
        return value
    return None


def _progress(board: UploadProgress, by: User, upload_id: str | None) -> ProgressCallback:
    def report(stage: str, done: int, total: int) -> None:
        if upload_id is not None:
            board.report(by.username, upload_id, stage, done, total)

    return report


def _finish(board: UploadProgress, by: User, upload_id: str | None, stage: str) -> None:
    if upload_id is not None:
        board.report(by.username, upload_id, stage, 1, 1, finished=True)


async def read_bounded(upload: UploadFile, name: str, limit: int) -> bytes:
    """The uploaded file's bytes, refused as soon as they pass ``limit``."""
    parts: list[bytes] = []
    size = 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise InvalidInput("file", "size", name, f"is larger than {limit // (1024 * 1024)} MB")
        parts.append(chunk)
    return b"".join(parts)


def _import(
    toolbox: Toolbox,
    kind: UploadFormat,
    name: str,
    content: bytes,
    by: User,
    skip_invalid: bool,
    progress: ProgressCallback,
) -> ImportOutcome:
    # The library reads files; the upload is written under its own name so that every
    # error message names the file the user chose.
    with tempfile.TemporaryDirectory(prefix="cdt-import-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        reading = f"Reading the {kind.label} {name}"
        if kind is UploadFormat.STIX:
            report = toolbox.stix.import_bundle(
                path, skip_invalid=skip_invalid, progress=progress, by=by
            )
            progress("Preparing the report", 1, 1)
            return outcome_of_stix(report, toolbox, by, skipped_invalid=skip_invalid)
        progress(reading, 0, 0)
        if kind is UploadFormat.MISP:
            misp = toolbox.misp.import_path(path, skip_invalid=skip_invalid, by=by)
            progress("Preparing the report", 1, 1)
            return outcome_of_misp(misp, toolbox, by, skipped_invalid=skip_invalid)
        if kind is UploadFormat.CSV:
            return outcome_of_incidents(toolbox.incidents.import_csv(path, by=by), kind)
        return outcome_of_incidents(toolbox.incidents.import_file(path, by=by), kind)
