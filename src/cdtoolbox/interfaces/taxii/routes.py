"""The TAXII 2.1 endpoints (TAXII 2.1 sections 4 and 5), one API root: ``/taxii2/cdt/``.

Each operation parses the request, makes one Toolbox call as the authenticated user and
renders the resource. Every request must accept the TAXII media type (else 406) and be
authenticated (else 401); a POST must declare its body as TAXII (else 415) and stay within
the API root's ``max_content_length`` (else 413).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Final

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.taxii.authentication import UserDep
from cdtoolbox.interfaces.taxii.errors import TaxiiRequestRefused
from cdtoolbox.interfaces.taxii.media import TAXII_MEDIA_TYPE, accepts_taxii, is_taxii
from cdtoolbox.interfaces.taxii.resources import (
    api_root_resource,
    collection_resource,
    collections_resource,
    date_added_headers,
    discovery_resource,
    envelope,
    manifest_resource,
    status_resource,
    versions_resource,
)

if TYPE_CHECKING:
    from cdtoolbox.signing import SigningKey
    from cdtoolbox.toolbox import Toolbox

__all__ = ["API_ROOT", "SIGNATURE_HEADER", "build_taxii_router"]

API_ROOT: Final = "cdt"
# Not a TAXII 2.1 header but this server's own: a client that does not know it ignores it.
SIGNATURE_HEADER: Final = "X-CDT-Signature"
_COLLECTION: Final = f"/{API_ROOT}/collections/{{collection}}"


async def _require_taxii_accept(request: Request) -> None:
    # A coroutine: a header check needs no worker thread to wait for (see ``http.server``).
    if not accepts_taxii(request.headers.get("accept")):
        raise TaxiiRequestRefused(
            406,
            "not-acceptable",
            "Not acceptable",
            f"this server answers in {TAXII_MEDIA_TYPE} only; "
            f"the request accepts {request.headers.get('accept') or 'nothing'!r}",
        )


def _taxii(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status_code=status, media_type=TAXII_MEDIA_TYPE, headers=headers)


def _signed(request: Request, body: bytes, headers: dict[str, str]) -> Response:
    """A content response (objects, a manifest, versions) with, when the server holds a
    signing key, its detached hybrid signature in ``SIGNATURE_HEADER``: the base64 of the
    very signature file ``cdt verify`` reads beside a file holding the body."""
    key: SigningKey | None = request.app.state.signing_key
    if key is not None:
        toolbox: Toolbox = request.app.state.toolbox
        signature = toolbox.signatures.sign_bytes(body, key)
        headers = {**headers, SIGNATURE_HEADER: base64.b64encode(signature).decode("ascii")}
    return _taxii(body, headers=headers)


def _parameters(request: Request) -> dict[str, list[str]]:
    parameters: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        parameters.setdefault(name, []).append(value)
    return parameters


async def _envelope_body(request: Request) -> bytes:
    if not is_taxii(request.headers.get("content-type")):
        raise TaxiiRequestRefused(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            f"post a TAXII envelope as {TAXII_MEDIA_TYPE}; the body was declared as "
            f"{request.headers.get('content-type') or 'nothing'!r}",
        )
    # RequestBodyLimits refuses an envelope beyond max_content_length as it arrives.
    return await request.body()


def _max_content_length(request: Request) -> int:
    limit: int = request.app.state.max_content_length
    return limit


def build_taxii_router() -> APIRouter:
    router = APIRouter(dependencies=[Depends(_require_taxii_accept)])

    @router.get("/")
    def discovery(request: Request, user: UserDep) -> Response:
        # Relative to wherever the server is mounted: the discovery address is its root.
        return _taxii(discovery_resource(f"{request.url.path.rstrip('/')}/{API_ROOT}/"))

    @router.get(f"/{API_ROOT}/")
    def api_root(request: Request, user: UserDep) -> Response:
        return _taxii(api_root_resource(_max_content_length(request)))

    @router.get(f"/{API_ROOT}/status/{{status_id}}/")
    def status(status_id: str, toolbox: ToolboxDep, user: UserDep) -> Response:
        return _taxii(status_resource(toolbox.taxii.status(status_id, by=user)))

    @router.get(f"/{API_ROOT}/collections/")
    def collections(toolbox: ToolboxDep, user: UserDep) -> Response:
        return _taxii(collections_resource(toolbox.taxii.collections(by=user), user))

    @router.get(f"{_COLLECTION}/")
    def collection(collection: str, toolbox: ToolboxDep, user: UserDep) -> Response:
        return _taxii(collection_resource(toolbox.taxii.collection(collection, by=user), user))

    @router.get(f"{_COLLECTION}/manifest/")
    def manifest(collection: str, request: Request, toolbox: ToolboxDep, user: UserDep) -> Response:
        page = toolbox.taxii.manifest(collection, _parameters(request), by=user)
        return _signed(request, manifest_resource(page), date_added_headers(page))

    @router.get(f"{_COLLECTION}/objects/")
    def objects(collection: str, request: Request, toolbox: ToolboxDep, user: UserDep) -> Response:
        page = toolbox.taxii.objects(collection, _parameters(request), by=user)
        return _signed(request, envelope(page), date_added_headers(page))

    @router.post(f"{_COLLECTION}/objects/")
    async def add_objects(
        collection: str, request: Request, toolbox: ToolboxDep, user: UserDep
    ) -> Response:
        body = await _envelope_body(request)
        addition = await run_in_threadpool(toolbox.taxii.add_objects, collection, body, by=user)
        return _taxii(status_resource(addition), status=202)

    @router.get(f"{_COLLECTION}/objects/{{object_id}}/")
    def get_object(
        collection: str, object_id: str, request: Request, toolbox: ToolboxDep, user: UserDep
    ) -> Response:
        page = toolbox.taxii.object(collection, object_id, _parameters(request), by=user)
        return _signed(request, envelope(page), date_added_headers(page))

    @router.delete(f"{_COLLECTION}/objects/{{object_id}}/")
    def delete_object(
        collection: str, object_id: str, request: Request, toolbox: ToolboxDep, user: UserDep
    ) -> Response:
        toolbox.taxii.delete_object(collection, object_id, _parameters(request), by=user)
        return _taxii(b"", status=200)

    @router.get(f"{_COLLECTION}/objects/{{object_id}}/versions/")
    def versions(
        collection: str, object_id: str, request: Request, toolbox: ToolboxDep, user: UserDep
    ) -> Response:
        page = toolbox.taxii.versions(collection, object_id, _parameters(request), by=user)
        return _signed(request, versions_resource(page), date_added_headers(page))

    return router
