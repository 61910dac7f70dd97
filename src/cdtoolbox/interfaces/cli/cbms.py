"""`cdt cbms …`: confidence-building measures and who implements them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cdtoolbox.interfaces.cli.context import acting_user, open_toolbox, out_console, print_json
from cdtoolbox.interfaces.cli.counts import counted
from cdtoolbox.interfaces.cli.option_values import ClassificationOption
from cdtoolbox.model.cooperation_codec import implementation_to_dict

__all__ = ["app"]

app = typer.Typer(
    help=(
        "Confidence-building measures (OSCE, ASEAN Regional Forum, OAS/CICTE, UN) and the "
        "implementation tracker: each State's status per measure, with evidence and history."
    ),
    no_args_is_help=True,
)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")
]
FrameworkOption = Annotated[
    str | None, typer.Option("--framework", help="Only one framework: osce, arf, oas or un.")
]


@app.command("list")
def list_command(
    ctx: typer.Context, framework: FrameworkOption = None, json_output: JsonOption = False
) -> None:
    """List the measures with their number, title and sources; unconfirmed wording is marked."""
    with open_toolbox(ctx) as toolbox:
        measures = toolbox.cbms.measures(framework, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(
            {
                "items": [
                    {
                        "id": m.id,
                        "framework": m.framework,
                        "number": m.number,
                        "title": m.title,
                        "summary": m.summary,
                        "adopted_by": m.adopted_by,
                        "adopted_on": m.adopted_on.isoformat() if m.adopted_on else None,
                        "sources": list(m.sources),
                        "status": m.status.value,
                        "confirmed": m.confirmed,
                    }
                    for m in measures
                ],
                "total": len(measures),
            }
        )
        return
    table = Table("Measure", "Title", "Adopted by", "Checked")
    for measure in measures:
        checked = measure.status.value if measure.confirmed else "UNCONFIRMED"
        table.add_row(measure.id, escape(measure.title), escape(measure.adopted_by), checked)
    out_console.print(table)
    out_console.print(f"{counted(len(measures), 'measure')}.")


@app.command("status")
def status_command(
    ctx: typer.Context,
    state: Annotated[str, typer.Argument(metavar="STATE", help="ISO code or country name.")],
    json_output: JsonOption = False,
) -> None:
    """A State's status for every measure of its frameworks and the UN's global CBMs."""
    with open_toolbox(ctx) as toolbox:
        implementation = toolbox.cbms.status(state, by=acting_user(ctx, toolbox))
    if json_output:
        print_json(
            {
                "state": implementation.state,
                "frameworks": list(implementation.frameworks),
                "measures": [
                    {"measure_id": m, "status": implementation.status_of(m).value}
                    for m in implementation.measure_ids
                ],
                "records": [implementation_to_dict(r) for r in implementation.records],
            }
        )
        return
    table = Table("Measure", "Status", "Evidence", "Recorded by")
    for measure_id in implementation.measure_ids:
        record = implementation.record_of(measure_id)
        evidence = record.evidence if record else None
        table.add_row(
            measure_id,
            implementation.status_of(measure_id).value,
            escape(f"{evidence.document}, {evidence.dated}") if evidence else "",
            escape(record.recorded_by) if record else "",
        )
    out_console.print(table)
    out_console.print(
        f"{implementation.state}: {len(implementation.records):,} of "
        f"{counted(len(implementation.measure_ids), 'measure')} recorded."
    )


@app.command("record")
def record_command(
    ctx: typer.Context,
    state: Annotated[str, typer.Argument(metavar="STATE", help="ISO code or country name.")],
    measure: Annotated[
        str, typer.Argument(metavar="MEASURE", help="The measure's id, e.g. OSCE-CBM-8.")
    ],
    status: Annotated[
        str,
        typer.Option("--status", help="not-reported, planned, partial or implemented."),
    ],
    evidence: Annotated[
        str | None,
        typer.Option("--evidence", help="The document that shows it (needs --date)."),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="The document's date, YYYY-MM-DD.")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="Where the document is published.")
    ] = None,
    tlp: Annotated[str, typer.Option("--tlp", help="The record's TLP marking.")] = "clear",
    note: Annotated[str | None, typer.Option("--note", help="A remark.")] = None,
    classification: ClassificationOption = None,
    expected_version: Annotated[
        int | None,
        typer.Option(
            "--expected-version",
            help="Refuse the change (exit 1) if someone changed the record since this version.",
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Record a State's implementation of a measure; kept in its history and the audit trail.

    Exit status 2, with nothing written, for an unknown State or measure, a State outside the
    measure's framework, a status outside the list or a malformed date.
    """
    with open_toolbox(ctx) as toolbox:
        record = toolbox.cbms.record(
            state,
            measure,
            status=status,
            evidence=evidence,
            evidence_date=date,
            evidence_url=url,
            tlp=tlp,
            note=note,
            expected_version=expected_version,
            classification=classification,
            by=acting_user(ctx, toolbox),
        )
    if json_output:
        print_json(implementation_to_dict(record))
        return
    out_console.print(
        f"Recorded {record.state} {record.measure_id}: {record.status.value} "
        f"(version {record.version})."
    )


@app.command("history")
def history_command(
    ctx: typer.Context,
    state: Annotated[str, typer.Argument(metavar="STATE", help="ISO code or country name.")],
    measure: Annotated[
        str | None, typer.Option("--measure", help="Only one measure, e.g. OSCE-CBM-8.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Every version recorded for a State (and one measure), oldest first."""
    with open_toolbox(ctx) as toolbox:
        records = toolbox.cbms.history(state, measure, by=acting_user(ctx, toolbox))
    if json_output:
        print_json({"items": [implementation_to_dict(r) for r in records], "total": len(records)})
        return
    table = Table("When", "Measure", "Status", "By", "Version")
    for record in records:
        table.add_row(
            record.recorded_at.isoformat(),
            record.measure_id,
            record.status.value,
            escape(record.recorded_by),
            str(record.version),
        )
    out_console.print(table)


@app.command("export")
def export_command(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the CSV to this file instead of stdout."),
    ] = None,
    framework: FrameworkOption = None,
) -> None:
    """Export the implementation records you may read as CSV, one row per State and measure."""
    with open_toolbox(ctx) as toolbox:
        text = toolbox.cbms.export_csv(framework, by=acting_user(ctx, toolbox))
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
