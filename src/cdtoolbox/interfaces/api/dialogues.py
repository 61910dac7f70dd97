"""`/api/v1/dialogues…`: the EU's cyber dialogues and partnerships. Reads are open to every
reader (rounds above their clearance left out and counted); recording a round or changing a
dialogue needs an account with the right to edit the cooperation registers, and each write
goes to the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from cdtoolbox.interfaces.api.dialogue_schemas import (
    DialogueChangeIn,
    DialogueIn,
    DialogueOut,
    RoundIn,
    dialogue_out,
)
from cdtoolbox.interfaces.api.parameters import errors
from cdtoolbox.interfaces.api.reference_schemas import EntryList
from cdtoolbox.interfaces.http.authentication import AuthenticateFirst, ReaderDep, SignedInDep
from cdtoolbox.interfaces.http.request_context import ToolboxDep

__all__ = ["router"]

router = APIRouter(tags=["cooperation"], route_class=AuthenticateFirst)

_DIALOGUE = Path(description="The dialogue's id", examples=["eu-gb-cyber-dialogue"])


@router.get(
    "/dialogues",
    summary="List dialogues and partnerships",
    description=(
        "The EU's cyber dialogues with third countries and organisations, its partnerships, "
        "the like-minded format and the cyber ambassadors, by id: status (and whether the "
        "sources confirm it), rounds you may read, next meeting."
    ),
    response_model=EntryList[DialogueOut],
    responses=errors(422),
)
def list_dialogues(
    toolbox: ToolboxDep,
    by: ReaderDep,
    partner: Annotated[
        str | None,
        Query(description="ISO code, country name or organisation id", examples=["CN"]),
    ] = None,
    kind: Annotated[
        str | None, Query(description="bilateral, organisation, …", examples=["bilateral"])
    ] = None,
    status: Annotated[
        str | None,
        Query(description="active, dormant, suspended, none or unknown", examples=["active"]),
    ] = None,
) -> EntryList[DialogueOut]:
    found = toolbox.dialogues.list(partner=partner, kind=kind, status=status, by=by)
    items = [dialogue_out(d) for d in found]
    return EntryList(items=items, total=len(items))


@router.post(
    "/dialogues",
    summary="Add a dialogue or partnership",
    description=(
        "Add a dialogue with a country or an organisation, or an exchange with civil society, "
        "academia or industry (a new organisation is named by `partner_name`). Its id is made "
        "from its title; an unknown partner, a kind or status outside the lists, a title "
        "already used or a malformed date is refused with 422 and nothing is written."
    ),
    status_code=201,
    response_model=DialogueOut,
    responses=errors(401, 403, 422),
)
def add_dialogue(toolbox: ToolboxDep, by: SignedInDep, body: DialogueIn) -> DialogueOut:
    return dialogue_out(toolbox.dialogues.add(by=by, **body.model_dump()))


@router.get(
    "/dialogues/{dialogue_id}",
    summary="Read a dialogue",
    description="One dialogue with the rounds you may read and how many were left out.",
    response_model=DialogueOut,
    responses=errors(404, 422),
)
def get_dialogue(
    toolbox: ToolboxDep, by: ReaderDep, dialogue_id: Annotated[str, _DIALOGUE]
) -> DialogueOut:
    return dialogue_out(toolbox.dialogues.get(dialogue_id, by=by))


@router.post(
    "/dialogues/{dialogue_id}/rounds",
    summary="Record a round",
    description=(
        "Record a round that took place, under its own TLP marking (at most your clearance). "
        "A malformed date, a date after today, a round on a day or with a number already "
        "recorded, or a last day before the first is refused with 422 and nothing is written."
    ),
    status_code=201,
    response_model=DialogueOut,
    responses=errors(401, 403, 404, 422),
)
def add_round(
    toolbox: ToolboxDep, by: SignedInDep, dialogue_id: Annotated[str, _DIALOGUE], body: RoundIn
) -> DialogueOut:
    return dialogue_out(toolbox.dialogues.add_round(dialogue_id, by=by, **body.model_dump()))


@router.patch(
    "/dialogues/{dialogue_id}",
    summary="Change a dialogue's status or next meeting",
    description=(
        "Set the status (active, dormant, suspended, none, unknown) or announce the next "
        "meeting; a next meeting not after the last round, or a status outside the list, is "
        "refused with 422 and nothing is written."
    ),
    response_model=DialogueOut,
    responses=errors(401, 403, 404, 422),
)
def change_dialogue(
    toolbox: ToolboxDep,
    by: SignedInDep,
    dialogue_id: Annotated[str, _DIALOGUE],
    body: DialogueChangeIn,
) -> DialogueOut:
    return dialogue_out(toolbox.dialogues.update(dialogue_id, by=by, **body.model_dump()))
