"""The Import page: upload an incident file (JSON or YAML) or a CSV sheet; all or nothing,
with every refused field listed."""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.interfaces.http_errors import problem_for
from cdtoolbox.interfaces.request_context import ToolboxDep
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.toolbox import ImportReport, Toolbox

__all__ = ["ACCEPTED_SUFFIXES", "MAX_UPLOAD_BYTES", "router"]

router = APIRouter()

INCIDENT_FILE_SUFFIXES = (".json", ".yaml", ".yml")
CSV_SUFFIX = ".csv"
ACCEPTED_SUFFIXES = (*INCIDENT_FILE_SUFFIXES, CSV_SUFFIX)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_CHUNK = 1024 * 1024


@router.get("/import")
def import_form(request: Request) -> Response:
    return render(request, "import.html", _context())


@router.post("/import")
async def import_upload(request: Request, toolbox: ToolboxDep) -> Response:
    form = await request.form()
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput("form", "file", None, "is required: choose a file to import")
        name = PurePath(upload.filename.replace("\\", "/")).name
        if not name.lower().endswith(ACCEPTED_SUFFIXES):
            reason = f"is not a {', '.join(ACCEPTED_SUFFIXES)} file"
            raise InvalidInput("file", "name", name, reason)
        content = await _read_bounded(upload, name)
        report = await run_in_threadpool(_import, toolbox, name, content)
    except (InvalidInput, ImportRejected) as error:
        return render(request, "import.html", _context(problem=problem_for(error)), 422)
    finally:
        await form.close()
    return render(request, "import.html", _context(report=report))


def _context(
    *, report: ImportReport | None = None, problem: object | None = None
) -> dict[str, object]:
    return {"report": report, "problem": problem, "accepted": ACCEPTED_SUFFIXES}


async def _read_bounded(upload: UploadFile, name: str) -> bytes:
    parts: list[bytes] = []
    size = 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            limit = MAX_UPLOAD_BYTES // (1024 * 1024)
            raise InvalidInput("file", "size", name, f"is larger than {limit} MB")
        parts.append(chunk)
    return b"".join(parts)


def _import(toolbox: Toolbox, name: str, content: bytes) -> ImportReport:
    # The library reads files; the upload is written under its own name so that every
    # error message names the file the user chose.
    with tempfile.TemporaryDirectory(prefix="cdt-import-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        if name.lower().endswith(CSV_SUFFIX):
            return toolbox.incidents.import_csv(path)
        return toolbox.incidents.import_file(path)
