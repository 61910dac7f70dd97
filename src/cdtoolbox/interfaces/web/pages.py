"""Every page route, in one router, and where the static assets live."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends

from cdtoolbox.interfaces.http.authentication import credentials_checked
from cdtoolbox.interfaces.web import (
    actor_pages,
    admin_pages,
    alert_pages,
    assistance_pages,
    capacity_pages,
    case_forms,
    case_pages,
    cooperation_pages,
    dashboard,
    dialogue_pages,
    import_page,
    incident_forms,
    incident_pages,
    knowledge_pages,
    partner_pages,
    pqc_pages,
    report_pages,
    sanction_pages,
    session_pages,
    sitrep_pages,
    situation_pages,
    situation_stream,
    statement_draft_pages,
    statement_pages,
    un_pages,
)
from cdtoolbox.interfaces.web.csrf import check_csrf

__all__ = ["STATIC_DIRECTORY", "build_web_router"]

STATIC_DIRECTORY = Path(__file__).with_name("static")


def build_web_router() -> APIRouter:
    # Pages are left out of the OpenAPI document: it describes the JSON API only. Every page
    # POST must carry the session's form token.
    router = APIRouter(
        include_in_schema=False,
        dependencies=[Depends(check_csrf), Depends(credentials_checked)],
    )
    for module in (
        dashboard,
        # Before the incident pages: /incidents/new is not an incident's page.
        incident_forms,
        # Before the incident pages' routes, as the forms of an incident's section.
        situation_pages,
        situation_stream,
        sitrep_pages,
        statement_draft_pages,
        alert_pages,
        incident_pages,
        actor_pages,
        sanction_pages,
        statement_pages,
        knowledge_pages,
        cooperation_pages,
        assistance_pages,
        dialogue_pages,
        capacity_pages,
        partner_pages,
        pqc_pages,
        un_pages,
        report_pages,
        import_page,
        session_pages,
        case_pages,
        case_forms,
        admin_pages,
    ):
        router.include_router(module.router)
    return router
