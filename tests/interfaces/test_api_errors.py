"""Every API error has one shape, and each library error its status (the one table)."""

from __future__ import annotations

from typing import Any

import pytest

from cdtoolbox.errors import CdtError, Conflict, Forbidden, ImportRejected, InvalidInput, NotFound
from cdtoolbox.interfaces.http.errors import HTTP_ERRORS, http_error_for, problem_for
from web_support import TestClient

PROBLEM_FIELDS = {"type", "title", "status", "detail", "errors"}


def assert_problem(response: Any, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert set(body) >= PROBLEM_FIELDS
    assert body["status"] == status and body["type"] == kind
    assert body["detail"]
    return body


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [
        ("/api/v1/incidents?victim_country=Narnia", "victim_country", "Narnia"),
        ("/api/v1/incidents?since=last+year", "since", "last year"),
        ("/api/v1/incidents?type=cyberwar", "type", "cyberwar"),
        ("/api/v1/incidents?actor=no+such+actor+xyz", "actor", "no such actor xyz"),
        ("/api/v1/incidents?victim_contry=UA", "victim_contry", "victim_contry"),
        ("/api/v1/incidents?sort=oldest", "sort", "oldest"),
        ("/api/v1/statistics?sponsor=Atlantis", "sponsor", "Atlantis"),
        ("/api/v1/actors?sponsor=Atlantis", "sponsor", "Atlantis"),
    ],
)
def test_invalid_input_names_the_field_value_and_reason(
    client: TestClient, path: str, field: str, value: str
) -> None:
    body = assert_problem(client.get(path), 422, "invalid-input")
    [error] = body["errors"]
    assert error["field"] == field and error["value"] == value
    assert error["reason"] and error["entity"]
    assert error["message"] == body["detail"]


def test_framework_validation_uses_the_same_shape(client: TestClient) -> None:
    body = assert_problem(client.get("/api/v1/incidents?limit=lots"), 422, "invalid-input")
    assert body["errors"][0]["field"] == "limit" and body["errors"][0]["value"] == "lots"
    too_big = assert_problem(client.get("/api/v1/incidents?limit=5000"), 422, "invalid-input")
    assert too_big["errors"][0]["entity"] == "query"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/incidents/no-such-incident",
        "/api/v1/actors/no-such-actor-anywhere",
        "/api/v1/norms/13z",
        "/api/v1/countries/Atlantis",
        "/api/v1/sectors/no-such-sector",
        "/api/v1/law/law.nothing",
        "/api/v1/instruments/none.such",
        "/api/v1/cbms/CBM-99",
        "/api/v1/no-such-operation",
    ],
)
def test_not_found(client: TestClient, path: str) -> None:
    assert_problem(client.get(path), 404, "not-found")


def test_a_wrong_method_is_refused_in_the_same_shape(client: TestClient) -> None:
    assert_problem(client.delete("/api/v1/norms"), 405, "method-not-allowed")


@pytest.mark.parametrize(
    ("error", "status", "kind"),
    [
        (InvalidInput("incident", "title", None, "is required"), 422, "invalid-input"),
        (ImportRejected("x.csv", [InvalidInput("incident", "start", "x", "is bad")]), 422, None),
        (NotFound("incident", "x"), 404, "not-found"),
        (Conflict("incident", "x", 1, 2), 409, "conflict"),
        (Forbidden("edit incidents", "observers may only read"), 403, "forbidden"),
        (CdtError("something else"), 400, "refused"),
    ],
)
def test_the_error_table(error: CdtError, status: int, kind: str | None) -> None:
    assert http_error_for(error).status == status
    problem = problem_for(error)
    assert problem.status == status and problem.detail == str(error)
    if kind is not None:
        assert problem.type == kind


def test_the_table_ends_with_the_root_so_every_library_error_has_a_status() -> None:
    assert HTTP_ERRORS[-1][0] is CdtError
    for kind, _ in HTTP_ERRORS[:-1]:
        assert issubclass(kind, CdtError)


def test_a_refused_import_lists_every_error() -> None:
    errors = [
        InvalidInput("incident", "start", "soon", "is not a date", "f.csv line 2"),
        InvalidInput("incident", "types", "cyberwar", "is not a type", "f.csv line 3"),
    ]
    problem = problem_for(ImportRejected("f.csv", errors))
    assert [error.location for error in problem.errors] == ["f.csv line 2", "f.csv line 3"]
    assert problem.errors[1].field == "types"


def test_a_conflict_carries_both_versions() -> None:
    problem = problem_for(Conflict("incident", "wannacry-2017", 1, 3))
    assert (problem.expected_version, problem.actual_version) == (1, 3)
    assert problem.key == "wannacry-2017"
