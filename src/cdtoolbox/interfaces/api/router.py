"""The `/api/v1` router: every API operation, behind one list of dependencies.

Who is calling is each operation's own dependency (``authentication.ReaderDep`` for reads,
``SignedInDep`` for writes), so the documentation shows which need an account; credentials
sent to any operation are checked (``credentials_checked``), those that need none included.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, Depends, params

from cdtoolbox.interfaces.api import (
    accounts,
    actors,
    alerts,
    assistance,
    capacity,
    cases,
    cooperation,
    dialogues,
    incidents,
    observables,
    pqc,
    reference,
    responses,
    sanctions,
    sitreps,
    situation,
    statements,
    statistics,
    un,
    webhooks,
)
from cdtoolbox.interfaces.http.authentication import credentials_checked

__all__ = ["API_VERSION_PREFIX", "build_api_router"]

API_VERSION_PREFIX = "/api/v1"


def build_api_router(dependencies: Sequence[params.Depends] = ()) -> APIRouter:
    router = APIRouter(
        prefix=API_VERSION_PREFIX,
        dependencies=[Depends(credentials_checked), *dependencies],
    )
    for module in (
        incidents,
        observables,
        situation,
        assistance,
        sitreps,
        alerts,
        webhooks,
        actors,
        reference,
        statistics,
        sanctions,
        cooperation,
        dialogues,
        capacity,
        cases,
        accounts,
        pqc,
        un,
        statements,
        responses,
    ):
        router.include_router(module.router)
    return router
