"""`cdt requests …`: requests for assistance and the offers made, with deadlines and overdue
flags."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.model.assistance import AssistanceRequest, Channel, RequestStatus, is_overdue
from cdtoolbox.model.assistance_codec import offer_to_dict, request_to_dict

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Requests for assistance (norm 13(h), Art. 42(7) TEU, Art. 222 TFEU, the PESCO Cyber "
        "Rapid Response Teams, the EU Cybersecurity Reserve) and the offers made. Writes act "
        "as --user."
    ),
    no_args_is_help=True,
)

_CHANNELS = ", ".join(c.value for c in Channel)
_STATUSES = ", ".join(s.value for s in RequestStatus)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]
RequestArgument = Annotated[str, typer.Argument(metavar="REQUEST", help="The request's id.")]
TlpOption = Annotated[
    str | None,
    typer.Option("--tlp", help="TLP marking (default: the incident's, else amber)."),
]
ClassificationOption = Annotated[
    str | None,
    typer.Option(
        "--classification",
        help="EU classification: restreint-ue, confidentiel-ue or secret-ue (default: the "
        "incident's); never above your own clearance.",
    ),
]


def _document(request: AssistanceRequest, now: datetime) -> dict[str, object]:
    return {**request_to_dict(request), "overdue": is_overdue(request, now)}


@app.command("list")
def list_command(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option("--status", help=f"One of: {_STATUSES}.")] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open requests past their deadline.")
    ] = False,
    channel: Annotated[str | None, typer.Option("--channel", help=f"One of: {_CHANNELS}.")] = None,
    addressee: Annotated[
        str | None, typer.Option("--addressee", help="The State asked under norm 13(h).")
    ] = None,
    incident: Annotated[
        str | None, typer.Option("--incident", help="The incident's id or slug.")
    ] = None,
    state: Annotated[
        str | None, typer.Option("--state", help="A State that sent or was asked.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """The requests you may read: open ones first, the overdue first among them."""
    with open_toolbox(ctx) as toolbox:
        found = toolbox.assistance.list(
            by=acting_user(ctx, toolbox),
            status=status,
            overdue=overdue,
            channel=channel,
            addressee=addressee,
            incident=incident,
            state=state,
        )
        now = toolbox.clock.now()
    if json_output:
        items = [_document(r, now) for r in found]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("Request", "Status", "From", "To", "Deadline (UTC)", "Asked")
    for request in found:
        late = is_overdue(request, now)
        table.add_row(
            request.id,
            "[bold red]OVERDUE[/bold red]" if late else request.status.value,
            request.requester,
            request.addressee or request.channel.label,
            request.deadline.strftime("%Y-%m-%d %H:%M") if request.deadline else "—",
            escape(request.asked),
        )
    out_console.print(table)
    out_console.print(f"{counted(len(found), 'request')}.")


@app.command("show")
def show_command(
    ctx: typer.Context, request_id: RequestArgument, json_output: JsonOption = False
) -> None:
    """One request, its answer and the offers made for it."""
    with open_toolbox(ctx) as toolbox:
        user = acting_user(ctx, toolbox)
        request = toolbox.assistance.get(request_id, by=user)
        offers = toolbox.assistance.offers(by=user, request=request.id)
        now = toolbox.clock.now()
    if json_output:
        print_json({**_document(request, now), "offers": [offer_to_dict(o) for o in offers]})
        return
    late = " — OVERDUE" if is_overdue(request, now) else ""
    out_console.print(f"[bold]{request.id}[/bold] ({request.status.value}{late})")
    out_console.print(f"From {request.requester} to {escape(request.channel.label)}")
    if request.addressee:
        contact = request.point_of_contact or "no registered point of contact"
        out_console.print(f"Addressed to {request.addressee}, through {contact}")
    out_console.print(f"Sent {request.sent_at:%Y-%m-%d %H:%M} UTC")
    if request.deadline:
        out_console.print(f"Deadline {request.deadline:%Y-%m-%d %H:%M} UTC")
    out_console.print(f"Asked: {escape(request.asked)}")
    if request.answer:
        answer = request.answer
        out_console.print(f"Answered by {answer.by} on {answer.at:%Y-%m-%d}: {escape(answer.text)}")
    for offer in offers:
        out_console.print(f"Offer by {offer.offered_by}: {escape(offer.what)}")


@app.command("add")
def add_command(
    ctx: typer.Context,
    requester: Annotated[
        str, typer.Option("--requester", help="The requesting State (ISO code or name) or body.")
    ],
    channel: Annotated[str, typer.Option("--channel", help=f"One of: {_CHANNELS}.")],
    asked: Annotated[str, typer.Option("--asked", help="What is asked, in words.")],
    addressee: Annotated[
        str | None,
        typer.Option("--addressee", help="The State asked (norm-13h only; required there)."),
    ] = None,
    incident: Annotated[
        str | None, typer.Option("--incident", help="The incident concerned (id or slug).")
    ] = None,
    sent_at: Annotated[
        str | None,
        typer.Option("--sent-at", help="When it was sent, ISO 8601 (UTC without an offset)."),
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline",
            help="When an answer is due, ISO 8601; default: the channel's confirmed response "
            "time (72 hours for pesco-crrt), else none.",
        ),
    ] = None,
    tlp: TlpOption = None,
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record a request for assistance."""
    with open_toolbox(ctx) as toolbox:
        request = toolbox.assistance.request(
            by=acting_user(ctx, toolbox),
            requester=requester,
            channel=channel,
            asked=asked,
            addressee=addressee,
            incident=incident,
            sent_at=sent_at,
            deadline=deadline,
            tlp=tlp,
            classification=classification,
        )
        now = toolbox.clock.now()
    _done(request, now, json_output, "Recorded")


@app.command("answer")
def answer_command(
    ctx: typer.Context,
    request_id: RequestArgument,
    text: Annotated[str, typer.Option("--text", help="What the answer said.")],
    answered_by: Annotated[
        str | None,
        typer.Option("--by", help="Who answered (default: the State asked under norm 13(h))."),
    ] = None,
    at: Annotated[str | None, typer.Option("--at", help="When, ISO 8601; default now.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Record the answer to an open request."""
    with open_toolbox(ctx) as toolbox:
        request = toolbox.assistance.answer(
            request_id, by=acting_user(ctx, toolbox), text=text, answered_by=answered_by, at=at
        )
        now = toolbox.clock.now()
    _done(request, now, json_output, "Answered")


@app.command("withdraw")
def withdraw_command(
    ctx: typer.Context, request_id: RequestArgument, json_output: JsonOption = False
) -> None:
    """Withdraw an open request."""
    with open_toolbox(ctx) as toolbox:
        request = toolbox.assistance.withdraw(request_id, by=acting_user(ctx, toolbox))
        now = toolbox.clock.now()
    _done(request, now, json_output, "Withdrew")


@app.command("offer")
def offer_command(
    ctx: typer.Context,
    offered_by: Annotated[
        str, typer.Option("--by", help="The State (ISO code or name) or body offering.")
    ],
    what: Annotated[str, typer.Option("--what", help="What is offered, in words.")],
    request: Annotated[
        str | None, typer.Option("--request", help="The request it answers (its id).")
    ] = None,
    to_state: Annotated[
        str | None, typer.Option("--to", help="The State offered to, without a request.")
    ] = None,
    tlp: TlpOption = None,
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record an offer of assistance, for a request or to a State."""
    with open_toolbox(ctx) as toolbox:
        offer = toolbox.assistance.offer(
            by=acting_user(ctx, toolbox),
            offered_by=offered_by,
            what=what,
            request=request,
            to_state=to_state,
            tlp=tlp,
            classification=classification,
        )
    if json_output:
        print_json(offer_to_dict(offer))
        return
    out_console.print(f"Recorded the offer {offer.id}.")


def _done(request: AssistanceRequest, now: datetime, json_output: bool, verb: str) -> None:
    if json_output:
        print_json(_document(request, now))
        return
    out_console.print(f"{verb} the request {request.id} ({request.status.value}).")
