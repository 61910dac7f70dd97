"""`cdt statements …`: official statements read into attributions, instruments and measures."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, BinaryIO

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import (
    acting_user,
    err_console,
    open_toolbox,
    out_console,
    print_json,
)
from cdtoolbox.interfaces.cli.option_values import ClassificationOption
from cdtoolbox.interfaces.cli.response_view import print_response
from cdtoolbox.model import Tlp
from cdtoolbox.model.response_codec import response_record_to_dict
from cdtoolbox.model.response_record import DraftCorrections
from cdtoolbox.model.statement import (
    IssuerKind,
    Named,
    Statement,
    StatementExchange,
    StatementReading,
)
from cdtoolbox.model.statement_codec import reading_to_dict, statement_to_dict
from cdtoolbox.toolbox.settings import DEFAULT_ORGANISATION

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Official statements (declarations on behalf of the EU, Council press releases, "
        "national attributions): read who is held responsible, the instrument, the norms "
        "invoked and the measures announced; keep them in the archive and search it."
    ),
    no_args_is_help=True,
)


@app.command("read")
def read_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A statement as .txt, .md, .html (its main text) or .pdf (its text layer).",
        ),
    ],
    json_output: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the reading as the JSON document of docs/statements.md, every item "
            "with its evidence (offsets into the text and the quoted words).",
        ),
    ] = False,
) -> None:
    """Read FILE without storing it: date, issuer, instrument, actors, who is held
    responsible and how firmly, targets, norms, law and measures. A file that gives no text
    (empty, not UTF-8, encrypted or image-only PDF, over the size limit) exits with 2."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        reading = toolbox.statements.read(file, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(reading_to_dict(reading))
        return
    _print_reading(reading)


_ISSUERS = ", ".join(kind.value for kind in IssuerKind)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of text for people.")
]


@app.command("add")
def add_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...",
            help="Statements as .txt, .md, .html (its main text) or .pdf (its text layer).",
        ),
    ],
    url: Annotated[
        str | None, typer.Option("--url", help="Where the statement was published (one FILE).")
    ] = None,
    issuer: Annotated[
        str | None,
        typer.Option("--issuer", help=f"The issuer's kind, over the one read: {_ISSUERS}."),
    ] = None,
    issuer_name: Annotated[
        str | None, typer.Option("--issuer-name", help="The issuer's name, with --issuer.")
    ] = None,
    issued: Annotated[
        str | None,
        typer.Option("--date", help="The date of issue (YYYY-MM-DD), over the one read."),
    ] = None,
    tlp: Annotated[str, typer.Option("--tlp", help="The statements' TLP marking.")] = "clear",
    classification: ClassificationOption = None,
    json_output: JsonOption = False,
) -> None:
    """Keep each FILE in the archive with its reading, all or none: a file that gives no
    text (empty, not UTF-8, binary, encrypted or image-only PDF, over 10 MB) refuses the
    batch with exit status 2 and nothing is stored. A text already kept is not stored again."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        added = toolbox.statements.add(
            files,
            url=url,
            issuer=issuer,
            issuer_name=issuer_name,
            date=issued,
            tlp=tlp,
            classification=classification,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json(
            {
                "items": [
                    {**statement_to_dict(item.statement, with_text=False), "new": item.new}
                    for item in added
                ]
            }
        )
        return
    for item in added:
        statement = item.statement
        state = "stored" if item.new else "already in the archive"
        out_console.print(f"{statement.id}  {escape(statement.file_name)}: {state}")
        for field in statement.given:
            out_console.print(
                f"  {field} as given, over the reading's {_read_value(statement, field)}"
            )


@app.command("list")
def list_command(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Option("--text", help="Words that must all occur (stemmed, accents folded)."),
    ] = None,
    issuer: Annotated[
        str | None, typer.Option("--issuer", help=f"The issuer's kind: {_ISSUERS}.")
    ] = None,
    instrument: Annotated[
        str | None,
        typer.Option(
            "--instrument",
            help="An instrument id (stability.hr_declaration, restrictive.listing, …), "
            "national-attribution, statement-in-international-forum or other.",
        ),
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="A threat actor named, by any alias.")
    ] = None,
    state: Annotated[
        str | None,
        typer.Option("--state", help="A State held responsible: ISO code or name."),
    ] = None,
    incident: Annotated[
        str | None, typer.Option("--incident", help="An incident referred to, by its slug.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Issued on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Issued on or before (YYYY-MM-DD).")
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="The language read: en, fr, de …")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Page size.")] = 50,
    cursor: Annotated[str | None, typer.Option("--cursor", help="Continue after a page.")] = None,
    json_output: JsonOption = False,
) -> None:
    """List the statements you may read, newest first, that match every filter given."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        page = toolbox.statements.list(
            text=text,
            issuer=issuer,
            instrument=instrument,
            actor=actor,
            state=state,
            incident=incident,
            since=since,
            until=until,
            language=language,
            limit=limit,
            cursor=cursor,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json(
            {
                "items": [statement_to_dict(item, with_text=False) for item in page.items],
                "next_cursor": page.next_cursor,
            }
        )
        return
    table = Table("Id", "Date", "Issuer", "Instrument", "Language", "File", "TLP")
    for statement in page.items:
        table.add_row(
            statement.id,
            statement.date.isoformat() if statement.date else "",
            statement.issuer_kind.value,
            statement.instrument,
            statement.language or "",
            escape(statement.file_name),
            statement.tlp.value,
        )
    out_console.print(table)
    if page.next_cursor:
        out_console.print(f"More: add --cursor {page.next_cursor}")


@app.command("show")
def show_command(
    ctx: typer.Context,
    statement_id: Annotated[
        str, typer.Argument(metavar="ID", help="The statement's id (`cdt statements list`).")
    ],
    json_output: JsonOption = False,
) -> None:
    """Show a statement: where it came from, its marking, its reading and its full text."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        statement = toolbox.statements.get(statement_id, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(statement_to_dict(statement))
        return
    marking = f"TLP:{statement.tlp.value.upper()}"
    if statement.classification is not None:
        marking += f", {statement.classification.value}"
    out_console.print(f"[bold]{escape(statement.file_name)}[/bold] ({statement.id}) \\[{marking}]")
    if statement.source_url:
        out_console.print(f"Source: {escape(statement.source_url)}")
    out_console.print(
        f"Added by {escape(statement.recorded_by)} on {statement.recorded_at:%Y-%m-%d %H:%M} UTC"
        f" ({statement.reader_version}); SHA-256 {statement.sha256}"
    )
    for field in statement.given:
        value = (
            statement.issuer_kind.value
            + (f" ({statement.issuer_name})" if statement.issuer_name else "")
            if field == "issuer"
            else str(statement.date)
        )
        out_console.print(
            f"{field.capitalize()} given: {escape(value)}, over the reading's "
            f"{escape(_read_value(statement, field))}"
        )
    _print_reading(statement.reading)
    out_console.print()
    out_console.print(escape(statement.text), highlight=False)


@app.command("export")
def export_command(
    ctx: typer.Context,
    statement_ids: Annotated[
        list[str],
        typer.Argument(metavar="ID...", help="Statements' ids (`cdt statements list`)."),
    ],
    format: Annotated[
        StatementExchange,
        typer.Option(
            "--format",
            help="stix: a STIX 2.1 bundle, each statement a report referring to the incidents "
            "and intrusion sets it names; misp: MISP events, each statement an event report "
            "in the event of an incident it names, or in an event of its own.",
        ),
    ] = StatementExchange.STIX,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    max_tlp: Annotated[
        Tlp,
        typer.Option(
            "--max-tlp",
            help="Most restricted TLP marking that may leave (default clear): a statement "
            "above it is refused, the incidents and actors above it are left out.",
        ),
    ] = Tlp.CLEAR,
    organisation: Annotated[
        str, typer.Option("--org", help="The organisation MISP events name as their creator.")
    ] = DEFAULT_ORGANISATION,
) -> None:
    """Export statements with the incidents and actors they name (docs/statements.md,
    "Exchange"). A classified statement never leaves; one above --max-tlp exits with 2."""
    with open_toolbox(ctx) as toolbox:
        by = acting_user(ctx, toolbox)
        with _opened(output) as out:
            if format is StatementExchange.MISP:
                misp = toolbox.misp.export_statements(
                    out, statement_ids, by=by, max_tlp=max_tlp, organisation=organisation
                )
                summary = f"{misp.events} MISP events with {misp.statements} statement reports"
            else:
                stix = toolbox.stix.export_statements(out, statement_ids, by=by, max_tlp=max_tlp)
                summary = (
                    f"{stix.objects} STIX objects: {stix.statements} statements, "
                    f"{stix.incidents} incidents, {stix.actors} actors"
                )
    err_console.print(f"Exported {summary}.", markup=False)


@contextmanager
def _opened(output: Path | None) -> Iterator[BinaryIO]:
    if output is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with output.open("wb") as out:
        yield out


@app.command("draft")
def draft_command(
    ctx: typer.Context,
    statement_id: Annotated[
        str, typer.Argument(metavar="ID", help="The statement's id (`cdt statements list`).")
    ],
    confirm: Annotated[
        bool,
        typer.Option(
            "--confirm",
            help="Confirm the draft, with the corrections given: it becomes a precedent of the "
            "assessment and shows on its incidents' pages.",
        ),
    ] = False,
    instrument: Annotated[
        str | None,
        typer.Option("--instrument", help="With --confirm: the Toolbox instrument's id."),
    ] = None,
    issued: Annotated[
        str | None,
        typer.Option("--date", help="With --confirm: the response's date (YYYY-MM-DD)."),
    ] = None,
    incidents: Annotated[
        list[str] | None,
        typer.Option(
            "--incident",
            help="With --confirm: a stored incident the response concerns, by slug "
            "(repeat for several); replaces the draft's, and the draft incident is not recorded.",
        ),
    ] = None,
    wording: Annotated[
        str | None,
        typer.Option("--wording", help="With --confirm: the response's words on who did it."),
    ] = None,
    state_named: Annotated[
        str | None,
        typer.Option(
            "--state-named",
            help="With --confirm: the State held responsible (ISO code or name; empty: none).",
        ),
    ] = None,
    incident_title: Annotated[
        str | None,
        typer.Option("--incident-title", help="With --confirm: the draft incident's title."),
    ] = None,
    incident_types: Annotated[
        list[str] | None,
        typer.Option(
            "--incident-type",
            help="With --confirm: what the draft incident's activity did (espionage, wiper …; "
            "repeat for several); required to record a draft incident.",
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Draft the public response a stored statement amounts to (instrument, date, issuer,
    wording, State named, persons listed, source, incidents) and, where the text is about an
    incident the store does not hold, a draft incident; store them as drafts at the
    statement's marking and print them. With --confirm, confirm the draft with the
    corrections given (recording the draft incident as a real one)."""
    corrections_given = (
        any(
            value
            for value in (instrument, issued, incidents, wording, incident_title, incident_types)
        )
        or state_named is not None
    )
    if corrections_given and not confirm:
        raise typer.BadParameter("corrections are given with --confirm", param_hint="--confirm")
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        by = acting_user(ctx, toolbox)
        if confirm:
            record = toolbox.responses.confirm(
                statement_id,
                DraftCorrections(
                    instrument=instrument,
                    date=issued,
                    incidents=tuple(incidents) if incidents else None,
                    wording=wording,
                    state_named=state_named,
                    incident_title=incident_title,
                    incident_types=tuple(incident_types or ()),
                ),
                by=by,
            )
        else:
            record = toolbox.responses.draft(statement_id, by=by)
    if json_output:
        print_json(response_record_to_dict(record))
        return
    print_response(record)


def _read_value(statement: Statement, field: str) -> str:
    reading = statement.reading
    if field == "date":
        return reading.date.value.isoformat() if reading.date else "none"
    issuer = reading.issuer
    return issuer.kind.value + (f" ({issuer.name})" if issuer.name else "")


def _ids(items: tuple[Named, ...]) -> str:
    return ", ".join(item.id for item in items) or "none"


def _print_reading(reading: StatementReading) -> None:
    issuer = reading.issuer
    lines = [
        ("Date", reading.date.value.isoformat() if reading.date else "unknown"),
        ("Language", reading.language or "unknown"),
        ("Issuer", f"{issuer.kind.value}" + (f" ({issuer.name})" if issuer.name else "")),
        ("Instrument", reading.instrument.id),
        ("Incidents", _ids(reading.incidents)),
        ("Actors", _ids(reading.actors)),
        (
            "Held responsible",
            "; ".join(
                f"{item.state or item.actor} ({item.strength.value})"
                + (f", actor {item.actor}" if item.state and item.actor else "")
                for item in reading.attributions
            )
            or "none",
        ),
        ("Target countries", _ids(reading.targets.countries)),
        ("Target sectors", _ids(reading.targets.sectors)),
        ("Norms", _ids(reading.norms)),
        ("Law", _ids(reading.law)),
        (
            "Measures",
            "; ".join(
                measure.kind.value
                + (f" {measure.subject}" if measure.subject else "")
                + (f" until {measure.until.isoformat()}" if measure.until else "")
                for measure in reading.measures
            )
            or "none",
        ),
    ]
    if reading.aligned:
        lines.append(("Aligned", _ids(reading.aligned)))
    for label, value in lines:
        out_console.print(f"{label + ':':<18} {escape(value)}")
