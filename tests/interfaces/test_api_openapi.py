"""The generated OpenAPI document is the API's documentation: it must be complete."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import pytest

from cdtoolbox.ingest.query_parameters import FILTER_PARAMETERS
from cdtoolbox.interfaces.api.documentation import render_api_reference
from web_support import TestClient

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_the_document_covers_the_api_only(openapi: dict[str, Any]) -> None:
    assert openapi["paths"] and all(path.startswith("/api/v1/") for path in openapi["paths"])


def test_every_operation_has_a_summary_and_a_description(openapi: dict[str, Any]) -> None:
    for method, path, operation in operations(openapi):
        assert operation.get("summary"), f"{method.upper()} {path} has no summary"
        assert len(operation.get("description", "")) > 30, f"{method.upper()} {path}: describe it"


def test_every_parameter_is_described_with_an_example(openapi: dict[str, Any]) -> None:
    for method, path, operation in operations(openapi):
        for parameter in operation.get("parameters", []):
            where = f"{method.upper()} {path} parameter {parameter['name']}"
            assert parameter.get("description"), f"{where} has no description"
            schema = parameter.get("schema", {})
            given = "examples" in parameter or "examples" in schema or "example" in parameter
            assert given, f"{where}: add an example"


def _schema(document: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in reference:
        return reference
    name = reference["$ref"].rsplit("/", 1)[-1]
    schema: dict[str, Any] = document["components"]["schemas"][name]
    return schema


def test_every_success_response_has_an_example(openapi: dict[str, Any]) -> None:
    for method, path, operation in operations(openapi):
        for status, response in operation["responses"].items():
            if not status.startswith("2"):
                continue
            schema = _schema(openapi, response["content"]["application/json"]["schema"])
            if "examples" not in schema:  # an EntryList: its items carry the example
                items = schema["properties"]["items"]["items"]
                schema = _schema(openapi, items)
            assert schema.get("examples"), f"{method.upper()} {path}: no example for {status}"


def test_request_bodies_have_examples(openapi: dict[str, Any]) -> None:
    for method, path, operation in operations(openapi):
        body = operation.get("requestBody")
        if body is None:
            continue
        # JSON, or a multipart upload of files (POST /api/v1/statements).
        content = body["content"].get("application/json") or body["content"]["multipart/form-data"]
        schema = _schema(openapi, content["schema"])
        assert content.get("examples") or schema.get("examples"), f"{method.upper()} {path}"


def test_every_error_response_has_the_problem_shape(openapi: dict[str, Any]) -> None:
    for method, path, operation in operations(openapi):
        errors = {s: r for s, r in operation["responses"].items() if s.startswith(("4", "5"))}
        for status, response in errors.items():
            schema = response["content"]["application/json"]["schema"]
            assert schema["$ref"].endswith("/ProblemOut"), f"{method.upper()} {path} {status}"


def test_incident_filters_are_named_as_everywhere_else(openapi: dict[str, Any]) -> None:
    for path in ("/api/v1/incidents", "/api/v1/statistics"):
        names = {parameter["name"] for parameter in openapi["paths"][path]["get"]["parameters"]}
        assert set(FILTER_PARAMETERS) <= names, path


def test_docs_api_md_is_up_to_date(openapi: dict[str, Any]) -> None:
    assert DOCS.read_text(encoding="utf-8") == render_api_reference(openapi), (
        "docs/api.md is stale: run scripts/render-api-docs"
    )


def test_wire_schemas_and_domain_objects_have_different_names() -> None:
    """One name, one thing: a wire schema never takes the name of a domain object (the API's
    list envelope was once ``Listing``, the name of a sanctions listing)."""
    domain = _public_classes("cdtoolbox.model")
    for module in _modules("cdtoolbox.interfaces.api"):
        clashes = _public_classes(module, own=True) & domain
        assert not clashes, f"{module}: {sorted(clashes)} also name domain objects"


def _modules(package: str) -> list[str]:
    found = importlib.import_module(package)
    return [package] + [f"{package}.{info.name}" for info in pkgutil.iter_modules(found.__path__)]


def _public_classes(name: str, *, own: bool = False) -> set[str]:
    modules = [name] if own else _modules(name)
    classes: set[str] = set()
    for module_name in modules:
        module = importlib.import_module(module_name)
        classes |= {
            key
            for key, value in vars(module).items()
            if isinstance(value, type)
            and not key.startswith("_")
            and value.__module__ == module_name
        }
    return classes
