"""docs/api.md, rendered from the OpenAPI document the application generates (never by hand)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["render_api_reference"]

_METHODS = ("get", "post", "put", "patch", "delete")


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _parameters(operation: Mapping[str, Any]) -> list[str]:
    parameters = operation.get("parameters", [])
    if not parameters:
        return []
    lines = ["| parameter | in | meaning |", "|---|---|---|"]
    for parameter in parameters:
        required = " (required)" if parameter.get("required") else ""
        lines.append(
            f"| `{parameter['name']}` | {parameter['in']}{required} "
            f"| {_cell(parameter.get('description', ''))} |"
        )
    return [*lines, ""]


def _responses(operation: Mapping[str, Any]) -> list[str]:
    items = [
        f"`{status}` {_cell(response.get('description', ''))}"
        for status, response in operation.get("responses", {}).items()
    ]
    return [f"Responses: {'; '.join(items)}.", ""] if items else []


def render_api_reference(document: Mapping[str, Any]) -> str:
    """The Markdown reference of every operation, in the order of the OpenAPI document."""
    info = document["info"]
    lines = [
        "# HTTP API reference",
        "",
        "<!-- Generated from the application's OpenAPI document by scripts/render-api-docs;",
        "     tests/interfaces/test_api_openapi.py fails when it is stale. Do not edit. -->",
        "",
        f"{info['title']} {info['version']}. `cdt serve` serves it under `/api/v1`, with the",
        "OpenAPI document at `/api/v1/openapi.json` and a readable version at `/api`.",
        "",
        info.get("description", "").strip(),
        "",
    ]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            lines += [
                f"## {operation.get('summary', '')}",
                "",
                f"`{method.upper()} {path}`",
                "",
                operation.get("description", "").strip(),
                "",
                *_parameters(operation),
                *_responses(operation),
            ]
    return "\n".join(lines).rstrip() + "\n"
