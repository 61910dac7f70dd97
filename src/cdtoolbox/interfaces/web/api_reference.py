"""The API reference page's content, read from the application's OpenAPI document: each
operation's description as HTML, a curl request and the response it answers with.

The examples are those the wire schemas and parameters declare (``examples`` in the JSON
schema), so the page, the OpenAPI document and the schema tests show the same documents.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from cdtoolbox.interfaces.web.markdown_text import markdown_block, markdown_inline

__all__ = [
    "TOKEN_VARIABLE",
    "URL_VARIABLE",
    "ApiOperation",
    "ApiParameter",
    "ApiReference",
    "api_reference",
]

_METHODS = ("get", "post", "put", "patch", "delete")
#: Optional query parameters shown in a request example, beyond the required ones: enough to
#: show how filters combine without a command line of every filter there is.
_OPTIONAL_SHOWN = 2
#: The shell variables the examples read, so they can be pasted as they are.
URL_VARIABLE = "CDT_URL"
TOKEN_VARIABLE = "CDT_TOKEN"


@dataclass(frozen=True, slots=True)
class ApiParameter:
    name: str
    location: str
    required: bool
    description: Markup


@dataclass(frozen=True, slots=True)
class ApiOperation:
    anchor: str
    method: str
    path: str
    summary: Markup
    description: Markup
    parameters: tuple[ApiParameter, ...]
    request: str
    response_status: str | None
    response_example: str | None
    #: Every status the operation answers with, and what it means.
    statuses: tuple[tuple[str, Markup], ...]


@dataclass(frozen=True, slots=True)
class ApiReference:
    title: str
    version: str
    description: Markup
    operations: tuple[ApiOperation, ...]


class _NoExample:
    """The schema declares nothing to show; distinct from an example that is ``null``."""


_NONE = _NoExample()


def _resolve(schema: Mapping[str, Any], components: Mapping[str, Any]) -> Mapping[str, Any]:
    reference = schema.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/components/schemas/"):
        resolved: Mapping[str, Any] = components[reference.rsplit("/", 1)[1]]
        return resolved
    return schema


def _example(schema: Mapping[str, Any], components: Mapping[str, Any], depth: int = 0) -> Any:
    """The schema's first declared example, else one assembled from its parts' examples (a
    list of countries from the country's example); ``_NONE`` when nothing declares one."""
    if depth > 8:  # a recursive schema without examples: stop rather than loop
        return _NONE
    schema = _resolve(schema, components)
    if schema.get("examples"):
        return schema["examples"][0]
    if "example" in schema:
        return schema["example"]
    if schema.get("type") == "array" and "items" in schema:
        item = _example(schema["items"], components, depth + 1)
        return _NONE if item is _NONE else [item]
    choices = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf") or ()
    for choice in choices:
        if choice.get("type") != "null":
            found = _example(choice, components, depth + 1)
            if found is not _NONE:
                return found
    properties: Mapping[str, Any] = schema.get("properties", {})
    if properties:
        assembled = {
            name: value
            for name, part in properties.items()
            if (value := _example(part, components, depth + 1)) is not _NONE
        }
        return assembled or _NONE
    return schema.get("default", _NONE)


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def _parameter_example(parameter: Mapping[str, Any], components: Mapping[str, Any]) -> Any:
    if "example" in parameter:
        return parameter["example"]
    return _example(parameter.get("schema", {}), components)


def _query_pairs(
    parameters: Sequence[Mapping[str, Any]], components: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """Required query parameters, then the first few optional ones whose example says more
    than the default (a filter value rather than ``limit=50``)."""
    pairs: list[tuple[str, str]] = []
    optional_shown = 0
    for parameter in parameters:
        if parameter["in"] != "query":
            continue
        value = _parameter_example(parameter, components)
        if value is _NONE or value is None:
            continue
        if not parameter.get("required"):
            if optional_shown == _OPTIONAL_SHOWN or value == parameter["schema"].get("default"):
                continue
            optional_shown += 1
        values = value if isinstance(value, list) else [value]
        pairs += [(parameter["name"], str(item)) for item in values]
    return pairs


def _header_name(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


def _curl(
    method: str,
    path: str,
    operation: Mapping[str, Any],
    components: Mapping[str, Any],
) -> str:
    parameters: Sequence[Mapping[str, Any]] = operation.get("parameters", [])
    for parameter in parameters:
        if parameter["in"] == "path":
            value = _parameter_example(parameter, components)
            if value is not _NONE:
                path = path.replace("{" + parameter["name"] + "}", str(value))
    query = urlencode(_query_pairs(parameters, components))
    target = f"${URL_VARIABLE}{path}" + (f"?{query}" if query else "")
    # Double quotes, so that the shell expands the variables; nothing else in a path or an
    # encoded query is special inside them.
    lines = [f'curl -H "Authorization: Bearer ${TOKEN_VARIABLE}"']
    if method != "get":
        lines.append(f"-X {method.upper()}")
    for parameter in parameters:
        if parameter["in"] == "header":
            value = _parameter_example(parameter, components)
            if value is not _NONE:
                header = f"{_header_name(parameter['name'])}: {value}"
                lines.append(f"-H {shlex.quote(header)}")
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = _example(content["application/json"].get("schema", {}), components)
        if body is not _NONE:
            lines.append("-H 'Content-Type: application/json'")
            lines.append(f"--data {shlex.quote(_json(body))}")
    lines.append(f'"{target}"')
    return " \\\n     ".join(lines)


def _response(
    operation: Mapping[str, Any], components: Mapping[str, Any]
) -> tuple[str | None, str | None]:
    """The success status and an example of its body."""
    for status, response in operation.get("responses", {}).items():
        if not status.startswith("2"):
            continue
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        example = _NONE if schema is None else _example(schema, components)
        return status, None if example is _NONE else _json(example)
    return None, None


def _operation(
    method: str, path: str, operation: Mapping[str, Any], components: Mapping[str, Any]
) -> ApiOperation:
    status, example = _response(operation, components)
    return ApiOperation(
        anchor=operation.get("operationId", f"{method}-{path}"),
        method=method.upper(),
        path=path,
        summary=markdown_inline(operation.get("summary", "")),
        description=markdown_block(operation.get("description", "")),
        parameters=tuple(
            ApiParameter(
                name=parameter["name"],
                location=parameter["in"],
                required=bool(parameter.get("required")),
                description=markdown_inline(parameter.get("description", "")),
            )
            for parameter in operation.get("parameters", [])
        ),
        request=_curl(method, path, operation, components),
        response_status=status,
        response_example=example,
        statuses=tuple(
            (code, markdown_inline(response.get("description", "")))
            for code, response in operation.get("responses", {}).items()
        ),
    )


def api_reference(document: Mapping[str, Any]) -> ApiReference:
    """The page's content for an OpenAPI 3 document, operations in the document's order."""
    components: Mapping[str, Any] = document.get("components", {}).get("schemas", {})
    info = document["info"]
    return ApiReference(
        title=info["title"],
        version=info["version"],
        description=markdown_block(info.get("description", "")),
        operations=tuple(
            _operation(method, path, operation, components)
            for path, item in document["paths"].items()
            for method, operation in item.items()
            if method in _METHODS
        ),
    )
