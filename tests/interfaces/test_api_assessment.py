"""`GET /api/v1/incidents/{key}/assessment`: the document `cdt assess KEY --json` prints, for
a reader who may see the incident, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from account_support import TEST_SECRET_KEY, add_user
from cdtoolbox.interfaces.api.assessment_schemas import ASSESSMENT_EXAMPLE, AssessmentOut
from cdtoolbox.interfaces.http.app import create_app
from cdtoolbox.model.access import SYSTEM_USER, Role
from cdtoolbox.model.vocabulary import Tlp
from cdtoolbox.toolbox import Toolbox
from tests_support import Cli
from web_support import TestClient


def test_an_assessment_reads_like_the_cli_prints_it(
    client: TestClient, cli: Cli, initialised_url: str
) -> None:
    response = client.get("/api/v1/incidents/wannacry-2017/assessment")
    assert response.status_code == 200, response.text
    printed = cli(initialised_url, "assess", "wannacry-2017", "--json")
    assert printed.exit_code == 0, printed.output
    assert response.json() == json.loads(printed.stdout)
    # Key order is the serialiser's (dataclass field order), not the schema's alphabet.
    assert list(response.json()) == list(json.loads(printed.stdout))
    level = response.json()["recommendation"]["response_level"]
    assert level["level"] == "eu-restrictive-measures" and level["rule"] == "eu-listing"
    assert level["reasons"]
    severity = response.json()["severity"]
    assert {"level", "lower", "upper", "range_reasons", "dimensions"} <= set(severity)


def test_the_incident_may_be_named_by_id_or_slug(client: TestClient) -> None:
    by_slug = client.get("/api/v1/incidents/wannacry-2017/assessment").json()
    by_id = client.get(f"/api/v1/incidents/{by_slug['incident_id']}/assessment")
    assert by_id.status_code == 200 and by_id.json() == by_slug


def test_an_unknown_incident_has_no_assessment(client: TestClient) -> None:
    response = client.get("/api/v1/incidents/no-such-incident-1999/assessment")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_a_hidden_incident_is_missing_and_wrong_credentials_are_refused(
    fresh_toolbox: Toolbox,
) -> None:
    hidden = fresh_toolbox.incidents.add(
        [
            {
                "title": "Restricted reporting",
                "start": "2026-10-01",
                "types": ["espionage"],
                "tlp": "amber+strict",
            }
        ],
        source="tests",
        by=SYSTEM_USER,
    ).created[0]
    add_user(fresh_toolbox, "amber-analyst", Role.ANALYST)
    add_user(fresh_toolbox, "red-admin", Role.ADMIN, clearance=Tlp.RED)
    tokens = {
        name: fresh_toolbox.users.issue_token(name, "tests", by=SYSTEM_USER)[1]
        for name in ("amber-analyst", "red-admin")
    }
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    with TestClient(app, raise_server_exceptions=False) as client:
        path = f"/api/v1/incidents/{hidden.slug}/assessment"
        missing = client.get("/api/v1/incidents/no-such-incident-1999/assessment")
        for headers in ({}, {"Authorization": f"Bearer {tokens['amber-analyst']}"}):
            refused = client.get(path, headers=headers)
            # Exactly as for an incident that is not stored: no hint that it exists.
            assert refused.status_code == 404
            assert refused.json()["type"] == missing.json()["type"]
        cleared = client.get(path, headers={"Authorization": f"Bearer {tokens['red-admin']}"})
        assert cleared.status_code == 200 and cleared.json()["slug"] == hidden.slug
        wrong = client.get(path, headers={"Authorization": "Bearer cdt_not-a-real-token"})
        assert wrong.status_code == 401
        public = client.get(
            "/api/v1/incidents/wannacry-2017/assessment",
            headers={"Authorization": "Bearer cdt_not-a-real-token"},
        )
        assert public.status_code == 401


def test_the_schema_describes_the_document_and_refuses_keys_it_does_not_declare() -> None:
    AssessmentOut.model_validate(ASSESSMENT_EXAMPLE)
    with pytest.raises(ValidationError):
        AssessmentOut.model_validate({**ASSESSMENT_EXAMPLE, "verdict": "guilty"})
    recommendation = {**ASSESSMENT_EXAMPLE["recommendation"], "confidence": 0.9}
    with pytest.raises(ValidationError):
        AssessmentOut.model_validate({**ASSESSMENT_EXAMPLE, "recommendation": recommendation})


def test_the_operation_is_documented(client: TestClient) -> None:
    openapi = client.get("/api/v1/openapi.json").json()
    operation = openapi["paths"]["/api/v1/incidents/{key}/assessment"]["get"]
    assert "cdt assess KEY --json" in operation["description"]
    assert {"200", "401", "404"} <= set(operation["responses"])
    level = openapi["components"]["schemas"]["ResponseLevelOut"]["properties"]
    assert {"level", "rule", "reasons"} <= set(level)


def test_a_member_states_own_conduct_is_pointed_to_the_internal_procedures(
    fresh_toolbox: Toolbox,
) -> None:
    """Spyware a Member State's authorities turned on their own citizens: no Toolbox option,
    and the API names the procedures that answer it, with their legal basis and sources."""
    spyware = fresh_toolbox.incidents.add(
        [
            {
                "title": "Spyware against lawyers attributed to a Member State's authorities",
                "start": "2020",
                "types": ["espionage"],
                "victims": {"countries": ["GR"], "sectors": ["civil-society"]},
                "attributions": [
                    {
                        "by": {"kind": "researcher", "name": "Citizen Lab"},
                        "state": "GR",
                        "basis": ["technical"],
                        "public": True,
                    }
                ],
            }
        ],
        source="tests",
        by=SYSTEM_USER,
    ).created[0]
    app = create_app(fresh_toolbox, secret_key=TEST_SECRET_KEY)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(f"/api/v1/incidents/{spyware.slug}/assessment")
    assert response.status_code == 200, response.text
    recommendation = response.json()["recommendation"]
    level = recommendation["response_level"]
    assert (level["level"], level["rule"]) == ("none", "member-state-conduct")
    assert "an EU Member State" in level["reasons"][0]
    assert recommendation["ranked"] == []
    procedures = level["internal_procedures"]
    assert procedures and all(p["legal_basis"] and p["sources"] for p in procedures)
    external = [
        check
        for option in response.json()["options"]
        for check in option["preconditions"]
        if check["id"] == "external_conduct"
    ]
    assert external and all(check["status"] == "fails" for check in external)
