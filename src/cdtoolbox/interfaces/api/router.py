"""The `/api/v1` router: every API operation, behind one list of dependencies.

Authentication (a bearer token, with the user's role and clearance) is one dependency given
here, and so applies to every operation at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, params

from cdtoolbox.interfaces.api import actors, incidents, reference, statistics

__all__ = ["API_VERSION_PREFIX", "build_api_router"]

API_VERSION_PREFIX = "/api/v1"


def build_api_router(dependencies: Sequence[params.Depends] = ()) -> APIRouter:
    router = APIRouter(prefix=API_VERSION_PREFIX, dependencies=list(dependencies))
    for module in (incidents, actors, reference, statistics):
        router.include_router(module.router)
    return router
