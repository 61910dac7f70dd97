"""The incident filters are declared once and every interface renders that declaration: the
options of each command that selects incidents and the query parameters of each API
operation that does carry the declared names, help, example and repetition rule."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer.main

from cdtoolbox.ingest.query_parameters import INCIDENT_FILTERS
from cdtoolbox.interfaces.cli.app import app
from cdtoolbox.interfaces.cli.filter_options import FilterValues, incident_filter_options
from web_support import TestClient

SELECTING_COMMANDS = (("incidents", "list"), ("export", "stix"), ("export", "misp"))
SELECTING_OPERATIONS = ("/api/v1/incidents", "/api/v1/statistics")


def _command(path: tuple[str, ...]) -> Any:
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.get_command(command.context_class(command), name)
        assert command is not None, path
    return command


@pytest.mark.parametrize("path", SELECTING_COMMANDS, ids=" ".join)
def test_commands_offer_the_declared_filters(path: tuple[str, ...]) -> None:
    options = {
        parameter.opts[0]: parameter
        for parameter in _command(path).params
        if parameter.param_type_name == "option"
    }
    for declared in INCIDENT_FILTERS:
        option = options[declared.option]
        assert option.name == declared.name
        assert option.multiple is declared.repeatable, declared.option
        assert option.help is not None and option.help.startswith(declared.help), declared.option


def test_operations_document_the_declared_filters(client: TestClient) -> None:
    document: dict[str, Any] = client.get("/api/v1/openapi.json").json()
    for path in SELECTING_OPERATIONS:
        parameters = {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}
        for declared in INCIDENT_FILTERS:
            parameter = parameters[declared.name]
            assert parameter["description"].startswith(declared.help), (path, declared.name)
            schema = parameter["schema"]["anyOf"][0]
            assert (schema["type"] == "array") is declared.repeatable, (path, declared.name)
            example = [declared.example] if declared.repeatable else declared.example
            assert parameter["schema"]["examples"] == [example], (path, declared.name)


def test_the_list_page_form_offers_every_declared_filter(client: TestClient) -> None:
    # The form lays its controls out by hand (checkboxes, lists of names, date fields), so
    # this is what keeps it from falling behind the declaration.
    page = client.get("/incidents")
    assert page.status_code == 200
    form = page.text[page.text.index('<form class="filters"') :]
    form = form[: form.index("</form>")]
    offered = set(re.findall(r'\bname="([a-z_]+)"', form))
    missing = {declared.name for declared in INCIDENT_FILTERS} - offered
    assert not missing, f"the incident list form lacks the filters {sorted(missing)}"


def test_the_options_arrive_as_the_filter_values() -> None:
    received: list[FilterValues] = []

    @incident_filter_options
    def command(*, limit: int = 5, filters: FilterValues) -> int:
        received.append(filters)
        return limit

    assert command(limit=3, type=["wiper"], since="2015") == 3
    assert received == [
        {declared.name: None for declared in INCIDENT_FILTERS}
        | {"type": ["wiper"], "since": "2015"}
    ]


def test_a_command_without_a_filters_parameter_is_refused() -> None:
    def command(limit: int = 5) -> None: ...

    with pytest.raises(TypeError, match="no `filters` parameter"):
        incident_filter_options(command)
