"""`cdt incidents …`: list, show, add, edit, import and export incidents."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cdtoolbox.interfaces.cli.collector import collector_paused
from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted, shown_line
from cdtoolbox.interfaces.cli.filter_options import (
    NO_FILTERS,
    FilterValues,
    incident_filter_options,
)
from cdtoolbox.interfaces.cli.rendering import incident_table, incident_view
from cdtoolbox.interfaces.cli.sign_option import SignOption, open_signing_key, report_signature
from cdtoolbox.model import Incident, IncidentSort, IncidentType
from cdtoolbox.model.access import User
from cdtoolbox.model.codec import incident_to_dict

if TYPE_CHECKING:
    from cdtoolbox.toolbox import ImportReport, Toolbox

__all__ = ["app"]

app = typer.Typer(help="Malicious cyber activities: incidents and campaigns.", no_args_is_help=True)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]


def _actor_names(toolbox: Toolbox, incidents: list[Incident], reader: User) -> dict[str, str]:
    return toolbox.actors.names(
        {actor for incident in incidents for actor in incident.actor_ids}, by=reader
    )


def _incident_json(incident: Incident, names: dict[str, str]) -> dict[str, object]:
    document = incident_to_dict(incident)
    document["actors"] = [
        {"id": actor, "name": names.get(actor, actor)} for actor in incident.actor_ids
    ]
    return document


@app.command("list")
@incident_filter_options
def list_command(
    ctx: typer.Context,
    filters: FilterValues = NO_FILTERS,
    sort: Annotated[
        IncidentSort, typer.Option("--sort", help="Sort order.")
    ] = IncidentSort.START_DESC,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Page size.")] = 50,
    cursor: Annotated[
        str | None, typer.Option("--cursor", help="Continue after a page (its next_cursor).")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """List incidents matching all given filters, newest first."""
    with open_toolbox(ctx) as toolbox:
        query = toolbox.incidents.filter_from(filters, by=acting_user(ctx, toolbox))
        page = toolbox.incidents.list(
            query, sort=sort, limit=limit, cursor=cursor, by=acting_user(ctx, toolbox)
        )
        items = list(page.items)
        names = _actor_names(toolbox, items, acting_user(ctx, toolbox))
    if json_output:
        print_json(
            {
                "items": [_incident_json(incident, names) for incident in items],
                "next_cursor": page.next_cursor,
                "total": page.total,
            }
        )
        return
    if not items:
        out_console.print("No incident matches these filters.")
        return
    out_console.print(incident_table(items, names, toolbox.knowledge))
    out_console.print(shown_line(len(items), page.total, "incident"))
    if page.next_cursor:
        out_console.print(f"More: add --cursor {page.next_cursor}")


@app.command("show")
def show_command(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="ID", help="Incident id or slug.")],
    json_output: JsonOption = False,
) -> None:
    """Show one incident: facts, impact, attributions and sources."""
    with open_toolbox(ctx) as toolbox:
        incident = toolbox.incidents.get(key, by=acting_user(ctx, toolbox))
        names = _actor_names(toolbox, [incident], acting_user(ctx, toolbox))
        # Only the JSON document carries the linked incidents: the text view does not read them.
        linked = (
            toolbox.observables.linked(incident.id, by=acting_user(ctx, toolbox))
            if json_output
            else ()
        )
    if json_output:
        from cdtoolbox.model.observable_codec import linked_to_dict

        print_json(
            {
                **_incident_json(incident, names),
                "linked_incidents": [linked_to_dict(item) for item in linked],
            }
        )
    else:
        out_console.print(incident_view(incident, names, toolbox.knowledge))


def _document_from_options(
    *,
    title: str | None,
    summary: str | None,
    start: str | None,
    end: str | None,
    kind: list[str] | None,
    victim_country: list[str] | None,
    sector: list[str] | None,
    actor: list[str] | None,
    tlp: str | None,
    status: str | None,
    source_title: str | None,
    source_url: str | None,
    disclosed: str | None = None,
) -> dict[str, object]:
    """The incident-file keys corresponding to the options that were given."""
    document: dict[str, object] = {}
    for key, value in (
        ("title", title),
        ("summary", summary),
        ("start", start),
        ("end", end),
        ("disclosed", disclosed),
        ("types", kind),
        ("actors", actor),
        ("tlp", tlp),
        ("status", status),
    ):
        if value is not None:
            document[key] = value
    victims: dict[str, object] = {}
    if victim_country is not None:
        victims["countries"] = victim_country
    if sector is not None:
        victims["sectors"] = sector
    if victims:
        document["victims"] = victims
    if source_title or source_url:
        document["sources"] = [{"title": source_title or source_url, "url": source_url}]
    return document


def _report_created(report: ImportReport, json_output: bool) -> None:
    if json_output:
        print_json({"source": report.source, "created": [i.id for i in report.created]})
        return
    for incident in report.created:
        out_console.print(f"Added {incident.slug}  ({incident.id})")
    out_console.print(f"{counted(len(report.created), 'incident')} added from {report.source}.")


Title = Annotated[str | None, typer.Option("--title", help="Short title.")]
Summary = Annotated[str | None, typer.Option("--summary", help="Factual summary.")]
Start = Annotated[
    str | None,
    typer.Option("--start", help="Start: YYYY, YYYY-MM or YYYY-MM-DD (omit when unknown)."),
]
End = Annotated[str | None, typer.Option("--end", help="End: YYYY, YYYY-MM or YYYY-MM-DD.")]
Tlp = Annotated[str | None, typer.Option("--tlp", help="TLP marking (default clear).")]
Status = Annotated[str | None, typer.Option("--status", help="draft or confirmed.")]
SourceTitle = Annotated[str | None, typer.Option("--source-title", help="Title of a source.")]
SourceUrl = Annotated[str | None, typer.Option("--source-url", help="Address of a source.")]
# The incident's own fields, named as the filters that select on them.
Types = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        help="Incident type (repeatable): " + ", ".join(kind.value for kind in IncidentType) + ".",
    ),
]
Countries = Annotated[
    list[str] | None,
    typer.Option("--victim-country", help="Victim country, ISO code or name (repeatable)."),
]
Sectors = Annotated[
    list[str] | None, typer.Option("--sector", help="Victim sector id or name (repeatable).")
]
Actors = Annotated[
    list[str] | None,
    typer.Option("--actor", help="Threat actor, by any name or alias (repeatable)."),
]


@app.command("add")
def add_command(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="JSON or YAML incident file (one incident or a list)."),
    ] = None,
    title: Title = None,
    summary: Summary = None,
    start: Start = None,
    end: End = None,
    disclosed: Annotated[
        str | None,
        typer.Option(
            "--disclosed",
            help="When it became public: YYYY, YYYY-MM or YYYY-MM-DD (enough when the start "
            "is unknown).",
        ),
    ] = None,
    kind: Types = None,
    victim_country: Countries = None,
    sector: Sectors = None,
    actor: Actors = None,
    tlp: Tlp = None,
    status: Status = None,
    source_title: SourceTitle = None,
    source_url: SourceUrl = None,
    json_output: JsonOption = False,
) -> None:
    """Add incidents from a file (--file) or one incident from options. All or nothing."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox:
        if file is not None:
            # A file of thousands of incidents: as for a bundle, the cyclic collector would
            # walk its young objects over and over, for no cycle (a fifth of the import).
            with collector_paused():
                report = toolbox.incidents.import_file(file, by=acting_user(ctx, toolbox))
        else:
            document = _document_from_options(
                title=title,
                summary=summary,
                start=start,
                end=end,
                disclosed=disclosed,
                kind=kind,
                victim_country=victim_country,
                sector=sector,
                actor=actor,
                tlp=tlp,
                status=status,
                source_title=source_title,
                source_url=source_url,
            )
            report = toolbox.incidents.add(
                [document], source="command line", by=acting_user(ctx, toolbox)
            )
    _report_created(report, json_output)


@app.command("edit")
def edit_command(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="ID", help="Incident id or slug.")],
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="JSON or YAML file with the fields to change."),
    ] = None,
    expected_version: Annotated[
        int | None,
        typer.Option(
            "--expected-version",
            help="Refuse the edit if the stored incident is no longer at this version.",
        ),
    ] = None,
    title: Title = None,
    summary: Summary = None,
    start: Start = None,
    end: End = None,
    kind: Types = None,
    victim_country: Countries = None,
    sector: Sectors = None,
    actor: Actors = None,
    tlp: Tlp = None,
    status: Status = None,
    json_output: JsonOption = False,
) -> None:
    """Change fields of an incident; the stored version goes up by one."""
    changes = _document_from_options(
        title=title,
        summary=summary,
        start=start,
        end=end,
        kind=kind,
        victim_country=victim_country,
        sector=sector,
        actor=actor,
        tlp=tlp,
        status=status,
        source_title=None,
        source_url=None,
    )
    with open_toolbox(ctx) as toolbox:
        if file is not None:
            changes = {**toolbox.incidents.read_changes(file), **changes}
        incident = toolbox.incidents.edit(
            key, changes, expected_version=expected_version, by=acting_user(ctx, toolbox)
        )
        names = _actor_names(toolbox, [incident], acting_user(ctx, toolbox))
    if json_output:
        print_json(_incident_json(incident, names))
    else:
        out_console.print(f"Saved {incident.slug} as version {incident.version}.")


@app.command("import-csv")
def import_csv_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV file, one incident per row (header required).")],
    json_output: JsonOption = False,
) -> None:
    """Import incidents from CSV. Any bad row refuses the whole file; nothing is written."""
    with open_toolbox(ctx, json_errors=json_output) as toolbox, collector_paused():
        report = toolbox.incidents.import_csv(file, by=acting_user(ctx, toolbox))
    _report_created(report, json_output)


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


@app.command("export")
@incident_filter_options
def export_command(
    ctx: typer.Context,
    export_format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="csv: the columns `import-csv` reads (one row per incident, first source "
            "only); json: an incident file `add --file` reads, every field kept.",
        ),
    ] = ExportFormat.CSV,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    filters: FilterValues = NO_FILTERS,
    sort: Annotated[
        IncidentSort, typer.Option("--sort", help="Sort order.")
    ] = IncidentSort.START_DESC,
    sign: SignOption = None,
) -> None:
    """Export the incidents matching all given filters (as in `list`), every page of them, as
    CSV or as an incident file; what is above your clearance is left out."""
    with open_toolbox(ctx) as toolbox:
        signing_key = open_signing_key(toolbox, sign, output)
        by = acting_user(ctx, toolbox)
        query = toolbox.incidents.filter_from(filters, by=by)
        if export_format is ExportFormat.CSV:
            chunks = toolbox.incidents.export_csv(query, sort=sort, by=by)
        else:
            chunks = toolbox.incidents.export_json(query, sort=sort, by=by)
        if output is None:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk.encode("utf-8"))
            sys.stdout.buffer.flush()
        else:
            # newline="": the CSV writer ends rows with CRLF itself, as spreadsheets expect.
            with output.open("w", encoding="utf-8", newline="") as out:
                out.writelines(chunks)
            report_signature(toolbox, output, signing_key)
