"""Every page route, in one router, and where the static assets live."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from cdtoolbox.interfaces.web import (
    actor_pages,
    dashboard,
    import_page,
    incident_pages,
    knowledge_pages,
)

__all__ = ["STATIC_DIRECTORY", "build_web_router"]

STATIC_DIRECTORY = Path(__file__).with_name("static")


def build_web_router() -> APIRouter:
    # Pages are left out of the OpenAPI document: it describes the JSON API only.
    router = APIRouter(include_in_schema=False)
    for module in (dashboard, incident_pages, actor_pages, knowledge_pages, import_page):
        router.include_router(module.router)
    return router
