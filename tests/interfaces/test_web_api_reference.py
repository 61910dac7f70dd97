"""The API page: Markdown rendered to safe HTML, and each operation's request and response
examples taken from the schemas' own examples."""

from __future__ import annotations

import html
import json
import re
import shlex
from typing import Any

from cdtoolbox.interfaces.web.api_reference import api_reference
from cdtoolbox.interfaces.web.markdown_text import markdown_block, markdown_inline
from web_support import TestClient


def test_markdown_becomes_headings_lists_and_code() -> None:
    rendered = markdown_block(
        "## Filters\n\n- `victim_country`, **repeatable**\n\n```\ncdt list\n```\n"
    )
    assert "<h2>Filters</h2>" in rendered
    assert "<li><code>victim_country</code>, <strong>repeatable</strong></li>" in rendered
    assert "<pre><code>cdt list\n</code></pre>" in rendered


def test_raw_html_in_a_description_comes_out_as_text() -> None:
    hostile = "Lists <script>alert(1)</script> and <img src=x onerror=alert(2)>"
    for rendered in (markdown_block(hostile), markdown_inline(hostile)):
        assert "<script>" not in rendered and "<img" not in rendered
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "href" not in markdown_inline("[read me](javascript:alert(1))")


def _document(**operation: Any) -> dict[str, Any]:
    return {
        "info": {"title": "T", "version": "1", "description": "*Hello*"},
        "paths": {"/things/{id}": {"post": {"operationId": "make", **operation}}},
        "components": {
            "schemas": {
                "Thing": {"properties": {"id": {"type": "string", "examples": ["t1"]}}},
                "Things": {
                    "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
                    }
                },
            }
        },
    }


def test_the_request_example_reads_parameters_and_body_examples() -> None:
    document = _document(
        parameters=[
            {"name": "id", "in": "path", "required": True, "schema": {"examples": ["t'1"]}},
            {"name": "note", "in": "query", "required": True, "schema": {"examples": ["a b"]}},
            {"name": "limit", "in": "query", "schema": {"default": 50, "examples": [50]}},
            {"name": "tag", "in": "query", "schema": {"examples": [["x", "y"]]}},
            {"name": "if-match", "in": "header", "schema": {"examples": ['"3"']}},
        ],
        requestBody={"content": {"application/json": {"schema": {"examples": [{"n": "it's"}]}}}},
        responses={
            "201": {
                "description": "Made",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Things"}}
                },
            }
        },
    )
    (operation,) = api_reference(document).operations
    words = shlex.split(operation.request.replace("\\\n", " "))
    assert words[:3] == ["curl", "-H", "Authorization: Bearer $CDT_TOKEN"]
    assert words[words.index("-X") + 1] == "POST"
    assert 'If-Match: "3"' in words
    assert json.loads(words[words.index("--data") + 1]) == {"n": "it's"}
    # The default page size says nothing; the filters' values are repeated.
    assert words[-1] == "$CDT_URL/things/t'1?note=a+b&tag=x&tag=y"
    assert operation.response_status == "201"
    assert json.loads(operation.response_example or "") == {"items": [{"id": "t1"}]}


def test_an_operation_without_examples_shows_no_invented_response() -> None:
    document = _document(responses={"204": {"description": "Gone"}})
    (operation,) = api_reference(document).operations
    assert operation.response_example is None
    assert operation.request.endswith('"$CDT_URL/things/{id}"')


def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</section>", start)]


def test_the_api_page_renders_markdown_and_examples(client: TestClient) -> None:
    page = client.get("/api").text
    text = re.sub(r"<[^>]+>", "", page)
    assert "**" not in text and "## " not in text and "`" not in text
    assert "<code>cdt incidents list</code>" in page
    assert re.search(r'<ul class="operation-index">\s*<li>', page)
    document = client.get("/api/v1/openapi.json").json()
    operation_id = document["paths"]["/api/v1/incidents/{key}"]["patch"]["operationId"]
    section = html.unescape(_section(page, operation_id))
    assert 'curl -H "Authorization: Bearer $CDT_TOKEN"' in section
    assert "-X PATCH" in section and "-H 'If-Match: \"1\"'" in section
    assert '"$CDT_URL/api/v1/incidents/wannacry-2017"' in section
    assert '"expected_version": 1' in section
    response = re.search(r'<code class="language-json">(.*?)</code>', section, re.DOTALL)
    assert response is not None
    incident = document["components"]["schemas"]["IncidentOut"]["examples"][0]
    assert json.loads(response.group(1)) == incident
    assert "export CDT_URL=http://testserver" in page


def test_the_reference_is_built_once_per_application(client: TestClient) -> None:
    client.get("/api")
    built = client.app.state.api_reference  # type: ignore[attr-defined]
    client.get("/api")
    assert client.app.state.api_reference is built  # type: ignore[attr-defined]
