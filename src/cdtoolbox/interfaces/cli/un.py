"""`cdt un …`: the UN process (OEWG, Programme of Action, Global Mechanism), the documents of
its sessions paragraph by paragraph, the positions on each paragraph and the statements."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.interfaces.cli.option_values import ClassificationOption
from cdtoolbox.model.un_process_codec import (
    document_positions_to_dict,
    document_to_dict,
    paragraph_to_dict,
    position_to_dict,
    process_to_dict,
    session_record_to_dict,
    session_to_dict,
    statement_to_dict,
)

__all__ = ["app"]

app = typer.Typer(
    help=(
        "The UN process on ICTs: processes and sessions, documents paragraph by paragraph, the "
        "EU's and Member States' positions per paragraph, and the statements delivered."
    ),
    no_args_is_help=True,
)
document_app = typer.Typer(help="Documents of a session (drafts, reports).", no_args_is_help=True)
paragraph_app = typer.Typer(help="Paragraphs of a recorded document.", no_args_is_help=True)
position_app = typer.Typer(help="Positions on a paragraph.", no_args_is_help=True)
statement_app = typer.Typer(help="Statements delivered at a session.", no_args_is_help=True)
app.add_typer(document_app, name="document")
app.add_typer(paragraph_app, name="paragraph")
app.add_typer(position_app, name="position")
app.add_typer(statement_app, name="statement")

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]
SessionArgument = Annotated[
    str, typer.Argument(metavar="SESSION", help="The session's id (`cdt un sessions`).")
]
DocumentArgument = Annotated[
    str, typer.Argument(metavar="DOCUMENT", help="The document's id (`cdt un session SESSION`).")
]
TlpOption = Annotated[str, typer.Option("--tlp", help="The record's TLP marking.")]
PillarOption = Annotated[
    str | None,
    typer.Option(
        "--pillar",
        help="threats, norms, international-law, cbms, capacity-building or rid.",
    ),
]


def _confirmed(status: str, confirmed: bool) -> str:
    return status if confirmed else "NOT CONFIRMED"


@app.command("processes")
def processes_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """The GGE rounds, the OEWGs, the Programme of Action and the Global Mechanism, with
    their mandates, reports and sources; unconfirmed facts are marked."""
    with open_toolbox(ctx) as toolbox:
        processes = toolbox.un_process.processes(by=acting_user(ctx, toolbox))
    if json_output:
        print_json({"items": [process_to_dict(p) for p in processes], "total": len(processes)})
        return
    table = Table("Process", "Name", "Mandate", "Reports", "Checked")
    for process in processes:
        table.add_row(
            process.id,
            escape(process.name),
            process.mandate or "",
            ", ".join(process.reports),
            _confirmed(process.status.value, process.confirmed),
        )
    out_console.print(table)


@app.command("pillars")
def pillars_command(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """The six agenda pillars of the OEWG's mandate: the values of --pillar."""
    with open_toolbox(ctx) as toolbox:
        pillars = toolbox.un_process.pillars(by=acting_user(ctx, toolbox))
    if json_output:
        items = [
            {"id": info.pillar.value, "title": info.title, "summary": info.summary}
            for info in pillars
        ]
        print_json({"items": items, "total": len(items)})
        return
    table = Table("Pillar", "Title", "Summary")
    for info in pillars:
        table.add_row(info.pillar.value, escape(info.title), escape(info.summary))
    out_console.print(table)


@app.command("sessions")
def sessions_command(
    ctx: typer.Context,
    process: Annotated[
        str | None,
        typer.Option("--process", help="Only one process, e.g. oewg-2021-2025."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """The sessions with their dates (given only when confirmed) and outcomes."""
    with open_toolbox(ctx) as toolbox:
        sessions = toolbox.un_process.sessions(process, by=acting_user(ctx, toolbox))
    if json_output:
        print_json({"items": [session_to_dict(s) for s in sessions], "total": len(sessions)})
        return
    table = Table("Session", "Title", "Dates", "Outcome", "Checked")
    for session in sessions:
        dates = f"{session.starts} to {session.ends}" if session.starts else session.note or ""
        table.add_row(
            session.id,
            escape(session.title),
            escape(dates),
            escape(session.outcome or ""),
            _confirmed(session.status.value, session.confirmed),
        )
    out_console.print(table)
    out_console.print(f"{counted(len(sessions), 'session')}.")


@app.command("session")
def session_command(
    ctx: typer.Context, session: SessionArgument, json_output: JsonOption = False
) -> None:
    """A session with the documents and statements recorded of it that you may read."""
    with open_toolbox(ctx) as toolbox:
        record = toolbox.un_process.session(session, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(session_record_to_dict(record))
        return
    found = record.session
    out_console.print(f"{found.id}: {escape(found.title)}")
    if found.starts:
        out_console.print(f"{found.starts} to {found.ends}")
    documents = Table("Document", "Kind", "Symbol", "Title", "Date", "TLP")
    for document in record.documents:
        documents.add_row(
            document.id,
            document.kind.value,
            escape(document.symbol or ""),
            escape(document.title),
            document.dated.isoformat(),
            document.tlp.value,
        )
    out_console.print(documents)
    statements = Table("Date", "Party", "Pillar", "Title", "Address")
    for statement in record.statements:
        statements.add_row(
            statement.dated.isoformat(),
            statement.party,
            statement.pillar.value if statement.pillar else "",
            escape(statement.title),
            escape(statement.url or ""),
        )
    out_console.print(statements)


@app.command("positions")
def positions_command(
    ctx: typer.Context, document: DocumentArgument, json_output: JsonOption = False
) -> None:
    """A document paragraph by paragraph, with the positions on each: the EU's first, then
    the Member States'."""
    with open_toolbox(ctx) as toolbox:
        read = toolbox.un_process.positions(document, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(document_positions_to_dict(read))
        return
    out_console.print(f"{read.document.id}: {escape(read.document.title)}")
    table = Table("Paragraph", "Pillar", "Party", "Stance", "Wording", "Date")
    for entry in read.paragraphs:
        paragraph = entry.paragraph
        pillar = paragraph.pillar.value if paragraph.pillar else ""
        if not entry.positions:
            table.add_row(paragraph.number, pillar, "", "", "", "")
        for position in entry.positions:
            table.add_row(
                paragraph.number,
                pillar,
                position.party,
                position.stance.value,
                escape(position.wording or ""),
                position.dated.isoformat(),
            )
    out_console.print(table)


@app.command("statements")
def statements_command(
    ctx: typer.Context,
    session: Annotated[str | None, typer.Option("--session", help="Only one session.")] = None,
    party: Annotated[
        str | None, typer.Option("--party", help="Only one party: EU or a Member State.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """The statements you may read, by date."""
    with open_toolbox(ctx) as toolbox:
        statements = toolbox.un_process.statements(
            session=session, party=party, by=acting_user(ctx, toolbox)
        )
    if json_output:
        print_json({"items": [statement_to_dict(s) for s in statements], "total": len(statements)})
        return
    table = Table("Date", "Session", "Party", "Title", "Address")
    for statement in statements:
        table.add_row(
            statement.dated.isoformat(),
            statement.session,
            statement.party,
            escape(statement.title),
            escape(statement.url or ""),
        )
    out_console.print(table)


@document_app.command("add")
def document_add_command(
    ctx: typer.Context,
    session: SessionArgument,
    kind: Annotated[
        str,
        typer.Option("--kind", help="apr-draft, apr-final, chair-summary, working-paper or other."),
    ],
    title: Annotated[str, typer.Option("--title", help="The document's title.")],
    date: Annotated[str, typer.Option("--date", help="The document's date, YYYY-MM-DD.")],
    symbol: Annotated[
        str | None, typer.Option("--symbol", help="Its UN symbol, e.g. A/78/265.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where it is published.")] = None,
    tlp: TlpOption = "clear",
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record a document of a session; its id is made from its symbol (or session, kind and
    title). Exit status 2, with nothing written, for an unknown session, a kind outside the
    list, a malformed date or a symbol already recorded."""
    with open_toolbox(ctx) as toolbox:
        document = toolbox.un_process.add_document(
            session,
            kind=kind,
            title=title,
            dated=date,
            symbol=symbol,
            url=url,
            tlp=tlp,
            classification=classification,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json(document_to_dict(document))
        return
    out_console.print(f"Recorded document {document.id}.")


@paragraph_app.command("add")
def paragraph_add_command(
    ctx: typer.Context,
    document: DocumentArgument,
    number: Annotated[
        str, typer.Argument(metavar="NUMBER", help="As printed: 12, 12bis, 12(a), C.3.")
    ],
    text: Annotated[str, typer.Option("--text", help="The paragraph's text.")],
    pillar: PillarOption = None,
    json_output: JsonOption = False,
) -> None:
    """Add a paragraph to a document (add them in the document's order). Exit status 2, with
    nothing written, for an unknown document or a number it already has."""
    with open_toolbox(ctx) as toolbox:
        paragraph = toolbox.un_process.add_paragraph(
            document, number, text=text, pillar=pillar, by=acting_user(ctx, toolbox)
        )
    if json_output:
        print_json(paragraph_to_dict(paragraph))
        return
    out_console.print(f"Added paragraph {paragraph.number} to {paragraph.document}.")


@position_app.command("record")
def position_record_command(
    ctx: typer.Context,
    document: DocumentArgument,
    paragraph: Annotated[str, typer.Argument(metavar="PARAGRAPH", help="The paragraph number.")],
    party: Annotated[
        str, typer.Argument(metavar="PARTY", help="EU, or a Member State's ISO code or name.")
    ],
    stance: Annotated[
        str,
        typer.Option(
            "--stance",
            help="support, support-with-amendments, oppose, reserve or no-position.",
        ),
    ],
    wording: Annotated[
        str | None,
        typer.Option("--wording", help="The amendment or the position's wording."),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="When it was taken, YYYY-MM-DD; today.")
    ] = None,
    tlp: TlpOption = "clear",
    classification: ClassificationOption = None,
    expected_version: Annotated[
        int | None,
        typer.Option(
            "--expected-version",
            help="Refuse the change (exit 1) if someone changed the position since this version.",
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Record a party's stance on a paragraph; a change is a new version, kept in the audit
    trail. Exit status 2, with nothing written, for an unknown document or paragraph, a party
    neither the EU nor a Member State, a stance outside the list or a malformed date."""
    with open_toolbox(ctx) as toolbox:
        position = toolbox.un_process.record_position(
            document,
            paragraph,
            party,
            stance=stance,
            wording=wording,
            dated=date,
            tlp=tlp,
            classification=classification,
            expected_version=expected_version,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json(position_to_dict(position))
        return
    out_console.print(
        f"Recorded {position.party} on {position.document} paragraph {position.paragraph}: "
        f"{position.stance.value} (version {position.version})."
    )


@statement_app.command("add")
def statement_add_command(
    ctx: typer.Context,
    session: SessionArgument,
    party: Annotated[str, typer.Option("--party", help="EU, or a Member State.")],
    date: Annotated[str, typer.Option("--date", help="When it was delivered, YYYY-MM-DD.")],
    title: Annotated[str, typer.Option("--title", help="The statement's title.")],
    url: Annotated[str | None, typer.Option("--url", help="Where it is published.")] = None,
    pillar: PillarOption = None,
    aligned: Annotated[
        list[str] | None,
        typer.Option("--aligned", help="A State aligning itself with it (repeat the option)."),
    ] = None,
    tlp: TlpOption = "clear",
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record a statement delivered at a session. Exit status 2, with nothing written, for an
    unknown session, a party neither the EU nor a Member State, a malformed date or a date
    outside the session's confirmed dates."""
    with open_toolbox(ctx) as toolbox:
        statement = toolbox.un_process.add_statement(
            session,
            party=party,
            dated=date,
            title=title,
            url=url,
            pillar=pillar,
            aligned=aligned or (),
            tlp=tlp,
            classification=classification,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json(statement_to_dict(statement))
        return
    out_console.print(f"Recorded statement {statement.id}.")
