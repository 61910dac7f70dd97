"""Creating and editing an incident on the web: ``/incidents/new`` and ``/incidents/{key}/edit``.

Each save is one library call (``incidents.add`` or ``incidents.edit``), so the page checks
nothing the library does not: the same reader refuses the same fields as for a file, the CLI
or the API, the same rights and clearance apply, and the same audit entry is written. On
success the browser is sent to the incident (so a reload does not post again). When the
library refuses, the form is drawn again with what was typed, each error beside its input,
and nothing is written.

The edit form carries the version it was drawn from and the values it showed then. If
someone saved a newer version meanwhile, the library refuses the save (``Conflict``); the
form then lists what they changed, and is drawn on the newer version with the analyst's
input kept, so saving again is a decision taken knowing their change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from cdtoolbox.errors import Conflict, ImportRejected, InvalidInput
from cdtoolbox.ingest.incident_document import incident_to_document
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, SignedInDep, session_of
from cdtoolbox.interfaces.http.request_context import ToolboxDep
from cdtoolbox.interfaces.web.incident_form import (
    ATTRIBUTION_INPUTS,
    LIST_INPUTS,
    SCALAR_INPUTS,
    SOURCE_INPUTS,
    FormValues,
    RowNumbers,
    changed_inputs,
    document_from_form,
    errors_by_input,
    field_id,
    form_from_document,
    read_form,
    row_numbers,
)
from cdtoolbox.interfaces.web.templating import render
from cdtoolbox.model import Incident
from cdtoolbox.model.access import Permission, User
from cdtoolbox.model.vocabulary import (
    AttributionBasis,
    Classification,
    IncidentStatus,
    PartyKind,
    Tlp,
)
from cdtoolbox.toolbox import Toolbox
from cdtoolbox.toolbox.access import require

__all__ = ["input_label", "router"]

router = APIRouter(route_class=AuthenticateFirst)

# The source named in the audit entry of an incident created here.
_SOURCE = "web form"
_VERSION = "expected_version"
_BASED_ON = "based_on"
# The document fields the form covers: an edit changes these and keeps the others.
_COVERED = (*SCALAR_INPUTS, "campaign", "types", "victims", "attributions", "sources")

_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "start": "Start",
    "end": "End",
    "disclosed": "Made public",
    "status": "Status",
    "tlp": "TLP marking",
    "classification": "EU classification",
    "campaign": "Campaign",
    "types": "Type",
    "victims.countries": "Victim countries",
    "victims.sectors": "Victim sectors",
}
_ROW_LABELS: dict[str, tuple[str, dict[str, str]]] = {
    "attributions": (
        "Attribution",
        {
            "by.kind": "attributed by",
            "by.name": "name of who attributed",
            "actor": "actor",
            "state": "state held responsible",
            "date": "date",
            "likelihood": "likelihood",
            "confidence": "confidence",
            "basis": "basis",
        },
    ),
    "sources": (
        "Source",
        {"title": "title", "url": "address", "publisher": "publisher", "published": "published"},
    ),
}


def input_label(name: str) -> str:
    """How the page names an input: ``attributions[0].actor`` is "Attribution 1: actor"."""
    if name in _LABELS:
        return _LABELS[name]
    kind, _, rest = name.partition("[")
    number, _, inner = rest.partition("].")
    if kind in _ROW_LABELS and number.isdigit():
        title, inputs = _ROW_LABELS[kind]
        return f"{title} {int(number) + 1}: {inputs.get(inner, inner)}"
    return name


@dataclass(frozen=True)
class TheirChange:
    """One input someone else changed since the form was drawn, as it is stored now."""

    name: str
    label: str
    now: str


@dataclass
class FormState:
    """Everything the form page shows besides the catalogues."""

    values: FormValues
    errors: Mapping[str, Sequence[InvalidInput]] = field(default_factory=dict)
    incident: Incident | None = None  # the incident edited; None on the new-incident form
    based_on: FormValues = field(default_factory=dict)
    stored_rows: Mapping[str, int] = field(default_factory=dict)
    conflict: Conflict | None = None
    theirs: Sequence[TheirChange] = ()


@router.get("/incidents/new")
def new_incident(request: Request, toolbox: ToolboxDep, by: SignedInDep) -> Response:
    # Nothing is read yet: the page is refused as the save would be.
    require(by, Permission.EDIT_INCIDENTS)
    # A blank incident's document: the form starts from the model's own defaults (its
    # marking and status), as a document that leaves them out would be read.
    blank = incident_to_document(Incident(id="", slug="", title=""), {})
    return _page(request, toolbox, by, FormState(values=form_from_document(blank)))


@router.post("/incidents/new")
async def create_incident(request: Request, toolbox: ToolboxDep, by: SignedInDep) -> Response:
    form = await request.form()
    values = read_form(_texts(form.multi_items()))
    document, rows = document_from_form(values)

    def add() -> Incident:
        return toolbox.incidents.add([document], by=by, source=_SOURCE).created[0]

    try:
        incident = await run_in_threadpool(add)
    except (ImportRejected, InvalidInput) as error:
        state = FormState(values=values, errors=_placed(error, values, rows))
        return _page(request, toolbox, by, state, status_code=422)
    session_of(request).leave_notice(f"Incident created: {incident.title}.")
    return RedirectResponse(f"/incidents/{incident.slug}", status_code=303)


@router.get("/incidents/{key}/edit")
def edit_incident(request: Request, key: str, toolbox: ToolboxDep, by: SignedInDep) -> Response:
    editable = toolbox.incidents.editable(key, by=by)
    values = form_from_document(editable.document)
    state = FormState(
        values=values,
        incident=editable.incident,
        based_on=values,
        stored_rows=_stored_rows(editable.document),
    )
    return _page(request, toolbox, by, state)


@router.post("/incidents/{key}/edit")
async def save_incident(
    request: Request, key: str, toolbox: ToolboxDep, by: SignedInDep
) -> Response:
    form = await request.form()
    items = list(_texts(form.multi_items()))
    sent = dict(items)
    values = read_form(items)
    based_on = _based_on(sent.get(_BASED_ON, ""))

    def save() -> Incident:
        # Read first: who may not edit is refused, and a hidden incident is not found,
        # before anything they sent is looked at.
        editable = toolbox.incidents.editable(key, by=by)
        version = _version(sent.get(_VERSION, ""))
        document, rows = document_from_form(values, editable.document)
        changes = {name: document[name] for name in _COVERED}
        try:
            return toolbox.incidents.edit(key, changes, by=by, expected_version=version)
        except (ImportRejected, InvalidInput) as error:
            raise _Refused(editable.incident, editable.document, error, rows) from error

    try:
        incident = await run_in_threadpool(save)
    except _Refused as refused:
        state = FormState(
            values=values,
            errors=_placed(refused.error, values, refused.rows),
            incident=refused.incident,
            based_on=based_on,
            stored_rows=_stored_rows(refused.document),
        )
        return _page(request, toolbox, by, state, status_code=422)
    except Conflict as conflict:
        current = await run_in_threadpool(lambda: toolbox.incidents.editable(key, by=by))
        now = form_from_document(current.document)
        theirs = [
            TheirChange(name, input_label(name), _shown(toolbox, name, now.get(name, [])))
            for name in changed_inputs(based_on, now)
        ]
        state = FormState(
            values=values,
            incident=current.incident,
            based_on=now,
            stored_rows=_stored_rows(current.document),
            conflict=conflict,
            theirs=theirs,
        )
        return _page(request, toolbox, by, state, status_code=409)
    session_of(request).leave_notice(
        f"Incident saved: {incident.title} (version {incident.version})."
    )
    return RedirectResponse(f"/incidents/{incident.slug}", status_code=303)


class _Refused(Exception):
    """The library refused what was typed; carries what the page needs to show it again."""

    def __init__(
        self,
        incident: Incident,
        document: Mapping[str, Any],
        error: ImportRejected | InvalidInput,
        rows: RowNumbers,
    ) -> None:
        super().__init__(str(error))
        self.incident = incident
        self.document = document
        self.error = error
        self.rows = rows


def _page(
    request: Request, toolbox: Toolbox, by: User, state: FormState, status_code: int = 200
) -> Response:
    rows = {
        kind: _rows_to_draw(state.values, kind, state.stored_rows.get(kind, 0))
        for kind in ("attributions", "sources")
    }
    return render(
        request,
        "incidents/form.html",
        {
            "state": state,
            "values": state.values,
            "errors": state.errors,
            "their_changes": {change.name: change for change in state.theirs},
            "rows": rows,
            "attribution_inputs": ATTRIBUTION_INPUTS,
            "source_inputs": SOURCE_INPUTS,
            "field_id": field_id,
            "input_label": input_label,
            "based_on": json.dumps(state.based_on, ensure_ascii=False, sort_keys=True),
            "victim_choices": _victim_choices(toolbox, state.values),
            "actors": toolbox.actors.all(by=by),
            "options": _options(toolbox),
            "bases": tuple(AttributionBasis),
        },
        status_code=status_code,
    )


def _victim_choices(toolbox: Toolbox, values: FormValues) -> dict[str, list[tuple[str, str]]]:
    """The (value, label) check boxes of the victims, those chosen first: a list of 249
    countries in a scrolling box would otherwise hide what is ticked."""
    knowledge = toolbox.knowledge
    countries = [(c.code, c.name) for c in sorted(knowledge.countries.all(), key=_by_name)]
    sectors = [(s.id, f"— {s.name}" if s.parent else s.name) for s in knowledge.sectors.all()]
    choices = {"victims.countries": countries, "victims.sectors": sectors}
    for name, items in choices.items():
        chosen = values.get(name, [])
        ticked = sorted(
            (item for item in items if item[0] in chosen), key=lambda item: chosen.index(item[0])
        )
        choices[name] = [*ticked, *(item for item in items if item[0] not in chosen)]
    return choices


def _by_name(item: Any) -> str:
    return str(item.name)


def _options(toolbox: Toolbox) -> dict[str, list[tuple[str, str]]]:
    """The (value, label) choices of each select, from the vocabularies and catalogues."""
    scales = toolbox.knowledge.scales
    return {
        "statuses": [(status.value, status.value.capitalize()) for status in IncidentStatus],
        "tlp": [(marking.value, marking.label) for marking in Tlp],
        "classifications": [
            ("", "Unclassified"),
            *((level.value, level.label) for level in Classification),
        ],
        "party_kinds": [(kind.value, kind.label.capitalize()) for kind in PartyKind],
        "countries": [
            (country.code, country.name)
            for country in sorted(toolbox.knowledge.countries.all(), key=_by_name)
        ],
        "likelihoods": [(entry.value, entry.label) for entry in scales.likelihood.entries],
        "confidences": [(entry.value, entry.label) for entry in scales.confidence.entries],
    }


def _rows_to_draw(values: FormValues, kind: str, stored: int) -> list[int]:
    """The rows of ``kind`` to draw: those holding something, then one blank row numbered
    after every row the form or the stored incident has, so that filling it adds an item
    rather than reviving one removed."""
    numbers = row_numbers(values, kind)
    kept = [row for row in numbers if any(_filled(values, name) for name in _row_inputs(kind, row))]
    return [*kept, max([*numbers, stored - 1], default=-1) + 1]


def _row_inputs(kind: str, row: int) -> list[str]:
    inputs = ATTRIBUTION_INPUTS if kind == "attributions" else SOURCE_INPUTS
    return [f"{kind}[{row}].{name}" for name in inputs]


def _filled(values: FormValues, name: str) -> bool:
    return any(value.strip() for value in values.get(name, ()))


def _stored_rows(document: Mapping[str, Any]) -> dict[str, int]:
    return {kind: len(document.get(kind) or ()) for kind in ("attributions", "sources")}


def _placed(
    error: ImportRejected | InvalidInput, values: FormValues, rows: RowNumbers
) -> dict[str, list[InvalidInput]]:
    errors = error.errors if isinstance(error, ImportRejected) else (error,)
    inputs = [
        *SCALAR_INPUTS,
        *LIST_INPUTS,
        *(
            name
            for kind in ("attributions", "sources")
            for row in row_numbers(values, kind)
            for name in _row_inputs(kind, row)
        ),
    ]
    return errors_by_input(errors, inputs, rows)


def _version(text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 20):
        raise InvalidInput("form", _VERSION, text or None, "is not an incident version")
    return int(text)


def _based_on(text: str) -> FormValues:
    """The values the form showed when it was drawn; they only serve to tell the analyst
    what someone else changed, so a form without them (or with nonsense) just tells less."""
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(name): [str(item) for item in value]
        for name, value in data.items()
        if isinstance(value, list)
    }


def _texts(items: Sequence[tuple[str, object]]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in items if isinstance(value, str)]


def _shown(toolbox: Toolbox, name: str, values: Sequence[str]) -> str:
    """A stored value as the conflict message shows it: countries and sectors by name."""
    shown = [value for value in values if value.strip()]
    if not shown:
        return "(blank)"
    knowledge = toolbox.knowledge
    if name == "victims.countries" or name.endswith("].state"):
        shown = [_name_or_code(knowledge.countries.find(code), code) for code in shown]
    elif name == "victims.sectors":
        shown = [_name_or_code(knowledge.sectors.find(code), code) for code in shown]
    return ", ".join(shown)


def _name_or_code(found: Any, code: str) -> str:
    return str(found.name) if found is not None else code
