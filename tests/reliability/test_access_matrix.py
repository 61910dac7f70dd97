"""Every route, every role (and TLP where it matters): who is allowed, refused, or shown nothing.

The table below is the access policy, written once and readable: A = allowed (any answer but
401/403 and not a redirect to the sign-in page; a 409 or 422 still means the request got past
the access checks), D = denied (401, 403, or a redirect to sign in), H = hidden (404 exactly
as for something that does not exist: the reader's clearance is below the item's TLP).

The test fails when the application has a route the table does not list, so a new route
cannot ship without its row. Page POSTs carry a valid form token (CSRF is tested elsewhere);
API and TAXII requests carry each role's bearer token; anonymous requests carry nothing.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.case import CaseState
from cdtoolbox.model.statement import StatementFile
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Settings, Toolbox
from cdtoolbox.toolbox.sitreps import SitrepText
from database_support import SqliteStages, Stage
from tests_support import CHEAP_PASSWORDS, Cli
from web_support import TestClient

ROLES = ("anonymous", "viewer", "analyst", "delegate", "approver", "admin")
PASSWORD = "a long enough passphrase"
TAXII = "application/taxii+json;version=2.1"

# method  path                                                   anon vwr ana del apr adm
POLICY = """
GET     /api/v1/openapi.json                                       A   A   A   A   A   A
GET     /api/v1/incidents                                          A   A   A   A   A   A
GET     /api/v1/incidents/{key}                                    A   A   A   A   A   A
GET     /api/v1/incidents/{restricted}                             H   H   H   H   H   A
GET     /api/v1/incidents/{key}/assessment                         A   A   A   A   A   A
GET     /api/v1/incidents/{restricted}/assessment                  H   H   H   H   H   A
POST    /api/v1/incidents                                          D   D   A   D   D   A
PATCH   /api/v1/incidents/{key}                                    D   D   A   D   D   A
GET     /api/v1/observables                                        A   A   A   A   A   A
GET     /api/v1/incidents/{key}/observables                        A   A   A   A   A   A
GET     /api/v1/incidents/{restricted}/observables                 H   H   H   H   H   A
POST    /api/v1/incidents/{key}/observables                        D   D   A   D   D   A
GET     /api/v1/incidents/{key}/linked                             A   A   A   A   A   A
GET     /api/v1/incidents/{restricted}/linked                      H   H   H   H   H   A
GET     /api/v1/situation/board                                    A   A   A   A   A   A
GET     /api/v1/situation/incidents/{key}                          A   A   A   A   A   A
GET     /api/v1/situation/incidents/{restricted}                   H   H   H   H   H   A
POST    /api/v1/situation/incidents/{key}/events                   D   D   A   D   D   A
POST    /api/v1/situation/incidents/{key}/status                   D   D   A   D   D   A
POST    /api/v1/situation/incidents/{key}/level                    D   D   A   D   D   A
GET     /api/v1/assistance/requests                                A   A   A   A   A   A
POST    /api/v1/assistance/requests                                D   D   A   D   D   A
GET     /api/v1/assistance/requests/{request_id}                   A   A   A   A   A   A
GET     /api/v1/assistance/requests/{restricted_request}           H   H   H   H   H   A
POST    /api/v1/assistance/requests/{request_id}/answer            D   D   A   D   D   A
POST    /api/v1/assistance/requests/{request_id}/withdraw          D   D   A   D   D   A
POST    /api/v1/assistance/offers                                  D   D   A   D   D   A
GET     /api/v1/assistance/teams                                   A   A   A   A   A   A
POST    /api/v1/assistance/teams                                   D   D   A   D   D   A
POST    /api/v1/assistance/teams/{team_id}/deployments             D   D   A   D   D   A
GET     /api/v1/assistance/deployments                             A   A   A   A   A   A
POST    /api/v1/assistance/deployments/{deployment_id}/close       D   D   A   D   D   A
GET     /api/v1/sitreps                                            A   A   A   A   A   A
POST    /api/v1/sitreps                                            D   D   A   D   D   A
GET     /api/v1/sitreps/{sitrep_id}                                A   A   A   A   A   A
GET     /api/v1/sitreps/{restricted_sitrep}                        H   H   H   H   H   A
GET     /api/v1/sitreps/{sitrep_id}/versions                       A   A   A   A   A   A
GET     /api/v1/sitreps/{restricted_sitrep}/versions               H   H   H   H   H   A
POST    /api/v1/sitreps/{sitrep_id}/versions                       D   D   A   D   D   A
POST    /api/v1/sitreps/{sitrep_id}/approve                        D   D   D   D   A   A
GET     /api/v1/alerts                                             A   A   A   A   A   A
POST    /api/v1/alerts/{alert_id}/acknowledge                      D   D   A   D   D   A
POST    /api/v1/alerts/{restricted_alert}/acknowledge              D   D   H   D   D   A
GET     /api/v1/webhooks                                           D   D   D   D   D   A
POST    /api/v1/webhooks                                           D   D   D   D   D   A
GET     /api/v1/actors                                             A   A   A   A   A   A
GET     /api/v1/actors/{name}                                      A   A   A   A   A   A
GET     /api/v1/actors/{name}/incidents                            A   A   A   A   A   A
GET     /api/v1/countries                                          A   A   A   A   A   A
GET     /api/v1/countries/{code}                                   A   A   A   A   A   A
GET     /api/v1/sectors                                            A   A   A   A   A   A
GET     /api/v1/sectors/{sector}                                   A   A   A   A   A   A
GET     /api/v1/norms                                              A   A   A   A   A   A
GET     /api/v1/norms/{norm_id}                                    A   A   A   A   A   A
GET     /api/v1/law                                                A   A   A   A   A   A
GET     /api/v1/law/{principle_id}                                 A   A   A   A   A   A
GET     /api/v1/instruments                                        A   A   A   A   A   A
GET     /api/v1/instruments/{instrument_id}                        A   A   A   A   A   A
GET     /api/v1/cbms                                               A   A   A   A   A   A
GET     /api/v1/cbms/{cbm_id}                                      A   A   A   A   A   A
GET     /api/v1/statistics                                         A   A   A   A   A   A
GET     /api/v1/pqc/assets                                         A   A   A   A   A   A
GET     /api/v1/pqc/progress                                       A   A   A   A   A   A
POST    /api/v1/pqc/inventories                                    D   D   A   D   D   A
GET     /api/v1/sanctions/listings                                 A   A   A   A   A   A
GET     /api/v1/sanctions/listings/{listing_id}                    A   A   A   A   A   A
GET     /api/v1/sanctions/check                                    A   A   A   A   A   A
GET     /api/v1/sanctions/regimes/{regime_id}                      A   A   A   A   A   A
GET     /api/v1/sanctions/reviews                                  A   A   A   A   A   A
POST    /api/v1/sanctions/regimes/{regime_id}/renewals             D   D   A   D   D   A
POST    /api/v1/sanctions/listings/{listing_id}/delisting          D   D   A   D   D   A
GET     /api/v1/cbm-frameworks                                     A   A   A   A   A   A
GET     /api/v1/cbm-tracker/matrix                                 A   A   A   A   A   A
GET     /api/v1/cbm-tracker/states/{state}                         A   A   A   A   A   A
GET     /api/v1/cbm-tracker/states/{state}/history                 A   A   A   A   A   A
POST    /api/v1/cbm-tracker/states/{state}/measures/{cbm_id}       D   D   A   D   D   A
GET     /api/v1/pocs                                               A   A   A   A   A   A
POST    /api/v1/pocs                                               D   D   A   D   D   A
GET     /api/v1/pocs/{poc_id}                                      A   A   A   A   A   A
GET     /api/v1/poc-check-rounds                                   A   A   A   A   A   A
POST    /api/v1/poc-check-rounds                                   D   D   A   D   D   A
GET     /api/v1/poc-check-rounds/{round_id}                        A   A   A   A   A   A
POST    /api/v1/poc-check-rounds/{round_id}/sent                   D   D   A   D   D   A
POST    /api/v1/poc-check-rounds/{round_id}/acknowledgements       D   D   A   D   D   A
GET     /api/v1/dialogues                                          A   A   A   A   A   A
POST    /api/v1/dialogues                                          D   D   A   D   D   A
GET     /api/v1/dialogues/{dialogue_id}                            A   A   A   A   A   A
POST    /api/v1/dialogues/{dialogue_id}/rounds                     D   D   A   D   D   A
PATCH   /api/v1/dialogues/{dialogue_id}                            D   D   A   D   D   A
GET     /api/v1/capacity/projects                                  A   A   A   A   A   A
POST    /api/v1/capacity/projects                                  D   D   A   D   D   A
GET     /api/v1/capacity/projects/{project_id}                     A   A   A   A   A   A
GET     /api/v1/capacity/gaps                                      A   A   A   A   A   A
GET     /api/v1/capacity/partners/{country}                        A   A   A   A   A   A
GET     /api/v1/un/processes                                       A   A   A   A   A   A
GET     /api/v1/un/pillars                                         A   A   A   A   A   A
GET     /api/v1/un/sessions                                        A   A   A   A   A   A
GET     /api/v1/un/sessions/{session_id}                           A   A   A   A   A   A
POST    /api/v1/un/documents                                       D   D   A   D   D   A
GET     /api/v1/un/documents/{document_id}                         A   A   A   A   A   A
GET     /api/v1/un/documents/{restricted_document}                 H   H   H   H   H   A
POST    /api/v1/un/documents/{document_id}/paragraphs              D   D   A   D   D   A
POST    /api/v1/un/documents/{document_id}/positions               D   D   A   D   D   A
GET     /api/v1/un/statements                                      A   A   A   A   A   A
POST    /api/v1/un/statements                                      D   D   A   D   D   A
GET     /api/v1/statements                                         A   A   A   A   A   A
POST    /api/v1/statements                                         D   D   A   D   D   A
GET     /api/v1/statements/{statement_id}                          A   A   A   A   A   A
GET     /api/v1/statements/{restricted_statement}                  H   H   H   H   H   A
GET     /api/v1/statements/{statement_id}/export                   A   A   A   A   A   A
GET     /api/v1/statements/{restricted_statement}/export           H   H   H   H   H   A
GET     /api/v1/statements/{statement_id}/draft                    D   D   A   D   D   A
GET     /api/v1/statements/{restricted_statement}/draft            D   D   H   D   D   A
POST    /api/v1/statements/{statement_id}/draft/confirm            D   D   A   D   D   A
POST    /api/v1/statements/{restricted_statement}/draft/confirm    D   D   H   D   D   A
GET     /api/v1/responses                                          A   A   A   A   A   A
GET     /api/v1/cases                                              D   A   A   A   A   A
POST    /api/v1/cases                                              D   D   A   D   D   A
GET     /api/v1/cases/{case_id}                                    D   A   A   A   A   A
GET     /api/v1/cases/{restricted_case}                            D   H   H   H   H   A
POST    /api/v1/cases/{case_id}/measures                           D   D   A   D   D   A
PATCH   /api/v1/cases/{case_id}/measures/{measure_id}              D   D   A   D   D   A
DELETE  /api/v1/cases/{case_id}/measures/{measure_id}              D   D   A   D   D   A
POST    /api/v1/cases/{case_id}/positions                          D   D   D   A   D   D
POST    /api/v1/cases/{case_id}/decision                           D   D   D   D   A   A
POST    /api/v1/cases/{case_id}/implementations                    D   D   A   D   D   A
POST    /api/v1/cases/{case_id}/state                              D   D   A   D   A   A
GET     /api/v1/me                                                 D   A   A   A   A   A
GET     /api/v1/audit                                              D   D   A   D   A   A
GET     /api/v1/audit/verification                                 D   D   A   D   A   A
GET     /                                                          A   A   A   A   A   A
GET     /incidents                                                 A   A   A   A   A   A
GET     /incidents/export.csv                                      A   A   A   A   A   A
GET     /incidents/export.json                                     A   A   A   A   A   A
GET     /incidents/{key}                                           A   A   A   A   A   A
GET     /incidents/{restricted}                                    H   H   H   H   H   A
GET     /incidents/{key}/brief.{format_name}                       A   A   A   A   A   A
GET     /incidents/{restricted}/brief.{format_name}                H   H   H   H   H   A
GET     /incidents/export.stix                                     A   A   A   A   A   A
GET     /incidents/new                                             D   D   A   D   D   A
POST    /incidents/new                                             D   D   A   D   D   A
GET     /incidents/{key}/edit                                      D   D   A   D   D   A
GET     /incidents/{restricted}/edit                               D   D   H   D   D   A
POST    /incidents/{key}/edit                                      D   D   A   D   D   A
POST    /incidents/{restricted}/edit                               D   D   H   D   D   A
GET     /situation                                                 A   A   A   A   A   A
GET     /situation/stream                                          A   A   A   A   A   A
POST    /incidents/{key}/situation/events                          D   D   A   D   D   A
POST    /incidents/{key}/situation/status                          D   D   A   D   D   A
POST    /incidents/{key}/situation/level                           D   D   A   D   D   A
GET     /requests                                                  A   A   A   A   A   A
GET     /requests/{request_id}                                     A   A   A   A   A   A
GET     /requests/{restricted_request}                             H   H   H   H   H   A
GET     /teams                                                     A   A   A   A   A   A
GET     /sitreps/{sitrep_id}                                       A   A   A   A   A   A
GET     /statements/{statement_id}/draft                        D   D   A   D   D   A
GET     /statements/{restricted_statement}/draft                D   D   H   D   D   A
POST    /statements/{statement_id}/draft                        D   D   A   D   D   A
POST    /statements/{restricted_statement}/draft                D   D   H   D   D   A
GET     /sitreps/{restricted_sitrep}                               H   H   H   H   H   A
GET     /sitreps/{sitrep_id}.{format_name}                         A   A   A   A   A   A
GET     /sitreps/{restricted_sitrep}.{format_name}                 H   H   H   H   H   A
POST    /sitreps/{sitrep_id}/approve                               D   D   D   D   A   A
POST    /alerts/{alert_id}/acknowledge                             D   D   A   D   D   A
POST    /alerts/{restricted_alert}/acknowledge                     D   D   H   D   D   A
GET     /sanctions                                                 A   A   A   A   A   A
GET     /sanctions/check                                           A   A   A   A   A   A
GET     /sanctions/{listing_id}                                    A   A   A   A   A   A
GET     /statements                                                A   A   A   A   A   A
GET     /statements/new                                            D   D   A   D   D   A
POST    /statements/new                                            D   D   A   D   D   A
GET     /statements/{statement_id}                                 A   A   A   A   A   A
GET     /statements/{restricted_statement}                         H   H   H   H   H   A
GET     /import/progress/{upload_id}                               D   D   A   D   D   A
GET     /actors                                                    A   A   A   A   A   A
GET     /actors/{name}                                             A   A   A   A   A   A
GET     /norms                                                     A   A   A   A   A   A
GET     /law                                                       A   A   A   A   A   A
GET     /instruments                                               A   A   A   A   A   A
GET     /cbms                                                      A   A   A   A   A   A
GET     /cbms/matrix                                               A   A   A   A   A   A
GET     /cbms/export.csv                                           A   A   A   A   A   A
GET     /cbms/states/{state}                                       A   A   A   A   A   A
GET     /pocs                                                      A   A   A   A   A   A
GET     /pocs/rounds/{round_id}                                    A   A   A   A   A   A
GET     /dialogues                                                 A   A   A   A   A   A
GET     /dialogues/{dialogue_id}                                   A   A   A   A   A   A
GET     /capacity                                                  A   A   A   A   A   A
GET     /capacity/partners/{country}                               A   A   A   A   A   A
GET     /capacity/gaps                                             A   A   A   A   A   A
GET     /capacity/import                                           D   D   A   D   D   A
POST    /capacity/import                                           D   D   A   D   D   A
GET     /un                                                        A   A   A   A   A   A
GET     /un/documents/{document_id}                                A   A   A   A   A   A
GET     /un/documents/{restricted_document}                        H   H   H   H   H   A
GET     /pqc                                                       A   A   A   A   A   A
GET     /reports                                                   A   A   A   A   A   A
GET     /reports?report=brief&incident={key}&format=md             A   A   A   A   A   A
GET     /reports?report=brief&incident={restricted}&format=md      H   H   H   H   H   A
GET     /reports?report=case&case={case_id}&format=md              D   A   A   A   A   A
GET     /reports?report=case&case={restricted_case}&format=md      D   H   H   H   H   A
GET     /reports?report=landscape&since=2026&format=json           A   A   A   A   A   A
GET     /api                                                       A   A   A   A   A   A
GET     /import                                                    D   D   A   D   D   A
POST    /import                                                    D   D   A   D   D   A
GET     /login                                                     A   A   A   A   A   A
POST    /login                                                     D   A   A   A   A   A
POST    /logout                                                    A   A   A   A   A   A
GET     /cases                                                     D   A   A   A   A   A
GET     /cases/{case_id}                                           D   A   A   A   A   A
GET     /cases/{restricted_case}                                   D   H   H   H   H   A
POST    /incidents/{key}/cases                                     D   D   A   D   D   A
POST    /cases/{case_id}/measures                                  D   D   A   D   D   A
POST    /cases/{case_id}/measures/{measure_id}                     D   D   A   D   D   A
POST    /cases/{case_id}/state                                     D   D   A   D   A   A
POST    /cases/{case_id}/decision                                  D   D   D   D   A   A
POST    /cases/{case_id}/positions                                 D   D   D   A   D   D
POST    /cases/{case_id}/implementations                           D   D   A   D   D   A
GET     /audit                                                     D   D   A   D   A   A
GET     /accounts                                                  D   D   D   D   D   A
GET     /taxii2/                                                   D   A   A   A   A   A
GET     /taxii2/cdt/                                               D   A   A   A   A   A
GET     /taxii2/cdt/status/{status_id}/                            D   H   H   H   H   H
GET     /taxii2/cdt/collections/                                   D   A   A   A   A   A
GET     /taxii2/cdt/collections/{collection}/                      D   A   A   A   A   A
GET     /taxii2/cdt/collections/{collection}/manifest/             D   A   A   A   A   A
GET     /taxii2/cdt/collections/{collection}/objects/              D   A   A   A   A   A
POST    /taxii2/cdt/collections/{collection}/objects/              D   D   A   D   D   A
GET     /taxii2/cdt/collections/{collection}/objects/{object_id}/  D   A   A   A   A   A
DELETE  /taxii2/cdt/collections/{collection}/objects/{object_id}/  D   D   A   D   D   A
GET     /taxii2/cdt/collections/{collection}/objects/{object_id}/versions/ D A A A A A
"""

# Page form fields and API bodies that pass validation, so the access check is what decides.
PAGE_FORMS: dict[str, dict[str, str]] = {
    "/incidents/{key}/cases": {"title": "Matrix case"},
    "/incidents/{key}/situation/events": {"kind": "meeting-held", "summary": "Matrix meeting"},
    "/incidents/{key}/situation/status": {"status": "confirmed"},
    "/incidents/{key}/situation/level": {"level": "technical", "reason": "matrix"},
    "/sitreps/{sitrep_id}/approve": {"version": "1"},
    "/incidents/new": {"title": "Matrix incident", "start": "2026-11-01", "types": "ddos"},
    # No expected version: refused as invalid (422) once past the access checks, so the row
    # changes nothing that the other rows read.
    "/incidents/{key}/edit": {"summary": "matrix"},
    "/incidents/{restricted}/edit": {"summary": "matrix"},
    "/cases/{case_id}/measures": {
        "instrument_id": "stability.council_conclusions",
        "justification": "matrix",
    },
    "/cases/{case_id}/measures/{measure_id}": {
        "action": "edit",
        "text": "matrix wording",
        "justification": "matrix",
    },
    "/cases/{case_id}/state": {"state": "drafting", "note": "matrix"},
    "/cases/{case_id}/decision": {"note": "matrix"},
    "/cases/{case_id}/positions": {
        "measure_id": "m1",
        "member_state": "DE",
        "position": "support",
    },
    "/cases/{case_id}/implementations": {
        "measure_id": "m1",
        "kind": "statement",
        "date": "2026-11-25",
        "summary": "matrix",
    },
}
API_BODIES: dict[str, Any] = {
    "/api/v1/incidents": {"title": "Matrix incident", "start": "2026-11-01", "types": ["ddos"]},
    "/api/v1/incidents/{key}": {"changes": {"summary": "matrix"}},
    "/api/v1/cases": {"incidents": ["wannacry-2017"]},
    "/api/v1/cases/{case_id}/measures": {
        "instrument_id": "stability.council_conclusions",
        "justification": "matrix",
    },
    "/api/v1/cases/{case_id}/measures/{measure_id}": {"text": "matrix", "justification": "m"},
    "/api/v1/cases/{case_id}/positions": {
        "measure_id": "m1",
        "member_state": "DE",
        "position": "support",
    },
    "/api/v1/cases/{case_id}/decision": {"note": "matrix"},
    "/api/v1/cases/{case_id}/implementations": {
        "measure_id": "m1",
        "kind": "statement",
        "date": "2026-11-25",
        "summary": "matrix",
    },
    "/api/v1/cases/{case_id}/state": {"state": "drafting", "note": "matrix"},
    "/api/v1/sanctions/regimes/{regime_id}/renewals": {
        "act": "Matrix renewal",
        "decided_on": "2026-05-12",
        "summary": "matrix",
        "sources": ["https://eur-lex.europa.eu/matrix"],
        "listings_until": "2027-05-18",
    },
    "/api/v1/cbm-tracker/states/{state}/measures/{cbm_id}": {"status": "planned"},
    "/api/v1/pocs": {
        "state": "FR",
        "network": "osce",
        "level": "technical",
        "organisation": "Matrix office",
        "channel": "e-mail",
    },
    "/api/v1/poc-check-rounds": {"network": "eu-csirts-network", "title": "Matrix posted"},
    "/api/v1/poc-check-rounds/{round_id}/sent": {"poc_id": "at-cert-at"},
    "/api/v1/poc-check-rounds/{round_id}/acknowledgements": {"poc_id": "at-cert-at"},
    "/api/v1/incidents/{key}/observables": {"kind": "domain", "value": "matrix.example"},
    "/api/v1/situation/incidents/{key}/events": {"kind": "notified", "summary": "Matrix"},
    "/api/v1/situation/incidents/{key}/status": {"status": "suspected"},
    "/api/v1/situation/incidents/{key}/level": {"level": "operational", "reason": "matrix"},
    "/api/v1/assistance/requests": {"requester": "EE", "channel": "pesco-crrt", "asked": "M"},
    "/api/v1/assistance/requests/{request_id}/answer": {"text": "Matrix", "answered_by": "LT"},
    "/api/v1/assistance/requests/{request_id}/withdraw": {},
    "/api/v1/assistance/offers": {"offered_by": "SE", "what": "Matrix", "to_state": "EE"},
    "/api/v1/assistance/teams": {"name": "Matrix team", "kind": "other"},
    "/api/v1/assistance/teams/{team_id}/deployments": {
        "location": "MD",
        "starts": "2026-01-01",
        "tasks": ["matrix"],
    },
    "/api/v1/assistance/deployments/{deployment_id}/close": {"outcome": "Matrix"},
    "/api/v1/sitreps": {
        "incident": "wannacry-2017",
        "summary": "Matrix",
        "assessment": "Matrix",
        "actions": "Matrix",
        "next_steps": "Matrix",
    },
    # A revision or an approval of a version no longer the latest is refused (409) once past
    # the access checks, so the rows do not depend on one another's order.
    "/api/v1/sitreps/{sitrep_id}/versions": {"expected_version": 1, "summary": "Matrix"},
    "/api/v1/sitreps/{sitrep_id}/approve": {"version": 1},
    "/api/v1/alerts/{alert_id}/acknowledge": {},
    # No allow-list in the matrix's settings: refused (422) once past the access checks.
    "/api/v1/webhooks": {"url": "https://soc.example.eu/hooks/", "secret": "s" * 40},
    "/api/v1/alerts/{restricted_alert}/acknowledge": {},
    "/api/v1/dialogues": {"partner": "NO", "kind": "bilateral", "title": "Matrix dialogue"},
    "/api/v1/dialogues/{dialogue_id}/rounds": {"held_on": "2026-01-15", "place": "Matrix"},
    "/api/v1/dialogues/{dialogue_id}": {"next_meeting_note": "matrix"},
    "/api/v1/capacity/projects": {
        "title": "Matrix project",
        "funder": "European Union",
        "themes": ["skills"],
        "partner_countries": ["NO"],
        "sources": ["https://example.org/matrix"],
    },
    "/api/v1/un/documents": {
        "session": "oewg-2021-2025-8",
        "kind": "working-paper",
        "title": "Matrix paper",
        "date": "2024-07-01",
    },
    "/api/v1/un/documents/{document_id}/paragraphs": {"number": "2", "text": "Matrix."},
    "/api/v1/un/documents/{document_id}/positions": {
        "paragraph": "1",
        "party": "EU",
        "stance": "support",
    },
    "/api/v1/un/statements": {
        "session": "oewg-2021-2025-8",
        "party": "EU",
        "date": "2024-07-09",
        "title": "Matrix statement",
    },
    # The matrix's statements read no instrument: a confirmation without one is refused
    # (422) once past the access checks, whatever the order of the rows.
    "/api/v1/statements/{statement_id}/draft/confirm": {"date": "2026-01-01"},
    "/api/v1/statements/{restricted_statement}/draft/confirm": {"date": "2026-01-01"},
    # Not a CBOM: the roles allowed to import get past the checks and are told why (422).
    "/api/v1/pqc/inventories": {"bomFormat": "matrix"},
    "/api/v1/sanctions/listings/{listing_id}/delisting": {
        "delisted_on": "2026-06-01",
        "act": "Matrix delisting",
        "reason": "matrix",
        "sources": ["https://eur-lex.europa.eu/matrix"],
    },
}


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expected: dict[str, str]


def _policy() -> list[Row]:
    rows = []
    for line in POLICY.strip().splitlines():
        method, path, *cells = line.split()
        assert len(cells) == len(ROLES), line
        rows.append(Row(method, path, dict(zip(ROLES, cells, strict=True))))
    return rows


ROWS = _policy()


@dataclass
class World:
    toolbox: Toolbox
    client: TestClient
    tokens: dict[str, str]
    values: dict[str, str]

    def shared_object(self) -> None:
        """(Re)post the TLP:GREEN indicator the TAXII object rows read and delete."""
        indicator = {
            "type": "indicator",
            "spec_version": "2.1",
            "id": self.values["object_id"],
            "created": "2026-02-01T00:00:00.000Z",
            "modified": "2026-02-01T00:00:00.000Z",
            "pattern": "[ipv4-addr:value = '203.0.113.7']",
            "pattern_type": "stix",
            "valid_from": "2026-02-01T00:00:00Z",
            "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
        }
        body = json.dumps({"objects": [indicator]}).encode()
        self.toolbox.taxii.add_objects("partner-exchange", body, by=SYSTEM_USER)


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, knowledge: KnowledgeBase, sqlite_stages: SqliteStages
) -> Iterator[World]:
    url = sqlite_stages.copy(Stage.INITIALISED, tmp_path_factory.mktemp("matrix") / "cdt.sqlite3")
    with Toolbox(Settings(url), knowledge=knowledge, passwords=CHEAP_PASSWORDS) as toolbox:
        accounts = {
            "viewer": (Role.VIEWER, Tlp.AMBER, None),
            "analyst": (Role.ANALYST, Tlp.AMBER, None),
            "delegate": (Role.DELEGATE, Tlp.AMBER, "DE"),
            "approver": (Role.APPROVER, Tlp.AMBER, None),
            "admin": (Role.ADMIN, Tlp.RED, None),
        }
        tokens = {}
        for name, (role, clearance, state) in accounts.items():
            toolbox.users.add(
                by=SYSTEM_USER,
                username=f"matrix-{name}",
                display_name=name,
                role=role,
                clearance=clearance,
                member_state=state,
                password=PASSWORD,
            )
            tokens[name] = toolbox.users.issue_token(f"matrix-{name}", "matrix", by=SYSTEM_USER)[1]
        restricted = toolbox.incidents.add(
            [
                {
                    "title": "Restricted reporting",
                    "start": "2026-10-01",
                    "types": ["espionage"],
                    "tlp": "amber+strict",
                }
            ],
            source="matrix",
            by=SYSTEM_USER,
        ).created[0]
        case = toolbox.cases.open(["wannacry-2017"], by=SYSTEM_USER)
        toolbox.cases.move(case.id, CaseState.CONSULTATION, by=SYSTEM_USER)
        restricted_case = toolbox.cases.open([restricted.slug], by=SYSTEM_USER)
        listing = toolbox.sanctions.list(by=SYSTEM_USER)[0]
        check_round = toolbox.pocs.open_round("eu-csirts-network", "Matrix", by=SYSTEM_USER)
        un_document = toolbox.un_process.add_document(
            "oewg-2021-2025-8", kind="apr-draft", title="Matrix", dated="2024-07-01", by=SYSTEM_USER
        )
        toolbox.un_process.add_paragraph(un_document.id, "1", text="Matrix.", by=SYSTEM_USER)
        restricted_document = toolbox.un_process.add_document(
            "oewg-2021-2025-8",
            kind="other",
            title="Restricted",
            dated="2024-07-01",
            tlp="red",
            by=SYSTEM_USER,
        )
        request = toolbox.assistance.request(
            by=SYSTEM_USER, requester="EE", channel="pesco-crrt", asked="Matrix", tlp="clear"
        )
        restricted_request = toolbox.assistance.request(
            by=SYSTEM_USER, requester="EE", channel="pesco-crrt", asked="Matrix", tlp="red"
        )
        deployment = toolbox.assistance.deploy(
            "pesco-crrt", by=SYSTEM_USER, location="MD", starts="2026-01-01", tasks=["matrix"]
        )
        statements = [
            toolbox.statements.add(
                [StatementFile(f"{name}.txt", f"Matrix statement {name}.".encode())],
                tlp=tlp,
                issuer="council",
                by=SYSTEM_USER,
            )[0].statement.id
            for name, tlp in (("open", Tlp.CLEAR), ("restricted", Tlp.RED))
        ]
        for statement_id in statements:
            toolbox.responses.draft(statement_id, by=SYSTEM_USER)
        text = SitrepText("Matrix", "Matrix", "Matrix", "Matrix")
        sitrep = toolbox.sitreps.draft("wannacry-2017", text, by=SYSTEM_USER)
        restricted_sitrep = toolbox.sitreps.draft(restricted.slug, text, by=SYSTEM_USER)
        alerts = toolbox.alerts.list(by=SYSTEM_USER)
        open_alert = next(a for a in alerts if a.tlp is Tlp.CLEAR)
        values = {
            "alert_id": open_alert.id,
            "restricted_alert": _restricted_alert(toolbox),
            "key": "wannacry-2017",
            "request_id": request.id,
            "team_id": "pesco-crrt",
            "deployment_id": deployment.id,
            "restricted_request": restricted_request.id,
            "statement_id": statements[0],
            "restricted_statement": statements[1],
            "sitrep_id": sitrep.id,
            "restricted_sitrep": restricted_sitrep.id,
            "restricted": restricted.slug,
            # The brief's rows: every format takes the same access path; Markdown is quickest.
            "format_name": "md",
            "name": "APT28",
            "code": "FR",
            "sector": "health",
            "norm_id": "13f",
            "principle_id": toolbox.knowledge.law.ids()[0],
            "instrument_id": "restrictive.listing",
            "cbm_id": toolbox.knowledge.cbms.ids()[0],
            "listing_id": listing.id,
            "state": "FR",
            "poc_id": "at-cert-at",
            "round_id": check_round.id,
            "dialogue_id": "eu-gb-cyber-dialogue",
            "project_id": "cybereast",
            "country": "UA",
            "session_id": "oewg-2021-2025-8",
            "document_id": un_document.id,
            "restricted_document": restricted_document.id,
            "regime_id": "eu-cyber",
            "case_id": case.id,
            "restricted_case": restricted_case.id,
            "measure_id": "m1",
            "collection": "partner-exchange",
            "object_id": "indicator--5a1e0000-0000-4000-8000-000000000001",
            "status_id": "5a1e0000-0000-4000-8000-00000000feed",
            "upload_id": "5a1e0000-0000-4000-8000-0000000000up",
        }
        app = create_app(toolbox, secret_key=b"m" * 32)
        with TestClient(app, raise_server_exceptions=False) as client:
            world = World(toolbox, client, tokens, values)
            world.shared_object()
            yield world


def _restricted_alert(toolbox: Toolbox) -> str:
    """The id of the alert a listed actor's return raises on a TLP:AMBER+STRICT incident."""
    document = {
        "title": "Restricted return",
        "start": "2026-10-01",
        "types": ["espionage"],
        "victims": {"countries": ["DE", "FR"]},
        "attributions": [
            {"by": {"kind": "state", "name": "Germany", "country": "DE"}, "actor": "APT28"}
        ],
        "tlp": "amber+strict",
    }
    (created,) = toolbox.incidents.add([document], source="matrix", by=SYSTEM_USER).created
    return next(a.id for a in toolbox.alerts.list(by=SYSTEM_USER) if a.subject_id == created.id)


def _outcome(response: Any) -> str:
    if response.status_code in (401, 403):
        return "D"
    if response.status_code in (302, 303, 307) and "/login" in response.headers.get("location", ""):
        return "D"
    if response.status_code == 404:
        return "H"
    assert response.status_code < 500, response.text[:500]
    return "A"


def _fill(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def _request(world: World, row: Row, role: str) -> Any:
    client = world.client
    client.cookies.clear()
    url = _fill(row.path, world.values)
    if "{object_id}" in row.path:
        world.shared_object()  # the DELETE row removes it for the roles that may
    if row.method == "DELETE" and not url.startswith("/taxii2"):
        url += "?justification=matrix"
    if row.path == "/login" and row.method == "POST":
        username = f"matrix-{role}" if role != "anonymous" else "nobody-here"
        token = _form_token(client)
        return client.post(
            url,
            data={"username": username, "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
    headers: dict[str, str] = {}
    if url.startswith("/taxii2"):
        headers["Accept"] = TAXII
    if row.path.startswith(("/api/", "/taxii2")):
        if role != "anonymous":
            headers["Authorization"] = f"Bearer {world.tokens[role]}"
        if row.path == "/api/v1/statements" and row.method == "POST":
            upload = ("matrix.txt", b"A statement the access matrix adds.", "text/plain")
            return client.post(
                url, files={"files": upload}, headers=headers, follow_redirects=False
            )
        if row.method in ("POST", "PATCH"):
            if url.startswith("/taxii2"):
                headers["Content-Type"] = TAXII
                body: Any = {"objects": []}
            else:
                body = API_BODIES[row.path]
            return client.request(
                row.method,
                url,
                content=json.dumps(body),
                headers={
                    **headers,
                    **(
                        {"Content-Type": "application/json"}
                        if "Content-Type" not in headers
                        else {}
                    ),
                },
                follow_redirects=False,
            )
        return client.request(row.method, url, headers=headers, follow_redirects=False)
    # Pages: sign in through the form (the session cookie), then act with the form token.
    if role != "anonymous":
        _sign_in(client, f"matrix-{role}")
    if row.method == "GET":
        return client.get(url + ENDED_STREAMS.get(row.path, ""), follow_redirects=False)
    token = _form_token(client)
    if row.path == "/import":
        return client.post(
            url,
            files={"file": ("empty.json", b"[]", "application/json")},
            headers={"X-CSRF-Token": token},
            follow_redirects=False,
        )
    data = PAGE_FORMS.get(row.path, {})
    return client.post(url, data=data, headers={"X-CSRF-Token": token}, follow_redirects=False)


# An event stream stays open; asked with a filter it refuses, it answers 422 once past the
# access checks, which is all a row needs.
ENDED_STREAMS = {"/situation/stream": "?status=not-a-status"}


def _form_token(client: TestClient) -> str:
    page = client.get("/login").text
    marker = 'name="csrf_token" value="'
    return page.split(marker, 1)[1].split('"', 1)[0]


def _sign_in(client: TestClient, username: str) -> None:
    token = _form_token(client)
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]


def _routes(app: Any) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()

    def walk(routes: Any, prefix: str) -> None:
        for route in routes:
            if hasattr(route, "original_router"):
                walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif getattr(route, "methods", None):
                for method in route.methods - {"HEAD"}:
                    found.add((method, prefix + route.path))
            elif hasattr(route, "routes"):
                walk(route.routes, prefix + getattr(route, "path", ""))

    walk(app.routes, "")
    return found


def test_every_route_has_a_row(world: World) -> None:
    listed = {(row.method, row.path) for row in ROWS}
    actual = _routes(world.client.app)
    unlisted = sorted(
        route
        for route in actual
        if route not in listed and not route[1].startswith(("/static", "/docs", "/redoc"))
    )
    assert not unlisted, f"routes without a row in POLICY: {unlisted}"


@pytest.mark.parametrize("row", ROWS, ids=[f"{row.method} {row.path}" for row in ROWS])
def test_each_role_gets_what_the_policy_says(world: World, row: Row) -> None:
    got = {role: _outcome(_request(world, row, role)) for role in ROLES}
    assert got == row.expected, f"{row.method} {row.path}"


def test_basic_credentials_on_the_api_are_equivalent_to_tokens(world: World) -> None:
    basic = base64.b64encode(f"matrix-viewer:{PASSWORD}".encode()).decode()
    denied = world.client.get("/api/v1/audit", headers={"Authorization": f"Basic {basic}"})
    allowed = world.client.get("/api/v1/me", headers={"Authorization": f"Basic {basic}"})
    assert (denied.status_code, allowed.status_code) == (403, 200)


# --- The audit trail and the error shape (issue 11, finding 1) --------------------------

CLEARED_BELOW = ("viewer", "analyst", "delegate", "approver")  # AMBER; the restricted: AMBER+STRICT
ABSENT_CASE = "00000000-0000-4000-8000-000000000000"
ABSENT_INCIDENT = "no-such-incident"


def _api(world: World, role: str, method: str, url: str, body: Any = None) -> Any:
    world.client.cookies.clear()
    headers = {"Authorization": f"Bearer {world.tokens[role]}"}
    if url.startswith("/taxii2"):
        headers["Accept"] = TAXII
    if body is None:
        return world.client.request(method, url, headers=headers)
    return world.client.request(method, url, headers=headers, json=body)


def _shape(response: Any, key: str, absent_key: str) -> Any:
    """The answer with the key asked for written as the absent one's, and without the error's
    own id (each error gets a fresh one, for the logs)."""
    body = json.loads(response.text.replace(key, absent_key))
    if isinstance(body, dict):
        body.pop("error_id", None)
    return response.status_code, body


def _restricted_ids(world: World) -> tuple[str, str]:
    restricted = world.toolbox.incidents.get(world.values["restricted"], by=SYSTEM_USER)
    return restricted.id, world.values["restricted_case"]


@pytest.mark.parametrize("role", ["analyst", "approver"])
def test_the_audit_trail_shows_no_entry_about_a_record_above_the_readers_clearance(
    world: World, role: str, knowledge: KnowledgeBase
) -> None:
    incident_id, case_id = _restricted_ids(world)
    entries = _api(world, role, "GET", "/api/v1/audit?limit=1000").json()["items"]
    assert entries, "the reader sees the entries they are cleared for"
    shown = json.dumps(entries)
    assert case_id not in shown and incident_id not in shown
    named = _api(world, role, "GET", f"/api/v1/audit?entity=case&key={case_id}")
    absent = _api(world, role, "GET", f"/api/v1/audit?entity=case&key={ABSENT_CASE}")
    assert named.status_code == absent.status_code == 200
    assert named.json() == absent.json() == {"items": [], "next_after_seq": None}
    # The command line reads the trail through the same library call.
    cli = Cli(knowledge)
    url = world.toolbox.settings.database_url
    logged = cli(url, "--user", f"matrix-{role}", "audit", "log", "--json", "--limit", "10000")
    assert logged.exit_code == 0, logged.output
    assert json.loads(logged.stdout) and case_id not in logged.stdout
    assert incident_id not in logged.stdout
    # Who is cleared sees them.
    everything = json.dumps(_api(world, "admin", "GET", "/api/v1/audit?limit=1000").json())
    assert case_id in everything and incident_id in everything


@pytest.mark.parametrize(
    ("method", "hidden", "absent", "body"),
    [
        ("GET", "/api/v1/incidents/{restricted}", f"/api/v1/incidents/{ABSENT_INCIDENT}", None),
        ("GET", "/api/v1/cases/{restricted_case}", f"/api/v1/cases/{ABSENT_CASE}", None),
        (
            "GET",
            "/api/v1/cases?incident={restricted}",
            f"/api/v1/cases?incident={ABSENT_INCIDENT}",
            None,
        ),
        ("POST", "/api/v1/cases", "/api/v1/cases", {"incidents": ["{restricted}"]}),
        (
            "GET",
            "/api/v1/sanctions/listings?incident={restricted}",
            f"/api/v1/sanctions/listings?incident={ABSENT_INCIDENT}",
            None,
        ),
    ],
    ids=["incident", "case", "cases filtered by incident", "case opened on", "listings citing"],
)
def test_a_hidden_record_answers_exactly_as_a_missing_one(
    world: World, method: str, hidden: str, absent: str, body: Any
) -> None:
    """Same status, same body (the key asked for aside): no id, slug or marking leaks."""
    names = {
        "restricted": world.values["restricted"],
        "restricted_case": world.values["restricted_case"],
    }
    hidden_body = json.loads(_fill(json.dumps(body), names)) if body else None
    absent_body = (
        json.loads(json.dumps(body).replace("{restricted}", ABSENT_INCIDENT)) if body else None
    )
    for role in CLEARED_BELOW:
        if method == "POST" and role != "analyst":
            continue  # only the analyst may open cases; the others are refused before looking
        one = _api(world, role, method, _fill(hidden, names), hidden_body)
        other = _api(world, role, method, absent, absent_body)
        assert one.status_code == other.status_code, (role, one.text, other.text)
        key = names["restricted_case"] if "restricted_case" in hidden else names["restricted"]
        absent_key = ABSENT_CASE if "restricted_case" in hidden else ABSENT_INCIDENT
        assert _shape(one, key, absent_key) == _shape(other, absent_key, absent_key), role
        assert "TLP" not in one.text, role


def test_a_taxii_object_above_the_readers_clearance_answers_as_a_missing_one(world: World) -> None:
    red = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": "indicator--5a1e0000-0000-4000-8000-0000000000ed",
        "created": "2026-02-01T00:00:00.000Z",
        "modified": "2026-02-01T00:00:00.000Z",
        "pattern": "[ipv4-addr:value = '203.0.113.9']",
        "pattern_type": "stix",
        "valid_from": "2026-02-01T00:00:00Z",
        "object_marking_refs": ["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"],
    }
    world.toolbox.taxii.add_objects(
        "partner-exchange", json.dumps({"objects": [red]}).encode(), by=SYSTEM_USER
    )
    absent_id = "indicator--5a1e0000-0000-4000-8000-0000000000ab"
    base = "/taxii2/cdt/collections/partner-exchange/objects"
    for role in CLEARED_BELOW:
        for suffix in ("/", "/versions/"):
            one = _api(world, role, "GET", f"{base}/{red['id']}{suffix}")
            other = _api(world, role, "GET", f"{base}/{absent_id}{suffix}")
            assert one.status_code == other.status_code == 404, (role, one.text)
            assert _shape(one, red["id"], absent_id) == _shape(other, absent_id, absent_id), role
    assert _api(world, "admin", "GET", f"{base}/{red['id']}/").status_code == 200
